//! Events seen by every task of a hunt: the same event read from two files (a CSV and its
//! JSON-lines conversion, a weekly file beside its daily files) is counted once (issue #15).
//!
//! The identities are held in one set per event type and UTC day (an event's identity includes
//! both, so a repeat always lands in the same set): a task reading one file mostly touches one
//! small set that stays in the processor's cache, where one set of every outsider event of the
//! hunt missed the cache on nearly every look-up (a tenth of a hunt's time, issue #19).

use ajar_model::event::{AccessEvent, PrincipalClass};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

/// One event type and day's identities.
type Shard = Arc<Mutex<HashSet<u64, foldhash::fast::FixedState>>>;

/// The identities of the events counted so far, shared by the tasks of one hunt, by event type
/// and UTC day (days since 1970-01-01).
#[derive(Debug, Default)]
pub struct SeenEvents(Mutex<HashMap<(String, i64), Shard>>);

/// A task's last-used set of [`SeenEvents`], so that consecutive events of one type and day
/// take no look-up in the shared map.
#[derive(Debug, Default)]
pub(super) struct ShardCache {
    key: Option<(String, i64)>,
    shard: Shard,
}

impl ShardCache {
    /// The set of `event_type` on `day`, created when new.
    fn get(&mut self, seen: &SeenEvents, event_type: &str, day: i64) -> Option<&Shard> {
        let hit = self
            .key
            .as_ref()
            .is_some_and(|(t, d)| *d == day && t == event_type);
        if !hit {
            let key = (event_type.to_owned(), day);
            let shard = Arc::clone(seen.0.lock().ok()?.entry(key.clone()).or_default());
            self.key = Some(key);
            self.shard = shard;
        }
        Some(&self.shard)
    }
}

impl SeenEvents {
    /// None seen yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether an event with this identity was counted before; records it otherwise. An event
    /// without a request ID has no identity and is never taken for another. Only outsiders'
    /// events are held (guest, external, or not `wanted` yet: it may be a guest's): they are
    /// what an incident counts, and holding every internal event would grow with the logs.
    /// `cache` is the calling task's own.
    pub(super) fn repeats(&self, cache: &mut ShardCache, ev: &AccessEvent, wanted: bool) -> bool {
        let outsider = matches!(
            ev.principal,
            PrincipalClass::Guest | PrincipalClass::External
        );
        if wanted && !outsider {
            return false;
        }
        let Some(id) = identity(ev) else {
            return false;
        };
        let day = ev.time.as_millisecond().div_euclid(super::DAY_MS);
        let Some(shard) = cache.get(self, &ev.event_type, day) else {
            // A task panicked while holding the lock: count rather than drop.
            return false;
        };
        match shard.lock() {
            Ok(mut set) => !set.insert(id),
            // A task panicked while holding the lock: count rather than drop.
            Err(_) => false,
        }
    }
}

/// What an event is, whatever file or format it was read from: its type, request ID and time
/// (formats.md §2.1) and every normalised value, never the file it came from.
fn identity(ev: &AccessEvent) -> Option<u64> {
    let request = ev.request_id.as_deref().filter(|r| !r.is_empty())?;
    // A fixed-seed fast hash: the same event gives the same identity in every task and run.
    let mut h = std::hash::BuildHasher::build_hasher(&foldhash::fast::FixedState::with_seed(0));
    (
        &ev.event_type,
        request,
        ev.time,
        ev.principal,
        &ev.user_id,
        ev.ip,
        ev.outcome,
        &ev.record_ids,
        &ev.uri,
        &ev.session_key,
        &ev.user_agent,
        &ev.actions,
    )
        .hash(&mut h);
    Some(h.finish())
}
