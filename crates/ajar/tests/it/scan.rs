//! `ajar scan`, `ajar rule`, `ajar baseline` as a user runs them: exit codes, errors, formats.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::run;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ajar-analyze/tests/fixtures")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr with miette's line wrapping undone.
fn stderr(o: &Output) -> String {
    let s = String::from_utf8_lossy(&o.stderr);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn fail_on_sets_the_exit_code() {
    let dir = fixtures().join("GUEST-002/fires");
    let o = run(&[
        "scan",
        p(&dir),
        "--as-of",
        "2026-01-01",
        "--fail-on",
        "critical",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = run(&["scan", p(&dir), "--as-of", "2026-01-01"]);
    assert_eq!(o.status.code(), Some(0));
    let clean = fixtures().join("SITE-005/clean");
    let o = run(&[
        "scan",
        p(&clean),
        "--as-of",
        "2026-01-01",
        "--fail-on",
        "low",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn malformed_xml_names_file_and_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("profiles/Guest Profile.profile-meta.xml");
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    // A planted name and phone number must never reach stderr.
    std::fs::write(
        &f,
        "<Profile>\n<description>Taro Yamada 090-1234-5678</description>\n<x></y>\n</Profile>\n",
    )
    .unwrap();
    let o = run(&["scan", p(dir.path())]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("Guest Profile.profile-meta.xml:3"), "{err}");
    assert!(!err.contains("Taro") && !err.contains("090-1234"), "{err}");
}

#[test]
fn doctype_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("sites/S.site-meta.xml");
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    std::fs::write(&f, "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<CustomSite>&e;</CustomSite>\n").unwrap();
    let o = run(&["scan", p(dir.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("S.site-meta.xml:2: refusing an XML document type declaration"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn not_metadata_and_missing_path_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("objects/A__c/A__c.object-meta.xml");
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    std::fs::write(&f, "<html><body>hello</body></html>").unwrap();
    let o = run(&["scan", p(dir.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("A__c.object-meta.xml:1: expected a `CustomObject` document, found `<html>`"),
        "{}",
        stderr(&o)
    );
    let o = run(&["scan", "/nonexistent/ajar-tree"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["scan", p(dir.path()), "--fail-on", "severe"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn baseline_suppresses_until_it_expires() {
    let dir = fixtures().join("GUEST-002/fires");
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("baseline.json");
    let o = run(&[
        "baseline",
        p(&dir),
        "--output",
        p(&base),
        "--as-of",
        "2026-01-01",
        "--reason",
        "ticket SEC-1",
        "--expires",
        "2026-06-30",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&base).unwrap();
    assert!(
        text.contains("\"reason\": \"ticket SEC-1\"")
            && text.contains("\"expires\": \"2026-06-30\"")
    );
    // Before expiry: suppressed, counted, listed, and no failure.
    let o = run(&[
        "scan",
        p(&dir),
        "--as-of",
        "2026-03-01",
        "--baseline",
        p(&base),
        "--fail-on",
        "info",
        "--color",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("suppressed by the baseline"), "{out}");
    assert!(out.contains("ticket SEC-1"));
    // After expiry: the findings fire again.
    let o = run(&[
        "scan",
        p(&dir),
        "--as-of",
        "2026-07-01",
        "--baseline",
        p(&base),
        "--fail-on",
        "critical",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("expired on 2026-06-30"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn diff_reports_what_a_change_opens_and_closes() {
    let old = fixtures().join("GUEST-002/clean");
    let new = fixtures().join("GUEST-002/fires");
    let o = run(&[
        "scan",
        p(&new),
        "--diff",
        p(&old),
        "--as-of",
        "2026-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let opened: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(opened, ["GUEST-002"]);
    let o = run(&[
        "scan",
        p(&old),
        "--diff",
        p(&new),
        "--as-of",
        "2026-01-01",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["findings"].as_array().unwrap().is_empty());
    assert_eq!(v["closed"][0]["code"], "GUEST-002");
}

#[test]
fn rule_prints_docs_and_lists_every_rule() {
    let o = run(&["rule", "--list"]);
    assert_eq!(o.status.code(), Some(0));
    let list = stdout(&o);
    insta::assert_snapshot!("rule_list", list);
    for line in list.lines() {
        let code = line.split_whitespace().next().unwrap();
        let o = run(&["rule", code]);
        assert_eq!(o.status.code(), Some(0));
        let doc = stdout(&o);
        // A detection of `ajar hunt` (issue #17) is tuned, a scan rule's finding is fixed.
        let last = if code.starts_with("HUNT-") {
            "## How to tune"
        } else {
            "## How to fix"
        };
        for h in ["## What it checks", "## Why it matters", "## Example", last] {
            assert!(doc.contains(h), "{code}: {h}");
        }
    }
    insta::assert_snapshot!("rule_guest_002", stdout(&run(&["rule", "GUEST-002"])));
    let o = run(&["rule", "NOPE-999"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sarif_is_structurally_valid_2_1_0() {
    let dir = fixtures().join("GUEST-002/fires");
    let o = run(&[
        "scan",
        p(&dir),
        "--as-of",
        "2026-01-01",
        "--format",
        "sarif",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    sarif::validate(&v);
    let results = v["runs"][0]["results"].as_array().unwrap();
    let r = results.iter().find(|r| r["ruleId"] == "GUEST-002").unwrap();
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "profiles/Help Center Profile.profile-meta.xml"
    );
    assert!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            > 0
    );
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let idx = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[idx]["id"], "GUEST-002");
    assert!(
        rules[idx]["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## How to fix")
    );
}

/// The SARIF 2.1.0 schema's required properties and enumerations for what ajar writes
/// (sarif-schema-2.1.0.json, OASIS): sarifLog, run, tool, toolComponent, reportingDescriptor,
/// result, message, location, physicalLocation, artifactLocation, region, suppression.
mod sarif {
    use serde_json::Value;

    fn obj<'a>(v: &'a Value, what: &str) -> &'a serde_json::Map<String, Value> {
        v.as_object()
            .unwrap_or_else(|| panic!("{what} must be an object"))
    }

    fn message(v: &Value) {
        assert!(obj(v, "message")["text"].is_string(), "message.text");
    }

    pub(super) fn validate(log: &Value) {
        let log = obj(log, "sarifLog");
        assert_eq!(log["version"], "2.1.0");
        for run in log["runs"].as_array().expect("runs") {
            let driver = obj(&run["tool"]["driver"], "driver");
            assert!(driver["name"].is_string());
            let rules = driver["rules"].as_array().expect("rules");
            for r in rules {
                let r = obj(r, "reportingDescriptor");
                assert!(r["id"].is_string());
                if let Some(l) = r.get("defaultConfiguration").and_then(|c| c.get("level")) {
                    assert!(["none", "note", "warning", "error"].contains(&l.as_str().unwrap()));
                }
                for k in ["shortDescription", "fullDescription", "help"] {
                    if let Some(m) = r.get(k) {
                        message(m);
                    }
                }
            }
            for res in run["results"].as_array().expect("results") {
                let res = obj(res, "result");
                message(&res["message"]);
                assert!(res["ruleId"].is_string());
                if let Some(i) = res.get("ruleIndex") {
                    assert!((i.as_u64().unwrap() as usize) < rules.len());
                }
                assert!(
                    ["none", "note", "warning", "error"].contains(&res["level"].as_str().unwrap())
                );
                for loc in res["locations"].as_array().expect("locations") {
                    let pl = obj(&loc["physicalLocation"], "physicalLocation");
                    assert!(pl["artifactLocation"]["uri"].is_string());
                    if let Some(region) = pl.get("region") {
                        assert!(region["startLine"].as_u64().unwrap() >= 1);
                    }
                }
                if let Some(s) = res.get("suppressions") {
                    for s in s.as_array().unwrap() {
                        assert!(["inSource", "external"].contains(&s["kind"].as_str().unwrap()));
                    }
                }
            }
        }
    }
}

#[test]
fn assignments_turn_candidates_into_grants() {
    let dir = fixtures().join("INV-002/fires");
    let o = run(&["scan", p(&dir), "--as-of", "2026-01-01", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["principals"][0]["assignments_known"], false);
    let csv = fixtures().join("INV-002/clean/assignments.csv");
    let o = run(&[
        "scan",
        p(&dir),
        "--as-of",
        "2026-01-01",
        "--format",
        "json",
        "--assignments",
        p(&csv),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["principals"][0]["assignments_known"], true);
    assert_eq!(v["principals"][0]["permission_sets"][0], "Registrant");
    // A CSV without the needed columns is an input error naming the file.
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("a.csv");
    std::fs::write(&bad, "Id,Name\n1,x\n").unwrap();
    let o = run(&["scan", p(&dir), "--assignments", p(&bad)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a.csv: row 0: missing column `Assignee.Profile.Name`"),
        "{}",
        stderr(&o)
    );
}
