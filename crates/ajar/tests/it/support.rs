//! Helpers shared by the integration tests (`use crate::support;` in each module that needs them).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `testdata/<rel>` at the repository root: the public samples copied with their licences
/// (`testdata/samples/README.md`) and hand-written fixtures (`testdata/handmade/`).
pub(crate) fn testdata(rel: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel);
    assert!(p.exists(), "test data missing at {}", p.display());
    p
}

/// Every file under `dir` by relative path (`/`-separated); empty if `dir` does not exist.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Asserts that two folders hold the same files with the same bytes.
pub(crate) fn same_trees(what: &str, a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert!(!ta.is_empty(), "{what}: nothing written");
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "{what}: different files"
    );
    for (name, bytes) in &ta {
        assert!(bytes == &tb[name], "{what}: {name} differs between runs");
    }
}
