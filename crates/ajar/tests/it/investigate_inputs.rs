//! `ajar investigate` on inputs other than a whole generated org: redaction, an export without
//! IDs, a finished hunt report instead of logs, and a Shift_JIS export in two zips (issue #7).

use serde_json::Value;

use crate::investigate::{check_against_truth, investigate, org, p, with_history};
use crate::support::{ok, run, tree};

#[test]
fn redact_keeps_personal_data_out_of_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let (org, truth) = org(dir.path(), "small", 9, "0.01");
    let out = dir.path().join("out");
    investigate(&org, &out, &truth, &["--redact"]);
    let export = std::fs::read_to_string(
        org.join("export")
            .join(format!("{}.csv", truth["object"].as_str().unwrap())),
    )
    .unwrap();
    let mut rows = csv::Reader::from_reader(export.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = header
        .iter()
        .position(|h| h == "Broken_Device_Phone__c")
        .unwrap();
    let phones: Vec<String> = rows
        .records()
        .take(50)
        .map(|r| r.unwrap()[col].to_owned())
        .filter(|v| !v.is_empty())
        .collect();
    assert!(!phones.is_empty());
    for (name, bytes) in tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for phone in &phones {
            assert!(
                !text.contains(phone.as_str()),
                "{name} holds a phone number"
            );
        }
    }
}

#[test]
fn an_export_without_id_is_refused_naming_the_file_not_values() {
    let dir = tempfile::tempdir().unwrap();
    let (org, truth) = org(dir.path(), "small", 3, "0.01");
    let object = truth["object"].as_str().unwrap();
    let path = org.join("export").join(format!("{object}.csv"));
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("\"Id\"", "\"Identifier\"", 1);
    std::fs::write(&path, broken).unwrap();
    let out = run(&[
        "investigate",
        "--metadata",
        p(&org.join("metadata")),
        "--export",
        p(&org.join("export")),
        "--out",
        p(&dir.path().join("out")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{object}.csv")) && err.contains("`Id`"),
        "{err}"
    );
    let second_line = text.lines().nth(1).unwrap();
    let name_value = second_line.split("\",\"").nth(3).unwrap();
    assert!(!err.contains(name_value), "{err}");
}

/// A hunt report for `ids`, as `ajar hunt --format json` writes it.
fn hunt_report(ids: &[&str], extra_outside: &str) -> Value {
    let read = |id: &str, outcome: &str, country: &str| {
        serde_json::json!({
            "record_id": id, "outcome": outcome, "principal_kind": "guest",
            "first_seen": "2020-11-20T01:02:03Z", "last_seen": "2020-11-21T01:02:03Z",
            "events": 2, "ips": ["175.16.199.7"], "countries": [country]
        })
    };
    let mut accessed: Vec<Value> = ids.iter().map(|id| read(id, "read", "CN")).collect();
    accessed.push(read(extra_outside, "read", "US"));
    accessed.push(read(ids[0], "attempt", "DE"));
    serde_json::json!({
        "schema": "ajar.hunt/1", "tool_version": "0",
        "coverage": [{"event_type": "URI", "first": "2020-10-28", "last": "2020-11-26",
                      "files": 30, "rows": 1000, "missing_days": [], "partial": false}],
        "gaps": [], "accessed": accessed,
        "ips": [{"ip": "175.16.199.7", "country": "CN", "records_read": ids.len(), "attempts": 0,
                 "first": "2020-11-20T01:02:03Z", "last": "2020-11-21T01:02:03Z", "user_agents": []}],
        "skipped": {"rows": 0, "files": 0, "details": []}, "audit": []
    })
}

#[test]
fn confirmed_set_from_a_hunt_report() {
    let dir = tempfile::tempdir().unwrap();
    let (org, truth) = org(dir.path(), "small", 17, "0.01");
    let ids: Vec<&str> = truth["confirmed_abroad_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    // A valid ID of the object that is in no export row: a path the model missed.
    let missed = format!("{}5j00000ZZZZZ", truth["key_prefix"].as_str().unwrap());
    let report = dir.path().join("hunt.json");
    std::fs::write(&report, hunt_report(&ids, &missed).to_string()).unwrap();
    let mut extra = with_history(&org);
    extra.extend(["--hunt-report", p(&report).to_owned().leak()]);
    let inc = investigate(&org, &dir.path().join("out"), &truth, &extra);
    check_against_truth(&inc, &truth);
    let c = &inc["confirmed"];
    assert_eq!(c["known"], true);
    assert_eq!(c["records"], ids.len());
    assert_eq!(c["by_country"]["CN"], ids.len());
    assert_eq!(c["outside_exposed_set"], 1);
    // Issue #14: a hunt report holds no request-level evidence: every read stays a third
    // party's, and the reason says so.
    assert_eq!(c["self_service"]["records"], 0);
    assert!(
        c["attribution"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("no request-level evidence"),
        "{}",
        c["attribution"]
    );
    assert!(
        c["by_country"].get("DE").is_none(),
        "an attempt is not a read"
    );
    // Logs cover 30 days of a years-long window: the rest cannot be excluded.
    let gaps = inc["coverage"]["gaps"].as_array().unwrap();
    assert!(gaps.iter().any(|g| g["kind"] == "window-without-logs"));
    let e3 = inc["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["jurisdiction"] == "JP-APPI")
        .unwrap()["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "APPI-E3")
        .unwrap()
        .clone();
    assert_eq!(e3["applies"], "needs_review");
}

#[test]
fn a_shift_jis_export_in_two_zips_gives_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org");
    ok(&run(&[
        "synth",
        "--scenario",
        "small",
        "--seed",
        "29",
        "--scale",
        "0.01",
        "--encoding",
        "shift_jis",
        "--out",
        p(&org),
        "--quiet",
    ]));
    let truth: Value =
        serde_json::from_slice(&std::fs::read(org.join("truth/truth.json")).unwrap()).unwrap();
    std::fs::rename(org.join("truth"), dir.path().join("held")).unwrap();
    // Split the application object over two zips, as large exports are (rows merge by Id).
    let object = format!("{}.csv", truth["object"].as_str().unwrap());
    let bytes = std::fs::read(org.join("export").join(&object)).unwrap();
    let text_end = bytes.iter().rposition(|b| *b == b'\n').unwrap();
    let lines: Vec<&[u8]> = bytes[..text_end].split(|b| *b == b'\n').collect();
    let (header, rows) = lines.split_first().unwrap();
    let half = rows.len() / 2;
    let part = |rows: &[&[u8]]| {
        let mut v = header.to_vec();
        for r in rows {
            v.push(b'\n');
            v.extend_from_slice(r);
        }
        v.push(b'\n');
        v
    };
    let zips = dir.path().join("zips");
    std::fs::create_dir(&zips).unwrap();
    let write_zip = |name: &str, files: Vec<(String, Vec<u8>)>| {
        let mut z = zip::ZipWriter::new(std::fs::File::create(zips.join(name)).unwrap());
        for (n, b) in files {
            z.start_file(n, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut z, &b).unwrap();
        }
        z.finish().unwrap();
    };
    let mut first = vec![(object.clone(), part(&rows[..half + 10]))];
    for e in std::fs::read_dir(org.join("export")).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if name != object {
            first.push((name, std::fs::read(e.path()).unwrap()));
        }
    }
    write_zip("WE_00D_1.ZIP", first);
    write_zip("WE_00D_2.ZIP", vec![(object.clone(), part(&rows[half..]))]);
    let out = dir.path().join("out");
    let o = run(&[
        "investigate",
        "--metadata",
        p(&org.join("metadata")),
        "--export",
        p(&zips.join("WE_00D_1.ZIP")),
        p(&zips.join("WE_00D_2.ZIP")),
        "--export-encoding",
        "cp932",
        "--history",
        p(&org.join("history")),
        "--discovered",
        truth["discovered"].as_str().unwrap(),
        "--out",
        p(&out),
    ]);
    ok(&o);
    let inc: Value =
        serde_json::from_slice(&std::fs::read(out.join("incident.json")).unwrap()).unwrap();
    check_against_truth(&inc, &truth);
    // Names survive the round trip into the notification list.
    let list = std::fs::read_to_string(out.join("notification_list.csv")).unwrap();
    assert!(
        list.lines()
            .nth(1)
            .unwrap()
            .chars()
            .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
    );
    // Read as UTF-8, the same export is refused with advice, not garbled.
    let bad = run(&[
        "investigate",
        "--metadata",
        p(&org.join("metadata")),
        "--export",
        p(&zips.join("WE_00D_1.ZIP")),
        "--out",
        p(&dir.path().join("bad")),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cp932"));
}
