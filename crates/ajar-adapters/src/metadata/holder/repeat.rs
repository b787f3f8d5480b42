//! The field permissions of a holder file that repeats a holder an earlier file defined (the
//! same profile in another package folder, or in another snapshot of the tree). They are only
//! merged into the earlier holder, where most of their fields already are: they are kept as
//! their names in one string and their flags, and a `String` name and a `Span` are made only
//! for a field the earlier files did not list.

use ajar_model::org::{FieldPerm, HolderKind};
use ajar_model::span::Span;
use std::collections::BTreeMap;

/// Which files repeat a holder of an earlier file, in the order of `files`.
pub(crate) fn repeats(files: &[super::super::walk::File]) -> Vec<bool> {
    let mut seen = std::collections::HashSet::new();
    files
        .iter()
        .map(|f| match f.kind {
            super::super::walk::Kind::Holder(kind) => !seen.insert((kind, f.name.as_str())),
            _ => false,
        })
        .collect()
}

/// The `fieldPermissions` of one repeating file.
#[derive(Debug)]
pub(crate) struct RepeatFields {
    pub(crate) kind: HolderKind,
    pub(crate) name: String,
    /// The file, relative to the root.
    file: String,
    /// Every field name, one after another.
    keys: String,
    /// Sorted by name, the last of equal names kept (as a map built from them keeps it).
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    start: usize,
    end: usize,
    readable: bool,
    editable: bool,
    line: u64,
}

impl RepeatFields {
    /// None yet, for the holder `name` of `kind` read from `file`.
    pub(crate) fn new(kind: HolderKind, name: &str, file: &str) -> Self {
        Self {
            kind,
            name: name.to_owned(),
            file: file.to_owned(),
            keys: String::new(),
            entries: Vec::new(),
        }
    }

    /// Whether the file had none.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// One `fieldPermissions` element, in document order.
    pub(crate) fn push(&mut self, field: &str, readable: bool, editable: bool, line: u64) {
        let start = self.keys.len();
        self.keys.push_str(field);
        self.entries.push(Entry {
            start,
            end: self.keys.len(),
            readable,
            editable,
            line,
        });
    }

    /// Sorts by name (stable) and keeps the last of equal names, once all are pushed.
    pub(crate) fn finish(&mut self) {
        let keys = &self.keys;
        let key = |e: &Entry| keys.get(e.start..e.end).unwrap_or_default();
        self.entries.sort_by(|a, b| key(a).cmp(key(b)));
        let mut kept: Vec<Entry> = Vec::with_capacity(self.entries.len());
        for e in self.entries.drain(..) {
            match kept.last_mut() {
                Some(last) if key(last) == key(&e) => *last = e,
                _ => kept.push(e),
            }
        }
        self.entries = kept;
    }

    fn key(&self, e: &Entry) -> &str {
        self.keys.get(e.start..e.end).unwrap_or_default()
    }

    /// Adds the fields to `into` as [`super::union`] adds a holder's field map: the flags of a
    /// field already there are ORed in, a new one comes with this file's span.
    pub(crate) fn add_to(&self, into: &mut BTreeMap<String, FieldPerm>) {
        let mut missing = Vec::new();
        let mut mine = into.iter_mut().peekable();
        for e in &self.entries {
            let k = self.key(e);
            while mine.next_if(|(m, _)| m.as_str() < k).is_some() {}
            match mine.peek_mut() {
                Some((m, v)) if m.as_str() == k => {
                    v.readable |= e.readable;
                    v.editable |= e.editable;
                }
                _ => missing.push(e),
            }
        }
        for e in missing {
            let v = into
                .entry(self.key(e).to_owned())
                .or_insert_with(|| FieldPerm {
                    span: Span::new(self.file.as_str(), e.line),
                    ..FieldPerm::default()
                });
            v.readable |= e.readable;
            v.editable |= e.editable;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn perm(readable: bool, editable: bool, file: &str, line: u64) -> FieldPerm {
        FieldPerm {
            readable,
            editable,
            span: Span::new(file, line),
        }
    }

    /// The same as a map built from the file's fields (the last of equal names wins) merged
    /// with `union`.
    #[test]
    fn adds_like_a_map_of_the_file_merged() {
        let mut r = RepeatFields::new(HolderKind::Profile, "P", "b.profile");
        r.push("B.y", true, false, 5);
        r.push("A.x", false, false, 3);
        r.push("B.y", false, true, 7);
        r.push("C.z", true, true, 9);
        r.push("A.x", true, false, 11);
        r.finish();
        let mut into: BTreeMap<String, FieldPerm> = [
            ("A.x".to_owned(), perm(false, true, "a.profile", 2)),
            ("B.z".to_owned(), perm(true, false, "a.profile", 4)),
        ]
        .into_iter()
        .collect();
        r.add_to(&mut into);
        let want: BTreeMap<String, FieldPerm> = [
            ("A.x".to_owned(), perm(true, true, "a.profile", 2)),
            ("B.y".to_owned(), perm(false, true, "b.profile", 7)),
            ("B.z".to_owned(), perm(true, false, "a.profile", 4)),
            ("C.z".to_owned(), perm(true, true, "b.profile", 9)),
        ]
        .into_iter()
        .collect();
        assert_eq!(into, want);
    }
}
