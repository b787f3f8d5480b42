//! SITE-003: a network lets guests access files.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// A live Experience Cloud network sets `enableGuestFileAccess`.
    /// ## Why it matters
    /// Guests can then download files shared to records they can see; attachments often hold
    /// more personal data than the record (identity documents, forms).
    /// ## Example
    /// ```xml
    /// <Network><enableGuestFileAccess>true</enableGuestFileAccess>...
    /// ```
    /// ## How to fix
    /// Turn off guest file access unless the site publishes files on purpose; serve public
    /// files as static resources or public links.
    GuestFileAccess = "SITE-003", since "0.1.0", severity Medium
}

fn check(rule: &GuestFileAccess, cx: &Context<'_>, out: &mut Findings) {
    for n in cx.org.networks.values().filter(|n| n.guest_file_access) {
        if n.status.as_deref().is_some_and(|s| s != "Live") {
            continue;
        }
        let guest = n
            .site
            .as_deref()
            .and_then(|s| cx.guests().find(|p| p.site.as_deref() == Some(s)));
        let message = format!(
            "network `{}` lets guests access files (enableGuestFileAccess)",
            n.name
        );
        let c = vec![Cause {
            span: n.at("enableGuestFileAccess"),
            what: format!("Network {} enableGuestFileAccess=true", n.name),
        }];
        out.push(rule, Severity::Medium, message, c, guest, None);
    }
}
