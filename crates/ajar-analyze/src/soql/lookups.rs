//! Parent records for relationship paths (`Account.Name` on a Contact).
//!
//! A lookup column holds the parent's ID, whose first three characters name its object
//! (formats.md §2.7); the parent table is the exported table whose records carry that prefix,
//! which also covers polymorphic lookups (`Owner` may be a User or a Group) and custom objects
//! whose prefixes differ per org.

use ajar_model::export::{Row, Table};
use ajar_model::sfid::SfId;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};

/// The exported tables a query's relationship paths may reach.
#[derive(Debug, Clone, Default)]
pub struct Lookups<'t> {
    tables: Vec<(&'t Table, OnceCell<HashMap<SfId, usize>>)>,
    by_prefix: BTreeMap<String, usize>,
}

impl<'t> Lookups<'t> {
    /// The tables parents are looked up in (typically every table of the export).
    pub fn new(tables: impl IntoIterator<Item = &'t Table>) -> Self {
        let mut l = Self::default();
        for t in tables {
            let i = l.tables.len();
            l.tables.push((t, OnceCell::new()));
            if let Some(r) = t.rows.first() {
                l.by_prefix.entry(r.id.key_prefix().to_owned()).or_insert(i);
            }
        }
        l
    }

    /// The parent record with this ID, with its table; `None` when no exported table holds
    /// it.
    pub(super) fn get(&self, id: SfId) -> Option<(&'t Table, &'t Row)> {
        let i = *self.by_prefix.get(id.key_prefix())?;
        let (table, index) = self.tables.get(i)?;
        let index = index.get_or_init(|| {
            table
                .rows
                .iter()
                .enumerate()
                .map(|(n, r)| (r.id, n))
                .collect()
        });
        let n = *index.get(&id)?;
        Some((*table, table.rows.get(n)?))
    }

    /// Whether any table holds records with this key prefix.
    pub(super) fn has_prefix(&self, prefix: &str) -> bool {
        self.by_prefix.contains_key(prefix)
    }
}

/// The lookup column behind a relationship name: `Account` → `AccountId`, `Foo__r` →
/// `Foo__c`.
pub(super) fn lookup_column(relationship: &str) -> String {
    match relationship
        .len()
        .checked_sub(3)
        .and_then(|i| relationship.get(i..).map(|s| (i, s)))
    {
        Some((i, s)) if s.eq_ignore_ascii_case("__r") => {
            format!("{}__c", relationship.get(..i).unwrap_or_default())
        }
        _ => format!("{relationship}Id"),
    }
}
