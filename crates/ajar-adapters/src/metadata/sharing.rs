//! Sharing rules (formats.md §1.5), kept as written: criteria are data that `investigate`
//! evaluates against exported records later.

use super::xml::Node;
use super::{FileCtx, MetadataError};
use ajar_model::exposure::{CriteriaItem, Predicate};
use ajar_model::org::{Org, SharingRule, SharingRuleKind};

fn kind_of(element: &str) -> Option<SharingRuleKind> {
    Some(match element {
        "sharingCriteriaRules" | "SharingCriteriaRule" => SharingRuleKind::Criteria,
        "sharingOwnerRules" | "SharingOwnerRule" => SharingRuleKind::Owner,
        "sharingGuestRules" | "SharingGuestRule" => SharingRuleKind::Guest,
        "sharingTerritoryRules" | "SharingTerritoryRule" => SharingRuleKind::Territory,
        _ => return None,
    })
}

/// Reads `sharingRules/<Object>.sharingRules`.
pub(crate) fn read_file(
    ctx: &FileCtx<'_>,
    doc: &Node,
    object: &str,
    org: &mut Org,
) -> Result<(), MetadataError> {
    ctx.expect_root(doc, "SharingRules")?;
    for el in doc.children() {
        if let Some(kind) = kind_of(&el.name) {
            org.sharing_rules.push(rule(ctx, &el, kind, object));
        }
    }
    Ok(())
}

/// Reads one decomposed rule file (`sharingRules/<O>/sharingGuestRules/<R>.sharingGuestRule`).
pub(crate) fn read_one(
    ctx: &FileCtx<'_>,
    doc: &Node,
    object: &str,
    org: &mut Org,
) -> Result<(), MetadataError> {
    let Some(kind) = kind_of(&doc.name) else {
        return ctx.expect_root(doc, "SharingGuestRule");
    };
    org.sharing_rules.push(rule(ctx, doc, kind, object));
    Ok(())
}

fn rule(ctx: &FileCtx<'_>, el: &Node, kind: SharingRuleKind, object: &str) -> SharingRule {
    let (shared_to_kind, shared_to) = el
        .child("sharedTo")
        .and_then(|s| s.children().next())
        .map(|n| (n.name.to_string(), super::strip_token(&n.text)))
        .unwrap_or_default();
    let items = el
        .children_named("criteriaItems")
        .map(|c| CriteriaItem {
            field: super::strip_token(c.child_text("field").unwrap_or_default()),
            operation: c.child_text("operation").unwrap_or_default().to_owned(),
            // `<value/>` (empty) is kept as None: with `notEqual` it means "not blank".
            value: c
                .child_text("value")
                .filter(|v| !v.is_empty())
                .map(str::to_owned),
            value_field: c
                .child_text("valueField")
                .filter(|v| !v.is_empty())
                .map(super::strip_token),
        })
        .collect();
    SharingRule {
        object: object.to_owned(),
        name: el.child_text("fullName").unwrap_or_default().to_owned(),
        kind,
        access_level: el.child_text("accessLevel").unwrap_or_default().to_owned(),
        shared_to_kind,
        shared_to,
        predicate: Predicate {
            items,
            boolean_filter: el
                .child_text("booleanFilter")
                .filter(|v| !v.is_empty())
                .map(str::to_owned),
            include_hvu_owned: el.child_bool("includeHVUOwnedRecords"),
        },
        span: ctx.span(el.line),
    }
}
