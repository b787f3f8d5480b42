//! `ajar collect` on the token-theft org (issue #18): the collected folder gives
//! `investigate --ioc` the same intrusion incident as the synth org it was served from.

use super::collect::{CANARY, collect, contains, files, p, run_with_token, text, without_inputs};
use ajar_collect::fake::{Config, FakeOrg, Fault, FaultKind};
use serde_json::Value;
use std::path::Path;

/// A token-theft org generated under `dir`.
fn theft_org(dir: &Path) -> std::path::PathBuf {
    let org = dir.join("org");
    let o = run_with_token(&[
        "synth",
        "--scenario",
        "token-theft",
        "--out",
        &p(&org),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    org
}

#[test]
fn collected_token_theft_org_gives_the_same_intrusion_incident() {
    let dir = tempfile::tempdir().unwrap();
    let org = theft_org(dir.path());
    std::fs::rename(org.join("truth"), dir.path().join("held-truth")).unwrap();
    let cfg = Config {
        token: CANARY.into(),
        page_size: 100,
        faults: vec![Fault {
            path_contains: "/results".into(),
            kind: FaultKind::Status(503),
            times: 1,
        }],
        ..Config::default()
    };
    let fake = FakeOrg::start(&org, cfg).unwrap();
    let ev = dir.path().join("evidence");
    let objects = "Account,Case,Contact,Lead,PermissionSet,PermissionSetAssignment,Profile,User";
    let mut args = vec!["--objects", objects, "--bulk-page", "500"];
    args.extend(["--since", "2025-07-01", "--until", "2025-09-30"]);
    let o = collect(&fake, &ev, &args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Login History and the real-time `ApiEvent` storage come back as the org holds them.
    for (got, want) in [
        ("logs/LoginHistory.csv", "logs/LoginHistory.csv"),
        ("logs/events/ApiEvent.csv", "logs/ApiEvent.csv"),
        ("export/Contact.csv", "export/Contact.csv"),
    ] {
        assert!(
            std::fs::read(ev.join(got)).unwrap() == std::fs::read(org.join(want)).unwrap(),
            "{got}"
        );
    }
    assert!(!contains(&o.stdout, CANARY) && !contains(&o.stderr, CANARY));
    for (path, bytes) in files(&ev) {
        assert!(!contains(&bytes, CANARY), "token in {}", path.display());
    }
    let incident = |export: &Path, logs: &Path, out: &Path| -> Value {
        let owned = [
            p(&org.join("ioc.csv")),
            p(export),
            p(logs),
            p(&org.join("geoip/ip-country.csv")),
            p(out),
        ];
        let o = run_with_token(&[
            "investigate",
            "--ioc",
            &owned[0],
            "--export",
            &owned[1],
            "--logs",
            &owned[2],
            "--geoip",
            &owned[3],
            "--discovered",
            "2025-08-20",
            "--out",
            &owned[4],
            "--quiet",
        ]);
        assert!(o.status.success(), "{}", text(&o));
        serde_json::from_slice(&std::fs::read(out.join("incident.json")).unwrap()).unwrap()
    };
    let a = incident(
        &org.join("export"),
        &org.join("logs"),
        &dir.path().join("inc-org"),
    );
    let b = incident(
        &ev.join("export"),
        &ev.join("logs"),
        &dir.path().join("inc-collected"),
    );
    assert_eq!(a["kind"], "intrusion", "{}", a["kind"]);
    assert!(a["exposed"]["records"].as_u64().unwrap() > 1000);
    assert!(a["secrets"]["records"].as_u64().unwrap() > 0);
    // The same actor, window, taken records, secrets, coverage and decisions.
    assert_eq!(
        without_inputs(b, &[&ev, &org]),
        without_inputs(a, &[&org, &ev])
    );
}

/// `--ioc`: the records of the objects the intruder's events touched in the collected logs are
/// collected without naming them, and a manifest note says which were added.
#[test]
fn ioc_adds_the_objects_the_intruder_touched() {
    let dir = tempfile::tempdir().unwrap();
    let org = theft_org(dir.path());
    let cfg = Config {
        token: CANARY.into(),
        ..Config::default()
    };
    let fake = FakeOrg::start(&org, cfg).unwrap();
    let ev = dir.path().join("evidence");
    let ioc = p(&org.join("ioc.csv"));
    let mut args = vec!["--only", "users,logins,logs,events,records", "--ioc", &ioc];
    args.extend(["--since", "2025-07-01", "--until", "2025-09-30"]);
    let o = collect(&fake, &ev, &args);
    // Partial (exit 1): the intruder also read Opportunity and Organization, which the synth
    // org's export (what the fake org serves) does not hold.
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(ev.join("manifest.json")).unwrap()).unwrap();
    let notes = manifest["notes"].to_string();
    assert!(
        notes.contains(
            "the objects the indicators' events touched in the collected logs: \
             Account, Case, Contact, Lead, Opportunity, Organization, User"
        ),
        "{notes}"
    );
    let gaps: Vec<&str> = manifest["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["what"].as_str().unwrap())
        .collect();
    assert_eq!(gaps, ["Opportunity", "Organization"]);
    assert!(
        std::fs::read(ev.join("export/Contact.csv")).unwrap()
            == std::fs::read(org.join("export/Contact.csv")).unwrap()
    );
    // A bad indicator stops the run before any call, naming the flag's value.
    let o = collect(&fake, &dir.path().join("e2"), &["--actor", "colour=red"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!dir.path().join("e2").exists());
}
