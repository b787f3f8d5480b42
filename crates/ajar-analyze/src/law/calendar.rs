//! Japanese government working days, for APPI deadlines.
//!
//! A deadline that falls on a Saturday, Sunday, national holiday or 12-29…01-03 moves to the next
//! government working day (行政機関の休日に関する法律 Art. 2, law.md §1.4, S6). National holidays
//! follow 国民の祝日に関する法律 (fixed and Happy-Monday days, equinoxes as announced for each year,
//! substitute holidays, days sandwiched between two holidays), with the one-off changes of
//! 2019 (accession) and 2020–2021 (Olympics). Only the years in [`FIRST_YEAR`]..=[`LAST_YEAR`] are
//! known: outside them the answer is "needs review", never a guess.

use jiff::civil::{Date, Weekday, date};
use std::collections::BTreeSet;

/// First year of the holiday table.
pub const FIRST_YEAR: i16 = 2016;
/// Last year of the holiday table.
pub const LAST_YEAR: i16 = 2027;

/// Vernal and autumnal equinox days (春分の日, 秋分の日), as published each February by the
/// National Astronomical Observatory of Japan (官報 暦要項), indexed from [`FIRST_YEAR`].
const EQUINOXES: [(i8, i8); 12] = [
    (20, 22), // 2016
    (20, 23), // 2017
    (21, 23), // 2018
    (21, 23), // 2019
    (20, 22), // 2020
    (20, 23), // 2021
    (21, 23), // 2022
    (21, 23), // 2023
    (20, 22), // 2024
    (20, 23), // 2025
    (20, 23), // 2026
    (21, 23), // 2027
];

/// Why a date cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutsideTable {
    /// The year the table lacks.
    pub year: i16,
}

fn nth_monday(year: i16, month: i8, nth: i8) -> Option<Date> {
    date(year, month, 1)
        .nth_weekday_of_month(nth, Weekday::Monday)
        .ok()
}

/// The national holidays (国民の祝日, 振替休日, 国民の休日) of one year, or `None` outside the table.
pub fn national_holidays(year: i16) -> Option<BTreeSet<Date>> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    let (spring, autumn) = *EQUINOXES.get(usize::try_from(year - FIRST_YEAR).ok()?)?;
    let mut days: BTreeSet<Date> = BTreeSet::new();
    let d = |m: i8, day: i8| date(year, m, day);
    days.insert(d(1, 1));
    days.extend(nth_monday(year, 1, 2));
    days.insert(d(2, 11));
    // The Emperor's Birthday moved from 12-23 to 02-23 with the 2019 accession; 2019 had none.
    match year {
        ..=2018 => {
            days.insert(d(12, 23));
        }
        2019 => {}
        _ => {
            days.insert(d(2, 23));
        }
    }
    days.insert(d(3, spring));
    days.insert(d(4, 29));
    days.insert(d(5, 3));
    days.insert(d(5, 4));
    days.insert(d(5, 5));
    // Marine, Mountain and Sports days moved for the Tokyo Olympics (2020, 2021).
    match year {
        2020 => days.extend([d(7, 23), d(7, 24), d(8, 10)]),
        2021 => days.extend([d(7, 22), d(7, 23), d(8, 8)]),
        _ => {
            days.extend(nth_monday(year, 7, 3));
            days.insert(d(8, 11));
            days.extend(nth_monday(year, 10, 2));
        }
    }
    days.extend(nth_monday(year, 9, 3));
    days.insert(d(9, autumn));
    days.insert(d(11, 3));
    days.insert(d(11, 23));
    if year == 2019 {
        // Accession day and the enthronement ceremony (2019 special act).
        days.insert(d(5, 1));
        days.insert(d(10, 22));
    }
    let holidays = days.clone();
    // A day between two holidays is itself a holiday (国民の休日).
    for h in &holidays {
        if let (Ok(next2), Ok(mid)) = (h.checked_add(jiff::Span::new().days(2)), h.tomorrow())
            && holidays.contains(&next2)
            && mid.weekday() != Weekday::Sunday
        {
            days.insert(mid);
        }
    }
    // A holiday on a Sunday gives the next non-holiday day off (振替休日).
    for h in &holidays {
        if h.weekday() == Weekday::Sunday {
            let mut sub = h.tomorrow().ok();
            while let Some(s) = sub {
                if !days.contains(&s) {
                    days.insert(s);
                    break;
                }
                sub = s.tomorrow().ok();
            }
        }
    }
    Some(days)
}

/// Whether government offices are closed that day, or `Err` when the year is outside the table.
pub fn is_closed(day: Date) -> Result<bool, OutsideTable> {
    let year = day.year();
    let holidays = national_holidays(year).ok_or(OutsideTable { year })?;
    let year_end = (day.month() == 12 && day.day() >= 29) || (day.month() == 1 && day.day() <= 3);
    Ok(matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
        || year_end
        || holidays.contains(&day))
}

/// Day `n` counting the day of knowing as day 1 (GL 3-5-3-4).
pub fn day_n(known: Date, n: i64) -> Option<Date> {
    known.checked_add(jiff::Span::new().days(n - 1)).ok()
}

/// Day `n` from `known` (day 1), moved to the next government working day when closed.
pub fn deadline(known: Date, n: i64) -> Result<Date, OutsideTable> {
    let Some(mut d) = day_n(known, n) else {
        return Err(OutsideTable { year: known.year() });
    };
    while is_closed(d)? {
        d = d.tomorrow().map_err(|_| OutsideTable { year: d.year() })?;
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_holidays_are_closed() {
        for (y, m, d) in [
            (2016, 3, 21), // substitute for the Sunday equinox
            (2019, 4, 30), // between Showa day and accession day
            (2019, 5, 2),
            (2019, 5, 6),
            (2019, 10, 22),
            (2020, 2, 24),
            (2020, 5, 6), // substitute for Sunday 05-03, after 05-04 and 05-05
            (2020, 7, 24),
            (2021, 8, 9),
            (2026, 9, 22), // between Respect-for-the-Aged day and the equinox
        ] {
            assert!(is_closed(date(y, m, d)).unwrap(), "{y}-{m}-{d}");
        }
    }

    #[test]
    fn ordinary_days_are_open() {
        for (y, m, d) in [
            (2020, 12, 23),
            (2020, 10, 12),
            (2021, 1, 22),
            (2022, 5, 2),
            (2023, 1, 4),
        ] {
            assert!(!is_closed(date(y, m, d)).unwrap(), "{y}-{m}-{d}");
        }
    }

    #[test]
    fn year_outside_the_table_is_refused() {
        assert_eq!(
            is_closed(date(2015, 6, 1)),
            Err(OutsideTable { year: 2015 })
        );
        assert_eq!(
            deadline(date(2027, 12, 20), 30),
            Err(OutsideTable { year: 2028 })
        );
    }

    #[test]
    fn sixteen_holidays_a_year_at_least() {
        for y in FIRST_YEAR..=LAST_YEAR {
            let n = national_holidays(y).unwrap().len();
            assert!((15..=22).contains(&n), "{y}: {n}");
        }
    }
}
