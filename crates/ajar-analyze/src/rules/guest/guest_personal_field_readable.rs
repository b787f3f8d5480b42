//! GUEST-002: a guest can read fields that hold personal data.

use super::{aura_channel, causes, has_record_path, reach_words, who};
use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;

rule! {
    /// ## What it checks
    /// A guest can read an object and fields of it that hold personal data (declared by
    /// `complianceGroup`/`securityClassification`, or inferred from the field's type and name).
    /// Critical when a record path in force (guest sharing rule, View All, open org-wide
    /// default) makes others' records visible; medium (latent) when no such path exists yet,
    /// high when the site serves Aura requests (`enableAuraRequests`): the Aura API is then a
    /// bulk channel for what the guest can read.
    /// ## Why it matters
    /// This is the shape of the 2020 notice behind ajar: applicants' names, phone and e-money
    /// numbers readable by anonymous visitors for almost five years.
    /// ## Example
    /// ```xml
    /// <fieldPermissions><field>Application__c.Phone__c</field><readable>true</readable></fieldPermissions>
    /// <sharingGuestRules>...<criteriaItems><field>Channel__c</field>...</sharingGuestRules>
    /// ```
    /// ## How to fix
    /// Remove `readable` on the personal fields from the guest profile, and narrow or delete
    /// the guest sharing rule; serve the data through code that checks who is asking.
    GuestPersonalFieldReadable = "GUEST-002", since "0.1.0", severity Medium
}

fn check(rule: &GuestPersonalFieldReadable, cx: &Context<'_>, out: &mut Findings) {
    for p in cx.guests() {
        for o in p.objects.iter().filter(|o| o.read && !o.candidate) {
            let personal: Vec<_> = o
                .readable_fields
                .iter()
                .filter_map(|f| f.classification.as_ref().map(|c| (f, c)))
                .collect();
            if personal.is_empty() {
                continue;
            }
            let aura = aura_channel(cx, p);
            let severity = if has_record_path(o) {
                Severity::Critical
            } else if aura.is_some() {
                Severity::High
            } else {
                Severity::Medium
            };
            let list: Vec<String> = personal
                .iter()
                .map(|(f, c)| format!("{} ({})", f.field, c.class.as_str()))
                .collect();
            let mut c: Vec<_> = personal.iter().map(|(f, _)| f.via.clone()).collect();
            c.extend(causes(o));
            let tail = aura.as_ref().map(|(_, w)| w.as_str()).unwrap_or_default();
            let message = format!(
                "{} can read personal data in `{}`: {} ({}){tail}",
                who(p),
                o.object,
                list.join(", "),
                reach_words(o)
            );
            c.extend(aura.map(|(cause, _)| cause));
            out.push(rule, severity, message, c, Some(p), Some(&o.object));
        }
    }
}
