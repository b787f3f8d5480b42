//! `ajar collect` and `ajar verify` end to end against the in-process fake org (issue #18):
//! the collected folder gives `hunt` and `investigate` the same answers as the synth org it was
//! served from, through injected faults; the token never leaks; `verify` catches tampering.

use ajar_collect::fake::{Config, FakeOrg, Fault, FaultKind};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support;

pub(super) const CANARY: &str = "00D5jCANARY!AQ8AQJ3t0ken-never-printed";

/// `ajar args…` with [`CANARY`] as the access token.
pub(super) fn run_with_token(args: &[&str]) -> Output {
    support::ajar()
        .args(args)
        .env("SF_ACCESS_TOKEN", CANARY)
        .output()
        .unwrap()
}

pub(super) fn p(path: &Path) -> String {
    path.to_str().unwrap().to_string()
}

pub(super) fn text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn seed_org(dir: &Path) -> (PathBuf, Value) {
    let org = dir.join("org");
    let o = run_with_token(&["synth", "--scenario", "seed", "--out", &p(&org), "--quiet"]);
    assert!(o.status.success(), "{}", text(&o));
    let held = dir.join("held-truth");
    std::fs::rename(org.join("truth"), &held).unwrap();
    let truth = serde_json::from_slice(&std::fs::read(held.join("truth.json")).unwrap()).unwrap();
    (org, truth)
}

pub(super) fn collect(fake: &FakeOrg, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "collect".to_string(),
        "--instance-url".into(),
        fake.url.clone(),
        "--out".into(),
        p(out),
        "--retry-base-ms".into(),
        "1".into(),
    ];
    if !extra.contains(&"--since") {
        args.extend(["--since", "2015-01-01", "--until", "2020-12-31"].map(String::from));
    }
    args.extend(extra.iter().map(|s| (*s).to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run_with_token(&refs)
}

fn hunt(logs: &Path, users: &Path, org: &Path) -> String {
    let o = run_with_token(&[
        "hunt",
        &p(logs),
        "--geoip",
        &p(&org.join("geoip/ip-country.csv")),
        "--users",
        &p(users),
        "--outside",
        "JP",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    String::from_utf8(o.stdout).unwrap()
}

fn investigate(
    org: &Path,
    metadata: &Path,
    export: &Path,
    logs: &Path,
    discovered: &str,
    out: &Path,
    extra: &[&str],
) -> Value {
    let owned = [
        p(metadata),
        p(export),
        p(logs),
        p(&org.join("history")),
        p(&org.join("geoip/ip-country.csv")),
        p(out),
    ];
    let mut args = vec![
        "investigate",
        "--metadata",
        &owned[0],
        "--export",
        &owned[1],
        "--logs",
        &owned[2],
        "--history",
        &owned[3],
        "--geoip",
        &owned[4],
        "--discovered",
        discovered,
        "--out",
        &owned[5],
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = run_with_token(&args);
    assert!(o.status.success(), "{}", text(&o));
    serde_json::from_slice(&std::fs::read(out.join("incident.json")).unwrap()).unwrap()
}

/// Drops what names the input files (their paths, lines and hashes differ by construction:
/// the synth org's metadata is in the source layout, a retrieve's in the mdapi layout).
pub(super) fn without_inputs(mut v: Value, dirs: &[&Path]) -> String {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(o) => {
                for k in ["inputs", "span", "file", "line"] {
                    o.remove(k);
                }
                o.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    let mut s = serde_json::to_string_pretty(&v).unwrap();
    for d in dirs {
        s = s.replace(&p(d), "<DIR>");
    }
    s
}

pub(super) fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out
}

pub(super) fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn collected_seed_org_gives_the_same_hunt_and_incident_and_never_leaks_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let (org, truth) = seed_org(dir.path());
    let cfg = Config {
        token: CANARY.into(),
        page_size: 6,
        faults: vec![
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
                path_contains: "0AT5j0000000007AAA/LogFile".into(),
                kind: FaultKind::Truncate,
                times: 1,
            },
        ],
        ..Config::default()
    };
    let fake = FakeOrg::start(&org, cfg).unwrap();
    let ev = dir.path().join("evidence");
    let o = collect(
        &fake,
        &ev,
        &[
            "--objects",
            "Balance_Transfer_Application__c,Profile",
            "--bulk-page",
            "40000",
            "--jobs",
            "3",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("LoginEvent is not in this org"), "{stderr}");
    assert!(
        stderr.contains("manifest:") && stderr.contains("sha256"),
        "{stderr}"
    );
    let reqs = fake.requests();
    assert!(reqs.iter().filter(|r| r.contains("/query/01g")).count() >= 2);
    assert!(reqs.iter().filter(|r| r.contains("locator=")).count() >= 2);

    // The canary: not in stdout, stderr, the manifest or any file (the metadata retrieve,
    // whose SOAP envelope carries the session, included).
    assert!(ev.join("metadata/package.xml").is_file());
    assert!(reqs.iter().any(|r| r.starts_with("POST /services/Soap/m/")));
    assert!(!contains(&o.stdout, CANARY) && !contains(&o.stderr, CANARY));
    for (path, bytes) in files(&ev) {
        assert!(!contains(&bytes, CANARY), "token in {}", path.display());
    }

    // hunt: the same records, IPs and countries from the collected folder.
    let want = hunt(&org.join("logs"), &org.join("export/User.csv"), &org);
    let got = hunt(&ev.join("logs"), &ev.join("export/User.csv"), &org);
    assert!(want.lines().count() > 100, "{want}");
    assert_eq!(got, want);

    // investigate: the same incident from the collected metadata, logs, audit trail, users and
    // records. The synth org's audit trail is the Setup download (month-first dates in the
    // org's zone: `--audit-locale en_US`); the collected one has UTC dates and needs nothing.
    let discovered = truth["discovered"].as_str().unwrap();
    let a = investigate(
        &org,
        &org.join("metadata"),
        &org.join("export"),
        &org.join("logs"),
        discovered,
        &dir.path().join("inc-org"),
        &["--audit-locale", "en_US"],
    );
    let b = investigate(
        &org,
        &ev.join("metadata"),
        &ev.join("export"),
        &ev.join("logs"),
        discovered,
        &dir.path().join("inc-collected"),
        &[],
    );
    assert_eq!(a["exposed"]["records"], 89_141);
    assert!(
        a["window"]["end"]["detail"]
            .as_str()
            .unwrap()
            .contains("corroborated by the audit trail"),
        "{}",
        a["window"]
    );
    // Everything matches, the window and the coverage included.
    assert_eq!(
        without_inputs(b.clone(), &[&ev, &org]),
        without_inputs(a.clone(), &[&org, &ev])
    );

    // verify: clean, then a changed byte and a missing file are caught.
    let v = run_with_token(&["verify", &p(&ev)]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    let profile = ev.join("export/Profile.csv");
    let mut bytes = std::fs::read(&profile).unwrap();
    bytes[5] ^= 0x20;
    std::fs::remove_file(&profile).unwrap();
    std::fs::write(&profile, bytes).unwrap();
    std::fs::remove_file(ev.join("logs/SetupAuditTrail.csv")).unwrap();
    let v = run_with_token(&["verify", &p(&ev)]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    let out = String::from_utf8_lossy(&v.stdout);
    assert!(out.contains("changed: export/Profile.csv"), "{out}");
    assert!(out.contains("missing: logs/SetupAuditTrail.csv"), "{out}");
}

#[test]
fn an_expired_token_exits_2_with_one_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org");
    std::fs::create_dir_all(org.join("export")).unwrap();
    let fake = FakeOrg::start(
        &org,
        Config {
            token: "00Dsomething-else".into(),
            ..Config::default()
        },
    )
    .unwrap();
    let ev = dir.path().join("evidence");
    let o = collect(&fake, &ev, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("GET /services/oauth2/userinfo: the session expired"),
        "{stderr}"
    );
    assert!(!contains(&o.stderr, CANARY));
    assert!(!ev.exists());
}

#[test]
fn bad_credentials_and_urls_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ev = p(&dir.path().join("evidence"));
    let o = run_with_token(&[
        "collect",
        "--instance-url",
        "http://acme.my.salesforce.com",
        "--out",
        &ev,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("https"),
        "{}",
        text(&o)
    );
    // No token in the environment (support::ajar never passes one on).
    let o = support::run(&[
        "collect",
        "--instance-url",
        "https://x.my.salesforce.com",
        "--out",
        &ev,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("SF_ACCESS_TOKEN"),
        "{}",
        text(&o)
    );
    // A token is never a flag.
    let o = run_with_token(&["collect", "--token", "x", "--out", &ev]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn verify_without_a_manifest_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_with_token(&["verify", &p(dir.path())]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("manifest.json"));
}

/// Strips what names files and lines, for comparing scans of the two layouts of one tree.
fn scan_json(tree: &Path) -> String {
    let o = run_with_token(&["scan", &p(tree), "--format", "json", "--quiet"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", text(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    without_inputs(v, &[tree])
}

#[test]
fn the_retrieved_metadata_scans_like_the_synth_org_and_names_the_records_to_collect() {
    let dir = tempfile::tempdir().unwrap();
    let (org, _) = seed_org(dir.path());
    let cfg = Config {
        token: CANARY.into(),
        faults: vec![Fault {
            path_contains: "/services/Soap/m/".into(),
            kind: FaultKind::Status(500),
            times: 1,
        }],
        ..Config::default()
    };
    let fake = FakeOrg::start(&org, cfg).unwrap();
    let ev = dir.path().join("evidence");
    let o = collect(&fake, &ev, &["--only", "metadata,records"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // The mdapi layout: an object with its fields in one file, no `-meta.xml` on profiles.
    assert!(
        ev.join("metadata/objects/Balance_Transfer_Application__c.object")
            .is_file()
    );
    assert!(
        ev.join("metadata/profiles/Emoney Rescue Profile.profile")
            .is_file()
    );
    let want = scan_json(&org.join("metadata"));
    assert!(want.contains("Balance_Transfer_Application__c"));
    assert_eq!(scan_json(&ev.join("metadata")), want);
    // Without `--objects`: the object scan finds open to the guest, as the Data Export has it.
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr
            .contains("open to a guest in the retrieved metadata: Balance_Transfer_Application__c"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(ev.join("export/Balance_Transfer_Application__c.csv")).unwrap(),
        std::fs::read(org.join("export/Balance_Transfer_Application__c.csv")).unwrap()
    );
    assert!(!contains(&o.stdout, CANARY) && !contains(&o.stderr, CANARY));
    for (path, bytes) in files(&ev) {
        assert!(!contains(&bytes, CANARY), "token in {}", path.display());
    }
    let v = run_with_token(&["verify", &p(&ev)]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
}
