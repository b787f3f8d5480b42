//! Runs numbered jobs on every core and hands their results over in job order, holding at most
//! a few results at a time: the merge of a hunt's per-file states stays sequential (so the
//! result does not depend on scheduling) and its memory does not grow with the number of
//! files.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};

/// Runs `work(0..n)` on `threads` threads, at most `threads * 2` jobs ahead of the oldest
/// unconsumed result, and calls `take` with each result in order. Stops at the first error
/// `take` returns.
pub(crate) fn run<T, E, W, C>(n: usize, threads: usize, work: W, mut take: C) -> Result<(), E>
where
    T: Send,
    W: Fn(usize) -> T + Sync,
    C: FnMut(T) -> Result<(), E>,
{
    let threads = threads.clamp(1, n.max(1));
    let window = threads * 2;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many results `take` has consumed.
    let taken = Mutex::new(0usize);
    let moved = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, taken, moved, work) = (&next, &stop, &taken, &moved, &work);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        return;
                    }
                    let mut t = taken.lock().unwrap_or_else(PoisonError::into_inner);
                    while i >= *t + window && !stop.load(Ordering::SeqCst) {
                        t = moved.wait(t).unwrap_or_else(PoisonError::into_inner);
                    }
                    drop(t);
                    if stop.load(Ordering::SeqCst) || tx.send((i, work(i))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut done = 0;
        let result = (|| {
            for (i, r) in &rx {
                waiting.insert(i, r);
                while let Some(r) = waiting.remove(&done) {
                    take(r)?;
                    done += 1;
                    *taken.lock().unwrap_or_else(PoisonError::into_inner) = done;
                    moved.notify_all();
                }
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::SeqCst);
            let _guard = taken.lock().unwrap_or_else(PoisonError::into_inner);
            moved.notify_all();
        }
        drop(rx);
        result
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::run;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_arrive_in_order_whatever_the_timing() {
        let mut got = Vec::new();
        run::<_, (), _, _>(
            50,
            4,
            |i| {
                // Early jobs are the slow ones.
                std::thread::sleep(std::time::Duration::from_micros(((50 - i) * 100) as u64));
                i
            },
            |i| {
                got.push(i);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(got, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn never_more_than_the_window_ahead() {
        let started = AtomicUsize::new(0);
        let mut seen = 0;
        run::<_, (), _, _>(
            40,
            3,
            |i| {
                started.fetch_max(i, Ordering::SeqCst);
                i
            },
            |i| {
                // Job i + 6 cannot have started before result i is taken.
                assert!(started.load(Ordering::SeqCst) <= i + 5);
                seen += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, 40);
    }

    #[test]
    fn the_first_error_stops_the_run() {
        let ran = AtomicUsize::new(0);
        let r = run(
            1000,
            2,
            |i| {
                ran.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| if i == 3 { Err(i) } else { Ok(()) },
        );
        assert_eq!(r, Err(3));
        assert!(ran.load(Ordering::SeqCst) < 20);
    }

    #[test]
    fn no_jobs() {
        run::<usize, (), _, _>(0, 2, |i| i, |_| panic!("no result expected")).unwrap();
    }
}
