//! The fake org's router: one arm per REST, query and Bulk API 2.0 resource `collect` calls.

use super::State;
use super::data::{from_object, run_soql};
use super::http::{Resp, error, json, log_body, page, respond, with};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

#[expect(clippy::too_many_arguments, reason = "a test server's router")]
pub(super) fn route(
    state: &State,
    method: &str,
    path: &str,
    params: &BTreeMap<String, String>,
    body: &str,
    gzip_ok: bool,
    truncate: bool,
    max: u64,
) -> std::io::Result<Resp> {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    Ok(match (method, parts.as_slice()) {
        ("GET", ["services", "oauth2", "userinfo"]) => json(
            200,
            &serde_json::json!({
                "user_id": "0055j000000utlPAAQ",
                "organization_id": "00D5j000000FAKEEAA",
                "preferred_username": "collector@fake.example",
            }),
        ),
        ("GET", ["services", "data", _, "limits"]) => {
            let used = state.used.load(Ordering::Relaxed);
            json(
                200,
                &serde_json::json!({"DailyApiRequests": {"Max": max, "Remaining": max.saturating_sub(used)}}),
            )
        }
        ("GET", ["services", "data", _, "query"]) => {
            let soql = params.get("q").cloned().unwrap_or_default();
            match run_soql(state, &soql) {
                Some(records) => page(state, records, path),
                None => error(400, "INVALID_TYPE"),
            }
        }
        ("GET", ["services", "data", _, "query", cursor]) => {
            let records = state
                .cursors
                .lock()
                .ok()
                .and_then(|mut c| c.remove(*cursor));
            match records {
                Some(r) => page(state, r, path),
                None => error(400, "INVALID_QUERY_LOCATOR"),
            }
        }
        ("GET", ["services", "data", _, "sobjects", object, "describe"]) => {
            let fields = state.tables.get(*object).map(|t| t.fields.clone());
            match fields {
                Some(f) => json(
                    200,
                    &serde_json::json!({"name": object, "fields": f.iter().map(|n| serde_json::json!({"name": n, "type": "string"})).collect::<Vec<_>>()}),
                ),
                None => error(404, "NOT_FOUND"),
            }
        }
        (
            "GET",
            [
                "services",
                "data",
                _,
                "sobjects",
                "EventLogFile",
                id,
                "LogFile",
            ],
        ) => match state.logs.iter().find(|l| l.id == *id) {
            Some(l) => log_body(l, gzip_ok, truncate)?,
            None => error(404, "NOT_FOUND"),
        },
        ("POST", ["services", "data", _, "jobs", "query"]) => {
            let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
            let q = v.get("query").and_then(|q| q.as_str()).unwrap_or_default();
            match from_object(q) {
                Some(o) if state.tables.contains_key(&o) => {
                    let n = state.counter.fetch_add(1, Ordering::Relaxed);
                    let id = format!("7505j{n:010}AAA");
                    if let Ok(mut j) = state.jobs.lock() {
                        j.insert(id.clone(), (o.clone(), 0));
                    }
                    json(
                        200,
                        &serde_json::json!({"id": id, "state": "UploadComplete", "object": o}),
                    )
                }
                _ => error(400, "INVALIDENTITY"),
            }
        }
        ("GET", ["services", "data", _, "jobs", "query", id]) => {
            let polls = state.jobs.lock().ok().and_then(|mut j| {
                j.get_mut(*id).map(|e| {
                    e.1 += 1;
                    e.1
                })
            });
            match polls {
                Some(1) => json(200, &serde_json::json!({"id": id, "state": "InProgress"})),
                Some(_) => json(200, &serde_json::json!({"id": id, "state": "JobComplete"})),
                None => error(404, "NOT_FOUND"),
            }
        }
        ("GET", ["services", "data", _, "jobs", "query", id, "results"]) => {
            let object = state
                .jobs
                .lock()
                .ok()
                .and_then(|j| j.get(*id).map(|e| e.0.clone()));
            match object.and_then(|o| state.tables.get(&o)) {
                Some(t) => {
                    let from: usize = params
                        .get("locator")
                        .and_then(|l| l.parse().ok())
                        .unwrap_or(0);
                    let n: usize = params
                        .get("maxRecords")
                        .and_then(|l| l.parse().ok())
                        .unwrap_or(usize::MAX);
                    let to = from.saturating_add(n).min(t.rows.len());
                    let mut out = if t.rows.is_empty() {
                        Vec::new()
                    } else {
                        t.header.clone()
                    };
                    for r in t.rows.get(from..to).unwrap_or_default() {
                        out.extend_from_slice(r);
                    }
                    let next = if to < t.rows.len() {
                        to.to_string()
                    } else {
                        "null".into()
                    };
                    let count = (to - from.min(to)).to_string();
                    with(
                        with(respond(200, out, "text/csv"), "Sforce-Locator", &next),
                        "Sforce-NumberOfRecords",
                        &count,
                    )
                }
                None => error(404, "NOT_FOUND"),
            }
        }
        _ => error(404, "NOT_FOUND"),
    })
}
