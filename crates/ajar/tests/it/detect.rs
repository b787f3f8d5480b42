//! Issue #17: `ajar hunt` finds the intruder by itself. On `synth --scenario token-theft`
//! without `--ioc`, a high finding names the intruder's user and IPs, and nothing high touches
//! the routine traffic; on the seed scenario the foreign guest reads are raised (the figures of
//! the synthetic truth) and nothing else. Also `--fail-on`, `--format sarif`, `--threshold`.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use crate::support::ajar;

fn synth(scenario: &str, seed: &str, scale: &str, out: &Path) -> Value {
    let o = ajar()
        .args([
            "synth",
            "--scenario",
            scenario,
            "--seed",
            seed,
            "--scale",
            scale,
            "--quiet",
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&std::fs::read(out.join("truth/truth.json")).unwrap()).unwrap()
}

fn hunt(org: &Path, extra: &[&str]) -> Output {
    ajar()
        .arg("hunt")
        .arg(org.join("logs"))
        .arg("--geoip")
        .arg(org.join("geoip/ip-country.csv"))
        .arg("--users")
        .arg(org.join("export/User.csv"))
        .args(extra)
        .output()
        .unwrap()
}

fn findings(o: &Output) -> Vec<Value> {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "ajar.hunt/1.1");
    v["findings"].as_array().unwrap().clone()
}

fn ips(f: &Value) -> BTreeSet<String> {
    f["ips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap().to_string())
        .collect()
}

fn high(f: &Value) -> bool {
    matches!(f["severity"].as_str(), Some("high" | "critical"))
}

#[test]
fn token_theft_without_ioc_names_the_intruder_and_spares_the_routine() {
    for seed in ["1", "4"] {
        let tmp = tempfile::tempdir().unwrap();
        let org = tmp.path().join("org");
        let truth = synth("token-theft", seed, "0.2", &org);
        let user = truth["actor"]["users"][0].as_str().unwrap().to_string();
        let actor_ips: BTreeSet<String> = truth["actor"]["ips"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["ip"].as_str().unwrap().to_string())
            .collect();
        let found = findings(&hunt(&org, &["--format", "json"]));
        let highs: Vec<&Value> = found.iter().filter(|f| high(f)).collect();
        assert!(
            highs
                .iter()
                .any(|f| f["user"] == user.as_str() && !ips(f).is_empty()),
            "seed {seed}: no high finding names the intruder: {found:#?}"
        );
        // Nothing high on the vendor's sync, the staff or the administrator's export: every
        // high finding's addresses are the intruder's, and together they are all of them.
        let mut seen = BTreeSet::new();
        for f in &highs {
            assert!(ips(f).is_subset(&actor_ips), "seed {seed}: {f:#}");
            seen.extend(ips(f));
        }
        assert_eq!(seen, actor_ips, "seed {seed}");
        for code in ["HUNT-002", "HUNT-003", "HUNT-004", "HUNT-005"] {
            assert!(
                found.iter().any(|f| f["code"] == code),
                "seed {seed}: {code} is not raised"
            );
        }
        // The ioc lines are what `investigate --ioc` reads.
        let recon = found.iter().find(|f| f["code"] == "HUNT-003").unwrap();
        let lines: Vec<&str> = recon["ioc"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        let ioc = tmp.path().join("ioc.csv");
        std::fs::write(&ioc, lines.join("\n") + "\n").unwrap();
        let with = hunt(&org, &["--format", "json", "--ioc", ioc.to_str().unwrap()]);
        let v: Value = serde_json::from_slice(&with.stdout).unwrap();
        assert_eq!(v["actor"]["users"][0], user.as_str(), "seed {seed}");
    }
}

#[test]
fn seed_raises_the_foreign_guest_reads_and_nothing_on_staff() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    let truth = synth("seed", "1", "0.02", &org);
    let found = findings(&hunt(&org, &["--format", "json"]));
    let want: BTreeSet<String> = truth["confirmed_abroad_ips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["ip"].as_str().unwrap().to_string())
        .collect();
    let mut got = BTreeSet::new();
    for f in &found {
        assert_eq!(f["code"], "HUNT-006", "{f:#}");
        assert_eq!(f["severity"], "high");
        assert!(
            f.get("user").is_none(),
            "a guest finding names no staff user"
        );
        got.extend(ips(f));
    }
    assert_eq!(got, want);
    let by_country = truth["confirmed_abroad_by_country"].as_object().unwrap();
    assert_eq!(found.len(), by_country.len());
    for (country, records) in by_country {
        let needle = format!("in {country} read {records} record(s)");
        assert!(
            found
                .iter()
                .any(|f| f["message"].as_str().unwrap().contains(&needle)),
            "{needle}: {found:#?}"
        );
    }
}

#[test]
fn fail_on_sarif_and_threshold() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    synth("token-theft", "2", "0.1", &org);
    assert_eq!(hunt(&org, &["--fail-on", "high"]).status.code(), Some(1));
    assert_eq!(
        hunt(&org, &["--fail-on", "critical"]).status.code(),
        Some(0)
    );
    let sarif = hunt(&org, &["--format", "sarif"]);
    assert!(sarif.status.success());
    let v: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "HUNT-005"));
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "LOGROOT");
        assert!(loc["region"]["startLine"].as_u64().unwrap() > 1);
    }
    // A huge threshold silences the volume detection only.
    let quiet = findings(&hunt(&org, &["--format", "json", "--threshold", "100000"]));
    assert!(!quiet.iter().any(|f| f["code"] == "HUNT-005"));
    assert!(quiet.iter().any(|f| f["code"] == "HUNT-003"));
    for bad in ["0", "-2", "nan"] {
        let o = hunt(&org, &["--threshold", bad]);
        assert_eq!(o.status.code(), Some(2), "--threshold {bad}");
    }
}
