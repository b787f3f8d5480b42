//! The detections' findings as SARIF 2.1.0 (issue #17): `ruleId` = the `HUNT-…` code, the
//! locations = the evidence rows (log file and line, relative to `LOGROOT`).

use crate::RuleInfo;
use crate::sarif::{Driver, Log, Run, SarifResult, Text, Tool, UriBase, level, location, rules};
use ajar_model::event::HuntReport;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Renders the findings of `report` as a SARIF log; `detections` are the rules' docs.
pub fn render(
    report: &HuntReport,
    detections: &[RuleInfo<'_>],
) -> Result<String, serde_json::Error> {
    let results = report
        .findings
        .iter()
        .map(|f| {
            let mut properties = Map::new();
            properties.insert("severity".into(), json!(f.severity.as_str()));
            if let Some(u) = &f.user {
                properties.insert("user".into(), json!(u));
            }
            properties.insert("ips".into(), json!(f.ips));
            properties.insert("sessions".into(), json!(f.sessions));
            properties.insert("first".into(), json!(f.first));
            properties.insert("last".into(), json!(f.last));
            properties.insert("confirm".into(), json!(f.confirm));
            properties.insert("dismiss".into(), json!(f.dismiss));
            properties.insert("ioc".into(), Value::from(f.ioc.clone()));
            SarifResult {
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
                properties,
            }
        })
        .collect();
    let mut bases = BTreeMap::new();
    bases.insert(
        "LOGROOT",
        UriBase {
            description: Text {
                text: "the log files and folders given to `ajar hunt`".into(),
            },
        },
    );
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "ajar",
                    version: &report.tool_version,
                    information_uri: "https://example.invalid/ajar",
                    rules: rules(detections),
                },
            },
            original_uri_base_ids: bases,
            results,
        }],
    };
    crate::sarif::to_string(&log)
}
