//! `ajar rule`: print a rule's documentation, or list every rule.

use crate::cli::Ctx;
use crate::output::{Sensitivity, emit};
use clap::Args;
use miette::{Result, miette};
use std::fmt::Write;

/// Explain a rule, or list them all.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  ajar rule GUEST-002\n  ajar rule --list")]
pub(crate) struct RuleArgs {
    /// The rule's code (`GUEST-001`).
    #[arg(required_unless_present = "list")]
    pub(crate) code: Option<String>,
    /// List every rule (scan rules, then hunt detections): code, severity, name.
    #[arg(long, conflicts_with = "code")]
    pub(crate) list: bool,
}

/// The text `ajar rule CODE` prints.
pub(crate) fn describe(rule: &dyn ajar_analyze::rules::Rule) -> String {
    page(
        rule.code(),
        rule.name(),
        rule.severity(),
        rule.since(),
        rule.doc(),
    )
}

/// A scan rule's or a hunt detection's page (issue #17: `HUNT-…` codes too).
fn page(
    code: &str,
    name: &str,
    severity: ajar_model::finding::Severity,
    since: &str,
    doc: &str,
) -> String {
    let mut out = format!(
        "# {code} {name}\n\nSeverity: {} (raised or lowered by context). Since {since}.\n\n",
        severity.as_str()
    );
    out.push_str(&ajar_render::scan::markdown::dedent(doc));
    out
}

pub(crate) fn run(args: RuleArgs, _ctx: &Ctx) -> Result<u8> {
    let text = if args.list {
        let mut out = String::new();
        for r in ajar_analyze::rules::RULES {
            let _ = writeln!(
                out,
                "{:<10} {:<8} {}",
                r.code(),
                r.severity().as_str(),
                r.name()
            );
        }
        // issue #17: the hunt detections after the scan rules.
        for d in ajar_analyze::detect::DETECTIONS {
            let _ = writeln!(
                out,
                "{:<10} {:<8} {}",
                d.code(),
                d.severity().as_str(),
                d.name()
            );
        }
        out
    } else {
        let code = args.code.unwrap_or_default();
        if let Some(rule) = ajar_analyze::rules::find(&code) {
            describe(rule)
        } else {
            let d = ajar_analyze::detect::find(&code).ok_or_else(|| {
                miette!(
                    help = "`ajar rule --list` shows every code",
                    "unknown rule `{code}`"
                )
            })?;
            page(d.code(), d.name(), d.severity(), d.since(), d.doc())
        }
    };
    emit(None, text.as_bytes(), Sensitivity::Public)?;
    Ok(crate::EXIT_OK)
}
