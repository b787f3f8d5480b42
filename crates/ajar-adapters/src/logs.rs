//! Salesforce event logs as streams of raw rows: EventLogFile CSVs, their JSON-lines
//! conversions, Real-Time Event Monitoring exports, and the Setup Audit Trail.
//!
//! A file is recognised by its first bytes and header, never by its name (formats.md §2.1,
//! §2.4). Rows are handed to a [`RowSink`] one at a time with their line number; nothing here
//! decides what a row means (who the principal is, whether a read succeeded): that is
//! `ajar_analyze::forensics`. Plain files and `.gz` (any number of gzip members) are read
//! through a buffered reader; large plain CSVs can be split into byte ranges that are read in
//! parallel by the caller ([`plan`]).

pub mod fields;

mod csv_rows;
mod csv_split;
mod detect;
mod first_records;
mod json_rows;
mod plan;
mod split;
pub mod users;

pub use detect::{LogKind, detect};
pub use fields::{ColumnMap, Field};
pub use plan::{Expanded, SkippedInput, expand_inputs, expand_inputs_with_skips, plan};

use crate::audit::AuditOptions;
use ajar_model::event::AuditEvent;
use ajar_model::logrow::LogRow;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What went wrong reading a log file.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// The file could not be opened or read.
    #[error("{}: cannot read", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A row could not be used and `--strict` is on.
    #[error("{}:{line}: {reason}", .path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The row's first line.
        line: u64,
        /// Why (never a value from the row).
        reason: String,
    },
    /// A Setup Audit Trail row could not be read.
    #[error("{}:{line}: {source}", .path.display())]
    Audit {
        /// The file.
        path: PathBuf,
        /// The row's first line.
        line: u64,
        /// Why.
        source: crate::audit::AuditError,
    },
}

/// How to read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// A malformed row stops the run instead of being skipped.
    pub strict: bool,
    /// Locale and zone of Setup Audit Trail dates.
    pub audit: AuditOptions,
}

/// Receives what a file holds.
pub trait RowSink {
    /// One log row.
    fn row(&mut self, row: &RawRow<'_>);
    /// A row that could not be parsed (skipped and counted; `line` is the row's first line).
    fn malformed(&mut self, line: u64, reason: &str);
    /// One Setup Audit Trail entry; its `source.line` is set, its `source.file` is left for the
    /// sink, which knows how outputs name the file.
    fn audit(&mut self, event: AuditEvent);
}

/// One row as the file holds it, values looked up by [`Field`].
#[derive(Debug, Clone, Copy)]
pub struct RawRow<'a> {
    /// First line of the row (1-based; for a byte-range part, relative to the part's start).
    pub line: u64,
    /// Event type from the row itself (`EVENT_TYPE`, `attributes.type`, the stream channel),
    /// else from the file name for CamelCase CSVs, which do not say.
    pub event_type: Option<&'a str>,
    vals: Vals<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Vals<'a> {
    Csv {
        rec: &'a csv_split::Record<'a>,
        map: &'a ColumnMap,
        /// The record's bytes when they are UTF-8 as a whole, validated once for every value
        /// read from it (issue #19).
        text: Option<&'a str>,
        /// The record with doubled quotes undone, made when a value holding one is read.
        unescaped: &'a csv_rows::Unescaped,
    },
    Owned(&'a [Option<String>; fields::COUNT]),
}

impl<'a> RawRow<'a> {
    /// A row built from values (JSON objects, tests).
    pub fn from_values(
        line: u64,
        event_type: Option<&'a str>,
        values: &'a [Option<String>; fields::COUNT],
    ) -> Self {
        Self {
            line,
            event_type,
            vals: Vals::Owned(values),
        }
    }

    /// The value of `f`; `None` when the column is absent, empty, or not UTF-8.
    pub fn value(&self, f: Field) -> Option<&'a str> {
        let v = match self.vals {
            Vals::Csv {
                rec,
                map,
                text,
                unescaped,
            } => csv_rows::value_at(rec, map.get(f)?, text, unescaped)?,
            Vals::Owned(values) => values.get(f.index())?.as_deref()?,
        };
        let v = trim(v);
        (!v.is_empty()).then_some(v)
    }
}

/// `str::trim`, skipped when the value starts and ends with a byte that cannot begin or end
/// white space (an ASCII byte above the space), as nearly every logged value does.
fn trim(v: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b.is_ascii());
    if plain(v.as_bytes().first()) && plain(v.as_bytes().last()) {
        v
    } else {
        v.trim()
    }
}

impl LogRow for RawRow<'_> {
    fn get(&self, f: Field) -> Option<&str> {
        self.value(f)
    }

    fn event_type(&self) -> Option<&str> {
        self.event_type
    }

    fn line(&self) -> u64 {
        self.line
    }

    fn content_hash(&self) -> u64 {
        // A fixed seed: the same row hashes the same in every run and every thread.
        let mut h = std::hash::BuildHasher::build_hasher(&foldhash::fast::FixedState::with_seed(0));
        match self.vals {
            // Values as written (quotes stripped, doubled quotes kept): the same values give
            // the same bytes, as a quoted value's escaping is unique.
            Vals::Csv { rec, .. } => {
                for v in (0..rec.len()).filter_map(|i| rec.unquote(i)) {
                    v.hash(&mut h);
                }
            }
            Vals::Owned(values) => values.hash(&mut h),
        }
        h.finish()
    }
}

/// What reading one file (or part) found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRead {
    /// What the file is.
    pub kind: LogKind,
    /// Rows handed to the sink (log rows and audit entries).
    pub rows: u64,
    /// Set when the file ended early (a truncated gzip): the last line read.
    pub truncated_after: Option<u64>,
}

/// A file, or a byte range of one, to read as one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Where the file is.
    pub path: PathBuf,
    /// How outputs name it (relative to the input root, `/` separators).
    pub display: String,
    /// For a split CSV: the byte range and the file's header.
    pub range: Option<ByteRange>,
}

/// A byte range of a plain CSV file, starting at a record boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByteRange {
    /// First byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
    /// The file's header names.
    pub header: Vec<String>,
    /// Index of this range in the file (0 is the first after the header).
    pub index: usize,
    /// The 1-based physical line of the range's first byte, so that rows are numbered as in
    /// the whole file (counted by [`plan`]).
    pub first_line: u64,
}

/// Files read by one task. Files that may overlap (the same event type and day in several
/// files, as when daily and hourly files were both downloaded, formats.md §2.1) go to one task
/// so that their duplicate rows can be counted once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The parts, read in order.
    pub parts: Vec<Part>,
    /// Whether rows may repeat across the parts.
    pub may_overlap: bool,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> LogError + '_ {
    move |source| LogError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Ends a gzip stream quietly at the first bytes that do not decode (a cut stream, junk after
/// it, a damaged member), and remembers that it did: what decodes is used and the rest is
/// reported, the same way whatever the file's size (issue #15).
struct Lenient<R> {
    inner: R,
    cut: Arc<AtomicBool>,
}

impl<R: Read> Read for Lenient<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.cut.load(Ordering::Relaxed) {
            return Ok(0);
        }
        match self.inner.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Err(e),
            Err(_) => {
                self.cut.store(true, Ordering::Relaxed);
                Ok(0)
            }
            ok => ok,
        }
    }
}

/// A file's decoded bytes, and for gzip whether the stream stopped decoding early.
type Opened = (Box<dyn BufRead + Send>, Option<Arc<AtomicBool>>);

/// Opens a file, decompressing gzip (detected by its magic bytes, not its name). For gzip,
/// also a flag set when the stream stopped decoding before its end.
fn open(path: &Path) -> Result<Opened, LogError> {
    open_buffered(path, READ_BUFFER)
}

/// The buffer of a file being read. The CSV reader asks for more at a time (its own buffer is
/// 256 KiB), and a buffered reader hands such reads straight to the file: the bytes are copied
/// once, from the kernel into the CSV reader's buffer, not twice (issue #19).
const READ_BUFFER: usize = 1 << 16;

/// [`open`], the decoded bytes buffered `capacity` at a time (a reader of a few bytes only
/// asks for few).
fn open_buffered(path: &Path, capacity: usize) -> Result<Opened, LogError> {
    let mut f = fs_err::File::open(path).map_err(|e| LogError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(e.kind(), "open failed"),
    })?;
    let mut magic = [0u8; 2];
    let n = read_up_to(&mut f, &mut magic).map_err(io_err(path))?;
    f.seek(SeekFrom::Start(0)).map_err(io_err(path))?;
    Ok(decode(
        f.into_parts().0,
        n == 2 && magic == [0x1f, 0x8b],
        capacity,
    ))
}

/// A file's bytes as read, decompressed when `gzip`, buffered `capacity` at a time.
fn decode(raw: impl Read + Send + 'static, gzip: bool, capacity: usize) -> Opened {
    if gzip {
        let cut = Arc::new(AtomicBool::new(false));
        let gz = Lenient {
            inner: flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, raw)),
            cut: Arc::clone(&cut),
        };
        (Box::new(BufReader::with_capacity(capacity, gz)), Some(cut))
    } else {
        (Box::new(BufReader::with_capacity(capacity, raw)), None)
    }
}

fn is_gzip(path: &Path) -> Result<bool, LogError> {
    let mut f = fs_err::File::open(path).map_err(|e| LogError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(e.kind(), "open failed"),
    })?;
    let mut magic = [0u8; 2];
    let n = read_up_to(&mut f, &mut magic).map_err(io_err(path))?;
    Ok(n == 2 && magic == [0x1f, 0x8b])
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(buf.get_mut(n..).unwrap_or_default()) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The event type a file's name suggests (`ApiEvent.csv` → `ApiEvent`), used only for
/// CamelCase CSVs, whose rows do not name their type.
fn name_hint(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    stem.to_string()
}

/// A row that cannot be read: fatal with `--strict`, otherwise counted by the sink.
pub(crate) fn bad_row(
    sink: &mut dyn RowSink,
    opts: &ReadOptions,
    path: &Path,
    line: u64,
    reason: String,
) -> Result<(), LogError> {
    if opts.strict {
        return Err(LogError::Malformed {
            path: path.to_path_buf(),
            line,
            reason,
        });
    }
    sink.malformed(line, &reason);
    Ok(())
}

/// Reads a whole file or one part, handing rows to `sink`.
pub fn read_part(
    part: &Part,
    opts: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<FileRead, LogError> {
    let path = part.path.as_path();
    if let Some(range) = &part.range {
        let mut f = fs_err::File::open(path).map_err(|e| LogError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(e.kind(), "open failed"),
        })?;
        f.seek(SeekFrom::Start(range.start)).map_err(io_err(path))?;
        let reader = BufReader::with_capacity(1 << 18, f.into_parts().0)
            .take(range.end.saturating_sub(range.start));
        let map = ColumnMap::new(range.header.iter().map(String::as_str));
        return csv_rows::read_rows(
            reader,
            csv_rows::Header::Given {
                names: &range.header,
                map: Box::new(map),
                first_line: range.first_line,
            },
            path,
            LogKind::ElfCsv,
            None,
            opts,
            sink,
        );
    }
    let (reader, cut) = open(path)?;
    read_whole(reader, cut, path, opts, sink)
}

/// Reads one whole file held in memory (a data lake's object, handed over by an engine such as
/// Spark), handing rows to `sink` as [`read_part`] does for a file on disk: gzip detected by
/// its magic bytes, the event type hinted by `name` (its last path segment), and outputs name
/// the file `name`.
pub fn read_bytes(
    bytes: Vec<u8>,
    name: &str,
    opts: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<FileRead, LogError> {
    let gzip = bytes.starts_with(&[0x1f, 0x8b]);
    let (reader, cut) = decode(std::io::Cursor::new(bytes), gzip, 1 << 18);
    read_whole(reader, cut, Path::new(name), opts, sink)
}

fn read_whole(
    mut reader: Box<dyn BufRead + Send>,
    cut: Option<Arc<AtomicBool>>,
    path: &Path,
    opts: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<FileRead, LogError> {
    let prefix = detect::prefix(&mut reader).map_err(io_err(path))?;
    let kind = detect::detect(&prefix.bytes);
    let body = std::io::Cursor::new(prefix.bytes).chain(reader);
    let hint = name_hint(path);
    let mut got = read_body(body, path, kind, &hint, opts, sink)?;
    if cut.is_some_and(|c| c.load(Ordering::Relaxed)) {
        if got.rows == 0 {
            got.kind = LogKind::Unknown(
                "a gzip stream that does not decode: nothing could be read".to_owned(),
            );
        } else if got.truncated_after.is_none() {
            got.truncated_after = Some(got.rows + 1);
        }
    }
    Ok(got)
}

fn read_body(
    body: impl BufRead,
    path: &Path,
    kind: LogKind,
    hint: &str,
    opts: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<FileRead, LogError> {
    match &kind {
        LogKind::ElfCsv | LogKind::RtemCsv => csv_rows::read_rows(
            body,
            csv_rows::Header::InFile,
            path,
            kind.clone(),
            Some(hint),
            opts,
            sink,
        ),
        LogKind::AuditCsv => crate::audit::read_csv(body, path, &opts.audit, sink),
        LogKind::Json => json_rows::read_objects(body, path, opts, sink),
        LogKind::Unknown(_) => Ok(FileRead {
            kind,
            rows: 0,
            truncated_after: None,
        }),
    }
}

#[cfg(test)]
mod tests;
