//! Exposed records that outsiders were seen reading, and what the logs cannot tell.
//!
//! Exposed and confirmed stay apart (formats.md §2.6): a read counts when `hunt` saw a guest or
//! external principal read the record successfully. Reads of records outside the exposed set
//! mean the exposure model missed a path and are counted separately. Days of the window without
//! logs are stated as "cannot be excluded", never as "not accessed". A record read only by its
//! own data subject is counted apart (`self_service`), never as outside viewing (issue #14).

use super::attribution::{self, Attributor};
use ajar_model::event::{HuntReport, Outcome, PrincipalClass};
use ajar_model::incident::{
    Attribution, Confirmed, ConfirmedIp, EventTypeCoverage, LogCoverage, SelfService, Window,
};
use ajar_model::sfid::SfId;
use ajar_model::span::{CoverageGap, DayRange};
use std::collections::{BTreeMap, BTreeSet};

/// Confirmed reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reads {
    /// The figures.
    pub confirmed: Confirmed,
    /// Exposed records read by outsiders.
    pub read: BTreeSet<SfId>,
    /// Those read from abroad.
    pub abroad: BTreeSet<SfId>,
    /// Exposed records read only by their data subject (not in `read`).
    pub self_read: BTreeSet<SfId>,
}

/// An exposed record: its person, and its `CreatedDate` when the export gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExposedRecord {
    /// Index of its person, when the record is about one.
    pub person: Option<usize>,
    /// `CreatedDate`.
    pub created: Option<jiff::Timestamp>,
}

/// Confirms reads of the exposed records in `hunt`, each attributed to its data subject or a
/// third party.
/// `created` holds every exported record's `CreatedDate` and ID, sorted (any object: a form may create
/// records of objects that were never exposed).
pub fn confirm(
    hunt: Option<&HuntReport>,
    exposed: &BTreeMap<SfId, ExposedRecord>,
    created: &[(jiff::Timestamp, SfId)],
    fix: Option<jiff::Timestamp>,
    home: &str,
) -> Reads {
    let Some(hunt) = hunt else {
        return Reads {
            confirmed: Confirmed {
                known: false,
                records: None,
                persons: None,
                records_abroad: None,
                persons_abroad: None,
                by_country: BTreeMap::new(),
                ips: Vec::new(),
                by_day: BTreeMap::new(),
                outside_exposed_set: 0,
                self_service: None,
                attribution: Vec::new(),
                after_fix: None,
            },
            read: BTreeSet::new(),
            abroad: BTreeSet::new(),
            self_read: BTreeSet::new(),
        };
    };
    let who = Attributor::new(hunt.requests.as_ref(), created);
    let mut self_read = BTreeSet::new();
    let mut after_fix = 0;
    let mut reasons: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut read = BTreeSet::new();
    let mut abroad = BTreeSet::new();
    let mut outside = 0;
    let mut by_country: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_day: BTreeMap<jiff::civil::Date, u64> = BTreeMap::new();
    let mut by_ip: BTreeMap<std::net::IpAddr, u64> = BTreeMap::new();
    for a in &hunt.accessed {
        let outsider = matches!(
            a.principal_kind,
            PrincipalClass::Guest | PrincipalClass::External
        );
        if !outsider || a.outcome != Outcome::Read {
            continue;
        }
        let Some(rec) = exposed.get(&a.record_id) else {
            outside += 1;
            continue;
        };
        if let Err(why) = who.attribute(a.record_id, rec.created) {
            *reasons.entry(why.reason()).or_insert(0) += 1;
        } else {
            self_read.insert(a.record_id);
            continue;
        }
        read.insert(a.record_id);
        if fix.is_some_and(|f| a.last_seen > f) {
            after_fix += 1;
        }
        if a.countries.is_empty() {
            *by_country.entry("unknown".to_owned()).or_insert(0) += 1;
        }
        for c in &a.countries {
            *by_country.entry(c.clone()).or_insert(0) += 1;
        }
        if a.countries.iter().any(|c| !c.eq_ignore_ascii_case(home)) {
            abroad.insert(a.record_id);
        }
        *by_day
            .entry(crate::impact::utc_date(a.first_seen))
            .or_insert(0) += 1;
        for ip in &a.ips {
            *by_ip.entry(*ip).or_insert(0) += 1;
        }
    }
    let ips = by_ip
        .into_iter()
        .filter_map(|(ip, records)| {
            let s = hunt.ips.iter().find(|s| s.ip == ip)?;
            Some(ConfirmedIp {
                ip: ip.to_string(),
                country: s.country.clone(),
                records,
                first: s.first,
                last: s.last,
            })
        })
        .collect();
    Reads {
        confirmed: Confirmed {
            known: true,
            records: Some(read.len() as u64),
            persons: None,
            records_abroad: Some(abroad.len() as u64),
            persons_abroad: None,
            by_country,
            ips,
            by_day,
            outside_exposed_set: outside,
            self_service: Some(SelfService {
                records: self_read.len() as u64,
                // Filled in with the persons by the caller.
                persons: 0,
                rule: attribution::rule(),
            }),
            after_fix: fix.map(|_| after_fix),
            attribution: reasons
                .into_iter()
                .map(|(reason, records)| Attribution {
                    reason: reason.to_owned(),
                    records,
                })
                .collect(),
        },
        read,
        abroad,
        self_read,
    }
}

/// Log coverage against the window.
pub fn coverage(hunt: Option<&HuntReport>, window: &Window) -> LogCoverage {
    let Some(hunt) = hunt else {
        return LogCoverage {
            gaps: vec![CoverageGap {
                kind: "no-logs".to_owned(),
                message: "no logs given: outside access during the whole window cannot be excluded; confirmed counts are unknown".to_owned(),
                span: None,
            }],
            ..LogCoverage::default()
        };
    };
    let first = hunt.coverage.iter().map(|c| c.first).min();
    let last = hunt.coverage.iter().map(|c| c.last).max();
    let mut gaps = hunt.gaps.clone();
    match first {
        None => gaps.push(CoverageGap {
            kind: "no-logs".to_owned(),
            message: "the logs given hold no event: outside access cannot be excluded".to_owned(),
            span: None,
        }),
        Some(first) => {
            let starts_before = window.start.date.is_none_or(|s| s < first);
            if starts_before {
                let from = window
                    .start
                    .date
                    .map_or_else(|| "the start of the window".to_owned(), |d| d.to_string());
                let to = first
                    .yesterday()
                    .map_or_else(|_| first.to_string(), |d| d.to_string());
                gaps.push(CoverageGap {
                    kind: "window-without-logs".to_owned(),
                    message: format!(
                        "{from} to {to}: no logs inside the exposure window; outside access cannot be excluded"
                    ),
                    span: None,
                });
            }
        }
    }
    if let (Some(last), Some(end)) = (last, window.end.date)
        && last < end
    {
        gaps.push(CoverageGap {
            kind: "window-without-logs".to_owned(),
            message: format!(
                "{} to {end}: no logs inside the exposure window; outside access cannot be excluded",
                last.tomorrow().map_or_else(|_| last.to_string(), |d| d.to_string())
            ),
            span: None,
        });
    }
    // A log day on or after the closure day: an ELF file covers its whole (UTC) day.
    let after_fix = matches!((last, window.end.date), (Some(l), Some(e)) if l >= e);
    let days_of = |r: &DayRange| {
        let to = r.to;
        r.from
            .series(jiff::ToSpan::day(1))
            .take_while(move |d| *d <= to)
    };
    // A hunt report written before the runs were listed: its first to last day, less the
    // days it says are missing.
    let runs = |c: &ajar_model::event::Coverage| {
        if c.covered.is_empty() {
            let whole = DayRange {
                from: c.first,
                to: c.last,
            };
            DayRange::runs(days_of(&whole).filter(|d| !c.missing_days.contains(d)))
        } else {
            c.covered.clone()
        }
    };
    let days: BTreeSet<jiff::civil::Date> = hunt
        .coverage
        .iter()
        .flat_map(&runs)
        .flat_map(|r| days_of(&r))
        .collect();
    let by_event_type = hunt
        .coverage
        .iter()
        .map(|c| {
            let within = DayRange {
                from: window.start.date.unwrap_or(c.first),
                to: window.end.date.unwrap_or(c.last),
            };
            let covered = runs(c);
            EventTypeCoverage {
                event_type: c.event_type.clone(),
                uncovered: DayRange::uncovered(within, &covered),
                covered,
                stray_rows: c.stray_rows,
                partial: c.partial,
            }
        })
        .collect();
    LogCoverage {
        first,
        last,
        gaps,
        after_fix,
        covered: DayRange::runs(days),
        by_event_type,
    }
}

/// Whether the logs cover the whole window without a gap.
pub fn covers_window(coverage: &LogCoverage, window: &Window) -> bool {
    match (
        coverage.first,
        coverage.last,
        window.start.date,
        window.end.date,
    ) {
        (Some(f), Some(l), Some(s), Some(e)) => f <= s && l >= e && coverage.gaps.is_empty(),
        _ => false,
    }
}
