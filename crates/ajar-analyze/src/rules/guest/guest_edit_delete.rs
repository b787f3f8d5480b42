//! GUEST-004: a guest holds Edit or Delete on an object.

use super::who;
use crate::rules::{Context, Findings, guest_wide_perm, rule};
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// A guest profile or assigned permission set sets `allowEdit` or `allowDelete`.
    /// ## Why it matters
    /// Winter '21 removed Edit and Delete from guests (Spring '21 for orgs that opted out);
    /// before, anonymous visitors could change or delete the records they reached: critical for
    /// such an `--as-of`, high after. The file still granting it means the org relied on it
    /// once. On a standard object other than `Order`, `Contract`, `SurveyResponse`,
    /// `ProfileSkillUser` and `ProfileSkillEndorsement` the guest licence never allowed it:
    /// reported as inert (info).
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
                let (severity, state) =
                    guest_wide_perm(cx, object, "records it reaches can be changed or deleted");
                let message = format!("{} has {what} on `{object}`: {state}", who(p));
                let c = vec![Cause {
                    span: perm.span.clone(),
                    what: format!("`{}` objectPermissions {object} {what}=true", h.name),
                }];
                out.push(rule, severity, message, c, Some(p), Some(object));
            }
        }
    }
}
