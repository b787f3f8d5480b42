//! What an exposure meant for people: the exported records each guest path reached, the data
//! items and persons among them, and which of them outsiders were seen reading.
//!
//! Pure: the binary reads the files and passes the scan report, the export tables and the hunt
//! report in.

pub mod confirmed;
pub mod criteria;
pub mod persons;
pub mod window;

use ajar_model::classify::DataClass;
use ajar_model::event::HuntReport;
use ajar_model::export::{Row, Table};
use ajar_model::exposure::{PrincipalKind, RecordPathKind, ScanReport};
use ajar_model::incident::{
    Confirmed, Exposed, ExposedField, LogCoverage, ObjectImpact, PersonEntry, Window,
};
use ajar_model::sfid::SfId;
use ajar_model::span::CoverageGap;
use criteria::{Compiled, Fields, Lookups};
use persons::Contact;
use std::collections::{BTreeMap, BTreeSet};

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
    pub persons: Vec<PersonEntry>,
    /// Persons per country of residence.
    pub persons_by_country: BTreeMap<String, u64>,
    /// Persons with neither an e-mail nor a postal address.
    pub persons_without_channel: u64,
    /// Whether complete logs over the whole window show no outside read.
    pub ruled_out: bool,
    /// What could not be evaluated.
    pub gaps: Vec<CoverageGap>,
}

struct RowFields<'t> {
    table: &'t Table,
    row: &'t Row,
}

impl Fields for RowFields<'_> {
    fn field(&self, name: &str) -> Option<&str> {
        self.table.value(self.row, name)
    }
}

/// Owner user types whose records guest rules skip unless `includeHVUOwnedRecords`
/// (formats.md §1.5: high-volume portal users, `UserType` `CspLitePortal`).
const HVU_TYPES: &[&str] = &["CspLitePortal"];

struct Users {
    guests: BTreeSet<String>,
    hvu: BTreeSet<String>,
}

fn users(tables: &BTreeMap<String, Table>) -> Users {
    let mut u = Users {
        guests: BTreeSet::new(),
        hvu: BTreeSet::new(),
    };
    if let Some(t) = tables.get("User") {
        for r in &t.rows {
            let ty = t.value(r, "UserType").unwrap_or_default();
            if ty.eq_ignore_ascii_case("Guest") {
                u.guests.insert(r.id.as_str().to_owned());
            } else if HVU_TYPES.iter().any(|h| h.eq_ignore_ascii_case(ty)) {
                u.hvu.insert(r.id.as_str().to_owned());
            }
        }
    }
    u
}

fn owner(table: &Table, row: &Row) -> Option<String> {
    table
        .value(row, "OwnerId")
        .and_then(|o| SfId::parse(o.trim()).ok())
        .map(|id| id.as_str().to_owned())
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

/// One exposed object's rows and the paths that reach them.
struct ObjectHits<'t> {
    table: &'t Table,
    rows: BTreeSet<usize>,
    paths: BTreeSet<String>,
    fields: BTreeMap<String, Option<DataClass>>,
}

fn reach<'t>(
    input: &ImpactInput<'t>,
    lookups: &Lookups,
    users: &Users,
    gaps: &mut Vec<CoverageGap>,
) -> BTreeMap<String, ObjectHits<'t>> {
    let mut out: BTreeMap<String, ObjectHits<'t>> = BTreeMap::new();
    for principal in input
        .scan
        .principals
        .iter()
        .filter(|p| p.kind == PrincipalKind::Guest)
    {
        for access in principal.objects.iter().filter(|o| o.read) {
            let Some(table) = input.tables.get(&access.object).or_else(|| {
                input
                    .tables
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&access.object))
                    .map(|(_, t)| t)
            }) else {
                gaps.push(CoverageGap {
                    kind: "no-export-object".to_owned(),
                    message: format!(
                        "`{}` is readable by guest `{}` but is not in the export: its records cannot be counted",
                        access.object, principal.name
                    ),
                    span: None,
                });
                continue;
            };
            let hits = out
                .entry(table.object.clone())
                .or_insert_with(|| ObjectHits {
                    table,
                    rows: BTreeSet::new(),
                    paths: BTreeSet::new(),
                    fields: BTreeMap::new(),
                });
            let mut undecided = 0u64;
            for path in access.record_paths.iter().filter(|p| p.effective) {
                let label = match &path.kind {
                    RecordPathKind::SharingRule { rule, predicate } => {
                        let compiled = Compiled::new(predicate);
                        for (i, row) in table.rows.iter().enumerate() {
                            if !predicate.include_hvu_owned
                                && owner(table, row).is_some_and(|o| users.hvu.contains(&o))
                            {
                                continue;
                            }
                            match compiled.matches(&RowFields { table, row }, lookups) {
                                Ok(true) => {
                                    hits.rows.insert(i);
                                }
                                Ok(false) => {}
                                Err(_) => {
                                    // Undecidable: counted as exposed (the maximum decides).
                                    undecided += 1;
                                    hits.rows.insert(i);
                                }
                            }
                        }
                        format!("guest sharing rule {rule}")
                    }
                    RecordPathKind::OrgWideDefault { model } => {
                        if model.eq_ignore_ascii_case("Private")
                            || model.eq_ignore_ascii_case("None")
                        {
                            continue;
                        }
                        hits.rows.extend(0..table.rows.len());
                        format!("org-wide default {model}")
                    }
                    RecordPathKind::ViewAll => {
                        hits.rows.extend(0..table.rows.len());
                        "View All".to_owned()
                    }
                    RecordPathKind::Code { entry } => {
                        hits.rows.extend(0..table.rows.len());
                        format!("code without sharing {entry}")
                    }
                    RecordPathKind::Owned => {
                        // Guest-owned records are reachable in every mode (trap 32).
                        for (i, row) in table.rows.iter().enumerate() {
                            if owner(table, row).is_some_and(|o| users.guests.contains(&o)) {
                                hits.rows.insert(i);
                            }
                        }
                        "guest-owned records".to_owned()
                    }
                };
                hits.paths.insert(label);
            }
            if undecided > 0 {
                gaps.push(CoverageGap {
                    kind: "criteria-undecidable".to_owned(),
                    message: format!(
                        "{undecided} `{}` rows could not be evaluated against the sharing criteria (column missing from the export or unsupported operation): counted as exposed",
                        table.object
                    ),
                    span: table.files.first().map(|f| ajar_model::span::Span::new(f.clone(), 0)),
                });
            }
            for f in &access.readable_fields {
                let name = f.field.split_once('.').map_or(f.field.as_str(), |(_, n)| n);
                if table.column(name).is_some() && !name.eq_ignore_ascii_case("Id") {
                    hits.fields
                        .entry(name.to_owned())
                        .or_insert(f.classification.as_ref().map(|c| c.class));
                }
            }
        }
    }
    // Window: records created after the closure were never exposed.
    for hits in out.values_mut() {
        let table = hits.table;
        hits.rows.retain(|&i| {
            table
                .rows
                .get(i)
                .is_some_and(|r| created_ok(table, r, input.created_until))
        });
    }
    out.retain(|_, h| !h.paths.is_empty());
    out
}

fn contact(hits: &ObjectHits<'_>, row: &Row) -> Contact {
    let mut c = Contact::default();
    let mut names = Vec::new();
    for (field, class) in &hits.fields {
        let Some(v) = hits
            .table
            .value(row, field)
            .map(str::trim)
            .filter(|v| !v.is_empty())
        else {
            continue;
        };
        match class {
            Some(DataClass::Name) => names.push(v.to_owned()),
            Some(DataClass::Email) if c.email.is_none() => c.email = Some(v.to_owned()),
            Some(DataClass::Phone) if c.phone.is_none() => c.phone = Some(v.to_owned()),
            Some(DataClass::Address) if field.to_lowercase().contains("country") => {
                c.country = Some(v.to_owned());
            }
            _ => {}
        }
    }
    if !names.is_empty() {
        c.name = Some(names.join(" "));
    }
    c
}

/// The UTC calendar day of an instant.
pub fn utc_date(t: jiff::Timestamp) -> jiff::civil::Date {
    t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// Computes the impact.
pub fn assess(input: &ImpactInput<'_>) -> Impact {
    let mut gaps = Vec::new();
    let mut lookups = Lookups::default();
    if let Some(rt) = input.tables.get("RecordType") {
        for r in &rt.rows {
            if let Some(name) = rt.value(r, "Name") {
                lookups
                    .record_type_labels
                    .insert(r.id.as_str().to_owned(), name.to_owned());
            }
        }
    }
    let users = users(input.tables);
    let hits = reach(input, &lookups, &users, &mut gaps);

    // Every exposed row, in object then row order, with its contact.
    let mut rows: Vec<(&str, usize, &Row)> = Vec::new();
    let mut contacts = Vec::new();
    let mut personal_objects = BTreeSet::new();
    for (object, h) in &hits {
        let has_person = h.fields.values().any(|c| {
            matches!(
                c,
                Some(DataClass::Name | DataClass::Email | DataClass::Phone)
            )
        });
        if has_person {
            personal_objects.insert(object.as_str());
        }
        for &i in &h.rows {
            if let Some(row) = h.table.rows.get(i) {
                rows.push((object.as_str(), i, row));
                contacts.push(contact(h, row));
            }
        }
    }
    let dedup = persons::dedup(&contacts, input.home_country);
    // Records of objects without any name, e-mail or phone are not about a person.
    let person_of: Vec<Option<usize>> = rows
        .iter()
        .zip(&dedup.person_of)
        .map(|((o, _, _), p)| personal_objects.contains(o).then_some(*p))
        .collect();
    let persons_total: BTreeSet<usize> = person_of.iter().flatten().copied().collect();

    let mut by_object = Vec::new();
    let mut items = BTreeSet::new();
    for (object, h) in &hits {
        let mut fields = Vec::new();
        for (field, class) in &h.fields {
            let non_empty = h
                .rows
                .iter()
                .filter_map(|&i| h.table.rows.get(i))
                .filter(|r| {
                    h.table
                        .value(r, field)
                        .is_some_and(|v| !v.trim().is_empty())
                })
                .count() as u64;
            if non_empty > 0 {
                items.extend(*class);
            }
            fields.push(ExposedField {
                field: format!("{object}.{field}"),
                class: *class,
                label: None,
                non_empty,
            });
        }
        let persons: BTreeSet<usize> = rows
            .iter()
            .zip(&person_of)
            .filter(|((o, _, _), _)| o == object)
            .filter_map(|(_, p)| *p)
            .collect();
        by_object.push(ObjectImpact {
            object: object.clone(),
            records: h.rows.len() as u64,
            persons: persons.len() as u64,
            paths: h.paths.iter().cloned().collect(),
            fields,
        });
    }
    let exposed = Exposed {
        records: rows.len() as u64,
        persons: persons_total.len() as u64,
        person_keys: dedup.keys.clone(),
        by_object,
        items: items.into_iter().collect(),
    };

    let record_person: BTreeMap<SfId, Option<usize>> = rows
        .iter()
        .zip(&person_of)
        .map(|((_, _, r), p)| (r.id, *p))
        .collect();
    let reads = confirmed::confirm(input.hunt, &record_person, input.home_country);
    let coverage = confirmed::coverage(input.hunt, input.window);
    gaps.extend(coverage.gaps.iter().cloned());
    let ruled_out = input.hunt.is_some()
        && confirmed::covers_window(&coverage, input.window)
        && reads.confirmed.records == Some(0);

    // The notification list.
    let mut entries: BTreeMap<usize, PersonEntry> = BTreeMap::new();
    for (((object, _, row), p), c) in rows.iter().zip(&person_of).zip(&contacts) {
        let Some(p) = p else { continue };
        let h = hits.get(*object);
        let e = entries.entry(*p).or_insert_with(|| {
            let phone_e164 = c
                .phone
                .as_deref()
                .and_then(|x| persons::e164(x, input.home_country));
            let country = c
                .country
                .clone()
                .or_else(|| {
                    phone_e164
                        .as_deref()
                        .and_then(persons::phone_country)
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| "unknown".to_owned());
            PersonEntry {
                number: 0,
                name: c.name.clone(),
                email: c.email.clone(),
                phone: c.phone.clone(),
                phone_e164,
                country,
                items: Vec::new(),
                records: Vec::new(),
                confirmed: false,
                abroad: false,
            }
        });
        e.records.push(format!("{object}/{}", row.id));
        if let Some(h) = h {
            for (field, class) in &h.fields {
                if let Some(class) = class
                    && h.table
                        .value(row, field)
                        .is_some_and(|v| !v.trim().is_empty())
                    && !e.items.contains(class)
                {
                    e.items.push(*class);
                }
            }
        }
        if reads.read.contains(&row.id) {
            e.confirmed = true;
        }
        if reads.abroad.contains(&row.id) {
            e.abroad = true;
        }
    }
    let mut persons_by_country = BTreeMap::new();
    let mut without_channel = 0;
    let mut list: Vec<PersonEntry> = entries.into_values().collect();
    for (n, e) in list.iter_mut().enumerate() {
        e.number = n as u64 + 1;
        e.items.sort();
        *persons_by_country.entry(e.country.clone()).or_insert(0u64) += 1;
        if e.email.is_none() {
            without_channel += 1;
        }
    }
    let mut confirmed = reads.confirmed;
    if confirmed.known {
        confirmed.persons = Some(list.iter().filter(|e| e.confirmed).count() as u64);
        confirmed.persons_abroad = Some(list.iter().filter(|e| e.abroad).count() as u64);
    }
    Impact {
        exposed,
        confirmed,
        coverage,
        persons: list,
        persons_by_country,
        persons_without_channel: without_channel,
        ruled_out,
        gaps,
    }
}

#[cfg(test)]
mod tests;
