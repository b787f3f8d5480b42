//! Issue #19: `ajar synth --records N` writes exactly N applications, in the scenario's shapes,
//! and `investigate` on them agrees with the truth (records, persons, the confirmed set).

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

use crate::investigate::{check_against_truth, check_attribution, investigate, p, with_logs};
use crate::support::{ok, run};

/// Generates `scenario` with `--records`, moving the truth out of the org.
fn org(dir: &Path, scenario: &str, records: &str) -> Value {
    let org = dir.join("org");
    let o = run(&[
        "synth",
        "--scenario",
        scenario,
        "--seed",
        "5",
        "--scale",
        "0.02",
        "--records",
        records,
        "--quiet",
        "--out",
        p(&org),
    ]);
    ok(&o);
    let held = dir.join("held-truth.json");
    std::fs::rename(org.join("truth/truth.json"), &held).unwrap();
    serde_json::from_slice(&std::fs::read(held).unwrap()).unwrap()
}

/// Rows of the applications CSV and their distinct IDs.
fn export_rows(org: &Path) -> (usize, BTreeSet<String>) {
    let path = org.join("export/Balance_Transfer_Application__c.csv");
    let mut rows = 0;
    let mut ids = BTreeSet::new();
    for rec in csv::Reader::from_path(path).unwrap().records() {
        let rec = rec.unwrap();
        rows += 1;
        ids.insert(rec[0].to_owned());
    }
    (rows, ids)
}

fn check(dir: &Path, scenario: &str, records: usize) {
    let truth = org(dir, scenario, &records.to_string());
    let org = dir.join("org");
    let (rows, ids) = export_rows(&org);
    assert_eq!(rows, records, "rows");
    assert_eq!(ids.len(), records, "distinct IDs");
    assert_eq!(truth["records"], records);
    assert_eq!(truth["export_records"], records);
    let exposed = truth["exposed_records"].as_u64().unwrap();
    let persons = truth["exposed_persons"].as_u64().unwrap();
    assert!(exposed > records as u64 / 2, "exposed {exposed}");
    assert!(
        persons < exposed && persons > exposed * 9 / 10,
        "persons {persons}"
    );
    for id in truth["confirmed_abroad_ids"].as_array().unwrap() {
        assert!(ids.contains(id.as_str().unwrap()), "{id} not exported");
    }
    let out = dir.join("incident");
    let inc = investigate(&org, &out, &truth, &with_logs(&org));
    check_against_truth(&inc, &truth);
    check_attribution(&inc, &truth);
}

#[test]
fn seed_with_records_has_that_many_rows_and_matches_truth() {
    let dir = tempfile::tempdir().unwrap();
    check(dir.path(), "seed", 200_000);
}

#[test]
fn small_with_records_matches_truth() {
    let dir = tempfile::tempdir().unwrap();
    check(dir.path(), "small", 20_000);
}

#[test]
fn records_out_of_range_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (scenario, n) in [("seed", "999"), ("token-theft", "5000")] {
        let out = dir.path().join(format!("{scenario}-{n}"));
        let o = run(&[
            "synth",
            "--scenario",
            scenario,
            "--records",
            n,
            "--out",
            p(&out),
        ]);
        assert_eq!(o.status.code(), Some(2), "{scenario} {n}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--records"), "{err}");
    }
}
