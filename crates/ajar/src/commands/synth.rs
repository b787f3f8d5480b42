//! `ajar synth`: writes a synthetic org (metadata, history, logs, export, GeoIP, truth).

use crate::cli::Ctx;
use ajar_synth::{Encoding, Options, Planted, Scenario};
use clap::{Args, ValueEnum};
use miette::{Result, miette};
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `ajar synth`.
#[derive(Debug, Args)]
#[command(
    after_help = "Writes metadata/ (sfdx tree while the exposure was open), history/ (bare git repository),\n\
logs/ (EventLogFile CSVs, 30 days, and SetupAuditTrail.csv), geoip/ip-country.csv,\n\
export/ (Data Export CSVs) and truth/truth.json (what was planted; see docs/synth.md).\n\
token-theft writes a stolen integration token's trail instead: metadata/ (the integration's\n\
profile and permission set), logs/ (ELF Login, RestApi, API, BulkApi2, ApiTotalUsage per day,\n\
ApiEvent.csv, LoginHistory.csv), export/, geoip/, ioc.csv and truth/truth.json.\n\n\
Examples:\n  ajar synth --scenario seed --out seed-org\n  ajar synth --scenario small --seed 7 --scale 0.05 --out /tmp/small-org\n  ajar synth --scenario seed --records 1000000 --scale 10 --out /tmp/big-org\n  ajar synth --scenario token-theft --seed 3 --out /tmp/theft-org"
)]
pub(crate) struct SynthArgs {
    /// Which story: `seed` reproduces the 2020 notice (89,141 exposed, 102 read from abroad);
    /// `small` draws smaller counts and other dates from `--seed`; `token-theft` writes an
    /// integration's stolen OAuth token replayed from new addresses (docs/synth.md).
    #[arg(long, value_enum)]
    scenario: ScenarioArg,
    /// Output directory; must not exist or be empty.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Seeds every random choice: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Multiplies the log volume (scale 1 of `seed` is about 110 MB of logs, 100 about 11 GB);
    /// fractions allowed.
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    scale: f64,
    /// Multiplies the token-theft export's Account, Contact, Case and Lead counts (benchmarks);
    /// 1 writes the same bytes as without it.
    #[arg(
        long,
        default_value_t = 1.0,
        hide = true,
        allow_negative_numbers = true
    )]
    records_scale: f64,
    /// Rows of the applications object in the export (`seed`, `small`; at least 1000): the
    /// exposed applications, their persons and the decoys in the scenario's proportions,
    /// generated day by day (memory does not grow with it). Without it the scenario's own counts.
    #[arg(long, value_name = "N")]
    records: Option<u64>,
    /// The Data Export's encoding.
    #[arg(long, value_enum, default_value_t = EncodingArg::Utf8)]
    encoding: EncodingArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ScenarioArg {
    Seed,
    Small,
    TokenTheft,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum EncodingArg {
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "shift_jis")]
    ShiftJis,
}

pub(crate) fn run(args: &SynthArgs, ctx: &Ctx) -> Result<u8> {
    if !args.scale.is_finite() || args.scale <= 0.0 {
        return Err(miette!(
            "`--scale` must be a finite number above 0, not {}",
            args.scale
        ));
    }
    let opts = Options {
        scenario: match args.scenario {
            ScenarioArg::Seed => Scenario::Seed,
            ScenarioArg::Small => Scenario::Small,
            ScenarioArg::TokenTheft => Scenario::TokenTheft,
        },
        seed: args.seed,
        scale: args.scale,
        encoding: match args.encoding {
            EncodingArg::Utf8 => Encoding::Utf8,
            EncodingArg::ShiftJis => Encoding::ShiftJis,
        },
    };
    let started = Instant::now();
    let summary = match args.records {
        Some(n) => ajar_synth::generate_records(&opts, n, &args.out),
        None => ajar_synth::generate_sized(&opts, args.records_scale, &args.out),
    }
    .map_err(|e| miette!("{e}"))?;
    let secs = started.elapsed().as_secs_f64();
    let counts = match &summary.truth {
        Planted::Guest(t) => format!(
            "{} exposed applications, {} read from abroad",
            t.exposed_records, t.confirmed_abroad_records
        ),
        Planted::TokenTheft(t) => format!(
            "{} records and {} persons taken through a stolen token, {} secrets among them",
            t.records_taken, t.persons_taken, t.secrets_taken
        ),
    };
    ctx.note(&format!(
        "synth: wrote {} files, {:.1} MB ({:.1} MB of logs before compression) to {} in {secs:.2} s; \
         {counts}",
        summary.files,
        summary.bytes as f64 / 1e6,
        summary.log_bytes_uncompressed as f64 / 1e6,
        args.out.display(),
    ));
    Ok(crate::EXIT_OK)
}
