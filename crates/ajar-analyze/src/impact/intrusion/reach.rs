//! What a stolen identity could read (issue #16): its profile and the permission sets the
//! export's `PermissionSetAssignment` gives it, read in the metadata (formats.md §1.2). View
//! All Data (or Modify All Data) reaches every record; View All or Modify All on an object its
//! records; Read alone the records shared with the user, which are not evaluated here, so the
//! object's records are the bound and the reason says so.

use ajar_model::actor::{IdentityReach, ObjectReach, UserReach};
use ajar_model::export::Table;
use ajar_model::org::{Org, PermissionHolder};
use std::collections::{BTreeMap, BTreeSet};

/// The user permissions that read every record.
const ALL_DATA: &[&str] = &["ViewAllData", "ModifyAllData"];

fn column<'t>(t: &'t Table, row: &'t ajar_model::export::Row, c: &str) -> Option<&'t str> {
    t.value(row, c).map(str::trim).filter(|v| !v.is_empty())
}

/// The first 15 characters of an ID (15 and 18-character forms name the same record).
fn id15(id: &str) -> &str {
    id.get(..15).unwrap_or(id)
}

/// The name of the record with this ID in `table`.
fn name_of(tables: &BTreeMap<String, Table>, table: &str, id: &str) -> Option<String> {
    let t = tables.get(table)?;
    t.rows
        .iter()
        .find(|r| id15(r.id.as_str()) == id15(id))
        .and_then(|r| column(t, r, "Name"))
        .map(str::to_owned)
}

/// The reach of each actor user found in the export's `User.csv`.
pub fn identity_reach(
    users: &[String],
    org: &Org,
    tables: &BTreeMap<String, Table>,
) -> IdentityReach {
    let mut out = IdentityReach::default();
    let Some(user_table) = tables.get("User") else {
        return out;
    };
    let wanted: BTreeSet<&str> = users.iter().map(|u| id15(u)).collect();
    let mut bound = BTreeSet::new();
    for row in &user_table.rows {
        if !wanted.contains(id15(row.id.as_str())) {
            continue;
        }
        let profile =
            column(user_table, row, "ProfileId").and_then(|p| name_of(tables, "Profile", p));
        let mut sets: Vec<String> = tables
            .get("PermissionSetAssignment")
            .map(|a| {
                a.rows
                    .iter()
                    .filter(|r| {
                        column(a, r, "AssigneeId").is_some_and(|x| id15(x) == id15(row.id.as_str()))
                    })
                    .filter_map(|r| column(a, r, "PermissionSetId"))
                    .filter_map(|p| name_of(tables, "PermissionSet", p))
                    .collect()
            })
            .unwrap_or_default();
        sets.sort();
        sets.dedup();
        let mut holders: Vec<(String, &PermissionHolder)> = Vec::new();
        let mut unread = Vec::new();
        if let Some(p) = &profile {
            match org.profiles.get(p) {
                Some(h) => holders.push((format!("profile {p}"), h)),
                None => unread.push(format!("profile {p}")),
            }
        }
        for s in &sets {
            match org.permission_sets.get(s) {
                Some(h) => holders.push((format!("permission set {s}"), h)),
                None => unread.push(format!("permission set {s}")),
            }
        }
        let vad: Vec<String> = holders
            .iter()
            .flat_map(|(n, h)| {
                ALL_DATA
                    .iter()
                    .filter(|p| h.user_permissions.contains_key(**p))
                    .map(move |p| format!("{n}: {p}"))
            })
            .collect();
        let mut objects = Vec::new();
        for (object, table) in tables {
            let grant = |f: fn(&ajar_model::org::ObjectPerm) -> bool| -> Vec<&str> {
                holders
                    .iter()
                    .filter(|(_, h)| h.objects.get(object).is_some_and(f))
                    .map(|(n, _)| n.as_str())
                    .collect()
            };
            let all = grant(|p| p.view_all || p.modify_all);
            let read = grant(|p| p.read);
            let (readable, all_records, why) = if !vad.is_empty() {
                (true, true, vad.join(", "))
            } else if !all.is_empty() {
                (
                    true,
                    true,
                    format!("{}: View All on {object}", all.join(", ")),
                )
            } else if !read.is_empty() {
                (
                    true,
                    false,
                    format!(
                        "{}: Read on {object}; the records shared with the user are not evaluated, so all of them are the bound",
                        read.join(", ")
                    ),
                )
            } else {
                (false, false, "no holder grants Read".to_owned())
            };
            if readable {
                bound.insert(object.clone());
            }
            objects.push(ObjectReach {
                object: object.clone(),
                readable,
                all_records,
                records: table.rows.len() as u64,
                why,
            });
        }
        out.users.push(UserReach {
            user_id: row.id.as_str().to_owned(),
            username: column(user_table, row, "Username").map(str::to_owned),
            profile,
            permission_sets: sets,
            view_all_data: vad,
            objects,
            unread,
        });
    }
    out.records_bound = bound
        .iter()
        .filter_map(|o| tables.get(o))
        .map(|t| t.rows.len() as u64)
        .sum();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ajar_model::export::Row;
    use ajar_model::org::{HolderKind, ObjectPerm};
    use ajar_model::sfid::SfId;
    use ajar_model::span::Span;

    fn table(object: &str, columns: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            object: object.to_owned(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let id = SfId::parse(r.first().copied().unwrap_or_default()).unwrap();
                    Row::new(
                        id,
                        r.iter().copied(),
                        Span::new(format!("{object}.csv"), i as u64 + 2),
                    )
                    .unwrap()
                })
                .collect(),
            files: vec![format!("{object}.csv")],
            problems: Vec::new(),
        }
    }

    fn tables() -> BTreeMap<String, Table> {
        [
            table(
                "User",
                &["Id", "Username", "ProfileId"],
                &[&["005000000000001", "sync@example.com", "00e000000000001"]],
            ),
            table("Profile", &["Id", "Name"], &[&["00e000000000001", "Sync"]]),
            table(
                "PermissionSet",
                &["Id", "Name"],
                &[&["0PS000000000001", "Extra_Access"]],
            ),
            table(
                "PermissionSetAssignment",
                &["Id", "AssigneeId", "PermissionSetId"],
                &[&["0Pa000000000001", "005000000000001", "0PS000000000001"]],
            ),
            table(
                "Contact",
                &["Id", "LastName"],
                &[&["003000000000001", "A"], &["003000000000002", "B"]],
            ),
            table("Lead", &["Id", "LastName"], &[&["00Q000000000001", "C"]]),
        ]
        .into_iter()
        .map(|t| (t.object.clone(), t))
        .collect()
    }

    #[test]
    fn read_is_shared_records_view_all_is_every_record_and_a_missing_set_is_named() {
        let mut org = Org::default();
        let mut p = PermissionHolder::new("Sync", HolderKind::Profile, Span::new("p", 1));
        p.objects.insert(
            "Contact".into(),
            ObjectPerm {
                read: true,
                ..ObjectPerm::default()
            },
        );
        p.objects.insert(
            "Lead".into(),
            ObjectPerm {
                read: true,
                view_all: true,
                ..ObjectPerm::default()
            },
        );
        org.profiles.insert("Sync".into(), p);
        let r = identity_reach(&["005000000000001".to_owned()], &org, &tables());
        let u = &r.users[0];
        assert_eq!(u.profile.as_deref(), Some("Sync"));
        assert_eq!(u.permission_sets, ["Extra_Access"]);
        assert_eq!(u.unread, ["permission set Extra_Access"]);
        assert!(u.view_all_data.is_empty());
        let of = |o: &str| u.objects.iter().find(|x| x.object == o).unwrap();
        assert!(of("Contact").readable && !of("Contact").all_records);
        assert!(of("Contact").why.contains("not evaluated"));
        assert!(of("Lead").readable && of("Lead").all_records);
        assert!(!of("User").readable);
        assert_eq!(r.records_bound, 3);
        // View All Data through the set reaches every record of every object.
        let mut s =
            PermissionHolder::new("Extra_Access", HolderKind::PermissionSet, Span::new("s", 1));
        s.user_permissions
            .insert("ViewAllData".into(), Span::new("s", 3));
        org.permission_sets.insert("Extra_Access".into(), s);
        let r = identity_reach(&["005000000000001".to_owned()], &org, &tables());
        assert_eq!(
            r.users[0].view_all_data,
            ["permission set Extra_Access: ViewAllData"]
        );
        assert!(r.users[0].objects.iter().all(|o| o.all_records));
        assert_eq!(r.records_bound, 7);
    }
}
