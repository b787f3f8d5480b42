//! Issue #16: `ajar synth --scenario token-theft` from the command line writes the org and its
//! truth, and says what was planted on stderr.

use std::process::Command;

const AJAR: &str = env!("CARGO_BIN_EXE_ajar");

#[test]
fn synth_token_theft_writes_the_org_and_its_truth() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("org");
    let o = Command::new(AJAR)
        .args([
            "synth",
            "--scenario",
            "token-theft",
            "--seed",
            "3",
            "--scale",
            "0.05",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("truth/truth.json")).unwrap()).unwrap();
    assert_eq!(truth["schema"], "ajar.synth-truth-token-theft/1");
    assert_eq!(truth["seed"], 3);
    let records = truth["records_taken"].as_u64().unwrap();
    assert!(records > 0);
    assert!(
        stderr.contains(&format!("{records} records")),
        "the summary line names the figure: {stderr}"
    );
    for f in [
        "ioc.csv",
        "logs/ApiEvent.csv",
        "logs/LoginHistory.csv",
        "export/Case.csv",
        "geoip/ip-country.csv",
        "metadata/force-app/main/default/permissionsets/Drift_Integration_Access.permissionset-meta.xml",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // A non-empty output directory is refused (exit 2), as for the other scenarios.
    let again = Command::new(AJAR)
        .args(["synth", "--scenario", "token-theft", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}
