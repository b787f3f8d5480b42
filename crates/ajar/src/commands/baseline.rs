//! `ajar baseline`: accept today's findings, each with a reason and an expiry date.

use crate::cli::Ctx;
use crate::output::{Sensitivity, write_atomic};
use ajar_model::finding::Finding;
use clap::Args;
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The baseline file's schema identifier.
const SCHEMA: &str = "ajar.baseline/1";

/// Write a baseline of the current findings, so that CI fails only on new ones.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ajar baseline force-app --output ajar-baseline.json \\\n    --reason \"accepted, ticket SEC-12\" --expires 2027-03-31\n  ajar scan force-app --baseline ajar-baseline.json --fail-on high"
)]
pub(crate) struct BaselineArgs {
    /// The metadata tree.
    pub(crate) path: PathBuf,
    /// Where to write the baseline (JSON).
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: PathBuf,
    /// Why these findings are accepted (recorded in every entry).
    #[arg(long, default_value = "accepted when the baseline was created")]
    pub(crate) reason: String,
    /// When the entries expire and fire again (default: 90 days after --as-of).
    #[arg(long, value_name = "DATE")]
    pub(crate) expires: Option<jiff::civil::Date>,
    /// Apply the platform's guest rules of this date (default today).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<jiff::civil::Date>,
    /// As for `ajar scan`.
    #[arg(long, value_name = "CSV")]
    pub(crate) assignments: Option<PathBuf>,
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub(crate) code: String,
    pub(crate) file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) object: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) principal: Option<String>,
    pub(crate) reason: String,
    pub(crate) expires: jiff::civil::Date,
}

/// A baseline file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Baseline {
    pub(crate) schema: String,
    pub(crate) entries: Vec<Entry>,
}

impl Entry {
    fn matches(&self, f: &Finding) -> bool {
        self.code == f.code
            && self.file == f.file
            && (self.object.is_none() || self.object == f.object)
            && (self.principal.is_none() || self.principal == f.principal)
    }
}

impl Baseline {
    /// Marks the findings an unexpired entry covers as suppressed. Returns notes about
    /// expired entries (their findings fire again) and entries that matched nothing.
    pub(crate) fn apply(&self, findings: &mut [Finding], today: jiff::civil::Date) -> Vec<String> {
        let mut notes = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let expired = e.expires < today;
            let mut used = false;
            for f in findings.iter_mut().filter(|f| e.matches(f)) {
                used = true;
                if !expired && f.suppressed.is_none() {
                    f.suppressed = Some(format!("{} (until {})", e.reason, e.expires));
                }
            }
            if expired {
                notes.push(format!(
                    "baseline entry {} ({} {}) expired on {}: its findings fire again",
                    i + 1,
                    e.code,
                    e.file,
                    e.expires
                ));
            } else if !used {
                notes.push(format!(
                    "baseline entry {} ({} {}) matches no finding: remove it",
                    i + 1,
                    e.code,
                    e.file
                ));
            }
        }
        notes
    }
}

/// Reads a baseline file.
pub(crate) fn read(path: &Path) -> Result<Baseline> {
    let bytes = fs_err::read(path).into_diagnostic()?;
    let b: Baseline = serde_json::from_slice(&bytes).map_err(|e| {
        miette!(
            "{}:{}: not a baseline file: {}",
            path.display(),
            e.line(),
            e.classify_kind()
        )
    })?;
    if b.schema != SCHEMA {
        return Err(miette!(
            "{}: unknown baseline schema `{}` (expected `{SCHEMA}`)",
            path.display(),
            b.schema
        ));
    }
    Ok(b)
}

trait ClassifyKind {
    fn classify_kind(&self) -> &'static str;
}

impl ClassifyKind for serde_json::Error {
    fn classify_kind(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "cannot read",
            serde_json::error::Category::Syntax => "malformed JSON",
            serde_json::error::Category::Data => "unexpected content",
            serde_json::error::Category::Eof => "unexpected end of file",
        }
    }
}

pub(crate) fn run(args: BaselineArgs, ctx: &Ctx) -> Result<u8> {
    let as_of = args.as_of.unwrap_or_else(super::scan::today);
    let opts = super::scan::ScanOptions {
        as_of,
        assignments: args.assignments.clone(),
    };
    let report = super::scan::analyze_tree(&args.path, &opts)?;
    let expires = match args.expires {
        Some(d) => d,
        None => as_of
            .checked_add(jiff::Span::new().days(90))
            .into_diagnostic()
            .wrap_err("cannot compute the expiry date")?,
    };
    let mut entries: Vec<Entry> = report
        .findings
        .iter()
        .map(|f| Entry {
            code: f.code.clone(),
            file: f.file.clone(),
            object: f.object.clone(),
            principal: f.principal.clone(),
            reason: args.reason.clone(),
            expires,
        })
        .collect();
    entries.sort();
    entries.dedup();
    let n = entries.len();
    let baseline = Baseline {
        schema: SCHEMA.to_owned(),
        entries,
    };
    let mut bytes = serde_json::to_vec_pretty(&baseline).into_diagnostic()?;
    bytes.push(b'\n');
    write_atomic(&args.output, &bytes, Sensitivity::Public)?;
    ctx.note(&format!(
        "ajar baseline: {n} entries written to {}, expiring {expires}",
        args.output.display()
    ));
    Ok(crate::EXIT_OK)
}
