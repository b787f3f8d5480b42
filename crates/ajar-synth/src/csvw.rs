//! A quoted-CSV row writer into a reused buffer: every value double-quoted, inner quotes
//! doubled (RFC 4180; EventLogFile and Data Export both quote every value, formats.md §2.1,
//! §2.8). Numbers and timestamps are formatted by hand to avoid per-row allocation.

use crate::plan::{DAY_MS, Day};

/// Appends one row's fields to a buffer.
pub(crate) struct Row<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Row<'a> {
    pub(crate) fn new(buf: &'a mut Vec<u8>) -> Self {
        Self { buf, first: true }
    }

    fn open(&mut self) {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        self.buf.push(b'"');
    }

    /// A text value.
    pub(crate) fn s(&mut self, v: &str) -> &mut Self {
        self.b(v.as_bytes())
    }

    /// A byte-string value.
    pub(crate) fn b(&mut self, v: &[u8]) -> &mut Self {
        self.open();
        if v.contains(&b'"') {
            for &c in v {
                if c == b'"' {
                    self.buf.push(b'"');
                }
                self.buf.push(c);
            }
        } else {
            self.buf.extend_from_slice(v);
        }
        self.buf.push(b'"');
        self
    }

    /// An unsigned number.
    pub(crate) fn n(&mut self, v: u64) -> &mut Self {
        self.open();
        push_u64(self.buf, v);
        self.buf.push(b'"');
        self
    }

    /// ELF `TIMESTAMP`: `yyyyMMddHHmmss` then the milliseconds with trailing zeros dropped
    /// (so 0–3 fraction digits, as in `20211019050707.13`, formats.md §2.1).
    pub(crate) fn ts(&mut self, ms: i64) -> &mut Self {
        self.open();
        let (y, mo, d, h, mi, s, milli) = split(ms);
        push_pad(self.buf, y, 4);
        push_pad(self.buf, mo, 2);
        push_pad(self.buf, d, 2);
        push_pad(self.buf, h, 2);
        push_pad(self.buf, mi, 2);
        push_pad(self.buf, s, 2);
        if milli != 0 {
            self.buf.push(b'.');
            let mut m = milli;
            let mut digits = 3;
            while m % 10 == 0 {
                m /= 10;
                digits -= 1;
            }
            push_pad(self.buf, m, digits);
        }
        self.buf.push(b'"');
        self
    }

    /// ELF `TIMESTAMP_DERIVED`: `2020-11-20T05:07:07.128Z`.
    pub(crate) fn iso(&mut self, ms: i64) -> &mut Self {
        self.open();
        push_iso(self.buf, ms);
        self.buf.push(b'"');
        self
    }

    /// Ends the row.
    pub(crate) fn end(&mut self) {
        self.buf.push(b'\n');
    }
}

/// `2016-03-01T09:12:44.000Z`.
pub(crate) fn push_iso(buf: &mut Vec<u8>, ms: i64) {
    let (y, mo, d, h, mi, s, milli) = split(ms);
    push_pad(buf, y, 4);
    buf.push(b'-');
    push_pad(buf, mo, 2);
    buf.push(b'-');
    push_pad(buf, d, 2);
    buf.push(b'T');
    push_pad(buf, h, 2);
    buf.push(b':');
    push_pad(buf, mi, 2);
    buf.push(b':');
    push_pad(buf, s, 2);
    buf.push(b'.');
    push_pad(buf, milli, 3);
    buf.push(b'Z');
}

/// The ISO form as a string.
pub(crate) fn iso(ms: i64) -> String {
    let mut v = Vec::with_capacity(24);
    push_iso(&mut v, ms);
    String::from_utf8_lossy(&v).into_owned()
}

fn split(ms: i64) -> (u64, u64, u64, u64, u64, u64, u64) {
    let day = Day::of_ms(ms);
    let (y, mo, d) = day.civil();
    let rest = ms - day.ms();
    let rest = u64::try_from(rest.clamp(0, DAY_MS - 1)).unwrap_or(0);
    let u = |v: i64| u64::try_from(v).unwrap_or(0);
    (
        u(y),
        u(mo),
        u(d),
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000,
    )
}

/// Appends `v` in decimal.
pub(crate) fn push_u64(buf: &mut Vec<u8>, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        if let Some(slot) = tmp.get_mut(i) {
            *slot = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 || i == 0 {
            break;
        }
    }
    buf.extend_from_slice(tmp.get(i..).unwrap_or(&[]));
}

/// Appends `v` zero-padded to `width` digits (at most 4; timestamps only).
fn push_pad(buf: &mut Vec<u8>, v: u64, width: usize) {
    const POW: [u64; 4] = [1, 10, 100, 1000];
    for p in POW.iter().take(width).rev() {
        buf.push(b'0' + (v / p % 10) as u8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_timestamps() {
        let mut b = Vec::new();
        let ms = Day::ymd(2020, 11, 20).ms() + 5 * 3_600_000 + 7 * 60_000 + 7_130;
        Row::new(&mut b)
            .s("a\"b")
            .n(42)
            .ts(ms)
            .iso(ms)
            .ts(ms - 130)
            .end();
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "\"a\"\"b\",\"42\",\"20201120050707.13\",\"2020-11-20T05:07:07.130Z\",\"20201120050707\"\n"
        );
    }
}
