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
    let mut child = Command::new(env!("CARGO_BIN_EXE_ajar"))
        .args(s(&[
            "investigate",
            "--metadata",
            p(&copy.join("metadata")),
            "--export",
            p(&copy.join("export")),
            "--discovered",
            "2022-10-28",
            "--out",
            p(&out),
        ]))
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
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("over 32 MiB"), "{stderr}");
    assert!(peak_kib > 0, "no RSS sample");
    assert!(peak_kib < 256 * 1024, "peak RSS {peak_kib} KiB");
    assert!(!out.join("incident.json").exists());
}
