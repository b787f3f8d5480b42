//! The events behind one finding ([`Trail`]): bounded, and the same whatever order the
//! parallel tasks' trails are merged in.

use super::{Detection, Obs};
use ajar_model::detection::HuntFinding;
use ajar_model::finding::Severity;
use ajar_model::span::Span;
use std::net::IpAddr;

/// How many evidence positions a finding keeps.
const EVIDENCE: usize = 5;
/// How many IPs and sessions a finding lists.
const LISTED: usize = 50;

/// Distinct values in ascending order, in a vector: the few values of a trail's list take a
/// small allocation, where a `BTreeSet` took a node of eleven slots. A detection may keep a
/// trail per API session, and orgs log hundreds of thousands of sessions (issue #19).
#[derive(Debug, Clone)]
pub(crate) struct Sorted<T>(Vec<T>);

impl<T> Default for Sorted<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: Ord> Sorted<T> {
    /// How many values.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// The values, ascending.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    /// The largest value.
    pub(crate) fn last(&self) -> Option<&T> {
        self.0.last()
    }

    /// Whether `v` is held. The lists are short (a few values, at most 50 but at the end): a
    /// scan from the start, as a B-tree node is searched, not a binary search, whose branches
    /// the processor cannot foresee (it made a guest hunt 4 % slower).
    pub(crate) fn contains<Q: Ord + ?Sized>(&self, v: &Q) -> bool
    where
        T: std::borrow::Borrow<Q>,
    {
        self.0
            .iter()
            .find(|x| x.borrow() >= v)
            .is_some_and(|x| x.borrow() == v)
    }

    /// Adds `v` (nothing when held already).
    pub(crate) fn insert(&mut self, v: T) {
        let at = self.0.iter().position(|x| *x >= v).unwrap_or(self.0.len());
        if self.0.get(at) != Some(&v) {
            self.0.insert(at, v);
        }
    }

    /// Drops the largest value.
    pub(crate) fn pop_last(&mut self) {
        self.0.pop();
    }

    /// Adds every value of `more`.
    pub(crate) fn extend(&mut self, more: impl IntoIterator<Item = T>) {
        for v in more {
            self.insert(v);
        }
    }

    /// Adds `more` and keeps the `n` smallest: the same values whatever order trails are
    /// merged in.
    pub(crate) fn extend_capped(&mut self, more: Sorted<T>, n: usize) {
        self.0.extend(more.0);
        self.0.sort_unstable();
        self.0.dedup();
        self.0.truncate(n);
    }
}

impl<T> IntoIterator for Sorted<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The events behind one finding: when, where in the files, from which IPs and sessions.
/// Bounded: the first [`EVIDENCE`] positions in time order, at most [`LISTED`] IPs and
/// sessions; merging two gives the same result in any order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Trail {
    pub(crate) first: Option<jiff::Timestamp>,
    pub(crate) last: Option<jiff::Timestamp>,
    pub(crate) events: u64,
    spans: Sorted<(jiff::Timestamp, Span)>,
    pub(crate) ips: Sorted<IpAddr>,
    pub(crate) sessions: Sorted<String>,
}

impl Trail {
    /// One event at `t`, logged at `span`.
    pub(crate) fn at(&mut self, t: jiff::Timestamp, span: &Span) {
        self.first = Some(self.first.map_or(t, |f| f.min(t)));
        self.last = Some(self.last.map_or(t, |l| l.max(t)));
        self.events += 1;
        if self.spans.len() < EVIDENCE || self.spans.last().is_some_and(|(l, _)| t < *l) {
            self.spans.insert((t, span.clone()));
            if self.spans.len() > EVIDENCE {
                self.spans.pop_last();
            }
        }
    }

    /// One event.
    pub(crate) fn add(&mut self, o: &Obs<'_>) {
        self.at(o.ev.time, &o.ev.source);
        if let Some(ip) = o.ev.ip
            && (self.ips.len() < LISTED || self.ips.contains(&ip))
        {
            self.ips.insert(ip);
            if self.ips.len() > LISTED {
                self.ips.pop_last();
            }
        }
        // A session past the last of a full list would be dropped again at once: not copied.
        if let Some(s) = o.session()
            && (self.sessions.len() < LISTED
                || self.sessions.last().is_some_and(|l| s < l.as_str()))
            && !self.sessions.contains(s)
        {
            self.sessions.insert(s.to_string());
            if self.sessions.len() > LISTED {
                self.sessions.pop_last();
            }
        }
    }

    pub(crate) fn merge(&mut self, o: Trail) {
        self.first = match (self.first, o.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last = self.last.max(o.last);
        self.events += o.events;
        self.spans.extend_capped(o.spans, EVIDENCE);
        self.ips.extend_capped(o.ips, LISTED);
        self.sessions.extend_capped(o.sessions, LISTED);
    }

    /// A finding of `d` over these events; `None` when there were none.
    pub(crate) fn finding(
        &self,
        d: &dyn Detection,
        severity: Severity,
        message: String,
        user: Option<String>,
        (confirm, dismiss): (&str, &str),
    ) -> Option<HuntFinding> {
        let mut ioc: Vec<String> = self
            .ips
            .iter()
            .map(|ip| format!("ip,{ip},{}", d.code()))
            .collect();
        ioc.extend(
            self.sessions
                .iter()
                .map(|s| format!("login_key,{s},{}", d.code())),
        );
        if let Some(u) = &user {
            ioc.push(format!("user,{u},{}", d.code()));
        }
        Some(HuntFinding {
            severity,
            code: d.code().to_string(),
            message,
            user,
            ips: self.ips.iter().copied().collect(),
            sessions: self.sessions.iter().cloned().collect(),
            first: self.first?,
            last: self.last?,
            evidence: self.spans.iter().map(|(_, s)| s.clone()).collect(),
            confirm: confirm.to_string(),
            dismiss: dismiss.to_string(),
            ioc,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::Sorted;
    use std::collections::BTreeSet;

    proptest::proptest! {
        /// Inserting, dropping the largest, merging with a cap: what a `BTreeSet` holds.
        #[test]
        fn holds_what_a_btreeset_holds(
            ops in proptest::collection::vec((0..4u8, 0..20u8), 0..60),
            other in proptest::collection::vec(0..20u8, 0..20),
            cap in 0..12usize,
        ) {
            let (mut s, mut b) = (Sorted::default(), BTreeSet::new());
            for (op, v) in ops {
                match op {
                    0 | 1 => {
                        s.insert(v);
                        b.insert(v);
                    }
                    2 => {
                        s.pop_last();
                        b.pop_last();
                    }
                    _ => proptest::prop_assert_eq!(s.contains(&v), b.contains(&v)),
                }
                proptest::prop_assert_eq!(s.len(), b.len());
                proptest::prop_assert_eq!(s.last(), b.last());
            }
            let mut o = Sorted::default();
            o.extend(other.iter().copied());
            b.extend(other.iter().copied());
            let mut capped = b.clone();
            while capped.len() > cap {
                capped.pop_last();
            }
            let mut merged = s.clone();
            merged.extend_capped(o, cap);
            proptest::prop_assert_eq!(merged.into_iter().collect::<Vec<_>>(), capped.into_iter().collect::<Vec<_>>());
        }
    }
}
