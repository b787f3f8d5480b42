//! The detection catalogue of `ajar hunt` (issue #17): behaviour that the API intrusions of
//! 2023–2026 leave in the logs (intrusions.md §1–2), raised as [`HuntFinding`]s with stable
//! `HUNT-…` codes, beside the scan rules of [`crate::rules`].
//!
//! One file per detection: a `detection!` invocation whose doc comment is the user
//! documentation (What it checks / Why it matters / Example / How to tune), and a state that
//! is fed each event as the hunt reads it ([`Detector::observe`]), merged across the parallel
//! tasks ([`Detector::merge`]) and turned into findings at the end ([`Detector::finish`]). Every
//! state is keyed by users, networks, sessions, jobs or IPs and minutes, never by rows.

use ajar_model::detection::HuntFinding;
use ajar_model::event::{AccessEvent, ApiDetail, PrincipalClass};
use ajar_model::finding::Severity;
use std::net::IpAddr;

mod app_then_pulls;
mod bulk_job_deleted;
mod first_client;
mod guest_anomaly;
mod guest_reads_abroad;
mod guest_scraping;
mod known_indicator;
mod new_network_login;
pub mod published;
mod query_all;
mod recon;
mod session_volume;
mod trail;

#[cfg(test)]
mod tests;

pub use app_then_pulls::ConnectedAppThenPulls;
pub use bulk_job_deleted::BulkJobDeletedAfterCompletion;
pub use first_client::FirstUseOfClient;
pub use guest_anomaly::GuestUserAnomaly;
pub use guest_reads_abroad::GuestReadsAbroad;
pub use guest_scraping::GuestAuraScraping;
pub use known_indicator::KnownIndicator;
pub use new_network_login::NewNetworkLogin;
pub use query_all::QueryAll;
pub use recon::ApiRecon;
pub use session_volume::SessionVolume;
pub(crate) use trail::Trail;

/// A detection: a stable code and its documentation.
pub trait Detection: Sync {
    /// The stable code (`HUNT-001`).
    fn code(&self) -> &'static str;
    /// The detection's name (`KnownIndicator`).
    fn name(&self) -> &'static str;
    /// The documentation, Markdown.
    fn doc(&self) -> &'static str;
    /// The version that introduced it.
    fn since(&self) -> &'static str;
    /// The base severity (a finding may be raised or lowered by what it saw).
    fn severity(&self) -> Severity;
}

/// Defines a detection struct from its doc comment, code, since-version and base severity.
macro_rules! detection {
    ($(#[doc = $doc:literal])* $name:ident = $code:literal, since $since:literal, severity $sev:ident) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl $crate::detect::Detection for $name {
            fn code(&self) -> &'static str { $code }
            fn name(&self) -> &'static str { stringify!($name) }
            fn doc(&self) -> &'static str { concat!($($doc, "\n"),*) }
            fn since(&self) -> &'static str { $since }
            fn severity(&self) -> ajar_model::finding::Severity { ajar_model::finding::Severity::$sev }
        }
    };
}
pub(crate) use detection;

/// Every detection, sorted by code (a test checks the order).
pub const DETECTIONS: &[&dyn Detection] = &[
    &KnownIndicator,                // HUNT-001
    &NewNetworkLogin,               // HUNT-002
    &ApiRecon,                      // HUNT-003
    &BulkJobDeletedAfterCompletion, // HUNT-004
    &SessionVolume,                 // HUNT-005
    &GuestReadsAbroad,              // HUNT-006
    &QueryAll,                      // HUNT-007
    &FirstUseOfClient,              // HUNT-008
    &ConnectedAppThenPulls,         // HUNT-009
    &GuestAuraScraping,             // HUNT-010
    &GuestUserAnomaly,              // HUNT-011
];

/// Looks a detection up by code, case-insensitively.
pub fn find(code: &str) -> Option<&'static dyn Detection> {
    DETECTIONS
        .iter()
        .copied()
        .find(|d| d.code().eq_ignore_ascii_case(code))
}

/// The default factor of [`SessionVolume`] (`--threshold`).
pub const DEFAULT_THRESHOLD: f64 = 10.0;

/// What the detections know besides the events.
#[derive(Debug, Clone)]
pub struct Config {
    /// Published indicators ([`published::INDICATORS`]) and the user's (`--ioc`, `--actor`).
    pub indicators: crate::actor::Indicators,
    /// Where each indicator of `indicators` applies from (published ones: their date).
    pub indicator_from: Vec<Option<jiff::Timestamp>>,
    /// A session's rows over this many times its user's usual session raise [`SessionVolume`].
    pub threshold: f64,
    /// The org's own country (`--outside`); learned from staff logins when absent.
    pub home: Option<String>,
    /// User IDs by username (lower case), to join the Setup Audit Trail's users to the logs'.
    pub usernames: std::collections::HashMap<String, ajar_model::sfid::SfId>,
    /// A cheap first test of `indicators`: their IPs, CIDRs and user agents; `any` when some
    /// indicator is of another kind (every event is then matched in full).
    quick: Quick,
}

/// The indicators' values that can be tested without allocating.
#[derive(Debug, Clone, Default)]
struct Quick {
    ips: std::collections::HashSet<IpAddr, foldhash::fast::FixedState>,
    cidrs: Vec<(IpAddr, u8)>,
    agents: std::collections::HashSet<String, foldhash::fast::FixedState>,
    /// Bit `n % 64` set for each length `n` of `agents`: a user agent of another length is
    /// not hashed.
    agent_lengths: u64,
    any: bool,
}

impl Quick {
    fn new(list: &[ajar_model::actor::Indicator]) -> Self {
        use ajar_model::actor::IndicatorKind;
        let mut q = Quick::default();
        for i in list {
            match i.kind {
                IndicatorKind::Ip => match i.value.trim().parse() {
                    Ok(ip) => {
                        q.ips.insert(ip);
                    }
                    Err(_) => q.any = true,
                },
                IndicatorKind::Cidr => match crate::actor::cidr(&i.value) {
                    Some(c) => q.cidrs.push(c),
                    None => q.any = true,
                },
                IndicatorKind::UserAgent => {
                    let ua = i.value.trim();
                    q.agent_lengths |= 1 << (ua.len() % 64);
                    q.agents.insert(ua.to_string());
                }
                _ => q.any = true,
            }
        }
        q
    }

    /// Whether `ev` may match an indicator (false: it matches none).
    fn may_match(&self, ev: &AccessEvent) -> bool {
        self.any
            || ev.ip.is_some_and(|ip| {
                self.ips.contains(&ip)
                    || self
                        .cidrs
                        .iter()
                        .any(|(net, len)| crate::actor::in_cidr(ip, *net, *len))
            })
            || ev.user_agent.as_deref().map(str::trim).is_some_and(|ua| {
                self.agent_lengths >> (ua.len() % 64) & 1 == 1 && self.agents.contains(ua)
            })
    }
}

impl Default for Config {
    fn default() -> Self {
        Self::new(Vec::new(), &std::collections::HashMap::new(), None)
    }
}

impl Config {
    /// The published indicators followed by `user`'s (`--ioc`, `--actor`), the default
    /// threshold, and `home` (`--outside`).
    pub fn new(
        user: Vec<ajar_model::actor::Indicator>,
        usernames: &std::collections::HashMap<String, ajar_model::sfid::SfId>,
        home: Option<String>,
    ) -> Self {
        let (mut list, mut from) = published::indicators();
        from.extend(user.iter().map(|_| None));
        list.extend(user);
        Self {
            quick: Quick::new(&list),
            indicators: crate::actor::Indicators::new(list, usernames),
            indicator_from: from,
            threshold: DEFAULT_THRESHOLD,
            home,
            usernames: usernames
                .iter()
                .map(|(k, v)| (k.to_lowercase(), *v))
                .collect(),
        }
    }

    /// The index of the indicator `ev` matches, if any.
    pub(crate) fn matches(&self, ev: &AccessEvent) -> Option<usize> {
        if !self.quick.may_match(ev) {
            return None;
        }
        self.indicators.matches(ev)
    }
}

/// Event types that record a login.
pub(crate) const LOGIN_TYPES: &[&str] =
    &["Login", "LoginEvent", "LoginEventStream", "LoginHistory"];

/// Whether the detections look at an event of this type and principal: the API evidence types
/// (intrusions.md §3) and every guest event. Others are not built for them (speed).
pub fn relevant(event_type: &str, principal: PrincipalClass) -> bool {
    principal == PrincipalClass::Guest
        || crate::actor::EVIDENCE_TYPES.contains(&event_type)
        || is_guest_anomaly(event_type)
}

/// Whether an event type is Threat Detection's `GuestUserAnomalyEvent` (or its `…Store`).
pub fn is_guest_anomaly(event_type: &str) -> bool {
    event_type == "GuestUserAnomalyEvent" || event_type == "GuestUserAnomalyEventStore"
}

/// What a `GuestUserAnomalyEvent` row says besides the event: Threat Detection's score and
/// the controller calls it covers (Platform Events Developer Guide, API 60.0).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Anomaly {
    /// `Score`: how far the guest's behaviour is from other guests', 0 to 1.
    pub score: Option<f64>,
    /// `TotalControllerEvents`.
    pub controller_events: Option<u64>,
}

/// One event as the detections see it.
#[derive(Debug, Clone, Copy)]
pub struct Obs<'a> {
    /// The event, with its API facts.
    pub ev: &'a AccessEvent,
    /// Its country (the log's, else GeoIP's), when known.
    pub country: Option<&'a str>,
    /// A `GuestUserAnomalyEvent`'s own facts.
    pub anomaly: Option<Anomaly>,
}

impl<'a> Obs<'a> {
    /// The API facts.
    pub fn api(&self) -> Option<&'a ApiDetail> {
        self.ev.api.as_deref()
    }

    /// The login key, else the session key: one session (intrusions.md §3).
    pub fn session(&self) -> Option<&'a str> {
        let a = self.api()?;
        a.login_key.as_deref().or(a.session_key.as_deref())
    }

    /// The user: its ID, else the username.
    pub fn user(&self) -> Option<&'a str> {
        self.ev
            .user_id
            .as_deref()
            .or_else(|| self.api().and_then(|a| a.username.as_deref()))
    }
}

/// A URI's path: what comes before its first `?`. The byte is found with `memchr`: `split('?')`
/// steps through a char searcher, which was about 1 % of a hunt (every API row's URI passes
/// here twice).
pub(crate) fn uri_path(uri: &str) -> &str {
    memchr::memchr(b'?', uri.as_bytes())
        .and_then(|at| uri.get(..at))
        .unwrap_or(uri)
}

/// The hash maps of the detections' states: a fast hash with a fixed seed (the states are
/// sorted before they become findings, so the seed never shows).
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
/// The hash sets of the detections' states.
pub(crate) type Set<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

/// The value of `key`, inserted when missing, without allocating the key when present
/// (always `Some`).
pub(crate) fn entry<'m, V: Default>(map: &'m mut Map<String, V>, key: &str) -> Option<&'m mut V> {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key)
}

/// Adds `more` to `set` and keeps its `n` smallest: the same set whatever order parallel
/// states are merged in.
pub(crate) fn extend_capped<T: Ord>(
    set: &mut std::collections::BTreeSet<T>,
    more: impl IntoIterator<Item = T>,
    n: usize,
) {
    set.extend(more);
    while set.len() > n {
        set.pop_last();
    }
}

/// One user whatever the log calls it: a user ID's 15-character form, else the username in
/// lower case.
pub(crate) fn user_key(user: &str) -> String {
    let u = user.trim();
    if (u.len() == 15 || u.len() == 18)
        && u.starts_with("005")
        && u.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        u.get(..15).unwrap_or(u).to_string()
    } else {
        u.to_lowercase()
    }
}

/// A connected app's or client's name without its version (`DataLoaderBulkUI/64.0.0` →
/// `dataloaderbulkui`), in lower case; `None` for the values that name no app (Login History's
/// `Browser`, `N/A`, `Unknown`).
pub(crate) fn client_key(name: &str) -> Option<String> {
    let base = name.split('/').next().unwrap_or("").trim();
    let k = base.to_lowercase();
    (!k.is_empty() && !matches!(k.as_str(), "browser" | "n/a" | "unknown" | "none")).then_some(k)
}

/// The running state of every detection over some events. Build one per task, feed it,
/// [`merge`](Detector::merge) them, then [`finish`](Detector::finish).
#[derive(Debug, Default)]
pub struct Detector {
    known: known_indicator::State,
    network: new_network_login::State,
    recon: recon::State,
    bulk: bulk_job_deleted::State,
    volume: session_volume::State,
    guests: guest_reads_abroad::State,
    query_all: query_all::State,
    clients: first_client::State,
    apps: app_then_pulls::State,
    scraping: guest_scraping::State,
    anomalies: guest_anomaly::State,
}

impl Detector {
    /// One event (of a [`relevant`] type or principal), with its API facts.
    pub fn observe(&mut self, cfg: &Config, o: &Obs<'_>) {
        self.known.observe(cfg, o);
        self.network.observe(o);
        self.recon.observe(o);
        self.bulk.observe(o);
        self.volume.observe(o);
        self.guests.observe(o);
        self.query_all.observe(o);
        self.clients.observe(o);
        self.apps.observe(o);
        self.scraping.observe(o);
        self.anomalies.observe(o);
    }

    /// One Setup Audit Trail entry.
    pub fn observe_audit(&mut self, a: &ajar_model::event::AuditEvent) {
        self.apps.observe_audit(a);
    }

    /// Folds another task's state into this one.
    pub fn merge(&mut self, other: Detector) {
        self.known.merge(other.known);
        self.network.merge(other.network);
        self.recon.merge(other.recon);
        self.bulk.merge(other.bulk);
        self.volume.merge(other.volume);
        self.guests.merge(other.guests);
        self.query_all.merge(other.query_all);
        self.clients.merge(other.clients);
        self.apps.merge(other.apps);
        self.scraping.merge(other.scraping);
        self.anomalies.merge(other.anomalies);
    }

    /// The findings, worst first, then by code, time and message.
    pub fn finish(self, cfg: &Config) -> Vec<HuntFinding> {
        let mut out = Vec::new();
        self.known.finish(cfg, &mut out);
        self.network.finish(&mut out);
        self.recon.finish(&mut out);
        self.bulk.finish(&mut out);
        self.volume.finish(cfg, &mut out);
        self.guests.finish(cfg, &mut out);
        self.query_all.finish(&mut out);
        self.clients.finish(&mut out);
        self.apps.finish(cfg, &mut out);
        self.scraping.finish(&mut out);
        self.anomalies.finish(&mut out);
        out.sort_by(|a, b| {
            (a.severity, &a.code, a.first, &a.message)
                .cmp(&(b.severity, &b.code, b.first, &b.message))
        });
        out
    }
}

/// Runs every detection over a list of events (tests, and callers holding events already).
pub fn run(cfg: &Config, events: &[(AccessEvent, Option<&str>)]) -> Vec<HuntFinding> {
    let mut d = Detector::default();
    for (ev, country) in events {
        d.observe(
            cfg,
            &Obs {
                ev,
                country: *country,
                anomaly: None,
            },
        );
    }
    d.finish(cfg)
}
