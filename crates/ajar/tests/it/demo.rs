//! `ajar demo`: the seed scenario's figures, computed from its raw files (issue #7).

use std::path::Path;
use std::process::Output;

use crate::support;

fn demo(tz: &str, out: &Path, org: &Path) -> Output {
    support::ajar()
        .args([
            "demo", "--lang", "en", "--scale", "0.02", "--seed", "3", "--out",
        ])
        .arg(out)
        .arg("--org")
        .arg(org)
        .env("TZ", tz)
        .output()
        .unwrap()
}

#[test]
fn demo_prints_the_seed_figures_and_writes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let org = dir.path().join("org");
    let run = demo("Pacific/Kiritimati", &out, &org);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(org.join("truth/truth.json")).unwrap()).unwrap();
    let persons = truth["exposed_persons"].as_u64().unwrap();
    let persons = format!("{},{:03}", persons / 1000, persons % 1000);
    for needle in [
        "exposed records: 89,141",
        &format!("persons: {persons}"),
        "window: 2016-01-15 → 2020-11-26",
        "name (",
        "phone number (",
        "e-money, prepaid or account number (",
        "JP-APPI-2017 (as it was): report recommended",
        "APPI-E4 [yes]",
        "preliminary report (速報): 2020-11-26 … 2020-11-28",
        "final report (確報), 30 days: 2020-12-23",
        "final report (確報), 60 days: 2021-01-22 (conditional)",
    ] {
        assert!(
            stdout.contains(needle),
            "`{needle}` missing from:\n{stdout}"
        );
    }
    // Issue #14: confirmed means third parties (102, all from abroad); the applicants who read
    // their own application are counted apart, never as outside viewing.
    let abroad = truth["confirmed_abroad_records"].as_u64().unwrap();
    assert_eq!(abroad, 102);
    assert!(
        stdout.contains("confirmed read: 102 records / 102 persons (from abroad: 102)"),
        "{stdout}"
    );
    let own = truth["guest_reads_own_record_jp"].as_u64().unwrap();
    let own = if own >= 1000 {
        format!("{},{:03}", own / 1000, own % 1000)
    } else {
        own.to_string()
    };
    assert!(
        stdout.contains(&format!(
            "self-service reads (data subjects, not counted above): {own} records"
        )),
        "{stdout}"
    );
    for f in [
        "incident.json",
        "report.html",
        "regulator_report.ja.md",
        "public_notice.en.md",
        "notification_list.csv",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // Issue #8, determinism: a second run under another time zone writes the same bytes (the
    // generated org and every output) and prints the same summary.
    let (out2, org2) = (dir.path().join("report2"), dir.path().join("org2"));
    let again = demo("America/Adak", &out2, &org2);
    assert!(again.status.success());
    support::same_trees("demo --org", &org, &org2);
    support::same_trees("demo --out", &out, &out2);
    let norm = |o: &Output, dir: &Path| {
        String::from_utf8_lossy(&o.stdout).replace(dir.to_str().unwrap(), "OUT")
    };
    assert_eq!(norm(&run, &out), norm(&again, &out2), "demo stdout");

    // Issue #8, personal data: the console never shows an applicant's values; the list that
    // holds them is 0600.
    let console = [run.stdout.as_slice(), run.stderr.as_slice()].concat();
    let console = String::from_utf8_lossy(&console);
    let export = org.join("export/Balance_Transfer_Application__c.csv");
    let mut csv = csv::Reader::from_path(&export).unwrap();
    let headers = csv.headers().unwrap().clone();
    let personal: Vec<usize> = [
        "Applicant_Name__c",
        "Broken_Device_Phone__c",
        "Emoney_Number__c",
    ]
    .iter()
    .map(|c| headers.iter().position(|h| h == *c).unwrap())
    .collect();
    let mut checked = 0;
    for row in csv.records() {
        let row = row.unwrap();
        for &i in &personal {
            let v = &row[i];
            if v.len() >= 6 {
                assert!(!console.contains(v), "demo printed a personal value");
                checked += 1;
            }
        }
    }
    assert!(checked > 100_000, "only {checked} values checked");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(out.join("notification_list.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// Issue #16: `ajar demo --scenario token-theft` runs the intrusion case end to end: the
/// figures it prints are the truth's, computed from the raw files and the vendor's indicators.
#[test]
fn demo_token_theft_prints_what_the_intruder_took() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let org = dir.path().join("org");
    let run = support::ajar()
        .args([
            "demo",
            "--scenario",
            "token-theft",
            "--lang",
            "en",
            "--seed",
            "5",
        ])
        .arg("--out")
        .arg(&out)
        .arg("--org")
        .arg(&org)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(org.join("truth/truth.json")).unwrap()).unwrap();
    let n = |v: &serde_json::Value| {
        let n = v.as_u64().unwrap();
        if n >= 1000 {
            format!("{},{:03}", n / 1000, n % 1000)
        } else {
            n.to_string()
        }
    };
    let day = truth["window"]["start"].as_str().unwrap()[..10].to_owned();
    for needle in [
        format!("exposed records: {} ", n(&truth["records_taken"])),
        format!("persons: {}", n(&truth["persons_taken"])),
        format!("window: {day} → {day}"),
        format!(
            "credentials in the fields taken: {} (",
            truth["secrets_taken"]
        ),
        "APPI-E3 [yes] access with a wrongful purpose established".to_owned(),
        "secrets_to_rotate.csv".to_owned(),
    ] {
        assert!(
            stdout.contains(&needle),
            "`{needle}` missing from:\n{stdout}"
        );
    }
    let report = std::fs::read_to_string(out.join("regulator_report.en.md")).unwrap();
    assert!(
        report.contains("A third-party application's credentials (Drift) were used from"),
        "{report}"
    );
    assert!(!report.to_lowercase().contains("guest"), "{report}");
    // The HTML report shows the intruder's timeline with each take's evidence strength, the
    // deleted job, and the credentials to rotate (never the secret).
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for needle in [
        "The intruder's timeline",
        "login (oauthrefreshtoken)",
        "bulk job deleted",
        "<td>evaluated</td>",
        "Credentials in the fields that left",
    ] {
        assert!(html.contains(needle), "`{needle}` missing from report.html");
    }
    assert!(!html.contains("AKIA"), "a secret's preview in report.html");
}
