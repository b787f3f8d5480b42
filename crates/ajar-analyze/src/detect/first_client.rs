//! HUNT-008: a connected app or client name used for the first time in the input.

use super::{Map, Obs, Trail, client_key, detection, entry};
use ajar_model::detection::HuntFinding;
use ajar_model::finding::Severity;
use std::collections::{BTreeMap, BTreeSet};

detection! {
    /// ## What it checks
    /// The connected apps (`CONNECTED_APP_NAME`, Login History's `Application`,
    /// `CONNECTED_APP_ID`) and client names (`CLIENT_NAME`, `ApiEvent` `Client`, without their
    /// version: `DataLoaderBulkUI/64.0.0` is `DataLoaderBulkUI`) of API and login events. An app
    /// or client first seen at least one day after the input's first API event is raised
    /// medium, with the day it appeared, how many days of logs came before it, the users, IPs
    /// and sessions that used it and the rows they got back. Login History's `Browser`, `N/A`
    /// and `Unknown` name no app and are left out.
    /// ## Why it matters
    /// A rogue connected app authorised by a phished employee (a modified Data Loader, "My
    /// Ticket Portal") shows up as a client the org never used before, and its first day is
    /// when the pulling starts (intrusions.md §1 shape B, §2: "first use of a connected app").
    /// ## Example
    /// `My Ticket Portal` appears on 2025-06-11 after 20 days of logs without it, used by one
    /// sales user from two IPs, 184,002 rows returned.
    /// ## How to tune
    /// A new integration rolled out during the input's days raises it too: check the change
    /// record, then dismiss by app name. With few days of logs every app looks old (nothing is
    /// raised on the first day); give as many days as you have.
    FirstUseOfClient = "HUNT-008", since "0.1.0", severity Medium
}

/// How much earlier evidence makes a first use "new".
const HISTORY_MS: i64 = 86_400_000;
/// Users listed per app.
const USERS: usize = 20;
/// Apps and clients followed; past this, new names are not followed (memory stays bounded).
const KEYS: usize = 10_000;

/// What the logs say of one name, as logged.
#[derive(Debug, Default)]
struct Client {
    users: BTreeSet<String>,
    rows: u64,
    trail: Trail,
}

impl Client {
    fn merge(&mut self, o: Client) {
        super::extend_capped(&mut self.users, o.users, USERS);
        self.rows += o.rows;
        self.trail.merge(o.trail);
    }
}

/// The kinds of names, in the order [`State::names`] keeps them.
const KINDS: [&str; 3] = ["connected app", "connected app", "client"];

#[derive(Debug, Default)]
pub(super) struct State {
    /// The first API event of the input.
    start: Option<jiff::Timestamp>,
    /// By kind (connected app name, connected app ID, client name), each name as logged: no
    /// allocation for a name already seen.
    names: [Map<String, Client>; 3],
}

impl State {
    pub(super) fn observe(&mut self, o: &Obs<'_>) {
        let Some(api) = o.api() else { return };
        let t = o.ev.time;
        self.start = Some(self.start.map_or(t, |s| s.min(t)));
        let names = [
            api.connected_app_name.as_deref(),
            api.connected_app_id.as_deref(),
            api.client_name.as_deref(),
        ];
        for (map, name) in self.names.iter_mut().zip(names) {
            let Some(name) = name else { continue };
            if !map.contains_key(name) && map.len() >= KEYS {
                continue;
            }
            let Some(c) = entry(map, name) else { continue };
            if let Some(u) = o.user()
                && c.users.len() < USERS
                && !c.users.contains(u)
            {
                c.users.insert(u.to_string());
            }
            c.rows += api.rows.unwrap_or(0);
            c.trail.add(o);
        }
    }

    pub(super) fn merge(&mut self, other: State) {
        self.start = match (self.start, other.start) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (mine, theirs) in self.names.iter_mut().zip(other.names) {
            for (k, o) in theirs {
                if !mine.contains_key(&k) && mine.len() >= KEYS {
                    continue;
                }
                mine.entry(k).or_default().merge(o);
            }
        }
    }

    pub(super) fn finish(self, out: &mut Vec<HuntFinding>) {
        let Some(start) = self.start else { return };
        // One app or client whatever its version or case: the first name logged speaks for it.
        let mut grouped: BTreeMap<(usize, String), (String, Client)> = BTreeMap::new();
        for (kind, names) in self.names.into_iter().enumerate() {
            let names: BTreeMap<String, Client> = names.into_iter().collect();
            for (name, c) in names {
                let Some(key) = client_key(&name) else {
                    continue;
                };
                let g = grouped.entry((kind, key)).or_default();
                let earlier = match (g.1.trail.first, c.trail.first) {
                    (Some(a), Some(b)) => b < a,
                    (None, _) => true,
                    (Some(_), None) => false,
                };
                if earlier {
                    g.0 = name.trim().to_string();
                }
                g.1.merge(c);
            }
        }
        for ((kind, _), (name, c)) in grouped {
            let Some(first) = c.trail.first else { continue };
            let history = first.as_millisecond() - start.as_millisecond();
            if history < HISTORY_MS {
                continue;
            }
            let users: Vec<&str> = c.users.iter().map(String::as_str).collect();
            let message = format!(
                "{} `{name}` was first used at {first}, after {} day(s) of API logs without it, by {}; {} event(s), {} row(s) returned",
                KINDS.get(kind).copied().unwrap_or("client"),
                history / HISTORY_MS,
                if users.is_empty() {
                    "an unknown user".to_string()
                } else {
                    users.join(", ")
                },
                c.trail.events,
                c.rows
            );
            let user = (users.len() == 1).then(|| users.concat());
            out.extend(c.trail.finding(
                &FirstUseOfClient,
                Severity::Medium,
                message,
                user,
                (
                    "nobody in the org installed or approved this app or tool; its user was called by someone posing as support; it pulled whole objects",
                    "the app or tool is a planned rollout or an administrator's known tool (check the Setup Audit Trail and the change record)",
                ),
            ));
        }
    }
}
