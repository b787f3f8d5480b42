//! The seed in its own era (issue #20, item 13): no guest sharing rule anywhere; `investigate`
//! finds the window from the guest profile's changes, in the history or, without it, in the
//! Setup Audit Trail, and counts the applications the site's guest user owns.

use crate::investigate::{investigate, org, p};

#[test]
fn without_history_the_guest_profile_change_in_the_audit_trail_ends_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let (org, truth) = org(dir.path(), "seed", 5, "0.01");
    let rules = std::fs::read_to_string(org.join(
        "metadata/force-app/main/default/sharingRules/Balance_Transfer_Application__c.sharingRules-meta.xml",
    ))
    .unwrap();
    assert!(
        !rules.contains("sharingGuestRules"),
        "no guest rule in 2016–2020"
    );
    let (logs, trail) = (org.join("logs"), org.join("logs/SetupAuditTrail.csv"));
    let flags = [
        ("--logs", logs.as_path()),
        ("--audit-trail", trail.as_path()),
    ];
    let mut audit: Vec<&str> = flags.iter().flat_map(|(f, v)| [*f, p(v)]).collect();
    audit.extend(["--audit-locale", "en_US", "--audit-tz", "Asia/Tokyo"]);
    let inc = investigate(&org, &dir.path().join("out"), &truth, &audit);
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
}
