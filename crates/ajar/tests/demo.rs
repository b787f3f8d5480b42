//! `ajar demo`: the seed scenario's figures, computed from its raw files (issue #7).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a test failure"
)]

use std::process::Command;

#[test]
fn demo_prints_the_seed_figures_and_writes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let org = dir.path().join("org");
    let run = Command::new(env!("CARGO_BIN_EXE_ajar"))
        .args([
            "demo", "--lang", "en", "--scale", "0.02", "--seed", "3", "--out",
        ])
        .arg(&out)
        .arg("--org")
        .arg(&org)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(org.join("truth/truth.json")).unwrap()).unwrap();
    let persons = truth["exposed_persons"].as_u64().unwrap();
    let persons = format!("{},{:03}", persons / 1000, persons % 1000);
    for needle in [
        "exposed records: 89,141",
        &format!("persons: {persons}"),
        "window: 2016-01-15 → 2020-11-26",
        "name (",
        "phone number (",
        "e-money, prepaid or account number (",
        "JP-APPI-2017 (as it was): report recommended",
        "APPI-E4 [yes]",
        "preliminary report (速報): 2020-11-26 … 2020-11-28",
        "final report (確報), 30 days: 2020-12-23",
        "final report (確報), 60 days: 2021-01-22 (conditional)",
    ] {
        assert!(
            stdout.contains(needle),
            "`{needle}` missing from:\n{stdout}"
        );
    }
    if !stdout.contains("confirmed read: unknown") {
        assert!(stdout.contains("from abroad: 102)"), "{stdout}");
    }
    for f in [
        "incident.json",
        "report.html",
        "regulator_report.ja.md",
        "public_notice.en.md",
        "notification_list.csv",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
}
