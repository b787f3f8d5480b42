//! The intrusion part of the HTML report (issue #16): the actor, its timeline (logins,
//! queries and downloads with their evidence strength, deletions), what left per object by
//! evidence strength, and the credentials to rotate.

use super::esc;
use crate::hunt::actor::evidence_name;
use crate::view::Lang;
use ajar_model::actor::Actor;
use ajar_model::incident::IncidentFacts;
use std::fmt::Write;

/// Timeline rows shown at most; the rest are in `incident.json`.
const TIMELINE_ROWS: usize = 500;

/// Event types whose rows are logins.
const LOGINS: &[&str] = &["Login", "LoginHistory", "LoginEvent"];

/// One row of the timeline: when, what, from where, detail, evidence.
type Row = (jiff::Timestamp, String, String, String, String);

fn rows(a: &Actor, lang: Lang) -> Vec<Row> {
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let ip = |i: Option<std::net::IpAddr>| i.map_or_else(String::new, |i| i.to_string());
    let mut out: Vec<Row> = Vec::new();
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

/// The section, empty for a guest exposure.
pub(super) fn section(f: &IncidentFacts, lang: Lang) -> String {
    let Some(a) = &f.actor else {
        return String::new();
    };
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let mut h = String::new();
    let _ = write!(
        h,
        "<h2>{}</h2><p>{}: {}<br>{}: {}<br>{}: {}</p>",
        t("侵入者", "The intruder"),
        t("ユーザー", "users"),
        esc(&a.users.join(", ")),
        t("接続アプリケーション", "connected apps"),
        esc(&a.connected_apps.join(", ")),
        t("ユーザーエージェント", "user agents"),
        esc(&a.user_agents.join(", "))
    );
    let _ = write!(
        h,
        "<table><tr><th>IP</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("国", "country"),
        t("イベント数", "events"),
        t("期間", "first – last")
    );
    for i in &a.ips {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} – {}</td></tr>",
            i.ip,
            esc(i.country.as_deref().unwrap_or("?")),
            i.events,
            i.first,
            i.last
        );
    }
    h.push_str("</table>");
    if let Some(r) = &f.identity_reach {
        reach(&mut h, r, lang);
    }
    timeline(&mut h, a, lang);
    taken(&mut h, f, lang);
    h
}

/// What the stolen identities could read.
fn reach(h: &mut String, r: &ajar_model::actor::IdentityReach, lang: Lang) {
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    {
        let _ = write!(
            h,
            "<h3>{}</h3><p>{}: {}</p><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            t(
                "侵害された ID が読めた範囲",
                "What the stolen identity could read"
            ),
            t("上限（件）", "upper bound (records)"),
            r.records_bound,
            t("ユーザー", "user"),
            t("オブジェクト", "object"),
            t("全レコード", "every record"),
            t("件数", "records"),
            t("根拠", "why")
        );
        for u in &r.users {
            for o in u.objects.iter().filter(|o| o.readable) {
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(u.username.as_deref().unwrap_or(&u.user_id)),
                    esc(&o.object),
                    if o.all_records {
                        t("はい", "yes")
                    } else {
                        t("共有分のみ", "shared ones")
                    },
                    o.records,
                    esc(&o.why)
                );
            }
        }
        h.push_str("</table>");
    }
}

/// The intruder's events, first rows only.
fn timeline(h: &mut String, a: &ajar_model::actor::Actor, lang: Lang) {
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let all = rows(a, lang);
    let _ = write!(
        h,
        "<h3>{}</h3><table><tr><th>{}</th><th>{}</th><th>IP</th><th>{}</th><th>{}</th></tr>",
        t("侵入者の時系列", "The intruder's timeline"),
        t("日時 (UTC)", "time (UTC)"),
        t("内容", "what"),
        t("根拠", "log"),
        t("証拠の強さ", "evidence")
    );
    for (time, what, ip, detail, ev) in all.iter().take(TIMELINE_ROWS) {
        let _ = write!(
            h,
            "<tr><td>{time}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(what),
            esc(ip),
            esc(detail),
            esc(ev)
        );
    }
    h.push_str("</table>");
    if all.len() > TIMELINE_ROWS {
        let _ = write!(
            h,
            "<p class=\"note\">{} {} / {}</p>",
            t(
                "表示は先頭のみ (incident.json に全件):",
                "first rows only (all in incident.json):"
            ),
            TIMELINE_ROWS,
            all.len()
        );
    }
}

/// What left per object by evidence strength, and the credentials in it.
fn taken(h: &mut String, f: &IncidentFacts, lang: Lang) {
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let _ = write!(
        h,
        "<h3>{}</h3><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t(
            "持ち出されたレコードと証拠の強さ",
            "What left, by evidence strength"
        ),
        t("オブジェクト", "object"),
        t("証拠の強さ", "evidence"),
        t("件数", "records"),
        t("ログの行数", "rows logged"),
        t("根拠", "why")
    );
    for o in &f.exposed.by_object {
        for e in &o.evidence {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>",
                esc(&o.object),
                evidence_name(e.strength),
                e.records,
                if e.upper_bound {
                    t("（上限）", " (upper bound)")
                } else {
                    ""
                },
                e.rows_logged.map_or_else(String::new, |n| n.to_string()),
                esc(&e.detail)
            );
        }
    }
    h.push_str("</table>");
    if let Some(s) = &f.secrets {
        let _ = write!(
            h,
            "<h3>{}</h3><p>{}: {}</p>",
            t(
                "持ち出されたフィールド中の認証情報",
                "Credentials in the fields that left"
            ),
            t("レコード数", "records"),
            s.records
        );
        if !s.found.is_empty() {
            let _ = write!(
                h,
                "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                t("種類", "kind"),
                t("オブジェクト", "object"),
                t("レコード", "record"),
                t("項目", "field"),
                t("対処", "rotate")
            );
            for c in &s.found {
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&c.kind),
                    esc(&c.object),
                    c.record_id,
                    esc(&c.field),
                    esc(&c.rotate)
                );
            }
            h.push_str("</table>");
        }
    }
}
