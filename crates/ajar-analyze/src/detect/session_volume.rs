//! HUNT-005: a session returned far more rows than its user's other sessions.

use super::{Config, Map, Obs, Trail, detection};
use ajar_model::detection::HuntFinding;
use ajar_model::event::Outcome;
use ajar_model::finding::Severity;
use std::collections::BTreeMap;

detection! {
    /// ## What it checks
    /// The rows each session (login key, else session key) got back: `ROWS_PROCESSED` of API,
    /// RestApi and ApiEvent rows and `RECORDS_PROCESSED` of completed bulk jobs, summed per
    /// event type (the largest of those sums, so that one request logged by two sources counts
    /// once); `SELECT COUNT()` queries return no rows and are left out. A session is raised
    /// when it got at least 1,000 rows and more than `--threshold` (default 10) times the
    /// median of the same user's other sessions in the input; a user needs at least 3 other
    /// sessions for a baseline.
    /// ## Why it matters
    /// An integration's sync returns a steady trickle of changed records; a stolen token used
    /// to export whole objects returns thousands at once (very large `ROWS_PROCESSED`,
    /// intrusions.md §2).
    /// ## Example
    /// An integration user whose sessions return about ten rows each has one session that
    /// returns 12,400 Cases, Contacts and Leads.
    /// ## How to tune
    /// `--threshold 50` raises only sessions fifty times the usual; a user with fewer than four
    /// sessions in the input has no baseline and is never raised (an administrator's one
    /// export is not compared with anything).
    SessionVolume = "HUNT-005", since "0.1.0", severity High
}

/// Fewer rows than this never raise it.
const MIN_ROWS: u64 = 1_000;
/// Other sessions a user needs for a baseline.
const BASELINE_SESSIONS: usize = 3;

fn rows(o: &Obs<'_>) -> Option<u64> {
    if o.ev.outcome != Outcome::Read {
        return None;
    }
    let api = o.api()?;
    let n = api.rows?;
    if api.job_id.is_some()
        && !api
            .job_status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("JobComplete"))
    {
        return None;
    }
    if api.query.as_deref().is_some_and(super::recon::is_count) {
        return None;
    }
    Some(n)
}

#[derive(Debug, Default)]
struct Session {
    user: Option<String>,
    /// Rows per event type (a session uses one or two: a list, not a map's node).
    by_type: Vec<(String, u64)>,
    trail: Trail,
}

impl Session {
    fn volume(&self) -> u64 {
        self.by_type.iter().map(|(_, n)| *n).max().unwrap_or(0)
    }
}

/// Adds `n` rows of `event_type`.
fn add_rows(by_type: &mut Vec<(String, u64)>, event_type: &str, n: u64) {
    match by_type.iter_mut().find(|(t, _)| t == event_type) {
        Some((_, v)) => *v += n,
        None => by_type.push((event_type.to_owned(), n)),
    }
}

#[derive(Debug, Default)]
pub(super) struct State {
    sessions: Map<String, Session>,
}

impl State {
    pub(super) fn observe(&mut self, o: &Obs<'_>) {
        let Some(n) = rows(o) else { return };
        let Some(key) = o.session() else { return };
        let Some(s) = super::entry(&mut self.sessions, key) else {
            return;
        };
        if s.user.is_none() {
            s.user = o.user().map(str::to_string);
        }
        add_rows(&mut s.by_type, &o.ev.event_type, n);
        s.trail.add(o);
    }

    pub(super) fn merge(&mut self, other: State) {
        for (k, o) in other.sessions {
            let s = self.sessions.entry(k).or_default();
            s.user = s.user.take().or(o.user);
            for (t, n) in o.by_type {
                add_rows(&mut s.by_type, &t, n);
            }
            s.trail.merge(o.trail);
        }
    }

    pub(super) fn finish(self, cfg: &Config, out: &mut Vec<HuntFinding>) {
        let mut by_user: BTreeMap<String, Vec<(u64, String, Session)>> = BTreeMap::new();
        for (k, s) in self.sessions {
            if let Some(u) = s.user.clone() {
                by_user.entry(u).or_default().push((s.volume(), k, s));
            }
        }
        for (user, mut sessions) in by_user {
            if sessions.len() <= BASELINE_SESSIONS {
                continue;
            }
            sessions.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
            let vols: Vec<u64> = sessions.iter().map(|s| s.0).collect();
            let m = (vols.len() - 1) / 2;
            for (i, (vol, key, s)) in sessions.iter().enumerate() {
                // The median of the other sessions: the list without this one.
                let median = if i > m { vols.get(m) } else { vols.get(m + 1) };
                let median = median.copied().unwrap_or(0);
                let limit = cfg.threshold * median.max(1) as f64;
                if *vol < MIN_ROWS || (*vol as f64) <= limit {
                    continue;
                }
                let message = format!(
                    "session {key} of user {user} got {vol} row(s) back, {:.0} times the median of its {} other session(s) ({median} row(s); threshold {})",
                    *vol as f64 / median.max(1) as f64,
                    vols.len() - 1,
                    cfg.threshold
                );
                out.extend(s.trail.finding(
                    &SessionVolume,
                    Severity::High,
                    message,
                    Some(user.clone()),
                    (
                        "the session's queries cover whole objects the user does not sync, or it came from a new network",
                        "the owner ran a planned export or a first full sync then",
                    ),
                ));
            }
        }
    }
}
