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

/// One row of the events table borrowed from its event: what [`EventRow`] holds, without
/// owning it (the writers of `hunt --emit` copy it straight into their columns; issue #19).
/// It serialises as the [`EventRow`] with the same values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EventRef<'a> {
    /// When, UTC.
    pub event_time: jiff::Timestamp,
    /// The log's event type.
    pub event_type: &'a str,
    /// Who.
    pub principal: PrincipalClass,
    /// Why that class.
    pub principal_reason: &'a str,
    /// The user.
    pub user_id: Option<&'a str>,
    /// The client IP.
    pub ip: Option<IpAddr>,
    /// The country.
    pub country: Option<&'a str>,
    /// Where the country came from.
    pub country_source: Option<&'a str>,
    /// `read` or `attempt`.
    pub outcome: Outcome,
    /// The record.
    pub record_id: Option<SfId>,
    /// The record's object (see [`EventRow::object`]).
    pub object: Option<&'a str>,
    /// The URI.
    pub uri: Option<&'a str>,
    /// The request ID.
    pub request_id: Option<&'a str>,
    /// The user agent.
    pub user_agent: Option<&'a str>,
    /// The log file the row came from.
    pub source_file: &'a str,
    /// Its line (1-based).
    pub source_line: u64,
}

impl EventRef<'_> {
    /// The owned row.
    pub fn to_row(&self) -> EventRow {
        EventRow {
            event_time: self.event_time,
            event_type: self.event_type.to_owned(),
            principal: self.principal,
            principal_reason: self.principal_reason.to_owned(),
            user_id: self.user_id.map(str::to_owned),
            ip: self.ip,
            country: self.country.map(str::to_owned),
            country_source: self.country_source.map(str::to_owned),
            outcome: self.outcome,
            record_id: self.record_id,
            object: self.object.map(str::to_owned),
            uri: self.uri.map(str::to_owned),
            request_id: self.request_id.map(str::to_owned),
            user_agent: self.user_agent.map(str::to_owned),
            source_file: self.source_file.to_owned(),
            source_line: self.source_line,
        }
    }
}

/// Calls `f` with each row of `event` flattened, borrowed: one row per record ID, or one row
/// without a record. `country` is the resolved country and its source; `object_of` names a
/// record's object.
pub fn each_row<'a>(
    event: &'a AccessEvent,
    country: Option<(&'a str, &'a str)>,
    object_of: impl Fn(&SfId) -> Option<&'a str>,
    mut f: impl FnMut(&EventRef<'a>),
) {
    let only_object = match event.objects.as_slice() {
        [one] => Some(one.as_str()),
        _ => None,
    };
    let mut row = EventRef {
        event_time: event.time,
        event_type: &event.event_type,
        principal: event.principal,
        principal_reason: &event.principal_reason,
        user_id: event.user_id.as_deref(),
        ip: event.ip,
        country: country.map(|(c, _)| c),
        country_source: country.map(|(_, s)| s),
        outcome: event.outcome,
        record_id: None,
        object: only_object,
        uri: event.uri.as_deref(),
        request_id: event.request_id.as_deref(),
        user_agent: event.user_agent.as_deref(),
        source_file: &event.source.file,
        source_line: event.source.line,
    };
    if event.record_ids.is_empty() {
        f(&row);
        return;
    }
    for id in &event.record_ids {
        row.record_id = Some(*id);
        row.object = object_of(id).or(only_object);
        f(&row);
    }
}

impl EventRow {
    /// The row, borrowed.
    pub fn view(&self) -> EventRef<'_> {
        EventRef {
            event_time: self.event_time,
            event_type: &self.event_type,
            principal: self.principal,
            principal_reason: &self.principal_reason,
            user_id: self.user_id.as_deref(),
            ip: self.ip,
            country: self.country.as_deref(),
            country_source: self.country_source.as_deref(),
            outcome: self.outcome,
            record_id: self.record_id,
            object: self.object.as_deref(),
            uri: self.uri.as_deref(),
            request_id: self.request_id.as_deref(),
            user_agent: self.user_agent.as_deref(),
            source_file: &self.source_file,
            source_line: self.source_line,
        }
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
