//! Pure analyses over ajar's model: no file I/O, no printing.
//!
//! ```
//! use ajar_analyze::forensics::time::parse_elf;
//! assert!(parse_elf("20211019050707.13").is_some());
//! ```
#![deny(missing_docs)]

pub mod exposure;
pub mod forensics;
