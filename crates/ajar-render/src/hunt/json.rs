//! The `ajar.hunt/1.1` JSON document (documented field by field in `docs/hunt.md`).

use ajar_model::event::HuntReport;

/// Pretty-printed JSON with a final newline.
pub fn render(report: &HuntReport) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(report)?;
    s.push('\n');
    Ok(s)
}
