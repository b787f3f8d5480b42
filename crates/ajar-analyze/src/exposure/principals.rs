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

/// Whether a permission set could be held by an external (community, portal) user: no
/// licence, or an external one.
pub(crate) fn compatible_with_external(set: &PermissionHolder) -> bool {
    compatible(set, PrincipalKind::External)
}

/// Finds every guest and external principal.
pub(crate) fn seeds<'a>(
    org: &'a Org,
    assignments: Option<&Assignments>,
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
}
