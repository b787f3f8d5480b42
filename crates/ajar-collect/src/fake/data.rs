//! The fake org's data: log files indexed from the synth org, the audit trail as API records,
//! and the SOQL the collector runs answered from them.

use super::csv::{table, values};
use super::{Body, LogFile, State, Table};
use std::path::{Path, PathBuf};

pub(super) fn index_logs(dir: &Path) -> std::io::Result<Vec<LogFile>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut days: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    days.sort();
    for day in days {
        let date = day
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&day)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        for path in files {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let (stem, gz) = if let Some(t) = name.strip_suffix(".csv.gz") {
                (t.to_string(), true)
            } else if let Some(t) = name.strip_suffix(".csv") {
                (t.to_string(), false)
            } else {
                continue;
            };
            // `<Type>-<HH>-<Sequence>`: an hourly file (the name `collect` writes it under).
            let mut bits = stem.rsplitn(3, '-');
            let (seq, hour, head) = (bits.next(), bits.next(), bits.next());
            let (event_type, hour, sequence) = match (
                head,
                hour.and_then(|h| h.parse::<u8>().ok()).filter(|h| *h < 24),
                seq.and_then(|s| s.parse::<u32>().ok()),
            ) {
                (Some(t), Some(h), Some(q)) => (t.to_string(), Some(h), q),
                _ => (stem, None, 0),
            };
            let length = if gz {
                std::io::copy(
                    &mut flate2::read::GzDecoder::new(std::fs::File::open(&path)?),
                    &mut std::io::sink(),
                )?
            } else {
                std::fs::metadata(&path)?.len()
            };
            let n = out.len();
            out.push(LogFile {
                id: format!("0AT5j{n:010}AAA"),
                event_type,
                date: date.clone(),
                hour,
                sequence,
                body: Body::File { path, gz },
                length,
            });
        }
    }
    Ok(out)
}

pub(super) fn read_audit(path: &Path) -> std::io::Result<Vec<serde_json::Value>> {
    use ajar_adapters::audit::{AuditOptions, Locale, parse_date};
    let mut out = Vec::new();
    if !path.is_file() {
        return Ok(out);
    }
    let t = table(&std::fs::read(path)?);
    let col = |n: &str| t.fields.iter().position(|f| f == n);
    let opts = AuditOptions {
        tz: None,
        locale: Some(Locale::MonthFirst),
    };
    for (i, row) in t.rows.iter().enumerate() {
        let v = values(row);
        let get = |n: &str| col(n).and_then(|c| v.get(c)).cloned().unwrap_or_default();
        let Ok(time) = parse_date(&get("Date"), &opts) else {
            continue;
        };
        let created = time.strftime("%Y-%m-%dT%H:%M:%S.000+0000").to_string();
        out.push(serde_json::json!({
            "attributes": {"type": "SetupAuditTrail"},
            "Id": format!("0Ym5j{i:010}AAA"),
            "Action": "changedSomething",
            "Section": get("Section"),
            "Display": get("Action"),
            "CreatedDate": created,
            "CreatedById": "0055j000000utlPAAQ",
            "CreatedBy": {"attributes": {"type": "User"}, "Username": get("User")},
            "DelegateUser": get("Delegate User"),
            "ResponsibleNamespacePrefix": get("Source Namespace Prefix"),
        }));
    }
    Ok(out)
}

pub(super) fn from_object(soql: &str) -> Option<String> {
    let mut words = soql.split_whitespace();
    while let Some(w) = words.next() {
        if w.eq_ignore_ascii_case("FROM") {
            return words.next().map(str::to_string);
        }
    }
    None
}

/// The value after `<field> <op> ` in a SOQL `WHERE` (`LogDate >= 2020-11-01T00:00:00Z`).
pub(super) fn bound(soql: &str, field: &str, op: &str) -> Option<jiff::Timestamp> {
    let key = format!("{field} {op} ");
    let at = soql.find(&key)? + key.len();
    soql.get(at..)?.split_whitespace().next()?.parse().ok()
}

pub(super) fn run_soql(state: &State, soql: &str) -> Option<Vec<serde_json::Value>> {
    let object = from_object(soql)?;
    let within = |field: &str, t: Option<jiff::Timestamp>| {
        let (Some(t), lo, hi) = (t, bound(soql, field, ">="), bound(soql, field, "<")) else {
            return false;
        };
        lo.is_none_or(|lo| t >= lo) && hi.is_none_or(|hi| t < hi)
    };
    match object.as_str() {
        "EventLogFile" => Some(
            state
                .logs
                .iter()
                .filter(|l| within("LogDate", format!("{}T00:00:00Z", l.date).parse().ok()))
                .map(|l| {
                    // Hourly rows: `LogDate` is the hour's start (Event Monitoring, "Hourly
                    // Event Log Files"; docs/collect.md §2).
                    let hour = l.hour.unwrap_or(0);
                    serde_json::json!({
                        "attributes": {"type": "EventLogFile"},
                        "Id": l.id,
                        "EventType": l.event_type,
                        "LogDate": format!("{}T{hour:02}:00:00.000+0000", l.date),
                        "Interval": if l.hour.is_some() { "Hourly" } else { "Daily" },
                        "Sequence": l.sequence,
                        "LogFileLength": l.length as f64,
                    })
                })
                .collect(),
        ),
        "SetupAuditTrail" => Some(
            state
                .audit
                .iter()
                .filter(|a| {
                    let t = a
                        .get("CreatedDate")
                        .and_then(|d| d.as_str())
                        .and_then(|d| d.replace("+0000", "Z").parse().ok());
                    within("CreatedDate", t)
                })
                .cloned()
                .collect(),
        ),
        // Login History from the synth org's `logs/LoginHistory.csv` (none when it has none).
        "LoginHistory" => Some(match state.tables.get("LoginHistory") {
            Some(t) => as_records(t, "LoginHistory")
                .into_iter()
                .filter(|r| {
                    let t = r
                        .get("LoginTime")
                        .and_then(|d| d.as_str())
                        .and_then(|d| d.replace("+0000", "Z").parse().ok());
                    within("LoginTime", t)
                })
                .collect(),
            None => Vec::new(),
        }),
        "User" => Some(as_records(state.tables.get("User")?, "User")),
        _ => None,
    }
}

/// A table's rows as REST query records: every column a string, empty as `null`.
fn as_records(t: &Table, object: &str) -> Vec<serde_json::Value> {
    t.rows
        .iter()
        .map(|r| {
            let mut m = serde_json::Map::new();
            m.insert("attributes".into(), serde_json::json!({"type": object}));
            for (f, v) in t.fields.iter().zip(values(r)) {
                m.insert(f.clone(), serde_json::Value::String(v));
            }
            serde_json::Value::Object(m)
        })
        .collect()
}
