//! Where the tests' input files live, written once for the crate's unit and integration tests.
//!
//! `testdata/` at the repository root holds the public samples the tests read (copied with
//! their licences, see `testdata/samples/README.md`) and hand-written fixtures
//! (`testdata/handmade/`). The one public sample without a licence (`GSA__SF_WorkSpace`) is not
//! copied: hand-written fixtures under `testdata/handmade/` cover its behaviours.

use std::path::{Path, PathBuf};

/// `testdata/<rel>` at the repository root; the test fails when it is missing.
pub(crate) fn testdata(rel: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel);
    assert!(p.exists(), "test data missing at {}", p.display());
    p
}
