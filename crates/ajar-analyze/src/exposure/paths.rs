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
    let model = if external_enabled {
        def.external_sharing_model
            .as_ref()
            .or(def.sharing_model.as_ref())
    } else {
        def.sharing_model.as_ref()
    }?;
    if model == "ControlledByParent" && depth < 4 {
        let master = def
            .fields
            .values()
            .find(|f| f.field_type.as_deref() == Some("MasterDetail"))
            .and_then(|f| f.reference_to.as_deref())?;
        let (m, span, chain) = owd(org, master, depth + 1)?;
        return Some((m, span, format!("{object} controlled by parent {chain}")));
    }
    Some((model.clone(), def.span.clone(), object.to_owned()))
}

/// Whether a predicate matches every record: no items, or `Name`/`Id` `notEqual` blank
/// (formats.md §1.5: `Name notEqual ''` = every record).
pub fn matches_all(p: &ajar_model::exposure::Predicate) -> bool {
    if p.boolean_filter.is_some() {
        return p.items.is_empty();
    }
    p.items.is_empty()
        || p.items.iter().any(|i| {
            matches!(i.field.as_str(), "Name" | "Id")
                && i.operation == "notEqual"
                && i.value.is_none()
        }) && p.items.len() == 1
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

/// The widest effective reach among `paths`.
pub(crate) fn reach(paths: &[RecordPath]) -> RecordReach {
    paths
        .iter()
        .filter(|p| p.effective)
        .map(|p| match &p.kind {
            RecordPathKind::ViewAll | RecordPathKind::OrgWideDefault { .. } => RecordReach::All,
            RecordPathKind::SharingRule { predicate, .. } if matches_all(predicate) => {
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
