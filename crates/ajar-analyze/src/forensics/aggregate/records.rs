//! The records a hunt counted, by ID: a small index (ID → position) over a vector of their
//! states. A map holding the states themselves (about 260 bytes an entry) moved every entry
//! each time it grew, and merging a task's map into the total probed entries scattered over
//! a large table, a cache miss per record (issue #19). The index's entries are 32 bytes, the
//! states stay where they were first put, and a task's states are read in order when merged.

use super::RowMap;
use super::set::SmallSet;
use ajar_model::event::PrincipalClass;
use ajar_model::sfid::SfId;
use std::collections::hash_map::Entry;
use std::net::IpAddr;

/// One side of a record's events: its reads, or its attempts. A record that was read is
/// reported with its reads only (where it was read from, how often), an attempted one with
/// its attempts.
#[derive(Debug)]
pub(super) struct Side {
    pub(super) principal: PrincipalClass,
    pub(super) first: jiff::Timestamp,
    pub(super) last: jiff::Timestamp,
    pub(super) events: u64,
    pub(super) ips: SmallSet<IpAddr>,
    pub(super) countries: SmallSet<String>,
}

impl Side {
    fn merge(&mut self, o: Side) {
        self.principal = self.principal.min(o.principal);
        self.first = self.first.min(o.first);
        self.last = self.last.max(o.last);
        self.events += o.events;
        self.ips.extend(o.ips);
        self.countries.extend(o.countries);
    }
}

/// Folds one side of a record into the same side of another.
pub(super) fn merge_side(mine: &mut Option<Side>, other: Option<Side>) {
    match (mine.as_mut(), other) {
        (Some(m), Some(o)) => m.merge(o),
        (None, Some(o)) => *mine = Some(o),
        (_, None) => {}
    }
}

/// A record's reads and attempts, and its object when known.
#[derive(Debug)]
pub(super) struct RecAcc {
    pub(super) object: Option<String>,
    pub(super) read: Option<Side>,
    pub(super) attempt: Option<Side>,
}

/// Each record's state, in the order first seen, and where to find it by ID.
#[derive(Debug, Default)]
pub(super) struct Records {
    index: RowMap<SfId, usize>,
    states: Vec<(SfId, RecAcc)>,
}

impl Records {
    /// How many records.
    pub(super) fn len(&self) -> usize {
        self.states.len()
    }

    /// The state of record `id`, made by `new` when the record is new. Always `Some` (the index
    /// only holds positions of the vector).
    pub(super) fn get_or_insert_with(
        &mut self,
        id: SfId,
        new: impl FnOnce() -> RecAcc,
    ) -> Option<&mut RecAcc> {
        let n = self.states.len();
        let at = *self.index.entry(id).or_insert(n);
        if at == n {
            self.states.push((id, new()));
        }
        self.states.get_mut(at).map(|(_, r)| r)
    }

    /// Adds `other`'s records: a record both hold is folded by `fold` (which must not depend on
    /// which side is which: the larger of the two is kept and the smaller added to it).
    pub(super) fn merge(&mut self, mut other: Records, mut fold: impl FnMut(&mut RecAcc, RecAcc)) {
        if other.states.len() > self.states.len() {
            std::mem::swap(self, &mut other);
        }
        for (id, r) in other.states {
            let n = self.states.len();
            match self.index.entry(id) {
                Entry::Vacant(v) => {
                    v.insert(n);
                    self.states.push((id, r));
                }
                Entry::Occupied(o) => {
                    if let Some((_, mine)) = self.states.get_mut(*o.get()) {
                        fold(mine, r);
                    }
                }
            }
        }
    }

    /// The records and their states, in no particular order.
    pub(super) fn into_states(self) -> Vec<(SfId, RecAcc)> {
        self.states
    }
}
