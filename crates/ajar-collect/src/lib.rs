//! Collects a Salesforce org's evidence before it expires, with a chain of custody.
//!
//! `ajar collect` calls the org's Metadata API (a `retrieve` of the tree `ajar scan` reads,
//! formats.md §1.1), its REST and Bulk APIs: EventLogFile bodies (formats.md §2.1),
//! the Setup Audit Trail and Login History (formats.md §2.5), `User`, Real-Time Event
//! Monitoring storage objects (formats.md §2.4) and records of chosen objects in the Data
//! Export layout (formats.md §2.8). Each file is written under a temporary name while it is
//! hashed, renamed, made read-only and listed in `manifest.json` with the call that produced
//! it; [`verify::verify`] re-hashes a folder against its manifest. Every call, permission and
//! retention is in `docs/collect.md`.
//!
//! ```no_run
//! use ajar_collect::{Options, Silent, auth::{Credentials, Token}};
//! let creds = Credentials::new("https://acme.my.salesforce.com", Token::new("…")).unwrap();
//! let opts = Options::new("evidence".into(), "2020-11-01".parse().unwrap(), "2020-11-27".parse().unwrap());
//! let outcome = ajar_collect::collect(&creds, &opts, &Silent).unwrap();
//! println!("{} files", outcome.files);
//! ```
#![deny(missing_docs)]

pub mod auth;
mod bulk;
mod call_error;
mod client;
pub mod exposure;
#[cfg(feature = "fake-org")]
pub mod fake;
mod logs;
pub mod manifest;
mod metadata;
mod soql;
mod sources;
mod store;
pub mod verify;

pub use client::{CallError, RetryPolicy};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What to collect (`--only`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// The metadata tree `ajar scan` reads (Metadata API `retrieve`), to `metadata/`.
    Metadata,
    /// `User` by SOQL, to `export/User.csv`.
    Users,
    /// The Setup Audit Trail by SOQL, to `logs/SetupAuditTrail.csv`.
    Audit,
    /// Login History by SOQL, to `logs/LoginHistory.csv`.
    Logins,
    /// EventLogFile bodies, to `logs/<date>/<EventType>.csv`.
    Logs,
    /// Real-Time Event Monitoring storage objects, to `logs/events/<Object>.csv`.
    Events,
    /// Records of `--objects`, to `export/<Object>.csv`.
    Records,
}

impl Source {
    /// Every source, in the order they are collected.
    pub const ALL: [Self; 7] = [
        Self::Metadata,
        Self::Users,
        Self::Audit,
        Self::Logins,
        Self::Logs,
        Self::Events,
        Self::Records,
    ];

    /// The name used by `--only` and in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Metadata => "metadata",
            Self::Users => "users",
            Self::Audit => "audit",
            Self::Logins => "logins",
            Self::Logs => "logs",
            Self::Events => "events",
            Self::Records => "records",
        }
    }
}

/// The Real-Time Event Monitoring storage objects collected by default (formats.md §2.4).
pub const DEFAULT_EVENTS: [&str; 8] = [
    "ApiEvent",
    "LoginEvent",
    "ReportEvent",
    "ListViewEvent",
    "LightningUriEvent",
    "UriEvent",
    "BulkApiResultEventStore",
    "GuestUserAnomalyEventStore",
];

/// How to collect.
#[derive(Debug, Clone)]
pub struct Options {
    /// The collection folder (created; a previous collection in it is resumed).
    pub out: PathBuf,
    /// First UTC day collected.
    pub since: jiff::civil::Date,
    /// First UTC day not collected.
    pub until: jiff::civil::Date,
    /// Sources to collect.
    pub only: BTreeSet<Source>,
    /// Objects whose records are queried (`--objects`).
    pub objects: Vec<String>,
    /// Real-time event storage objects tried.
    pub events: Vec<String>,
    /// Parallel downloads.
    pub jobs: usize,
    /// Stop before this share of the daily API allowance is used.
    pub max_api_percent: u8,
    /// REST API version (`62.0`).
    pub api_version: String,
    /// Recorded in the manifest.
    pub ajar_version: String,
    /// Retries and backoff.
    pub retry: RetryPolicy,
    /// `maxRecords` of Bulk result pages (Salesforce decides when unset).
    pub bulk_page: Option<u32>,
    /// Objects the intruder's evidence touched (`--ioc`): called with the collection folder
    /// once its logs are written, its objects' records are collected too.
    pub touched: Option<Touched>,
}

/// Finds, in a collection folder whose logs are written, the objects an intruder's events
/// touched (`ajar collect --ioc`); an error is a gap of the records source.
#[derive(Clone)]
pub struct Touched(pub std::sync::Arc<TouchedFn>);

/// The function inside [`Touched`]: the collection folder in, object API names out.
pub type TouchedFn = dyn Fn(&Path) -> Result<Vec<String>, String> + Send + Sync;

impl std::fmt::Debug for Touched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Touched(..)")
    }
}

impl Options {
    /// Defaults: every source, 4 jobs, 50% of the allowance, API 62.0.
    pub fn new(out: PathBuf, since: jiff::civil::Date, until: jiff::civil::Date) -> Self {
        Self {
            out,
            since,
            until,
            only: Source::ALL.into_iter().collect(),
            objects: Vec::new(),
            events: DEFAULT_EVENTS.iter().map(|s| (*s).to_string()).collect(),
            jobs: 4,
            max_api_percent: 50,
            api_version: "62.0".into(),
            ajar_version: env!("CARGO_PKG_VERSION").into(),
            retry: RetryPolicy::default(),
            bulk_page: None,
            touched: None,
        }
    }
}

/// Progress of a phase (a bar on a terminal, nothing in tests).
pub trait Progress: Sync {
    /// A phase starts; `total` items (0 when unknown).
    fn phase(&self, name: &str, total: u64);
    /// Items done.
    fn advance(&self, n: u64);
    /// The phase ended.
    fn finish(&self);
}

/// No progress display.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn phase(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// What a collection did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `manifest.json`.
    pub manifest: PathBuf,
    /// SHA-256 of `manifest.json`, to note down outside the folder.
    pub manifest_sha256: String,
    /// Files listed in the manifest.
    pub files: usize,
    /// Files kept from a previous run (hash unchanged).
    pub resumed: usize,
    /// Their bytes.
    pub bytes: u64,
    /// What is missing.
    pub gaps: Vec<manifest::Gap>,
    /// Coverage notes.
    pub notes: Vec<String>,
    /// API requests made (retries included).
    pub calls: u64,
    /// Daily API requests used and allowed, as last seen.
    pub api_usage: (u64, u64),
}

/// Why a collection could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// No usable credentials.
    #[error("{0}")]
    Credentials(String),
    /// The first call failed: nothing was written.
    #[error("{0}")]
    Call(#[from] CallError),
    /// A file could not be written.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// An I/O error that names its path itself (`fs-err`).
    #[error(transparent)]
    FsErr(#[from] std::io::Error),
    /// The previous manifest cannot be read.
    #[error("{}: not an ajar manifest ({reason})", .path.display())]
    Manifest {
        /// `manifest.json`.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

impl CollectError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A step's failure: a call (recorded as a gap) or the local disk (stops the run).
#[derive(Debug)]
pub(crate) enum Failure {
    Call(CallError),
    Local(CollectError),
}

impl From<CallError> for Failure {
    fn from(e: CallError) -> Self {
        Self::Call(e)
    }
}

impl From<CollectError> for Failure {
    fn from(e: CollectError) -> Self {
        Self::Local(e)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Call(e) => e.fmt(f),
            Self::Local(e) => e.fmt(f),
        }
    }
}

/// What the workers share: the client, the folder, and the first fatal error.
pub(crate) struct Shared<'a> {
    pub(crate) client: &'a client::Client,
    pub(crate) store: &'a store::Store,
    fatal: Mutex<Option<CallError>>,
    local: Mutex<Option<CollectError>>,
}

impl Shared<'_> {
    pub(crate) fn fatal(&self) -> Option<CallError> {
        self.fatal.lock().ok().and_then(|f| f.clone())
    }

    pub(crate) fn set_fatal(&self, e: CallError) {
        if let Ok(mut f) = self.fatal.lock()
            && f.is_none()
        {
            *f = Some(e);
        }
    }

    pub(crate) fn set_local(&self, e: CollectError) {
        if let Ok(mut f) = self.local.lock()
            && f.is_none()
        {
            *f = Some(e);
        }
        self.set_fatal(CallError::Transport {
            call: "writing the collection".into(),
            reason: "stopped after a local write error".into(),
        });
    }
}

/// Collects every source of `opts.only` into `opts.out`.
///
/// Returns an error only when nothing could be written (the first call failed, or the folder
/// cannot be written); otherwise the outcome's `gaps` say what is missing.
pub fn collect(
    creds: &Credentials,
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Outcome, CollectError> {
    let started = jiff::Timestamp::now();
    let client = client::Client::new(
        creds.clone(),
        &opts.api_version,
        opts.retry,
        opts.max_api_percent,
    );
    let identity = sources::identity(&client)?;
    let store = store::Store::open(&opts.out)?;
    let shared = Shared {
        client: &client,
        store: &store,
        fatal: Mutex::new(None),
        local: Mutex::new(None),
    };
    let mut report = sources::Report::default();
    sources::limits(&shared, &mut report);
    for source in Source::ALL {
        if !opts.only.contains(&source) {
            continue;
        }
        if let Some(fatal) = shared.fatal() {
            report.gap(source, "everything", &fatal.to_string());
            continue;
        }
        sources::run(source, &shared, opts, &mut report, progress);
    }
    if let Some(e) = shared.local.lock().ok().and_then(|mut l| l.take()) {
        return Err(e);
    }
    let entries = store.entries();
    let resumed = store.resumed();
    let bytes = entries.values().map(|e| e.bytes).sum();
    let files = entries.len();
    report.gaps.sort();
    let manifest = manifest::Manifest {
        schema: manifest::SCHEMA.into(),
        ajar_version: opts.ajar_version.clone(),
        org_id: identity.org_id,
        instance_url: client.instance().to_string(),
        api_version: opts.api_version.clone(),
        user: identity.user,
        started: started.to_string(),
        finished: jiff::Timestamp::now().to_string(),
        since: opts.since.to_string(),
        until: opts.until.to_string(),
        files: entries,
        gaps: report.gaps.clone(),
        notes: report.notes.clone(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest).map_err(|e| CollectError::Manifest {
        path: opts.out.join(manifest::FILE_NAME),
        reason: e.to_string(),
    })?;
    json.push(b'\n');
    store.write_whole(manifest::FILE_NAME, &json)?;
    Ok(Outcome {
        manifest: store.root().join(manifest::FILE_NAME),
        manifest_sha256: {
            use sha2::Digest;
            store::hex(&sha2::Sha256::digest(&json))
        },
        files,
        resumed,
        bytes,
        gaps: report.gaps,
        notes: report.notes,
        calls: client.calls(),
        api_usage: client.usage(),
    })
}

pub use auth::Credentials;
