//! Parsers for Salesforce formats into ajar's model: they parse, they never decide.
//!
//! ```
//! use ajar_adapters::logs::detect;
//! assert_eq!(detect(b"\"EVENT_TYPE\",\"TIMESTAMP\"\n"), ajar_adapters::logs::LogKind::ElfCsv);
//! ```
#![deny(missing_docs)]

pub mod audit;
pub mod geoip;
pub mod logs;
pub mod metadata;
