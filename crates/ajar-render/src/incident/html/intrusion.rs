//! The data of the intrusion part of the HTML report (issue #16; the markup is in
//! `templates/report_intrusion.html.j2`): the actor, its timeline (logins, queries and
//! downloads with their evidence strength, deletions), what left per object by evidence
//! strength, and the credentials to rotate.

use crate::hunt::actor::evidence_name;
use crate::view::Lang;
use ajar_model::actor::{Actor, IdentityReach};
use ajar_model::incident::IncidentFacts;
use serde::Serialize;

/// Timeline rows shown at most; the rest are in `incident.json`.
const TIMELINE_ROWS: usize = 500;

/// Event types whose rows are logins.
const LOGINS: &[&str] = &["Login", "LoginHistory", "LoginEvent"];

/// The intrusion part.
#[derive(Debug, Serialize)]
pub(super) struct Intrusion {
    users: String,
    connected_apps: String,
    user_agents: String,
    ips: Vec<Ip>,
    reach: Option<Reach>,
    /// The timeline's first rows.
    rows: Vec<Row>,
    rows_shown: usize,
    rows_total: usize,
    taken: Vec<Taken>,
    secrets: Option<Secrets>,
}

/// An IP the actor used.
#[derive(Debug, Serialize)]
struct Ip {
    ip: String,
    country: String,
    events: u64,
    first: String,
    last: String,
}

/// What the stolen identities could read.
#[derive(Debug, Serialize)]
struct Reach {
    records_bound: u64,
    rows: Vec<ReachRow>,
}

/// One readable object of one user.
#[derive(Debug, Serialize)]
struct ReachRow {
    user: String,
    object: String,
    all_records: bool,
    records: u64,
    why: String,
}

/// One row of the timeline: when, what, from where, detail, evidence.
#[derive(Debug, Serialize)]
struct Row {
    time: String,
    what: String,
    ip: String,
    detail: String,
    evidence: String,
}

/// What left of one object with one evidence strength.
#[derive(Debug, Serialize)]
struct Taken {
    object: String,
    evidence: &'static str,
    records: u64,
    upper_bound: bool,
    rows_logged: String,
    detail: String,
}

/// The credentials in the fields that left.
#[derive(Debug, Serialize)]
struct Secrets {
    records: u64,
    found: Vec<Found>,
}

/// One credential.
#[derive(Debug, Serialize)]
struct Found {
    kind: String,
    object: String,
    record_id: String,
    field: String,
    rotate: String,
}

type Sortable = (jiff::Timestamp, String, String, String, String);

fn rows(a: &Actor, lang: Lang) -> Vec<Sortable> {
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let ip = |i: Option<std::net::IpAddr>| i.map_or_else(String::new, |i| i.to_string());
    let mut out: Vec<Sortable> = Vec::new();
    for e in a
        .events
        .iter()
        .filter(|e| LOGINS.contains(&e.event_type.as_str()))
    {
        out.push((
            e.time,
            format!(
                "{} ({})",
                t("ログイン", "login"),
                e.operation.as_deref().unwrap_or(&e.event_type)
            ),
            ip(e.ip),
            format!("{} {}:{}", e.event_type, e.source.file, e.source.line),
            String::new(),
        ));
    }
    for k in &a.takes {
        out.push((
            k.time,
            format!(
                "{}: {}",
                if k.job_id.is_some() {
                    t("一括取得", "bulk download")
                } else {
                    t("取得", "query or read")
                },
                k.object.as_deref().unwrap_or("?")
            ),
            ip(k.ip),
            format!(
                "{} {}:{}; {} {}",
                k.event_type,
                k.source.file,
                k.source.line,
                t("行数", "rows"),
                k.rows.map_or_else(|| "?".to_owned(), |n| n.to_string())
            ),
            evidence_name(k.evidence).to_owned(),
        ));
        if let Some(d) = k.deleted {
            out.push((
                d,
                format!(
                    "{} {}",
                    t("一括ジョブの削除", "bulk job deleted"),
                    k.job_id.as_deref().unwrap_or("")
                ),
                String::new(),
                String::new(),
                String::new(),
            ));
        }
    }
    out.sort();
    out
}

fn reach(r: &IdentityReach) -> Reach {
    Reach {
        records_bound: r.records_bound,
        rows: (r.users.iter())
            .flat_map(|u| {
                let user = u.username.as_deref().unwrap_or(&u.user_id);
                (u.objects.iter().filter(|o| o.readable)).map(move |o| ReachRow {
                    user: user.to_owned(),
                    object: o.object.clone(),
                    all_records: o.all_records,
                    records: o.records,
                    why: o.why.clone(),
                })
            })
            .collect(),
    }
}

/// The part's data, `None` for a guest exposure.
pub(super) fn intrusion(f: &IncidentFacts, lang: Lang) -> Option<Intrusion> {
    let a = f.actor.as_ref()?;
    let all = rows(a, lang);
    Some(Intrusion {
        users: a.users.join(", "),
        connected_apps: a.connected_apps.join(", "),
        user_agents: a.user_agents.join(", "),
        ips: (a.ips.iter())
            .map(|i| Ip {
                ip: i.ip.to_string(),
                country: i.country.as_deref().unwrap_or("?").to_owned(),
                events: i.events,
                first: i.first.to_string(),
                last: i.last.to_string(),
            })
            .collect(),
        reach: f.identity_reach.as_ref().map(reach),
        rows_shown: TIMELINE_ROWS,
        rows_total: all.len(),
        rows: (all.into_iter().take(TIMELINE_ROWS))
            .map(|(time, what, ip, detail, evidence)| Row {
                time: time.to_string(),
                what,
                ip,
                detail,
                evidence,
            })
            .collect(),
        taken: (f.exposed.by_object.iter())
            .flat_map(|o| {
                o.evidence.iter().map(|e| Taken {
                    object: o.object.clone(),
                    evidence: evidence_name(e.strength),
                    records: e.records,
                    upper_bound: e.upper_bound,
                    rows_logged: e.rows_logged.map_or_else(String::new, |n| n.to_string()),
                    detail: e.detail.clone(),
                })
            })
            .collect(),
        secrets: f.secrets.as_ref().map(|s| Secrets {
            records: s.records,
            found: (s.found.iter())
                .map(|c| Found {
                    kind: c.kind.clone(),
                    object: c.object.clone(),
                    record_id: c.record_id.to_string(),
                    field: c.field.clone(),
                    rotate: c.rotate.clone(),
                })
                .collect(),
        }),
    })
}
