//! Renderers: they format reports into bytes and never compute.
//!
//! ```
//! assert_eq!(ajar_render::hunt::csv::HEADER[0], "record_id");
//! ```
#![deny(missing_docs)]

pub mod hunt;
