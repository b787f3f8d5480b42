//! The token-theft scenario's events: the vendor's scheduled sync, staff logins, an
//! administrator's own export, and the intrusion; rendered as ELF rows (formats.md §2.1,
//! intrusions.md §3: Login, RestApi, API, BulkApi2, ApiTotalUsage), RTEM `ApiEvent` rows
//! (formats.md §2.4, CamelCase CSV) and Login History rows (formats.md §2.5).

use super::data::{ADMIN, APP, FIRST_STAFF, INTEGRATION, OPEN_LEAD, Obj, STAFF, World};
use super::{MIN, TPlan};
use crate::csvw::{Row, iso};
use crate::ids::{id15, text, to18};
use crate::plan::{DAY_MS, Day};
use crate::rng::{Rng, stream};
use rand::Rng as _;
use std::collections::{BTreeMap, BTreeSet};

mod intrusion;
mod rows;
mod story;

/// ELF Login: the 34 columns of the seed scenario (formats.md §2.1, intrusions.md §3).
pub(crate) const LOGIN_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\",\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"USER_TYPE\",\"REQUEST_STATUS\",\"DB_TOTAL_TIME\",\"LOGIN_TYPE\",\"BROWSER_TYPE\",\"API_TYPE\",\"API_VERSION\",\"USER_NAME\",\"TLS_PROTOCOL\",\"CIPHER_SUITE\",\"USE_API_TOKEN\",\"HTTP_REFERER\",\"LOGIN_URL\",\"COUNTRY_CODE\",\"AUTHENTICATION_METHOD_REFERENCE\",\"LOGIN_SUB_TYPE\",\"AUTHENTICATION_SERVICE_ID\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\",\"LOGIN_STATUS\",\"SOURCE_IP\",\"FORWARDED_FOR_IP\"\n";
/// ELF RestApi with the client and connected-app columns of intrusions.md §3.
pub(crate) const REST_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\",\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"USER_TYPE\",\"REQUEST_STATUS\",\"DB_TOTAL_TIME\",\"ENTITY_NAME\",\"METHOD\",\"MEDIA_TYPE\",\"STATUS_CODE\",\"USER_AGENT\",\"REQUEST_SIZE\",\"RESPONSE_SIZE\",\"ROWS_PROCESSED\",\"NUMBER_FIELDS\",\"DB_BLOCKS\",\"DB_CPU_TIME\",\"CLIENT_NAME\",\"CONNECTED_APP_ID\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\"\n";
/// ELF API (SOAP): `METHOD_NAME`, `ENTITY_NAME`, `QUERY`, `ROWS_PROCESSED` (intrusions.md §3).
pub(crate) const API_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\",\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"USER_TYPE\",\"REQUEST_STATUS\",\"DB_TOTAL_TIME\",\"API_TYPE\",\"API_VERSION\",\"CLIENT_NAME\",\"METHOD_NAME\",\"ENTITY_NAME\",\"ROWS_PROCESSED\",\"REQUEST_SIZE\",\"RESPONSE_SIZE\",\"DB_BLOCKS\",\"DB_CPU_TIME\",\"EXCEPTION_MESSAGE\",\"QUERY\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\"\n";
/// ELF BulkApi2: one row per job state change (intrusions.md §6).
pub(crate) const BULK2_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\",\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"JOB_ID\",\"ENTITY_TYPE\",\"OPERATION_TYPE\",\"JOB_STATUS\",\"RECORDS_PROCESSED\",\"RECORDS_FAILED\",\"RESULT_SIZE_MB\",\"MESSAGE\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\"\n";
/// ELF ApiTotalUsage (intrusions.md §6; kept one day, formats.md §2.6).
pub(crate) const TOTAL_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"API_FAMILY\",\"API_VERSION\",\"API_RESOURCE\",\"CLIENT_NAME\",\"CLIENT_IP\",\"CONNECTED_APP_ID\",\"CONNECTED_APP_NAME\",\"COUNTS_AGAINST_API_LIMIT\",\"ENTITY_NAME\",\"HTTP_METHOD\",\"STATUS_CODE\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\"\n";
/// RTEM `ApiEvent` stored events exported as CSV: CamelCase (formats.md §2.4, intrusions.md §3).
pub(crate) const API_EVENT_HEADER: &str = "\"EventDate\",\"EventIdentifier\",\"UserId\",\"Username\",\"SourceIp\",\"SessionKey\",\"LoginKey\",\"LoginHistoryId\",\"SessionLevel\",\"ApiType\",\"ApiVersion\",\"Application\",\"Client\",\"ConnectedAppId\",\"Operation\",\"Platform\",\"QueriedEntities\",\"Query\",\"Records\",\"RowsProcessed\",\"RowsReturned\",\"ElapsedTime\",\"UserAgent\"\n";
/// Login History exported through the API (formats.md §2.5, intrusions.md §3).
pub(crate) const LOGIN_HISTORY_HEADER: &str = "\"Id\",\"UserId\",\"LoginTime\",\"LoginType\",\"LoginSubType\",\"SourceIp\",\"LoginUrl\",\"Browser\",\"Platform\",\"Status\",\"Application\",\"ClientVersion\",\"ApiType\",\"ApiVersion\",\"CountryIso\"\n";

/// ELF event types written per day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Ty {
    Login,
    RestApi,
    Api,
    BulkApi2,
    ApiTotalUsage,
}

impl Ty {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ty::Login => "Login",
            Ty::RestApi => "RestApi",
            Ty::Api => "API",
            Ty::BulkApi2 => "BulkApi2",
            Ty::ApiTotalUsage => "ApiTotalUsage",
        }
    }

    pub(crate) fn header(self) -> &'static str {
        match self {
            Ty::Login => LOGIN_HEADER,
            Ty::RestApi => REST_HEADER,
            Ty::Api => API_HEADER,
            Ty::BulkApi2 => BULK2_HEADER,
            Ty::ApiTotalUsage => TOTAL_HEADER,
        }
    }
}

/// One rendered row and when it happened.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub(crate) ms: i64,
    pub(crate) seq: u64,
    pub(crate) bytes: Vec<u8>,
}

/// A client session: who, from where, with which keys.
#[derive(Debug, Clone)]
pub(crate) struct Sess {
    pub(crate) user: usize,
    pub(crate) ip: String,
    pub(crate) ua: &'static str,
    pub(crate) client: &'static str,
    pub(crate) login_key: String,
    pub(crate) session_key: String,
    pub(crate) history_id: String,
    /// Whether rows carry the connected app's ID.
    pub(crate) app: bool,
}

/// How an actor access shows which records left (intrusions.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strength {
    /// Record IDs in the log.
    LoggedIds,
    /// SOQL and a row count, to be run on the export.
    Evaluated,
    /// Only a count.
    CountOnly,
    /// Nothing left (a `COUNT()` query, a describe, `/limits/`).
    Nothing,
}

impl Strength {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Strength::LoggedIds => "logged-ids",
            Strength::Evaluated => "evaluated",
            Strength::CountOnly => "count-only",
            Strength::Nothing => "none",
        }
    }
}

/// One actor request that read data or metadata.
#[derive(Debug, Clone)]
pub(crate) struct Access {
    pub(crate) ms: i64,
    pub(crate) ip: String,
    pub(crate) login_key: String,
    /// The log that shows it, as `Type` or `Type+Type`.
    pub(crate) source: &'static str,
    pub(crate) object: String,
    pub(crate) request: String,
    pub(crate) rows: u64,
    pub(crate) strength: Strength,
    /// Record indices into the object's records (for the three strengths that take records).
    pub(crate) recs: Vec<usize>,
    /// Fields read: the SELECT list, or every exported field.
    pub(crate) fields: Vec<String>,
}

/// The actor's deleted bulk job and the administrator's kept one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Job {
    pub(crate) id15: String,
    pub(crate) id18: String,
    pub(crate) object: String,
    pub(crate) records: u64,
    pub(crate) completed_ms: i64,
    pub(crate) deleted_ms: Option<i64>,
    pub(crate) ip: String,
    pub(crate) user: usize,
}

/// Everything that happened, rendered, plus the facts the truth needs.
pub(crate) struct Story {
    pub(crate) org: [u8; 15],
    pub(crate) elf: BTreeMap<(Day, Ty), Vec<Line>>,
    pub(crate) api_event: Vec<Line>,
    pub(crate) login_history: Vec<Line>,
    pub(crate) last_day: Day,
    seq: u64,
    r: Rng,
    /// Indicator addresses (in `ioc.csv`).
    pub(crate) ioc_ips: Vec<String>,
    /// Indicator user agent (in `ioc.csv`).
    pub(crate) ioc_agent: &'static str,
    /// The address reached only through the first login's keys.
    pub(crate) pivot_ip: String,
    pub(crate) vendor_ips: Vec<String>,
    pub(crate) admin_ip: String,
    /// The actor's sessions: (session, login time).
    pub(crate) sessions: Vec<(Sess, i64, BTreeSet<String>)>,
    pub(crate) accesses: Vec<Access>,
    pub(crate) first_ms: i64,
    pub(crate) last_ms: i64,
    pub(crate) job: Job,
    pub(crate) admin_job: Job,
    /// Vendor sync: ApiEvent rows, distinct records their `Records` name, logins.
    pub(crate) vendor_events: u64,
    pub(crate) vendor_records: BTreeSet<(Obj, usize)>,
    pub(crate) vendor_logins: u64,
}

const KEY: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX: &[u8] = b"0123456789abcdef";

pub(crate) const VENDOR_UA: &str = "Drift-Salesforce-Sync/4.2";
pub(crate) const ACTOR_UA: &str = "python-requests/2.32.4";
pub(crate) const ACTOR_UA_B: &str = "Salesforce-Multi-Org-Fetcher/1.0";
pub(super) const ADMIN_UA: &str = "DataLoader/64.0.0";
pub(super) const STAFF_UA: &str = "Chrome 139";

/// `2025-08-12T03:14:07.123+0000`, as RTEM exports write instants (formats.md §2.4).
pub(crate) fn iso_plus(ms: i64) -> String {
    let mut s = iso(ms);
    s.pop();
    s.push_str("+0000");
    s
}

pub(super) fn id18(prefix: &str, n: u64) -> String {
    text(&to18(&id15(prefix, n)))
}

impl Story {
    pub(super) fn rand(&mut self, set: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| {
                char::from(
                    set.get(self.r.random_range(0..set.len()))
                        .copied()
                        .unwrap_or(b'A'),
                )
            })
            .collect()
    }

    pub(super) fn request_id(&mut self) -> String {
        let mut s = self.rand(B62, 21);
        s.push('-');
        s
    }

    pub(super) fn sess(
        &mut self,
        user: usize,
        ip: &str,
        ua: &'static str,
        client: &'static str,
    ) -> Sess {
        let login_key = self.rand(KEY, 16);
        let session_key = self.rand(KEY, 16);
        let n = self.r.random_range(100_000..900_000);
        Sess {
            user,
            ip: ip.to_string(),
            ua,
            client,
            login_key,
            session_key,
            history_id: id18("0Ya", n),
            app: user == INTEGRATION,
        }
    }

    pub(super) fn push(&mut self, ty: Ty, ms: i64, bytes: Vec<u8>) {
        self.seq += 1;
        let line = Line {
            ms,
            seq: self.seq,
            bytes,
        };
        self.elf.entry((Day::of_ms(ms), ty)).or_default().push(line);
    }

    pub(super) fn user_ids(&self, w: &World, u: usize) -> ([u8; 15], [u8; 18]) {
        let id = w.users.get(u).map_or([b'0'; 15], |x| x.id);
        (id, to18(&id))
    }

    pub(super) fn lead(&mut self, row: &mut Row<'_>, event: &str, ms: i64, uid: &[u8]) {
        let req = self.request_id();
        row.s(event).ts(ms).s(&req).b(&self.org).b(uid);
    }
}

/// The fields of a `SELECT … FROM` list.
pub(super) fn select_fields(q: &str) -> Vec<String> {
    let body = q
        .strip_prefix("SELECT ")
        .and_then(|x| x.split(" FROM ").next())
        .unwrap_or("");
    body.split(',').map(|f| f.trim().to_string()).collect()
}

pub(super) fn mb(n: u64) -> String {
    format!("{:.2}", n as f64 * 0.0011)
}

pub(super) fn id15_from(s: &str) -> [u8; 15] {
    let mut out = [b'0'; 15];
    for (o, b) in out.iter_mut().zip(s.bytes()) {
        *o = b;
    }
    out
}
