//! The login and session keys that join events to the actor, found without holding the events
//! (issue #19). Holding every keyed event of an evidence type until the end, to follow the keys
//! from there, grew with the logs (3.4 GB for 1.3 GB of logs); the keys alone are a few per
//! session.
//!
//! A hunt with indicators reads the logs twice. The first pass links the keys that one event
//! carries together (its login key and its session key) and marks the keys of events that match
//! an indicator; [`ActorKeys::reached`] is then every key linked, through any chain of events,
//! to a marked one. The second pass keeps the events that match an indicator or carry a
//! reached key ([`Indicators::joins`]): exactly the events that following the keys from the
//! matching events reaches, so [`super::select`] on them gives what it gave on every event.

use super::{EVIDENCE_TYPES, Indicators, keys};
use ajar_model::event::AccessEvent;
use std::collections::{HashMap, HashSet};

/// The two kinds of key, as [`keys`] names them.
const KINDS: [&str; 2] = ["login_key", "session_key"];

/// Keys linked by the events that carry them, and which of them an indicator's event carries.
#[derive(Debug, Default)]
pub struct ActorKeys {
    /// Each key's number, per kind (as in [`KINDS`]).
    ids: [HashMap<String, usize>; 2],
    /// The keys as a forest: each key's parent (a root is its own).
    parent: Vec<usize>,
    /// Whether an event that matches an indicator carries the key.
    marked: Vec<bool>,
    /// Whether any event matched an indicator (with keys or not).
    matched: bool,
}

/// The keys reached from the events that match an indicator.
#[derive(Debug, Default)]
pub struct ReachedKeys {
    keys: [HashSet<String>; 2],
    matched: bool,
}

impl ReachedKeys {
    /// Whether no event matched an indicator: then none joins the actor, and the second pass
    /// has nothing to find.
    pub fn none_matched(&self) -> bool {
        !self.matched
    }

    /// Whether `key` of `kind` (`login_key`, `session_key`) is reached.
    pub fn contains(&self, kind: &str, key: &str) -> bool {
        KINDS
            .iter()
            .position(|k| *k == kind)
            .and_then(|i| self.keys.get(i))
            .is_some_and(|s| s.contains(key))
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        self.keys.iter().map(HashSet::len).sum()
    }

    /// Whether none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl ActorKeys {
    /// Takes in an event (one the actor's analysis would keep: it matches an indicator, or it is
    /// of an evidence type and carries a key).
    pub fn observe(&mut self, ind: &Indicators, ev: &AccessEvent) {
        let matched = ind.matches(ev).is_some();
        if !matched && !keyed_evidence(ev) {
            return;
        }
        self.matched |= matched;
        let mut first = None;
        for (kind, key) in keys(ev) {
            let Some(id) = self.id(kind, key) else {
                continue;
            };
            if matched && let Some(m) = self.marked.get_mut(id) {
                *m = true;
            }
            match first {
                Some(f) => self.union(f, id),
                None => first = Some(id),
            }
        }
    }

    /// The number of `key`, made when new.
    fn id(&mut self, kind: &str, key: &str) -> Option<usize> {
        let map = self.ids.get_mut(KINDS.iter().position(|k| *k == kind)?)?;
        if let Some(&id) = map.get(key) {
            return Some(id);
        }
        let id = self.parent.len();
        map.insert(key.to_owned(), id);
        self.parent.push(id);
        self.marked.push(false);
        Some(id)
    }

    fn root(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.parent.get(x) {
            if p == x {
                break;
            }
            // Path halving: each visited key points to its grandparent.
            let grand = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(x) {
                *slot = grand;
            }
            x = grand;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb
            && let Some(slot) = self.parent.get_mut(rb)
        {
            *slot = ra;
        }
    }

    /// Adds another task's keys and links.
    pub fn merge(&mut self, mut other: ActorKeys) {
        self.matched |= other.matched;
        let n = other.parent.len();
        let roots: Vec<usize> = (0..n).map(|i| other.root(i)).collect();
        let mut mine = vec![0; n];
        for (kind, map) in KINDS.iter().zip(std::mem::take(&mut other.ids)) {
            for (key, i) in map {
                if let (Some(slot), Some(id)) = (mine.get_mut(i), self.id(kind, &key)) {
                    *slot = id;
                }
            }
        }
        for (i, root) in roots.into_iter().enumerate() {
            let (Some(&a), Some(&b)) = (mine.get(i), mine.get(root)) else {
                continue;
            };
            self.union(a, b);
            if other.marked.get(i).copied().unwrap_or(false)
                && let Some(m) = self.marked.get_mut(a)
            {
                *m = true;
            }
        }
    }

    /// Every key linked to a marked one.
    pub fn reached(mut self) -> ReachedKeys {
        let n = self.parent.len();
        let mut marked_root = vec![false; n];
        for i in 0..n {
            if self.marked.get(i).copied().unwrap_or(false) {
                let r = self.root(i);
                if let Some(m) = marked_root.get_mut(r) {
                    *m = true;
                }
            }
        }
        let mut out = ReachedKeys {
            matched: self.matched,
            ..ReachedKeys::default()
        };
        for (k, map) in std::mem::take(&mut self.ids).into_iter().enumerate() {
            for (key, i) in map {
                let r = self.root(i);
                if marked_root.get(r).copied().unwrap_or(false)
                    && let Some(set) = out.keys.get_mut(k)
                {
                    set.insert(key);
                }
            }
        }
        out
    }
}

/// Whether `ev` is of an evidence type and carries a key.
fn keyed_evidence(ev: &AccessEvent) -> bool {
    EVIDENCE_TYPES.contains(&ev.event_type.as_str())
        && ev
            .api
            .as_deref()
            .is_some_and(|a| a.login_key.is_some() || a.session_key.is_some())
}

impl Indicators {
    /// Whether `ev` joins the actor: it matches an indicator, or it is of an evidence type and
    /// carries a key in `reached`.
    pub fn joins(&self, ev: &AccessEvent, reached: &ReachedKeys) -> bool {
        self.matches(ev).is_some()
            || (keyed_evidence(ev) && keys(ev).iter().any(|(k, v)| reached.contains(k, v)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
    use super::super::tests::ev;
    use super::super::{Indicators, select};
    use super::{ActorKeys, keyed_evidence};
    use ajar_model::actor::{Indicator, IndicatorKind};
    use ajar_model::event::{AccessEvent, ApiDetail};
    use proptest::prelude::*;
    use std::collections::HashMap;

    const TYPES: [&str; 4] = ["Login", "RestApi", "ApiEvent", "URI"];
    const IPS: [&str; 3] = ["208.68.36.90", "52.1.1.1", "44.215.108.109"];

    /// Event `n` of type `t`, from IP `ip`, with login key `L{l}` and session key `S{s}`.
    fn event(n: usize, t: usize, ip: usize, l: Option<u8>, s: Option<u8>) -> AccessEvent {
        let time = jiff::Timestamp::from_second(1_754_640_000 + n as i64 * 60).unwrap();
        let keys = ApiDetail {
            login_key: l.map(|k| format!("L{k}")),
            session_key: s.map(|k| format!("S{k}")),
            ..ApiDetail::default()
        };
        let mut e = ev(&time.to_string(), TYPES[t], n as u64 + 2, IPS[ip], keys);
        e.user_id = None;
        e
    }

    /// An indicator of the first IP, given where it came from.
    fn first_ip(origin: &str) -> Indicators {
        let ip = Indicator {
            kind: IndicatorKind::Ip,
            value: IPS[0].into(),
            source: None,
            origin: origin.into(),
        };
        Indicators::new(vec![ip], &HashMap::new())
    }

    proptest! {
        /// Keeping the events that join the reached keys, then following the keys, names the
        /// same events for the same reasons as following them over every event held: whatever
        /// the events, and however they are shared out between tasks.
        #[test]
        fn two_passes_select_what_one_did(rows in proptest::collection::vec(
            (0..4usize, 0..3usize, proptest::option::of(0..4u8), proptest::option::of(0..4u8), 0..3usize),
            0..40,
        )) {
            let ind = first_ip("iocs.csv:2");
            let events: Vec<(AccessEvent, usize)> = rows
                .iter()
                .enumerate()
                .map(|(n, &(t, ip, l, s, unit))| (event(n, t, ip, l, s), unit))
                .collect();
            // Before: every event that matches or carries a key of an evidence type, held.
            let held: Vec<AccessEvent> = events
                .iter()
                .filter(|(e, _)| ind.matches(e).is_some() || keyed_evidence(e))
                .map(|(e, _)| e.clone())
                .collect();
            let want = select(&ind, held);
            // Now: each task's keys, merged in task order; then the events that join them.
            let mut total = ActorKeys::default();
            for unit in 0..3 {
                let mut keys = ActorKeys::default();
                for (e, _) in events.iter().filter(|(_, u)| *u == unit) {
                    keys.observe(&ind, e);
                }
                total.merge(keys);
            }
            let reached = total.reached();
            let kept: Vec<AccessEvent> = events
                .iter()
                .filter(|(e, _)| ind.joins(e, &reached))
                .map(|(e, _)| e.clone())
                .collect();
            prop_assert_eq!(select(&ind, kept), want);
        }
    }

    #[test]
    fn keys_reach_through_other_keys_only() {
        let ind = first_ip("--actor");
        let mut keys = ActorKeys::default();
        // Matched: L1 marked. L1 with S1, S1 with L2: both reached. L0 with S0: not.
        for e in [
            event(0, 0, 0, Some(1), None),
            event(1, 1, 1, Some(1), Some(1)),
            event(2, 2, 2, Some(2), Some(1)),
            event(3, 1, 1, Some(0), Some(0)),
            // Not an evidence type: links nothing.
            event(4, 3, 1, Some(0), Some(1)),
        ] {
            keys.observe(&ind, &e);
        }
        let reached = keys.reached();
        assert_eq!(reached.len(), 3);
        assert!(reached.contains("login_key", "L1") && reached.contains("login_key", "L2"));
        assert!(reached.contains("session_key", "S1"));
        assert!(!reached.contains("login_key", "L0") && !reached.contains("session_key", "S0"));
        assert!(!reached.none_matched());
        // Keys but no match: nothing reached, and the second pass can be skipped.
        let mut keys = ActorKeys::default();
        keys.observe(&ind, &event(0, 1, 1, Some(1), Some(1)));
        let mut other = ActorKeys::default();
        other.observe(&ind, &event(1, 3, 0, None, None));
        let reached = keys.reached();
        assert!(reached.none_matched() && reached.is_empty());
        // A match without keys counts once merged.
        let mut keys = ActorKeys::default();
        keys.observe(&ind, &event(0, 1, 1, Some(1), Some(1)));
        keys.merge(other);
        assert!(!keys.reached().none_matched());
    }
}
