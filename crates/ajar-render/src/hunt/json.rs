//! The `ajar.hunt/1.1` JSON document (documented field by field in `docs/hunt.md`).

use ajar_model::event::HuntReport;
use std::io::Write;

/// Pretty-printed JSON with a final newline.
pub fn render(report: &HuntReport) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(report)?;
    s.push('\n');
    Ok(s)
}

/// [`render`]'s bytes written to `out` as they are made, never held whole (a hunt over every
/// principal lists every record staff read: tens of MB).
pub fn write(report: &HuntReport, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}
