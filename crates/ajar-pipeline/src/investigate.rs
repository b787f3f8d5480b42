//! `investigate`: from the org's metadata, history, logs and data export to the incident facts,
//! the persons and the legal decisions (issue #7), for a guest exposure or, when indicators
//! name an intruder, an intrusion through the API (issue #16).

mod assemble;
mod columns;
mod guest;
mod history;
mod intrusion;
mod logs;
mod stream;

use crate::Progress;
use crate::emit::Emit;
use ajar_adapters::export::ExportEncoding;
use ajar_model::incident::IncidentFacts;
use ajar_model::persons::{ExposedRecords, PersonList};
use ajar_model::table::ExposedRecord;
use ajar_render::tables::Written;
use miette::{Result, miette};
use std::path::PathBuf;

/// What an investigation reads, and the organisation's facts the law needs.
#[derive(Debug, Clone)]
pub struct InvestigateOptions {
    /// The metadata tree while the exposure was open; optional for an intrusion.
    pub metadata: Option<PathBuf>,
    /// IOC files naming an intruder (CSV `type,value[,source]`).
    pub ioc: Vec<PathBuf>,
    /// Indicators as `TYPE=VALUE`.
    pub actor: Vec<String>,
    /// The Data Export: zip files or their extracted folder.
    pub export: Vec<PathBuf>,
    /// The export's encoding label (`utf-8`, `cp932`...).
    pub export_encoding: String,
    /// Event logs (files or folders); without them the confirmed set is unknown.
    pub logs: Vec<PathBuf>,
    /// A finished `ajar.hunt/1` report, instead of `logs`.
    pub hunt_report: Option<PathBuf>,
    /// A Setup Audit Trail CSV, read with the logs.
    pub audit_trail: Option<PathBuf>,
    /// Zone of the audit trail's dates (default: the home country's zone).
    pub audit_tz: Option<String>,
    /// Locale of the audit trail's dates.
    pub audit_locale: Option<String>,
    /// A git repository of metadata snapshots.
    pub history: Option<PathBuf>,
    /// IP → country database.
    pub geoip: Option<PathBuf>,
    /// The day the organisation knew; deadlines count from it.
    pub discovered: Option<jiff::civil::Date>,
    /// When the controller became aware (default: the start of `discovered` in the home zone).
    pub aware_at: Option<jiff::Timestamp>,
    /// The organisation's country (ISO code).
    pub home_country: String,
    /// Regimes applied even when none of their persons appear (`EU`, `KR`, `SG`, `US-CA`).
    pub jurisdiction: Vec<String>,
    /// The country of the organisation's main establishment in the EU/EEA, when it has one.
    pub controller_establishment: Option<String>,
    /// The organisation handles the data for another business.
    pub processor: bool,
    /// The organisation is a public body.
    pub public_body: bool,
    /// Fields (`Object.Field`) under advanced encryption whose key was not compromised.
    pub encrypted: Vec<String>,
    /// "Now": the platform rules' date when `discovered` is not given.
    pub now: jiff::civil::Date,
    /// A PermissionSetAssignment CSV, for the scan.
    pub assignments: Option<PathBuf>,
}

/// What an investigation established.
#[derive(Debug, Clone)]
pub struct Investigation {
    /// The incident facts (`incident.json`): window, exposed, confirmed, decisions, coverage.
    pub facts: IncidentFacts,
    /// The persons to notify, compact: read them with `persons.iter()`.
    pub persons: PersonList,
    /// The exposed records (the `exposed` table), compact.
    pub records: ExposedRecords,
}

/// Runs the investigation: an intrusion when `ioc` or `actor` names an intruder, else a guest
/// exposure. Long steps are reported to `progress`.
pub fn investigate(opts: &InvestigateOptions, progress: &dyn Progress) -> Result<Investigation> {
    let indicators = crate::hunt::indicators(&opts.ioc, &opts.actor)?;
    if !indicators.is_empty() {
        return intrusion::investigate(opts, progress, indicators);
    }
    guest::investigate(opts, progress)
}

/// The export's encoding, or an error naming the flag.
fn encoding(opts: &InvestigateOptions) -> Result<ExportEncoding> {
    ExportEncoding::parse(&opts.export_encoding).ok_or_else(|| {
        miette!(
            "unknown `--export-encoding` `{}` (utf-8, cp932, shift_jis, iso-8859-1...)",
            opts.export_encoding
        )
    })
}

/// Writes the exposed records, with the window's days, as the `exposed` table.
pub fn write_exposed(inv: &Investigation, emit: &Emit) -> Result<Written> {
    let window = &inv.facts.window;
    let mut w = emit.writer::<ExposedRecord>(0)?;
    for mut r in inv.records.iter() {
        r.window_start = window.start.date;
        r.window_end = window.end.date;
        w.write(r).map_err(|e| miette!("{e}"))?;
    }
    crate::emit::finish(w, &emit.dir)
}
