//! `ajar verify`: re-hashes a collection folder against its `manifest.json`.

use crate::cli::Ctx;
use crate::output::{Sensitivity, emit};
use clap::Args;
use miette::{Result, miette};
use std::path::PathBuf;

/// Arguments of `ajar verify`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 every file matches, 1 something changed, is missing or \
was added, 2 no readable manifest.\n\nExample:\n  ajar verify evidence"
)]
pub(crate) struct VerifyArgs {
    /// A folder written by `ajar collect`.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
}

pub(crate) fn run(args: &VerifyArgs, _ctx: &Ctx) -> Result<u8> {
    let v = ajar_collect::verify::verify(&args.dir).map_err(|e| miette!("{e}"))?;
    let mut out = String::new();
    for (label, list) in [
        ("changed", &v.changed),
        ("missing", &v.missing),
        ("extra", &v.extra),
    ] {
        for rel in list {
            out.push_str(&format!("{label}: {rel}\n"));
        }
    }
    out.push_str(&format!(
        "{}: {} files intact, {} changed, {} missing, {} extra\n",
        if v.is_clean() {
            "verified"
        } else {
            "NOT VERIFIED"
        },
        v.intact,
        v.changed.len(),
        v.missing.len(),
        v.extra.len()
    ));
    emit(None, out.as_bytes(), Sensitivity::Public)?;
    Ok(if v.is_clean() {
        crate::EXIT_OK
    } else {
        crate::EXIT_FINDINGS
    })
}
