//! `ajar hunt` on small hand-written logs (issue #6): the text and JSON reports, rows joined to
//! guest requests, truncated and malformed inputs, and errors that never quote a value.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::ajar;

const ELF: &str = "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"USER_TYPE\",\"CLIENT_IP\",\"URI\",\"REQUEST_STATUS\",\"TIMESTAMP_DERIVED\"\n\
\"URI\",\"20201120050707.128\",\"r1\",\"Guest\",\"81.2.69.142\",\"/s/detail/a0B5g00000XyZab\",\"S\",\"2020-11-20T05:07:07.128Z\"\n\
\"URI\",\"20201122050708\",\"r2\",\"G\",\"2001:218::1\",\"/s/detail/a0B5g00000XyZabEAF\",\"S\",\"\"\n\
\"URI\",\"20201122050709\",\"r3\",\"Guest\",\"81.2.69.150\",\"/s/detail/a0B5g00000XyZac\",\"N\",\"\"\n\
\"URI\",\"20201122050710\",\"r4\",\"Standard\",\"Salesforce.com IP\",\"/a0B5g00000XyZad\",\"S\",\"\"\n";

const GEO: &str = "start,end,country\n81.2.69.142,81.2.69.143,GB\n81.2.69.144,81.2.69.159,GB\n2001:218::,2001:218:ffff:ffff:ffff:ffff:ffff:ffff,JP\n";

fn fixture(dir: &Path) -> (PathBuf, PathBuf) {
    let logs = dir.join("logs");
    std::fs::create_dir_all(logs.join("2020-11-20")).unwrap();
    std::fs::write(logs.join("2020-11-20/URI.csv"), ELF).unwrap();
    std::fs::write(logs.join("notes.txt"), "not a log\n").unwrap();
    let geo = dir.join("ip.csv");
    std::fs::write(&geo, GEO).unwrap();
    (logs, geo)
}

#[test]
fn text_summary_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let (logs, geo) = fixture(dir.path());
    let out = ajar()
        .current_dir(dir.path())
        .args([
            "hunt",
            "logs",
            "--geoip",
            "ip.csv",
            "--key-prefix",
            "a0B=Balance_Transfer_Application__c",
        ])
        .output()
        .unwrap();
    let _ = (logs, geo);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn json_report_is_ajar_hunt_1() {
    let dir = tempfile::tempdir().unwrap();
    let (logs, geo) = fixture(dir.path());
    let out_file = dir.path().join("hunt.json");
    let st = ajar()
        .args(["--quiet", "hunt"])
        .arg(&logs)
        .arg("--geoip")
        .arg(&geo)
        .args(["--outside", "JP", "--format", "json", "--output"])
        .arg(&out_file)
        .status()
        .unwrap();
    assert!(st.success());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the report holds IPs and user IDs");
    }
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(v["schema"], "ajar.hunt/1.1");
    let accessed = v["accessed"].as_array().unwrap();
    // The JP read is outside the filter, the internal one is not a guest's: one read, one attempt.
    let got: Vec<(&str, &str)> = accessed
        .iter()
        .map(|a| {
            (
                a["record_id"].as_str().unwrap(),
                a["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("a0B5g00000XyZabEAF", "read"),
            ("a0B5g00000XyZacEAF", "attempt")
        ]
    );
    assert_eq!(accessed[0]["countries"], serde_json::json!(["GB"]));
    assert_eq!(
        v["coverage"][0]["missing_days"],
        serde_json::json!(["2020-11-21"])
    );
    assert_eq!(v["skipped"]["files"], 1);
    assert_eq!(v["geoip"]["database"], "csv");
}

#[test]
fn rows_without_user_type_join_guest_requests() {
    // Trap 25 end to end: an ApexExecution row (no USER_TYPE) naming a record shares its
    // REQUEST_ID with a guest URI row in another file.
    let dir = tempfile::tempdir().unwrap();
    let (logs, _) = fixture(dir.path());
    std::fs::write(
        logs.join("2020-11-20/ApexExecution.csv"),
        "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"URI_ID_DERIVED\",\"CLIENT_IP\"\n\
\"ApexExecution\",\"20201120050707\",\"r1\",\"a0B5g00000XyZae\",\"81.2.69.142\"\n\
\"ApexExecution\",\"20201120050707\",\"r9\",\"a0B5g00000XyZaf\",\"81.2.69.142\"\n",
    )
    .unwrap();
    // And by SESSION_KEY alone (formats.md §2.2): a guest page view in that session.
    std::fs::write(
        logs.join("2020-11-20/ApexSession.csv"),
        "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"SESSION_KEY\",\"URI_ID_DERIVED\",\"CLIENT_IP\"\n\
\"ApexExecution\",\"20201120050708\",\"r5\",\"sk-guest\",\"a0B5g00000XyZag\",\"81.2.69.142\"\n",
    )
    .unwrap();
    std::fs::write(
        logs.join("2020-11-20/GuestSession.csv"),
        "\"EVENT_TYPE\",\"TIMESTAMP\",\"REQUEST_ID\",\"SESSION_KEY\",\"USER_TYPE\",\"URI\",\"REQUEST_STATUS\"\n\
\"URI\",\"20201120050706\",\"r4\",\"sk-guest\",\"Guest\",\"/s/\",\"S\"\n",
    )
    .unwrap();
    let out = ajar()
        .arg("hunt")
        .arg(&logs)
        .args(["--principal", "guest", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("a0B5g00000XyZaeEAF,,read,guest,"), "{csv}");
    assert!(csv.contains("a0B5g00000XyZag"), "joined by session: {csv}");
    assert!(
        !csv.contains("a0B5g00000XyZaf"),
        "no guest request, not the guest's: {csv}"
    );
}

#[test]
fn truncated_gzip_is_an_error_naming_the_file_and_the_rest_counts() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let (logs, _) = fixture(dir.path());
    let mut big = String::from(ELF);
    for i in 0..20_000 {
        big.push_str(&format!(
            "\"URI\",\"20201121050707\",\"x{i}\",\"Guest\",\"81.2.69.142\",\"/s/detail/a0B5g0000{:06}\",\"S\",\"\"\n",
            i
        ));
    }
    let mut enc = flate2_free_gzip(big.as_bytes());
    enc.truncate(enc.len() / 2);
    std::fs::File::create(logs.join("2020-11-21.csv.gz"))
        .unwrap()
        .write_all(&enc)
        .unwrap();
    let out = ajar()
        .arg("hunt")
        .arg(&logs)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("error: logs/2020-11-21.csv.gz: the file ends early"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let uri = v["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["event_type"] == "URI")
        .unwrap();
    assert_eq!(uri["partial"], true);
    assert!(
        uri["rows"].as_u64().unwrap() > 4,
        "rows before the cut are used"
    );
}

/// A gzip stream written with the `gzip` tool, so the test does not need a compression crate.
fn flate2_free_gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = Command::new("gzip")
        .arg("-c")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let data = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out.stdout
}

#[test]
fn bad_inputs_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (logs, _) = fixture(dir.path());
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["hunt".into(), "no/such/dir".into()], "no/such/dir"),
        (
            vec![
                "hunt".into(),
                logs.display().to_string(),
                "--key-prefix".into(),
                "a0B".into(),
            ],
            "expected PREFIX=Object",
        ),
        (
            vec![
                "hunt".into(),
                logs.display().to_string(),
                "--since".into(),
                "yesterday".into(),
            ],
            "is not a date",
        ),
        (
            vec![
                "hunt".into(),
                logs.display().to_string(),
                "--geoip".into(),
                logs.join("notes.txt").display().to_string(),
            ],
            "notes.txt:1: expected `start,end,country`",
        ),
    ];
    for (args, want) in cases {
        let out = ajar().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

#[test]
fn audit_trail_needs_a_locale_and_strict_makes_bad_rows_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let (logs, _) = fixture(dir.path());
    std::fs::write(
        logs.join("SetupAuditTrail.csv"),
        "Date,User,Source Namespace Prefix,Action,Section,Delegate User\n\"11/26/2020, 3:14:07 PM JST\",admin@example.jp,,Deleted sharing rule Guest_Web_Applications,Sharing Rules,\n",
    )
    .unwrap();
    // Without --locale the audit trail is refused (trap 30), the logs are still read.
    let out = ajar()
        .arg("hunt")
        .arg(&logs)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["audit"], serde_json::json!([]));
    assert!(
        v["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["kind"] == "audit-trail-unread")
    );
    let out = ajar()
        .arg("hunt")
        .arg(&logs)
        .args(["--format", "json", "--strict"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // With it, the change is an audit event in UTC.
    let out = ajar()
        .arg("hunt")
        .arg(&logs)
        .args(["--format", "json", "--locale", "en_US"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["audit"][0]["time"], "2020-11-26T06:14:07Z");
    assert_eq!(v["audit"][0]["section"], "Sharing Rules");
}

#[test]
fn errors_never_quote_record_values() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    // A short row holding a planted name and phone number, with --strict.
    let planted = format!("{ELF}\"URI\",\"20201120050707\",\"山田太郎\",\"090-1234-5678\"\n");
    std::fs::write(logs.join("URI.csv"), planted).unwrap();
    std::fs::write(
        logs.join("SetupAuditTrail.csv"),
        "Date,User,Source Namespace Prefix,Action,Section,Delegate User\n\"山田太郎 090-1234-5678\",x,,y,z,\n",
    )
    .unwrap();
    for extra in [
        &["--strict"][..],
        &["--locale", "en_US", "--strict"][..],
        &[][..],
    ] {
        let out = ajar().arg("hunt").arg(&logs).args(extra).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        for secret in ["山田", "090-1234-5678"] {
            assert!(!err.contains(secret), "{extra:?}: {err}");
            assert!(!stdout.contains(secret), "{extra:?}: {stdout}");
        }
    }
}
