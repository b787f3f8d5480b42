//! Markdown: a summary table, then findings per severity, for pull-request comments.

use ajar_model::exposure::ScanReport;
use std::fmt::Write;

/// Strips the one leading space rustdoc keeps on each doc line.
pub fn dedent(doc: &str) -> String {
    let mut s: String = doc
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    s.push('\n');
    s
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Renders the report as Markdown.
pub fn render(report: &ScanReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# ajar scan\n");
    let _ = writeln!(
        out,
        "As of {}, {} principals, {}.\n",
        report.as_of,
        report.principals.len(),
        crate::scan::text::summary(&report.findings)
    );
    let _ = writeln!(out, "## Principals\n");
    let _ = writeln!(
        out,
        "| Kind | Site | Profile | Readable objects | Records beyond own |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for p in &report.principals {
        let readable: Vec<&str> = p
            .objects
            .iter()
            .filter(|o| o.read)
            .map(|o| o.object.as_str())
            .collect();
        let wide: Vec<&str> = p
            .objects
            .iter()
            .filter(|o| o.read && o.records > ajar_model::exposure::RecordReach::Owned)
            .map(|o| o.object.as_str())
            .collect();
        let _ = writeln!(
            out,
            "| {:?} | {} | {} | {} | {} |",
            p.kind,
            cell(p.site.as_deref().unwrap_or("-")),
            cell(&p.name),
            cell(&readable.join(", ")),
            cell(&wide.join(", "))
        );
    }
    let _ = writeln!(out, "\n## Findings\n");
    let _ = writeln!(out, "| Severity | Code | Message | Location |");
    let _ = writeln!(out, "|---|---|---|---|");
    for f in report.findings.iter().filter(|f| f.suppressed.is_none()) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | `{}:{}` |",
            f.severity.as_str(),
            f.code,
            cell(&f.message),
            cell(&f.file),
            f.line
        );
    }
    let suppressed: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_some())
        .collect();
    if !suppressed.is_empty() {
        let _ = writeln!(out, "\n## Suppressed by the baseline\n");
        for f in suppressed {
            let _ = writeln!(
                out,
                "- {} {} (`{}:{}`): {}",
                f.code,
                cell(&f.message),
                f.file,
                f.line,
                cell(f.suppressed.as_deref().unwrap_or_default())
            );
        }
    }
    if !report.coverage.is_empty() {
        let _ = writeln!(out, "\n## Not in the input\n");
        for g in &report.coverage {
            let _ = writeln!(out, "- **{}**: {}", g.kind, cell(&g.message));
        }
    }
    out
}
