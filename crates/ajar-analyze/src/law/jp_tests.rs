//! Issue #14, item 4: Japan beyond APPI Art. 26: public bodies, My Number, the financial overlay
//! as it was, processors (thresholds pinned at 100 and 101).

use super::*;
use ajar_model::classify::DataClass::{AccountNumber, GovernmentId, Name, Phone};
use ajar_model::incident::Decision;
use jiff::civil::date;

fn input(persons: u64) -> LawInput {
    let mut i = LawInput::empty();
    i.known = Some(date(2024, 6, 3));
    i.persons = persons;
    i.records = persons;
    i.persons_confirmed = Some(0);
    i.items = vec![Name, Phone];
    i.access = OutsideAccess::NoneSeen;
    i
}

fn regime(i: &LawInput, j: &str) -> Option<Decision> {
    decide(i).into_iter().find(|d| d.jurisdiction == j)
}

fn applies(d: &Decision, id: &str) -> Answer {
    d.triggers.iter().find(|t| t.id == id).unwrap().applies
}

#[test]
fn a_public_body_reports_from_101_persons_not_100() {
    let mut i = input(100);
    i.public_body = true;
    let d = regime(&i, "JP-APPI").unwrap();
    assert_eq!(applies(&d, "APPI-E4"), Answer::No);
    assert_eq!(d.reportable, Answer::No);
    i.persons = 101;
    let d = regime(&i, "JP-APPI").unwrap();
    assert_eq!(applies(&d, "APPI-E4"), Answer::Yes);
    assert_eq!(d.reportable, Answer::Yes);
    let e4 = d.triggers.iter().find(|t| t.id == "APPI-E4").unwrap();
    assert_eq!(e4.article, "Rules Art. 43(iv)");
    assert!(e4.reason.contains("> 100"));
    assert!(d.reasons[0].contains("Act Art. 68"));
    assert!(d.recipients[0].contains("Act Art. 68(1)"));
    assert!(
        d.deadlines
            .iter()
            .any(|x| x.basis.starts_with("Rules Art. 44(2)"))
    );
    // A business with 101 persons: nothing.
    i.public_body = false;
    assert_eq!(regime(&i, "JP-APPI").unwrap().reportable, Answer::No);
}

fn my_number(persons: u64) -> LawInput {
    let mut i = input(persons);
    i.items.push(GovernmentId);
    i.fields = vec![FieldFact {
        field: "Applicant__c.My_Number__c".into(),
        class: GovernmentId,
        my_number: true,
    }];
    i.my_number_persons = persons;
    i
}

#[test]
fn my_number_from_101_persons_not_100() {
    let i = my_number(100);
    let d = regime(&i, "JP-MYNUMBER").unwrap();
    assert_eq!(applies(&d, "MN-SCALE"), Answer::No);
    assert_eq!(d.reportable, Answer::No);
    let d = regime(&my_number(101), "JP-MYNUMBER").unwrap();
    assert_eq!(applies(&d, "MN-SCALE"), Answer::Yes);
    assert_eq!(d.reportable, Answer::Yes);
    assert_eq!(d.notify_individuals, Answer::Yes);
    assert!(d.recipients[0].contains("Art. 29-4(1)"));
    assert!(d.deadlines.iter().any(|x| x.what.contains("30 days")));
}

#[test]
fn my_number_open_to_the_public_is_reportable_for_one_person() {
    let mut i = my_number(1);
    i.public_exposure = true;
    let d = regime(&i, "JP-MYNUMBER").unwrap();
    assert_eq!(applies(&d, "MN-PUBLIC"), Answer::Yes);
    assert_eq!(d.reportable, Answer::Yes);
    // Encrypted with a safe key: no My Number decision at all.
    i.encrypted_fields = vec!["Applicant__c.My_Number__c".into()];
    assert!(regime(&i, "JP-MYNUMBER").is_none());
    // Without a My Number field, none either.
    assert!(regime(&input(500), "JP-MYNUMBER").is_none());
    // Known before the 2022 rules: not decided under them.
    let mut old = my_number(500);
    old.known = Some(date(2022, 3, 31));
    let d = regime(&old, "JP-MYNUMBER").unwrap();
    assert!(d.label.starts_with("not in force"), "{}", d.label);
}

#[test]
fn the_financial_overlay_applies_as_it_was_too() {
    let mut i = input(80_000);
    i.known = Some(date(2020, 11, 24));
    i.items = vec![AccountNumber, Name, Phone];
    i.access = OutsideAccess::Seen;
    let d = regime(&i, "JP-APPI-2017").unwrap();
    assert_eq!(applies(&d, "APPI-FIN"), Answer::NeedsReview);
    assert_eq!(d.reportable, Answer::Recommended);
    assert!(
        d.reasons
            .iter()
            .any(|r| r.starts_with("APPI-FIN needs_review"))
    );
    // Without payment or account data, no overlay.
    i.items = vec![Name, Phone];
    let d = regime(&i, "JP-APPI-2017").unwrap();
    assert!(d.triggers.is_empty());
}

#[test]
fn a_processor_owes_its_entrustor_a_notice_not_a_report() {
    let mut i = input(1001);
    i.processor = true;
    let d = regime(&i, "JP-APPI").unwrap();
    assert_eq!(d.reportable, Answer::No);
    assert_eq!(d.notify_individuals, Answer::No);
    assert_eq!(applies(&d, "APPI-ENTRUST"), Answer::Yes);
    assert_eq!(applies(&d, "APPI-E4"), Answer::Yes);
    assert_eq!(
        d.recipients,
        vec!["委託元 (the business that entrusted the data)".to_owned()]
    );
    assert_eq!(d.deadlines.len(), 1);
    assert!(d.deadlines[0].basis.starts_with("Rules Art. 9"));
    // Nothing the 委託元 must report: nothing owed.
    i.persons = 1000;
    let d = regime(&i, "JP-APPI").unwrap();
    assert_eq!(applies(&d, "APPI-ENTRUST"), Answer::No);
    assert!(d.recipients.is_empty());
}
