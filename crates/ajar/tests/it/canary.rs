//! Personal data never leaks (issue #8): canary strings are planted in every personal field of
//! a generated org's Data Export (names, phones, e-money numbers, emails), every command runs on
//! it, including failing runs on corrupted copies, and the canaries may appear only in the
//! outputs meant to hold them: the notification list and the non-redacted drafts.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{ajar, args, run, tree};

/// Substrings that betray a planted value, whatever a renderer does to it (phones may be
/// normalised to digits or E.164, so the phone and e-money canaries are digit runs).
const CANARIES: &[&str] = &[
    "Canaryname",
    "canarymail",
    "Canaryuser",
    "canarymemo",
    "8642-97",
    "864297",
    "5319753",
];

/// The export's personal columns, per file, and what to plant in each (`{n}`: the row number).
const PLANT: &[(&str, &str, &str)] = &[
    (
        "Balance_Transfer_Application__c.csv",
        "Applicant_Name__c",
        "Canaryname {n}",
    ),
    (
        "Balance_Transfer_Application__c.csv",
        "Broken_Device_Phone__c",
        "090-8642-97{nn}",
    ),
    (
        "Balance_Transfer_Application__c.csv",
        "Email__c",
        "canarymail{n}@example.org",
    ),
    (
        "Balance_Transfer_Application__c.csv",
        "Emoney_Number__c",
        "53197530{n8}",
    ),
    (
        "Balance_Transfer_Application__c.csv",
        "Internal_Memo__c",
        "canarymemo {n}",
    ),
    ("User.csv", "FirstName", "Canaryuser{n}"),
    ("User.csv", "LastName", "Canaryuser{n}"),
    ("User.csv", "Name", "Canaryuser{n} Canaryuser{n}"),
    ("User.csv", "Email", "canarymail-user{n}@example.org"),
];

fn leaks(bytes: &[u8]) -> Vec<&'static str> {
    let text = String::from_utf8_lossy(bytes);
    CANARIES
        .iter()
        .copied()
        .filter(|c| text.contains(c))
        .collect()
}

fn no_panic(what: &str, o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.code() != Some(101) && !err.contains("panicked"),
        "{what} panicked: {err}"
    );
}

/// Generates the small scenario and rewrites the export's personal columns with canaries.
fn planted_org(dir: &Path) -> PathBuf {
    let org = dir.join("org");
    let o = run(args!(
        "--quiet",
        "synth",
        "--scenario",
        "small",
        "--seed",
        "5",
        "--scale",
        "0.02",
        "--out",
        org.as_os_str()
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for file in ["Balance_Transfer_Application__c.csv", "User.csv"] {
        let path = org.join("export").join(file);
        let mut rdr = csv::Reader::from_path(&path).unwrap();
        let headers = rdr.headers().unwrap().clone();
        let mut wtr = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Always)
            .from_writer(Vec::new());
        wtr.write_record(&headers).unwrap();
        let mut planted = 0;
        for (n, row) in rdr.records().enumerate() {
            let mut row: Vec<String> = row.unwrap().iter().map(str::to_owned).collect();
            let standard_user = file != "User.csv"
                || headers
                    .iter()
                    .position(|h| h == "UserType")
                    .is_some_and(|i| row[i] == "Standard");
            for (f, column, pattern) in PLANT {
                if *f != file || !standard_user {
                    continue;
                }
                let i = headers.iter().position(|h| h == *column).unwrap();
                row[i] = pattern
                    .replace("{nn}", &format!("{:02}", n % 100))
                    .replace("{n8}", &format!("{n:08}"))
                    .replace("{n}", &n.to_string());
                planted += 1;
            }
            wtr.write_record(&row).unwrap();
        }
        assert!(planted > 0, "nothing planted in {file}");
        std::fs::write(&path, wtr.into_inner().unwrap()).unwrap();
    }
    org
}

fn investigate(org: &Path, out: &Path, extra: &[&str]) -> Output {
    ajar()
        .arg("investigate")
        .arg("--metadata")
        .arg(org.join("metadata"))
        .arg("--export")
        .arg(org.join("export"))
        .arg("--hunt-report")
        .arg(org.join("hunt.json"))
        .arg("--history")
        .arg(org.join("history"))
        .args(["--discovered", "2026-01-05"])
        .args(["--as-of-now", "2026-01-05", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn canaries_reach_only_the_outputs_meant_to_hold_them() {
    let tmp = tempfile::tempdir().unwrap();
    let org = planted_org(tmp.path());
    let export = std::fs::read(org.join("export/Balance_Transfer_Application__c.csv")).unwrap();
    // The test itself must be able to fail: the planted export holds every canary.
    assert_eq!(leaks(&export).len(), 5, "{:?}", leaks(&export));
    let mut found = Found::default();
    scan_outputs(&org, &mut found);
    hunt_outputs(&org, tmp.path(), &mut found);
    other_command_outputs(&org, tmp.path(), &mut found);
    investigate_outputs(&org, tmp.path(), &mut found);
    synth_refusal(&org, &mut found);
    corrupted_export_errors(&org, tmp.path(), &mut found);
    assert!(
        found.0.is_empty(),
        "canaries leaked:\n{}",
        found.0.join("\n")
    );
}

/// The leaks found so far, one line per output.
#[derive(Default)]
struct Found(Vec<String>);

impl Found {
    /// Records the canaries `bytes` (the output `what`) holds.
    fn check(&mut self, what: String, bytes: &[u8]) {
        let l = leaks(bytes);
        if !l.is_empty() {
            self.0.push(format!("{what}: {l:?}"));
        }
    }
}

/// scan: every format, stdout and stderr.
fn scan_outputs(org: &Path, found: &mut Found) {
    for format in ["text", "json", "markdown", "sarif"] {
        let o = run(args!(
            "scan",
            org.join("metadata").as_os_str(),
            "--format",
            format
        ));
        no_panic("scan", &o);
        found.check(format!("scan --format {format} stdout"), &o.stdout);
        found.check(format!("scan --format {format} stderr"), &o.stderr);
    }
}

/// hunt: with the export and the user list as side inputs.
fn hunt_outputs(org: &Path, tmp: &Path, found: &mut Found) {
    for format in ["text", "json", "csv"] {
        let export = org.join("export");
        let export = export.to_str().unwrap();
        let o = run(&crate::support::hunt_org(
            org,
            &["--export", export, "--format", format],
        ));
        no_panic("hunt", &o);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        found.check(format!("hunt --format {format} stdout"), &o.stdout);
        found.check(format!("hunt --format {format} stderr"), &o.stderr);
        if format == "json" {
            // investigate reads the confirmed set from this report.
            std::fs::write(org.join("hunt.json"), &o.stdout).unwrap();
        }
    }

    // hunt --emit jsonl: the normalised events hold IDs and IPs, never names or contacts.
    let lake = tmp.join("lake");
    let o = run(args!(
        "hunt",
        org.join("logs").as_os_str(),
        "--users",
        org.join("export/User.csv").as_os_str(),
        "--export",
        org.join("export").as_os_str(),
        "--locale",
        "en_US",
        "--emit",
        "jsonl",
        lake.as_os_str()
    ));
    no_panic("hunt --emit", &o);
    found.check("hunt --emit stderr".into(), &o.stderr);
    let emitted = tree(&lake);
    assert!(!emitted.is_empty(), "hunt --emit wrote nothing");
    for (name, bytes) in emitted {
        found.check(format!("hunt --emit jsonl {name}"), &bytes);
    }
}

/// baseline over the metadata; sql and rule read no org but run all the same.
fn other_command_outputs(org: &Path, tmp: &Path, found: &mut Found) {
    let base = tmp.join("baseline.json");
    let o = run(args!(
        "baseline",
        org.join("metadata").as_os_str(),
        "--output",
        base.as_os_str()
    ));
    no_panic("baseline", &o);
    found.check("baseline stderr".into(), &o.stderr);
    found.check("baseline file".into(), &std::fs::read(&base).unwrap());
    let statics: [&[&std::ffi::OsStr]; 2] =
        [args!("sql", "--dialect", "duckdb"), args!("rule", "--list")];
    for a in statics {
        let o = run(a);
        no_panic("sql/rule", &o);
        found.check(format!("{a:?}"), &[o.stdout, o.stderr].concat());
    }
}

/// investigate without --redact: canaries only in the notification list and the drafts.
fn investigate_outputs(org: &Path, tmp: &Path, found: &mut Found) {
    let out = tmp.join("inv");
    let o = investigate(org, &out, &[]);
    no_panic("investigate", &o);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    found.check("investigate stdout".into(), &o.stdout);
    found.check("investigate stderr".into(), &o.stderr);
    let list = std::fs::read(out.join("notification_list.csv")).unwrap();
    assert!(
        !leaks(&list).is_empty(),
        "the notification list lost the persons"
    );
    for (name, bytes) in tree(&out) {
        let meant = name == "notification_list.csv" || name.ends_with(".md");
        if !meant {
            found.check(format!("investigate {name}"), &bytes);
        }
    }

    // investigate --redact: nowhere, the emitted exposed table included.
    let out = tmp.join("inv-redacted");
    let lake = tmp.join("lake-redacted");
    let o = investigate(
        org,
        &out,
        &["--redact", "--emit", "parquet", lake.to_str().unwrap()],
    );
    for (name, bytes) in tree(&lake) {
        found.check(format!("investigate --emit parquet {name}"), &bytes);
    }
    no_panic("investigate --redact", &o);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    found.check("investigate --redact stdout".into(), &o.stdout);
    found.check("investigate --redact stderr".into(), &o.stderr);
    for (name, bytes) in tree(&out) {
        found.check(format!("investigate --redact {name}"), &bytes);
    }
}

/// synth refusing a non-empty folder: the planted org.
fn synth_refusal(org: &Path, found: &mut Found) {
    let o = run(args!(
        "synth",
        "--scenario",
        "small",
        "--out",
        org.as_os_str()
    ));
    no_panic("synth", &o);
    assert_eq!(o.status.code(), Some(2));
    found.check("synth error".into(), &o.stderr);
}

/// Failing runs on corrupted copies of the export: errors name rows, never values.
fn corrupted_export_errors(org: &Path, tmp: &Path, found: &mut Found) {
    let csv = org.join("export/Balance_Transfer_Application__c.csv");
    let good = std::fs::read(&csv).unwrap();
    let text = String::from_utf8(good.clone()).unwrap();
    let second_row = text.lines().nth(2).unwrap();
    let corruptions: Vec<(&str, Vec<u8>)> = vec![
        ("unbalanced quote after a canary row", {
            let mut b = good.clone();
            b.extend_from_slice(b"\"a0B000000000001AAA\",\"Canaryname broken,\"090-8642-9700\n");
            b
        }),
        ("invalid UTF-8 inside a canary name", {
            let at = text.find("Canaryname 1").unwrap() + "Canaryname".len();
            let mut b = good.clone();
            b.insert(at, 0xff);
            b
        }),
        (
            "no Id column",
            text.replacen("\"Id\"", "\"Identifier\"", 1).into_bytes(),
        ),
        ("a row with extra cells", {
            let mut b = good.clone();
            b.extend_from_slice(format!("{second_row},\"Canaryname extra\"\n").as_bytes());
            b
        }),
        (
            "truncated in a canary field",
            good[..good.len() - 40].to_vec(),
        ),
    ];
    for (what, bytes) in corruptions {
        std::fs::write(&csv, &bytes).unwrap();
        let out = tmp.join("inv-bad");
        let o = investigate(org, &out, &[]);
        no_panic(what, &o);
        found.check(format!("investigate on {what}: stderr"), &o.stderr);
        found.check(format!("investigate on {what}: stdout"), &o.stdout);
        if o.status.code() == Some(2) {
            assert!(
                !out.join("notification_list.csv").exists(),
                "{what}: notification list written on a fatal error"
            );
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    std::fs::write(&csv, &good).unwrap();
}
