//! ajar's use cases as a library: each takes a plain options struct (no command-line types),
//! reads its inputs through `ajar-adapters` once, runs `ajar-analyze` and returns the model.
//! The `ajar` binary maps its arguments to these options and hands the result to
//! `ajar-render`; another front end (a service, a notebook) can call the same functions.
//!
//! - [`scan`]: what guests and external users can reach, from a metadata tree
//!   ([`scan::scan`], [`scan::Tree`] to load a tree once and judge it at several dates).
//! - [`baseline`]: accepted findings with a reason and an expiry date.
//! - [`hunt`]: which records outsiders read, from Event Monitoring logs ([`hunt::hunt`]).
//! - [`investigate`]: the incident facts, the persons and the legal decisions of a guest
//!   exposure or an intrusion ([`investigate::investigate`]).
//! - [`collect`]: the objects an intruder's events touched in a collection (`collect --ioc`).
//! - [`emit`]: the normalised events and exposed records as Parquet or JSON-lines tables.
//! - [`normalise`]: one log file's bytes into the `events` rows (for Spark, through `ajar-py`).
//!
//! Errors are [`miette::Report`]s whose message names the file and line, never a record's value:
//! the binary prints them and exits 2.
//!
//! ```
//! use ajar_pipeline::scan::{ScanOptions, scan};
//! let opts = ScanOptions::new("no/such/tree".into(), jiff::civil::date(2020, 6, 1));
//! let err = scan(&opts).unwrap_err();
//! assert!(err.to_string().contains("cannot scan no/such/tree"));
//! ```
#![deny(missing_docs)]

pub mod baseline;
pub mod collect;
pub mod emit;
pub mod hunt;
pub mod investigate;
pub mod normalise;
mod ordered;
pub mod scan;

/// Told when a long step of a use case begins and ends (a terminal shows a spinner; tests and
/// libraries pass [`Silent`]).
pub trait Progress {
    /// A step begins, in a few words (`reading logs`).
    fn begin(&self, what: &str);
    /// The step begun last has ended.
    fn end(&self);
}

/// No progress reporting.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn begin(&self, _what: &str) {}

    fn end(&self) {}
}

/// Runs `f` as one step reported to `progress`.
fn step<T>(
    progress: &dyn Progress,
    what: &str,
    f: impl FnOnce() -> miette::Result<T>,
) -> miette::Result<T> {
    progress.begin(what);
    let out = f();
    progress.end();
    out
}

/// The version written into reports: ajar's, one number for every crate of the workspace.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
