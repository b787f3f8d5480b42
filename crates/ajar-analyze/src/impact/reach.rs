//! The export's users as the guest paths see them, and an object's exposed rows held in memory
//! (an intrusion's, issue #16).

use super::rowset::RowSet;
use super::tally::ObjectView;
use ajar_model::classify::DataClass;
use ajar_model::export::Table;
use ajar_model::sfid::SfId;
use std::collections::{BTreeMap, BTreeSet};

/// Owner user types whose records guest rules skip unless `includeHVUOwnedRecords`
/// (formats.md §1.5: high-volume portal users, `UserType` `CspLitePortal`).
const HVU_TYPES: &[&str] = &["CspLitePortal"];

#[derive(Debug, Clone)]
pub(super) struct Users {
    pub(super) guests: BTreeSet<String>,
    pub(super) hvu: BTreeSet<String>,
    /// Each guest user's profile name, when `User.ProfileId` and `Profile.csv` tell it.
    pub(super) guest_profiles: BTreeMap<String, String>,
}

impl Users {
    /// The guest users of the site whose guest profile is `profile`: one guest user per site
    /// (formats.md §1.3). `None` when the export cannot tell which guest user is whose.
    pub(super) fn of_profile(&self, profile: &str) -> Option<BTreeSet<&str>> {
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
            fields: &self.fields,
        }
    }
}
