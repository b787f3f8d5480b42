//! Renderers: reports and drafted documents as bytes. Renderers format, never compute. One module
//! per report, one file per output format.
//!
//! - [`scan`]: the scan report as text, JSON, Markdown and SARIF.
//! - [`hunt`]: the hunt report as text, JSON (`ajar.hunt/1.1`), CSV and SARIF.
//! - [`incident`]: `incident.json`, the drafts, the notification and secrets lists and the HTML
//!   report.
//! - [`sarif`]: SARIF 2.1.0 as typed structs, shared by the scan's and the hunt's.
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
//! assert!(ajar_render::scan::json::render(&report).starts_with("{"));
//! ```
#![deny(missing_docs)]

pub mod hunt;
pub mod incident;
mod ip;
pub mod sarif;
pub mod scan;
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
