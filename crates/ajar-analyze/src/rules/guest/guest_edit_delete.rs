//! GUEST-004: a guest holds Edit or Delete on an object.

use super::who;
use crate::rules::{Context, Findings, by_mode, rule};
use ajar_model::finding::Severity;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// A guest profile or assigned permission set sets `allowEdit` or `allowDelete`.
    /// ## Why it matters
    /// Winter '21 removed Edit and Delete from guests; before, anonymous visitors could change
    /// or delete the records they reached. The file still granting it means the org relied
    /// on it once, and a sandbox or an old date (`--as-of`) is still exposed.
    /// ## Example
    /// ```xml
    /// <objectPermissions><allowEdit>true</allowEdit><object>Case</object></objectPermissions>
    /// ```
    /// ## How to fix
    /// Set `allowEdit` and `allowDelete` to false on guest profiles; let trusted code perform
    /// the few updates a public form needs.
    GuestEditDelete = "GUEST-004", since "0.1.0", severity High
}

fn check(rule: &GuestEditDelete, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        for h in cx.holders(p) {
            for (object, perm) in h.objects.iter().filter(|(_, o)| o.edit || o.delete) {
                let what = match (perm.edit, perm.delete) {
                    (true, true) => "allowEdit and allowDelete",
                    (true, false) => "allowEdit",
                    _ => "allowDelete",
                };
                let message = format!("{} has {what} on `{object}`", who(p));
                let c = vec![Cause {
                    span: perm.span.clone(),
                    what: format!("`{}` objectPermissions {object} {what}=true", h.name),
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
