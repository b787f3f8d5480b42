//! `--emit parquet` and `ajar sql` (issue #9): the DuckDB dialect, run by the PyPI `duckdb`
//! package over the tables `hunt` and `investigate` emit, gives exactly the confirmed set and
//! counts of `ajar investigate`'s incident.json, on a generated org.
//!
//! DuckDB lives in a virtual environment under `target/duckdb-venv`; the test creates it on
//! first use (`.ci/run` does the same beforehand). Without Python or the package the test
//! fails and says why: it never passes without running DuckDB.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{self, ok};

pub(crate) fn p(path: &Path) -> String {
    path.to_str().unwrap().to_owned()
}

/// The venv's Python with `duckdb` importable; created once.
fn duckdb_python() -> PathBuf {
    support::venv_python("duckdb-venv", &["duckdb"], "import duckdb")
}

/// Runs the setup and every `-- query: NAME` of `script` in DuckDB; returns NAME → rows.
fn run_duckdb(script: &Path) -> BTreeMap<String, Vec<Value>> {
    let out = Command::new(duckdb_python())
        .arg(crate::spark::py_script("run_duckdb.py"))
        .arg(script)
        .output()
        .unwrap();
    ok(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// jiff's RFC 3339 text → the runner's microsecond form.
pub(crate) fn micros(t: &Value) -> String {
    let t: jiff::Timestamp = t.as_str().unwrap().parse().unwrap();
    t.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string()
}

#[test]
fn duckdb_over_emitted_parquet_equals_investigate() {
    let dir = tempfile::tempdir().unwrap();
    let emitted = emit_org(dir.path());
    let c = &emitted.incident["confirmed"];
    assert_eq!(c["known"], true);
    assert!(
        c["records"].as_u64().unwrap() > 0,
        "the scenario has confirmed reads"
    );
    let got = duckdb_over(dir.path(), &emitted.lake);
    check_totals(&got, c);
    check_breakdowns(&got, c);
    check_confirmed_set(&got["confirmed"], c, &emitted);
}

/// A generated org run through `hunt` and `investigate`, both emitting Parquet into `lake`.
pub(crate) struct Emitted {
    pub(crate) truth: Value,
    pub(crate) hunt_json: PathBuf,
    pub(crate) lake: PathBuf,
    pub(crate) incident: Value,
}

/// Generates the small org under `dir`, hunts it and investigates it, emitting Parquet.
pub(crate) fn emit_org(dir: &Path) -> Emitted {
    let org = dir.join("org");
    ok(&support::run(&[
        "--quiet",
        "synth",
        "--scenario",
        "small",
        "--seed",
        "42",
        "--scale",
        "0.05",
        "--out",
        &p(&org),
    ]));
    let truth: Value =
        serde_json::from_slice(&std::fs::read(org.join("truth/truth.json")).unwrap()).unwrap();
    let lake = dir.join("lake");
    let hunt_json = dir.join("hunt.json");
    ok(&support::run(&[
        "--quiet",
        "hunt",
        &p(&org.join("logs")),
        "--users",
        &p(&org.join("export/User.csv")),
        "--export",
        &p(&org.join("export")),
        "--geoip",
        &p(&org.join("geoip/ip-country.csv")),
        "--format",
        "json",
        "--output",
        &p(&hunt_json),
        "--emit",
        "parquet",
        &p(&lake),
    ]));
    let inc_dir = dir.join("incident");
    ok(&support::run(&[
        "--quiet",
        "investigate",
        "--metadata",
        &p(&org.join("metadata")),
        "--export",
        &p(&org.join("export")),
        "--history",
        &p(&org.join("history")),
        "--discovered",
        truth["discovered"].as_str().unwrap(),
        "--hunt-report",
        &p(&hunt_json),
        "--out",
        &p(&inc_dir),
        "--emit",
        "parquet",
        &p(&lake),
    ]));
    let incident =
        serde_json::from_slice(&std::fs::read(inc_dir.join("incident.json")).unwrap()).unwrap();
    Emitted {
        truth,
        hunt_json,
        lake,
        incident,
    }
}

/// `ajar sql --dialect duckdb` over the emitted tables, run by DuckDB: its result sets.
fn duckdb_over(dir: &Path, lake: &Path) -> BTreeMap<String, Vec<Value>> {
    let script = dir.join("q.sql");
    ok(&support::run(&[
        "sql",
        "--dialect",
        "duckdb",
        "--events",
        &p(&lake.join("events")),
        "--exposed",
        &p(&lake.join("exposed")),
        "--output",
        &p(&script),
    ]));
    run_duckdb(&script)
}

/// The exposed table holds every exposed record.
pub(crate) fn check_totals(got: &BTreeMap<String, Vec<Value>>, c: &Value) {
    let confirmed = &got["confirmed"];
    let totals = &got["totals"][0];
    assert_eq!(totals["records"], c["records"], "records");
    assert_eq!(confirmed.len() as u64, c["records"].as_u64().unwrap());
    assert_eq!(totals["persons"], c["persons"], "persons");
    assert_eq!(
        totals["records_abroad"], c["records_abroad"],
        "records abroad"
    );
    assert_eq!(
        totals["persons_abroad"], c["persons_abroad"],
        "persons abroad"
    );
    assert_eq!(
        totals["outside_exposed_set"], c["outside_exposed_set"],
        "outside the exposed set"
    );
}

/// The counts by country, by day and by IP.
pub(crate) fn check_breakdowns(got: &BTreeMap<String, Vec<Value>>, c: &Value) {
    // A per-key count from SQL rows (`key` column, `records`) against incident.json's map.
    let keyed = |rows: &[Value], key: &str, map: &Value| {
        let got: BTreeMap<String, Value> = rows
            .iter()
            .map(|r| (r[key].as_str().unwrap().to_owned(), r["records"].clone()))
            .collect();
        let want: BTreeMap<String, Value> = map
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        (got, want)
    };
    let (by_country, want) = keyed(&got["by_country"], "country", &c["by_country"]);
    assert_eq!(by_country, want, "by country");
    let (by_day, want) = keyed(&got["by_day"], "first_day", &c["by_day"]);
    assert_eq!(by_day, want, "by day");

    let ips: BTreeSet<(String, String, String, String, String)> = got["by_ip"]
        .iter()
        .map(|r| {
            (
                r["ip"].as_str().unwrap().to_owned(),
                r["country"].to_string(),
                r["records"].to_string(),
                r["first_seen"].as_str().unwrap().to_owned(),
                r["last_seen"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String, String, String, String)> = c["ips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ip"].as_str().unwrap().to_owned(),
                r.get("country").cloned().unwrap_or(Value::Null).to_string(),
                r["records"].to_string(),
                micros(&r["first"]),
                micros(&r["last"]),
            )
        })
        .collect();
    assert_eq!(ips, want, "per IP");
}

/// The confirmed set itself: the hunt's outsider reads that are exposed, and the records read
/// from abroad are exactly the generator's ground truth.
pub(crate) fn check_confirmed_set(confirmed: &[Value], c: &Value, emitted: &Emitted) {
    let ids: BTreeSet<&str> = confirmed
        .iter()
        .map(|r| r["record_id"].as_str().unwrap())
        .collect();
    let hunt: Value = serde_json::from_slice(&std::fs::read(&emitted.hunt_json).unwrap()).unwrap();
    let read: BTreeSet<&str> = hunt["accessed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["outcome"] == "read")
        .filter(|a| a["principal_kind"] == "guest" || a["principal_kind"] == "external")
        .map(|a| a["record_id"].as_str().unwrap())
        .collect();
    assert!(ids.is_subset(&read));
    assert_eq!(
        (read.len() - ids.len()) as u64,
        c["outside_exposed_set"].as_u64().unwrap()
    );
    let abroad: BTreeSet<&str> = emitted.truth["confirmed_abroad_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        abroad.is_subset(&ids),
        "every record read from abroad is confirmed"
    );
    assert_eq!(abroad.len() as u64, c["records_abroad"].as_u64().unwrap());
}

#[test]
fn emit_twice_gives_the_same_bytes_and_refuses_an_existing_table() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org");
    ok(&support::run(&[
        "--quiet",
        "synth",
        "--scenario",
        "small",
        "--seed",
        "7",
        "--scale",
        "0.02",
        "--out",
        &p(&org),
    ]));
    let run = |lake: &Path, format: &str| {
        support::run(&[
            "hunt",
            &p(&org.join("logs")),
            "--users",
            &p(&org.join("export/User.csv")),
            "--format",
            "json",
            "--emit",
            format,
            &p(lake),
        ])
    };
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    ok(&run(&a, "parquet"));
    ok(&run(&b, "parquet"));
    let tree = |d: &Path| support::tree(d).into_iter().collect::<Vec<_>>();
    let (fa, fb) = (tree(&a), tree(&b));
    assert!(fa.iter().any(|(n, _)| n.starts_with("events/event_date=")));
    assert_eq!(fa.len(), fb.len());
    for ((na, ba), (nb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(na, nb);
        assert!(ba == bb, "{na} differs between two runs");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let f = a.join(&fa[0].0);
        assert_eq!(
            std::fs::metadata(f).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // A second run into the same folder would mix two runs' partitions: refused.
    let again = run(&a, "parquet");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    // JSON lines: same partitions, one line per row.
    let j = dir.path().join("j");
    ok(&run(&j, "jsonl"));
    let fj = tree(&j);
    let names = |f: &[(String, Vec<u8>)]| -> Vec<String> {
        f.iter()
            .map(|(n, _)| {
                n.trim_end_matches(".parquet")
                    .trim_end_matches(".jsonl")
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(names(&fa), names(&fj));
    // A bad format is a usage error.
    let bad = run(&dir.path().join("x"), "csv");
    assert_eq!(bad.status.code(), Some(2));
}
