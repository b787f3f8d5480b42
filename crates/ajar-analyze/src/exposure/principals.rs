//! Who the principals are: each site's guest profile (by licence and name), external profiles,
//! and the permission sets they hold or could hold (formats.md §1.3).

use ajar_model::exposure::PrincipalKind;
use ajar_model::org::{Assignments, Org, PermissionHolder, Site};
use ajar_model::span::CoverageGap;

/// A principal before its access is computed.
#[derive(Debug)]
pub(crate) struct Seed<'a> {
    pub(crate) kind: PrincipalKind,
    pub(crate) name: String,
    pub(crate) site: Option<&'a Site>,
    pub(crate) profile: Option<&'a PermissionHolder>,
    /// Sets known to be assigned (from `--assignments`), with the muting sets of their groups.
    pub(crate) assigned: Vec<&'a PermissionHolder>,
    pub(crate) muting: Vec<&'a PermissionHolder>,
    /// Sets that could be assigned (no `--assignments`).
    pub(crate) candidates: Vec<&'a PermissionHolder>,
    pub(crate) assignments_known: bool,
}

/// Licences of authenticated external users (community, portal, partner).
fn is_external_license(license: &str) -> bool {
    let l = license.to_ascii_lowercase();
    !l.contains("guest")
        && ["community", "portal", "partner", "customer", "external"]
            .iter()
            .any(|k| l.contains(k))
}

/// Whether `profile` is the guest profile of `site`: `^<masterLabel> Profile(\d{13})?$`
/// (formats.md §1.3; ebikes' `E-Bikes Profile1553835513151` is trap 2).
pub fn profile_matches_site(profile: &str, site: &Site) -> bool {
    let label = site.master_label.as_deref().unwrap_or(&site.name);
    let Some(rest) = profile
        .strip_prefix(label)
        .and_then(|r| r.strip_prefix(" Profile"))
    else {
        return false;
    };
    rest.is_empty() || (rest.len() == 13 && rest.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a permission set could be assigned to a user of `kind` (formats.md §1.2: a set with a
/// `license` serves only users of that licence; `Salesforce` never reaches a guest, trap 8).
fn compatible(set: &PermissionHolder, kind: PrincipalKind) -> bool {
    match set.license.as_deref() {
        None | Some("") => true,
        Some(l) => match kind {
            PrincipalKind::Guest => l.to_ascii_lowercase().contains("guest"),
            PrincipalKind::External => is_external_license(l),
            PrincipalKind::Internal => true,
        },
    }
}

/// User licences a permission set's `license` can name; any other name is taken as a
/// permission-set licence (formats.md §1.2, §1.10).
const USER_LICENCES: &[&str] = &[
    "chatter free",
    "chatter only",
    "force.com - app subscription",
    "force.com - free",
    "identity",
    "salesforce",
    "salesforce platform",
];

/// Whether a set's `license` names a permission-set licence rather than a user licence.
fn is_permission_set_licence(license: &str) -> bool {
    let l = license.trim().to_ascii_lowercase();
    !l.is_empty()
        && !l.contains("guest")
        && !is_external_license(license)
        && !USER_LICENCES.contains(&l.as_str())
}

/// Whether an assigned set tied to a permission-set licence still grants a guest on `as_of`:
/// such sets could be assigned to guests until Winter '23, which removed the assignments whose
/// set carries Edit, Delete, View All or Modify All on a standard object (formats.md §1.10).
fn licence_set_grants_guest(set: &PermissionHolder, as_of: jiff::civil::Date) -> bool {
    if !super::era::WINTER_23.in_force(as_of) {
        return true;
    }
    !set.objects.iter().any(|(object, p)| {
        !object.ends_with("__c") && (p.edit || p.delete || p.view_all || p.modify_all)
    })
}

/// Whether a permission set could be held by an external (community, portal) user: no
/// licence, or an external one.
pub(crate) fn compatible_with_external(set: &PermissionHolder) -> bool {
    compatible(set, PrincipalKind::External)
}

/// Finds every guest and external principal.
pub(crate) fn seeds<'a>(
    org: &'a Org,
    assignments: Option<&Assignments>,
    as_of: jiff::civil::Date,
    gaps: &mut Vec<CoverageGap>,
) -> Vec<Seed<'a>> {
    let mut out = Vec::new();
    let mut mapped_sites = std::collections::BTreeSet::new();
    for profile in org.profiles.values() {
        let kind = if profile.is_guest_license() {
            PrincipalKind::Guest
        } else if profile.license.as_deref().is_some_and(is_external_license) {
            PrincipalKind::External
        } else {
            continue;
        };
        let site = if kind == PrincipalKind::Guest {
            org.sites
                .values()
                .find(|s| profile_matches_site(&profile.name, s))
        } else {
            None
        };
        if let Some(s) = site {
            mapped_sites.insert(s.name.as_str());
        }
        out.push(seed(
            org,
            kind,
            profile.name.clone(),
            site,
            Some(profile),
            assignments,
            (as_of, &mut *gaps),
        ));
    }
    // An active site always serves a guest user (formats.md §1.4); its profile may simply not
    // be in the retrieve.
    for site in org
        .sites
        .values()
        .filter(|s| !mapped_sites.contains(s.name.as_str()))
    {
        let label = site.master_label.as_deref().unwrap_or(&site.name);
        let name = format!("{label} Profile");
        gaps.push(CoverageGap {
            kind: "missing-guest-profile".into(),
            message: format!(
                "site `{}` has no guest profile in the input (expected `{name}` with a guest licence): its object and field access is unknown",
                site.name
            ),
            span: Some(site.span.clone()),
        });
        out.push(seed(
            org,
            PrincipalKind::Guest,
            name,
            Some(site),
            None,
            assignments,
            (as_of, &mut *gaps),
        ));
    }
    out
}

fn seed<'a>(
    org: &'a Org,
    kind: PrincipalKind,
    name: String,
    site: Option<&'a Site>,
    profile: Option<&'a PermissionHolder>,
    assignments: Option<&Assignments>,
    (as_of, gaps): (jiff::civil::Date, &mut Vec<CoverageGap>),
) -> Seed<'a> {
    let mut s = Seed {
        kind,
        name,
        site,
        profile,
        assigned: Vec::new(),
        muting: Vec::new(),
        candidates: Vec::new(),
        assignments_known: assignments.is_some(),
    };
    match assignments {
        Some(a) => {
            for set_name in a.by_profile.get(&s.name).into_iter().flatten() {
                if let Some(set) = org.permission_sets.get(set_name) {
                    if compatible(set, kind) {
                        s.assigned.push(set);
                    } else if kind == PrincipalKind::Guest
                        && set
                            .license
                            .as_deref()
                            .is_some_and(is_permission_set_licence)
                    {
                        // Assigned to the guest with a permission-set licence: it grants
                        // until Winter '23 (formats.md §1.10). The licence is judged by its
                        // name, so the answer is stated as unsure.
                        let grants = licence_set_grants_guest(set, as_of);
                        if grants {
                            s.assigned.push(set);
                        }
                        gaps.push(CoverageGap {
                            kind: "permission-set-licence".into(),
                            message: format!(
                                "permission set `{}` is assigned to `{}` with licence `{}`, taken as a permission-set licence: {}",
                                set.name,
                                s.name,
                                set.license.as_deref().unwrap_or_default(),
                                if grants {
                                    "counted as a grant (such sets could be assigned to guests until Winter '23)"
                                } else {
                                    "not counted (Winter '23 removed such assignments from guests where the set edits, deletes or views all of a standard object)"
                                }
                            ),
                            span: Some(set.span.clone()),
                        });
                    }
                } else if let Some(group) = org.permission_set_groups.get(set_name) {
                    // A group is the union of its sets minus its muting sets (formats.md §1.2).
                    s.assigned.extend(
                        group
                            .permission_sets
                            .iter()
                            .filter_map(|n| org.permission_sets.get(n))
                            .filter(|set| compatible(set, kind)),
                    );
                    s.muting.extend(
                        group
                            .muting_permission_sets
                            .iter()
                            .filter_map(|n| org.muting_permission_sets.get(n)),
                    );
                }
            }
        }
        None => {
            s.candidates = org
                .permission_sets
                .values()
                .filter(|set| compatible(set, kind))
                .collect();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixed_profile_maps_to_site() {
        // Trap 2.
        let site = Site {
            name: "E_Bikes".into(),
            master_label: Some("E-Bikes".into()),
            ..Site::default()
        };
        assert!(profile_matches_site("E-Bikes Profile1553835513151", &site));
        assert!(profile_matches_site("E-Bikes Profile", &site));
        assert!(!profile_matches_site("E-Bikes Profile15538", &site));
        assert!(!profile_matches_site("E-Bikes Admin Profile", &site));
    }

    #[test]
    fn salesforce_license_never_reaches_a_guest() {
        // Trap 8.
        let mut set = PermissionHolder::new(
            "S",
            ajar_model::org::HolderKind::PermissionSet,
            ajar_model::span::Span::default(),
        );
        set.license = Some("Salesforce".into());
        assert!(!compatible(&set, PrincipalKind::Guest));
        set.license = None;
        assert!(compatible(&set, PrincipalKind::Guest));
        set.license = Some("Guest User License".into());
        assert!(compatible(&set, PrincipalKind::Guest));
    }

    #[test]
    fn permission_set_licence_sets_grant_guests_until_winter_23_issue_20_item_10() {
        use ajar_model::org::{HolderKind, ObjectPerm};
        let mut org = Org::default();
        let mut profile = PermissionHolder::new(
            "Help Profile",
            HolderKind::Profile,
            ajar_model::span::Span::default(),
        );
        profile.license = Some("Guest User License".into());
        org.profiles.insert(profile.name.clone(), profile);
        let mut set = PermissionHolder::new(
            "Cases",
            HolderKind::PermissionSet,
            ajar_model::span::Span::default(),
        );
        set.license = Some("Field Service Scheduling".into());
        set.objects.insert(
            "Case".into(),
            ObjectPerm {
                read: true,
                edit: true,
                ..ObjectPerm::default()
            },
        );
        org.permission_sets.insert(set.name.clone(), set);
        let assignments = Assignments {
            by_profile: [("Help Profile".to_owned(), vec!["Cases".to_owned()])].into(),
        };
        let at = |d| {
            let mut gaps = Vec::new();
            let n = seeds(&org, Some(&assignments), d, &mut gaps)[0]
                .assigned
                .len();
            (n, gaps)
        };
        let (before, gaps) = at(jiff::civil::date(2022, 6, 1));
        assert_eq!(before, 1);
        assert!(gaps.iter().any(|g| g.kind == "permission-set-licence"));
        let (after, gaps) = at(jiff::civil::date(2022, 10, 15));
        assert_eq!(after, 0);
        assert!(gaps.iter().any(|g| g.kind == "permission-set-licence"));
        // A user licence other than the guest's never reaches a guest (trap 8).
        assert!(!is_permission_set_licence("Salesforce"));
        assert!(!is_permission_set_licence("Customer Community Login"));
    }
}
