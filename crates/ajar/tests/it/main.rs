//! The black-box tests of the `ajar` command, as one test binary (one link instead of one per
//! file; issue #13). Each module is one area, as its own doc comment says; `support` holds the
//! helpers they share.

#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used,
    reason = "tests: a panic is a test failure"
)]

mod support;

mod bad_inputs;
mod canary;
mod cli_help;
mod collect;
mod collect_theft;
mod conventions;
mod demo;
mod detect;
mod detect_shapes;
mod determinism;
mod files;
mod golden;
mod hunt;
mod hunt_inputs;
mod intrusion;
mod investigate;
mod investigate_era;
mod investigate_html;
mod investigate_inputs;
mod investigate_law;
mod mutations;
mod parquet;
mod scan;
mod scan_samples;
mod scan_synth;
mod spark;
mod sql;
mod synth;
mod synth_records;
mod synth_theft;
