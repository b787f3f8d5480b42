//! Log timestamps, parsed without allocation (one per row, so it matters).
//!
//! ELF `TIMESTAMP` is UTC `yyyyMMddHHmmss` with 0–3 fraction digits (`20211019050707.13`);
//! `TIMESTAMP_DERIVED` is ISO 8601 with `Z`; real-time events end in `+0000` (formats.md §2.1,
//! §2.4).

use jiff::Timestamp;

fn digits(b: &[u8]) -> Option<i64> {
    let mut v = 0i64;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    Some(v)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn build(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64, ms: i64) -> Option<Timestamp> {
    Timestamp::from_millisecond(date_ms(y, mo, d)? + time_ms(h, mi, s, ms)?).ok()
}

/// The first millisecond of a date, counted from 1970-01-01 (a day of 1–31 in any month).
fn date_ms(y: i64, mo: i64, d: i64) -> Option<i64> {
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400_000)
}

/// Milliseconds into a day (a leap second allowed).
fn time_ms(h: i64, mi: i64, s: i64, ms: i64) -> Option<i64> {
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some((h * 3600 + mi * 60 + s) * 1000 + ms)
}

/// Milliseconds of a fraction with 0–3 digits (`13` is 130 ms).
fn fraction_ms(f: &[u8]) -> Option<i64> {
    let f = f.get(..f.len().min(3))?;
    let v = digits(f)?;
    Some(match f.len() {
        0 => 0,
        1 => v * 100,
        2 => v * 10,
        _ => v,
    })
}

/// `yyyyMMddHHmmss[.f{0,3}]`, UTC.
pub fn parse_elf(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    let main = b.get(..14)?;
    let rest = b.get(14..)?;
    let ms = match rest {
        [] => 0,
        [b'.', f @ ..] if f.len() <= 3 => fraction_ms(f)?,
        _ => return None,
    };
    let n = |r: std::ops::Range<usize>| main.get(r).and_then(digits);
    build(
        n(0..4)?,
        n(4..6)?,
        n(6..8)?,
        n(8..10)?,
        n(10..12)?,
        n(12..14)?,
        ms,
    )
}

/// ISO 8601: `2023-03-20T14:59:33.958Z`, `...+0000`, `...+00:00`; other offsets through jiff.
pub fn parse_iso(s: &str) -> Option<Timestamp> {
    parse_iso_cached(s, &mut DayCache::default())
}

/// The last date [`parse_iso_cached`] read, with its first millisecond: a log's rows come in
/// time order, so most share the previous row's date and skip its parse (issue #19).
#[derive(Debug, Clone, Default)]
pub struct DayCache {
    /// `yyyy-MM-dd` as written, and its first millisecond; `None` before the first date.
    last: Option<([u8; 10], i64)>,
}

/// The first millisecond of the date `yyyy-MM-dd` at the start of `b`, from `cache` when it
/// is the last date read.
fn day_ms(b: &[u8], cache: &mut DayCache) -> Option<i64> {
    let date: [u8; 10] = *b.first_chunk::<10>()?;
    match cache.last {
        Some((d, ms)) if d == date => Some(ms),
        _ => {
            let n = |r: std::ops::Range<usize>| b.get(r).and_then(digits);
            let ms = date_ms(n(0..4)?, n(5..7)?, n(8..10)?)?;
            cache.last = Some((date, ms));
            Some(ms)
        }
    }
}

/// Two ASCII digits' value.
fn two(a: u8, b: u8) -> Option<i64> {
    let (a, b) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
    (a < 10 && b < 10).then(|| i64::from(a) * 10 + i64::from(b))
}

/// `TIMESTAMP_DERIVED`'s usual shape, `yyyy-MM-ddTHH:mm:ss.fffZ`, read at fixed places; `None`
/// for any other shape (and for some values of this one that do not parse), which the general
/// reading then takes. The same answers as that reading where it gives one (a test holds it).
fn parse_usual(b: &[u8], cache: &mut DayCache) -> Option<Timestamp> {
    let t: &[u8; 24] = b.try_into().ok()?;
    let [
        _,
        _,
        _,
        _,
        dash,
        _,
        _,
        _,
        _,
        _,
        tee,
        h0,
        h1,
        _,
        m0,
        m1,
        _,
        s0,
        s1,
        dot,
        f0,
        f1,
        f2,
        zed,
    ] = *t;
    if dash != b'-' || tee != b'T' || dot != b'.' || zed != b'Z' {
        return None;
    }
    let ms = two(f0, f1)? * 10 + two(b'0', f2)?;
    let t = time_ms(two(h0, h1)?, two(m0, m1)?, two(s0, s1)?, ms)?;
    Timestamp::from_millisecond(day_ms(b, cache)? + t).ok()
}

/// [`parse_iso`], with the date's value taken from `cache` when the date is the last one read.
pub fn parse_iso_cached(s: &str, cache: &mut DayCache) -> Option<Timestamp> {
    parse_usual(s.as_bytes(), cache).or_else(|| parse_general(s, cache))
}

/// Any ISO 8601 form [`parse_iso`] takes.
fn parse_general(s: &str, cache: &mut DayCache) -> Option<Timestamp> {
    let b = s.as_bytes();
    let mut fast = || -> Option<Timestamp> {
        if b.get(4) != Some(&b'-') || b.get(10) != Some(&b'T') {
            return None;
        }
        let n = |r: std::ops::Range<usize>| b.get(r).and_then(digits);
        let day = day_ms(b, cache)?;
        let mut i = 19;
        let mut ms = 0;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            let mut end = start;
            while b.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            ms = fraction_ms(b.get(start..end)?)?;
            i = end;
        }
        match b.get(i..)? {
            b"Z" | b"+0000" | b"+00:00" | b"-0000" => {}
            _ => return None,
        }
        let t = time_ms(n(11..13)?, n(14..16)?, n(17..19)?, ms)?;
        Timestamp::from_millisecond(day + t).ok()
    };
    fast().or_else(|| parse_with_offset(s))
}

fn parse_with_offset(s: &str) -> Option<Timestamp> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(t);
    }
    // `+0900`: jiff wants `+09:00`.
    let cut = s.len().checked_sub(5)?;
    let (head, tail) = s.split_at_checked(cut)?;
    if tail.starts_with(['+', '-']) {
        return format!("{head}{}:{}", tail.get(..3)?, tail.get(3..)?)
            .parse()
            .ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn elf_fraction_digits() {
        // Trap 20: 0, 2 and 3 fraction digits.
        assert_eq!(
            parse_elf("20211019050707").unwrap(),
            t("2021-10-19T05:07:07Z")
        );
        assert_eq!(
            parse_elf("20211019050707.13").unwrap(),
            t("2021-10-19T05:07:07.130Z")
        );
        assert_eq!(
            parse_elf("20211019050707.128").unwrap(),
            t("2021-10-19T05:07:07.128Z")
        );
        assert_eq!(
            parse_elf("20211019050707.1").unwrap(),
            t("2021-10-19T05:07:07.100Z")
        );
        assert!(parse_elf("2021101905070").is_none());
        assert!(parse_elf("20211319050707").is_none());
        assert!(parse_elf("20211019050707.1234").is_none());
    }

    #[test]
    fn iso_forms() {
        assert_eq!(
            parse_iso("2023-03-20T14:59:33.958Z").unwrap(),
            t("2023-03-20T14:59:33.958Z")
        );
        assert_eq!(
            parse_iso("2023-03-21T19:42:13.264+0000").unwrap(),
            t("2023-03-21T19:42:13.264Z")
        );
        assert_eq!(
            parse_iso("2021-10-19T11:38:54Z").unwrap(),
            t("2021-10-19T11:38:54Z")
        );
        assert_eq!(
            parse_iso("2021-10-19T20:38:54+0900").unwrap(),
            t("2021-10-19T11:38:54Z")
        );
        assert!(parse_iso("").is_none());
    }

    proptest::proptest! {
        #[test]
        fn matches_jiff(secs in 0i64..4_000_000_000, ms in 0i64..1000) {
            let ts = Timestamp::from_millisecond(secs * 1000 + ms).unwrap();
            let elf = ts.strftime("%Y%m%d%H%M%S%.3f").to_string();
            proptest::prop_assert_eq!(parse_elf(&elf), Some(ts));
            let iso = ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
            proptest::prop_assert_eq!(parse_iso(&iso), Some(ts));
        }

        #[test]
        fn cache_changes_nothing(stamps in proptest::collection::vec(
            (0i64..3, 0i64..86_400_000, proptest::sample::select(vec!["Z", "+0000", "+0900", "X"])),
            1..20,
        )) {
            // A few dates, so that the cache is hit and missed; some stamps do not parse.
            let mut cache = DayCache::default();
            for (day, ms, zone) in stamps {
                let ts = Timestamp::from_millisecond(1_600_000_000_000 + day * 86_400_000 + ms)
                    .unwrap();
                let iso = format!("{}{zone}", ts.strftime("%Y-%m-%dT%H:%M:%S%.3f"));
                proptest::prop_assert_eq!(parse_iso_cached(&iso, &mut cache), parse_iso(&iso));
            }
        }

        #[test]
        fn usual_shape_reads_as_the_general_reading(
            s in "[12][0-9]{3}[-x](0[1-9]|1[0-2])[-x](0[1-9]|[12][0-9])[Tx]([01][0-9]|2[0-5])[:x][0-5][0-9x][:x][0-6][0-9][.x][0-9]{2}[0-9x][Zx]",
        ) {
            // Where the fixed-place reading answers, the general one gives the same.
            if let Some(t) = parse_usual(s.as_bytes(), &mut DayCache::default()) {
                proptest::prop_assert_eq!(Some(t), parse_general(&s, &mut DayCache::default()));
            }
        }

        #[test]
        fn never_panics(s in ".{0,40}") {
            let _ = parse_elf(&s);
            let _ = parse_iso(&s);
        }
    }
}
