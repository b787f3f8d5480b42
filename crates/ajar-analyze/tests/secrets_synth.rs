//! Issue #16: the credential scan over the token-theft org's export, read by the real export
//! reader, finds exactly the credentials `ajar synth` planted, and, restricted to the records
//! and fields that left, exactly those the truth says were taken; no hit carries the secret.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "a test: a failure is a test failure"
)]

use ajar_adapters::export::{ExportEncoding, load};
use ajar_analyze::secrets::{PREVIEW_CHARS, scan_records, scan_table};
use std::collections::BTreeSet;

type Key = (String, String, String, String);

#[test]
fn the_scan_finds_what_was_planted_and_what_left() {
    for seed in [1, 4] {
        let tmp = tempfile::tempdir().unwrap();
        let org = tmp.path().join("org");
        ajar_synth::generate(
            &ajar_synth::Options {
                scenario: ajar_synth::Scenario::TokenTheft,
                seed,
                scale: 0.02,
                encoding: ajar_synth::Encoding::Utf8,
            },
            &org,
        )
        .unwrap();
        let truth: serde_json::Value =
            serde_json::from_slice(&std::fs::read(org.join("truth/truth.json")).unwrap()).unwrap();
        let export = load(&[org.join("export")], None, ExportEncoding::Utf8).unwrap();
        let key = |s: &serde_json::Value| -> Key {
            (
                s["kind"].as_str().unwrap().into(),
                s["object"].as_str().unwrap().into(),
                s["record_id"].as_str().unwrap().into(),
                s["field"].as_str().unwrap().into(),
            )
        };
        let planted: BTreeSet<Key> = truth["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(key)
            .collect();
        let taken: BTreeSet<Key> = truth["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["taken"] == true)
            .map(key)
            .collect();
        let mut all = BTreeSet::new();
        let mut left = BTreeSet::new();
        for (name, table) in &export.tables {
            for h in scan_table(table) {
                assert!(h.preview.chars().count() <= PREVIEW_CHARS);
                all.insert((
                    h.kind.as_str().to_string(),
                    h.object.clone(),
                    h.record_id.as_str().to_string(),
                    h.field.clone(),
                ));
            }
            let Some(obj) = truth["objects"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["object"] == name.as_str())
            else {
                continue;
            };
            let ids: BTreeSet<&str> = obj["ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let fields: Vec<String> = obj["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            let rows = table.rows.iter().filter(|r| ids.contains(r.id.as_str()));
            for h in scan_records(table, rows, Some(&fields)) {
                left.insert((
                    h.kind.as_str().to_string(),
                    h.object.clone(),
                    h.record_id.as_str().to_string(),
                    h.field.clone(),
                ));
            }
        }
        assert_eq!(
            all, planted,
            "seed {seed}: every planted credential, nothing else"
        );
        assert_eq!(left, taken, "seed {seed}: the credentials that left");
        assert!(left.len() < all.len());
    }
}
