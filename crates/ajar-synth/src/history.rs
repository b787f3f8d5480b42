//! `history/`: the metadata's history as a bare git repository, as teams keep it with metadata
//! backups. Each commit's tree is the whole sfdx project (`deleteall` then every file), with the
//! real dates: the exposure opens on the window's first day and closes on the fix day, which is
//! `HEAD` (the fixed org). Each tree holds only what its date had (issue #20, item 13): the
//! exposure is the guest profile's Read on the applications, which the site's guest user owns
//! (no guest sharing rule: those came with Winter '20), the secure-guest setting appears from
//! Winter '20, and the API version a commit raises to is the one current on its date.
//!
//! Built with the `git` CLI: `git init --bare` with an empty template (no sample hooks), then
//! `git fast-import` fed a generated stream with fixed names, e-mails and dates, so that the same
//! seed gives the same object and pack bytes.

use crate::SynthError;
use crate::metadata::{self, State};
use crate::plan::{DAY_MS, Day, Plan};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const AUTHOR: &str = "Org Admin <admin@emoney-rescue.example.jp>";
const COMMITTER: &str = "Metadata Backup <backup@emoney-rescue.example.jp>";

/// One commit: when (Unix ms), message, state of the org after it.
pub(crate) struct Commit {
    pub(crate) ms: i64,
    pub(crate) message: String,
    pub(crate) state: State,
}

/// The commits, oldest first.
pub(crate) fn commits(plan: &Plan) -> Vec<Commit> {
    let s0 = State {
        birthdate: false,
        site: false,
        open: false,
        status: false,
        email: false,
        batch: false,
        api: "34.0",
        secure_guest_setting: false,
    };
    let start = plan.history_start.ms() + 2 * 3_600_000 + 1_000;
    let open = plan.opened_ms;
    let span = plan.fix_ms - open;
    let s1 = State {
        birthdate: true,
        ..s0
    };
    let s2 = State {
        site: true,
        api: "35.0",
        ..s1
    };
    let s3 = State {
        open: true,
        status: true,
        ..s2
    };
    let s4 = State { email: true, ..s3 };
    let s5 = State { batch: true, ..s4 };
    let at = |f: i64| open + span / 100 * f;
    let raise = at(83);
    let s6 = State {
        api: api_at(Day::of_ms(raise)),
        ..s5
    };
    let s7 = State { open: false, ..s6 };
    let mut v = vec![
        Commit { ms: start, message: "Initial org: applications object and operations profile".into(), state: s0 },
        Commit { ms: start + (open - start) / 3, message: "Add Birthdate__c for identity checks".into(), state: s1 },
        Commit { ms: open - 9 * DAY_MS - 3_600_000, message: "Add Emoney Rescue site with the application form".into(), state: s2 },
        Commit {
            ms: open,
            message: "Let site guests see their application status\n\nRead and Create on the object, field access and the status page for the\nsite guest profile. The guest user owns what visitors file."
                .into(),
            state: s3,
        },
        Commit { ms: at(22), message: "Add Email__c for staff follow-up".into(), state: s4 },
        Commit { ms: at(51), message: "Add ApplicationReminderBatch".into(), state: s5 },
        Commit { ms: raise, message: format!("Raise Apex and Visualforce API version to {}", s6.api), state: s6 },
        Commit {
            ms: plan.fix_ms + 120_000,
            message: "Close guest access to applications\n\nRemove Read and Create on the object, field access and the status page\nfrom the site guest profile."
                .into(),
            state: s7,
        },
    ];
    v.sort_by_key(|c| c.ms);
    // `enableSecureGuestAccess` exists from Winter '20 (last production weekend 2019-10-12).
    let winter_20 = Day::ymd(2019, 10, 12);
    for c in &mut v {
        c.state.secure_guest_setting = Day::of_ms(c.ms) >= winter_20;
    }
    v
}

/// The API version of the release in force on `day`: three releases a year, Spring (February),
/// Summer (June) and Winter (October, named after the next year); Winter '16 was 35.0.
fn api_at(day: Day) -> &'static str {
    const VERSIONS: &[&str] = &[
        "35.0", "36.0", "37.0", "38.0", "39.0", "40.0", "41.0", "42.0", "43.0", "44.0", "45.0",
        "46.0", "47.0", "48.0", "49.0", "50.0", "51.0", "52.0", "53.0", "54.0", "55.0", "56.0",
        "57.0", "58.0", "59.0", "60.0", "61.0", "62.0", "63.0", "64.0",
    ];
    let (y, m, _) = day.civil();
    let releases = 3 * (y - 2016) + i64::from(m >= 2) + i64::from(m >= 6) + i64::from(m >= 10);
    let i = usize::try_from(releases.max(0)).unwrap_or(0);
    VERSIONS
        .get(i)
        .or(VERSIONS.last())
        .copied()
        .unwrap_or("35.0")
}

fn stream(plan: &Plan) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, c) in commits(plan).iter().enumerate() {
        let secs = c.ms.div_euclid(1000);
        out.extend_from_slice(b"commit refs/heads/main\n");
        out.extend_from_slice(format!("mark :{}\n", i + 1).as_bytes());
        out.extend_from_slice(format!("author {AUTHOR} {secs} +0900\n").as_bytes());
        out.extend_from_slice(format!("committer {COMMITTER} {} +0900\n", secs + 7).as_bytes());
        out.extend_from_slice(format!("data {}\n{}\n", c.message.len(), c.message).as_bytes());
        if i > 0 {
            out.extend_from_slice(format!("from :{i}\n").as_bytes());
        }
        out.extend_from_slice(b"deleteall\n");
        for (path, body) in metadata::files(&c.state) {
            out.extend_from_slice(
                format!("M 100644 inline {path}\ndata {}\n", body.len()).as_bytes(),
            );
            out.extend_from_slice(body.as_bytes());
            out.push(b'\n');
        }
        out.push(b'\n');
    }
    out
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    // Ignore the user's and the system's configuration: the bytes must not depend on them.
    c.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .arg("-C")
        .arg(dir);
    c
}

pub(crate) fn write(plan: &Plan, dir: &Path) -> Result<(), SynthError> {
    fs_err::create_dir_all(dir)?;
    let fail = |step: &'static str, detail: String| SynthError::Git {
        path: dir.to_path_buf(),
        step,
        detail,
    };
    let out = git(dir)
        .args([
            "init",
            "--bare",
            "--quiet",
            "--template=",
            "--initial-branch=main",
            ".",
        ])
        .output()
        .map_err(|e| fail("init", e.to_string()))?;
    if !out.status.success() {
        return Err(fail(
            "init",
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    let mut child = git(dir)
        .args(["fast-import", "--quiet", "--date-format=raw"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail("fast-import", e.to_string()))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(&stream(plan))
            .map_err(|e| fail("fast-import", e.to_string()))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| fail("fast-import", e.to_string()))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        return Err(fail(
            "fast-import",
            msg.lines().next().unwrap_or("failed").to_string(),
        ));
    }
    Ok(())
}
