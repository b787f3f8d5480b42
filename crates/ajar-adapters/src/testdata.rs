//! Where the tests' input files live, written once for the crate's unit and integration tests.
//!
//! `testdata/` at the repository root holds the public samples the tests read (copied with
//! their licences, see `testdata/samples/README.md`) and hand-written fixtures
//! (`testdata/handmade/`). One public sample carries no licence and is not copied
//! (`GSA__SF_WorkSpace`): a test that reads it runs only when the read-only `../shared/samples/`
//! sits beside the repository, and a hand-written fixture covers the same behaviour without it.

use std::path::{Path, PathBuf};

/// `testdata/<rel>` at the repository root; the test fails when it is missing.
pub(crate) fn testdata(rel: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel);
    assert!(p.exists(), "test data missing at {}", p.display());
    p
}

/// `../shared/samples/<rel>` beside the repository, or `None` when it is not there, as in a
/// fresh clone (the caller then skips that part).
pub(crate) fn shared_sample(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/samples")
        .join(rel);
    p.exists().then_some(p)
}
