//! Incident facts: the result of `ajar investigate` (JSON schema `ajar.incident/3`).
//!
//! The investigation's analyses fill these in; the law engine reads them and adds decisions;
//! renderers turn them into the report, the drafts and the notification list.

pub mod gdpr;

use crate::classify::DataClass;
use crate::sfid::SfId;
use crate::span::CoverageGap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How sure a bound is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Recorded by the platform or a versioned history.
    High,
    /// Inferred from indirect evidence.
    Medium,
    /// Only a bound: the real value may be earlier (start) or later (end).
    Low,
}

/// One bound of the exposure window with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Bound {
    /// The date; `None` when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<jiff::civil::Date>,
    /// Where it comes from (`history`, `audit-trail`, `metadata`, `export`).
    pub source: String,
    /// How sure.
    pub confidence: Confidence,
    /// In words (`first commit with the guest rule: 3f2a1c0 2016-01-15`, `unknown before 2019-...`).
    pub detail: String,
}

/// When the exposing grant was open.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Window {
    /// When it began.
    pub start: Bound,
    /// When it ended (the fix).
    pub end: Bound,
    /// Every source consulted, in words.
    pub sources: Vec<String>,
}

/// The exposed records and persons of one object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ObjectImpact {
    /// Object API name.
    pub object: String,
    /// Records exposed (existed inside the window and matched a path).
    pub records: u64,
    /// Distinct persons among them.
    pub persons: u64,
    /// The paths that expose them (`sharing rule Guest_Apps`, `View All`).
    pub paths: Vec<String>,
    /// `Object.Field` exposed and exported, with their class.
    pub fields: Vec<ExposedField>,
    /// For an intrusion: the figures by evidence strength (issue #16); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<ObjectEvidence>,
}

/// How strongly the logs show the records taken from one object, per evidence strength
/// (intrusions.md §4).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ObjectEvidence {
    /// `logged-ids`, `evaluated` or `count-only`.
    pub strength: crate::actor::Evidence,
    /// Records of the export this evidence covers (the whole object as of the query's time
    /// when `upper_bound`).
    pub records: u64,
    /// Whether `records` is an upper bound: a count that does not match the object's records
    /// leaves which records left unknown.
    pub upper_bound: bool,
    /// Rows the logs give for these queries or downloads (the figure of a count), when logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_logged: Option<u64>,
    /// Queries or downloads behind it.
    pub takes: u64,
    /// In words: why the evidence is no stronger, and which fields are counted.
    pub detail: String,
}

/// A field whose values were exposed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ExposedField {
    /// `Object.Field`.
    pub field: String,
    /// Its class, when personal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<DataClass>,
    /// Its label, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Records in which it held a value.
    pub non_empty: u64,
}

/// What may have been seen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Exposed {
    /// Records exposed, all objects.
    pub records: u64,
    /// Distinct persons exposed.
    pub persons: u64,
    /// The keys used to tell persons apart (`email`, `phone_e164`, `name+phone`).
    pub person_keys: Vec<String>,
    /// Per object.
    pub by_object: Vec<ObjectImpact>,
    /// Data items exposed (classes), sorted.
    pub items: Vec<DataClass>,
    /// Persons with no contact channel (no postal address, phone or e-mail): they are told by
    /// the alternative measure (public announcement and inquiry desk).
    #[serde(default)]
    pub persons_without_channel: u64,
}

/// What was proven read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Confirmed {
    /// Whether logs were available at all; without them the counts are unknown (absent), not zero.
    pub known: bool,
    /// Exposed records read by outsiders; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<u64>,
    /// Distinct persons among them; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persons: Option<u64>,
    /// Records read from abroad (from at least one country other than `home_country`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records_abroad: Option<u64>,
    /// Persons whose records were read from abroad.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persons_abroad: Option<u64>,
    /// Records per country (ISO code, or `unknown`); a record read from two countries counts in both.
    pub by_country: BTreeMap<String, u64>,
    /// Per IP.
    pub ips: Vec<ConfirmedIp>,
    /// Records per UTC day of their first outside read.
    pub by_day: BTreeMap<jiff::civil::Date, u64>,
    /// Records read by outsiders that are **not** in the exposed set: the model missed a path.
    pub outside_exposed_set: u64,
    /// Exposed records read only by their own data subject (issue #14): apart from the counts
    /// above, never outside viewing; absent when unknown (no logs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_service: Option<SelfService>,
    /// Why the records counted above were attributed to third parties, per reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attribution: Vec<Attribution>,
    /// Of the records above, those a third party read after the fix; absent when unknown (no
    /// logs, or no instant for the fix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_fix: Option<u64>,
}

/// Reads by the data subject: the client that created a record reading it back.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SelfService {
    /// Exposed records read by their data subject and by no one else.
    pub records: u64,
    /// Distinct persons among them.
    pub persons: u64,
    /// The attribution rule, with its windows, in words.
    pub rule: String,
}

/// How many third-party records were attributed for one reason.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Attribution {
    /// Why the reads are a third party's (`no request creating the record is in the logs`...).
    pub reason: String,
    /// Records.
    pub records: u64,
}

/// One IP's confirmed reads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ConfirmedIp {
    /// The IP.
    pub ip: String,
    /// Its country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Exposed records it read.
    pub records: u64,
    /// First read.
    pub first: jiff::Timestamp,
    /// Last read.
    pub last: jiff::Timestamp,
}

/// Log coverage relative to the window.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LogCoverage {
    /// First day with logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<jiff::civil::Date>,
    /// Last day with logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<jiff::civil::Date>,
    /// Gaps: inside the window but without logs ("cannot be excluded"), missing inputs.
    pub gaps: Vec<CoverageGap>,
    /// Whether the logs cover time after the fix (a log day on or after the window's end):
    /// only then may a draft say no viewing was seen since (issue #14).
    #[serde(default)]
    pub after_fix: bool,
    /// The days some log covers (all event types together), as runs: what a draft may say was
    /// reviewed. Empty without logs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covered: Vec<crate::span::DayRange>,
    /// Coverage per event type, with the window's days it does not cover (issue #15).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_event_type: Vec<EventTypeCoverage>,
}

/// One event type's log coverage against the exposure window.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventTypeCoverage {
    /// The event type (`URI`, `ApiEvent`...).
    pub event_type: String,
    /// The days its logs cover, as runs.
    pub covered: Vec<crate::span::DayRange>,
    /// The days of the window (from its start, or the first covered day when the start is
    /// unknown, to its end or the last covered day) that its logs do not cover.
    pub uncovered: Vec<crate::span::DayRange>,
    /// Rows dated apart from the rest of their file, whose days are not counted as covered.
    #[serde(default, skip_serializing_if = "crate::event::is_zero")]
    pub stray_rows: u64,
    /// Whether one of its files was cut short.
    #[serde(default)]
    pub partial: bool,
}

/// A deadline with its legal basis.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Deadline {
    /// What is due (`preliminary report`, `final report`, `supervisory authority`).
    pub what: String,
    /// The start of a yardstick window (APPI 速報: day 3), when the due date is a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest: Option<jiff::civil::Date>,
    /// The due date (local), when it is a date; `None` when it cannot be computed (see `basis`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<jiff::civil::Date>,
    /// The due instant (UTC), when it is an instant (GDPR 72 h).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instant: Option<jiff::Timestamp>,
    /// `Rules 8(2): 30 days from 2020-11-24 (day 1)`.
    pub basis: String,
    /// Whether it binds or depends on an open question.
    pub conditional: bool,
}

/// Yes, no, or a question for counsel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Required.
    Yes,
    /// Not required.
    No,
    /// Depends on facts a person must judge.
    NeedsReview,
    /// Not mandatory but recommended (an effort duty, such as APPI's 2017–2022 regime).
    Recommended,
    /// Would read "not required", but evidence that could change it is missing or unusable
    /// (issue #15): never a "no" by lost evidence.
    #[serde(rename = "cannot_be_decided")]
    CannotBeDecided,
}

impl Answer {
    /// The stable lower-case name used in JSON and the drafts.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::No => "no",
            Self::NeedsReview => "needs_review",
            Self::Recommended => "recommended",
            Self::CannotBeDecided => "cannot_be_decided",
        }
    }
}

/// A rule event that triggers a duty (APPI Rules Art. 7 events, GDPR articles).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Trigger {
    /// Stable id (`APPI-E4`, `GDPR-33`).
    pub id: String,
    /// Whether it applies.
    pub applies: Answer,
    /// The article (`Rules Art. 7(iv)`).
    pub article: String,
    /// Why, with the inputs (`89,141 persons > 1,000`).
    pub reason: String,
}

/// What one jurisdiction's law requires.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Decision {
    /// `JP-APPI`, `JP-APPI-2017` (historical), `EU-GDPR`.
    pub jurisdiction: String,
    /// A label (`as it was`, `under current law`).
    pub label: String,
    /// Whether a report to the regulator is required.
    pub reportable: Answer,
    /// The events that trigger it.
    pub triggers: Vec<Trigger>,
    /// Deadlines, sorted by date.
    pub deadlines: Vec<Deadline>,
    /// Whether individuals must be told.
    pub notify_individuals: Answer,
    /// Who receives the report.
    pub recipients: Vec<String>,
    /// The reasoning, one line each, with article references.
    pub reasons: Vec<String>,
    /// For the GDPR: territorial scope, role, authorities and high-risk factors (issue #14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gdpr: Option<gdpr::GdprDetail>,
}

/// Which shape of incident the facts describe.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    /// Records left open to site guests (the founding case).
    #[default]
    GuestExposure,
    /// A third party using an identity's credentials through the API (issue #16).
    Intrusion,
}

/// Everything `ajar investigate` establishes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentFacts {
    /// Always [`IncidentFacts::SCHEMA`].
    pub schema: String,
    /// ajar's version.
    pub tool_version: String,
    /// When the controller learned of it (`--discovered`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovered: Option<jiff::civil::Date>,
    /// The home country (ISO code).
    pub home_country: String,
    /// `guest_exposure` or `intrusion`.
    #[serde(default)]
    pub kind: IncidentKind,
    /// For an intrusion: the intruder, its events and what it took.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<crate::actor::Actor>,
    /// For an intrusion with `--metadata`: what the stolen identities could have read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_reach: Option<crate::actor::IdentityReach>,
    /// The exposure window.
    pub window: Window,
    /// What may have been seen.
    pub exposed: Exposed,
    /// What was proven read.
    pub confirmed: Confirmed,
    /// For an intrusion: credentials found in the fields that left, to rotate (issue #16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Secrets>,
    /// Log coverage.
    pub coverage: LogCoverage,
    /// Legal decisions, one per jurisdiction and regime.
    pub decisions: Vec<Decision>,
}

/// Credentials in the records an intruder took, as a list of what to rotate. Never the secret:
/// at most its first four characters (`docs/secrets.md`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Secrets {
    /// Distinct records holding at least one credential in a field that left.
    pub records: u64,
    /// Credentials found, per kind (`aws-access-key-id`, `private-key`...).
    pub by_kind: BTreeMap<String, u64>,
    /// Each credential, by object, record and field.
    pub found: Vec<SecretFound>,
}

/// One credential in a field that left.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SecretFound {
    /// Object API name.
    pub object: String,
    /// The record, 18 characters.
    pub record_id: SfId,
    /// Field API name.
    pub field: String,
    /// The kind of credential.
    pub kind: String,
    /// At most its first four characters.
    pub preview: String,
    /// What to rotate or revoke.
    pub rotate: String,
    /// Whether the record certainly left (`false`: it is only inside an upper bound).
    pub certain: bool,
}

/// One person of the notification list. Holds personal data: never part of `incident.json`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PersonEntry {
    /// Stable number in the list (1-based, in order of first record ID).
    pub number: u64,
    /// Name, when exported and readable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// E-mail, when exported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone as exported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Phone in E.164, when it could be normalised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_e164: Option<String>,
    /// Country of residence (address, else phone country), or `unknown`.
    pub country: String,
    /// Data items of this person that were exposed.
    pub items: Vec<DataClass>,
    /// `Object/Id` of this person's exposed records.
    pub records: Vec<String>,
    /// Whether a record of this person was confirmed read by an outsider.
    pub confirmed: bool,
    /// Whether it was read from abroad.
    pub abroad: bool,
}

impl IncidentFacts {
    /// The JSON schema identifier.
    pub const SCHEMA: &'static str = "ajar.incident/3";
}
