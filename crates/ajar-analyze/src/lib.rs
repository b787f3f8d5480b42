//! Pure analyses over ajar's model, no I/O.
//!
//! - [`exposure`] and [`rules`]: guest exposure and the scan rules.
//! - [`impact`]: which exported records and persons a guest path exposed, and which were read.
//! - [`law`]: breach-reporting decisions (APPI, GDPR) with reasons and deadlines.
//!
//! ```
//! use ajar_analyze::rules::RULES;
//! assert!(RULES.iter().any(|r| r.code() == "GUEST-001"));
//! assert_eq!(ajar_analyze::law::thousands(89141), "89,141");
//! ```
#![deny(missing_docs)]

pub mod exposure;
pub mod impact;
pub mod law;
pub mod rules;
