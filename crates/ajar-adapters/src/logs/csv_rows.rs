//! Reading CSV logs row by row with one reused record (no allocation per row).

use super::fields::{ColumnMap, Field};
use super::{FileRead, LogError, LogKind, RawRow, ReadOptions, RowSink, Vals};
use crate::bounded::{RowCap, is_over_cap};
use std::collections::VecDeque;
use std::io::Read;
use std::path::Path;

pub(crate) enum Header<'a> {
    /// The first record is the header.
    InFile,
    /// A byte-range part: the header was read by [`super::plan`].
    Given {
        names: &'a [String],
        map: Box<ColumnMap>,
        /// The line of the part's first byte in the whole file.
        first_line: u64,
    },
}

/// Reads CSV rows. Quoted values may hold commas, doubled quotes (`"""x"""` is `"x"`, trap 19)
/// and newlines; lines may end in LF or CRLF (formats.md §2.1): the `csv` crate handles all of
/// these per RFC 4180.
pub(crate) fn read_rows<R: Read>(
    reader: R,
    header: Header<'_>,
    path: &Path,
    kind: LogKind,
    name_hint: Option<&str>,
    opts: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<FileRead, LogError> {
    let first_line = match &header {
        Header::Given { first_line, .. } => (*first_line).max(1),
        Header::InFile => 1,
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 18)
        .from_reader(Counting {
            inner: RowCap::new(reader),
            read: 0,
            pending: VecDeque::new(),
            before: first_line - 1,
        });
    let mut rec = csv::ByteRecord::new();
    let mut out = FileRead {
        kind,
        rows: 0,
        truncated_after: None,
    };
    let (ncols, map) = match header {
        Header::Given { names, map, .. } => (names.len(), *map),
        Header::InFile => match csv.read_byte_record(&mut rec) {
            Ok(true) => {
                let names: Vec<String> = rec
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).trim().to_string())
                    .collect();
                // A column named twice: which copy holds the value is unknown, so the file is
                // not used and says why (issue #15), rather than the first copy winning.
                if let Some(dup) = names
                    .iter()
                    .enumerate()
                    .find(|(i, n)| names.get(..*i).is_some_and(|b| b.contains(n)))
                    .map(|(_, n)| n)
                {
                    out.kind = LogKind::Unknown(format!(
                        "column `{dup}` appears twice in the header: which copy to read is unknown"
                    ));
                    return Ok(out);
                }
                (
                    names.len(),
                    ColumnMap::new(names.iter().map(String::as_str)),
                )
            }
            Ok(false) => return Ok(out),
            Err(e) => return Err(io_error(path, e)),
        },
    };
    let has_type_column = map.has(Field::EventType);
    loop {
        match csv.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                if let csv::ErrorKind::Io(io) = e.kind() {
                    // A row over the cap: the rows before it are used, the rest of the file
                    // is missing (the row's end cannot be found without reading it whole).
                    if is_over_cap(io) {
                        out.truncated_after = Some(csv.position().line());
                        break;
                    }
                    // A gzip stream cut short surfaces as an I/O error mid-file: keep what was
                    // read and say where it stopped.
                    if matches!(
                        io.kind(),
                        std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::InvalidInput
                    ) || io.kind() == std::io::ErrorKind::InvalidData
                    {
                        out.truncated_after = Some(csv.position().line());
                        break;
                    }
                }
                return Err(io_error(path, e));
            }
        }
        // The csv crate's own line count lags by one after a CRLF record; count line breaks
        // before the record's first byte instead.
        let line = csv
            .get_mut()
            .line_at(rec.position().map_or(0, csv::Position::byte));
        if rec.len() != ncols {
            // A blank line has one empty field; it is not a row.
            if rec.len() == 1 && rec.get(0).is_some_and(<[u8]>::is_empty) {
                continue;
            }
            let reason = format!("row has {} fields, the header {ncols}", rec.len());
            super::bad_row(sink, opts, path, line, reason)?;
            continue;
        }
        let event_type = if has_type_column {
            map.get(Field::EventType)
                .and_then(|i| rec.get(i))
                .and_then(|b| std::str::from_utf8(b).ok())
        } else {
            name_hint
        };
        let row = RawRow {
            line,
            event_type,
            vals: Vals::Csv {
                rec: &rec,
                map: &map,
                text: std::str::from_utf8(rec.as_slice()).ok(),
            },
        };
        sink.row(&row);
        out.rows += 1;
    }
    Ok(out)
}

/// Remembers where line breaks are in the bytes read but not yet parsed, so that a record's
/// byte offset gives its line.
struct Counting<R> {
    inner: R,
    read: u64,
    pending: VecDeque<u64>,
    before: u64,
}

impl<R> Counting<R> {
    /// 1-based line of the byte at `offset` (offsets only grow).
    fn line_at(&mut self, offset: u64) -> u64 {
        // After a CRLF record the csv crate reports the next record at the `\n`, so a break
        // at `offset` itself is before the record.
        while self.pending.front().is_some_and(|&p| p <= offset) {
            self.pending.pop_front();
            self.before += 1;
        }
        self.before + 1
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = buf.get(..n).unwrap_or_default();
        let base = self.read;
        self.pending
            .extend(memchr::memchr_iter(b'\n', got).map(|i| base + i as u64));
        self.read += n as u64;
        Ok(n)
    }
}

fn io_error(path: &Path, e: csv::Error) -> LogError {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    };
    LogError::Io {
        path: path.to_path_buf(),
        source,
    }
}
