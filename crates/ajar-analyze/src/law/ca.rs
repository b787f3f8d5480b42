//! California, Civil Code §1798.82: notice to residents whose name and a listed element were
//! acquired, within 30 days of discovery; a sample to the Attorney General when more than 500
//! residents are notified (law.md §2.3, §3; verify before use).

use super::{LawInput, OutsideAccess, thousands};
use ajar_model::classify::DataClass;
use ajar_model::incident::{Answer, Deadline, Decision, Trigger};

/// The §1798.82 decision, with `--jurisdiction US-CA` only: the export gives countries, not
/// states, so residents are counted as persons with a US address or phone (an upper bound).
pub fn decide(input: &LawInput) -> Option<Decision> {
    if !input.forces("US-CA") {
        return None;
    }
    let n = input
        .persons_by_country
        .get("US-CA")
        .copied()
        .unwrap_or_else(|| input.persons_in("US"));
    let mut reasons = vec![format!(
        "{} persons with a US address or phone country, counted as California residents: confirm residence",
        thousands(n)
    )];
    let items = input.plain_items();
    let has = |c: DataClass| items.contains(&c);
    let financial = (has(DataClass::PaymentCard) || has(DataClass::AccountNumber))
        && has(DataClass::Credential);
    let login = has(DataClass::Email) && has(DataClass::Credential);
    // APPI's special care-required class (creed, race, criminal record, medical history...) is
    // no §1798.82 element as such; only medical or health-insurance information is (issue #14).
    let element = has(DataClass::Name) && (has(DataClass::GovernmentId) || financial) || login;
    let medical_maybe = !element && has(DataClass::Name) && has(DataClass::Sensitive);
    if medical_maybe {
        reasons.push("special care-required data (an APPI class) is not a §1798.82 element as such; whether it holds medical or health-insurance information (§1798.82(h)(1)(E), (F)) needs review".to_owned());
    } else if !element {
        reasons.push("no name with a listed element (ID number, card or account number with its code, medical or insurance data), nor a login with its password".to_owned());
    }
    let acquired = if input.ruled_out {
        Answer::No
    } else {
        match input.access {
            OutsideAccess::Seen | OutsideAccess::Wrongful => Answer::Yes,
            OutsideAccess::NoneSeen | OutsideAccess::NoLogs => Answer::NeedsReview,
        }
    };
    let notice = match (element, medical_maybe, acquired) {
        (true, _, a) => a,
        (false, true, Answer::No) => Answer::No,
        (false, true, _) => Answer::NeedsReview,
        (false, false, _) => Answer::No,
    };
    let ag = if notice != Answer::No && n > 500 {
        notice
    } else {
        Answer::No
    };
    if input.processor {
        return Some(service_provider(notice, reasons));
    }
    let mut deadlines = Vec::new();
    if notice != Answer::No {
        let day30 = input
            .known
            .and_then(|k| k.checked_add(jiff::Span::new().days(30)).ok());
        deadlines.push(Deadline {
            what: "notice to residents (\"Notice of Data Breach\")".to_owned(),
            earliest: None,
            date: day30,
            instant: None,
            basis: "§1798.82(a): within 30 calendar days of discovery (from 2026-01-01)".to_owned(),
            conditional: notice == Answer::NeedsReview,
        });
        if ag != Answer::No {
            deadlines.push(Deadline {
                what: "sample notice to the Attorney General".to_owned(),
                earliest: None,
                date: day30.and_then(|d| d.checked_add(jiff::Span::new().days(15)).ok()),
                instant: None,
                basis: "§1798.82(f): within 15 days of notifying more than 500 residents (dated from the latest notice day)".to_owned(),
                conditional: ag == Answer::NeedsReview,
            });
        }
    }
    Some(Decision {
        jurisdiction: "US-CA".to_owned(),
        label: "current law".to_owned(),
        reportable: ag,
        triggers: vec![
            Trigger {
                id: "CA-NOTICE".to_owned(),
                applies: notice,
                article: "Cal. Civ. Code §1798.82(a)".to_owned(),
                reason: "name with a listed element, acquired or reasonably believed acquired"
                    .to_owned(),
            },
            Trigger {
                id: "CA-AG".to_owned(),
                applies: ag,
                article: "Cal. Civ. Code §1798.82(f)".to_owned(),
                reason: "more than 500 residents notified".to_owned(),
            },
        ],
        deadlines,
        notify_individuals: notice,
        recipients: vec!["California Attorney General (when over 500 residents)".to_owned()],
        reasons,
        gdpr: None,
    })
}

/// A service provider that maintains data it does not own notifies the owner or licensee
/// immediately following discovery; the owner notifies the residents (§1798.82(b),
/// law.md §2.8).
fn service_provider(notice: Answer, mut reasons: Vec<String>) -> Decision {
    reasons.push("the organisation maintains the data for its owner (--processor): it notifies the owner or licensee immediately following discovery; the owner notifies the residents and the Attorney General (§1798.82(b))".to_owned());
    Decision {
        jurisdiction: "US-CA".to_owned(),
        label: "current law".to_owned(),
        reportable: Answer::No,
        triggers: vec![Trigger {
            id: "CA-OWNER".to_owned(),
            applies: notice,
            article: "Cal. Civ. Code §1798.82(b)".to_owned(),
            reason: "a service provider notifies the owner or licensee of the data".to_owned(),
        }],
        deadlines: if notice == Answer::No {
            Vec::new()
        } else {
            vec![Deadline {
                what: "notice to the owner or licensee".to_owned(),
                earliest: None,
                date: None,
                instant: None,
                basis: "§1798.82(b): immediately following discovery".to_owned(),
                conditional: notice == Answer::NeedsReview,
            }]
        },
        notify_individuals: Answer::No,
        recipients: if notice == Answer::No {
            Vec::new()
        } else {
            vec!["the owner or licensee of the data".to_owned()]
        },
        reasons,
        gdpr: None,
    }
}

/// The decision as the rules stood on the day known: before SB 446 (2026-01-01) the notice to
/// residents had no fixed day, only "the most expedient time possible and without unreasonable
/// delay" (§1798.82(a) as it was).
pub fn as_of(mut decision: Decision, known: Option<jiff::civil::Date>) -> Decision {
    if known.is_some_and(|k| k < super::CA_30_DAYS_FROM) {
        decision.label = "as it was (before SB 446)".to_owned();
        for d in &mut decision.deadlines {
            if d.what.starts_with("notice to the owner") {
                continue;
            }
            d.date = None;
            d.basis = if d.what.starts_with("notice to residents") {
                "§1798.82(a) before 2026-01-01: in the most expedient time possible and without unreasonable delay; no fixed day".to_owned()
            } else {
                "§1798.82(f): within 15 days of notifying more than 500 residents; no fixed notice day before 2026-01-01".to_owned()
            };
        }
        decision.reasons.push(
            "known before 2026-01-01: the 30-day rule of SB 446 did not apply yet".to_owned(),
        );
    }
    decision
}
