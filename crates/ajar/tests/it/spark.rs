//! `ajar sql --dialect spark`, run by Apache Spark (PyPI `pyspark`, local mode) over the tables
//! `hunt` and `investigate` emit as Parquet, gives the same confirmed set and counts as
//! `ajar investigate`'s incident.json: the checks of the DuckDB test in `parquet.rs`, on the
//! same generated org (issue #19).
//!
//! pyspark lives in the virtual environment `target/spark-venv` (`.ci/run` installs it; the
//! test does on first use) and needs Java 17 or later on `PATH` or in `JAVA_HOME`. The runner
//! (`py/run_spark.py`) starts one SparkSession, `local[2]`, 512 MiB driver, no UI, bound to
//! 127.0.0.1, for the setup and the five queries.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::parquet::{check_breakdowns, check_confirmed_set, check_totals, emit_org, p};
use crate::support::{self, ok};

/// What the Spark tests install into `target/spark-venv`: Spark itself, and pyarrow for
/// `mapInArrow` (pyspark's optional `[sql]` dependencies).
pub(crate) const SPARK_PACKAGES: &[&str] = &["pyspark", "pyarrow"];

/// The venv's Python with pyspark and pyarrow importable, after checking that Java runs.
pub(crate) fn spark_python() -> PathBuf {
    let java = std::env::var_os("JAVA_HOME")
        .map(|h| Path::new(&h).join("bin/java"))
        .unwrap_or_else(|| PathBuf::from("java"));
    let runs = Command::new(&java)
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        runs,
        "{} does not run: pyspark needs Java 17 or later (Debian: openjdk-17-jre-headless)",
        java.display()
    );
    support::venv_python("spark-venv", SPARK_PACKAGES, "import pyspark, pyarrow")
}

/// A Python script under `tests/it/py/`.
pub(crate) fn py_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/py")
        .join(name)
}

/// Runs the setup and every `-- query: NAME` of `script` in Spark; returns NAME → rows.
fn run_spark(script: &Path) -> BTreeMap<String, Vec<Value>> {
    let out = Command::new(spark_python())
        .arg(py_script("run_spark.py"))
        .arg(script)
        .output()
        .unwrap();
    ok(&out);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "the Spark runner's output is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn spark_over_emitted_parquet_equals_investigate() {
    let dir = tempfile::tempdir().unwrap();
    let emitted = emit_org(dir.path());
    let c = &emitted.incident["confirmed"];
    assert_eq!(c["known"], true);
    assert!(c["records"].as_u64().unwrap() > 0);
    let script = dir.path().join("q.sql");
    ok(&support::run(&[
        "sql",
        "--dialect",
        "spark",
        "--events",
        &p(&emitted.lake.join("events")),
        "--exposed",
        &p(&emitted.lake.join("exposed")),
        "--output",
        &p(&script),
    ]));
    let got = run_spark(&script);
    assert_eq!(
        got.keys().map(String::as_str).collect::<Vec<_>>(),
        ["by_country", "by_day", "by_ip", "confirmed", "totals"]
    );
    check_totals(&got, c);
    check_breakdowns(&got, c);
    check_confirmed_set(&got["confirmed"], c, &emitted);
}
