//! Caps on what one row or one file of an input may take (issue #15): a damaged or hostile file
//! stops with a message naming it, instead of growing a parser's buffer until memory runs out.

use std::io::Read;
use std::path::Path;

/// The largest row read from any CSV input (Data Export, CSV logs, the Setup Audit Trail, a
/// GeoIP table), in bytes between line breaks outside quotes: far above what Salesforce's field
/// limits allow (a long text area holds 131,072 characters), small enough that one damaged row
/// cannot exhaust memory.
pub const MAX_ROW: u64 = 32 << 20;

/// The largest metadata file read. A metadata file is parsed whole, so the cap is per file;
/// the largest files of a retrieve (profiles of big orgs) stay far below it.
pub const MAX_METADATA_FILE: u64 = 128 << 20;

/// The error a capped reader returns (inside an `io::Error`).
#[derive(Debug)]
struct OverCap;

impl std::fmt::Display for OverCap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("over the size limit")
    }
}

impl std::error::Error for OverCap {}

/// The error of a row or file over its cap, which [`is_over_cap`] recognises.
pub(crate) fn over_cap() -> std::io::Error {
    std::io::Error::other(OverCap)
}

/// Whether `e` is a capped reader's "over the size limit".
pub(crate) fn is_over_cap(e: &std::io::Error) -> bool {
    e.get_ref().is_some_and(|i| i.is::<OverCap>())
}

/// Watches the bytes a CSV parser reads: quotes (for a quote that is never closed) and the
/// length of the current row. A row longer than [`MAX_ROW`] ends the read with an error that
/// [`is_over_cap`] recognises, so one endless line cannot grow the parser's buffer.
/// Salesforce quotes every field and doubles inner quotes (formats.md §2.8): a line break
/// inside quotes belongs to the row, and the quotes balance in a sound file.
pub(crate) struct RowCap<R> {
    inner: R,
    /// Whether a quote is open at the last byte read.
    pub(crate) open: bool,
    line: u64,
    /// The line where the open quote opened.
    pub(crate) opened_on: u64,
    row_bytes: u64,
}

impl<R> RowCap<R> {
    /// Watches `inner` from line 1.
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            open: false,
            line: 1,
            opened_on: 1,
            row_bytes: 0,
        }
    }
}

impl<R> RowCap<R> {
    /// Follows the quotes, lines and row length over `got`, the bytes just read, a chunk at a
    /// time (counted with wide compares, never byte by byte: this sits under every CSV read).
    /// `opened_on` is only kept while a quote is open, the only time it is read.
    fn watch(&mut self, got: &[u8]) {
        let quotes = count(got, b'"');
        let open_at_end = self.open ^ (quotes % 2 == 1);
        // The last line break outside quotes ends the rows before it: walk back over the
        // breaks, the quote state at each one being the end's undone by the quotes after it.
        let mut end = got.len();
        let mut after = 0usize;
        let mut row_start = None;
        while let Some(p) = memchr::memrchr(b'\n', got.get(..end).unwrap_or_default()) {
            after += count(got.get(p + 1..end).unwrap_or_default(), b'"');
            if !(open_at_end ^ (after % 2 == 1)) {
                row_start = Some(p + 1);
                break;
            }
            end = p;
        }
        if open_at_end
            && quotes > 0
            && let Some(q) = memchr::memrchr(b'"', got)
        {
            // The quote open at the end is the chunk's last one.
            self.opened_on = self.line + count(got.get(..q).unwrap_or_default(), b'\n') as u64;
        }
        self.line += count(got, b'\n') as u64;
        self.open = open_at_end;
        match row_start {
            Some(s) => self.row_bytes = (got.len() - s) as u64,
            None => self.row_bytes += got.len() as u64,
        }
    }
}

/// How many bytes of `bytes` are `b`, counted by `memchr`'s vector routine (AVX2 where the
/// processor has it). Issue #19: the byte-wide fold this replaced, which the compiler turned
/// into 16-byte compares, took about 5 % of a hunt's instructions.
pub(crate) fn count(bytes: &[u8], b: u8) -> usize {
    memchr::memchr_iter(b, bytes).count()
}

impl<R: Read> Read for RowCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.watch(buf.get(..n).unwrap_or_default());
        if self.row_bytes > MAX_ROW {
            return Err(over_cap());
        }
        Ok(n)
    }
}

/// Reads a whole file of at most `cap` bytes; a larger one is an error that [`is_over_cap`]
/// recognises, found from its size before anything is read.
pub(crate) fn read_file(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    let file = fs_err::File::open(path)?;
    let len = file.metadata()?.len();
    if len > cap {
        return Err(std::io::Error::other(OverCap));
    }
    // One allocation of the file's size (and the probe for its end fits in it).
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    // A file that grows while it is read is held to the cap too.
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::other(OverCap));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::RowCap;
    use std::io::Read;

    /// The byte-by-byte reading of quotes, lines and row length that `watch` must equal.
    fn reference(bytes: &[u8]) -> Vec<(bool, u64, u64, u64)> {
        let (mut open, mut line, mut opened_on, mut row) = (false, 1, 1, 0);
        bytes
            .iter()
            .map(|&b| {
                row += 1;
                match b {
                    b'"' => {
                        open = !open;
                        if open {
                            opened_on = line;
                        }
                    }
                    b'\n' => {
                        line += 1;
                        if !open {
                            row = 0;
                        }
                    }
                    _ => {}
                }
                (open, line, opened_on, row)
            })
            .collect()
    }

    #[test]
    fn chunked_watch_matches_byte_by_byte() {
        let text =
            b"\"A\",\"B\"\r\n\"x\ny\",\"\"\"q\"\"\"\n\n\"open\nstill\n\"\"\n\"z\",\"\"\n\"tail";
        let want = reference(text);
        for size in 1..=text.len() {
            let mut cap = RowCap::new(&text[..]);
            let mut buf = vec![0; size];
            let mut at = 0;
            loop {
                let n = cap.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                at += n;
                let (open, line, opened_on, row) = want[at - 1];
                assert_eq!((cap.open, cap.row_bytes), (open, row), "chunks of {size}");
                assert_eq!(cap.line, line, "chunks of {size}");
                if open {
                    assert_eq!(cap.opened_on, opened_on, "chunks of {size}");
                }
            }
        }
    }
}
