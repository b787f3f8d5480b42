//! SITE-007: a network lets guests see its members.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// A live Experience Cloud network sets `enableGuestMemberVisibility` ("Let guest users see
    /// other members of this site"), with the `User` fields the site's guest profile can read.
    /// ## Why it matters
    /// Anonymous visitors can then list the site's members: their user records, with the name
    /// and whatever the guest profile's field access and the profile page show (e-mail, phone,
    /// title). Winter '21 switched the setting off, but it can be switched on again per site.
    /// High when the guest can read a `User` field that holds personal data, medium otherwise.
    /// ## Example
    /// ```xml
    /// <Network><enableGuestMemberVisibility>true</enableGuestMemberVisibility>...
    /// ```
    /// ## How to fix
    /// Turn the setting off unless a public forum needs it; use nicknames, and remove personal
    /// `User` fields from the guest profile and the profile page layout.
    GuestMemberVisibility = "SITE-007", since "0.1.0", severity Medium
}

fn check(rule: &GuestMemberVisibility, cx: &Context<'_>, out: &mut Findings) {
    for n in cx
        .org
        .networks
        .values()
        .filter(|n| n.guest_member_visibility)
    {
        if n.status.as_deref().is_some_and(|s| s != "Live") {
            continue;
        }
        let guest = n
            .site
            .as_deref()
            .and_then(|s| cx.guests().find(|p| p.site.as_deref() == Some(s)));
        let mut c = vec![Cause {
            span: n.at("enableGuestMemberVisibility"),
            what: format!("Network {} enableGuestMemberVisibility=true", n.name),
        }];
        // The User fields the guest profile reads, with their classification (formats.md
        // §1.2: `fieldPermissions`; §1.10: guest member visibility).
        let mut fields: Vec<String> = Vec::new();
        let mut personal = false;
        for h in guest.map(|p| cx.holders(p)).unwrap_or_default() {
            for (f, p) in h.fields.range("User.".to_owned()..) {
                let Some(name) = f.strip_prefix("User.") else {
                    break;
                };
                if !p.readable {
                    continue;
                }
                let class = crate::exposure::classify::classify(
                    "User",
                    name,
                    cx.org.objects.get("User").and_then(|d| d.fields.get(name)),
                );
                personal |= class.is_some();
                fields.push(match class {
                    Some(k) => format!("{f} ({})", k.class.as_str()),
                    None => f.clone(),
                });
                c.push(Cause {
                    span: p.span.clone(),
                    what: format!("`{}` fieldPermissions {f} readable=true", h.name),
                });
            }
        }
        fields.sort();
        fields.dedup();
        let shown = if fields.is_empty() {
            "names and the profile page's fields".to_owned()
        } else {
            format!("names, the profile page's fields and {}", fields.join(", "))
        };
        let message = format!(
            "network `{}` lets guests see its members' user records (enableGuestMemberVisibility): {shown}",
            n.name
        );
        let severity = if personal {
            Severity::High
        } else {
            Severity::Medium
        };
        out.push(rule, severity, message, c, guest, Some("User"));
    }
}
