//! Which rows of the export each effective guest path reaches.

use super::ImpactInput;
use super::criteria::{Compiled, Fields, Lookups};
use super::rowset::RowSet;
use super::tally::ObjectView;
use ajar_model::classify::DataClass;
use ajar_model::export::{Row, RowProblemKind, Table};
use ajar_model::exposure::{ObjectAccess, PrincipalExposure, PrincipalKind, RecordPathKind};
use ajar_model::sfid::SfId;
use ajar_model::span::CoverageGap;
use std::collections::{BTreeMap, BTreeSet};

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

pub(super) struct Users {
    pub(super) guests: BTreeSet<String>,
    pub(super) hvu: BTreeSet<String>,
    /// Each guest user's profile name, when `User.ProfileId` and `Profile.csv` tell it.
    pub(super) guest_profiles: BTreeMap<String, String>,
}

impl Users {
    /// The guest users of the site whose guest profile is `profile`: one guest user per site
    /// (formats.md §1.3). `None` when the export cannot tell which guest user is whose.
    fn of_profile(&self, profile: &str) -> Option<BTreeSet<&str>> {
        if self.guests.is_empty() || self.guests.len() != self.guest_profiles.len() {
            return None;
        }
        Some(
            self.guest_profiles
                .iter()
                .filter(|(_, p)| p.as_str() == profile)
                .map(|(u, _)| u.as_str())
                .collect(),
        )
    }
}

pub(super) fn users(tables: &BTreeMap<String, Table>) -> Users {
    let mut u = Users {
        guests: BTreeSet::new(),
        hvu: BTreeSet::new(),
        guest_profiles: BTreeMap::new(),
    };
    let profiles: BTreeMap<String, String> = tables
        .get("Profile")
        .map(|t| {
            t.rows
                .iter()
                .filter_map(|r| Some((r.id.as_str().to_owned(), t.value(r, "Name")?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    if let Some(t) = tables.get("User") {
        for r in &t.rows {
            let ty = t.value(r, "UserType").unwrap_or_default();
            if ty.eq_ignore_ascii_case("Guest") {
                let id = r.id.as_str().to_owned();
                if let Some(name) = t
                    .value(r, "ProfileId")
                    .and_then(|p| SfId::parse(p.trim()).ok())
                    .and_then(|p| profiles.get(p.as_str()))
                {
                    u.guest_profiles.insert(id.clone(), name.clone());
                }
                u.guests.insert(id);
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
pub(super) struct ObjectHits<'t> {
    pub(super) table: &'t Table,
    pub(super) rows: RowSet,
    pub(super) paths: BTreeSet<String>,
    pub(super) fields: BTreeMap<String, Option<DataClass>>,
}

impl ObjectHits<'_> {
    /// The object as the counting walks see it (`super::tally`).
    pub(super) fn view<'a>(&'a self, name: &'a str) -> ObjectView<'a> {
        ObjectView {
            name,
            paths: &self.paths,
            fields: &self.fields,
        }
    }
}

pub(super) fn reach<'t>(
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
            if access.candidate {
                // Only through permission sets that may not be assigned: unknown, not counted.
                gaps.push(CoverageGap {
                    kind: "candidate-grant".to_owned(),
                    message: format!(
                        "`{}` is readable by guest `{}` only through permission sets whose assignment is unknown: not counted (pass `--assignments`)",
                        access.object, principal.name
                    ),
                    span: None,
                });
                continue;
            }
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
                    rows: RowSet::default(),
                    paths: BTreeSet::new(),
                    fields: BTreeMap::new(),
                });
            if table.rows.is_empty() {
                gaps.push(CoverageGap {
                    kind: "empty-export-object".to_owned(),
                    message: format!(
                        "`{}` is readable by guest `{}` but its export holds no row: its records cannot be counted",
                        table.object, principal.name
                    ),
                    span: table.files.first().map(|f| ajar_model::span::Span::new(f.clone(), 1)),
                });
            }
            let mut undecided = 0u64;
            for path in access.record_paths.iter().filter(|p| p.effective) {
                let ctx = PathCtx {
                    principal,
                    access,
                    table,
                    users,
                    lookups,
                };
                if let Some(label) = ctx.rows(&path.kind, hits, &mut undecided, gaps) {
                    hits.paths.insert(label);
                }
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
        hits.rows.retain(|i| {
            table
                .rows
                .get(i)
                .is_some_and(|r| created_ok(table, r, input.created_until))
        });
    }
    out.retain(|_, h| !h.paths.is_empty());
    for hits in out.values_mut() {
        problems(hits, gaps);
    }
    out
}

/// One guest's access to one exported object, for the record paths' rows.
struct PathCtx<'a, 't> {
    principal: &'a PrincipalExposure,
    access: &'a ObjectAccess,
    table: &'t Table,
    users: &'a Users,
    lookups: &'a Lookups,
}

impl PathCtx<'_, '_> {
    /// Adds the rows `kind` reaches to `hits`; returns the path's label, or `None` when it
    /// reaches nothing here.
    fn rows(
        &self,
        kind: &RecordPathKind,
        hits: &mut ObjectHits<'_>,
        undecided: &mut u64,
        gaps: &mut Vec<CoverageGap>,
    ) -> Option<String> {
        let table = self.table;
        match kind {
            RecordPathKind::SharingRule { rule, predicate } => {
                let compiled = Compiled::new(predicate);
                for (i, row) in table.rows.iter().enumerate() {
                    if !predicate.include_hvu_owned
                        && owner(table, row).is_some_and(|o| self.users.hvu.contains(&o))
                    {
                        continue;
                    }
                    match compiled.matches(&RowFields { table, row }, self.lookups) {
                        Ok(true) => {
                            hits.rows.insert(i);
                        }
                        Ok(false) => {}
                        Err(_) => {
                            // Undecidable: counted as exposed (the maximum decides).
                            *undecided += 1;
                            hits.rows.insert(i);
                        }
                    }
                }
                Some(format!("guest sharing rule {rule}"))
            }
            RecordPathKind::OrgWideDefault { model } => {
                if model.eq_ignore_ascii_case("Private") || model.eq_ignore_ascii_case("None") {
                    return None;
                }
                hits.rows.extend(0..table.rows.len());
                Some(format!("org-wide default {model}"))
            }
            RecordPathKind::ViewAll => {
                hits.rows.extend(0..table.rows.len());
                Some("View All".to_owned())
            }
            RecordPathKind::Code { entry } => self.code(entry, hits),
            RecordPathKind::Owned => self.owned(hits, gaps),
        }
    }

    /// Code running without sharing can reach every record, but it hands out only the fields
    /// its queries read: a query of `Id` alone exposes no data item, so it adds no record to
    /// the exposed set.
    fn code(&self, entry: &str, hits: &mut ObjectHits<'_>) -> Option<String> {
        let (access, table) = (self.access, self.table);
        let prefix = format!("{}.", access.object);
        let read: Vec<&str> = self
            .principal
            .code
            .iter()
            .filter(|c| c.entry == entry)
            .flat_map(|c| c.reads.iter())
            .filter_map(|f| f.strip_prefix(prefix.as_str()))
            .filter(|f| !f.eq_ignore_ascii_case("Id"))
            .collect();
        let mut exported = false;
        for name in read {
            if table.column(name).is_some() {
                exported = true;
                let class = access
                    .readable_fields
                    .iter()
                    .find(|f| f.field.eq_ignore_ascii_case(&format!("{prefix}{name}")))
                    .and_then(|f| f.classification.as_ref().map(|c| c.class));
                hits.fields.entry(name.to_owned()).or_insert(class);
            }
        }
        if !exported {
            return None;
        }
        hits.rows.extend(0..table.rows.len());
        Some(format!("code without sharing {entry}"))
    }

    /// Guest-owned records are reachable in every mode (trap 32), but only those of this
    /// site's guest user: each site has its own (formats.md §1.3, §1.10).
    fn owned(&self, hits: &mut ObjectHits<'_>, gaps: &mut Vec<CoverageGap>) -> Option<String> {
        let (users, table, principal) = (self.users, self.table, self.principal);
        let mine = users.of_profile(&principal.name).filter(|m| !m.is_empty());
        if mine.is_none() && users.guests.len() > 1 {
            gaps.push(CoverageGap {
                kind: "guest-owner-unknown".to_owned(),
                message: format!(
                    "the export does not tell which guest user belongs to `{}` (`User.ProfileId`, `Profile.csv`): `{}` rows owned by any of {} guest users are counted",
                    principal.name,
                    table.object,
                    users.guests.len()
                ),
                span: None,
            });
        }
        let mut owned = 0u64;
        for (i, row) in table.rows.iter().enumerate() {
            let Some(o) = owner(table, row) else { continue };
            let counted = match &mine {
                Some(m) => m.contains(o.as_str()),
                None => users.guests.contains(&o),
            };
            if counted {
                owned += 1;
                hits.rows.insert(i);
            }
        }
        // No record in the export is guest-owned: not a path here.
        (owned > 0).then(|| "guest-owned records".to_owned())
    }
}

/// Rows the export could not give as its header says (issue #15). A misaligned row counts as
/// exposed whatever its values say, as an undecidable criterion does: its values may have moved
/// to another column. A dropped duplicate `Id` may hide a person. Both are gaps, never silent.
fn problems(hits: &mut ObjectHits<'_>, gaps: &mut Vec<CoverageGap>) {
    let table = hits.table;
    if table.problems.is_empty() {
        return;
    }
    let index: BTreeMap<SfId, usize> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id, i))
        .collect();
    for kind in [RowProblemKind::Misaligned, RowProblemKind::DuplicateId] {
        let found: Vec<_> = table.problems.iter().filter(|p| p.kind == kind).collect();
        let Some(first) = found.first() else {
            continue;
        };
        let n = found.len();
        let (kind_name, message) = match kind {
            RowProblemKind::Misaligned => {
                for p in &found {
                    if let Some(&i) = index.get(&p.id) {
                        hits.rows.insert(i);
                    }
                }
                (
                    "misaligned-export-rows",
                    format!(
                        "{n} `{}` row(s) have more or fewer fields than the header (first: row {} of {}): counted as exposed; their values, and the persons they hold, cannot be trusted",
                        table.object, first.source.line, first.source.file
                    ),
                )
            }
            RowProblemKind::DuplicateId => (
                "duplicate-export-id",
                format!(
                    "{n} `{}` row(s) repeat an earlier row's `Id` with other values (first: row {} of {}): only the first is counted; a person held only by a later one is missed",
                    table.object, first.source.line, first.source.file
                ),
            ),
        };
        gaps.push(CoverageGap {
            kind: kind_name.to_owned(),
            message,
            span: Some(first.source.clone()),
        });
    }
}
