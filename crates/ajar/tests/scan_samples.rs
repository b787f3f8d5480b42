//! `ajar scan` on every public sample org (testdata/samples/metadata): text and JSON outputs
//! snapshotted, and each exposure the samples' README describes asserted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a test failure"
)]

mod support;

use insta_cmd::get_cargo_bin;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A sample org's folder: in the repository, or (GSA, not copied: no licence) beside it.
fn org_dir(org: &str) -> Option<PathBuf> {
    if org == GSA {
        support::shared_sample(&format!("metadata/{org}"))
    } else {
        Some(support::testdata(&format!("samples/metadata/{org}")))
    }
}

fn run(org: &str, format: &str) -> (String, i32) {
    let dir = org_dir(org).unwrap();
    run_dir(&dir, format)
}

fn run_dir(dir: &Path, format: &str) -> (String, i32) {
    let out = Command::new(get_cargo_bin("ajar"))
        .args([
            "scan",
            "--as-of",
            "2026-01-01",
            "--color",
            "never",
            "--format",
            format,
        ])
        .arg(dir)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn json(org: &str) -> Value {
    let (s, code) = run(org, "json");
    assert_eq!(code, 0);
    serde_json::from_str(&s).unwrap()
}

fn findings<'a>(v: &'a Value, code: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

fn principal<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["principals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap()
}

const GSA: &str = "GSA__SF_WorkSpace";

const ORGS: &[&str] = &[
    GSA,
    "SFDO-Community__Summit-Events-App",
    "SFDO-Community__UnsubscribeLink",
    "SalesforceFoundation__Volunteers-for-Salesforce",
    "trailheadapps__ebikes-lwc",
];

#[test]
fn snapshots_text_and_json() {
    for org in ORGS {
        if org_dir(org).is_none() {
            continue;
        }
        let (text, code) = run(org, "text");
        assert_eq!(code, 0, "{org}");
        insta::assert_snapshot!(format!("{org}.txt"), text);
        let (j, _) = run(org, "json");
        let v: Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["schema"], "ajar.scan/1");
        insta::assert_snapshot!(format!("{org}.json"), j);
    }
}

#[test]
fn ebikes_guest_has_view_all_on_two_objects() {
    let v = json("trailheadapps__ebikes-lwc");
    let p = principal(&v, "E-Bikes Profile");
    assert_eq!(p["kind"], "guest");
    assert_eq!(p["site"], "E_Bikes");
    let mut objects: Vec<&str> = findings(&v, "GUEST-003")
        .iter()
        .map(|f| f["object"].as_str().unwrap())
        .collect();
    objects.sort_unstable();
    assert_eq!(objects, ["Product_Family__c", "Product__c"]);
    // Both are also shared to the guest by rules that match every record.
    assert_eq!(findings(&v, "GUEST-009").len(), 2);
}

#[test]
fn summit_guest_access_through_a_permission_set() {
    let v = json("SFDO-Community__Summit-Events-App");
    let p = principal(&v, "Summit Events Profile");
    assert_eq!(p["site"], "Summit_Events");
    assert!(
        p["permission_sets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "Summit_Events_Registrant")
    );
    let reg = p["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["object"] == "Summit_Events_Registration__c")
        .unwrap();
    assert_eq!(reg["read"], true);
    assert_eq!(reg["candidate"], true);
    assert!(findings(&v, "GUEST-011").iter().any(|f| {
        f["message"]
            .as_str()
            .unwrap()
            .contains("Summit_Events_Registrant")
    }));
    assert!(
        !findings(&v, "SITE-001").is_empty(),
        "the guest profile is not in the sample"
    );
}

#[test]
fn gsa_api_enabled_boolean_filter_and_partial_profile() {
    // Runs beside `../shared/samples/` only; `handmade_api_enabled_boolean_filter_and_partial_profile`
    // covers the same behaviour in every clone.
    if org_dir(GSA).is_none() {
        return;
    }
    let v = json(GSA);
    assert!(
        findings(&v, "GUEST-007")
            .iter()
            .any(|f| f["principal"] == "Leasing Profile")
    );
    let p = principal(&v, "Leasing Profile");
    let rlp = p["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["object"] == "PBS_AAAP_RLP__c")
        .unwrap();
    let rule = rlp["record_paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "RLP_Guest_User_Update_Community")
        .unwrap();
    assert_eq!(
        rule["predicate"]["boolean_filter"],
        "(1 AND 2) OR (3 AND 4)"
    );
    assert_eq!(rule["effective"], true);
    assert_eq!(rlp["records"], "criteria");
    assert!(v["coverage"].as_array().unwrap().iter().any(|g| {
        g["kind"] == "partial-profile"
            && g["span"]["file"]
                .as_str()
                .unwrap()
                .starts_with("_HEAD_fcb9670/")
    }));
    // enableSecureGuestAccess=false is inert (trap 5).
    assert_eq!(findings(&v, "SITE-005")[0]["severity"], "info");
}

#[test]
fn unsubscribe_link_salesforce_licence_set_reaches_no_guest() {
    let v = json("SFDO-Community__UnsubscribeLink");
    assert!(v["principals"].as_array().unwrap().is_empty());
    assert!(v["findings"].as_array().unwrap().is_empty());
}

#[test]
fn v4s_mdapi_guest_permission_set_candidate() {
    let v = json("SalesforceFoundation__Volunteers-for-Salesforce");
    let p = principal(&v, "Volunteers Profile");
    assert_eq!(p["site"], "Volunteers");
    let contact = p["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["object"] == "Contact")
        .unwrap();
    assert_eq!(contact["create"], true);
    // `%%%NAMESPACE%%%` is stripped so grants meet the tree's own objects.
    assert!(
        p["objects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["object"] == "Volunteer_Hours__c")
    );
}

/// The GSA sample's behaviours on a hand-written org (`testdata/handmade/metadata/`): a guest
/// profile with `ApiEnabled`, a guest rule with `(1 AND 2) OR (3 AND 4)`, a partial retrieve
/// of the same profile, and `enableSecureGuestAccess=false` (trap 5).
#[test]
fn handmade_api_enabled_boolean_filter_and_partial_profile() {
    let (s, code) = run_dir(
        &support::testdata("handmade/metadata/tenants-portal"),
        "json",
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&s).unwrap();
    assert!(
        findings(&v, "GUEST-007")
            .iter()
            .any(|f| f["principal"] == "Tenants Profile")
    );
    let p = principal(&v, "Tenants Profile");
    assert_eq!(p["site"], "Tenants");
    let listing = p["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["object"] == "Unit_Listing__c")
        .unwrap();
    let rule = listing["record_paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "Listings_For_Guests")
        .unwrap();
    assert_eq!(
        rule["predicate"]["boolean_filter"],
        "(1 AND 2) OR (3 AND 4)"
    );
    assert_eq!(rule["effective"], true);
    assert_eq!(listing["records"], "criteria");
    assert!(v["coverage"].as_array().unwrap().iter().any(|g| {
        g["kind"] == "partial-profile"
            && g["span"]["file"]
                .as_str()
                .unwrap()
                .starts_with("_partial_retrieve/")
    }));
    assert_eq!(findings(&v, "SITE-005")[0]["severity"], "info");
}
