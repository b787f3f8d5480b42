//! JSON log files: one object per line (SIEM conversions of ELF rows, elastic samples) or
//! pretty-printed objects one after another (AppOmni samples), each either a plain row, a
//! streaming envelope `{"channel","data":{"payload":{…}}}` or a REST answer `{"records":[…]}`
//! (formats.md §2.4).

use super::fields::{self, field_of};
use super::{FileRead, LogError, LogKind, RawRow, ReadOptions, RowSink};
use serde_json::Value;
use std::io::{BufRead, Read};
use std::path::Path;

/// Tracks brace depth outside strings to find where a top-level value ends.
#[derive(Default)]
struct Depth {
    depth: i64,
    in_string: bool,
    escaped: bool,
    seen: bool,
}

impl Depth {
    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    self.depth += 1;
                    self.seen = true;
                }
                b'}' | b']' => self.depth -= 1,
                _ => {}
            }
        }
    }

    fn complete(&self) -> bool {
        self.seen && self.depth <= 0 && !self.in_string
    }
}

pub(crate) fn read_objects<R: BufRead>(
    mut reader: R,
    path: &Path,
    opts: &ReadOptions,
    sink: &mut dyn RowSink,
) -> Result<FileRead, LogError> {
    let mut out = FileRead {
        kind: LogKind::Json,
        rows: 0,
        truncated_after: None,
    };
    let mut buf = Vec::new();
    let mut line_buf = Vec::new();
    let mut line = 0u64;
    let mut start = 0u64;
    let mut depth = Depth::default();
    let mut oversized = false;
    // Lines are read in pieces of at most `PIECE` bytes, so one endless line cannot take memory.
    let mut line_start = true;
    loop {
        line_buf.clear();
        let n = match (&mut reader).take(PIECE).read_until(b'\n', &mut line_buf) {
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::InvalidInput
                ) =>
            {
                out.truncated_after = Some(line);
                break;
            }
            Err(source) => {
                return Err(LogError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        if n == 0 {
            break;
        }
        let starts_line = line_start;
        line_start = line_buf.last() == Some(&b'\n');
        if starts_line {
            line += 1;
        }
        if !depth.seen && line_buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // A line opening a new object at column 0 while a value is still open means that value
        // was cut off (a truncated JSON line, a crashed exporter): report it and go on, instead
        // of letting it swallow the rest of the file. Pretty-printed values indent what they
        // nest, so a column-0 `{` inside one is never theirs (and a JSON string cannot hold a
        // raw newline, so an open string at a line's end is already broken).
        if starts_line && depth.seen && line_buf.first() == Some(&b'{') {
            flush(&buf, oversized, start, path, opts, sink, &mut out)?;
            buf.clear();
            depth = Depth::default();
            oversized = false;
        }
        if !depth.seen {
            start = line;
        }
        depth.feed(&line_buf);
        if !oversized && buf.len() + line_buf.len() > MAX_VALUE {
            // Memory stays bounded: the value is skipped to its end and reported.
            oversized = true;
            buf.clear();
        }
        if !oversized {
            buf.extend_from_slice(&line_buf);
        }
        if depth.complete() {
            flush(&buf, oversized, start, path, opts, sink, &mut out)?;
            buf.clear();
            depth = Depth::default();
            oversized = false;
        }
    }
    if oversized || !buf.iter().all(u8::is_ascii_whitespace) {
        flush(&buf, oversized, start, path, opts, sink, &mut out)?;
    }
    Ok(out)
}

/// The largest single JSON value read whole (a REST answer page is a few MB).
const MAX_VALUE: usize = 64 << 20;
/// The most bytes of one line read at a time.
const PIECE: u64 = 1 << 20;

/// Hands one whole value to [`handle`], or reports it as too large to read.
fn flush(
    text: &[u8],
    oversized: bool,
    line: u64,
    path: &Path,
    opts: &ReadOptions,
    sink: &mut dyn RowSink,
    out: &mut FileRead,
) -> Result<(), LogError> {
    if !oversized {
        return handle(text, line, path, opts, sink, out);
    }
    let reason = "a JSON value over 64 MiB, skipped".to_owned();
    super::bad_row(sink, opts, path, line, reason)
}

fn handle(
    text: &[u8],
    line: u64,
    path: &Path,
    opts: &ReadOptions,
    sink: &mut dyn RowSink,
    out: &mut FileRead,
) -> Result<(), LogError> {
    let value: Value = match serde_json::from_slice(text) {
        Ok(v) => v,
        Err(e) => {
            let reason = format!("not valid JSON ({})", e.classify_name());
            return super::bad_row(sink, opts, path, line, reason);
        }
    };
    let items: Vec<&Value> = match &value {
        Value::Array(a) => a.iter().collect(),
        v => vec![v],
    };
    for item in items {
        // A REST query answer with `done: false` (or a `nextRecordsUrl`) is one page of several
        // (REST API Developer Guide, "Execute a SOQL Query"): the file is partial, not whole.
        if let Some(o) = item.as_object()
            && o.contains_key("records")
            && (o.get("done").and_then(Value::as_bool) == Some(false)
                || o.get("nextRecordsUrl").is_some_and(|u| !u.is_null()))
            && out.truncated_after.is_none()
        {
            out.truncated_after = Some(line);
        }
        for (event_type, obj) in unwrap(item) {
            if is_audit(event_type.as_deref(), obj) {
                match crate::audit::from_json(obj) {
                    Ok(mut ev) => {
                        ev.source.line = line;
                        sink.audit(ev);
                        out.rows += 1;
                    }
                    Err(source) => {
                        if opts.strict {
                            return Err(LogError::Audit {
                                path: path.to_path_buf(),
                                line,
                                source,
                            });
                        }
                        sink.malformed(line, &source.to_string());
                    }
                }
                continue;
            }
            let values = flatten(obj);
            let et = event_type.or_else(|| {
                values
                    .get(fields::Field::EventType.index())
                    .cloned()
                    .flatten()
            });
            let row = RawRow::from_values(line, et.as_deref(), &values);
            sink.row(&row);
            out.rows += 1;
        }
    }
    Ok(())
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "read error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Eof => "ends early",
        }
    }
}

/// The row objects inside one JSON value, with the event type the wrapper names.
fn unwrap(v: &Value) -> Vec<(Option<String>, &serde_json::Map<String, Value>)> {
    let Some(obj) = v.as_object() else {
        return Vec::new();
    };
    // Streaming envelope: {"channel":"/event/ApiEventStream","data":{"payload":{...}}}.
    if let Some(payload) = obj
        .get("data")
        .and_then(|d| d.get("payload"))
        .and_then(Value::as_object)
    {
        let from_attrs = attr_type(payload);
        let from_channel = obj.get("channel").and_then(Value::as_str).map(|c| {
            let c = c.rsplit('/').next().unwrap_or(c);
            c.strip_suffix("Stream").unwrap_or(c).to_string()
        });
        return vec![(from_attrs.or(from_channel), payload)];
    }
    // REST answer: {"totalSize":n,"records":[{"attributes":{"type":"ApiEvent"},...}]}.
    if let Some(records) = obj.get("records").and_then(Value::as_array)
        && (obj.contains_key("totalSize") || obj.contains_key("done"))
    {
        return records
            .iter()
            .filter_map(Value::as_object)
            .map(|r| (attr_type(r), r))
            .collect();
    }
    vec![(attr_type(obj), obj)]
}

fn attr_type(obj: &serde_json::Map<String, Value>) -> Option<String> {
    obj.get("attributes")?
        .get("type")?
        .as_str()
        .map(str::to_string)
}

fn is_audit(event_type: Option<&str>, obj: &serde_json::Map<String, Value>) -> bool {
    event_type == Some("SetupAuditTrail")
        || (obj.contains_key("section") && obj.contains_key("sfdc_created_date"))
        || (obj.contains_key("Section")
            && obj.contains_key("Display")
            && obj.contains_key("CreatedDate"))
}

/// Values by field. Numbers keep their JSON text; `null` is absent; nested objects and arrays
/// keep their JSON text (a `Records` value may arrive parsed instead of as a string). Keys ajar
/// does not know, even odd ones such as AppOmni's `API_VERSION,USER_INITIATED_LOGOUT`
/// (trap 28), are ignored whole.
fn flatten(obj: &serde_json::Map<String, Value>) -> [Option<String>; fields::COUNT] {
    let mut values: [Option<String>; fields::COUNT] = std::array::from_fn(|_| None);
    for (k, v) in obj {
        let Some(f) = field_of(k) else { continue };
        let Some(slot) = values.get_mut(f.index()) else {
            continue;
        };
        // The first alias in the table wins when a row holds two.
        if slot.is_some() && super::fields::aliases(f).first().is_some_and(|a| a != k) {
            continue;
        }
        *slot = match v {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            other => Some(other.to_string()),
        };
    }
    values
}
