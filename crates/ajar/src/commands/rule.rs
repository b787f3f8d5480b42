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
    /// List every rule: code, severity, name.
    #[arg(long, conflicts_with = "code")]
    pub(crate) list: bool,
}

/// The text `ajar rule CODE` prints.
pub(crate) fn describe(rule: &dyn ajar_analyze::rules::Rule) -> String {
    let mut out = format!(
        "# {} {}\n\nSeverity: {} (raised or lowered by context). Since {}.\n\n",
        rule.code(),
        rule.name(),
        rule.severity().as_str(),
        rule.since()
    );
    out.push_str(&ajar_render::scan_markdown::dedent(rule.doc()));
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
        out
    } else {
        let code = args.code.unwrap_or_default();
        let rule = ajar_analyze::rules::find(&code).ok_or_else(|| {
            miette!(
                help = "`ajar rule --list` shows every code",
                "unknown rule `{code}`"
            )
        })?;
        describe(rule)
    };
    emit(None, text.as_bytes(), Sensitivity::Public)?;
    Ok(crate::EXIT_OK)
}
