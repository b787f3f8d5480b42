//! Issue #4: synth's EventLogFile headers carry every column the real samples in
//! `testdata/samples/logs/` show for the same event type, and the real raw CSV passes the same
//! quoting check synth's files pass.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is a test failure"
)]

#[path = "support/check.rs"]
mod check;
#[path = "support/sources.rs"]
mod sources;

use check::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The log samples in the repository (`testdata/samples/logs/`).
fn samples() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/samples/logs");
    assert!(dir.is_dir(), "{} is missing", dir.display());
    dir
}

/// Column names per event type seen in the samples.
fn sample_columns() -> BTreeMap<String, BTreeSet<String>> {
    let root = samples();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let login = root.join(
        "newrelic__newrelic-salesforce-exporter/internal/integration/eventlog/testdata/login_logs_sample.csv",
    );
    let text = std::fs::read_to_string(&login).unwrap();
    assert_all_quoted("login_logs_sample.csv", &text);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    out.entry("Login".into())
        .or_default()
        .extend(r.headers().unwrap().iter().map(str::to_string));
    for rel in files(&root) {
        let name = rel.to_string_lossy();
        if !(name.ends_with(".log") || name.contains("salesforce_elf_")) {
            continue;
        }
        let text = std::fs::read_to_string(root.join(&rel)).unwrap();
        let objects: Vec<serde_json::Value> = if name.ends_with(".json") {
            vec![serde_json::from_str(&text).unwrap()]
        } else {
            text.lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect()
        };
        for o in objects {
            let Some(map) = o.as_object() else { continue };
            let Some(kind) = map.get("EVENT_TYPE").and_then(|v| v.as_str()) else {
                continue;
            };
            out.entry(kind.to_string())
                .or_default()
                .extend(map.keys().cloned());
        }
    }
    out
}

#[test]
fn headers_cover_the_real_samples_columns() {
    let seen = sample_columns();
    let (_tmp, org) = generate(Scenario::Small, 2, 0.01, Encoding::Utf8);
    let day = truth(&org)["log_last_day"].as_str().unwrap().to_string();
    let mut compared = 0;
    for kind in [
        "URI",
        "RestApi",
        "AuraRequest",
        "VisualforceRequest",
        "ApexExecution",
        "API",
        "Login",
    ] {
        let Some(want) = seen.get(kind) else { continue };
        let dir = org.join("logs").join(&day);
        let path = [
            dir.join(format!("{kind}.csv")),
            dir.join(format!("{kind}.csv.gz")),
        ]
        .into_iter()
        .find(|p| p.exists())
        .unwrap();
        let mut text = String::new();
        let file = std::fs::File::open(&path).unwrap();
        if path.extension().is_some_and(|e| e == "gz") {
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(file), &mut text)
                .unwrap();
        } else {
            std::io::Read::read_to_string(&mut std::io::BufReader::new(file), &mut text).unwrap();
        }
        let ours: BTreeSet<String> = csv::Reader::from_reader(text.as_bytes())
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        let missing: Vec<_> = want.difference(&ours).collect();
        assert!(
            missing.is_empty(),
            "{kind}: columns in the samples but not in synth: {missing:?}"
        );
        compared += 1;
    }
    // Login (New Relic CSV), AuraRequest, ApexExecution (hand-written rows), API (AppOmni).
    assert!(compared >= 4, "only {compared} event types compared");
}
