//! Breach-reporting decisions: what APPI and the GDPR require, by when, and why.
//!
//! Implements the decision table of law.md §3 over the facts an investigation established
//! ([`LawInput`]). Every [`Decision`] carries the triggering events with their articles and one
//! reason per line; an unknown input gives `needs_review`, never "not required". ajar drafts
//! decisions for review by counsel: a person decides and submits.

pub mod appi;
pub mod ca;
pub mod calendar;
pub mod gdpr;
#[cfg(test)]
mod gdpr_tests;
#[cfg(test)]
mod jp_tests;
pub mod kr;
pub mod mynumber;
pub mod sg;
#[cfg(test)]
mod start_tests;
#[cfg(test)]
mod stricter_tests;
#[cfg(test)]
mod tests;

use ajar_model::classify::DataClass;
use ajar_model::incident::{Answer, Decision};
use jiff::civil::{Date, date};
use std::collections::BTreeMap;

/// Date from which APPI reporting is mandatory (Act Art. 26 as amended in 2020, law.md §1.1).
pub const APPI_MANDATORY_FROM: Date = date(2022, 4, 1);
/// The GDPR applies from 2018-05-25 (Art. 99(2)).
pub const GDPR_FROM: Date = date(2018, 5, 25);
/// Singapore's PDPA Part 6A (notification of data breaches) in force from 2021-02-01 (PDP
/// (Amendment) Act 2020, commencement of its second phase).
pub const SG_PART_6A_FROM: Date = date(2021, 2, 1);
/// Korea's amended PIPA and its Enforcement Decree (72 hours; 1,000 persons, sensitive or unique
/// identifiers, unlawful outside access) in force from 2023-09-15 (PIPC press release of that day).
pub const KR_72_HOURS_FROM: Date = date(2023, 9, 15);
/// California's 30-day notice (SB 446, §1798.82(a)) from 2026-01-01; before, "the most expedient
/// time possible and without unreasonable delay".
pub const CA_30_DAYS_FROM: Date = date(2026, 1, 1);

/// What the logs say about outside access to the exposed data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutsideAccess {
    /// No logs at all: unknown.
    NoLogs,
    /// Logs exist and show no outside read of exposed data (they may still have gaps).
    NoneSeen,
    /// Outsiders read exposed data; their intent is not established.
    Seen,
    /// Outsiders read it with a wrongful purpose (unauthorised access established).
    Wrongful,
}

/// The facts the law engine decides on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawInput {
    /// Day the organisation knew (知った日), Japan time; `None` when not given.
    pub known: Option<Date>,
    /// GDPR awareness instant; `None` when not given.
    pub aware_at: Option<jiff::Timestamp>,
    /// Distinct persons in scope (confirmed + suspected; law.md §1.3).
    pub persons: u64,
    /// Records (件) in scope, printed beside persons.
    pub records: u64,
    /// Persons with evidence of outside access; `None` when logs are missing.
    pub persons_confirmed: Option<u64>,
    /// Data items exposed.
    pub items: Vec<DataClass>,
    /// Items under advanced encryption whose key was not compromised (excluded, Rules Art. 7).
    pub encrypted: Vec<DataClass>,
    /// Outside access evidence.
    pub access: OutsideAccess,
    /// Complete logs over the whole window show no outside read: every person `RuledOut`.
    pub ruled_out: bool,
    /// The reporter is a processor (受託者) that notified its 委託元 on this date.
    pub processor_notified: Option<Date>,
    /// Persons without a usable contact channel (for the alternative measure).
    pub persons_without_channel: u64,
    /// Persons per country of residence (address, else phone country; `unknown`).
    pub persons_by_country: BTreeMap<String, u64>,
    /// Regimes applied even when none of their persons appear (`--jurisdiction EU|KR|SG|US-CA`;
    /// California is applied only this way).
    pub forced: Vec<String>,
    /// Country of the organisation's (main) establishment in the EU/EEA, when it has one
    /// (`--controller-establishment`, else an EU/EEA `--home-country`): GDPR Art. 3(1), 56.
    pub establishment: Option<String>,
    /// The organisation handles the data for another (a processor, 委託先; `--processor`).
    pub processor: bool,
    /// The organisation is a public body (行政機関等; `--public-body`): APPI Art. 68.
    pub public_body: bool,
    /// Exposed fields with their class (`Object.Field`).
    pub fields: Vec<FieldFact>,
    /// Persons (at most) whose My Number was among the exposed records.
    pub my_number_persons: u64,
    /// The data could be viewed over the internet by anyone (a public site open to guests),
    /// rather than taken through an identity's access.
    pub public_exposure: bool,
    /// Fields under advanced encryption whose key was not compromised (`--encrypted`).
    pub encrypted_fields: Vec<String>,
}

/// One exposed field, as the law engine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldFact {
    /// `Object.Field`.
    pub field: String,
    /// Its class.
    pub class: DataClass,
    /// Whether it holds a My Number (個人番号), by its name or label.
    pub my_number: bool,
}

impl LawInput {
    /// An input with no facts: zero persons, no items, no logs.
    pub fn empty() -> Self {
        Self {
            known: None,
            aware_at: None,
            persons: 0,
            records: 0,
            persons_confirmed: None,
            items: Vec::new(),
            encrypted: Vec::new(),
            access: OutsideAccess::NoLogs,
            ruled_out: false,
            processor_notified: None,
            persons_without_channel: 0,
            persons_by_country: BTreeMap::new(),
            forced: Vec::new(),
            establishment: None,
            processor: false,
            public_body: false,
            fields: Vec::new(),
            my_number_persons: 0,
            public_exposure: false,
            encrypted_fields: Vec::new(),
        }
    }

    /// Persons whose country is `cc`.
    pub fn persons_in(&self, cc: &str) -> u64 {
        self.persons_by_country
            .iter()
            .filter(|(c, _)| c.eq_ignore_ascii_case(cc))
            .map(|(_, n)| *n)
            .sum()
    }

    /// Whether `--jurisdiction` asked for this regime.
    pub fn forces(&self, region: &str) -> bool {
        self.forced.iter().any(|f| f.eq_ignore_ascii_case(region))
    }

    /// Items not excluded by advanced encryption.
    pub fn plain_items(&self) -> Vec<DataClass> {
        self.items
            .iter()
            .copied()
            .filter(|c| !self.encrypted.contains(c))
            .collect()
    }
}

/// Every decision for these facts: APPI (with the historical regime and a what-if under current
/// law when the incident was known before 2022-04-01), then the GDPR when EU/EEA persons appear,
/// Korea's PIPA and Singapore's PDPA when their persons appear, and California's §1798.82 when
/// asked for.
pub fn decide(input: &LawInput) -> Vec<Decision> {
    let mut out = Vec::new();
    match input.known {
        Some(k) if k < APPI_MANDATORY_FROM => {
            out.push(appi::effort_duty(input));
            out.push(appi::current(input, "under current law (what-if)"));
        }
        _ => out.push(appi::current(input, "current law")),
    }
    out.extend(mynumber::decide(input).map(|d| {
        in_force(
            d,
            input.known,
            APPI_MANDATORY_FROM,
            "the My Number reporting rules as revised in 2022",
        )
    }));
    // Each regime only for its own persons and only from its start (issue #14).
    let known = input.known;
    let eea: u64 = input
        .persons_by_country
        .iter()
        .filter(|(c, _)| gdpr::is_eea(c))
        .map(|(_, n)| *n)
        .sum();
    out.extend(gdpr::decide(input).map(|d| {
        // Art. 3(1): an EU/EEA establishment brings every person into scope.
        let d = if gdpr::establishment(input).is_some() {
            d
        } else {
            in_scope(d, input, eea, "the EU/EEA")
        };
        in_force(d, known, GDPR_FROM, "GDPR Art. 99(2)")
    }));
    out.extend(kr::decide(input).map(|d| {
        let d = in_scope(d, input, input.persons_in("KR"), "Korea");
        in_force(
            d,
            known,
            KR_72_HOURS_FROM,
            "PIPA and its Enforcement Decree as amended in 2023",
        )
    }));
    out.extend(sg::decide(input).map(|d| {
        // Part 6A counts affected individuals, not residents: a forced regime decides on all.
        in_force(d, known, SG_PART_6A_FROM, "PDPA Part 6A")
    }));
    out.extend(ca::decide(input).map(|d| {
        let d = in_scope(d, input, input.persons_in("US"), "the United States");
        ca::as_of(d, known)
    }));
    out
}

/// Turns every "not required" into "cannot be decided" while evidence that could change it is
/// missing or unusable (`missing` names it, one item each; issue #15): a verdict never turns to
/// "no" by losing evidence. Nothing changes when `missing` is empty.
pub fn undecidable(decisions: &mut [Decision], missing: &[String]) {
    if missing.is_empty() {
        return;
    }
    for d in decisions {
        let mut changed = false;
        if d.reportable == Answer::No {
            d.reportable = Answer::CannotBeDecided;
            changed = true;
        }
        if d.notify_individuals == Answer::No {
            d.notify_individuals = Answer::CannotBeDecided;
            changed = true;
        }
        if changed {
            d.reasons
                .push(format!("cannot be decided: {}", missing.join("; ")));
        }
    }
}

/// `decision` when some of its persons live in `place`; else "no persons in scope", with the
/// evidence of residence looked at (a question when some persons' residence is unknown).
fn in_scope(decision: Decision, input: &LawInput, local: u64, place: &str) -> Decision {
    if local > 0 {
        return decision;
    }
    let unknown = input.persons_in("unknown");
    let looked = format!(
        "residence read from each person's address country, else the country code of their phone, over {} persons",
        thousands(input.persons)
    );
    let (answer, label, reason) = if unknown > 0 {
        (
            Answer::NeedsReview,
            "no persons known in scope",
            format!(
                "no person known to live in {place}; {} persons' residence is unknown ({looked})",
                thousands(unknown)
            ),
        )
    } else {
        (
            Answer::No,
            "no persons in scope",
            format!("no person lives in {place} as far as the export shows ({looked})"),
        )
    };
    Decision {
        jurisdiction: decision.jurisdiction,
        label: label.to_owned(),
        reportable: answer,
        triggers: Vec::new(),
        deadlines: Vec::new(),
        notify_individuals: answer,
        recipients: Vec::new(),
        reasons: vec![reason],
        gdpr: decision.gdpr,
    }
}

/// `decision` when its rules were in force on the day known; else a decision that says they
/// were not, and leaves the law of the time to review.
fn in_force(decision: Decision, known: Option<Date>, from: Date, rules: &str) -> Decision {
    match known {
        Some(k) if k < from => Decision {
            jurisdiction: decision.jurisdiction,
            label: format!("not in force on {k}"),
            reportable: Answer::NeedsReview,
            triggers: Vec::new(),
            deadlines: Vec::new(),
            notify_individuals: Answer::NeedsReview,
            recipients: Vec::new(),
            reasons: vec![format!(
                "known on {k}, before {from}, when {rules} took effect: these rules do not apply; the law in force then needs review"
            )],
            gdpr: None,
        },
        _ => decision,
    }
}

/// The strongest of several answers: yes, then needs review, then cannot be decided, then
/// recommended, then no.
pub(crate) fn strongest(answers: impl IntoIterator<Item = Answer>) -> Answer {
    let rank = |a: Answer| match a {
        Answer::Yes => 4,
        Answer::NeedsReview => 3,
        Answer::CannotBeDecided => 2,
        Answer::Recommended => 1,
        Answer::No => 0,
    };
    answers
        .into_iter()
        .max_by_key(|a| rank(*a))
        .unwrap_or(Answer::No)
}

pub use ajar_model::number::thousands;

/// The zone deadlines are counted in for an organisation of `country` (APPI: Japan time,
/// law.md §1.4); UTC elsewhere.
pub fn home_zone_name(country: &str) -> &'static str {
    match country.to_ascii_uppercase().as_str() {
        "JP" => "Asia/Tokyo",
        _ => "UTC",
    }
}

/// [`home_zone_name`] as a zone.
pub fn home_zone(country: &str) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(home_zone_name(country)).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// When the controller became aware: `aware_at` when given, else the start of the day it
/// knew (`known`) in the home zone (the GDPR's 72 hours count from it).
pub fn aware_at(
    aware_at: Option<jiff::Timestamp>,
    known: Option<Date>,
    country: &str,
) -> Option<jiff::Timestamp> {
    aware_at.or_else(|| {
        known
            .and_then(|d| d.to_zoned_datetime(home_zone(country)).ok())
            .map(|z| z.timestamp())
    })
}
