//! The GDPR: territorial scope (Art. 3), Art. 33 notification to supervisory authorities (or,
//! for a processor, to the controller), Art. 34 communication to data subjects with the
//! high-risk factors found, and the authorities to notify (law.md §2.1–2.4).

use super::{LawInput, OutsideAccess, thousands};
use ajar_model::classify::DataClass;
use ajar_model::incident::gdpr::{Authority, GdprDetail, GdprScope, RiskFactor};
use ajar_model::incident::{Answer, Deadline, Decision, Trigger};

/// EU member states and EEA countries (ISO 3166-1 alpha-2; Greece also as `EL`) with the name
/// of their supervisory authority (law.md §2.5).
const AUTHORITIES: &[(&str, &str)] = &[
    ("AT", "Datenschutzbehörde (DSB)"),
    (
        "BE",
        "Autorité de protection des données / Gegevensbeschermingsautoriteit (APD/GBA)",
    ),
    ("BG", "Commission for Personal Data Protection (CPDP)"),
    ("CY", "Commissioner for Personal Data Protection"),
    ("CZ", "Úřad pro ochranu osobních údajů (ÚOOÚ)"),
    (
        "DE",
        "the data protection authority of the Land of the establishment (the BfDI for federal matters)",
    ),
    ("DK", "Datatilsynet"),
    ("EE", "Andmekaitse Inspektsioon"),
    ("EL", "Hellenic Data Protection Authority (HDPA)"),
    ("ES", "Agencia Española de Protección de Datos (AEPD)"),
    (
        "FI",
        "Office of the Data Protection Ombudsman (Tietosuojavaltuutetun toimisto)",
    ),
    (
        "FR",
        "Commission nationale de l'informatique et des libertés (CNIL)",
    ),
    ("GR", "Hellenic Data Protection Authority (HDPA)"),
    ("HR", "Agencija za zaštitu osobnih podataka (AZOP)"),
    (
        "HU",
        "Nemzeti Adatvédelmi és Információszabadság Hatóság (NAIH)",
    ),
    ("IE", "Data Protection Commission (DPC)"),
    ("IS", "Persónuvernd"),
    ("IT", "Garante per la protezione dei dati personali"),
    ("LI", "Datenschutzstelle"),
    ("LT", "Valstybinė duomenų apsaugos inspekcija (VDAI)"),
    (
        "LU",
        "Commission nationale pour la protection des données (CNPD)",
    ),
    ("LV", "Datu valsts inspekcija (DVI)"),
    ("MT", "Information and Data Protection Commissioner (IDPC)"),
    ("NL", "Autoriteit Persoonsgegevens (AP)"),
    ("NO", "Datatilsynet"),
    ("PL", "Urząd Ochrony Danych Osobowych (UODO)"),
    ("PT", "Comissão Nacional de Proteção de Dados (CNPD)"),
    (
        "RO",
        "Autoritatea Națională de Supraveghere a Prelucrării Datelor cu Caracter Personal (ANSPDCP)",
    ),
    ("SE", "Integritetsskyddsmyndigheten (IMY)"),
    ("SI", "Informacijski pooblaščenec"),
    ("SK", "Úrad na ochranu osobných údajov"),
];

/// Whether a country code is in the EU/EEA.
pub fn is_eea(country: &str) -> bool {
    AUTHORITIES
        .iter()
        .any(|(c, _)| c.eq_ignore_ascii_case(country))
}

/// The supervisory authority of an EU/EEA country.
fn authority(country: &str, persons: Option<u64>) -> Authority {
    let name = AUTHORITIES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(country))
        .map_or("the supervisory authority", |(_, n)| n);
    Authority {
        country: country.to_ascii_uppercase(),
        name: (*name).to_owned(),
        persons,
    }
}

/// The organisation's establishment in the EU/EEA, when it has one.
pub fn establishment(input: &LawInput) -> Option<&str> {
    input.establishment.as_deref().filter(|c| is_eea(c))
}

/// Art. 3: an establishment in the EU/EEA (3(1)) decides it; else offering goods or services to,
/// or monitoring, people there (3(2)), which `--jurisdiction EU` asserts and the persons'
/// residence alone only suggests.
fn scope(input: &LawInput, eea: &[(&String, &u64)], total: u64) -> GdprScope {
    let mut looked_at = vec![match establishment(input) {
        Some(c) => format!("an establishment in {c} (--controller-establishment, else an EU/EEA --home-country)"),
        None => "no establishment in the EU/EEA (neither --controller-establishment nor an EU/EEA --home-country)".to_owned(),
    }];
    looked_at.push(if eea.is_empty() {
        format!(
            "residence of {} persons (address country, else phone country code): none in the EU/EEA",
            thousands(input.persons)
        )
    } else {
        format!(
            "residence of {} persons (address country, else phone country code): {} in the EU/EEA ({})",
            thousands(input.persons),
            thousands(total),
            eea.iter()
                .map(|(c, n)| format!("{c} {}", thousands(**n)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    });
    if input.forces("EU") {
        looked_at
            .push("--jurisdiction EU: the organisation states that the GDPR applies".to_owned());
    }
    let (basis, applies) = match (establishment(input), input.forces("EU")) {
        (Some(_), _) => ("Art. 3(1)", Answer::Yes),
        (None, true) => ("Art. 3(2)", Answer::Yes),
        (None, false) => ("Art. 3(2)", Answer::NeedsReview),
    };
    GdprScope {
        basis: basis.to_owned(),
        applies,
        establishment: establishment(input).map(str::to_ascii_uppercase),
        looked_at,
    }
}

/// Each Art. 34 high-risk factor the facts show, with the fact behind it.
pub fn high_risk_factors(input: &LawInput) -> Vec<RiskFactor> {
    let plain = input.plain_items();
    let has = |c: DataClass| plain.contains(&c);
    let fields = |classes: &[DataClass]| {
        let names: Vec<&str> = input
            .fields
            .iter()
            .filter(|f| classes.contains(&f.class) && !input.encrypted_fields.contains(&f.field))
            .map(|f| f.field.as_str())
            .collect();
        if names.is_empty() {
            String::new()
        } else {
            format!(" ({})", names.join(", "))
        }
    };
    let mut out = Vec::new();
    let mut push = |factor: &str, fact: String| {
        out.push(RiskFactor {
            factor: factor.to_owned(),
            fact,
        })
    };
    if has(DataClass::Sensitive) {
        push(
            "special_categories",
            format!(
                "special-category data (Art. 9) exposed{}",
                fields(&[DataClass::Sensitive])
            ),
        );
    }
    let financial = [DataClass::PaymentCard, DataClass::AccountNumber];
    if financial.iter().any(|c| has(*c)) {
        push(
            "financial_data",
            format!(
                "card, account or e-money numbers exposed{}",
                fields(&financial)
            ),
        );
    }
    if has(DataClass::GovernmentId) {
        push(
            "identity_numbers",
            format!(
                "government identifiers exposed{}",
                fields(&[DataClass::GovernmentId])
            ),
        );
    }
    if has(DataClass::Credential) {
        push(
            "credentials",
            format!(
                "passwords or other credentials exposed{}",
                fields(&[DataClass::Credential])
            ),
        );
    }
    if input.persons > 1000 {
        push(
            "number_of_persons",
            format!(
                "{} persons affected (more than 1,000), {} records",
                thousands(input.persons),
                thousands(input.records)
            ),
        );
    }
    match (input.access, input.persons_confirmed) {
        (OutsideAccess::Wrongful, _) => push(
            "wrongful_access",
            "a third party took the data with a wrongful purpose (stolen credentials)".to_owned(),
        ),
        (OutsideAccess::Seen, Some(n)) if n > 0 => push(
            "third_party_access",
            format!(
                "access logs show third parties read the records of {} persons",
                thousands(n)
            ),
        ),
        _ => {}
    }
    out
}

/// The GDPR decision: when the organisation has an EU/EEA establishment, when EU/EEA persons
/// appear, or with `--jurisdiction EU`.
pub fn decide(input: &LawInput) -> Option<Decision> {
    let eea: Vec<(&String, &u64)> = input
        .persons_by_country
        .iter()
        .filter(|(c, n)| is_eea(c) && **n > 0)
        .collect();
    let established = establishment(input);
    if eea.is_empty() && !input.forces("EU") && established.is_none() {
        return None;
    }
    let total: u64 = eea.iter().map(|(_, n)| **n).sum();
    let scope = scope(input, &eea, total);
    let mut reasons = vec![match (scope.basis.as_str(), scope.applies) {
        ("Art. 3(1)", _) => format!(
            "territorial scope, Art. 3(1): an establishment in {}; the GDPR applies wherever the persons live",
            scope.establishment.as_deref().unwrap_or_default()
        ),
        (_, Answer::Yes) => "territorial scope, Art. 3(2): applied by --jurisdiction EU (goods or services offered to, or behaviour monitored of, people in the EU/EEA)".to_owned(),
        _ => format!(
            "territorial scope, Art. 3(2), needs review: {} persons live in the EU/EEA, but residence alone does not show that goods or services are offered to them or their behaviour monitored (Recital 23); confirm with --jurisdiction EU or --controller-establishment",
            thousands(total)
        ),
    }];
    let breach = if input.ruled_out {
        reasons.push(
            "complete logs show no outside read: no breach to notify; document the assessment (Art. 33(5))".to_owned(),
        );
        Answer::No
    } else {
        match input.access {
            OutsideAccess::Seen | OutsideAccess::Wrongful => Answer::Yes,
            OutsideAccess::NoneSeen | OutsideAccess::NoLogs => {
                reasons.push("suspected only, no evidence of exploitation: possibly not notifiable but always recordable (Art. 33(5)); needs review".to_owned());
                Answer::NeedsReview
            }
        }
    };
    // A breach outside the GDPR's certain reach is at most a question.
    let art33 = match (breach, scope.applies) {
        (Answer::Yes, Answer::NeedsReview) => Answer::NeedsReview,
        (b, _) => b,
    };
    let factors = high_risk_factors(input);
    let (decision_33, deadlines, authorities, lead) = if input.processor {
        processor_path(art33, &mut reasons)
    } else {
        controller_path(input, art33, &eea, established, &mut reasons)
    };
    let art34 = if art33 == Answer::No || input.processor {
        Answer::No
    } else {
        Answer::NeedsReview
    };
    reasons.push(if input.processor {
        "a processor does not communicate with the data subjects; the controller decides under Art. 34".to_owned()
    } else if factors.is_empty() {
        "Art. 34: no high-risk factor found in the facts; a person still judges the risk; not required under Art. 34(3)(a)-(c) (encryption, later measures, disproportionate effort with a public communication)".to_owned()
    } else {
        format!(
            "Art. 34: high-risk factors found: {}; a person judges whether a high risk is likely; not required under Art. 34(3)(a)-(c)",
            factors.iter().map(|f| f.fact.as_str()).collect::<Vec<_>>().join("; ")
        )
    });
    let recipients = authorities
        .iter()
        .map(|a| match a.persons {
            Some(n) => format!("{} ({}, {} persons)", a.name, a.country, thousands(n)),
            None => format!("{} ({})", a.name, a.country),
        })
        .collect::<Vec<_>>();
    let recipients = if input.processor {
        vec!["the controller (Art. 33(2))".to_owned()]
    } else if recipients.is_empty() {
        vec!["the competent supervisory authority".to_owned()]
    } else {
        recipients
    };
    Some(Decision {
        jurisdiction: "EU-GDPR".to_owned(),
        label: "current law".to_owned(),
        reportable: decision_33,
        triggers: vec![
            Trigger {
                id: "GDPR-3".to_owned(),
                applies: scope.applies,
                article: format!("GDPR {}", scope.basis),
                reason: scope.looked_at.join("; "),
            },
            Trigger {
                id: if input.processor {
                    "GDPR-33-2"
                } else {
                    "GDPR-33"
                }
                .to_owned(),
                applies: decision_33,
                article: if input.processor {
                    "GDPR Art. 33(2)"
                } else {
                    "GDPR Art. 33"
                }
                .to_owned(),
                reason: if input.processor {
                    "a processor notifies the controller without undue delay".to_owned()
                } else {
                    "personal data breach within the GDPR's reach".to_owned()
                },
            },
            Trigger {
                id: "GDPR-34".to_owned(),
                applies: art34,
                article: "GDPR Art. 34".to_owned(),
                reason: format!(
                    "likely high risk to rights and freedoms: a person judges ({} factor(s) found)",
                    factors.len()
                ),
            },
        ],
        deadlines,
        notify_individuals: art34,
        recipients,
        reasons,
        gdpr: Some(GdprDetail {
            scope,
            role: if input.processor {
                "processor"
            } else {
                "controller"
            }
            .to_owned(),
            lead_authority: lead,
            authorities,
            high_risk_factors: factors,
        }),
    })
}

type Path = (Answer, Vec<Deadline>, Vec<Authority>, Option<Authority>);

/// A controller notifies its lead authority (Art. 56(1)) when its main establishment is in the
/// EU/EEA, else every authority where affected persons live (EDPB Guidelines 9/2022 para. 73),
/// within 72 hours of awareness.
fn controller_path(
    input: &LawInput,
    art33: Answer,
    eea: &[(&String, &u64)],
    established: Option<&str>,
    reasons: &mut Vec<String>,
) -> Path {
    let mut deadlines = Vec::new();
    if art33 == Answer::Yes {
        reasons.push("notify without undue delay, within 72 hours of awareness, unless the breach is unlikely to result in a risk (Art. 33(1))".to_owned());
    }
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
    let (authorities, lead) = match established {
        Some(cc) => {
            let lead = authority(cc, None);
            reasons.push(format!(
                "main establishment in {}: the lead supervisory authority, {}, is the one to notify (one-stop shop, Art. 56(1))",
                lead.country, lead.name
            ));
            (vec![lead.clone()], Some(lead))
        }
        None => {
            reasons.push("no establishment in the EU/EEA: every supervisory authority of a member state where affected persons live is notified (EDPB Guidelines 9/2022 para. 73)".to_owned());
            (
                eea.iter().map(|(c, n)| authority(c, Some(**n))).collect(),
                None,
            )
        }
    };
    (art33, deadlines, authorities, lead)
}

/// A processor tells the controller without undue delay (Art. 33(2)): no authority, no 72
/// hours.
fn processor_path(art33: Answer, reasons: &mut Vec<String>) -> Path {
    reasons.push("the organisation is a processor (--processor): it notifies the controller without undue delay after becoming aware (Art. 33(2)); the controller notifies the authority, and the 72 hours run from the controller's awareness".to_owned());
    let deadlines = if art33 == Answer::No {
        Vec::new()
    } else {
        vec![Deadline {
            what: "notification to the controller".to_owned(),
            earliest: None,
            date: None,
            instant: None,
            basis: "Art. 33(2): without undue delay after becoming aware; no fixed hours"
                .to_owned(),
            conditional: art33 == Answer::NeedsReview,
        }]
    };
    (art33, deadlines, Vec::new(), None)
}
