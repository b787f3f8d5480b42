//! The detections' findings as text (issue #17): listed before the rest of the summary.

use ajar_model::detection::HuntFinding;
use std::fmt::Write;

/// The `Findings` section; empty when nothing was raised.
pub fn render(findings: &[HuntFinding]) -> String {
    let mut s = String::new();
    if findings.is_empty() {
        return s;
    }
    let _ = writeln!(s, "\nFindings");
    for f in findings {
        let _ = writeln!(
            s,
            "  {:<8} {}  {}",
            f.severity.as_str().to_uppercase(),
            f.code,
            f.message
        );
        let pad = "                    ";
        let _ = writeln!(s, "{pad}{} .. {}", f.first, f.last);
        if !f.ips.is_empty() {
            let ips: Vec<String> = f.ips.iter().map(ToString::to_string).collect();
            let _ = writeln!(s, "{pad}IPs: {}", ips.join(", "));
        }
        if !f.evidence.is_empty() {
            let ev: Vec<String> = f.evidence.iter().map(ToString::to_string).collect();
            let _ = writeln!(s, "{pad}evidence: {}", ev.join(", "));
        }
        let _ = writeln!(s, "{pad}confirm: {}", f.confirm);
        let _ = writeln!(s, "{pad}dismiss: {}", f.dismiss);
    }
    let _ = writeln!(
        s,
        "  (`--format json` gives each finding's `ioc` lines for `ajar investigate --ioc`)"
    );
    s
}
