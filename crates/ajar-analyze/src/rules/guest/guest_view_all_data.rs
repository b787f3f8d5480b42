//! GUEST-005: a guest holds View All Data or Modify All Data.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// A guest profile or assigned permission set enables `ViewAllData` or `ModifyAllData`.
    /// ## Why it matters
    /// These ignore sharing and object permissions on every object: the whole org's data is
    /// one Aura call away from anyone on the internet.
    /// ## Example
    /// ```xml
    /// <userPermissions><enabled>true</enabled><name>ViewAllData</name></userPermissions>
    /// ```
    /// ## How to fix
    /// Remove the permission from the guest profile and every set assigned to the guest user.
    GuestViewAllData = "GUEST-005", since "0.1.0", severity Critical
}

fn check(rule: &GuestViewAllData, cx: &Context<'_>, out: &mut Findings) {
    super::user_permission(
        rule,
        cx,
        out,
        &["ViewAllData", "ModifyAllData"],
        Severity::Critical,
        "every record of every object is readable",
    );
}
