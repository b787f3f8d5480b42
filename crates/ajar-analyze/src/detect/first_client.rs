//! HUNT-008: a connected app or client name used for the first time in the input.

use super::{Obs, Trail, client_key, detection};
use ajar_model::detection::HuntFinding;
use ajar_model::finding::Severity;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

#[derive(Debug, Default)]
struct Client {
    /// The name as first logged.
    name: String,
    kind: &'static str,
    users: BTreeSet<String>,
    rows: u64,
    trail: Trail,
}

#[derive(Debug, Default)]
pub(super) struct State {
    /// The first API event of the input.
    start: Option<jiff::Timestamp>,
    clients: HashMap<String, Client>,
}

impl State {
    pub(super) fn observe(&mut self, o: &Obs<'_>) {
        let Some(api) = o.api() else { return };
        let t = o.ev.time;
        self.start = Some(self.start.map_or(t, |s| s.min(t)));
        let names = [
            ("connected app", api.connected_app_name.as_deref()),
            ("connected app", api.connected_app_id.as_deref()),
            ("client", api.client_name.as_deref()),
        ];
        for (kind, name) in names {
            let Some((name, key)) = name.and_then(|n| Some((n, client_key(n)?))) else {
                continue;
            };
            let key = format!("{kind}:{key}");
            if !self.clients.contains_key(&key) && self.clients.len() >= KEYS {
                continue;
            }
            let c = self.clients.entry(key).or_default();
            if c.trail.first.is_none_or(|f| t < f) {
                c.name = name.trim().to_string();
            }
            c.kind = kind;
            if let Some(u) = o.user()
                && c.users.len() < USERS
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
        for (k, o) in other.clients {
            if !self.clients.contains_key(&k) && self.clients.len() >= KEYS {
                continue;
            }
            let c = self.clients.entry(k).or_default();
            let theirs_first = match (c.trail.first, o.trail.first) {
                (Some(a), Some(b)) => b < a || (b == a && o.name < c.name),
                (None, _) => true,
                (Some(_), None) => false,
            };
            if theirs_first {
                c.name = o.name;
            }
            c.kind = o.kind;
            c.users.extend(o.users);
            while c.users.len() > USERS {
                c.users.pop_last();
            }
            c.rows += o.rows;
            c.trail.merge(o.trail);
        }
    }

    pub(super) fn finish(self, out: &mut Vec<HuntFinding>) {
        let Some(start) = self.start else { return };
        let clients: BTreeMap<String, Client> = self.clients.into_iter().collect();
        for (_, c) in clients {
            let Some(first) = c.trail.first else { continue };
            let history = first.as_millisecond() - start.as_millisecond();
            if history < HISTORY_MS {
                continue;
            }
            let users: Vec<&str> = c.users.iter().map(String::as_str).collect();
            let message = format!(
                "{} `{}` was first used at {first}, after {} day(s) of API logs without it, by {}; {} event(s), {} row(s) returned",
                c.kind,
                c.name,
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
