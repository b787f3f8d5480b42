//! `ajar collect --ioc`: the objects an intruder's events touched in a collection's logs, so
//! that their records are collected with the rest (issue #18; docs/collect.md §2).

use crate::hunt::{HuntOptions, hunt};
use ajar_model::actor::Indicator;
use miette::Result;
use std::collections::BTreeSet;
use std::path::Path;

/// The objects named by the events the indicators match (directly, or through a session or
/// login they share) in `root/logs`, as API names, sorted. The users of `root/export/User.csv`
/// resolve the usernames an indicator gives. No logs: none.
pub fn touched_objects(root: &Path, indicators: &[Indicator]) -> Result<Vec<String>> {
    let logs = root.join("logs");
    if indicators.is_empty() || !logs.is_dir() {
        return Ok(Vec::new());
    }
    let users = root.join("export").join("User.csv");
    let opts = HuntOptions {
        indicators: indicators.to_vec(),
        api_detail: true,
        users_csv: users.is_file().then_some(users),
        ..HuntOptions::default()
    };
    let report = hunt(&[logs], &opts)?;
    let mut out = BTreeSet::new();
    if let Some(actor) = &report.actor {
        for e in &actor.events {
            out.extend(e.objects.iter().cloned());
        }
        out.extend(actor.takes.iter().filter_map(|t| t.object.clone()));
    }
    // Only names a query can carry (`Contact`, `Balance__c`): the log's text goes into SOQL.
    out.retain(|o: &String| ajar_model::org::is_api_name(o));
    Ok(out.into_iter().collect())
}
