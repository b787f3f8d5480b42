//! `ajar.scan/1` JSON: the report as it is, pretty-printed (documented in `docs/scan.md`).

use ajar_model::exposure::ScanReport;

/// Renders the report as JSON, ending with a newline.
pub fn render(report: &ScanReport) -> String {
    // Serialising plain data with string keys cannot fail; an empty object would be a bug
    // visible in every test.
    let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_owned());
    s.push('\n');
    s
}
