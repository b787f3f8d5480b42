//! `package.xml` manifests (formats.md §1.1): what a retrieve asked for. A member the
//! manifest declares but the tree lacks was declared and not retrieved (or removed since):
//! what it grants is unknown, and it could change the answer.

use super::xml::Node;
use super::{FileCtx, strip_token};
use ajar_model::org::Org;
use ajar_model::span::{CoverageGap, Span};
use std::collections::BTreeSet;

/// One `<types><members>` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    /// `<name>` of the `<types>` block (`Profile`, `SharingRules`...).
    pub(crate) kind: String,
    /// The member as written, build tokens removed.
    pub(crate) name: String,
    /// The `<members>` element.
    pub(crate) span: Span,
}

/// Reads a `package.xml`. Other tools use the same file name for other things (ROS packages
/// have a `<package>` root): a file whose root is not `Package` declares nothing.
pub(crate) fn read(ctx: &FileCtx<'_>, doc: &Node) -> Vec<Member> {
    let mut out = Vec::new();
    if doc.name != "Package" {
        return out;
    }
    for types in doc.children_named("types") {
        let Some(kind) = types.child_text("name") else {
            continue;
        };
        for m in types.children_named("members") {
            // `*` retrieves every component of the type; it names nothing to check.
            if m.text.is_empty() || m.text == "*" {
                continue;
            }
            out.push(Member {
                kind: kind.to_owned(),
                name: strip_token(&m.text),
                span: ctx.span(m.line),
            });
        }
    }
    out
}

/// A name compared ignoring case and a namespace prefix (`ns__X__c` is `X__c` when the tree
/// holds the other spelling; formats.md §1.1).
fn key(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    match lower.split_once("__") {
        Some((ns, rest)) if !ns.is_empty() && rest.contains("__") => rest.to_owned(),
        _ => lower,
    }
}

/// The components of the types ajar reads that the tree holds, as `(type, key)`.
/// `sharing_rule_files` are the objects of the sharing-rule files read (a file may hold no
/// rule at all).
pub(crate) fn present(
    org: &Org,
    sharing_rule_files: &BTreeSet<String>,
) -> BTreeSet<(&'static str, String)> {
    let mut out = BTreeSet::new();
    let mut add = |kind: &'static str, name: &str| {
        out.insert((kind, key(name)));
    };
    org.profiles.keys().for_each(|n| add("Profile", n));
    org.permission_sets
        .keys()
        .for_each(|n| add("PermissionSet", n));
    org.muting_permission_sets
        .keys()
        .for_each(|n| add("MutingPermissionSet", n));
    org.permission_set_groups
        .keys()
        .for_each(|n| add("PermissionSetGroup", n));
    for (o, def) in &org.objects {
        if def.has_definition {
            add("CustomObject", o);
        }
        for f in def.fields.keys() {
            add("CustomField", &format!("{o}.{f}"));
        }
    }
    sharing_rule_files
        .iter()
        .for_each(|n| add("SharingRules", n));
    org.sharing_rules
        .iter()
        .for_each(|r| add("SharingRules", &r.object));
    org.sites.keys().for_each(|n| add("CustomSite", n));
    org.networks.keys().for_each(|n| add("Network", n));
    for k in org.settings.keys() {
        if let Some((settings, _)) = k.split_once('.') {
            add("Settings", settings);
        }
    }
    org.code
        .classes
        .iter()
        .for_each(|c| add("ApexClass", &c.name));
    org.code.pages.iter().for_each(|p| add("ApexPage", &p.name));
    org.code.flows.iter().for_each(|f| add("Flow", &f.name));
    out
}

/// The types whose absence changes what ajar computes.
const CHECKED: &[&str] = &[
    "ApexClass",
    "ApexPage",
    "CustomField",
    "CustomObject",
    "CustomSite",
    "Flow",
    "MutingPermissionSet",
    "Network",
    "PermissionSet",
    "PermissionSetGroup",
    "Profile",
    "Settings",
    "SharingRules",
];

/// One `declared-not-retrieved` gap per declared member of a checked type the tree lacks.
pub(crate) fn gaps(
    members: &[Member],
    present: &BTreeSet<(&'static str, String)>,
) -> Vec<CoverageGap> {
    members
        .iter()
        .filter_map(|m| {
            let kind = CHECKED.iter().find(|k| **k == m.kind)?;
            (!present.contains(&(*kind, key(&m.name)))).then(|| CoverageGap {
                kind: "declared-not-retrieved".into(),
                message: format!(
                    "{} `{}` is declared in the manifest but not in the input: declared, not retrieved; what it holds could change the answer",
                    m.kind, m.name
                ),
                span: Some(m.span.clone()),
            })
        })
        .collect()
}
