//! The human summary of a hunt: coverage with its gaps, top records, IPs and countries,
//! what was skipped.

use super::csv::{outcome_name, principal_name};
use ajar_model::event::{HuntReport, Outcome};
use std::collections::BTreeMap;
use std::fmt::Write;

/// How many records and IPs the summary lists.
const TOP: usize = 10;

/// The summary.
pub fn render(r: &HuntReport) -> String {
    let mut s = String::new();
    let countries = countries(r);
    header(&mut s, r, &countries);
    s.push_str(&super::findings::render(&r.findings));
    coverage(&mut s, r);
    top_records(&mut s, r);
    top_ips(&mut s, r);
    if !countries.is_empty() {
        let _ = writeln!(s, "\nCountries");
        for (c, (records, ips)) in &countries {
            let _ = writeln!(s, "  {c:<3} {records:>6} record(s) read {ips:>5} IP(s)");
        }
    }
    if let Some(a) = &r.actor {
        super::actor::render(&mut s, a);
    }
    skipped(&mut s, r);
    s
}

/// Per country: records read from it, and IPs located in it.
fn countries(r: &HuntReport) -> BTreeMap<&str, (u64, u64)> {
    let mut countries: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for a in r.accessed.iter().filter(|a| a.outcome == Outcome::Read) {
        for c in &a.countries {
            countries.entry(c.as_str()).or_default().0 += 1;
        }
    }
    for ip in &r.ips {
        if let Some(c) = &ip.country {
            countries.entry(c.as_str()).or_default().1 += 1;
        }
    }
    countries
}

/// The first lines: what was read, from how many IPs and countries, with which GeoIP table.
fn header(s: &mut String, r: &HuntReport, countries: &BTreeMap<&str, (u64, u64)>) {
    let read = r
        .accessed
        .iter()
        .filter(|a| a.outcome == Outcome::Read)
        .count();
    let attempted = r.accessed.len() - read;
    let _ = writeln!(
        s,
        "ajar hunt: {read} record(s) read, {attempted} only attempted, from {} IP(s) in {} countr{}",
        r.ips.len(),
        countries.len(),
        if countries.len() == 1 { "y" } else { "ies" }
    );
    if let Some(g) = &r.geoip {
        let _ = writeln!(
            s,
            "GeoIP: {} ({}{})",
            g.file,
            g.database,
            g.built
                .as_deref()
                .map(|b| format!(", built {b}"))
                .unwrap_or_default()
        );
    }
}

/// Each event type's days, files and rows, then the gaps.
fn coverage(s: &mut String, r: &HuntReport) {
    let _ = writeln!(s, "\nCoverage");
    if r.coverage.is_empty() {
        let _ = writeln!(s, "  no log rows read");
    } else {
        let _ = writeln!(
            s,
            "  {:<24} {:<10} {:<10} {:>5} {:>10} {:>7}",
            "event type", "first", "last", "files", "rows", "missing"
        );
        for c in &r.coverage {
            let _ = writeln!(
                s,
                "  {:<24} {:<10} {:<10} {:>5} {:>10} {:>7}{}",
                c.event_type,
                c.first.to_string(),
                c.last.to_string(),
                c.files,
                c.rows,
                c.missing_days.len(),
                if c.partial { "  partial" } else { "" }
            );
        }
    }
    if !r.gaps.is_empty() {
        let _ = writeln!(s, "\nGaps");
        for g in &r.gaps {
            match &g.span {
                Some(sp) => {
                    let _ = writeln!(s, "  - {}: {}: {}", g.kind, sp, g.message);
                }
                None => {
                    let _ = writeln!(s, "  - {}: {}", g.kind, g.message);
                }
            }
        }
    }
}

/// The records with the most events.
fn top_records(s: &mut String, r: &HuntReport) {
    if !r.accessed.is_empty() {
        let _ = writeln!(s, "\nTop records (by events)");
        let mut top: Vec<_> = r.accessed.iter().collect();
        top.sort_by(|a, b| b.events.cmp(&a.events).then(a.record_id.cmp(&b.record_id)));
        for a in top.iter().take(TOP) {
            let _ = writeln!(
                s,
                "  {}  {:<32} {:<7} {:<8} {:>5} event(s) {:>3} IP(s)  {}",
                a.record_id,
                a.object.as_deref().unwrap_or("?"),
                outcome_name(a.outcome),
                principal_name(a.principal_kind),
                a.events,
                a.ips.len(),
                a.countries.join(",")
            );
        }
        if r.accessed.len() > TOP {
            let _ = writeln!(
                s,
                "  ... {} more (see --format csv or json)",
                r.accessed.len() - TOP
            );
        }
    }
}

/// The IPs that read the most records.
fn top_ips(s: &mut String, r: &HuntReport) {
    if !r.ips.is_empty() {
        let _ = writeln!(s, "\nTop IPs (by records read)");
        let mut top: Vec<_> = r.ips.iter().collect();
        top.sort_by(|a, b| {
            b.records_read
                .cmp(&a.records_read)
                .then(b.attempts.cmp(&a.attempts))
                .then(a.ip.cmp(&b.ip))
        });
        for ip in top.iter().take(TOP) {
            let _ = writeln!(
                s,
                "  {:<39} {:<3} {:>6} read {:>6} attempt(s)  {} .. {}",
                ip.ip.to_string(),
                ip.country.as_deref().unwrap_or("?"),
                ip.records_read,
                ip.attempts,
                ip.first,
                ip.last
            );
        }
        if r.ips.len() > TOP {
            let _ = writeln!(s, "  ... {} more", r.ips.len() - TOP);
        }
    }
}

/// What was set aside, and the audit trail's size.
fn skipped(s: &mut String, r: &HuntReport) {
    let _ = writeln!(
        s,
        "\nSkipped: {} row(s), {} file(s)",
        r.skipped.rows, r.skipped.files
    );
    for d in r.skipped.details.iter().take(TOP) {
        let _ = writeln!(s, "  {}: {}", d.source, d.reason);
    }
    if !r.audit.is_empty() {
        let _ = writeln!(
            s,
            "\nSetup Audit Trail: {} entr{}",
            r.audit.len(),
            if r.audit.len() == 1 { "y" } else { "ies" }
        );
    }
}
