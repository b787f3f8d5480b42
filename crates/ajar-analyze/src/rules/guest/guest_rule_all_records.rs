//! GUEST-009: a guest sharing rule matches every record.

use crate::exposure::matches_all;
use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::org::SharingRuleKind;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// A guest sharing rule (`sharingGuestRules`) whose criteria select every record: no
    /// criteria, or `Name notEqual` an empty value. Critical when that site's guest can read
    /// personal fields of the object.
    /// ## Why it matters
    /// Guest sharing rules are the one way left to open records to anonymous visitors; a rule
    /// that matches everything turns the object into a public table.
    /// ## Example
    /// ```xml
    /// <sharingGuestRules><criteriaItems><field>Name</field><operation>notEqual</operation><value/></criteriaItems>...
    /// ```
    /// ## How to fix
    /// Give the rule criteria that select only records meant to be public (a `Published__c`
    /// checkbox, a status), and review which fields the guest can read.
    GuestRuleAllRecords = "GUEST-009", since "0.1.0", severity High
}

fn check(rule: &GuestRuleAllRecords, cx: &Context<'_>, out: &mut Findings) {
    for r in cx
        .org
        .sharing_rules
        .iter()
        .filter(|r| r.kind == SharingRuleKind::Guest && matches_all(&r.predicate))
    {
        let guest = cx
            .guests()
            .find(|p| p.site.as_deref() == Some(r.shared_to.as_str()));
        let personal = guest.is_some_and(|p| {
            p.objects.iter().any(|o| {
                o.object == r.object
                    && o.read
                    && o.readable_fields.iter().any(|f| f.classification.is_some())
            })
        });
        let severity = if personal {
            Severity::Critical
        } else {
            Severity::High
        };
        let message = format!(
            "guest sharing rule `{}` shares every `{}` record with the guest of site `{}`",
            r.name, r.object, r.shared_to
        );
        let c = vec![Cause {
            span: r.span.clone(),
            what: format!("sharingGuestRules {} criteria match every record", r.name),
        }];
        out.push(rule, severity, message, c, guest, Some(&r.object));
    }
}
