//! One module per subcommand. A subcommand is added here only when it works.

pub(crate) mod hunt;

use crate::cli::Ctx;
use clap::Subcommand;

pub(crate) mod synth;

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print version and build information.
    Version,
    /// Which records outsiders read: Salesforce logs to records, IPs, countries and coverage.
    Hunt(Box<hunt::HuntArgs>),
    /// Write a synthetic Salesforce org (metadata, history, logs, export) with known truth.
    Synth(synth::SynthArgs),
}

/// Runs a subcommand; returns the exit code.
pub(crate) fn run(command: Command, ctx: &Ctx) -> miette::Result<u8> {
    match command {
        Command::Version => {
            ctx.note(concat!("ajar ", env!("CARGO_PKG_VERSION")));
            Ok(crate::EXIT_OK)
        }
        Command::Hunt(args) => hunt::run(*args, ctx),
        Command::Synth(args) => synth::run(&args, ctx),
    }
}
