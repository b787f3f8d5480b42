//! Issue #14, item 2: each regime only from its start, pinned a day before and on the day.

use super::*;
use ajar_model::classify::DataClass::{AccountNumber, GovernmentId, Name, Phone};
use jiff::civil::date;

fn input(known: Date, cc: &str, forced: &str) -> LawInput {
    let mut i = LawInput::empty();
    i.known = Some(known);
    i.aware_at = known
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp());
    i.persons = 2000;
    i.records = 2000;
    i.persons_confirmed = Some(5);
    i.items = vec![Name, Phone, AccountNumber, GovernmentId];
    i.access = OutsideAccess::Seen;
    i.persons_by_country.insert(cc.to_owned(), 2000);
    i.forced = vec![forced.to_owned()];
    i
}

fn regime(i: &LawInput, j: &str) -> Decision {
    decide(i).into_iter().find(|d| d.jurisdiction == j).unwrap()
}

#[test]
fn each_regime_applies_from_its_start_and_not_the_day_before() {
    for (cc, forced, j, from) in [
        ("DE", "EU", "EU-GDPR", GDPR_FROM),
        ("SG", "SG", "SG-PDPA", SG_PART_6A_FROM),
        ("KR", "KR", "KR-PIPA", KR_72_HOURS_FROM),
    ] {
        let before = regime(&input(from.yesterday().unwrap(), cc, forced), j);
        assert_eq!(before.reportable, Answer::NeedsReview, "{j}");
        assert!(before.label.starts_with("not in force"), "{j}");
        assert!(before.deadlines.is_empty() && before.triggers.is_empty());
        assert!(before.reasons[0].contains("do not apply"), "{j}");
        let on = regime(&input(from, cc, forced), j);
        assert_eq!(on.label, "current law", "{j}");
        assert!(!on.triggers.is_empty(), "{j}");
        assert!(
            on.deadlines
                .iter()
                .any(|d| d.date.is_some() || d.instant.is_some())
        );
    }
    assert_eq!(GDPR_FROM, date(2018, 5, 25));
    assert_eq!(SG_PART_6A_FROM, date(2021, 2, 1));
    assert_eq!(KR_72_HOURS_FROM, date(2023, 9, 15));
}

#[test]
fn california_has_a_30_day_notice_only_from_2026() {
    let on = regime(&input(CA_30_DAYS_FROM, "US", "US-CA"), "US-CA");
    assert_eq!(on.label, "current law");
    assert_eq!(on.deadlines[0].date, Some(date(2026, 1, 31)));
    let before = regime(
        &input(CA_30_DAYS_FROM.yesterday().unwrap(), "US", "US-CA"),
        "US-CA",
    );
    assert_eq!(before.label, "as it was (before SB 446)");
    assert!(before.deadlines.iter().all(|d| d.date.is_none()));
    assert!(before.deadlines[0].basis.contains("most expedient time"));
    assert_eq!(before.reportable, on.reportable, "the duty itself existed");
}

#[test]
fn a_forced_regime_without_local_persons_has_no_persons_in_scope() {
    let after = date(2026, 6, 1);
    // All 2,000 persons live in Japan: Korea, the EU and California have nobody in scope.
    for (forced, j) in [("KR", "KR-PIPA"), ("EU", "EU-GDPR"), ("US-CA", "US-CA")] {
        let d = regime(&input(after, "JP", forced), j);
        assert_eq!(d.label, "no persons in scope", "{j}");
        assert_eq!(d.reportable, Answer::No, "{j}");
        assert!(d.reasons[0].contains("address country"), "{j}");
        assert!(d.deadlines.is_empty());
    }
    // Some persons' residence is unknown: a question, never a no.
    let mut i = input(after, "JP", "KR");
    i.persons_by_country.insert("unknown".into(), 3);
    let d = regime(&i, "KR-PIPA");
    assert_eq!(d.reportable, Answer::NeedsReview);
    assert!(d.reasons[0].contains("3 persons' residence is unknown"));
    // Singapore's 500 counts affected individuals, wherever they live.
    let sg = regime(&input(after, "JP", "SG"), "SG-PDPA");
    let scale = sg.triggers.iter().find(|t| t.id == "SG-SCALE").unwrap();
    assert_eq!(scale.applies, Answer::Yes);
}

#[test]
fn a_japanese_special_care_class_is_no_california_element() {
    let mut i = input(date(2026, 6, 1), "US", "US-CA");
    i.items = vec![Name, ajar_model::classify::DataClass::Sensitive];
    let ca = regime(&i, "US-CA");
    let notice = ca.triggers.iter().find(|t| t.id == "CA-NOTICE").unwrap();
    assert_eq!(notice.applies, Answer::NeedsReview);
    assert!(
        ca.reasons
            .iter()
            .any(|r| r.contains("not a §1798.82 element as such"))
    );
    // With a government identifier it is an element again.
    i.items.push(GovernmentId);
    let ca = regime(&i, "US-CA");
    let notice = ca.triggers.iter().find(|t| t.id == "CA-NOTICE").unwrap();
    assert_eq!(notice.applies, Answer::Yes);
}
