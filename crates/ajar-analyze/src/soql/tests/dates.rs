use super::*;
use jiff::civil::{Date, Weekday, date};

/// The range of a literal on Tuesday 12 August 2025, weeks starting on Sunday.
fn range(text: &str) -> (Date, Date) {
    let (word, n) = match text.split_once(':') {
        Some((w, n)) => (w, Some(n.parse().unwrap())),
        None => (text, None),
    };
    DateLiteral::parse(word, n)
        .unwrap()
        .range(date(2025, 8, 12), Weekday::Sunday)
        .unwrap()
}

#[test]
fn each_date_literal_covers_its_documented_days() {
    let d = |m, day| date(2025, m, day);
    for (lit, start, end) in [
        ("YESTERDAY", d(8, 11), d(8, 12)),
        ("TODAY", d(8, 12), d(8, 13)),
        ("TOMORROW", d(8, 13), d(8, 14)),
        // The week of Tuesday 12 August starts on Sunday 10 August.
        ("LAST_WEEK", d(8, 3), d(8, 10)),
        ("THIS_WEEK", d(8, 10), d(8, 17)),
        ("NEXT_WEEK", d(8, 17), d(8, 24)),
        ("LAST_MONTH", d(7, 1), d(8, 1)),
        ("THIS_MONTH", d(8, 1), d(9, 1)),
        ("NEXT_MONTH", d(9, 1), d(10, 1)),
        // Today and the 90 days before it: 91 days.
        ("LAST_90_DAYS", d(5, 14), d(8, 13)),
        ("NEXT_90_DAYS", d(8, 13), d(11, 11)),
        ("LAST_N_DAYS:1", d(8, 11), d(8, 13)),
        ("LAST_N_DAYS:30", d(7, 13), d(8, 13)),
        ("NEXT_N_DAYS:2", d(8, 13), d(8, 15)),
        ("N_DAYS_AGO:3", d(8, 9), d(8, 10)),
        ("LAST_N_WEEKS:2", d(7, 27), d(8, 10)),
        ("NEXT_N_WEEKS:1", d(8, 17), d(8, 24)),
        ("N_WEEKS_AGO:2", d(7, 27), d(8, 3)),
        ("LAST_N_MONTHS:2", d(6, 1), d(8, 1)),
        ("NEXT_N_MONTHS:2", d(9, 1), d(11, 1)),
        ("N_MONTHS_AGO:1", d(7, 1), d(8, 1)),
        ("THIS_QUARTER", d(7, 1), d(10, 1)),
        ("LAST_QUARTER", d(4, 1), d(7, 1)),
        ("NEXT_QUARTER", d(10, 1), date(2026, 1, 1)),
        ("LAST_N_QUARTERS:2", d(1, 1), d(7, 1)),
        ("NEXT_N_QUARTERS:1", d(10, 1), date(2026, 1, 1)),
        ("N_QUARTERS_AGO:2", d(1, 1), d(4, 1)),
        ("THIS_YEAR", d(1, 1), date(2026, 1, 1)),
        ("LAST_YEAR", date(2024, 1, 1), d(1, 1)),
        ("NEXT_YEAR", date(2026, 1, 1), date(2027, 1, 1)),
        ("LAST_N_YEARS:2", date(2023, 1, 1), d(1, 1)),
        ("NEXT_N_YEARS:2", date(2026, 1, 1), date(2028, 1, 1)),
        ("N_YEARS_AGO:1", date(2024, 1, 1), d(1, 1)),
    ] {
        assert_eq!(range(lit), (start, end), "{lit}");
    }
}

#[test]
fn the_week_start_follows_the_locale() {
    let lit = DateLiteral::parse("THIS_WEEK", None).unwrap();
    assert_eq!(
        lit.range(date(2025, 8, 12), Weekday::Monday),
        Some((date(2025, 8, 11), date(2025, 8, 18)))
    );
    // On the week's first day itself.
    assert_eq!(
        lit.range(date(2025, 8, 10), Weekday::Sunday),
        Some((date(2025, 8, 10), date(2025, 8, 17)))
    );
}

#[test]
fn literals_with_and_without_n_must_match_their_form() {
    assert!(DateLiteral::parse("LAST_N_DAYS", None).is_err());
    assert!(DateLiteral::parse("TODAY", Some(3)).is_err());
    assert!(DateLiteral::parse("SOMEDAY", None).is_err());
    let r = DateLiteral::parse("THIS_FISCAL_QUARTER", None).unwrap_err();
    assert!(r.contains("fiscal year settings"), "{r}");
}

fn events() -> Table {
    table(
        "Event",
        "00U",
        "ActivityDate|StartDateTime",
        &[
            "2025-08-12|2025-08-12T00:30:00.000Z",
            "2025-08-11|2025-08-11T16:00:00.000Z",
            "2025-08-13|2025-08-12T23:59:59.000Z",
            "2025-07-31|2025-07-31T12:00:00.000Z",
            "|",
        ],
    )
}

#[test]
fn date_literals_compare_with_dates_and_date_times() {
    let t = events();
    assert_eq!(
        rows_of("SELECT Id FROM Event WHERE ActivityDate = TODAY", &t),
        [1]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Event WHERE StartDateTime = TODAY", &t),
        [1, 3]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Event WHERE ActivityDate > TODAY", &t),
        [3]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Event WHERE ActivityDate < TODAY", &t),
        [2, 4]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Event WHERE ActivityDate >= TODAY", &t),
        [1, 3]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Event WHERE ActivityDate <= TODAY", &t),
        [1, 2, 4]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Event WHERE ActivityDate != TODAY", &t),
        [2, 3, 4, 5]
    );
    assert_eq!(
        rows_of(
            "SELECT Id FROM Event WHERE StartDateTime = LAST_N_DAYS:1",
            &t
        ),
        [1, 2, 3]
    );
    assert_eq!(
        rows_of("SELECT Id FROM Event WHERE ActivityDate = LAST_MONTH", &t),
        [4]
    );
}

#[test]
fn days_begin_in_the_users_zone() {
    let t = events();
    // In Tokyo (UTC+9) the query's day is still 12 August (19:00), which began at
    // 2025-08-11T15:00Z and ends at 2025-08-12T15:00Z.
    let ctx = Context {
        zone: jiff::tz::TimeZone::get("Asia/Tokyo").unwrap(),
        ..Context::new(at())
    };
    let q = parse("SELECT Id FROM Event WHERE StartDateTime = TODAY").unwrap();
    let sel = evaluate(&q, &t, &ctx).unwrap();
    assert_eq!(numbers(&sel.ids), [1, 2]);
}
