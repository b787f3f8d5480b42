//! The arguments of `ajar collect`.

use ajar_collect::Source;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `ajar collect`.
#[derive(Debug, Args)]
#[command(
    after_help = "The access token comes from `sf org display --json --target-org ALIAS` \
(when `--target-org` is given) or from the environment variable SF_ACCESS_TOKEN with \
`--instance-url`; it is never a flag, and never printed or written.\n\n\
Exit status: 0 everything collected, 1 partial (the gaps are listed and in manifest.json), \
2 nothing could be collected.\n\n\
Examples:\n  ajar collect --target-org prod --out evidence --since 2020-10-28\n  \
ajar collect --instance-url https://acme.my.salesforce.com --out evidence --only logs,audit\n  \
ajar verify evidence"
)]
pub(crate) struct CollectArgs {
    /// A Salesforce CLI alias or username: the token is read from `sf org display`.
    #[arg(long, value_name = "ALIAS", conflicts_with = "instance_url")]
    pub(super) target_org: Option<String>,
    /// The org's URL (`https://<my domain>.my.salesforce.com`); the token is read from
    /// `SF_ACCESS_TOKEN`.
    #[arg(long, value_name = "URL", required_unless_present = "target_org")]
    pub(super) instance_url: Option<String>,
    /// The collection folder; a previous collection in it is resumed.
    #[arg(long, value_name = "DIR")]
    pub(super) out: PathBuf,
    /// First UTC day collected (default: 30 days before `--until`).
    #[arg(long, value_name = "DATE")]
    pub(super) since: Option<String>,
    /// Last UTC day collected (default: today).
    #[arg(long, value_name = "DATE")]
    pub(super) until: Option<String>,
    /// Sources to collect (default: all).
    #[arg(long, value_delimiter = ',', value_name = "SOURCE", value_parser = source_parser())]
    pub(super) only: Vec<Source>,
    /// Objects whose records are queried through Bulk API 2.0 into `export/<Object>.csv`
    /// (default: the objects `ajar scan` finds open to a guest in the retrieved metadata;
    /// with `--ioc` or `--actor`, also those the intruder's events touched in the collected logs).
    #[arg(long, value_delimiter = ',', value_name = "OBJECT")]
    pub(super) objects: Vec<String>,
    /// Indicators of compromise (the CSV `ajar hunt --ioc` reads): the records of the objects
    /// their events touched in the collected logs are collected too. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub(super) ioc: Vec<PathBuf>,
    /// One indicator, `TYPE=VALUE` (the types of `--ioc`). Repeatable.
    #[arg(long, value_name = "TYPE=VALUE")]
    pub(super) actor: Vec<String>,
    /// Real-Time Event Monitoring storage objects tried (default: ApiEvent, LoginEvent,
    /// ReportEvent, ListViewEvent, LightningUriEvent, UriEvent, BulkApiResultEventStore,
    /// GuestUserAnomalyEventStore).
    #[arg(long, value_delimiter = ',', value_name = "OBJECT")]
    pub(super) events: Vec<String>,
    /// Parallel downloads.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    pub(super) jobs: u16,
    /// Stop before this percentage of the org's daily API allowance is used.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub(super) max_api_percent: u8,
    /// REST API version.
    #[arg(long, default_value = "62.0", value_name = "VERSION")]
    pub(super) api_version: String,
    /// `maxRecords` per Bulk API result page (for tests).
    #[arg(long, hide = true)]
    pub(super) bulk_page: Option<u32>,
    /// First retry backoff in milliseconds (for tests).
    #[arg(long, hide = true, default_value_t = 500)]
    pub(super) retry_base_ms: u64,
}

/// `--only`'s values: the sources' own names (`Source::as_str`), listed in `--help`.
fn source_parser() -> impl clap::builder::TypedValueParser<Value = Source> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Source::ALL.map(Source::as_str)).try_map(|name| {
        Source::ALL
            .into_iter()
            .find(|s| s.as_str() == name)
            .ok_or("not a source")
    })
}
