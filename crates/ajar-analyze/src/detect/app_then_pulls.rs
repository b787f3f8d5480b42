//! HUNT-009: a connected app authorised or installed (Setup Audit Trail), then API pulls.

use super::{Config, Map, Obs, Trail, client_key, detection, user_key};
use ajar_model::detection::HuntFinding;
use ajar_model::event::{AuditEvent, Outcome};
use ajar_model::finding::Severity;
use ajar_model::span::Span;
use std::collections::{BTreeMap, BTreeSet};

detection! {
    /// ## What it checks
    /// Setup Audit Trail entries about connected apps (a `Section` or `Action` naming a
    /// connected app or OAuth, in English or Japanese), joined to the API calls that returned
    /// rows (`ROWS_PROCESSED`, `RowsProcessed`, a completed bulk job's records) in the 24 hours
    /// from the entry's hour: calls by the user who made the change (its username joined to
    /// its ID through `--users`), and calls through an app or client whose name the entry
    /// names. One finding per entry followed by such pulls, with the entry first in its
    /// evidence.
    /// ## Why it matters
    /// In the 2025 voice-phishing wave an employee was talked into authorising a modified Data
    /// Loader; the Setup Audit Trail shows when the app came in, and the pulls that follow it
    /// are the theft (intrusions.md §1 shape B, §3).
    /// ## Example
    /// `Connected Apps` / "Installed connected app My Ticket Portal" by `j.doe@example.com`
    /// at 14:02, then 12 SOAP `queryAll` calls by the same user returning 184,002 rows from
    /// 14:20.
    /// ## How to tune
    /// An administrator installing a sanctioned integration and running its first sync raises
    /// it too: check the change record and dismiss by app. Pulls are grouped by hour, so a
    /// pull in the entry's own hour counts even a few minutes before it. Without `--users`,
    /// an entry's username joins only calls that log usernames.
    ConnectedAppThenPulls = "HUNT-009", since "0.1.0", severity High
}

/// The window after the change.
const HOURS: i64 = 24;
const HOUR_MS: i64 = 3_600_000;

/// Whether an audit entry is about a connected app.
fn about_connected_app(a: &AuditEvent) -> bool {
    let hit = |s: &str| {
        let l = s.to_lowercase();
        l.contains("connected app")
            || l.contains("connectedapp")
            || l.contains("oauth")
            || s.contains("接続アプリケーション")
    };
    hit(&a.section) || hit(&a.action)
}

/// The API calls that returned rows in one hour by one user through one app and client: a
/// lean record (an hour of a five-year log is one of tens of thousands), made a [`Trail`] only
/// for the hours an audit entry joins.
#[derive(Debug, Default)]
struct Pulls {
    rows: u64,
    events: u64,
    /// The first call, and where it is logged.
    first: Option<(jiff::Timestamp, Span)>,
    last: Option<jiff::Timestamp>,
    /// The smallest few IPs and sessions.
    ips: Vec<std::net::IpAddr>,
    sessions: Vec<String>,
}

/// IPs and sessions kept per hour.
const PER_HOUR: usize = 4;

impl Pulls {
    fn add(&mut self, o: &Obs<'_>, rows: u64) {
        let t = o.ev.time;
        self.rows += rows;
        self.events += 1;
        if self
            .first
            .as_ref()
            .is_none_or(|(f, s)| (t, &o.ev.source) < (*f, s))
        {
            self.first = Some((t, o.ev.source.clone()));
        }
        self.last = self.last.max(Some(t));
        // The smallest few, whatever the order the calls are read in.
        if let Some(ip) = o.ev.ip
            && !self.ips.contains(&ip)
            && (self.ips.len() < PER_HOUR || self.ips.last().is_some_and(|l| ip < *l))
        {
            self.ips.push(ip);
            self.ips.sort();
            self.ips.truncate(PER_HOUR);
        }
        if let Some(s) = o.session()
            && !self.sessions.iter().any(|x| x == s)
            && (self.sessions.len() < PER_HOUR
                || self.sessions.last().is_some_and(|l| s < l.as_str()))
        {
            self.sessions.push(s.to_string());
            self.sessions.sort();
            self.sessions.truncate(PER_HOUR);
        }
    }

    fn merge(&mut self, o: Pulls) {
        self.rows += o.rows;
        self.events += o.events;
        self.first = match (self.first.take(), o.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last = self.last.max(o.last);
        for ip in o.ips {
            if !self.ips.contains(&ip) {
                self.ips.push(ip);
            }
        }
        self.ips.sort();
        self.ips.truncate(PER_HOUR);
        for s in o.sessions {
            if !self.sessions.contains(&s) {
                self.sessions.push(s);
            }
        }
        self.sessions.sort();
        self.sessions.truncate(PER_HOUR);
    }

    /// Adds this hour to a finding's trail.
    fn add_to(&self, trail: &mut Trail) {
        let mut t = Trail::default();
        if let Some((f, span)) = &self.first {
            t.at(*f, span);
        }
        t.last = self.last.or(t.last);
        t.events = self.events;
        t.ips.extend(self.ips.iter().copied());
        t.sessions.extend(self.sessions.iter().cloned());
        trail.merge(t);
    }
}

/// Who pulled: the user's, the connected app's and the client's names as logged, interned
/// (0: none), so that a call allocates nothing.
type Who = (u32, u32, u32);

#[derive(Debug, Default)]
pub(super) struct State {
    audits: BTreeSet<(jiff::Timestamp, String, String, String, Span)>,
    /// Interned names: `ids[name]` is one more than the name's place in `names`.
    ids: Map<String, u32>,
    names: Vec<String>,
    /// Hour → who → pulls. Every call is in one entry.
    pulls: BTreeMap<i64, Map<Who, Pulls>>,
}

impl State {
    fn intern(&mut self, name: Option<&str>) -> u32 {
        let Some(name) = name else { return 0 };
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        self.names.push(name.to_string());
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.ids.insert(name.to_string(), id);
        id
    }

    fn name(&self, id: u32) -> Option<&str> {
        let i = usize::try_from(id).ok()?.checked_sub(1)?;
        self.names.get(i).map(String::as_str)
    }

    pub(super) fn observe(&mut self, o: &Obs<'_>) {
        let Some(api) = o.api() else { return };
        let completed = api
            .job_status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("JobComplete"));
        let rows = api.rows.unwrap_or(0);
        if rows == 0 || (o.ev.outcome != Outcome::Read && !completed) {
            return;
        }
        let hour = o.ev.time.as_millisecond().div_euclid(HOUR_MS);
        let who = (
            self.intern(o.user().or(api.username.as_deref())),
            self.intern(api.connected_app_name.as_deref()),
            self.intern(api.client_name.as_deref()),
        );
        self.pulls
            .entry(hour)
            .or_default()
            .entry(who)
            .or_default()
            .add(o, rows);
    }

    pub(super) fn observe_audit(&mut self, a: &AuditEvent) {
        if about_connected_app(a) {
            self.audits.insert((
                a.time,
                a.user.clone(),
                a.section.clone(),
                a.action.clone(),
                a.source.clone(),
            ));
        }
    }

    pub(super) fn merge(&mut self, other: State) {
        self.audits.extend(other.audits);
        let names = other.names;
        let mut remap = |id: u32| -> u32 {
            let name = usize::try_from(id)
                .ok()
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| names.get(i));
            self.intern(name.map(String::as_str))
        };
        let mut moved = Vec::new();
        for (h, whos) in other.pulls {
            for ((u, a, c), p) in whos {
                moved.push((h, (remap(u), remap(a), remap(c)), p));
            }
        }
        for (h, w, p) in moved {
            self.pulls
                .entry(h)
                .or_default()
                .entry(w)
                .or_default()
                .merge(p);
        }
    }

    pub(super) fn finish(self, cfg: &Config, out: &mut Vec<HuntFinding>) {
        for (time, user, section, action, span) in &self.audits {
            let mut users = vec![user_key(user)];
            if let Some(id) = cfg.usernames.get(&user.to_lowercase()) {
                users.push(user_key(id.as_str()));
            }
            let said = action.to_lowercase();
            let named = |id: u32| {
                self.name(id)
                    .and_then(client_key)
                    .is_some_and(|a| a.len() >= 3 && said.contains(&a))
            };
            let from = time.as_millisecond().div_euclid(HOUR_MS);
            let mut trail = Trail::default();
            let mut rows = 0;
            for whos in self.pulls.range(from..=from + HOURS).map(|(_, w)| w) {
                let mut whos: Vec<(&Who, &Pulls)> = whos.iter().collect();
                whos.sort_by_key(|(w, _)| **w);
                for ((u, app, client), p) in whos {
                    let by_user = self.name(*u).is_some_and(|u| users.contains(&user_key(u)));
                    if by_user || named(*app) || named(*client) {
                        rows += p.rows;
                        p.add_to(&mut trail);
                    }
                }
            }
            let calls = trail.events;
            if calls == 0 {
                continue;
            }
            trail.at(*time, span);
            let what: String = action.chars().take(160).collect();
            let message = format!(
                "{section}: \"{what}\" by {user} at {time} was followed within {HOURS} h by {calls} API call(s) returning {rows} row(s)"
            );
            out.extend(trail.finding(
                &ConnectedAppThenPulls,
                Severity::High,
                message,
                Some(user.clone()),
                (
                    "the user did not mean to authorise the app (ask them: a call from \"IT support\", a code typed at /setup/connect); the pulls came from IPs the org does not use",
                    "the change is a planned integration with a change record, and the pulls are its first sync",
                ),
            ));
        }
    }
}
