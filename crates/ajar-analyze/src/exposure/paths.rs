//! Record paths: why a principal reaches records of an object (formats.md §1.5, §1.8, §1.9 R7).

use super::principals::Seed;
use ajar_model::exposure::{LockdownMode, PrincipalKind, RecordPath, RecordPathKind, RecordReach};
use ajar_model::org::{ObjectPerm, Org};
use ajar_model::span::{Cause, Span};

/// Sharing models that open every record for reading.
fn opens_all(model: &str) -> bool {
    matches!(
        model,
        "Read" | "ReadSelect" | "ReadWrite" | "ReadWriteTransfer" | "FullAccess"
    )
}

/// The OWD a principal of `kind` meets on `object`, following `ControlledByParent` to the
/// master (formats.md §1.5). `None` when unknown. Pre-2021 guests met `externalSharingModel`
/// when the external model was enabled, else `sharingModel` (formats.md §1.8, an inference).
pub(crate) fn owd(org: &Org, object: &str, depth: u8) -> Option<(String, Span, String)> {
    let def = org.objects.get(object)?;
    let external_enabled = org
        .setting_bool("Sharing.enableExternalSharingModel")
        .unwrap_or(true);
    let external = def
        .external_sharing_model
        .as_ref()
        .filter(|_| external_enabled)
        .map(|m| (m, "externalSharingModel"));
    let (model, element) = external.or(def.sharing_model.as_ref().map(|m| (m, "sharingModel")))?;
    if model == "ControlledByParent" && depth < 4 {
        let master = def
            .fields
            .values()
            .find(|f| f.field_type.as_deref() == Some("MasterDetail"))
            .and_then(|f| f.reference_to.as_deref())?;
        let (m, span, chain) = owd(org, master, depth + 1)?;
        return Some((m, span, format!("{object} controlled by parent {chain}")));
    }
    // The cause points at the element (issue #21, item 9), not the file's root.
    Some((model.clone(), def.at(element), object.to_owned()))
}

/// Whether a predicate matches every record: no items, or criteria that are tautologies
/// (formats.md §1.5: `notEqual` with an empty or `null` value means "not blank", so
/// `Name notEqual ''` = every record), with no object definition at hand: only the fields
/// every record fills (`Id`, `Name`, owner, audit fields) count as filled.
pub fn matches_all(p: &ajar_model::exposure::Predicate) -> bool {
    matches_all_of(p, None)
}

/// Whether a predicate matches every record of an object whose definition is `def`: items
/// are ANDed, or combined by `booleanFilter` (evaluated with three-valued logic, an item that
/// depends on the record being unknown). An item holds for every record when it is
/// * `notEqual` blank (`<value/>`, `null`, `''`) on a field every record fills: the system
///   fields, a required field, a master-detail or an auto-number field; or
/// * `equals` (or `includes`) both `True` and `False` on a checkbox (a comma means OR).
pub fn matches_all_of(
    p: &ajar_model::exposure::Predicate,
    def: Option<&ajar_model::org::ObjectDef>,
) -> bool {
    if p.items.is_empty() {
        return true;
    }
    let known: Vec<Option<bool>> = p
        .items
        .iter()
        .map(|i| always_true(i, def).then_some(true))
        .collect();
    match p.boolean_filter.as_deref().filter(|f| !f.trim().is_empty()) {
        Some(f) => crate::impact::criteria::filter_always_true(f, &known),
        None => known.iter().all(|k| *k == Some(true)),
    }
}

/// Whether every record has a value in `field`: the system fields (formats.md §1.2), required,
/// master-detail and auto-number fields.
fn filled(field: &str, def: Option<&ajar_model::org::ObjectDef>) -> bool {
    super::objects::SYSTEM_FIELDS
        .iter()
        .any(|f| f.eq_ignore_ascii_case(field))
        || def.and_then(|d| d.fields.get(field)).is_some_and(|f| {
            f.required || matches!(f.field_type.as_deref(), Some("MasterDetail" | "AutoNumber"))
        })
}

fn is_blank(v: Option<&str>) -> bool {
    v.is_none_or(|v| {
        let v = v.trim();
        v.is_empty() || v.eq_ignore_ascii_case("null") || v == "''" || v == "\"\""
    })
}

fn always_true(
    i: &ajar_model::exposure::CriteriaItem,
    def: Option<&ajar_model::org::ObjectDef>,
) -> bool {
    if i.value_field.is_some() {
        return false;
    }
    match i.operation.as_str() {
        "notEqual" => is_blank(i.value.as_deref()) && filled(&i.field, def),
        "equals" | "includes" => {
            let checkbox = def
                .and_then(|d| d.fields.get(&i.field))
                .is_some_and(|f| f.field_type.as_deref() == Some("Checkbox"));
            let values: Vec<String> = i
                .value
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .map(|v| v.trim().to_ascii_lowercase())
                .collect();
            checkbox && values.iter().any(|v| v == "true") && values.iter().any(|v| v == "false")
        }
        _ => false,
    }
}

/// Every path to records of `object` for the principal, effective or clamped.
pub(crate) fn record_paths(
    org: &Org,
    seed: &Seed<'_>,
    object: &str,
    perm: &ObjectPerm,
    mode: LockdownMode,
) -> Vec<RecordPath> {
    let guest = seed.kind == PrincipalKind::Guest;
    let post = mode == LockdownMode::Post2021;
    let mut out = Vec::new();
    if perm.view_all || perm.modify_all {
        // Whether the platform still honours a guest's View All after Winter '21 is unresolved
        // (formats.md §1.8): count it in pre-2021 mode only, and report it in both.
        out.push(RecordPath {
            kind: RecordPathKind::ViewAll,
            effective: !(guest && post),
            causes: vec![Cause {
                span: perm.span.clone(),
                what: format!("viewAllRecords/modifyAllRecords on {object}"),
            }],
        });
    }
    if let Some((model, span, chain)) = owd(org, object, 0).filter(|(m, _, _)| opens_all(m)) {
        {
            // Winter '21 made the guest OWD Private on every object (formats.md §1.8, trap 7);
            // externalSharingModel=Read stays valid for authenticated externals.
            out.push(RecordPath {
                kind: RecordPathKind::OrgWideDefault {
                    model: model.clone(),
                },
                effective: !(guest && post),
                causes: vec![Cause {
                    span,
                    what: format!("org-wide default {model} ({chain})"),
                }],
            });
        }
    }
    for r in &org.sharing_rules {
        if r.object != object {
            continue;
        }
        let applies = match seed.kind {
            PrincipalKind::Guest => {
                r.shared_to_kind == "guestUser" && seed.site.is_some_and(|s| s.name == r.shared_to)
            }
            PrincipalKind::External => matches!(
                r.shared_to_kind.as_str(),
                "allCustomerPortalUsers" | "allPartnerUsers"
            ),
            PrincipalKind::Internal => false,
        };
        if applies {
            out.push(RecordPath {
                kind: RecordPathKind::SharingRule {
                    rule: r.name.clone(),
                    predicate: r.predicate.clone(),
                },
                effective: true,
                causes: vec![Cause {
                    span: r.span.clone(),
                    what: format!(
                        "{} sharing rule {} shares {object} ({}) to {} {}",
                        match r.kind {
                            ajar_model::org::SharingRuleKind::Guest => "guest",
                            ajar_model::org::SharingRuleKind::Criteria => "criteria",
                            ajar_model::org::SharingRuleKind::Owner => "owner",
                            ajar_model::org::SharingRuleKind::Territory => "territory",
                        },
                        r.name,
                        r.access_level,
                        r.shared_to_kind,
                        r.shared_to
                    ),
                }],
            });
        }
    }
    if perm.create {
        // Records a guest created, and old guest-owned records, stay reachable in every mode
        // (formats.md §1.8 "not retroactive", trap 32).
        out.push(RecordPath {
            kind: RecordPathKind::Owned,
            effective: true,
            causes: vec![Cause {
                span: perm.span.clone(),
                what: format!("allowCreate on {object}: records the principal created"),
            }],
        });
    }
    out.sort();
    out
}

/// The widest effective reach among `paths` to records of `object`.
pub(crate) fn reach(org: &Org, object: &str, paths: &[RecordPath]) -> RecordReach {
    let def = org.objects.get(object);
    paths
        .iter()
        .filter(|p| p.effective)
        .map(|p| match &p.kind {
            RecordPathKind::ViewAll | RecordPathKind::OrgWideDefault { .. } => RecordReach::All,
            RecordPathKind::SharingRule { predicate, .. } if matches_all_of(predicate, def) => {
                RecordReach::All
            }
            RecordPathKind::SharingRule { .. } | RecordPathKind::Code { .. } => {
                RecordReach::Criteria
            }
            RecordPathKind::Owned => RecordReach::Owned,
        })
        .max()
        .unwrap_or(RecordReach::None)
}

#[cfg(test)]
mod tests {
    use super::matches_all_of;
    use ajar_model::exposure::{CriteriaItem, Predicate};
    use ajar_model::org::{FieldDef, ObjectDef};

    fn item(field: &str, op: &str, value: Option<&str>) -> CriteriaItem {
        CriteriaItem {
            field: field.into(),
            operation: op.into(),
            value: value.map(str::to_owned),
            value_field: None,
        }
    }

    fn pred(items: Vec<CriteriaItem>, filter: Option<&str>) -> Predicate {
        Predicate {
            items,
            boolean_filter: filter.map(str::to_owned),
            include_hvu_owned: false,
        }
    }

    #[test]
    fn tautologies_issue_21() {
        let mut def = ObjectDef::default();
        for (name, ty, required) in [
            ("Code__c", "Text", true),
            ("Optional__c", "Text", false),
            ("Published__c", "Checkbox", false),
        ] {
            def.fields.insert(
                name.into(),
                FieldDef {
                    name: name.into(),
                    field_type: Some(ty.into()),
                    required,
                    ..FieldDef::default()
                },
            );
        }
        let all = |p: Predicate| matches_all_of(&p, Some(&def));
        // Summit's rule: `Name notEqual null` (the text `null`).
        assert!(all(pred(
            vec![item("Name", "notEqual", Some("null"))],
            None
        )));
        assert!(all(pred(vec![item("Id", "notEqual", None)], None)));
        assert!(all(pred(
            vec![item("Code__c", "notEqual", Some("''"))],
            None
        )));
        assert!(all(pred(
            vec![item("Published__c", "equals", Some("True,False"))],
            None
        )));
        // Optional fields can be blank: "not blank" is a filter.
        assert!(!all(pred(
            vec![item("Optional__c", "notEqual", None)],
            None
        )));
        assert!(!all(pred(
            vec![item("Published__c", "equals", Some("True"))],
            None
        )));
        // ANDed with a real filter: not every record.
        assert!(!all(pred(
            vec![
                item("Name", "notEqual", None),
                item("Optional__c", "equals", Some("A")),
            ],
            None
        )));
        // OR with a tautology is every record; NOT of one is none.
        assert!(all(pred(
            vec![
                item("Optional__c", "equals", Some("A")),
                item("Name", "notEqual", Some("null")),
            ],
            Some("1 OR 2")
        )));
        assert!(!all(pred(
            vec![
                item("Optional__c", "equals", Some("A")),
                item("Name", "notEqual", Some("null")),
            ],
            Some("1 AND NOT 2")
        )));
    }
}
