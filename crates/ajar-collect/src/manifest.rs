//! `manifest.json`: the chain of custody of a collection (schema `ajar.collect/1`, docs/collect.md).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The manifest's schema name and version.
pub const SCHEMA: &str = "ajar.collect/1";

/// The manifest's file name inside the collection folder.
pub const FILE_NAME: &str = "manifest.json";

/// Everything a reviewer needs to trust the folder: who collected what, when, through which call,
/// and the SHA-256 of every file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The ajar version that wrote the manifest.
    pub ajar_version: String,
    /// The org's ID (`00D…`), from the collecting user's identity.
    pub org_id: String,
    /// The instance URL the calls went to.
    pub instance_url: String,
    /// The REST API version of the calls (`62.0`).
    pub api_version: String,
    /// The collecting user.
    pub user: Collector,
    /// When the collection started (UTC, RFC 3339).
    pub started: String,
    /// When it ended.
    pub finished: String,
    /// The range asked for: first day included, last day excluded (UTC dates).
    pub since: String,
    /// See `since`.
    pub until: String,
    /// Every file, by its path relative to the folder (`/`-separated), sorted.
    pub files: BTreeMap<String, FileEntry>,
    /// What could not be collected, and why: the collection is partial when this is not empty.
    pub gaps: Vec<Gap>,
    /// Facts about coverage that are not failures (an object the org lacks, an empty range).
    pub notes: Vec<String>,
}

/// The collecting user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collector {
    /// The user's ID (`005…`).
    pub id: String,
    /// The user's login name.
    pub username: String,
}

/// One collected file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// The call that produced it.
    pub call: Call,
    /// When the file was completed (UTC, RFC 3339).
    pub fetched: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its data rows (CSV records after the header).
    pub rows: u64,
    /// Lower-case hex SHA-256 of its bytes.
    pub sha256: String,
}

/// The API call behind a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Call {
    /// The endpoint, without host or query string (`/services/data/v62.0/query`).
    pub endpoint: String,
    /// The SOQL, when the call ran one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soql: Option<String>,
    /// The record the file is the body of (an `EventLogFile` ID), or the Bulk job's ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
}

/// Something that was not collected.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Gap {
    /// The source (`logs`, `audit`, `logins`, `users`, `events`, `records`).
    pub source: String,
    /// What is missing (a file path, an object, a whole source).
    pub what: String,
    /// Why, in one line naming the call.
    pub reason: String,
}
