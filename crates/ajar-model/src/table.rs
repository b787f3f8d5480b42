//! Rows of the normalised tables ajar writes for data lakes (`ajar hunt --emit`,
//! `ajar investigate --emit`): flat, one fact per column, so that DuckDB, Spark or Trino can run
//! the investigation as SQL (issue #9). Column names and meanings are documented, per version,
//! in `docs/schema/`.

use crate::classify::DataClass;
use crate::event::{AccessEvent, Outcome, PrincipalClass};
use crate::sfid::SfId;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// Schema identifier of the events table (`docs/schema/events-1.md`).
pub const EVENTS_SCHEMA: &str = "ajar.events/1";
/// Schema identifier of the audit table (`docs/schema/audit-1.md`).
pub const AUDIT_SCHEMA: &str = "ajar.audit/1";
/// Schema identifier of the exposed-records table (`docs/schema/exposed-1.md`).
pub const EXPOSED_SCHEMA: &str = "ajar.exposed/1";

/// One access event flattened to one record: an event naming three records gives three rows,
/// an event naming none gives one row with no `record_id`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventRow {
    /// When, UTC (microsecond precision in Parquet).
    pub event_time: jiff::Timestamp,
    /// The log's event type (`URI`, `RestApi`, `ApiEvent`...).
    pub event_type: String,
    /// Who: `guest`, `external`, `internal`, `unknown`.
    pub principal: PrincipalClass,
    /// Why that class.
    pub principal_reason: String,
    /// The user, 18 characters when valid.
    pub user_id: Option<String>,
    /// The client IP.
    pub ip: Option<IpAddr>,
    /// The country (ISO 3166-1 alpha-2): the log's own, else GeoIP's.
    pub country: Option<String>,
    /// Where the country came from: `log` or `geoip`.
    pub country_source: Option<String>,
    /// `read` or `attempt`.
    pub outcome: Outcome,
    /// The record, 18 characters; `None` for an event that names no record.
    pub record_id: Option<SfId>,
    /// The record's object, when known; for an event without a record, its object when it
    /// names exactly one.
    pub object: Option<String>,
    /// The URI.
    pub uri: Option<String>,
    /// The request ID.
    pub request_id: Option<String>,
    /// The user agent.
    pub user_agent: Option<String>,
    /// The log file the row came from.
    pub source_file: String,
    /// Its line (1-based).
    pub source_line: u64,
}

impl EventRow {
    /// Flattens `event`: one row per record ID, or one row without a record. `country` is the
    /// resolved country and its source; `object_of` names a record's object.
    pub fn flatten(
        event: &AccessEvent,
        country: Option<(&str, &str)>,
        object_of: impl Fn(&SfId) -> Option<String>,
    ) -> Vec<Self> {
        let only_object = match event.objects.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        };
        let base = |record_id: Option<SfId>, object: Option<String>| Self {
            event_time: event.time,
            event_type: event.event_type.clone(),
            principal: event.principal,
            principal_reason: event.principal_reason.clone(),
            user_id: event.user_id.clone(),
            ip: event.ip,
            country: country.map(|(c, _)| c.to_owned()),
            country_source: country.map(|(_, s)| s.to_owned()),
            outcome: event.outcome,
            record_id,
            object,
            uri: event.uri.clone(),
            request_id: event.request_id.clone(),
            user_agent: event.user_agent.clone(),
            source_file: event.source.file.clone(),
            source_line: event.source.line,
        };
        if event.record_ids.is_empty() {
            return vec![base(None, only_object)];
        }
        event
            .record_ids
            .iter()
            .map(|id| base(Some(*id), object_of(id).or_else(|| only_object.clone())))
            .collect()
    }
}

/// One exposed record: readable by an outsider while the exposure was open.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ExposedRecord {
    /// The record, 18 characters.
    pub record_id: SfId,
    /// Its object.
    pub object: String,
    /// The person it is about: their number in the notification list (1-based); `None` for a
    /// record of an object with no name, e-mail or phone.
    pub person: Option<u64>,
    /// Data items that held a value in this record, sorted.
    pub items: Vec<DataClass>,
    /// First day of the exposure window, when known.
    pub window_start: Option<jiff::civil::Date>,
    /// Last day of the exposure window (the fix), when known.
    pub window_end: Option<jiff::civil::Date>,
}

/// One Setup Audit Trail entry, flat.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AuditRow {
    /// When, UTC.
    pub event_time: jiff::Timestamp,
    /// Who made the change (user name as logged).
    pub user: String,
    /// The section.
    pub section: String,
    /// The action sentence.
    pub action: String,
    /// The file the row came from.
    pub source_file: String,
    /// Its line (1-based).
    pub source_line: u64,
}

impl From<&crate::event::AuditEvent> for AuditRow {
    fn from(e: &crate::event::AuditEvent) -> Self {
        Self {
            event_time: e.time,
            user: e.user.clone(),
            section: e.section.clone(),
            action: e.action.clone(),
            source_file: e.source.file.clone(),
            source_line: e.source.line,
        }
    }
}
