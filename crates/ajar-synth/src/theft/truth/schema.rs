//! The types of `truth/truth.json` of the token-theft scenario, as serialised (every field
//! is documented in `docs/synth.md`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema name.
pub(crate) const SCHEMA: &str = "ajar.synth-truth-token-theft/1";

/// The actor's identity and footprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftActor {
    /// 18-char IDs of the users whose credentials were used.
    pub users: Vec<String>,
    /// Every address the actor's events came from.
    pub ips: Vec<TheftIp>,
    /// User agents of the actor's requests, sorted.
    pub user_agents: Vec<String>,
    /// Connected apps whose tokens were used (name and 15-char ID).
    pub connected_apps: Vec<String>,
    /// The actor's logins and the sessions they opened.
    pub sessions: Vec<TheftSession>,
}

/// One actor address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftIp {
    /// As logged.
    pub ip: String,
    /// In `geoip/ip-country.csv`.
    pub country: String,
    /// Whether `ioc.csv` names it.
    pub in_ioc: bool,
    /// Why its events are the actor's: `indicator` or `session` (shares the keys of an
    /// indicator's login).
    pub reached_by: String,
    /// The login key it shares, for `session`.
    pub via_login_key: Option<String>,
}

/// One actor login and its session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftSession {
    /// ELF `LOGIN_KEY` (also ApiEvent `LoginKey`).
    pub login_key: String,
    /// ELF `SESSION_KEY` (also ApiEvent `SessionKey`).
    pub session_key: String,
    /// The login's instant, UTC ISO 8601.
    pub login_time: String,
    /// The address of the login.
    pub login_ip: String,
    /// Every address the session was used from.
    pub ips: Vec<String>,
    /// The login's user agent.
    pub user_agent: String,
}

/// The login that began the intrusion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftLogin {
    /// UTC ISO 8601.
    pub time: String,
    /// Source address.
    pub ip: String,
    /// `LOGIN_KEY`.
    pub login_key: String,
    /// ELF `LOGIN_SUB_TYPE`.
    pub login_sub_type: String,
    /// 18-char user ID.
    pub user_id: String,
}

/// From the actor's first to last event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftWindow {
    /// The first actor event (the login), UTC ISO 8601.
    pub start: String,
    /// The last actor event (the bulk job's deletion), UTC ISO 8601.
    pub end: String,
    /// The login that began it.
    pub first_login: TheftLogin,
}

/// What left of one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftObject {
    /// API name.
    pub object: String,
    /// Evidence strengths of the accesses that took its records: `logged-ids`, `evaluated`,
    /// `count-only`.
    pub evidence: Vec<String>,
    /// Distinct records taken.
    pub records: u64,
    /// Whether the records are known exactly (a count-only figure equal to the object's count
    /// at that time is exact: every record).
    pub exact: bool,
    /// Distinct persons among them (0 for objects that are not about persons).
    pub persons: u64,
    /// Fields read (the SELECT lists; every exported field for count-only or single-record
    /// reads), sorted.
    pub fields: Vec<String>,
    /// Records in the export created after the actor's last access to the object.
    pub created_after: u64,
    /// Of those, how many match the actor's query criteria (and must still not count).
    pub created_after_matching: u64,
    /// The taken records' 18-char IDs, sorted.
    pub ids: Vec<String>,
}

/// One actor request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftQuery {
    /// UTC ISO 8601.
    pub time: String,
    /// Source address.
    pub ip: String,
    /// `LOGIN_KEY`.
    pub login_key: String,
    /// The logs that show it.
    pub source: String,
    /// The object (or empty for `/sobjects/`, `/limits/`).
    pub object: String,
    /// The SOQL, URI or job.
    pub request: String,
    /// The logged row count.
    pub rows: u64,
    /// `logged-ids`, `evaluated`, `count-only` or `none` (nothing taken).
    pub evidence: String,
    /// Records this request took.
    pub records: u64,
}

/// A credential planted in a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftSecret {
    /// `aws-access-key-id`, `private-key`, `slack-token`, `github-token`,
    /// `snowflake-credential`, `password-pair`.
    pub kind: String,
    /// Object API name.
    pub object: String,
    /// 18-char record ID.
    pub record_id: String,
    /// Field API name.
    pub field: String,
    /// Whether the field of that record left.
    pub taken: bool,
    /// Why, in words.
    pub why: String,
}

/// A Bulk API 2.0 job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftJob {
    /// `JOB_ID` as ELF BulkApi2 writes it (15 characters).
    pub job_id: String,
    /// The 18-character form in REST URIs.
    pub job_id18: String,
    /// `ENTITY_TYPE`.
    pub object: String,
    /// `RECORDS_PROCESSED` at completion.
    pub records: u64,
    /// Completion, UTC ISO 8601.
    pub completed: String,
    /// Deletion, UTC ISO 8601, when deleted.
    pub deleted: Option<String>,
    /// 18-char user ID.
    pub user_id: String,
    /// Source address.
    pub ip: String,
}

/// The vendor's own scheduled sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftVendor {
    /// Its usual addresses.
    pub ips: Vec<String>,
    /// Its user agent.
    pub user_agent: String,
    /// Its logins over the retained days.
    pub logins: u64,
    /// Its ApiEvent rows.
    pub api_events: u64,
    /// Distinct records its ApiEvent `Records` name (read by the vendor, not taken).
    pub records_named: u64,
}

/// What must not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftNotCounted {
    /// The same integration user's normal sync from the vendor's addresses.
    pub vendor_sync: TheftVendor,
    /// The administrator's own export in office hours.
    pub admin_export: TheftJob,
    /// Per object: records created after the actor's access (see [`TheftObject`]).
    pub created_after: BTreeMap<String, u64>,
    /// `SELECT COUNT()` queries: a number, no record.
    pub count_queries: u64,
    /// Secrets planted in records or fields that did not leave.
    pub secrets_not_taken: u64,
}

/// An indicator of `ioc.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TheftIoc {
    /// `ip`, `user_agent`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The value.
    pub value: String,
    /// Where it was published.
    pub source: String,
}

/// The planted facts of the token-theft scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TheftTruth {
    /// `ajar.synth-truth-token-theft/1`.
    pub schema: String,
    /// `token-theft`.
    pub scenario: String,
    /// `--seed`.
    pub seed: u64,
    /// `--scale`.
    pub scale: f64,
    /// The export's encoding.
    pub encoding: String,
    /// 18-char organisation ID.
    pub org_id: String,
    /// ISO country of the organisation (national phone numbers are read in it).
    pub home_country: String,
    /// The vendor's connected app: name.
    pub connected_app: String,
    /// Its 15-char ID (`0H4…`).
    pub connected_app_id: String,
    /// The integration user's 18-char ID.
    pub integration_user_id: String,
    /// Its username.
    pub integration_username: String,
    /// Its profile.
    pub integration_profile: String,
    /// Its permission sets (API names).
    pub integration_permission_sets: Vec<String>,
    /// Whether it holds View All Data (through the permission set): the upper bound of what
    /// the stolen identity could read is every record of every object.
    pub integration_view_all_data: bool,
    /// The indicator list, as in `ioc.csv`.
    pub ioc: Vec<TheftIoc>,
    /// The actor.
    pub actor: TheftActor,
    /// First to last actor event.
    pub window: TheftWindow,
    /// Per object, sorted by name.
    pub objects: Vec<TheftObject>,
    /// Distinct records taken, all objects.
    pub records_taken: u64,
    /// Distinct persons among them, across objects.
    pub persons_taken: u64,
    /// How persons are told apart.
    pub person_keys: String,
    /// The actor's requests in time order.
    pub queries: Vec<TheftQuery>,
    /// Every planted credential, taken or not.
    pub secrets: Vec<TheftSecret>,
    /// Planted credentials whose field left.
    pub secrets_taken: u64,
    /// Of those, per kind.
    pub secrets_taken_by_kind: BTreeMap<String, u64>,
    /// Bulk jobs the actor deleted.
    pub deleted_jobs: Vec<TheftJob>,
    /// What must not count.
    pub not_counted: TheftNotCounted,
    /// Export rows per object.
    pub export_records: BTreeMap<String, u64>,
    /// The export's day.
    pub export_date: String,
    /// First retained ELF day.
    pub log_first_day: String,
    /// Last retained ELF day.
    pub log_last_day: String,
    /// Days with an ApiTotalUsage file (kept one day).
    pub api_total_usage_days: Vec<String>,
    /// ELF files, `YYYY-MM-DD/Type.csv`.
    pub log_files: Vec<String>,
    /// Rows in every log file (ELF, ApiEvent, Login History).
    pub log_rows: u64,
}
