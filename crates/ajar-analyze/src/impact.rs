//! What an exposure meant for people: the exported records each guest path reached, the data
//! items and persons among them, and which of them outsiders were seen reading.
//!
//! Pure: the binary reads the files and passes the scan report, the export tables and the hunt
//! report in.

pub mod attribution;
pub mod confirmed;
pub mod criteria;
mod guest;
mod intrusion;
pub mod persons;
mod reach;
mod rowset;
pub mod stream;
mod tally;
pub mod window;

use ajar_model::event::HuntReport;
use ajar_model::export::{Row, Table};
use ajar_model::exposure::ScanReport;
use ajar_model::incident::{Confirmed, Exposed, LogCoverage, Window};
use ajar_model::persons::{ExposedRecords, PersonList};
use ajar_model::sfid::SfId;
use ajar_model::span::CoverageGap;
use criteria::Lookups;
pub use intrusion::{api_coverage, assess_intrusion, identity_reach};
use reach::{ObjectHits, users};
use std::collections::{BTreeMap, BTreeSet};
use stream::{FirstWalk, GuestContext};
use tally::{ObjectView, Summary, Tally};

/// Inputs of [`assess`].
#[derive(Debug, Clone, Copy)]
pub struct ImpactInput<'a> {
    /// What the guest could reach while the exposure was open.
    pub scan: &'a ScanReport,
    /// The Data Export, by object.
    pub tables: &'a BTreeMap<String, Table>,
    /// Records created after this instant were never exposed (the window's end).
    pub created_until: Option<jiff::Timestamp>,
    /// The logs' analysis; `None` when no logs were given.
    pub hunt: Option<&'a HuntReport>,
    /// ISO country of the organisation (national phone numbers, "abroad").
    pub home_country: &'a str,
    /// The window (for coverage gaps).
    pub window: &'a Window,
}

/// Everything [`assess`] establishes.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    /// Exposed records, persons and items.
    pub exposed: Exposed,
    /// What outsiders were seen reading.
    pub confirmed: Confirmed,
    /// Log coverage against the window.
    pub coverage: LogCoverage,
    /// One entry per person (personal data: only for the notification list).
    pub persons: PersonList,
    /// Persons per country of residence.
    pub persons_by_country: BTreeMap<String, u64>,
    /// Persons with no contact channel: no postal address, phone or e-mail (issue #14).
    pub persons_without_channel: u64,
    /// Whether complete logs over the whole window show no outside read.
    pub ruled_out: bool,
    /// What could not be evaluated.
    pub gaps: Vec<CoverageGap>,
    /// Every exposed record with its person number and items, in object then export order
    /// (`investigate --emit`, issue #9); the window columns are left for the caller.
    pub records: ExposedRecords,
    /// For an intrusion: credentials in the fields that left (issue #16).
    pub secrets: Option<ajar_model::incident::Secrets>,
}

/// Gap kinds that mean evidence which could change a legal verdict is missing or unusable:
/// export rows or objects that could not be counted, log rows, files or days that could not be
/// read (issue #15). The logs' retention limit (`window-without-logs`, `before-first-log`) is
/// stated by the E3 reasons and the gaps themselves.
pub const VERDICT_GAPS: &[&str] = &[
    "no-export-object",
    "empty-export-object",
    "misaligned-export-rows",
    "duplicate-export-id",
    "skipped-rows",
    "skipped-files",
    "partial-file",
    "empty-log-file",
    "missing-log-day",
];

/// What is missing or unusable that could change a verdict, one line each (for
/// [`crate::law::undecidable`]): the [`VERDICT_GAPS`] among `gaps`, and outside reads of
/// records the exposed set does not hold (the export or the model lacks them).
pub fn missing_evidence(gaps: &[CoverageGap], confirmed: &Confirmed) -> Vec<String> {
    let mut out: Vec<String> = gaps
        .iter()
        .filter(|g| VERDICT_GAPS.contains(&g.kind.as_str()))
        .map(|g| match &g.span {
            Some(s) if !g.message.contains(s.file.as_str()) => {
                format!("{} ({}: {})", g.kind, s.file, g.message)
            }
            _ => format!("{} ({})", g.kind, g.message),
        })
        .collect();
    if confirmed.outside_exposed_set > 0 {
        out.push(format!(
            "reads-outside-exposed-set ({} record(s) read by outsiders are not in the exposed set: the export or the exposure model lacks them)",
            confirmed.outside_exposed_set
        ));
    }
    out.dedup();
    out
}

/// The UTC calendar day of an instant.
pub fn utc_date(t: jiff::Timestamp) -> jiff::civil::Date {
    t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// Record type labels by `Id`, from `RecordType.csv` (criteria name record types by label).
fn lookups(tables: &BTreeMap<String, Table>) -> Lookups {
    let mut lookups = Lookups::default();
    if let Some(rt) = tables.get("RecordType") {
        for r in &rt.rows {
            if let Some(name) = rt.value(r, "Name") {
                lookups
                    .record_type_labels
                    .insert(r.id.as_str().to_owned(), name.to_owned());
            }
        }
    }
    lookups
}

/// A table by API name, any case.
fn table_of<'t>(tables: &'t BTreeMap<String, Table>, object: &str) -> Option<&'t Table> {
    tables.get(object).or_else(|| {
        tables
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(object))
            .map(|(_, t)| t)
    })
}

/// Computes the impact of a guest exposure over the export held in `input.tables`: the two
/// walks of [`stream`] over the tables.
pub fn assess(input: &ImpactInput<'_>) -> Impact {
    let context = GuestContext::new(input.tables);
    let rows = input.tables.values().map(|t| t.rows.len()).sum();
    let mut first = FirstWalk::new(*input, &context, |o| table_of(input.tables, o), rows);
    let objects: BTreeSet<String> = first.objects().into_iter().collect();
    for object in &objects {
        let Some(t) = input.tables.get(object) else {
            continue;
        };
        let owned = first.needs_survey(object, &t.problems)
            && t.rows.iter().any(|r| first.guest_owned(object, t, r));
        first.begin(object, &t.problems, owned);
        for r in &t.rows {
            first.row(t, r);
        }
        first.end(&t.files, &t.problems);
    }
    for t in input
        .tables
        .values()
        .filter(|t| !objects.contains(&t.object))
    {
        for r in &t.rows {
            first.other_row(t, r);
        }
    }
    let mut second = first.finish();
    for object in second.objects() {
        let Some(t) = input.tables.get(&object) else {
            continue;
        };
        second.begin(&object);
        for r in &t.rows {
            second.row(t, r);
        }
    }
    second.finish(input.window)
}

/// Every exposed row with its object, in object then row order: walked again where needed
/// rather than collected (issue #19).
fn exposed_rows<'a, 't: 'a>(
    hits: &'a BTreeMap<String, ObjectHits<'t>>,
) -> impl Iterator<Item = (ObjectView<'a>, &'t Table, &'t Row)> + 'a {
    hits.iter().flat_map(|(o, h)| {
        let view = h.view(o);
        h.rows
            .iter()
            .filter_map(|i| h.table.rows.get(i))
            .map(move |r| (view, h.table, r))
    })
}

/// Records, persons, items and the notification list of the rows in `hits`, in two walks over
/// them ([`tally`]); `reads` says which of them were confirmed read, given the person and
/// creation time of each record `looked_up` names (the others are never asked for: issue #19).
fn summarise(
    hits: &BTreeMap<String, ObjectHits<'_>>,
    home_country: &str,
    looked_up: impl Fn(&SfId) -> bool,
    reads: impl FnOnce(&BTreeMap<SfId, confirmed::ExposedRecord>) -> confirmed::Reads,
) -> Summary {
    let exposed_count = hits.values().map(|h| h.rows.len()).sum();
    let mut tally = Tally::new(home_country, exposed_count);
    for (object, h) in hits {
        let view = h.view(object);
        tally.object(view);
        for row in h.rows.iter().filter_map(|i| h.table.rows.get(i)) {
            tally.record(view, h.table, row, looked_up(&row.id));
        }
        tally.close(Some(&h.paths));
    }
    tally.finish(reads).list(exposed_rows(hits))
}

#[cfg(test)]
mod tests;
