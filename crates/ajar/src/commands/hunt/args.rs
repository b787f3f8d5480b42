//! `ajar hunt`'s arguments, as clap reads them (the low level; `super` maps them to the
//! pipeline's options).

use ajar_model::event::PrincipalClass;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// `ajar hunt` arguments.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ajar hunt org/logs --geoip org/geoip/ip-country.csv --outside JP \\\n    --principal guest --users org/export/User.csv --format csv --output read.csv"
)]
pub(crate) struct HuntArgs {
    /// Log files or directories: EventLogFile CSVs (`.csv`, `.csv.gz`), their JSON-lines
    /// conversions, Real-Time Event Monitoring exports, Setup Audit Trail CSVs. Recognised by
    /// header, not by name.
    #[arg(required_unless_present = "logs", value_name = "PATH")]
    pub(super) inputs: Vec<PathBuf>,
    /// More log files or directories, as `investigate --logs` takes them (several after one
    /// flag, or the flag repeated).
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub(super) logs: Vec<PathBuf>,
    /// GeoIP database: a MaxMind-format `.mmdb` (GeoLite2/DB-IP Lite country) or a CSV of
    /// `start,end,country` ranges.
    #[arg(long, value_name = "FILE")]
    pub(super) geoip: Option<PathBuf>,
    /// A guest user's ID (15 or 18 characters); repeat for several sites.
    #[arg(long = "guest-user", value_name = "ID")]
    pub(super) guest_users: Vec<String>,
    /// A User export CSV (`Id,UserType,...`): users with `UserType` `Guest` are guests.
    #[arg(long, value_name = "FILE")]
    pub(super) users: Option<PathBuf>,
    /// A Data Export folder: custom key prefixes are learned from each `<Object>.csv`.
    #[arg(long, value_name = "DIR")]
    pub(super) export: Option<PathBuf>,
    /// A custom key prefix, `PREFIX=Object` (e.g. `a0B=Balance_Transfer_Application__c`).
    #[arg(long = "key-prefix", value_name = "PREFIX=OBJECT")]
    pub(super) key_prefixes: Vec<String>,
    /// Principal classes to keep.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "guest,external"
    )]
    pub(super) principal: Vec<PrincipalArg>,
    /// Keep events at or after this time (`2020-11-01` or RFC 3339).
    #[arg(long, value_name = "TIME")]
    pub(super) since: Option<String>,
    /// Keep events before this time; a date alone means the end of that day (UTC).
    #[arg(long, value_name = "TIME")]
    pub(super) until: Option<String>,
    /// Keep events touching these objects (API names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "OBJECT")]
    pub(super) object: Vec<String>,
    /// Keep events from a known country other than this one (ISO code, e.g. `JP`).
    #[arg(long, value_name = "COUNTRY")]
    pub(super) outside: Option<String>,
    /// Stop at the first malformed row instead of skipping it.
    #[arg(long)]
    pub(super) strict: bool,
    /// Time zone of Setup Audit Trail dates (IANA name, e.g. `America/Los_Angeles`).
    #[arg(long, value_name = "ZONE")]
    pub(super) tz: Option<String>,
    /// Locale of Setup Audit Trail dates (`en_US`, `en_GB`, `ja_JP`...).
    #[arg(long, value_name = "LOCALE")]
    pub(super) locale: Option<String>,
    /// Indicators of compromise naming an intruder: a CSV of `type,value[,source]` (types
    /// `ip`, `cidr`, `user_agent`, `user`, `connected_app`, `client_name`, `session_key`,
    /// `login_key`). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub(super) ioc: Vec<PathBuf>,
    /// One indicator, `TYPE=VALUE` (the types of `--ioc`). Repeatable.
    #[arg(long, value_name = "TYPE=VALUE")]
    pub(super) actor: Vec<String>,
    /// Exit 1 when a detection (`HUNT-…`) at or above this severity is raised.
    #[arg(long, value_name = "SEVERITY", value_parser = crate::cli::parse_severity)]
    pub(super) fail_on: Option<ajar_model::finding::Severity>,
    /// HUNT-005: raise a session that got more than FACTOR times the rows of its user's usual
    /// session (default 10).
    #[arg(long, value_name = "FACTOR")]
    pub(super) threshold: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(super) format: Format,
    /// Write to FILE (created 0600: it holds IPs and user IDs) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub(super) output: Option<PathBuf>,
    /// Also write the normalised events (and audit entries) as tables for DuckDB, Spark or
    /// Trino: `parquet DIR` or `jsonl DIR`, partitioned by UTC day (docs/scale-out.md).
    #[arg(long, num_args = 2, value_names = ["FORMAT", "DIR"])]
    pub(super) emit: Vec<String>,
    /// Split plain CSVs larger than twice this many bytes into parts read in parallel
    /// (default 64 MiB; for tests and benchmarks).
    #[arg(long, hide = true, value_name = "BYTES")]
    pub(super) chunk_bytes: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum PrincipalArg {
    Guest,
    External,
    Internal,
    Unknown,
}

impl From<PrincipalArg> for PrincipalClass {
    fn from(p: PrincipalArg) -> Self {
        match p {
            PrincipalArg::Guest => Self::Guest,
            PrincipalArg::External => Self::External,
            PrincipalArg::Internal => Self::Internal,
            PrincipalArg::Unknown => Self::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    Text,
    Json,
    Csv,
    /// SARIF 2.1.0 of the detections' findings.
    Sarif,
}
