"""Checks that `maturin build --features workspace-parity` can reuse the test build's artifacts:
every (crate, features) that `cargo tree -p ajar-py` resolves must also be in what
`cargo tree --workspace` resolves with dev-dependencies (see Cargo.toml, `workspace-parity`).
Prints the crates that drifted and exits 1. Run by run.sh.
"""
import subprocess
import sys


def tree(*args):
    out = subprocess.run(
        ["cargo", "tree", "--locked", "--prefix", "none", "-f", "{p}|{f}", *args],
        check=True, capture_output=True, text=True,
    ).stdout
    return {l.replace(" (*)", "").strip() for l in out.splitlines() if "|" in l}


ws = tree("--workspace", "-e", "normal,build,dev")
py = tree("-p", "ajar-py", "--features", "workspace-parity", "-e", "normal,build")
drift = sorted(l for l in py - ws if not l.startswith("ajar"))
if drift:
    print("ajar-py: these crates get other features than in `cargo test --workspace`, so the",
          "wheel build compiles them (and what depends on them) again; add the workspace's",
          "features to `workspace-parity` in crates/ajar-py/Cargo.toml:", file=sys.stderr)
    for l in drift:
        print("  " + l, file=sys.stderr)
    sys.exit(1)
