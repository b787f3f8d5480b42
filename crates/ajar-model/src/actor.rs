//! The intruder of an API intrusion (issue #16): the indicators that name it, the events that
//! are its own with why, and what each of its queries and downloads took, with the strength of
//! that evidence (intrusions.md §3, §4).

use crate::event::PrincipalClass;
use crate::sfid::SfId;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// What an indicator names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// A client IP.
    Ip,
    /// A range of client IPs (`208.68.36.0/24`).
    Cidr,
    /// A user agent, compared whole.
    UserAgent,
    /// A user: an ID (15 or 18 characters) or a username.
    User,
    /// A connected app: an ID or a name.
    ConnectedApp,
    /// A client name (`CLIENT_NAME`, `Client`).
    ClientName,
    /// A session key.
    SessionKey,
    /// A login key.
    LoginKey,
}

impl IndicatorKind {
    /// Every kind, as the IOC file spells it.
    pub const ALL: &'static [(&'static str, Self)] = &[
        ("ip", Self::Ip),
        ("cidr", Self::Cidr),
        ("user_agent", Self::UserAgent),
        ("user", Self::User),
        ("connected_app", Self::ConnectedApp),
        ("client_name", Self::ClientName),
        ("session_key", Self::SessionKey),
        ("login_key", Self::LoginKey),
    ];

    /// The kind a name spells (`ip`, `user_agent`...), case-insensitively.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, k)| *k)
    }

    /// The name, as the IOC file spells it.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }
}

/// One indicator of compromise, from an IOC file or `--actor`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Indicator {
    /// What it names.
    pub kind: IndicatorKind,
    /// The value, as given (an IP, a CIDR, a user agent...).
    pub value: String,
    /// Who published it (the IOC file's third column), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where it was given: `iocs.csv:3`, or `--actor`.
    pub origin: String,
}

/// Why an event is the actor's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum Why {
    /// The event matches an indicator.
    Indicator {
        /// `kind=value`.
        indicator: String,
        /// Where the indicator was given.
        origin: String,
    },
    /// The event shares a login or session key with an event that is the actor's
    /// (intrusions.md §3: a session keeps its key when the client's IP changes).
    Pivot {
        /// `login_key` or `session_key`.
        key: String,
        /// The key's value.
        value: String,
        /// The actor's event that brought the key in.
        from: Span,
    },
}

/// One event of the actor.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ActorEvent {
    /// When, UTC.
    pub time: jiff::Timestamp,
    /// The log's event type.
    pub event_type: String,
    /// Where the row is.
    pub source: Span,
    /// Why it is the actor's.
    pub why: Why,
    /// The user, as logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The principal class of the row.
    pub principal: PrincipalClass,
    /// Client IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<IpAddr>,
    /// What was done: the method, operation or login sub-type (`GET`, `query`,
    /// `oauthrefreshtoken`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The request path, when logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Objects touched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<String>,
    /// Rows returned or processed, as logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// Record IDs logged.
    #[serde(default)]
    pub record_ids: u64,
    /// Bulk job ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// Whether the request succeeded.
    pub success: bool,
}

/// A client IP of the actor.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ActorIp {
    /// The IP.
    pub ip: IpAddr,
    /// Its country, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Where the country came from (`log`, `geoip`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_source: Option<String>,
    /// The actor's events from it.
    pub events: u64,
    /// First event.
    pub first: jiff::Timestamp,
    /// Last event.
    pub last: jiff::Timestamp,
}

/// A login or session of the actor.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ActorSession {
    /// `login_key` or `session_key`.
    pub kind: String,
    /// The key.
    pub key: String,
    /// The actor's events in it.
    pub events: u64,
    /// First event.
    pub first: jiff::Timestamp,
    /// Last event.
    pub last: jiff::Timestamp,
}

/// How much an indicator matched.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IndicatorUse {
    /// `kind=value`.
    pub indicator: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where it was given.
    pub origin: String,
    /// Events it matched directly.
    pub matched: u64,
}

/// How strongly the logs show which records a query or download took (intrusions.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// The records' IDs are in the log (ApiEvent `Records`, REST `/sobjects/<O>/<id>`).
    LoggedIds,
    /// The logged SOQL was evaluated over the Data Export as of the query's time.
    Evaluated,
    /// Only a row count: every record when it equals the object's count, otherwise the whole
    /// object is the upper bound and the count is the figure.
    CountOnly,
}

/// One query or download of the actor, and what it took.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Take {
    /// When, UTC.
    pub time: jiff::Timestamp,
    /// The log's event type.
    pub event_type: String,
    /// Where the row is.
    pub source: Span,
    /// The object read, when the log says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// Client IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<IpAddr>,
    /// The evidence strength.
    pub evidence: Evidence,
    /// The records named (logged IDs), 18 characters, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub record_ids: Vec<SfId>,
    /// Rows returned or processed, as logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// The logged SOQL, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The bulk job, when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// Why the evidence is no stronger (`query not evaluated`, `a bulk job logs a count
    /// only`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When the bulk job was deleted (a `Deleted` life-cycle row, or a `DELETE` of the job):
    /// its results can no longer be fetched to see which records it returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<jiff::Timestamp>,
    /// The same request as other logs show it (an ELF row and its real-time event), merged
    /// into this take: their rows, `Type file:line`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_logged: Vec<Span>,
}

/// The intruder, as the indicators and the join keys make it out (issue #16).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Indicators given, with how many events each matched directly.
    pub indicators: Vec<IndicatorUse>,
    /// Users (IDs as logged, and usernames), sorted.
    pub users: Vec<String>,
    /// Client IPs, sorted.
    pub ips: Vec<ActorIp>,
    /// User agents, sorted.
    pub user_agents: Vec<String>,
    /// Connected apps (IDs and names), sorted.
    pub connected_apps: Vec<String>,
    /// Client names, sorted.
    pub client_names: Vec<String>,
    /// Logins and sessions, sorted.
    pub sessions: Vec<ActorSession>,
    /// First event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<jiff::Timestamp>,
    /// Last event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<jiff::Timestamp>,
    /// The login that began it: the actor's first Login or Login History event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub began_with: Option<ActorEvent>,
    /// Every event of the actor, by time.
    pub events: Vec<ActorEvent>,
    /// Queries and downloads, by time, with what each took.
    pub takes: Vec<Take>,
}

/// What a stolen identity could read, from its profile and permission sets (issue #16): the
/// upper bound of what the actor could have taken, beside what it took.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityReach {
    /// One entry per user of the actor found in the export's `User.csv`.
    pub users: Vec<UserReach>,
    /// Records of the export the identities could read, all objects (`all_records` objects
    /// whole; readable objects without View All also whole, as sharing is not evaluated).
    pub records_bound: u64,
}

/// One identity's reach.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserReach {
    /// The user, 18 characters.
    pub user_id: String,
    /// Its username, when exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Its profile's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The permission sets assigned to it (`PermissionSetAssignment`), by name.
    pub permission_sets: Vec<String>,
    /// The holders (profile, sets) that grant `ViewAllData` or `ModifyAllData`.
    pub view_all_data: Vec<String>,
    /// Per exported object.
    pub objects: Vec<ObjectReach>,
    /// Profiles or sets the metadata does not hold: the reach may be wider.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread: Vec<String>,
}

/// What an identity could read of one exported object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectReach {
    /// Object API name.
    pub object: String,
    /// Whether it could read the object at all.
    pub readable: bool,
    /// Whether every record (View All Data, View All, Modify All), not only those shared.
    pub all_records: bool,
    /// Records of the export (the bound when `readable`).
    pub records: u64,
    /// Why, naming the holder (`permission set Drift_Integration_Access: ViewAllData`).
    pub why: String,
}
