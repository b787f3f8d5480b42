//! A guest exposure: the scan (under the platform rules of the exposure's time), the window
//! from the history, the audit trail and the earliest evidence, the export, the logs, the
//! impact, then the law.

use super::assemble::{Case, assemble};
use super::history::{HistoryScan, scan_history};
use super::stream::StreamedExport;
use super::{InvestigateOptions, Investigation};
use crate::scan::Tree;
use crate::{Progress, step};
use ajar_analyze::exposure::{LOCKDOWN, exposing};
use ajar_analyze::impact::ImpactInput;
use ajar_analyze::impact::stream::{FirstWalk, GuestContext};
use ajar_analyze::impact::window::{EarliestCreated, WindowEvidence};
use ajar_analyze::law::{OutsideAccess, home_zone};
use ajar_model::event::HuntReport;
use ajar_model::exposure::{PrincipalKind, ScanReport};
use ajar_model::incident::{IncidentKind, Window};
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use std::collections::BTreeSet;
use std::path::Path;

/// The scan the exposure is judged on, and the objects it exposes.
struct Exposure {
    scan: ScanReport,
    objects: BTreeSet<String>,
    history: Option<HistoryScan>,
}

/// Runs the investigation of a guest exposure.
pub(super) fn investigate(
    opts: &InvestigateOptions,
    progress: &dyn Progress,
) -> Result<Investigation> {
    let Some(metadata) = opts.metadata.as_deref() else {
        return Err(miette!(
            "`--metadata` is required unless `--ioc` or `--actor` names an intruder"
        ));
    };
    if !metadata.is_dir() {
        return Err(miette!("{}: not a metadata folder", metadata.display()));
    }
    let encoding = super::encoding(opts)?;
    let exposure = exposure(opts, progress, metadata)?;
    // The exposed objects' rows hold only the columns the analysis reads, and are read from
    // the files for each walk instead of held (issue #19).
    let plans = super::columns::plans(&exposure.scan);
    let export = step(progress, "reading the data export", || {
        StreamedExport::read(&opts.export, &exposure.objects, plans, encoding)
            .into_diagnostic()
            .wrap_err("cannot read the data export")
    })?;
    let hunt = hunt(opts, progress, &export)?;
    // The window's end does not depend on the export: it sets the cut-off at the fix before
    // the rows are read; its start's earliest evidence comes from the rows.
    let prelim = window(&exposure, None, hunt.as_ref());
    let created_until = created_until(opts, exposure.history.as_ref(), &prelim);
    let context = GuestContext::new(&export.whole.tables);
    let (result, win) = step(progress, "counting exposed records and persons", || {
        let input = ImpactInput {
            scan: &exposure.scan,
            tables: &export.whole.tables,
            created_until,
            hunt: hunt.as_ref(),
            home_country: &opts.home_country,
            window: &prelim,
        };
        let mut first = FirstWalk::new(input, &context, |o| export.header(o), export.rows());
        let mut earliest = EarliestCreated::default();
        export
            .first_walk(&mut first, &exposure.objects, &mut earliest)
            .into_diagnostic()
            .wrap_err("cannot read the data export")?;
        let mut second = first.finish();
        export
            .second_walk(&mut second)
            .into_diagnostic()
            .wrap_err("cannot read the data export")?;
        let win = window(&exposure, Some(earliest), hunt.as_ref());
        check_discovered(opts, &win)?;
        Ok((second.finish(&win), win))
    })?;
    drop(export);
    let access = match (result.confirmed.known, result.confirmed.records) {
        (false, _) => OutsideAccess::NoLogs,
        (true, Some(n)) if n > 0 => OutsideAccess::Seen,
        _ => OutsideAccess::NoneSeen,
    };
    let mut coverage = result.coverage.clone();
    for g in result.gaps.iter().chain(exposure.scan.coverage.iter()) {
        if !coverage.gaps.contains(g) {
            coverage.gaps.push(g.clone());
        }
    }
    let case = Case {
        kind: IncidentKind::GuestExposure,
        actor: None,
        identity_reach: None,
        window: win,
        coverage,
        access,
        ruled_out: result.ruled_out,
        // Records open to site guests could be viewed by anyone on the internet.
        public_exposure: true,
    };
    assemble(opts, case, result)
}

/// The metadata read once and judged at the day of knowing (or "now"); when the history shows
/// the exposure began before the Winter '21 lockdown, judged again under the rules of its
/// start.
fn exposure(
    opts: &InvestigateOptions,
    progress: &dyn Progress,
    metadata: &Path,
) -> Result<Exposure> {
    let first_as_of = opts.discovered.unwrap_or(opts.now);
    let (tree, mut scan) = step(progress, "scanning metadata", || {
        let tree = Tree::load(metadata, opts.assignments.as_deref())?;
        let scan = tree.analyze(first_as_of);
        Ok((tree, scan))
    })?;
    let mut objects = exposing(&scan);
    let history = match &opts.history {
        Some(dir) => Some(step(progress, "reading metadata history", || {
            scan_history(dir, &objects, opts.assignments.as_deref())
        })?),
        None => None,
    };
    if let Some(start) = history.as_ref().and_then(|h| h.start)
        && start < LOCKDOWN
        && first_as_of >= LOCKDOWN
    {
        scan = tree.analyze(start);
        objects = exposing(&scan);
    }
    Ok(Exposure {
        scan,
        objects,
        history,
    })
}

/// The confirmed set's evidence: a finished hunt report, or the logs read now.
fn hunt(
    opts: &InvestigateOptions,
    progress: &dyn Progress,
    export: &StreamedExport,
) -> Result<Option<HuntReport>> {
    if let Some(path) = &opts.hunt_report {
        let bytes = fs_err::read(path).into_diagnostic()?;
        let report: HuntReport = serde_json::from_slice(&bytes)
            .into_diagnostic()
            .wrap_err_with(|| format!("{}: not an `ajar.hunt/1` report", path.display()))?;
        return Ok(Some(report));
    }
    if opts.logs.is_empty() {
        return Ok(None);
    }
    step(progress, "reading logs", || {
        super::logs::hunt(
            opts,
            export.whole.table("User"),
            export.key_prefixes(),
            Vec::new(),
        )
    })
    .map(Some)
}

/// The window of the exposure; `earliest`: the first `CreatedDate` of the exposed objects'
/// rows, once read.
fn window(
    exposure: &Exposure,
    earliest: Option<EarliestCreated>,
    hunt: Option<&HuntReport>,
) -> Window {
    let objects = &exposure.objects;
    let audit = hunt.map_or(&[][..], |h| h.audit.as_slice());
    let log_first = hunt.and_then(|h| h.coverage.iter().map(|c| c.first).min());
    let elements = if objects.is_empty() {
        "no guest record access".to_owned()
    } else {
        format!(
            "guest record access to {}",
            objects.iter().cloned().collect::<Vec<_>>().join(", ")
        )
    };
    // A change to a guest profile that reads an exposed object opens or closes the window.
    let guest_profiles = exposure
        .scan
        .principals
        .iter()
        .filter(|p| p.kind == PrincipalKind::Guest)
        .filter(|p| p.objects.iter().any(|o| objects.contains(&o.object)))
        .map(|p| p.name.clone())
        .collect();
    ajar_analyze::impact::window::window(&WindowEvidence {
        history: exposure.history.as_ref().map(|h| h.points.as_slice()),
        elements,
        audit,
        open_in_metadata: !objects.is_empty(),
        earliest_evidence: earliest.and_then(|e| e.evidence(log_first)),
        guest_profiles,
    })
}

/// Refuses a day of knowing before the exposure began.
fn check_discovered(opts: &InvestigateOptions, win: &Window) -> Result<()> {
    if let (Some(d), Some(start)) = (opts.discovered, win.start.date)
        && d < start
    {
        return Err(miette!(
            "`--discovered {d}` is before the exposure began ({start}, {}): check the date",
            win.start.detail
        ));
    }
    Ok(())
}

/// Records created after the fix were never exposed: the fix commit's instant when the history
/// has it, else the end of the closure day in the home zone.
fn created_until(
    opts: &InvestigateOptions,
    history: Option<&HistoryScan>,
    win: &Window,
) -> Option<jiff::Timestamp> {
    let zone = home_zone(&opts.home_country);
    history.and_then(|h| h.fix_time).or_else(|| {
        win.end.date.and_then(|d| {
            d.tomorrow()
                .ok()
                .and_then(|t| t.to_zoned_datetime(zone.clone()).ok())
                .map(|z| z.timestamp())
        })
    })
}
