//! A fake org on 127.0.0.1 for tests and benchmarks: it serves a `synth` org's files through
//! the REST, query and Bulk API 2.0 shapes `collect` calls (docs/collect.md §2), with faults
//! injected on request. Not a Salesforce emulator: only what `collect` needs.
//!
//! * `logs/<date>/<Type>.csv[.gz]` become daily `EventLogFile` rows and `LogFile` bodies (`.gz`
//!   files are sent with `Content-Encoding: gzip` to a client that accepts it);
//!   `logs/<date>/<Type>-<HH>-<Sequence>.csv` become hourly rows; [`Config::generated`] adds
//!   bodies made up while they are sent;
//! * `metadata/` (sfdx or mdapi) is served by the Metadata API's SOAP `retrieve` and
//!   `checkRetrieveStatus` as the mdapi zip Salesforce sends;
//! * `logs/SetupAuditTrail.csv` becomes `SetupAuditTrail` records (its dates are read as
//!   month-first, zone from the abbreviation);
//! * `export/User.csv` answers `SELECT … FROM User`; every `export/<Object>.csv` answers Bulk
//!   query jobs and `describe` (its header is the field list);
//! * `logs/LoginHistory.csv` answers `SELECT … FROM LoginHistory`; any other `logs/<Object>.csv`
//!   (`ApiEvent`) and [`Config::rtem`] are real-time event storage objects; other objects are
//!   not in the org.

mod csv;
mod data;
mod http;
mod route;
mod soap;

use http::{error, query_params, with};
use std::collections::BTreeMap;
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
    /// Log bodies made up on the fly, served after the synth org's.
    pub generated: Vec<GeneratedLog>,
    /// A zip served by `checkRetrieveStatus` instead of the synth org's tree (hostile zips).
    pub metadata_zip: Option<Vec<u8>>,
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
            generated: Vec::new(),
            metadata_zip: None,
        }
    }
}

/// A log body the fake org makes up as it sends it: `bytes` bytes of `API` rows, never held in
/// memory (for the streaming test and the benchmark).
#[derive(Debug, Clone)]
pub struct GeneratedLog {
    /// `LogDate` (`2020-11-20`).
    pub date: String,
    /// `EventType`.
    pub event_type: String,
    /// The body's exact size.
    pub bytes: u64,
}

/// Where a log body comes from.
pub(super) enum Body {
    /// A synth org's file, gzipped when `gz`.
    File { path: PathBuf, gz: bool },
    /// Made up on the fly.
    Generated,
}

pub(super) struct LogFile {
    pub(super) id: String,
    pub(super) event_type: String,
    pub(super) date: String,
    /// `Some(hour)` for an hourly file (`<Type>-<HH>-<Sequence>.csv` in the synth org).
    pub(super) hour: Option<u8>,
    pub(super) sequence: u32,
    pub(super) body: Body,
    pub(super) length: u64,
}

pub(super) struct Table {
    pub(super) header: Vec<u8>,
    pub(super) fields: Vec<String>,
    pub(super) rows: Vec<Vec<u8>>,
}

pub(super) struct State {
    pub(super) cfg: Mutex<Config>,
    pub(super) logs: Vec<LogFile>,
    pub(super) audit: Vec<serde_json::Value>,
    pub(super) tables: BTreeMap<String, Table>,
    pub(super) cursors: Mutex<BTreeMap<String, Vec<serde_json::Value>>>,
    pub(super) jobs: Mutex<BTreeMap<String, (String, u32)>>,
    /// The metadata tree as a retrieve zip (mdapi layout).
    pub(super) metadata_zip: Vec<u8>,
    /// Retrieves asked for: ID → `checkRetrieveStatus` calls so far.
    pub(super) retrieves: Mutex<BTreeMap<String, u32>>,
    pub(super) used: AtomicU64,
    pub(super) counter: AtomicU64,
    pub(super) requests: Mutex<Vec<String>>,
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
        let mut logs = data::index_logs(&org.join("logs"))?;
        for g in &cfg.generated {
            let n = logs.len();
            logs.push(LogFile {
                id: format!("0AT5j{n:010}AAA"),
                event_type: g.event_type.clone(),
                date: g.date.clone(),
                hour: None,
                sequence: 0,
                body: Body::Generated,
                length: g.bytes,
            });
        }
        let metadata_zip = match &cfg.metadata_zip {
            Some(z) => z.clone(),
            None => soap::mdapi_zip(&org.join("metadata"))?,
        };
        let audit = data::read_audit(&org.join("logs").join("SetupAuditTrail.csv"))?;
        let mut tables = BTreeMap::new();
        let export = org.join("export");
        if export.is_dir() {
            for e in std::fs::read_dir(&export)? {
                let p = e?.path();
                if p.extension().is_some_and(|x| x == "csv")
                    && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
                {
                    tables.insert(stem.to_string(), csv::table(&std::fs::read(&p)?));
                }
            }
        }
        // `logs/<Object>.csv` beside the day folders: real-time event storage (`ApiEvent`) and
        // Login History, as the token-theft scenario writes them.
        if let Ok(entries) = std::fs::read_dir(org.join("logs")) {
            for e in entries {
                let p = e?.path();
                if p.extension().is_some_and(|x| x == "csv")
                    && let Some(stem) = p.file_stem().and_then(|s| s.to_str())
                    && stem != "SetupAuditTrail"
                {
                    tables.insert(stem.to_string(), csv::table(&std::fs::read(&p)?));
                }
            }
        }
        for (name, text) in &cfg.rtem {
            tables.insert(name.clone(), csv::table(text.as_bytes()));
        }
        let used = cfg.api_used;
        let state = Arc::new(State {
            cfg: Mutex::new(cfg),
            logs,
            audit,
            tables,
            cursors: Mutex::new(BTreeMap::new()),
            jobs: Mutex::new(BTreeMap::new()),
            metadata_zip,
            retrieves: Mutex::new(BTreeMap::new()),
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
    let mut body = String::new();
    if method == "POST" {
        req.as_reader().read_to_string(&mut body)?;
    }
    // The Metadata API's SOAP calls carry the session in the envelope (docs/collect.md §2).
    let is_soap = path.starts_with("/services/Soap/");
    let authorized = if is_soap {
        soap::session(&body).as_deref() == Some(token.as_str())
    } else {
        req.headers().iter().any(|h| {
            h.field.equiv("Authorization") && h.value.as_str() == format!("Bearer {token}")
        })
    };
    let gzip_ok = req
        .headers()
        .iter()
        .any(|h| h.field.equiv("Accept-Encoding") && h.value.as_str().contains("gzip"));
    let resp = if !authorized || fault == Some(FaultKind::Status(401)) {
        if is_soap {
            soap::fault("INVALID_SESSION_ID")
        } else {
            error(401, "INVALID_SESSION_ID")
        }
    } else if is_soap && fault.is_none() {
        soap::answer(state, &body)
    } else {
        match fault {
            Some(FaultKind::Status(429)) => error(429, "REQUEST_LIMIT_EXCEEDED"),
            Some(FaultKind::Status(s)) => error(s, "UNKNOWN_EXCEPTION"),
            Some(FaultKind::Truncate) => {
                route::route(state, &method, &path, &params, &body, false, true, max)?
            }
            None => route::route(state, &method, &path, &params, &body, gzip_ok, false, max)?,
        }
    };
    req.respond(with(resp, "Sforce-Limit-Info", &limit))
}
