//! Issue #17 on the hand-written shapes B and C (`testdata/handmade/rogue-app/`,
//! `testdata/handmade/guest-scraping/`): a phished employee's rogue connected app pulling with
//! `queryAll` right after its installation shows in the Setup Audit Trail, and a guest scraping
//! a site through Aura data actions, with Threat Detection's own anomaly events, each raised
//! from the files as Salesforce writes them, and nothing on the routine rows beside them.

use crate::support::{ajar, testdata};
use serde_json::Value;

fn findings(args: &[&str]) -> Vec<(String, String, String, Vec<String>)> {
    let o = ajar()
        .args(["--quiet", "hunt", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let evidence = f["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| format!("{}:{}", e["file"].as_str().unwrap(), e["line"]))
                .collect();
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                evidence,
            )
        })
        .collect()
}

fn path(rel: &str) -> String {
    testdata(&format!("handmade/{rel}"))
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_rogue_connected_app_is_raised_from_the_audit_trail_and_its_pulls() {
    let found = findings(&[
        &path("rogue-app/logs"),
        "--users",
        &path("rogue-app/export/User.csv"),
        "--locale",
        "en_US",
        "--tz",
        "America/Los_Angeles",
    ]);
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|(c, s, _, _)| (c.as_str(), s.as_str()))
        .collect();
    // The ERP integration's routine sync and the administrator's password-policy change raise
    // nothing.
    assert_eq!(
        got,
        [
            ("HUNT-009", "high"),
            ("HUNT-007", "medium"),
            ("HUNT-008", "medium"),
        ],
        "{found:#?}"
    );
    let (_, _, message, evidence) = &found[0];
    assert_eq!(
        message,
        "Connected Apps: \"Connected app My Ticket Portal was installed (OAuth device flow)\" by j.tanaka@example.com at 2025-08-12T14:05:41Z was followed within 24 h by 2 API call(s) returning 61083 row(s)"
    );
    assert_eq!(evidence[0], "logs/SetupAuditTrail.csv:2");
    assert!(
        found[1]
            .2
            .contains("0055j000002VsHgAAK ran queryAll 3 time(s) over Contact, Lead")
    );
    assert!(found[2].2.starts_with(
        "client `My Ticket Portal/1.0` was first used at 2025-08-12T14:20:00Z, after 2 day(s)"
    ));
}

#[test]
fn guest_scraping_is_raised_from_aura_rows_and_anomaly_events() {
    let found = findings(&[&path("guest-scraping/logs")]);
    let got: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|(c, s, m, _)| (c.as_str(), s.as_str(), m.as_str()))
        .collect();
    // The visitor at 203.0.113.8 (four requests, two of them record reads) is not a scraper;
    // Threat Detection's low-score event for it is medium.
    assert_eq!(
        got,
        [
            (
                "HUNT-010",
                "high",
                "guest requests from 198.51.100.23 called data actions 120 time(s) (60 getItems, 60 getRecordWithFields), at most 120 within 10 minutes"
            ),
            (
                "HUNT-011",
                "high",
                "Threat Detection raised 1 guest user anomaly event(s) for 198.51.100.23, highest score 0.93, covering 4210 controller call(s), requesting Case, Contact"
            ),
            (
                "HUNT-011",
                "medium",
                "Threat Detection raised 1 guest user anomaly event(s) for 203.0.113.8, highest score 0.21, covering 12 controller call(s), requesting Case"
            ),
        ]
    );
    assert_eq!(found[0].3[0], "logs/AuraRequest.csv:6");
    assert_eq!(found[1].3, ["logs/GuestUserAnomalyEventStore.csv:2"]);
}
