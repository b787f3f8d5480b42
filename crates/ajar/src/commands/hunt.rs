//! `ajar hunt`: which records outsiders read, from Salesforce logs. Maps the arguments to
//! `ajar_pipeline::hunt`'s options, runs it, and writes the report and notes (`out`).

mod args;
mod out;

pub(crate) use args::HuntArgs;

use crate::cli::Ctx;
use crate::output::{Sensitivity, emit, emit_with};
use ajar_model::event::PrincipalClass;
use ajar_model::sfid::SfId;
use ajar_pipeline::emit::Emit;
use ajar_pipeline::hunt::{HuntOptions, Hunted, Users, hunt_keeping, indicators};
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
    let Hunted {
        report,
        tables,
        spent,
    } = hunt_keeping(&inputs, &opts)?;
    out::note_gaps(ctx, &report);
    if args.format == args::Format::Json {
        // Streamed: the JSON of a hunt over every principal is tens of MB.
        emit_with(args.output.as_deref(), Sensitivity::Personal, |w| {
            ajar_render::hunt::json::write(&report, w)
        })
    } else {
        let bytes = out::render(&report, args.format)?;
        emit(args.output.as_deref(), &bytes, Sensitivity::Personal)
    }
    .wrap_err("cannot write the hunt report")?;
    out::note_summary(ctx, &report, tables.as_ref(), opts.emit.as_ref(), started);
    let failing = args
        .fail_on
        .is_some_and(|t| report.findings.iter().any(|f| f.severity <= t));
    // The process ends next: freeing every record and IP of a large report one by one took
    // a tenth of the run's serial end, and freeing the states it was made from while it was
    // written slowed the writing (issue #19).
    std::mem::forget(report);
    std::mem::forget(spent);
    Ok(if failing {
        crate::EXIT_FINDINGS
    } else {
        crate::EXIT_OK
    })
}
