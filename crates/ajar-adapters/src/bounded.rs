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

impl<R: Read> Read for RowCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in buf.get(..n).unwrap_or_default() {
            self.row_bytes += 1;
            match b {
                b'"' => {
                    self.open = !self.open;
                    if self.open {
                        self.opened_on = self.line;
                    }
                }
                b'\n' => {
                    self.line += 1;
                    if !self.open {
                        self.row_bytes = 0;
                    }
                }
                _ => {}
            }
        }
        if self.row_bytes > MAX_ROW {
            return Err(std::io::Error::other(OverCap));
        }
        Ok(n)
    }
}

/// Reads a whole file of at most `cap` bytes; a larger one is an error that [`is_over_cap`]
/// recognises, found from its size before anything is read.
pub(crate) fn read_file(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    let file = fs_err::File::open(path)?;
    if file.metadata()?.len() > cap {
        return Err(std::io::Error::other(OverCap));
    }
    let mut bytes = Vec::new();
    // A file that grows while it is read is held to the cap too.
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::other(OverCap));
    }
    Ok(bytes)
}
