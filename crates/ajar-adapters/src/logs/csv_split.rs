//! Splits CSV records 64 bytes at a time (issue #19).
//!
//! Salesforce quotes every value of its CSV logs (formats.md §2.8). A reader that looks for the
//! next quote with a search call per value (`simd-csv`, whose own notes give "quote-always"
//! files about the speed of scalar code) spends most of its time starting searches over a few
//! bytes. Here each block of 64 bytes is compared with `"`, `,` and `\n` 16 bytes at a time
//! (`wide`: SSE2 on x86-64, NEON on aarch64, plain code elsewhere), each comparison giving one
//! bit a byte; the bits of the bytes inside quotes are the running parity of the quote bits (a
//! prefix XOR), so the separators and the record's end are the commas and line feeds at even
//! parity, read off the bit masks. Measured on a day of the seed scenario's logs: 2.6 times
//! `simd-csv`'s splitting speed (docs/hunt.md).
//!
//! The records are those `simd-csv`'s zero-copy reader gives (with `has_headers(false)` and
//! `flexible(true)`), which a property test holds this reader to: a UTF-8 byte-order mark
//! opening the input is dropped; line feeds and carriage returns before a record are skipped;
//! a record ends at a line feed outside quotes (a `\r` before it dropped) or at the end of the
//! input (a line end there dropped, inside quotes or not); a quote anywhere opens a quoted run and the next quote closes it (`""` closes and
//! opens again). Its state machine is that parity: a value is inside quotes exactly when an
//! odd number of quotes precede it in the record. A record's line is one more than the line
//! feeds before it (the reader before this one stopped counting blank lines at a lone `\r`);
//! a read interrupted by a signal is retried. One difference: after a closing quote,
//! `simd-csv` 0.14 takes a `\r` for the end of a CRLF when the byte *two* on is a line feed, so
//! `"a"\r,\n` loses its separator there; here a record ends only at a line feed.

use std::io::Read;
use wide::u8x16;

/// Bytes compared at a time.
const BLOCK: usize = 64;

/// One record: its bytes without the line end, and where its separators are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    bytes: &'a [u8],
    /// Offsets of the separators in `bytes`.
    seps: &'a [usize],
}

impl<'a> Record<'a> {
    /// Number of values (at least one).
    pub(crate) fn len(&self) -> usize {
        self.seps.len() + 1
    }

    /// The record's bytes, separators and quotes included, line end excluded.
    pub(crate) fn as_slice(&self) -> &'a [u8] {
        self.bytes
    }

    /// Value `i` as written, quotes included.
    fn raw(&self, i: usize) -> Option<&'a [u8]> {
        let start = match i.checked_sub(1) {
            None => 0,
            Some(j) => self.seps.get(j)? + 1,
        };
        let end = match self.seps.get(i) {
            Some(&e) => e,
            None if i == self.seps.len() => self.bytes.len(),
            None => return None,
        };
        self.bytes.get(start..end)
    }

    /// Value `i` without the quotes around it (when it starts and ends with one), doubled
    /// quotes left as they are.
    pub(crate) fn unquote(&self, i: usize) -> Option<&'a [u8]> {
        let v = self.raw(i)?;
        Some(match v {
            [b'"', inner @ .., b'"'] => inner,
            _ => v,
        })
    }

    /// Value `i` without its quotes, doubled quotes undone; a value not quoted at both ends
    /// as it is (as `simd-csv` reads it).
    pub(crate) fn unescape(&self, i: usize) -> Option<std::borrow::Cow<'a, [u8]>> {
        let v = self.raw(i)?;
        Some(match v {
            [b'"', inner @ .., b'"'] => simd_csv::unescape(inner, b'"'),
            _ => std::borrow::Cow::Borrowed(v),
        })
    }
}

/// Reads records from `R` through one buffer, which grows only for a record longer than it;
/// a record longer than its cap ends the reading with [`crate::bounded::over_cap`]'s error.
pub(crate) struct Splitter<R> {
    inner: R,
    /// The longest record read, in bytes.
    cap: usize,
    buf: Vec<u8>,
    /// Bytes of `buf` filled.
    filled: usize,
    /// First byte not yet handed out.
    start: usize,
    /// Whether `inner` has no more bytes.
    eof: bool,
    /// Whether the input's first bytes were looked at (for a byte-order mark).
    began: bool,
    /// Line feeds before `start`.
    lines: u64,
    /// The record being read: separators, and the state after its blocks scanned so far.
    seps: Vec<usize>,
    scan: Scan,
    /// The buffer's first size: a buffer still of that size is kept for the thread's next
    /// reader.
    first_size: usize,
}

thread_local! {
    /// The buffer of the last reader this thread dropped, for its next one: a hunt reads
    /// hundreds of files, and zeroing a fresh 256 KiB buffer for each, then touching it for the
    /// first time, was about 0.5 % of a hunt over every principal (issue #19). Only a buffer of
    /// the size asked for is handed out (one grown for a long record is let go), so a reader
    /// works the same with it or without.
    static SPARE: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

impl<R> Drop for Splitter<R> {
    fn drop(&mut self) {
        if self.buf.len() == self.first_size {
            let buf = std::mem::take(&mut self.buf);
            // A thread being torn down keeps nothing.
            let _ = SPARE.try_with(|s| s.set(buf));
        }
    }
}

/// How far a record's scan got: resumed after the buffer is refilled.
#[derive(Debug, Clone, Copy, Default)]
struct Scan {
    /// Bytes of the record scanned (whole blocks).
    done: usize,
    /// All ones when the scanned bytes leave a quote open.
    inside: u64,
    /// Line feeds in the scanned bytes.
    lines: u64,
}

impl<R: Read> Splitter<R> {
    /// A reader whose buffer starts at `capacity` bytes, for records of at most `cap` bytes.
    pub(crate) fn new(inner: R, capacity: usize, cap: usize) -> Self {
        // Three bytes at least, so that the first read can hold a byte-order mark.
        let size = capacity.max(3);
        // Bytes left in a spare buffer by an earlier reader are never read: only those this
        // reader fills are.
        let buf = SPARE
            .try_with(std::cell::Cell::take)
            .ok()
            .filter(|b| b.len() == size)
            .unwrap_or_else(|| vec![0; size]);
        Self {
            inner,
            cap,
            buf,
            first_size: size,
            filled: 0,
            start: 0,
            eof: false,
            began: false,
            lines: 0,
            seps: Vec::new(),
            scan: Scan::default(),
        }
    }

    /// The 1-based line of the next byte to read.
    pub(crate) fn line(&self) -> u64 {
        self.lines + 1
    }

    /// The next record, with the 1-based line it starts on; `None` at the end of the input.
    pub(crate) fn next_record(&mut self) -> std::io::Result<Option<(u64, Record<'_>)>> {
        if !self.began {
            // A byte-order mark is looked for in the first read, as `simd-csv` looks for it.
            self.began = true;
            if self.filled == 0 {
                self.fill()?;
            }
            let first = self.buf.get(..self.filled).unwrap_or_default();
            if first.starts_with(b"\xef\xbb\xbf") {
                self.start = 3;
            }
        }
        // Line ends before a record are skipped.
        loop {
            match self.buf.get(self.start..self.filled) {
                Some([]) | None => {
                    if self.eof {
                        return Ok(None);
                    }
                    self.fill()?;
                }
                Some(rest) => {
                    let skip = rest.iter().take_while(|&&b| b == b'\n' || b == b'\r');
                    let (n, lf) =
                        skip.fold((0, 0), |(n, lf), &b| (n + 1, lf + u64::from(b == b'\n')));
                    self.start += n;
                    self.lines += lf;
                    if n < rest.len() {
                        break;
                    }
                }
            }
        }
        self.seps.clear();
        self.scan = Scan::default();
        let end = loop {
            if let Some(end) = self.scan_record() {
                break end;
            }
            self.fill()?;
        };
        let line = self.lines + 1;
        let rec_start = self.start;
        let (len, next) = match end {
            // The terminator at `e` (relative), a carriage return before it dropped.
            Some(e) => {
                let cr = e > 0 && self.buf.get(rec_start + e - 1) == Some(&b'\r');
                (e - usize::from(cr), rec_start + e + 1)
            }
            // The end of the input, inside quotes or not: a line end there is dropped too.
            None => {
                let rest = self.buf.get(rec_start..self.filled).unwrap_or_default();
                let len = match rest {
                    [.., b'\r', b'\n'] => rest.len() - 2,
                    [.., b'\n'] => rest.len() - 1,
                    _ => rest.len(),
                };
                (len, self.filled)
            }
        };
        self.lines += self.scan.lines;
        self.start = next;
        let bytes = self.buf.get(rec_start..rec_start + len).unwrap_or_default();
        Ok(Some((
            line,
            Record {
                bytes,
                seps: &self.seps,
            },
        )))
    }

    /// Scans the record from where its scan stopped. `Some(Some(e))`: it ends with the line
    /// feed at `e` bytes from its start; `Some(None)`: it ends with the input; `None`: more
    /// bytes are needed.
    fn scan_record(&mut self) -> Option<Option<usize>> {
        let avail = self.buf.get(self.start..self.filled).unwrap_or_default();
        loop {
            let at = self.scan.done;
            let rest = avail.get(at..).unwrap_or_default();
            let (block, whole) = match rest.first_chunk::<BLOCK>() {
                Some(b) => (*b, true),
                None if rest.is_empty() && !self.eof => return None,
                None => {
                    let mut b = [0u8; BLOCK];
                    b.iter_mut().zip(rest).for_each(|(d, s)| *d = *s);
                    (b, false)
                }
            };
            let quotes = mask(&block, b'"');
            let inside = prefix_xor(quotes) ^ self.scan.inside;
            let commas = mask(&block, b',') & !inside;
            let feeds = mask(&block, b'\n');
            let ends = feeds & !inside;
            let upto = if ends != 0 {
                // Bits up to and including the first end.
                let first = ends.trailing_zeros();
                u64::MAX >> (63 - first)
            } else {
                u64::MAX
            };
            if ends == 0 && !whole && !self.eof {
                // A block not yet whole: the bytes after it may still end the record.
                return None;
            }
            push_bits(&mut self.seps, commas & upto, at);
            self.scan.lines += ones(feeds & upto);
            if ends != 0 {
                return Some(Some(at + ends.trailing_zeros() as usize));
            }
            if !whole {
                return Some(None);
            }
            self.scan.done = at + BLOCK;
            self.scan.inside = 0u64.wrapping_sub(inside >> 63);
        }
    }

    /// Reads more bytes, first moving the unread ones to the buffer's start, or doubling the
    /// buffer when they fill it.
    fn fill(&mut self) -> std::io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.filled, 0);
            self.filled -= self.start;
            self.start = 0;
        }
        if self.filled > self.cap {
            // The record has not ended within the cap. (Line ends skipped before a record are
            // not kept, so they do not count.)
            return Err(crate::bounded::over_cap());
        }
        // The buffer holds at most one byte past the cap, however large the reads: a record
        // longer than the cap is refused at the next fill.
        let most = self.cap.saturating_add(1);
        if self.filled == self.buf.len() {
            let grown = self.buf.len().saturating_mul(2).min(most);
            self.buf.resize(grown.max(self.filled + 1), 0);
        }
        let end = self.buf.len().min(most);
        let space = self.buf.get_mut(self.filled..end).unwrap_or_default();
        let n = loop {
            match self.inner.read(space) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        self.filled += n;
        self.eof = n == 0;
        Ok(())
    }
}

/// The bits of the bytes of `block` equal to `b`, byte `i` at bit `i`.
#[inline]
fn mask(block: &[u8; BLOCK], b: u8) -> u64 {
    let needle = u8x16::splat(b);
    let (parts, _) = block.as_chunks::<16>();
    parts.iter().enumerate().fold(0, |m, (k, part)| {
        let bits = u8x16::from(*part).simd_eq(needle).to_bitmask();
        m | u64::from(bits) << (16 * k)
    })
}

/// Bit `i` is the parity of bits `0..=i` of `x`.
#[inline]
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

/// The bits set in `x`, which is most often 0 or 1 bit (a record's line feeds in a block):
/// the x86-64 baseline has no population count instruction, and its software form costs more
/// than the test.
#[inline]
fn ones(x: u64) -> u64 {
    if x & x.wrapping_sub(1) == 0 {
        u64::from(x != 0)
    } else {
        u64::from(x.count_ones())
    }
}

/// Appends `base` plus the place of each set bit of `bits`, lowest first.
#[inline]
fn push_bits(out: &mut Vec<usize>, mut bits: u64, base: usize) {
    while bits != 0 {
        out.push(base + bits.trailing_zeros() as usize);
        bits &= bits - 1;
    }
}

#[cfg(test)]
mod tests;
