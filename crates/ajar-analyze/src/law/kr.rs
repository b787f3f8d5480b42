//! Korea, PIPA Art. 34: report to the PIPC or KISA and tell the persons within 72 hours
//! (law.md §2.3, §3; verify before use).

use super::{LawInput, OutsideAccess, strongest, thousands};
use ajar_model::classify::DataClass;
use ajar_model::incident::{Answer, Deadline, Decision, Trigger};

/// The PIPA decision, when persons in Korea appear or `--jurisdiction KR`.
pub fn decide(input: &LawInput) -> Option<Decision> {
    let n = input.persons_in("KR");
    if n == 0 && !input.forces("KR") {
        return None;
    }
    let mut reasons = vec![format!(
        "{} persons with a Korean address or phone country",
        thousands(n)
    )];
    let items = input.plain_items();
    let scale = if n >= 1000 { Answer::Yes } else { Answer::No };
    let special = if items
        .iter()
        .any(|c| matches!(c, DataClass::Sensitive | DataClass::GovernmentId))
    {
        Answer::Yes
    } else {
        Answer::No
    };
    let unlawful = match input.access {
        OutsideAccess::Wrongful => Answer::Yes,
        OutsideAccess::Seen | OutsideAccess::NoLogs => Answer::NeedsReview,
        OutsideAccess::NoneSeen => Answer::No,
    };
    let triggers = vec![
        trigger("KR-SCALE", scale, "1,000 persons or more"),
        trigger(
            "KR-SPECIAL",
            special,
            "sensitive or unique identifying information",
        ),
        trigger("KR-UNLAWFUL", unlawful, "a leak by unlawful outside access"),
    ];
    let (reportable, notify) = if input.ruled_out {
        reasons.push("complete logs show no outside read: no leak to report".to_owned());
        (Answer::No, Answer::No)
    } else {
        let notify = match input.access {
            OutsideAccess::Seen | OutsideAccess::Wrongful => Answer::Yes,
            OutsideAccess::NoneSeen | OutsideAccess::NoLogs => Answer::NeedsReview,
        };
        reasons.push(
            "persons whose data leaked are told the items, when and how, what they can do, the measures and a contact (Art. 34(1)); whether a suspected leak is a leak needs review when no read is confirmed".to_owned(),
        );
        // The Enforcement Decree's proviso and posting (law.md §2.6).
        if input.persons_without_channel > 0 {
            reasons.push(format!(
                "{} persons have no known contact details: for them the notice may be replaced by posting it on the website for at least 30 days (Enforcement Decree Art. 40 proviso)",
                thousands(input.persons_without_channel)
            ));
        }
        if n >= 1000 {
            reasons.push(format!(
                "{} persons, 1,000 or more: besides the individual notices, the matters are also posted on the website for at least 7 days (Enforcement Decree Art. 40)",
                thousands(n)
            ));
        }
        (strongest(triggers.iter().map(|t| t.applies)), notify)
    };
    let mut deadlines = Vec::new();
    for (what, answer) in [
        ("report to the PIPC or KISA", reportable),
        ("notice to the persons", notify),
    ] {
        if answer == Answer::No {
            continue;
        }
        deadlines.push(Deadline {
            what: what.to_owned(),
            earliest: None,
            date: if input.aware_at.is_none() {
                input.known.and_then(|k| k.checked_add(jiff::Span::new().days(3)).ok())
            } else {
                None
            },
            instant: input
                .aware_at
                .and_then(|a| a.checked_add(jiff::SignedDuration::from_hours(72)).ok()),
            basis: "PIPA Art. 34: within 72 hours of becoming aware (date: 3 days from the day known when no awareness time is given)".to_owned(),
            conditional: answer == Answer::NeedsReview,
        });
    }
    Some(Decision {
        jurisdiction: "KR-PIPA".to_owned(),
        label: "current law".to_owned(),
        reportable,
        triggers,
        deadlines,
        notify_individuals: notify,
        recipients: vec!["Personal Information Protection Commission (PIPC) or KISA".to_owned()],
        reasons,
        gdpr: None,
    })
}

fn trigger(id: &str, applies: Answer, reason: &str) -> Trigger {
    Trigger {
        id: id.to_owned(),
        applies,
        article: "PIPA Art. 34(3)".to_owned(),
        reason: reason.to_owned(),
    }
}
