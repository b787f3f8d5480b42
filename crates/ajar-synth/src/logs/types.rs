//! AuraRequest, API and Login rows, and helpers every type uses. Column sets follow the EventLogFile
//! supported-event-types reference (formats.md §2.1–2.3, S5) and, for Login, the 34-column
//! header of `testdata/samples/logs/newrelic__newrelic-salesforce-exporter/.../login_logs_sample.csv`.

use super::ctx::{AGENTS, Ctx, lead};
use super::sink::Sink;
use crate::SynthError;
use crate::csvw::Row;
use crate::ids::to18;
use crate::plan::OBJECT;
use crate::world::{GUEST, INTEGRATION, Plant};
use rand::Rng as _;

pub(crate) const AURA_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\",\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"USER_TYPE\",\"REQUEST_STATUS\",\"DB_TOTAL_TIME\",\"ACTION_MESSAGE\",\"ACTION_MESSAGE_LENGTH\",\"REQUEST_METHOD\",\"USER_AGENT\",\"EASY_SUITE_VALUE\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\"\n";
pub(crate) const API_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\",\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"USER_TYPE\",\"REQUEST_STATUS\",\"DB_TOTAL_TIME\",\"API_TYPE\",\"API_VERSION\",\"CLIENT_NAME\",\"METHOD_NAME\",\"ENTITY_NAME\",\"ROWS_PROCESSED\",\"REQUEST_SIZE\",\"RESPONSE_SIZE\",\"DB_BLOCKS\",\"DB_CPU_TIME\",\"EXCEPTION_MESSAGE\",\"QUERY\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\"\n";
pub(crate) const LOGIN_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\",\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"USER_TYPE\",\"REQUEST_STATUS\",\"DB_TOTAL_TIME\",\"LOGIN_TYPE\",\"BROWSER_TYPE\",\"API_TYPE\",\"API_VERSION\",\"USER_NAME\",\"TLS_PROTOCOL\",\"CIPHER_SUITE\",\"USE_API_TOKEN\",\"HTTP_REFERER\",\"LOGIN_URL\",\"COUNTRY_CODE\",\"AUTHENTICATION_METHOD_REFERENCE\",\"LOGIN_SUB_TYPE\",\"AUTHENTICATION_SERVICE_ID\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\",\"LOGIN_STATUS\",\"SOURCE_IP\",\"FORWARDED_FOR_IP\"\n";

/// Writes an optional `TIMESTAMP_DERIVED`.
pub(crate) fn derived(row: &mut Row<'_>, d: Option<i64>) {
    match d {
        Some(ms) => row.iso(ms),
        None => row.s(""),
    };
}

/// The ID as a planted request wrote it (15 or 18 characters).
pub(crate) fn planted_id(p: &Plant) -> Vec<u8> {
    if p.short {
        p.id.to_vec()
    } else {
        to18(&p.id).to_vec()
    }
}

/// `URI_ID_DERIVED`: the 18-char ID, except for requests that found nothing.
pub(crate) fn derived_id(p: &Plant) -> Vec<u8> {
    if p.status == b'N' {
        Vec::new()
    } else {
        to18(&p.id).to_vec()
    }
}

const STAFF_ACTIONS: &[&str] = &[
    "1$aura://RecordUiController/ACTION$getRecordWithFields=38;2$serviceComponent://ui.force.components.controllers.recordGlobalValueProvider.RecordGvpController/ACTION$getRecord=12",
    "1$aura://ListUiController/ACTION$getListInfoByName=21;2$aura://ListUiController/ACTION$getListUi=96",
    "1$serviceComponent://ui.global.components.one.one.controller.OneController/ACTION$getCurrentApp=58",
];
const GUEST_ACTIONS: &[&str] = &[
    "1$aura://HostConfigController/ACTION$getConfigData=3",
    "1$serviceComponent://ui.communities.components.aura.components.forceCommunity.seoAssistant.SeoAssistantController/ACTION$getSeoData=2",
];

pub(crate) fn aura(cx: &mut Ctx<'_>, sink: &mut Sink) -> Result<u64, SynthError> {
    let mut buf = Vec::with_capacity(1 << 17);
    buf.extend_from_slice(AURA_HEADER.as_bytes());
    let n = cx.rows(2);
    for i in 0..n {
        let t = cx.at(i, n);
        let guest = cx.r.random_range(0..4) == 0;
        let user = if guest { GUEST } else { cx.staff() };
        let req = cx.request_id();
        let (uid, uid18) = cx.user_ids(user);
        let d = cx.derived(t);
        let list = if guest { GUEST_ACTIONS } else { STAFF_ACTIONS };
        let msg = list
            .get(cx.r.random_range(0..list.len()))
            .copied()
            .unwrap_or("");
        let mut row = Row::new(&mut buf);
        lead(&mut row, "AuraRequest", t, &req, &cx.org, &uid);
        row.n(cx.r.random_range(20..3_000))
            .n(cx.r.random_range(5..900));
        if guest {
            let ip = if cx.r.random_range(0..20) == 0 {
                cx.abroad
                    .get(cx.r.random_range(0..cx.abroad.len()))
                    .cloned()
            } else {
                cx.jp.get(cx.r.random_range(0..cx.jp.len())).cloned()
            }
            .unwrap_or_default();
            row.s("/s/sfsites/aura")
                .s("")
                .s("")
                .s("Guest")
                .s("")
                .n(cx.r.random_range(100_000..9_000_000));
            row.s(msg).n(cx.r.random_range(900..4_000)).s("POST");
            row.s(AGENTS
                .get(4 + cx.r.random_range(0..3))
                .copied()
                .unwrap_or(""))
                .s("");
            derived(&mut row, d);
            row.b(&uid18).s(&ip).s("").end();
        } else {
            let keys = cx
                .staff_keys
                .get(user)
                .copied()
                .unwrap_or(([b'A'; 16], [b'A'; 16]));
            let ip = cx.staff_ip.get(user).cloned().unwrap_or_default();
            row.s("/aura")
                .b(&keys.0)
                .b(&keys.1)
                .s("Standard")
                .s("")
                .n(cx.r.random_range(1_000_000..900_000_000));
            row.s(msg)
                .n(cx.r.random_range(2_000..300_000))
                .s("POST")
                .s(AGENTS.get(7).copied().unwrap_or(""))
                .s("");
            derived(&mut row, d);
            row.b(&uid18).s(&ip).s("").end();
        }
        sink.maybe(&mut buf)?;
    }
    sink.put(&mut buf)?;
    Ok(n)
}

pub(crate) fn api(cx: &mut Ctx<'_>, sink: &mut Sink) -> Result<u64, SynthError> {
    let mut buf = Vec::with_capacity(1 << 17);
    buf.extend_from_slice(API_HEADER.as_bytes());
    let n = cx.rows(5);
    let (y, m, d0) = cx.day.plus(-7).civil();
    let query = format!(
        "SELECT Id, Name, Status__c, LastModifiedDate FROM {OBJECT} WHERE LastModifiedDate > {y:04}-{m:02}-{d0:02}T00:00:00Z"
    );
    let uri = format!(
        "/services/Soap/c/49.0/{}",
        String::from_utf8_lossy(&cx.org18)
    );
    for i in 0..n {
        let t = cx.at(i, n);
        let req = cx.request_id();
        let (uid, uid18) = cx.user_ids(INTEGRATION);
        let keys = cx
            .staff_keys
            .get(INTEGRATION)
            .copied()
            .unwrap_or(([b'A'; 16], [b'A'; 16]));
        let d = cx.derived(t);
        let method = ["query", "queryMore", "update", "describeSObject"]
            .get(cx.r.random_range(0..4usize))
            .copied()
            .unwrap_or("query");
        let ip = if cx.r.random_range(0..4) == 0 {
            String::from("Salesforce.com IP")
        } else {
            cx.staff_ip.get(INTEGRATION).cloned().unwrap_or_default()
        };
        let mut row = Row::new(&mut buf);
        lead(&mut row, "API", t, &req, &cx.org, &uid);
        row.n(cx.r.random_range(20..2_000))
            .n(cx.r.random_range(5..400))
            .s(&uri)
            .b(&keys.0)
            .b(&keys.1);
        row.s("Standard")
            .s("S")
            .n(cx.r.random_range(1_000_000..400_000_000))
            .s("E")
            .s("49.0");
        row.s("DataLoaderBatch/49.0.0")
            .s(method)
            .s(OBJECT)
            .n(cx.r.random_range(0..2_000));
        row.n(cx.r.random_range(300..9_000))
            .n(cx.r.random_range(300..900_000));
        row.n(cx.r.random_range(0..9_000))
            .n(cx.r.random_range(0..300));
        row.s("").s(if method == "query" { &query } else { "" });
        derived(&mut row, d);
        row.b(&uid18).s(&ip).s("").end();
        sink.maybe(&mut buf)?;
    }
    sink.put(&mut buf)?;
    Ok(n)
}

pub(crate) fn login(cx: &mut Ctx<'_>, sink: &mut Sink) -> Result<u64, SynthError> {
    let mut buf = Vec::with_capacity(1 << 16);
    buf.extend_from_slice(LOGIN_HEADER.as_bytes());
    let n = cx.rows(6);
    for i in 0..n {
        let t = cx.at(i, n);
        let integ = cx.r.random_range(0..6) == 0;
        let user = if integ { INTEGRATION } else { cx.staff() };
        let travelling = !integ && user == crate::world::FIRST_STAFF && cx.r.random_bool(0.5);
        let failed = cx.r.random_range(0..25) == 0;
        let req = cx.request_id();
        let (uid, uid18) = cx.user_ids(user);
        let keys = cx
            .staff_keys
            .get(user)
            .copied()
            .unwrap_or(([b'A'; 16], [b'A'; 16]));
        let d = cx.derived(t);
        let ip = if travelling {
            cx.traveller_ip.clone()
        } else {
            cx.staff_ip.get(user).cloned().unwrap_or_default()
        };
        let name = cx
            .world
            .users
            .get(user)
            .map(|u| u.username.clone())
            .unwrap_or_default();
        let mut row = Row::new(&mut buf);
        lead(&mut row, "Login", t, &req, &cx.org, &uid);
        row.n(cx.r.random_range(50..400))
            .n(cx.r.random_range(10..80));
        row.s(if integ {
            "/services/oauth2/token"
        } else {
            "/index.jsp"
        })
        .s("");
        row.b(if failed { b"" } else { &keys.1 })
            .s("Standard")
            .s(if failed { "F" } else { "S" });
        row.n(cx.r.random_range(1_000_000..150_000_000))
            .s(if integ { "R" } else { "Application" });
        row.s(if integ { "" } else { "Chrome 86" })
            .s("")
            .s(if integ { "49.0" } else { "" })
            .s(&name);
        row.s("TLSv1.2")
            .s("ECDHE-RSA-AES256-GCM-SHA384")
            .s("F")
            .s("");
        row.s("emoney-rescue.my.salesforce.com")
            .s(if travelling { "SG" } else { "JP" })
            .s("");
        row.s(if integ { "oauthpassword" } else { "" }).s("");
        derived(&mut row, d);
        row.b(&uid18).s(&ip).s("");
        row.s(if failed {
            "LOGIN_ERROR_INVALID_PASSWORD"
        } else {
            "LOGIN_NO_ERROR"
        })
        .s(&ip);
        if travelling {
            // A proxy chain: one quoted field holding a comma (formats.md §3 trap 23).
            let fwd = format!("{ip},10.0.0.12");
            row.s(&fwd);
        } else {
            row.s("");
        }
        row.end();
        sink.maybe(&mut buf)?;
    }
    sink.put(&mut buf)?;
    Ok(n)
}
