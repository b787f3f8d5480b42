//! The GDPR: Art. 33 notification to supervisory authorities, Art. 34 communication to data
//! subjects (law.md §2.1–2.2).

use super::{LawInput, OutsideAccess, thousands};
use ajar_model::incident::{Answer, Deadline, Decision, Trigger};

/// EU member states and EEA countries (ISO 3166-1 alpha-2; Greece also as `EL`).
const EEA: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// Whether a country code is in the EU/EEA.
pub fn is_eea(country: &str) -> bool {
    EEA.iter().any(|c| c.eq_ignore_ascii_case(country))
}

/// The GDPR decision, when EU/EEA persons appear or `--jurisdiction EU`.
pub fn decide(input: &LawInput) -> Option<Decision> {
    let eea: Vec<(&String, &u64)> = input
        .persons_by_country
        .iter()
        .filter(|(c, n)| is_eea(c) && **n > 0)
        .collect();
    if eea.is_empty() && !input.forces("EU") {
        return None;
    }
    let total: u64 = eea.iter().map(|(_, n)| **n).sum();
    let mut reasons = vec![if eea.is_empty() {
        "GDPR applied by --jurisdiction; no EU/EEA address or phone country in the export"
            .to_owned()
    } else {
        format!(
            "{} persons with an EU/EEA address or phone country ({})",
            thousands(total),
            eea.iter()
                .map(|(c, n)| format!("{c} {}", thousands(**n)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }];
    let art33 = if input.ruled_out {
        reasons.push(
            "complete logs show no outside read: no breach to notify; document the assessment (Art. 33(5))".to_owned(),
        );
        Answer::No
    } else {
        match input.access {
            OutsideAccess::Seen | OutsideAccess::Wrongful => {
                reasons.push("outside access confirmed: notify the competent supervisory authority without undue delay, within 72 hours of awareness, unless the breach is unlikely to result in a risk (Art. 33(1))".to_owned());
                Answer::Yes
            }
            OutsideAccess::NoneSeen | OutsideAccess::NoLogs => {
                reasons.push("suspected only, no evidence of exploitation: possibly not notifiable but always recordable (Art. 33(5)); needs review".to_owned());
                Answer::NeedsReview
            }
        }
    };
    reasons.push("likely high risk to the persons must be judged; communication is not required under Art. 34(3)(a)-(c) (encryption, later measures, disproportionate effort with a public communication)".to_owned());
    reasons.push("a controller outside the EU (Art. 3(2)) notifies every supervisory authority where affected persons live (EDPB Guidelines 9/2022 para. 73)".to_owned());
    let mut deadlines = Vec::new();
    if art33 != Answer::No {
        if let Some(aware) = input.aware_at {
            let due = aware.checked_add(jiff::SignedDuration::from_hours(72)).ok();
            deadlines.push(Deadline {
                what: "notification to the supervisory authority".to_owned(),
                earliest: None,
                date: None,
                instant: due,
                basis: format!(
                    "Art. 33(1): 72 hours from awareness at {aware}, clock hours, no weekend shift"
                ),
                conditional: art33 == Answer::NeedsReview,
            });
        } else {
            reasons.push(
                "no awareness time given: the 72-hour deadline cannot be computed".to_owned(),
            );
        }
    }
    let recipients = if eea.is_empty() {
        vec!["the competent supervisory authority (lead or each concerned)".to_owned()]
    } else {
        eea.iter()
            .map(|(c, n)| format!("supervisory authority of {c} ({} persons)", thousands(**n)))
            .collect()
    };
    Some(Decision {
        jurisdiction: "EU-GDPR".to_owned(),
        label: "current law".to_owned(),
        reportable: art33,
        triggers: vec![
            Trigger {
                id: "GDPR-33".to_owned(),
                applies: art33,
                article: "GDPR Art. 33".to_owned(),
                reason: "personal data breach affecting EU/EEA persons".to_owned(),
            },
            Trigger {
                id: "GDPR-34".to_owned(),
                applies: Answer::NeedsReview,
                article: "GDPR Art. 34".to_owned(),
                reason: "likely high risk to rights and freedoms: a person judges".to_owned(),
            },
        ],
        deadlines,
        notify_individuals: if art33 == Answer::No {
            Answer::No
        } else {
            Answer::NeedsReview
        },
        recipients,
        reasons,
    })
}
