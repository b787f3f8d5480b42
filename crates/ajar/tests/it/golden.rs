//! Golden digests (issue #13): the SHA-256 of every output of `scan`, `hunt`, `investigate`
//! and `demo` on generated orgs, compared with the committed lists in `golden/<scenario>.sha256`
//! (`digest  name`, one line per output). A refactor that changes one byte of one output fails
//! here. `AJAR_GOLDEN_UPDATE=1 cargo test -p ajar --test it golden` rewrites the lists; review
//! why the bytes changed before committing one.
//!
//! The commands run inside the org's parent folder with relative paths, so that no output holds
//! a temporary path; `TZ`, `SOURCE_DATE_EPOCH` and colour are fixed.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

use crate::support::tree;

/// Runs `ajar` in `dir` (`TZ`, `SOURCE_DATE_EPOCH` and colour fixed by `support::ajar`); the
/// run must succeed. Returns stdout.
fn run_in(dir: &Path, args: &[&str]) -> Vec<u8> {
    let o = crate::support::ajar()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: exit {:?}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Digests by output name.
#[derive(Default)]
struct Outputs(BTreeMap<String, String>);

impl Outputs {
    fn put(&mut self, name: &str, bytes: &[u8]) {
        assert!(!bytes.is_empty(), "{name}: empty output");
        self.0.insert(name.to_owned(), hex(bytes));
    }

    /// Every file written under `dir`, as `prefix/relative path`.
    fn folder(&mut self, prefix: &str, dir: &Path) {
        let files = tree(dir);
        assert!(!files.is_empty(), "{prefix}: nothing written");
        for (rel, bytes) in files {
            self.0
                .insert(format!("{prefix}/{}", rel.replace('\\', "/")), hex(&bytes));
        }
    }

    /// Compares with `golden/<scenario>.sha256`, or rewrites it under `AJAR_GOLDEN_UPDATE`.
    fn check(&self, scenario: &str) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/it/golden")
            .join(format!("{scenario}.sha256"));
        let text: String = self
            .0
            .iter()
            .map(|(name, digest)| format!("{digest}  {name}\n"))
            .collect();
        if std::env::var_os("AJAR_GOLDEN_UPDATE").is_some_and(|v| !v.is_empty() && v != "0") {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            return;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run with AJAR_GOLDEN_UPDATE=1 to write it",
                path.display()
            )
        });
        let want: BTreeMap<&str, &str> = want
            .lines()
            .filter_map(|l| l.split_once("  "))
            .map(|(d, n)| (n, d))
            .collect();
        let mut diff = Vec::new();
        for (name, digest) in &self.0 {
            match want.get(name.as_str()) {
                Some(d) if d == digest => {}
                Some(_) => diff.push(format!("changed: {name}")),
                None => diff.push(format!("new: {name}")),
            }
        }
        for name in want.keys() {
            if !self.0.contains_key(*name) {
                diff.push(format!("missing: {name}"));
            }
        }
        assert!(
            diff.is_empty(),
            "{scenario}: outputs differ from {}:\n{}",
            path.display(),
            diff.join("\n")
        );
    }
}

fn synth(dir: &Path, scenario: &str, seed: &str) {
    run_in(
        dir,
        &[
            "--quiet",
            "synth",
            "--scenario",
            scenario,
            "--seed",
            seed,
            "--scale",
            "0.02",
            "--out",
            "org",
        ],
    );
}

fn scan(dir: &Path, out: &mut Outputs) {
    for format in ["text", "json", "markdown", "sarif"] {
        let bytes = run_in(dir, &["scan", "org/metadata", "--format", format]);
        out.put(&format!("scan.{format}"), &bytes);
    }
}

const HUNT: &[&str] = &[
    "hunt",
    "org/logs",
    "--geoip",
    "org/geoip/ip-country.csv",
    "--users",
    "org/export/User.csv",
    "--export",
    "org/export",
    "--locale",
    "en_US",
];

fn hunt(dir: &Path, out: &mut Outputs, extra: &[&str]) {
    for format in ["text", "json", "csv"] {
        let mut args = HUNT.to_vec();
        args.extend_from_slice(extra);
        args.extend(["--format", format]);
        out.put(&format!("hunt.{format}"), &run_in(dir, &args));
    }
}

fn discovered(dir: &Path) -> String {
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("org/truth/truth.json")).unwrap()).unwrap();
    truth["discovered"].as_str().unwrap().to_owned()
}

/// `investigate` on a guest-exposure org, with its history, logs and emitted table.
fn investigate_guest(dir: &Path, out: &mut Outputs) {
    let discovered = discovered(dir);
    let stdout = run_in(
        dir,
        &[
            "investigate",
            "--metadata",
            "org/metadata",
            "--export",
            "org/export",
            "--history",
            "org/history",
            "--logs",
            "org/logs",
            "--geoip",
            "org/geoip/ip-country.csv",
            "--audit-locale",
            "en_US",
            "--discovered",
            &discovered,
            "--as-of-now",
            &discovered,
            "--lang",
            "en",
            "--out",
            "incident",
            "--emit",
            "jsonl",
            "lake",
        ],
    );
    out.put("investigate.stdout", &stdout);
    out.folder("investigate", &dir.join("incident"));
    out.folder("lake", &dir.join("lake"));
}

#[test]
fn seed_outputs_are_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    synth(dir, "seed", "7");
    let mut out = Outputs::default();
    scan(dir, &mut out);
    hunt(dir, &mut out, &["--outside", "JP"]);
    investigate_guest(dir, &mut out);
    let stdout = run_in(
        dir,
        &[
            "demo", "--lang", "en", "--scale", "0.02", "--seed", "3", "--out", "demo",
        ],
    );
    out.put("demo.stdout", &stdout);
    out.folder("demo", &dir.join("demo"));
    out.check("seed");
}

#[test]
fn small_outputs_are_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    synth(dir, "small", "11");
    let mut out = Outputs::default();
    scan(dir, &mut out);
    // Every principal class, and the events as a table.
    hunt(
        dir,
        &mut out,
        &["--principal", "guest,external,internal,unknown"],
    );
    let mut args = HUNT.to_vec();
    args.extend(["--format", "json", "--emit", "jsonl", "hunt-lake"]);
    out.put("hunt-emit.json", &run_in(dir, &args));
    out.folder("hunt-lake", &dir.join("hunt-lake"));
    investigate_guest(dir, &mut out);
    out.check("small");
}

/// The intrusion case: `hunt --ioc` and `investigate --ioc` with the metadata (the stolen
/// identity's reach).
#[test]
fn token_theft_outputs_are_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    synth(dir, "token-theft", "5");
    let mut out = Outputs::default();
    hunt(dir, &mut out, &["--ioc", "org/ioc.csv"]);
    // After every intrusion day the scenario draws, as `ajar demo --scenario token-theft`.
    let discovered = "2025-08-20";
    let stdout = run_in(
        dir,
        &[
            "investigate",
            "--ioc",
            "org/ioc.csv",
            "--metadata",
            "org/metadata",
            "--export",
            "org/export",
            "--logs",
            "org/logs",
            "--geoip",
            "org/geoip/ip-country.csv",
            "--discovered",
            discovered,
            "--lang",
            "en",
            "--out",
            "incident",
        ],
    );
    out.put("investigate.stdout", &stdout);
    out.folder("investigate", &dir.join("incident"));
    out.check("token-theft");
}
