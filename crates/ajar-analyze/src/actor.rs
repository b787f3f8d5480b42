//! Naming the intruder of an API intrusion (issue #16): which events match an indicator, which
//! share a login or session key with one that does (transitively), and what each of the
//! actor's queries and downloads took, with the strength of that evidence (intrusions.md §3,
//! §4). Pure: events in, [`Actor`] out.

mod keys;
mod takes;

pub use keys::{ActorKeys, ReachedKeys};
pub use takes::takes;

use ajar_model::actor::{
    Actor, ActorEvent, ActorIp, ActorSession, Indicator, IndicatorKind, IndicatorUse, Why,
};
use ajar_model::event::{AccessEvent, Outcome};
use ajar_model::sfid::SfId;
use ajar_model::span::Span;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::net::IpAddr;

/// Event types that carry the evidence of an API intrusion (intrusions.md §3): their rows are
/// kept when they carry a login or session key, so that a key shared with an indicator's event
/// brings them in. Rows of other types join the actor only by matching an indicator.
pub const EVIDENCE_TYPES: &[&str] = &[
    "API",
    "ApiEvent",
    "ApiEventStore",
    "ApiTotalUsage",
    "BulkApi",
    "BulkApi2",
    "BulkApiResultEvent",
    "BulkApiResultEventStore",
    "ListViewEvent",
    "ListViewEventStore",
    "Login",
    "LoginEvent",
    "LoginEventStream",
    "LoginHistory",
    "Report",
    "ReportEvent",
    "ReportEventStore",
    "ReportExport",
    "RestApi",
];

/// Event types that record a login (the one that began the actor's session).
const LOGIN_TYPES: &[&str] = &["Login", "LoginEvent", "LoginEventStream", "LoginHistory"];

/// Indicators ready to match events.
#[derive(Debug, Clone, Default)]
pub struct Indicators {
    list: Vec<Indicator>,
    /// Normalised value → indicator index, per kind.
    exact: HashMap<(IndicatorKind, String), usize>,
    /// The IPs of `exact`, by address: an event's IP is looked up without being written out.
    ips: HashMap<IpAddr, usize>,
    /// The kinds `exact` holds: a value of another kind is not normalised to be looked up.
    kinds: BTreeSet<IndicatorKind>,
    cidrs: Vec<(IpAddr, u8, usize)>,
}

fn norm(kind: IndicatorKind, v: &str) -> String {
    match kind {
        // IDs are case-sensitive in 15 characters; the 18-character form repairs the case.
        IndicatorKind::User | IndicatorKind::ConnectedApp => SfId::parse(v.trim())
            .map(|id| id.as_str().to_owned())
            .unwrap_or_else(|_| v.trim().to_lowercase()),
        IndicatorKind::Ip => v
            .trim()
            .parse::<IpAddr>()
            .map_or_else(|_| v.trim().to_owned(), |ip| ip.to_string()),
        IndicatorKind::SessionKey | IndicatorKind::LoginKey | IndicatorKind::UserAgent => {
            v.trim().to_owned()
        }
        IndicatorKind::ClientName | IndicatorKind::Cidr => v.trim().to_lowercase(),
    }
}

pub(crate) fn in_cidr(ip: IpAddr, net: IpAddr, len: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

pub(crate) fn cidr(value: &str) -> Option<(IpAddr, u8)> {
    let (addr, len) = value.trim().split_once('/')?;
    let addr: IpAddr = addr.parse().ok()?;
    let len: u8 = len.parse().ok()?;
    (len <= if addr.is_ipv4() { 32 } else { 128 }).then_some((addr, len))
}

impl Indicators {
    /// Prepares `list`. `usernames` maps a username (lower-cased) to its user's ID, from a User
    /// export: an indicator naming a username then matches rows that log only the ID.
    pub fn new(list: Vec<Indicator>, usernames: &HashMap<String, SfId>) -> Self {
        let mut exact = HashMap::new();
        let mut ips = HashMap::new();
        let mut cidrs = Vec::new();
        for (i, ind) in list.iter().enumerate() {
            if ind.kind == IndicatorKind::Cidr {
                if let Some((net, len)) = cidr(&ind.value) {
                    cidrs.push((net, len, i));
                }
                continue;
            }
            if ind.kind == IndicatorKind::Ip
                && let Ok(ip) = ind.value.trim().parse::<IpAddr>()
            {
                // An address's text is unique (the one `norm` gives), so the same first index.
                ips.entry(ip).or_insert(i);
            }
            exact
                .entry((ind.kind, norm(ind.kind, &ind.value)))
                .or_insert(i);
            if ind.kind == IndicatorKind::User
                && let Some(id) = usernames.get(&ind.value.trim().to_lowercase())
            {
                exact
                    .entry((IndicatorKind::User, id.as_str().to_owned()))
                    .or_insert(i);
            }
        }
        let kinds = exact.keys().map(|(k, _)| *k).collect();
        Self {
            list,
            exact,
            ips,
            kinds,
            cidrs,
        }
    }

    /// The indicator at `i`, in the order given.
    pub fn get(&self, i: usize) -> Option<&Indicator> {
        self.list.get(i)
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn hit(&self, kind: IndicatorKind, v: Option<&str>) -> Option<usize> {
        let v = v?;
        if !self.kinds.contains(&kind) {
            return None;
        }
        self.exact.get(&(kind, norm(kind, v))).copied()
    }

    /// The first indicator (in the order given) that `ev` matches. Called on every row of a
    /// hunt with indicators: a kind no indicator has costs a set look-up, an IP a map look-up
    /// (issue #19).
    pub fn matches(&self, ev: &AccessEvent) -> Option<usize> {
        let api = ev.api.as_deref();
        let mut hits = [
            ev.ip.and_then(|ip| self.ips.get(&ip).copied()),
            self.hit(IndicatorKind::UserAgent, ev.user_agent.as_deref()),
            self.hit(IndicatorKind::User, ev.user_id.as_deref()),
            self.hit(IndicatorKind::User, api.and_then(|a| a.username.as_deref())),
            self.hit(
                IndicatorKind::ConnectedApp,
                api.and_then(|a| a.connected_app_id.as_deref()),
            ),
            self.hit(
                IndicatorKind::ConnectedApp,
                api.and_then(|a| a.connected_app_name.as_deref()),
            ),
            self.hit(
                IndicatorKind::ClientName,
                api.and_then(|a| a.client_name.as_deref()),
            ),
            self.hit(
                IndicatorKind::SessionKey,
                api.and_then(|a| a.session_key.as_deref()),
            ),
            self.hit(
                IndicatorKind::LoginKey,
                api.and_then(|a| a.login_key.as_deref()),
            ),
            ev.ip.and_then(|ip| {
                self.cidrs
                    .iter()
                    .filter(|(net, len, _)| in_cidr(ip, *net, *len))
                    .map(|(_, _, i)| *i)
                    .min()
            }),
        ];
        hits.sort_unstable();
        hits.into_iter().flatten().next()
    }
}

fn keys(ev: &AccessEvent) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    if let Some(a) = ev.api.as_deref() {
        if let Some(k) = a.login_key.as_deref() {
            out.push(("login_key", k));
        }
        if let Some(k) = a.session_key.as_deref() {
            out.push(("session_key", k));
        }
    }
    out
}

/// Daily and hourly files of one day hold the same rows (formats.md §2.1): one event each,
/// the first in `events`' order. Compared without their positions, and without copying them
/// (the logs' events are the bulk of an intrusion's memory).
fn drop_repeats(events: &mut Vec<AccessEvent>) {
    let sources: Vec<Span> = events
        .iter_mut()
        .map(|e| std::mem::replace(&mut e.source, Span::new("", 0)))
        .collect();
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by(|&a, &b| events.get(a).cmp(&events.get(b)).then(a.cmp(&b)));
    let mut repeat = vec![false; events.len()];
    for pair in order.windows(2) {
        if let [a, b] = *pair
            && events.get(a) == events.get(b)
            && let Some(r) = repeat.get_mut(b)
        {
            *r = true;
        }
    }
    for (e, s) in events.iter_mut().zip(sources) {
        e.source = s;
    }
    let mut i = 0;
    events.retain(|_| {
        let keep = !repeat.get(i).copied().unwrap_or(false);
        i += 1;
        keep
    });
}

/// The events that are the actor's, each with why: those matching an indicator, then,
/// transitively, those sharing a login or session key with one of them (intrusions.md §3).
/// `events` may come in any order; the result is sorted by time and position.
pub fn select(ind: &Indicators, mut events: Vec<AccessEvent>) -> Vec<(AccessEvent, Why)> {
    events.sort_by(|a, b| (a.time, &a.source).cmp(&(b.time, &b.source)));
    drop_repeats(&mut events);
    let mut by_key: HashMap<(&'static str, String), Vec<usize>> = HashMap::new();
    for (i, ev) in events.iter().enumerate() {
        for (kind, k) in keys(ev) {
            by_key.entry((kind, k.to_owned())).or_default().push(i);
        }
    }
    let mut why: Vec<Option<Why>> = vec![None; events.len()];
    let mut queue = VecDeque::new();
    for (i, ev) in events.iter().enumerate() {
        if let Some(n) = ind.matches(ev)
            && let (Some(slot), Some(indicator)) = (why.get_mut(i), ind.list.get(n))
        {
            *slot = Some(Why::Indicator {
                indicator: format!("{}={}", indicator.kind.name(), indicator.value),
                origin: indicator.origin.clone(),
            });
            queue.push_back(i);
        }
    }
    let mut seen_keys = BTreeSet::new();
    while let Some(i) = queue.pop_front() {
        let Some(ev) = events.get(i) else { continue };
        for (kind, k) in keys(ev) {
            if !seen_keys.insert((kind, k.to_owned())) {
                continue;
            }
            for &j in by_key.get(&(kind, k.to_owned())).into_iter().flatten() {
                if let Some(slot) = why.get_mut(j)
                    && slot.is_none()
                {
                    *slot = Some(Why::Pivot {
                        key: kind.to_owned(),
                        value: k.to_owned(),
                        from: ev.source.clone(),
                    });
                    queue.push_back(j);
                }
            }
        }
    }
    events
        .into_iter()
        .zip(why)
        .filter_map(|(ev, w)| w.map(|w| (ev, w)))
        .collect()
}

fn actor_event(ev: &AccessEvent, why: Why) -> ActorEvent {
    let api = ev.api.as_deref();
    ActorEvent {
        time: ev.time,
        event_type: ev.event_type.clone(),
        source: ev.source.clone(),
        why,
        user_id: ev.user_id.clone(),
        principal: ev.principal,
        ip: ev.ip,
        operation: api.and_then(|a| {
            a.login_sub_type
                .clone()
                .or_else(|| a.operation.clone())
                .or_else(|| a.login_type.clone())
        }),
        uri: ev.uri.clone(),
        objects: ev.objects.clone(),
        rows: api.and_then(|a| a.rows),
        record_ids: api.map_or(0, |a| a.returned.len() as u64),
        job_id: api.and_then(|a| a.job_id.clone()),
        success: ev.outcome == Outcome::Read,
    }
}

/// Everything the outputs say about the actor. `country` looks up an IP without a country in
/// the log (GeoIP).
pub fn identify(
    ind: &Indicators,
    events: Vec<AccessEvent>,
    country: &mut dyn FnMut(IpAddr) -> Option<String>,
) -> Actor {
    let selected = select(ind, events);
    let mut uses: Vec<IndicatorUse> = ind
        .list
        .iter()
        .map(|i| IndicatorUse {
            indicator: format!("{}={}", i.kind.name(), i.value),
            source: i.source.clone(),
            origin: i.origin.clone(),
            matched: 0,
        })
        .collect();
    let mut users = BTreeSet::new();
    let mut uas = BTreeSet::new();
    let mut apps = BTreeSet::new();
    let mut clients = BTreeSet::new();
    let mut ips: BTreeMap<IpAddr, ActorIp> = BTreeMap::new();
    let mut sessions: BTreeMap<(&'static str, String), ActorSession> = BTreeMap::new();
    for (ev, why) in &selected {
        if let Why::Indicator { indicator, origin } = why
            && let Some(u) = uses
                .iter_mut()
                .find(|u| &u.indicator == indicator && &u.origin == origin)
        {
            u.matched += 1;
        }
        users.extend(ev.user_id.clone());
        uas.extend(ev.user_agent.clone());
        if let Some(a) = ev.api.as_deref() {
            users.extend(a.username.clone());
            apps.extend(a.connected_app_id.clone());
            apps.extend(a.connected_app_name.clone());
            clients.extend(a.client_name.clone());
        }
        for (kind, k) in keys(ev) {
            let s = sessions
                .entry((kind, k.to_owned()))
                .or_insert_with(|| ActorSession {
                    kind: kind.to_owned(),
                    key: k.to_owned(),
                    events: 0,
                    first: ev.time,
                    last: ev.time,
                });
            s.events += 1;
            s.first = s.first.min(ev.time);
            s.last = s.last.max(ev.time);
        }
        if let Some(ip) = ev.ip {
            let e = ips.entry(ip).or_insert_with(|| ActorIp {
                ip,
                country: None,
                country_source: None,
                events: 0,
                first: ev.time,
                last: ev.time,
            });
            e.events += 1;
            e.first = e.first.min(ev.time);
            e.last = e.last.max(ev.time);
            if e.country.is_none() {
                if let Some(c) = &ev.log_country {
                    e.country = Some(c.clone());
                    e.country_source = Some("log".to_owned());
                } else if let Some(c) = country(ip) {
                    e.country = Some(c);
                    e.country_source = Some("geoip".to_owned());
                }
            }
        }
    }
    let events: Vec<ActorEvent> = selected
        .iter()
        .map(|(ev, why)| actor_event(ev, why.clone()))
        .collect();
    let began_with = events
        .iter()
        .find(|e| LOGIN_TYPES.contains(&e.event_type.as_str()) && e.success)
        .cloned();
    let taken = takes(selected.iter().map(|(ev, _)| ev));
    Actor {
        indicators: uses,
        users: users.into_iter().collect(),
        ips: ips.into_values().collect(),
        user_agents: uas.into_iter().collect(),
        connected_apps: apps.into_iter().collect(),
        client_names: clients.into_iter().collect(),
        sessions: sessions.into_values().collect(),
        first: events.first().map(|e| e.time),
        last: events.last().map(|e| e.time),
        began_with,
        events,
        takes: taken,
    }
}

#[cfg(test)]
mod tests;
