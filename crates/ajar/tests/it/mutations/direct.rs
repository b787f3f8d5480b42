//! Class tests that look past the figures: the drafts' wording, the output folder's lock and
//! the outputs' modes.

use super::*;

/// Issue #15, class 3: coverage is per event type and per day; the drafts quote only the
/// covered days, whatever one stray row says.
#[test]
fn issue15_c3_drafts_quote_only_covered_days() {
    let org = org();
    let work = tempfile::tempdir().unwrap();
    let copy = work.path().join("org");
    copy_tree(&org.root, &copy);
    stray_row(&copy.join(DAY).join("URI.csv"));
    let out = work.path().join("out");
    let (o, inc) = investigate(&copy, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let inc = inc.unwrap();
    let cov = &inc["coverage"];
    assert_eq!(cov["first"], "2022-10-01");
    assert_eq!(
        cov["covered"],
        serde_json::json!([{"from": "2022-10-01", "to": "2022-10-30"}])
    );
    let uri = cov["by_event_type"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["event_type"] == "URI")
        .unwrap();
    assert_eq!(uri["stray_rows"], 1);
    assert_eq!(
        uri["uncovered"],
        serde_json::json!([{"from": "2019-03-20", "to": "2022-09-30"}])
    );
    for name in ["public_notice.en.md", "regulator_report.en.md"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(!text.contains("2020-10-01"), "{name}");
        assert!(text.contains("2022-10-01 to 2022-10-30"), "{name}");
    }
    let ja = std::fs::read_to_string(out.join("public_notice.ja.md")).unwrap();
    assert!(!ja.contains("2020年10月1日"));
}

/// Issue #15, class 11: a run holds a lock on its `--out` folder while it writes; a second run
/// on the same folder stops with exit 2 naming the folder and the lock, and writes nothing.
#[test]
fn issue15_c11_a_locked_out_folder_is_refused() {
    let org = org();
    assert!(
        !org.base_dir.join(".ajar.lock").exists(),
        "the lock outlived the run"
    );
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    lock_folder_at(&out);
    let (o, inc) = investigate(&org.root, &out, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(".ajar.lock") && stderr.contains("out"),
        "{stderr}"
    );
    assert!(inc.is_none());
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    assert!(
        out.join(".ajar.lock").exists(),
        "another run's lock was removed"
    );
}

/// Issue #15, class 14: `incident.json` lists client IPs: 0600, as `hunt` writes them.
#[cfg(unix)]
#[test]
fn issue15_c14_incident_json_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let org = org();
    for name in ["incident.json", "report.html", "notification_list.csv"] {
        let mode = std::fs::metadata(org.base_dir.join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
}
