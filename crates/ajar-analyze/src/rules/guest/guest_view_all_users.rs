//! GUEST-006: a guest holds View All Users.

use crate::rules::{Context, Findings, by_mode, rule};
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// A guest profile or assigned permission set enables `ViewAllUsers`.
    /// ## Why it matters
    /// Winter '21 removed it from guests; before, anonymous visitors could list every user of
    /// the org (names, e-mail addresses, phone numbers). Real guest profiles still carry it.
    /// ## Example
    /// ```xml
    /// <userPermissions><enabled>true</enabled><name>ViewAllUsers</name></userPermissions>
    /// ```
    /// ## How to fix
    /// Remove `ViewAllUsers` from the guest profile.
    GuestViewAllUsers = "GUEST-006", since "0.1.0", severity High
}

fn check(rule: &GuestViewAllUsers, cx: &Context<'_>, out: &mut Findings) {
    let consequence = match cx.mode() {
        ajar_model::exposure::LockdownMode::Pre2021 => "every user record is readable",
        ajar_model::exposure::LockdownMode::Post2021 => {
            "ignored for guests since Winter '21, in force before"
        }
    };
    super::user_permission(
        rule,
        cx,
        out,
        &["ViewAllUsers"],
        by_mode(cx, Severity::High),
        consequence,
    );
}
