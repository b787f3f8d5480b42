//! URI and RestApi rows: where guest record reads show their IDs (formats.md §2.3: `/<id>` and
//! `/services/data/vXX.X/sobjects/<Object>/<id>`, `URI_ID_DERIVED`). Column sets follow the
//! EventLogFile supported-event-types reference (formats.md §2.1, S5).

use super::ctx::{AGENTS, Ctx, lead};
use super::sink::Sink;
use super::types::{derived, derived_id, planted_id};
use crate::SynthError;
use crate::csvw::Row;
use crate::ids::to18;
use crate::plan::OBJECT;
use crate::world::{GUEST, INTEGRATION, Plant, Via};
use rand::Rng as _;

pub(crate) const URI_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\",\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"USER_TYPE\",\"REQUEST_STATUS\",\"DB_TOTAL_TIME\",\"REFERRER_URI\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\"\n";
pub(crate) const REST_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\",\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"USER_TYPE\",\"REQUEST_STATUS\",\"DB_TOTAL_TIME\",\"ENTITY_NAME\",\"METHOD\",\"MEDIA_TYPE\",\"STATUS_CODE\",\"USER_AGENT\",\"REQUEST_SIZE\",\"RESPONSE_SIZE\",\"ROWS_PROCESSED\",\"NUMBER_FIELDS\",\"DB_BLOCKS\",\"DB_CPU_TIME\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\"\n";

pub(crate) fn uri(cx: &mut Ctx<'_>, sink: &mut Sink, plants: &[Plant]) -> Result<u64, SynthError> {
    let mut buf = Vec::with_capacity(1 << 17);
    buf.extend_from_slice(URI_HEADER.as_bytes());
    let n = cx.rows(0);
    let mut pending = plants.iter().filter(|p| p.via == Via::Uri).peekable();
    let mut written = 0;
    let mut path = Vec::with_capacity(96);
    let mut idd = Vec::with_capacity(18);
    for i in 0..=n {
        let t = if i < n { cx.at(i, n) } else { i64::MAX };
        while let Some(p) = pending.next_if(|p| p.ms <= t) {
            let req = cx.request_id();
            let (uid, uid18) = cx.user_ids(GUEST);
            let d = cx.derived(p.ms);
            path.clear();
            path.push(b'/');
            path.extend_from_slice(&planted_id(p));
            let mut row = Row::new(&mut buf);
            lead(&mut row, "URI", p.ms, &req, &cx.org, &uid);
            row.n(cx.r.random_range(20..400))
                .n(cx.r.random_range(5..80))
                .b(&path)
                .s("")
                .s("");
            row.s("Guest")
                .b(&[p.status])
                .n(cx.r.random_range(1_000_000..30_000_000))
                .s("");
            derived(&mut row, d);
            row.b(&uid18).s(&p.ip).b(&derived_id(p)).end();
            written += 1;
        }
        if i == n {
            break;
        }
        let roll = cx.r.random_range(0..100);
        let (user, ip_guest) = if roll >= 92 {
            (GUEST, true)
        } else {
            (cx.staff(), false)
        };
        path.clear();
        idd.clear();
        match roll {
            0..70 | 88..92 => {
                if let Some(id) = cx.app_at(t) {
                    path.push(b'/');
                    path.extend_from_slice(&id);
                    idd.extend_from_slice(&to18(&id));
                } else {
                    path.extend_from_slice(b"/home/home.jsp");
                }
            }
            70..80 => {
                if let Some(id) = cx.app_at(t) {
                    let id18 = to18(&id);
                    path.extend_from_slice(b"/lightning/r/");
                    path.extend_from_slice(OBJECT.as_bytes());
                    path.push(b'/');
                    path.extend_from_slice(&id18);
                    path.extend_from_slice(b"/view");
                    idd.extend_from_slice(&id18);
                } else {
                    path.extend_from_slice(b"/lightning/page/home");
                }
            }
            80..86 => path.extend_from_slice(b"/a0B/o"),
            86..88 => path.extend_from_slice(b"/home/home.jsp"),
            92..97 => path.push(b'/'),
            _ => path.extend_from_slice(b"/favicon.ico"),
        }
        let req = cx.request_id();
        let (uid, uid18) = cx.user_ids(user);
        let d = cx.derived(t);
        let ip: String = if ip_guest {
            cx.jp
                .get(cx.r.random_range(0..cx.jp.len()))
                .cloned()
                .unwrap_or_default()
        } else if (88..92).contains(&roll) {
            cx.traveller_ip.clone()
        } else {
            cx.staff_ip.get(user).cloned().unwrap_or_default()
        };
        let keys = cx
            .staff_keys
            .get(user)
            .copied()
            .unwrap_or(([b'A'; 16], [b'A'; 16]));
        let status: &[u8] = if cx.r.random_range(0..40) == 0 {
            b"R"
        } else {
            b"S"
        };
        let mut row = Row::new(&mut buf);
        lead(&mut row, "URI", t, &req, &cx.org, &uid);
        row.n(cx.r.random_range(20..900))
            .n(cx.r.random_range(5..300))
            .b(&path);
        if ip_guest {
            row.s("").s("").s("Guest");
        } else {
            row.b(&keys.0).b(&keys.1).s("Standard");
        }
        row.b(status)
            .n(cx.r.random_range(1_000_000..90_000_000))
            .s(if ip_guest { "" } else { "/home/home.jsp" });
        derived(&mut row, d);
        row.b(&uid18).s(&ip).b(&idd).end();
        written += 1;
        sink.maybe(&mut buf)?;
    }
    sink.put(&mut buf)?;
    Ok(written)
}

pub(crate) fn rest(cx: &mut Ctx<'_>, sink: &mut Sink, plants: &[Plant]) -> Result<u64, SynthError> {
    let mut buf = Vec::with_capacity(1 << 17);
    buf.extend_from_slice(REST_HEADER.as_bytes());
    let n = cx.rows(1);
    let mut pending = plants.iter().filter(|p| p.via == Via::Rest).peekable();
    let mut written = 0;
    let mut path = Vec::with_capacity(96);
    let base = b"/services/data/v49.0/sobjects/";
    for i in 0..=n {
        let t = if i < n { cx.at(i, n) } else { i64::MAX };
        while let Some(p) = pending.next_if(|p| p.ms <= t) {
            let req = cx.request_id();
            let (uid, uid18) = cx.user_ids(GUEST);
            let d = cx.derived(p.ms);
            path.clear();
            path.extend_from_slice(base);
            path.extend_from_slice(OBJECT.as_bytes());
            path.push(b'/');
            path.extend_from_slice(&planted_id(p));
            let (code, rows) = match p.status {
                b'S' => (200, 1),
                b'A' => (403, 0),
                _ => (404, 0),
            };
            let mut row = Row::new(&mut buf);
            lead(&mut row, "RestApi", p.ms, &req, &cx.org, &uid);
            row.n(cx.r.random_range(20..200))
                .n(cx.r.random_range(5..60))
                .b(&path)
                .s("")
                .s("");
            row.s("Guest")
                .b(&[p.status])
                .n(cx.r.random_range(1_000_000..20_000_000));
            row.s(OBJECT).s("GET").s("application/json").n(code);
            row.s(AGENTS.get(p.agent).copied().unwrap_or(""))
                .n(0)
                .n(cx.r.random_range(300..1_400));
            row.n(rows)
                .n(if rows > 0 { 12 } else { 0 })
                .n(cx.r.random_range(0..900))
                .n(cx.r.random_range(0..40));
            derived(&mut row, d);
            row.b(&uid18).s(&p.ip).b(&derived_id(p)).end();
            written += 1;
        }
        if i == n {
            break;
        }
        let req = cx.request_id();
        let (uid, uid18) = cx.user_ids(INTEGRATION);
        let keys = cx
            .staff_keys
            .get(INTEGRATION)
            .copied()
            .unwrap_or(([b'A'; 16], [b'A'; 16]));
        let d = cx.derived(t);
        let update = cx.r.random_range(0..5) == 0;
        let target = if update { cx.app_at(t) } else { None };
        path.clear();
        let mut idd = Vec::new();
        match target {
            Some(id) => {
                path.extend_from_slice(base);
                path.extend_from_slice(OBJECT.as_bytes());
                path.push(b'/');
                idd.extend_from_slice(&to18(&id));
                path.extend_from_slice(&idd);
            }
            None => path.extend_from_slice(b"/services/data/v49.0/query"),
        }
        let ip = if cx.r.random_range(0..3) == 0 {
            String::from("Salesforce.com IP")
        } else {
            cx.staff_ip.get(INTEGRATION).cloned().unwrap_or_default()
        };
        let mut row = Row::new(&mut buf);
        lead(&mut row, "RestApi", t, &req, &cx.org, &uid);
        row.n(cx.r.random_range(20..600))
            .n(cx.r.random_range(5..200))
            .b(&path)
            .b(&keys.0)
            .b(&keys.1);
        row.s("Standard")
            .s("S")
            .n(cx.r.random_range(1_000_000..60_000_000))
            .s(OBJECT);
        row.s(if target.is_some() { "PATCH" } else { "GET" })
            .s("application/json");
        row.n(if target.is_some() { 204 } else { 200 });
        // A client that puts quotes in its agent string: RFC 4180 doubling (formats.md §3 trap 19).
        row.s("SFDC-Integration/2.3 (\"nightly-sync\")")
            .n(cx.r.random_range(0..600));
        row.n(cx.r.random_range(200..90_000))
            .n(if target.is_some() {
                1
            } else {
                cx.r.random_range(0..200)
            });
        row.n(cx.r.random_range(3..20))
            .n(cx.r.random_range(0..4_000))
            .n(cx.r.random_range(0..200));
        derived(&mut row, d);
        row.b(&uid18).s(&ip).b(&idd).end();
        written += 1;
        sink.maybe(&mut buf)?;
    }
    sink.put(&mut buf)?;
    Ok(written)
}
