//! One object CSV → [`Table`].

use super::project::{ColumnPlan, Projector};
use super::stream::values_hash;
use super::{ExportEncoding, ExportError};
use crate::bounded::{RowCap, is_over_cap};
use ajar_model::export::{Row, RowProblem, RowProblemKind, Table};
use ajar_model::sfid::SfId;
use std::io::Read;

fn decode(
    bytes: &[u8],
    encoding: ExportEncoding,
    file: &str,
    row: u64,
) -> Result<String, ExportError> {
    let mut s = String::new();
    decode_into(bytes, encoding, file, row, &mut s)?;
    Ok(s)
}

/// Appends `bytes`, decoded, to `out`.
fn decode_into(
    bytes: &[u8],
    encoding: ExportEncoding,
    file: &str,
    row: u64,
    out: &mut String,
) -> Result<(), ExportError> {
    match encoding {
        ExportEncoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                Ok(())
            }
            Err(_) => Err(ExportError::Encoding {
                file: file.to_owned(),
                row,
                encoding: "UTF-8",
                hint: "; if the export was made in Japanese, try `--export-encoding cp932`",
            }),
        },
        ExportEncoding::Other(enc) => {
            match enc.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(s) => {
                    out.push_str(&s);
                    Ok(())
                }
                None => Err(ExportError::Encoding {
                    file: file.to_owned(),
                    row,
                    encoding: enc.name(),
                    hint: "",
                }),
            }
        }
    }
}

/// A UTF-8 record's first `ncols` values into `text` and their ends into `ends`, checked as
/// one piece with vector instructions (issue #19: a check per value was 7 % of an
/// investigation). A value is valid UTF-8 exactly when the record is and the value's ends fall
/// on character boundaries; false (and nothing written) when that does not hold, for the
/// value-by-value path to say which row is wrong.
fn utf8_whole(
    record: &csv::ByteRecord,
    ncols: usize,
    file: &str,
    row: u64,
    text: &mut String,
    ends: &mut Vec<u32>,
) -> Result<bool, ExportError> {
    let Ok(whole) = simdutf8::basic::from_utf8(record.as_slice()) else {
        return Ok(false);
    };
    let mut last = 0;
    for i in 0..record.len().min(ncols) {
        let Some(r) = record.range(i) else {
            return Ok(false);
        };
        if !whole.is_char_boundary(r.end) {
            return Ok(false);
        }
        ends.push(u32::try_from(r.end).map_err(|_| ExportError::RowTooLarge {
            file: file.to_owned(),
            row,
        })?);
        last = r.end;
    }
    text.push_str(whole.get(..last).unwrap_or_default());
    Ok(true)
}

/// Reads one object CSV from `reader` (`file` names it in errors and spans).
pub fn read_csv<R: Read>(
    reader: R,
    object: &str,
    file: &str,
    encoding: ExportEncoding,
) -> Result<Table, ExportError> {
    read_csv_with(reader, object, file, encoding, None)
}

/// As [`read_csv`], holding only the columns `plan` names when there is one (issue #19). Every
/// value is still decoded, so an encoding error names its row whatever the column; a repeated
/// `Id` is still told from a repeat with other values by all of the row's values.
pub fn read_csv_with<R: Read>(
    reader: R,
    object: &str,
    file: &str,
    encoding: ExportEncoding,
    plan: Option<&ColumnPlan>,
) -> Result<Table, ExportError> {
    let (mut rows, mut table) = CsvRows::open(reader, object, file, encoding, plan)?;
    // Every row's `Id`, packed losslessly, with a hash of its values and its place: once the
    // file is read, a later row with an earlier row's `Id` and the same values is a repeat, with
    // other values a problem (issue #15); either way it is dropped. 24 bytes a row, sorted once,
    // rather than a hash map entry (issue #19).
    let mut keys: Vec<RowKey> = Vec::new();
    let mut misaligned_rows: Vec<u32> = Vec::new();
    while let Some(r) = rows.next()? {
        let at = u32::try_from(table.rows.len()).map_err(|_| ExportError::TooManyRows {
            file: file.to_owned(),
        })?;
        keys.push(RowKey {
            id: r.row.id.packed(),
            at,
            hash: r.hash,
        });
        if r.misaligned {
            misaligned_rows.push(at);
        }
        table.rows.push(r.row);
    }
    drop_repeats(&mut table, keys, &misaligned_rows);
    Ok(table)
}

/// A row as read: the row (its held values), whether it had more or fewer fields than the
/// header, and a hash of its values (of the values held and the digest of the rest, which
/// stand for the whole row).
pub(super) struct ReadRow {
    pub(super) row: Row,
    pub(super) misaligned: bool,
    pub(super) hash: u64,
}

/// One object CSV read a row at a time.
pub(super) struct CsvRows<R: Read> {
    csv: csv::Reader<RowCap<R>>,
    record: csv::ByteRecord,
    file: String,
    /// One copy of the file's name for all its rows (issue #19).
    file_name: std::sync::Arc<str>,
    encoding: ExportEncoding,
    id_col: usize,
    /// The file's width: the rows hold the planned columns only (issue #19).
    ncols: usize,
    projector: Option<Projector>,
    // Buffers reused from row to row: the full row, then (when projected) the part held.
    text: String,
    ends: Vec<u32>,
    held: String,
    held_ends: Vec<u32>,
    row_no: u64,
    /// Whether each row's values are hashed ([`ReadRow::hash`]; 0 when not).
    hashed: bool,
}

impl<R: Read> CsvRows<R> {
    /// Reads the header; returns the reader and the table the rows belong to (no row yet).
    pub(super) fn open(
        reader: R,
        object: &str,
        file: &str,
        encoding: ExportEncoding,
        plan: Option<&ColumnPlan>,
    ) -> Result<(Self, Table), ExportError> {
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(RowCap::new(reader));
        let mut record = csv::ByteRecord::new();
        let mut columns = Vec::new();
        if csv
            .read_byte_record(&mut record)
            .map_err(|e| csv_err(file, 1, e))?
        {
            columns = header(&record, encoding, file)?;
        }
        let mut table = Table {
            object: object.to_owned(),
            columns,
            rows: Vec::new(),
            files: vec![file.to_owned()],
            problems: Vec::new(),
        };
        let id_col = table.column("Id").ok_or_else(|| ExportError::MissingId {
            file: file.to_owned(),
        })?;
        let ncols = table.columns.len();
        let projector = plan.map(|p| {
            let (projector, held) = Projector::new(&table.columns, p);
            table.columns = held;
            projector
        });
        let rows = Self {
            csv,
            record,
            file: file.to_owned(),
            file_name: std::sync::Arc::from(file),
            encoding,
            id_col,
            ncols,
            projector,
            text: String::new(),
            ends: Vec::with_capacity(ncols),
            held: String::new(),
            held_ends: Vec::new(),
            row_no: 1,
            hashed: true,
        };
        Ok((rows, table))
    }

    /// Rows read from now on are not hashed (their [`ReadRow::hash`] is 0): for reads that
    /// do not look for repeats.
    pub(super) fn without_hashes(&mut self) {
        self.hashed = false;
    }

    /// The next row, `None` at the end of the file.
    pub(super) fn next(&mut self) -> Result<Option<ReadRow>, ExportError> {
        let file = self.file.as_str();
        loop {
            self.row_no += 1;
            let row_no = self.row_no;
            if !self
                .csv
                .read_byte_record(&mut self.record)
                .map_err(|e| csv_err(file, row_no, e))?
            {
                let watch = self.csv.get_ref();
                if watch.open {
                    return Err(ExportError::Unclosed {
                        file: file.to_owned(),
                        line: watch.opened_on,
                    });
                }
                return Ok(None);
            }
            if self.record.len() == 1 && self.record.get(0).is_some_and(<[u8]>::is_empty) {
                continue;
            }
            return self.row(row_no).map(Some);
        }
    }

    /// The record just read, as a row.
    fn row(&mut self, row_no: u64) -> Result<ReadRow, ExportError> {
        let (file, ncols, encoding) = (self.file.as_str(), self.ncols, self.encoding);
        let (text, ends) = (&mut self.text, &mut self.ends);
        // Values in column order, one string per row; missing trailing values are empty and
        // values past the header's columns are dropped, and either way the row is reported as
        // misaligned: a value may have moved to another column (issue #15).
        let misaligned = self.record.len() != ncols;
        text.clear();
        ends.clear();
        let whole = matches!(encoding, ExportEncoding::Utf8)
            && utf8_whole(&self.record, ncols, file, row_no, text, ends)?;
        if !whole {
            ends.clear();
            for field in self.record.iter().take(ncols) {
                decode_into(field, encoding, file, row_no, text)?;
                ends.push(
                    u32::try_from(text.len()).map_err(|_| ExportError::RowTooLarge {
                        file: file.to_owned(),
                        row: row_no,
                    })?,
                );
            }
        }
        ends.resize(ncols, ends.last().copied().unwrap_or(0));
        let id_end = ends.get(self.id_col).map_or(0, |&e| e as usize);
        let id_start = self
            .id_col
            .checked_sub(1)
            .and_then(|p| ends.get(p))
            .map_or(0, |&e| e as usize);
        let id = text
            .get(id_start..id_end)
            .and_then(|v| SfId::parse(v.trim()).ok())
            .ok_or_else(|| ExportError::BadId {
                file: file.to_owned(),
                row: row_no,
            })?;
        let name = std::sync::Arc::clone(&self.file_name);
        // The row's hash: of its values, or when projected of the values held and the digest
        // of the rest, which stand for the whole row (each value hashed once).
        let (row, hash) = match &self.projector {
            Some(p) => {
                let (held, held_ends) = (&mut self.held, &mut self.held_ends);
                let digest = p.project(text, ends, held, held_ends);
                let hash = if self.hashed {
                    values_hash(held, held_ends, Some(digest))
                } else {
                    0
                };
                (
                    Row::from_slices(id, held, held_ends, name, row_no, Some(digest)),
                    hash,
                )
            }
            None => (
                Row::from_slices(id, text, ends, name, row_no, None),
                if self.hashed {
                    values_hash(text, ends, None)
                } else {
                    0
                },
            ),
        };
        Ok(ReadRow {
            row,
            misaligned,
            hash,
        })
    }
}

/// The error of the CSV reader at `row` of `file`: a row over the cap, or the reader's own.
fn csv_err(file: &str, row: u64, source: csv::Error) -> ExportError {
    if matches!(source.kind(), csv::ErrorKind::Io(e) if is_over_cap(e)) {
        ExportError::RowTooLarge {
            file: file.to_owned(),
            row,
        }
    } else {
        ExportError::Csv {
            file: file.to_owned(),
            row,
            source,
        }
    }
}

/// The header's column names, refused when one appears twice (in any case).
fn header(
    record: &csv::ByteRecord,
    encoding: ExportEncoding,
    file: &str,
) -> Result<Vec<String>, ExportError> {
    let mut columns: Vec<String> = Vec::new();
    for (i, field) in record.iter().enumerate() {
        // A BOM marks UTF-8 whatever was asked (formats.md §2.8).
        let (field, enc) = match field.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) if i == 0 => (rest, ExportEncoding::Utf8),
            _ => (field, encoding),
        };
        columns.push(decode(field, enc, file, 1)?.trim().to_owned());
    }
    for (i, c) in columns.iter().enumerate() {
        if columns
            .get(..i)
            .is_some_and(|before| before.iter().any(|b| b.eq_ignore_ascii_case(c)))
        {
            return Err(ExportError::DuplicateColumn {
                file: file.to_owned(),
                column: c.clone(),
            });
        }
    }
    Ok(columns)
}

/// A row's `Id` packed, its index in the table's rows and a hash of its values.
pub(super) struct RowKey {
    pub(super) id: [u8; 12],
    pub(super) at: u32,
    pub(super) hash: u64,
}

/// Sorts `keys` by `Id`, then place, and gives `each` every key with, when an earlier row has
/// its `Id` (a repeat), that first row's key.
pub(super) fn by_id(keys: &mut [RowKey], mut each: impl FnMut(&RowKey, Option<&RowKey>)) {
    keys.sort_unstable_by_key(|k| (k.id, k.at));
    let mut first: Option<&RowKey> = None;
    for k in keys.iter() {
        match first {
            Some(f) if f.id == k.id => each(k, Some(f)),
            _ => {
                first = Some(k);
                each(k, None);
            }
        }
    }
}

/// Drops each row whose `Id` an earlier row has, as a problem when its values differ from the
/// first row's, and reports the misaligned rows kept; problems in file order.
fn drop_repeats(table: &mut Table, mut keys: Vec<RowKey>, misaligned: &[u32]) {
    // (index, kind): the rows to drop, and whether each is a problem.
    let mut repeats: Vec<(u32, bool)> = Vec::new();
    by_id(&mut keys, |k, first| {
        if let Some(f) = first {
            repeats.push((k.at, f.hash != k.hash));
        }
    });
    drop(keys);
    if repeats.is_empty() && misaligned.is_empty() {
        return;
    }
    repeats.sort_unstable();
    let is_repeat = |at: u32| repeats.binary_search_by_key(&at, |r| r.0).is_ok();
    // The row number (header = 1), not the physical line: values may hold newlines.
    let mut problems: Vec<(u64, RowProblem)> = Vec::new();
    for &(at, differs) in &repeats {
        if let (true, Some(r)) = (differs, table.rows.get(at as usize)) {
            let source = r.source();
            problems.push((
                source.line,
                RowProblem {
                    id: r.id,
                    source,
                    kind: RowProblemKind::DuplicateId,
                },
            ));
        }
    }
    for &at in misaligned.iter().filter(|at| !is_repeat(**at)) {
        if let Some(r) = table.rows.get(at as usize) {
            let source = r.source();
            problems.push((
                source.line,
                RowProblem {
                    id: r.id,
                    source,
                    kind: RowProblemKind::Misaligned,
                },
            ));
        }
    }
    problems.sort_by_key(|p| p.0);
    table.problems.extend(problems.into_iter().map(|p| p.1));
    if !repeats.is_empty() {
        let mut at = 0u32;
        table.rows.retain(|_| {
            let keep = !is_repeat(at);
            at += 1;
            keep
        });
    }
}
