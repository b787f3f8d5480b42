//! What `ajar hunt` writes: the report in its `--format`, and the notes on stderr (files
//! skipped or cut short, tables emitted, the run's figures).

use super::args::Format;
use crate::cli::Ctx;
use ajar_model::event::HuntReport;
use ajar_pipeline::emit::Emit;
use ajar_render::tables::Written;
use miette::{IntoDiagnostic, Result};

/// The report's bytes in `format`.
pub(super) fn render(report: &HuntReport, format: Format) -> Result<Vec<u8>> {
    Ok(match format {
        Format::Text => ajar_render::hunt::text::render(report).into_bytes(),
        Format::Json => ajar_render::hunt::json::render(report)
            .into_diagnostic()?
            .into_bytes(),
        Format::Csv => ajar_render::hunt::csv::render(report).into_diagnostic()?,
        Format::Sarif => ajar_render::hunt::sarif::render(report, &detection_infos())
            .into_diagnostic()?
            .into_bytes(),
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

/// The files skipped and the files cut short, before the report.
pub(super) fn note_gaps(ctx: &Ctx, report: &HuntReport) {
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
}

/// The tables emitted and the run's figures, after the report.
pub(super) fn note_summary(
    ctx: &Ctx,
    report: &HuntReport,
    tables: Option<&Written>,
    emit: Option<&Emit>,
    started: std::time::Instant,
) {
    if let (Some(t), Some(emit)) = (tables, emit) {
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
}
