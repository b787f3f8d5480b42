//! The seed in its own era (issue #20, item 13): no guest sharing rule anywhere; `investigate`
//! finds the window from the guest profile's changes, in the history or, without it, in the
//! Setup Audit Trail, and counts the applications the site's guest user owns.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn ajar(args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_ajar"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn without_history_the_guest_profile_change_in_the_audit_trail_ends_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org");
    ajar(&[
        "synth",
        "--scenario",
        "seed",
        "--seed",
        "5",
        "--scale",
        "0.01",
        "--quiet",
        "--out",
        p(&org),
    ]);
    let truth: Value =
        serde_json::from_slice(&std::fs::read(org.join("truth/truth.json")).unwrap()).unwrap();
    let rules = std::fs::read_to_string(org.join(
        "metadata/force-app/main/default/sharingRules/Balance_Transfer_Application__c.sharingRules-meta.xml",
    ))
    .unwrap();
    assert!(
        !rules.contains("sharingGuestRules"),
        "no guest rule in 2016–2020"
    );
    let out = dir.path().join("out");
    ajar(&[
        "investigate",
        "--quiet",
        "--metadata",
        p(&org.join("metadata")),
        "--export",
        p(&org.join("export")),
        "--logs",
        p(&org.join("logs")),
        "--audit-trail",
        p(&org.join("logs/SetupAuditTrail.csv")),
        "--audit-locale",
        "en_US",
        "--audit-tz",
        "Asia/Tokyo",
        "--geoip",
        p(&org.join("geoip/ip-country.csv")),
        "--discovered",
        truth["discovered"].as_str().unwrap(),
        "--out",
        p(&out),
    ]);
    let inc: Value =
        serde_json::from_slice(&std::fs::read(out.join("incident.json")).unwrap()).unwrap();
    // The fix removed Read from the guest profile: a change naming the profile, not a rule.
    assert_eq!(inc["window"]["end"]["date"], truth["window_end"]);
    assert_eq!(inc["window"]["end"]["source"], "audit-trail");
    assert_eq!(inc["exposed"]["records"], 89_141);
    assert_eq!(inc["exposed"]["records"], truth["exposed_records"]);
    assert_eq!(inc["exposed"]["persons"], truth["exposed_persons"]);
    let paths = &inc["exposed"]["by_object"][0]["paths"];
    assert_eq!(
        paths,
        &serde_json::json!(["guest-owned records"]),
        "{paths}"
    );
    assert_eq!(inc["confirmed"]["records"], 102);
}
