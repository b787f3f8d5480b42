//! `ajar hunt` reports: text summary, JSON (`ajar.hunt/1`), CSV of accessed records.

pub mod actor;
pub mod csv;
pub mod json;
pub mod text;

#[cfg(test)]
mod tests;
