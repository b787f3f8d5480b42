//! The default `--objects`: every object a site guest can read in the retrieved metadata, as
//! `ajar scan` finds it (the metadata loader of `ajar_adapters`, the exposure analysis of
//! `ajar_analyze`; docs/collect.md §2).

use ajar_model::exposure::{PrincipalKind, RecordReach};
use std::collections::BTreeSet;
use std::path::Path;

/// The objects open to a guest in the metadata tree at `root`, under the platform rules of
/// `as_of`: objects a guest profile can read with some record reach, and objects a finding
/// about a guest names (code running without sharing, for one). Sorted.
pub fn guest_objects(root: &Path, as_of: jiff::civil::Date) -> Result<Vec<String>, String> {
    let (org, gaps) = ajar_adapters::metadata::load(root).map_err(|e| e.to_string())?;
    let options = ajar_analyze::exposure::ExposureOptions {
        as_of,
        assignments: None,
    };
    let report = ajar_analyze::exposure::analyze(&org, gaps, &options);
    let mut out = BTreeSet::new();
    let mut guests = BTreeSet::new();
    for p in report
        .principals
        .iter()
        .filter(|p| p.kind == PrincipalKind::Guest)
    {
        guests.insert(p.name.as_str());
        out.extend(
            p.objects
                .iter()
                .filter(|o| o.read && o.records != RecordReach::None)
                .map(|o| o.object.clone()),
        );
    }
    for f in &report.findings {
        if let (Some(object), Some(principal)) = (&f.object, &f.principal)
            && guests.contains(principal.as_str())
        {
            out.insert(object.clone());
        }
    }
    Ok(out.into_iter().collect())
}
