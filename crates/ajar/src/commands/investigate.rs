//! `ajar investigate`: from the org's metadata, history, logs and data export to the incident
//! facts, the legal decisions and the drafts (issue #7). Maps the arguments to
//! `ajar_pipeline::investigate`'s options, runs it, and writes the files and the summary.

mod args;

pub(crate) use args::InvestigateArgs;

use crate::cli::{Ctx, today};
use crate::incident::{OutputOptions, summary, write};
use ajar_pipeline::emit::Emit;
use ajar_pipeline::investigate::{InvestigateOptions, investigate, write_exposed};
use miette::Result;
use std::path::{Path, PathBuf};

/// Refuses outputs over inputs and dates that cannot be (issue #15).
fn check_args(args: &InvestigateArgs) -> Result<()> {
    let mut inputs: Vec<&Path> = args.metadata.iter().map(PathBuf::as_path).collect();
    inputs.extend(args.ioc.iter().map(PathBuf::as_path));
    inputs.extend(args.export.iter().map(PathBuf::as_path));
    inputs.extend(args.logs.iter().map(PathBuf::as_path));
    for p in [
        &args.hunt_report,
        &args.audit_trail,
        &args.history,
        &args.geoip,
        &args.assignments,
    ]
    .into_iter()
    .flatten()
    {
        inputs.push(p.as_path());
    }
    crate::output::refuse_over_inputs(&args.out, "--out", &inputs)?;
    if let Some(d) = args.discovered {
        // The machine's clock, not `--as-of-now`: a day of knowing after today is a typo.
        let today = jiff::ZonedDateTime::now().date();
        if today.tomorrow().is_ok_and(|t| d > t) {
            return Err(miette::miette!(
                "`--discovered {d}` is in the future (today is {today})"
            ));
        }
    }
    Ok(())
}

/// The pipeline's options from the arguments.
fn options(args: InvestigateArgs) -> InvestigateOptions {
    InvestigateOptions {
        metadata: args.metadata,
        ioc: args.ioc,
        actor: args.actor,
        export: args.export,
        export_encoding: args.export_encoding,
        logs: args.logs,
        hunt_report: args.hunt_report,
        audit_trail: args.audit_trail,
        audit_tz: args.audit_tz,
        audit_locale: args.audit_locale,
        history: args.history,
        geoip: args.geoip,
        discovered: args.discovered,
        aware_at: args.aware_at,
        home_country: args.home_country,
        jurisdiction: args.jurisdiction,
        controller_establishment: args.controller_establishment,
        processor: args.processor,
        public_body: args.public_body,
        encrypted: args.encrypted,
        now: args.as_of_now.unwrap_or_else(today),
        assignments: args.assignments,
    }
}

pub(crate) fn run(args: InvestigateArgs, ctx: &Ctx) -> Result<u8> {
    check_args(&args)?;
    let emit = Emit::parse(&args.emit)?;
    if let Some(e) = &emit {
        e.prepare(&["exposed"])?;
    }
    let output = OutputOptions {
        out: args.out.clone(),
        lang: args.lang,
        redact: args.redact,
    };
    let inv = investigate(&options(args), &ctx.spinner())?;
    let written = write(&inv, &output)?;
    if let Some(e) = &emit {
        let t = write_exposed(&inv, e)?;
        ctx.note(&format!(
            "emit: {} exposed record(s) in {} file(s) under {}",
            t.rows,
            t.files.len(),
            e.dir.display()
        ));
    }
    let text = summary(&inv, output.lang.lang(), &written, &output.out);
    crate::output::emit(None, text.as_bytes(), crate::output::Sensitivity::Public)?;
    Ok(crate::EXIT_OK)
}
