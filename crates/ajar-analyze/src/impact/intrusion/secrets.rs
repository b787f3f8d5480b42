//! Credentials in the fields that left (issue #16): each taken record scanned in the fields
//! its takes read, reported as what to rotate, never the secret (`docs/secrets.md`).

use super::PerObject;
use crate::secrets::scan_records;
use ajar_model::export::Table;
use ajar_model::incident::{SecretFound, Secrets};
use std::collections::{BTreeMap, BTreeSet};

/// The credentials in what left: rows certainly taken, and rows inside an upper bound
/// (`certain: false`).
pub(super) fn found(
    per: &BTreeMap<String, PerObject>,
    tables: &BTreeMap<String, Table>,
) -> Secrets {
    let mut out = Secrets::default();
    for (object, po) in per {
        let Some(table) = tables.get(object) else {
            continue;
        };
        for i in po.exact.union(&po.bound) {
            let (Some(row), Some(fields)) = (table.rows.get(*i), po.fields.get(i)) else {
                continue;
            };
            let names = fields.of(table);
            for h in scan_records(table, [row], Some(&names)) {
                out.found.push(SecretFound {
                    object: h.object,
                    record_id: h.record_id,
                    field: h.field,
                    kind: h.kind.as_str().to_owned(),
                    preview: h.preview,
                    rotate: h.kind.rotate().to_owned(),
                    certain: po.exact.contains(i),
                });
            }
        }
    }
    out.found.sort();
    out.records = out
        .found
        .iter()
        .map(|f| f.record_id)
        .collect::<BTreeSet<_>>()
        .len() as u64;
    for f in &out.found {
        *out.by_kind.entry(f.kind.clone()).or_insert(0) += 1;
    }
    out
}
