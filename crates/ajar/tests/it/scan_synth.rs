//! `ajar scan` on the org `ajar synth` writes: the applications object is readable by the
//! guest through the records its site's guest user owns (every application a visitor filed,
//! issue #20 item 13; no guest sharing rule), with the name, phone and e-money fields, as
//! critical (issue #5). Expectations come from the generator's `truth/truth.json`, never from the scan.

use serde_json::Value;
use std::path::Path;

use crate::support::ajar;

fn synth(scenario: &str, seed: &str, out: &Path) -> Value {
    let o = ajar()
        .args([
            "synth",
            "--quiet",
            "--scenario",
            scenario,
            "--seed",
            seed,
            "--scale",
            "0.01",
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&std::fs::read(out.join("truth/truth.json")).unwrap()).unwrap()
}

fn scan(tree: &Path, as_of: &str) -> Value {
    let o = ajar()
        .args(["scan", "--format", "json", "--as-of", as_of])
        .arg(tree)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

/// `records` and `severity` depend on the date: before the default owner (Winter '21) the guest
/// user owns every visitor's application, a reach like a guest rule's (`criteria`, GUEST-002
/// critical); after it, only what it still owns (`owned`, medium: the count is data).
fn check(truth: &Value, report: &Value, records: &str, severity: &str) {
    let object = truth["object"].as_str().unwrap();
    let guest = report["principals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == truth["guest_profile"])
        .expect("the guest profile is a principal");
    assert_eq!(guest["kind"], "guest");
    assert_eq!(guest["site"], truth["site"]);
    let access = guest["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["object"] == object)
        .unwrap();
    assert_eq!(access["read"], true);
    assert_eq!(access["records"], records);
    let paths = access["record_paths"].as_array().unwrap();
    assert!(
        paths.iter().all(|p| p["kind"] != "sharing_rule"),
        "no guest sharing rule: {paths:?}"
    );
    let owned = paths
        .iter()
        .find(|p| p["kind"] == "owned")
        .expect("the guest user's records are a record path");
    assert_eq!(owned["effective"], true);
    let readable: Vec<&Value> = access["readable_fields"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    for f in truth["exposed_fields"].as_array().unwrap() {
        let r = readable
            .iter()
            .find(|r| r["field"] == f["field"])
            .unwrap_or_else(|| panic!("{} readable", f["field"]));
        if f["class"] != "none" {
            assert_eq!(r["classification"]["class"], f["class"], "{}", f["field"]);
        }
    }
    for f in truth["unreadable_fields"].as_array().unwrap() {
        assert!(
            readable.iter().all(|r| r["field"] != *f
                || !r["via"]["what"].as_str().unwrap().contains("readable=true")),
            "{f} must not be readable through FLS"
        );
    }
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "GUEST-002" && f["object"] == object)
        .unwrap();
    assert_eq!(finding["severity"], severity);
    for f in truth["exposed_fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["class"] != "none")
    {
        assert!(
            finding["message"]
                .as_str()
                .unwrap()
                .contains(f["field"].as_str().unwrap())
        );
    }
}

#[test]
fn seed_org_applications_are_critical_through_guest_ownership() {
    let dir = tempfile::tempdir().unwrap();
    let truth = synth("seed", "1", &dir.path().join("org"));
    let tree = dir.path().join("org/metadata");
    let opened = scan(&tree, truth["window_start"].as_str().unwrap());
    check(&truth, &opened, "criteria", "critical");
    let found = scan(&tree, truth["discovered"].as_str().unwrap());
    check(&truth, &found, "owned", "medium");
}

#[test]
fn small_orgs_on_several_seeds() {
    for seed in ["2", "7"] {
        let dir = tempfile::tempdir().unwrap();
        let truth = synth("small", seed, &dir.path().join("org"));
        let tree = dir.path().join("org/metadata");
        check(
            &truth,
            &scan(&tree, truth["window_start"].as_str().unwrap()),
            "criteria",
            "critical",
        );
        check(&truth, &scan(&tree, "2026-01-01"), "owned", "medium");
    }
}
