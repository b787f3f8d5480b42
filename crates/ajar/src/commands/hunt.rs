//! `ajar hunt`: which records outsiders read, from Salesforce logs.
//!
//! Wiring only: inputs are expanded and planned into tasks by `ajar_adapters::logs`, each task
//! is read on the rayon pool into its own `ajar_analyze::forensics::Hunt`, the hunts are merged
//! in input order, and the report goes to a renderer.

use super::emit::{EventsSink, Shared};
use crate::cli::Ctx;
use crate::output::{Sensitivity, emit};
use ajar_adapters::audit::{AuditOptions, Locale};
use ajar_adapters::geoip::GeoIp;
use ajar_adapters::logs::{self, LogKind, RawRow, ReadOptions, RowSink};
use ajar_analyze::actor::Indicators;
use ajar_analyze::forensics::{Context, Filters, Geo, Hunt, SeenEvents};
use ajar_model::actor::Indicator;
use ajar_model::event::{AuditEvent, GeoipInfo, HuntReport, PrincipalClass};
use ajar_model::sfid::SfId;
use ajar_model::table::AuditRow;
use ajar_render::tables::Written;
use clap::{Args, ValueEnum};
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;
use std::path::PathBuf;

/// `ajar hunt` arguments.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ajar hunt org/logs --geoip org/geoip/ip-country.csv --outside JP \\\n    --principal guest --users org/export/User.csv --format csv --output read.csv"
)]
pub(crate) struct HuntArgs {
    /// Log files or directories: EventLogFile CSVs (`.csv`, `.csv.gz`), their JSON-lines
    /// conversions, Real-Time Event Monitoring exports, Setup Audit Trail CSVs. Recognised by
    /// header, not by name.
    #[arg(required_unless_present = "logs", value_name = "PATH")]
    inputs: Vec<PathBuf>,
    /// More log files or directories, as `investigate --logs` takes them (several after one
    /// flag, or the flag repeated).
    #[arg(long, value_name = "PATH", num_args = 1..)]
    logs: Vec<PathBuf>,
    /// GeoIP database: a MaxMind-format `.mmdb` (GeoLite2/DB-IP Lite country) or a CSV of
    /// `start,end,country` ranges.
    #[arg(long, value_name = "FILE")]
    geoip: Option<PathBuf>,
    /// A guest user's ID (15 or 18 characters); repeat for several sites.
    #[arg(long = "guest-user", value_name = "ID")]
    guest_users: Vec<String>,
    /// A User export CSV (`Id,UserType,...`): users with `UserType` `Guest` are guests.
    #[arg(long, value_name = "FILE")]
    users: Option<PathBuf>,
    /// A Data Export folder: custom key prefixes are learned from each `<Object>.csv`.
    #[arg(long, value_name = "DIR")]
    export: Option<PathBuf>,
    /// A custom key prefix, `PREFIX=Object` (e.g. `a0B=Balance_Transfer_Application__c`).
    #[arg(long = "key-prefix", value_name = "PREFIX=OBJECT")]
    key_prefixes: Vec<String>,
    /// Principal classes to keep.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "guest,external"
    )]
    principal: Vec<PrincipalArg>,
    /// Keep events at or after this time (`2020-11-01` or RFC 3339).
    #[arg(long, value_name = "TIME")]
    since: Option<String>,
    /// Keep events before this time; a date alone means the end of that day (UTC).
    #[arg(long, value_name = "TIME")]
    until: Option<String>,
    /// Keep events touching these objects (API names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "OBJECT")]
    object: Vec<String>,
    /// Keep events from a known country other than this one (ISO code, e.g. `JP`).
    #[arg(long, value_name = "COUNTRY")]
    outside: Option<String>,
    /// Stop at the first malformed row instead of skipping it.
    #[arg(long)]
    strict: bool,
    /// Time zone of Setup Audit Trail dates (IANA name, e.g. `America/Los_Angeles`).
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// Locale of Setup Audit Trail dates (`en_US`, `en_GB`, `ja_JP`...).
    #[arg(long, value_name = "LOCALE")]
    locale: Option<String>,
    /// Indicators of compromise naming an intruder: a CSV of `type,value[,source]` (types
    /// `ip`, `cidr`, `user_agent`, `user`, `connected_app`, `client_name`, `session_key`,
    /// `login_key`). Repeatable.
    #[arg(long, value_name = "FILE")]
    ioc: Vec<PathBuf>,
    /// One indicator, `TYPE=VALUE` (the types of `--ioc`). Repeatable.
    #[arg(long, value_name = "TYPE=VALUE")]
    actor: Vec<String>,
    // issue #17 (detections): begin
    /// Exit 1 when a detection (`HUNT-…`) at or above this severity is raised.
    #[arg(long, value_name = "SEVERITY", value_parser = super::scan::parse_severity)]
    fail_on: Option<ajar_model::finding::Severity>,
    /// HUNT-005: raise a session that got more than FACTOR times the rows of its user's usual
    /// session (default 10).
    #[arg(long, value_name = "FACTOR")]
    threshold: Option<f64>,
    // issue #17: end
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write to FILE (created 0600: it holds IPs and user IDs) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write the normalised events (and audit entries) as tables for DuckDB, Spark or
    /// Trino: `parquet DIR` or `jsonl DIR`, partitioned by UTC day (docs/scale-out.md).
    #[arg(long, num_args = 2, value_names = ["FORMAT", "DIR"])]
    emit: Vec<String>,
    /// Split plain CSVs larger than twice this many bytes into parts read in parallel
    /// (default 64 MiB; for tests and benchmarks).
    #[arg(long, hide = true, value_name = "BYTES")]
    chunk_bytes: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PrincipalArg {
    Guest,
    External,
    Internal,
    Unknown,
}

impl From<PrincipalArg> for PrincipalClass {
    fn from(p: PrincipalArg) -> Self {
        match p {
            PrincipalArg::Guest => Self::Guest,
            PrincipalArg::External => Self::External,
            PrincipalArg::Internal => Self::Internal,
            PrincipalArg::Unknown => Self::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
    /// SARIF 2.1.0 of the detections' findings (issue #17).
    Sarif,
}

/// Everything `analyze` needs besides the inputs; `investigate` builds one directly.
#[derive(Debug, Clone, Default)]
pub(crate) struct HuntOptions {
    /// `--geoip`.
    pub(crate) geoip: Option<PathBuf>,
    /// `--guest-user`, plus guests of `users`.
    pub(crate) guest_users: Vec<SfId>,
    /// `--users`: a User export.
    pub(crate) users: Option<PathBuf>,
    /// Users' `UserType` other than guests (from an export already read).
    pub(crate) user_types: Vec<(SfId, String)>,
    /// Keep each event's API facts (an intrusion hunt).
    pub(crate) api_detail: bool,
    /// Indicators naming an intruder (`--ioc`, `--actor`).
    pub(crate) indicators: Vec<Indicator>,
    /// Username → user ID (from an export already read), for `user` indicators.
    pub(crate) usernames: Vec<(String, SfId)>,
    /// `--export`: a Data Export folder to learn key prefixes from.
    pub(crate) export: Option<PathBuf>,
    /// Principal classes kept (empty: all).
    pub(crate) principals: BTreeSet<PrincipalClass>,
    /// `--since`.
    pub(crate) since: Option<jiff::Timestamp>,
    /// `--until` (exclusive).
    pub(crate) until: Option<jiff::Timestamp>,
    /// `--object` (empty: all).
    pub(crate) objects: BTreeSet<String>,
    /// `--outside`.
    pub(crate) outside: Option<String>,
    /// Custom key prefixes, prefix → object (`--key-prefix`).
    pub(crate) key_prefixes: BTreeMap<String, String>,
    /// `--strict`.
    pub(crate) strict: bool,
    /// `--tz` (IANA name).
    pub(crate) tz: Option<String>,
    /// `--locale`.
    pub(crate) locale: Option<String>,
    /// Split plain CSVs larger than twice this into parts read in parallel (0: 64 MiB).
    pub(crate) chunk_bytes: u64,
    /// `--emit`: write the events counted as tables.
    pub(crate) emit: Option<super::emit::Emit>,
    /// Keep request-level evidence (`investigate`'s attribution of reads, issue #14).
    pub(crate) keep_requests: bool,
    /// Run the detections (issue #17), with `--threshold` when given.
    pub(crate) detect: Option<Option<f64>>,
}

struct GeoDb(GeoIp);

impl Geo for GeoDb {
    fn country(&self, ip: IpAddr) -> Option<String> {
        self.0.country(ip)
    }

    fn info(&self) -> GeoipInfo {
        self.0.info().clone()
    }
}

/// The second pass: which of the wanted request IDs belong to guest rows.
struct Probe<'a> {
    ctx: &'a Context,
    wanted: &'a HashSet<String>,
    found: HashSet<String>,
}

impl RowSink for Probe<'_> {
    fn row(&mut self, row: &RawRow<'_>) {
        for key in ajar_analyze::forensics::guest_keys(row, self.ctx) {
            if self.wanted.contains(&key) {
                self.found.insert(key);
            }
        }
    }

    fn malformed(&mut self, _line: u64, _reason: &str) {}

    fn audit(&mut self, _event: AuditEvent) {}
}

struct Sink<'h, 'c> {
    hunt: &'h mut Hunt<'c>,
    file: &'h str,
}

impl RowSink for Sink<'_, '_> {
    fn row(&mut self, row: &RawRow<'_>) {
        self.hunt.row(self.file, row);
    }

    fn malformed(&mut self, line: u64, reason: &str) {
        self.hunt.malformed(self.file, line, reason);
    }

    fn audit(&mut self, event: AuditEvent) {
        self.hunt.audit(self.file, event);
    }
}

fn parse_time(s: &str, end_of_day: bool) -> Result<jiff::Timestamp> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let d: jiff::civil::Date = s
        .parse()
        .map_err(|_| miette!("`{s}` is not a date (2020-11-01) or an RFC 3339 time"))?;
    let d = if end_of_day {
        d.tomorrow().into_diagnostic()?
    } else {
        d
    };
    d.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .into_diagnostic()
}

/// The indicators of `--ioc` files and `--actor` values; a bad one stops the run (exit 2),
/// naming the file and line.
pub(crate) fn indicators(files: &[PathBuf], actors: &[String]) -> Result<Vec<Indicator>> {
    let mut out = Vec::new();
    for f in files {
        out.extend(ajar_adapters::ioc::parse(f).into_diagnostic()?);
    }
    for a in actors {
        out.push(ajar_adapters::ioc::parse_actor(a).into_diagnostic()?);
    }
    Ok(out)
}

impl HuntOptions {
    fn from_args(a: &HuntArgs) -> Result<Self> {
        let mut guest_users = Vec::new();
        for g in &a.guest_users {
            guest_users.push(SfId::parse(g).map_err(|e| miette!("`--guest-user {g}`: {e}"))?);
        }
        let mut key_prefixes = BTreeMap::new();
        for kp in &a.key_prefixes {
            let (p, o) = kp
                .split_once('=')
                .filter(|(p, o)| p.len() == 3 && !o.is_empty())
                .ok_or_else(|| miette!("`--key-prefix {kp}`: expected PREFIX=Object, e.g. a0B=Balance_Transfer_Application__c"))?;
            key_prefixes.insert(p.to_string(), o.to_string());
        }
        let since = a
            .since
            .as_deref()
            .map(|s| parse_time(s, false))
            .transpose()?;
        let until = a
            .until
            .as_deref()
            .map(|s| parse_time(s, true))
            .transpose()?;
        if let (Some(s), Some(u)) = (since, until)
            && s >= u
        {
            return Err(miette!(
                "`--since` is not before `--until`: no event could be kept"
            ));
        }
        // issue #17
        if a.threshold.is_some_and(|t| !(t.is_finite() && t > 0.0)) {
            return Err(miette!("`--threshold` must be a number above 0 (e.g. 10)"));
        }
        if let Some(out) = &a.output {
            let mut inputs: Vec<&std::path::Path> = a
                .inputs
                .iter()
                .chain(&a.logs)
                .map(PathBuf::as_path)
                .collect();
            inputs.extend(
                [&a.geoip, &a.users, &a.export]
                    .into_iter()
                    .flatten()
                    .chain(&a.ioc)
                    .map(PathBuf::as_path),
            );
            crate::output::refuse_over_inputs(out, "--output", &inputs)?;
        }
        Ok(Self {
            geoip: a.geoip.clone(),
            guest_users,
            users: a.users.clone(),
            user_types: Vec::new(),
            api_detail: false,
            indicators: indicators(&a.ioc, &a.actor)?,
            usernames: Vec::new(),
            export: a.export.clone(),
            principals: a
                .principal
                .iter()
                .map(|p| PrincipalClass::from(*p))
                .collect(),
            since,
            until,
            objects: a.object.iter().cloned().collect(),
            outside: a
                .outside
                .as_deref()
                .map(|c| crate::output::country_code("--outside", c))
                .transpose()?,
            key_prefixes,
            strict: a.strict,
            tz: a.tz.clone(),
            locale: a.locale.clone(),
            chunk_bytes: a.chunk_bytes.unwrap_or(0),
            emit: super::emit::Emit::from_args(&a.emit)?,
            keep_requests: false,
            // issue #17: detections run in `ajar hunt`.
            detect: Some(a.threshold),
        })
    }
}

/// Reads every input and returns the hunt report. Errors (unreadable input, bad options,
/// `--strict` violations) name the file and line.
#[allow(
    dead_code,
    reason = "investigate's `--logs` calls it as it lands; `run` uses analyze_with_tables"
)]
pub(crate) fn analyze(inputs: &[PathBuf], opts: &HuntOptions) -> Result<HuntReport> {
    analyze_with_tables(inputs, opts).map(|(report, _)| report)
}

/// [`analyze`], also returning what `--emit` wrote.
pub(crate) fn analyze_with_tables(
    inputs: &[PathBuf],
    opts: &HuntOptions,
) -> Result<(HuntReport, Option<Written>)> {
    let shared = Shared::default();
    if let Some(emit) = &opts.emit {
        emit.prepare(&["events", "audit"])?;
    }
    let mut guest_users: HashSet<SfId> = opts.guest_users.iter().copied().collect();
    let mut user_types: HashMap<SfId, String> = opts.user_types.iter().cloned().collect();
    let mut usernames: HashMap<String, SfId> = opts
        .usernames
        .iter()
        .map(|(n, id)| (n.to_lowercase(), *id))
        .collect();
    if let Some(users) = &opts.users {
        for u in logs::users::users(users).into_diagnostic()? {
            if let Some(n) = &u.username {
                usernames.insert(n.to_lowercase(), u.id);
            }
            if u.user_type.eq_ignore_ascii_case("Guest") {
                guest_users.insert(u.id);
            } else {
                user_types.insert(u.id, u.user_type);
            }
        }
    }
    let mut key_prefixes = match &opts.export {
        Some(dir) => logs::users::key_prefixes(dir).into_diagnostic()?,
        None => BTreeMap::new(),
    };
    key_prefixes.extend(opts.key_prefixes.clone());
    let ctx = Context {
        guest_users,
        user_types,
        api_detail: opts.api_detail || !opts.indicators.is_empty(),
        indicators: Indicators::new(opts.indicators.clone(), &usernames),
        // issue #17: the detections' settings (published indicators + `--ioc`, `--threshold`).
        detect: opts.detect.map(|threshold| {
            let mut cfg = ajar_analyze::detect::Config::new(
                opts.indicators.clone(),
                &usernames,
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
    };
    let geo = match &opts.geoip {
        Some(p) => Some(GeoDb(GeoIp::open(p).into_diagnostic()?)),
        None => None,
    };
    let geo_ref: Option<&dyn Geo> = geo.as_ref().map(|g| g as &dyn Geo);
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
    let read = ReadOptions {
        strict: opts.strict,
        audit: AuditOptions { tz, locale },
    };
    let (files, not_read) = logs::expand_inputs_with_skips(inputs).into_diagnostic()?;
    let chunk = if opts.chunk_bytes == 0 {
        64 << 20
    } else {
        opts.chunk_bytes
    };
    let units = logs::plan(&files, chunk).into_diagnostic()?;
    // One event read from two files, in any format, counts once (issue #15).
    let seen = SeenEvents::new();
    let mut total = Hunt::new(&ctx, geo_ref);
    if opts.keep_requests {
        total.keep_requests();
    }
    for (display, why) in &not_read {
        total.skip_file(display, why);
    }
    let run_unit = |i: usize| -> Result<Hunt<'_>> {
        let unit = units.get(i).ok_or_else(|| miette!("no task {i}"))?;
        let mut hunt = Hunt::new(&ctx, geo_ref);
        if opts.keep_requests {
            hunt.keep_requests();
        }
        if let Some(emit) = &opts.emit {
            // One part per task, numbered in plan order: the same input gives the same files.
            let part = u32::try_from(i).unwrap_or(u32::MAX);
            hunt.set_sink(Box::new(EventsSink::new(emit, part, shared.clone())?));
        }
        if unit.may_overlap {
            hunt.dedupe_rows();
        }
        hunt.dedupe_events(&seen);
        for part in &unit.parts {
            let mut sink = Sink {
                hunt: &mut hunt,
                file: &part.display,
            };
            let got = match logs::read_part(part, &read, &mut sink) {
                Ok(got) => got,
                // An audit trail whose dates cannot be read is refused, the logs are not
                // (trap 30); `--strict` makes it fatal.
                Err(logs::LogError::Audit { line, source, .. }) if !read.strict => {
                    hunt.skip_file(&part.display, &format!("line {line}: {source}"));
                    hunt.audit_unread(&part.display);
                    continue;
                }
                Err(e) => return Err(e).into_diagnostic(),
            };
            match &got.kind {
                LogKind::Unknown(reason) => hunt.skip_file(&part.display, reason),
                LogKind::ElfCsv | LogKind::RtemCsv if got.rows == 0 && part.range.is_none() => {
                    hunt.empty_file(&part.display);
                }
                _ => {}
            }
            if let Some(line) = got.truncated_after {
                hunt.partial_file(&part.display, line);
            }
        }
        if let Some(sink) = hunt.take_sink() {
            sink.close();
        }
        Ok(hunt)
    };
    // Tasks run on every core; their states are folded into `total` in plan order as they
    // finish, so memory holds the total and a few task states, however many files there are.
    crate::ordered::run(units.len(), rayon::current_num_threads(), run_unit, |r| {
        total.merge(r?);
        Ok::<(), miette::Report>(())
    })?;
    if let Some(emit) = &opts.emit {
        // Events classed at the end (rows joined to a guest's request) go into the last part.
        let part = u32::try_from(units.len()).unwrap_or(u32::MAX);
        total.set_sink(Box::new(EventsSink::new(emit, part, shared.clone())?));
    }
    // Rows that name a record but no user type are the guest's when their REQUEST_ID is a
    // guest request's (formats.md §2.2). Rare, so looked up in a second pass only when needed.
    let wanted = total.pending_keys();
    if !wanted.is_empty() {
        let found: Vec<Result<HashSet<String>>> = units
            .par_iter()
            .map(|unit| {
                let mut probe = Probe {
                    ctx: &ctx,
                    wanted: &wanted,
                    found: HashSet::new(),
                };
                for part in &unit.parts {
                    match logs::read_part(part, &read, &mut probe) {
                        Ok(_) | Err(logs::LogError::Audit { .. }) => {}
                        Err(e) => return Err(e).into_diagnostic(),
                    }
                }
                Ok(probe.found)
            })
            .collect();
        let mut guests = HashSet::new();
        for f in found {
            guests.extend(f?);
        }
        total.resolve_pending(&guests);
    }
    let report = total.finish(env!("CARGO_PKG_VERSION"));
    // `--strict`: any row set aside stops the run, whichever layer set it aside (a timestamp
    // that does not parse is found by the analysis, not the reader: issue #15).
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
    if let Some(emit) = &opts.emit {
        let mut audit = emit.writer::<AuditRow>(0)?;
        for a in &report.audit {
            audit.write(AuditRow::from(a)).into_diagnostic()?;
        }
        let written = super::emit::finish(audit, &emit.dir)?;
        let mut events = super::emit::outcome(&shared, &emit.dir)?;
        events.rows += written.rows;
        events.files.extend(written.files);
        return Ok((report, Some(events)));
    }
    Ok((report, None))
}

/// Runs `ajar hunt`.
pub(crate) fn run(args: HuntArgs, ctx: &Ctx) -> Result<u8> {
    let opts = HuntOptions::from_args(&args)?;
    let started = std::time::Instant::now();
    let inputs: Vec<PathBuf> = args.inputs.iter().chain(&args.logs).cloned().collect();
    let (report, tables) = analyze_with_tables(&inputs, &opts)?;
    for g in report.gaps.iter().filter(|g| g.kind == "skipped-files") {
        ctx.note(&format!("warning: {}", g.message));
    }
    for g in report.gaps.iter().filter(|g| g.kind == "partial-file") {
        if let Some(span) = &g.span {
            ctx.note(&format!(
                "error: {}: the file ends early (a gzip cut short, or a row over 32 MiB); rows before the cut were used and its coverage is marked partial",
                span.file
            ));
        }
    }
    let bytes = match args.format {
        Format::Text => ajar_render::hunt::text::render(&report).into_bytes(),
        Format::Json => ajar_render::hunt::json::render(&report)
            .into_diagnostic()?
            .into_bytes(),
        Format::Csv => ajar_render::hunt::csv::render(&report).into_diagnostic()?,
        // issue #17
        Format::Sarif => ajar_render::hunt::sarif::render(&report, &detection_infos())
            .into_diagnostic()?
            .into_bytes(),
    };
    emit(args.output.as_deref(), &bytes, Sensitivity::Personal)
        .wrap_err("cannot write the hunt report")?;
    if let (Some(t), Some(emit)) = (&tables, &opts.emit) {
        ctx.note(&format!(
            "emit: {} row(s) in {} file(s) under {}",
            t.rows,
            t.files.len(),
            emit.dir.display()
        ));
    }
    let rows: u64 = report.coverage.iter().map(|c| c.rows).sum();
    ctx.note(&format!(
        "hunt: {} row(s) of {} event type(s), {} record(s), {} IP(s), {:.1}s",
        rows,
        report.coverage.len(),
        report.accessed.len(),
        report.ips.len(),
        started.elapsed().as_secs_f64()
    ));
    // issue #17: `--fail-on`, as scan's.
    let failing = args
        .fail_on
        .is_some_and(|t| report.findings.iter().any(|f| f.severity <= t));
    Ok(if failing {
        crate::EXIT_FINDINGS
    } else {
        crate::EXIT_OK
    })
}

/// The detections' docs, for SARIF (issue #17).
fn detection_infos() -> Vec<ajar_render::RuleInfo<'static>> {
    ajar_analyze::detect::DETECTIONS
        .iter()
        .map(|d| ajar_render::RuleInfo {
            code: d.code(),
            name: d.name(),
            doc: d.doc(),
            severity: d.severity(),
        })
        .collect()
}
