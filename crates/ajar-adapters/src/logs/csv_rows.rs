//! Reading CSV logs row by row without copying a row (issue #19): `simd-csv`'s zero-copy reader
//! splits each record in its buffer, values are sliced from it, and a record is validated as
//! UTF-8 once. Measured against the `csv` crate on Salesforce's all-quoted files: about 1.5×
//! the splitting speed, about a tenth less CPU for `hunt` (docs/hunt.md).

use super::fields::{ColumnMap, Field};
use super::{FileRead, LogError, LogKind, RawRow, ReadOptions, RowSink, Vals};
use crate::bounded::{RowCap, is_over_cap};
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::VecDeque;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

/// The reader's buffer: 256 KiB, and in this crate's unit tests 61 bytes, so that records
/// (and CRLF pairs, and doubled quotes) straddle buffer ends everywhere.
const BUFFER: usize = if cfg!(test) { 61 } else { 1 << 18 };

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
/// and newlines; lines may end in LF or CRLF (formats.md §2.1), blank lines between rows are
/// skipped. A value holding a doubled quote is read from a copy of its record with the quotes
/// undone, made once for that record when such a value is first asked for.
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
    let book = Rc::new(RefCell::new(LineBook {
        pending: VecDeque::new(),
        before: first_line - 1,
    }));
    let mut csv = simd_csv::ZeroCopyReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(BUFFER)
        .from_reader(Breaks {
            // Lines are counted by `Breaks`, which needs each break's place.
            inner: RowCap::without_lines(reader),
            read: 0,
            last: 0,
            book: Rc::clone(&book),
        });
    let mut out = FileRead {
        kind,
        rows: 0,
        truncated_after: None,
    };
    let (ncols, map) = match header {
        Header::Given { names, map, .. } => (names.len(), *map),
        Header::InFile => match read_header(&mut csv, path)? {
            Some(Ok(names)) => (
                names.len(),
                ColumnMap::new(names.iter().map(String::as_str)),
            ),
            Some(Err(dup)) => {
                // A column named twice: which copy holds the value is unknown, so the file is
                // not used and says why (issue #15), rather than the first copy winning.
                out.kind = LogKind::Unknown(format!(
                    "column `{dup}` appears twice in the header: which copy to read is unknown"
                ));
                return Ok(out);
            }
            None => return Ok(out),
        },
    };
    let has_type_column = map.has(Field::EventType);
    let mut unescaped = Unescaped::new(ncols);
    loop {
        let at = csv.position();
        let rec = match csv.read_byte_record() {
            Ok(Some(rec)) => rec,
            Ok(None) => break,
            Err(e) => {
                let io = into_io(e);
                if stops_the_file(&io) {
                    out.truncated_after = Some(book.borrow_mut().line_at(at));
                    break;
                }
                return Err(LogError::Io {
                    path: path.to_path_buf(),
                    source: io,
                });
            }
        };
        let line = book.borrow_mut().record_line(at);
        if rec.len() != ncols {
            // A line of white space only has one field; it is not a row.
            if rec.len() == 1 && rec.as_slice().iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let reason = format!("row has {} fields, the header {ncols}", rec.len());
            super::bad_row(sink, opts, path, line, reason)?;
            continue;
        }
        // The same verdict as `std::str::from_utf8`, found with vector instructions.
        let text = simdutf8::basic::from_utf8(rec.as_slice()).ok();
        unescaped.clear();
        let event_type = if has_type_column {
            map.get(Field::EventType)
                .and_then(|i| value_at(&rec, i, text, &unescaped))
        } else {
            name_hint
        };
        let row = RawRow {
            line,
            event_type,
            vals: Vals::Csv {
                rec: &rec,
                map: &map,
                text,
                unescaped: &unescaped,
            },
        };
        sink.row(&row);
        out.rows += 1;
    }
    Ok(out)
}

/// The values of a record with their doubled quotes undone, each made on first need (a value
/// with doubled quotes is in every row of some files: a `USER_AGENT` quoting a product name).
pub(super) struct Unescaped {
    values: Vec<OnceCell<Vec<u8>>>,
    used: Cell<bool>,
    /// Buffers of earlier records' values, reused.
    spare: RefCell<Vec<Vec<u8>>>,
}

impl std::fmt::Debug for Unescaped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unescaped")
            .field("used", &self.used.get())
            .finish()
    }
}

impl Unescaped {
    fn new(columns: usize) -> Self {
        Self {
            values: (0..columns).map(|_| OnceCell::new()).collect(),
            used: Cell::new(false),
            spare: RefCell::new(Vec::new()),
        }
    }

    fn get(&self, rec: &simd_csv::ZeroCopyByteRecord<'_>, i: usize) -> Option<&[u8]> {
        let cell = self.values.get(i)?;
        self.used.set(true);
        let v = cell.get_or_init(|| {
            let mut out = self.spare.borrow_mut().pop().unwrap_or_default();
            out.clear();
            out.extend_from_slice(&rec.unescape(i).unwrap_or_default());
            out
        });
        Some(v)
    }

    /// Forgets the last record's values.
    fn clear(&mut self) {
        if self.used.replace(false) {
            let spare = self.spare.get_mut();
            spare.extend(self.values.iter_mut().filter_map(OnceCell::take));
        }
    }
}

/// The header's names, or the first name found twice; `None` for an empty file.
fn read_header<R: Read>(
    csv: &mut simd_csv::ZeroCopyReader<R>,
    path: &Path,
) -> Result<Option<Result<Vec<String>, String>>, LogError> {
    let rec = match csv.read_byte_record() {
        Ok(Some(rec)) => rec,
        Ok(None) => return Ok(None),
        Err(e) => {
            return Err(LogError::Io {
                path: path.to_path_buf(),
                source: into_io(e),
            });
        }
    };
    let names: Vec<String> = rec
        .unescaped_iter()
        .map(|f| String::from_utf8_lossy(&f).trim().to_string())
        .collect();
    let dup = names
        .iter()
        .enumerate()
        .find(|(i, n)| names.get(..*i).is_some_and(|b| b.contains(n)))
        .map(|(_, n)| n.clone());
    Ok(Some(dup.map_or(Ok(names), Err)))
}

fn into_io(e: simd_csv::Error) -> std::io::Error {
    match e.into_kind() {
        simd_csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Whether a read error ends the file with the rows before it kept: a row over the cap (its
/// end cannot be found without reading it whole), or a gzip stream cut short.
fn stops_the_file(io: &std::io::Error) -> bool {
    is_over_cap(io)
        || matches!(
            io.kind(),
            std::io::ErrorKind::UnexpectedEof
                | std::io::ErrorKind::InvalidInput
                | std::io::ErrorKind::InvalidData
        )
}

/// Value `i` of `rec` without its quotes, as text: sliced from the record when it holds no
/// quote, else from the record's unescaped copy, made on first need.
pub(super) fn value_at<'a>(
    rec: &'a simd_csv::ZeroCopyByteRecord<'a>,
    i: usize,
    text: Option<&'a str>,
    unescaped: &'a Unescaped,
) -> Option<&'a str> {
    let raw = rec.unquote(i)?;
    if holds_quote(raw) {
        return std::str::from_utf8(unescaped.get(rec, i)?).ok();
    }
    match text {
        // A value of a UTF-8 record is UTF-8 exactly when its ends fall on character
        // boundaries, which `get` checks.
        Some(t) => {
            let start = raw.as_ptr() as usize - rec.as_slice().as_ptr() as usize;
            t.get(start..start + raw.len())
        }
        None => std::str::from_utf8(raw).ok(),
    }
}

/// Whether `v` holds a quote. Values are short, and a call to a search costs more than the
/// test (`<[u8]>::contains` was 4 % of a hunt; a count of the whole record's quotes, to skip
/// this, cost more than it saved). So the bytes are tested in blocks of a fixed size, which the
/// compiler makes into wide compares without an early exit: blocks of 16 and the last 16
/// bytes again for long values, two 8-byte words (which may overlap) for values of 8 to 16
/// bytes, a byte loop below that.
fn holds_quote(v: &[u8]) -> bool {
    fn any<const N: usize>(block: &[u8; N]) -> bool {
        block.iter().fold(false, |q, &b| q | (b == b'"'))
    }
    fn word(w: &[u8; 8]) -> bool {
        const QUOTES: u64 = u64::from_ne_bytes([b'"'; 8]);
        const LOW: u64 = u64::from_ne_bytes([0x01; 8]);
        const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
        // Bytes equal to `"` become zero; the classic test is non-zero exactly when a byte is.
        let x = u64::from_ne_bytes(*w) ^ QUOTES;
        x.wrapping_sub(LOW) & !x & HIGH != 0
    }
    if let Some(last) = v.last_chunk::<16>() {
        let (blocks, _) = v.as_chunks::<16>();
        blocks.iter().fold(false, |q, b| q | any(b)) | any(last)
    } else if let (Some(first), Some(last)) = (v.first_chunk::<8>(), v.last_chunk::<8>()) {
        word(first) | word(last)
    } else {
        v.iter().fold(false, |q, &b| q | (b == b'"'))
    }
}

/// Where the line breaks are in the bytes read but not yet parsed, so that a record's byte
/// offset gives its line. Shared between the reader below and the loop reading records.
struct LineBook {
    /// Offsets of `\n` bytes past the last record's start, shifted left by one; the low bit
    /// says a `\r` comes just before (a CRLF blank line is two bytes).
    pending: VecDeque<u64>,
    /// Line breaks before the last offset asked for.
    before: u64,
}

impl LineBook {
    /// 1-based line of the byte at `offset` (offsets only grow).
    fn line_at(&mut self, offset: u64) -> u64 {
        while self.pending.front().is_some_and(|&p| p >> 1 < offset) {
            self.pending.pop_front();
            self.before += 1;
        }
        self.before + 1
    }

    /// The line of the record read from `at`: the reader skips blank lines (LF or CRLF)
    /// before a record, which a break at `at` (or a CRLF pair there) shows.
    fn record_line(&mut self, at: u64) -> u64 {
        let mut start = at;
        let mut line = self.line_at(start);
        loop {
            match self.pending.front() {
                Some(&p) if p >> 1 == start => start += 1,
                Some(&p) if p >> 1 == start + 1 && p & 1 == 1 => start += 2,
                _ => return line,
            }
            line = self.line_at(start);
        }
    }
}

/// Passes bytes through, noting each line break in the [`LineBook`].
struct Breaks<R> {
    inner: R,
    read: u64,
    /// The last byte of the previous read (for a `\r` before a `\n` that starts a read).
    last: u8,
    book: Rc<RefCell<LineBook>>,
}

impl<R: Read> Read for Breaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = buf.get(..n).unwrap_or_default();
        let base = self.read;
        let mut book = self.book.borrow_mut();
        for i in memchr::memchr_iter(b'\n', got) {
            let before = if i == 0 {
                self.last
            } else {
                got.get(i - 1).copied().unwrap_or_default()
            };
            book.pending
                .push_back((base + i as u64) << 1 | u64::from(before == b'\r'));
        }
        if let Some(&b) = got.last() {
            self.last = b;
        }
        self.read += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::holds_quote;

    proptest::proptest! {
        /// The block test gives `contains`'s answer at every length and place of the quote.
        #[test]
        fn holds_quote_is_contains(v in proptest::collection::vec(
            proptest::sample::select(vec![b'"', b'a', 0u8, 0x22 ^ 0x80, 0x21, 0x23, 0xff]),
            0..70,
        )) {
            proptest::prop_assert_eq!(holds_quote(&v), v.contains(&b'"'));
        }
    }

    #[test]
    fn a_quote_anywhere_is_found() {
        for len in 0..48 {
            let mut v = vec![b'x'; len];
            assert!(!holds_quote(&v), "{len}");
            for at in 0..len {
                v[at] = b'"';
                assert!(holds_quote(&v), "{len} {at}");
                v[at] = b'x';
            }
        }
    }
}
