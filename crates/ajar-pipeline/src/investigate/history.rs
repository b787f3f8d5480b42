//! The window from the metadata history: each commit's tree is scanned like the metadata
//! itself, under the platform rules of the commit's date.

use crate::scan::Tree;
use ajar_adapters::history::History;
use ajar_analyze::exposure::exposing;
use ajar_analyze::impact::window::HistoryPoint;
use miette::{IntoDiagnostic, Result, WrapErr};
use std::collections::BTreeSet;
use std::path::Path;

/// The history, scanned.
#[derive(Debug, Clone)]
pub(super) struct HistoryScan {
    /// Whether each commit exposed the objects, oldest first.
    pub(super) points: Vec<HistoryPoint>,
    /// First commit of the last exposing run.
    pub(super) start: Option<jiff::civil::Date>,
    /// The instant of the commit that closed it.
    pub(super) fix_time: Option<jiff::Timestamp>,
}

/// Scans every commit; `objects` are the objects the current metadata exposes (any guest
/// record access counts when it is empty).
pub(super) fn scan_history(
    dir: &Path,
    objects: &BTreeSet<String>,
    assignments: Option<&Path>,
) -> Result<HistoryScan> {
    let history = History::open(dir).into_diagnostic()?;
    let commits = history.commits().into_diagnostic()?;
    let mut points = Vec::with_capacity(commits.len());
    for c in &commits {
        let tmp = tempfile::tempdir().into_diagnostic()?;
        history.extract(&c.id, tmp.path()).into_diagnostic()?;
        let report = Tree::load(tmp.path(), assignments)
            .wrap_err_with(|| format!("{}: commit {}", dir.display(), c.short()))?
            .analyze(c.date);
        let exposed = exposing(&report);
        let present = if objects.is_empty() {
            !exposed.is_empty()
        } else {
            exposed.iter().any(|o| objects.contains(o))
        };
        points.push(HistoryPoint {
            commit: c.short().to_owned(),
            date: c.date,
            present,
        });
    }
    let last = points.iter().rposition(|p| p.present);
    let start = last.and_then(|l| {
        let first = points
            .get(..=l)
            .and_then(|run| run.iter().rposition(|p| !p.present))
            .map_or(0, |i| i + 1);
        points.get(first).map(|p| p.date)
    });
    let fix_time = last.and_then(|l| commits.get(l + 1)).map(|c| c.time);
    Ok(HistoryScan {
        points,
        start,
        fix_time,
    })
}
