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
    /// Held inline (country codes are short): no allocation per record and task, and no far
    /// read when two tasks' records are merged (issue #19).
    pub(super) countries: SmallSet<compact_str::CompactString>,
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

/// [`merge_side`] for the boxed attempts.
pub(super) fn merge_boxed_side(mine: &mut Option<Box<Side>>, other: Option<Box<Side>>) {
    match (mine.as_mut(), other) {
        (Some(m), Some(o)) => m.merge(*o),
        (None, Some(o)) => *mine = Some(o),
        (_, None) => {}
    }
}

/// A record's reads and attempts. The attempts are boxed: few records have any, and a state
/// half the size is half the bytes to move when a task's records are merged into the total
/// (issue #19). Its object follows from its ID and is named at the end: a name copied for
/// every record of every task was an allocation each, and a far read at every merge.
#[derive(Debug)]
pub(super) struct RecAcc {
    pub(super) read: Option<Side>,
    pub(super) attempt: Option<Box<Side>>,
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::{RecAcc, Records, Side};
    use crate::forensics::aggregate::set::SmallSet;
    use ajar_model::event::PrincipalClass;
    use ajar_model::sfid::SfId;

    fn id(n: u32) -> SfId {
        SfId::parse(&format!("001000000{n:06}")).unwrap()
    }

    /// Records `ids`, each record's event count naming the hunt that saw it first.
    fn hunt(name: u64, ids: &[u32]) -> Records {
        let mut r = Records::default();
        for n in ids {
            r.get_or_insert_with(id(*n), || RecAcc {
                read: Some(Side {
                    principal: PrincipalClass::Guest,
                    first: jiff::Timestamp::UNIX_EPOCH,
                    last: jiff::Timestamp::UNIX_EPOCH,
                    events: name,
                    ips: SmallSet::new(),
                    countries: SmallSet::new(),
                }),
                attempt: None,
            })
            .unwrap();
        }
        r
    }

    fn events(r: &RecAcc) -> u64 {
        r.read.as_ref().map_or(0, |s| s.events)
    }

    #[test]
    fn a_record_is_kept_once_whichever_side_is_larger() {
        let mut seen = hunt(1, &[1, 2, 2, 3]);
        assert_eq!(seen.len(), 3);
        // The state is found again, not made twice.
        let again = seen.get_or_insert_with(id(2), || unreachable!()).unwrap();
        assert_eq!(events(again), 1);
        for (small_first, mut total) in [(true, hunt(1, &[1])), (false, seen)] {
            let other = hunt(2, &[3, 4, 5, 6]);
            let mut folded = Vec::new();
            total.merge(other, |mine, theirs| {
                folded.push((events(mine), events(&theirs)));
            });
            let mut ids: Vec<SfId> = total.into_states().into_iter().map(|(i, _)| i).collect();
            ids.sort();
            if small_first {
                assert_eq!(ids, [1, 3, 4, 5, 6].map(id));
                assert!(folded.is_empty());
            } else {
                assert_eq!(ids, [1, 2, 3, 4, 5, 6].map(id));
                // The larger side (the four records of hunt 2) was kept and hunt 1's three
                // folded into it.
                assert_eq!(folded, [(2, 1)]);
            }
        }
    }
}
