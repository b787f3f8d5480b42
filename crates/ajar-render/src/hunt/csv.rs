//! The `accessed` list as CSV, one row per record.

use ajar_model::event::{HuntReport, Outcome, PrincipalClass};

/// Column names, in order.
pub const HEADER: &[&str] = &[
    "record_id",
    "object",
    "outcome",
    "principal_kind",
    "first_seen",
    "last_seen",
    "events",
    "ips",
    "countries",
];

/// `outcome` as written in outputs.
pub fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Read => "read",
        Outcome::Attempt => "attempt",
    }
}

/// `principal_kind` as written in outputs.
pub fn principal_name(p: PrincipalClass) -> &'static str {
    match p {
        PrincipalClass::Guest => "guest",
        PrincipalClass::External => "external",
        PrincipalClass::Internal => "internal",
        PrincipalClass::Unknown => "unknown",
    }
}

/// CSV bytes; multi-valued cells (`ips`, `countries`) are `;`-separated.
pub fn render(report: &HuntReport) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER)?;
    for r in &report.accessed {
        let ips: Vec<String> = r.ips.iter().map(ToString::to_string).collect();
        w.write_record([
            r.record_id.as_str(),
            r.object.as_deref().unwrap_or(""),
            outcome_name(r.outcome),
            principal_name(r.principal_kind),
            &r.first_seen.to_string(),
            &r.last_seen.to_string(),
            &r.events.to_string(),
            &ips.join(";"),
            &r.countries.join(";"),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
