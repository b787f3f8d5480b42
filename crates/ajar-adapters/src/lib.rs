//! Parsers for Salesforce formats into ajar's model. Adapters parse, never decide.
//!
//! - [`metadata`]: sfdx and mdapi metadata trees, Apex, Visualforce and Flows.
//! - [`logs`]: Event Monitoring files (EventLogFile CSV, real-time events, JSON lines), streamed.
//! - [`audit`]: the Setup Audit Trail CSV.
//! - [`geoip`]: IP to country (MaxMind-format `.mmdb` or CSV ranges).
//! - [`export`]: Data Export zips or folders into per-object tables.
//! - [`history`]: a metadata history kept in git, read through the `git` command.
//! - [`ioc`]: indicators of compromise (`--ioc`, `--actor`).
//!
//! ```
//! use ajar_adapters::logs::detect;
//! assert_eq!(detect(b"\"EVENT_TYPE\",\"TIMESTAMP\"\n"), ajar_adapters::logs::LogKind::ElfCsv);
//! ```
#![deny(missing_docs)]

pub mod audit;
pub mod bounded;
pub mod export;
pub mod geoip;
pub mod history;
pub mod ioc;
pub mod logs;
pub mod metadata;
#[cfg(test)]
pub(crate) mod testdata;
