//! Record paths: why a principal reaches records of an object (formats.md §1.5, §1.8, §1.9 R7).

use super::era::Era;
use super::principals::Seed;
use ajar_model::exposure::{PrincipalKind, RecordPath, RecordPathKind, RecordReach};
use ajar_model::org::{ObjectPerm, Org};
use ajar_model::span::{Cause, Span};

/// Sharing models that open every record for reading.
fn opens_all(model: &str) -> bool {
    matches!(
        model,
        "Read" | "ReadSelect" | "ReadWrite" | "ReadWriteTransfer" | "FullAccess"
    )
}

/// Standard objects whose `ControlledByParent` follows a fixed parent (formats.md §1.5, §1.10).
const STANDARD_PARENTS: &[(&str, &str)] = &[
    ("Asset", "Account"),
    ("Contact", "Account"),
    ("ContractLineItem", "ServiceContract"),
    ("OpportunityLineItem", "Opportunity"),
    ("OrderItem", "Order"),
    ("Quote", "Opportunity"),
    ("QuoteLineItem", "Quote"),
];

/// The OWD a principal meets on `object`, following `ControlledByParent` to the master
/// (formats.md §1.5). `None` when unknown. Pre-2021 guests met `externalSharingModel`
/// when the external model was enabled, else `sharingModel` (formats.md §1.8, an inference).
pub(crate) fn owd(org: &Org, object: &str, depth: u8) -> Option<(String, Span, String)> {
    owd_resolved(org, object, depth).ok().flatten()
}

/// [`owd`], with `Err(why)` when the object's access follows a parent whose model is unknown:
/// a coverage gap, not "no access" (formats.md §1.10). `Ok(None)`: the object has no model in
/// the input (reported as a missing object elsewhere).
pub(crate) fn owd_resolved(
    org: &Org,
    object: &str,
    depth: u8,
) -> Result<Option<(String, Span, String)>, String> {
    let Some(def) = org.objects.get(object) else {
        return Ok(None);
    };
    let external_enabled = org
        .setting_bool("Sharing.enableExternalSharingModel")
        .unwrap_or(true);
    let external = def
        .external_sharing_model
        .as_ref()
        .filter(|_| external_enabled)
        .map(|m| (m, "externalSharingModel"));
    let Some((model, element)) =
        external.or(def.sharing_model.as_ref().map(|m| (m, "sharingModel")))
    else {
        return Ok(None);
    };
    let parents: Vec<&str> = match model.as_str() {
        "ControlledByParent" => {
            let master = def
                .fields
                .values()
                .find(|f| f.field_type.as_deref() == Some("MasterDetail"))
                .and_then(|f| f.reference_to.as_deref())
                .or_else(|| {
                    STANDARD_PARENTS
                        .iter()
                        .find(|(child, _)| *child == object)
                        .map(|(_, parent)| *parent)
                });
            match master {
                Some(m) => vec![m],
                None => {
                    return Err(format!(
                        "`{object}` is controlled by its parent, but which parent is not in the input"
                    ));
                }
            }
        }
        // A campaign member follows its campaign, or its lead or contact (formats.md §1.5).
        "ControlledByCampaign" => vec!["Campaign"],
        "ControlledByLeadOrContact" => vec!["Lead", "Contact"],
        _ => {
            // The cause points at the element (issue #21, item 9), not the file's root.
            return Ok(Some((model.clone(), def.at(element), object.to_owned())));
        }
    };
    if depth >= 4 {
        return Err(format!(
            "`{object}`: the chain of parents is too deep to follow"
        ));
    }
    // With two possible parents, the wider decides (a record is visible through either).
    let mut best: Option<(String, Span, String)> = None;
    for parent in &parents {
        match owd_resolved(org, parent, depth + 1)? {
            Some((m, span, chain)) => {
                let wider = best
                    .as_ref()
                    .is_none_or(|(b, _, _)| !opens_all(b) && opens_all(&m));
                if wider {
                    best = Some((m, span, format!("{object} controlled by parent {chain}")));
                }
            }
            None => {
                return Err(format!(
                    "`{object}` follows `{parent}`, whose sharing model is not in the input"
                ));
            }
        }
    }
    Ok(best)
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

/// Every path to records of `object` for the principal, effective or clamped, under the
/// rules of `era` (formats.md §1.10).
pub(crate) fn record_paths(
    org: &Org,
    seed: &Seed<'_>,
    object: &str,
    perm: &ObjectPerm,
    era: &Era,
    gaps: &mut Vec<ajar_model::span::CoverageGap>,
) -> Vec<RecordPath> {
    let guest = seed.kind == PrincipalKind::Guest;
    let mut out = Vec::new();
    if perm.view_all || perm.modify_all {
        // A guest's View All counts while the era keeps it, and only where the guest licence
        // allowed it (formats.md §1.10); whether the platform still honours it after Winter '21
        // is unresolved (formats.md §1.8): reported in every era.
        let effective = !guest || era.guest_wide_perm_effective(object);
        let mut what = format!("viewAllRecords/modifyAllRecords on {object}");
        if guest {
            if !super::era::guest_licence_allows_wide(object) {
                what.push_str(": the guest licence never allowed it on a standard object");
            } else {
                what.push_str(&format!(": {}", era.object_perms_kept.why));
            }
        }
        out.push(RecordPath {
            kind: RecordPathKind::ViewAll,
            effective,
            causes: vec![Cause {
                span: perm.span.clone(),
                what,
            }],
        });
    }
    let resolved = owd_resolved(org, object, 0).unwrap_or_else(|why| {
        gaps.push(super::era::gap(
            "unknown-parent-model",
            format!("{why}: whether its org-wide default opens records is unknown"),
        ));
        None
    });
    if let Some((model, span, chain)) = resolved.filter(|(m, _, _)| opens_all(m)) {
        // Secure guest record access made the guest OWD Private: where it was on from Winter
        // '20, on unless opted out from Summer '20, everywhere from Winter '21 (formats.md
        // §1.10, trap 7); externalSharingModel=Read stays valid for authenticated externals.
        let mut what = format!("org-wide default {model} ({chain})");
        if guest {
            what.push_str(&format!("; {}", era.secure_owd.why));
        }
        out.push(RecordPath {
            kind: RecordPathKind::OrgWideDefault {
                model: model.clone(),
            },
            effective: !(guest && era.secure_owd.on),
            causes: vec![Cause { span, what }],
        });
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
    if guest && perm.read {
        // One guest user per site owns what its visitors create, and Read alone shows them
        // whether or not the profile has allowCreate (code may create as the guest). The
        // default owner stopped new ownership, but did not reach back (formats.md §1.10,
        // trap 32).
        let owns = era.guest_owns_new_records(org, seed.site);
        let what = if owns.on {
            format!(
                "allowRead on {object}: every record the site's guest user owns, i.e. what any visitor created ({})",
                owns.why
            )
        } else {
            format!(
                "allowRead on {object}: records the site's guest user still owns from before the default owner ({})",
                owns.why
            )
        };
        out.push(RecordPath {
            kind: RecordPathKind::Owned,
            effective: true,
            causes: vec![Cause {
                span: perm.span.clone(),
                what,
            }],
        });
    } else if !guest && perm.create {
        // Records an external user created stay its own (trap 32).
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
    use super::{matches_all_of, owd_resolved};
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

    fn org_with(objects: &[(&str, &str)]) -> ajar_model::org::Org {
        let mut org = ajar_model::org::Org::default();
        for (name, model) in objects {
            org.objects.insert(
                (*name).to_owned(),
                ObjectDef {
                    name: (*name).to_owned(),
                    external_sharing_model: Some((*model).to_owned()),
                    has_definition: true,
                    ..ObjectDef::default()
                },
            );
        }
        org
    }

    #[test]
    fn standard_and_campaign_parents_issue_20_item_2() {
        let org = org_with(&[
            ("Account", "Read"),
            ("Contact", "ControlledByParent"),
            ("Lead", "Private"),
            ("CampaignMember", "ControlledByLeadOrContact"),
            ("Task", "ControlledByParent"),
            ("Opportunity", "Private"),
            ("Quote", "ControlledByParent"),
        ]);
        // Contact follows Account although it has no master-detail field in the input.
        let (m, _, chain) = owd_resolved(&org, "Contact", 0).unwrap().unwrap();
        assert_eq!(m, "Read");
        assert_eq!(chain, "Contact controlled by parent Account");
        // A campaign member is visible through its contact when the lead is private.
        let (m, _, chain) = owd_resolved(&org, "CampaignMember", 0).unwrap().unwrap();
        assert_eq!(m, "Read");
        assert!(
            chain.contains("Contact controlled by parent Account"),
            "{chain}"
        );
        assert_eq!(
            owd_resolved(&org, "Quote", 0).unwrap().unwrap().0,
            "Private"
        );
        // An activity's parent is any record: unknown, a gap, not "none".
        assert!(owd_resolved(&org, "Task", 0).is_err());
        let campaign = org_with(&[("CampaignMember", "ControlledByCampaign")]);
        assert!(owd_resolved(&campaign, "CampaignMember", 0).is_err());
    }
}
