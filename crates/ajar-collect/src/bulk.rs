//! Bulk API 2.0 query jobs: create, poll until `JobComplete`, then read the CSV results page
//! by page, each page pointing to the next with the `Sforce-Locator` header (`null` on the
//! last) (Bulk API 2.0 Developer Guide, "Create a Query Job", "Get Information About a Query
//! Job", "Get Results for a Query Job"; docs/collect.md §2). Pages after the first repeat the
//! header line, which is skipped: the file is one `<Object>.csv` in the Data Export layout
//! (formats.md §2.8).

use crate::client::{CallError, Client, Method, encode};
use crate::manifest::Call;
use crate::store::{Pending, Store};
use crate::{Failure, Progress, soql};
use serde_json::{Value, json};
use std::io::Read;
use std::time::Duration;

/// What a query job wrote.
pub(crate) enum Written {
    /// A file with this many data rows.
    File,
    /// The result had no data rows: nothing written.
    Empty,
    /// A previous run's file still matches.
    Resumed,
}

/// Queries every readable field of `object` (with an optional `WHERE`) into `rel`.
#[expect(clippy::too_many_arguments, reason = "one call site per source")]
pub(crate) fn object_to_csv(
    client: &Client,
    store: &Store,
    rel: &str,
    object: &str,
    filter: Option<&str>,
    page_size: Option<u32>,
    needs: &str,
    progress: &dyn Progress,
) -> Result<Written, Failure> {
    let fields = soql::describe_fields(client, object, needs)?;
    if fields.is_empty() {
        return Err(CallError::Shape {
            call: format!(
                "GET {}",
                client.data(&format!("/sobjects/{object}/describe"))
            ),
            reason: "no field the collecting user can read".into(),
        }
        .into());
    }
    let mut text = format!("SELECT {} FROM {object}", fields.join(", "));
    if let Some(f) = filter {
        text.push_str(" WHERE ");
        text.push_str(f);
    }
    let call = Call {
        endpoint: client.data("/jobs/query"),
        soql: Some(text.clone()),
        record_id: None,
    };
    if store.resume(rel, &call) {
        return Ok(Written::Resumed);
    }
    let job = create(client, &text, needs)?;
    wait(client, &job, needs)?;
    let mut last = None;
    for _ in 0..3 {
        let mut pending = store.create(rel)?;
        match results(client, &job, page_size, needs, &mut pending, progress) {
            Ok(()) => {
                if pending.rows() == 0 {
                    pending.abandon();
                    return Ok(Written::Empty);
                }
                pending.commit(call)?;
                return Ok(Written::File);
            }
            Err(Failure::Call(e)) if matches!(e, CallError::Transport { .. }) => {
                pending.abandon();
                last = Some(e);
            }
            Err(e) => {
                pending.abandon();
                return Err(e);
            }
        }
    }
    Err(last
        .unwrap_or_else(|| CallError::Transport {
            call: "GET /jobs/query".into(),
            reason: "no attempt made".into(),
        })
        .into())
}

fn create(client: &Client, soql_text: &str, needs: &str) -> Result<String, Failure> {
    let body = json!({
        "operation": "query",
        "query": soql_text,
        "contentType": "CSV",
        "columnDelimiter": "COMMA",
        "lineEnding": "LF",
    });
    let path = client.data("/jobs/query");
    let mut r = client.send(&Method::PostJson(&body), &path, needs)?;
    let v = r.json(&format!("POST {path}"))?;
    v.get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(str::to_string)
        .ok_or_else(|| {
            CallError::Shape {
                call: format!("POST {path}"),
                reason: "no job `id`".into(),
            }
            .into()
        })
}

fn wait(client: &Client, job: &str, needs: &str) -> Result<(), Failure> {
    let path = client.data(&format!("/jobs/query/{job}"));
    let mut pause = Duration::from_millis(50);
    // About 48 hours of polling at most; Salesforce ends a query job long before.
    for _ in 0..20_000 {
        let v = client.get_json(&path, needs)?;
        match v.get("state").and_then(Value::as_str).unwrap_or_default() {
            "JobComplete" => return Ok(()),
            "Failed" | "Aborted" => {
                return Err(CallError::Shape {
                    call: format!("GET {path}"),
                    reason: "the query job failed or was aborted".into(),
                }
                .into());
            }
            _ => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(10));
            }
        }
    }
    Err(CallError::Shape {
        call: format!("GET {path}"),
        reason: "the query job never completed".into(),
    }
    .into())
}

fn results(
    client: &Client,
    job: &str,
    page_size: Option<u32>,
    needs: &str,
    pending: &mut Pending<'_>,
    progress: &dyn Progress,
) -> Result<(), Failure> {
    let base = client.data(&format!("/jobs/query/{job}/results"));
    let mut locator: Option<String> = None;
    let mut first = true;
    loop {
        let mut query = Vec::new();
        if let Some(l) = &locator {
            query.push(format!("locator={}", encode(l)));
        }
        if let Some(n) = page_size {
            query.push(format!("maxRecords={n}"));
        }
        let path = if query.is_empty() {
            base.clone()
        } else {
            format!("{base}?{}", query.join("&"))
        };
        let mut resp = client.send(&Method::Get, &path, needs)?;
        let next = resp.header("Sforce-Locator");
        let mut reader = resp.reader();
        let cut = |e: std::io::Error| CallError::Transport {
            call: format!("GET {base}"),
            reason: format!("body cut ({})", e.kind()),
        };
        if !first {
            skip_line(&mut reader).map_err(cut)?;
        }
        let before = pending.bytes();
        pending.copy_from(&mut reader).map_err(cut)?;
        progress.advance(pending.bytes() - before);
        first = false;
        match next {
            Some(l) if !l.is_empty() && l != "null" => locator = Some(l),
            _ => return Ok(()),
        }
    }
}

/// Skips the header line (field names never hold a line break).
fn skip_line(r: &mut impl Read) -> std::io::Result<()> {
    let mut b = [0u8; 1];
    loop {
        match r.read(&mut b)? {
            0 => return Ok(()),
            _ if b == [b'\n'] => return Ok(()),
            _ => {}
        }
    }
}
