//! Issue #14 from the command line: the organisation's side of the law (establishment,
//! processor, public body, encryption) changes the decisions in `incident.json`.

use serde_json::Value;
use std::path::Path;

use crate::investigate::{org, p};
use crate::support::{self, ok};

/// Runs investigate on `org` with `extra` and returns its `incident.json`.
fn run(org: &Path, out: &Path, extra: &[&str]) -> Value {
    let (metadata, export) = (org.join("metadata"), org.join("export"));
    let mut args = vec![
        "investigate",
        "--metadata",
        p(&metadata),
        "--export",
        p(&export),
        "--discovered",
        "2024-06-03",
        "--out",
        p(out),
    ];
    args.extend_from_slice(extra);
    let o = support::run(&args);
    ok(&o);
    serde_json::from_slice(&std::fs::read(out.join("incident.json")).unwrap()).unwrap()
}

fn decision<'a>(inc: &'a Value, j: &str) -> &'a Value {
    inc["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["jurisdiction"] == j)
        .unwrap_or_else(|| panic!("no {j} decision"))
}

fn trigger<'a>(d: &'a Value, id: &str) -> Option<&'a Value> {
    d["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
}

#[test]
fn gdpr_scope_lead_authority_processor_and_encryption() {
    let dir = tempfile::tempdir().unwrap();
    let (org, _) = org(dir.path(), "small", 5, "0.01");
    // The small org's persons live in Japan: without an establishment no GDPR decision.
    let plain = run(&org, &dir.path().join("plain"), &[]);
    assert!(
        plain["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["jurisdiction"] != "EU-GDPR")
    );
    // An establishment in Ireland: Art. 3(1), the Irish DPC leads, the factors are listed.
    let ie = run(
        &org,
        &dir.path().join("ie"),
        &["--controller-establishment", "IE"],
    );
    let g = &decision(&ie, "EU-GDPR")["gdpr"];
    assert_eq!(g["scope"]["basis"], "Art. 3(1)");
    assert_eq!(g["scope"]["applies"], "yes");
    assert_eq!(g["role"], "controller");
    assert_eq!(
        g["lead_authority"]["name"],
        "Data Protection Commission (DPC)"
    );
    let factors: Vec<&str> = g["high_risk_factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["factor"].as_str().unwrap())
        .collect();
    assert_eq!(factors, vec!["financial_data", "number_of_persons"]);
    let memo = std::fs::read_to_string(dir.path().join("ie/internal_memo.en.md")).unwrap();
    assert!(memo.contains(
        "Lead supervisory authority (Art. 56(1)): Data Protection Commission (DPC) (IE)"
    ));
    // A processor tells the controller (Art. 33(2)), not an authority.
    let proc = run(
        &org,
        &dir.path().join("proc"),
        &["--controller-establishment", "IE", "--processor"],
    );
    let d = decision(&proc, "EU-GDPR");
    assert_eq!(d["gdpr"]["role"], "processor");
    assert_eq!(d["recipients"][0], "the controller (Art. 33(2))");
    // ... and under APPI owes its 委託元 a notice (Rules Art. 9), drafted instead of the report.
    let appi = decision(&proc, "JP-APPI");
    assert_eq!(appi["reportable"], "no");
    assert_eq!(trigger(appi, "APPI-ENTRUST").unwrap()["applies"], "yes");
    let notice = std::fs::read_to_string(dir.path().join("proc/entrustor_notice.ja.md")).unwrap();
    assert!(notice.starts_with("# 個人データの漏えい等に関する委託元へのご報告"));
    assert!(!dir.path().join("proc/regulator_report.ja.md").exists());
    // A public body: Act Art. 68, Rules Art. 43 (thresholds at 100/101 are unit tests).
    let public = run(&org, &dir.path().join("public"), &["--public-body"]);
    let appi = decision(&public, "JP-APPI");
    let e4 = trigger(appi, "APPI-E4").unwrap();
    assert_eq!(e4["article"], "Rules Art. 43(iv)");
    assert_eq!(e4["applies"], "yes");
    assert!(appi["reasons"][0].as_str().unwrap().contains("Act Art. 68"));
    // The e-money number under advanced encryption: no E2 question, no financial factor.
    let enc = run(
        &org,
        &dir.path().join("enc"),
        &[
            "--controller-establishment",
            "IE",
            "--encrypted",
            "Balance_Transfer_Application__c.Emoney_Number__c",
        ],
    );
    let before = decision(&ie, "JP-APPI");
    assert_eq!(
        trigger(before, "APPI-E2").unwrap()["applies"],
        "needs_review"
    );
    let appi = decision(&enc, "JP-APPI");
    assert_eq!(trigger(appi, "APPI-E2").unwrap()["applies"], "no");
    assert!(trigger(appi, "APPI-FIN").is_none());
    let g = &decision(&enc, "EU-GDPR")["gdpr"];
    assert!(
        g["high_risk_factors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["factor"] != "financial_data")
    );
}

#[test]
fn an_encrypted_field_that_was_not_exposed_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (org, _) = org(dir.path(), "small", 5, "0.01");
    let out = dir.path().join("out");
    let o = support::run(&[
        "investigate",
        "--metadata",
        p(&org.join("metadata")),
        "--export",
        p(&org.join("export")),
        "--encrypted",
        "Account.Nope__c",
        "--out",
        p(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--encrypted Account.Nope__c"), "{err}");
    assert!(!out.join("incident.json").exists());
}

/// Renames a field everywhere in an org's metadata and export (file names and contents).
fn rename_field(dir: &Path, from: &str, to: &str) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rename_field(&path, from, to);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace(from, to)).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.contains(from) {
            std::fs::rename(&path, path.with_file_name(name.replace(from, to))).unwrap();
        }
    }
}

#[test]
fn a_my_number_field_on_a_guest_site_is_a_my_number_act_report() {
    let dir = tempfile::tempdir().unwrap();
    let (org, _) = org(dir.path(), "small", 5, "0.01");
    for sub in ["metadata", "export"] {
        rename_field(&org.join(sub), "Emoney_Number__c", "My_Number__c");
    }
    let inc = run(&org, &dir.path().join("out"), &[]);
    let d = decision(&inc, "JP-MYNUMBER");
    assert_eq!(d["reportable"], "yes");
    assert_eq!(trigger(d, "MN-PUBLIC").unwrap()["applies"], "yes");
    assert_eq!(trigger(d, "MN-SCALE").unwrap()["applies"], "yes");
    assert!(
        d["reasons"][0]
            .as_str()
            .unwrap()
            .contains("Balance_Transfer_Application__c.My_Number__c")
    );
    // Under advanced encryption, no My Number decision.
    let enc = run(
        &org,
        &dir.path().join("enc"),
        &[
            "--encrypted",
            "Balance_Transfer_Application__c.My_Number__c",
        ],
    );
    assert!(
        enc["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["jurisdiction"] != "JP-MYNUMBER")
    );
}
