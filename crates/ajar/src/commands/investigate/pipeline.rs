//! The investigation: scan, window, export, hunt, impact, law.

use super::InvestigateArgs;
use super::history::{HistoryScan, scan_history};
use crate::cli::Ctx;
use crate::commands::scan::{ScanOptions, analyze_tree};
use ajar_adapters::export::{self, Export, ExportEncoding};
use ajar_analyze::impact::window::{WindowEvidence, window};
use ajar_analyze::impact::{self, ImpactInput};
use ajar_analyze::law::{self, LawInput, OutsideAccess};
use ajar_model::event::HuntReport;
use ajar_model::exposure::{PrincipalKind, ScanReport};
use ajar_model::incident::{IncidentFacts, IncidentKind, PersonEntry};
use jiff::civil::Date;
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use std::collections::BTreeSet;

/// What `investigate` established.
#[derive(Debug, Clone)]
pub(crate) struct Investigation {
    pub(crate) facts: IncidentFacts,
    pub(crate) persons: Vec<PersonEntry>,
    /// The exposed records (`--emit`).
    pub(crate) records: Vec<ajar_model::table::ExposedRecord>,
}

/// The date before which the pre-Winter '21 guest rules apply (formats.md §1.8, §1.10).
const LOCKDOWN: Date = ajar_analyze::exposure::LOCKDOWN;

pub(super) fn now(args: &InvestigateArgs) -> Date {
    if let Some(d) = args.as_of_now {
        return d;
    }
    if let Some(t) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
    {
        return ajar_analyze::impact::utc_date(t);
    }
    jiff::ZonedDateTime::now().date()
}

/// The zone deadlines are counted in (APPI: Japan time, law.md §1.4).
pub(crate) fn home_zone_name(country: &str) -> &'static str {
    match country.to_ascii_uppercase().as_str() {
        "JP" => "Asia/Tokyo",
        _ => "UTC",
    }
}

/// [`home_zone_name`] as a zone.
pub(crate) fn home_zone(country: &str) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(home_zone_name(country)).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// The objects a guest reads through an effective record path.
pub(crate) fn exposing(scan: &ScanReport) -> BTreeSet<String> {
    scan.principals
        .iter()
        .filter(|p| p.kind == PrincipalKind::Guest)
        .flat_map(|p| p.objects.iter())
        .filter(|o| o.read && !o.candidate && o.record_paths.iter().any(|r| r.effective))
        .map(|o| o.object.clone())
        .collect()
}

pub(super) fn step<T>(ctx: &Ctx, what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let bar = ctx.progress.then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_message(what.to_owned());
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        b
    });
    let out = f();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    out
}

fn hunt(args: &InvestigateArgs, ctx: &Ctx, export: &Export) -> Result<Option<HuntReport>> {
    if let Some(path) = &args.hunt_report {
        let bytes = fs_err::read(path).into_diagnostic()?;
        let report: HuntReport = serde_json::from_slice(&bytes)
            .into_diagnostic()
            .wrap_err_with(|| format!("{}: not an `ajar.hunt/1` report", path.display()))?;
        return Ok(Some(report));
    }
    if args.logs.is_empty() {
        return Ok(None);
    }
    step(ctx, "reading logs", || {
        super::logs::analyze_logs(args, export)
    })
    .map(Some)
}

/// Runs the investigation.
pub(crate) fn investigate(args: &InvestigateArgs, ctx: &Ctx) -> Result<Investigation> {
    let indicators = crate::commands::hunt::indicators(&args.ioc, &args.actor)?;
    if !indicators.is_empty() {
        return super::intrusion::investigate(args, ctx, indicators);
    }
    let Some(metadata) = args.metadata.as_deref() else {
        return Err(miette!(
            "`--metadata` is required unless `--ioc` or `--actor` names an intruder"
        ));
    };
    if !metadata.is_dir() {
        return Err(miette!("{}: not a metadata folder", metadata.display()));
    }
    let encoding = ExportEncoding::parse(&args.export_encoding).ok_or_else(|| {
        miette!(
            "unknown `--export-encoding` `{}` (utf-8, cp932, shift_jis, iso-8859-1...)",
            args.export_encoding
        )
    })?;
    let first_as_of = args.discovered.unwrap_or_else(|| now(args));
    let scan_opts = |as_of| ScanOptions {
        as_of,
        assignments: args.assignments.clone(),
    };
    let mut scan = step(ctx, "scanning metadata", || {
        analyze_tree(metadata, &scan_opts(first_as_of))
    })?;
    let mut objects = exposing(&scan);

    let history: Option<HistoryScan> = match &args.history {
        Some(dir) => Some(step(ctx, "reading metadata history", || {
            scan_history(dir, &objects, args.assignments.as_deref())
        })?),
        None => None,
    };
    // The exposure is judged under the platform rules of its time (pre-2021 mode when it
    // began before the Winter '21 lockdown).
    if let Some(start) = history.as_ref().and_then(|h| h.start)
        && start < LOCKDOWN
        && first_as_of >= LOCKDOWN
    {
        scan = analyze_tree(metadata, &scan_opts(start))?;
        objects = exposing(&scan);
    }

    let mut wanted = objects.clone();
    // `Profile` tells which guest user is which site's (formats.md §1.10).
    wanted.extend([
        "User".to_owned(),
        "RecordType".to_owned(),
        "Profile".to_owned(),
    ]);
    let export = step(ctx, "reading the data export", || {
        export::load(&args.export, Some(&wanted), encoding)
            .into_diagnostic()
            .wrap_err("cannot read the data export")
    })?;

    let hunt = hunt(args, ctx, &export)?;
    let audit = hunt.as_ref().map_or(&[][..], |h| h.audit.as_slice());

    let earliest_record = objects
        .iter()
        .filter_map(|o| export.table(o))
        .flat_map(|t| t.rows.iter().filter_map(move |r| t.value(r, "CreatedDate")))
        .filter_map(|c| c.trim().parse::<jiff::Timestamp>().ok())
        .min()
        .map(ajar_analyze::impact::utc_date);
    let log_first = hunt
        .as_ref()
        .and_then(|h| h.coverage.iter().map(|c| c.first).min());
    let earliest_evidence = match (earliest_record, log_first) {
        (Some(r), Some(l)) if l < r => Some((l, "logs")),
        (Some(r), _) => Some((r, "export")),
        (None, Some(l)) => Some((l, "logs")),
        (None, None) => None,
    };
    let elements = if objects.is_empty() {
        "no guest record access".to_owned()
    } else {
        format!(
            "guest record access to {}",
            objects.iter().cloned().collect::<Vec<_>>().join(", ")
        )
    };
    // A change to a guest profile that reads an exposed object opens or closes the window.
    let guest_profiles = scan
        .principals
        .iter()
        .filter(|p| p.kind == PrincipalKind::Guest)
        .filter(|p| p.objects.iter().any(|o| objects.contains(&o.object)))
        .map(|p| p.name.clone())
        .collect();
    let win = window(&WindowEvidence {
        history: history.as_ref().map(|h| h.points.as_slice()),
        elements,
        audit,
        open_in_metadata: !objects.is_empty(),
        earliest_evidence,
        guest_profiles,
    });
    if let (Some(d), Some(start)) = (args.discovered, win.start.date)
        && d < start
    {
        return Err(miette!(
            "`--discovered {d}` is before the exposure began ({start}, {}): check the date",
            win.start.detail
        ));
    }
    // Records created after the fix were never exposed: the fix commit's instant when the
    // history has it, else the end of the closure day in the home zone.
    let zone = home_zone(&args.home_country);
    let created_until = history.as_ref().and_then(|h| h.fix_time).or_else(|| {
        win.end.date.and_then(|d| {
            d.tomorrow()
                .ok()
                .and_then(|t| t.to_zoned_datetime(zone.clone()).ok())
                .map(|z| z.timestamp())
        })
    });
    let result = step(ctx, "counting exposed records and persons", || {
        Ok(impact::assess(&ImpactInput {
            scan: &scan,
            tables: &export.tables,
            created_until,
            hunt: hunt.as_ref(),
            home_country: &args.home_country,
            window: &win,
        }))
    })?;

    let aware_at = args.aware_at.or_else(|| {
        args.discovered
            .and_then(|d| d.to_zoned_datetime(zone.clone()).ok())
            .map(|z| z.timestamp())
    });
    let access = match (result.confirmed.known, result.confirmed.records) {
        (false, _) => OutsideAccess::NoLogs,
        (true, Some(n)) if n > 0 => OutsideAccess::Seen,
        _ => OutsideAccess::NoneSeen,
    };
    let mut law_input = LawInput {
        known: args.discovered,
        aware_at,
        persons: result.exposed.persons,
        records: result.exposed.records,
        persons_confirmed: result.confirmed.persons,
        items: result.exposed.items.clone(),
        encrypted: Vec::new(),
        access,
        ruled_out: result.ruled_out,
        processor_notified: None,
        persons_without_channel: result.persons_without_channel,
        persons_by_country: result.persons_by_country.clone(),
        forced: args.jurisdiction.clone(),
        // Records open to site guests could be viewed by anyone on the internet.
        public_exposure: true,
        ..LawInput::empty()
    };
    super::organisation_facts(&mut law_input, args, &result.exposed)?;
    let mut decisions = law::decide(&law_input);
    let mut coverage = result.coverage;
    for g in result.gaps.iter().chain(scan.coverage.iter()) {
        if !coverage.gaps.contains(g) {
            coverage.gaps.push(g.clone());
        }
    }
    // A verdict never turns to "no" by losing evidence (issue #15).
    law::undecidable(
        &mut decisions,
        &impact::missing_evidence(&coverage.gaps, &result.confirmed),
    );
    let facts = IncidentFacts {
        schema: IncidentFacts::SCHEMA.to_owned(),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        discovered: args.discovered,
        home_country: args.home_country.to_ascii_uppercase(),
        kind: IncidentKind::GuestExposure,
        actor: None,
        identity_reach: None,
        window: win,
        exposed: result.exposed,
        confirmed: result.confirmed,
        secrets: None,
        coverage,
        decisions,
    };
    Ok(Investigation {
        facts,
        persons: result.persons,
        records: result.records,
    })
}
