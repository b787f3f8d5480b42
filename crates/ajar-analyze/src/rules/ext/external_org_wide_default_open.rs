//! EXT-001: external users read every record through an open external org-wide default.

use crate::rules::{Context, Findings, rule};
use ajar_model::exposure::RecordPathKind;
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// An external profile (community, portal or partner licence) can read an object whose
    /// external org-wide default is `Read` or wider. High when it can read personal fields.
    /// ## Why it matters
    /// Every self-registered or invited customer then sees every record, including other
    /// customers'. The guest lockdown of Winter '21 does not apply to authenticated users.
    /// ## Example
    /// ```xml
    /// <externalSharingModel>Read</externalSharingModel>
    /// ```
    /// ## How to fix
    /// Set `externalSharingModel` to `Private` and use sharing sets or sharing rules scoped
    /// to the user's account.
    ExternalOrgWideDefaultOpen = "EXT-001", since "0.1.0", severity Medium
}

fn check(rule: &ExternalOrgWideDefaultOpen, cx: &Context<'_>, out: &mut Findings) {
    for p in super::externals(cx) {
        for o in p.objects.iter().filter(|o| o.read && !o.candidate) {
            for path in o.record_paths.iter().filter(|r| r.effective) {
                let RecordPathKind::OrgWideDefault { model } = &path.kind else {
                    continue;
                };
                let personal = o.readable_fields.iter().any(|f| f.classification.is_some());
                let severity = if personal {
                    Severity::High
                } else {
                    Severity::Medium
                };
                let message = format!(
                    "external profile `{}` reads every `{}` record (org-wide default {model})",
                    p.name, o.object
                );
                let mut c = path.causes.clone();
                c.extend(o.via.iter().cloned());
                out.push(rule, severity, message, c, Some(p), Some(&o.object));
            }
        }
    }
}
