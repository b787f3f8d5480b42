//! HUNT-010: a guest calls a site's Aura data actions faster than a visitor can.

use super::{Map, Obs, Trail, detection};
use ajar_model::detection::HuntFinding;
use ajar_model::event::PrincipalClass;
use ajar_model::finding::Severity;
use std::collections::BTreeMap;
use std::net::IpAddr;

detection! {
    /// ## What it checks
    /// Guest Aura requests (`AuraRequest` rows of the `Guest` user type) whose
    /// `ACTION_MESSAGE` calls a data action: `SelectableListDataProviderController/ACTION$getItems`
    /// (list pages), `RecordUiController/ACTION$getRecordWithFields` (one record each) and the
    /// GraphQL Aura method (`…$executeGraphQL`), counted per client IP and minute. An IP that
    /// makes at least 100 such calls within 10 minutes is raised high, with the calls of each
    /// kind, its busiest 10 minutes and its first and last call.
    /// ## Why it matters
    /// Guest scraping of Experience Cloud sites (AuraInspector and its modified copies,
    /// 2023–2026) walks a site's lists with `getItems`, reads each record with
    /// `getRecordWithFields`, and pages GraphQL queries past the 2,000 records one query
    /// returns (intrusions.md §1 shape C). A visitor clicking through a site makes a few data
    /// calls a minute.
    /// ## Example
    /// `203.0.113.50` calls `getItems` 1,240 times and `getRecordWithFields` 3,100 times in 25
    /// minutes, at most 1,812 calls in one 10-minute span.
    /// ## How to tune
    /// The logs do not say which records an Aura call returned, nor which page: the rate is the
    /// signal, and `ajar scan` says what a guest could read through those actions. A
    /// monitoring robot or a partner's integration on the public site raises it too: dismiss it
    /// by IP, and remove the guest's access to what it does not need.
    GuestAuraScraping = "HUNT-010", since "0.1.0", severity High
}

/// The calls that make scraping, per 10 minutes.
const RATE: u64 = 100;
/// The window of [`RATE`], in minutes.
const WINDOW_MIN: i64 = 10;

/// The data actions, by the name a message gives them.
const ACTIONS: &[(&str, &str)] = &[
    ("ACTION$getItems", "getItems"),
    ("ACTION$getRecordWithFields", "getRecordWithFields"),
    ("ACTION$executeGraphQL", "GraphQL"),
];

#[derive(Debug, Default)]
struct Ip {
    /// Calls per minute since the epoch.
    minutes: BTreeMap<i64, u64>,
    /// Calls per data action.
    kinds: BTreeMap<&'static str, u64>,
    trail: Trail,
}

#[derive(Debug, Default)]
pub(super) struct State {
    ips: Map<IpAddr, Ip>,
}

impl State {
    pub(super) fn observe(&mut self, o: &Obs<'_>) {
        if o.ev.principal != PrincipalClass::Guest || o.ev.actions.is_empty() {
            return;
        }
        let Some(ip) = o.ev.ip else { return };
        let mut calls = 0;
        let mut kinds: Vec<&'static str> = Vec::new();
        for a in &o.ev.actions {
            if let Some((_, name)) = ACTIONS.iter().find(|(m, _)| a.ends_with(m)) {
                calls += 1;
                kinds.push(name);
            }
        }
        if calls == 0 {
            return;
        }
        let s = self.ips.entry(ip).or_default();
        *s.minutes
            .entry(o.ev.time.as_millisecond().div_euclid(60_000))
            .or_default() += calls;
        for k in kinds {
            *s.kinds.entry(k).or_default() += 1;
        }
        s.trail.add(o);
    }

    pub(super) fn merge(&mut self, other: State) {
        for (ip, o) in other.ips {
            let s = self.ips.entry(ip).or_default();
            for (m, n) in o.minutes {
                *s.minutes.entry(m).or_default() += n;
            }
            for (k, n) in o.kinds {
                *s.kinds.entry(k).or_default() += n;
            }
            s.trail.merge(o.trail);
        }
    }

    pub(super) fn finish(self, out: &mut Vec<HuntFinding>) {
        let ips: BTreeMap<IpAddr, Ip> = self.ips.into_iter().collect();
        for (ip, s) in ips {
            let peak = busiest(&s.minutes);
            if peak < RATE {
                continue;
            }
            let total: u64 = s.kinds.values().sum();
            let kinds: Vec<String> = s.kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
            let message = format!(
                "guest requests from {ip} called data actions {total} time(s) ({}), at most {peak} within {WINDOW_MIN} minutes",
                kinds.join(", ")
            );
            out.extend(s.trail.finding(
                &GuestAuraScraping,
                Severity::High,
                message,
                None,
                (
                    "the IP is not a known monitor or partner; the same IP or user agent also made other guest requests naming records; ajar scan shows the objects those actions can read",
                    "the IP belongs to a monitoring robot or a partner's integration the site owner knows",
                ),
            ));
        }
    }
}

/// The most calls within any [`WINDOW_MIN`] consecutive minutes.
fn busiest(minutes: &BTreeMap<i64, u64>) -> u64 {
    let mut best = 0;
    for (&m, _) in minutes.iter() {
        let n: u64 = minutes.range(m..m + WINDOW_MIN).map(|(_, n)| n).sum();
        best = best.max(n);
    }
    best
}
