//! A principal's effective access to each object: permissions, record paths and readable
//! fields (formats.md §1.2, §1.5, §1.8).

use super::era::{Era, guest_licence_allows_wide};
use super::principals::Seed;
use super::{classify::classify, paths};
use ajar_model::exposure::{
    ObjectAccess, PrincipalKind, ReadableField, RecordPathKind, RecordReach,
};
use ajar_model::org::{ObjectPerm, Org, PermissionHolder};
use ajar_model::span::{Cause, CoverageGap};
use std::collections::{BTreeMap, BTreeSet};

/// Fields every reader of an object sees, with no `fieldPermissions` entry (formats.md §1.2).
pub(crate) const SYSTEM_FIELDS: &[&str] = &[
    "Id",
    "Name",
    "OwnerId",
    "CreatedById",
    "CreatedDate",
    "LastModifiedById",
    "LastModifiedDate",
    "SystemModstamp",
];

#[derive(Default)]
struct Acc {
    perm: ObjectPerm,
    proven: bool,
    via: Vec<Cause>,
}

fn holder_label(h: &PermissionHolder, candidate: bool) -> String {
    let kind = match h.kind {
        ajar_model::org::HolderKind::Profile => "profile",
        ajar_model::org::HolderKind::PermissionSet => "permission set",
        ajar_model::org::HolderKind::MutingPermissionSet => "muting permission set",
    };
    if candidate {
        format!("{kind} `{}` (candidate: assignment unknown)", h.name)
    } else {
        format!("{kind} `{}`", h.name)
    }
}

/// Words for an objectPermissions element's true flags.
pub(crate) fn perm_words(p: &ObjectPerm) -> String {
    let flags = [
        (p.read, "allowRead"),
        (p.create, "allowCreate"),
        (p.edit, "allowEdit"),
        (p.delete, "allowDelete"),
        (p.view_all, "viewAllRecords"),
        (p.modify_all, "modifyAllRecords"),
        (p.view_all_fields, "viewAllFields"),
    ];
    flags
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each object's permissions from the profile and the assigned sets; candidate sets' grants
/// only for objects nothing proven grants.
fn grants<'o>(seed: &Seed<'o>) -> BTreeMap<&'o str, Acc> {
    // Proven grants (profile, assigned sets) and candidate grants (sets that could be
    // assigned) are kept apart: candidates never widen a proven grant (formats.md §1.3).
    let mut acc: BTreeMap<&str, Acc> = BTreeMap::new();
    let mut cand: BTreeMap<&str, Acc> = BTreeMap::new();
    let holders = seed
        .profile
        .into_iter()
        .chain(seed.assigned.iter().copied())
        .map(|h| (h, false))
        .chain(seed.candidates.iter().map(|h| (*h, true)));
    for (h, candidate) in holders {
        for (object, p) in &h.objects {
            if !(p.read || p.create || p.edit || p.delete || p.view_all || p.modify_all) {
                continue;
            }
            let target = if candidate { &mut cand } else { &mut acc };
            let a = target.entry(object.as_str()).or_default();
            if a.perm.span.file.is_empty() || (p.view_all && !a.perm.view_all) {
                a.perm.span = p.span.clone();
            }
            a.perm.read |= p.read || p.view_all || p.modify_all;
            a.perm.create |= p.create;
            a.perm.edit |= p.edit;
            a.perm.delete |= p.delete;
            a.perm.view_all |= p.view_all || p.modify_all;
            a.perm.modify_all |= p.modify_all;
            a.perm.view_all_fields |= p.view_all_fields;
            a.proven |= !candidate;
            a.via.push(Cause {
                span: p.span.clone(),
                what: format!(
                    "{} objectPermissions {object}: {}",
                    holder_label(h, candidate),
                    perm_words(p)
                ),
            });
        }
    }
    for (object, a) in cand {
        acc.entry(object).or_insert(a);
    }
    acc
}

/// Computes the objects a principal reaches under the rules of `era`; the era's unsettled
/// questions that matter to this principal go to `gaps`.
pub(crate) fn objects(
    org: &Org,
    seed: &Seed<'_>,
    era: &Era,
    gaps: &mut Vec<CoverageGap>,
) -> Vec<ObjectAccess> {
    let mut acc = grants(seed);
    // Muting removes the `true` flags it carries (formats.md §1.2, trap 9).
    for m in &seed.muting {
        for (object, p) in &m.objects {
            if let Some(a) = acc.get_mut(object.as_str()) {
                a.perm.read &= !p.read;
                a.perm.create &= !p.create;
                a.perm.edit &= !p.edit;
                a.perm.delete &= !p.delete;
                a.perm.view_all &= !p.view_all;
                a.perm.modify_all &= !p.modify_all;
                a.via.push(Cause {
                    span: p.span.clone(),
                    what: format!(
                        "muting permission set `{}` removes {}",
                        m.name,
                        perm_words(p)
                    ),
                });
            }
        }
    }
    // Objects a guest rule opens to this site, even without a known object grant.
    if let Some(site) = seed.site {
        for r in org
            .sharing_rules
            .iter()
            .filter(|r| r.shared_to_kind == "guestUser" && r.shared_to == site.name)
        {
            acc.entry(r.object.as_str()).or_insert_with(|| Acc {
                proven: seed.profile.is_some(),
                ..Acc::default()
            });
        }
    }
    let guest = seed.kind == PrincipalKind::Guest;
    acc.into_iter()
        .map(|(object, a)| {
            let record_paths = paths::record_paths(org, seed, object, &a.perm, era, gaps);
            let mut records = if a.perm.read {
                paths::reach(org, object, &record_paths)
            } else {
                RecordReach::None
            };
            if guest && a.perm.read {
                let wide = a.perm.edit || a.perm.delete || a.perm.view_all || a.perm.modify_all;
                if wide && guest_licence_allows_wide(object) {
                    gaps.extend(
                        era.object_perms_kept
                            .unsure
                            .iter()
                            .map(|m| super::era::gap("era-setting-unknown", m.clone())),
                    );
                }
                if record_paths
                    .iter()
                    .any(|p| matches!(p.kind, RecordPathKind::OrgWideDefault { .. }))
                {
                    gaps.extend(
                        era.secure_owd
                            .unsure
                            .iter()
                            .map(|m| super::era::gap("era-setting-unknown", m.clone())),
                    );
                }
                // Before the default owner, the site's one guest user owns what every visitor
                // creates: Read opens other people's records (formats.md §1.10).
                if records < RecordReach::Criteria
                    && era.guest_owns_new_records(org, seed.site).on
                    && record_paths
                        .iter()
                        .any(|p| p.effective && p.kind == RecordPathKind::Owned)
                {
                    records = RecordReach::Criteria;
                }
            }
            let readable_fields = if a.perm.read {
                readable_fields(org, seed, object, a.perm.view_all_fields, !a.proven)
            } else {
                Vec::new()
            };
            let mut via = a.via;
            via.sort();
            via.dedup();
            // Winter '21 removed Edit, Delete, View All and Modify All from guests (Spring '21
            // with the opt-out), and the guest licence never allowed them on most standard
            // objects (formats.md §1.10): the file may still say so, the platform ignores it.
            let wide_ok = !guest || era.guest_wide_perm_effective(object);
            ObjectAccess {
                object: object.to_owned(),
                create: a.perm.create,
                read: a.perm.read,
                edit: a.perm.edit && wide_ok,
                delete: a.perm.delete && wide_ok,
                view_all: a.perm.view_all && wide_ok,
                modify_all: a.perm.modify_all && wide_ok,
                records,
                record_paths,
                readable_fields,
                via,
                candidate: !a.proven,
            }
        })
        .collect()
}

fn readable_fields(
    org: &Org,
    seed: &Seed<'_>,
    object: &str,
    view_all_fields: bool,
    with_candidates: bool,
) -> Vec<ReadableField> {
    let def = org.objects.get(object);
    let mut out: BTreeMap<String, ReadableField> = BTreeMap::new();
    let mut add = |field: &str, via: Cause| {
        let key = format!("{object}.{field}");
        out.entry(key.clone()).or_insert_with(|| ReadableField {
            classification: classify(object, field, def.and_then(|d| d.fields.get(field))),
            field: key,
            via,
        });
    };
    let holders = seed
        .profile
        .into_iter()
        .chain(seed.assigned.iter().copied())
        .map(|h| (h, false))
        .chain(
            seed.candidates
                .iter()
                .filter(|_| with_candidates)
                .map(|h| (*h, true)),
        );
    let prefix = format!("{object}.");
    let mut muted: BTreeSet<&str> = BTreeSet::new();
    for m in &seed.muting {
        for (f, p) in &m.fields {
            if p.readable {
                muted.insert(f.as_str());
            }
        }
    }
    for (h, candidate) in holders {
        for (f, p) in h.fields.range(prefix.clone()..) {
            let Some(field) = f.strip_prefix(&prefix) else {
                break;
            };
            if p.readable && !muted.contains(f.as_str()) {
                add(
                    field,
                    Cause {
                        span: p.span.clone(),
                        what: format!(
                            "{} fieldPermissions {f} readable=true",
                            holder_label(h, candidate)
                        ),
                    },
                );
            }
        }
    }
    if let Some(d) = def {
        for (name, fd) in &d.fields {
            if view_all_fields {
                add(
                    name,
                    Cause {
                        span: fd.span.clone(),
                        what: "viewAllFields on the object".into(),
                    },
                );
            } else if fd.required {
                // Required fields have no fieldPermissions entry and are readable wherever the
                // object is (formats.md §1.2, trap 4).
                add(
                    name,
                    Cause {
                        span: fd.span.clone(),
                        what: format!("required field {object}.{name}"),
                    },
                );
            }
        }
    }
    let anchor = def.map(|d| d.span.clone()).unwrap_or_default();
    for f in SYSTEM_FIELDS {
        add(
            f,
            Cause {
                span: anchor.clone(),
                what: format!("system field {object}.{f}"),
            },
        );
    }
    out.into_values().collect()
}
