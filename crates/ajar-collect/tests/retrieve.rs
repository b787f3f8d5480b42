//! The metadata retrieve against the fake org (issue #18): hostile zip entries and a session the
//! Metadata API refuses are gaps, and nothing is written outside the folder.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a panic is a test failure"
)]

mod support;

use ajar_collect::fake::{FakeOrg, Fault, FaultKind};
use ajar_collect::{Silent, Source};
use support::{TOKEN, config, creds, options, synth};

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn a_retrieve_zip_that_would_write_outside_the_folder_is_a_gap_and_writes_nothing_there() {
    let dir = tempfile::tempdir().unwrap();
    let org = synth(dir.path());
    for evil in ["../../escaped.txt", "/tmp/absolute.txt", "a\\..\\..\\b.txt"] {
        let mut cfg = config();
        cfg.metadata_zip = Some(zip_of(&[("package.xml", b"<Package/>"), (evil, b"owned")]));
        let fake = FakeOrg::start(&org, cfg).unwrap();
        let out = dir.path().join("deep/out");
        let mut opts = options(&out);
        opts.only = [Source::Metadata].into_iter().collect();
        let outcome = ajar_collect::collect(&creds(&fake, TOKEN), &opts, &Silent).unwrap();
        assert_eq!(outcome.gaps.len(), 1, "{:?}", outcome.gaps);
        assert!(
            outcome.gaps[0].reason.contains("not a plain relative path"),
            "{}",
            outcome.gaps[0].reason
        );
        assert!(!dir.path().join("escaped.txt").exists());
        assert!(!dir.path().join("deep/escaped.txt").exists());
    }
}

#[test]
fn a_session_rejected_by_the_metadata_api_is_a_gap_naming_the_soap_call() {
    let dir = tempfile::tempdir().unwrap();
    let org = synth(dir.path());
    let mut cfg = config();
    cfg.faults = vec![Fault {
        path_contains: "/services/Soap/m/".into(),
        kind: FaultKind::Status(401),
        times: 1,
    }];
    let fake = FakeOrg::start(&org, cfg).unwrap();
    let out = dir.path().join("out");
    let mut opts = options(&out);
    opts.only = [Source::Metadata].into_iter().collect();
    let outcome = ajar_collect::collect(&creds(&fake, TOKEN), &opts, &Silent).unwrap();
    assert_eq!(outcome.gaps.len(), 1, "{:?}", outcome.gaps);
    let reason = &outcome.gaps[0].reason;
    assert!(
        reason.contains("POST /services/Soap/m/62.0") && reason.contains("session expired"),
        "{reason}"
    );
    assert!(!out.join("metadata").exists());
}
