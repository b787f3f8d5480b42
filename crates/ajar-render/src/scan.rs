//! `ajar scan` reports: text, JSON (`ajar.scan/…`), Markdown and SARIF.

pub mod json;
pub mod markdown;
pub mod sarif;
pub mod text;

#[cfg(test)]
mod tests;
