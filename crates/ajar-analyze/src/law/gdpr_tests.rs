//! Issue #14, item 3: GDPR territorial scope, authorities, the processor path and the Art. 34
//! high-risk factors.

use super::*;
use ajar_model::classify::DataClass::{Name, Phone, Sensitive};
use ajar_model::incident::Decision;
use jiff::civil::date;

fn input(persons: u64, by_country: &[(&str, u64)]) -> LawInput {
    let mut i = LawInput::empty();
    i.known = Some(date(2024, 5, 10));
    i.aware_at = Some("2024-05-10T09:00:00Z".parse().unwrap());
    i.persons = persons;
    i.records = persons;
    i.persons_confirmed = Some(2);
    i.items = vec![Name, Phone];
    i.access = OutsideAccess::Seen;
    for (c, n) in by_country {
        i.persons_by_country.insert((*c).to_owned(), *n);
    }
    i
}

fn gdpr(i: &LawInput) -> Decision {
    decide(i)
        .into_iter()
        .find(|d| d.jurisdiction == "EU-GDPR")
        .unwrap()
}

#[test]
fn residence_alone_makes_territorial_scope_a_question() {
    let d = gdpr(&input(10, &[("DE", 3), ("JP", 7)]));
    let g = d.gdpr.as_ref().unwrap();
    assert_eq!(g.scope.basis, "Art. 3(2)");
    assert_eq!(g.scope.applies, Answer::NeedsReview);
    assert!(
        g.scope
            .looked_at
            .iter()
            .any(|l| l.contains("3 in the EU/EEA (DE 3)"))
    );
    assert!(g.scope.looked_at[0].contains("no establishment"));
    // A confirmed breach is still only a question while the scope is.
    assert_eq!(d.reportable, Answer::NeedsReview);
    assert!(d.deadlines[0].conditional);
}

#[test]
fn an_eu_establishment_names_the_lead_authority_even_without_eu_persons() {
    let mut i = input(10, &[("JP", 10)]);
    i.establishment = Some("IE".into());
    let d = gdpr(&i);
    assert_eq!(d.label, "current law");
    assert_eq!(d.reportable, Answer::Yes);
    let g = d.gdpr.as_ref().unwrap();
    assert_eq!(g.scope.basis, "Art. 3(1)");
    assert_eq!(g.scope.establishment.as_deref(), Some("IE"));
    let lead = g.lead_authority.as_ref().unwrap();
    assert_eq!(lead.name, "Data Protection Commission (DPC)");
    assert_eq!(g.authorities, vec![lead.clone()]);
    assert!(d.recipients[0].contains("Data Protection Commission"));
    assert!(d.reasons.iter().any(|r| r.contains("Art. 56(1)")));
}

#[test]
fn an_establishment_outside_the_eea_is_no_establishment() {
    let mut i = input(10, &[("JP", 10)]);
    i.establishment = Some("JP".into());
    assert!(decide(&i).iter().all(|d| d.jurisdiction != "EU-GDPR"));
}

#[test]
fn without_an_establishment_every_authority_where_persons_live() {
    let mut i = input(14, &[("DE", 3), ("FR", 1), ("JP", 10)]);
    i.forced = vec!["EU".into()];
    let d = gdpr(&i);
    assert_eq!(d.reportable, Answer::Yes);
    let g = d.gdpr.as_ref().unwrap();
    assert_eq!(g.scope.applies, Answer::Yes);
    assert!(g.lead_authority.is_none());
    let names: Vec<_> = g
        .authorities
        .iter()
        .map(|a| (a.country.as_str(), a.persons))
        .collect();
    assert_eq!(names, vec![("DE", Some(3)), ("FR", Some(1))]);
    assert!(g.authorities[1].name.contains("CNIL"));
    assert!(d.reasons.iter().any(|r| r.contains("para. 73")));
}

#[test]
fn a_processor_notifies_the_controller_without_72_hours() {
    let mut i = input(4, &[("DE", 4)]);
    i.forced = vec!["EU".into()];
    i.processor = true;
    let d = gdpr(&i);
    let g = d.gdpr.as_ref().unwrap();
    assert_eq!(g.role, "processor");
    assert!(g.authorities.is_empty());
    assert_eq!(d.recipients, vec!["the controller (Art. 33(2))".to_owned()]);
    assert_eq!(d.deadlines.len(), 1);
    assert_eq!(d.deadlines[0].instant, None);
    assert!(d.deadlines[0].basis.starts_with("Art. 33(2)"));
    assert_eq!(d.notify_individuals, Answer::No);
    assert!(d.triggers.iter().any(|t| t.id == "GDPR-33-2"));
}

#[test]
fn high_risk_factors_each_with_their_fact() {
    let mut i = input(1500, &[("DE", 1500)]);
    i.forced = vec!["EU".into()];
    i.items = vec![Name, Sensitive];
    i.fields = vec![
        FieldFact {
            field: "Patient__c.Diagnosis__c".into(),
            class: Sensitive,
            my_number: false,
        },
        FieldFact {
            field: "Patient__c.Name".into(),
            class: Name,
            my_number: false,
        },
    ];
    let g = gdpr(&i).gdpr.unwrap();
    let factors: Vec<_> = g
        .high_risk_factors
        .iter()
        .map(|f| f.factor.as_str())
        .collect();
    assert_eq!(
        factors,
        vec![
            "special_categories",
            "number_of_persons",
            "third_party_access"
        ]
    );
    assert!(
        g.high_risk_factors[0]
            .fact
            .contains("Patient__c.Diagnosis__c")
    );
    assert!(g.high_risk_factors[1].fact.contains("1,500 persons"));
    assert!(g.high_risk_factors[2].fact.contains("2 persons"));
    // Encrypted, the special category is no longer a factor.
    i.encrypted = vec![Sensitive];
    i.encrypted_fields = vec!["Patient__c.Diagnosis__c".into()];
    let g = gdpr(&i).gdpr.unwrap();
    assert!(
        g.high_risk_factors
            .iter()
            .all(|f| f.factor != "special_categories")
    );
}

#[test]
fn name_and_phone_of_few_persons_suspected_show_no_factor() {
    let mut i = input(3, &[("FR", 3)]);
    i.access = OutsideAccess::NoneSeen;
    i.persons_confirmed = Some(0);
    let d = gdpr(&i);
    assert!(d.gdpr.unwrap().high_risk_factors.is_empty());
    assert!(d.reasons.iter().any(|r| r.contains("no high-risk factor")));
}
