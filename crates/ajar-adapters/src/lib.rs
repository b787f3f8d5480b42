//! Parsers for Salesforce formats into ajar's model. Adapters parse, never decide.
//!
//! ```no_run
//! let (org, gaps) = ajar_adapters::metadata::load(std::path::Path::new("force-app")).unwrap();
//! assert!(gaps.len() < 1000 && org.profiles.len() < 100_000);
//! ```
#![deny(missing_docs)]

pub mod metadata;
