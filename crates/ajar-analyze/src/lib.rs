//! Pure analyses over ajar's model, no I/O: guest exposure and the scan rules.
//!
//! ```
//! use ajar_analyze::rules::RULES;
//! assert!(RULES.iter().any(|r| r.code() == "GUEST-001"));
//! ```
#![deny(missing_docs)]

pub mod exposure;
pub mod rules;
