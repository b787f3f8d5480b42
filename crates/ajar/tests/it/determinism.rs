//! Determinism (issue #8): each command run twice on the same input, with a different `TZ`
//! each time, writes byte-identical outputs (every file of `--out`, and stdout); "now" comes
//! only from an explicit flag or `SOURCE_DATE_EPOCH`.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{args, same_trees};

const ZONES: [&str; 2] = ["Pacific/Kiritimati", "America/Adak"];

/// `ajar args…` in the zone `tz`; the run must exit 0 or 1.
fn run_in<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(tz: &str, args: &[S]) -> Output {
    let o = crate::support::ajar()
        .args(args)
        .env("TZ", tz)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn synth(tz: &str, out: &Path) {
    run_in(
        tz,
        args!(
            "--quiet",
            "synth",
            "--scenario",
            "small",
            "--seed",
            "11",
            "--scale",
            "0.02",
            "--out",
            out.as_os_str()
        ),
    );
}

#[test]
fn every_command_gives_the_same_bytes_twice_across_time_zones() {
    let tmp = tempfile::tempdir().unwrap();
    let orgs: Vec<PathBuf> = ZONES
        .iter()
        .enumerate()
        .map(|(i, tz)| {
            let org = tmp.path().join(format!("org{i}"));
            synth(tz, &org);
            org
        })
        .collect();
    // The git history embeds commit dates from the scenario, not the clock.
    same_trees("synth", &orgs[0], &orgs[1]);
    let org = &orgs[0];
    scan_is_stable(org);
    let report = hunt_is_stable(org, tmp.path());
    emitted_tables_are_stable(org, tmp.path());
    the_other_commands_are_stable(org, tmp.path());
    investigate_is_stable(org, tmp.path(), &report);
}

/// `scan` in every format.
fn scan_is_stable(org: &Path) {
    for format in ["text", "json", "markdown", "sarif"] {
        let runs: Vec<Vec<u8>> = ZONES
            .iter()
            .map(|tz| {
                run_in(
                    tz,
                    args!("scan", org.join("metadata").as_os_str(), "--format", format),
                )
                .stdout
            })
            .collect();
        assert!(!runs[0].is_empty());
        assert!(runs[0] == runs[1], "scan --format {format} differs");
    }
}

/// `hunt` on the org's logs in the zone `tz`; its stdout.
fn hunt(org: &Path, tz: &str, format: &str) -> Vec<u8> {
    run_in(tz, &crate::support::hunt_org(org, &["--format", format])).stdout
}

/// `hunt` in every format; returns the path of its JSON report, written under `tmp`.
fn hunt_is_stable(org: &Path, tmp: &Path) -> PathBuf {
    for format in ["text", "json", "csv"] {
        let (a, b) = (hunt(org, ZONES[0], format), hunt(org, ZONES[1], format));
        assert!(!a.is_empty());
        assert!(a == b, "hunt --format {format} differs");
    }
    let report = tmp.join("hunt.json");
    std::fs::write(&report, hunt(org, ZONES[0], "json")).unwrap();
    report
}

/// The emitted tables: Parquet and JSON lines, every partition file.
fn emitted_tables_are_stable(org: &Path, tmp: &Path) {
    for format in ["parquet", "jsonl"] {
        let lakes: Vec<PathBuf> = ZONES
            .iter()
            .enumerate()
            .map(|(i, tz)| {
                let lake = tmp.join(format!("lake-{format}-{i}"));
                run_in(
                    tz,
                    args!(
                        "hunt",
                        org.join("logs").as_os_str(),
                        "--users",
                        org.join("export/User.csv").as_os_str(),
                        "--locale",
                        "en_US",
                        "--emit",
                        format,
                        lake.as_os_str()
                    ),
                );
                lake
            })
            .collect();
        same_trees(&format!("hunt --emit {format}"), &lakes[0], &lakes[1]);
    }
}

/// The commands that read no org: rule, sql; and baseline over the metadata.
fn the_other_commands_are_stable(org: &Path, tmp: &Path) {
    let statics: [&[&std::ffi::OsStr]; 5] = [
        args!("rule", "--list"),
        args!("rule", "GUEST-002"),
        args!("sql", "--dialect", "duckdb"),
        args!("sql", "--dialect", "spark"),
        args!("sql", "--dialect", "trino"),
    ];
    for a in statics {
        let (x, y) = (run_in(ZONES[0], a).stdout, run_in(ZONES[1], a).stdout);
        assert!(!x.is_empty() && x == y, "{a:?} differs");
    }
    let baselines: Vec<Vec<u8>> = ZONES
        .iter()
        .enumerate()
        .map(|(i, tz)| {
            let f = tmp.join(format!("baseline-{i}.json"));
            run_in(
                tz,
                args!(
                    "baseline",
                    org.join("metadata").as_os_str(),
                    "--output",
                    f.as_os_str(),
                    "--expires",
                    "2027-01-01"
                ),
            );
            std::fs::read(f).unwrap()
        })
        .collect();
    assert!(baselines[0] == baselines[1], "baseline differs");
}

/// `investigate` with and without `--redact`, reading the hunt `report`.
fn investigate_is_stable(org: &Path, tmp: &Path, report: &Path) {
    for redact in [false, true] {
        let mut outs = Vec::new();
        let mut stdouts = Vec::new();
        for (i, tz) in ZONES.iter().enumerate() {
            let out = tmp.join(format!("inv-{redact}-{i}"));
            let mut a: Vec<std::ffi::OsString> = vec![
                "investigate".into(),
                "--metadata".into(),
                org.join("metadata").into(),
                "--export".into(),
                org.join("export").into(),
                "--hunt-report".into(),
                report.to_path_buf().into(),
                "--history".into(),
                org.join("history").into(),
                "--discovered".into(),
                "2026-01-05".into(),
                "--out".into(),
                out.clone().into(),
                "--emit".into(),
                "parquet".into(),
                out.join("lake").into(),
            ];
            if redact {
                a.push("--redact".into());
            }
            let a: Vec<&std::ffi::OsStr> = a.iter().map(std::ffi::OsString::as_os_str).collect();
            stdouts.push(String::from_utf8(run_in(tz, &a).stdout).unwrap());
            outs.push(out);
        }
        // stdout names the --out folder, which differs on purpose.
        let norm = |s: &str, out: &Path| s.replace(out.to_str().unwrap(), "OUT");
        assert_eq!(
            norm(&stdouts[0], &outs[0]),
            norm(&stdouts[1], &outs[1]),
            "investigate stdout"
        );
        same_trees(&format!("investigate redact={redact}"), &outs[0], &outs[1]);
    }
}

#[test]
fn scan_takes_now_from_source_date_epoch() {
    // GUEST-004 fires on a rule whose severity depends on the platform rules of the date:
    // before Winter '21 (2020-10-10) and after give different reports.
    let tree = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ajar-analyze/tests/fixtures/GUEST-004/fires");
    let run = |epoch: &str, extra: &[&str]| {
        let o = crate::support::ajar()
            .arg("scan")
            .arg(&tree)
            .args(["--format", "json"])
            .args(extra)
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap();
        assert!(matches!(o.status.code(), Some(0 | 1)));
        o.stdout
    };
    // 2019-06-01T00:00:00Z and 2026-01-01T00:00:00Z.
    let old = run("1559347200", &[]);
    let new = run("1767225600", &[]);
    assert!(
        old == run("0", &["--as-of", "2019-06-01"]),
        "epoch not used"
    );
    assert!(
        new == run("0", &["--as-of", "2026-01-01"]),
        "epoch not used"
    );
    assert!(old != new, "the fixture does not depend on the date");
}
