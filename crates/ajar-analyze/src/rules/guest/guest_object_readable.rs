//! GUEST-001: a guest can read an object.

use super::{causes, has_record_path, reach_words, who};
use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// A site guest user's profile (or an assigned permission set) grants Read on an object.
    /// Severity is raised by context: high when a record path (a guest sharing rule, View All,
    /// an open org-wide default in force, or, before the default owner, the records the site's
    /// one guest user owns for every visitor) makes other people's records visible; medium
    /// (latent) otherwise, including when only records the guest user still owns from before
    /// the default owner are (their number is data, not metadata).
    /// ## Why it matters
    /// Anyone on the internet is the guest user. Aura and UI API endpoints serve every object
    /// the guest can read (`/s/sfsites/aura`), whether or not a page shows it.
    /// ## Example
    /// ```xml
    /// <objectPermissions><allowRead>true</allowRead><object>Case</object></objectPermissions>
    /// ```
    /// ## How to fix
    /// Remove `allowRead` from the guest profile, or move the feature behind login.
    GuestObjectReadable = "GUEST-001", since "0.1.0", severity Medium
}

fn check(rule: &GuestObjectReadable, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        for o in p.objects.iter().filter(|o| o.read && !o.candidate) {
            let severity = if has_record_path(o) {
                Severity::High
            } else {
                Severity::Medium
            };
            let message = format!("{} can read `{}` ({})", who(p), o.object, reach_words(o));
            out.push(rule, severity, message, causes(o), Some(p), Some(&o.object));
        }
    }
}
