//! The confirmed set from logs, through `hunt`'s analysis (its function, not its text).

use super::InvestigateArgs;
use crate::commands::hunt::{HuntOptions, analyze};
use ajar_adapters::export::Export;
use ajar_model::event::{HuntReport, PrincipalClass};
use miette::Result;
use std::collections::BTreeMap;

/// Whether this build reads `--logs`.
pub(crate) const LOGS_SUPPORTED: bool = true;

/// Runs `hunt`'s analysis on `--logs` (and `--audit-trail`), with the guest users and the
/// custom objects' key prefixes learnt from the export.
pub(crate) fn analyze_logs(args: &InvestigateArgs, export: &Export) -> Result<HuntReport> {
    analyze_logs_with(args, export, Vec::new())
}

/// [`analyze_logs`], naming an intruder by `indicators` (usernames resolved through the
/// export's `User.csv`).
pub(crate) fn analyze_logs_with(
    args: &InvestigateArgs,
    export: &Export,
    indicators: Vec<ajar_model::actor::Indicator>,
) -> Result<HuntReport> {
    let mut usernames = Vec::new();
    let mut guest_users = Vec::new();
    let mut user_types = Vec::new();
    if let Some(users) = export.table("User") {
        for r in &users.rows {
            match users.value(r, "UserType").map(str::trim) {
                Some(t) if t.eq_ignore_ascii_case("Guest") => guest_users.push(r.id),
                // Rows without a user type are classed by the export, whatever the type
                // (formats.md §2.2).
                Some(t) if !t.is_empty() => user_types.push((r.id, t.to_owned())),
                _ => {}
            }
            if let Some(n) = users.value(r, "Username").map(str::trim)
                && !n.is_empty()
            {
                usernames.push((n.to_owned(), r.id));
            }
        }
    }
    // A custom object's key prefix is per org (formats.md §2.7): learn it from its IDs.
    let mut key_prefixes = BTreeMap::new();
    for (object, table) in &export.tables {
        if let Some(row) = table.rows.first() {
            let prefix = row.id.as_str().get(..3).unwrap_or_default().to_owned();
            key_prefixes.entry(prefix).or_insert_with(|| object.clone());
        }
    }
    let mut inputs = args.logs.clone();
    inputs.extend(args.audit_trail.clone());
    let opts = HuntOptions {
        geoip: args.geoip.clone(),
        guest_users,
        user_types,
        usernames,
        indicators,
        key_prefixes,
        // Confirmed means read by outsiders: guests and external users. Internal staff reading
        // from abroad is not a leak (hunt's default set, made explicit here).
        principals: [PrincipalClass::Guest, PrincipalClass::External]
            .into_iter()
            .collect(),
        tz: Some(
            args.audit_tz
                .clone()
                .unwrap_or_else(|| super::pipeline::home_zone_name(&args.home_country).to_owned()),
        ),
        locale: args.audit_locale.clone(),
        // Who read each record, to tell data subjects from third parties (issue #14).
        keep_requests: true,
        ..HuntOptions::default()
    };
    analyze(&inputs, &opts)
}
