//! Summing normalised events per record, per IP and per event type.

use super::principal::Reason;
use super::{Context, Geo, Head, RowSkip, build, head};
use ajar_model::event::{
    AccessEvent, AccessedRecord, AuditEvent, Coverage, HuntReport, IpSummary, Outcome,
    PrincipalClass, Skip, Skipped,
};
use ajar_model::logrow::{Field, LogRow};
use ajar_model::sfid::SfId;
use ajar_model::span::{CoverageGap, Span};
use ajar_model::table::EventRow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::net::IpAddr;

/// How many skip positions are kept (the counts stay complete).
const SKIP_DETAILS: usize = 100;
/// How many user agents are kept per IP.
const USER_AGENTS: usize = 20;

#[derive(Debug, Default)]
struct CovAcc {
    files: BTreeSet<String>,
    rows: u64,
    days: BTreeSet<i64>,
}

/// One side of a record's events: its reads, or its attempts. A record that was read is
/// reported with its reads only (where it was read from, how often), an attempted one with
/// its attempts.
#[derive(Debug)]
struct Side {
    principal: PrincipalClass,
    first: jiff::Timestamp,
    last: jiff::Timestamp,
    events: u64,
    ips: BTreeSet<IpAddr>,
    countries: BTreeSet<String>,
}

impl Side {
    fn merge(&mut self, o: Side) {
        self.principal = self.principal.min(o.principal);
        self.first = self.first.min(o.first);
        self.last = self.last.max(o.last);
        self.events += o.events;
        self.ips.extend(o.ips);
        self.countries.extend(o.countries);
    }
}

fn merge_side(mine: &mut Option<Side>, other: Option<Side>) {
    match (mine.as_mut(), other) {
        (Some(m), Some(o)) => m.merge(o),
        (None, Some(o)) => *mine = Some(o),
        (_, None) => {}
    }
}

#[derive(Debug)]
struct RecAcc {
    object: Option<String>,
    read: Option<Side>,
    attempt: Option<Side>,
}

#[derive(Debug)]
struct IpAcc {
    country: Option<(String, &'static str)>,
    attempts: u64,
    first: jiff::Timestamp,
    last: jiff::Timestamp,
    user_agents: BTreeSet<String>,
}

/// Receives every event a hunt counts, flattened to one row per record (`--emit`, issue #9).
pub trait EventSink: Send {
    /// The rows of one event.
    fn rows(&mut self, rows: Vec<EventRow>);
    /// No more rows will come.
    fn close(self: Box<Self>);
}

/// The running state of a hunt over some rows. Build one per task, feed it rows, [`merge`]
/// them, then [`finish`].
///
/// [`merge`]: Hunt::merge
/// [`finish`]: Hunt::finish
pub struct Hunt<'c> {
    ctx: &'c Context,
    geo: Option<&'c dyn Geo>,
    geo_cache: HashMap<IpAddr, Option<String>>,
    coverage: HashMap<String, CovAcc>,
    records: HashMap<SfId, RecAcc>,
    ips: HashMap<IpAddr, IpAcc>,
    skipped: Skipped,
    partial_files: BTreeSet<String>,
    audit_unread: BTreeSet<String>,
    empty_files: BTreeSet<String>,
    audit: Vec<AuditEvent>,
    dedupe: Option<HashSet<u64>>,
    duplicates: u64,
    pending: Vec<AccessEvent>,
    learned_prefixes: BTreeMap<String, BTreeSet<String>>,
    unclassified: u64,
    no_country: u64,
    truncated_records: u64,
    sink: Option<Box<dyn EventSink + 'c>>,
}

impl std::fmt::Debug for Hunt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hunt")
            .field("records", &self.records.len())
            .field("ips", &self.ips.len())
            .finish_non_exhaustive()
    }
}

const DAY_MS: i64 = 86_400_000;

impl<'c> Hunt<'c> {
    /// An empty hunt.
    pub fn new(ctx: &'c Context, geo: Option<&'c dyn Geo>) -> Self {
        Self {
            ctx,
            geo,
            geo_cache: HashMap::new(),
            coverage: HashMap::new(),
            records: HashMap::new(),
            ips: HashMap::new(),
            skipped: Skipped::default(),
            partial_files: BTreeSet::new(),
            audit_unread: BTreeSet::new(),
            empty_files: BTreeSet::new(),
            audit: Vec::new(),
            dedupe: None,
            duplicates: 0,
            pending: Vec::new(),
            learned_prefixes: BTreeMap::new(),
            unclassified: 0,
            no_country: 0,
            truncated_records: 0,
            sink: None,
        }
    }

    /// Sends every event this hunt counts (after filters and de-duplication, with its
    /// country) to `sink`. [`finish`](Hunt::finish) closes it; [`merge`](Hunt::merge) does not
    /// carry it over: take it back with [`take_sink`](Hunt::take_sink) first.
    pub fn set_sink(&mut self, sink: Box<dyn EventSink + 'c>) {
        self.sink = Some(sink);
    }

    /// Takes the sink back (to close it).
    pub fn take_sink(&mut self) -> Option<Box<dyn EventSink + 'c>> {
        self.sink.take()
    }

    /// Counts rows that repeat (same event type, request, time and values) once: for files
    /// that may overlap, such as daily and hourly downloads of one day (formats.md §2.1).
    pub fn dedupe_rows(&mut self) {
        self.dedupe.get_or_insert_with(HashSet::new);
    }

    fn skip(&mut self, file: &str, line: u64, reason: &str) {
        self.skipped.rows += 1;
        if self.skipped.details.len() < SKIP_DETAILS {
            self.skipped.details.push(Skip {
                source: Span::new(file, line),
                reason: reason.into(),
            });
        }
    }

    /// A row the adapter could not parse.
    pub fn malformed(&mut self, file: &str, line: u64, reason: &str) {
        self.skip(file, line, reason);
    }

    /// A file not used at all.
    pub fn skip_file(&mut self, file: &str, reason: &str) {
        self.skipped.files += 1;
        if self.skipped.details.len() < SKIP_DETAILS {
            self.skipped.details.push(Skip {
                source: Span::new(file, 0),
                reason: reason.into(),
            });
        }
    }

    /// A log file that holds a header and no rows: no proof of no activity (formats.md §2.6).
    pub fn empty_file(&mut self, file: &str) {
        self.empty_files.insert(file.to_string());
    }

    /// A file that ended early (truncated gzip): what was read counts, its coverage is partial.
    pub fn partial_file(&mut self, file: &str, after_line: u64) {
        self.partial_files.insert(file.to_string());
        self.skipped.files += 1;
        if self.skipped.details.len() < SKIP_DETAILS {
            self.skipped.details.push(Skip {
                source: Span::new(file, after_line),
                reason: "file ends early (truncated gzip); rows after this line are missing".into(),
            });
        }
    }

    /// A Setup Audit Trail file that could not be read (its dates need `--locale`/`--tz`).
    pub fn audit_unread(&mut self, file: &str) {
        self.audit_unread.insert(file.to_string());
    }

    /// A Setup Audit Trail entry.
    pub fn audit(&mut self, file: &str, mut event: AuditEvent) {
        event.source.file = file.to_string();
        self.audit.push(event);
    }

    fn country(&mut self, ip: IpAddr) -> Option<String> {
        let geo = self.geo?;
        self.geo_cache
            .entry(ip)
            .or_insert_with(|| geo.country(ip))
            .clone()
    }

    /// One row.
    pub fn row(&mut self, file: &str, row: &dyn LogRow) {
        let ctx = self.ctx;
        let h = match head(row, ctx) {
            Ok(h) => h,
            Err(RowSkip::NoTime) => {
                self.skip(file, row.line(), RowSkip::NoTime.reason());
                return;
            }
        };
        let cov = match self.coverage.get_mut(h.event_type) {
            Some(c) => c,
            None => self.coverage.entry(h.event_type.to_string()).or_default(),
        };
        cov.rows += 1;
        if !cov.files.contains(file) {
            cov.files.insert(file.to_string());
        }
        cov.days.insert(h.time.as_millisecond().div_euclid(DAY_MS));

        let f = &ctx.filters;
        if h.reason == Reason::NoUserType {
            self.unclassified += 1;
        }
        if f.since.is_some_and(|s| h.time < s) || f.until.is_some_and(|u| h.time >= u) {
            return;
        }
        let wanted = f.principals.is_empty() || f.principals.contains(&h.principal);
        let may_be_guest = h.reason == Reason::NoUserType
            && f.principals.contains(&PrincipalClass::Guest)
            && row.get(Field::RequestId).is_some();
        if !wanted && !may_be_guest {
            return;
        }
        if let Some(seen) = &mut self.dedupe {
            let mut hs = std::hash::DefaultHasher::new();
            (
                h.event_type,
                row.get(Field::RequestId),
                h.time,
                row.content_hash(),
            )
                .hash(&mut hs);
            if !seen.insert(hs.finish()) {
                self.duplicates += 1;
                return;
            }
        }
        let (ev, truncated) = build(row, &h, file, ctx);
        if truncated {
            self.truncated_records += 1;
        }
        if !wanted {
            // No user type: kept aside until every guest request is known (trap 25).
            if !ev.record_ids.is_empty() {
                self.pending.push(ev);
            }
            return;
        }
        self.add(&h, ev);
    }

    fn add(&mut self, h: &Head<'_>, ev: AccessEvent) {
        let f = &self.ctx.filters;
        if !f.objects.is_empty() && !ev.objects.iter().any(|o| f.objects.contains(o)) {
            return;
        }
        let (country, source) = match (&ev.log_country, ev.ip) {
            (Some(c), _) => (Some(c.clone()), "log"),
            (None, Some(ip)) => (self.country(ip), "geoip"),
            (None, None) => (None, "geoip"),
        };
        if let Some(home) = &self.ctx.filters.outside {
            match &country {
                Some(c) if c.eq_ignore_ascii_case(home) => return,
                Some(_) => {}
                None => {
                    self.no_country += 1;
                    return;
                }
            }
        }
        if let Some(sink) = self.sink.as_mut() {
            let prefixes = &self.ctx.key_prefixes;
            sink.rows(EventRow::flatten(
                &ev,
                country.as_deref().map(|c| (c, source)),
                |id| super::ids::object_of(id, prefixes),
            ));
        }
        // Learn custom key prefixes from rows that name exactly one object and one prefix
        // (`/sobjects/Balance_Transfer_Application__c/a0B...`).
        if let ([obj], Some(first)) = (ev.objects.as_slice(), ev.record_ids.first())
            && ev
                .record_ids
                .iter()
                .all(|r| r.key_prefix() == first.key_prefix())
            && ajar_model::sfid::standard_object(first.key_prefix()).is_none()
        {
            self.learned_prefixes
                .entry(first.key_prefix().to_string())
                .or_default()
                .insert(obj.clone());
        }
        let read = ev.outcome == Outcome::Read;
        for id in &ev.record_ids {
            let object = super::ids::object_of(id, &self.ctx.key_prefixes);
            let r = self.records.entry(*id).or_insert_with(|| RecAcc {
                object,
                read: None,
                attempt: None,
            });
            let side = if read { &mut r.read } else { &mut r.attempt };
            let side = side.get_or_insert_with(|| Side {
                principal: h.principal,
                first: ev.time,
                last: ev.time,
                events: 0,
                ips: BTreeSet::new(),
                countries: BTreeSet::new(),
            });
            side.principal = side.principal.min(h.principal);
            side.first = side.first.min(ev.time);
            side.last = side.last.max(ev.time);
            side.events += 1;
            if let Some(ip) = ev.ip {
                side.ips.insert(ip);
            }
            if let Some(c) = &country {
                side.countries.insert(c.clone());
            }
        }
        if let Some(ip) = ev.ip {
            let a = self.ips.entry(ip).or_insert_with(|| IpAcc {
                country: None,
                attempts: 0,
                first: ev.time,
                last: ev.time,
                user_agents: BTreeSet::new(),
            });
            if a.country.is_none() {
                a.country = country.map(|c| (c, source));
            }
            // The records an IP read are counted at the end from the records' own IP sets.
            if !read {
                a.attempts += 1;
            }
            a.first = a.first.min(ev.time);
            a.last = a.last.max(ev.time);
            if let Some(ua) = ev.user_agent
                && a.user_agents.len() < USER_AGENTS
                && !a.user_agents.contains(&ua)
            {
                a.user_agents.insert(ua);
            }
        }
    }

    /// Folds another hunt's state into this one.
    pub fn merge(&mut self, other: Hunt<'_>) {
        for (k, c) in other.coverage {
            let mine = self.coverage.entry(k).or_default();
            mine.files.extend(c.files);
            mine.rows += c.rows;
            mine.days.extend(c.days);
        }
        for (id, r) in other.records {
            match self.records.get_mut(&id) {
                None => {
                    self.records.insert(id, r);
                }
                Some(m) => {
                    merge_side(&mut m.read, r.read);
                    merge_side(&mut m.attempt, r.attempt);
                    if m.object.is_none() {
                        m.object = r.object;
                    }
                }
            }
        }
        for (ip, a) in other.ips {
            match self.ips.get_mut(&ip) {
                None => {
                    self.ips.insert(ip, a);
                }
                Some(m) => {
                    if m.country.is_none() {
                        m.country = a.country;
                    }
                    m.attempts += a.attempts;
                    m.first = m.first.min(a.first);
                    m.last = m.last.max(a.last);
                    for ua in a.user_agents {
                        if m.user_agents.len() < USER_AGENTS {
                            m.user_agents.insert(ua);
                        }
                    }
                }
            }
        }
        self.skipped.rows += other.skipped.rows;
        self.skipped.files += other.skipped.files;
        self.skipped.details.extend(other.skipped.details);
        // The first details in sort order, as the report keeps them: bounded whatever the merge.
        self.skipped.details.sort();
        self.skipped.details.truncate(SKIP_DETAILS);
        self.partial_files.extend(other.partial_files);
        self.audit_unread.extend(other.audit_unread);
        self.empty_files.extend(other.empty_files);
        self.audit.extend(other.audit);
        self.duplicates += other.duplicates;
        self.pending.extend(other.pending);
        for (p, o) in other.learned_prefixes {
            self.learned_prefixes.entry(p).or_default().extend(o);
        }
        self.unclassified += other.unclassified;
        self.no_country += other.no_country;
        self.truncated_records += other.truncated_records;
    }

    /// The `REQUEST_ID`s of events kept aside because their rows name a record but no user
    /// type. Usually empty; when not, the caller looks for guest rows with these IDs (a second,
    /// rarely needed pass, so that memory does not grow with guest rows) and calls
    /// [`Hunt::resolve_pending`].
    pub fn pending_request_ids(&self) -> HashSet<String> {
        self.pending
            .iter()
            .filter_map(|e| e.request_id.clone())
            .collect()
    }

    /// Counts the events kept aside: those whose `REQUEST_ID` is in `guest_requests` as the
    /// guest's (trap 25), the others as unknown (kept only if unknown principals are).
    pub fn resolve_pending(&mut self, guest_requests: &HashSet<String>) {
        for mut ev in std::mem::take(&mut self.pending) {
            let joined = ev
                .request_id
                .as_ref()
                .is_some_and(|r| guest_requests.contains(r));
            let f = &self.ctx.filters;
            if joined {
                ev.principal = PrincipalClass::Guest;
                ev.principal_reason = super::principal::describe(Reason::GuestRequest, None);
            } else if !f.principals.is_empty() && !f.principals.contains(&PrincipalClass::Unknown) {
                continue;
            }
            let h = Head {
                time: ev.time,
                event_type: "",
                principal: ev.principal,
                reason: Reason::GuestRequest,
                user_id: None,
            };
            self.add(&h, ev);
        }
    }

    /// The report. `tool_version` is ajar's version. Events still kept aside count as unknown.
    pub fn finish(mut self, tool_version: &str) -> HuntReport {
        self.resolve_pending(&HashSet::new());
        if let Some(sink) = self.sink.take() {
            sink.close();
        }
        let mut gaps = Vec::new();
        let mut coverage: Vec<Coverage> = Vec::new();
        // Sorted, so that gaps come out in the same order every run.
        let by_type: BTreeMap<String, CovAcc> =
            std::mem::take(&mut self.coverage).into_iter().collect();
        for (event_type, c) in by_type {
            let (Some(&first), Some(&last)) = (c.days.first(), c.days.last()) else {
                continue;
            };
            let missing: Vec<jiff::civil::Date> = (first..=last)
                .filter(|d| !c.days.contains(d))
                .filter_map(day)
                .collect();
            let partial = c.files.iter().any(|f| self.partial_files.contains(f));
            if !missing.is_empty() {
                let mut list: Vec<String> =
                    missing.iter().take(10).map(ToString::to_string).collect();
                if missing.len() > 10 {
                    list.push(format!("and {} more", missing.len() - 10));
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
                    "{} row(s) repeat rows of an overlapping file and were counted once",
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
        let mut audit = self.audit;
        audit.sort();
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
        }
    }
}

fn day(n: i64) -> Option<jiff::civil::Date> {
    let ts = jiff::Timestamp::from_millisecond(n.checked_mul(DAY_MS)?).ok()?;
    Some(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
}
