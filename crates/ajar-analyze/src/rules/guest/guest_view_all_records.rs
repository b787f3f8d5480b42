//! GUEST-003: a guest holds View All or Modify All on an object.

use super::who;
use crate::rules::{Context, Findings, guest_wide_perm, rule};
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// A guest profile or assigned permission set sets `viewAllRecords` or `modifyAllRecords`.
    /// ## Why it matters
    /// Before Winter '21 (Spring '21 for orgs that opted out) this opened every record of the
    /// object to anonymous visitors. Since then the platform ignores it for guests, but the
    /// file still says so (ebikes since 2022), and it was in force for any date before: high
    /// now, critical for an `--as-of` before October 2020. On a standard object other than the
    /// five the guest licence allowed it on, it never worked: inert (info).
    /// ## Example
    /// ```xml
    /// <objectPermissions><object>Product__c</object><viewAllRecords>true</viewAllRecords></objectPermissions>
    /// ```
    /// ## How to fix
    /// Set `viewAllRecords` and `modifyAllRecords` to false; share records with a guest
    /// sharing rule whose criteria select only public records.
    GuestViewAllRecords = "GUEST-003", since "0.1.0", severity High
}

fn check(rule: &GuestViewAllRecords, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        for h in cx.holders(p) {
            for (object, perm) in h.objects.iter().filter(|(_, o)| o.view_all || o.modify_all) {
                let (severity, state) = guest_wide_perm(cx, object, "every record is readable");
                let message = format!(
                    "{} has viewAllRecords/modifyAllRecords on `{object}`: {state}",
                    who(p)
                );
                let c = vec![Cause {
                    span: perm.span.clone(),
                    what: format!(
                        "`{}` objectPermissions {object} viewAllRecords/modifyAllRecords=true",
                        h.name
                    ),
                }];
                out.push(rule, severity, message, c, Some(p), Some(object));
            }
        }
    }
}
