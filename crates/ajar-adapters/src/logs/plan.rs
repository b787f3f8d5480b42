//! Which files to read and how to share them between tasks: inputs expanded into files, files
//! that may overlap grouped, large plain CSVs split into byte ranges that know their first line.

use super::first_records::FirstRecords;
use super::{
    ByteRange, ColumnMap, Field, LogError, LogKind, Part, Unit, detect, io_err, is_gzip, split,
};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// What [`plan`] learns of a file from its first row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct FirstRow {
    event_type: String,
    day: String,
}

/// How many bytes [`first_row`] reads first: a log's header and first row fit in far fewer.
/// Reading the whole prefix (64 KiB, and a buffer of 256 KiB) of every file before any task
/// started was about 4 % of a hunt's time (issue #19).
const FIRST_READ: u64 = 8 * 1024;

/// Whether `bytes`, a file's first bytes, hold its first two CSV records ended by a line
/// break before their last byte: then the file's longer prefix parses to the same two.
fn two_records_whole(bytes: &[u8]) -> bool {
    let mut records = FirstRecords::new(bytes);
    records.next_record().is_some() && records.next_record().is_some() && records.read < bytes.len()
}

/// A file's kind and first row, from the first [`FIRST_READ`] bytes when they settle it, else
/// from its whole prefix (what the reading task sees).
fn first_row(path: &Path) -> Result<(LogKind, Option<FirstRow>), LogError> {
    let (mut reader, _) = super::open_buffered(path, FIRST_READ as usize)?;
    let (mut prefix, ended) = detect::prefix_of(&mut reader, FIRST_READ).map_err(io_err(path))?;
    let settled = ended
        || match prefix.bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            // JSON whatever follows.
            Some(b'{' | b'[') => true,
            Some(_) => two_records_whole(&prefix.bytes),
            None => false,
        };
    if !settled {
        prefix
            .extend_to(&mut reader, detect::PREFIX_LEN)
            .map_err(io_err(path))?;
    }
    Ok(first_of(&prefix.bytes))
}

/// The kind and first row that a file's first bytes show.
fn first_of(bytes: &[u8]) -> (LogKind, Option<FirstRow>) {
    let kind = detect::detect(bytes);
    if kind != LogKind::ElfCsv {
        return (kind, None);
    }
    let mut records = FirstRecords::new(bytes);
    let mut text = || {
        records
            .next_record()
            .and_then(|r| csv::StringRecord::from_byte_record(r).ok())
    };
    let (Some(header), Some(rec)) = (text(), text()) else {
        return (kind, None);
    };
    let map = ColumnMap::new(header.iter());
    let get = |f| map.get(f).and_then(|i| rec.get(i)).unwrap_or("");
    let event_type = get(Field::EventType).to_string();
    let ts = get(Field::Timestamp);
    let day = ts.get(..8).unwrap_or("").to_string();
    (kind, Some(FirstRow { event_type, day }))
}

/// Groups input files into tasks: files that may overlap together, large plain CSVs split into
/// ranges of about `chunk_bytes` at record boundaries, everything else one file per task.
/// `files` holds each path with its display name.
pub fn plan(files: &[(PathBuf, String)], chunk_bytes: u64) -> Result<Vec<Unit>, LogError> {
    use rayon::prelude::*;
    let mut keyed: std::collections::BTreeMap<FirstRow, Vec<Part>> = Default::default();
    let mut units = Vec::new();
    // Each file's first row read in parallel (an open and a read each: hundreds of files
    // before the first task could start); errors are taken in file order below.
    let firsts: Vec<_> = files.par_iter().map(|(path, _)| first_row(path)).collect();
    for ((path, display), first) in files.iter().zip(firsts) {
        let whole = Part {
            path: path.clone(),
            display: display.clone(),
            range: None,
        };
        let (kind, first) = first?;
        match first {
            Some(first) if kind == LogKind::ElfCsv && !first.event_type.is_empty() => {
                keyed.entry(first).or_default().push(whole);
            }
            _ => units.push(Unit {
                parts: vec![whole],
                may_overlap: false,
            }),
        }
    }
    for (_, parts) in keyed {
        if parts.len() > 1 {
            units.push(Unit {
                parts,
                may_overlap: true,
            });
            continue;
        }
        for part in parts {
            let size = fs_err::metadata(&part.path).map(|m| m.len()).unwrap_or(0);
            if size > chunk_bytes.saturating_mul(2) && !is_gzip(&part.path)? {
                let ranges = split::ranges(&part.path, chunk_bytes).map_err(io_err(&part.path))?;
                if let Some(ranges) = ranges {
                    for range in number_lines(&part.path, ranges)? {
                        units.push(Unit {
                            parts: vec![Part {
                                range: Some(range),
                                ..part.clone()
                            }],
                            may_overlap: false,
                        });
                    }
                    continue;
                }
            }
            units.push(Unit {
                parts: vec![part],
                may_overlap: false,
            });
        }
    }
    Ok(units)
}

/// Sets each range's first line: line breaks are counted in every range in parallel, then
/// summed in order (a pass at memory speed; quoted values' line breaks count as lines, as in an
/// editor).
fn number_lines(path: &Path, mut ranges: Vec<ByteRange>) -> Result<Vec<ByteRange>, LogError> {
    use rayon::prelude::*;
    let count = |start: u64, end: u64| -> std::io::Result<u64> {
        let mut f = fs_err::File::open(path)?;
        f.seek(SeekFrom::Start(start))?;
        let mut r = f.take(end.saturating_sub(start));
        let mut buf = vec![0u8; 1 << 20];
        let mut n = 0u64;
        loop {
            let got = r.read(&mut buf)?;
            if got == 0 {
                return Ok(n);
            }
            n += memchr::memchr_iter(b'\n', buf.get(..got).unwrap_or_default()).count() as u64;
        }
    };
    let header_end = ranges.first().map_or(0, |r| r.start);
    let mut spans = vec![(0, header_end)];
    spans.extend(ranges.iter().map(|r| (r.start, r.end)));
    let counts: Vec<u64> = spans
        .par_iter()
        .map(|&(a, b)| count(a, b))
        .collect::<std::io::Result<_>>()
        .map_err(io_err(path))?;
    let mut line = 1;
    for (range, n) in ranges.iter_mut().zip(&counts) {
        line += n;
        range.first_line = line;
    }
    Ok(ranges)
}

/// Expands files, directories (recursively, sorted) and glob-free paths into files with their
/// display names (relative to the argument that named them, `/` separators). Symlinks are
/// handled as [`expand_inputs_with_skips`] says; the ones not followed are left out.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, LogError> {
    expand_inputs_with_skips(inputs).map(|(files, _)| files)
}

/// A file or folder found but not read: its display name and why.
pub type SkippedInput = (String, String);

/// Files to read (path and display name), and what was found and not read.
pub type Expanded = (Vec<(PathBuf, String)>, Vec<SkippedInput>);

/// [`expand_inputs`], also returning what was found and not read. A symlink inside a folder is
/// followed when its target lies inside the same input folder (a day folder linked under
/// another name, say), each folder once; one pointing outside the input, or nowhere, is not
/// read and is returned with the reason, never dropped silently (issue #15).
pub fn expand_inputs_with_skips(inputs: &[PathBuf]) -> Result<Expanded, LogError> {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        let meta = fs_err::metadata(input).map_err(|e| LogError::Io {
            path: input.clone(),
            source: std::io::Error::new(e.kind(), "not found"),
        })?;
        if meta.is_dir() {
            let root = input.canonicalize().map_err(io_err(input))?;
            let mut visited = std::collections::BTreeSet::from([root.clone()]);
            let mut stack = vec![input.clone()];
            let mut found = Vec::new();
            let mut links = Vec::new();
            while let Some(dir) = stack.pop() {
                let mut entries = Vec::new();
                for entry in fs_err::read_dir(&dir).map_err(|e| LogError::Io {
                    path: dir.clone(),
                    source: std::io::Error::new(e.kind(), "cannot list"),
                })? {
                    let entry = entry.map_err(io_err(&dir))?;
                    let ft = entry.file_type().map_err(io_err(&entry.path()))?;
                    entries.push((entry.path(), ft));
                }
                // Sorted, real folders before links: which name a linked folder is read under
                // does not depend on the file system's listing order.
                entries.sort_by_key(|(p, ft)| (ft.is_symlink(), p.clone()));
                for (p, ft) in entries {
                    if ft.is_dir() {
                        if visited.insert(p.canonicalize().map_err(io_err(&p))?) {
                            stack.push(p);
                        }
                    } else if ft.is_file() {
                        found.push(p);
                    } else if ft.is_symlink() {
                        match p.canonicalize() {
                            Ok(target) if target.starts_with(&root) => {
                                if target.is_dir() {
                                    if visited.insert(target) {
                                        stack.push(p);
                                    }
                                } else if target.is_file() {
                                    found.push(p);
                                }
                            }
                            Ok(_) => links.push((
                                p,
                                "a symlink to a place outside the input folder: not followed",
                            )),
                            Err(_) => links.push((p, "a symlink whose target does not exist")),
                        }
                    }
                }
            }
            found.sort();
            links.sort();
            let root_name = input.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let display = |p: &Path| {
                let rel = p.strip_prefix(input).unwrap_or(p);
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if root_name.is_empty() {
                    rel.join("/")
                } else {
                    format!("{root_name}/{}", rel.join("/"))
                }
            };
            for (p, why) in links {
                skipped.push((display(&p), why.to_owned()));
            }
            for p in found {
                let d = display(&p);
                out.push((p, d));
            }
        } else {
            let display = input
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            out.push((input.clone(), display));
        }
    }
    Ok((out, skipped))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::{FIRST_READ, detect, first_of, first_row};
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    /// Files whose first read does not hold the header and first row must be read on: the
    /// kind and first row are those of the whole 64 KiB prefix, as the reading task sees it.
    #[test]
    fn a_short_first_read_says_what_the_whole_prefix_says() {
        let long = "x".repeat(FIRST_READ as usize + 100);
        let row = "\"URI\",\"20201104083015.123\"";
        let files: Vec<(&str, Vec<u8>)> = vec![
            (
                "short",
                format!("\"EVENT_TYPE\",\"TIMESTAMP\"\n{row}\n").into_bytes(),
            ),
            // The row's long value comes before the two the plan reads.
            (
                "long-row",
                format!("\"A\",\"EVENT_TYPE\",\"TIMESTAMP\"\n\"{long}\",{row}\n{row}\n")
                    .into_bytes(),
            ),
            // A header cut at the first read would lack `EVENT_TYPE`.
            (
                "long-header",
                format!("\"{long}\",\"EVENT_TYPE\",\"TIMESTAMP\"\n\"a\",{row}\n").into_bytes(),
            ),
            // White space, then JSON.
            (
                "json",
                format!("{}{{\"a\":1}}\n", " \n".repeat(FIRST_READ as usize)).into_bytes(),
            ),
            (
                "bom",
                format!("\u{feff}\"EVENT_TYPE\",\"TIMESTAMP\"\n{row}\n").into_bytes(),
            ),
        ];
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            for (suffix, stored) in [("csv", bytes.clone()), ("csv.gz", gzip(&bytes))] {
                let path = dir.path().join(format!("{name}.{suffix}"));
                std::fs::write(&path, &stored).unwrap();
                let want = first_of(&detect::prefix(&mut bytes.as_slice()).unwrap().bytes);
                assert_eq!(first_row(&path).unwrap(), want, "{name}.{suffix}");
            }
        }
        // The cases above are the ones a first read alone gets wrong.
        let cut = |b: &[u8]| {
            first_of(
                &detect::prefix(&mut &b[..FIRST_READ as usize])
                    .unwrap()
                    .bytes,
            )
        };
        let header = format!("\"{long}\",\"EVENT_TYPE\",\"TIMESTAMP\"\n\"a\",\"URI\"\n");
        assert_ne!(cut(header.as_bytes()), first_of(header.as_bytes()));
    }
}
