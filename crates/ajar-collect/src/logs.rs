//! Event logs: `EventLogFile` rows in the range, each `LogFile` body streamed to
//! `logs/<date>/<EventType>.csv` (hourly files: `<EventType>-<HH>-<Sequence>.csv`) and its size
//! checked against `LogFileLength` (formats.md §2.1; docs/collect.md §2).

use crate::client::{CallError, Client, Method};
use crate::manifest::{Call, Gap};
use crate::store::Store;
use crate::{Failure, Progress, Shared, soql};
use serde_json::Value;
use std::collections::BTreeSet;

/// The permission every EventLogFile call needs.
pub(crate) const NEEDS: &str = "the View Event Log Files permission (and API Enabled)";

/// One `EventLogFile` row.
#[derive(Debug, Clone)]
pub(crate) struct LogFileRow {
    pub(crate) id: String,
    pub(crate) rel: String,
    pub(crate) length: Option<u64>,
}

/// The SOQL listing the files of `[since, until)`.
pub(crate) fn soql(since: jiff::civil::Date, until: jiff::civil::Date) -> String {
    format!(
        "SELECT Id, EventType, LogDate, Interval, Sequence, LogFileLength FROM EventLogFile \
         WHERE LogDate >= {since}T00:00:00Z AND LogDate < {until}T00:00:00Z \
         ORDER BY LogDate, EventType, Sequence"
    )
}

/// Lists the files, with the folder path each is written to.
pub(crate) fn list(client: &Client, soql_text: &str) -> Result<Vec<LogFileRow>, Failure> {
    let mut rows = Vec::new();
    let mut taken = BTreeSet::new();
    soql::pages(client, soql_text, NEEDS, |records| {
        for r in records {
            let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or_default();
            let id = s("Id");
            let event_type: String = s("EventType")
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let log_date = s("LogDate");
            let (Some(date), false, false) = (
                log_date.get(..10).filter(|d| is_date(d)),
                id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()),
                event_type.is_empty(),
            ) else {
                return Err(CallError::Shape {
                    call: "GET /query (EventLogFile)".into(),
                    reason: "a row lacks `Id`, `EventType` or `LogDate`".into(),
                }
                .into());
            };
            let hourly = s("Interval").eq_ignore_ascii_case("Hourly");
            let sequence = r.get("Sequence").and_then(Value::as_u64).unwrap_or(0);
            let mut rel = if hourly {
                let hour = log_date.get(11..13).unwrap_or("00");
                format!("logs/{date}/{event_type}-{hour}-{sequence}.csv")
            } else if sequence > 0 {
                format!("logs/{date}/{event_type}-{sequence}.csv")
            } else {
                format!("logs/{date}/{event_type}.csv")
            };
            if !taken.insert(rel.clone()) {
                rel = format!("logs/{date}/{event_type}-{id}.csv");
                taken.insert(rel.clone());
            }
            let length = r
                .get("LogFileLength")
                .and_then(Value::as_f64)
                .filter(|l| *l >= 0.0)
                .map(|l| l as u64);
            rows.push(LogFileRow {
                id: id.to_string(),
                rel,
                length,
            });
        }
        Ok(())
    })?;
    Ok(rows)
}

fn is_date(s: &str) -> bool {
    s.parse::<jiff::civil::Date>().is_ok()
}

/// Downloads the bodies with `jobs` workers; returns the gaps.
pub(crate) fn download(
    shared: &Shared<'_>,
    files: &[LogFileRow],
    jobs: usize,
    progress: &dyn Progress,
) -> Vec<Gap> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let gaps = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    if let Some(fatal) = shared.fatal() {
                        push(&gaps, file, &fatal.to_string());
                        continue;
                    }
                    match one(shared.client, shared.store, file) {
                        Ok(()) => {}
                        Err(Failure::Call(e)) => {
                            push(&gaps, file, &e.to_string());
                            if e.is_fatal() {
                                shared.set_fatal(e);
                            }
                        }
                        Err(Failure::Local(e)) => {
                            push(&gaps, file, &e.to_string());
                            shared.set_local(e);
                        }
                    }
                    progress.advance(1);
                }
            });
        }
    });
    gaps.into_inner().unwrap_or_default()
}

fn push(gaps: &std::sync::Mutex<Vec<Gap>>, file: &LogFileRow, reason: &str) {
    if let Ok(mut g) = gaps.lock() {
        g.push(Gap {
            source: "logs".into(),
            what: file.rel.clone(),
            reason: reason.to_string(),
        });
    }
}

/// One body: streamed to its file, size checked; a short or cut body is fetched again.
fn one(client: &Client, store: &Store, file: &LogFileRow) -> Result<(), Failure> {
    let endpoint = client.data(&format!("/sobjects/EventLogFile/{}/LogFile", file.id));
    let call = Call {
        endpoint: endpoint.clone(),
        soql: None,
        record_id: Some(file.id.clone()),
    };
    if store.resume(&file.rel, &call) {
        return Ok(());
    }
    let mut last = None;
    for _ in 0..=3 {
        let mut resp = client.send(&Method::Get, &endpoint, NEEDS)?;
        let mut pending = store.create(&file.rel)?;
        let copied = pending.copy_from(&mut resp.reader());
        let got = pending.bytes();
        let err = match (copied, file.length) {
            (Ok(_), Some(announced)) if got != announced => CallError::Short {
                call: format!("GET {endpoint}"),
                got,
                announced,
            },
            (Ok(_), _) => {
                pending.commit(call)?;
                return Ok(());
            }
            (Err(e), _) => CallError::Transport {
                call: format!("GET {endpoint}"),
                reason: format!("body cut after {got} bytes ({})", e.kind()),
            },
        };
        pending.abandon();
        last = Some(err);
    }
    Err(last
        .unwrap_or_else(|| CallError::Transport {
            call: format!("GET {endpoint}"),
            reason: "no attempt made".into(),
        })
        .into())
}
