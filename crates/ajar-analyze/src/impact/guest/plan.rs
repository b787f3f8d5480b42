//! Each exported object's guest paths, prepared from its header before any row is read, and
//! what each guest's access leaves to say once the rows are read.

use super::super::criteria::{Compiled, Fields, Lookups};
use super::super::reach::Users;
use super::first_file;
use ajar_model::classify::DataClass;
use ajar_model::export::{Row, Table};
use ajar_model::exposure::{
    ObjectAccess, PrincipalExposure, PrincipalKind, RecordPathKind, ScanReport,
};
use ajar_model::sfid::SfId;
use ajar_model::span::CoverageGap;
use std::collections::{BTreeMap, BTreeSet};

/// The label of the guest-owned records' path, given once a row shows it reaches something.
const OWNED: &str = "guest-owned records";

/// What one guest's read access to one object has to say, in the order the accesses come.
pub(in super::super) enum AccessNote {
    /// Said before any row is read: a grant only through unassigned permission sets, or an
    /// object missing from the export.
    Said(CoverageGap),
    /// An exported object: said once its rows are read.
    Table(TableNote),
}

/// What an access to an exported object says once the object's rows are read.
pub(in super::super) struct TableNote {
    principal: String,
    object: String,
    /// How many rows the object had, once read.
    rows: Option<usize>,
    files: Vec<String>,
    /// Said when its rows could belong to any of several sites' guest users.
    owner_unknown: Vec<CoverageGap>,
    /// Rows a sharing rule of this access could not decide.
    undecided: u64,
}

impl AccessNote {
    /// Takes what the rows of `plan`'s object told: how many rows, from which files, and the
    /// undecided rows of this access's sharing rules.
    pub(super) fn object_read(
        &mut self,
        plan: &ObjectPlan<'_>,
        index: usize,
        rows: usize,
        files: &[String],
    ) {
        if let Self::Table(t) = self
            && t.object == plan.name
        {
            t.rows = Some(rows);
            t.files = files.to_vec();
            t.undecided += plan.undecided(index);
        }
    }

    /// The gaps, in the order the paths were read.
    pub(super) fn gaps(self) -> Vec<CoverageGap> {
        let t = match self {
            Self::Said(gap) => return vec![gap],
            Self::Table(t) => t,
        };
        let mut out = Vec::new();
        if t.rows == Some(0) {
            out.push(CoverageGap {
                kind: "empty-export-object".to_owned(),
                message: format!(
                    "`{}` is readable by guest `{}` but its export holds no row: its records cannot be counted",
                    t.object, t.principal
                ),
                span: first_file(&t.files, 1),
            });
        }
        out.extend(t.owner_unknown);
        if t.undecided > 0 {
            out.push(CoverageGap {
                kind: "criteria-undecidable".to_owned(),
                message: format!(
                    "{} `{}` rows could not be evaluated against the sharing criteria (column missing from the export or unsupported operation): counted as exposed",
                    t.undecided, t.object
                ),
                span: first_file(&t.files, 0),
            });
        }
        out
    }
}

/// One effective path, ready for rows, with the access it belongs to.
struct PathPlan<'a> {
    access: usize,
    kind: PathKind<'a>,
}

enum PathKind<'a> {
    /// A sharing rule's criteria; rows it cannot decide count as reached.
    Rule {
        compiled: Compiled<'a>,
        include_hvu: bool,
        undecided: u64,
    },
    /// Every row (a public org-wide default, View All, code without sharing).
    All,
    /// Rows owned by this site's guest user (`None`: by any guest user).
    Owned {
        mine: Option<BTreeSet<&'a str>>,
        owned: u64,
    },
}

/// One exported object's guest paths.
pub(in super::super) struct ObjectPlan<'a> {
    /// The object's API name, as exported.
    pub(super) name: String,
    /// Its readable fields, by name, with their classes.
    pub(super) fields: BTreeMap<String, Option<DataClass>>,
    paths: Vec<PathPlan<'a>>,
    /// The labels known from the header alone.
    labels: BTreeSet<String>,
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

fn owner(table: &Table, row: &Row) -> Option<SfId> {
    table
        .value(row, "OwnerId")
        .and_then(|o| SfId::parse(o.trim()).ok())
}

impl<'a> ObjectPlan<'a> {
    /// Whether a path reaches the object whatever its rows hold.
    pub(super) fn labelled(&self) -> bool {
        !self.labels.is_empty()
    }

    /// The labels of the paths that reached it, once its rows are read.
    pub(super) fn labels(&self) -> BTreeSet<String> {
        let mut labels = self.labels.clone();
        if self
            .paths
            .iter()
            .any(|p| matches!(p.kind, PathKind::Owned { owned, .. } if owned > 0))
        {
            labels.insert(OWNED.to_owned());
        }
        labels
    }

    /// The rows access `index`'s sharing rules could not decide.
    fn undecided(&self, index: usize) -> u64 {
        self.paths
            .iter()
            .filter(|p| p.access == index)
            .map(|p| match p.kind {
                PathKind::Rule { undecided, .. } => undecided,
                _ => 0,
            })
            .sum()
    }

    /// Whether a guest-ownership path counts `row`.
    pub(super) fn guest_owned(&self, users: &Users, table: &Table, row: &Row) -> bool {
        let Some(o) = owner(table, row) else {
            return false;
        };
        self.paths.iter().any(|p| match &p.kind {
            PathKind::Owned { mine, .. } => counts(users, mine.as_ref(), o),
            _ => false,
        })
    }

    /// Whether any path reaches `row`; every sharing rule is evaluated (undecided rows are
    /// counted per rule) and every guest-ownership path counts it.
    pub(super) fn reaches(
        &mut self,
        users: &Users,
        lookups: &Lookups,
        table: &Table,
        row: &Row,
    ) -> bool {
        let mut reached = false;
        let mut owner_id: Option<Option<SfId>> = None;
        let mut owner_of = || *owner_id.get_or_insert_with(|| owner(table, row));
        for path in &mut self.paths {
            match &mut path.kind {
                PathKind::Rule {
                    compiled,
                    include_hvu,
                    undecided,
                } => {
                    if !*include_hvu && owner_of().is_some_and(|o| users.hvu.contains(o.as_str())) {
                        continue;
                    }
                    match compiled.matches(&RowFields { table, row }, lookups) {
                        Ok(true) => reached = true,
                        Ok(false) => {}
                        Err(_) => {
                            // Undecidable: counted as exposed (the maximum decides).
                            *undecided += 1;
                            reached = true;
                        }
                    }
                }
                PathKind::All => reached = true,
                PathKind::Owned { mine, owned } => {
                    if owner_of().is_some_and(|o| counts(users, mine.as_ref(), o)) {
                        *owned += 1;
                        reached = true;
                    }
                }
            }
        }
        reached
    }
}

/// Whether `owner` is one of `mine`, or of any guest user when the site's is unknown.
fn counts(users: &Users, mine: Option<&BTreeSet<&str>>, owner: SfId) -> bool {
    match mine {
        Some(m) => m.contains(owner.as_str()),
        None => users.guests.contains(owner.as_str()),
    }
}

/// Every guest read access of `scan`, in order, and the plans of the exported objects they read.
pub(super) fn prepare<'a, 't>(
    scan: &'a ScanReport,
    users: &'a Users,
    header: impl Fn(&str) -> Option<&'t Table>,
) -> (Vec<AccessNote>, BTreeMap<String, ObjectPlan<'a>>) {
    let mut notes = Vec::new();
    let mut plans: BTreeMap<String, ObjectPlan<'a>> = BTreeMap::new();
    for principal in scan
        .principals
        .iter()
        .filter(|p| p.kind == PrincipalKind::Guest)
    {
        for access in principal.objects.iter().filter(|o| o.read) {
            if access.candidate {
                // Only through permission sets that may not be assigned: unknown, not counted.
                notes.push(AccessNote::Said(CoverageGap {
                    kind: "candidate-grant".to_owned(),
                    message: format!(
                        "`{}` is readable by guest `{}` only through permission sets whose assignment is unknown: not counted (pass `--assignments`)",
                        access.object, principal.name
                    ),
                    span: None,
                }));
                continue;
            }
            let Some(table) = header(&access.object) else {
                notes.push(AccessNote::Said(CoverageGap {
                    kind: "no-export-object".to_owned(),
                    message: format!(
                        "`{}` is readable by guest `{}` but is not in the export: its records cannot be counted",
                        access.object, principal.name
                    ),
                    span: None,
                }));
                continue;
            };
            let plan = plans
                .entry(table.object.clone())
                .or_insert_with(|| ObjectPlan {
                    name: table.object.clone(),
                    fields: BTreeMap::new(),
                    paths: Vec::new(),
                    labels: BTreeSet::new(),
                });
            let mut note = TableNote {
                principal: principal.name.clone(),
                object: table.object.clone(),
                rows: None,
                files: Vec::new(),
                owner_unknown: Vec::new(),
                undecided: 0,
            };
            let ctx = Access {
                principal,
                access,
                table,
                users,
                index: notes.len(),
            };
            for path in access.record_paths.iter().filter(|p| p.effective) {
                ctx.add(&path.kind, plan, &mut note);
            }
            for f in &access.readable_fields {
                let name = f.field.split_once('.').map_or(f.field.as_str(), |(_, n)| n);
                if table.column(name).is_some() && !name.eq_ignore_ascii_case("Id") {
                    plan.fields
                        .entry(name.to_owned())
                        .or_insert(f.classification.as_ref().map(|c| c.class));
                }
            }
            notes.push(AccessNote::Table(note));
        }
    }
    (notes, plans)
}

/// One guest's access to one exported object, while its paths are prepared.
struct Access<'a, 't> {
    principal: &'a PrincipalExposure,
    access: &'a ObjectAccess,
    table: &'t Table,
    users: &'a Users,
    /// Its place among the notes.
    index: usize,
}

impl<'a> Access<'a, '_> {
    /// Adds the path `kind` to `plan`, with its label when the header decides it.
    fn add(&self, kind: &'a RecordPathKind, plan: &mut ObjectPlan<'a>, note: &mut TableNote) {
        let path = |kind| PathPlan {
            access: self.index,
            kind,
        };
        match kind {
            RecordPathKind::SharingRule { rule, predicate } => {
                plan.paths.push(path(PathKind::Rule {
                    compiled: Compiled::new(predicate),
                    include_hvu: predicate.include_hvu_owned,
                    undecided: 0,
                }));
                plan.labels.insert(format!("guest sharing rule {rule}"));
            }
            RecordPathKind::OrgWideDefault { model } => {
                if model.eq_ignore_ascii_case("Private") || model.eq_ignore_ascii_case("None") {
                    return;
                }
                plan.paths.push(path(PathKind::All));
                plan.labels.insert(format!("org-wide default {model}"));
            }
            RecordPathKind::ViewAll => {
                plan.paths.push(path(PathKind::All));
                plan.labels.insert("View All".to_owned());
            }
            RecordPathKind::Code { entry } => {
                if self.code_fields(entry, plan) {
                    plan.paths.push(path(PathKind::All));
                    plan.labels.insert(format!("code without sharing {entry}"));
                }
            }
            RecordPathKind::Owned => {
                let mine = self.owned(note);
                plan.paths.push(path(PathKind::Owned { mine, owned: 0 }));
            }
        }
    }

    /// Code running without sharing can reach every record, but it hands out only the fields
    /// its queries read: a query of `Id` alone exposes no data item, so it adds no record to
    /// the exposed set. Adds the exported fields it reads; returns whether there is any.
    fn code_fields(&self, entry: &str, plan: &mut ObjectPlan<'_>) -> bool {
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
                plan.fields.entry(name.to_owned()).or_insert(class);
            }
        }
        exported
    }

    /// Guest-owned records are reachable in every mode (trap 32), but only those of this
    /// site's guest user: each site has its own (formats.md §1.3, §1.10). Returns the site's
    /// guest users, `None` when the export cannot tell (then any guest user's rows count, and
    /// that is said).
    fn owned(&self, note: &mut TableNote) -> Option<BTreeSet<&'a str>> {
        let (users, principal) = (self.users, self.principal);
        let mine = users.of_profile(&principal.name).filter(|m| !m.is_empty());
        if mine.is_none() && users.guests.len() > 1 {
            note.owner_unknown.push(CoverageGap {
                kind: "guest-owner-unknown".to_owned(),
                message: format!(
                    "the export does not tell which guest user belongs to `{}` (`User.ProfileId`, `Profile.csv`): `{}` rows owned by any of {} guest users are counted",
                    principal.name,
                    self.table.object,
                    users.guests.len()
                ),
                span: None,
            });
        }
        mine
    }
}
