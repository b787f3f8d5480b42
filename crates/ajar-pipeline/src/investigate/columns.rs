//! Which columns of each exposed object the guest analysis reads (issue #19), so that the
//! export's rows hold only those: the values the record paths and the persons need, and for
//! the other readable fields only whether they hold a value.

use ajar_adapters::export::{ColumnPlan, ColumnPlans};
use ajar_model::classify::DataClass;
use ajar_model::exposure::{PrincipalKind, RecordPathKind, ScanReport};

/// Columns read by value on every exposed object: the owner (guest-owned records, high-volume
/// portal owners), the creation time (the cut-off at the fix, the earliest evidence, the
/// attribution of reads) and the record type (criteria name it by label).
const ALWAYS: &[&str] = &["Id", "OwnerId", "CreatedDate", "RecordTypeId"];

/// Objects the analysis reads whole whether or not a guest can read them: users (guests,
/// user types, usernames, profiles), profiles and record types (their names).
pub(super) const WHOLE: &[&str] = &["User", "Profile", "RecordType"];

/// Classes whose values make a person (name, contacts, the country of an address): held as they
/// are. Any other readable field is counted only as holding a value or not.
fn by_value(class: Option<DataClass>) -> bool {
    matches!(
        class,
        Some(DataClass::Name | DataClass::Email | DataClass::Phone | DataClass::Address)
    )
}

/// The plan of every object a guest principal of `scan` can read: `ALWAYS`, every field a
/// sharing rule's criteria name, the readable fields of a person's classes by value; the other
/// readable fields and the fields code reads as presence only.
pub(super) fn plans(scan: &ScanReport) -> ColumnPlans {
    let mut plans = ColumnPlans::new();
    for principal in scan
        .principals
        .iter()
        .filter(|p| p.kind == PrincipalKind::Guest)
    {
        for access in &principal.objects {
            if WHOLE.iter().any(|w| w.eq_ignore_ascii_case(&access.object)) {
                continue;
            }
            let plan: &mut ColumnPlan = plans.entry(access.object.clone()).or_default();
            plan.values.extend(ALWAYS.iter().map(|c| (*c).to_owned()));
            for path in &access.record_paths {
                if let RecordPathKind::SharingRule { predicate, .. } = &path.kind {
                    for item in &predicate.items {
                        plan.values.insert(item.field.clone());
                        plan.values.extend(item.value_field.iter().cloned());
                    }
                }
            }
            for f in &access.readable_fields {
                let name = f.field.split_once('.').map_or(f.field.as_str(), |(_, n)| n);
                if by_value(f.classification.as_ref().map(|c| c.class)) {
                    plan.values.insert(name.to_owned());
                } else {
                    plan.presence.insert(name.to_owned());
                }
            }
            let prefix = format!("{}.", access.object.to_ascii_lowercase());
            for read in principal.code.iter().flat_map(|c| &c.reads) {
                let lower = read.to_ascii_lowercase();
                if let Some(name) = lower.strip_prefix(&prefix) {
                    plan.presence.insert(name.to_owned());
                }
            }
        }
    }
    // A column read by value anywhere is held by value.
    for ColumnPlan { values, presence } in plans.values_mut() {
        presence.retain(|p| !values.iter().any(|v| v.eq_ignore_ascii_case(p)));
    }
    plans
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;
    use crate::scan::Tree;

    /// A guest sharing rule on `Status__c`: the criterion's field is held by value, as are
    /// the owner and creation time; a readable system field only as present or absent; a
    /// field the guest cannot read is left out.
    #[test]
    fn a_criterion_field_is_held_by_value_and_an_unreadable_field_is_left_out() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../ajar-analyze/tests/fixtures/GUEST-001/fires");
        let tree = Tree::load(&dir, None).unwrap();
        let scan = tree.analyze(jiff::civil::date(2020, 11, 24));
        let plans = plans(&scan);
        let plan = plans.get("Application__c").unwrap();
        for c in ["Id", "OwnerId", "CreatedDate", "Status__c"] {
            assert!(plan.values.contains(c), "{c}: {plan:?}");
        }
        assert!(!plan.values.contains("Phone__c") && !plan.presence.contains("Phone__c"));
        // A readable field of no person's class counts only as holding a value or not.
        assert!(plan.presence.contains("SystemModstamp"), "{plan:?}");
        assert!(plan.presence.iter().all(|p| !plan.values.contains(p)));
    }
}
