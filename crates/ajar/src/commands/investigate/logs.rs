//! The confirmed set from logs, through `hunt`'s analysis.

use super::InvestigateArgs;
use ajar_adapters::export::Export;
use ajar_model::event::HuntReport;
use miette::{Result, miette};

/// Whether this build reads `--logs` (true once `hunt` is in).
pub(crate) const LOGS_SUPPORTED: bool = false;

/// Runs `hunt`'s analysis on `--logs`.
pub(crate) fn analyze_logs(args: &InvestigateArgs, _export: &Export) -> Result<HuntReport> {
    let _ = (
        &args.geoip,
        &args.audit_trail,
        &args.audit_tz,
        &args.audit_locale,
    );
    Err(miette!(
        "`--logs` needs `ajar hunt`, which this build does not include yet; pass `--hunt-report` with its JSON"
    ))
}
