//! VisualforceRequest rows and the ApexExecution rows of the same requests (same `REQUEST_ID`;
//! ApexExecution has no `USER_TYPE`, formats.md §2.2), plus an hourly batch job.

use super::ctx::{AGENTS, Ctx, lead};
use super::sink::Sink;
use super::types::{derived, planted_id};
use crate::SynthError;
use crate::csvw::Row;
use crate::plan::DAY_MS;
use crate::world::{GUEST, INTEGRATION, Plant, Via};
use rand::Rng as _;

pub(crate) const VF_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\",\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"USER_TYPE\",\"REQUEST_STATUS\",\"DB_TOTAL_TIME\",\"PAGE_NAME\",\"REQUEST_TYPE\",\"IS_FIRST_REQUEST\",\"QUERY\",\"HTTP_METHOD\",\"USER_AGENT\",\"REQUEST_SIZE\",\"RESPONSE_SIZE\",\"VIEW_STATE_SIZE\",\"CONTROLLER_TYPE\",\"MANAGED_PACKAGE_NAMESPACE\",\"IS_AJAX_REQUEST\",\"DB_BLOCKS\",\"DB_CPU_TIME\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\"\n";
pub(crate) const APEX_HEADER: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"ORGANIZATION_ID\",\"USER_ID\",\"RUN_TIME\",\"CPU_TIME\",\"URI\",\"SESSION_KEY\",\"LOGIN_KEY\",\"ENTRY_POINT\",\"QUIDDITY\",\"CALLOUT_TIME\",\"EXEC_TIME\",\"DB_TOTAL_TIME\",\"NUMBER_SOQL_QUERIES\",\"IS_LONG_RUNNING_REQUEST\",\"TIMESTAMP_DERIVED\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"URI_ID_DERIVED\"\n";

/// One Visualforce request.
struct Req<'p> {
    ms: i64,
    page: &'static str,
    query: &'p [u8],
    post: bool,
    status: u8,
    ip: &'p str,
    agent: usize,
}

pub(crate) fn vf_apex(
    cx: &mut Ctx<'_>,
    vf: &mut Sink,
    apex: &mut Sink,
    plants: &[Plant],
) -> Result<u64, SynthError> {
    let mut vb = Vec::with_capacity(1 << 17);
    let mut ab = Vec::with_capacity(1 << 17);
    vb.extend_from_slice(VF_HEADER.as_bytes());
    ab.extend_from_slice(APEX_HEADER.as_bytes());
    let n = cx.rows(3);
    let mut pending = plants
        .iter()
        .filter(|p| matches!(p.via, Via::Vf | Via::FormPost))
        .peekable();
    let mut written = 0;
    let mut hour = 0;
    let mut q = Vec::with_capacity(24);
    for i in 0..=n {
        let t = if i < n { cx.at(i, n) } else { i64::MAX };
        while let Some(p) = pending.next_if(|p| p.ms <= t) {
            q.clear();
            let post = p.via == Via::FormPost;
            if !post {
                q.extend_from_slice(b"?id=");
                q.extend_from_slice(&planted_id(p));
            }
            let page = if post {
                "ApplicationForm"
            } else {
                "ApplicationStatus"
            };
            let r = Req {
                ms: p.ms,
                page,
                query: &q,
                post,
                status: p.status,
                ip: &p.ip,
                agent: p.agent,
            };
            written += emit(cx, &mut vb, &mut ab, &r);
        }
        // The nightly reminder batch runs every hour on the hour.
        while hour < 24 && cx.day.ms() + hour * 3_600_000 <= t.min(cx.day.ms() + DAY_MS) {
            batch(cx, &mut ab, cx.day.ms() + hour * 3_600_000 + 1_250);
            hour += 1;
        }
        if i == n {
            break;
        }
        let roll = cx.r.random_range(0..100);
        let abroad = (70..85).contains(&roll);
        let ip = if abroad {
            cx.abroad
                .get(cx.r.random_range(0..cx.abroad.len()))
                .cloned()
        } else {
            cx.jp.get(cx.r.random_range(0..cx.jp.len())).cloned()
        }
        .unwrap_or_default();
        let page = if roll >= 85 {
            "ApplicationStatus"
        } else {
            "ApplicationForm"
        };
        let agent = if abroad {
            cx.r.random_range(0..4)
        } else {
            4 + cx.r.random_range(0..3)
        };
        let r = Req {
            ms: t,
            page,
            query: b"",
            post: false,
            status: b'S',
            ip: &ip,
            agent,
        };
        written += emit(cx, &mut vb, &mut ab, &r);
        vf.maybe(&mut vb)?;
        apex.maybe(&mut ab)?;
    }
    vf.put(&mut vb)?;
    apex.put(&mut ab)?;
    Ok(written)
}

/// Writes one VF row and its ApexExecution row; returns the rows written.
fn emit(cx: &mut Ctx<'_>, vb: &mut Vec<u8>, ab: &mut Vec<u8>, r: &Req<'_>) -> u64 {
    let req = cx.request_id();
    let (uid, uid18) = cx.user_ids(GUEST);
    let d = cx.derived(r.ms);
    let uri = if r.page == "ApplicationForm" {
        "/apex/ApplicationForm"
    } else {
        "/apex/ApplicationStatus"
    };
    let run = cx.r.random_range(30..600);
    let mut row = Row::new(vb);
    lead(&mut row, "VisualforceRequest", r.ms, &req, &cx.org, &uid);
    row.n(run)
        .n(cx.r.random_range(10..200))
        .s(uri)
        .s("")
        .s("")
        .s("Guest")
        .b(&[r.status]);
    row.n(cx.r.random_range(1_000_000..40_000_000))
        .s(r.page)
        .s("page")
        .n(u64::from(!r.post));
    row.b(r.query)
        .s(if r.post { "POST" } else { "GET" })
        .s(AGENTS.get(r.agent).copied().unwrap_or(""));
    row.n(if r.post {
        cx.r.random_range(900..3_000)
    } else {
        0
    })
    .n(cx.r.random_range(3_000..40_000));
    row.n(if r.post {
        cx.r.random_range(2_000..6_000)
    } else {
        0
    })
    .s("Custom")
    .s("")
    .n(0);
    row.n(cx.r.random_range(0..400)).n(cx.r.random_range(0..40));
    derived(&mut row, d);
    row.b(&uid18).s(r.ip).s("").end();
    let controller = if r.page == "ApplicationForm" {
        "ApplicationFormController"
    } else {
        "ApplicationStatusController"
    };
    let mut row = Row::new(ab);
    let at = r.ms + 3;
    lead(&mut row, "ApexExecution", at, &req, &cx.org, &uid);
    row.n(run.saturating_sub(5))
        .n(cx.r.random_range(5..100))
        .s(uri)
        .s("")
        .s("")
        .s(controller)
        .s("V");
    row.n(0)
        .n(cx.r.random_range(3..200))
        .n(cx.r.random_range(500_000..20_000_000))
        .n(1)
        .n(0);
    derived(&mut row, cx.derived(at));
    row.b(&uid18).s(r.ip).s("").end();
    2
}

fn batch(cx: &mut Ctx<'_>, ab: &mut Vec<u8>, ms: i64) {
    let req = cx.request_id();
    let (uid, uid18) = cx.user_ids(INTEGRATION);
    let d = cx.derived(ms);
    let mut row = Row::new(ab);
    lead(&mut row, "ApexExecution", ms, &req, &cx.org, &uid);
    row.n(cx.r.random_range(500..9_000))
        .n(cx.r.random_range(100..3_000))
        .s("")
        .s("")
        .s("");
    row.s("ApplicationReminderBatch")
        .s("B")
        .n(0)
        .n(cx.r.random_range(400..8_000));
    row.n(cx.r.random_range(10_000_000..900_000_000))
        .n(cx.r.random_range(1..6))
        .n(0);
    derived(&mut row, d);
    row.b(&uid18).s("Salesforce.com IP").s("").end();
}
