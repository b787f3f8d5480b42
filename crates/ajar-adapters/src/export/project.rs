//! Holding only the columns a reader needs (issue #19): an exposed object's rows keep the values
//! the analysis reads (criteria, owner, creation time, a person's name and contacts) and, for the
//! other readable fields, only whether they hold a value.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

/// What a column held only as present or absent reads when the export holds a (non-blank)
/// value there; a blank value reads as empty.
pub const PRESENT: &str = "*";

/// Which columns of one object's CSV to hold. A column named in neither set is left out of the
/// table (`Table::columns` lists only the columns held); `Id` is always held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnPlan {
    /// Columns whose values are held as exported (API names, any case).
    pub values: BTreeSet<String>,
    /// Columns of which only whether they hold a value is needed: held as [`PRESENT`] when the
    /// value is not blank, else as empty (API names, any case).
    pub presence: BTreeSet<String>,
}

impl ColumnPlan {
    fn has(set: &BTreeSet<String>, column: &str) -> bool {
        set.iter().any(|c| c.eq_ignore_ascii_case(column))
    }
}

/// How one file's columns map to the columns held.
#[derive(Debug)]
pub(super) struct Projector {
    /// Held columns in header order: the index in the file and whether only presence is held.
    keep: Vec<(usize, bool)>,
    /// Columns not held as values (left out or presence only), by lower-case name: their values
    /// go into the row's digest.
    rest: Vec<(String, usize)>,
}

impl Projector {
    /// The projection of `columns` (the file's header) under `plan`; also the columns held.
    pub(super) fn new(columns: &[String], plan: &ColumnPlan) -> (Self, Vec<String>) {
        let mut keep = Vec::new();
        let mut rest = Vec::new();
        let mut held = Vec::new();
        for (i, c) in columns.iter().enumerate() {
            let value = c.eq_ignore_ascii_case("Id") || ColumnPlan::has(&plan.values, c);
            if value {
                keep.push((i, false));
                held.push(c.clone());
                continue;
            }
            if ColumnPlan::has(&plan.presence, c) {
                keep.push((i, true));
                held.push(c.clone());
            }
            rest.push((c.to_ascii_lowercase(), i));
        }
        rest.sort();
        (Self { keep, rest }, held)
    }

    /// Writes the held values of a row (its values' end offsets `ends` in `text`) into
    /// `out`/`out_ends`; returns the digest of the values not held as they are: each non-blank
    /// one with its column's lower-case name, in name order, so that rows read under different
    /// column orders compare as the full rows would.
    pub(super) fn project(
        &self,
        text: &str,
        ends: &[u32],
        out: &mut String,
        out_ends: &mut Vec<u32>,
    ) -> u64 {
        let value = |i: usize| -> &str {
            let end = ends.get(i).map_or(0, |&e| e as usize);
            let start = i
                .checked_sub(1)
                .and_then(|p| ends.get(p))
                .map_or(0, |&e| e as usize);
            text.get(start..end).unwrap_or_default()
        };
        out.clear();
        out_ends.clear();
        for &(i, presence) in &self.keep {
            let v = value(i);
            if !presence {
                out.push_str(v);
            } else if !v.trim().is_empty() {
                out.push_str(PRESENT);
            }
            // The held text is never longer than the row read, whose offsets fit `u32`.
            out_ends.push(u32::try_from(out.len()).unwrap_or(u32::MAX));
        }
        let mut h = super::stream::hasher();
        for (name, i) in &self.rest {
            let v = value(*i);
            if !v.is_empty() {
                name.hash(&mut h);
                v.hash(&mut h);
            }
        }
        h.finish()
    }
}
