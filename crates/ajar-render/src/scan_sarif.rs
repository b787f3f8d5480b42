//! SARIF 2.1.0 (OASIS): `ruleId` = code, `level` from severity, location = the granting
//! element's file and line, rule help from the rule docs.

use crate::RuleInfo;
use crate::sarif::{first_paragraph, level};
use ajar_model::exposure::ScanReport;
use serde_json::{Map, Value, json};

/// Renders the report as a SARIF 2.1.0 log, ending with a newline.
pub fn render(report: &ScanReport, rules: &[RuleInfo<'_>]) -> String {
    let rule_objs: Vec<Value> = rules
        .iter()
        .map(|r| {
            let doc = crate::scan_markdown::dedent(r.doc);
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": first_paragraph(&doc) },
                "help": { "text": doc, "markdown": doc },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "severity": r.severity.as_str() },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut physical = Map::new();
            physical.insert(
                "artifactLocation".into(),
                json!({ "uri": f.file, "uriBaseId": "SRCROOT" }),
            );
            if f.line > 0 {
                physical.insert("region".into(), json!({ "startLine": f.line }));
            }
            let mut result = Map::new();
            result.insert("ruleId".into(), json!(f.code));
            if let Some(i) = rules.iter().position(|r| r.code == f.code) {
                result.insert("ruleIndex".into(), json!(i));
            }
            result.insert("level".into(), json!(level(f.severity)));
            result.insert("message".into(), json!({ "text": f.message }));
            let locations = if f.file.is_empty() {
                json!([])
            } else {
                json!([{ "physicalLocation": Value::Object(physical) }])
            };
            result.insert("locations".into(), locations);
            if let Some(reason) = &f.suppressed {
                result.insert(
                    "suppressions".into(),
                    json!([{ "kind": "external", "justification": reason }]),
                );
            }
            result.insert(
                "properties".into(),
                json!({ "severity": f.severity.as_str() }),
            );
            Value::Object(result)
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ajar",
                "version": report.tool_version,
                "informationUri": "https://example.invalid/ajar",
                "rules": rule_objs,
            }},
            "originalUriBaseIds": { "SRCROOT": { "description": { "text": "the scanned metadata tree" } } },
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_owned());
    s.push('\n');
    s
}
