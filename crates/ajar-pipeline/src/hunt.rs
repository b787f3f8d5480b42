//! `hunt`: which records outsiders read, from Salesforce logs.
//!
//! Inputs are expanded and planned into tasks by `ajar_adapters::logs`, each task is read on
//! every core into its own `ajar_analyze::forensics::Hunt`, the hunts are merged in plan order,
//! and rows whose user is known only through a guest's request are resolved in a second pass.

mod learn;
mod passes;

pub use learn::Users;

use crate::emit::{Emit, Shared};
use ajar_adapters::audit::{AuditOptions, Locale};
use ajar_adapters::geoip::GeoIp;
use ajar_adapters::logs::{self, ReadOptions};
use ajar_analyze::actor::Indicators;
use ajar_analyze::forensics::{Context, Filters, SeenEvents, Spent};
use ajar_model::actor::Indicator;
use ajar_model::event::{HuntReport, PrincipalClass};
use ajar_model::table::AuditRow;
use ajar_render::tables::Written;
use miette::{IntoDiagnostic, Result, miette};
pub(crate) use passes::{GeoDb, Probe};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Everything a hunt needs besides its inputs.
#[derive(Debug, Clone, Default)]
pub struct HuntOptions {
    /// A GeoIP database (mmdb or `start,end,country` CSV).
    pub geoip: Option<PathBuf>,
    /// Users already known (guest IDs given by hand, an export already read).
    pub users: Users,
    /// A User export CSV to learn guests, user types and usernames from.
    pub users_csv: Option<PathBuf>,
    /// Keep each event's API facts (an intrusion hunt).
    pub api_detail: bool,
    /// Indicators naming an intruder.
    pub indicators: Vec<Indicator>,
    /// A Data Export folder to learn custom key prefixes from.
    pub export: Option<PathBuf>,
    /// Principal classes kept (empty: all).
    pub principals: BTreeSet<PrincipalClass>,
    /// Keep events at or after this instant.
    pub since: Option<jiff::Timestamp>,
    /// Keep events before this instant.
    pub until: Option<jiff::Timestamp>,
    /// Keep events touching these objects (empty: all).
    pub objects: BTreeSet<String>,
    /// Keep events from a known country other than this one.
    pub outside: Option<String>,
    /// Custom key prefixes, prefix → object; they win over those learned from `export`.
    pub key_prefixes: BTreeMap<String, String>,
    /// A malformed row stops the run instead of being skipped.
    pub strict: bool,
    /// Zone of Setup Audit Trail dates (IANA name).
    pub tz: Option<String>,
    /// Locale of Setup Audit Trail dates (`en_US`...).
    pub locale: Option<String>,
    /// Split plain CSVs larger than twice this into parts read in parallel (0: 64 MiB).
    pub chunk_bytes: u64,
    /// Write the events counted (and the audit entries) as tables.
    pub emit: Option<Emit>,
    /// Keep request-level evidence (`investigate`'s attribution of reads, issue #14).
    pub keep_requests: bool,
    /// Run the detections (`HUNT-…`); the inner value replaces HUNT-005's factor.
    pub detect: Option<Option<f64>>,
}

/// The indicators of IOC files and `TYPE=VALUE` strings; a bad one stops the run, naming the
/// file and line.
pub fn indicators(files: &[PathBuf], actors: &[String]) -> Result<Vec<Indicator>> {
    let mut out = Vec::new();
    for f in files {
        out.extend(ajar_adapters::ioc::parse(f).into_diagnostic()?);
    }
    for a in actors {
        out.push(ajar_adapters::ioc::parse_actor(a).into_diagnostic()?);
    }
    Ok(out)
}

/// Reads every input and returns the hunt report. Errors (unreadable input, bad options,
/// `strict` violations) name the file and line.
pub fn hunt(inputs: &[PathBuf], opts: &HuntOptions) -> Result<HuntReport> {
    hunt_with_tables(inputs, opts).map(|(report, _)| report)
}

/// [`hunt`], also returning what [`HuntOptions::emit`] wrote.
pub fn hunt_with_tables(
    inputs: &[PathBuf],
    opts: &HuntOptions,
) -> Result<(HuntReport, Option<Written>)> {
    hunt_keeping(inputs, opts).map(|h| (h.report, h.tables))
}

/// What [`hunt_keeping`] gives.
#[derive(Debug)]
pub struct Hunted {
    /// The report.
    pub report: HuntReport,
    /// What [`HuntOptions::emit`] wrote.
    pub tables: Option<Written>,
    /// The states the report was made from: dropped once the report is used, or forgotten by
    /// a program about to end ([`Spent`]).
    pub spent: Spent,
}

/// [`hunt_with_tables`], with the states the report was made from.
pub fn hunt_keeping(inputs: &[PathBuf], opts: &HuntOptions) -> Result<Hunted> {
    let shared = Shared::default();
    if let Some(emit) = &opts.emit {
        emit.prepare(&["events", "audit"])?;
    }
    let ctx = context(opts)?;
    let geo = match &opts.geoip {
        Some(p) => Some(GeoDb(GeoIp::open(p).into_diagnostic()?)),
        None => None,
    };
    let read = read_options(opts)?;
    let (files, not_read) = logs::expand_inputs_with_skips(inputs).into_diagnostic()?;
    let chunk = if opts.chunk_bytes == 0 {
        64 << 20
    } else {
        opts.chunk_bytes
    };
    let units = logs::plan(&files, chunk).into_diagnostic()?;
    let seen = SeenEvents::new();
    let run = passes::Run {
        ctx: &ctx,
        geo: geo.as_ref().map(|g| g as &dyn ajar_analyze::forensics::Geo),
        read: &read,
        opts,
        units: &units,
        shared: &shared,
        seen: &seen,
    };
    let mut total = run.first_pass(&not_read)?;
    run.second_pass(&mut total)?;
    run.actor_pass(&mut total)?;
    let (report, spent) = total.finish_keeping(crate::TOOL_VERSION);
    strict(opts, &report)?;
    let tables = match &opts.emit {
        Some(emit) => Some(write_audit(emit, &report, &shared)?),
        None => None,
    };
    Ok(Hunted {
        report,
        tables,
        spent,
    })
}

/// What the analysis knows before the first row: guests, user types, usernames, key prefixes,
/// indicators and filters.
pub(crate) fn context(opts: &HuntOptions) -> Result<Context> {
    let mut users = opts.users.clone();
    if let Some(csv) = &opts.users_csv {
        for u in logs::users::users(csv).into_diagnostic()? {
            users.learn(u.id, Some(&u.user_type), u.username.as_deref());
        }
    }
    let mut key_prefixes = match &opts.export {
        Some(dir) => logs::users::key_prefixes(dir).into_diagnostic()?,
        None => BTreeMap::new(),
    };
    key_prefixes.extend(opts.key_prefixes.clone());
    Ok(Context {
        guest_users: users.guests,
        user_types: users.types,
        api_detail: opts.api_detail || !opts.indicators.is_empty(),
        indicators: Indicators::new(opts.indicators.clone(), &users.usernames),
        detect: opts.detect.map(|threshold| {
            let mut cfg = ajar_analyze::detect::Config::new(
                opts.indicators.clone(),
                &users.usernames,
                opts.outside.clone(),
            );
            cfg.threshold = threshold.unwrap_or(cfg.threshold);
            cfg
        }),
        key_prefixes,
        filters: Filters {
            principals: opts.principals.clone(),
            since: opts.since,
            until: opts.until,
            objects: opts.objects.clone(),
            outside: opts.outside.clone(),
        },
    })
}

/// How files are read: `strict`, and the audit trail's zone and locale.
pub(crate) fn read_options(opts: &HuntOptions) -> Result<ReadOptions> {
    let tz = match &opts.tz {
        Some(z) => Some(
            jiff::tz::TimeZone::get(z)
                .map_err(|_| miette!("`--tz {z}`: not an IANA time zone name (e.g. Asia/Tokyo)"))?,
        ),
        None => None,
    };
    let locale = match &opts.locale {
        Some(l) => Some(
            Locale::parse(l)
                .ok_or_else(|| miette!("`--locale {l}`: expected e.g. en_US, en_GB, ja_JP"))?,
        ),
        None => None,
    };
    Ok(ReadOptions {
        strict: opts.strict,
        audit: AuditOptions { tz, locale },
    })
}

/// `strict`: any row set aside stops the run, whichever layer set it aside (a timestamp that
/// does not parse is found by the analysis, not the reader: issue #15).
fn strict(opts: &HuntOptions, report: &HuntReport) -> Result<()> {
    if opts.strict
        && let Some(first) = report.skipped.details.iter().find(|d| d.source.line > 0)
    {
        return Err(miette!(
            "{}:{}: {} (`--strict`)",
            first.source.file,
            first.source.line,
            first.reason
        ));
    }
    Ok(())
}

/// Writes the audit entries as the `audit` table and returns what every table received.
fn write_audit(emit: &Emit, report: &HuntReport, shared: &Shared) -> Result<Written> {
    let mut audit = emit.writer::<AuditRow>(0)?;
    for a in &report.audit {
        audit.write(AuditRow::from(a)).into_diagnostic()?;
    }
    let written = crate::emit::finish(audit, &emit.dir)?;
    let mut events = crate::emit::outcome(shared, &emit.dir)?;
    events.rows += written.rows;
    events.files.extend(written.files);
    Ok(events)
}
