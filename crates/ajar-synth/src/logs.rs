//! `logs/`: EventLogFile CSVs, one file per event type per UTC day for the 30 days up to and
//! including the closure (ELF retention, formats.md §2.6), laid out as
//! `logs/<YYYY-MM-DD>/<EventType>.csv` (some days `.csv.gz`), plus `logs/SetupAuditTrail.csv`.
//!
//! Days are written in parallel; each day draws from its own random stream, so the bytes do not
//! depend on scheduling.

mod audit;
mod ctx;
mod sink;
mod types;
mod vf;
mod web;

use crate::plan::Plan;
use crate::world::World;
use crate::{Stats, SynthError};
use rayon::prelude::*;
use std::path::Path;

/// What the log writer produced.
#[derive(Debug, Default, Clone)]
pub(crate) struct LogStats {
    pub(crate) files: u64,
    pub(crate) bytes: u64,
    pub(crate) uncompressed: u64,
    pub(crate) gz_files: u64,
    pub(crate) rows: u64,
    pub(crate) audit_rows: u64,
}

impl LogStats {
    fn merge(mut self, o: Self) -> Self {
        self.files += o.files;
        self.bytes += o.bytes;
        self.uncompressed += o.uncompressed;
        self.gz_files += o.gz_files;
        self.rows += o.rows;
        self.audit_rows += o.audit_rows;
        self
    }
}

/// The event types written every day, with their file names.
pub(crate) const TYPES: &[&str] = &[
    "URI",
    "RestApi",
    "AuraRequest",
    "VisualforceRequest",
    "ApexExecution",
    "API",
    "Login",
];

pub(crate) fn write(plan: &Plan, world: &World, dir: &Path) -> Result<LogStats, SynthError> {
    fs_err::create_dir_all(dir)?;
    let days: Vec<(usize, crate::plan::Day)> = plan.log_days().enumerate().collect();
    let per_day: Result<Vec<LogStats>, SynthError> = days
        .par_iter()
        .map(|&(i, day)| ctx::write_day(plan, world, i, day, dir))
        .collect();
    let mut total = per_day?
        .into_iter()
        .fold(LogStats::default(), LogStats::merge);
    let mut st = Stats::default();
    total.audit_rows = audit::write(plan, world, &dir.join("SetupAuditTrail.csv"), &mut st)?;
    total.files += st.files;
    total.bytes += st.bytes;
    Ok(total)
}
