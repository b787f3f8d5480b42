//! GUEST-008: a guest holds Apex REST Services.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// A guest profile or assigned permission set enables `ApexRestServices`.
    /// ## Why it matters
    /// `@RestResource` classes under `/services/apexrest/` become callable anonymously, and
    /// Apex runs in system mode unless it says otherwise.
    /// ## Example
    /// ```xml
    /// <userPermissions><enabled>true</enabled><name>ApexRestServices</name></userPermissions>
    /// ```
    /// ## How to fix
    /// Remove the permission, or make every exposed REST class enforce sharing and FLS.
    GuestApexRest = "GUEST-008", since "0.1.0", severity High
}

fn check(rule: &GuestApexRest, cx: &Context<'_>, out: &mut Findings) {
    super::user_permission(
        rule,
        cx,
        out,
        &["ApexRestServices"],
        Severity::High,
        "Apex REST classes are callable anonymously",
    );
}
