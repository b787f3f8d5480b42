//! One module per subcommand. A subcommand is added here only when it works.

use crate::cli::Ctx;
use clap::Subcommand;

pub(crate) mod baseline;
pub(crate) mod rule;
pub(crate) mod scan;
pub(crate) mod synth;

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Write a synthetic Salesforce org (metadata, history, logs, export) with known truth.
    Synth(synth::SynthArgs),
    /// What guests and external users can reach, from a metadata tree.
    Scan(scan::ScanArgs),
    /// Print a rule's documentation, or list every rule.
    Rule(rule::RuleArgs),
    /// Write a baseline of the current findings for `ajar scan --baseline`.
    Baseline(baseline::BaselineArgs),
}

/// Runs a subcommand; returns the exit code.
pub(crate) fn run(command: Command, ctx: &Ctx) -> miette::Result<u8> {
    match command {
        Command::Synth(args) => synth::run(&args, ctx),
        Command::Scan(args) => scan::run(args, ctx),
        Command::Rule(args) => rule::run(args, ctx),
        Command::Baseline(args) => baseline::run(args, ctx),
    }
}
