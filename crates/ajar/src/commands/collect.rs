//! `ajar collect`: preserves a live org's evidence in a folder with a chain of custody.
//!
//! Wiring only: credentials from `sf` or the environment, dates, and a progress bar; the calls,
//! paging, limits and manifest live in `ajar_collect` (docs/collect.md).

use crate::cli::Ctx;
use ajar_collect::{Credentials, Options, Progress, RetryPolicy, Source, Touched, auth::Token};
use clap::{Args, ValueEnum};
use miette::{Result, miette};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Arguments of `ajar collect`.
#[derive(Debug, Args)]
#[command(
    after_help = "The access token comes from `sf org display --json --target-org ALIAS` \
(when `--target-org` is given) or from the environment variable SF_ACCESS_TOKEN with \
`--instance-url`; it is never a flag, and never printed or written.\n\n\
Exit status: 0 everything collected, 1 partial (the gaps are listed and in manifest.json), \
2 nothing could be collected.\n\n\
Examples:\n  ajar collect --target-org prod --out evidence --since 2020-10-28\n  \
ajar collect --instance-url https://acme.my.salesforce.com --out evidence --only logs,audit\n  \
ajar verify evidence"
)]
pub(crate) struct CollectArgs {
    /// A Salesforce CLI alias or username: the token is read from `sf org display`.
    #[arg(long, value_name = "ALIAS", conflicts_with = "instance_url")]
    target_org: Option<String>,
    /// The org's URL (`https://<my domain>.my.salesforce.com`); the token is read from
    /// `SF_ACCESS_TOKEN`.
    #[arg(long, value_name = "URL", required_unless_present = "target_org")]
    instance_url: Option<String>,
    /// The collection folder; a previous collection in it is resumed.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// First UTC day collected (default: 30 days before `--until`).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Last UTC day collected (default: today).
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Sources to collect (default: all).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "SOURCE")]
    only: Vec<SourceArg>,
    /// Objects whose records are queried through Bulk API 2.0 into `export/<Object>.csv`
    /// (default: the objects `ajar scan` finds open to a guest in the retrieved metadata;
    /// with `--ioc` or `--actor`, also those the intruder's events touched in the collected logs).
    #[arg(long, value_delimiter = ',', value_name = "OBJECT")]
    objects: Vec<String>,
    /// Indicators of compromise (the CSV `ajar hunt --ioc` reads): the records of the objects
    /// their events touched in the collected logs are collected too. Repeatable.
    #[arg(long, value_name = "FILE")]
    ioc: Vec<PathBuf>,
    /// One indicator, `TYPE=VALUE` (the types of `--ioc`). Repeatable.
    #[arg(long, value_name = "TYPE=VALUE")]
    actor: Vec<String>,
    /// Real-Time Event Monitoring storage objects tried (default: ApiEvent, LoginEvent,
    /// ReportEvent, ListViewEvent, LightningUriEvent, UriEvent, BulkApiResultEventStore,
    /// GuestUserAnomalyEventStore).
    #[arg(long, value_delimiter = ',', value_name = "OBJECT")]
    events: Vec<String>,
    /// Parallel downloads.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    jobs: u16,
    /// Stop before this percentage of the org's daily API allowance is used.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u8).range(1..=100))]
    max_api_percent: u8,
    /// REST API version.
    #[arg(long, default_value = "62.0", value_name = "VERSION")]
    api_version: String,
    /// `maxRecords` per Bulk API result page (for tests).
    #[arg(long, hide = true)]
    bulk_page: Option<u32>,
    /// First retry backoff in milliseconds (for tests).
    #[arg(long, hide = true, default_value_t = 500)]
    retry_base_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SourceArg {
    Metadata,
    Users,
    Audit,
    Logins,
    Logs,
    Events,
    Records,
}

impl From<SourceArg> for Source {
    fn from(s: SourceArg) -> Self {
        match s {
            SourceArg::Metadata => Self::Metadata,
            SourceArg::Users => Self::Users,
            SourceArg::Audit => Self::Audit,
            SourceArg::Logins => Self::Logins,
            SourceArg::Logs => Self::Logs,
            SourceArg::Events => Self::Events,
            SourceArg::Records => Self::Records,
        }
    }
}

fn date(s: &str, flag: &str) -> Result<jiff::civil::Date> {
    s.parse()
        .map_err(|_| miette!("`{flag}` must be a date such as 2020-11-01"))
}

fn api_name(s: &str) -> Result<String> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Ok(s.to_string())
    } else {
        Err(miette!(
            "`{s}` is not an object API name (letters, digits and `_` only)"
        ))
    }
}

pub(crate) fn run(args: CollectArgs, ctx: &Ctx) -> Result<u8> {
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let last = match &args.until {
        Some(s) => date(s, "--until")?,
        None => today,
    };
    let until = last
        .tomorrow()
        .map_err(|_| miette!("`--until` is out of range"))?;
    let since = match &args.since {
        Some(s) => date(s, "--since")?,
        None => until
            .checked_sub(jiff::Span::new().days(30))
            .map_err(|_| miette!("`--until` is out of range"))?,
    };
    if since >= until {
        return Err(miette!("`--since` must not be after `--until`"));
    }
    let creds = match (&args.target_org, &args.instance_url) {
        (Some(alias), _) => Credentials::from_sf(alias),
        (None, Some(url)) => match std::env::var("SF_ACCESS_TOKEN") {
            Ok(t) if !t.trim().is_empty() => Credentials::new(url, Token::new(&t)),
            _ => {
                return Err(miette!(
                    help = "export SF_ACCESS_TOKEN (for instance from `sf org display --json`), or pass `--target-org`",
                    "`--instance-url` needs the access token in the environment variable `SF_ACCESS_TOKEN`"
                ));
            }
        },
        (None, None) => return Err(miette!("pass `--target-org` or `--instance-url`")),
    }
    .map_err(|e| miette!("{e}"))?;
    let mut opts = Options::new(args.out.clone(), since, until);
    if !args.only.is_empty() {
        opts.only = args.only.iter().map(|s| Source::from(*s)).collect();
    }
    opts.objects = args
        .objects
        .iter()
        .map(|o| api_name(o))
        .collect::<Result<_>>()?;
    let indicators = ajar_pipeline::hunt::indicators(&args.ioc, &args.actor)?;
    if !indicators.is_empty() {
        opts.touched = Some(Touched(Arc::new(move |root| {
            ajar_pipeline::collect::touched_objects(root, &indicators).map_err(|e| e.to_string())
        })));
    }
    if !args.events.is_empty() {
        opts.events = args
            .events
            .iter()
            .map(|o| api_name(o))
            .collect::<Result<_>>()?;
    }
    opts.jobs = usize::from(args.jobs);
    opts.max_api_percent = args.max_api_percent;
    opts.api_version = args.api_version.trim_start_matches('v').to_string();
    if !opts
        .api_version
        .split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(miette!("`--api-version` must look like 62.0"));
    }
    opts.bulk_page = args.bulk_page;
    opts.retry = RetryPolicy {
        retries: 5,
        base: Duration::from_millis(args.retry_base_ms),
    };
    let bar = Bar::new(ctx);
    let started = std::time::Instant::now();
    let outcome = ajar_collect::collect(&creds, &opts, &bar).map_err(|e| miette!("{e}"))?;
    bar.finish();
    let secs = started.elapsed().as_secs_f64();
    for note in &outcome.notes {
        ctx.note(&format!("note: {note}"));
    }
    for gap in &outcome.gaps {
        ctx.note(&format!("gap: {} {}: {}", gap.source, gap.what, gap.reason));
    }
    let (used, max) = outcome.api_usage;
    ctx.note(&format!(
        "collect: {} files ({} kept from an earlier run), {:.1} MB in {secs:.1} s, {} API calls \
         (daily allowance: {used} of {max} used); {}",
        outcome.files,
        outcome.resumed,
        outcome.bytes as f64 / 1e6,
        outcome.calls,
        if outcome.gaps.is_empty() {
            "complete".to_string()
        } else {
            format!("PARTIAL: {} gaps, see manifest.json", outcome.gaps.len())
        }
    ));
    ctx.note(&format!(
        "manifest: {} sha256 {} (note it down outside the folder)",
        outcome.manifest.display(),
        outcome.manifest_sha256
    ));
    Ok(match (outcome.gaps.is_empty(), outcome.files) {
        (true, _) => crate::EXIT_OK,
        (false, 0) => crate::EXIT_ERROR,
        (false, _) => crate::EXIT_FINDINGS,
    })
}

/// A progress bar per phase on a terminal; nothing otherwise.
struct Bar {
    bar: Option<indicatif::ProgressBar>,
}

impl Bar {
    fn new(ctx: &Ctx) -> Self {
        Self {
            bar: ctx.progress.then(indicatif::ProgressBar::hidden),
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn phase(&self, name: &str, total: u64) {
        if let Some(b) = &self.bar {
            b.reset();
            b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            b.set_length(total);
            let style = if total > 0 {
                indicatif::ProgressStyle::with_template("{msg:16} {bar:30} {pos}/{len} {elapsed}")
            } else {
                indicatif::ProgressStyle::with_template("{msg:16} {spinner} {pos} {elapsed}")
            };
            if let Ok(s) = style {
                b.set_style(s);
            }
            b.set_message(name.to_string());
            b.enable_steady_tick(Duration::from_millis(120));
        }
    }

    fn advance(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
