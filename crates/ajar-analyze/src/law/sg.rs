//! Singapore, PDPA Part 6A: notify the PDPC within 3 calendar days of assessing a breach
//! notifiable (significant harm, or 500 persons or more); the persons only on significant harm
//! (law.md §2.3, §3; verify before use).

use super::{LawInput, strongest, thousands};
use ajar_model::classify::DataClass;
use ajar_model::incident::{Answer, Deadline, Decision, Trigger};

/// The PDPA decision, when persons in Singapore appear or `--jurisdiction SG`.
pub fn decide(input: &LawInput) -> Option<Decision> {
    let n = input.persons_in("SG");
    if n == 0 && !input.forces("SG") {
        return None;
    }
    let mut reasons = vec![format!(
        "{} persons with a Singapore address or phone country",
        thousands(n)
    )];
    // s26B(1)(b): 500 or more *affected individuals*, wherever they live (issue #14).
    let scale = if input.persons >= 500 {
        Answer::Yes
    } else {
        Answer::No
    };
    reasons.push(format!(
        "{} affected individuals in all, the count s26B(1)(b) compares with 500",
        thousands(input.persons)
    ));
    // The prescribed classes (PDP (Notification of Data Breaches) Regulations 2021, Schedule)
    // pair a name or identifier with financial, identity, health or credential data: present
    // items make significant harm a question for a person, never a silent no.
    let harm = if !harm_classes(&input.plain_items()).is_empty() {
        Answer::NeedsReview
    } else {
        Answer::No
    };
    let triggers = vec![
        Trigger {
            id: "SG-SCALE".to_owned(),
            applies: scale,
            article: "PDPA s26B(1)(b)".to_owned(),
            reason: "500 persons or more".to_owned(),
        },
        Trigger {
            id: "SG-HARM".to_owned(),
            applies: harm,
            article: "PDPA s26B(1)(a)".to_owned(),
            reason: "likely significant harm (prescribed data classes exposed)".to_owned(),
        },
    ];
    let (reportable, notify) = if input.ruled_out {
        reasons.push("complete logs show no outside read: no breach to notify".to_owned());
        (Answer::No, Answer::No)
    } else {
        // s26B(4): a breach only within the organisation is not notifiable; s26D(5): no
        // notice to a person after remedial action, or under a prior technological measure
        // (law.md §2.7).
        reasons.push(if input.public_exposure || input.access == super::OutsideAccess::Wrongful {
            "s26B(4) does not apply: the data was reached from outside the organisation".to_owned()
        } else {
            "s26B(4): a breach only within the organisation is not notifiable; who read the data needs review".to_owned()
        });
        let protected: Vec<&str> = harm_classes(&input.encrypted)
            .into_iter()
            .map(DataClass::as_str)
            .collect();
        if !protected.is_empty() {
            reasons.push(format!(
                "s26D(5)(b): {} under a technological measure (encryption) in place before the breach: no significant harm from them, no notice to the persons for them",
                protected.join(", ")
            ));
        }
        if harm != Answer::No {
            reasons.push("s26D(5)(a): no notice to a person when remedial action after the assessment makes significant harm unlikely; a person judges".to_owned());
        }
        if scale == Answer::Yes && harm == Answer::No {
            reasons.push(
                "notifiable by scale alone: the PDPC, not the persons (s26D(2) needs significant harm)"
                    .to_owned(),
            );
        }
        (strongest([scale, harm]), harm)
    };
    let mut deadlines = Vec::new();
    if reportable != Answer::No {
        deadlines.push(Deadline {
            what: "notification to the PDPC".to_owned(),
            earliest: None,
            date: input
                .known
                .and_then(|k| k.checked_add(jiff::Span::new().days(3)).ok()),
            instant: None,
            basis: "PDPA s26D(1): 3 calendar days after assessing the breach notifiable; dated as if the assessment ended on the day known (it must be done expeditiously)".to_owned(),
            conditional: true,
        });
    }
    Some(Decision {
        jurisdiction: "SG-PDPA".to_owned(),
        label: "current law".to_owned(),
        reportable,
        triggers,
        deadlines,
        notify_individuals: notify,
        recipients: vec!["Personal Data Protection Commission (PDPC)".to_owned()],
        reasons,
        gdpr: None,
    })
}

/// The exposed classes that make significant harm a question (the prescribed classes).
fn harm_classes(items: &[DataClass]) -> Vec<DataClass> {
    items
        .iter()
        .copied()
        .filter(|c| {
            matches!(
                c,
                DataClass::Sensitive
                    | DataClass::GovernmentId
                    | DataClass::PaymentCard
                    | DataClass::AccountNumber
                    | DataClass::Credential
            )
        })
        .collect()
}
