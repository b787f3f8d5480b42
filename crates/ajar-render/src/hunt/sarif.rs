//! The detections' findings as SARIF 2.1.0 (issue #17): `ruleId` = the `HUNT-…` code, the
//! locations = the evidence rows (log file and line, relative to `LOGROOT`).

use crate::RuleInfo;
use crate::sarif::{HuntProperties, SarifResult, Text, level, location, rules};
use ajar_model::event::HuntReport;

/// Renders the findings of `report` as a SARIF log; `detections` are the rules' docs.
pub fn render(
    report: &HuntReport,
    detections: &[RuleInfo<'_>],
) -> Result<String, serde_json::Error> {
    let results = report
        .findings
        .iter()
        .map(|f| SarifResult {
            rule_id: f.code.clone(),
            rule_index: detections.iter().position(|d| d.code == f.code),
            level: level(f.severity),
            message: Text {
                text: f.message.clone(),
            },
            locations: f
                .evidence
                .iter()
                .map(|e| location(&e.file, e.line, "LOGROOT"))
                .collect(),
            suppressions: vec![],
            properties: HuntProperties {
                confirm: &f.confirm,
                dismiss: &f.dismiss,
                first: f.first,
                ioc: &f.ioc,
                ips: &f.ips,
                last: f.last,
                sessions: &f.sessions,
                severity: f.severity.as_str(),
                user: f.user.as_deref(),
            },
        })
        .collect();
    let log = crate::sarif::log(
        &report.tool_version,
        rules(detections),
        ("LOGROOT", "the log files and folders given to `ajar hunt`"),
        results,
    );
    crate::sarif::to_string(&log)
}
