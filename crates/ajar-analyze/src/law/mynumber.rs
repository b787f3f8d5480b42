//! Japan's My Number Act: a leak of specific personal information (特定個人情報, data that
//! holds a My Number) is reported to the PPC and told to the persons (Act Art. 29-4; the PPC
//! rules on reporting such leaks, Art. 2; law.md §1.9).

use super::appi::trigger;
use super::{LawInput, OutsideAccess, appi, strongest, thousands};
use ajar_model::incident::{Answer, Decision, Trigger};

/// The My Number threshold: more than 100 persons (Rules Art. 2(iv)).
pub const MY_NUMBER_LIMIT: u64 = 100;

/// The decision when a field classed as a My Number was exposed in plain form; `None` otherwise.
pub fn decide(input: &LawInput) -> Option<Decision> {
    let fields: Vec<&str> = input
        .fields
        .iter()
        .filter(|f| f.my_number && !input.encrypted_fields.contains(&f.field))
        .map(|f| f.field.as_str())
        .collect();
    if fields.is_empty() {
        return None;
    }
    let persons = input.my_number_persons;
    let mut reasons = vec![format!(
        "My Numbers exposed ({}): specific personal information (My Number Act Art. 2(8)); at most {} persons hold one among the exposed records",
        fields.join(", "),
        thousands(persons)
    )];
    if input.ruled_out {
        reasons.push("complete access logs over the whole window show no outside read: no leak (My Number FAQ Q17-1); record the assessment".to_owned());
        return Some(decision(Answer::No, Vec::new(), Vec::new(), reasons));
    }
    let wrongful = match input.access {
        OutsideAccess::Wrongful => Answer::Yes,
        OutsideAccess::Seen | OutsideAccess::NoLogs => Answer::NeedsReview,
        OutsideAccess::NoneSeen => Answer::No,
    };
    let public = if input.public_exposure {
        Answer::Yes
    } else {
        Answer::No
    };
    let scale = if persons > MY_NUMBER_LIMIT {
        Answer::Yes
    } else {
        Answer::No
    };
    let triggers = vec![
        trigger(
            "MN-WRONGFUL",
            wrongful,
            "My Number reporting rules Art. 2(ii)",
            "a leak that may stem from an act with a wrongful purpose".to_owned(),
        ),
        trigger(
            "MN-PUBLIC",
            public,
            "My Number reporting rules Art. 2(iii)",
            if input.public_exposure {
                "the data could be viewed over the internet by an unspecified number of people (a public site open to guests; PPC FAQ Q17-10)".to_owned()
            } else {
                "not exposed to the public: taken through an identity's access".to_owned()
            },
        ),
        trigger(
            "MN-SCALE",
            scale,
            "My Number reporting rules Art. 2(iv)",
            format!(
                "{} persons with a My Number: more than {} ({} or more) make it reportable",
                thousands(persons),
                MY_NUMBER_LIMIT,
                MY_NUMBER_LIMIT + 1
            ),
        ),
    ];
    let reportable = strongest(triggers.iter().map(|t| t.applies));
    let deadlines = match (reportable, input.known) {
        (Answer::No, _) | (_, None) => Vec::new(),
        (_, Some(known)) => appi::deadlines(known, wrongful, reportable == Answer::NeedsReview),
    };
    if reportable != Answer::No {
        reasons.push("report to the PPC: a preliminary report promptly and a final one within 30 days (60 for a wrongful act), as for APPI; tell the persons (My Number Act Art. 29-4(2))".to_owned());
    }
    Some(decision(reportable, triggers, deadlines, reasons))
}

fn decision(
    reportable: Answer,
    triggers: Vec<Trigger>,
    deadlines: Vec<ajar_model::incident::Deadline>,
    reasons: Vec<String>,
) -> Decision {
    Decision {
        jurisdiction: "JP-MYNUMBER".to_owned(),
        label: "current law".to_owned(),
        reportable,
        triggers,
        deadlines,
        notify_individuals: reportable,
        recipients: if reportable == Answer::No {
            Vec::new()
        } else {
            vec!["個人情報保護委員会 (PPC) (My Number Act Art. 29-4(1))".to_owned()]
        },
        reasons,
        gdpr: None,
    }
}
