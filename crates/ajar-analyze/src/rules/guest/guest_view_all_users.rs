//! GUEST-006: a guest holds View All Users.

use crate::exposure::era::SUMMER_20;
use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// A guest profile or assigned permission set enables `ViewAllUsers`.
    /// ## Why it matters
    /// Summer '20 (July 2020) removed it from guests; before, anonymous visitors could list
    /// every user of the org (names, e-mail addresses, phone numbers): critical for an
    /// `--as-of` before 2020-07-18, high (inert) after. Real guest profiles still carry it.
    /// ## Example
    /// ```xml
    /// <userPermissions><enabled>true</enabled><name>ViewAllUsers</name></userPermissions>
    /// ```
    /// ## How to fix
    /// Remove `ViewAllUsers` from the guest profile.
    GuestViewAllUsers = "GUEST-006", since "0.1.0", severity High
}

fn check(rule: &GuestViewAllUsers, cx: &Context<'_>, out: &mut Findings) {
    // View All Users left guest profiles with Summer '20, not Winter '21 (formats.md §1.10).
    let (severity, consequence) = if cx.era().view_all_users {
        (
            Severity::Critical,
            "every user record is readable".to_owned(),
        )
    } else {
        (
            Severity::High,
            format!(
                "ignored for guests since {} ({}), in force before",
                SUMMER_20.name, SUMMER_20.last
            ),
        )
    };
    super::user_permission(rule, cx, out, &["ViewAllUsers"], severity, &consequence);
}
