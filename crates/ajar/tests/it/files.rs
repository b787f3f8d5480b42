//! Files (issue #8): outputs are written atomically (temporary file in the same folder, then a
//! rename), personal-data files are 0600 even under `umask 000`, no output is written through a
//! symlink, and no input tree is followed out through a symlink.

use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{self, args};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ajar-analyze/tests/fixtures/GUEST-002/fires")
}

/// Runs ajar under `umask 000`, so that only ajar's own choice of modes protects a file.
fn ajar_umask0<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    support::ajar_through("sh", &["-c", "umask 000; exec \"$@\"", "sh"])
        .args(args)
        .output()
        .unwrap()
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn ok(what: &str, o: &Output) {
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{what}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn no_temp_files(dir: &Path) {
    for name in support::tree(dir).into_keys() {
        assert!(
            !name.ends_with(".tmp"),
            "temporary file left behind: {name}"
        );
    }
}

fn synth(dir: &Path) -> PathBuf {
    let org = dir.join("org");
    let o = ajar_umask0(args!(
        "--quiet",
        "synth",
        "--scenario",
        "small",
        "--seed",
        "9",
        "--scale",
        "0.02",
        "--out",
        org.as_os_str()
    ));
    ok("synth", &o);
    org
}

fn hunt_json(org: &Path, output: &Path) -> Output {
    let output = output.to_str().unwrap();
    ajar_umask0(&support::hunt_org(
        org,
        &["--format", "json", "--output", output],
    ))
}

fn investigate(org: &Path, hunt: &Path, out: &Path) -> Output {
    ajar_umask0(args!(
        "investigate",
        "--metadata",
        org.join("metadata").as_os_str(),
        "--export",
        org.join("export").as_os_str(),
        "--hunt-report",
        hunt.as_os_str(),
        "--discovered",
        "2026-01-05",
        "--as-of-now",
        "2026-01-05",
        "--out",
        out.as_os_str()
    ))
}

#[test]
fn personal_files_are_0600_and_nothing_is_world_writable_under_umask_000() {
    let tmp = tempfile::tempdir().unwrap();
    let org = synth(tmp.path());
    // synth's org is synthetic, so it follows the umask like any tool's output; only files
    // that hold real people's data are held to 0600 below.
    // scan's report holds no personal data: readable, not writable by others.
    let report = tmp.path().join("scan.json");
    let o = ajar_umask0(args!(
        "scan",
        fixture().as_os_str(),
        "--format",
        "json",
        "--output",
        report.as_os_str()
    ));
    ok("scan", &o);
    assert_eq!(
        mode(&report) & 0o022,
        0,
        "scan.json mode {:o}",
        mode(&report)
    );

    // hunt's report holds IPs and user IDs: 0600.
    let hunt = tmp.path().join("hunt.json");
    ok("hunt", &hunt_json(&org, &hunt));
    assert_eq!(mode(&hunt), 0o600, "hunt.json");

    // investigate: the notification list is 0600, no file is world-writable, no temp left.
    let out = tmp.path().join("inv");
    ok("investigate", &investigate(&org, &hunt, &out));
    assert_eq!(mode(&out.join("notification_list.csv")), 0o600);
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        assert_eq!(mode(&p) & 0o022, 0, "{} mode {:o}", p.display(), mode(&p));
    }
    no_temp_files(&out);

    // The emitted tables hold IPs, user and record IDs: every file 0600, no temp left.
    for format in ["parquet", "jsonl"] {
        let lake = tmp.path().join(format!("lake-{format}"));
        let o = ajar_umask0(args!(
            "hunt",
            org.join("logs").as_os_str(),
            "--locale",
            "en_US",
            "--emit",
            format,
            lake.as_os_str()
        ));
        ok("hunt --emit", &o);
        let files = support::tree(&lake);
        assert!(!files.is_empty());
        for name in files.keys() {
            let m = mode(&lake.join(name));
            assert_eq!(m, 0o600, "hunt --emit {format}: {name} mode {m:o}");
        }
        no_temp_files(&lake);
    }

    // baseline: no personal data, not writable by others, written by rename.
    let base = tmp.path().join("baseline.json");
    let o = ajar_umask0(args!(
        "baseline",
        fixture().as_os_str(),
        "--output",
        base.as_os_str()
    ));
    ok("baseline", &o);
    assert_eq!(mode(&base) & 0o022, 0, "baseline mode {:o}", mode(&base));
    no_temp_files(tmp.path());
}

#[test]
fn outputs_replace_files_by_rename_not_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report.json");
    std::fs::write(&report, b"old").unwrap();
    // A hard link shares the inode: an in-place write would change what it shows.
    let witness = tmp.path().join("witness");
    std::fs::hard_link(&report, &witness).unwrap();
    let before = std::fs::metadata(&report).unwrap().ino();
    let o = ajar_umask0(args!(
        "scan",
        fixture().as_os_str(),
        "--format",
        "json",
        "--output",
        report.as_os_str()
    ));
    ok("scan", &o);
    assert_eq!(std::fs::read(&witness).unwrap(), b"old");
    assert_ne!(std::fs::metadata(&report).unwrap().ino(), before);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("ajar.scan/1")
    );
    no_temp_files(tmp.path());
}

#[test]
fn refuses_to_write_through_a_symlink() {
    let tmp = tempfile::tempdir().unwrap();
    let victim = tmp.path().join("victim");
    std::fs::write(&victim, b"keep").unwrap();

    let link = tmp.path().join("scan.json");
    symlink(&victim, &link).unwrap();
    let o = ajar_umask0(args!(
        "scan",
        fixture().as_os_str(),
        "--format",
        "json",
        "--output",
        link.as_os_str()
    ));
    assert_eq!(o.status.code(), Some(2), "scan through a symlink");
    assert!(String::from_utf8_lossy(&o.stderr).contains("symlink"));
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep");

    let org = synth(tmp.path());
    let hunt_link = tmp.path().join("hunt.json");
    symlink(&victim, &hunt_link).unwrap();
    let o = hunt_json(&org, &hunt_link);
    assert_eq!(o.status.code(), Some(2), "hunt through a symlink");
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep");

    // investigate: a planted symlink where the notification list goes.
    let hunt = tmp.path().join("hunt-real.json");
    ok("hunt", &hunt_json(&org, &hunt));
    let out = tmp.path().join("inv");
    std::fs::create_dir(&out).unwrap();
    symlink(&victim, out.join("notification_list.csv")).unwrap();
    let o = investigate(&org, &hunt, &out);
    assert_eq!(o.status.code(), Some(2), "investigate through a symlink");
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
}

#[test]
fn input_trees_are_not_followed_out_through_symlinks() {
    let tmp = tempfile::tempdir().unwrap();
    // Outside the tree: a file that would fail the scan if it were read.
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(outside.join("profiles")).unwrap();
    let bad = outside.join("profiles/Evil.profile-meta.xml");
    std::fs::write(&bad, "<Profile><broken></Profile>").unwrap();
    std::fs::write(
        outside.join("Evil.cls"),
        "public class Evil { String s = 'unclosed",
    )
    .unwrap();

    let tree = tmp.path().join("tree");
    copy_dir(&fixture(), &tree);
    // A symlinked file, a symlinked directory, and a link to the tree's own parent.
    symlink(&bad, tree.join("profiles/Evil.profile-meta.xml")).unwrap();
    symlink(outside.join("profiles"), tree.join("moreprofiles")).unwrap();
    std::fs::create_dir_all(tree.join("classes")).unwrap();
    symlink(outside.join("Evil.cls"), tree.join("classes/Evil.cls")).unwrap();
    symlink(tmp.path(), tree.join("loop")).unwrap();

    let o = ajar_umask0(args!(
        "scan",
        tree.as_os_str(),
        "--as-of",
        "2026-01-01",
        "--format",
        "json"
    ));
    ok("scan with symlinks", &o);
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(!report.contains("Evil"), "a symlinked file was read");

    // A Data Export folder with a symlinked object file pointing outside.
    let org = synth(tmp.path());
    let hunt = tmp.path().join("hunt.json");
    ok("hunt", &hunt_json(&org, &hunt));
    // A second export folder whose object file is a symlink to a file that is not an export:
    // read, it would fail the run; skipped, the folder still holds one real file.
    std::fs::write(outside.join("bad.csv"), "\"not an export\n").unwrap();
    let export2 = tmp.path().join("export2");
    std::fs::create_dir(&export2).unwrap();
    std::fs::copy(org.join("export/Profile.csv"), export2.join("Profile.csv")).unwrap();
    symlink(
        outside.join("bad.csv"),
        export2.join("Balance_Transfer_Application__c.csv"),
    )
    .unwrap();
    let o = ajar_umask0(args!(
        "investigate",
        "--metadata",
        org.join("metadata").as_os_str(),
        "--export",
        org.join("export").as_os_str(),
        export2.as_os_str(),
        "--hunt-report",
        hunt.as_os_str(),
        "--discovered",
        "2026-01-05",
        "--out",
        tmp.path().join("inv").as_os_str()
    ));
    ok("investigate with a symlinked export file", &o);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}
