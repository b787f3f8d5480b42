//! `ajar hunt` on generated orgs (issue #6): the planted records, and the same bytes however the
//! files are split or scheduled. Hand-written inputs are in `hunt_inputs.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::ajar;

fn synth(dir: &Path, scenario: &str, seed: u64) -> PathBuf {
    let out = dir.join(format!("{scenario}-{seed}"));
    let st = ajar()
        .args([
            "--quiet",
            "synth",
            "--scenario",
            scenario,
            "--seed",
            &seed.to_string(),
            "--out",
        ])
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success(), "synth failed");
    out
}

/// Runs the hunt the issue names and returns the CSV rows by record ID.
fn hunt_outside_jp(org: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let out = ajar()
        .arg("hunt")
        .arg(org.join("logs"))
        .arg("--geoip")
        .arg(org.join("geoip/ip-country.csv"))
        .args([
            "--outside",
            "JP",
            "--principal",
            "guest",
            "--format",
            "csv",
            "--users",
        ])
        .arg(org.join("export/User.csv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let header = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let row: BTreeMap<String, String> = header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            (row["record_id"].clone(), row)
        })
        .collect()
}

fn truth(org: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(org.join("truth/truth.json")).unwrap()).unwrap()
}

fn read_ids(rows: &BTreeMap<String, BTreeMap<String, String>>) -> BTreeSet<String> {
    rows.iter()
        .filter(|(_, r)| r["outcome"] == "read")
        .map(|(id, _)| id.clone())
        .collect()
}

#[test]
fn seed_scenario_lists_exactly_the_records_read_from_abroad() {
    let dir = tempfile::tempdir().unwrap();
    let org = synth(dir.path(), "seed", 1);
    let t = truth(&org);
    let rows = hunt_outside_jp(&org);
    let want: BTreeSet<String> = t["confirmed_abroad_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(want.len(), 102);
    assert_eq!(
        read_ids(&rows),
        want,
        "exactly the planted reads, none of the decoys"
    );
    // Countries per record, and repeated reads counted once per record.
    let mut by_country: BTreeMap<String, u64> = BTreeMap::new();
    let mut reads = 0;
    for id in &want {
        let r = &rows[id];
        assert_eq!(r["principal_kind"], "guest");
        assert_eq!(r["object"], "Balance_Transfer_Application__c");
        for c in r["countries"].split(';') {
            *by_country.entry(c.to_string()).or_default() += 1;
        }
        reads += r["events"].parse::<u64>().unwrap();
    }
    let want_by_country: BTreeMap<String, u64> =
        serde_json::from_value(t["confirmed_abroad_by_country"].clone()).unwrap();
    assert_eq!(by_country, want_by_country);
    assert_eq!(reads, t["confirmed_abroad_reads"].as_u64().unwrap());
    // Failed guest attempts from abroad are attempts, never reads.
    assert!(rows.values().any(|r| r["outcome"] == "attempt"));
}

#[test]
fn split_files_and_repeated_runs_give_the_same_bytes() {
    // Streaming whole files and reading them in parallel byte ranges must agree, and the
    // output must not depend on thread timing.
    let dir = tempfile::tempdir().unwrap();
    let org = synth(dir.path(), "small", 3);
    let run_on = |threads: &str, extra: &[&str]| {
        let out = ajar()
            .env("RAYON_NUM_THREADS", threads)
            .arg("hunt")
            .arg(org.join("logs"))
            .args([
                "--principal",
                "guest,external,internal,unknown",
                "--format",
                "json",
                "--locale",
                "en_US",
            ])
            .arg("--users")
            .arg(org.join("export/User.csv"))
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let run = |extra: &[&str]| run_on("3", extra);
    let whole = run(&[]);
    let v: serde_json::Value = serde_json::from_slice(&whole).unwrap();
    assert!(
        v["accessed"].as_array().unwrap().len() > 10,
        "the comparison has data"
    );
    assert!(
        !v["audit"].as_array().unwrap().is_empty(),
        "the audit trail was read"
    );
    assert_eq!(run(&[]), whole);
    assert_eq!(run(&["--chunk-bytes", "20000"]), whole);
    assert_eq!(run_on("1", &["--chunk-bytes", "20000"]), whole);

    // The emitted events name each row's file and line in the whole file, however the files
    // were cut into parts.
    let rows = |extra: &[&str], lake: &Path| {
        run(&[extra, &["--emit", "jsonl", lake.to_str().unwrap()]].concat());
        let mut rows: Vec<String> = Vec::new();
        let mut stack = vec![lake.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let text = std::fs::read_to_string(&p).unwrap();
                    rows.extend(text.lines().map(str::to_owned));
                }
            }
        }
        rows.sort();
        rows
    };
    let a = rows(&[], &dir.path().join("lake-a"));
    let b = rows(&["--chunk-bytes", "20000"], &dir.path().join("lake-b"));
    assert!(a.len() > 100, "{} rows", a.len());
    assert!(a == b, "emitted rows differ when files are split");
}

#[test]
fn small_scenario_with_two_seeds() {
    let dir = tempfile::tempdir().unwrap();
    for seed in [7, 42] {
        let org = synth(dir.path(), "small", seed);
        let t = truth(&org);
        let want: BTreeSet<String> = t["confirmed_abroad_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert!(!want.is_empty());
        assert_eq!(read_ids(&hunt_outside_jp(&org)), want, "seed {seed}");
    }
}
