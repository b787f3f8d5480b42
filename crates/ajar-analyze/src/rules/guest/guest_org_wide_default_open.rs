//! GUEST-010: a guest-readable object has an open external org-wide default.

use super::who;
use crate::rules::{Context, Findings, rule};
use ajar_model::exposure::{LockdownMode, RecordPathKind};
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// A guest can read an object whose org-wide default for external users (or for everyone,
    /// when the external model is off) is `Read` or wider.
    /// ## Why it matters
    /// Before Winter '21 the guest met that default: every record was public. Since then the
    /// guest's default is Private whatever the file says, so the finding is low today but
    /// critical for any `--as-of` date before October 2020, when the records were exposed.
    /// ## Example
    /// ```xml
    /// <externalSharingModel>Read</externalSharingModel>
    /// ```
    /// ## How to fix
    /// Set `externalSharingModel` to `Private` and open records with narrow sharing rules.
    GuestOrgWideDefaultOpen = "GUEST-010", since "0.1.0", severity Low
}

fn check(rule: &GuestOrgWideDefaultOpen, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        for o in p.objects.iter().filter(|o| o.read && !o.candidate) {
            for path in &o.record_paths {
                let RecordPathKind::OrgWideDefault { model } = &path.kind else {
                    continue;
                };
                let (severity, state) = match cx.mode() {
                    LockdownMode::Pre2021 => (Severity::Critical, "every record is readable"),
                    LockdownMode::Post2021 => (
                        Severity::Low,
                        "clamped to Private for guests since Winter '21, in force before",
                    ),
                };
                let message = format!(
                    "{} can read `{}` whose org-wide default is {model}: {state}",
                    who(p),
                    o.object
                );
                let mut c = path.causes.clone();
                c.extend(o.via.iter().cloned());
                out.push(rule, severity, message, c, Some(p), Some(&o.object));
            }
        }
    }
}
