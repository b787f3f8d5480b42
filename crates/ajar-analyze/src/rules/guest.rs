//! Rules about what a site's guest user can reach.

mod guest_apex_rest;
mod guest_api_enabled;
mod guest_custom_settings_served;
mod guest_edit_delete;
mod guest_object_readable;
mod guest_org_wide_default_open;
mod guest_permission_set_candidate;
mod guest_personal_field_readable;
mod guest_rule_all_records;
mod guest_view_all_data;
mod guest_view_all_records;
mod guest_view_all_users;

pub use guest_apex_rest::GuestApexRest;
pub use guest_api_enabled::GuestApiEnabled;
pub use guest_custom_settings_served::GuestCustomSettingsServed;
pub use guest_edit_delete::GuestEditDelete;
pub use guest_object_readable::GuestObjectReadable;
pub use guest_org_wide_default_open::GuestOrgWideDefaultOpen;
pub use guest_permission_set_candidate::GuestPermissionSetCandidate;
pub use guest_personal_field_readable::GuestPersonalFieldReadable;
pub use guest_rule_all_records::GuestRuleAllRecords;
pub use guest_view_all_data::GuestViewAllData;
pub use guest_view_all_records::GuestViewAllRecords;
pub use guest_view_all_users::GuestViewAllUsers;

use ajar_model::exposure::{ObjectAccess, PrincipalExposure, RecordReach};
use ajar_model::span::Cause;

/// "guest of site `S` (profile `P`)".
pub(crate) fn who(p: &PrincipalExposure) -> String {
    match &p.site {
        Some(s) => format!("guest of site `{s}` (profile `{}`)", p.name),
        None => format!("guest profile `{}` (no site mapped)", p.name),
    }
}

/// In words, how far records reach and why.
pub(crate) fn reach_words(o: &ObjectAccess) -> String {
    let why: Vec<String> = o
        .record_paths
        .iter()
        .filter(|r| r.effective)
        .map(|r| match &r.kind {
            ajar_model::exposure::RecordPathKind::SharingRule { rule, .. } => {
                format!("sharing rule `{rule}`")
            }
            ajar_model::exposure::RecordPathKind::OrgWideDefault { model } => {
                format!("org-wide default {model}")
            }
            ajar_model::exposure::RecordPathKind::ViewAll => "View All".to_owned(),
            ajar_model::exposure::RecordPathKind::Owned => {
                "records the site's guest user owns".to_owned()
            }
            ajar_model::exposure::RecordPathKind::Code { entry } => format!("code `{entry}`"),
        })
        .collect();
    let reach = match o.records {
        RecordReach::None => "none",
        RecordReach::Owned => "owned",
        RecordReach::Criteria => "criteria",
        RecordReach::All => "all",
    };
    if why.is_empty() {
        format!("records: {reach}")
    } else {
        format!("records: {reach} via {}", why.join(", "))
    }
}

/// The grant causes plus the effective record paths' causes.
pub(crate) fn causes(o: &ObjectAccess) -> Vec<Cause> {
    let mut c = o.via.clone();
    c.extend(
        o.record_paths
            .iter()
            .filter(|r| r.effective)
            .flat_map(|r| r.causes.iter().cloned()),
    );
    c
}

/// When the principal's site serves Aura requests (`enableAuraRequests`, formats.md §1.4):
/// the cause, and the words for a message. The Aura endpoint (`/s/sfsites/aura`) answers
/// record queries for whatever the guest can read, page after page: a bulk read channel
/// (formats.md §1.8, the 2026 mass-scanning advisory).
pub(crate) fn aura_channel(
    cx: &crate::rules::Context<'_>,
    p: &PrincipalExposure,
) -> Option<(Cause, String)> {
    let site = p.site.as_deref().and_then(|s| cx.org.sites.get(s))?;
    site.aura_requests.then(|| {
        (
            Cause {
                span: site.at("enableAuraRequests"),
                what: format!("CustomSite {} enableAuraRequests=true", site.name),
            },
            format!(
                "; site `{}` serves Aura requests (enableAuraRequests), a bulk read channel for it",
                site.name
            ),
        )
    })
}

/// Whether records beyond the principal's own are reachable (for a guest before the default
/// owner, the guest user's records are every visitor's: reach `criteria`, formats.md §1.10).
pub(crate) fn has_record_path(o: &ObjectAccess) -> bool {
    matches!(o.records, RecordReach::Criteria | RecordReach::All)
}

/// Reports each proven holder of a guest that enables one of `perms`.
pub(crate) fn user_permission(
    rule: &dyn crate::rules::Rule,
    cx: &crate::rules::Context<'_>,
    out: &mut crate::rules::Findings,
    perms: &[&str],
    severity: ajar_model::finding::Severity,
    consequence: &str,
) {
    for p in cx.guests() {
        for h in cx.holders(p) {
            for (perm, span) in h
                .user_permissions
                .iter()
                .filter(|(k, _)| perms.contains(&k.as_str()))
            {
                let message = format!("{} has the `{perm}` user permission: {consequence}", who(p));
                let c = vec![Cause {
                    span: span.clone(),
                    what: format!("`{}` userPermissions {perm} enabled", h.name),
                }];
                out.push(rule, severity, message, c, Some(p), None);
            }
        }
    }
}
