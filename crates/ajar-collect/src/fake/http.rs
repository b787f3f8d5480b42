//! HTTP helpers of the fake org: responses, Salesforce error bodies, query strings, REST pages
//! and log bodies.

use super::{Body, LogFile, State};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::Ordering;

pub(super) fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let Some(h) = bytes.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(&String::from_utf8_lossy(h), 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(if b == b'+' { b' ' } else { b });
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn query_params(q: &str) -> BTreeMap<String, String> {
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), decode(v)))
        .collect()
}

pub(super) type Resp = tiny_http::Response<Box<dyn Read + Send>>;

pub(super) fn respond(status: u16, body: Vec<u8>, ctype: &str) -> Resp {
    let len = body.len();
    tiny_http::Response::new(
        tiny_http::StatusCode(status),
        headers(&[("Content-Type", ctype)]),
        Box::new(std::io::Cursor::new(body)) as Box<dyn Read + Send>,
        Some(len),
        None,
    )
}

pub(super) fn json(status: u16, v: &serde_json::Value) -> Resp {
    respond(status, v.to_string().into_bytes(), "application/json")
}

pub(super) fn error(status: u16, code: &str) -> Resp {
    json(
        status,
        &serde_json::json!([{"message": "fake org error", "errorCode": code}]),
    )
}

/// Headers whose name and value parse (the fake org's own, all ASCII).
pub(super) fn headers(pairs: &[(&str, &str)]) -> Vec<tiny_http::Header> {
    pairs
        .iter()
        .filter_map(|(k, v)| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok())
        .collect()
}

pub(super) fn with(mut resp: Resp, k: &str, v: &str) -> Resp {
    for h in headers(&[(k, v)]) {
        resp.add_header(h);
    }
    resp
}

pub(super) fn page(state: &State, mut records: Vec<serde_json::Value>, path: &str) -> Resp {
    let size = state.cfg.lock().map(|c| c.page_size).unwrap_or(2000).max(1);
    let total = records.len();
    let rest = if records.len() > size {
        records.split_off(size)
    } else {
        Vec::new()
    };
    let mut v =
        serde_json::json!({"totalSize": total, "done": rest.is_empty(), "records": records});
    if !rest.is_empty() {
        let n = state.counter.fetch_add(1, Ordering::Relaxed);
        let cursor = format!("01g5j{n:010}-{size}");
        let version = path.split('/').nth(3).unwrap_or("v62.0");
        if let Ok(mut c) = state.cursors.lock() {
            c.insert(cursor.clone(), rest);
        }
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "nextRecordsUrl".into(),
                serde_json::Value::String(format!("/services/data/{version}/query/{cursor}")),
            );
        }
    }
    json(200, &v)
}

pub(super) fn log_body(l: &LogFile, gzip_ok: bool, truncate: bool) -> std::io::Result<Resp> {
    let (path, gz) = match &l.body {
        Body::File { path, gz } => (path, *gz),
        Body::Generated => {
            let len = if truncate { l.length / 2 } else { l.length };
            return Ok(stream(Box::new(Generated::new(len)), len, &[]));
        }
    };
    let file = std::fs::File::open(path)?;
    if truncate {
        let mut bytes = Vec::new();
        if gz {
            flate2::read::GzDecoder::new(file).read_to_end(&mut bytes)?;
        } else {
            std::io::BufReader::new(file).read_to_end(&mut bytes)?;
        }
        bytes.truncate(bytes.len() / 2);
        return Ok(respond(200, bytes, "text/csv"));
    }
    if gz && gzip_ok {
        let len = std::fs::metadata(path)?.len();
        return Ok(stream(Box::new(file), len, &[("Content-Encoding", "gzip")]));
    }
    let reader: Box<dyn Read + Send> = if gz {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(stream(reader, l.length, &[]))
}

fn stream(reader: Box<dyn Read + Send>, len: u64, extra: &[(&str, &str)]) -> Resp {
    let mut h = headers(&[("Content-Type", "text/csv")]);
    h.extend(headers(extra));
    tiny_http::Response::new(
        tiny_http::StatusCode(200),
        h,
        reader,
        usize::try_from(len).ok(),
        None,
    )
}

/// A made-up `API` log body of exactly `left` bytes: a header, then rows written as they are
/// read, so that no body is ever held in memory.
pub(super) struct Generated {
    left: u64,
    row: u64,
    buf: Vec<u8>,
    at: usize,
}

impl Generated {
    pub(super) fn new(len: u64) -> Self {
        Self {
            left: len,
            row: 0,
            buf: b"\"EVENT_TYPE\",\"TIMESTAMP_DERIVED\",\"REQUEST_ID\",\"USER_ID_DERIVED\",\"CLIENT_IP\",\"ROWS_PROCESSED\"\n".to_vec(),
            at: 0,
        }
    }
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        if self.at >= self.buf.len() {
            self.buf.clear();
            self.at = 0;
            for _ in 0..512 {
                let n = self.row;
                self.row += 1;
                let line = format!(
                    "\"API\",\"2020-11-20T{:02}:{:02}:{:02}.{:03}Z\",\"4fake{n:012}\",\"0055j000000utlPAAQ\",\"203.0.113.{}\",\"{}\"\n",
                    (n / 3_600_000) % 24,
                    (n / 60_000) % 60,
                    (n / 1000) % 60,
                    n % 1000,
                    n % 250,
                    n % 2000
                );
                self.buf.extend_from_slice(line.as_bytes());
            }
        }
        let have = self.buf.get(self.at..).unwrap_or_default();
        let n = have
            .len()
            .min(out.len())
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        if let (Some(dst), Some(src)) = (out.get_mut(..n), have.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.at += n;
        self.left -= n as u64;
        Ok(n)
    }
}
