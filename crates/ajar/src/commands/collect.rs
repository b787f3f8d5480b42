//! `ajar collect`: preserves a live org's evidence in a folder with a chain of custody.
//!
//! Wiring only: credentials from `sf` or the environment, dates, and a progress bar and notes
//! (`out`); the calls, paging, limits and manifest live in `ajar_collect` (docs/collect.md).

mod args;
mod out;

pub(crate) use args::CollectArgs;

use crate::cli::Ctx;
use ajar_collect::{Credentials, Options, RetryPolicy, Touched, auth::Token};
use miette::{Result, miette};
use std::sync::Arc;
use std::time::Duration;

fn date(s: &str, flag: &str) -> Result<jiff::civil::Date> {
    s.parse()
        .map_err(|_| miette!("`{flag}` must be a date such as 2020-11-01"))
}

fn api_name(s: &str) -> Result<String> {
    if ajar_model::org::is_api_name(s) {
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
        opts.only = args.only.iter().copied().collect();
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
    let bar = out::Bar::new(ctx);
    let started = std::time::Instant::now();
    let outcome = ajar_collect::collect(&creds, &opts, &bar).map_err(|e| miette!("{e}"))?;
    bar.finish();
    let secs = started.elapsed().as_secs_f64();
    out::note_outcome(ctx, &outcome, secs);
    Ok(match (outcome.gaps.is_empty(), outcome.files) {
        (true, _) => crate::EXIT_OK,
        (false, 0) => crate::EXIT_ERROR,
        (false, _) => crate::EXIT_FINDINGS,
    })
}
