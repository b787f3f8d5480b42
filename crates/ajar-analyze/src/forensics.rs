//! Which records outsiders read, when, from where: raw log rows normalised into
//! [`AccessEvent`]s and summed into a [`HuntReport`](ajar_model::event::HuntReport).
//!
//! Rows come from any adapter through [`LogRow`]; this module decides what they mean: the
//! principal class (formats.md §2.2), the outcome (a read only on success), the record IDs
//! (validated, 18 characters) and objects, the country. [`Hunt`] aggregates rows into maps that
//! grow with distinct records and IPs, not with rows; several [`Hunt`]s built in parallel merge
//! into one.

pub mod ids;
pub mod principal;
pub mod time;

mod actor_rows;
mod aggregate;
mod head;
mod ips;
mod refill;
mod slots;

pub use actor_rows::ActorRows;
pub use aggregate::{EventSink, Hunt, SeenEvents, Spent};
pub(crate) use head::{Head, HeadCache, head, head_cached};

use ajar_model::event::{AccessEvent, ApiDetail, GeoipInfo, Outcome, PrincipalClass};
use ajar_model::logrow::{Field, LogRow};
use ajar_model::sfid::SfId;
use ajar_model::span::Span;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;

/// A country lookup (an opened GeoIP database).
pub trait Geo: Sync {
    /// ISO 3166-1 alpha-2 country of an IP, if known.
    fn country(&self, ip: IpAddr) -> Option<String>;
    /// What database this is, for the report.
    fn info(&self) -> GeoipInfo;
}

/// Which events count.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Principal classes kept; empty keeps all.
    pub principals: BTreeSet<PrincipalClass>,
    /// Keep events at or after.
    pub since: Option<jiff::Timestamp>,
    /// Keep events before.
    pub until: Option<jiff::Timestamp>,
    /// Objects kept (API names); empty keeps all.
    pub objects: BTreeSet<String>,
    /// Keep only events whose country is known and is not this one (`--outside JP`).
    pub outside: Option<String>,
}

/// A set of IDs looked up once per row: a fixed-seed fast hash instead of SipHash (issue #19;
/// its order never reaches an output).
pub type IdSet = HashSet<SfId, foldhash::fast::FixedState>;

/// A map from IDs looked up once per row, hashed as [`IdSet`].
pub type IdMap<V> = HashMap<SfId, V, foldhash::fast::FixedState>;

/// What the analysis knows besides the rows.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The org's guest users (`--guest-user`, `UserType=Guest` in a User export).
    pub guest_users: IdSet,
    /// Every user's `UserType` from a User export (`Standard`, `PowerPartner`...): rows without
    /// a user type are classed by it (formats.md §2.2). Guests are in `guest_users`.
    pub user_types: IdMap<String>,
    /// Custom key prefixes: prefix → object API name.
    pub key_prefixes: BTreeMap<String, String>,
    /// Which events count.
    pub filters: Filters,
    /// Keep each event's API facts ([`AccessEvent::api`]): login and session keys, connected
    /// app, SOQL, rows, bulk job (an intrusion hunt, issue #16).
    pub api_detail: bool,
    /// Indicators naming an intruder (`--ioc`, `--actor`); empty when none were given.
    pub indicators: crate::actor::Indicators,
    /// The detection catalogue's settings (issue #17); `None` runs no detection.
    pub detect: Option<crate::detect::Config>,
}

/// Why a row gave no event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowSkip {
    /// No `TIMESTAMP_DERIVED`, `TIMESTAMP` or `EventDate` that parses.
    NoTime,
}

impl RowSkip {
    /// In words, for `skipped`.
    pub fn reason(self) -> &'static str {
        match self {
            Self::NoTime => "no timestamp that parses",
        }
    }
}

/// Success or attempt. A read needs a success: `REQUEST_STATUS` `S`, an HTTP 2xx
/// `STATUS_CODE`, `SUCCESS` `1`, `OperationStatus` `Success`, `LOGIN_STATUS`
/// `LOGIN_NO_ERROR`. Failures, not-found (`N`, 404), authorization errors (`A`, 401/403),
/// redirects and `U` (undefined) are attempts. A row with no status column at all (real-time
/// events, which log served requests; Search, UniqueQuery) counts as a read.
pub fn outcome(row: &dyn LogRow) -> Outcome {
    if let Some(s) = row.get(Field::RequestStatus) {
        return if s == "S" || s.eq_ignore_ascii_case("success") {
            Outcome::Read
        } else {
            Outcome::Attempt
        };
    }
    if let Some(s) = row.get(Field::StatusCode) {
        return if s.starts_with('2') && s.len() == 3 {
            Outcome::Read
        } else {
            Outcome::Attempt
        };
    }
    if let Some(s) = row.get(Field::Success) {
        return if s == "1" || s.eq_ignore_ascii_case("true") {
            Outcome::Read
        } else {
            Outcome::Attempt
        };
    }
    if let Some(s) = row.get(Field::OperationStatus) {
        return if s.eq_ignore_ascii_case("success") {
            Outcome::Read
        } else {
            Outcome::Attempt
        };
    }
    if let Some(s) = row.get(Field::LoginStatus) {
        return if s == "LOGIN_NO_ERROR" || s.eq_ignore_ascii_case("success") {
            Outcome::Read
        } else {
            Outcome::Attempt
        };
    }
    Outcome::Read
}

/// The client IP. `Salesforce.com IP` (internal traffic) and empty values have none
/// (formats.md §2.1, trap 22); `FORWARDED_FOR_IP` is never used (spoofable, §2.9).
pub fn client_ip(row: &dyn LogRow) -> Option<IpAddr> {
    row.get(Field::ClientIp).and_then(ips::parse)
}

/// What [`evidence`] read besides the IDs and objects.
pub(crate) struct Evidence<'r> {
    /// A `Records` list was cut at 1000.
    pub(crate) truncated: bool,
    /// `URI`, else `PAGE_URL`: the event's URI, read here already.
    pub(crate) uri: Option<&'r str>,
}

/// Record IDs and objects a row names.
pub(crate) fn evidence<'r>(
    row: &'r dyn LogRow,
    ctx: &Context,
    record_ids: &mut Vec<SfId>,
    objects: &mut Vec<String>,
) -> Evidence<'r> {
    // `RECORD_ID`, `QUERY`, `URI` and `PAGE_URL` serve twice below (or in the event): each is
    // read once.
    let record_id = row.get(Field::RecordId);
    let query = row.get(Field::Query);
    let uri = row.get(Field::Uri);
    let page_url = row.get(Field::PageUrl);
    if let Some(id) = record_id.and_then(ids::one) {
        record_ids.push(id);
    }
    for f in [
        Field::UriIdDerived,
        Field::PageEntityId,
        Field::ClickedRecordId,
        Field::DocumentId,
        Field::VersionId,
        Field::ReportId,
        Field::ListViewId,
        Field::FirstEntityId,
    ] {
        if let Some(id) = row.get(f).and_then(ids::one) {
            record_ids.push(id);
        }
    }
    if let Some(v) = record_id.filter(|v| v.starts_with('[')) {
        // LightningPageView `RECORD_ID` may be a JSON array (formats.md §2.3).
        ids::scan(v, record_ids);
    }
    for v in [uri, page_url, query].into_iter().flatten() {
        ids::scan(v, record_ids);
        ids::path_object(v, objects);
    }
    let truncated = row
        .get(Field::Records)
        .is_some_and(|v| ids::from_records(v, record_ids));
    record_ids.sort_unstable();
    record_ids.dedup();
    for f in [Field::EntityName, Field::QueriedEntities] {
        if let Some(v) = row.get(f) {
            ids::list_objects(v, objects);
        }
    }
    for v in [query, row.get(Field::QueryIdentifier)]
        .into_iter()
        .flatten()
    {
        ids::soql_objects(v, objects);
    }
    for id in record_ids.iter() {
        // Copied only when not listed yet: an event's records are mostly of one object.
        if let Some(o) = ids::object_name(id, &ctx.key_prefixes)
            && !objects.iter().any(|x| x == o)
        {
            objects.push(o.to_string());
        }
    }
    objects.sort_unstable();
    objects.dedup();
    Evidence {
        truncated,
        uri: uri.or(page_url),
    }
}

/// The join keys (`REQUEST_ID`, `SESSION_KEY`) of a guest's row, for [`Hunt::resolve_pending`];
/// empty for anyone else's.
pub fn guest_keys(row: &dyn LogRow, ctx: &Context) -> Vec<String> {
    let Ok(h) = head(row, ctx) else {
        return Vec::new();
    };
    if h.principal != PrincipalClass::Guest {
        return Vec::new();
    }
    join_keys(row.get(Field::RequestId), row.get(Field::SessionKey))
}

/// The join keys of a request ID and a session key, as [`guest_keys`] and
/// [`Hunt::pending_keys`] spell them.
pub(crate) fn join_keys(request: Option<&str>, session: Option<&str>) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(r) = request {
        keys.push(format!("request:{r}"));
    }
    if let Some(s) = session {
        keys.push(format!("session:{s}"));
    }
    keys
}

/// Normalises one row into an event, with no filtering. `file` is how outputs name the file.
pub fn normalise(row: &dyn LogRow, file: &str, ctx: &Context) -> Result<AccessEvent, RowSkip> {
    let h = head(row, ctx)?;
    Ok(build(row, &h, file, ctx).0)
}

/// Builds the event of a row whose head is known; also returns whether `Records` was cut.
pub(crate) fn build(
    row: &dyn LogRow,
    h: &Head<'_>,
    file: &str,
    ctx: &Context,
) -> (AccessEvent, bool) {
    let mut ev = blank_event();
    let truncated = refill::refill(&mut ev, row, h, file, ctx, client_ip(row));
    (ev, truncated)
}

/// Writes the row's user (its validated ID, else the value as logged), client IP (`ip`, its
/// [`client_ip`]), logged country and outcome over `ev`'s.
pub(crate) fn put_who(ev: &mut AccessEvent, row: &dyn LogRow, h: &Head<'_>, ip: Option<IpAddr>) {
    // Rows repeat their user: an ID already in place is not written again.
    let in_place = h
        .user_id
        .is_some_and(|u| ev.user_id.as_deref() == Some(u.as_str()));
    if !in_place {
        put(
            &mut ev.user_id,
            h.user_id
                .as_ref()
                .map(SfId::as_str)
                .or_else(|| row.get(Field::UserIdDerived).or(row.get(Field::UserId))),
        );
    }
    ev.ip = ip;
    put(&mut ev.log_country, row.get(Field::CountryCode));
    ev.outcome = outcome(row);
}

/// The event of a row the report does not count, for the detections only (issue #17): no
/// record IDs, objects from `ENTITY_NAME` and `QueriedEntities` alone, the API facts always.
/// Written over `ev`, a previous row's event, keeping its buffers: the detections see every
/// API row, and allocating a dozen strings for each was a tenth of a hunt.
/// `ip` is the row's [`client_ip`].
pub(crate) fn refill_light(
    ev: &mut AccessEvent,
    row: &dyn LogRow,
    h: &Head<'_>,
    file: &str,
    ip: Option<IpAddr>,
) {
    ev.time = h.time;
    ev.event_type.clear();
    ev.event_type.push_str(h.event_type);
    ev.principal = h.principal;
    ev.principal_reason.clear();
    put_who(ev, row, h, ip);
    ev.record_ids.clear();
    ev.objects.clear();
    for f in [Field::EntityName, Field::QueriedEntities] {
        if let Some(v) = row.get(f) {
            ids::list_objects(v, &mut ev.objects);
        }
    }
    put(&mut ev.uri, row.get(Field::Uri));
    ev.request_id = None;
    ev.session_key = None;
    put(&mut ev.user_agent, row.get(Field::UserAgent));
    ev.actions.clear();
    let mut api = ev.api.take().unwrap_or_default();
    refill_api(&mut api, row);
    ev.api = (!api.is_empty()).then_some(api);
    ev.source.file.clear();
    ev.source.file.push_str(file);
    ev.source.line = row.line();
}

/// An empty event, for [`refill_light`] to write over.
pub(crate) fn blank_event() -> AccessEvent {
    AccessEvent {
        time: jiff::Timestamp::UNIX_EPOCH,
        event_type: String::new(),
        principal: PrincipalClass::Internal,
        principal_reason: String::new(),
        user_id: None,
        ip: None,
        log_country: None,
        outcome: Outcome::Attempt,
        record_ids: Vec::new(),
        objects: Vec::new(),
        uri: None,
        request_id: None,
        session_key: None,
        user_agent: None,
        actions: Vec::new(),
        api: None,
        source: Span::new("", 0),
    }
}

/// Sets `dst` to `v`, reusing its buffer.
pub(crate) fn put(dst: &mut Option<String>, v: Option<&str>) {
    match (dst.as_mut(), v) {
        (Some(d), Some(v)) => {
            d.clear();
            d.push_str(v);
        }
        (None, Some(v)) => *dst = Some(v.to_string()),
        (_, None) => *dst = None,
    }
}

/// The records a row says were returned: `Records` (real-time events) and the ID of a REST
/// `/sobjects/<Object>/<id>` path (intrusions.md §4), into `out` (cleared first).
fn returned_into(row: &dyn LogRow, out: &mut Vec<SfId>) {
    out.clear();
    if let Some(v) = row.get(Field::Records) {
        ids::from_records(v, out);
    }
    if let Some(uri) = row.get(Field::Uri) {
        let mut parts = uri.split(['/', '?']);
        while let Some(p) = parts.next() {
            if p == "sobjects"
                && parts.next().is_some()
                && let Some(id) = parts.next().and_then(ids::one)
            {
                out.push(id);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// A logged row count: an integer, or a number written with a fraction (`10000.0`).
fn rows_count(v: &str) -> Option<u64> {
    v.parse::<u64>().ok().or_else(|| {
        v.split_once('.').and_then(|(i, f)| {
            f.bytes()
                .all(|b| b == b'0')
                .then(|| i.parse().ok())
                .flatten()
        })
    })
}

/// The API facts of a row (intrusions.md §3); `None` when it has none.
pub fn api_detail(row: &dyn LogRow) -> Option<Box<ApiDetail>> {
    let mut d = Box::<ApiDetail>::default();
    refill_api(&mut d, row);
    (!d.is_empty()).then_some(d)
}

/// Writes a row's API facts over `d`, reusing its buffers.
pub(crate) fn refill_api(d: &mut ApiDetail, row: &dyn LogRow) {
    put(&mut d.session_key, row.get(Field::SessionKey));
    put(&mut d.login_key, row.get(Field::LoginKey));
    put(&mut d.login_sub_type, row.get(Field::LoginSubType));
    put(&mut d.login_type, row.get(Field::LoginType));
    put(&mut d.connected_app_id, row.get(Field::ConnectedAppId));
    put(&mut d.connected_app_name, row.get(Field::ConnectedAppName));
    put(&mut d.client_name, row.get(Field::ClientName));
    put(&mut d.username, row.get(Field::Username));
    put(&mut d.operation, row.get(Field::Operation));
    put(&mut d.api_type, row.get(Field::ApiType));
    put(
        &mut d.query,
        row.get(Field::Query).or(row.get(Field::QueryIdentifier)),
    );
    d.rows = row.get(Field::RowsProcessed).and_then(rows_count);
    put(&mut d.job_id, row.get(Field::JobId));
    put(&mut d.job_status, row.get(Field::JobStatus));
    returned_into(row, &mut d.returned);
}

#[cfg(test)]
mod tests;
