//! A fake org on 127.0.0.1 for tests and benchmarks: it serves a `synth` org's files through
//! the REST, query and Bulk API 2.0 shapes `collect` calls (docs/collect.md §2), with faults
//! injected on request. Not a Salesforce emulator: only what `collect` needs.
//!
//! * `logs/<date>/<Type>.csv[.gz]` become `EventLogFile` rows and `LogFile` bodies (`.gz` files
//!   are sent with `Content-Encoding: gzip` to a client that accepts it);
//! * `logs/SetupAuditTrail.csv` becomes `SetupAuditTrail` records (its dates are read as
//!   month-first, zone from the abbreviation);
//! * `export/User.csv` answers `SELECT … FROM User`; every `export/<Object>.csv` answers Bulk
//!   query jobs and `describe` (its header is the field list);
//! * [`Config::rtem`] holds real-time event objects as CSV text; other objects are not in the org.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What a fault does to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer with this status (and a Salesforce error body).
    Status(u16),
    /// Serve a `LogFile` body cut to half its length (with a matching `Content-Length`).
    Truncate,
}

/// A fault applied to the next `times` requests whose path contains `path_contains`.
#[derive(Debug, Clone)]
pub struct Fault {
    /// A substring of the request path (query string included).
    pub path_contains: String,
    /// What happens.
    pub kind: FaultKind,
    /// How many requests it hits.
    pub times: u32,
}

/// The fake org's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The only token accepted.
    pub token: String,
    /// Records per REST query page.
    pub page_size: usize,
    /// Daily API allowance.
    pub api_max: u64,
    /// Requests already used today.
    pub api_used: u64,
    /// Faults.
    pub faults: Vec<Fault>,
    /// Real-time event storage objects: name → CSV text (CamelCase header).
    pub rtem: BTreeMap<String, String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            token: "00DFAKE!token".into(),
            page_size: 2000,
            api_max: 100_000,
            api_used: 0,
            faults: Vec::new(),
            rtem: BTreeMap::new(),
        }
    }
}

struct LogFile {
    id: String,
    event_type: String,
    date: String,
    path: PathBuf,
    gz: bool,
    length: u64,
}

struct Table {
    header: Vec<u8>,
    fields: Vec<String>,
    rows: Vec<Vec<u8>>,
}

struct State {
    cfg: Mutex<Config>,
    logs: Vec<LogFile>,
    audit: Vec<serde_json::Value>,
    tables: BTreeMap<String, Table>,
    cursors: Mutex<BTreeMap<String, Vec<serde_json::Value>>>,
    jobs: Mutex<BTreeMap<String, (String, u32)>>,
    used: AtomicU64,
    counter: AtomicU64,
    requests: Mutex<Vec<String>>,
}

/// A running fake org; stops when dropped.
pub struct FakeOrg {
    server: Arc<tiny_http::Server>,
    state: Arc<State>,
    threads: Vec<std::thread::JoinHandle<()>>,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
}

impl FakeOrg {
    /// Serves the synth org in `org` until dropped.
    pub fn start(org: &Path, cfg: Config) -> std::io::Result<Self> {
        let logs = index_logs(&org.join("logs"))?;
        let audit = read_audit(&org.join("logs").join("SetupAuditTrail.csv"))?;
        let mut tables = BTreeMap::new();
        let export = org.join("export");
        if export.is_dir() {
            for e in std::fs::read_dir(&export)? {
                let p = e?.path();
                if p.extension().is_some_and(|x| x == "csv")
                    && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
                {
                    tables.insert(stem.to_string(), table(&std::fs::read(&p)?));
                }
            }
        }
        for (name, text) in &cfg.rtem {
            tables.insert(name.clone(), table(text.as_bytes()));
        }
        let used = cfg.api_used;
        let state = Arc::new(State {
            cfg: Mutex::new(cfg),
            logs,
            audit,
            tables,
            cursors: Mutex::new(BTreeMap::new()),
            jobs: Mutex::new(BTreeMap::new()),
            used: AtomicU64::new(used),
            counter: AtomicU64::new(0),
            requests: Mutex::new(Vec::new()),
        });
        let server =
            Arc::new(tiny_http::Server::http("127.0.0.1:0").map_err(std::io::Error::other)?);
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| std::io::Error::other("no port"))?;
        let mut threads = Vec::new();
        for _ in 0..8 {
            let server = Arc::clone(&server);
            let state = Arc::clone(&state);
            threads.push(std::thread::spawn(move || {
                while let Ok(req) = server.recv() {
                    let _ = handle(&state, req);
                }
            }));
        }
        Ok(Self {
            server,
            state,
            threads,
            url: format!("http://127.0.0.1:{port}"),
        })
    }

    /// Every request served, as `METHOD path?query`.
    pub fn requests(&self) -> Vec<String> {
        self.state
            .requests
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    /// Replaces the faults still to come.
    pub fn set_faults(&self, faults: Vec<Fault>) {
        if let Ok(mut c) = self.state.cfg.lock() {
            c.faults = faults;
        }
    }
}

impl Drop for FakeOrg {
    fn drop(&mut self) {
        for _ in 0..self.threads.len() {
            self.server.unblock();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn index_logs(dir: &Path) -> std::io::Result<Vec<LogFile>> {
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
            let (event_type, gz) = if let Some(t) = name.strip_suffix(".csv.gz") {
                (t.to_string(), true)
            } else if let Some(t) = name.strip_suffix(".csv") {
                (t.to_string(), false)
            } else {
                continue;
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
                path,
                gz,
                length,
            });
        }
    }
    Ok(out)
}

/// Splits CSV bytes into records (line feeds outside quotes), each with its line end.
fn records(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                out.push(bytes.get(start..=i).unwrap_or_default().to_vec());
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < bytes.len() {
        let mut last = bytes.get(start..).unwrap_or_default().to_vec();
        last.push(b'\n');
        out.push(last);
    }
    out
}

fn fields_of(line: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(line);
    text.trim_end()
        .split(',')
        .map(|f| f.trim_matches('"').to_string())
        .collect()
}

fn table(bytes: &[u8]) -> Table {
    let mut rows = records(bytes);
    let header = if rows.is_empty() {
        Vec::new()
    } else {
        rows.remove(0)
    };
    Table {
        fields: fields_of(&header),
        header,
        rows,
    }
}

/// Parses one CSV record into strings (quotes removed, doubled quotes undone).
fn values(line: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(line);
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn read_audit(path: &Path) -> std::io::Result<Vec<serde_json::Value>> {
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

fn decode(s: &str) -> String {
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

fn query_params(q: &str) -> BTreeMap<String, String> {
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), decode(v)))
        .collect()
}

type Resp = tiny_http::Response<Box<dyn Read + Send>>;

fn respond(status: u16, body: Vec<u8>, ctype: &str) -> Resp {
    let len = body.len();
    tiny_http::Response::new(
        tiny_http::StatusCode(status),
        headers(&[("Content-Type", ctype)]),
        Box::new(std::io::Cursor::new(body)) as Box<dyn Read + Send>,
        Some(len),
        None,
    )
}

fn json(status: u16, v: &serde_json::Value) -> Resp {
    respond(status, v.to_string().into_bytes(), "application/json")
}

fn error(status: u16, code: &str) -> Resp {
    json(
        status,
        &serde_json::json!([{"message": "fake org error", "errorCode": code}]),
    )
}

/// Headers whose name and value parse (the fake org's own, all ASCII).
fn headers(pairs: &[(&str, &str)]) -> Vec<tiny_http::Header> {
    pairs
        .iter()
        .filter_map(|(k, v)| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok())
        .collect()
}

fn with(mut resp: Resp, k: &str, v: &str) -> Resp {
    for h in headers(&[(k, v)]) {
        resp.add_header(h);
    }
    resp
}

fn handle(state: &State, mut req: tiny_http::Request) -> std::io::Result<()> {
    let url = req.url().to_string();
    let method = req.method().to_string();
    if let Ok(mut r) = state.requests.lock() {
        r.push(format!("{method} {url}"));
    }
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let path = path.to_string();
    let params = query_params(query);
    let used = state.used.fetch_add(1, Ordering::Relaxed) + 1;
    let (token, max, fault) = {
        let mut cfg = match state.cfg.lock() {
            Ok(c) => c,
            Err(_) => return req.respond(error(500, "UNKNOWN_EXCEPTION")),
        };
        let fault = cfg
            .faults
            .iter_mut()
            .find(|f| f.times > 0 && url.contains(&f.path_contains))
            .map(|f| {
                f.times -= 1;
                f.kind.clone()
            });
        (cfg.token.clone(), cfg.api_max, fault)
    };
    let limit = format!("api-usage={used}/{max}");
    let authorized = req
        .headers()
        .iter()
        .any(|h| h.field.equiv("Authorization") && h.value.as_str() == format!("Bearer {token}"));
    let gzip_ok = req
        .headers()
        .iter()
        .any(|h| h.field.equiv("Accept-Encoding") && h.value.as_str().contains("gzip"));
    let mut body = String::new();
    if method == "POST" {
        req.as_reader().read_to_string(&mut body)?;
    }
    let resp = if !authorized {
        error(401, "INVALID_SESSION_ID")
    } else {
        match fault {
            Some(FaultKind::Status(401)) => error(401, "INVALID_SESSION_ID"),
            Some(FaultKind::Status(429)) => error(429, "REQUEST_LIMIT_EXCEEDED"),
            Some(FaultKind::Status(s)) => error(s, "UNKNOWN_EXCEPTION"),
            Some(FaultKind::Truncate) => {
                route(state, &method, &path, &params, &body, false, true, max)?
            }
            None => route(state, &method, &path, &params, &body, gzip_ok, false, max)?,
        }
    };
    req.respond(with(resp, "Sforce-Limit-Info", &limit))
}

#[expect(clippy::too_many_arguments, reason = "a test server's router")]
fn route(
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

fn from_object(soql: &str) -> Option<String> {
    let mut words = soql.split_whitespace();
    while let Some(w) = words.next() {
        if w.eq_ignore_ascii_case("FROM") {
            return words.next().map(str::to_string);
        }
    }
    None
}

/// The value after `<field> <op> ` in a SOQL `WHERE` (`LogDate >= 2020-11-01T00:00:00Z`).
fn bound(soql: &str, field: &str, op: &str) -> Option<jiff::Timestamp> {
    let key = format!("{field} {op} ");
    let at = soql.find(&key)? + key.len();
    soql.get(at..)?.split_whitespace().next()?.parse().ok()
}

fn run_soql(state: &State, soql: &str) -> Option<Vec<serde_json::Value>> {
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
                    serde_json::json!({
                        "attributes": {"type": "EventLogFile"},
                        "Id": l.id,
                        "EventType": l.event_type,
                        "LogDate": format!("{}T00:00:00.000+0000", l.date),
                        "Interval": "Daily",
                        "Sequence": 0,
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
        "LoginHistory" => Some(Vec::new()),
        "User" => {
            let t = state.tables.get("User")?;
            Some(
                t.rows
                    .iter()
                    .map(|r| {
                        let mut m = serde_json::Map::new();
                        m.insert("attributes".into(), serde_json::json!({"type": "User"}));
                        for (f, v) in t.fields.iter().zip(values(r)) {
                            m.insert(f.clone(), serde_json::Value::String(v));
                        }
                        serde_json::Value::Object(m)
                    })
                    .collect(),
            )
        }
        _ => None,
    }
}

fn page(state: &State, mut records: Vec<serde_json::Value>, path: &str) -> Resp {
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

fn log_body(l: &LogFile, gzip_ok: bool, truncate: bool) -> std::io::Result<Resp> {
    let file = std::fs::File::open(&l.path)?;
    if truncate {
        let mut bytes = Vec::new();
        if l.gz {
            flate2::read::GzDecoder::new(file).read_to_end(&mut bytes)?;
        } else {
            std::io::BufReader::new(file).read_to_end(&mut bytes)?;
        }
        bytes.truncate(bytes.len() / 2);
        return Ok(respond(200, bytes, "text/csv"));
    }
    if l.gz && gzip_ok {
        let len = std::fs::metadata(&l.path)?.len();
        return Ok(tiny_http::Response::new(
            tiny_http::StatusCode(200),
            headers(&[("Content-Type", "text/csv"), ("Content-Encoding", "gzip")]),
            Box::new(file) as Box<dyn Read + Send>,
            usize::try_from(len).ok(),
            None,
        ));
    }
    let reader: Box<dyn Read + Send> = if l.gz {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(tiny_http::Response::new(
        tiny_http::StatusCode(200),
        headers(&[("Content-Type", "text/csv")]),
        reader,
        usize::try_from(l.length).ok(),
        None,
    ))
}
