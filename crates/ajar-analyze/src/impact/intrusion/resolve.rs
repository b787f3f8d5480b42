//! Which records and fields one of the actor's takes left with, from the Data Export: a
//! logged query run over the export as it stood then (`evaluated`), or a count compared with
//! the object's records (intrusions.md §4).

use crate::soql::{self, Context, FieldSet, Lookups, Query};
use ajar_model::actor::{Evidence, Take};
use ajar_model::export::{Row, Table};
use ajar_model::sfid::SfId;
use std::collections::{BTreeMap, BTreeSet};

/// The fields a take read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fields {
    /// Every exported field (a count only, a whole-record read, `FIELDS(ALL)`).
    All,
    /// The select list's fields, as the export's columns spell them (relationship paths as
    /// written, `Account.Name`).
    Listed(BTreeSet<String>),
}

impl Default for Fields {
    fn default() -> Self {
        Fields::Listed(BTreeSet::new())
    }
}

impl Fields {
    /// Widens `self` by `other`.
    pub(super) fn add(&mut self, other: &Fields) {
        match (&mut *self, other) {
            (Fields::All, _) => {}
            (_, Fields::All) => *self = Fields::All,
            (Fields::Listed(a), Fields::Listed(b)) => a.extend(b.iter().cloned()),
        }
    }

    /// The fields of `table` (and relationship paths) this names, `Id` left out.
    pub(super) fn of(&self, table: &Table) -> Vec<String> {
        match self {
            Fields::All => table
                .columns
                .iter()
                .filter(|c| !c.eq_ignore_ascii_case("Id"))
                .cloned()
                .collect(),
            Fields::Listed(set) => set
                .iter()
                .filter(|c| !c.eq_ignore_ascii_case("Id"))
                .cloned()
                .collect(),
        }
    }
}

/// The fields a query's select list reads, matched to the export's columns.
pub(super) fn select_list(q: &Query, table: &Table) -> Fields {
    let sets = q.field_sets();
    if sets.contains(&FieldSet::All) {
        return Fields::All;
    }
    let mut out = BTreeSet::new();
    for p in q.fields() {
        let written = p.to_string();
        let name = match p.segments.as_slice() {
            [one] => table
                .columns
                .iter()
                .find(|c| c.eq_ignore_ascii_case(one))
                .cloned()
                .unwrap_or(written),
            _ => written,
        };
        out.insert(name);
    }
    for s in sets {
        let custom = s == FieldSet::Custom;
        out.extend(
            table
                .columns
                .iter()
                .filter(|c| c.to_ascii_lowercase().ends_with("__c") == custom)
                .cloned(),
        );
    }
    Fields::Listed(out)
}

/// What a take left with, of one object.
pub(super) struct Resolved<'t> {
    /// The object, as the export names it.
    pub object: &'t str,
    /// The evidence strength.
    pub evidence: Evidence,
    /// Rows certainly taken.
    pub exact: BTreeSet<usize>,
    /// Rows that may have been taken (an upper bound); empty when `exact` is the answer.
    pub bound: BTreeSet<usize>,
    /// Why, in words (never a value of the query or the export).
    pub why: String,
    /// The fields read.
    pub fields: Fields,
}

fn created(t: &Table, r: &Row) -> Option<jiff::Timestamp> {
    t.value(r, "CreatedDate")
        .and_then(|c| c.trim().parse::<jiff::Timestamp>().ok())
}

/// Rows of `t` that existed at `at`: records created later were not there to take
/// (intrusions.md §4). A row without a `CreatedDate` is counted.
fn rows_at(t: &Table, at: jiff::Timestamp) -> BTreeSet<usize> {
    t.rows
        .iter()
        .enumerate()
        .filter(|(_, r)| created(t, r).is_none_or(|c| c <= at))
        .map(|(i, _)| i)
        .collect()
}

/// The export's table of `name`, matched without regard to case.
fn table<'t>(tables: &'t BTreeMap<String, Table>, name: &str) -> Option<(&'t str, &'t Table)> {
    tables
        .get_key_value(name)
        .or_else(|| tables.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
        .map(|(k, t)| (k.as_str(), t))
}

/// Resolves a take that logged no record IDs: its query evaluated over the export when it has
/// one that can be, else its count against the object's records. `None` when the export has
/// no table for the object.
pub(super) fn resolve_count<'t>(
    t: &Take,
    tables: &'t BTreeMap<String, Table>,
    index: &BTreeMap<SfId, (&str, usize)>,
) -> Option<Resolved<'t>> {
    let parsed = t.query.as_deref().map(soql::parse);
    let name = match &parsed {
        Some(Ok(q)) => Some(q.object()),
        _ => t.object.as_deref(),
    }?;
    let (object, table) = table(tables, name)?;
    let existing = rows_at(table, t.time);
    let mut why = t
        .reason
        .clone()
        .unwrap_or_else(|| "a count only".to_owned());
    let mut fields = Fields::All;
    if let Some(parsed) = parsed {
        match parsed.and_then(|q| evaluate(&q, t, table, tables).map(|s| (q, s))) {
            Ok((q, sel)) => {
                fields = select_list(&q, table);
                let logged = t.rows;
                if logged.is_none_or(|n| n == sel.count) {
                    let rows = |ids: &[SfId]| -> BTreeSet<usize> {
                        ids.iter()
                            .filter_map(|id| index.get(id))
                            .filter(|(o, _)| *o == object)
                            .map(|(_, i)| *i)
                            .collect()
                    };
                    let exact = rows(&sel.ids);
                    let mut bound = rows(&sel.candidates);
                    let why = if bound.is_empty() {
                        format!(
                            "the logged query, run over the export as of its time, returns these {} record(s){}",
                            exact.len(),
                            logged.map_or_else(String::new, |n| format!(
                                "; the log shows {n} row(s)"
                            ))
                        )
                    } else {
                        bound.extend(exact.iter().copied());
                        format!(
                            "the logged query returns {} record(s) of {} that match it, and no ORDER BY says which: they are the upper bound",
                            sel.count,
                            bound.len()
                        )
                    };
                    return Some(Resolved {
                        object,
                        evidence: Evidence::Evaluated,
                        exact,
                        bound,
                        why,
                        fields,
                    });
                }
                why = format!(
                    "the logged query, run over the export as of its time, returns {} record(s) but the log shows {} row(s): the export differs from the org of that time",
                    sel.count,
                    logged.unwrap_or(0)
                );
            }
            Err(refusal) => {
                why = format!("query not evaluated: {refusal}");
            }
        }
    }
    let n = t.rows.unwrap_or(0);
    if n == existing.len() as u64 {
        return Some(Resolved {
            object,
            evidence: Evidence::CountOnly,
            exact: existing,
            bound: BTreeSet::new(),
            why: format!(
                "{why}; the logged rows equal the object's records at that time: every record"
            ),
            fields,
        });
    }
    let why = format!(
        "{why}; {n} row(s) logged, {} record(s) in the export at that time: the whole object is the upper bound",
        existing.len()
    );
    Some(Resolved {
        object,
        evidence: Evidence::CountOnly,
        exact: BTreeSet::new(),
        bound: existing,
        why,
        fields,
    })
}

fn evaluate(
    q: &Query,
    t: &Take,
    table: &Table,
    tables: &BTreeMap<String, Table>,
) -> Result<soql::Selection, soql::Refusal> {
    if q.is_count() {
        return Err(soql::Refusal::new("a count returns no record", 0));
    }
    let mut ctx = Context::new(t.time);
    ctx.lookups = Lookups::new(tables.values());
    soql::evaluate(q, table, &ctx)
}
