//! The bad-input corpus (issue #8): every case in `tests/bad_inputs/cases.tsv` runs through the
//! built binary. Whatever the input, ajar must not panic; a fatal input exits 2 with a message
//! naming the file (and line where there is one) and leaves no `--output`/`--out` behind; an
//! input ajar tolerates (`ok`) exits 0 or 1 and writes its report.
//!
//! Columns of `cases.tsv`: name, command, input, expect (`exit2` | `ok`), a substring stderr must
//! contain (whitespace ignored: miette wraps long lines), and what is wrong. Inputs starting with
//! `@` are generated here at run time (the 10 MB field, the 100k-deep nestings) so the
//! repository stays small.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs")
}

/// A tree that scans cleanly, for the cases whose bad file is a side input.
fn good_tree() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ajar-analyze/tests/fixtures/GUEST-002/fires")
}

struct Case {
    name: String,
    command: String,
    input: String,
    expect: String,
    must: String,
    why: String,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(corpus().join("cases.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 6, "cases.tsv: 6 columns expected in {l:?}");
            Case {
                name: c[0].to_owned(),
                command: c[1].to_owned(),
                input: c[2].to_owned(),
                expect: c[3].to_owned(),
                must: c[4].to_owned(),
                why: c[5].to_owned(),
            }
        })
        .collect()
}

const PROFILE: &str = "profiles/Guest Profile.profile-meta.xml";

/// Writes a generated input into `dir`; returns its path.
fn generate(kind: &str, dir: &Path) -> PathBuf {
    match kind {
        "@deep-json" => {
            let p = dir.join("deep-json.json");
            let mut s = "[".repeat(100_000);
            s.push_str(&"]".repeat(100_000));
            std::fs::write(&p, s).unwrap();
            p
        }
        "@deep-json-log" => {
            let p = dir.join("deep.json");
            let mut s = "[".repeat(100_000);
            s.push_str(&"]".repeat(100_000));
            s.push('\n');
            std::fs::write(&p, s).unwrap();
            p
        }
        "@deep-xml" => {
            let root = dir.join("tree");
            let f = root.join(PROFILE);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            let mut s = String::from(
                "<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<description>",
            );
            s.push_str(&"<a>".repeat(100_000));
            s.push_str(&"</a>".repeat(100_000));
            s.push_str("</description>\n</Profile>\n");
            std::fs::write(&f, s).unwrap();
            root
        }
        "@big-xml" => {
            let root = dir.join("tree");
            let f = root.join(PROFILE);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            let mut s = String::from(
                "<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<userLicense>Guest User License</userLicense>\n<description>",
            );
            s.push_str(&"x".repeat(10 << 20));
            s.push_str("</description>\n</Profile>\n");
            std::fs::write(&f, s).unwrap();
            root
        }
        "@big-csv" => {
            let p = dir.join("big.csv");
            let mut s = String::from("Assignee.Profile.Name,PermissionSet.Name\n\"");
            s.push_str(&"y".repeat(10 << 20));
            s.push_str("\",Registrant\n");
            std::fs::write(&p, s).unwrap();
            p
        }
        other => panic!("unknown generated input {other}"),
    }
}

/// Drops whitespace and miette's frame characters, which it inserts when it wraps a line.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '|' | '│'))
        .collect()
}

/// Runs one case; returns a failure description, or `None`.
fn run(case: &Case) -> Option<String> {
    let tmp = tempfile::tempdir().unwrap();
    let input = if case.input.starts_with('@') {
        generate(&case.input, tmp.path())
    } else {
        corpus().join(&case.input)
    };
    let out_file = tmp.path().join("out/report.json");
    std::fs::create_dir_all(out_file.parent().unwrap()).unwrap();
    let mut cmd = support::ajar();
    let out_dir = tmp.path().join("out/org");
    let written: &Path = match case.command.as_str() {
        "scan" => {
            cmd.arg("scan").arg(&input);
            cmd.args(["--as-of", "2026-01-01", "--format", "json", "--output"]);
            cmd.arg(&out_file);
            &out_file
        }
        "scan-assignments" | "scan-baseline" => {
            let flag = if case.command == "scan-assignments" {
                "--assignments"
            } else {
                "--baseline"
            };
            cmd.arg("scan").arg(good_tree()).arg(flag).arg(&input);
            cmd.args(["--as-of", "2026-01-01", "--format", "json", "--output"]);
            cmd.arg(&out_file);
            &out_file
        }
        "hunt" | "hunt-strict" => {
            cmd.arg("hunt").arg(&input);
            cmd.args(["--locale", "en_US", "--tz", "UTC", "--format", "json"]);
            if case.command == "hunt-strict" {
                cmd.arg("--strict");
            }
            cmd.arg("--output").arg(&out_file);
            &out_file
        }
        "investigate-export" | "investigate-export-cp932" | "investigate-history" => {
            let good_export = corpus().join("investigate/good-export");
            cmd.arg("investigate").arg("--metadata").arg(good_tree());
            if case.command.starts_with("investigate-export") {
                cmd.arg("--export").arg(&input);
                if case.command.ends_with("cp932") {
                    cmd.args(["--export-encoding", "cp932"]);
                }
            } else {
                cmd.arg("--export")
                    .arg(&good_export)
                    .arg("--history")
                    .arg(&input);
            }
            cmd.args(["--discovered", "2026-01-05", "--as-of-now", "2026-01-05"]);
            cmd.arg("--out").arg(&out_dir);
            &out_dir
        }
        "synth" => {
            cmd.args(["synth", "--scenario", "small", "--out"])
                .arg(&out_dir);
            cmd.args(case.input.split(' '));
            &out_dir
        }
        "synth-out" => {
            cmd.args(["synth", "--scenario", "small", "--scale", "0.01", "--out"]);
            cmd.arg(&input);
            &out_dir
        }
        other => return Some(format!("unknown command `{other}` in cases.tsv")),
    };
    let o: Output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    let code = o.status.code();
    let mut fail = String::new();
    if code == Some(101) || stderr.contains("panicked") {
        let _ = write!(fail, "panicked (exit {code:?}): {stderr}");
        return Some(fail);
    }
    match case.expect.as_str() {
        "exit2" => {
            if code != Some(2) {
                let _ = write!(fail, "exit {code:?}, expected 2; ");
            }
            if !squash(&stderr).contains(&squash(&case.must)) {
                let _ = write!(fail, "stderr does not name `{}`; ", case.must);
            }
            if written.exists() {
                let _ = write!(fail, "{} written on a fatal error; ", written.display());
            }
            // Only the report and the parent folder the test made may exist.
            let leftovers = std::fs::read_dir(out_file.parent().unwrap())
                .unwrap()
                .count();
            if leftovers != 0 {
                let _ = write!(fail, "{leftovers} stray files in the output folder; ");
            }
        }
        "ok" => {
            if !matches!(code, Some(0 | 1)) {
                let _ = write!(fail, "exit {code:?}, expected 0 or 1; ");
            }
            if !written.exists() {
                let _ = write!(fail, "no output written; ");
            }
        }
        other => {
            let _ = write!(fail, "unknown expectation `{other}`; ");
        }
    }
    if fail.is_empty() {
        None
    } else {
        let _ = write!(fail, "\n    stderr: {}", stderr.trim());
        Some(fail)
    }
}

#[test]
fn every_bad_input_is_refused_cleanly_or_tolerated() {
    let cases = cases();
    // Issue #8 asks for at least 60 cases; a shrinking corpus fails here.
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut names = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for case in &cases {
        assert!(
            names.insert(case.name.clone()),
            "duplicate case {}",
            case.name
        );
        assert!(!case.why.is_empty(), "{}: say what is wrong", case.name);
        if case.expect == "exit2" && case.command != "synth-out" {
            assert!(
                !case.must.is_empty(),
                "{}: name what stderr must say",
                case.name
            );
        }
        if let Some(f) = run(case) {
            failures.push(format!("{} ({}): {f}", case.name, case.why));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_corpus_file_is_used_by_a_case() {
    let cases = cases();
    let mut unused = Vec::new();
    let mut stack = vec![corpus()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(corpus())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if rel == "cases.tsv" || rel.starts_with("investigate/good-export") {
                continue;
            }
            if !cases.iter().any(|c| rel.starts_with(&c.input)) {
                unused.push(rel);
            }
        }
    }
    assert!(unused.is_empty(), "files no case uses: {unused:?}");
}
