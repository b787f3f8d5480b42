//! Helpers shared by the integration tests (`use crate::support;` in each module that needs them).

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `ajar` binary Cargo built for this test binary.
pub(crate) const AJAR: &str = env!("CARGO_BIN_EXE_ajar");

/// "Now" of every run unless a test sets its own `SOURCE_DATE_EPOCH`: 2026-01-01T00:00:00Z.
pub(crate) const EPOCH: &str = "1767225600";

/// The `ajar` command as every test runs it: no colour, `TZ=UTC`, "now" from
/// `SOURCE_DATE_EPOCH` ([`EPOCH`]), and neither a backtrace setting nor a Salesforce token
/// inherited from the developer's shell. A test that needs another zone, epoch, variable or
/// working directory sets it on the returned command.
pub(crate) fn ajar() -> Command {
    with_env(Command::new(AJAR))
}

/// `ajar` started by `program args…` with the binary's path as its last argument (e.g.
/// `sh -c 'umask 000; exec "$@"' sh`), with [`ajar`]'s environment.
pub(crate) fn ajar_through(program: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args).arg(AJAR);
    with_env(cmd)
}

fn with_env(mut cmd: Command) -> Command {
    cmd.env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("RUST_BACKTRACE")
        .env_remove("SF_ACCESS_TOKEN");
    cmd
}

/// Runs `ajar args…` ([`ajar`]) to its end; the caller checks the exit code.
pub(crate) fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    ajar().args(args).output().unwrap()
}

/// Asserts that a run succeeded, showing its exit code, stdout and stderr otherwise.
pub(crate) fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A list of arguments mixing `&str` and paths, as `&[&OsStr]`.
macro_rules! args {
    ($($a:expr),* $(,)?) => { &[$(std::ffi::OsStr::new($a)),*] };
}
pub(crate) use args;

/// The arguments of `hunt` over a synthetic org: its logs, GeoIP table and users, and the
/// locale and zone its Setup Audit Trail is written in; `extra` follows.
pub(crate) fn hunt_org(org: &Path, extra: &[&str]) -> Vec<std::ffi::OsString> {
    let mut a: Vec<std::ffi::OsString> = vec![
        "hunt".into(),
        org.join("logs").into(),
        "--geoip".into(),
        org.join("geoip/ip-country.csv").into(),
        "--users".into(),
        org.join("export/User.csv").into(),
        "--locale".into(),
        "en_US".into(),
        "--tz".into(),
        "America/Los_Angeles".into(),
    ];
    a.extend(extra.iter().map(std::ffi::OsString::from));
    a
}

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

/// The Python of the virtual environment `target/<venv>` with `import` working: created and
/// `pip install`ed with `packages` on first use (`.ci/run` does the same beforehand, quietly).
/// Without Python, network or the packages the calling test fails and says why: it never
/// passes without running the engine.
pub(crate) fn venv_python(venv: &str, packages: &[&str], import: &str) -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target")
        .join(venv);
    let py = venv.join("bin/python");
    let works = |py: &Path| {
        Command::new(py)
            .args(["-c", import])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !works(&py) {
        let st = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 is needed for the scale-out equivalence tests");
        assert!(st.success(), "python3 -m venv {} failed", venv.display());
        let st = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet"])
            .args(packages)
            .status()
            .unwrap();
        assert!(
            st.success(),
            "pip install {} into {} failed (no network?)",
            packages.join(" "),
            venv.display()
        );
    }
    assert!(
        works(&py),
        "`{import}` fails in {}: install {} there",
        py.display(),
        packages.join(" ")
    );
    py
}
