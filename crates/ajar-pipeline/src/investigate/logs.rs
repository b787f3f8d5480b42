//! The confirmed set from logs, through the hunt (its function, not its text), with what the
//! export tells it: guests, user types and usernames from `User`, and custom key prefixes.

use super::InvestigateOptions;
use crate::hunt::{HuntOptions, Users};
use ajar_adapters::export::Export;
use ajar_model::actor::Indicator;
use ajar_model::event::{HuntReport, PrincipalClass};
use miette::Result;
use std::collections::BTreeMap;

/// Runs the hunt on the logs (and the audit trail), naming an intruder by `indicators` when
/// there are any.
pub(super) fn hunt(
    opts: &InvestigateOptions,
    export: &Export,
    indicators: Vec<Indicator>,
) -> Result<HuntReport> {
    let mut users = Users::default();
    if let Some(table) = export.table("User") {
        for r in &table.rows {
            users.learn(r.id, table.value(r, "UserType"), table.value(r, "Username"));
        }
    }
    let mut inputs = opts.logs.clone();
    inputs.extend(opts.audit_trail.clone());
    let hunt_opts =
        HuntOptions {
            geoip: opts.geoip.clone(),
            users,
            indicators,
            key_prefixes: key_prefixes(export),
            // Confirmed means read by outsiders: guests and external users. Internal staff reading
            // from abroad is not a leak (hunt's default set, made explicit here).
            principals: [PrincipalClass::Guest, PrincipalClass::External]
                .into_iter()
                .collect(),
            tz: Some(opts.audit_tz.clone().unwrap_or_else(|| {
                ajar_analyze::law::home_zone_name(&opts.home_country).to_owned()
            })),
            locale: opts.audit_locale.clone(),
            // Who read each record, to tell data subjects from third parties (issue #14).
            keep_requests: true,
            ..HuntOptions::default()
        };
    crate::hunt::hunt(&inputs, &hunt_opts)
}

/// A custom object's key prefix is per org (formats.md §2.7): learned from the first ID of
/// each exported table.
fn key_prefixes(export: &Export) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (object, table) in &export.tables {
        if let Some(row) = table.rows.first() {
            let prefix = row.id.as_str().get(..3).unwrap_or_default().to_owned();
            out.entry(prefix).or_insert_with(|| object.clone());
        }
    }
    out
}
