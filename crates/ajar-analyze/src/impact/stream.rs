//! The impact of a guest exposure over an export given a row at a time (issue #19), so that a
//! caller can read the exposed objects' CSVs as streams instead of holding them: a first walk
//! ([`FirstWalk`]) judges and counts every row, a second ([`SecondWalk`]) takes the exposed
//! rows again, in the same order, for the notification list and the `exposed` table.
//! [`super::assess`] is the same two walks over tables held in memory.

use super::guest::{GuestRows, Reached};
use super::reach::Users;
use super::tally::{Lister, ObjectView};
use super::{Impact, ImpactInput, attribution, confirmed};
use crate::impact::criteria::Lookups;
use ajar_model::event::RequestEvidence;
use ajar_model::export::{Row, RowProblem, RowProblemKind, Table};
use ajar_model::incident::Window;
use ajar_model::sfid::SfId;
use ajar_model::span::CoverageGap;
use std::collections::{BTreeMap, BTreeSet};

/// What the guest paths need of the tables held whole (`User`, `Profile`, `RecordType`):
/// which users are guests, whose, and which own records as high-volume portal users; record
/// types' labels.
#[derive(Debug, Clone)]
pub struct GuestContext {
    users: Users,
    lookups: Lookups,
}

impl GuestContext {
    /// Learns them from `tables` (any other table in it is not read).
    pub fn new(tables: &BTreeMap<String, Table>) -> Self {
        Self {
            users: super::users(tables),
            lookups: super::lookups(tables),
        }
    }
}

/// The first walk. Give it, in the order [`FirstWalk::objects`] lists them, each object's rows
/// between [`FirstWalk::begin`] and [`FirstWalk::end`], through [`FirstWalk::row`]; the rows of
/// every other table read from the export through [`FirstWalk::other_row`].
pub struct FirstWalk<'a> {
    input: ImpactInput<'a>,
    guest: GuestRows<'a>,
    /// The records outsiders read: the only ones the confirmation looks up.
    looked_up: BTreeSet<SfId>,
    evidence: Option<&'a RequestEvidence>,
    /// Records created around a logged form submission (`attribution::near_submission`), the
    /// only ones that can be attributed to their creator.
    created: Vec<(jiff::Timestamp, SfId)>,
}

impl<'a> FirstWalk<'a> {
    /// Prepares the guest paths of `input.scan` against the exported objects `header` finds
    /// (by API name, any case: a table's columns and files; its rows are not read here).
    /// `rows`: about how many rows will be given (room is made for their persons' keys).
    pub fn new<'t: 'a>(
        input: ImpactInput<'a>,
        context: &'a GuestContext,
        header: impl Fn(&str) -> Option<&'t Table>,
        rows: usize,
    ) -> Self {
        let guest = GuestRows::new(
            input.scan,
            &context.users,
            &context.lookups,
            header,
            input.created_until,
            input.home_country,
            rows,
        );
        let looked_up = input
            .hunt
            .iter()
            .flat_map(|h| &h.accessed)
            .map(|a| a.record_id)
            .collect();
        Self {
            input,
            guest,
            looked_up,
            evidence: input.hunt.and_then(|h| h.requests.as_ref()),
            created: Vec::new(),
        }
    }

    /// The objects to give through [`FirstWalk::row`], in the order to give them.
    pub fn objects(&self) -> Vec<String> {
        self.guest.objects()
    }

    /// Whether [`FirstWalk::begin`] needs to know, before `object`'s rows, whether a guest owns
    /// any of them (rare: only misaligned rows of an object reached through guest ownership
    /// alone depend on it); then [`FirstWalk::guest_owned`] tells it row by row.
    pub fn needs_survey(&self, object: &str, problems: &[RowProblem]) -> bool {
        let misaligned = problems
            .iter()
            .any(|p| p.kind == RowProblemKind::Misaligned);
        self.guest.needs_survey(object, misaligned)
    }

    /// Whether a guest-ownership path of `object` counts `row`.
    pub fn guest_owned(&self, object: &str, table: &Table, row: &Row) -> bool {
        self.guest.guest_owned(object, table, row)
    }

    /// The next rows are `object`'s; `problems` its rows' problems, `guest_owned` the survey's
    /// answer when [`FirstWalk::needs_survey`] asked for one.
    pub fn begin(&mut self, object: &str, problems: &[RowProblem], guest_owned: bool) {
        self.guest.begin(object, problems, guest_owned);
    }

    /// A row of the current object (`table` gives its columns).
    pub fn row(&mut self, table: &Table, row: &Row) {
        self.created(table, row);
        let looked_up = self.looked_up.contains(&row.id);
        self.guest.row(table, row, looked_up);
    }

    /// Whether [`FirstWalk::other_row`] can tell anything: the logs hold form submissions, so
    /// the records created around them matter.
    pub fn wants_other_rows(&self) -> bool {
        self.evidence.is_some()
    }

    /// A row of a table read from the export but not listed by [`FirstWalk::objects`]: it may
    /// still be a record a logged form created.
    pub fn other_row(&mut self, table: &Table, row: &Row) {
        self.created(table, row);
    }

    fn created(&mut self, table: &Table, row: &Row) {
        if let Some(e) = self.evidence
            && let Some(c) = table
                .value(row, "CreatedDate")
                .and_then(|c| c.trim().parse::<jiff::Timestamp>().ok())
            && attribution::near_submission(e, c)
        {
            self.created.push((c, row.id));
        }
    }

    /// The current object's rows are all given; `files` and `problems` are its own.
    pub fn end(&mut self, files: &[String], problems: &[RowProblem]) {
        self.guest.end(files, problems);
    }

    /// Persons, confirmed reads and figures; the second walk is next.
    pub fn finish(self) -> SecondWalk<'a> {
        let Self {
            input,
            guest,
            mut created,
            ..
        } = self;
        created.sort_unstable();
        let (tally, gaps, reached) = guest.finish();
        // `created` moves into the closure, so it is let go once the reads are known.
        let counted = tally.finish(move |record_person| {
            confirmed::confirm(
                input.hunt,
                record_person,
                &created,
                input.created_until,
                input.home_country,
            )
        });
        SecondWalk {
            input,
            lister: counted.lister(),
            reached,
            gaps,
            current: None,
        }
    }
}

/// The second walk. Give it, in the order [`SecondWalk::objects`] lists them, each object's
/// rows again, all of them and in the same order as to the first walk, after
/// [`SecondWalk::begin`]; it takes the exposed ones.
pub struct SecondWalk<'a> {
    input: ImpactInput<'a>,
    lister: Lister<'a>,
    reached: BTreeMap<String, Reached>,
    gaps: Vec<CoverageGap>,
    /// The object being given, what the first walk found of it, and the place of its next
    /// row.
    current: Option<(String, Reached, usize)>,
}

impl SecondWalk<'_> {
    /// The objects to give again, in order: those with records exposed (each once).
    pub fn objects(&self) -> Vec<String> {
        self.reached.keys().cloned().collect()
    }

    /// The next rows are `object`'s.
    pub fn begin(&mut self, object: &str) {
        self.current = self
            .reached
            .remove(object)
            .map(|r| (object.to_owned(), r, 0));
    }

    /// A row of the current object, exposed or not.
    pub fn row(&mut self, table: &Table, row: &Row) {
        let Some((object, r, at)) = self.current.as_mut() else {
            return;
        };
        let here = *at;
        *at += 1;
        if r.rows.contains(here) {
            let view: ObjectView<'_> = r.view(object);
            self.lister.row(view, table, row);
        }
    }

    /// The impact; `window` is the exposure's (for the logs' coverage of it).
    pub fn finish(self, window: &Window) -> Impact {
        let Self {
            input,
            lister,
            mut gaps,
            ..
        } = self;
        let s = lister.finish();
        let coverage = confirmed::coverage(input.hunt, window);
        gaps.extend(coverage.gaps.iter().cloned());
        let ruled_out = input.hunt.is_some()
            && confirmed::covers_window(&coverage, window)
            && s.confirmed.records == Some(0);
        Impact {
            exposed: s.exposed,
            confirmed: s.confirmed,
            coverage,
            persons: s.persons,
            persons_by_country: s.persons_by_country,
            persons_without_channel: s.persons_without_channel,
            ruled_out,
            gaps,
            records: s.records,
            secrets: None,
        }
    }
}
