//! GUEST-011: a permission set could grant a guest access.

use super::{aura_channel, who};
use crate::exposure::classify::classify;
use crate::rules::{Context, Findings, rule};
use ajar_model::classify::DataClass;
use ajar_model::exposure::PrincipalExposure;
use ajar_model::finding::Severity;
use ajar_model::org::PermissionHolder;
use ajar_model::span::Cause;
use std::collections::{BTreeMap, BTreeSet};

rule! {
    /// ## What it checks
    /// Without `--assignments`, every permission set whose `license` does not exclude guests
    /// (no licence, or a guest licence) could be assigned to a site's guest user. This lists
    /// those that grant object access, as candidates, with the personal data (by class, and
    /// the fields) they would open. Their pages, classes and flows are analysed as candidates
    /// too (`code[]` entries marked `candidate`, CODE-* findings saying "could"). High when
    /// the set opens personal data and the site serves Aura requests (`enableAuraRequests`).
    /// ## Why it matters
    /// Guest grants often sit in permission sets assigned by a script (Summit Events), so a
    /// profile alone under-reports what the guest can read. Assignments are data, not
    /// metadata: ajar cannot tell from files which sets the guest holds.
    /// ## Example
    /// ```xml
    /// <PermissionSet><label>Event Registrant</label><objectPermissions><allowRead>true</allowRead>...
    /// ```
    /// ## How to fix
    /// Run `ajar scan --assignments FILE` with an export of `PermissionSetAssignment`
    /// (`Assignee.Profile.Name`, `PermissionSet.Name`); give sets meant for internal users a
    /// `license` so they can never reach a guest.
    GuestPermissionSetCandidate = "GUEST-011", since "0.1.0", severity Medium
}

fn check(rule: &GuestPermissionSetCandidate, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests().filter(|p| !p.assignments_known) {
        for name in &p.permission_sets {
            let Some(set) = cx.org.permission_sets.get(name) else {
                continue;
            };
            let readable: Vec<&str> = set
                .objects
                .iter()
                .filter(|(_, o)| o.read || o.view_all || o.modify_all)
                .map(|(k, _)| k.as_str())
                .collect();
            if readable.is_empty() {
                continue;
            }
            let personal = personal(cx, p, set, &readable);
            let aura = aura_channel(cx, p).filter(|_| !personal.is_empty());
            let tail = aura.as_ref().map(|(_, w)| w.as_str()).unwrap_or_default();
            let message = format!(
                "permission set `{name}` could be assigned to the {}: it grants read on {}; {}{tail}",
                who(p),
                readable.join(", "),
                personal_words(&personal)
            );
            let mut c = vec![Cause {
                span: set.span.clone(),
                what: format!(
                    "permission set `{name}` has no licence restricting it to internal users"
                ),
            }];
            let severity = if aura.is_some() {
                Severity::High
            } else {
                Severity::Medium
            };
            c.extend(aura.map(|(cause, _)| cause));
            out.push(rule, severity, message, c, Some(p), None);
        }
    }
}

/// The personal fields the set would open, by class: its own readable `fieldPermissions`, and
/// the required and system fields of the objects it opens (readable wherever the object is).
fn personal(
    cx: &Context<'_>,
    p: &PrincipalExposure,
    set: &PermissionHolder,
    objects: &[&str],
) -> BTreeMap<DataClass, BTreeSet<String>> {
    let mut out: BTreeMap<DataClass, BTreeSet<String>> = BTreeMap::new();
    for (f, _) in set.fields.iter().filter(|(_, perm)| perm.readable) {
        let Some((o, field)) = f.split_once('.') else {
            continue;
        };
        if !objects.contains(&o) {
            continue;
        }
        let def = cx.org.objects.get(o).and_then(|d| d.fields.get(field));
        if let Some(c) = classify(o, field, def) {
            out.entry(c.class).or_default().insert(f.clone());
        }
    }
    for access in p
        .objects
        .iter()
        .filter(|a| objects.contains(&a.object.as_str()))
    {
        for f in &access.readable_fields {
            let always =
                f.via.what.starts_with("system field") || f.via.what.starts_with("required field");
            if let (true, Some(c)) = (always, &f.classification) {
                out.entry(c.class).or_default().insert(f.field.clone());
            }
        }
    }
    out
}

/// "personal data it would open: name (3 fields), email (1) — Contact.Email, ...".
fn personal_words(by_class: &BTreeMap<DataClass, BTreeSet<String>>) -> String {
    if by_class.is_empty() {
        return "no field it opens is classified as personal".to_owned();
    }
    let classes: Vec<String> = by_class
        .iter()
        .map(|(c, fields)| format!("{} ({})", c.as_str(), fields.len()))
        .collect();
    let fields: Vec<&str> = by_class.values().flatten().map(String::as_str).collect();
    let shown: Vec<&str> = fields.iter().take(6).copied().collect();
    let more = fields.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!(
        "personal data it would open: {} ({}{more})",
        classes.join(", "),
        shown.join(", ")
    )
}
