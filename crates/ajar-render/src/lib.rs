//! Renderers for ajar reports: they format, never compute. One file per output format.
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

pub mod scan_json;
pub mod scan_markdown;
pub mod scan_sarif;
pub mod scan_text;

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
mod tests;
