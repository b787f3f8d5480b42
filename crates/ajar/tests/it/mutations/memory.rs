//! Memory bounds (issue #15, class 12): sparse multi-GB inputs, peak RSS under 256 MiB.

use super::*;

/// Issue #15, class 12: a multi-GB single-line export (a sparse file: no disk used) stops at the
/// documented per-row cap, exit 2 naming the file and row, with peak RSS under 256 MiB.
#[cfg(target_os = "linux")]
#[test]
fn issue15_c12_a_huge_export_row_stays_in_bounded_memory() {
    let org = org();
    let work = tempfile::tempdir().unwrap();
    let copy = work.path().join("org");
    copy_tree(&org.root, &copy);
    let bta = copy.join(BTA);
    let header = records(&bta)[0].clone();
    write_records(&bta, &[header]);
    let f = std::fs::OpenOptions::new().write(true).open(&bta).unwrap();
    f.set_len(3 << 30).unwrap();
    drop(f);
    let out = work.path().join("out");
    let (code, stderr, peak_kib) = peak_rss(&s(&[
        "investigate",
        "--metadata",
        p(&copy.join("metadata")),
        "--export",
        p(&copy.join("export")),
        "--discovered",
        "2022-10-28",
        "--out",
        p(&out),
    ]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("over 32 MiB"), "{stderr}");
    assert!(peak_kib < 256 * 1024, "peak RSS {peak_kib} KiB");
    assert!(!out.join("incident.json").exists());
}

/// Runs ajar with `args`, sampling its peak RSS (`VmHWM`): exit code, stderr (words joined by
/// single spaces) and the peak in KiB.
#[cfg(target_os = "linux")]
fn peak_rss(args: &[String]) -> (Option<i32>, String, u64) {
    let mut child = crate::support::ajar()
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    let code = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st.code();
        }
        if let Ok(text) = std::fs::read_to_string(&status) {
            for l in text.lines().filter(|l| l.starts_with("VmHWM:")) {
                let kib: u64 = l.split_whitespace().nth(1).unwrap().parse().unwrap();
                peak_kib = peak_kib.max(kib);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let stderr = stderr
        .split_whitespace()
        .filter(|w| !matches!(*w, "|" | "│"))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(peak_kib > 0, "no RSS sample");
    (code, stderr, peak_kib)
}

/// Writes `head`, then grows the file to `len` bytes without using disk (a sparse file: the
/// rest reads as zero bytes, one endless line).
fn sparse(path: &Path, head: &[u8], len: u64) {
    write(path, head);
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.set_len(len).unwrap();
}

/// Issue #15, class 12: a 2 GiB single-line CSV log stops at the per-row cap: the rows before
/// it are used, the file is partial, and memory stays bounded.
#[cfg(target_os = "linux")]
#[test]
fn issue15_c12_a_huge_csv_log_line_stays_in_bounded_memory() {
    let work = tempfile::tempdir().unwrap();
    let logs = work.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let org = org();
    let uri = lines(&org.root.join(DAY).join("URI.csv"));
    let head = format!("{}\n{}\n", uri[0], uri[1]);
    sparse(&logs.join("URI.csv"), head.as_bytes(), 2 << 30);
    let report = work.path().join("hunt.json");
    let (code, stderr, peak) = peak_rss(&s(&[
        "hunt",
        p(&logs),
        "--format",
        "json",
        "--output",
        p(&report),
    ]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(peak < 256 * 1024, "peak RSS {peak} KiB");
    let v: Value = serde_json::from_slice(&read(&report)).unwrap();
    let gaps = v["gaps"].as_array().unwrap();
    assert!(gaps.iter().any(|g| g["kind"] == "partial-file"), "{gaps:?}");
    assert_eq!(v["coverage"][0]["rows"], 1);
}

/// Issue #15, class 12: the Setup Audit Trail, a GeoIP CSV and a metadata file, each a sparse
/// multi-GB file: exit 2 naming the file, memory bounded.
#[cfg(target_os = "linux")]
#[test]
fn issue15_c12_huge_audit_geoip_and_metadata_files_stay_in_bounded_memory() {
    let work = tempfile::tempdir().unwrap();
    let org = org();
    // The Setup Audit Trail.
    let logs = work.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let audit = lines(&org.root.join("logs/SetupAuditTrail.csv"));
    sparse(
        &logs.join("SetupAuditTrail.csv"),
        format!("{}\n", audit[0]).as_bytes(),
        2 << 30,
    );
    let (code, stderr, peak) = peak_rss(&s(&["hunt", p(&logs)]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("SetupAuditTrail.csv") && stderr.contains("32 MiB"),
        "{stderr}"
    );
    assert!(peak < 256 * 1024, "audit trail: peak RSS {peak} KiB");
    // A GeoIP CSV.
    let geo = work.path().join("geo.csv");
    sparse(&geo, b"10.0.0.0,10.0.0.255,JP\n", 2 << 30);
    let (code, stderr, peak) = peak_rss(&s(&["hunt", p(&org.root.join(DAY)), "--geoip", p(&geo)]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("geo.csv:2") && stderr.contains("32 MiB"),
        "{stderr}"
    );
    assert!(peak < 256 * 1024, "geoip: peak RSS {peak} KiB");
    // A metadata file.
    let meta = work.path().join("metadata");
    copy_tree(&org.root.join("metadata"), &meta);
    let profile = std::fs::read_dir(meta.join("force-app/main/default/profiles"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&profile)
        .unwrap();
    f.set_len(2 << 30).unwrap();
    drop(f);
    let (code, stderr, peak) = peak_rss(&s(&["scan", p(&meta)]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("profile-meta.xml") && stderr.contains("128 MiB"),
        "{stderr}"
    );
    assert!(peak < 256 * 1024, "metadata: peak RSS {peak} KiB");
}
