//! Issue #14, item 7: stricter reasons: E2 per PPC FAQ Q6-11/Q6-12, Korea's website posting,
//! Singapore's s26B(4) and s26D(5), California's service provider.

use super::*;
use ajar_model::classify::DataClass::{self, *};
use ajar_model::incident::Decision;
use jiff::civil::date;

fn input(items: &[DataClass]) -> LawInput {
    let mut i = LawInput::empty();
    i.known = Some(date(2026, 2, 2));
    i.persons = 10;
    i.records = 10;
    i.persons_confirmed = Some(1);
    i.items = items.to_vec();
    i.access = OutsideAccess::Seen;
    i.public_exposure = true;
    i
}

fn regime(i: &LawInput, j: &str) -> Decision {
    decide(i).into_iter().find(|d| d.jurisdiction == j).unwrap()
}

fn e2(items: &[DataClass]) -> (Answer, String) {
    let d = regime(&input(items), "JP-APPI");
    let t = d.triggers.into_iter().find(|t| t.id == "APPI-E2").unwrap();
    (t.applies, t.reason)
}

#[test]
fn e2_moves_money_or_asks() {
    assert_eq!(e2(&[Name, PaymentCard]).0, Answer::Yes);
    let (a, why) = e2(&[Name, AccountNumber, Credential]);
    assert_eq!(a, Answer::Yes);
    assert!(why.contains("can move money"), "{why}");
    let (a, why) = e2(&[Name, AccountNumber]);
    assert_eq!(a, Answer::NeedsReview);
    assert!(why.contains("without a spending credential"));
    let (a, why) = e2(&[Email, Credential]);
    assert_eq!(a, Answer::NeedsReview);
    assert!(why.contains("which service it opens"), "{why}");
    assert_eq!(e2(&[Name, Phone, Email, Address]).0, Answer::No);
}

#[test]
fn korea_posts_on_the_website_without_contact_details_and_from_1000_persons() {
    let mut i = input(&[Name, Phone]);
    i.persons = 1000;
    i.persons_by_country.insert("KR".into(), 1000);
    i.persons_without_channel = 3;
    let d = regime(&i, "KR-PIPA");
    assert!(
        d.reasons
            .iter()
            .any(|r| r.starts_with("3 persons have no known contact details")
                && r.contains("at least 30 days"))
    );
    assert!(
        d.reasons
            .iter()
            .any(|r| r.contains("1,000 or more") && r.contains("7 days"))
    );
    i.persons_by_country.insert("KR".into(), 999);
    i.persons_without_channel = 0;
    let d = regime(&i, "KR-PIPA");
    assert!(!d.reasons.iter().any(|r| r.contains("website")));
}

#[test]
fn singapore_outside_access_and_technological_measures() {
    let mut i = input(&[Name, AccountNumber]);
    i.forced = vec!["SG".into()];
    let d = regime(&i, "SG-PDPA");
    assert!(
        d.reasons
            .iter()
            .any(|r| r.starts_with("s26B(4) does not apply"))
    );
    assert!(d.reasons.iter().any(|r| r.starts_with("s26D(5)(a)")));
    assert_eq!(d.notify_individuals, Answer::NeedsReview);
    // The account numbers encrypted before the breach: no harm class left, no notice.
    i.encrypted = vec![AccountNumber];
    let d = regime(&i, "SG-PDPA");
    assert!(
        d.reasons
            .iter()
            .any(|r| r.starts_with("s26D(5)(b): account_number"))
    );
    assert_eq!(d.notify_individuals, Answer::No);
    // Read only inside the organisation? A question, not a silent pass.
    i.public_exposure = false;
    i.access = OutsideAccess::NoneSeen;
    let d = regime(&i, "SG-PDPA");
    assert!(
        d.reasons
            .iter()
            .any(|r| r.starts_with("s26B(4): a breach only within"))
    );
}

#[test]
fn a_california_service_provider_notifies_the_owner() {
    let mut i = input(&[Name, PaymentCard, Credential]);
    i.forced = vec!["US-CA".into()];
    i.persons_by_country.insert("US".into(), 10);
    i.processor = true;
    let d = regime(&i, "US-CA");
    assert_eq!(d.reportable, Answer::No);
    assert_eq!(d.notify_individuals, Answer::No);
    let t = d.triggers.iter().find(|t| t.id == "CA-OWNER").unwrap();
    assert_eq!(t.applies, Answer::Yes);
    assert_eq!(
        d.recipients,
        vec!["the owner or licensee of the data".to_owned()]
    );
    assert_eq!(
        d.deadlines[0].basis,
        "§1798.82(b): immediately following discovery"
    );
    // Before SB 446 the duty was the same.
    i.known = Some(date(2025, 12, 31));
    let d = regime(&i, "US-CA");
    assert_eq!(
        d.deadlines[0].basis,
        "§1798.82(b): immediately following discovery"
    );
}
