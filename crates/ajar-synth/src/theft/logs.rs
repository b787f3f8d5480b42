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
const ADMIN_UA: &str = "DataLoader/64.0.0";
const STAFF_UA: &str = "Chrome 139";

/// `2025-08-12T03:14:07.123+0000`, as RTEM exports write instants (formats.md §2.4).
pub(crate) fn iso_plus(ms: i64) -> String {
    let mut s = iso(ms);
    s.pop();
    s.push_str("+0000");
    s
}

fn id18(prefix: &str, n: u64) -> String {
    text(&to18(&id15(prefix, n)))
}

impl Story {
    fn rand(&mut self, set: &[u8], n: usize) -> String {
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

    fn request_id(&mut self) -> String {
        let mut s = self.rand(B62, 21);
        s.push('-');
        s
    }

    fn sess(&mut self, user: usize, ip: &str, ua: &'static str, client: &'static str) -> Sess {
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

    fn push(&mut self, ty: Ty, ms: i64, bytes: Vec<u8>) {
        self.seq += 1;
        let line = Line {
            ms,
            seq: self.seq,
            bytes,
        };
        self.elf.entry((Day::of_ms(ms), ty)).or_default().push(line);
    }

    fn user_ids(&self, w: &World, u: usize) -> ([u8; 15], [u8; 18]) {
        let id = w.users.get(u).map_or([b'0'; 15], |x| x.id);
        (id, to18(&id))
    }

    fn lead(&mut self, row: &mut Row<'_>, event: &str, ms: i64, uid: &[u8]) {
        let req = self.request_id();
        row.s(event).ts(ms).s(&req).b(&self.org).b(uid);
    }

    fn login(&mut self, w: &World, ms: i64, s: &Sess, sub: &str, app: &str) {
        let (uid, uid18) = self.user_ids(w, s.user);
        let api = sub.starts_with("oauth");
        let country = super::files::country(&s.ip).unwrap_or("");
        let name = w
            .users
            .get(s.user)
            .map(|u| u.username.clone())
            .unwrap_or_default();
        let mut b = Vec::with_capacity(512);
        let mut row = Row::new(&mut b);
        self.lead(&mut row, "Login", ms, &uid);
        row.n(self.r.random_range(50..400))
            .n(self.r.random_range(10..80));
        row.s(if api {
            "/services/oauth2/token"
        } else {
            "/index.jsp"
        })
        .s("")
        .s(&s.login_key)
        .s("Standard")
        .s("S");
        row.n(self.r.random_range(1_000_000..150_000_000))
            .s(if api { "R" } else { "Application" });
        row.s(if api { s.ua } else { STAFF_UA })
            .s("")
            .s(if api { "58.0" } else { "" })
            .s(&name);
        row.s("TLSv1.3").s("TLS_AES_256_GCM_SHA384").s("F").s("");
        row.s("kumo-logistics.my.salesforce.com")
            .s(country)
            .s("")
            .s(sub)
            .s("");
        row.iso(ms).b(&uid18).s(&s.ip).s("");
        row.s("LOGIN_NO_ERROR").s(&s.ip).s("").end();
        self.push(Ty::Login, ms, b);
        // Login History: `Application` names the connected app behind an OAuth login.
        let mut b = Vec::with_capacity(256);
        Row::new(&mut b)
            .s(&s.history_id)
            .b(&uid18)
            .s(&iso_plus(ms))
            .s(if api {
                "Remote Access 2.0"
            } else {
                "Application"
            })
            .s(sub)
            .s(&s.ip)
            .s("https://kumo-logistics.my.salesforce.com")
            .s(if api { "Unknown" } else { "Chrome 139" })
            .s(if api { "Unknown" } else { "Windows 11" })
            .s("Success")
            .s(app)
            .s("N/A")
            .s(if api { "REST" } else { "N/A" })
            .s(if api { "58.0" } else { "N/A" })
            .s(country)
            .end();
        self.seq += 1;
        self.login_history.push(Line {
            ms,
            seq: self.seq,
            bytes: b,
        });
    }

    /// An ELF RestApi row (and its ApiTotalUsage row on the retained day).
    #[allow(clippy::too_many_arguments, reason = "one column each")]
    fn rest(
        &mut self,
        w: &World,
        ms: i64,
        s: &Sess,
        method: &str,
        uri: &str,
        entity: &str,
        code: u64,
        rows: u64,
        idd: &str,
    ) {
        let (uid, uid18) = self.user_ids(w, s.user);
        let mut b = Vec::with_capacity(512);
        let mut row = Row::new(&mut b);
        self.lead(&mut row, "RestApi", ms, &uid);
        row.n(self.r.random_range(20..900))
            .n(self.r.random_range(5..300))
            .s(uri)
            .s(&s.session_key)
            .s(&s.login_key);
        row.s("Standard")
            .s("S")
            .n(self.r.random_range(1_000_000..90_000_000))
            .s(entity);
        row.s(method).s("application/json").n(code).s(s.ua);
        row.n(self.r.random_range(0..600))
            .n(self.r.random_range(200..900_000).max(rows * 300))
            .n(rows);
        row.n(self.r.random_range(3..30))
            .n(self.r.random_range(0..4_000))
            .n(self.r.random_range(0..200));
        row.s(s.client).s(if s.app { APP.1 } else { "" });
        row.iso(ms + self.r.random_range(0..40))
            .b(&uid18)
            .s(&s.ip)
            .s(idd)
            .end();
        self.push(Ty::RestApi, ms, b);
        let resource = uri
            .strip_prefix("/services/data")
            .unwrap_or(uri)
            .to_string();
        self.total(w, ms, s, "REST", &resource, method, entity, code);
    }

    /// An ELF API (SOAP) row (and its ApiTotalUsage row).
    #[allow(clippy::too_many_arguments, reason = "one column each")]
    fn soap(
        &mut self,
        w: &World,
        ms: i64,
        s: &Sess,
        method: &str,
        entity: &str,
        query: &str,
        rows: u64,
    ) {
        let (uid, uid18) = self.user_ids(w, s.user);
        let org18 = text(&to18(&self.org));
        let mut b = Vec::with_capacity(512);
        let mut row = Row::new(&mut b);
        self.lead(&mut row, "API", ms, &uid);
        row.n(self.r.random_range(20..2_000))
            .n(self.r.random_range(5..400))
            .s(&format!("/services/Soap/u/58.0/{org18}"))
            .s(&s.session_key)
            .s(&s.login_key);
        row.s("Standard")
            .s("S")
            .n(self.r.random_range(1_000_000..400_000_000))
            .s("P")
            .s("58.0");
        row.s(s.client).s(method).s(entity).n(rows);
        row.n(self.r.random_range(300..9_000))
            .n(self.r.random_range(300..900_000).max(rows * 200));
        row.n(self.r.random_range(0..9_000))
            .n(self.r.random_range(0..300));
        row.s("").s(query);
        row.iso(ms + self.r.random_range(0..40))
            .b(&uid18)
            .s(&s.ip)
            .s("")
            .end();
        self.push(Ty::Api, ms, b);
        self.total(w, ms, s, "SOAP", method, "POST", entity, 200);
    }

    /// ApiTotalUsage: every API call, but the file is kept one day only (formats.md §2.6), so
    /// only the last retained day has one.
    #[allow(clippy::too_many_arguments, reason = "one column each")]
    fn total(
        &mut self,
        w: &World,
        ms: i64,
        s: &Sess,
        family: &str,
        resource: &str,
        method: &str,
        entity: &str,
        code: u64,
    ) {
        if Day::of_ms(ms) != self.last_day {
            return;
        }
        let (uid, uid18) = self.user_ids(w, s.user);
        let mut b = Vec::with_capacity(400);
        let mut row = Row::new(&mut b);
        self.lead(&mut row, "ApiTotalUsage", ms, &uid);
        row.s(family).s("58.0").s(resource).s(s.client).s(&s.ip);
        row.s(if s.app { APP.1 } else { "" })
            .s(if s.app { APP.0 } else { "" })
            .s("true")
            .s(entity)
            .s(method)
            .n(code);
        row.iso(ms).b(&uid18).end();
        self.push(Ty::ApiTotalUsage, ms, b);
    }

    /// An RTEM `ApiEvent` row; `records` are 18-char IDs for the `Records` JSON.
    #[allow(clippy::too_many_arguments, reason = "one column each")]
    fn api_event(
        &mut self,
        w: &World,
        ms: i64,
        s: &Sess,
        api_type: &str,
        op: &str,
        entity: &str,
        query: &str,
        records: Option<(&[String], u64, bool)>,
        rows: u64,
    ) {
        let (_, uid18) = self.user_ids(w, s.user);
        let name = w
            .users
            .get(s.user)
            .map(|u| u.username.clone())
            .unwrap_or_default();
        let ev = format!(
            "{}-{}-{}-{}-{}",
            self.rand(HEX, 8),
            self.rand(HEX, 4),
            self.rand(HEX, 4),
            self.rand(HEX, 4),
            self.rand(HEX, 12)
        );
        // `Records`: JSON inside the CSV value (formats.md §2.4, trap 26).
        let recs = match records {
            Some((ids, total, done)) => {
                let mut j = format!("{{\"totalSize\":{total},\"done\":{done},\"records\":[");
                for (i, id) in ids.iter().enumerate() {
                    if i > 0 {
                        j.push(',');
                    }
                    j.push_str(&format!(
                        "{{\"attributes\":{{\"type\":\"{entity}\",\"url\":\"/services/data/v58.0/sobjects/{entity}/{id}\"}},\"Id\":\"{id}\"}}"
                    ));
                }
                j.push_str("]}");
                j
            }
            None => String::new(),
        };
        let mut b = Vec::with_capacity(512 + recs.len());
        let mut row = Row::new(&mut b);
        row.s(&iso_plus(ms))
            .s(&ev)
            .b(&uid18)
            .s(&name)
            .s(&s.ip)
            .s(&s.session_key)
            .s(&s.login_key)
            .s(&s.history_id);
        row.s("STANDARD")
            .s(api_type)
            .s("58.0")
            .s(if s.user == INTEGRATION { APP.0 } else { "N/A" })
            .s(s.client)
            .s("");
        row.s(op)
            .s("Unknown")
            .s(entity)
            .s(query)
            .s(&recs)
            .n(rows)
            .n(rows);
        row.n(self.r.random_range(20..3_000)).s(s.ua).end();
        self.seq += 1;
        self.api_event.push(Line {
            ms,
            seq: self.seq,
            bytes: b,
        });
    }

    #[allow(clippy::too_many_arguments, reason = "one column each")]
    fn bulk2(
        &mut self,
        w: &World,
        ms: i64,
        s: &Sess,
        job: &Job,
        status: &str,
        processed: u64,
        mb: &str,
    ) {
        let (uid, uid18) = self.user_ids(w, s.user);
        let mut b = Vec::with_capacity(400);
        let mut row = Row::new(&mut b);
        self.lead(&mut row, "BulkApi2", ms, &uid);
        row.n(self.r.random_range(20..5_000))
            .n(self.r.random_range(5..900))
            .s(&format!("/services/data/v58.0/jobs/query/{}", job.id18))
            .s(&s.session_key)
            .s(&s.login_key);
        row.s(&job.id15)
            .s(&job.object)
            .s("query")
            .s(status)
            .n(processed)
            .n(0)
            .s(mb)
            .s("");
        row.iso(ms).b(&uid18).s(&s.ip).s(&job.id18).end();
        self.push(Ty::BulkApi2, ms, b);
    }

    fn ids18(w: &World, o: Obj, recs: &[usize]) -> Vec<String> {
        recs.iter()
            .filter_map(|&i| w.of(o).get(i))
            .map(|x| text(&to18(&x.id)))
            .collect()
    }

    pub(crate) fn build(plan: &TPlan, w: &World) -> Self {
        let mut r = stream(plan.seed, "theft-addresses", 0);
        // Indicator-style addresses (intrusions.md §2): a cloud host and a Tor exit.
        let a = ["208.68.36.90", "44.215.108.109", "3.239.45.43"]
            .get(r.random_range(0..3))
            .copied()
            .unwrap_or("208.68.36.90")
            .to_string();
        let b = if r.random_bool(0.5) {
            format!("185.220.101.{}", r.random_range(2..250))
        } else {
            format!("192.42.116.{}", r.random_range(2..250))
        };
        // The pivot: an address no list names, IPv4 or IPv6 by seed.
        let pivot = if r.random_bool(0.5) {
            format!("89.160.20.{}", r.random_range(113..127))
        } else {
            format!(
                "2a01:4f8:{:x}::{:x}",
                r.random_range(1..0xfff),
                r.random_range(2..0xffff)
            )
        };
        let vendor_ips = (0..3)
            .map(|i| format!("54.80.{}.{}", 10 + i * 7, r.random_range(2..250)))
            .collect();
        let mut s = Self {
            org: w.org,
            elf: BTreeMap::new(),
            api_event: Vec::new(),
            login_history: Vec::new(),
            last_day: plan.log_last(),
            seq: 0,
            r: stream(plan.seed, "theft-story", 0),
            ioc_ips: vec![a, b],
            ioc_agent: ACTOR_UA_B,
            pivot_ip: pivot,
            vendor_ips,
            admin_ip: format!("210.148.20.{}", r.random_range(2..250)),
            sessions: Vec::new(),
            accesses: Vec::new(),
            first_ms: 0,
            last_ms: 0,
            job: Job::default(),
            admin_job: Job::default(),
            vendor_events: 0,
            vendor_records: BTreeSet::new(),
            vendor_logins: 0,
        };
        // One random stream per part, so that the noise (`--scale`) never changes the planted
        // facts, keys and request IDs included.
        s.r = stream(plan.seed, "theft-intrusion", 0);
        s.intrusion(plan, w);
        s.r = stream(plan.seed, "theft-admin", 0);
        s.admin(plan, w);
        s.r = stream(plan.seed, "theft-vendor", 0);
        s.vendor(plan, w);
        s.r = stream(plan.seed, "theft-staff", 0);
        s.staff(plan, w);
        for v in s.elf.values_mut() {
            v.sort_by_key(|l| (l.ms, l.seq));
        }
        s.api_event.sort_by_key(|l| (l.ms, l.seq));
        s.login_history.sort_by_key(|l| (l.ms, l.seq));
        s
    }

    /// The vendor's scheduled sync: a refresh-token login, a REST query of recently changed
    /// Contacts, a SOAP query of Leads, an update, from the vendor's three usual addresses.
    fn vendor(&mut self, plan: &TPlan, w: &World) {
        let cycles = ((24.0 * plan.noise).round() as i64).max(1);
        let step = DAY_MS / cycles;
        let days: Vec<Day> = plan.days().collect();
        for day in days {
            for c in 0..cycles {
                let ms = day.ms() + c * step + self.r.random_range(0..(step / 4).max(1));
                let ip = self
                    .vendor_ips
                    .get((c % 3) as usize)
                    .cloned()
                    .unwrap_or_default();
                let s = self.sess(INTEGRATION, &ip, VENDOR_UA, "Drift/4.2");
                self.login(w, ms, &s, "oauthrefreshtoken", APP.0);
                self.vendor_logins += 1;
                let since = iso(ms - 3_600_000);
                for (k, (o, q)) in [
                    (
                        Obj::Contact,
                        format!(
                            "SELECT Id, Email, Phone, LastModifiedDate FROM Contact WHERE LastModifiedDate > {since}"
                        ),
                    ),
                    (
                        Obj::Lead,
                        format!(
                            "SELECT Id, Email, Status FROM Lead WHERE LastModifiedDate > {since}"
                        ),
                    ),
                ]
                .into_iter()
                .enumerate()
                {
                    let t = ms + 2_000 + k as i64 * 3_000;
                    let existing: Vec<usize> = w.before(o, t).map(|(i, _)| i).collect();
                    let n = self.r.random_range(0..12usize).min(existing.len());
                    let mut picked = BTreeSet::new();
                    for _ in 0..n {
                        if let Some(&i) = existing.get(self.r.random_range(0..existing.len())) {
                            picked.insert(i);
                        }
                    }
                    let recs: Vec<usize> = picked.into_iter().collect();
                    for &i in &recs {
                        self.vendor_records.insert((o, i));
                    }
                    let ids = Self::ids18(w, o, &recs);
                    let rows = ids.len() as u64;
                    if k == 0 {
                        self.rest(w, t, &s, "GET", "/services/data/v58.0/query", o.name(), 200, rows, "");
                        self.api_event(w, t, &s, "REST", "Query", o.name(), &q, Some((&ids, rows, true)), rows);
                    } else {
                        self.soap(w, t, &s, "query", o.name(), &q, rows);
                        self.api_event(w, t, &s, "SOAP Partner", "Query", o.name(), &q, Some((&ids, rows, true)), rows);
                    }
                    self.vendor_events += 1;
                }
                // One write back.
                let leads: Vec<usize> = w.before(Obj::Lead, ms).map(|(i, _)| i).collect();
                if let Some(&i) = leads.get(self.r.random_range(0..leads.len().max(1))) {
                    let id = Self::ids18(w, Obj::Lead, &[i]).concat();
                    let uri = format!("/services/data/v58.0/sobjects/Lead/{id}");
                    self.rest(w, ms + 9_000, &s, "PATCH", &uri, "Lead", 204, 1, &id);
                }
            }
        }
    }

    /// Staff signing in to the UI from the office.
    fn staff(&mut self, plan: &TPlan, w: &World) {
        let n = ((8.0 * plan.noise).round() as i64).max(1);
        let days: Vec<Day> = plan.days().collect();
        for day in days {
            for _ in 0..n {
                let u = FIRST_STAFF + self.r.random_range(0..STAFF);
                let ip = format!("210.148.21.{}", 10 + u);
                let ms = super::at_hours(&mut self.r, day, 0, 9) + self.r.random_range(0..1_000);
                let s = self.sess(u, &ip, STAFF_UA, "");
                self.login(w, ms, &s, "", "Browser");
            }
        }
    }

    /// The administrator's own Bulk API 2.0 export of Contacts, in office hours (JST), kept.
    fn admin(&mut self, plan: &TPlan, w: &World) {
        let ms = plan.admin_day.ms() + 2 * 3_600_000 + self.r.random_range(0..3_600) * 1_000;
        let ip = self.admin_ip.clone();
        let s = self.sess(ADMIN, &ip, ADMIN_UA, "DataLoaderBulkUI/64.0.0");
        self.login(w, ms, &s, "oauthpassword", "Data Loader");
        let n = w.before(Obj::Contact, ms).count() as u64;
        let job = Job {
            id15: text(&id15("750", 40_000 + self.r.random_range(0..900u64))),
            id18: String::new(),
            object: "Contact".into(),
            records: n,
            completed_ms: ms + 95_000,
            deleted_ms: None,
            ip: ip.clone(),
            user: ADMIN,
        };
        let job = Job {
            id18: text(&to18(&id15_from(&job.id15))),
            ..job
        };
        self.rest(
            w,
            ms + 20_000,
            &s,
            "POST",
            "/services/data/v58.0/jobs/query",
            "Contact",
            200,
            0,
            "",
        );
        self.bulk2(w, ms + 21_000, &s, &job, "UploadComplete", 0, "0");
        self.bulk2(w, ms + 30_000, &s, &job, "InProgress", 0, "0");
        self.bulk2(w, ms + 95_000, &s, &job, "JobComplete", n, &mb(n));
        let uri = format!("/services/data/v58.0/jobs/query/{}/results", job.id18);
        self.rest(w, ms + 100_000, &s, "GET", &uri, "Contact", 200, n, "");
        self.admin_job = job;
    }

    /// The intrusion (intrusions.md §1 shape A, §2 behaviour).
    fn intrusion(&mut self, plan: &TPlan, w: &World) {
        let t0 = plan.t0;
        let ip_a = self.ioc_ips.first().cloned().unwrap_or_default();
        let ip_b = self.ioc_ips.get(1).cloned().unwrap_or_default();
        let a = self.sess(INTEGRATION, &ip_a, ACTOR_UA, "");
        self.login(w, t0, &a, "oauthrefreshtoken", APP.0);
        self.first_ms = t0;
        let mut pivot_sess = a.clone();
        pivot_sess.ip = self.pivot_ip.clone();
        // Reconnaissance: the API's catalogue, limits, a describe.
        let recon = [
            (25_000, "/services/data/v58.0/sobjects/", ""),
            (31_000, "/services/data/v58.0/limits/", ""),
            (
                40_000,
                "/services/data/v58.0/sobjects/Case/describe/",
                "Case",
            ),
        ];
        for (dt, uri, entity) in recon {
            self.rest(w, t0 + dt, &a, "GET", uri, entity, 200, 0, "");
            self.access(
                t0 + dt,
                &a,
                "RestApi",
                entity,
                uri,
                0,
                Strength::Nothing,
                Vec::new(),
                Vec::new(),
            );
        }
        // `SELECT COUNT()` across objects within minutes: a count, no record.
        let users = w.users.len() as u64;
        let opps = 40 + plan.seed % 200;
        let mut t = t0 + 60_000;
        for o in ["Account", "Contact", "User", "Case", "Opportunity", "Lead"] {
            let n = match o {
                "User" => users,
                "Opportunity" => opps,
                other => Obj::ALL
                    .iter()
                    .find(|x| x.name() == other)
                    .map_or(0, |x| w.before(*x, t).count() as u64),
            };
            let q = format!("SELECT COUNT() FROM {o}");
            self.soap(w, t, &a, "query", o, &q, n);
            self.api_event(w, t, &a, "SOAP Partner", "Query", o, &q, None, n);
            self.access(
                t,
                &a,
                "API+ApiEvent",
                o,
                &q,
                n,
                Strength::Nothing,
                Vec::new(),
                Vec::new(),
            );
            t += self.r.random_range(15_000..40_000);
        }
        // Cases by REST query, pages of 200 (the smallest batch size): the IDs are in ApiEvent `Records`.
        let t_case = t0 + 6 * MIN;
        let case_q = "SELECT Id, CaseNumber, Subject, Description, SuppliedName, SuppliedEmail, SuppliedPhone FROM Case WHERE Origin = 'Web'";
        let web: Vec<usize> = w
            .before(Obj::Case, t_case)
            .filter(|(_, c)| c.get("Origin") == "Web")
            .map(|(i, _)| i)
            .collect();
        let total = web.len() as u64;
        let locator = text(&to18(&id15("01g", 7_000 + self.r.random_range(0..900u64))));
        let fields = select_fields(case_q);
        for (p, page) in web.chunks(200).enumerate() {
            let tp = t_case + p as i64 * 7_000;
            let ids = Self::ids18(w, Obj::Case, page);
            let rows = ids.len() as u64;
            let uri = if p == 0 {
                "/services/data/v58.0/query".to_string()
            } else {
                format!("/services/data/v58.0/query/{locator}-{}", p * 200)
            };
            let done = (p + 1) * 200 >= web.len();
            self.rest(w, tp, &a, "GET", &uri, "Case", 200, rows, "");
            self.api_event(
                w,
                tp,
                &a,
                "REST",
                if p == 0 { "Query" } else { "QueryMore" },
                "Case",
                case_q,
                Some((&ids, total, done)),
                rows,
            );
            self.access(
                tp,
                &a,
                "RestApi+ApiEvent",
                "Case",
                case_q,
                rows,
                Strength::LoggedIds,
                page.to_vec(),
                fields.clone(),
            );
        }
        // The same session from an address no indicator names: one Case at a time.
        let all_case_fields: Vec<String> = Obj::Case
            .header()
            .iter()
            .map(|f| (*f).to_string())
            .collect();
        let mut tp = t0 + 9 * MIN;
        for &i in &w.pivot_cases {
            let id = Self::ids18(w, Obj::Case, &[i]).concat();
            let uri = format!("/services/data/v58.0/sobjects/Case/{id}");
            self.rest(w, tp, &pivot_sess, "GET", &uri, "Case", 200, 1, &id);
            self.access(
                tp,
                &pivot_sess,
                "RestApi",
                "Case",
                &uri,
                1,
                Strength::LoggedIds,
                vec![i],
                all_case_fields.clone(),
            );
            tp += self.r.random_range(3_000..9_000);
        }
        // Contacts by SOQL with a date literal: the query and the row count only.
        let t_contact = t0 + 12 * MIN;
        let (y, m, d) = plan.cutoff.civil();
        let contact_q = format!(
            "SELECT Id, FirstName, LastName, Email, Phone FROM Contact WHERE CreatedDate < {y:04}-{m:02}-{d:02}T00:00:00Z"
        );
        let recs: Vec<usize> = w
            .before(Obj::Contact, t_contact.min(plan.cutoff.ms()))
            .map(|(i, _)| i)
            .collect();
        let rows = recs.len() as u64;
        self.soap(w, t_contact, &a, "query", "Contact", &contact_q, rows);
        self.api_event(
            w,
            t_contact,
            &a,
            "SOAP Partner",
            "Query",
            "Contact",
            &contact_q,
            None,
            rows,
        );
        self.access(
            t_contact,
            &a,
            "API+ApiEvent",
            "Contact",
            &contact_q,
            rows,
            Strength::Evaluated,
            recs,
            select_fields(&contact_q),
        );
        // Leads by SOQL with `IN`: records created later match too, but did not exist yet.
        let t_lead = t0 + 15 * MIN;
        let lead_q = format!(
            "SELECT Id, FirstName, LastName, Company, Email, Phone, Description FROM Lead WHERE Status IN ('{}', '{}')",
            OPEN_LEAD[0], OPEN_LEAD[1]
        );
        let recs: Vec<usize> = w
            .before(Obj::Lead, t_lead)
            .filter(|(_, l)| OPEN_LEAD.contains(&l.get("Status")))
            .map(|(i, _)| i)
            .collect();
        let rows = recs.len() as u64;
        self.soap(w, t_lead, &a, "query", "Lead", &lead_q, rows);
        self.api_event(
            w,
            t_lead,
            &a,
            "SOAP Partner",
            "Query",
            "Lead",
            &lead_q,
            None,
            rows,
        );
        self.access(
            t_lead,
            &a,
            "API+ApiEvent",
            "Lead",
            &lead_q,
            rows,
            Strength::Evaluated,
            recs,
            select_fields(&lead_q),
        );
        let mut pivot_ips = BTreeSet::new();
        pivot_ips.insert(a.ip.clone());
        pivot_ips.insert(self.pivot_ip.clone());
        self.sessions.push((a, t0, pivot_ips));
        // A second login from a Tor exit: a Bulk API 2.0 job over every Account, deleted.
        let t_b = t0 + 70 * MIN;
        let bsess = self.sess(INTEGRATION, &ip_b, ACTOR_UA_B, "");
        self.login(w, t_b, &bsess, "oauthrefreshtoken", APP.0);
        let t_job = t_b + MIN;
        let recs: Vec<usize> = w.before(Obj::Account, t_job).map(|(i, _)| i).collect();
        let n = recs.len() as u64;
        let id15s = text(&id15("750", 60_000 + self.r.random_range(0..900u64)));
        let job = Job {
            id18: text(&to18(&id15_from(&id15s))),
            id15: id15s,
            object: "Account".into(),
            records: n,
            completed_ms: t_job + 2 * MIN,
            deleted_ms: Some(t_job + 3 * MIN + 41_000),
            ip: ip_b.clone(),
            user: INTEGRATION,
        };
        self.rest(
            w,
            t_job,
            &bsess,
            "POST",
            "/services/data/v58.0/jobs/query",
            "Account",
            200,
            0,
            "",
        );
        self.bulk2(w, t_job + 1_000, &bsess, &job, "UploadComplete", 0, "0");
        self.bulk2(w, t_job + 5_000, &bsess, &job, "InProgress", 0, "0");
        self.bulk2(w, job.completed_ms, &bsess, &job, "JobComplete", n, &mb(n));
        let results = format!("/services/data/v58.0/jobs/query/{}/results", job.id18);
        let t_res = t_job + 3 * MIN;
        self.rest(w, t_res, &bsess, "GET", &results, "Account", 200, n, "");
        let all_account: Vec<String> = Obj::Account
            .header()
            .iter()
            .map(|f| (*f).to_string())
            .collect();
        self.access(
            job.completed_ms,
            &bsess,
            "BulkApi2",
            "Account",
            &format!("Bulk API 2.0 query job {}", job.id15),
            n,
            Strength::CountOnly,
            recs,
            all_account,
        );
        let del = format!("/services/data/v58.0/jobs/query/{}", job.id18);
        let t_del = t_job + 3 * MIN + 40_000;
        self.rest(w, t_del, &bsess, "DELETE", &del, "Account", 204, 0, "");
        let deleted = job.deleted_ms.unwrap_or(t_del + 1_000);
        self.bulk2(w, deleted, &bsess, &job, "Deleted", n, &mb(n));
        self.last_ms = deleted;
        let mut ips = BTreeSet::new();
        ips.insert(bsess.ip.clone());
        self.sessions.push((bsess, t_b, ips));
        self.job = job;
    }

    #[allow(clippy::too_many_arguments, reason = "one field each")]
    fn access(
        &mut self,
        ms: i64,
        s: &Sess,
        source: &'static str,
        object: &str,
        request: &str,
        rows: u64,
        strength: Strength,
        recs: Vec<usize>,
        fields: Vec<String>,
    ) {
        self.accesses.push(Access {
            ms,
            ip: s.ip.clone(),
            login_key: s.login_key.clone(),
            source,
            object: object.to_string(),
            request: request.to_string(),
            rows,
            strength,
            recs,
            fields,
        });
    }
}

/// The fields of a `SELECT … FROM` list.
fn select_fields(q: &str) -> Vec<String> {
    let body = q
        .strip_prefix("SELECT ")
        .and_then(|x| x.split(" FROM ").next())
        .unwrap_or("");
    body.split(',').map(|f| f.trim().to_string()).collect()
}

fn mb(n: u64) -> String {
    format!("{:.2}", n as f64 * 0.0011)
}

fn id15_from(s: &str) -> [u8; 15] {
    let mut out = [b'0'; 15];
    for (o, b) in out.iter_mut().zip(s.bytes()) {
        *o = b;
    }
    out
}
