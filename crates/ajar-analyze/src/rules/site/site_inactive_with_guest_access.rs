//! SITE-002: an inactive site's guest profile grants object access.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// A site that is not active, whose guest profile still grants Read on objects.
    /// ## Why it matters
    /// Nothing is exposed while the site stays inactive, but activating it (for a test, a
    /// campaign) opens those grants at once, and an inactive site is rarely reviewed.
    /// ## Example
    /// ```xml
    /// <CustomSite><active>false</active>...
    /// ```
    /// ## How to fix
    /// Remove the grants from the guest profile, or delete the site.
    SiteInactiveWithGuestAccess = "SITE-002", since "0.1.0", severity Low
}

fn check(rule: &SiteInactiveWithGuestAccess, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        let Some(site) = p.site.as_deref().and_then(|s| cx.org.sites.get(s)) else {
            continue;
        };
        let readable: Vec<&str> = p
            .objects
            .iter()
            .filter(|o| o.read && !o.candidate)
            .map(|o| o.object.as_str())
            .collect();
        if site.active || readable.is_empty() {
            continue;
        }
        let message = format!(
            "inactive site `{}`: its guest profile `{}` still grants read on {}",
            site.name,
            p.name,
            readable.join(", ")
        );
        let c = vec![Cause {
            span: site.at("active"),
            what: format!("CustomSite {} active=false", site.name),
        }];
        out.push(rule, Severity::Low, message, c, Some(p), None);
    }
}
