//! The `ajar` command line: arguments, terminals, paths and exit codes. Everything else lives in
//! the library crates; this crate wires an adapter into an analysis and hands the report to a
//! renderer.

mod cli;
mod commands;
mod incident;
mod output;

use clap::Parser;
use std::process::ExitCode;

/// Exit code: success, nothing at or above `--fail-on`.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code: findings at or above `--fail-on`.
pub(crate) const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage or input error.
pub(crate) const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout with success; usage errors exit 2.
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let ctx = cli::Ctx::new(&cli.global);
    ctx.install_error_handler();
    match commands::run(cli.command, &ctx) {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            if output::is_broken_pipe(&report) {
                return ExitCode::from(EXIT_OK);
            }
            ctx.print_error(&report);
            ExitCode::from(EXIT_ERROR)
        }
    }
}
