//! Profiles, permission sets, muting permission sets and permission set groups
//! (formats.md §1.2).

use super::xml::Node;
use super::{FileCtx, MetadataError};
use ajar_model::org::{
    FieldPerm, HolderKind, ObjectPerm, Org, PermissionHolder, PermissionSetGroup,
};
use ajar_model::span::{CoverageGap, Span};
use std::collections::BTreeMap;

mod repeat;
pub(crate) use repeat::{RepeatFields, repeats};

fn root_name(kind: HolderKind) -> &'static str {
    match kind {
        HolderKind::Profile => "Profile",
        HolderKind::PermissionSet => "PermissionSet",
        HolderKind::MutingPermissionSet => "MutingPermissionSet",
    }
}

/// Reads one profile or (muting) permission set file and merges it into `org`. With `repeat`
/// (the file repeats a holder of an earlier file), the field permissions go there instead.
pub(crate) fn read(
    ctx: &FileCtx<'_>,
    doc: &Node,
    (kind, name): (HolderKind, &str),
    org: &mut Org,
    gaps: &mut Vec<CoverageGap>,
    mut repeat: Option<&mut RepeatFields>,
) -> Result<(), MetadataError> {
    ctx.expect_root(doc, root_name(kind))?;
    let mut h = PermissionHolder::new(name, kind, ctx.span(doc.line));
    // Elements of one kind come together: a list that skips repeats, sorted and deduplicated
    // once at the end, instead of a set lookup per element.
    let mut sections: Vec<&str> = Vec::new();
    // Collected in document order and built into maps at once (a later duplicate wins, as
    // with one insert at a time); a profile lists thousands of fields.
    let mut objects = Vec::new();
    let mut fields = Vec::new();
    for el in doc.children() {
        if sections.last() != Some(&el.name_str()) {
            sections.push(el.name_str());
        }
        match &*el.name {
            "userLicense" | "license" => {
                h.license = Some(el.text.to_string());
                h.license_span = Some(ctx.span(el.line));
            }
            "label" => h.label = Some(el.text.to_string()),
            "objectPermissions" => {
                let Some(object) = el.child_text("object") else {
                    continue;
                };
                let perm = ObjectPerm {
                    create: el.child_bool("allowCreate"),
                    read: el.child_bool("allowRead"),
                    edit: el.child_bool("allowEdit"),
                    delete: el.child_bool("allowDelete"),
                    view_all: el.child_bool("viewAllRecords"),
                    modify_all: el.child_bool("modifyAllRecords"),
                    view_all_fields: el.child_bool("viewAllFields"),
                    span: ctx.span(el.line),
                };
                objects.push((super::strip_token(object), perm));
            }
            "fieldPermissions" => {
                let Some(field) = el.child_text("field") else {
                    continue;
                };
                let (readable, editable) = (el.child_bool("readable"), el.child_bool("editable"));
                match repeat.as_deref_mut() {
                    Some(r) => r.push(&super::strip_token_cow(field), readable, editable, el.line),
                    None => {
                        let span = ctx.span(el.line);
                        let perm = FieldPerm {
                            readable,
                            editable,
                            span,
                        };
                        fields.push((super::strip_token(field), perm));
                    }
                }
            }
            "userPermissions" => enabled(&el, "name", ctx, &mut h.user_permissions),
            "classAccesses" => enabled(&el, "apexClass", ctx, &mut h.class_accesses),
            "pageAccesses" => enabled(&el, "apexPage", ctx, &mut h.page_accesses),
            "flowAccesses" => enabled(&el, "flow", ctx, &mut h.flow_accesses),
            _ => {}
        }
    }
    h.objects.extend(objects);
    h.fields = fields.into_iter().collect();
    if let Some(r) = repeat.as_deref_mut() {
        // Sorted and merged once here: `add_to` walks the entries in order.
        r.finish();
    }
    let repeated_fields = repeat.is_some_and(|r| !r.is_empty());
    sections.sort_unstable();
    sections.dedup();
    h.sections = sections.into_iter().map(str::to_owned).collect();
    // A retrieve lists objectPermissions only for objects in the same retrieve, and a profile
    // re-retrieved alone can carry userPermissions only (formats.md §1.1, the GSA
    // `_HEAD_fcb9670` sample): no object section means "not in the input", never "no access".
    if kind == HolderKind::Profile
        && h.objects.is_empty()
        && h.fields.is_empty()
        && !repeated_fields
    {
        gaps.push(CoverageGap {
            kind: "partial-profile".into(),
            message: format!(
                "profile `{name}` has no objectPermissions or fieldPermissions: a partial retrieve; its object access is unknown"
            ),
            span: Some(ctx.span(doc.line)),
        });
    }
    let map = match kind {
        HolderKind::Profile => &mut org.profiles,
        HolderKind::PermissionSet => &mut org.permission_sets,
        HolderKind::MutingPermissionSet => &mut org.muting_permission_sets,
    };
    insert(map, h, gaps);
    Ok(())
}

/// Adds a holder to a map; the same component in two package directories (or two snapshots
/// of a tree) keeps the union, so that nothing granted in either file is missed.
pub(crate) fn insert(
    map: &mut BTreeMap<String, PermissionHolder>,
    h: PermissionHolder,
    gaps: &mut Vec<CoverageGap>,
) {
    match map.get_mut(&h.name) {
        Some(existing) => {
            gaps.push(CoverageGap {
                kind: "duplicate-component".into(),
                message: format!(
                    "`{}` is defined in more than one file; their grants are merged",
                    h.name
                ),
                span: Some(h.span.clone()),
            });
            merge(existing, h);
        }
        None => {
            map.insert(h.name.clone(), h);
        }
    }
}

/// Adds the field permissions of a repeating file to its holder, merged just before (with the
/// file's other grants) into the holder of the earlier file.
pub(crate) fn add_repeat(org: &mut Org, r: &RepeatFields) {
    let map = match r.kind {
        HolderKind::Profile => &mut org.profiles,
        HolderKind::PermissionSet => &mut org.permission_sets,
        HolderKind::MutingPermissionSet => &mut org.muting_permission_sets,
    };
    if let Some(h) = map.get_mut(&r.name) {
        r.add_to(&mut h.fields);
    }
}

fn enabled(el: &Node, key: &str, ctx: &FileCtx<'_>, into: &mut BTreeMap<String, Span>) {
    if let Some(name) = el.child_text(key).filter(|_| el.child_bool("enabled")) {
        into.entry(super::strip_token(name))
            .or_insert_with(|| ctx.span(el.line));
    }
}

fn merge(into: &mut PermissionHolder, from: PermissionHolder) {
    if into.license.is_none() {
        into.license = from.license;
        into.license_span = from.license_span;
    }
    union(
        &mut into.objects,
        from.objects,
        |v| ObjectPerm {
            span: v.span.clone(),
            ..ObjectPerm::default()
        },
        |e, v| e.absorb(&v),
    );
    union(
        &mut into.fields,
        from.fields,
        |v| FieldPerm {
            span: v.span.clone(),
            ..FieldPerm::default()
        },
        |e, v| {
            e.readable |= v.readable;
            e.editable |= v.editable;
        },
    );
    for (map, other) in [
        (&mut into.user_permissions, from.user_permissions),
        (&mut into.class_accesses, from.class_accesses),
        (&mut into.page_accesses, from.page_accesses),
        (&mut into.flow_accesses, from.flow_accesses),
    ] {
        for (k, v) in other {
            map.entry(k).or_insert(v);
        }
    }
    into.sections.extend(from.sections);
    into.sections.sort();
    into.sections.dedup();
}

/// Adds each entry of `from` to the entry of the same key in `into` (made by `new` when
/// missing). Both maps are sorted: one walk along `into` finds the keys it has (a duplicate
/// component mostly repeats the same keys) with no lookup from the root per key.
fn union<V>(
    into: &mut BTreeMap<String, V>,
    from: BTreeMap<String, V>,
    new: impl Fn(&V) -> V,
    add: impl Fn(&mut V, V),
) {
    let mut missing = Vec::new();
    let mut mine = into.iter_mut().peekable();
    for (k, v) in from {
        while mine.next_if(|(m, _)| **m < k).is_some() {}
        match mine.peek_mut() {
            Some((m, e)) if **m == k => add(e, v),
            _ => missing.push((k, v)),
        }
    }
    for (k, v) in missing {
        let e = into.entry(k).or_insert_with(|| new(&v));
        add(e, v);
    }
}

/// Reads a permission set group.
pub(crate) fn read_group(
    ctx: &FileCtx<'_>,
    doc: &Node,
    name: &str,
    org: &mut Org,
) -> Result<(), MetadataError> {
    ctx.expect_root(doc, "PermissionSetGroup")?;
    let list = |key: &str| -> Vec<String> {
        doc.children_named(key)
            .map(|n| n.text.to_string())
            .collect()
    };
    org.permission_set_groups.insert(
        name.to_owned(),
        PermissionSetGroup {
            name: name.to_owned(),
            permission_sets: list("permissionSets"),
            muting_permission_sets: list("mutingPermissionSets"),
            span: ctx.span(doc.line),
        },
    );
    Ok(())
}
