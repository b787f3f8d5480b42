//! Reading CSV logs row by row without copying a row (issue #19): [`Splitter`] splits each
//! record in its buffer 64 bytes at a time, values are sliced from it, and a record is
//! validated as UTF-8 once. The record's line comes from the splitter's count of line feeds.

use super::csv_split::{Record, Splitter};
use super::fields::{ColumnMap, Field};
use super::{FileRead, LogError, LogKind, RawRow, ReadOptions, RowSink, Vals};
use crate::bounded::{MAX_ROW, is_over_cap};
use std::cell::{Cell, OnceCell, RefCell};
use std::io::Read;
use std::path::Path;

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
    // Lines before the part's first byte (a byte-range part starts inside its file).
    let before = match &header {
        Header::Given { first_line, .. } => (*first_line).max(1) - 1,
        Header::InFile => 0,
    };
    let cap = usize::try_from(MAX_ROW).unwrap_or(usize::MAX);
    let mut csv = Splitter::new(reader, BUFFER, cap);
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
        let at = csv.line();
        let (line, rec) = match csv.next_record() {
            Ok(Some(got)) => got,
            Ok(None) => break,
            Err(io) => {
                if stops_the_file(&io) {
                    out.truncated_after = Some(before + at);
                    break;
                }
                return Err(LogError::Io {
                    path: path.to_path_buf(),
                    source: io,
                });
            }
        };
        let line = before + line;
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

    fn get(&self, rec: &Record<'_>, i: usize) -> Option<&[u8]> {
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
    csv: &mut Splitter<R>,
    path: &Path,
) -> Result<Option<Result<Vec<String>, String>>, LogError> {
    let rec = match csv.next_record() {
        Ok(Some((_, rec))) => rec,
        Ok(None) => return Ok(None),
        Err(source) => {
            return Err(LogError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let names: Vec<String> = (0..rec.len())
        .map(|i| {
            String::from_utf8_lossy(&rec.unescape(i).unwrap_or_default())
                .trim()
                .to_string()
        })
        .collect();
    let dup = names
        .iter()
        .enumerate()
        .find(|(i, n)| names.get(..*i).is_some_and(|b| b.contains(n)))
        .map(|(_, n)| n.clone());
    Ok(Some(dup.map_or(Ok(names), Err)))
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
    rec: &'a Record<'a>,
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
