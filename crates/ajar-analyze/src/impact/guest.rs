//! Which exported rows the effective guest paths reach, one row at a time (issue #19): each
//! object's paths are prepared from its header, then every row is judged as it comes and, when
//! exposed, counted at once ([`super::tally`]); nothing of a row is kept but a bit saying it was
//! exposed. The rows may come from memory or from the export read as a stream.

mod plan;

use super::criteria::Lookups;
use super::reach::Users;
use super::rowset::RowSet;
use super::tally::{ObjectView, Tally};
use ajar_model::classify::DataClass;
use ajar_model::export::{Row, RowProblem, RowProblemKind, Table};
use ajar_model::exposure::ScanReport;
use ajar_model::sfid::SfId;
use ajar_model::span::{CoverageGap, Span};
use plan::{AccessNote, ObjectPlan};
use std::collections::{BTreeMap, BTreeSet};

/// An exposed object once its rows are read: its readable fields and which of its rows were
/// exposed (by their place among the rows given), for the second walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reached {
    /// The readable fields, by name, with their classes.
    pub(super) fields: BTreeMap<String, Option<DataClass>>,
    /// The exposed rows' places.
    pub(super) rows: RowSet,
}

impl Reached {
    /// The object as the counting walks see it.
    pub(super) fn view<'a>(&'a self, name: &'a str) -> ObjectView<'a> {
        ObjectView {
            name,
            fields: &self.fields,
        }
    }
}

/// The guest paths of a scan, fed one object's rows after another: [`GuestRows::objects`] says
/// which objects to feed and in which order; each is fed with [`GuestRows::begin`], its rows with
/// [`GuestRows::row`] and [`GuestRows::end`].
pub(super) struct GuestRows<'a> {
    notes: Vec<AccessNote>,
    plans: BTreeMap<String, ObjectPlan<'a>>,
    users: &'a Users,
    lookups: &'a Lookups,
    created_until: Option<jiff::Timestamp>,
    tally: Tally<'a>,
    reached: BTreeMap<String, Reached>,
    /// The gaps of the rows themselves (misaligned, repeated), per object kept.
    problem_gaps: Vec<CoverageGap>,
    current: Option<Current<'a>>,
}

/// The object being fed.
struct Current<'a> {
    plan: ObjectPlan<'a>,
    /// Its misaligned rows, exposed whatever their values say once the object is reached.
    misaligned: BTreeSet<SfId>,
    /// Whether the object is reached at all, so that its misaligned rows count.
    reached: bool,
    rows: RowSet,
    seen: usize,
}

impl<'a> GuestRows<'a> {
    /// Prepares every guest's read access of `scan`; `header` gives an exported object's table
    /// (its columns and files; its rows are not read here) by API name, any case.
    pub(super) fn new<'t: 'a>(
        scan: &'a ScanReport,
        users: &'a Users,
        lookups: &'a Lookups,
        header: impl Fn(&str) -> Option<&'t Table>,
        created_until: Option<jiff::Timestamp>,
        home: &'a str,
        expected: usize,
    ) -> Self {
        let (notes, plans) = plan::prepare(scan, users, header);
        Self {
            notes,
            plans,
            users,
            lookups,
            created_until,
            tally: Tally::new(home, expected),
            reached: BTreeMap::new(),
            problem_gaps: Vec::new(),
            current: None,
        }
    }

    /// The exported objects to feed, in the order to feed them.
    pub(super) fn objects(&self) -> Vec<String> {
        self.plans.keys().cloned().collect()
    }

    /// Whether [`GuestRows::begin`] needs `guest_owned` for `object`: its paths decide whether it
    /// is exposed at all only by whether a guest owns one of its rows, and it has misaligned rows
    /// (which count only then).
    pub(super) fn needs_survey(&self, object: &str, misaligned: bool) -> bool {
        misaligned && self.plans.get(object).is_some_and(|p| !p.labelled())
    }

    /// Whether a guest path of `object` counts `row` as guest-owned (the survey of
    /// [`GuestRows::needs_survey`]).
    pub(super) fn guest_owned(&self, object: &str, table: &Table, row: &Row) -> bool {
        self.plans
            .get(object)
            .is_some_and(|p| p.guest_owned(self.users, table, row))
    }

    /// The next rows are `object`'s; `problems` are its rows' problems as read, `guest_owned`
    /// whether any of its rows is guest-owned when [`GuestRows::needs_survey`] says so.
    pub(super) fn begin(&mut self, object: &str, problems: &[RowProblem], guest_owned: bool) {
        let Some(plan) = self.plans.remove(object) else {
            return;
        };
        let misaligned: BTreeSet<SfId> = problems
            .iter()
            .filter(|p| p.kind == RowProblemKind::Misaligned)
            .map(|p| p.id)
            .collect();
        // Only a guest-owned row reaches an object whose paths are all guest ownership: the
        // survey tells before its rows are read (asked only when misaligned rows depend on it).
        let reached = plan.labelled() || (guest_owned && !misaligned.is_empty());
        self.tally.object(ObjectView {
            name: &plan.name,
            fields: &plan.fields,
        });
        self.current = Some(Current {
            plan,
            misaligned,
            reached,
            rows: RowSet::default(),
            seen: 0,
        });
    }

    /// A row of the current object; `looked_up`: outsiders read it.
    pub(super) fn row(&mut self, table: &Table, row: &Row, looked_up: bool) {
        let Some(cur) = self.current.as_mut() else {
            return;
        };
        let at = cur.seen;
        cur.seen += 1;
        let reached = cur.plan.reaches(self.users, self.lookups, table, row);
        // Records created after the closure were never exposed; a misaligned row is, whatever
        // its values say.
        let exposed = (reached && created_ok(table, row, self.created_until))
            || (cur.reached && cur.misaligned.contains(&row.id));
        if exposed {
            cur.rows.insert(at);
            let view = ObjectView {
                name: &cur.plan.name,
                fields: &cur.plan.fields,
            };
            self.tally.record(view, table, row, looked_up);
        }
    }

    /// The current object's rows are all fed; `files` are the files it was read from,
    /// `problems` its rows' problems.
    pub(super) fn end(&mut self, files: &[String], problems: &[RowProblem]) {
        let Some(cur) = self.current.take() else {
            return;
        };
        let Current {
            plan, rows, seen, ..
        } = cur;
        let labels = plan.labels();
        for (index, note) in self.notes.iter_mut().enumerate() {
            note.object_read(&plan, index, seen, files);
        }
        if labels.is_empty() {
            self.tally.close(None);
            return;
        }
        self.tally.close(Some(&labels));
        self.problem_gaps.extend(problem_gaps(&plan.name, problems));
        self.reached.insert(
            plan.name,
            Reached {
                fields: plan.fields,
                rows,
            },
        );
    }

    /// The first walk's tally, the gaps in the order the paths were read, and the objects
    /// reached.
    pub(super) fn finish(self) -> (Tally<'a>, Vec<CoverageGap>, BTreeMap<String, Reached>) {
        let mut gaps: Vec<CoverageGap> =
            self.notes.into_iter().flat_map(AccessNote::gaps).collect();
        gaps.extend(self.problem_gaps);
        (self.tally, gaps, self.reached)
    }
}

fn created_ok(table: &Table, row: &Row, until: Option<jiff::Timestamp>) -> bool {
    let Some(until) = until else { return true };
    match table
        .value(row, "CreatedDate")
        .and_then(|c| c.trim().parse::<jiff::Timestamp>().ok())
    {
        Some(t) => t <= until,
        None => true,
    }
}

/// Rows the export could not give as its header says (issue #15). A misaligned row counts as
/// exposed whatever its values say, as an undecidable criterion does: its values may have moved
/// to another column. A dropped duplicate `Id` may hide a person. Both are gaps, never silent.
fn problem_gaps(object: &str, problems: &[RowProblem]) -> Vec<CoverageGap> {
    let mut gaps = Vec::new();
    for kind in [RowProblemKind::Misaligned, RowProblemKind::DuplicateId] {
        let found: Vec<&RowProblem> = problems.iter().filter(|p| p.kind == kind).collect();
        let Some(first) = found.first() else {
            continue;
        };
        let n = found.len();
        let (kind_name, message) = match kind {
            RowProblemKind::Misaligned => (
                "misaligned-export-rows",
                format!(
                    "{n} `{object}` row(s) have more or fewer fields than the header (first: row {} of {}): counted as exposed; their values, and the persons they hold, cannot be trusted",
                    first.source.line, first.source.file
                ),
            ),
            RowProblemKind::DuplicateId => (
                "duplicate-export-id",
                format!(
                    "{n} `{object}` row(s) repeat an earlier row's `Id` with other values (first: row {} of {}): only the first is counted; a person held only by a later one is missed",
                    first.source.line, first.source.file
                ),
            ),
        };
        gaps.push(CoverageGap {
            kind: kind_name.to_owned(),
            message,
            span: Some(first.source.clone()),
        });
    }
    gaps
}

/// The span of an object's first file at `line`.
fn first_file(files: &[String], line: u64) -> Option<Span> {
    files.first().map(|f| Span::new(f.clone(), line))
}
