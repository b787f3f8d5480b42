//! SARIF 2.1.0 (OASIS): `ruleId` = code, `level` from severity, location = the granting
//! element's file and line, rule help from the rule docs.

use crate::RuleInfo;
use crate::sarif::{SarifResult, SeverityProperty, Suppression, Text, level, location, rules};
use ajar_model::exposure::ScanReport;

/// Renders the report as a SARIF 2.1.0 log, ending with a newline.
pub fn render(report: &ScanReport, infos: &[RuleInfo<'_>]) -> String {
    let results = report
        .findings
        .iter()
        .map(|f| SarifResult {
            rule_id: f.code.clone(),
            rule_index: infos.iter().position(|r| r.code == f.code),
            level: level(f.severity),
            message: Text {
                text: f.message.clone(),
            },
            locations: if f.file.is_empty() {
                vec![]
            } else {
                vec![location(&f.file, f.line, "SRCROOT")]
            },
            suppressions: f
                .suppressed
                .iter()
                .map(|reason| Suppression {
                    kind: "external",
                    justification: reason.clone(),
                })
                .collect(),
            properties: SeverityProperty {
                severity: f.severity.as_str(),
            },
        })
        .collect();
    let log = crate::sarif::log(
        &report.tool_version,
        rules(infos),
        ("SRCROOT", "the scanned metadata tree"),
        results,
    );
    crate::sarif::to_sorted_string(&log).unwrap_or_else(|_| "{}".to_owned())
}
