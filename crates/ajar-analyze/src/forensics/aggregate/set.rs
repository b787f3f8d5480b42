//! A small set for a record's IPs and countries: most records have one or two of each, seen on
//! many events. A `BTreeSet` allocated a node per record and side and searched it on every
//! event, then moved and freed it at each merge (issue #19).

/// Values in a vector: a repeat of the last value added is never stored; other repeats wait
/// until the vector has doubled since it was last sorted, then are dropped, so a value costs
/// a logarithmic share of a sort however many events repeat it, and the vector holds at most
/// about twice the distinct values. The first value is held inline: most sets hold one value,
/// which then takes no allocation when added, and no look-up in memory elsewhere (nor a free)
/// when two hunts are merged (issue #19).
#[derive(Debug, Clone)]
pub(super) struct SmallSet<T> {
    /// The first value added (`None`: the set is empty, and so is `rest`).
    first: Option<T>,
    /// The values added after it (some may repeat it or each other).
    rest: Vec<T>,
    /// How many leading values of `rest` are sorted and distinct.
    sorted: usize,
}

/// Below this many values the set is not compacted.
const MIN_COMPACT: usize = 16;

impl<T: Ord> SmallSet<T> {
    /// An empty set.
    pub(super) fn new() -> Self {
        Self {
            first: None,
            rest: Vec::new(),
            sorted: 0,
        }
    }

    /// Whether `v` was the last value added (a cheap check before making a value to add).
    pub(super) fn is_last<Q>(&self, v: &Q) -> bool
    where
        T: std::borrow::Borrow<Q>,
        Q: Ord + ?Sized,
    {
        match self.rest.last() {
            Some(l) => l.borrow() == v,
            None => self.first.as_ref().is_some_and(|f| f.borrow() == v),
        }
    }

    /// Adds `v`.
    pub(super) fn insert(&mut self, v: T) {
        if self.first.is_none() {
            self.first = Some(v);
            return;
        }
        if self.is_last(&v) {
            return;
        }
        self.rest.push(v);
        if self.rest.len() >= MIN_COMPACT.max(2 * self.sorted) {
            self.compact();
        }
    }

    /// Adds every value of `other`.
    pub(super) fn extend(&mut self, other: Self) {
        if self.first.is_none() {
            *self = other;
            return;
        }
        for v in other.first.into_iter().chain(other.rest) {
            self.insert(v);
        }
    }

    /// Sorts the values after the first and drops their repeats.
    fn compact(&mut self) {
        self.rest.sort_unstable();
        self.rest.dedup();
        self.sorted = self.rest.len();
    }

    /// The distinct values, sorted, copied (the report's records are built from a borrowed
    /// list, issue #19).
    pub(super) fn to_sorted(&self) -> Vec<T>
    where
        T: Clone,
    {
        let mut values = Vec::with_capacity(self.rest.len() + 1);
        values.extend(self.first.iter().cloned());
        values.extend(self.rest.iter().cloned());
        values.sort_unstable();
        values.dedup();
        values
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
            assert!(s.rest.len() < 2 * b.len() + 16);
        }
        let want: Vec<u32> = b.into_iter().collect();
        halves.0.extend(halves.1);
        assert_eq!(halves.0.to_sorted(), want);
        assert!(s.is_last(seq.last().unwrap()));
        assert_eq!(s.to_sorted(), want);
        s.compact();
        assert_eq!(s.to_sorted(), want);
        // One value, held inline; a repeat of it is not stored.
        let mut one = SmallSet::new();
        one.insert(7u32);
        one.insert(7);
        assert!(one.is_last(&7) && one.rest.is_empty());
        let mut other = SmallSet::new();
        other.insert(3u32);
        one.extend(other);
        assert!(one.is_last(&3));
        assert_eq!(one.to_sorted(), vec![3, 7]);
        assert!(SmallSet::<u32>::new().to_sorted().is_empty());
    }
}
