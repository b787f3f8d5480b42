//! HUNT-007: `queryAll` run by an integration user.

use super::{LOGIN_TYPES, Map, Obs, Trail, detection, user_key};
use ajar_model::detection::HuntFinding;
use ajar_model::event::Outcome;
use ajar_model::finding::Severity;
use std::collections::{BTreeMap, BTreeSet};

detection! {
    /// ## What it checks
    /// Calls of `queryAll`, the query that also returns deleted and archived records: the SOAP
    /// API's `METHOD_NAME` `queryAll` (ELF API), the real-time `ApiEvent` `Operation`
    /// `QueryAll`, and REST `…/queryAll` paths. One finding per user, with the calls, the
    /// objects named and the rows returned. It is high when the user has no interactive login
    /// in the input (`LOGIN_TYPE` `A`/`Application`): an integration user, whose token is what
    /// an intruder replays; medium when the user also logs in through the browser.
    /// ## Why it matters
    /// The 2025 intruders behind the rogue Data Loader and the stolen integration tokens pulled
    /// whole objects with `QueryAll` over the SOAP Partner API (intrusions.md §1 shape B, §2):
    /// it returns the recycle bin as well, which routine syncs rarely need.
    /// ## Example
    /// The integration user `0057F0000000253` runs `queryAll` on `SELECT Id, Email FROM
    /// Contact` through `DataLoaderPartnerUI/` and gets 48,210 rows.
    /// ## How to tune
    /// Backup products use `queryAll` to keep deleted records: check the client name and the
    /// user, then dismiss by user. A user whose interactive logins are outside the input's
    /// days looks like an integration user: give more days of Login logs.
    QueryAll = "HUNT-007", since "0.1.0", severity High
}

/// Objects listed per user.
const OBJECTS: usize = 20;

/// Whether an event is a `queryAll` call.
fn is_query_all(o: &Obs<'_>) -> bool {
    let api = o.api();
    if api
        .and_then(|a| a.operation.as_deref())
        .is_some_and(|op| op.eq_ignore_ascii_case("queryAll"))
    {
        return true;
    }
    // REST names the resource `/queryAll` (REST API Developer Guide, "QueryAll"). A searcher
    // built once looks for it, as every URI of the input passes here.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("/queryAll"));
    o.ev.uri.as_deref().is_some_and(|u| {
        let path = super::uri_path(u).as_bytes();
        FINDER
            .find_iter(path)
            .any(|at| path.get(at + "/queryAll".len()).is_none_or(|&c| c == b'/'))
    })
}

/// Whether an event is an interactive (browser) login.
fn is_interactive_login(o: &Obs<'_>) -> bool {
    LOGIN_TYPES.contains(&o.ev.event_type.as_str())
        && o.api()
            .and_then(|a| a.login_type.as_deref())
            .is_some_and(|t| t == "A" || t.eq_ignore_ascii_case("Application"))
}

#[derive(Debug, Default)]
struct User {
    /// The user as the logs name it (an ID, else the username).
    name: Option<String>,
    interactive: bool,
    calls: u64,
    rows: u64,
    objects: BTreeSet<String>,
    trail: Trail,
}

#[derive(Debug, Default)]
pub(super) struct State {
    users: Map<String, User>,
}

impl State {
    pub(super) fn observe(&mut self, o: &Obs<'_>) {
        let Some(user) = o.user() else { return };
        let interactive = is_interactive_login(o);
        let query_all = o.ev.outcome == Outcome::Read && is_query_all(o);
        if !interactive && !query_all {
            return;
        }
        let u = self.users.entry(user_key(user)).or_default();
        u.interactive |= interactive;
        if query_all {
            if u.name.is_none() {
                u.name = Some(user.to_string());
            }
            u.calls += 1;
            u.rows += o.api().and_then(|a| a.rows).unwrap_or(0);
            for obj in &o.ev.objects {
                if u.objects.len() < OBJECTS {
                    u.objects.insert(obj.clone());
                }
            }
            u.trail.add(o);
        }
    }

    pub(super) fn merge(&mut self, other: State) {
        for (k, o) in other.users {
            let u = self.users.entry(k).or_default();
            u.name = match (u.name.take(), o.name) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            u.interactive |= o.interactive;
            u.calls += o.calls;
            u.rows += o.rows;
            super::extend_capped(&mut u.objects, o.objects, OBJECTS);
            u.trail.merge(o.trail);
        }
    }

    pub(super) fn finish(self, out: &mut Vec<HuntFinding>) {
        let users: BTreeMap<String, User> = self.users.into_iter().collect();
        for (_, u) in users {
            if u.calls == 0 {
                continue;
            }
            let who = u.name.clone().unwrap_or_default();
            let objects = if u.objects.is_empty() {
                String::new()
            } else {
                format!(
                    " over {}",
                    u.objects.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            };
            let (severity, kind) = if u.interactive {
                (Severity::Medium, "the user also logs in interactively")
            } else {
                (
                    Severity::High,
                    "the user has no interactive login in the input (an integration user)",
                )
            };
            out.extend(u.trail.finding(
                &QueryAll,
                severity,
                format!(
                    "{who} ran queryAll {} time(s){objects}, returning {} row(s); {kind}",
                    u.calls, u.rows
                ),
                Some(who),
                (
                    "the calls came from an IP or client the user does not normally use, or their session also counted or described objects",
                    "the user is a backup or archiving tool that reads deleted records by design (check its client name)",
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs_of(ev: &ajar_model::event::AccessEvent) -> Obs<'_> {
        Obs {
            ev,
            country: None,
            anomaly: None,
        }
    }

    #[test]
    fn rest_query_all_is_found_in_the_path_only() {
        let mut ev = crate::forensics::blank_event();
        for (uri, want) in [
            (
                "/services/data/v60.0/queryAll?q=SELECT+Id+FROM+Contact",
                true,
            ),
            ("/services/data/v60.0/queryAll/", true),
            ("/services/data/v60.0/queryAll", true),
            ("/services/data/v60.0/query?q=queryAll", false),
            ("/services/data/v60.0/queryAllX?q=1", false),
            ("/services/data/v60.0/query/?x=/queryAll", false),
        ] {
            ev.uri = Some(uri.to_string());
            assert_eq!(is_query_all(&obs_of(&ev)), want, "{uri}");
        }
    }
}
