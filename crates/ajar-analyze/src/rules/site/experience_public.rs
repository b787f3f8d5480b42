//! SITE-006: an Experience Builder site lets guests browse its pages.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// An Experience Builder bundle (`experiences/<site>/`) open to guests:
    /// `"isAvailableToGuests": true` in `config/<site>.json` (Aura sites), or an LWR site's
    /// `authenticationType` `UNAUTHENTICATED` or `AUTHENTICATED_WITH_PUBLIC_ACCESS_ENABLED`.
    /// Routes whose `pageAccess` is `Public` are listed. Skipped when the network serving it is
    /// not live or its site is inactive.
    /// ## Why it matters
    /// Every active site serves its login and error pages to guests, so the guest profile is
    /// reachable either way; a public site also lets guests open its pages, whose components
    /// query records with the guest's rights. Medium when the site's guest profile reads
    /// objects, low otherwise.
    /// ## Example
    /// ```json
    /// { "isAvailableToGuests": true, "type": "site" }
    /// ```
    /// ## How to fix
    /// If only members should see the site, turn off "Public can access the site" in
    /// Experience Builder (Settings > General) and set each route's page access to
    /// "Requires login"; otherwise keep the guest profile's object access to what the public
    /// pages need.
    ExperiencePublic = "SITE-006", since "0.1.0", severity Low
}

fn check(rule: &ExperiencePublic, cx: &Context<'_>, out: &mut Findings) {
    for e in cx.org.experiences.values() {
        if e.public() != Some(true) {
            continue;
        }
        let network = cx
            .org
            .networks
            .values()
            .find(|n| n.picasso_site.as_deref() == Some(e.name.as_str()));
        if network.is_some_and(|n| n.status.as_deref().is_some_and(|s| s != "Live")) {
            continue;
        }
        let site = network.and_then(|n| n.site.as_deref());
        if site
            .and_then(|s| cx.org.sites.get(s))
            .is_some_and(|s| !s.active)
        {
            continue;
        }
        let guest = site.and_then(|s| cx.guests().find(|p| p.site.as_deref() == Some(s)));
        let reads = guest.is_some_and(|p| p.objects.iter().any(|o| o.read && !o.candidate));
        let how = match e.authentication.as_deref() {
            Some(a) => format!("authenticationType={a}"),
            None => "isAvailableToGuests=true".to_owned(),
        };
        let mut message = format!("Experience site `{}` is open to guests ({how})", e.name);
        if let Some(n) = network {
            message.push_str(&format!(", network `{}`", n.name));
        }
        if !e.public_routes.is_empty() {
            message.push_str(&format!("; public routes: {}", e.public_routes.join(", ")));
        }
        let causes = e
            .span
            .iter()
            .map(|span| Cause {
                span: span.clone(),
                what: format!("ExperienceBundle {} {how}", e.name),
            })
            .collect();
        let severity = if reads {
            Severity::Medium
        } else {
            Severity::Low
        };
        out.push(rule, severity, message, causes, guest, None);
    }
}
