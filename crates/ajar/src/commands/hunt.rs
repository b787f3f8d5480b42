//! `ajar hunt`: which records outsiders read, from Salesforce logs. Maps the arguments to
//! `ajar_pipeline::hunt`'s options, runs it, renders the report and notes on stderr.

mod args;

pub(crate) use args::HuntArgs;

use crate::cli::Ctx;
use crate::output::{Sensitivity, emit};
use ajar_model::event::PrincipalClass;
use ajar_model::sfid::SfId;
use ajar_pipeline::emit::Emit;
use ajar_pipeline::hunt::{HuntOptions, Users, hunt_with_tables, indicators};
use args::Format;
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// The pipeline's options from the arguments; bad values stop the run (exit 2).
fn options(a: &HuntArgs) -> Result<HuntOptions> {
    let mut users = Users::default();
    for g in &a.guest_users {
        let id = SfId::parse(g).map_err(|e| miette!("`--guest-user {g}`: {e}"))?;
        users.guests.insert(id);
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
    if a.threshold.is_some_and(|t| !(t.is_finite() && t > 0.0)) {
        return Err(miette!("`--threshold` must be a number above 0 (e.g. 10)"));
    }
    if let Some(out) = &a.output {
        let mut inputs: Vec<&Path> = a
            .inputs
            .iter()
            .chain(&a.logs)
            .map(PathBuf::as_path)
            .collect();
        let files = [&a.geoip, &a.users, &a.export].into_iter().flatten();
        inputs.extend(files.chain(&a.ioc).map(PathBuf::as_path));
        crate::output::refuse_over_inputs(out, "--output", &inputs)?;
    }
    Ok(HuntOptions {
        geoip: a.geoip.clone(),
        users,
        users_csv: a.users.clone(),
        api_detail: false,
        indicators: indicators(&a.ioc, &a.actor)?,
        export: a.export.clone(),
        principals: a
            .principal
            .iter()
            .map(|p| PrincipalClass::from(*p))
            .collect(),
        since,
        until,
        objects: a.object.iter().cloned().collect(),
        outside: (a.outside.as_deref())
            .map(|c| crate::output::country_code("--outside", c))
            .transpose()?,
        key_prefixes,
        strict: a.strict,
        tz: a.tz.clone(),
        locale: a.locale.clone(),
        chunk_bytes: a.chunk_bytes.unwrap_or(0),
        emit: Emit::parse(&a.emit)?,
        keep_requests: false,
        detect: Some(a.threshold),
    })
}

/// Runs `ajar hunt`.
pub(crate) fn run(args: HuntArgs, ctx: &Ctx) -> Result<u8> {
    let opts = options(&args)?;
    let started = std::time::Instant::now();
    let inputs: Vec<PathBuf> = args.inputs.iter().chain(&args.logs).cloned().collect();
    let (report, tables) = hunt_with_tables(&inputs, &opts)?;
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
    let failing = args
        .fail_on
        .is_some_and(|t| report.findings.iter().any(|f| f.severity <= t));
    Ok(if failing {
        crate::EXIT_FINDINGS
    } else {
        crate::EXIT_OK
    })
}

/// The detections' docs, for SARIF.
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
