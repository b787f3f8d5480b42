//! The columns ajar reads from any log format, and the header names that carry them.
//!
//! EventLogFile CSVs name columns in UPPER_SNAKE (formats.md §2.1); Real-Time Event Monitoring
//! events and the Event Log Objects use CamelCase twins of the same facts (formats.md §2.4,
//! "keep an alias table"). A column is found by name, never by position (trap 18).

pub use ajar_model::logrow::{ALL, COUNT, Field};

/// Header names carrying a field, preferred first. ELF names come from the EventLogFile
/// reference (formats.md §2.1–2.3); CamelCase names from the real-time event objects and Event
/// Log Objects (§2.4) and the samples under `testdata/samples/logs/`.
pub fn aliases(f: Field) -> &'static [&'static str] {
    match f {
        Field::EventType => &["EVENT_TYPE"],
        Field::Timestamp => &["TIMESTAMP"],
        Field::TimestampDerived => &["TIMESTAMP_DERIVED"],
        // `LoginTime`: the Login History download (intrusions.md §3).
        Field::EventDate => &["EventDate", "Timestamp", "LoginTime"],
        Field::RequestId => &["REQUEST_ID", "RequestIdentifier", "RequestId"],
        Field::UserId => &["USER_ID", "UserId", "UserIdentifier"],
        Field::UserIdDerived => &["USER_ID_DERIVED"],
        Field::UserType => &["USER_TYPE", "UserType"],
        // Login rows carry the login's origin in `SOURCE_IP` (intrusions.md §3), preferred to
        // their `CLIENT_IP`; other types have no `SOURCE_IP`.
        Field::ClientIp => &["SOURCE_IP", "CLIENT_IP", "ClientIp", "SourceIp"],
        Field::CountryCode => &["COUNTRY_CODE", "CountryIso"],
        // `API_RESOURCE`: ApiTotalUsage's request path (intrusions.md §3).
        Field::Uri => &["URI", "Uri", "API_RESOURCE"],
        Field::PageUrl => &["PAGE_URL", "PageUrl"],
        Field::UriIdDerived => &["URI_ID_DERIVED"],
        Field::RequestStatus => &["REQUEST_STATUS"],
        Field::StatusCode => &["STATUS_CODE"],
        Field::Success => &["SUCCESS"],
        Field::OperationStatus => &["OperationStatus"],
        Field::LoginStatus => &["LOGIN_STATUS", "Status"],
        Field::UserAgent => &["USER_AGENT", "UserAgent", "BROWSER_TYPE"],
        Field::Query => &["QUERY", "Query"],
        Field::EntityName => &["ENTITY_NAME", "ENTITY_TYPE", "EntityName"],
        // `RequestedEntities`: the objects a guest asked for in a GuestUserAnomalyEvent
        // (Platform Events Developer Guide, GuestUserAnomalyEvent, API 60.0).
        Field::QueriedEntities => &["QueriedEntities", "QUERIED_ENTITIES", "RequestedEntities"],
        Field::Records => &["Records", "RECORDS"],
        Field::RecordId => &["RECORD_ID", "RecordId"],
        Field::PageEntityId => &["PAGE_ENTITY_ID"],
        Field::ClickedRecordId => &["CLICKED_RECORD_ID"],
        Field::DocumentId => &["DOCUMENT_ID"],
        Field::VersionId => &["VERSION_ID"],
        Field::ReportId => &["REPORT_ID_DERIVED", "REPORT_ID", "ReportId"],
        Field::ListViewId => &["ListViewId"],
        Field::FirstEntityId => &["FIRST_ENTITY_ID"],
        Field::ActionMessage => &["ACTION_MESSAGE", "ActionMessage"],
        Field::EntryPoint => &["ENTRY_POINT"],
        Field::SessionKey => &["SESSION_KEY", "SessionKey"],
        Field::QueryIdentifier => &["QUERY_IDENTIFIER"],
        Field::SearchQuery => &["SEARCH_QUERY"],
        // `HTTP_METHOD`: VisualforceRequest's GET/POST (EventLogFile reference, Visualforce
        // Request event type); a guest POST naming no record is a form submission (issue #14).
        Field::Operation => &[
            "Operation",
            "METHOD_NAME",
            "METHOD",
            "REQUEST_METHOD",
            "HTTP_METHOD",
            // BulkApi and BulkApi2 (`query`, `insert`...), intrusions.md §3.
            "OPERATION_TYPE",
        ],
        // BulkApi2 counts a job's rows in `RECORDS_PROCESSED`, Report in `ROW_COUNT`;
        // ApiEvent's `RowsReturned` is read only when `RowsProcessed` is absent
        // (intrusions.md §3, formats.md §2.3).
        Field::RowsProcessed => &[
            "ROWS_PROCESSED",
            "RowsProcessed",
            "RECORDS_PROCESSED",
            "ROW_COUNT",
            "RowsReturned",
        ],
        Field::IsGuest => &["IS_GUEST"],
        // The intrusion evidence of intrusions.md §3.
        Field::LoginKey => &["LOGIN_KEY", "LoginKey"],
        Field::LoginSubType => &["LOGIN_SUB_TYPE", "LoginSubType"],
        Field::LoginType => &["LOGIN_TYPE", "LoginType"],
        Field::ConnectedAppId => &["CONNECTED_APP_ID", "ConnectedAppId"],
        Field::ConnectedAppName => &["CONNECTED_APP_NAME", "Application", "ConnectedAppName"],
        Field::ClientName => &["CLIENT_NAME", "Client", "ClientName"],
        Field::Username => &["USER_NAME", "Username"],
        Field::JobId => &["JOB_ID", "JobId"],
        Field::JobStatus => &["JOB_STATUS", "JobStatus"],
        Field::ApiType => &["API_TYPE", "ApiType", "API_FAMILY"],
        // GuestUserAnomalyEvent(Store), Platform Events Developer Guide (API 60.0).
        Field::Score => &["Score"],
        Field::TotalControllerEvents => &["TotalControllerEvents"],
    }
}

/// Header position of each field in one file, found once per file.
#[derive(Debug, Clone)]
pub struct ColumnMap {
    idx: [Option<usize>; COUNT],
}

impl ColumnMap {
    /// Maps a header (any order; the first alias present wins).
    pub fn new<'h>(header: impl IntoIterator<Item = &'h str> + Clone) -> Self {
        let mut idx = [None; COUNT];
        for (&f, slot) in ALL.iter().zip(idx.iter_mut()) {
            'alias: for alias in aliases(f) {
                for (i, name) in header.clone().into_iter().enumerate() {
                    if name == *alias {
                        *slot = Some(i);
                        break 'alias;
                    }
                }
            }
        }
        Self { idx }
    }

    /// The column holding `f`, if the header has one.
    pub fn get(&self, f: Field) -> Option<usize> {
        self.idx.get(f.index()).copied().flatten()
    }

    /// Whether the header has `f`.
    pub fn has(&self, f: Field) -> bool {
        self.get(f).is_some()
    }
}

/// The field whose alias is `name`, if any.
pub fn field_of(name: &str) -> Option<Field> {
    ALL.iter().copied().find(|f| aliases(*f).contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_field_in_order() {
        assert_eq!(ALL.len(), COUNT);
        for (i, f) in ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
        }
    }

    #[test]
    fn column_order_does_not_matter() {
        // Trap 18: columns in another order map to the same facts.
        let a = ColumnMap::new(["EVENT_TYPE", "URI", "TIMESTAMP"]);
        let b = ColumnMap::new(["TIMESTAMP", "EVENT_TYPE", "URI"]);
        assert_eq!(a.get(Field::Uri), Some(1));
        assert_eq!(b.get(Field::Uri), Some(2));
        assert_eq!(b.get(Field::Timestamp), Some(0));
    }

    #[test]
    fn derived_report_id_is_preferred() {
        let m = ColumnMap::new(["REPORT_ID", "REPORT_ID_DERIVED"]);
        assert_eq!(m.get(Field::ReportId), Some(1));
    }
}
