//! Parsers for Salesforce formats into ajar's model. Adapters parse, never decide.
//!
//! - [`metadata`]: sfdx and mdapi metadata trees, Apex, Visualforce and Flows.
//! - [`export`]: Data Export zips or folders into per-object tables.
//! - [`history`]: a metadata history kept in git, read through the `git` command.
//!
//! ```no_run
//! let (org, gaps) = ajar_adapters::metadata::load(std::path::Path::new("force-app")).unwrap();
//! assert!(gaps.len() < 1000 && org.profiles.len() < 100_000);
//! ```
#![deny(missing_docs)]

pub mod export;
pub mod history;
pub mod metadata;
