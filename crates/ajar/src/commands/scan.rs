//! `ajar scan`: what guests and external users can reach, from a metadata tree.

use crate::cli::{Ctx, today};
use crate::output::{Sensitivity, emit};
use ajar_model::finding::Severity;
use ajar_pipeline::scan::{ScanOptions, ScanOutcome, scan};
use clap::{Args, ValueEnum};
use miette::Result;
use std::path::PathBuf;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people: site → object → severity, with the why.
    Text,
    /// `ajar.scan/1` (docs/scan.md).
    Json,
    /// For pull-request comments.
    Markdown,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
}

/// Compute what an unauthenticated guest or an external user can reach, offline.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ajar scan force-app\n  ajar scan src --format sarif --output ajar.sarif --fail-on high\n  ajar scan force-app --as-of 2020-06-01 --baseline ajar-baseline.json"
)]
pub(crate) struct ScanArgs {
    /// The metadata tree: an sfdx project or an mdapi `src/` directory.
    pub(crate) path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Write the report to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Apply the platform's guest rules of this date (YYYY-MM-DD; default today). Before
    /// 2020-10-10 the pre-Winter '21 rules apply.
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<jiff::civil::Date>,
    /// CSV export of PermissionSetAssignment with `Assignee.Profile.Name` and
    /// `PermissionSet.Name` columns; without it, permission sets are candidates.
    #[arg(long, value_name = "CSV")]
    pub(crate) assignments: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity remains after the baseline.
    #[arg(long, value_name = "SEVERITY", value_parser = crate::cli::parse_severity)]
    pub(crate) fail_on: Option<Severity>,
    /// Suppress findings listed in this baseline (`ajar baseline`); expired entries fire again.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Report only what changed against an older tree: findings opened (and those closed).
    #[arg(long, value_name = "OLD_TREE")]
    pub(crate) diff: Option<PathBuf>,
}

/// The rule docs the renderers need.
fn rule_infos() -> Vec<ajar_render::RuleInfo<'static>> {
    ajar_analyze::rules::RULES
        .iter()
        .map(|r| ajar_render::RuleInfo {
            code: r.code(),
            name: r.name(),
            doc: r.doc(),
            severity: r.severity(),
        })
        .collect()
}

pub(crate) fn run(args: ScanArgs, ctx: &Ctx) -> Result<u8> {
    let opts = ScanOptions {
        path: args.path.clone(),
        as_of: args.as_of.unwrap_or_else(today),
        assignments: args.assignments.clone(),
        diff: args.diff.clone(),
        baseline: args.baseline.clone(),
    };
    let ScanOutcome { report, notes } = scan(&opts)?;
    for line in notes {
        ctx.note(&line);
    }
    let bytes = match args.format {
        Format::Text => {
            ajar_render::scan::text::render(&report, ctx.color && args.output.is_none())
        }
        Format::Json => ajar_render::scan::json::render(&report),
        Format::Markdown => ajar_render::scan::markdown::render(&report),
        Format::Sarif => ajar_render::scan::sarif::render(&report, &rule_infos()),
    };
    emit(
        args.output.as_deref(),
        bytes.as_bytes(),
        Sensitivity::Public,
    )?;
    if args.format != Format::Text || args.output.is_some() {
        ctx.note(&format!(
            "ajar scan: {}",
            ajar_render::scan::text::summary(&report.findings)
        ));
    }
    let failing = args.fail_on.is_some_and(|threshold| {
        report
            .findings
            .iter()
            .any(|f| f.suppressed.is_none() && f.severity <= threshold)
    });
    Ok(if failing {
        crate::EXIT_FINDINGS
    } else {
        crate::EXIT_OK
    })
}
