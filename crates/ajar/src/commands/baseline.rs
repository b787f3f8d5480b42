//! `ajar baseline`: accept today's findings, each with a reason and an expiry date.

use crate::cli::{Ctx, today};
use crate::output::{Sensitivity, write_atomic};
use ajar_pipeline::baseline::{BaselineOptions, create};
use clap::Args;
use miette::Result;
use std::path::PathBuf;

/// Write a baseline of the current findings, so that CI fails only on new ones.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ajar baseline force-app --output ajar-baseline.json \\\n    --reason \"accepted, ticket SEC-12\" --expires 2027-03-31\n  ajar scan force-app --baseline ajar-baseline.json --fail-on high"
)]
pub(crate) struct BaselineArgs {
    /// The metadata tree.
    pub(crate) path: PathBuf,
    /// Where to write the baseline (JSON).
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// Why these findings are accepted (recorded in every entry).
    #[arg(long, default_value = "accepted when the baseline was created")]
    pub(crate) reason: String,
    /// When the entries expire and fire again (default: 90 days after --as-of).
    #[arg(long, value_name = "DATE")]
    pub(crate) expires: Option<jiff::civil::Date>,
    /// Apply the platform's guest rules of this date (default today).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<jiff::civil::Date>,
    /// As for `ajar scan`.
    #[arg(long, value_name = "CSV")]
    pub(crate) assignments: Option<PathBuf>,
}

pub(crate) fn run(args: BaselineArgs, ctx: &Ctx) -> Result<u8> {
    let opts = BaselineOptions {
        path: args.path.clone(),
        as_of: args.as_of.unwrap_or_else(today),
        assignments: args.assignments.clone(),
        reason: args.reason.clone(),
        expires: args.expires,
    };
    let (baseline, expires) = create(&opts)?;
    let n = baseline.entries.len();
    write_atomic(&args.output, &baseline.to_json()?, Sensitivity::Public)?;
    ctx.note(&format!(
        "ajar baseline: {n} entries written to {}, expiring {expires}",
        args.output.display()
    ));
    Ok(crate::EXIT_OK)
}
