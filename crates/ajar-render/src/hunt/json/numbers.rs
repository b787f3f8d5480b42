//! Times and counts as text for the report's long arrays, times written by hand and counts
//! through `itoa`: the formatter's machinery (`write!` of a `jiff::Timestamp` and of integers)
//! was most of the JSON writer's time on a hunt over every principal (issue #19). The same
//! bytes as `Display`, which the tests hold them to.

use std::io::Write as _;

/// The last decimal digit of `n`, as text.
fn digit(n: u64) -> u8 {
    // Below 10.
    b'0' + u8::try_from(n % 10).unwrap_or(0)
}

/// `n` as `Display` writes it, through `itoa` (serde_json's writer of integers).
pub(super) fn count(buf: &mut Vec<u8>, n: u64) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Writes timestamps as `jiff`'s `Display` does: RFC 3339 in UTC, the seconds' fraction only
/// when not zero and without its trailing zeros (`2020-11-20T01:02:03.45Z`). The dates of the
/// days written are kept; years outside 0 to 9999 (which `jiff` writes with a sign and six
/// digits) go through `Display`.
#[derive(Debug)]
pub(super) struct Times {
    /// The `yyyy-mm-ddT` of the days written, 64 slots by day number (a report's times fall
    /// on a few dozen days, in no order).
    days: Vec<(i64, [u8; 11])>,
}

/// Slots of [`Times`].
const DAYS: usize = 64;

impl Default for Times {
    fn default() -> Self {
        Self {
            days: vec![(i64::MIN, [0; 11]); DAYS],
        }
    }
}

/// Days since 1970-01-01 of 0000-01-01 and of 10000-01-01.
const FIRST_DAY: i64 = -719_528;
const END_DAY: i64 = 2_932_897;

impl Times {
    pub(super) fn write(&mut self, buf: &mut Vec<u8>, t: jiff::Timestamp) {
        let secs = t.as_second();
        let mut ns = t.subsec_nanosecond();
        let mut secs_of_day = secs.rem_euclid(86_400);
        let mut day = secs.div_euclid(86_400);
        if ns < 0 {
            // Before 1970 the fraction counts back from the second.
            ns += 1_000_000_000;
            if secs_of_day == 0 {
                secs_of_day = 86_399;
                day -= 1;
            } else {
                secs_of_day -= 1;
            }
        }
        if !(FIRST_DAY..END_DAY).contains(&day) {
            let _ = write!(buf, "{t}");
            return;
        }
        let slot = usize::try_from(day.rem_euclid(DAYS as i64)).unwrap_or(0);
        let date = match self.days.get_mut(slot) {
            Some((d, text)) if *d == day => *text,
            slot => {
                let date = jiff::tz::Offset::UTC.to_datetime(t).date();
                // Year, month and day are within range here: none is negative.
                let year = u64::try_from(date.year()).unwrap_or(0);
                let m = u64::try_from(date.month()).unwrap_or(0);
                let dd = u64::try_from(date.day()).unwrap_or(0);
                let text = [
                    digit(year / 1000),
                    digit(year / 100),
                    digit(year / 10),
                    digit(year),
                    b'-',
                    digit(m / 10),
                    digit(m),
                    b'-',
                    digit(dd / 10),
                    digit(dd),
                    b'T',
                ];
                if let Some(slot) = slot {
                    *slot = (day, text);
                }
                text
            }
        };
        buf.extend_from_slice(&date);
        // Not negative (a Euclidean remainder).
        let s = u64::try_from(secs_of_day).unwrap_or(0);
        let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
        buf.extend_from_slice(&[
            digit(h / 10),
            digit(h),
            b':',
            digit(m / 10),
            digit(m),
            b':',
            digit(sec / 10),
            digit(sec),
        ]);
        let ns = u64::try_from(ns).unwrap_or(0);
        if ns % 1_000_000 == 0 && ns > 0 {
            // Whole milliseconds, as logs keep them.
            let ms = ns / 1_000_000;
            let text = [b'.', digit(ms / 100), digit(ms / 10), digit(ms)];
            let len = if ms % 100 == 0 {
                2
            } else if ms % 10 == 0 {
                3
            } else {
                4
            };
            buf.extend_from_slice(text.get(..len).unwrap_or_default());
        } else if ns > 0 {
            // Nine digits, then as many as the last non-zero one.
            let mut fraction = [b'.'; 10];
            let mut n = ns;
            for d in fraction.iter_mut().skip(1).rev() {
                *d = digit(n);
                n /= 10;
            }
            let mut zeros = 0;
            let mut n = ns;
            while n % 10 == 0 {
                n /= 10;
                zeros += 1;
            }
            buf.extend_from_slice(fraction.get(..10 - zeros).unwrap_or_default());
        }
        buf.push(b'Z');
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::{Times, count};

    fn ts(t: jiff::Timestamp) -> String {
        let mut buf = Vec::new();
        Times::default().write(&mut buf, t);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn edges_are_display() {
        let min = jiff::Timestamp::MIN.as_second();
        let max = jiff::Timestamp::MAX.as_second();
        for (s, n) in [
            (0, 0),
            (1, 123_000_000),
            (1, 100),
            (1, 1),
            (-1, 0),
            (-1, -500_000_000),
            (-62_135_596_800, 0),
            (-62_135_596_801, 0),
            (max, 999_999_999),
            (min, 0),
            (1_606_176_000, 999_999_999),
        ] {
            let t = jiff::Timestamp::new(s, n).unwrap();
            assert_eq!(ts(t), t.to_string());
        }
        // One writer for a run of times (its day kept from one to the next).
        let mut times = Times::default();
        for s in (-200_000..200_000).step_by(3_599) {
            let t = jiff::Timestamp::new(s, 0).unwrap();
            let mut buf = Vec::new();
            times.write(&mut buf, t);
            assert_eq!(String::from_utf8(buf).unwrap(), t.to_string());
        }
        for n in [0, 1, 9, 10, 99, 100, 12_345, u64::from(u32::MAX), u64::MAX] {
            let mut buf = Vec::new();
            count(&mut buf, n);
            assert_eq!(buf, n.to_string().as_bytes());
        }
    }

    proptest::proptest! {
        /// Any instant jiff holds, at any precision, reads as `Display` writes it.
        #[test]
        fn timestamps_are_display(
            s in jiff::Timestamp::MIN.as_second()..jiff::Timestamp::MAX.as_second(),
            n in 0i32..1_000_000_000,
            keep in 0u32..4,
        ) {
            // Whole seconds, milliseconds, microseconds or nanoseconds.
            let n = n - n % 10i32.pow(3 * (3 - keep));
            let t = jiff::Timestamp::new(s, n).unwrap();
            proptest::prop_assert_eq!(ts(t), t.to_string());
        }

        #[test]
        fn counts_are_display(n: u64) {
            let mut buf = Vec::new();
            count(&mut buf, n);
            proptest::prop_assert_eq!(buf, n.to_string().into_bytes());
        }
    }
}
