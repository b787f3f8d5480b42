//! Pure analyses over ajar's model: no file I/O, no printing.
//!
//! - [`exposure`]: what a guest or external user can reach, and [`rules`], the scan's checks.
//! - [`forensics`]: log rows normalised into access events, and which records outsiders read.
//! - [`impact`]: which exported records and persons a guest path exposed, and which were read.
//! - [`law`]: breach-reporting decisions (APPI, GDPR) with reasons and deadlines.
//! - [`secrets`]: credentials inside record text (what to rotate after an intrusion).
//! - [`soql`]: SOQL from the logs, parsed and evaluated over the Data Export.
//!
//! ```
//! use ajar_analyze::rules::RULES;
//! assert!(RULES.iter().any(|r| r.code() == "GUEST-001"));
//! ```
#![deny(missing_docs)]

pub mod actor;
pub mod detect;
pub mod exposure;
pub mod forensics;
pub mod impact;
pub mod law;
pub mod rules;
pub mod secrets;
pub mod soql;
