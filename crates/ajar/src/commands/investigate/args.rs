//! `ajar investigate`'s arguments, as clap reads them (the low level; `super` maps them to the
//! pipeline's options).

use crate::cli::LangArg;
use clap::Args;
use std::path::PathBuf;

/// Establish what was exposed and read, decide what the law requires, and draft the documents.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example:\n  ajar investigate --metadata org/metadata --export org/export \\\n    --logs org/logs --geoip org/geoip/ip-country.csv --history org/history \\\n    --discovered 2020-11-24 --out incident/"
)]
pub(crate) struct InvestigateArgs {
    /// The metadata tree while the exposure was open (sfdx or mdapi); optional for an
    /// intrusion (`--ioc`, `--actor`).
    #[arg(long, value_name = "DIR", required_unless_present_any = ["ioc", "actor"])]
    pub(crate) metadata: Option<PathBuf>,
    /// Indicators of compromise naming an intruder (CSV `type,value[,source]`, as `hunt
    /// --ioc`): the incident is then an intrusion through the API. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub(crate) ioc: Vec<PathBuf>,
    /// One indicator, `TYPE=VALUE` (as `hunt --actor`). Repeatable.
    #[arg(long, value_name = "TYPE=VALUE")]
    pub(crate) actor: Vec<String>,
    /// The Data Export: its zip files or their extracted folder.
    #[arg(long, value_name = "DIR|ZIP", num_args = 1.., required = true)]
    pub(crate) export: Vec<PathBuf>,
    /// The export's encoding, as chosen at export time (`utf-8`, `cp932`, `iso-8859-1`...).
    #[arg(long, value_name = "LABEL", default_value = "utf-8")]
    pub(crate) export_encoding: String,
    /// Event logs (files or folders) for the confirmed set; without them it is "unknown".
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub(crate) logs: Vec<PathBuf>,
    /// A finished `ajar hunt --format json` report, instead of `--logs`.
    #[arg(long, value_name = "FILE", conflicts_with = "logs")]
    pub(crate) hunt_report: Option<PathBuf>,
    /// Setup Audit Trail CSV (with `--logs`).
    #[arg(long, value_name = "FILE")]
    pub(crate) audit_trail: Option<PathBuf>,
    /// Zone of the audit trail's dates (IANA name; default the home country's zone).
    #[arg(long, value_name = "ZONE")]
    pub(crate) audit_tz: Option<String>,
    /// Locale of the audit trail's dates (`en_US`, `en_GB`, `ja_JP`), as downloaded.
    #[arg(long, value_name = "LOCALE")]
    pub(crate) audit_locale: Option<String>,
    /// The metadata history: a git repository of metadata snapshots.
    #[arg(long, value_name = "GIT_DIR")]
    pub(crate) history: Option<PathBuf>,
    /// IP → country database (mmdb or `start,end,country` CSV), with `--logs`.
    #[arg(long, value_name = "FILE")]
    pub(crate) geoip: Option<PathBuf>,
    /// The day the organisation knew (知った日), YYYY-MM-DD: deadlines count from it.
    #[arg(long, value_name = "DATE")]
    pub(crate) discovered: Option<jiff::civil::Date>,
    /// When the controller became aware, for the GDPR's 72 hours (default: the start of
    /// `--discovered` in the home country's zone).
    #[arg(long, value_name = "TIMESTAMP")]
    pub(crate) aware_at: Option<jiff::Timestamp>,
    /// The organisation's country (ISO code): national phone numbers and "abroad".
    #[arg(long, value_name = "CC", default_value = "JP", value_parser = home_country)]
    pub(crate) home_country: String,
    /// Apply a regime even when none of its persons appear in the export: `EU` (GDPR), `KR`
    /// (PIPA), `SG` (PDPA), `US-CA` (Civil Code §1798.82, applied only when asked). Repeatable.
    #[arg(long, value_name = "REGION", value_parser = ["EU", "KR", "SG", "US-CA"], value_delimiter = ',')]
    pub(crate) jurisdiction: Vec<String>,
    /// The country (ISO code) of the organisation's main establishment in the EU/EEA, when it
    /// has one: the GDPR then applies under Art. 3(1) and the authority there leads (Art. 56).
    /// Default: `--home-country` when it is in the EU/EEA.
    #[arg(long, value_name = "CC", value_parser = home_country)]
    pub(crate) controller_establishment: Option<String>,
    /// The organisation handles the data for another business (a processor, 委託先): it tells
    /// the business that entrusted the data (APPI Rules Art. 9; GDPR Art. 33(2)).
    #[arg(long)]
    pub(crate) processor: bool,
    /// The organisation is a public body (行政機関等): APPI Art. 68 and Rules Art. 43 apply
    /// instead of Art. 26 (more than 100 persons, not 1,000).
    #[arg(long)]
    pub(crate) public_body: bool,
    /// A field (`Object.Field`) protected by advanced encryption whose key was not compromised:
    /// left out of the APPI events (Rules Art. 7). Repeatable.
    #[arg(long, value_name = "FIELD")]
    pub(crate) encrypted: Vec<String>,
    /// Language of the HTML report and the summary (drafts are written in both).
    #[arg(long, value_enum, default_value_t = LangArg::Ja)]
    pub(crate) lang: LangArg,
    /// Write every output without personal data.
    #[arg(long)]
    pub(crate) redact: bool,
    /// "Now", for the platform rules when nothing else dates the incident (YYYY-MM-DD;
    /// default `SOURCE_DATE_EPOCH`, else today).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of_now: Option<jiff::civil::Date>,
    /// PermissionSetAssignment CSV, passed to the scan.
    #[arg(long, value_name = "CSV")]
    pub(crate) assignments: Option<PathBuf>,
    /// Where to write incident.json, the drafts, the notification list and report.html.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Also write the exposed records as a table for DuckDB, Spark or Trino: `parquet DIR` or
    /// `jsonl DIR` (docs/scale-out.md; `ajar sql` prints the queries).
    #[arg(long, num_args = 2, value_names = ["FORMAT", "DIR"])]
    pub(crate) emit: Vec<String>,
}

fn home_country(value: &str) -> std::result::Result<String, String> {
    crate::output::country_code("--home-country", value).map_err(|e| e.to_string())
}
