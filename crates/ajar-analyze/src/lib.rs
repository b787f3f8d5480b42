//! Pure analyses over ajar's model: no file I/O, no printing.
//!
//! - [`law`]: breach-reporting decisions (APPI, GDPR) with reasons and deadlines.
//! - [`impact`]: which exported records and persons a guest path exposed, and which were read.
//!
//! ```
//! use ajar_analyze::law::thousands;
//! assert_eq!(thousands(89141), "89,141");
//! ```
#![deny(missing_docs)]

pub mod impact;
pub mod law;
