//! GUEST-003: a guest holds View All or Modify All on an object.

use super::who;
use crate::rules::{Context, Findings, by_mode, rule};
use ajar_model::exposure::LockdownMode;
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// A guest profile or assigned permission set sets `viewAllRecords` or `modifyAllRecords`.
    /// ## Why it matters
    /// Before Winter '21 this opened every record of the object to anonymous visitors. Since
    /// then the platform ignores it for guests, but the file still says so (ebikes since 2022),
    /// and it was in force for any date before the lockdown: high now, critical for an
    /// `--as-of` before October 2020.
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
                let state = match cx.mode() {
                    LockdownMode::Pre2021 => "every record is readable",
                    LockdownMode::Post2021 => {
                        "ignored for guests since Winter '21, in force before"
                    }
                };
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
                out.push(
                    rule,
                    by_mode(cx, Severity::High),
                    message,
                    c,
                    Some(p),
                    Some(object),
                );
            }
        }
    }
}
