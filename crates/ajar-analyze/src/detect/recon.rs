//! HUNT-003: one session counts or describes several objects within minutes.

use super::trail::Sorted;
use super::{Map, Obs, Trail, detection};
use ajar_model::detection::HuntFinding;
use ajar_model::finding::Severity;
use std::collections::{BTreeMap, BTreeSet};

detection! {
    /// ## What it checks
    /// Reconnaissance calls per session (login key, else session key): `SELECT COUNT()`
    /// queries (the object of their `FROM`), REST describes (`/sobjects/<Object>/describe`),
    /// the object list (`/sobjects/`), `/limits/`, and SOAP `describeGlobal` /
    /// `describeSObject(s)`. A session that makes such calls on at least 3 different targets
    /// within 10 minutes is raised, with its user, IPs and the calls' positions.
    /// ## Why it matters
    /// Before taking data, the 2025 token-theft intruders sized the org: `SELECT COUNT()` over
    /// Account, Contact, User, Case and Opportunity within minutes, the object list, the
    /// limits and a describe (intrusions.md §1 shape A, §2). Integrations query the objects
    /// they sync; they rarely count every object of the org in one sitting.
    /// ## Example
    /// `SELECT COUNT() FROM Account`, then `… FROM Contact`, then `… FROM User` in one session
    /// four minutes apart.
    /// ## How to tune
    /// A tool that inventories the org (a backup product's first run, a data-quality scan)
    /// raises it too: dismiss it by its user and client name, and keep its address in your
    /// allow list.
    ApiRecon = "HUNT-003", since "0.1.0", severity High
}

/// The window in which the targets must fall.
const WINDOW_MS: i64 = 10 * 60_000;
/// How many different targets make reconnaissance.
const TARGETS: usize = 3;
/// Calls kept per session (the earliest).
const KEPT: usize = 64;

/// Whether a SOQL query is `SELECT COUNT() FROM …` (any case and spacing): it returns a
/// count, no rows.
pub(crate) fn is_count(q: &str) -> bool {
    let mut rest = q.trim_start();
    for word in ["SELECT", "COUNT", "(", ")", "FROM"] {
        match rest.get(..word.len()) {
            Some(w) if w.eq_ignore_ascii_case(word) => {
                rest = rest.get(word.len()..).unwrap_or("").trim_start();
            }
            _ => return false,
        }
    }
    true
}

/// What a call reconnoitres, if it is a reconnaissance call.
pub(crate) fn target(o: &Obs<'_>) -> Option<String> {
    let api = o.api();
    if let Some(q) = api.and_then(|a| a.query.as_deref())
        && is_count(q)
    {
        let mut words = q.split_whitespace();
        let obj = words
            .by_ref()
            .skip_while(|w| !w.eq_ignore_ascii_case("FROM"))
            .nth(1)
            .unwrap_or("")
            .trim_end_matches(',');
        return Some(labelled("count:", obj));
    }
    if let Some(op) = api.and_then(|a| a.operation.as_deref())
        && (op.eq_ignore_ascii_case("describeGlobal")
            || op
                .get(..15)
                .is_some_and(|p| p.eq_ignore_ascii_case("describeSObject")))
    {
        let obj = o.ev.objects.first().map_or("", String::as_str);
        return Some(labelled("describe:", obj));
    }
    path_target(super::uri_path(o.ev.uri.as_deref()?))
}

/// `label` then `name` in lower case, in one allocation (a count query's target was made
/// through `format!` and a lower-cased copy for every such call, most dropped at once, issue
/// #19).
fn labelled(label: &str, name: &str) -> String {
    let mut t = String::with_capacity(label.len() + name.len());
    t.push_str(label);
    t.push_str(name);
    if let Some(n) = t.get_mut(label.len()..) {
        n.make_ascii_lowercase();
    }
    t
}

/// What a REST path reconnoitres: `/services/data/vXX.X/` then `sobjects`, `limits` or
/// `<Object>/describe`.
fn path_target(path: &str) -> Option<String> {
    let path = path.trim_end_matches('/');
    // The last segment, and the one before it only for `describe` (this runs for every API
    // row of every principal, issue #19).
    let (rest, last) = match memchr::memrchr(b'/', path.as_bytes()) {
        Some(at) => (
            path.get(..at).unwrap_or(""),
            path.get(at + 1..).unwrap_or(""),
        ),
        None => ("", path),
    };
    // Only the three endpoints below count; the path test (a substring search) runs for them
    // alone.
    if !matches!(last, "sobjects" | "limits" | "describe") || !path.contains("/services/data/") {
        return None;
    }
    match last {
        "sobjects" => Some("sobjects".into()),
        "limits" => Some("limits".into()),
        "describe" => {
            let before = rest.rsplit('/').next().unwrap_or("");
            Some(labelled("describe:", before))
        }
        _ => None,
    }
}

#[derive(Debug, Default)]
struct Session {
    user: Option<String>,
    calls: Sorted<(jiff::Timestamp, String, ajar_model::span::Span)>,
    ips: Sorted<std::net::IpAddr>,
}

#[derive(Debug, Default)]
pub(super) struct State {
    sessions: Map<String, Session>,
}

impl State {
    pub(super) fn observe(&mut self, o: &Obs<'_>) {
        if o.ev.outcome != ajar_model::event::Outcome::Read {
            return;
        }
        let Some(key) = o.session() else { return };
        let Some(t) = target(o) else { return };
        let Some(s) = super::entry(&mut self.sessions, key) else {
            return;
        };
        if s.user.is_none() {
            s.user = o.user().map(str::to_string);
        }
        if let Some(ip) = o.ev.ip {
            s.ips.insert(ip);
        }
        // A call past the last of a full list would be dropped again at once: not copied in.
        if s.calls.len() < KEPT
            || s.calls.last().is_some_and(|(lt, lx, ls)| {
                (o.ev.time, t.as_str(), &o.ev.source) < (*lt, lx.as_str(), ls)
            })
        {
            s.calls.insert((o.ev.time, t, o.ev.source.clone()));
            if s.calls.len() > KEPT {
                s.calls.pop_last();
            }
        }
    }

    pub(super) fn merge(&mut self, other: State) {
        for (k, o) in other.sessions {
            let s = self.sessions.entry(k).or_default();
            if s.user.is_none() {
                s.user = o.user;
            }
            s.ips.extend(o.ips);
            s.calls.extend_capped(o.calls, KEPT);
        }
    }

    pub(super) fn finish(self, out: &mut Vec<HuntFinding>) {
        let sessions: BTreeMap<String, Session> = self.sessions.into_iter().collect();
        for (key, s) in sessions {
            let calls: Vec<_> = s.calls.iter().collect();
            // The first window of WINDOW_MS holding TARGETS different targets.
            let found = calls.iter().enumerate().find_map(|(i, (t0, _, _))| {
                let within: Vec<_> = calls
                    .iter()
                    .skip(i)
                    .take_while(|(t, _, _)| t.as_millisecond() - t0.as_millisecond() <= WINDOW_MS)
                    .collect();
                let targets: BTreeSet<&str> = within.iter().map(|(_, x, _)| x.as_str()).collect();
                (targets.len() >= TARGETS).then_some((within, targets))
            });
            let Some((within, targets)) = found else {
                continue;
            };
            let mut trail = Trail::default();
            for (t, _, span) in &within {
                trail.at(*t, span);
            }
            trail.ips.extend(s.ips.iter().copied());
            trail.sessions.insert(key.clone());
            let list: Vec<&str> = targets.into_iter().collect();
            let message = format!(
                "session {key}{} made {} reconnaissance call(s) on {} targets within 10 minutes: {}",
                s.user
                    .as_deref()
                    .map(|u| format!(" of user {u}"))
                    .unwrap_or_default(),
                within.len(),
                list.len(),
                list.join(", ")
            );
            out.extend(trail.finding(
                &ApiRecon,
                Severity::High,
                message,
                s.user.clone(),
                (
                    "the same session (or its login key) then queried or bulk-exported records: see the actor's takes with `ajar investigate --ioc`",
                    "the user is a tool that inventories the org on purpose (its client name and address are known)",
                ),
            ));
        }
    }
}

#[cfg(test)]
mod path_tests {
    use super::path_target;

    #[test]
    fn the_three_endpoints_and_nothing_else() {
        for (path, want) in [
            ("/services/data/v58.0/sobjects", Some("sobjects")),
            ("/services/data/v58.0/limits/", Some("limits")),
            (
                "/services/data/v58.0/sobjects/Account/describe",
                Some("describe:account"),
            ),
            ("/services/data/describe", Some("describe:data")),
            (
                "/services/data/v58.0/sobjects/Account/001000000000001",
                None,
            ),
            ("/apex/limits", None),
            ("describe", None),
            ("", None),
        ] {
            assert_eq!(path_target(path).as_deref(), want, "{path}");
        }
    }
}
