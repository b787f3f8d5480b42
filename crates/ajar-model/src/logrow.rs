//! The vocabulary of raw log rows: which facts a row may carry, looked up by name-independent
//! keys. Adapters map each format's header names onto these keys; analyses read rows through
//! [`LogRow`] without knowing the format.

/// A fact a log row may carry. Values are looked up by this key, whatever the header spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// `EVENT_TYPE` (ELF rows say which type they are).
    EventType,
    /// `TIMESTAMP`: UTC `yyyyMMddHHmmss` with 0–3 fraction digits.
    Timestamp,
    /// `TIMESTAMP_DERIVED`: ISO 8601, preferred when present.
    TimestampDerived,
    /// `EventDate` (real-time events) or `Timestamp` (Event Log Objects): ISO 8601.
    EventDate,
    /// `REQUEST_ID` / `RequestIdentifier`.
    RequestId,
    /// `USER_ID` (15, sometimes 18 characters) / `UserId`.
    UserId,
    /// `USER_ID_DERIVED` (18 characters).
    UserIdDerived,
    /// `USER_TYPE` / `UserType`.
    UserType,
    /// `CLIENT_IP` / `ClientIp` / `SourceIp`.
    ClientIp,
    /// `COUNTRY_CODE` (Login) / `CountryIso` (LoginEvent).
    CountryCode,
    /// `URI` / `Uri`.
    Uri,
    /// `PageUrl` (LightningUriEvent) / `PAGE_URL`.
    PageUrl,
    /// `URI_ID_DERIVED`.
    UriIdDerived,
    /// `REQUEST_STATUS`.
    RequestStatus,
    /// `STATUS_CODE` (HTTP status of RestApi and callouts).
    StatusCode,
    /// `SUCCESS` (`1` / `0`).
    Success,
    /// `OperationStatus` (UriEvent).
    OperationStatus,
    /// `LOGIN_STATUS` / `Status` (LoginEvent).
    LoginStatus,
    /// `USER_AGENT` / `UserAgent` / `BROWSER_TYPE`.
    UserAgent,
    /// `QUERY` / `Query` (query string or SOQL).
    Query,
    /// `ENTITY_NAME` / `ENTITY_TYPE` / `EntityName`.
    EntityName,
    /// `QueriedEntities` (comma list of objects).
    QueriedEntities,
    /// `Records` (a JSON document inside the value).
    Records,
    /// `RECORD_ID` / `RecordId`.
    RecordId,
    /// `PAGE_ENTITY_ID`.
    PageEntityId,
    /// `CLICKED_RECORD_ID`.
    ClickedRecordId,
    /// `DOCUMENT_ID`.
    DocumentId,
    /// `VERSION_ID`.
    VersionId,
    /// `REPORT_ID_DERIVED` / `REPORT_ID` / `ReportId`.
    ReportId,
    /// `ListViewId`.
    ListViewId,
    /// `FIRST_ENTITY_ID`.
    FirstEntityId,
    /// `ACTION_MESSAGE` / `ActionMessage` (Aura descriptors).
    ActionMessage,
    /// `ENTRY_POINT` (ApexExecution).
    EntryPoint,
    /// `SESSION_KEY` / `SessionKey`.
    SessionKey,
    /// `QUERY_IDENTIFIER` (UniqueQuery SOQL).
    QueryIdentifier,
    /// `SEARCH_QUERY`.
    SearchQuery,
    /// `Operation` / `METHOD_NAME` / `METHOD` / `REQUEST_METHOD` / `HTTP_METHOD`.
    Operation,
    /// `ROWS_PROCESSED` / `RowsProcessed` / `RECORDS_PROCESSED` (BulkApi2) / `ROW_COUNT`
    /// (Report).
    RowsProcessed,
    /// `IS_GUEST` (Sites).
    IsGuest,
    /// `LOGIN_KEY` / `LoginKey`: one login and every request made in it (intrusions.md §3).
    LoginKey,
    /// `LOGIN_SUB_TYPE` (`oauthrefreshtoken`, `oauthpassword`...).
    LoginSubType,
    /// `LOGIN_TYPE` (a letter code) / `LoginType` (Login History, in words).
    LoginType,
    /// `CONNECTED_APP_ID` / `ConnectedAppId`.
    ConnectedAppId,
    /// `CONNECTED_APP_NAME` (ApiTotalUsage) / `Application` (Login History).
    ConnectedAppName,
    /// `CLIENT_NAME` / `Client` (`DataLoaderPartnerUI/`...).
    ClientName,
    /// `USER_NAME` / `Username`.
    Username,
    /// `JOB_ID` / `JobId` (Bulk API jobs).
    JobId,
    /// `JOB_STATUS` / `JobStatus`.
    JobStatus,
    /// `API_TYPE` / `ApiType` / `API_FAMILY`.
    ApiType,
    /// `Score` (GuestUserAnomalyEvent: how far a guest's behaviour is from other guests', 0–1).
    Score,
    /// `TotalControllerEvents` (GuestUserAnomalyEvent: the Aura controller calls it covers).
    TotalControllerEvents,
}

/// Every field, in declaration order.
pub const ALL: &[Field] = &[
    Field::EventType,
    Field::Timestamp,
    Field::TimestampDerived,
    Field::EventDate,
    Field::RequestId,
    Field::UserId,
    Field::UserIdDerived,
    Field::UserType,
    Field::ClientIp,
    Field::CountryCode,
    Field::Uri,
    Field::PageUrl,
    Field::UriIdDerived,
    Field::RequestStatus,
    Field::StatusCode,
    Field::Success,
    Field::OperationStatus,
    Field::LoginStatus,
    Field::UserAgent,
    Field::Query,
    Field::EntityName,
    Field::QueriedEntities,
    Field::Records,
    Field::RecordId,
    Field::PageEntityId,
    Field::ClickedRecordId,
    Field::DocumentId,
    Field::VersionId,
    Field::ReportId,
    Field::ListViewId,
    Field::FirstEntityId,
    Field::ActionMessage,
    Field::EntryPoint,
    Field::SessionKey,
    Field::QueryIdentifier,
    Field::SearchQuery,
    Field::Operation,
    Field::RowsProcessed,
    Field::IsGuest,
    Field::LoginKey,
    Field::LoginSubType,
    Field::LoginType,
    Field::ConnectedAppId,
    Field::ConnectedAppName,
    Field::ClientName,
    Field::Username,
    Field::JobId,
    Field::JobStatus,
    Field::ApiType,
    Field::Score,
    Field::TotalControllerEvents,
];

/// Number of fields.
pub const COUNT: usize = 51;

impl Field {
    /// Position in [`ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One raw log row, as an adapter read it.
pub trait LogRow {
    /// The value of `f`: `None` when absent or empty; surrounding spaces trimmed.
    fn get(&self, f: Field) -> Option<&str>;
    /// The row's event type, when the row or its wrapper says.
    fn event_type(&self) -> Option<&str>;
    /// The row's first line in its file (1-based).
    fn line(&self) -> u64;
    /// A hash of every value, to recognise the same row in two files.
    fn content_hash(&self) -> u64;
}
