//! Summing normalised events per record, per IP and per event type.

use super::principal::Reason;
use super::{Context, Geo, Head, HeadCache, RowSkip, build, head_cached};
use ajar_model::event::{AccessEvent, AuditEvent, Outcome, PrincipalClass, Skipped};
use ajar_model::logrow::{Field, LogRow};
use ajar_model::table::{EventRef, each_row};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::net::IpAddr;

mod detect;
mod event;
mod files;
mod finish;
mod merge;
mod records;
mod requests;
mod seen;
mod set;
mod spent;

use event::Decided;
use records::{RecAcc, Records, Side};
use requests::Requests;
use set::SmallSet;
pub use spent::Spent;

pub use seen::SeenEvents;

/// How many skip positions are kept (the counts stay complete).
const SKIP_DETAILS: usize = 100;
/// How many user agents are kept per IP.
const USER_AGENTS: usize = 20;

/// A map looked up once or more per row: a fixed-seed fast hash instead of SipHash (its order
/// never reaches an output: the finish sorts).
type RowMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// One event type's rows per file and UTC day (day numbers since 1970-01-01).
#[derive(Debug, Default)]
struct CovAcc {
    rows: u64,
    files: RowMap<String, BTreeMap<i64, u64>>,
}

/// Rows of one event type, file and day counted in a row, not yet in [`CovAcc`]: rows come in
/// runs of these (a file holds one event type, in time order), and adding one to a run costs
/// two short compares where the maps cost two hashes and a tree walk (issue #19).
#[derive(Debug, Default)]
struct CovRun {
    event_type: String,
    file: String,
    day: i64,
    /// 0: no run.
    rows: u64,
}

#[derive(Debug)]
struct IpAcc {
    country: Option<(String, &'static str)>,
    attempts: u64,
    first: jiff::Timestamp,
    last: jiff::Timestamp,
    user_agents: BTreeSet<String>,
}

/// Whether an Aura action descriptor names a `get…` method (`aura://C/ACTION$getX`).
fn read_only_action(descriptor: &str) -> bool {
    descriptor
        .rsplit_once("ACTION$")
        .is_some_and(|(_, method)| method.starts_with("get"))
}

/// An IP's country from the GeoIP database, looked up once per IP.
fn cached_country<'m>(
    cache: &'m mut RowMap<IpAddr, Option<String>>,
    geo: Option<&dyn Geo>,
    ip: IpAddr,
) -> Option<&'m str> {
    let geo = geo?;
    cache
        .entry(ip)
        .or_insert_with(|| geo.country(ip))
        .as_deref()
}

/// Receives every event a hunt counts, flattened to one row per record (`--emit`, issue #9).
pub trait EventSink: Send {
    /// One row of an event (an event naming several records gives one call per record),
    /// borrowed: a sink copies what it keeps.
    fn row(&mut self, row: &EventRef<'_>);
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
    geo_cache: RowMap<IpAddr, Option<String>>,
    coverage: RowMap<String, CovAcc>,
    /// Rows counted but not yet in `coverage` ([`Hunt::settle_coverage`] adds them).
    cov_run: CovRun,
    records: Records,
    ips: RowMap<IpAddr, IpAcc>,
    skipped: Skipped,
    partial_files: BTreeSet<String>,
    audit_unread: BTreeSet<String>,
    empty_files: BTreeSet<String>,
    audit: Vec<AuditEvent>,
    dedupe: Option<HashSet<u64, foldhash::fast::FixedState>>,
    seen: Option<&'c SeenEvents>,
    seen_shard: seen::ShardCache,
    duplicates: u64,
    pending: Vec<AccessEvent>,
    learned_prefixes: BTreeMap<String, BTreeSet<String>>,
    unclassified: u64,
    no_country: u64,
    truncated_records: u64,
    sink: Option<Box<dyn EventSink + 'c>>,
    requests: Option<Requests>,
    /// The keys that may join events to the intruder (`Context::indicators`, issue #16).
    actor_keys: crate::actor::ActorKeys,
    /// The intruder's events, from the second pass ([`Hunt::set_actor_events`]).
    actor_events: Vec<AccessEvent>,
    /// The detections' running state (`Context::detect`, issue #17).
    detector: Option<crate::detect::Detector>,
    /// The last event built, whose buffers the next one reuses (boxed: taking it out and
    /// putting it back moves a pointer, not the event).
    scratch: Option<Box<AccessEvent>>,
    /// The last API facts read for the detections only, whose buffers the next reuse.
    api_scratch: Option<Box<ajar_model::event::ApiDetail>>,
    /// Client IPs already parsed.
    ip_cache: super::ips::IpCache,
    /// The last rows' dates and users.
    head_cache: HeadCache,
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
            geo_cache: RowMap::default(),
            coverage: RowMap::default(),
            cov_run: CovRun::default(),
            records: Records::default(),
            ips: RowMap::default(),
            skipped: Skipped::default(),
            partial_files: BTreeSet::new(),
            audit_unread: BTreeSet::new(),
            empty_files: BTreeSet::new(),
            audit: Vec::new(),
            dedupe: None,
            seen: None,
            seen_shard: seen::ShardCache::default(),
            duplicates: 0,
            pending: Vec::new(),
            learned_prefixes: BTreeMap::new(),
            unclassified: 0,
            no_country: 0,
            truncated_records: 0,
            sink: None,
            requests: None,
            actor_keys: crate::actor::ActorKeys::default(),
            actor_events: Vec::new(),
            scratch: None,
            api_scratch: None,
            ip_cache: super::ips::IpCache::default(),
            head_cache: HeadCache::new(),
            detector: ctx
                .detect
                .as_ref()
                .map(|_| crate::detect::Detector::default()),
        }
    }

    /// Keeps request-level evidence for the report's `requests`: each outsider client's reads
    /// of each record, and outsider form submissions. `ajar investigate` uses it to tell a data
    /// subject reading their own new record from a third party (issue #14).
    pub fn keep_requests(&mut self) {
        self.requests.get_or_insert_with(Requests::default);
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

    /// With indicators: the keys the rows so far join to the intruder, for the second pass
    /// over the same rows ([`super::ActorRows`]), whose events go to
    /// [`Hunt::set_actor_events`].
    pub fn actor_keys(&mut self) -> crate::actor::ReachedKeys {
        std::mem::take(&mut self.actor_keys).reached()
    }

    /// The intruder's events, found by the second pass; [`Hunt::finish`] names the intruder
    /// from them.
    pub fn set_actor_events(&mut self, events: Vec<AccessEvent>) {
        self.actor_events = events;
    }

    /// Counts rows that repeat (same event type, request, time and values) once: for files
    /// that may overlap, such as daily and hourly downloads of one day (formats.md §2.1).
    pub fn dedupe_rows(&mut self) {
        self.dedupe.get_or_insert_with(HashSet::default);
    }

    /// Counts an event that another task (or file) already counted once: the same event type,
    /// request ID, time and values in any format, such as a CSV and its JSON-lines conversion
    /// or a weekly file beside its daily files. Give every task of one hunt the same `seen`.
    pub fn dedupe_events(&mut self, seen: &'c SeenEvents) {
        self.seen = Some(seen);
    }

    fn country(&mut self, ip: IpAddr) -> Option<String> {
        cached_country(&mut self.geo_cache, self.geo, ip).map(str::to_string)
    }

    /// One row.
    pub fn row(&mut self, file: &str, row: &dyn LogRow) {
        let ctx = self.ctx;
        let h = match head_cached(row, ctx, &mut self.head_cache) {
            Ok(h) => h,
            Err(RowSkip::NoTime) => {
                self.skip(file, row.line(), RowSkip::NoTime.reason());
                return;
            }
        };
        self.count_coverage(
            h.event_type,
            file,
            h.time.as_millisecond().div_euclid(DAY_MS),
        );
        let f = &ctx.filters;
        let in_time =
            !(f.since.is_some_and(|s| h.time < s) || f.until.is_some_and(|u| h.time >= u));
        if !ctx.indicators.is_empty() && in_time {
            // The intruder's keys, whatever the event's principal class (an integration user is
            // internal); taken before every filter but time. Its events are read in a second
            // pass ([`super::ActorRows`]).
            let (ev, _) = build(row, &h, file, ctx);
            self.actor_keys.observe(&ctx.indicators, &ev);
        }

        if h.reason == Reason::NoUserType {
            self.unclassified += 1;
        }
        if !in_time {
            return;
        }
        let wanted = f.principals.is_empty() || f.principals.contains(&h.principal);
        let may_be_guest = h.reason == Reason::NoUserType
            && f.principals.contains(&PrincipalClass::Guest)
            && (row.get(Field::RequestId).is_some() || row.get(Field::SessionKey).is_some());
        let counted = wanted || may_be_guest;
        let detect = self.detector.is_some() && crate::detect::relevant(h.event_type, h.principal);
        if !counted && !detect {
            return;
        }
        if let Some(seen) = &mut self.dedupe {
            // A fixed-seed fast hash: the same row gives the same key in every task.
            let mut hs =
                std::hash::BuildHasher::build_hasher(&foldhash::fast::FixedState::with_seed(0));
            (
                h.event_type,
                row.get(Field::RequestId),
                h.time,
                row.content_hash(),
            )
                .hash(&mut hs);
            if !seen.insert(hs.finish()) {
                if counted {
                    self.duplicates += 1;
                }
                return;
            }
        }
        if !counted && h.principal != PrincipalClass::Guest {
            // Seen by the detections only, which need no record IDs of non-guests.
            let mut ev = self
                .scratch
                .take()
                .unwrap_or_else(|| Box::new(super::blank_event()));
            let ip = self.ip_cache.client_ip(row);
            super::refill_light(&mut ev, row, &h, file, ip);
            self.detect(row, &mut ev);
            self.scratch = Some(ev);
            return;
        }
        // Written over the previous row's event, keeping its buffers.
        let mut ev = self
            .scratch
            .take()
            .unwrap_or_else(|| Box::new(super::blank_event()));
        let ip = self.ip_cache.client_ip(row);
        let truncated = super::refill::refill(&mut ev, row, &h, file, ctx, ip);
        let decided = Decided {
            wanted,
            counted,
            detect,
            truncated,
        };
        self.event(row, &h, &mut ev, decided);
        self.scratch = Some(ev);
    }

    /// Counts a row of `event_type` in `file` on `day` for the coverage.
    fn count_coverage(&mut self, event_type: &str, file: &str, day: i64) {
        let run = &mut self.cov_run;
        if run.rows > 0 && run.day == day && run.event_type == event_type && run.file == file {
            run.rows += 1;
            return;
        }
        self.settle_coverage();
        let run = &mut self.cov_run;
        run.event_type.clear();
        run.event_type.push_str(event_type);
        run.file.clear();
        run.file.push_str(file);
        run.day = day;
        run.rows = 1;
    }

    /// Adds the rows of the current run to the coverage: before the coverage is read or merged.
    fn settle_coverage(&mut self) {
        let run = &mut self.cov_run;
        if run.rows == 0 {
            return;
        }
        let cov = match self.coverage.get_mut(run.event_type.as_str()) {
            Some(c) => c,
            None => self.coverage.entry(run.event_type.clone()).or_default(),
        };
        cov.rows += run.rows;
        let days = match cov.files.get_mut(run.file.as_str()) {
            Some(d) => d,
            None => cov.files.entry(run.file.clone()).or_default(),
        };
        *days.entry(run.day).or_default() += run.rows;
        run.rows = 0;
    }

    /// Counts one event; false when a filter left it out.
    fn add(&mut self, h: &Head<'_>, ev: &AccessEvent) -> bool {
        let f = &self.ctx.filters;
        if !f.objects.is_empty() && !ev.objects.iter().any(|o| f.objects.contains(o)) {
            return false;
        }
        // Borrowed: the log's value, or the GeoIP cache's (no copy per event).
        let (country, source) = match (&ev.log_country, ev.ip) {
            (Some(c), _) => (Some(c.as_str()), "log"),
            (None, Some(ip)) => (cached_country(&mut self.geo_cache, self.geo, ip), "geoip"),
            (None, None) => (None, "geoip"),
        };
        if let Some(home) = &self.ctx.filters.outside {
            match country {
                Some(c) if c.eq_ignore_ascii_case(home) => return false,
                Some(_) => {}
                None => {
                    self.no_country += 1;
                    return false;
                }
            }
        }
        if let Some(sink) = self.sink.as_mut() {
            let prefixes = &self.ctx.key_prefixes;
            each_row(
                ev,
                country.map(|c| (c, source)),
                |id| super::ids::object_name(id, prefixes),
                |r| sink.row(r),
            );
        }
        // Learn custom key prefixes from rows that name exactly one object and one prefix
        // (`/sobjects/Balance_Transfer_Application__c/a0B...`).
        if let ([obj], Some(first)) = (ev.objects.as_slice(), ev.record_ids.first())
            && ev
                .record_ids
                .iter()
                .all(|r| r.key_prefix() == first.key_prefix())
            && ajar_model::sfid::standard_object(first.key_prefix()).is_none()
            && !self
                .learned_prefixes
                .get(first.key_prefix())
                .is_some_and(|o| o.contains(obj))
        {
            // Copied only when new: most events repeat a pair already learned.
            self.learned_prefixes
                .entry(first.key_prefix().to_string())
                .or_default()
                .insert(obj.clone());
        }
        let read = ev.outcome == Outcome::Read;
        for id in &ev.record_ids {
            // The object's name is made at the end, from the ID's key prefix.
            let Some(r) = self.records.get_or_insert_with(*id, || RecAcc {
                read: None,
                attempt: None,
            }) else {
                continue;
            };
            let new = || Side {
                principal: h.principal,
                first: ev.time,
                last: ev.time,
                events: 0,
                ips: SmallSet::new(),
                countries: SmallSet::new(),
            };
            let side: &mut Side = if read {
                r.read.get_or_insert_with(new)
            } else {
                r.attempt.get_or_insert_with(|| Box::new(new()))
            };
            side.principal = side.principal.min(h.principal);
            side.first = side.first.min(ev.time);
            side.last = side.last.max(ev.time);
            side.events += 1;
            if let Some(ip) = ev.ip {
                side.ips.insert(ip);
            }
            if let Some(c) = country
                && !side.countries.is_last(c)
            {
                side.countries.insert(compact_str::CompactString::new(c));
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
                a.country = country.map(|c| (c.to_string(), source));
            }
            // The records an IP read are counted at the end from the records' own IP sets.
            if !read {
                a.attempts += 1;
            }
            a.first = a.first.min(ev.time);
            a.last = a.last.max(ev.time);
            if let Some(ua) = &ev.user_agent
                && a.user_agents.len() < USER_AGENTS
                && !a.user_agents.contains(ua)
            {
                a.user_agents.insert(ua.clone());
            }
        }
        true
    }
}
