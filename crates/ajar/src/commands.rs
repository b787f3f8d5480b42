//! One module per subcommand. A subcommand is added here only when it works.

use crate::cli::Ctx;
use clap::Subcommand;

pub(crate) mod baseline;
pub(crate) mod collect;
pub(crate) mod completions;
pub(crate) mod demo;
pub(crate) mod hunt;
pub(crate) mod investigate;
pub(crate) mod man;
pub(crate) mod rule;
pub(crate) mod scan;
pub(crate) mod sql;
pub(crate) mod synth;
pub(crate) mod verify;

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// The founding 2020 case end to end: generate its raw files, investigate, draft.
    Demo(demo::DemoArgs),
    /// From raw files to the exposed and confirmed figures, the legal decisions and the drafts.
    Investigate(Box<investigate::InvestigateArgs>),
    /// What guests and external users can reach, from a metadata tree.
    Scan(scan::ScanArgs),
    /// Which records outsiders read: Salesforce logs to records, IPs, countries and coverage.
    Hunt(Box<hunt::HuntArgs>),
    /// Print a rule's documentation, or list every rule.
    Rule(rule::RuleArgs),
    /// Write a baseline of the current findings for `ajar scan --baseline`.
    Baseline(baseline::BaselineArgs),
    /// Print the investigation as SQL for DuckDB, Spark or Trino over `--emit parquet` tables.
    Sql(sql::SqlArgs),
    /// Write a synthetic Salesforce org (metadata, history, logs, export) with known truth.
    Synth(synth::SynthArgs),
    /// Preserve a live org's logs, audit trail, users and records, with a chain of custody.
    Collect(Box<collect::CollectArgs>),
    /// Re-hash a folder written by `collect` against its manifest.
    Verify(verify::VerifyArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff).
    Man(man::ManArgs),
}

/// Runs a subcommand; returns the exit code.
pub(crate) fn run(command: Command, ctx: &Ctx) -> miette::Result<u8> {
    match command {
        Command::Hunt(args) => hunt::run(*args, ctx),
        Command::Synth(args) => synth::run(&args, ctx),
        Command::Scan(args) => scan::run(args, ctx),
        Command::Rule(args) => rule::run(args, ctx),
        Command::Baseline(args) => baseline::run(args, ctx),
        Command::Investigate(args) => investigate::run(*args, ctx),
        Command::Demo(args) => demo::run(args, ctx),
        Command::Sql(args) => sql::run(&args, ctx),
        Command::Completions(args) => completions::run(&args, ctx),
        Command::Man(args) => man::run(&args, ctx),
        Command::Collect(args) => collect::run(*args, ctx),
        Command::Verify(args) => verify::run(&args, ctx),
    }
}
