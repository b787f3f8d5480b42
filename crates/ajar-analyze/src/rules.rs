//! The rule registry: one file per rule, each a struct whose doc comment is its user
//! documentation (What it checks / Why it matters / Example / How to fix), listed once in
//! [`RULES`], sorted by code.

use ajar_model::exposure::{LockdownMode, PrincipalExposure, ScanReport};
use ajar_model::finding::{Finding, Severity};
use ajar_model::org::Org;
use ajar_model::span::{Cause, Span};

pub mod code;
pub mod ext;
pub mod guest;
pub mod inv;
pub mod site;

/// A rule: a stable code, its documentation, and a check.
pub trait Rule: Sync {
    /// The stable code (`GUEST-001`).
    fn code(&self) -> &'static str;
    /// The rule's name (`GuestObjectReadable`).
    fn name(&self) -> &'static str;
    /// The documentation, Markdown.
    fn doc(&self) -> &'static str;
    /// The version that introduced it.
    fn since(&self) -> &'static str;
    /// The base severity (context may raise or lower it per finding).
    fn severity(&self) -> Severity;
    /// Runs the check.
    fn check(&self, cx: &Context<'_>, out: &mut Findings);
}

/// Defines a rule struct from its doc comment, code, since-version and base severity; the
/// module must define `fn check(cx: &Context<'_>, out: &mut Findings)`.
macro_rules! rule {
    ($(#[doc = $doc:literal])* $name:ident = $code:literal, since $since:literal, severity $sev:ident) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl $crate::rules::Rule for $name {
            fn code(&self) -> &'static str { $code }
            fn name(&self) -> &'static str { stringify!($name) }
            fn doc(&self) -> &'static str { concat!($($doc, "\n"),*) }
            fn since(&self) -> &'static str { $since }
            fn severity(&self) -> ajar_model::finding::Severity { ajar_model::finding::Severity::$sev }
            fn check(&self, cx: &$crate::rules::Context<'_>, out: &mut $crate::rules::Findings) {
                check(self, cx, out)
            }
        }
    };
}
pub(crate) use rule;

/// Every rule, sorted by code (a test checks the order).
pub const RULES: &[&dyn Rule] = &[
    &code::ApexWithoutSharingGuest,      // CODE-001
    &code::DynamicSoqlGuest,             // CODE-002
    &code::FlowWithoutSharingGuest,      // CODE-003
    &code::ClientRecordIdWithoutSharing, // CODE-004
    &code::OpenCrossOriginResponse,      // CODE-005
    &ext::ExternalOrgWideDefaultOpen,    // EXT-001
    &ext::ExternalViewAll,               // EXT-002
    &guest::GuestObjectReadable,         // GUEST-001
    &guest::GuestPersonalFieldReadable,  // GUEST-002
    &guest::GuestViewAllRecords,         // GUEST-003
    &guest::GuestEditDelete,             // GUEST-004
    &guest::GuestViewAllData,            // GUEST-005
    &guest::GuestViewAllUsers,           // GUEST-006
    &guest::GuestApiEnabled,             // GUEST-007
    &guest::GuestApexRest,               // GUEST-008
    &guest::GuestRuleAllRecords,         // GUEST-009
    &guest::GuestOrgWideDefaultOpen,     // GUEST-010
    &guest::GuestPermissionSetCandidate, // GUEST-011
    &guest::GuestCustomSettingsServed,   // GUEST-012
    &inv::PartialRetrieve,               // INV-001
    &inv::UnknownInputs,                 // INV-002
    &site::SiteGuestProfileMissing,      // SITE-001
    &site::SiteInactiveWithGuestAccess,  // SITE-002
    &site::GuestFileAccess,              // SITE-003
    &site::SelfRegistration,             // SITE-004
    &site::SecureGuestAccessFalse,       // SITE-005
    &site::ExperiencePublic,             // SITE-006
    &site::GuestMemberVisibility,        // SITE-007
];

/// Looks a rule up by code, case-insensitively.
pub fn find(code: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code().eq_ignore_ascii_case(code))
}

/// What a rule sees.
#[derive(Debug)]
pub struct Context<'a> {
    /// The org as read.
    pub org: &'a Org,
    /// The exposure computed so far (principals, coverage; findings still empty).
    pub report: &'a ScanReport,
}

impl Context<'_> {
    /// The lockdown mode.
    pub fn mode(&self) -> LockdownMode {
        self.report.mode
    }

    /// The guest-security rules of the report's date for this org (formats.md §1.10).
    pub fn era(&self) -> crate::exposure::era::Era {
        crate::exposure::era::Era::at(self.org, self.report.as_of)
    }

    /// Guest principals.
    pub fn guests(&self) -> impl Iterator<Item = &PrincipalExposure> {
        self.report
            .principals
            .iter()
            .filter(|p| p.kind == ajar_model::exposure::PrincipalKind::Guest)
    }
}

impl<'a> Context<'a> {
    /// The permission holders proven to apply to a principal: its profile, and the sets
    /// assigned to it when assignments are known.
    pub fn holders(&self, p: &PrincipalExposure) -> Vec<&'a ajar_model::org::PermissionHolder> {
        let mut out: Vec<_> = self.org.profiles.get(&p.name).into_iter().collect();
        if p.assignments_known {
            out.extend(
                p.permission_sets
                    .iter()
                    .filter_map(|n| self.org.permission_sets.get(n)),
            );
        }
        out
    }
}

/// Collects findings.
#[derive(Debug, Default)]
pub struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    /// Adds a finding of `rule` at the first cause's location.
    pub fn push(
        &mut self,
        rule: &dyn Rule,
        severity: Severity,
        message: String,
        causes: Vec<Cause>,
        principal: Option<&PrincipalExposure>,
        object: Option<&str>,
    ) {
        let at = causes
            .iter()
            .map(|c| &c.span)
            .find(|s| !s.file.is_empty())
            .cloned()
            .unwrap_or_else(Span::default);
        self.items.push(Finding {
            severity,
            code: rule.code().to_owned(),
            file: at.file,
            line: at.line,
            message,
            object: object.map(str::to_owned),
            principal: principal.map(|p| p.name.clone()),
            site: principal.and_then(|p| p.site.clone()),
            causes,
            suppressed: None,
        });
    }
}

/// Runs every rule over a report; findings sorted by severity, code, file, line.
pub fn run(org: &Org, report: &ScanReport) -> Vec<Finding> {
    let cx = Context { org, report };
    let mut out = Findings::default();
    for rule in RULES {
        rule.check(&cx, &mut out);
    }
    let mut items = out.items;
    items.sort_by(|a, b| {
        (
            a.severity,
            &a.code,
            &a.file,
            a.line,
            &a.site,
            &a.principal,
            &a.object,
            &a.message,
        )
            .cmp(&(
                b.severity,
                &b.code,
                &b.file,
                b.line,
                &b.site,
                &b.principal,
                &b.object,
                &b.message,
            ))
    });
    items.dedup();
    items
}

/// The severity and state of a guest's Edit, Delete, View All or Modify All on `object` at the
/// report's date (formats.md §1.10): inert (info) on a standard object the guest licence never
/// allowed it on; critical while the era keeps it; high (inert, in force before) after.
pub(crate) fn guest_wide_perm(cx: &Context<'_>, object: &str, kept: &str) -> (Severity, String) {
    let era = cx.era();
    if !crate::exposure::era::guest_licence_allows_wide(object) {
        (
            Severity::Info,
            "inert: the guest licence allows only Read and Create on this standard object".into(),
        )
    } else if era.object_perms_kept.on {
        (
            Severity::Critical,
            format!("{kept} ({})", era.object_perms_kept.why),
        )
    } else {
        (
            Severity::High,
            format!(
                "ignored for guests, {}; in force before",
                era.object_perms_kept.why
            ),
        )
    }
}

#[cfg(test)]
mod tests;
