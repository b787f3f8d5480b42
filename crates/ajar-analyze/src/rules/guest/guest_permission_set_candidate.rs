//! GUEST-011: a permission set could grant a guest access.

use super::who;
use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// Without `--assignments`, every permission set whose `license` does not exclude guests
    /// (no licence, or a guest licence) could be assigned to a site's guest user. This lists
    /// those that grant object access, as candidates.
    /// ## Why it matters
    /// Guest grants often sit in permission sets assigned by a script (Summit Events), so a
    /// profile alone under-reports what the guest can read. Assignments are data, not
    /// metadata: ajar cannot tell from files which sets the guest holds.
    /// ## Example
    /// ```xml
    /// <PermissionSet><label>Event Registrant</label><objectPermissions><allowRead>true</allowRead>...
    /// ```
    /// ## How to fix
    /// Run `ajar scan --assignments FILE` with an export of `PermissionSetAssignment`
    /// (`Assignee.Profile.Name`, `PermissionSet.Name`); give sets meant for internal users a
    /// `license` so they can never reach a guest.
    GuestPermissionSetCandidate = "GUEST-011", since "0.1.0", severity Medium
}

fn check(rule: &GuestPermissionSetCandidate, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests().filter(|p| !p.assignments_known) {
        for name in &p.permission_sets {
            let Some(set) = cx.org.permission_sets.get(name) else {
                continue;
            };
            let readable: Vec<&str> = set
                .objects
                .iter()
                .filter(|(_, o)| o.read || o.view_all || o.modify_all)
                .map(|(k, _)| k.as_str())
                .collect();
            if readable.is_empty() {
                continue;
            }
            let message = format!(
                "permission set `{name}` could be assigned to the {}: it grants read on {}",
                who(p),
                readable.join(", ")
            );
            let c = vec![Cause {
                span: set.span.clone(),
                what: format!(
                    "permission set `{name}` has no licence restricting it to internal users"
                ),
            }];
            out.push(rule, Severity::Medium, message, c, Some(p), None);
        }
    }
}
