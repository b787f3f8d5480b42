//! Text for people: findings grouped site → object → severity, each with the why.

use ajar_model::exposure::{PrincipalExposure, RecordReach, ScanReport};
use ajar_model::finding::{Finding, Severity};
use std::collections::BTreeMap;
use std::fmt::Write;

fn paint(s: &str, sev: Severity, color: bool) -> String {
    if !color {
        return s.to_owned();
    }
    let code = match sev {
        Severity::Critical => "1;31",
        Severity::High => "31",
        Severity::Medium => "33",
        Severity::Low => "36",
        Severity::Info => "2",
    };
    format!("\x1b[{code}m{s}\x1b[0m")
}

fn reach(r: RecordReach) -> &'static str {
    match r {
        RecordReach::None => "none",
        RecordReach::Owned => "owned",
        RecordReach::Criteria => "criteria",
        RecordReach::All => "all",
    }
}

/// Counts of active (unsuppressed) findings by severity, worst first.
pub fn summary(findings: &[Finding]) -> String {
    let mut counts: BTreeMap<Severity, usize> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.suppressed.is_none()) {
        *counts.entry(f.severity).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    let parts: Vec<String> = counts
        .iter()
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    let suppressed = findings.iter().filter(|f| f.suppressed.is_some()).count();
    let mut out = if parts.is_empty() {
        format!("{total} findings")
    } else {
        format!("{total} findings ({})", parts.join(", "))
    };
    if suppressed > 0 {
        let _ = write!(out, ", {suppressed} suppressed by the baseline");
    }
    out
}

fn finding(out: &mut String, f: &Finding, color: bool) {
    let sev = paint(&f.severity.as_str().to_ascii_uppercase(), f.severity, color);
    let _ = writeln!(out, "    {sev} {} {}", f.code, f.message);
    if !f.file.is_empty() {
        let _ = writeln!(out, "      at {}:{}", f.file, f.line);
    }
    for c in f.causes.iter().filter(|c| !c.span.file.is_empty()).take(6) {
        let _ = writeln!(out, "      why: {} ({})", c.what, c.span);
    }
    if f.causes.len() > 6 {
        let _ = writeln!(out, "      why: ... {} more", f.causes.len() - 6);
    }
}

fn principal_header(out: &mut String, p: &PrincipalExposure) {
    let kind = match p.kind {
        ajar_model::exposure::PrincipalKind::Guest => "guest",
        ajar_model::exposure::PrincipalKind::External => "external",
        ajar_model::exposure::PrincipalKind::Internal => "internal",
    };
    match &p.site {
        Some(s) => {
            let _ = writeln!(out, "site {s}: {kind} profile `{}`", p.name);
        }
        None => {
            let _ = writeln!(out, "{kind} profile `{}` (no site)", p.name);
        }
    }
    if !p.user_permissions.is_empty() {
        let _ = writeln!(out, "  user permissions: {}", p.user_permissions.join(", "));
    }
    if !p.permission_sets.is_empty() {
        let label = if p.assignments_known {
            "assigned permission sets"
        } else {
            "candidate permission sets"
        };
        let _ = writeln!(out, "  {label}: {}", p.permission_sets.join(", "));
    }
}

/// Renders the report as text. `color` adds ANSI colours to severities.
pub fn render(report: &ScanReport, color: bool) -> String {
    let mut out = String::new();
    let mode = match report.mode {
        ajar_model::exposure::LockdownMode::Pre2021 => "guest rules before the Winter '21 lockdown",
        ajar_model::exposure::LockdownMode::Post2021 => "guest rules since the Winter '21 lockdown",
    };
    let _ = writeln!(
        out,
        "ajar scan as of {} ({mode}): {} principals, {}",
        report.as_of,
        report.principals.len(),
        summary(&report.findings)
    );
    let active: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .collect();
    let mut used = vec![false; active.len()];
    for p in &report.principals {
        let _ = writeln!(out);
        principal_header(&mut out, p);
        let mine =
            |f: &Finding| f.principal.as_deref() == Some(p.name.as_str()) && f.site == p.site;
        for o in &p.objects {
            let flags: Vec<&str> = [
                (o.read, "read"),
                (o.create, "create"),
                (o.edit, "edit"),
                (o.delete, "delete"),
                (o.view_all, "view all"),
                (o.modify_all, "modify all"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, w)| *w)
            .collect();
            let candidate = if o.candidate { " [candidate]" } else { "" };
            let _ = writeln!(
                out,
                "  {}: {}; records: {}; {} readable fields{candidate}",
                o.object,
                if flags.is_empty() {
                    "no object permission known".to_owned()
                } else {
                    flags.join(", ")
                },
                reach(o.records),
                o.readable_fields.len()
            );
            for (i, f) in active.iter().enumerate() {
                if mine(f) && f.object.as_deref() == Some(o.object.as_str()) {
                    finding(&mut out, f, color);
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                }
            }
        }
        let mut header = false;
        for (i, f) in active.iter().enumerate() {
            if mine(f) && !used.get(i).copied().unwrap_or(true) {
                if !header {
                    let _ = writeln!(out, "  (principal)");
                    header = true;
                }
                finding(&mut out, f, color);
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
            }
        }
    }
    let rest: Vec<&&Finding> = active
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(f, _)| f)
        .collect();
    if !rest.is_empty() {
        let _ = writeln!(out, "\norg-wide");
        for f in rest {
            finding(&mut out, f, color);
        }
    }
    let suppressed: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_some())
        .collect();
    if !suppressed.is_empty() {
        let _ = writeln!(out, "\nsuppressed by the baseline");
        for f in suppressed {
            let _ = writeln!(
                out,
                "  {} {} {}:{} ({})",
                f.code,
                f.message,
                f.file,
                f.line,
                f.suppressed.as_deref().unwrap_or_default()
            );
        }
    }
    if !report.coverage.is_empty() {
        let _ = writeln!(out, "\nnot in the input (not counted as safe)");
        for g in &report.coverage {
            match &g.span {
                Some(s) => {
                    let _ = writeln!(out, "  {}: {} ({s})", g.kind, g.message);
                }
                None => {
                    let _ = writeln!(out, "  {}: {}", g.kind, g.message);
                }
            }
        }
    }
    out
}
