//! What the logs of an intrusion cannot show (issue #16, intrusions.md §6): real-time API
//! events never collected, and ApiTotalUsage, which Salesforce keeps one day, missing for the
//! actor's days.

use ajar_model::event::Coverage;
use ajar_model::span::CoverageGap;

/// Whether `day` is covered by `c`'s event type (its covered runs; stray rows do not cover
/// their day).
fn covers(c: &Coverage, day: jiff::civil::Date) -> bool {
    if c.covered.is_empty() {
        return c.first <= day && day <= c.last && !c.missing_days.contains(&day);
    }
    c.covered.iter().any(|r| r.from <= day && day <= r.to)
}

/// The coverage findings of an intrusion whose events run from `first` to `last` (UTC days).
pub fn api_coverage(
    coverage: &[Coverage],
    first: jiff::civil::Date,
    last: jiff::civil::Date,
) -> Vec<CoverageGap> {
    let mut gaps = Vec::new();
    let of = |t: &str| coverage.iter().find(|c| c.event_type == t);
    if of("ApiEvent").is_none() {
        gaps.push(CoverageGap {
            kind: "api-event-absent".to_owned(),
            message: "no ApiEvent rows in the input (Real-Time Event Monitoring's API events are not enabled, or were not exported): the record IDs an API query returned are not logged, so what left rests on evaluated queries and counts".to_owned(),
            span: None,
        });
    }
    let total = of("ApiTotalUsage");
    let mut missing = Vec::new();
    let mut day = first;
    while day <= last {
        if total.is_none_or(|c| !covers(c, day)) {
            missing.push(day);
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    if let (Some(a), Some(b)) = (missing.first(), missing.last()) {
        let days = if a == b {
            a.to_string()
        } else {
            format!("{a} to {b} ({} day(s))", missing.len())
        };
        gaps.push(CoverageGap {
            kind: "api-total-usage-absent".to_owned(),
            message: format!(
                "no ApiTotalUsage file for the actor's days, {days} (Salesforce keeps it one day): the API calls it alone records, each with its connected app and resource, cannot be checked for those days"
            ),
            span: None,
        });
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cov(t: &str, first: jiff::civil::Date, last: jiff::civil::Date) -> Coverage {
        Coverage {
            event_type: t.to_owned(),
            first,
            last,
            files: 1,
            rows: 1,
            missing_days: Vec::new(),
            partial: false,
            covered: vec![ajar_model::span::DayRange {
                from: first,
                to: last,
            }],
            stray_rows: 0,
        }
    }

    #[test]
    fn absent_sources_are_findings() {
        let d = date(2025, 8, 11);
        let kinds = |c: &[Coverage]| -> Vec<String> {
            api_coverage(c, d, d).into_iter().map(|g| g.kind).collect()
        };
        assert_eq!(kinds(&[]), ["api-event-absent", "api-total-usage-absent"]);
        assert_eq!(
            kinds(&[
                cov("ApiEvent", d, d),
                cov("ApiTotalUsage", date(2025, 8, 16), date(2025, 8, 16))
            ]),
            ["api-total-usage-absent"]
        );
        assert!(kinds(&[cov("ApiEvent", d, d), cov("ApiTotalUsage", d, d)]).is_empty());
        let g = api_coverage(&[cov("ApiEvent", d, d)], d, date(2025, 8, 13));
        assert!(
            g[0].message.contains("2025-08-11 to 2025-08-13 (3 day(s))"),
            "{}",
            g[0].message
        );
    }
}
