//! The confirmed set from logs, through the hunt (its function, not its text), with what the
//! export tells it: guests, user types and usernames from `User`, and custom key prefixes.

use super::InvestigateOptions;
use crate::hunt::{HuntOptions, Users};
use ajar_adapters::export::Export;
use ajar_model::actor::Indicator;
use ajar_model::event::{HuntReport, PrincipalClass};
use ajar_model::export::Table;
use ajar_model::sfid::SfId;
use miette::Result;
use std::collections::BTreeMap;

/// Runs the hunt on the logs (and the audit trail), naming an intruder by `indicators` when
/// there are any; `user` is the export's `User` table, `key_prefixes` the custom objects' key
/// prefixes ([`key_prefixes`]).
pub(super) fn hunt(
    opts: &InvestigateOptions,
    user: Option<&Table>,
    key_prefixes: BTreeMap<String, String>,
    indicators: Vec<Indicator>,
) -> Result<HuntReport> {
    let mut users = Users::default();
    if let Some(table) = user {
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
            key_prefixes,
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
/// each exported table, given by object in name order (the first object wins a prefix).
pub(super) fn key_prefixes<'a>(
    first_ids: impl IntoIterator<Item = (&'a str, Option<SfId>)>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (object, first) in first_ids {
        if let Some(id) = first {
            let prefix = id.as_str().get(..3).unwrap_or_default().to_owned();
            out.entry(prefix).or_insert_with(|| object.to_owned());
        }
    }
    out
}

/// [`key_prefixes`] of an export held whole.
pub(super) fn held_key_prefixes(export: &Export) -> BTreeMap<String, String> {
    key_prefixes(
        export
            .tables
            .iter()
            .map(|(o, t)| (o.as_str(), t.rows.first().map(|r| r.id))),
    )
}
