//! A small set for a record's IPs and countries: most records have one or two of each, seen on
//! many events. A `BTreeSet` allocated a node per record and side and searched it on every
//! event, then moved and freed it at each merge (issue #19).

/// Values in a vector: a repeat of the last value added is never stored; other repeats wait
/// until the vector has doubled since it was last sorted, then are dropped, so a value costs
/// a logarithmic share of a sort however many events repeat it, and the vector holds at most
/// about twice the distinct values.
#[derive(Debug, Clone)]
pub(super) struct SmallSet<T> {
    values: Vec<T>,
    /// How many leading values are sorted and distinct.
    sorted: usize,
}

/// Below this many values the set is not compacted.
const MIN_COMPACT: usize = 16;

impl<T: Ord> SmallSet<T> {
    /// An empty set.
    pub(super) fn new() -> Self {
        Self {
            values: Vec::new(),
            sorted: 0,
        }
    }

    /// Whether `v` was the last value added (a cheap check before making a value to add).
    pub(super) fn is_last<Q>(&self, v: &Q) -> bool
    where
        T: std::borrow::Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.values.last().is_some_and(|l| l.borrow() == v)
    }

    /// Adds `v`.
    pub(super) fn insert(&mut self, v: T) {
        if self.is_last(&v) {
            return;
        }
        self.values.push(v);
        if self.values.len() >= MIN_COMPACT.max(2 * self.sorted) {
            self.compact();
        }
    }

    /// Adds every value of `other`.
    pub(super) fn extend(&mut self, other: Self) {
        if self.values.is_empty() {
            *self = other;
            return;
        }
        for v in other.values {
            self.insert(v);
        }
    }

    /// Sorts and drops repeats.
    pub(super) fn compact(&mut self) {
        self.values.sort_unstable();
        self.values.dedup();
        self.sorted = self.values.len();
    }

    /// The distinct values, sorted.
    pub(super) fn into_sorted(mut self) -> Vec<T> {
        self.compact();
        self.values
    }
}

#[cfg(test)]
mod tests {
    use super::SmallSet;
    use std::collections::BTreeSet;

    #[test]
    fn holds_what_a_btreeset_holds() {
        // Repeats next to each other, far apart, and values past several compactions.
        let mut seq: Vec<u32> = Vec::new();
        for i in 0..400u32 {
            seq.push(i % 37);
            seq.push(i % 37);
            seq.push((i * 7919) % 101);
        }
        let mut s = SmallSet::new();
        let mut b = BTreeSet::new();
        let mut halves = (SmallSet::new(), SmallSet::new());
        for (n, v) in seq.iter().enumerate() {
            s.insert(*v);
            b.insert(*v);
            if n % 2 == 0 {
                halves.0.insert(*v);
            } else {
                halves.1.insert(*v);
            }
            assert!(s.values.len() <= 2 * b.len() + 16);
        }
        let want: Vec<u32> = b.into_iter().collect();
        halves.0.extend(halves.1);
        assert_eq!(halves.0.into_sorted(), want);
        assert!(s.is_last(seq.last().unwrap()));
        s.compact();
        assert_eq!(s.values, want);
        assert_eq!(s.into_sorted(), want);
    }
}
