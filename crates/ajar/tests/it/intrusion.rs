//! An intrusion through the API (issue #16) on the hand-written Drift-like case of
//! `testdata/handmade/intrusion/`: the evidence each log type leaves, the intruder named by
//! indicators and by the keys its events share, what it took by evidence strength, and the
//! incident `investigate` draws from it.

use crate::support::{ajar, testdata};
use serde_json::Value;

fn case(rel: &str) -> std::path::PathBuf {
    testdata(&format!("handmade/intrusion/{rel}"))
}

fn hunt_json(extra: &[&str]) -> Value {
    let out = ajar()
        .args(["--quiet", "hunt", "--logs"])
        .arg(case("logs/Login.csv"))
        .arg(case("logs/RestApi.csv"))
        .arg(case("logs/API.csv"))
        .arg("--logs")
        .arg(case("logs/BulkApi2.csv"))
        .arg(case("logs/ApiEvent.csv"))
        .arg(case("logs/LoginHistory.csv"))
        .arg("--users")
        .arg(case("export/User.csv"))
        .arg("--geoip")
        .arg(case("geoip.csv"))
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_source_is_read_by_its_header() {
    let j = hunt_json(&["--principal", "guest,external,internal,unknown"]);
    let types: Vec<&str> = j["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["event_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "API",
            "ApiEvent",
            "BulkApi2",
            "Login",
            "LoginHistory",
            "RestApi"
        ]
    );
    assert_eq!(j["skipped"]["rows"], 0);
    // The ApiEvent rows have no user type: the User export classes them, Standard or not.
    assert!(
        !j["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["kind"] == "unclassified-rows"),
        "{}",
        j["gaps"]
    );
    assert!(j.get("actor").is_none(), "no indicator, no actor");
}

#[test]
fn the_actor_is_named_by_indicator_and_by_shared_keys() {
    let ioc = case("iocs.csv");
    let j = hunt_json(&["--ioc", ioc.to_str().unwrap()]);
    let a = &j["actor"];
    let ips: Vec<(&str, &str)> = a["ips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["ip"].as_str().unwrap(), i["country"].as_str().unwrap()))
        .collect();
    // 44.215.108.109 is on no list: the login key of the listed IP's login brings it in.
    // In address order (numeric), as the report lists them.
    assert_eq!(ips, [("44.215.108.109", "US"), ("208.68.36.90", "US")]);
    assert_eq!(
        a["users"],
        serde_json::json!(["0055j000000utlPAAQ", "drift.sync@example.com"])
    );
    assert_eq!(
        a["user_agents"],
        serde_json::json!(["python-requests/2.32.4"])
    );
    assert_eq!(
        a["connected_apps"],
        serde_json::json!(["0H45j000000DrFt", "Drift"])
    );
    assert_eq!(a["first"], "2025-08-08T10:00:00Z");
    assert_eq!(a["last"], "2025-08-08T10:20:00Z");
    assert_eq!(a["began_with"]["event_type"], "Login");
    assert_eq!(a["began_with"]["operation"], "oauthrefreshtoken");
    let events = a["events"].as_array().unwrap();
    // The vendor's own sync (another login key, its own IP) and the admin stay out.
    assert!(
        events
            .iter()
            .all(|e| e["ip"] != "52.14.0.10" && e["ip"] != "203.0.113.5")
    );
    assert_eq!(
        events.len(),
        12,
        "{}",
        serde_json::to_string_pretty(events).unwrap()
    );
    let by_indicator = events
        .iter()
        .filter(|e| e["why"]["by"] == "indicator")
        .count();
    let pivots: Vec<&Value> = events
        .iter()
        .filter(|e| e["why"]["by"] == "pivot")
        .collect();
    // Login, Login History, two REST calls and the COUNT() query came from the listed IP.
    assert_eq!(by_indicator, 5);
    assert_eq!(pivots.len(), 7);
    let rest = events
        .iter()
        .find(|e| {
            e["source"]["file"]
                .as_str()
                .unwrap()
                .ends_with("RestApi.csv")
                && e["source"]["line"] == 5
        })
        .unwrap();
    assert_eq!(rest["why"]["key"], "login_key");
    assert!(
        rest["why"]["from"]["file"]
            .as_str()
            .unwrap()
            .ends_with("Login.csv")
    );
    assert_eq!(a["indicators"][0]["matched"], 5);
    assert_eq!(a["indicators"][1]["matched"], 0);
}

#[test]
fn what_left_by_evidence_strength() {
    let j = hunt_json(&["--actor", "ip=208.68.36.90"]);
    let takes = j["actor"]["takes"].as_array().unwrap();
    let got: Vec<(&str, &str, &str)> = takes
        .iter()
        .map(|t| {
            (
                t["event_type"].as_str().unwrap(),
                t["object"].as_str().unwrap_or("?"),
                t["evidence"].as_str().unwrap(),
            )
        })
        .collect();
    // The COUNT() recon and the describe calls take nothing; the bulk job is one take.
    assert_eq!(
        got,
        [
            ("RestApi", "Contact", "logged-ids"),
            ("RestApi", "Case", "count-only"),
            ("ApiEvent", "Case", "logged-ids"),
            ("API", "Contact", "count-only"),
            ("BulkApi2", "Account", "count-only"),
        ]
    );
    assert_eq!(takes[3]["reason"], "query not evaluated");
    assert_eq!(takes[4]["job_id"], "7505j000000XyZwAAK");
    assert_eq!(takes[4]["rows"], 2);
    // The job's `DELETE` is recorded on its take.
    assert_eq!(takes[4]["deleted"], "2025-08-08T10:20:00Z");
}

#[test]
fn text_summary_shows_the_actor_and_its_timeline() {
    let out = ajar()
        .args(["--quiet", "hunt"])
        .arg(case("logs"))
        .arg("--ioc")
        .arg(case("iocs.csv"))
        .arg("--users")
        .arg(case("export/User.csv"))
        .arg("--geoip")
        .arg(case("geoip.csv"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Actor (12 event(s))"), "{text}");
    assert!(
        text.contains("began with: 2025-08-08T10:00:00Z Login oauthrefreshtoken from 208.68.36.90"),
        "{text}"
    );
    assert!(text.contains("Actor timeline"));
    assert!(
        text.contains("login_key of logs/Login.csv:3") || text.contains("login_key of Login.csv:3"),
        "{text}"
    );
    assert!(text.contains("count-only"));
}

#[test]
fn a_bad_indicator_names_the_file_and_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let ioc = dir.path().join("iocs.csv");
    std::fs::write(&ioc, "type,value\nip,208.68.36.90\nasn,secret-value\n").unwrap();
    let out = ajar()
        .arg("hunt")
        .arg(case("logs"))
        .arg("--ioc")
        .arg(&ioc)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("iocs.csv:3"), "{err}");
    assert!(!err.contains("secret-value"), "{err}");
    let out = ajar()
        .arg("hunt")
        .arg(case("logs"))
        .args(["--actor", "ip=not-an-ip"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

fn investigate(dir: &std::path::Path, extra: &[&str]) -> Value {
    let out_dir = dir.join("incident");
    let out = ajar()
        .args(["--quiet", "investigate", "--export"])
        .arg(case("export"))
        .arg("--logs")
        .arg(case("logs"))
        .arg("--geoip")
        .arg(case("geoip.csv"))
        .arg("--ioc")
        .arg(case("iocs.csv"))
        .args(["--discovered", "2025-08-20", "--out"])
        .arg(&out_dir)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(out_dir.join("incident.json")).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn investigate_an_intrusion_without_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let inc = investigate(dir.path(), &[]);
    assert_eq!(inc["schema"], "ajar.incident/3");
    assert_eq!(inc["kind"], "intrusion");
    assert_eq!(inc["window"]["start"]["date"], "2025-08-08");
    assert!(
        inc["window"]["start"]["detail"]
            .as_str()
            .unwrap()
            .contains("oauthrefreshtoken")
    );
    assert_eq!(inc["actor"]["ips"].as_array().unwrap().len(), 2);
    let objects: Vec<(&str, u64)> = inc["exposed"]["by_object"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["object"].as_str().unwrap(),
                o["records"].as_u64().unwrap(),
            )
        })
        .collect();
    // Account: the bulk job's 2 rows are both accounts (every record). Case: the REST query's
    // 3 rows are the 3 cases that existed then; the case created later is not counted.
    // Contact: one record by ID, and a count of 2 that leaves the 4 contacts as the bound.
    assert_eq!(objects, [("Account", 2), ("Case", 3), ("Contact", 4)]);
    let contact = &inc["exposed"]["by_object"][2]["evidence"];
    let ev: Vec<(&str, u64, bool)> = contact
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["strength"].as_str().unwrap(),
                e["records"].as_u64().unwrap(),
                e["upper_bound"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(ev, [("logged-ids", 1, false), ("count-only", 4, true)]);
    assert_eq!(contact[1]["rows_logged"], 2);
    // The logged query was run over the export: 3 contacts match it today, the log says 2
    // rows; both figures are stated and the whole object stays the bound.
    let detail = contact[1]["detail"].as_str().unwrap();
    assert!(
        detail.contains("returns 3 record(s) but the log shows 2 row(s)"),
        "{detail}"
    );
    let gaps: Vec<&str> = inc["coverage"]["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["kind"].as_str().unwrap())
        .collect();
    assert!(gaps.contains(&"bulk-job-deleted"), "{gaps:?}");
    assert!(gaps.contains(&"api-total-usage-absent"), "{gaps:?}");
    assert!(!gaps.contains(&"api-event-absent"), "{gaps:?}");
    assert_eq!(inc["secrets"]["records"], 0);
    assert_eq!(inc["exposed"]["records"], 9);
    // Confirmed = the exact part: 2 accounts, 3 cases, 1 contact.
    assert_eq!(inc["confirmed"]["records"], 6);
    let appi = inc["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["jurisdiction"] == "JP-APPI")
        .unwrap();
    assert_eq!(appi["reportable"], "yes");
    let e3 = appi["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "APPI-E3")
        .unwrap();
    assert_eq!(e3["applies"], "yes");
    let final_report = appi["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["basis"].as_str().unwrap().contains("60"))
        .unwrap();
    assert!(!final_report["conditional"].as_bool().unwrap());
}
