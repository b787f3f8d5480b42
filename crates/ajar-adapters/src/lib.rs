//! placeholder
#![deny(missing_docs)]

pub mod metadata;
