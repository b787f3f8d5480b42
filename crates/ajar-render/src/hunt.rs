//! `ajar hunt` reports: text summary, JSON (`ajar.hunt/1.1`), CSV of accessed records, SARIF of
//! the detections' findings.

pub mod actor;
pub mod csv;
pub mod findings;
pub mod json;
pub mod sarif;
pub mod text;

#[cfg(test)]
mod tests;
