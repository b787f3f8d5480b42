//! Helpers shared by the fake-org test binaries: a small synth org, the fake org's settings and
//! the collection options the tests start from.

#![allow(
    clippy::unwrap_used,
    dead_code,
    unreachable_pub,
    reason = "test helpers; each test binary uses a part of them"
)]

use ajar_collect::auth::{Credentials, Token};
use ajar_collect::fake::{Config, FakeOrg};
use ajar_collect::{Options, RetryPolicy};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const TOKEN: &str = "00DFAKE!canary-token-7f3a";

pub fn synth(dir: &Path) -> PathBuf {
    let org = dir.join("org");
    let opts = ajar_synth::Options {
        scenario: ajar_synth::Scenario::Small,
        seed: 7,
        scale: 0.05,
        encoding: ajar_synth::Encoding::Utf8,
    };
    ajar_synth::generate(&opts, &org).unwrap();
    org
}

pub fn config() -> Config {
    Config {
        token: TOKEN.into(),
        page_size: 6,
        ..Config::default()
    }
}

pub fn options(out: &Path) -> Options {
    let mut o = Options::new(
        out.to_path_buf(),
        "2000-01-01".parse().unwrap(),
        "2100-01-01".parse().unwrap(),
    );
    o.objects = vec!["Profile".into()];
    o.retry = RetryPolicy {
        retries: 4,
        base: Duration::from_millis(1),
    };
    o.bulk_page = Some(2);
    o
}

pub fn creds(fake: &FakeOrg, token: &str) -> Credentials {
    Credentials::new(&fake.url, Token::new(token)).unwrap()
}
