//! Every rule fires on its `fires/` fixture and stays silent on its `clean/` one
//! (conventions.md §2: clippy's UI-test contract). The firing findings are snapshotted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a test failure"
)]

use ajar_analyze::exposure::{ExposureOptions, analyze};
use ajar_analyze::rules::RULES;
use ajar_model::exposure::ScanReport;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn scan(dir: &Path) -> ScanReport {
    let (org, gaps) = ajar_adapters::metadata::load(dir).unwrap();
    let csv = dir.join("assignments.csv");
    let assignments = csv
        .exists()
        .then(|| ajar_adapters::metadata::parse_assignments(&csv).unwrap());
    let opts = ExposureOptions {
        as_of: jiff::civil::date(2026, 1, 1),
        assignments,
    };
    analyze(&org, gaps, &opts)
}

fn lines(report: &ScanReport, code: &str) -> String {
    report
        .findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| {
            format!(
                "{} {} {}:{} {}\n",
                f.severity.as_str(),
                f.code,
                f.file,
                f.line,
                f.message
            )
        })
        .collect()
}

#[test]
fn every_rule_fires_on_its_fixture_and_not_on_the_clean_one() {
    let mut checked = 0;
    for rule in RULES {
        let code = rule.code();
        let dir = fixtures().join(code);
        assert!(dir.join("fires").is_dir(), "{code}: no fires/ fixture");
        assert!(dir.join("clean").is_dir(), "{code}: no clean/ fixture");
        let fired = lines(&scan(&dir.join("fires")), code);
        assert!(!fired.is_empty(), "{code} did not fire on its fixture");
        insta::assert_snapshot!(format!("fires_{code}"), fired);
        let clean = lines(&scan(&dir.join("clean")), code);
        assert!(
            clean.is_empty(),
            "{code} fired on its clean fixture:\n{clean}"
        );
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} rules");
}

#[test]
fn every_fixture_belongs_to_a_rule() {
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ajar_analyze::rules::find(&name).is_some(),
            "orphan fixture {name}"
        );
    }
}

#[test]
fn personal_field_with_a_guest_rule_is_critical_and_latent_without_one() {
    let dir = fixtures().join("GUEST-002/fires");
    let r = scan(&dir);
    let f = r.findings.iter().find(|f| f.code == "GUEST-002").unwrap();
    assert_eq!(f.severity, ajar_model::finding::Severity::Critical);
    // The same grant without the rule: the site serves Aura requests, a bulk channel for
    // what the guest reads (issue #21, item 8): high.
    let tmp = tempfile_copy(&dir);
    std::fs::remove_dir_all(tmp.join("sharingRules")).unwrap();
    let r = scan(&tmp);
    let f = r.findings.iter().find(|f| f.code == "GUEST-002").unwrap();
    assert_eq!(f.severity, ajar_model::finding::Severity::High);
    assert!(f.message.contains("enableAuraRequests"), "{}", f.message);
    assert!(f.causes.iter().any(|c| c.span.line == 4), "{:?}", f.causes);
    // And without Aura requests: latent, medium.
    let site = tmp.join("sites/Help.site-meta.xml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(
        &site,
        text.replace("<enableAuraRequests>true", "<enableAuraRequests>false"),
    )
    .unwrap();
    let r = scan(&tmp);
    let f = r.findings.iter().find(|f| f.code == "GUEST-002").unwrap();
    assert_eq!(f.severity, ajar_model::finding::Severity::Medium);
    std::fs::remove_dir_all(&tmp).unwrap();
}

fn tempfile_copy(src: &Path) -> PathBuf {
    let dst = std::env::temp_dir().join(format!("ajar-fixture-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    copy_dir(src, &dst);
    dst
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}
