//! `scan`: what guests and external users can reach, from a metadata tree.

use ajar_analyze::exposure::{ExposureOptions, analyze};
use ajar_model::exposure::ScanReport;
use ajar_model::finding::Finding;
use ajar_model::org::{Assignments, Org};
use ajar_model::span::CoverageGap;
use miette::{IntoDiagnostic, Result, WrapErr};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A metadata tree read once, to be judged at one date or several.
#[derive(Debug, Clone)]
pub struct Tree {
    org: Org,
    gaps: Vec<CoverageGap>,
    assignments: Option<Assignments>,
}

impl Tree {
    /// Reads the tree at `root` (sfdx or mdapi) and, when given, a PermissionSetAssignment
    /// CSV. Errors name the file and line.
    pub fn load(root: &Path, assignments: Option<&Path>) -> Result<Self> {
        let (org, gaps) = ajar_adapters::metadata::load(root)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot scan {}", root.display()))?;
        let assignments = match assignments {
            Some(p) => Some(ajar_adapters::metadata::parse_assignments(p).into_diagnostic()?),
            None => None,
        };
        Ok(Self {
            org,
            gaps,
            assignments,
        })
    }

    /// The exposure report under the platform rules of `as_of`.
    pub fn analyze(&self, as_of: jiff::civil::Date) -> ScanReport {
        let options = ExposureOptions {
            as_of,
            assignments: self.assignments.clone(),
        };
        analyze(&self.org, self.gaps.clone(), &options)
    }
}

/// What `scan` reads and how it judges it.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// The metadata tree.
    pub path: PathBuf,
    /// The date whose platform rules apply, and against which baseline entries expire.
    pub as_of: jiff::civil::Date,
    /// A PermissionSetAssignment CSV; without it, permission sets are candidates.
    pub assignments: Option<PathBuf>,
    /// An older tree: report only the findings opened since (and those closed).
    pub diff: Option<PathBuf>,
    /// A baseline file whose unexpired entries suppress the findings they cover.
    pub baseline: Option<PathBuf>,
}

impl ScanOptions {
    /// The tree at `path`, judged at `as_of`, with nothing else.
    pub fn new(path: PathBuf, as_of: jiff::civil::Date) -> Self {
        Self {
            path,
            as_of,
            assignments: None,
            diff: None,
            baseline: None,
        }
    }
}

/// What `scan` found.
#[derive(Debug, Clone)]
pub struct ScanOutcome {
    /// The report, after the diff and the baseline.
    pub report: ScanReport,
    /// Notes for the user: baseline entries that expired or match nothing.
    pub notes: Vec<String>,
}

/// The identity of a finding across trees and runs (lines move; these do not).
fn key(
    f: &Finding,
) -> (
    &str,
    &Option<String>,
    &Option<String>,
    &Option<String>,
    &str,
) {
    (&f.code, &f.site, &f.principal, &f.object, &f.message)
}

/// Keeps in `report` the findings `before` lacks, and lists in `report.closed` those of
/// `before` that are gone.
fn diff(report: &mut ScanReport, before: &ScanReport) {
    let old_keys: BTreeSet<_> = before.findings.iter().map(key).collect();
    let new_keys: BTreeSet<_> = report.findings.iter().map(key).collect();
    let closed: Vec<Finding> = before
        .findings
        .iter()
        .filter(|f| !new_keys.contains(&key(f)))
        .cloned()
        .collect();
    report.findings.retain(|f| !old_keys.contains(&key(f)));
    report.closed = closed;
}

/// Runs a scan: the tree, then the diff against an older tree and the baseline when asked.
pub fn scan(opts: &ScanOptions) -> Result<ScanOutcome> {
    let mut report = Tree::load(&opts.path, opts.assignments.as_deref())?.analyze(opts.as_of);
    if let Some(old) = &opts.diff {
        let before = Tree::load(old, opts.assignments.as_deref())?.analyze(opts.as_of);
        diff(&mut report, &before);
    }
    let mut notes = Vec::new();
    if let Some(path) = &opts.baseline {
        let baseline = crate::baseline::read(path)?;
        notes = baseline.apply(&mut report.findings, opts.as_of);
    }
    Ok(ScanOutcome { report, notes })
}
