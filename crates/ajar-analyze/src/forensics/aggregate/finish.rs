//! [`Hunt::finish`]: the running state turned into a [`HuntReport`], with its coverage gaps.

use super::{CovAcc, DAY_MS, Hunt, IpAcc, RecAcc, Requests, SKIP_DETAILS};
use crate::forensics::Geo;
use ajar_model::event::{
    AccessedRecord, ClientRead, Coverage, HuntReport, IpSummary, Outcome, RequestEvidence,
};
use ajar_model::sfid::SfId;
use ajar_model::span::{CoverageGap, DayRange, Span};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::net::IpAddr;

impl Hunt<'_> {
    /// The report. `tool_version` is ajar's version. Events still kept aside count as unknown.
    pub fn finish(self, tool_version: &str) -> HuntReport {
        self.finish_keeping(tool_version).0
    }

    /// [`Hunt::finish`], with the states the report was made from, to be dropped (or, by a
    /// program about to end, forgotten) once the report is used.
    pub fn finish_keeping(mut self, tool_version: &str) -> (HuntReport, super::Spent) {
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
        let (coverage, mut gaps) = self.coverage();
        self.state_gaps(&mut gaps);
        let learned: BTreeMap<String, String> = self
            .learned_prefixes
            .iter()
            .filter(|(_, o)| o.len() == 1)
            .filter_map(|(p, o)| Some((p.clone(), o.first()?.clone())))
            .collect();
        let (accessed, ips, spent) = accessed(
            self.records.into_states(),
            self.ips,
            &ctx.key_prefixes,
            &learned,
        );
        let mut skipped = self.skipped;
        skipped.details.sort();
        skipped.details.truncate(SKIP_DETAILS);
        skipped_gaps(&skipped, &self.audit_unread, &mut gaps);
        let mut audit = self.audit;
        audit.sort();
        let report = HuntReport {
            schema: HuntReport::SCHEMA.into(),
            tool_version: tool_version.into(),
            coverage,
            gaps,
            accessed,
            ips,
            skipped,
            geoip: self.geo.map(Geo::info),
            audit,
            requests: self.requests.map(request_evidence),
            actor,
            findings,
        };
        (report, super::Spent::new(spent))
    }

    /// Each event type's days covered, sorted, with the gaps of its files: stray rows, days
    /// missing between the first and the last, and the logs' start.
    fn coverage(&mut self) -> (Vec<Coverage>, Vec<CoverageGap>) {
        self.settle_coverage();
        let mut gaps = Vec::new();
        let mut coverage: Vec<Coverage> = Vec::new();
        // Sorted, so that gaps come out in the same order every run.
        let by_type: BTreeMap<String, CovAcc> =
            std::mem::take(&mut self.coverage).into_iter().collect();
        for (event_type, c) in by_type {
            let partial = c.files.keys().any(|f| self.partial_files.contains(f));
            if let Some(cov) = event_type_coverage(event_type, &c, partial, &mut gaps) {
                coverage.push(cov);
            }
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
        (coverage, gaps)
    }

    /// Gaps of the files and rows set aside while reading.
    fn state_gaps(&self, gaps: &mut Vec<CoverageGap>) {
        let file_gap = |gaps: &mut Vec<CoverageGap>, kind: &str, message: &str, f: &String| {
            gaps.push(CoverageGap {
                kind: kind.into(),
                message: message.into(),
                span: Some(Span::new(f.clone(), 0)),
            });
        };
        for f in &self.partial_files {
            file_gap(
                gaps,
                "partial-file",
                "the file ends early; rows after the cut are missing",
                f,
            );
        }
        for f in &self.audit_unread {
            file_gap(
                gaps,
                "audit-trail-unread",
                "the Setup Audit Trail was not read: its dates need `--locale` (and `--tz` for zone abbreviations other than UTC, GMT, JST)",
                f,
            );
        }
        for f in &self.empty_files {
            file_gap(
                gaps,
                "empty-log-file",
                "the file has a header and no rows; that is not proof of no activity",
                f,
            );
        }
        let counts = [
            (
                self.unclassified,
                "unclassified-rows",
                "row(s) have no user type and no known guest user ID; name the guest user with `--guest-user` or `--users`",
            ),
            (
                self.no_country,
                "unknown-country",
                "event(s) have no known country and were left out by `--outside`",
            ),
            (
                self.truncated_records,
                "records-truncated",
                "event(s) list 1000 records, the most an event holds: more may have been read",
            ),
            (
                self.duplicates,
                "duplicate-rows",
                "row(s) repeat events already read (an overlapping download, or the same events in another file or format) and were counted once",
            ),
        ];
        for (n, kind, what) in counts {
            if n > 0 {
                gaps.push(CoverageGap {
                    kind: kind.into(),
                    message: format!("{n} {what}"),
                    span: None,
                });
            }
        }
    }
}

/// One event type's coverage (none when no day is known), pushing its stray-row and
/// missing-day gaps.
fn event_type_coverage(
    event_type: String,
    c: &CovAcc,
    partial: bool,
    gaps: &mut Vec<CoverageGap>,
) -> Option<Coverage> {
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
        return None;
    };
    let missing: Vec<jiff::civil::Date> = (first..=last)
        .filter(|d| !covered.contains(d))
        .filter_map(day)
        .collect();
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
        return None;
    };
    Some(Coverage {
        event_type,
        first,
        last,
        files: c.files.len() as u64,
        rows: c.rows,
        missing_days: missing,
        partial,
        covered: DayRange::runs(covered.iter().copied().filter_map(day)),
        stray_rows,
    })
}

/// Below this many records the report's list is built on one thread, and its states are
/// freed where they are dropped ([`super::Spent`]).
pub(super) const PARALLEL_RECORDS: usize = 8192;

/// How many records were read from each IP.
type ReadsPerIp = super::RowMap<IpAddr, u64>;

/// An ID's order key.
type Key = (u128, u16);

/// The records read or attempted, sorted, and each client IP, sorted, with how many records
/// were read from it; a record's object is the one its key prefix names (a standard prefix,
/// or one of `prefixes`), else the one its key prefix was learned for. A long list is cut at
/// an ID near its median (the median of a sample): each thread of two builds and sorts the
/// records on its side of it, the second thread then the IPs' list, and the second side
/// follows the first; the states are handed back, to be freed once the report is used.
/// (Sorting the built list, about 140 bytes a record, on one thread was most of the end of a
/// hunt over every principal; merging two sorted halves built from records taken in turn
/// from a shared list, then an exact median, the states dropped and the IPs listed on one
/// thread before the report was written, most of what remained, issue #19.)
fn accessed(
    records: Vec<(SfId, RecAcc)>,
    ips: super::RowMap<IpAddr, IpAcc>,
    prefixes: &BTreeMap<String, String>,
    learned: &BTreeMap<String, String>,
) -> (Vec<AccessedRecord>, Vec<IpSummary>, Vec<(SfId, RecAcc)>) {
    let n = records.len();
    // The records on one side of `median` (below it, or from it on), or all of them (`None`),
    // built and sorted.
    let side = |median: Option<Key>, below: bool, capacity: usize| {
        let mut out = Vec::with_capacity(capacity);
        let mut reads = ReadsPerIp::default();
        for (id, r) in &records {
            if median.is_none_or(|m| (id.order_key() < m) == below)
                && let Some(made) = record(*id, r, prefixes, learned, &mut reads)
            {
                out.push(made);
            }
        }
        by_id(&mut out);
        (out, reads)
    };
    let median = (n >= PARALLEL_RECORDS).then(|| {
        let mut sample: Vec<Key> = records
            .iter()
            .step_by((n / SAMPLE).max(1))
            .map(|(id, _)| id.order_key())
            .collect();
        sample.sort_unstable();
        sample.get(sample.len() / 2).copied()
    });
    let Some(median) = median.flatten() else {
        let (out, reads) = side(None, true, n);
        return (out, ip_summaries(ips, &reads), records);
    };
    let ((mut a, mut reads), other) = std::thread::scope(|s| {
        let other = s.spawn(|| {
            let made = side(Some(median), false, n / 2 + n / 16);
            // Sorted by IP alone (each is listed once): their reads are filled in below.
            (made, ip_summaries(ips, &ReadsPerIp::default()))
        });
        // Room for both sides, so that the second joins the first without a reallocation.
        let mine = side(Some(median), true, n);
        (mine, other.join())
    });
    let ((mut b, b_reads), mut listed) =
        other.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    a.append(&mut b);
    for (ip, n) in b_reads {
        *reads.entry(ip).or_default() += n;
    }
    for summary in &mut listed {
        summary.records_read = reads.get(&summary.ip).copied().unwrap_or(0);
    }
    (a, listed, records)
}

/// IDs sampled to find a median.
const SAMPLE: usize = 1024;

/// Sorts records by ID (distinct, so this is the derived order). The IDs' order keys are
/// sorted with their places, then each record moved once to its own: sorting the records
/// themselves (about 140 bytes each) moved each many times, and keys compared as IDs were
/// made again at every comparison (issue #19).
fn by_id(records: &mut [AccessedRecord]) {
    records.sort_by_cached_key(|x| x.record_id.order_key());
}

/// A record as the report lists it (none when it has neither reads nor attempts), its read
/// IPs counted in `reads`.
fn record(
    id: SfId,
    r: &RecAcc,
    prefixes: &BTreeMap<String, String>,
    learned: &BTreeMap<String, String>,
    reads: &mut ReadsPerIp,
) -> Option<AccessedRecord> {
    let (outcome, side) = match (&r.read, &r.attempt) {
        (Some(s), _) => (Outcome::Read, s),
        (None, Some(s)) => (Outcome::Attempt, &**s),
        (None, None) => return None,
    };
    let ips = side.ips.to_sorted();
    if outcome == Outcome::Read {
        for ip in &ips {
            *reads.entry(*ip).or_default() += 1;
        }
    }
    Some(AccessedRecord {
        record_id: id,
        object: crate::forensics::ids::object_of(&id, prefixes)
            .or_else(|| learned.get(id.key_prefix()).cloned()),
        outcome,
        principal_kind: side.principal,
        first_seen: side.first,
        last_seen: side.last,
        events: side.events,
        ips,
        countries: side
            .countries
            .to_sorted()
            .into_iter()
            .map(String::from)
            .collect(),
    })
}

/// Each client address, sorted, with the records read from it.
fn ip_summaries(ips: super::RowMap<IpAddr, IpAcc>, records_read: &ReadsPerIp) -> Vec<IpSummary> {
    let mut out: Vec<IpSummary> = ips
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
    out.sort();
    out
}

/// The request-level evidence, sorted.
fn request_evidence(r: Requests) -> RequestEvidence {
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
