//! Records from a Salesforce Data Export.

use crate::sfid::SfId;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One exported record: its object, ID and every exported column (API name → value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Object API name (the CSV's file stem).
    pub object: String,
    /// The record ID.
    pub id: SfId,
    /// Column API name → value, as exported. Empty values are kept as empty strings.
    pub fields: BTreeMap<String, String>,
    /// Where the row is (file and record number).
    pub source: Span,
}

impl Record {
    /// A field's value, matching the API name case-insensitively as the export header may
    /// differ in case from the metadata.
    pub fn get(&self, field: &str) -> Option<&str> {
        if let Some(v) = self.fields.get(field) {
            return Some(v);
        }
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(field))
            .map(|(_, v)| v.as_str())
    }
}

/// One exported object as a table: the header once, then one row per record. This is how the
/// export is held in memory (a [`Record`] per row would repeat every column name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Object API name (the CSV's file stem).
    pub object: String,
    /// Column API names, as in the header.
    pub columns: Vec<String>,
    /// Rows, in file order, one per distinct `Id`.
    pub rows: Vec<Row>,
    /// Files the rows came from (relative to the export root, `zip name/entry` inside zips).
    pub files: Vec<String>,
    /// Rows that could not be read as the header says (issue #15), in file order: kept or
    /// dropped as [`RowProblemKind`] says, never silently.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<RowProblem>,
}

/// A row of an export file that is not what its header says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The row's `Id`.
    pub id: SfId,
    /// Where it is.
    pub source: Span,
    /// What is wrong.
    pub kind: RowProblemKind,
}

/// What is wrong with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowProblemKind {
    /// More or fewer fields than the header: kept (missing values read as empty), but its
    /// values may be shifted or cut, so no criterion can be trusted on it.
    Misaligned,
    /// The `Id` of an earlier row again, with other values: the later row is dropped (one row
    /// per record), and whatever person it held may be missed.
    DuplicateId,
}

/// One exported row. Its values' end offsets and the values themselves are held in one
/// buffer, one allocation per row rather than one per value, the offsets in two bytes each
/// when the row is under 64 KiB: an export of millions of rows stays near its CSV size in
/// memory. The file's name is shared by every row of the file, not copied into each (issue #19).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RowRepr", into = "RowRepr")]
pub struct Row {
    /// The record ID.
    pub id: SfId,
    /// `n` end offsets (`u16` or, when [`WIDE`], `u32`, little-endian), then the values' text,
    /// then (when [`DIGEST`]) the 8-byte digest of [`Row::digest`].
    data: Box<[u8]>,
    n: u32,
    /// [`WIDE`]: offsets in 4 bytes; [`DIGEST`]: the data ends with an 8-byte digest.
    flags: u8,
    file: Arc<str>,
    line: u64,
}

/// [`Row::flags`]: the offsets take 4 bytes each.
const WIDE: u8 = 1;
/// [`Row::flags`]: the row ends with a digest of the values it does not hold.
const DIGEST: u8 = 2;

/// A [`Row`] as serialised: its values' text, their end offsets and its source.
#[derive(Serialize, Deserialize)]
struct RowRepr {
    id: SfId,
    text: Box<str>,
    ends: Box<[u32]>,
    source: Span,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    digest: Option<u64>,
}

impl From<RowRepr> for Row {
    fn from(r: RowRepr) -> Self {
        let file = Arc::from(r.source.file);
        Self::from_slices(r.id, &r.text, &r.ends, file, r.source.line, r.digest)
    }
}

impl From<Row> for RowRepr {
    fn from(r: Row) -> Self {
        let source = r.source();
        // The values of a row already fit its offsets: packing them again cannot fail.
        let (text, ends) = pack(r.values()).unwrap_or_default();
        Self {
            id: r.id,
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
            source,
            digest: r.digest(),
        }
    }
}

/// Values concatenated, with each one's end offset.
fn pack<S: AsRef<str>>(
    values: impl IntoIterator<Item = S>,
) -> Result<(String, Vec<u32>), RowTooLarge> {
    let mut text = String::new();
    let mut ends = Vec::new();
    for v in values {
        text.push_str(v.as_ref());
        ends.push(u32::try_from(text.len()).map_err(|_| RowTooLarge)?);
    }
    Ok((text, ends))
}

/// A row whose values add up to 4 GiB or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowTooLarge;

impl Row {
    /// A row from its values in column order.
    pub fn new<S: AsRef<str>>(
        id: SfId,
        values: impl IntoIterator<Item = S>,
        source: Span,
    ) -> Result<Self, RowTooLarge> {
        let (text, ends) = pack(values)?;
        Ok(Self::from_parts(
            id,
            text,
            ends,
            Arc::from(source.file),
            source.line,
        ))
    }

    /// A row from its values concatenated and each value's end offset in `text` (offsets must
    /// be non-decreasing char boundaries; a value past an out-of-range offset reads as empty),
    /// with its file (shared by the file's rows) and its row number there.
    pub fn from_parts(id: SfId, text: String, ends: Vec<u32>, file: Arc<str>, line: u64) -> Self {
        Self::from_slices(id, &text, &ends, file, line, None)
    }

    /// As [`Row::from_parts`], from borrowed buffers (a reader reuses them from row to row),
    /// with a `digest` of values the row leaves out, when it is a projection of a wider row
    /// (issue #19: [`Row::digest`]).
    pub fn from_slices(
        id: SfId,
        text: &str,
        ends: &[u32],
        file: Arc<str>,
        line: u64,
        digest: Option<u64>,
    ) -> Self {
        let wide = ends.iter().any(|&e| e > u32::from(u16::MAX));
        let width = if wide { 4 } else { 2 };
        let tail = if digest.is_some() { 8 } else { 0 };
        let mut data = Vec::with_capacity(ends.len() * width + text.len() + tail);
        for e in ends {
            if wide {
                data.extend_from_slice(&e.to_le_bytes());
            } else {
                data.extend_from_slice(&u16::try_from(*e).unwrap_or(u16::MAX).to_le_bytes());
            }
        }
        data.extend_from_slice(text.as_bytes());
        if let Some(d) = digest {
            data.extend_from_slice(&d.to_le_bytes());
        }
        Self {
            id,
            data: data.into_boxed_slice(),
            n: u32::try_from(ends.len()).unwrap_or(u32::MAX),
            flags: if wide { WIDE } else { 0 } | if digest.is_some() { DIGEST } else { 0 },
            file,
            line,
        }
    }

    /// A digest of the values a projected row does not hold (columns left out or held only as
    /// present/absent), so two projections of rows with the same `Id` can still be told apart
    /// when the values they leave out differ; `None` for a row that holds every value.
    pub fn digest(&self) -> Option<u64> {
        if self.flags & DIGEST == 0 {
            return None;
        }
        let at = self.data.len().checked_sub(8)?;
        let b: [u8; 8] = self.data.get(at..)?.try_into().ok()?;
        Some(u64::from_le_bytes(b))
    }

    /// The same values in another order (`values`), from the same place as `self`.
    pub fn with_values<S: AsRef<str>>(
        &self,
        values: impl IntoIterator<Item = S>,
    ) -> Result<Self, RowTooLarge> {
        let (text, ends) = pack(values)?;
        let file = Arc::clone(&self.file);
        Ok(Self::from_slices(
            self.id,
            &text,
            &ends,
            file,
            self.line,
            self.digest(),
        ))
    }

    /// The row's number in its file (the header is row 1).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Where the row is: its file and row number.
    pub fn source(&self) -> Span {
        Span::new(&*self.file, self.line)
    }

    fn width(&self) -> usize {
        if self.flags & WIDE != 0 { 4 } else { 2 }
    }

    /// The end offset of value `i`, when there is one.
    fn end(&self, i: usize) -> Option<usize> {
        if i >= self.len() {
            return None;
        }
        let w = self.width();
        let b = self.data.get(i * w..i * w + w)?;
        Some(match *b {
            [a, b] => usize::from(u16::from_le_bytes([a, b])),
            [a, b, c, d] => u32::from_le_bytes([a, b, c, d]) as usize,
            _ => 0,
        })
    }

    /// The value in column `i`; `None` past the last column.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = self.end(i)?;
        let start = match i.checked_sub(1) {
            Some(p) => self.end(p).unwrap_or(0),
            None => 0,
        };
        let text = self
            .data
            .get(self.len() * self.width()..)
            .unwrap_or_default();
        // Written from `&str`s cut at char boundaries: the check never fails on a value.
        Some(
            text.get(start..end)
                .and_then(|v| std::str::from_utf8(v).ok())
                .unwrap_or_default(),
        )
    }

    /// The values in column order.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.n as usize
    }

    /// Whether the row holds no value.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }
}

impl Table {
    /// The index of a column, matching API names case-insensitively (formats.md §2.8).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name).or_else(|| {
            self.columns
                .iter()
                .position(|c| c.eq_ignore_ascii_case(name))
        })
    }

    /// A row's value in a column, by name.
    pub fn value<'a>(&self, row: &'a Row, name: &str) -> Option<&'a str> {
        self.column(name).and_then(|i| row.get(i))
    }

    /// A row as a [`Record`].
    pub fn record(&self, row: &Row) -> Record {
        Record {
            object: self.object.clone(),
            id: row.id,
            fields: self
                .columns
                .iter()
                .cloned()
                .zip(row.values().map(str::to_owned))
                .collect(),
            source: row.source(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn a_row_gives_back_each_value_empty_ones_included() {
        let id = SfId::parse("a0B5g000001AbCdEAK").unwrap();
        let r = Row::new(
            id,
            ["a0B5g000001AbCdEAK", "", "山田 太郎", ""],
            Span::new("A.csv", 2),
        )
        .unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(r.get(0), Some("a0B5g000001AbCdEAK"));
        assert_eq!(r.get(1), Some(""));
        assert_eq!(r.get(2), Some("山田 太郎"));
        assert_eq!(r.get(3), Some(""));
        assert_eq!(r.get(4), None);
        assert_eq!(
            r.values().collect::<Vec<_>>(),
            ["a0B5g000001AbCdEAK", "", "山田 太郎", ""]
        );
        let t = Table {
            object: "A".into(),
            columns: vec!["Id".into(), "X".into(), "Name".into(), "Y".into()],
            rows: vec![r.clone()],
            files: vec!["A.csv".into()],
            problems: Vec::new(),
        };
        assert_eq!(t.value(&r, "name"), Some("山田 太郎"));
        assert_eq!(t.record(&r).get("Name"), Some("山田 太郎"));
    }

    #[test]
    fn a_row_over_64_kib_keeps_its_offsets_and_round_trips() {
        let id = SfId::parse("a0B5g000001AbCdEAK").unwrap();
        let long = "表".repeat(30_000);
        let r = Row::new(id, ["x", long.as_str(), "", "y"], Span::new("A.csv", 9)).unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(r.get(1), Some(long.as_str()));
        assert_eq!(r.get(3), Some("y"));
        assert_eq!(r.get(4), None);
        assert_eq!(r.source(), Span::new("A.csv", 9));
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Row>(&json).unwrap(), r);
        let moved = r.with_values(["y", "x"]).unwrap();
        assert_eq!(moved.values().collect::<Vec<_>>(), ["y", "x"]);
        assert_eq!(moved.source(), r.source());
        assert_eq!(r.digest(), None);
    }

    #[test]
    fn a_projected_row_keeps_its_digest_apart_from_its_values() {
        let id = SfId::parse("a0B5g000001AbCdEAK").unwrap();
        let file: Arc<str> = Arc::from("A.csv");
        let r = Row::from_slices(id, "ab*", &[1, 2, 3, 3], file, 4, Some(u64::MAX - 7));
        assert_eq!(r.values().collect::<Vec<_>>(), ["a", "b", "*", ""]);
        assert_eq!(r.get(4), None);
        assert_eq!(r.digest(), Some(u64::MAX - 7));
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Row>(&json).unwrap(), r);
        let moved = r.with_values(["b", "a"]).unwrap();
        assert_eq!(moved.values().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(moved.digest(), r.digest());
    }
}
