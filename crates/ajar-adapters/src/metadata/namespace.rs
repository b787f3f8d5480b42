//! Packaged and unpackaged names of one component in one tree (formats.md §1.1: `ns__`
//! prefixes). A project's own source names its objects without a prefix, while configuration
//! written for the installed package names them with it (Summit Events:
//! `summit__Summit_Events_Fee_Allocation__c` in a sharing rule, `Summit_Events_Fee_Allocation__c`
//! in the permission set). When both spellings are in the input they are one object: the
//! prefixed one is read as the other and the namespace assumed is reported.

use ajar_model::exposure::CriteriaItem;
use ajar_model::org::{ObjectDef, ObjectPerm, Org, PermissionHolder};
use ajar_model::span::CoverageGap;
use std::collections::{BTreeMap, BTreeSet};

/// `ns__Name__c` → `("ns", "Name__c")`: a namespace prefix ends at the first `__` and the
/// rest must still carry a custom suffix (`__c`, `__mdt`, ...), so `Name__c` alone has no
/// prefix. Namespace prefixes are letters, digits and single underscores.
fn split(name: &str) -> Option<(&str, &str)> {
    let (ns, rest) = name.split_once("__")?;
    let ok_ns = !ns.is_empty()
        && ns.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !ns.ends_with('_');
    (ok_ns && rest.contains("__") && !rest.starts_with('_')).then_some((ns, rest))
}

/// Every object name the tree mentions.
fn object_names(org: &Org) -> BTreeSet<String> {
    let holders = org
        .profiles
        .values()
        .chain(org.permission_sets.values())
        .chain(org.muting_permission_sets.values());
    let mut out: BTreeSet<String> = org.objects.keys().cloned().collect();
    for h in holders {
        out.extend(h.objects.keys().cloned());
        out.extend(
            h.fields
                .keys()
                .filter_map(|f| f.split_once('.'))
                .map(|(o, _)| o.to_owned()),
        );
    }
    out.extend(org.sharing_rules.iter().map(|r| r.object.clone()));
    out
}

/// Every `Object.Field` the tree mentions.
fn field_names(org: &Org) -> BTreeSet<String> {
    let holders = org
        .profiles
        .values()
        .chain(org.permission_sets.values())
        .chain(org.muting_permission_sets.values());
    let mut out = BTreeSet::new();
    for h in holders {
        out.extend(h.fields.keys().cloned());
    }
    for (o, def) in &org.objects {
        out.extend(def.fields.keys().map(|f| format!("{o}.{f}")));
    }
    out
}

/// Joins prefixed names with their unprefixed twins across the whole org; one
/// `namespace-assumed` note per joined object.
pub(crate) fn join(org: &mut Org, gaps: &mut Vec<CoverageGap>) {
    let names = object_names(org);
    let objects: BTreeMap<String, String> = names
        .iter()
        .filter_map(|n| {
            let (ns, rest) = split(n)?;
            names.contains(rest).then(|| {
                gaps.push(CoverageGap {
                    kind: "namespace-assumed".into(),
                    message: format!(
                        "`{n}` and `{rest}` are read as one object: namespace `{ns}` assumed to be this tree's own package"
                    ),
                    span: None,
                });
                (n.clone(), rest.to_owned())
            })
        })
        .collect();
    if objects.is_empty() {
        return;
    }
    let rename_object = |o: &str| objects.get(o).cloned().unwrap_or_else(|| o.to_owned());
    // Fields of a joined package: `ns__F__c` meets `F__c` on the same (renamed) object.
    let namespaces: BTreeSet<&str> = objects
        .keys()
        .filter_map(|k| split(k))
        .map(|(ns, _)| ns)
        .collect();
    let fields = field_names(org);
    let known_fields: BTreeSet<String> = fields
        .iter()
        .filter_map(|f| f.split_once('.'))
        .map(|(o, f)| format!("{}.{f}", rename_object(o)))
        .collect();
    let rename_field = |o: &str, f: &str| -> String {
        let o = rename_object(o);
        match split(f) {
            Some((ns, rest))
                if namespaces.contains(ns) && known_fields.contains(&format!("{o}.{rest}")) =>
            {
                rest.to_owned()
            }
            _ => f.to_owned(),
        }
    };
    let rename_path = |path: &str| -> String {
        match path.split_once('.') {
            Some((o, f)) => format!("{}.{}", rename_object(o), rename_field(o, f)),
            None => path.to_owned(),
        }
    };
    for h in org
        .profiles
        .values_mut()
        .chain(org.permission_sets.values_mut())
        .chain(org.muting_permission_sets.values_mut())
    {
        rename_holder(h, &rename_object, &rename_path);
    }
    let old = std::mem::take(&mut org.objects);
    for (name, def) in old {
        let target = rename_object(&name);
        let fields: BTreeMap<String, _> = def
            .fields
            .into_iter()
            .map(|(f, mut fd)| {
                let nf = rename_field(&name, &f);
                fd.name.clone_from(&nf);
                fd.reference_to = fd.reference_to.as_deref().map(rename_object);
                (nf, fd)
            })
            .collect();
        let entry = org
            .objects
            .entry(target.clone())
            .or_insert_with(|| ObjectDef {
                name: target,
                span: def.span.clone(),
                ..ObjectDef::default()
            });
        if def.has_definition && !entry.has_definition {
            entry.has_definition = true;
            entry.span = def.span;
            entry.lines = def.lines;
        }
        entry.sharing_model = entry.sharing_model.take().or(def.sharing_model);
        entry.custom_settings_type = entry
            .custom_settings_type
            .take()
            .or(def.custom_settings_type);
        entry.visibility = entry.visibility.take().or(def.visibility);
        entry.external_sharing_model = entry
            .external_sharing_model
            .take()
            .or(def.external_sharing_model);
        for (f, fd) in fields {
            entry.fields.entry(f).or_insert(fd);
        }
    }
    for r in &mut org.sharing_rules {
        let object = r.object.clone();
        r.object = rename_object(&object);
        for CriteriaItem {
            field, value_field, ..
        } in &mut r.predicate.items
        {
            *field = rename_field(&object, field);
            if let Some(v) = value_field {
                *v = rename_field(&object, v);
            }
        }
    }
}

fn rename_holder(
    h: &mut PermissionHolder,
    rename_object: &dyn Fn(&str) -> String,
    rename_path: &dyn Fn(&str) -> String,
) {
    let objects = std::mem::take(&mut h.objects);
    for (o, p) in objects {
        let e = h
            .objects
            .entry(rename_object(&o))
            .or_insert_with(|| ObjectPerm {
                span: p.span.clone(),
                ..ObjectPerm::default()
            });
        e.absorb(&p);
    }
    let fields = std::mem::take(&mut h.fields);
    for (f, p) in fields {
        let e = h.fields.entry(rename_path(&f)).or_insert_with(|| p.clone());
        e.readable |= p.readable;
        e.editable |= p.editable;
    }
}

/// Sharing rules read from two copies of one file (two package directories of one project):
/// the same object, kind, name and content are one rule, reported once as a duplicate; rules
/// of one name that differ are both kept, and the duplicate is reported.
pub(crate) fn dedupe_rules(org: &mut Org, gaps: &mut Vec<CoverageGap>) {
    let mut kept: Vec<ajar_model::org::SharingRule> = Vec::with_capacity(org.sharing_rules.len());
    for r in std::mem::take(&mut org.sharing_rules) {
        let twin = kept
            .iter()
            .find(|k| k.object == r.object && k.kind == r.kind && k.name == r.name);
        match twin {
            Some(k) => {
                let same = k.predicate == r.predicate
                    && k.shared_to == r.shared_to
                    && k.shared_to_kind == r.shared_to_kind
                    && k.access_level == r.access_level;
                gaps.push(CoverageGap {
                    kind: "duplicate-component".into(),
                    message: if same {
                        format!(
                            "sharing rule `{}` on `{}` is defined in more than one file ({} and this one): read once",
                            r.name, r.object, k.span.file
                        )
                    } else {
                        format!(
                            "sharing rule `{}` on `{}` is defined differently in more than one file ({} and this one): both are kept",
                            r.name, r.object, k.span.file
                        )
                    },
                    span: Some(r.span.clone()),
                });
                if !same {
                    kept.push(r);
                }
            }
            None => kept.push(r),
        }
    }
    org.sharing_rules = kept;
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn prefixes() {
        assert_eq!(
            split("summit__Summit_Events__c"),
            Some(("summit", "Summit_Events__c"))
        );
        assert_eq!(split("Summit_Events__c"), None);
        assert_eq!(split("Account"), None);
        assert_eq!(split("ns__Account"), None);
    }
}
