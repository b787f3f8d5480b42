//! SITE-001: an active site's guest profile is not in the input.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// An active site (`CustomSite` with `active` true) for which no profile with a guest
    /// licence named `<masterLabel> Profile` is in the input.
    /// ## Why it matters
    /// Every active site has a guest user and serves `/s/sfsites/aura` to anyone, even if
    /// only its login page is meant to be public. Its access cannot be checked without its
    /// profile; guest sharing rules to it still open records.
    /// ## Example
    /// `sites/Summit_Events.site` with no `profiles/Summit Events Profile.profile`.
    /// ## How to fix
    /// Retrieve the guest profile (`sf project retrieve start -m "Profile:Summit Events Profile"`)
    /// and scan again.
    SiteGuestProfileMissing = "SITE-001", since "0.1.0", severity Medium
}

fn check(rule: &SiteGuestProfileMissing, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        let Some(site) = p.site.as_deref().and_then(|s| cx.org.sites.get(s)) else {
            continue;
        };
        if !site.active || cx.org.profiles.contains_key(&p.name) {
            continue;
        }
        let message = format!(
            "active site `{}` has no guest profile in the input (expected `{}`): its guest access is unknown",
            site.name, p.name
        );
        let c = vec![Cause {
            span: site.at("active"),
            what: format!("CustomSite {} active=true", site.name),
        }];
        out.push(rule, Severity::Medium, message, c, Some(p), None);
    }
}
