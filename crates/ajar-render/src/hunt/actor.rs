//! The intruder's section of the hunt summary (issue #16): who, from where, the login that
//! began it, its timeline, and what each query or download took with its evidence strength.

use ajar_model::actor::{Actor, Evidence, Why};
use std::fmt::Write;

/// How many timeline lines the summary shows.
const TIMELINE: usize = 40;

/// The evidence strength, as the outputs spell it.
pub fn evidence_name(e: Evidence) -> &'static str {
    match e {
        Evidence::LoggedIds => "logged-ids",
        Evidence::Evaluated => "evaluated",
        Evidence::CountOnly => "count-only",
    }
}

fn why(w: &Why) -> String {
    match w {
        Why::Indicator { indicator, origin } => format!("indicator {indicator} ({origin})"),
        Why::Pivot { key, from, .. } => format!("{key} of {from}"),
    }
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none logged".to_owned()
    } else {
        v.join(", ")
    }
}

/// Appends the actor's section.
pub fn render(s: &mut String, a: &Actor) {
    let _ = writeln!(s, "\nActor ({} event(s))", a.events.len());
    for i in &a.indicators {
        let _ = writeln!(
            s,
            "  indicator {} ({}{}): {} event(s)",
            i.indicator,
            i.origin,
            i.source
                .as_deref()
                .map(|src| format!(", {src}"))
                .unwrap_or_default(),
            i.matched
        );
    }
    if let (Some(f), Some(l)) = (a.first, a.last) {
        let _ = writeln!(s, "  first {f}, last {l}");
    }
    match &a.began_with {
        Some(b) => {
            let _ = writeln!(
                s,
                "  began with: {} {} {} from {} ({})",
                b.time,
                b.event_type,
                b.operation.as_deref().unwrap_or(""),
                b.ip.map_or_else(|| "no IP".to_owned(), |ip| ip.to_string()),
                b.source
            );
        }
        None => {
            let _ = writeln!(s, "  began with: no login of the actor in the logs");
        }
    }
    let _ = writeln!(s, "  users: {}", list(&a.users));
    for ip in &a.ips {
        let _ = writeln!(
            s,
            "  ip {:<39} {:<3} {:>5} event(s)  {} .. {}",
            ip.ip.to_string(),
            ip.country.as_deref().unwrap_or("?"),
            ip.events,
            ip.first,
            ip.last
        );
    }
    let _ = writeln!(s, "  user agents: {}", list(&a.user_agents));
    let _ = writeln!(s, "  connected apps: {}", list(&a.connected_apps));
    let _ = writeln!(s, "  client names: {}", list(&a.client_names));
    for k in &a.sessions {
        let _ = writeln!(
            s,
            "  {} {}: {} event(s)  {} .. {}",
            k.kind, k.key, k.events, k.first, k.last
        );
    }
    let _ = writeln!(s, "\nActor timeline");
    for e in a.events.iter().take(TIMELINE) {
        let _ = writeln!(
            s,
            "  {} {:<12} {:<18} {:<15} {}{}  [{}]",
            e.time,
            e.event_type,
            e.operation.as_deref().unwrap_or("-"),
            e.ip.map_or_else(|| "-".to_owned(), |ip| ip.to_string()),
            if e.success { "" } else { "failed " },
            e.uri
                .as_deref()
                .or(e.objects.first().map(String::as_str))
                .unwrap_or(""),
            why(&e.why)
        );
    }
    if a.events.len() > TIMELINE {
        let _ = writeln!(
            s,
            "  ... {} more (see --format json)",
            a.events.len() - TIMELINE
        );
    }
    let _ = writeln!(
        s,
        "\nWhat the actor took ({} query or download(s))",
        a.takes.len()
    );
    for t in &a.takes {
        let _ = writeln!(
            s,
            "  {} {:<10} {:<24} {:<10} {:>8} row(s) {:>6} ID(s)  {}{}",
            t.time,
            t.event_type,
            t.object.as_deref().unwrap_or("?"),
            evidence_name(t.evidence),
            t.rows.map_or_else(|| "?".to_owned(), |r| r.to_string()),
            t.record_ids.len(),
            t.source,
            t.reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        );
    }
}
