//! Parsers for Salesforce formats into ajar's model. Adapters parse, never decide.
//!
//! - [`export`]: Data Export zips or folders into per-object tables.
//! - [`history`]: a metadata history kept in git, read through the `git` command.
//!
//! ```
//! use ajar_adapters::export::ExportEncoding;
//! assert!(ExportEncoding::parse("cp932").is_some());
//! ```
#![deny(missing_docs)]

pub mod export;
pub mod history;
