//! GUEST-007: a guest holds API Enabled.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// A guest profile or assigned permission set enables `ApiEnabled`.
    /// ## Why it matters
    /// Besides Aura, the guest can then query the REST and SOAP APIs directly (when the site
    /// allows guest API access, a setting not in metadata): every readable object and field
    /// is one SOQL query away, without any page or component in between.
    /// ## Example
    /// ```xml
    /// <userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions>
    /// ```
    /// ## How to fix
    /// Remove `ApiEnabled` from the guest profile; keep "Allow guest users to access public
    /// APIs" off in the site's settings.
    GuestApiEnabled = "GUEST-007", since "0.1.0", severity High
}

fn check(rule: &GuestApiEnabled, cx: &Context<'_>, out: &mut Findings) {
    super::user_permission(
        rule,
        cx,
        out,
        &["ApiEnabled"],
        Severity::High,
        "REST and SOAP queries reach every object the guest can read",
    );
}
