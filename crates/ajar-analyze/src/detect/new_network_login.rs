//! HUNT-002: a refresh-token or password login from a network the user never used before.

use super::{LOGIN_TYPES, Map, Obs, Trail, detection};
use ajar_model::detection::HuntFinding;
use ajar_model::event::Outcome;
use ajar_model::finding::Severity;
use std::collections::BTreeMap;
use std::net::IpAddr;

detection! {
    /// ## What it checks
    /// Successful logins by OAuth refresh token (`oauthrefreshtoken`) or OAuth password
    /// (`oauthpassword`) whose network (the IPv4 /24 or IPv6 /48 of the client address) the
    /// user had not logged in from before, when the input holds at least one day of that
    /// user's logins before it. The baseline is learned from the input itself: the finding
    /// says how many days of history it had, and whether the country is new as well.
    /// ## Why it matters
    /// A stolen refresh token is replayed from the intruder's infrastructure: the first sign
    /// of the 2025 token-theft waves was a refresh-token login of an integration user from an
    /// address never seen for it (intrusions.md §1 shape A, §2).
    /// ## Example
    /// An integration that always connects from `54.80.10.0/24` logs in with a refresh token
    /// from `208.68.36.90` on the ninth day of the logs.
    /// ## How to tune
    /// Give more days of Login or Login History so that the baseline holds every address the
    /// integration uses; a new network in a known country is medium, in a new or unknown
    /// country high. A vendor that moved its servers raises it once per network.
    NewNetworkLogin = "HUNT-002", since "0.1.0", severity High
}

/// Logins before the new network must span at least this long.
const BASELINE_MS: i64 = 86_400_000;

/// The network of an address: IPv4 /24, IPv6 /48.
pub(crate) fn network(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(a) => {
            let [x, y, z, _] = a.octets();
            format!("{x}.{y}.{z}.0/24")
        }
        IpAddr::V6(a) => {
            let s = a.segments();
            let seg = |i: usize| s.get(i).copied().unwrap_or(0);
            format!("{:x}:{:x}:{:x}::/48", seg(0), seg(1), seg(2))
        }
    }
}

fn qualifies(o: &Obs<'_>) -> bool {
    o.api()
        .and_then(|a| a.login_sub_type.as_deref())
        .is_some_and(|s| {
            s.eq_ignore_ascii_case("oauthrefreshtoken") || s.eq_ignore_ascii_case("oauthpassword")
        })
}

#[derive(Debug, Default)]
struct Net {
    first_any: Option<jiff::Timestamp>,
    /// The earliest qualifying login from this network, and its trail (that login only).
    first_q: Option<(jiff::Timestamp, String, Trail)>,
}

#[derive(Debug, Default)]
struct User {
    first: Option<jiff::Timestamp>,
    countries: Map<String, jiff::Timestamp>,
    nets: Map<String, Net>,
}

fn min_t(a: Option<jiff::Timestamp>, b: jiff::Timestamp) -> Option<jiff::Timestamp> {
    Some(a.map_or(b, |a| a.min(b)))
}

#[derive(Debug, Default)]
pub(super) struct State {
    users: Map<String, User>,
}

impl State {
    pub(super) fn observe(&mut self, o: &Obs<'_>) {
        if !LOGIN_TYPES.contains(&o.ev.event_type.as_str()) || o.ev.outcome != Outcome::Read {
            return;
        }
        let (Some(user), Some(ip)) = (o.user(), o.ev.ip) else {
            return;
        };
        let t = o.ev.time;
        let Some(u) = super::entry(&mut self.users, user) else {
            return;
        };
        u.first = min_t(u.first, t);
        if let Some(c) = o.country {
            let e = u.countries.entry(c.to_string()).or_insert(t);
            *e = (*e).min(t);
        }
        let n = u.nets.entry(network(ip)).or_default();
        n.first_any = min_t(n.first_any, t);
        if qualifies(o) {
            match n.first_q.as_mut() {
                // The same login in two logs (ELF Login and Login History).
                Some((q, _, trail)) if *q == t => trail.add(o),
                Some((q, _, _)) if *q < t => {}
                _ => {
                    let mut trail = Trail::default();
                    trail.add(o);
                    n.first_q = Some((t, o.country.unwrap_or("").to_string(), trail));
                }
            }
        }
    }

    pub(super) fn merge(&mut self, other: State) {
        for (name, o) in other.users {
            let u = self.users.entry(name).or_default();
            u.first = match (u.first, o.first) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            for (c, t) in o.countries {
                let e = u.countries.entry(c).or_insert(t);
                *e = (*e).min(t);
            }
            for (k, n) in o.nets {
                let m = u.nets.entry(k).or_default();
                m.first_any = match (m.first_any, n.first_any) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                match (m.first_q.as_mut(), n.first_q) {
                    (Some(mine), Some(q)) if mine.0 == q.0 => mine.2.merge(q.2),
                    (Some(mine), Some(q)) if q.0 < mine.0 => *mine = q,
                    (None, Some(q)) => m.first_q = Some(q),
                    _ => {}
                }
            }
        }
    }

    pub(super) fn finish(self, out: &mut Vec<HuntFinding>) {
        let users: BTreeMap<String, User> = self.users.into_iter().collect();
        for (name, u) in users {
            let Some(first) = u.first else { continue };
            let nets: BTreeMap<String, Net> = u.nets.into_iter().collect();
            for (net, n) in nets {
                let Some((t, country, trail)) = n.first_q else {
                    continue;
                };
                let history = t.as_millisecond() - first.as_millisecond();
                if n.first_any != Some(t) || history < BASELINE_MS {
                    continue;
                }
                let days = history / BASELINE_MS;
                let new_country =
                    country.is_empty() || u.countries.get(&country).is_none_or(|c| *c >= t);
                let (severity, place) = match (country.as_str(), new_country) {
                    ("", _) => (Severity::High, "an unknown country".to_string()),
                    (c, true) => (Severity::High, format!("{c}, a country new for it too")),
                    (c, false) => (Severity::Medium, format!("{c}, a country seen before")),
                };
                let message = format!(
                    "user {name} logged in by OAuth token from {net} ({place}), a network not in its {days} day(s) of login history in the input"
                );
                out.extend(trail.finding(
                    &NewNetworkLogin,
                    severity,
                    message,
                    Some(name.clone()),
                    (
                        "the login's session went on to do what the user never does (recon, bulk jobs, large queries), or its owner did not log in then",
                        "the user's owner or vendor confirms the new address (a moved server, a new office or VPN)",
                    ),
                ));
            }
        }
    }
}
