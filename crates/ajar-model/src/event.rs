//! Normalised access events and the result of `ajar hunt` (JSON schema `ajar.hunt/1.1`).

use crate::sfid::SfId;
use crate::span::{CoverageGap, Span};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// Who made a request, as far as the log tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalClass {
    /// An unauthenticated site guest.
    Guest,
    /// An authenticated external user.
    External,
    /// An internal user.
    Internal,
    /// The log does not say.
    Unknown,
}

/// What came of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Succeeded: the data was returned.
    Read,
    /// Failed, not found or refused: an attempt.
    Attempt,
}

/// One access, normalised from any log format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AccessEvent {
    /// When, UTC.
    pub time: jiff::Timestamp,
    /// The log's event type (`URI`, `RestApi`, `ApiEvent`, ...).
    pub event_type: String,
    /// Who.
    pub principal: PrincipalClass,
    /// Why that class (`USER_TYPE Guest`, `USER_TYPE G`, `guest user id`).
    pub principal_reason: String,
    /// The user, 18 characters when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The client IP; `None` when empty or Salesforce-internal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<IpAddr>,
    /// Country from the log itself (`COUNTRY_CODE`, `CountryIso`), when it carries one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_country: Option<String>,
    /// Success or attempt.
    pub outcome: Outcome,
    /// Records touched, validated and in 18-character form.
    pub record_ids: Vec<SfId>,
    /// Objects touched (from IDs' prefixes, `ENTITY_NAME`, SOQL), for object-level evidence.
    pub objects: Vec<String>,
    /// The URI, when the log has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The request ID, a join key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The session key, the other join key (formats.md §2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_key: Option<String>,
    /// The user agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Aura action descriptors of `ACTION_MESSAGE` (`aura://RecordUiController/ACTION$getRecordWithFields`);
    /// a segment that could not be parsed is kept verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    /// The API facts of the row (login and session keys, connected app, client, SOQL, rows,
    /// bulk job), kept when the analysis asks for them (an intrusion hunt, issue #16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<Box<ApiDetail>>,
    /// Where the row is.
    pub source: Span,
}

/// What an API, login or bulk row says about the call (intrusions.md §3). Every field is as
/// logged; absent when the row has no such column or it is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ApiDetail {
    /// `SESSION_KEY` / `SessionKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_key: Option<String>,
    /// `LOGIN_KEY` / `LoginKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_key: Option<String>,
    /// `LOGIN_SUB_TYPE` (`oauthrefreshtoken`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_sub_type: Option<String>,
    /// `LOGIN_TYPE` / `LoginType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_type: Option<String>,
    /// `CONNECTED_APP_ID` / `ConnectedAppId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_app_id: Option<String>,
    /// `CONNECTED_APP_NAME` / Login History `Application`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_app_name: Option<String>,
    /// `CLIENT_NAME` / `Client`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// `USER_NAME` / `Username`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// `METHOD_NAME`, `METHOD`, `HTTP_METHOD`, `Operation`, `OPERATION_TYPE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// `API_TYPE` / `ApiType` / `API_FAMILY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_type: Option<String>,
    /// The SOQL (`QUERY` / `Query`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Rows returned or processed (`ROWS_PROCESSED`, `RowsProcessed`, `RECORDS_PROCESSED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// `JOB_ID` / `JobId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// `JOB_STATUS` / `JobStatus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_status: Option<String>,
    /// The records the log says were returned: the `Records` JSON of real-time events, and the
    /// record of a REST `/sobjects/<Object>/<id>` path (intrusions.md §4), never IDs that only
    /// appear in a query's text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub returned: Vec<SfId>,
}

impl ApiDetail {
    /// Whether nothing was logged.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A change recorded in the Setup Audit Trail.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AuditEvent {
    /// When, UTC.
    pub time: jiff::Timestamp,
    /// Who made it (user name as logged).
    pub user: String,
    /// The section (`Sharing Rules`, `Manage Users`, `Sites`...).
    pub section: String,
    /// The action sentence.
    pub action: String,
    /// Where the row is.
    pub source: Span,
}

/// Log coverage of one event type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Coverage {
    /// Event type.
    pub event_type: String,
    /// First day with a file (UTC date).
    pub first: jiff::civil::Date,
    /// Last day with a file.
    pub last: jiff::civil::Date,
    /// Files read.
    pub files: u64,
    /// Rows read.
    pub rows: u64,
    /// Days between first and last with no file.
    pub missing_days: Vec<jiff::civil::Date>,
    /// Whether a file of this type was cut short (truncated gzip...).
    pub partial: bool,
    /// The covered days as runs: the days each file's rows fall on, without its stray rows
    /// (see `stray_rows`). `first` and `last` are the first and last covered day.
    #[serde(default)]
    pub covered: Vec<crate::span::DayRange>,
    /// Rows dated far from the rest of their file (on a day apart from the run of days
    /// holding most of its rows): counted as events, but their day is not covered.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub stray_rows: u64,
}

/// Whether a count is zero (serde: counts left out when zero).
pub(crate) fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A record seen in the logs, summed over its events.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AccessedRecord {
    /// The record.
    pub record_id: SfId,
    /// Its object, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// Read if any event read it; attempt otherwise. The fields below describe the reads of
    /// a read record and the attempts of an attempted one.
    pub outcome: Outcome,
    /// The widest principal class among its events (guest before external...).
    pub principal_kind: PrincipalClass,
    /// First event.
    pub first_seen: jiff::Timestamp,
    /// Last event.
    pub last_seen: jiff::Timestamp,
    /// Number of events.
    pub events: u64,
    /// Client IPs, sorted.
    pub ips: Vec<IpAddr>,
    /// Countries (ISO 3166-1 alpha-2), sorted.
    pub countries: Vec<String>,
}

/// One client IP, summed over its events.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IpSummary {
    /// The IP.
    pub ip: IpAddr,
    /// Its country, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Where the country came from (`geoip`, `log`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_source: Option<String>,
    /// Distinct records read.
    pub records_read: u64,
    /// Attempts.
    pub attempts: u64,
    /// First event.
    pub first: jiff::Timestamp,
    /// Last event.
    pub last: jiff::Timestamp,
    /// User agents, sorted.
    pub user_agents: Vec<String>,
}

/// Rows or files not used, with why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skip {
    /// Where.
    pub source: Span,
    /// Why (no record data).
    pub reason: String,
}

/// Rows and files not used.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    /// Rows skipped in total.
    pub rows: u64,
    /// Files skipped in total.
    pub files: u64,
    /// The first skips, with their positions (capped; the counts above are complete).
    pub details: Vec<Skip>,
}

/// The GeoIP database used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GeoipInfo {
    /// File name.
    pub file: String,
    /// Database type or format (`GeoLite2-Country`, `dbip-country-lite`, `csv`).
    pub database: String,
    /// Build date, when the database says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub built: Option<String>,
}

/// A client as the logs identify it: address, user agent and session.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Client {
    /// The client IP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<IpAddr>,
    /// The user agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The session key (`SESSION_KEY`), when the row has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_key: Option<String>,
}

/// Successful reads of one record by one outsider client (issue #14: who read it, its data
/// subject or a third party).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClientRead {
    /// The record.
    pub record_id: SfId,
    /// Who.
    pub client: Client,
    /// First read.
    pub first: jiff::Timestamp,
    /// Last read.
    pub last: jiff::Timestamp,
    /// Reads (requests).
    pub reads: u64,
}

/// A successful outsider `POST` that names no record: a form submission, the kind of request
/// that creates a record on a public site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Submission {
    /// When, UTC.
    pub time: jiff::Timestamp,
    /// Who.
    pub client: Client,
}

/// Request-level evidence kept for attributing reads (issue #14); collected on request only,
/// because it grows with outsider requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestEvidence {
    /// Outsider reads per record and client, sorted.
    pub reads: Vec<ClientRead>,
    /// Outsider form submissions, sorted by time.
    pub submissions: Vec<Submission>,
}

/// The result of `ajar hunt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HuntReport {
    /// Always [`HuntReport::SCHEMA`].
    pub schema: String,
    /// ajar's version.
    pub tool_version: String,
    /// Coverage per event type, sorted.
    pub coverage: Vec<Coverage>,
    /// Coverage gaps in words (missing days, partial files).
    pub gaps: Vec<CoverageGap>,
    /// Records seen, sorted by ID.
    pub accessed: Vec<AccessedRecord>,
    /// IPs seen, sorted.
    pub ips: Vec<IpSummary>,
    /// What was not used.
    pub skipped: Skipped,
    /// The GeoIP database, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geoip: Option<GeoipInfo>,
    /// Setup Audit Trail events read.
    pub audit: Vec<AuditEvent>,
    /// Request-level evidence, when the hunt was asked to keep it (`ajar investigate` does;
    /// `ajar hunt` does not write it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<RequestEvidence>,
    /// The intruder named by `--ioc`/`--actor`, its events and what it took (issue #16);
    /// absent without indicators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<crate::actor::Actor>,
    /// What the detection catalogue raised (`HUNT-…`, issue #17), worst first.
    #[serde(default)]
    pub findings: Vec<crate::detection::HuntFinding>,
}

impl HuntReport {
    /// The JSON schema identifier.
    pub const SCHEMA: &'static str = "ajar.hunt/1.1";
}
