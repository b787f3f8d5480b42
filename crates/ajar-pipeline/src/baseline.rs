//! `baseline`: today's findings accepted, each with a reason and an expiry date, so that CI
//! fails only on new ones (`scan --baseline`).

use crate::scan::Tree;
use ajar_model::finding::Finding;
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The baseline file's schema identifier.
pub const SCHEMA: &str = "ajar.baseline/1";

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The rule's code.
    pub code: String,
    /// The file the finding points at.
    pub file: String,
    /// The object, when the finding names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// The principal, when the finding names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// Why it is accepted.
    pub reason: String,
    /// The day after which the finding fires again.
    pub expires: jiff::civil::Date,
}

/// A baseline file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    /// [`SCHEMA`].
    pub schema: String,
    /// The accepted findings, sorted.
    pub entries: Vec<Entry>,
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
    pub fn apply(&self, findings: &mut [Finding], today: jiff::civil::Date) -> Vec<String> {
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

    /// The file's bytes: pretty JSON and a final newline.
    pub fn to_json(&self) -> Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(self).into_diagnostic()?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// Reads a baseline file.
pub fn read(path: &Path) -> Result<Baseline> {
    let bytes = fs_err::read(path).into_diagnostic()?;
    let b: Baseline = serde_json::from_slice(&bytes).map_err(|e| {
        miette!(
            "{}:{}: not a baseline file: {}",
            path.display(),
            e.line(),
            kind(&e)
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

fn kind(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Io => "cannot read",
        serde_json::error::Category::Syntax => "malformed JSON",
        serde_json::error::Category::Data => "unexpected content",
        serde_json::error::Category::Eof => "unexpected end of file",
    }
}

/// What a new baseline covers.
#[derive(Debug, Clone)]
pub struct BaselineOptions {
    /// The metadata tree.
    pub path: PathBuf,
    /// The date whose platform rules apply.
    pub as_of: jiff::civil::Date,
    /// A PermissionSetAssignment CSV, as for the scan.
    pub assignments: Option<PathBuf>,
    /// Recorded in every entry.
    pub reason: String,
    /// When the entries expire (default: 90 days after `as_of`).
    pub expires: Option<jiff::civil::Date>,
}

/// Scans the tree and accepts every finding until the expiry date. Returns the baseline and
/// that date.
pub fn create(opts: &BaselineOptions) -> Result<(Baseline, jiff::civil::Date)> {
    let report = Tree::load(&opts.path, opts.assignments.as_deref())?.analyze(opts.as_of);
    let expires = match opts.expires {
        Some(d) => d,
        None => opts
            .as_of
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
            reason: opts.reason.clone(),
            expires,
        })
        .collect();
    entries.sort();
    entries.dedup();
    let baseline = Baseline {
        schema: SCHEMA.to_owned(),
        entries,
    };
    Ok((baseline, expires))
}
