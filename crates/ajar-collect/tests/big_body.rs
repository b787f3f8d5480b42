//! A 200 MB log body streams to disk without being held in memory (issue #18): its own test
//! binary, so that the process's peak RSS is this test's alone.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a panic is a test failure"
)]

use ajar_collect::auth::{Credentials, Token};
use ajar_collect::fake::{Config, FakeOrg, GeneratedLog};
use ajar_collect::{Options, RetryPolicy, Silent, Source, verify};
use std::time::Duration;

/// Peak resident set of this process in bytes (`VmHWM`), where /proc exists.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn a_200_mb_log_body_is_streamed_with_flat_memory() {
    const SIZE: u64 = 200_000_000;
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org");
    std::fs::create_dir_all(&org).unwrap();
    let cfg = Config {
        token: "00DFAKE!big".into(),
        generated: vec![GeneratedLog {
            date: "2020-11-20".into(),
            event_type: "API".into(),
            bytes: SIZE,
        }],
        ..Config::default()
    };
    let fake = FakeOrg::start(&org, cfg).unwrap();
    let out = dir.path().join("out");
    let mut opts = Options::new(
        out.clone(),
        "2020-11-01".parse().unwrap(),
        "2020-12-01".parse().unwrap(),
    );
    opts.only = [Source::Logs].into_iter().collect();
    opts.retry = RetryPolicy {
        retries: 2,
        base: Duration::from_millis(1),
    };
    let before = peak_rss();
    let creds = Credentials::new(&fake.url, Token::new("00DFAKE!big")).unwrap();
    let outcome = ajar_collect::collect(&creds, &opts, &Silent).unwrap();
    let after = peak_rss();
    assert!(outcome.gaps.is_empty(), "{:?}", outcome.gaps);
    let file = out.join("logs/2020-11-20/API.csv");
    assert_eq!(std::fs::metadata(&file).unwrap().len(), SIZE);
    assert_eq!(outcome.bytes, SIZE);
    assert!(verify::verify(&out).unwrap().is_clean());
    // Server and client share this process: together they may not hold a body's worth.
    if let (Some(b), Some(a)) = (before, after) {
        let grew = a.saturating_sub(b);
        assert!(grew < 48 << 20, "peak RSS grew by {} MB", grew >> 20);
    }
}
