//! SOQL through the REST `query` resource, paged with `nextRecordsUrl`, written as CSV.
//!
//! `GET /services/data/vXX.X/query?q=<SOQL>` answers `{"totalSize", "done", "records",
//! "nextRecordsUrl"}`; while `done` is false, `nextRecordsUrl` (a path such as
//! `/services/data/v62.0/query/01gxx-2000`) gives the next page (REST API Developer Guide,
//! "Execute a SOQL Query"; docs/collect.md §2).

use crate::client::{CallError, Client, encode};
use crate::manifest::Call;
use crate::store::Store;
use crate::{Failure, Progress};
use serde_json::Value;

/// One CSV column: its header and how to get its value from a record.
pub(crate) struct Column {
    pub(crate) header: String,
    pub(crate) value: Box<dyn Fn(&Value) -> String + Sync>,
}

impl Column {
    /// A field (or a `Relationship.Field` path) written as Salesforce serialises it.
    pub(crate) fn field(header: &str, path: &str) -> Self {
        let path: Vec<String> = path.split('.').map(str::to_string).collect();
        Self {
            header: header.to_string(),
            value: Box::new(move |rec| {
                let mut v = rec;
                for p in &path {
                    match v.get(p) {
                        Some(x) => v = x,
                        None => return String::new(),
                    }
                }
                scalar(v)
            }),
        }
    }
}

/// A JSON scalar as CSV text: strings as they are, `null` empty, booleans and numbers as JSON
/// writes them.
pub(crate) fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Runs `soql` and calls `page` with each page's records.
pub(crate) fn pages(
    client: &Client,
    soql: &str,
    needs: &str,
    mut page: impl FnMut(&[Value]) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut path = client.data(&format!("/query?q={}", encode(soql)));
    loop {
        let v = client.get_json(&path, needs)?;
        let records =
            v.get("records")
                .and_then(Value::as_array)
                .ok_or_else(|| CallError::Shape {
                    call: format!("GET {}", path.split('?').next().unwrap_or_default()),
                    reason: "no `records` list".into(),
                })?;
        page(records)?;
        let done = v.get("done").and_then(Value::as_bool).unwrap_or(true);
        match v.get("nextRecordsUrl").and_then(Value::as_str) {
            Some(next) if !done => {
                if !next.starts_with("/services/") {
                    return Err(CallError::Shape {
                        call: "GET /services/data/query".into(),
                        reason: "`nextRecordsUrl` is not a path on this instance".into(),
                    }
                    .into());
                }
                path = next.to_string();
            }
            _ => return Ok(()),
        }
    }
}

/// Runs `soql` and writes its records as `rel`, every value quoted, LF line ends; returns the
/// rows written (none: no file).
pub(crate) fn to_csv(
    client: &Client,
    store: &Store,
    rel: &str,
    soql: &str,
    columns: &[Column],
    needs: &str,
    progress: &dyn Progress,
) -> Result<u64, Failure> {
    let call = Call {
        endpoint: client.data("/query"),
        soql: Some(soql.to_string()),
        record_id: None,
    };
    let mut pending = store.create(rel)?;
    let header: Vec<&str> = columns.iter().map(|c| c.header.as_str()).collect();
    pending.write(&csv_line(&header))?;
    let mut rows = 0u64;
    let result = pages(client, soql, needs, |records| {
        let mut buf = Vec::new();
        for rec in records {
            let values: Vec<String> = columns.iter().map(|c| (c.value)(rec)).collect();
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            buf.extend_from_slice(&csv_line(&refs));
            rows += 1;
        }
        progress.advance(records.len() as u64);
        pending.write(&buf)?;
        Ok(())
    });
    match result {
        // No records: no file (as for an empty Bulk result); the caller leaves a note.
        Ok(()) if rows == 0 => {
            pending.abandon();
            Ok(0)
        }
        Ok(()) => {
            pending.commit(call)?;
            Ok(rows)
        }
        Err(e) => {
            pending.abandon();
            Err(e)
        }
    }
}

/// One CSV line, every value quoted, quotes doubled (formats.md §2.8).
pub(crate) fn csv_line(values: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        for b in v.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    }
    out.push(b'\n');
    out
}

/// The fields of an object a CSV can hold: `describe` minus compound `address` and `location`
/// fields (their parts are fields of their own) (REST API Developer Guide, "sObject Describe").
pub(crate) fn describe_fields(
    client: &Client,
    object: &str,
    needs: &str,
) -> Result<Vec<String>, Failure> {
    let path = client.data(&format!("/sobjects/{object}/describe"));
    let v = client.get_json(&path, needs)?;
    let fields = v
        .get("fields")
        .and_then(Value::as_array)
        .ok_or_else(|| CallError::Shape {
            call: format!("GET {path}"),
            reason: "no `fields` list".into(),
        })?;
    Ok(fields
        .iter()
        .filter(|f| {
            !matches!(
                f.get("type").and_then(Value::as_str),
                Some("address" | "location")
            )
        })
        .filter_map(|f| f.get("name").and_then(Value::as_str).map(str::to_string))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lines_quote_everything() {
        assert_eq!(csv_line(&["a", "b\"c", ""]), b"\"a\",\"b\"\"c\",\"\"\n");
    }

    #[test]
    fn columns_follow_relationship_paths() {
        let rec = serde_json::json!({"CreatedBy": {"Username": "u"}, "N": 5, "B": true, "X": null});
        assert_eq!((Column::field("U", "CreatedBy.Username").value)(&rec), "u");
        assert_eq!((Column::field("N", "N").value)(&rec), "5");
        assert_eq!((Column::field("B", "B").value)(&rec), "true");
        assert_eq!((Column::field("X", "X").value)(&rec), "");
        assert_eq!((Column::field("Y", "Y.Z").value)(&rec), "");
    }
}
