//! Events seen by every task of a hunt: the same event read from two files (a CSV and its
//! JSON-lines conversion, a weekly file beside its daily files) is counted once (issue #15).

use ajar_model::event::{AccessEvent, PrincipalClass};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// The identities of the events counted so far, shared by the tasks of one hunt.
#[derive(Debug, Default)]
pub struct SeenEvents(Mutex<HashSet<u64, foldhash::fast::FixedState>>);

impl SeenEvents {
    /// None seen yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether an event with this identity was counted before; records it otherwise. An event
    /// without a request ID has no identity and is never taken for another. Only outsiders'
    /// events are held (guest, external, or not `wanted` yet: it may be a guest's): they are
    /// what an incident counts, and holding every internal event would grow with the logs.
    pub(super) fn repeats(&self, ev: &AccessEvent, wanted: bool) -> bool {
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
        match self.0.lock() {
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
