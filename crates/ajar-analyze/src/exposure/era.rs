//! The guest-security rules of a date (formats.md §1.10, docs/eras.md): which releases are in
//! force, what the org's settings of the time chose, and what is uncertain.

use ajar_model::org::{Org, Site};
use ajar_model::span::CoverageGap;
use jiff::civil::{Date, date};

/// A major release: its name, API version and production rollout, first to last weekend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Release {
    /// `Winter '21`.
    pub name: &'static str,
    /// Its API version.
    pub api: u32,
    /// The first production weekend.
    pub first: Date,
    /// The last production weekend: from this day every production org has it.
    pub last: Date,
}

impl Release {
    /// Whether the release is in force everywhere on `d` (the last weekend has passed).
    pub fn in_force(&self, d: Date) -> bool {
        d >= self.last
    }

    /// Whether `d` falls inside the rollout, when some orgs had the release and others not.
    pub fn rolling(&self, d: Date) -> bool {
        d >= self.first && d < self.last
    }
}

/// Winter '20: the secure-guest setting, opt-in.
pub const WINTER_20: Release = Release {
    name: "Winter '20",
    api: 47,
    first: date(2019, 9, 14),
    last: date(2019, 10, 12),
};
/// Summer '20: View All Users leaves guests; the guest settings switched on unless opted out.
pub const SUMMER_20: Release = Release {
    name: "Summer '20",
    api: 49,
    first: date(2020, 6, 13),
    last: date(2020, 7, 18),
};
/// Winter '21: the guest lockdown.
pub const WINTER_21: Release = Release {
    name: "Winter '21",
    api: 50,
    first: date(2020, 9, 12),
    last: date(2020, 10, 10),
};
/// Spring '21: the end of the object-permission opt-out; Aura controllers with sharing.
pub const SPRING_21: Release = Release {
    name: "Spring '21",
    api: 51,
    first: date(2021, 1, 9),
    last: date(2021, 2, 13),
};
/// Winter '23: custom settings and metadata no longer served to guests; licence-bound sets
/// unassigned from guests.
pub const WINTER_23: Release = Release {
    name: "Winter '23",
    api: 56,
    first: date(2022, 9, 10),
    last: date(2022, 10, 15),
};
/// Spring '23: `RunFlow` removed from guests.
pub const SPRING_23: Release = Release {
    name: "Spring '23",
    api: 57,
    first: date(2023, 1, 7),
    last: date(2023, 2, 11),
};

/// The releases that changed what a guest reaches, oldest first.
pub const RELEASES: &[Release] = &[
    WINTER_20, SUMMER_20, WINTER_21, SPRING_21, WINTER_23, SPRING_23,
];

/// Standard objects on which a guest could hold Edit, Delete, View All and Modify All until
/// Winter '21 (Spring '21 with the opt-out), as custom objects could (formats.md §1.10).
const STANDARD_EXCEPTIONS: &[&str] = &[
    "Contract",
    "Order",
    "ProfileSkillEndorsement",
    "ProfileSkillUser",
    "SurveyResponse",
];

/// A decision with the words that explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The answer.
    pub on: bool,
    /// Why, in words for a cause or a message.
    pub why: String,
    /// When the input does not settle it: the coverage gap to report where the answer matters.
    pub unsure: Option<String>,
}

fn decided(on: bool, why: impl Into<String>) -> Decision {
    Decision {
        on,
        why: why.into(),
        unsure: None,
    }
}

/// The guest-security rules of one date for one org.
#[derive(Debug, Clone)]
pub struct Era {
    /// The date.
    pub date: Date,
    /// Whether guest org-wide defaults are Private (secure guest record access in force).
    pub secure_owd: Decision,
    /// Whether guests keep Edit, Delete, View All and Modify All on custom objects (and the
    /// five standard exceptions).
    pub object_perms_kept: Decision,
    /// Whether `ViewAllUsers` still works for guests.
    pub view_all_users: bool,
    /// What is uncertain at this date whatever the org holds (release rollouts).
    pub gaps: Vec<CoverageGap>,
}

/// A coverage gap about the era.
pub(crate) fn gap(kind: &str, message: String) -> CoverageGap {
    CoverageGap {
        kind: kind.into(),
        message,
        span: None,
    }
}

impl Era {
    /// The rules of `d` for `org`, with the uncertainty of the org's settings and of the
    /// release rollouts (formats.md §1.10).
    pub fn at(org: &Org, d: Date) -> Self {
        let mut gaps = Vec::new();
        for r in RELEASES.iter().filter(|r| r.rolling(d)) {
            gaps.push(gap(
                "release-rollout",
                format!(
                    "{d} falls inside the {} rollout ({} to {}): the org's instance may already have had it; the rules before it are applied, the wider exposure (docs/eras.md)",
                    r.name, r.first, r.last
                ),
            ));
        }
        let secure_owd = secure_owd(org, d);
        let object_perms_kept = object_perms_kept(org, d);
        Self {
            date: d,
            secure_owd,
            object_perms_kept,
            view_all_users: !SUMMER_20.in_force(d),
            gaps,
        }
    }

    /// Whether new records a guest of `site` creates on this date stay owned by the site's
    /// guest user (no default owner yet), with why.
    pub fn guest_owns_new_records(&self, org: &Org, site: Option<&Site>) -> Decision {
        let d = self.date;
        if WINTER_21.in_force(d) {
            return decided(
                false,
                format!(
                    "new guest records go to a default owner since {} ({})",
                    WINTER_21.name, WINTER_21.last
                ),
            );
        }
        let experience = site
            .and_then(|s| s.site_type.as_deref())
            .is_some_and(|t| t.eq_ignore_ascii_case("ChatterNetwork"));
        let key = if experience {
            "Communities.enableGuestRecordReassignOrgPref"
        } else {
            "Site.enableSitesRecordReassignOrgPref"
        };
        match org.setting_bool(key) {
            Some(true) => decided(
                false,
                format!("{key}=true: new guest records go to a default owner"),
            ),
            Some(false) => decided(
                true,
                format!("{key}=false: the guest user owns what visitors create"),
            ),
            None if SUMMER_20.in_force(d)
                && org.setting_bool("Communities.enableGuestSecurityOptOutCruc") == Some(false) =>
            {
                decided(
                    false,
                    format!(
                        "{} switched the default owner on (no opt-out)",
                        SUMMER_20.name
                    ),
                )
            }
            None => decided(
                true,
                "the guest user owns what visitors create (no default-owner setting before Winter '21)",
            ),
        }
    }

    /// Whether `perm` (Edit, Delete, View All, Modify All) on `object` is a real grant for a
    /// guest on this date: never on a standard object outside the five exceptions (the guest
    /// licence, formats.md §1.10), on the others while the permissions are kept.
    pub fn guest_wide_perm_effective(&self, object: &str) -> bool {
        guest_licence_allows_wide(object) && self.object_perms_kept.on
    }
}

/// Whether the guest licence ever allowed Edit, Delete, View All or Modify All on `object`: on
/// custom objects and on five standard ones (formats.md §1.10).
pub fn guest_licence_allows_wide(object: &str) -> bool {
    let custom = object
        .len()
        .checked_sub(3)
        .and_then(|i| object.get(i..))
        .is_some_and(|s| s.eq_ignore_ascii_case("__c"));
    custom || STANDARD_EXCEPTIONS.contains(&object)
}

fn secure_owd(org: &Org, d: Date) -> Decision {
    if WINTER_21.in_force(d) {
        return decided(
            true,
            format!(
                "guest org-wide defaults are Private since {} ({}) whatever the file says",
                WINTER_21.name, WINTER_21.last
            ),
        );
    }
    if !WINTER_20.in_force(d) && !WINTER_20.rolling(d) {
        return decided(
            false,
            format!(
                "before {} the secure guest record access setting did not exist",
                WINTER_20.name
            ),
        );
    }
    match org.setting_bool("Sharing.enableSecureGuestAccess") {
        Some(true) => decided(
            true,
            "Sharing enableSecureGuestAccess=true: guest org-wide defaults Private",
        ),
        Some(false) => decided(
            false,
            "Sharing enableSecureGuestAccess=false: guests meet the org-wide defaults",
        ),
        None => {
            let opted_out = org.setting_bool("Communities.enableGuestSecurityOptOutCruc");
            if SUMMER_20.in_force(d) && opted_out == Some(false) {
                return decided(
                    true,
                    format!(
                        "{} switched secure guest record access on (no opt-out)",
                        SUMMER_20.name
                    ),
                );
            }
            let mut out = decided(
                false,
                "no enableSecureGuestAccess in the input: guests meet the org-wide defaults",
            );
            if SUMMER_20.in_force(d) && opted_out.is_none() {
                out.unsure = Some(format!(
                    "on {d}, secure guest record access was on unless the org opted out in {}; neither `enableSecureGuestAccess` nor the opt-out is in the input: guests are taken to meet the org-wide defaults",
                    SUMMER_20.name
                ));
            }
            out
        }
    }
}

fn object_perms_kept(org: &Org, d: Date) -> Decision {
    if !WINTER_21.in_force(d) {
        return decided(
            true,
            format!("before {} ({})", WINTER_21.name, WINTER_21.last),
        );
    }
    if SPRING_21.in_force(d) {
        return decided(
            false,
            format!(
                "removed from guests for good with {} ({})",
                SPRING_21.name, SPRING_21.last
            ),
        );
    }
    match org.setting_bool("Communities.enableGuestPermDisOptOutCruc") {
        Some(true) => decided(
            true,
            format!(
                "Communities enableGuestPermDisOptOutCruc=true: kept until {}",
                SPRING_21.name
            ),
        ),
        Some(false) => decided(
            false,
            format!("removed from guests with {}", WINTER_21.name),
        ),
        None => Decision {
            on: true,
            why: format!("possibly kept until {} (opt-out unknown)", SPRING_21.name),
            unsure: Some(format!(
                "on {d}, guest Edit, Delete, View All and Modify All were gone unless the org opted out until {}; the opt-out is not in the input: they are counted as kept, the window is uncertain",
                SPRING_21.name
            )),
        },
    }
}

#[cfg(test)]
mod tests;
