//! EXT-002: an external profile holds View All or Modify All.

use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// An external profile or its assigned permission set sets `viewAllRecords` or
    /// `modifyAllRecords` on an object.
    /// ## Why it matters
    /// View All ignores sharing: every customer or partner user reads every record of the
    /// object, whoever owns it.
    /// ## Example
    /// ```xml
    /// <objectPermissions><object>Contact</object><viewAllRecords>true</viewAllRecords></objectPermissions>
    /// ```
    /// ## How to fix
    /// Remove the flag; share records through account-based sharing sets.
    ExternalViewAll = "EXT-002", since "0.1.0", severity High
}

fn check(rule: &ExternalViewAll, cx: &Context<'_>, out: &mut Findings) {
    for p in super::externals(cx) {
        for h in cx.holders(p) {
            for (object, perm) in h.objects.iter().filter(|(_, o)| o.view_all || o.modify_all) {
                let message = format!("external profile `{}` has View All on `{object}`", p.name);
                let c = vec![Cause {
                    span: perm.span.clone(),
                    what: format!(
                        "`{}` objectPermissions {object} viewAllRecords/modifyAllRecords=true",
                        h.name
                    ),
                }];
                out.push(rule, Severity::High, message, c, Some(p), Some(object));
            }
        }
    }
}
