//! Splitting a large plain CSV into byte ranges that start at record boundaries, so that parts
//! can be parsed in parallel.
//!
//! ELF quotes every value (formats.md §2.1), so a record starts right after a line break, with
//! a `"`. A line break inside a quoted value can be followed by `"` too (an escaped quote or the
//! closing quote), so a candidate is accepted only when the text after it parses as two
//! complete records with the header's number of fields, every field quoted.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::ByteRange;

const WINDOW: usize = 1 << 20;

/// The file's ranges, or `None` when it is not a fully quoted CSV that can be split safely.
pub(crate) fn ranges(path: &Path, chunk: u64) -> std::io::Result<Option<Vec<ByteRange>>> {
    let mut f = fs_err::File::open(path)?;
    let size = f.metadata()?.len();
    let mut head = Vec::new();
    f.by_ref().take(WINDOW as u64).read_to_end(&mut head)?;
    let bom = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let body = head.get(bom..).unwrap_or_default();
    let Some((header, header_len)) = parse_header(body) else {
        return Ok(None);
    };
    let ncols = header.len();
    let first = (bom + header_len) as u64;
    let mut starts = vec![first];
    let mut next = first + chunk.max(1);
    let mut buf = vec![0u8; WINDOW];
    while next < size {
        f.seek(SeekFrom::Start(next))?;
        let n = super::read_up_to(&mut f, &mut buf)?;
        let window = buf.get(..n).unwrap_or_default();
        let typed = header.first().is_some_and(|h| h == "EVENT_TYPE");
        match find_boundary(window, ncols, typed, next + n as u64 >= size) {
            Some(off) => {
                let at = next + off as u64;
                if at < size {
                    starts.push(at);
                }
                next = at + chunk.max(1);
            }
            None => next += n.max(1) as u64,
        }
    }
    let mut out = Vec::with_capacity(starts.len());
    for (index, w) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(size);
        out.push(ByteRange {
            start: *w,
            end,
            header: header.clone(),
            index,
            first_line: 0,
        });
    }
    Ok(Some(out))
}

/// Header names and the byte length of the header line (with its line break).
fn parse_header(body: &[u8]) -> Option<(Vec<String>, usize)> {
    let (fields, len) = quoted_record(body, None)?;
    let names = fields
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect();
    Some((names, len))
}

/// Parses one fully quoted record at the start of `s`: `"a","b""c"\r?\n`. Returns the raw
/// field contents and the record's length including the line break; `None` if `s` does not
/// start with such a record (or it is cut by the end of `s`). With `want`, the field count
/// must match.
fn quoted_record(s: &[u8], want: Option<usize>) -> Option<(Vec<&[u8]>, usize)> {
    let mut fields = Vec::new();
    let mut i = 0;
    loop {
        if s.get(i) != Some(&b'"') {
            return None;
        }
        let start = i + 1;
        let mut j = start;
        loop {
            match s.get(j)? {
                b'"' if s.get(j + 1) == Some(&b'"') => j += 2,
                b'"' => break,
                _ => j += 1,
            }
        }
        fields.push(s.get(start..j)?);
        i = j + 1;
        match s.get(i)? {
            b',' => i += 1,
            b'\n' => {
                i += 1;
                break;
            }
            b'\r' if s.get(i + 1) == Some(&b'\n') => {
                i += 2;
                break;
            }
            _ => return None,
        }
    }
    if want.is_some_and(|w| w != fields.len()) {
        return None;
    }
    Some((fields, i))
}

/// Offset in `w` of the first record start that is followed by two well-formed records (or by
/// one that reaches the end of the file). With `typed` (the first column is `EVENT_TYPE`), the
/// first value must be a non-empty event type name, which a quoted line break inside a value
/// almost never mimics.
pub(crate) fn find_boundary(
    w: &[u8],
    ncols: usize,
    typed: bool,
    window_reaches_eof: bool,
) -> Option<usize> {
    let mut from = 0;
    while let Some(pos) = memchr::memchr(b'\n', w.get(from..)?) {
        let cand = from + pos + 1;
        from = cand;
        let prev = w
            .get(..cand - 1)
            .and_then(|p| p.iter().rev().find(|&&b| b != b'\r'));
        if prev != Some(&b'"') || w.get(cand) != Some(&b'"') {
            continue;
        }
        let rest = w.get(cand..)?;
        let Some((fields, len1)) = quoted_record(rest, Some(ncols)) else {
            continue;
        };
        if typed
            && !fields
                .first()
                .is_some_and(|t| !t.is_empty() && t.iter().all(u8::is_ascii_alphanumeric))
        {
            continue;
        }
        let after = rest.get(len1..)?;
        if after.is_empty() && window_reaches_eof {
            return Some(cand);
        }
        if quoted_record(after, Some(ncols)).is_some() {
            return Some(cand);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_newline_is_not_a_boundary() {
        // The second record's value holds `\n"",""x` which looks like a record start.
        let text = b"\"a\",\"b\"\n\"1\",\"x\n\"\",\"\"y\"\n\"2\",\"z\"\n\"3\",\"w\"\n";
        let b = find_boundary(text, 2, false, true).unwrap();
        // The first true boundary after the header is the record "1".
        assert_eq!(&text[b..b + 3], b"\"1\"");
        let b2 = find_boundary(&text[b..], 2, false, true).unwrap() + b;
        assert_eq!(&text[b2..b2 + 3], b"\"2\"");
    }

    #[test]
    fn a_value_mimicking_a_record_is_refused_when_typed() {
        // `"URI","a""\n"",""b"`: after the line break, `"",""b"` parses as two fields.
        let text = b"\"URI\",\"a\"\"\n\"\",\"\"b\"\n\"URI\",\"z\"\n\"URI\",\"w\"\n";
        let b = find_boundary(&text[1..], 2, true, true).unwrap() + 1;
        assert_eq!(&text[b..b + 8], b"\"URI\",\"z");
    }

    #[test]
    fn header_and_crlf() {
        let (names, len) = parse_header(b"\"A\",\"B\"\r\n\"1\",\"2\"\r\n").unwrap();
        assert_eq!(names, vec!["A", "B"]);
        assert_eq!(len, 9);
    }

    #[test]
    fn ranges_cover_the_file_and_start_at_records() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.csv");
        let mut s = String::from("\"EVENT_TYPE\",\"URI\"\n");
        for i in 0..5000 {
            if i % 7 == 0 {
                s.push_str(&format!("\"URI\",\"/x\n\"\",\"\"{i}\"\n"));
            } else {
                s.push_str(&format!("\"URI\",\"/{i}\"\n"));
            }
        }
        std::fs::write(&p, &s).unwrap();
        let r = ranges(&p, 4000).unwrap().unwrap();
        assert!(r.len() > 10);
        assert_eq!(r[0].start, 19);
        assert_eq!(r.last().unwrap().end, s.len() as u64);
        for w in r.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            let at = w[1].start as usize;
            assert_eq!(&s.as_bytes()[at - 2..at + 5], b"\"\n\"URI\"");
        }
    }
}
