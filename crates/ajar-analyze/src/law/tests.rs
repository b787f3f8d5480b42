//! law.md §5 test cases, one test each (numbers in the names).

use super::*;
use ajar_model::classify::DataClass::{self, *};
use ajar_model::incident::{Answer, Decision};

fn jp(persons: u64, items: &[DataClass], access: OutsideAccess, known: Date) -> LawInput {
    LawInput {
        known: Some(known),
        persons,
        records: persons,
        persons_confirmed: Some(0),
        items: items.to_vec(),
        access,
        ..LawInput::empty()
    }
}

fn appi(input: &LawInput) -> Decision {
    decide(input)
        .into_iter()
        .find(|d| d.jurisdiction == "JP-APPI")
        .unwrap()
}

fn event(d: &Decision, id: &str) -> Answer {
    d.triggers.iter().find(|t| t.id == id).unwrap().applies
}

fn final_report(d: &Decision, days: &str) -> Option<Date> {
    d.deadlines
        .iter()
        .find(|x| x.what.starts_with("final report") && x.what.contains(days))
        .unwrap()
        .date
}

const K: Date = date(2023, 6, 1);

#[test]
fn case_01_exactly_1000_persons_is_not_reportable() {
    let d = appi(&jp(1000, &[Name, Phone], OutsideAccess::NoneSeen, K));
    assert_eq!(d.reportable, Answer::No);
    assert_eq!(event(&d, "APPI-E4"), Answer::No);
    assert!(d.deadlines.is_empty());
}

#[test]
fn case_02_1001_persons_is_e4_with_30_days_and_notice() {
    let d = appi(&jp(1001, &[Name, Phone], OutsideAccess::NoneSeen, K));
    assert_eq!(d.reportable, Answer::Yes);
    assert_eq!(event(&d, "APPI-E4"), Answer::Yes);
    assert_eq!(d.notify_individuals, Answer::Yes);
    // 2023-06-01 day 1 → day 30 = 2023-06-30 (Friday).
    assert_eq!(final_report(&d, "30"), Some(date(2023, 6, 30)));
}

#[test]
fn case_03_records_do_not_count_persons_do() {
    let mut i = jp(1000, &[Name, Phone], OutsideAccess::NoneSeen, K);
    i.records = 1200;
    assert_eq!(appi(&i).reportable, Answer::No);
}

#[test]
fn case_04_one_person_with_medical_history_is_e1() {
    let d = appi(&jp(1, &[Name, Sensitive], OutsideAccess::NoneSeen, K));
    assert_eq!(event(&d, "APPI-E1"), Answer::Yes);
    assert_eq!(d.reportable, Answer::Yes);
}

#[test]
fn case_05_one_person_with_full_card_number_is_e2() {
    let d = appi(&jp(1, &[PaymentCard], OutsideAccess::NoneSeen, K));
    assert_eq!(event(&d, "APPI-E2"), Answer::Yes);
    assert_eq!(d.reportable, Answer::Yes);
}

#[test]
fn case_06_card_last4_and_expiry_is_not_reportable() {
    // The classifier does not class last-4 + expiry as PaymentCard: they are other personal data.
    let d = appi(&jp(300, &[Name, OtherPersonal], OutsideAccess::NoneSeen, K));
    assert_eq!(d.reportable, Answer::No);
}

#[test]
fn case_07_emoney_number_only_is_e2_needs_review() {
    let d = appi(&jp(300, &[AccountNumber], OutsideAccess::NoneSeen, K));
    assert_eq!(event(&d, "APPI-E2"), Answer::NeedsReview);
    assert_eq!(d.reportable, Answer::NeedsReview);
    assert!(d.deadlines.iter().all(|x| x.conditional));
}

#[test]
fn case_08_confirmed_unauthorised_access_is_e3_day_60() {
    let d = appi(&jp(50, &[Name], OutsideAccess::Wrongful, K));
    assert_eq!(event(&d, "APPI-E3"), Answer::Yes);
    // 2023-06-01 day 60 = 2023-07-30 (Sunday) → Monday 07-31.
    assert_eq!(final_report(&d, "60"), Some(date(2023, 7, 31)));
    assert!(d.deadlines.iter().all(|x| !x.what.contains("30 days")));
}

#[test]
fn case_09_e3_and_e4_give_60_days() {
    let d = appi(&jp(5000, &[Name], OutsideAccess::Wrongful, K));
    assert_eq!(event(&d, "APPI-E4"), Answer::Yes);
    assert!(final_report(&d, "60").is_some());
}

#[test]
fn case_10_full_log_coverage_without_outside_read_is_no_leak() {
    let mut i = jp(5000, &[Name, Phone], OutsideAccess::NoneSeen, K);
    i.ruled_out = true;
    let d = appi(&i);
    assert_eq!(d.reportable, Answer::No);
    assert!(d.reasons.iter().any(|r| r.contains("record")));
}

#[test]
fn case_11_partial_logs_zero_confirmed_is_still_e4() {
    let d = appi(&jp(5000, &[Name, Phone], OutsideAccess::NoneSeen, K));
    assert_eq!(event(&d, "APPI-E4"), Answer::Yes);
    assert_eq!(d.reportable, Answer::Yes);
}

#[test]
fn case_12_advanced_encryption_excludes_unless_names_are_plain() {
    let mut i = jp(5000, &[PaymentCard], OutsideAccess::NoneSeen, K);
    i.encrypted = vec![PaymentCard];
    assert_eq!(appi(&i).reportable, Answer::No);
    i.items.push(Name);
    let d = appi(&i);
    assert_eq!(event(&d, "APPI-E4"), Answer::Yes);
    assert_eq!(event(&d, "APPI-E2"), Answer::No);
}

#[test]
fn case_13_processor_that_notified_is_exempt() {
    let mut i = jp(5000, &[Name], OutsideAccess::Seen, K);
    i.processor_notified = Some(date(2023, 6, 2));
    let d = appi(&i);
    assert_eq!(d.reportable, Answer::No);
    assert_eq!(d.notify_individuals, Answer::No);
    assert!(d.reasons[0].contains("Rules Art. 9"));
}

fn seed() -> LawInput {
    LawInput {
        known: Some(date(2020, 11, 24)),
        persons: 80_000,
        records: 89_141,
        persons_confirmed: Some(102),
        items: vec![AccountNumber, Name, Phone],
        access: OutsideAccess::Seen,
        persons_without_channel: 80_000,
        ..LawInput::empty()
    }
}

#[test]
fn case_14_seed_under_current_law() {
    let all = decide(&seed());
    let d = all.iter().find(|d| d.jurisdiction == "JP-APPI").unwrap();
    assert!(d.label.contains("what-if"));
    assert_eq!(event(d, "APPI-E4"), Answer::Yes);
    assert_eq!(event(d, "APPI-E2"), Answer::NeedsReview);
    assert_eq!(event(d, "APPI-E3"), Answer::NeedsReview);
    assert_eq!(d.reportable, Answer::Yes);
    let pre = &d.deadlines[0];
    assert_eq!(pre.earliest, Some(date(2020, 11, 26)));
    assert_eq!(pre.date, Some(date(2020, 11, 28)));
    assert_eq!(final_report(d, "30"), Some(date(2020, 12, 23)));
    assert_eq!(final_report(d, "60"), Some(date(2021, 1, 22)));
    let sixty = d.deadlines.iter().find(|x| x.what.contains("60")).unwrap();
    assert!(sixty.conditional);
    assert_eq!(d.notify_individuals, Answer::Yes);
    assert!(d.reasons.iter().any(|r| r.contains("alternative measure")));
}

#[test]
fn case_15_seed_as_it_was_is_an_effort_duty_without_deadlines() {
    let all = decide(&seed());
    let d = all
        .iter()
        .find(|d| d.jurisdiction == "JP-APPI-2017")
        .unwrap();
    assert_eq!(d.reportable, Answer::Recommended);
    assert!(d.deadlines.is_empty(), "nothing can be late in 2020");
    // Publication on 2020-12-25 (day 32) is late only in the what-if.
    let whatif = all.iter().find(|d| d.jurisdiction == "JP-APPI").unwrap();
    assert!(final_report(whatif, "30").unwrap() < date(2020, 12, 25));
}

#[test]
fn case_16_day_30_on_saturday_moves_to_monday() {
    let d = appi(&jp(
        2000,
        &[Name],
        OutsideAccess::NoneSeen,
        date(2022, 4, 1),
    ));
    assert_eq!(d.label, "current law");
    assert_eq!(final_report(&d, "30"), Some(date(2022, 5, 2)));
}

#[test]
fn case_17_year_end_closure_moves_to_january_4() {
    let d = appi(&jp(
        2000,
        &[Name],
        OutsideAccess::NoneSeen,
        date(2022, 12, 1),
    ));
    assert_eq!(final_report(&d, "30"), Some(date(2023, 1, 4)));
}

#[test]
fn case_18_day_60_on_showa_day_saturday_moves_to_may_1() {
    let d = appi(&jp(50, &[Name], OutsideAccess::Wrongful, date(2023, 3, 1)));
    assert_eq!(final_report(&d, "60"), Some(date(2023, 5, 1)));
}

#[test]
fn case_19_gdpr_72_hours_exact() {
    let mut i = jp(3, &[Name], OutsideAccess::Seen, date(2024, 5, 10));
    i.persons_by_country.insert("DE".into(), 3);
    i.forced = vec!["EU".into()];
    i.aware_at = Some("2024-05-10T09:00:00Z".parse().unwrap());
    let d = decide(&i)
        .into_iter()
        .find(|d| d.jurisdiction == "EU-GDPR")
        .unwrap();
    assert_eq!(d.reportable, Answer::Yes);
    assert_eq!(
        d.deadlines[0].instant,
        Some("2024-05-13T09:00:00Z".parse().unwrap())
    );
}

#[test]
fn case_20_each_member_state_sa_and_a_risk_review() {
    let mut i = jp(4, &[Name], OutsideAccess::Seen, date(2024, 5, 10));
    i.forced = vec!["EU".into()];
    i.persons_by_country.insert("DE".into(), 3);
    i.persons_by_country.insert("FR".into(), 1);
    i.persons_by_country.insert("JP".into(), 10);
    let d = decide(&i)
        .into_iter()
        .find(|d| d.jurisdiction == "EU-GDPR")
        .unwrap();
    assert_eq!(d.recipients.len(), 2);
    assert!(d.recipients[0].contains("DE") && d.recipients[1].contains("FR"));
    assert_eq!(d.notify_individuals, Answer::NeedsReview);
}

#[test]
fn gdpr_is_absent_without_eu_persons_and_review_when_suspected() {
    let i = jp(4, &[Name], OutsideAccess::Seen, K);
    assert!(decide(&i).iter().all(|d| d.jurisdiction != "EU-GDPR"));
    let mut i = jp(4, &[Name], OutsideAccess::NoneSeen, K);
    i.persons_by_country.insert("IE".into(), 4);
    let d = decide(&i)
        .into_iter()
        .find(|d| d.jurisdiction == "EU-GDPR")
        .unwrap();
    assert_eq!(d.reportable, Answer::NeedsReview);
}

fn regime(input: &LawInput, jurisdiction: &str) -> Option<Decision> {
    decide(input)
        .into_iter()
        .find(|d| d.jurisdiction == jurisdiction)
}

/// Known on 2026-06-01: every regime's current rules are in force (issue #14).
fn living_in(persons: u64, items: &[DataClass], access: OutsideAccess, cc: &str) -> LawInput {
    let mut i = jp(persons, items, access, date(2026, 6, 1));
    i.persons_by_country.insert(cc.to_owned(), persons);
    i
}

#[test]
fn case_21_1000_persons_name_and_phone_kr_yes_jp_no() {
    let i = living_in(1000, &[Name, Phone], OutsideAccess::NoneSeen, "KR");
    assert_eq!(appi(&i).reportable, Answer::No);
    let kr = regime(&i, "KR-PIPA").unwrap();
    assert_eq!(kr.reportable, Answer::Yes);
    assert_eq!(event(&kr, "KR-SCALE"), Answer::Yes);
    // 72 hours: dated 3 days from the day known without an awareness time.
    assert_eq!(kr.deadlines[0].date, Some(date(2026, 6, 4)));
    // 999 persons and nothing else: no report; no Korean person at all: no decision.
    let i = living_in(999, &[Name, Phone], OutsideAccess::NoneSeen, "KR");
    assert_eq!(regime(&i, "KR-PIPA").unwrap().reportable, Answer::No);
    assert!(regime(&jp(5000, &[Name], OutsideAccess::Seen, K), "KR-PIPA").is_none());
    // Unlawful outside access reports whatever the count.
    let i = living_in(3, &[Name], OutsideAccess::Wrongful, "KR");
    let kr = regime(&i, "KR-PIPA").unwrap();
    assert_eq!(kr.reportable, Answer::Yes);
    assert_eq!(kr.notify_individuals, Answer::Yes);
}

#[test]
fn case_22_sg_499_no_500_pdpc_only() {
    let i = living_in(499, &[Name, Phone], OutsideAccess::Seen, "SG");
    assert_eq!(regime(&i, "SG-PDPA").unwrap().reportable, Answer::No);
    let i = living_in(500, &[Name, Phone], OutsideAccess::Seen, "SG");
    let sg = regime(&i, "SG-PDPA").unwrap();
    assert_eq!(sg.reportable, Answer::Yes);
    assert_eq!(sg.notify_individuals, Answer::No);
    assert_eq!(sg.deadlines[0].date, Some(date(2026, 6, 4)));
    // Financial data makes significant harm a question, never a silent no.
    let i = living_in(10, &[Name, AccountNumber], OutsideAccess::Seen, "SG");
    let sg = regime(&i, "SG-PDPA").unwrap();
    assert_eq!(sg.reportable, Answer::NeedsReview);
    assert_eq!(sg.notify_individuals, Answer::NeedsReview);
}

#[test]
fn case_23_ca_500_notices_501_attorney_general_too() {
    let ca = |n: u64| {
        let mut i = living_in(
            n,
            &[Name, PaymentCard, Credential],
            OutsideAccess::Seen,
            "US",
        );
        i.forced.push("US-CA".into());
        regime(&i, "US-CA").unwrap()
    };
    let d = ca(500);
    assert_eq!(d.notify_individuals, Answer::Yes);
    assert_eq!(d.reportable, Answer::No, "no AG sample at 500");
    assert_eq!(d.deadlines.len(), 1);
    assert_eq!(d.deadlines[0].date, Some(date(2026, 7, 1)));
    let d = ca(501);
    assert_eq!(d.reportable, Answer::Yes);
    assert_eq!(d.deadlines[1].date, Some(date(2026, 7, 16)));
    // The seed's items (name, phone, e-money number without a code) trigger no element.
    let mut i = living_in(
        600,
        &[Name, Phone, AccountNumber],
        OutsideAccess::Seen,
        "US",
    );
    i.forced.push("US-CA".into());
    assert_eq!(regime(&i, "US-CA").unwrap().notify_individuals, Answer::No);
    // Only when asked for.
    let i = living_in(
        600,
        &[Name, PaymentCard, Credential],
        OutsideAccess::Seen,
        "US",
    );
    assert!(regime(&i, "US-CA").is_none());
}

#[test]
fn case_24_year_missing_from_holiday_table_needs_review() {
    let d = appi(&jp(
        2000,
        &[Name],
        OutsideAccess::NoneSeen,
        date(2027, 12, 20),
    ));
    let f = d.deadlines.iter().find(|x| x.what.contains("30")).unwrap();
    assert_eq!(f.date, None);
    assert!(f.basis.starts_with("needs_review"));
}

#[test]
fn no_logs_make_e3_a_review_not_a_no() {
    let mut i = jp(10, &[Name], OutsideAccess::NoLogs, K);
    i.persons_confirmed = None;
    let d = appi(&i);
    assert_eq!(event(&d, "APPI-E3"), Answer::NeedsReview);
    assert_eq!(d.reportable, Answer::NeedsReview);
}

#[test]
fn thousands_separators() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(1000), "1,000");
    assert_eq!(thousands(89141), "89,141");
    assert_eq!(thousands(1234567), "1,234,567");
}
