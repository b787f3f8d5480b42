//! `collect` against the in-process fake org (issue #18): paging, faults, resume, budget,
//! chain of custody.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a panic is a test failure"
)]

mod support;

use ajar_collect::fake::{Config, FakeOrg, Fault, FaultKind};
use ajar_collect::{CallError, CollectError, Outcome, Silent, Source, verify};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use support::{TOKEN, config, creds, options, synth};

/// Every log file of the synth org, decompressed, by `<date>/<Type>.csv`.
fn synth_logs(org: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for day in std::fs::read_dir(org.join("logs")).unwrap() {
        let day = day.unwrap().path();
        if !day.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&day).unwrap() {
            let p = f.unwrap().path();
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            let mut bytes = Vec::new();
            if let Some(stem) = name.strip_suffix(".gz") {
                flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap())
                    .read_to_end(&mut bytes)
                    .unwrap();
                out.insert(
                    format!("{}/{stem}", day.file_name().unwrap().to_str().unwrap()),
                    bytes,
                );
            } else {
                out.insert(
                    format!("{}/{name}", day.file_name().unwrap().to_str().unwrap()),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn collects_every_source_through_faults_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let org = synth(dir.path());
    let (hourly, cfg) = faulty_config(&org);
    let fake = FakeOrg::start(&org, cfg).unwrap();
    let out = dir.path().join("out");
    let outcome = ajar_collect::collect(&creds(&fake, TOKEN), &options(&out), &Silent).unwrap();
    assert!(outcome.gaps.is_empty(), "{:?}", outcome.gaps);
    let want = synth_logs(&org);
    check_logs(&out, &want, &hourly);
    check_metadata_export_and_events(&org, &out, &fake, &outcome);
    check_manifest(&out, &outcome, &hourly);
    check_rerun(&out, &fake, want.len());
}

/// The org's first log day gets an hourly file with a late `Sequence` (served as `Interval`
/// `Hourly`); the fake answers with a 500, a 429 and a truncated body once each. Returns the
/// hourly file's path in the collected folder, and the fake's configuration.
fn faulty_config(org: &Path) -> (String, Config) {
    // An hourly file, with a late `Sequence` (served as `Interval` `Hourly`).
    let day = std::fs::read_dir(org.join("logs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .min()
        .unwrap();
    std::fs::write(
        day.join("API-13-1.csv"),
        "\"EVENT_TYPE\",\"TIMESTAMP_DERIVED\"\n\"API\",\"2020-11-01T13:59:59.000Z\"\n",
    )
    .unwrap();
    let mut cfg = config();
    cfg.rtem.insert(
        "ApiEvent".into(),
        "\"EventDate\",\"UserId\",\"SourceIp\"\n".into(),
    );
    cfg.faults = vec![
        Fault {
            path_contains: "/LogFile".into(),
            kind: FaultKind::Status(500),
            times: 1,
        },
        Fault {
            path_contains: "FROM%20EventLogFile".into(),
            kind: FaultKind::Status(429),
            times: 1,
        },
        Fault {
            path_contains: "0AT5j0000000003AAA/LogFile".into(),
            kind: FaultKind::Truncate,
            times: 1,
        },
    ];
    let hourly = format!(
        "logs/{}/API-13-1.csv",
        day.file_name().unwrap().to_str().unwrap()
    );
    (hourly, cfg)
}

/// Event logs: every body, byte for byte, decompressed.
fn check_logs(out: &Path, want: &BTreeMap<String, Vec<u8>>, hourly: &str) {
    assert!(want.len() > 10);
    for (rel, bytes) in want {
        let got = std::fs::read(out.join("logs").join(rel)).unwrap();
        assert!(got == *bytes, "{rel} differs");
    }
    assert!(out.join(hourly).is_file(), "{hourly}");
}

/// The metadata tree, the paged User query and Bulk results, the audit trail, real-time events.
fn check_metadata_export_and_events(org: &Path, out: &Path, fake: &FakeOrg, outcome: &Outcome) {
    // The metadata tree, retrieved through SOAP, unpacked in the mdapi layout.
    for rel in [
        "metadata/package.xml",
        "metadata/profiles/Emoney Rescue Profile.profile",
        "metadata/objects/Balance_Transfer_Application__c.object",
    ] {
        assert!(out.join(rel).is_file(), "{rel}");
    }
    // The default `--objects` would be those open to a guest; `Profile` was named here.
    // The User query came in three pages of `nextRecordsUrl` (15 users, 6 per page).
    let reqs = fake.requests();
    let user_pages = reqs.iter().filter(|r| r.contains("/query/01g")).count();
    assert!(user_pages >= 2, "{reqs:#?}");
    let users = std::fs::read(out.join("export/User.csv")).unwrap();
    assert_eq!(users, std::fs::read(org.join("export/User.csv")).unwrap());
    // Bulk results paged with `Sforce-Locator` (2 records a page) give the export's bytes.
    assert_eq!(
        std::fs::read(out.join("export/Profile.csv")).unwrap(),
        std::fs::read(org.join("export/Profile.csv")).unwrap()
    );
    assert!(reqs.iter().any(|r| r.contains("locator=")));
    // The audit trail in the downloaded layout, with UTC dates.
    let audit = std::fs::read_to_string(out.join("logs/SetupAuditTrail.csv")).unwrap();
    assert!(audit.starts_with("\"Date\",\"User\",\"Source Namespace Prefix\",\"Action\""));
    assert!(audit.lines().nth(1).unwrap().contains(" UTC\""));
    // Real-time events: an empty object and missing ones are notes, not gaps.
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("ApiEvent has no records"))
    );
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("LoginEvent is not in this org"))
    );
    assert!(!out.join("logs/events/ApiEvent.csv").exists());
}

/// The manifest lists every file with its call and hash; files are read-only.
fn check_manifest(out: &Path, outcome: &Outcome, hourly: &str) {
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["schema"], "ajar.collect/1");
    assert_eq!(m["org_id"], "00D5j000000FAKEEAA");
    assert_eq!(m["user"]["username"], "collector@fake.example");
    let files = m["files"].as_object().unwrap();
    assert_eq!(files.len(), outcome.files);
    let meta = &files["metadata/package.xml"];
    assert_eq!(meta["call"]["endpoint"], "/services/Soap/m/62.0");
    assert!(
        meta["call"]["record_id"]
            .as_str()
            .unwrap()
            .starts_with("09S")
    );
    let hourly_entry = &files[hourly];
    assert_eq!(hourly_entry["rows"], 1);
    let entry = &files["logs/SetupAuditTrail.csv"];
    assert!(
        entry["call"]["soql"]
            .as_str()
            .unwrap()
            .contains("FROM SetupAuditTrail")
    );
    assert_eq!(entry["sha256"].as_str().unwrap().len(), 64);
    let log = files
        .iter()
        .find(|(k, _)| k.starts_with("logs/2"))
        .unwrap()
        .1;
    assert!(
        log["call"]["record_id"]
            .as_str()
            .unwrap()
            .starts_with("0AT")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("export/User.csv"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o400);
    }
    assert!(verify::verify(out).unwrap().is_clean());
}

/// A rerun fetches no log body again; the token appears in no written file.
fn check_rerun(out: &Path, fake: &FakeOrg, logs: usize) {
    let before = fake.requests().len();
    let again = ajar_collect::collect(&creds(fake, TOKEN), &options(out), &Silent).unwrap();
    assert!(again.gaps.is_empty());
    let bodies = fake.requests()[before..]
        .iter()
        .filter(|r| r.contains("/LogFile"))
        .count();
    assert_eq!(bodies, 0);
    // Log bodies and Bulk results are kept; the small SOQL sources are queried again.
    assert_eq!(again.resumed, logs + 1, "{} resumed", again.resumed);

    // The token appears in no written file.
    for (rel, bytes) in tree(out) {
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "token in {rel}"
        );
    }
}

fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

#[test]
fn an_expired_session_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let org = synth(dir.path());
    let fake = FakeOrg::start(&org, config()).unwrap();
    let out = dir.path().join("out");
    let err = ajar_collect::collect(&creds(&fake, "00DFAKE!expired"), &options(&out), &Silent)
        .unwrap_err();
    assert!(
        matches!(err, CollectError::Call(CallError::Session { .. })),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("GET /services/oauth2/userinfo") && msg.contains("401"),
        "{msg}"
    );
    assert!(!out.exists());
}

#[test]
fn a_session_lost_midway_leaves_a_partial_collection_with_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let org = synth(dir.path());
    let mut cfg = config();
    cfg.faults = vec![Fault {
        path_contains: "/LogFile".into(),
        kind: FaultKind::Status(401),
        times: 1000,
    }];
    let fake = FakeOrg::start(&org, cfg).unwrap();
    let out = dir.path().join("out");
    let outcome = ajar_collect::collect(&creds(&fake, TOKEN), &options(&out), &Silent).unwrap();
    assert!(
        outcome
            .gaps
            .iter()
            .any(|g| g.source == "logs" && g.reason.contains("401"))
    );
    // Later sources are not attempted once the session is gone, and say so.
    assert!(outcome.gaps.iter().any(|g| g.source == "records"));
    assert!(out.join("export/User.csv").exists());
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert!(!m["gaps"].as_array().unwrap().is_empty());
    assert!(verify::verify(&out).unwrap().is_clean());
}

#[test]
fn a_body_always_shorter_than_announced_is_a_gap() {
    let dir = tempfile::tempdir().unwrap();
    let org = synth(dir.path());
    let mut cfg = config();
    cfg.faults = vec![Fault {
        path_contains: "0AT5j0000000001AAA/LogFile".into(),
        kind: FaultKind::Truncate,
        times: 100,
    }];
    let fake = FakeOrg::start(&org, cfg).unwrap();
    let out = dir.path().join("out");
    let mut opts = options(&out);
    opts.only = [Source::Logs].into_iter().collect();
    let outcome = ajar_collect::collect(&creds(&fake, TOKEN), &opts, &Silent).unwrap();
    assert_eq!(outcome.gaps.len(), 1, "{:?}", outcome.gaps);
    let gap = &outcome.gaps[0];
    assert!(
        gap.reason.contains("body shorter than announced"),
        "{}",
        gap.reason
    );
    assert!(gap.reason.contains("0AT5j0000000001AAA/LogFile"));
    // Nothing half-written: the file is absent, no temporary file is left.
    assert!(!out.join(&gap.what).exists());
    assert!(verify::verify(&out).unwrap().is_clean());
}

#[test]
fn stops_before_the_api_budget_and_says_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let org = synth(dir.path());
    let mut cfg = config();
    cfg.api_max = 1000;
    cfg.api_used = 480;
    let fake = FakeOrg::start(&org, cfg).unwrap();
    let out = dir.path().join("out");
    let outcome = ajar_collect::collect(&creds(&fake, TOKEN), &options(&out), &Silent).unwrap();
    assert!(!outcome.gaps.is_empty());
    assert!(
        outcome
            .gaps
            .iter()
            .all(|g| g.reason.contains("daily API requests used")),
        "{:?}",
        outcome.gaps
    );
    let (used, max) = outcome.api_usage;
    assert_eq!(max, 1000);
    assert!(used <= 500, "{used}");
}

#[test]
fn verify_catches_a_changed_byte_a_missing_and_an_extra_file() {
    let dir = tempfile::tempdir().unwrap();
    let org = synth(dir.path());
    let fake = FakeOrg::start(&org, config()).unwrap();
    let out = dir.path().join("out");
    let mut opts = options(&out);
    opts.only = [Source::Users, Source::Audit].into_iter().collect();
    ajar_collect::collect(&creds(&fake, TOKEN), &opts, &Silent).unwrap();
    let users = out.join("export/User.csv");
    let mut bytes = std::fs::read(&users).unwrap();
    bytes[10] ^= 1;
    std::fs::remove_file(&users).unwrap();
    std::fs::write(&users, &bytes).unwrap();
    std::fs::remove_file(out.join("logs/SetupAuditTrail.csv")).unwrap();
    std::fs::write(out.join("notes.txt"), b"x").unwrap();
    let v = verify::verify(&out).unwrap();
    assert_eq!(v.changed, ["export/User.csv"]);
    assert_eq!(v.missing, ["logs/SetupAuditTrail.csv"]);
    assert_eq!(v.extra, ["notes.txt"]);
    assert!(!v.is_clean());
}

#[test]
fn without_objects_the_records_are_those_open_to_a_guest_in_the_retrieved_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let org = synth(dir.path());
    let fake = FakeOrg::start(&org, config()).unwrap();
    let out = dir.path().join("out");
    let mut opts = options(&out);
    opts.objects.clear();
    opts.only = [Source::Metadata, Source::Records].into_iter().collect();
    let outcome = ajar_collect::collect(&creds(&fake, TOKEN), &opts, &Silent).unwrap();
    assert!(outcome.gaps.is_empty(), "{:?}", outcome.gaps);
    assert_eq!(
        ajar_collect::exposure::guest_objects(&out.join("metadata"), "2026-01-01".parse().unwrap())
            .unwrap(),
        ["Balance_Transfer_Application__c"]
    );
    assert_eq!(
        std::fs::read(out.join("export/Balance_Transfer_Application__c.csv")).unwrap(),
        std::fs::read(org.join("export/Balance_Transfer_Application__c.csv")).unwrap()
    );
    assert!(!out.join("export/Profile.csv").exists());
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("open to a guest") && n.contains("Balance_Transfer_Application__c")),
        "{:?}",
        outcome.notes
    );
    // A component the org lacks is a note from the retrieve's messages.
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("named 'Quote' cannot be found"))
    );
    // Records only, in a folder without metadata: nothing to default to, and it says so.
    let bare = dir.path().join("bare");
    opts.out = bare.clone();
    opts.only = [Source::Records].into_iter().collect();
    let outcome = ajar_collect::collect(&creds(&fake, TOKEN), &opts, &Silent).unwrap();
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("no retrieved metadata"))
    );
    assert!(!bare.join("export").exists());
}
