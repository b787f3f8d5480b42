//! The independent checker: reads a generated org with csv, quick-xml, flate2 and git, derives
//! what was exposed and what outsiders read, and compares with `truth/truth.json`.

#![allow(dead_code, reason = "each test binary uses a subset")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test helper: a failure is a test failure"
)]

use crate::sources::{Geo, check_audit, check_history, read_logs};
use ajar_model::sfid::SfId;
pub(crate) use ajar_synth::{Encoding, Options, Scenario};
use quick_xml::events::Event;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub(crate) const NS: &str = "http://soap.sforce.com/2006/04/metadata";
pub(crate) const OBJECT: &str = "Balance_Transfer_Application__c";

pub(crate) fn generate(
    scenario: Scenario,
    seed: u64,
    scale: f64,
    encoding: Encoding,
) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    ajar_synth::generate(
        &Options {
            scenario,
            seed,
            scale,
            encoding,
        },
        &org,
    )
    .unwrap();
    (tmp, org)
}

pub(crate) fn truth(org: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(org.join("truth/truth.json")).unwrap()).unwrap()
}

/// Every file under `dir`, relative, sorted.
pub(crate) fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// What the checker derived.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) exposed: usize,
    pub(crate) persons: usize,
    pub(crate) confirmed: BTreeSet<String>,
    pub(crate) log_days: Vec<String>,
}

/// Runs every check; panics on the first mismatch.
pub(crate) fn check_org(org: &Path) -> Found {
    let t = truth(org);
    let s = |k: &str| t[k].as_str().unwrap().to_string();
    let n = |k: &str| t[k].as_u64().unwrap();
    check_xml_tree(&org.join("metadata"));
    // No guest sharing rule: the exposure is the guest profile's Read over the records the
    // site's guest user owns (a guest rule is metadata of Winter '20 and later).
    let rules = std::fs::read_to_string(org.join(format!(
        "metadata/force-app/main/default/sharingRules/{OBJECT}.sharingRules-meta.xml"
    )))
    .unwrap();
    assert!(
        !rules.contains("sharingGuestRules"),
        "no guest sharing rule"
    );
    check_guest_profile(org, &t);
    let export = read_export(org, &s("encoding"));
    let (start, end) = (s("window_start"), s("window_end"));
    let (guest, default_owner) = (s("guest_user_id"), s("default_owner_id"));
    let cutoff = s("default_owner_from");
    // Exposed: owned by the site's guest user and created inside the window (by date; the
    // generator keeps the UTC and JST dates equal).
    let mut exposed = BTreeSet::new();
    let mut persons = BTreeSet::new();
    let (mut after, mut to_default, mut staff) = (0, 0, 0);
    for row in &export {
        let date = &row["CreatedDate"][..10];
        let by_guest = row["CreatedById"] == guest;
        if row["OwnerId"] == guest {
            assert!(by_guest, "only what a visitor filed is guest-owned");
            assert!(
                date < cutoff.as_str(),
                "no guest-owned application after the default owner"
            );
        } else if by_guest {
            assert!(
                date >= cutoff.as_str(),
                "a visitor's application not guest-owned"
            );
            assert_eq!(row["OwnerId"], default_owner);
        } else {
            staff += 1;
            assert!(
                row["Channel__c"] != "Web" || row["Status__c"] == "Test",
                "staff file Store, Phone and Test applications"
            );
            continue;
        }
        if date > end.as_str() {
            after += 1;
            continue;
        }
        assert!(
            date >= start.as_str(),
            "a visitor's application before the window"
        );
        if row["OwnerId"] != guest {
            to_default += 1;
            continue;
        }
        exposed.insert(row["Id"].clone());
        let name: String = row["Applicant_Name__c"]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let phone: String = row["Broken_Device_Phone__c"]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        persons.insert(format!("{name}|{phone}"));
    }
    assert_eq!(exposed.len() as u64, n("exposed_records"));
    assert_eq!(persons.len() as u64, n("exposed_persons"));
    assert!(
        persons.len() < exposed.len(),
        "some persons applied more than once"
    );
    assert_eq!(after, t["decoys"]["after_closure"].as_u64().unwrap());
    assert!(after > 0);
    assert_eq!(to_default, t["decoys"]["default_owner"].as_u64().unwrap());
    let staff_decoys = t["decoys"]["outside_criteria_channel"].as_u64().unwrap()
        + t["decoys"]["outside_criteria_test"].as_u64().unwrap();
    assert_eq!(staff, staff_decoys, "staff-created applications");
    assert!(staff > 0, "decoys created by staff");
    check_users(org, &s("encoding"), &s("guest_user_id"));
    let geo = Geo::read(&org.join("geoip/ip-country.csv"));
    let logs = read_logs(org, &geo, &s("guest_user_id"));
    assert_eq!(logs.days.len(), 30);
    assert_eq!(logs.days.first().unwrap(), &s("log_first_day"));
    assert_eq!(logs.days.last().unwrap(), &end);
    assert!(logs.gz > 0, "some days are gzip-compressed");
    let want: BTreeSet<String> = t["confirmed_abroad_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(logs.confirmed, want);
    assert_eq!(want.len() as u64, n("confirmed_abroad_records"));
    assert!(
        logs.confirmed.is_subset(&exposed),
        "outsiders read only exposed applications"
    );
    assert!(logs.short_ids > 0, "15-character IDs in guest requests");
    assert!(logs.failed_abroad > 0, "failed guest attempts from abroad");
    assert_eq!(logs.jp_own_reads, n("guest_reads_own_record_jp"));
    for ip in t["confirmed_abroad_ips"].as_array().unwrap() {
        let (records, reads) = &logs.per_ip[ip["ip"].as_str().unwrap()];
        assert_eq!(
            records.len() as u64,
            ip["records"].as_u64().unwrap(),
            "{ip}"
        );
        assert_eq!(*reads, ip["reads"].as_u64().unwrap(), "{ip}");
    }
    assert_eq!(
        logs.per_ip.len(),
        t["confirmed_abroad_ips"].as_array().unwrap().len()
    );
    let reads: u64 = logs.per_ip.values().map(|v| v.1).sum();
    assert_eq!(reads, n("confirmed_abroad_reads"));
    for (c, ids) in &logs.per_country {
        assert_eq!(
            ids.len() as u64,
            t["confirmed_abroad_by_country"][c].as_u64().unwrap(),
            "{c}"
        );
    }
    let countries: BTreeSet<&str> = logs.countries.iter().map(String::as_str).collect();
    assert!(countries.len() >= 4, "{countries:?}");
    assert!(logs.ipv6 && logs.ipv4, "IPv4 and IPv6 outsiders");
    check_audit(
        org,
        &end,
        "object permissions for Balance Transfer Application",
    );
    check_history(org, &start, &end);
    Found {
        exposed: exposed.len(),
        persons: persons.len(),
        confirmed: logs.confirmed,
        log_days: logs.days,
    }
}

// ---------------------------------------------------------------------------------------------
// Metadata

/// Every XML file: the declaration, the metadata namespace on the root, 4-space indentation,
/// and well-formed for quick-xml.
fn check_xml_tree(dir: &Path) {
    let all = files(dir);
    assert!(all.iter().any(|p| p.ends_with("sfdx-project.json")));
    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.join("sfdx-project.json")).unwrap()).unwrap();
    assert_eq!(json["packageDirectories"][0]["path"], "force-app");
    let mut xml = 0;
    for rel in all
        .iter()
        .filter(|p| p.to_string_lossy().ends_with("-meta.xml"))
    {
        assert!(
            rel.starts_with("force-app/main/default"),
            "{}",
            rel.display()
        );
        let text = std::fs::read_to_string(dir.join(rel)).unwrap();
        assert!(
            text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            "{}",
            rel.display()
        );
        for line in text.lines().skip(1) {
            let lead = line.len() - line.trim_start_matches(' ').len();
            assert!(
                lead % 4 == 0 && !line.starts_with('\t'),
                "{}: indentation",
                rel.display()
            );
        }
        let mut r = quick_xml::Reader::from_str(&text);
        let mut root_ns = None;
        loop {
            match r.read_event().unwrap() {
                Event::Start(e) if root_ns.is_none() => {
                    root_ns = e
                        .attributes()
                        .map(|a| a.unwrap())
                        .find(|a| a.key.as_ref() == "xmlns")
                        .map(|a| a.value.to_string());
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(root_ns.as_deref(), Some(NS), "{}", rel.display());
        xml += 1;
    }
    assert!(xml >= 15, "{xml} XML files");
    for want in [
        format!("force-app/main/default/objects/{OBJECT}/{OBJECT}.object-meta.xml"),
        "force-app/main/default/sites/Emoney_Rescue.site-meta.xml".into(),
        "force-app/main/default/profiles/Emoney Rescue Profile.profile-meta.xml".into(),
        "force-app/main/default/classes/ApplicationFormController.cls".into(),
        "force-app/main/default/classes/ApplicationFormController.cls-meta.xml".into(),
        "force-app/main/default/pages/ApplicationStatus.page".into(),
        "force-app/main/default/settings/Sharing.settings-meta.xml".into(),
    ] {
        assert!(all.iter().any(|p| p == Path::new(&want)), "missing {want}");
    }
}

/// Elements by path of local names: `(path, text)` for every text node.
fn texts(xml: &str) -> Vec<(String, String)> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut starts = 0usize;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                stack.push(e.local_name().as_ref().to_string());
                starts += 1;
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(x) => {
                let v = x.as_ref().to_string();
                if !v.trim().is_empty() {
                    out.push((format!("{}#{starts}", stack.join("/")), v));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn check_guest_profile(org: &Path, t: &Value) {
    let xml = std::fs::read_to_string(
        org.join("metadata/force-app/main/default/profiles/Emoney Rescue Profile.profile-meta.xml"),
    )
    .unwrap();
    let tx = texts(&xml);
    assert!(
        tx.iter()
            .any(|(p, v)| p.starts_with("Profile/userLicense#") && v == "Guest User License")
    );
    // fieldPermissions come as editable, field, readable.
    let mut readable = BTreeSet::new();
    let mut unreadable = BTreeSet::new();
    let mut field = String::new();
    for (p, v) in &tx {
        let p = p.split('#').next().unwrap();
        if p == "Profile/fieldPermissions/field" {
            field = v.clone();
        } else if p == "Profile/fieldPermissions/readable" {
            if v == "true" {
                readable.insert(field.clone())
            } else {
                unreadable.insert(field.clone())
            };
        }
    }
    let want: BTreeSet<String> = t["exposed_fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(readable, want);
    for f in t["unreadable_fields"].as_array().unwrap() {
        assert!(unreadable.contains(f.as_str().unwrap()), "{f}");
    }
    assert!(
        tx.iter()
            .any(|(p, v)| p.starts_with("Profile/objectPermissions/object#") && v == OBJECT)
    );
    assert!(
        tx.iter()
            .any(|(p, v)| p.starts_with("Profile/objectPermissions/allowRead#") && v == "true"),
        "the guest profile reads the applications while the exposure is open"
    );
}

// ---------------------------------------------------------------------------------------------
// Export

fn decode(bytes: Vec<u8>, encoding: &str) -> String {
    match encoding {
        "utf-8" => String::from_utf8(bytes).unwrap(),
        "shift_jis" => {
            let (t, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
            assert!(!bad);
            t.into_owned()
        }
        other => panic!("encoding {other}"),
    }
}

/// Every value quoted, quotes doubled: re-writing the parsed rows with "always quote" must give
/// the same bytes.
pub(crate) fn assert_all_quoted(name: &str, text: &str) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let crlf = text.contains("\r\n");
    let term = if crlf {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(term)
        .from_writer(Vec::new());
    for rec in r.records() {
        w.write_record(&rec.unwrap()).unwrap();
    }
    let again = String::from_utf8(w.into_inner().unwrap()).unwrap();
    // A final line break is optional (the New Relic sample has none).
    let trim = |s: &str| s.trim_end_matches(['\r', '\n']).to_string();
    assert!(
        trim(&again) == trim(text),
        "{name}: not every value is quoted as RFC 4180 says"
    );
}

pub(crate) fn read_csv(name: &str, text: &str) -> Vec<BTreeMap<String, String>> {
    assert_all_quoted(name, text);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

pub(crate) fn is_iso_ms(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 24
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            23 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

fn read_export(org: &Path, encoding: &str) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(org.join(format!("export/{OBJECT}.csv"))).unwrap();
    assert!(!bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no BOM");
    let rows = read_csv("export", &decode(bytes, encoding));
    for (i, row) in rows.iter().enumerate() {
        let id = &row["Id"];
        assert_eq!(SfId::parse(id).unwrap().as_str(), id, "row {i}: 18-char Id");
        assert!(id.starts_with("a0B"));
        assert!(
            is_iso_ms(&row["CreatedDate"]) && row["CreatedDate"].ends_with(".000Z"),
            "row {i}"
        );
        assert_eq!(row["IsDeleted"], "false");
        let digits = row["Emoney_Number__c"]
            .chars()
            .filter(char::is_ascii_digit)
            .count();
        assert_eq!(digits, 16, "row {i}: 16-digit e-money number");
        let p: String = row["Broken_Device_Phone__c"]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        assert!(
            p.len() == 11 && ["070", "080", "090"].contains(&&p[..3]),
            "row {i}: mobile number"
        );
    }
    rows
}

fn check_users(org: &Path, encoding: &str, guest: &str) {
    let users = read_csv(
        "User.csv",
        &decode(
            std::fs::read(org.join("export/User.csv")).unwrap(),
            encoding,
        ),
    );
    let guests: Vec<_> = users.iter().filter(|u| u["UserType"] == "Guest").collect();
    assert_eq!(guests.len(), 1);
    assert_eq!(guests[0]["Id"], guest);
    for col in [
        "Id",
        "Username",
        "Name",
        "UserType",
        "ProfileId",
        "IsActive",
    ] {
        assert!(users[0].contains_key(col), "User.csv lacks {col}");
    }
}
