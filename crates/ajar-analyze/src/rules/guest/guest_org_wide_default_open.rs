//! GUEST-010: a guest-readable object has an open external org-wide default.

use super::who;
use crate::rules::{Context, Findings, rule};
use ajar_model::exposure::RecordPathKind;
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// A guest can read an object whose org-wide default for external users (or for everyone,
    /// when the external model is off) is `Read` or wider.
    /// ## Why it matters
    /// Before secure guest record access the guest met that default: every record was public.
    /// The setting (`enableSecureGuestAccess`) made the guest's default Private where it was on
    /// from Winter '20, was switched on by Summer '20 unless the org opted out, and has been
    /// enforced since Winter '21 whatever the file says: low when it is on at the `--as-of`
    /// date, critical when it is not.
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
                let (severity, state) = if path.effective {
                    (Severity::Critical, "every record is readable")
                } else {
                    (
                        Severity::Low,
                        "clamped to Private for guests by secure guest record access",
                    )
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
