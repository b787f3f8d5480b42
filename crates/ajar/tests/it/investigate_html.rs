//! The HTML report opened in headless Chromium: it renders, shows the figures, logs no console
//! error and makes no external request (issue #7).

use std::path::Path;
use std::process::Command;

use crate::support::{ok, run};

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn report_renders_in_headless_chromium_with_the_figures() {
    let Some(browser) = chromium() else {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "chromium is not installed: `.ci/run` installs the Debian package `chromium`"
        );
        // Locally a missing browser is a skip, said out loud.
        let mut err = std::io::stderr().lock();
        let _ = std::io::Write::write_all(
            &mut err,
            b"SKIPPED: chromium not installed (CI installs it)\n",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org");
    let o = |p: &Path| p.to_str().unwrap().to_owned();
    ok(&run(&[
        "synth",
        "--scenario",
        "small",
        "--seed",
        "31",
        "--scale",
        "0.01",
        "--out",
        &o(&org),
        "--quiet",
    ]));
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(org.join("truth/truth.json")).unwrap()).unwrap();
    std::fs::rename(org.join("truth"), dir.path().join("truth")).unwrap();
    let out = dir.path().join("out");
    ok(&run(&[
        "investigate",
        "--metadata",
        &o(&org.join("metadata")),
        "--export",
        &o(&org.join("export")),
        "--history",
        &o(&org.join("history")),
        "--discovered",
        truth["discovered"].as_str().unwrap(),
        "--lang",
        "en",
        "--out",
        &o(&out),
    ]));
    let profile = dir.path().join("chromium-profile");
    let url = format!("file://{}", out.join("report.html").display());
    let run = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let dom = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let thousands = |n: u64| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    for figure in [
        thousands(truth["exposed_records"].as_u64().unwrap()),
        thousands(truth["exposed_persons"].as_u64().unwrap()),
        truth["window_start"].as_str().unwrap().to_owned(),
        truth["window_end"].as_str().unwrap().to_owned(),
    ] {
        assert!(
            dom.contains(&figure),
            "{figure} missing from the rendered DOM"
        );
    }
    assert!(
        dom.contains("<svg") && dom.contains("Decisions"),
        "timeline and decisions render"
    );
    // Console messages are logged as `CONSOLE(...)` / `Console`; the page has no script at all.
    for line in stderr.lines() {
        let l = line.to_lowercase();
        assert!(
            !(l.contains("console") && l.contains("error")),
            "console error: {line}"
        );
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("https://") && !html.contains("<script") && !html.contains("<link"));
}
