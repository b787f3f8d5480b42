//! What a principal can reach: objects, fields, records and code paths.

pub mod code;
