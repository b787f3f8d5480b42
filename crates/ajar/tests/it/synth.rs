//! Issue #4: `ajar synth` from the command line: what it writes, its summary, and exit code 2
//! with a clear message for every bad `--out`, `--scale` and `--scenario`.

use std::path::Path;
use std::process::Output;

use crate::support::{ajar, run};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn small(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "synth",
        "--scenario",
        "small",
        "--seed",
        "4",
        "--scale",
        "0.02",
        "--out",
    ];
    let out = out.to_str().unwrap();
    args.push(out);
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn writes_the_tree_and_one_summary_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("org");
    let o = small(&out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("synth: wrote ") && err.contains(" files, ") && err.contains(" s; "),
        "{err}"
    );
    for dir in ["metadata", "history", "logs", "geoip", "export", "truth"] {
        assert!(out.join(dir).is_dir(), "{dir}");
    }
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("truth/truth.json")).unwrap()).unwrap();
    assert_eq!(truth["scenario"], "small");
    assert_eq!(truth["seed"], 4);
    assert!(
        err.contains(&format!(
            "{} exposed applications",
            truth["exposed_records"]
        )),
        "{err}"
    );
}

#[test]
fn quiet_prints_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    // An existing empty directory is accepted.
    let out = tmp.path().join("empty");
    std::fs::create_dir(&out).unwrap();
    let o = small(&out, &["--quiet", "--encoding", "shift_jis"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty() && o.stdout.is_empty());
    let truth = std::fs::read_to_string(out.join("truth/truth.json")).unwrap();
    assert!(truth.contains("\"encoding\": \"shift_jis\""));
}

#[test]
fn non_empty_out_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("keep.txt"), b"keep").unwrap();
    let o = small(tmp.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("output directory is not empty"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(tmp.path().join("keep.txt")).unwrap(), b"keep");
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing written"
    );
}

#[test]
fn missing_parent_and_file_out_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let o = small(&tmp.path().join("no/such/dir"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("parent directory does not exist"),
        "{}",
        stderr(&o)
    );
    let file = tmp.path().join("file");
    std::fs::write(&file, b"x").unwrap();
    let o = small(&file, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a directory"), "{}", stderr(&o));
}

#[test]
fn unwritable_out_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let ro = tmp.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores directory permissions: a read-only file system is what fails then.
    let target = if std::fs::write(ro.join("probe"), b"").is_ok() {
        Path::new("/proc/ajar-synth-test").to_path_buf()
    } else {
        ro.join("org")
    };
    let o = small(&target, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(target.to_str().unwrap()),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_scale_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for scale in ["0", "-1", "NaN", "inf", "abc"] {
        let out = tmp.path().join(format!("o{scale}"));
        let o = run(&[
            "synth",
            "--scenario",
            "small",
            "--scale",
            scale,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "--scale {scale}");
        assert!(
            stderr(&o).contains("--scale"),
            "--scale {scale}: {}",
            stderr(&o)
        );
        assert!(!out.exists(), "--scale {scale} wrote something");
    }
}

#[test]
fn unknown_scenario_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let o = run(&[
        "synth",
        "--scenario",
        "huge",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("invalid value 'huge'") && err.contains("seed, small"),
        "{err}"
    );
}

#[test]
fn help_has_an_example() {
    let o = run(&["synth", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("ajar synth --scenario seed --out seed-org"),
        "{help}"
    );
    for flag in ["--scenario", "--out", "--seed", "--scale", "--encoding"] {
        assert!(help.contains(flag), "{flag}");
    }
}

#[test]
fn help_snapshot() {
    insta_cmd::assert_cmd_snapshot!(ajar().args(["synth", "--help"]));
}

/// The planted facts of one small org, pinned: any change to what synth writes shows up here
/// for review (other commands' tests depend on these files).
#[test]
fn small_truth_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("org");
    let o = small(&out, &["--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("truth/truth.json")).unwrap()).unwrap();
    insta::assert_json_snapshot!(truth);
}
