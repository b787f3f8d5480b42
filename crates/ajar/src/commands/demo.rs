//! `ajar demo`: a built-in scenario end to end (the founding case by default, or the 2025
//! token theft). Generates the org's raw files with `synth`, runs `investigate` on them (never on
//! the generator's truth), prints the summary and writes the report and drafts.

use crate::cli::{Ctx, LangArg};
use crate::incident::{OutputOptions, summary, write};
use ajar_pipeline::investigate::{InvestigateOptions, investigate};
use clap::Args;
use miette::{IntoDiagnostic, Result, WrapErr};
use std::path::PathBuf;

/// The day the seed's company learnt of the exposure (the outside expert's report, law.md §1.1):
/// a story input, like `--discovered` for a real incident.
const SEED_DISCOVERED: jiff::civil::Date = jiff::civil::date(2020, 11, 24);

/// The day the token-theft scenario's company learnt of it: the vendor's advisory with the
/// indicators (`ioc.csv`), after every intrusion day the scenario draws (2025-08-08 to
/// 2025-08-14). A story input, like `--discovered`.
const THEFT_DISCOVERED: jiff::civil::Date = jiff::civil::date(2025, 8, 20);

/// Which built-in case `ajar demo` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DemoScenario {
    /// The founding 2020 case: records left open to site guests.
    Seed,
    /// An integration's OAuth token stolen and replayed (the 2025 Drift pattern), investigated
    /// from the vendor's published indicators.
    TokenTheft,
}

/// Run `investigate` on a generated copy of the founding 2020 case.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  ajar demo --out ajar-demo --lang en")]
pub(crate) struct DemoArgs {
    /// The case to run.
    #[arg(long, value_enum, default_value_t = DemoScenario::Seed)]
    pub(crate) scenario: DemoScenario,
    /// Where to write the report and drafts.
    #[arg(long, value_name = "DIR", default_value = "ajar-demo")]
    pub(crate) out: PathBuf,
    /// Language of the summary and the HTML report.
    #[arg(long, value_enum, default_value_t = LangArg::Ja)]
    pub(crate) lang: LangArg,
    /// Keep the generated org's raw files in this folder (default: a temporary folder).
    #[arg(long, value_name = "DIR")]
    pub(crate) org: Option<PathBuf>,
    /// Seed of the generated data (names, IDs, noise); the figures do not depend on it.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Log noise volume (see `ajar synth --scale`).
    #[arg(long, default_value_t = 1.0, hide = true)]
    pub(crate) scale: f64,
}

pub(crate) fn run(args: DemoArgs, ctx: &Ctx) -> Result<u8> {
    let tmp;
    let org = match &args.org {
        Some(dir) => dir.clone(),
        None => {
            tmp = tempfile::tempdir().into_diagnostic()?;
            tmp.path().join("org")
        }
    };
    ajar_synth::check_out_dir(&org).into_diagnostic()?;
    let started = std::time::Instant::now();
    let (scenario, what) = match args.scenario {
        DemoScenario::Seed => (ajar_synth::Scenario::Seed, "the seed scenario"),
        DemoScenario::TokenTheft => (ajar_synth::Scenario::TokenTheft, "the token-theft scenario"),
    };
    ctx.note(&format!(
        "generating {what}'s raw files (metadata, logs, export)"
    ));
    ajar_synth::generate(
        &ajar_synth::Options {
            scenario,
            seed: args.seed,
            scale: args.scale,
            encoding: ajar_synth::Encoding::Utf8,
        },
        &org,
    )
    .into_diagnostic()
    .wrap_err_with(|| format!("cannot generate {what}"))?;
    let options = match args.scenario {
        DemoScenario::Seed => seed_options(&org),
        DemoScenario::TokenTheft => theft_options(&org),
    };
    ctx.note("investigating");
    let inv = investigate(&options, &ctx.spinner())?;
    let output = OutputOptions {
        out: args.out.clone(),
        lang: args.lang,
        redact: false,
    };
    let written = write(&inv, &output)?;
    let text = summary(&inv, args.lang.lang(), &written, &args.out);
    crate::output::emit(None, text.as_bytes(), crate::output::Sensitivity::Public)?;
    ctx.note(&format!("done in {:.1} s", started.elapsed().as_secs_f64()));
    Ok(crate::EXIT_OK)
}

/// `investigate` on the seed org: metadata, history, logs, audit trail, export.
fn seed_options(org: &std::path::Path) -> InvestigateOptions {
    InvestigateOptions {
        metadata: Some(org.join("metadata")),
        ioc: Vec::new(),
        actor: Vec::new(),
        export: vec![org.join("export")],
        export_encoding: "utf-8".to_owned(),
        logs: vec![org.join("logs")],
        hunt_report: None,
        audit_trail: None,
        audit_tz: None,
        // The seed's administrator downloaded the audit trail in en_US (synth's scenario).
        audit_locale: Some("en_US".to_owned()),
        history: Some(org.join("history")),
        geoip: Some(org.join("geoip").join("ip-country.csv")),
        discovered: Some(SEED_DISCOVERED),
        aware_at: None,
        home_country: "JP".to_owned(),
        jurisdiction: Vec::new(),
        controller_establishment: None,
        processor: false,
        public_body: false,
        encrypted: Vec::new(),
        now: SEED_DISCOVERED,
        assignments: None,
    }
}

/// `investigate --ioc` on the token-theft org: the vendor's indicators, the logs (ELF days,
/// ApiEvent, Login History) and the export; no metadata or history needed.
fn theft_options(org: &std::path::Path) -> InvestigateOptions {
    InvestigateOptions {
        metadata: None,
        ioc: vec![org.join("ioc.csv")],
        history: None,
        audit_locale: None,
        discovered: Some(THEFT_DISCOVERED),
        // As `investigate` without `--as-of-now`; unused, since `discovered` dates the case.
        now: crate::cli::today(),
        ..seed_options(org)
    }
}
