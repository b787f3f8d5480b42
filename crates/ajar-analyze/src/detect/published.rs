//! Indicators published for the API intrusions of 2025 (intrusions.md §2), each with its source
//! and the date from which it was reported in use. They are matched by [`super::KnownIndicator`]
//! against events on or after that date only: an address named in 2025 may have been anyone's
//! before. `--ioc` adds the user's own.

use ajar_model::actor::{Indicator, IndicatorKind};

/// One published indicator.
#[derive(Debug, Clone, Copy)]
pub struct Published {
    /// What it names.
    pub kind: IndicatorKind,
    /// The value.
    pub value: &'static str,
    /// Who published it (the source in intrusions.md, its own citation key).
    pub source: &'static str,
    /// The first day it was reported in use (UTC, `YYYY-MM-DD`).
    pub from: &'static str,
}

const DRIFT: &str = "intrusions.md §2 [I1][I3]: Salesloft Drift wave (UNC6395)";
const GAINSIGHT: &str = "intrusions.md §2 [I3]: Gainsight wave reconnaissance";

/// The built-in set, in the order matched (the first match names the finding).
pub const INDICATORS: &[Published] = &[
    Published {
        kind: IndicatorKind::Ip,
        value: "208.68.36.90",
        source: DRIFT,
        from: "2025-08-08",
    },
    Published {
        kind: IndicatorKind::Ip,
        value: "44.215.108.109",
        source: DRIFT,
        from: "2025-08-08",
    },
    Published {
        kind: IndicatorKind::Ip,
        value: "3.239.45.43",
        source: GAINSIGHT,
        from: "2025-10-23",
    },
    // The Tor exits of the Drift wave were listed as 185.220.101.x and 192.42.116.x.
    Published {
        kind: IndicatorKind::Cidr,
        value: "185.220.101.0/24",
        source: DRIFT,
        from: "2025-08-08",
    },
    Published {
        kind: IndicatorKind::Cidr,
        value: "192.42.116.0/24",
        source: DRIFT,
        from: "2025-08-08",
    },
    Published {
        kind: IndicatorKind::UserAgent,
        value: "Salesforce-Multi-Org-Fetcher/1.0",
        source: DRIFT,
        from: "2025-08-08",
    },
    Published {
        kind: IndicatorKind::UserAgent,
        value: "Salesforce-CLI/1.0",
        source: DRIFT,
        from: "2025-08-08",
    },
    Published {
        kind: IndicatorKind::UserAgent,
        value: "python-requests/2.32.4",
        source: DRIFT,
        from: "2025-08-08",
    },
    Published {
        kind: IndicatorKind::UserAgent,
        value: "Python/3.11 aiohttp/3.12.15",
        source: DRIFT,
        from: "2025-08-08",
    },
];

/// The built-in set as indicators (origin `built-in`), with the instant each applies from.
pub fn indicators() -> (Vec<Indicator>, Vec<Option<jiff::Timestamp>>) {
    INDICATORS
        .iter()
        .map(|p| {
            let from = p
                .from
                .parse::<jiff::civil::Date>()
                .ok()
                .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
                .map(|z| z.timestamp());
            (
                Indicator {
                    kind: p.kind,
                    value: p.value.to_string(),
                    source: Some(p.source.to_string()),
                    origin: "built-in".to_string(),
                },
                from,
            )
        })
        .unzip()
}
