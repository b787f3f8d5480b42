//! Recognising a log file by its first bytes and header.

use super::fields::{ColumnMap, Field};
use std::io::Read;

/// What a file holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogKind {
    /// An EventLogFile CSV: UPPER_SNAKE header with `EVENT_TYPE` or `TIMESTAMP` (formats.md §2.1).
    ElfCsv,
    /// A Real-Time Event Monitoring or Event Log Object CSV: CamelCase header with `EventDate`
    /// or `Timestamp` (formats.md §2.4).
    RtemCsv,
    /// A Setup Audit Trail download: `Date,User,Source Namespace Prefix,Action,Section,Delegate
    /// User` (formats.md §2.5).
    AuditCsv,
    /// JSON objects, one per line or pretty-printed one after another: ELF rows converted by a
    /// SIEM, real-time events in a streaming envelope or a REST `records` list.
    Json,
    /// Not a log ajar knows; the reason says what was expected.
    Unknown(String),
}

/// The first bytes of a file, without a UTF-8 byte-order mark.
#[derive(Debug)]
pub(crate) struct Prefix {
    pub(crate) bytes: Vec<u8>,
    /// How many bytes of the file were read (the BOM's included).
    read: u64,
}

/// How many bytes of a file [`prefix`] reads.
pub(crate) const PREFIX_LEN: u64 = 64 * 1024;

/// Reads up to 64 KiB, dropping a BOM (ELF files may start with one, formats.md §2.1).
pub(crate) fn prefix(r: &mut impl Read) -> std::io::Result<Prefix> {
    prefix_of(r, PREFIX_LEN).map(|(p, _)| p)
}

/// Reads up to `len` bytes as [`prefix`] does, and says whether the file ended within them.
pub(crate) fn prefix_of(r: &mut impl Read, len: u64) -> std::io::Result<(Prefix, bool)> {
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let n = r.by_ref().take(len).read_to_end(&mut bytes)?;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    Ok((
        Prefix {
            bytes,
            read: n as u64,
        },
        (n as u64) < len,
    ))
}

impl Prefix {
    /// Reads on from where the prefix stopped, to `len` bytes of the file in all (BOM
    /// included): the prefix [`prefix_of`] `len` would have read.
    pub(crate) fn extend_to(&mut self, r: &mut impl Read, len: u64) -> std::io::Result<()> {
        let n = r
            .by_ref()
            .take(len.saturating_sub(self.read))
            .read_to_end(&mut self.bytes)?;
        self.read += n as u64;
        Ok(())
    }
}

/// The header names of a CSV prefix.
pub(crate) fn csv_header(bytes: &[u8]) -> Vec<String> {
    super::first_records::FirstRecords::new(bytes)
        .next_record()
        .map(|rec| {
            rec.iter()
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Decides what a file is from its first bytes.
pub fn detect(bytes: &[u8]) -> LogKind {
    let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
    match first {
        None => return LogKind::Unknown("empty file".into()),
        Some(b'{' | b'[') => return LogKind::Json,
        Some(_) => {}
    }
    let header = csv_header(bytes);
    let has = |n: &str| header.iter().any(|h| h == n);
    if has("Date") && has("User") && has("Action") && has("Section") {
        return LogKind::AuditCsv;
    }
    let map = ColumnMap::new(header.iter().map(String::as_str));
    if has("EVENT_TYPE") || map.has(Field::Timestamp) {
        return LogKind::ElfCsv;
    }
    if map.has(Field::EventDate) {
        return LogKind::RtemCsv;
    }
    LogKind::Unknown(
        "header is not a known log: no `EVENT_TYPE`, `TIMESTAMP` or `EventDate` column".into(),
    )
}
