//! A set of row indices as bits: one bit a row of the table rather than a tree node per
//! exposed row (issue #19: ten million exposed rows fit in 1.2 MB, not 120).

/// Row indices of one table, iterated in ascending order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct RowSet {
    words: Vec<u64>,
    len: usize,
}

impl RowSet {
    /// Adds row `i`; returns whether it was new.
    pub(super) fn insert(&mut self, i: usize) -> bool {
        let (w, bit) = (i / 64, 1u64 << (i % 64));
        if self.words.len() <= w {
            self.words.resize(w + 1, 0);
        }
        match self.words.get_mut(w) {
            Some(word) if *word & bit == 0 => {
                *word |= bit;
                self.len += 1;
                true
            }
            _ => false,
        }
    }

    /// Whether row `i` is in the set.
    pub(super) fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    /// How many rows.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The rows, ascending.
    pub(super) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let b = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(w * 64 + b)
            })
        })
    }
}

impl Extend<usize> for RowSet {
    fn extend<I: IntoIterator<Item = usize>>(&mut self, rows: I) {
        for i in rows {
            self.insert(i);
        }
    }
}

impl FromIterator<usize> for RowSet {
    fn from_iter<I: IntoIterator<Item = usize>>(rows: I) -> Self {
        let mut s = Self::default();
        s.extend(rows);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_ascending_once_each() {
        let mut s: RowSet = [130, 3, 64, 3, 0, 63].into_iter().collect();
        assert_eq!(s.len(), 5);
        assert_eq!(s.iter().collect::<Vec<_>>(), [0, 3, 63, 64, 130]);
        assert!(!s.insert(64));
        assert!(s.contains(63) && s.contains(130) && !s.contains(1) && !s.contains(1000));
        s.extend(0..3);
        assert_eq!(s.iter().collect::<Vec<_>>(), [0, 1, 2, 3, 63, 64, 130]);
        assert_eq!(s.len(), 7);
    }
}
