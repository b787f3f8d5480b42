//! [`Hunt::finish`]: the running state turned into a [`HuntReport`], with its coverage gaps.

use super::{CovAcc, DAY_MS, Hunt, SKIP_DETAILS};
use crate::forensics::Geo;
use ajar_model::event::{
    AccessedRecord, ClientRead, Coverage, HuntReport, IpSummary, Outcome, RequestEvidence,
};
use ajar_model::span::{CoverageGap, DayRange, Span};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;

impl Hunt<'_> {
    /// The report. `tool_version` is ajar's version. Events still kept aside count as unknown.
    pub fn finish(mut self, tool_version: &str) -> HuntReport {
        self.resolve_pending(&HashSet::new());
        let ctx = self.ctx;
        let actor = (!ctx.indicators.is_empty()).then(|| {
            let events = std::mem::take(&mut self.actor_events);
            crate::actor::identify(&ctx.indicators, events, &mut |ip| self.country(ip))
        });
        if let Some(sink) = self.sink.take() {
            sink.close();
        }
        let findings = match (self.detector.take(), ctx.detect.as_ref()) {
            (Some(d), Some(cfg)) => d.finish(cfg),
            _ => Vec::new(),
        };
        let mut gaps = Vec::new();
        let mut coverage: Vec<Coverage> = Vec::new();
        // Sorted, so that gaps come out in the same order every run.
        let by_type: BTreeMap<String, CovAcc> =
            std::mem::take(&mut self.coverage).into_iter().collect();
        for (event_type, c) in by_type {
            let mut covered: BTreeSet<i64> = BTreeSet::new();
            let mut stray_rows = 0;
            let mut stray_file: Option<&String> = None;
            for (file, days) in &c.files {
                let (days, stray) = file_days(days);
                covered.extend(days);
                if stray > 0 {
                    stray_rows += stray;
                    stray_file = stray_file.min(Some(file)).or(Some(file));
                }
            }
            if let Some(file) = stray_file {
                gaps.push(CoverageGap {
                    kind: "stray-log-rows".into(),
                    message: format!(
                        "{event_type}: {stray_rows} row(s) are dated more than {STRAY_DAYS} days apart from the rest of their file; they count as events, but their days are not covered by it"
                    ),
                    span: Some(Span::new(file.clone(), 0)),
                });
            }
            let (Some(&first), Some(&last)) = (covered.first(), covered.last()) else {
                continue;
            };
            let missing: Vec<jiff::civil::Date> = (first..=last)
                .filter(|d| !covered.contains(d))
                .filter_map(day)
                .collect();
            let partial = c.files.keys().any(|f| self.partial_files.contains(f));
            if !missing.is_empty() {
                let runs = DayRange::runs(missing.iter().copied());
                let mut list: Vec<String> = runs.iter().take(10).map(ToString::to_string).collect();
                if runs.len() > 10 {
                    list.push(format!("and {} more", runs.len() - 10));
                }
                gaps.push(CoverageGap {
                    kind: "missing-log-day".into(),
                    message: format!(
                        "{event_type}: no rows on {} day(s) between the first and last day ({}); a day without logs is not a day without access",
                        missing.len(),
                        list.join(", ")
                    ),
                    span: None,
                });
            }
            let (Some(first), Some(last)) = (day(first), day(last)) else {
                continue;
            };
            coverage.push(Coverage {
                event_type,
                first,
                last,
                files: c.files.len() as u64,
                rows: c.rows,
                missing_days: missing,
                partial,
                covered: DayRange::runs(covered.iter().copied().filter_map(day)),
                stray_rows,
            });
        }
        coverage.sort();
        if let Some(first) = coverage.iter().map(|c| c.first).min() {
            gaps.push(CoverageGap {
                kind: "before-first-log".into(),
                message: format!(
                    "the logs start on {first}: accesses before that day are not in the input (EventLogFile keeps 30 days)"
                ),
                span: None,
            });
        }
        for f in &self.partial_files {
            gaps.push(CoverageGap {
                kind: "partial-file".into(),
                message: "the file ends early; rows after the cut are missing".into(),
                span: Some(Span::new(f.clone(), 0)),
            });
        }
        for f in &self.audit_unread {
            gaps.push(CoverageGap {
                kind: "audit-trail-unread".into(),
                message: "the Setup Audit Trail was not read: its dates need `--locale` (and `--tz` for zone abbreviations other than UTC, GMT, JST)".into(),
                span: Some(Span::new(f.clone(), 0)),
            });
        }
        for f in &self.empty_files {
            gaps.push(CoverageGap {
                kind: "empty-log-file".into(),
                message: "the file has a header and no rows; that is not proof of no activity"
                    .into(),
                span: Some(Span::new(f.clone(), 0)),
            });
        }
        if self.unclassified > 0 {
            gaps.push(CoverageGap {
                kind: "unclassified-rows".into(),
                message: format!(
                    "{} row(s) have no user type and no known guest user ID; name the guest user with `--guest-user` or `--users`",
                    self.unclassified
                ),
                span: None,
            });
        }
        if self.no_country > 0 {
            gaps.push(CoverageGap {
                kind: "unknown-country".into(),
                message: format!(
                    "{} event(s) have no known country and were left out by `--outside`",
                    self.no_country
                ),
                span: None,
            });
        }
        if self.truncated_records > 0 {
            gaps.push(CoverageGap {
                kind: "records-truncated".into(),
                message: format!(
                    "{} event(s) list 1000 records, the most an event holds: more may have been read",
                    self.truncated_records
                ),
                span: None,
            });
        }
        if self.duplicates > 0 {
            gaps.push(CoverageGap {
                kind: "duplicate-rows".into(),
                message: format!(
                    "{} row(s) repeat events already read (an overlapping download, or the same events in another file or format) and were counted once",
                    self.duplicates
                ),
                span: None,
            });
        }
        let learned: BTreeMap<String, String> = self
            .learned_prefixes
            .iter()
            .filter(|(_, o)| o.len() == 1)
            .filter_map(|(p, o)| Some((p.clone(), o.first()?.clone())))
            .collect();
        let mut records_read: HashMap<IpAddr, u64> = HashMap::new();
        for side in self.records.values().filter_map(|r| r.read.as_ref()) {
            for ip in &side.ips {
                *records_read.entry(*ip).or_default() += 1;
            }
        }
        let mut accessed: Vec<AccessedRecord> = self
            .records
            .into_iter()
            .filter_map(|(id, r)| {
                let (outcome, side) = match (r.read, r.attempt) {
                    (Some(s), _) => (Outcome::Read, s),
                    (None, Some(s)) => (Outcome::Attempt, s),
                    (None, None) => return None,
                };
                Some(AccessedRecord {
                    record_id: id,
                    object: r.object.or_else(|| learned.get(id.key_prefix()).cloned()),
                    outcome,
                    principal_kind: side.principal,
                    first_seen: side.first,
                    last_seen: side.last,
                    events: side.events,
                    ips: side.ips.into_iter().collect(),
                    countries: side.countries.into_iter().collect(),
                })
            })
            .collect();
        accessed.sort();
        let mut ips: Vec<IpSummary> = self
            .ips
            .into_iter()
            .map(|(ip, a)| IpSummary {
                ip,
                country_source: a.country.as_ref().map(|(_, s)| (*s).to_string()),
                country: a.country.map(|(c, _)| c),
                records_read: records_read.get(&ip).copied().unwrap_or(0),
                attempts: a.attempts,
                first: a.first,
                last: a.last,
                user_agents: a.user_agents.into_iter().collect(),
            })
            .collect();
        ips.sort();
        let mut skipped = self.skipped;
        skipped.details.sort();
        skipped.details.truncate(SKIP_DETAILS);
        skipped_gaps(&skipped, &self.audit_unread, &mut gaps);
        let mut audit = self.audit;
        audit.sort();
        let requests = self.requests.map(|r| {
            let mut reads: Vec<ClientRead> = r
                .reads
                .into_iter()
                .map(|((record_id, client), (first, last, reads))| ClientRead {
                    record_id,
                    client,
                    first,
                    last,
                    reads,
                })
                .collect();
            reads.sort();
            let mut submissions = r.submissions;
            submissions.sort();
            RequestEvidence { reads, submissions }
        });
        HuntReport {
            schema: HuntReport::SCHEMA.into(),
            tool_version: tool_version.into(),
            coverage,
            gaps,
            accessed,
            ips,
            skipped,
            geoip: self.geo.map(Geo::info),
            audit,
            requests,
            actor,
            findings,
        }
    }
}

/// Days without rows that still keep two of a file's days in one cluster (a weekly export with
/// a quiet weekend is one run of days; a row two years early is not).
const STRAY_DAYS: i64 = 7;

/// The days one file covers, and how many of its rows are stray. An Event Monitoring file
/// holds one day (daily) or one hour (hourly) of one event type (formats.md §2.1); an export
/// from a SIEM or the real-time API may hold several days. The file's days are cut into
/// clusters wherever more than [`STRAY_DAYS`] days pass without a row; the cluster holding most
/// rows (the latest on a tie) is what the file covers, and rows outside it are stray: a row
/// dated two years before the rest of its file does not show that its day was logged.
fn file_days(days: &BTreeMap<i64, u64>) -> (Vec<i64>, u64) {
    let mut clusters: Vec<(Vec<i64>, u64)> = Vec::new();
    for (&d, &n) in days {
        match clusters.last_mut() {
            Some((ds, rows)) if ds.last().is_some_and(|l| d - l <= STRAY_DAYS + 1) => {
                ds.push(d);
                *rows += n;
            }
            _ => clusters.push((vec![d], n)),
        }
    }
    let total: u64 = days.values().sum();
    let best = clusters
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, rows))| (*rows, *i))
        .map(|(i, _)| i);
    match best.and_then(|i| clusters.get(i)) {
        Some((ds, rows)) => (ds.clone(), total - rows),
        None => (Vec::new(), 0),
    }
}

fn day(n: i64) -> Option<jiff::civil::Date> {
    let ts = jiff::Timestamp::from_millisecond(n.checked_mul(DAY_MS)?).ok()?;
    Some(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
}

/// Rows and files that could not be used reach every output as gaps, with the first one's
/// position and reason (issue #15): `skipped` alone is easy to miss, and `investigate` reports
/// gaps. An unread audit trail has its own gap above and is not counted again.
fn skipped_gaps(
    skipped: &ajar_model::event::Skipped,
    audit_unread: &std::collections::BTreeSet<String>,
    gaps: &mut Vec<CoverageGap>,
) {
    let first = |whole_file: bool| {
        skipped
            .details
            .iter()
            .filter(|d| (d.source.line == 0) == whole_file)
            .find(|d| !audit_unread.contains(&d.source.file))
    };
    if skipped.rows > 0 {
        let at = first(false).map_or_else(String::new, |d| {
            format!(
                " (first: line {} of {}: {})",
                d.source.line, d.source.file, d.reason
            )
        });
        gaps.push(CoverageGap {
            kind: "skipped-rows".into(),
            message: format!(
                "{} log row(s) could not be used{at}: what they record is unknown",
                skipped.rows
            ),
            span: first(false).map(|d| d.source.clone()),
        });
    }
    let files = skipped.files.saturating_sub(audit_unread.len() as u64);
    if files > 0 {
        let at = first(true).map_or_else(String::new, |d| {
            format!(" (first: {}: {})", d.source.file, d.reason)
        });
        gaps.push(CoverageGap {
            kind: "skipped-files".into(),
            message: format!(
                "{files} file(s) given as logs could not be used{at}: what they record is unknown"
            ),
            span: first(true).map(|d| d.source.clone()),
        });
    }
}
