//! GUEST-009: a guest sharing rule matches every record.

use crate::exposure::matches_all_of;
use crate::rules::{Context, Findings, rule};
use ajar_model::finding::Severity;
use ajar_model::org::SharingRuleKind;
use ajar_model::span::Cause;

rule! {
    /// ## What it checks
    /// A guest sharing rule (`sharingGuestRules`) whose criteria select every record: no
    /// criteria, or only tautologies: `notEqual` an empty or `null` value on a field every
    /// record fills (`Name`, `Id`, owner and audit fields, a required, master-detail or
    /// auto-number field), or a checkbox that `equals` `True,False`; with a `booleanFilter`,
    /// when the filter is true whatever the other items say. Critical when that site's guest
    /// can read personal fields of the object.
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
    for r in cx.org.sharing_rules.iter().filter(|r| {
        r.kind == SharingRuleKind::Guest
            && matches_all_of(&r.predicate, cx.org.objects.get(&r.object))
    }) {
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
            what: format!(
                "sharingGuestRules {} criteria match every record{}",
                r.name,
                criteria_words(&r.predicate)
            ),
        }];
        out.push(rule, severity, message, c, guest, Some(&r.object));
    }
}

/// ": `Name notEqual null`, ..." — the criteria as written, for the cause.
fn criteria_words(p: &ajar_model::exposure::Predicate) -> String {
    if p.items.is_empty() {
        return " (no criteria)".to_owned();
    }
    let items: Vec<String> = p
        .items
        .iter()
        .map(|i| {
            format!(
                "`{} {} {}`",
                i.field,
                i.operation,
                i.value_field
                    .as_deref()
                    .or(i.value.as_deref())
                    .unwrap_or("(empty)")
            )
        })
        .collect();
    match &p.boolean_filter {
        Some(f) => format!(": {} with filter `{f}`", items.join(", ")),
        None => format!(": {}", items.join(" AND ")),
    }
}
