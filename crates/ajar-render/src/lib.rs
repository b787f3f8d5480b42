//! Renderers: reports and drafted documents as bytes. Renderers format, never compute. One file
//! per output format.
//!
//! - `scan_*`: the scan report as text, JSON, Markdown and SARIF.
//! - [`hunt`]: the hunt report as text, JSON and CSV.
//! - [`incident_json`]: `incident.json` (`ajar.incident/3`).
//! - [`drafts`]: regulator report, notice to individuals, public announcement (ja, en).
//! - [`notification_csv`]: the notification list.
//! - [`html`]: the self-contained HTML report.
//! - [`hunt`]: the hunt report as text, JSON (`ajar.hunt/1.1`) and CSV.
//!
//! ```
//! use ajar_model::exposure::{LockdownMode, ScanReport};
//! let report = ScanReport {
//!     schema: ScanReport::SCHEMA.into(),
//!     tool_version: "0.1.0".into(),
//!     as_of: jiff::civil::date(2026, 1, 1),
//!     mode: LockdownMode::Post2021,
//!     principals: vec![],
//!     findings: vec![],
//!     coverage: vec![],
//!     inputs: vec![],
//!     closed: vec![],
//! };
//! assert!(ajar_render::scan_json::render(&report).starts_with("{"));
//! ```
#![deny(missing_docs)]

pub mod drafts;
pub mod html;
pub mod hunt;
pub mod incident_json;
pub mod notification_csv;
pub mod sarif;
pub mod scan_json;
pub mod scan_markdown;
pub mod scan_sarif;
pub mod scan_text;
pub mod secrets_csv;
pub mod sql;
pub mod tables;
pub mod view;
pub mod wording;

/// What a renderer needs to know about a rule (SARIF `rules[]`, help text).
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo<'a> {
    /// The stable code.
    pub code: &'a str,
    /// The rule's name.
    pub name: &'a str,
    /// Its documentation, Markdown.
    pub doc: &'a str,
    /// Its base severity.
    pub severity: ajar_model::finding::Severity,
}

#[cfg(test)]
mod entrust_tests;
#[cfg(test)]
mod incident_tests;
#[cfg(test)]
mod tests;
