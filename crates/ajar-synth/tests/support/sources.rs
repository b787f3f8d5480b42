//! The checker's log, GeoIP, audit-trail and history readers (csv, flate2, git CLI).

#![allow(dead_code, reason = "each test binary uses a subset")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test helper: a failure is a test failure"
)]

use crate::check::{OBJECT, is_iso_ms, read_csv};
use ajar_model::sfid::SfId;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::net::IpAddr;
use std::path::Path;
use std::process::Command;

// ---------------------------------------------------------------------------------------------
// GeoIP and logs

pub(crate) struct Geo(Vec<(u128, u128, bool, String)>);

fn ip_num(ip: IpAddr) -> (u128, bool) {
    match ip {
        IpAddr::V4(a) => (u128::from(u32::from(a)), true),
        IpAddr::V6(a) => (u128::from(a), false),
    }
}

impl Geo {
    pub(crate) fn read(path: &Path) -> Self {
        let mut r = csv::Reader::from_path(path).unwrap();
        assert_eq!(r.headers().unwrap(), vec!["start", "end", "country"]);
        let mut v = Vec::new();
        for rec in r.records() {
            let rec = rec.unwrap();
            let (a, v4) = ip_num(rec[0].parse().unwrap());
            let (b, w4) = ip_num(rec[1].parse().unwrap());
            assert_eq!(v4, w4);
            v.push((a, b, v4, rec[2].to_string()));
        }
        assert!(v.iter().any(|x| x.2) && v.iter().any(|x| !x.2));
        Self(v)
    }

    pub(crate) fn country(&self, ip: &str) -> Option<&str> {
        let (n, v4) = ip_num(ip.parse().ok()?);
        self.0
            .iter()
            .find(|r| r.2 == v4 && r.0 <= n && n <= r.1)
            .map(|r| r.3.as_str())
    }
}

#[derive(Default)]
pub(crate) struct Logs {
    pub(crate) days: Vec<String>,
    pub(crate) gz: usize,
    pub(crate) guest_apex: usize,
    pub(crate) confirmed: BTreeSet<String>,
    pub(crate) countries: BTreeSet<String>,
    /// Per outside address: distinct records, successful reads.
    pub(crate) per_ip: BTreeMap<String, (BTreeSet<String>, u64)>,
    /// Per country: distinct records.
    pub(crate) per_country: BTreeMap<String, BTreeSet<String>>,
    pub(crate) short_ids: usize,
    pub(crate) failed_abroad: usize,
    pub(crate) jp_own_reads: u64,
    pub(crate) ipv4: bool,
    pub(crate) ipv6: bool,
}

const TYPES: &[&str] = &[
    "URI",
    "RestApi",
    "AuraRequest",
    "VisualforceRequest",
    "ApexExecution",
    "API",
    "Login",
];

fn is_timestamp(v: &str) -> bool {
    let (head, frac) = v.split_once('.').unwrap_or((v, ""));
    head.len() == 14
        && head.bytes().all(|c| c.is_ascii_digit())
        && (v.len() == 14
            || (1..=3).contains(&frac.len()) && frac.bytes().all(|c| c.is_ascii_digit()))
}

/// The record ID a guest request names, by event type (formats.md §2.3).
fn record_id(kind: &str, row: &BTreeMap<String, String>) -> Option<String> {
    let raw = match kind {
        "URI" => row["URI"].strip_prefix('/')?.to_string(),
        "RestApi" => row["URI"]
            .split_once("/sobjects/")?
            .1
            .split('/')
            .nth(1)?
            .to_string(),
        "VisualforceRequest" => row["QUERY"].strip_prefix("?id=")?.to_string(),
        _ => return None,
    };
    if raw.len() == 15 || raw.len() == 18 {
        Some(raw)
    } else {
        None
    }
}

pub(crate) fn read_logs(org: &Path, geo: &Geo, guest: &str) -> Logs {
    let mut out = Logs::default();
    let dir = org.join("logs");
    let mut days: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    days.sort();
    for day in &days {
        let mut vf_requests = BTreeSet::new();
        let mut guest_apex = Vec::new();
        for kind in TYPES {
            let plain = dir.join(day).join(format!("{kind}.csv"));
            let gz = dir.join(day).join(format!("{kind}.csv.gz"));
            let text = if plain.exists() {
                std::fs::read_to_string(&plain).unwrap()
            } else {
                out.gz += 1;
                let mut s = String::new();
                flate2::read::GzDecoder::new(std::fs::File::open(&gz).unwrap())
                    .read_to_string(&mut s)
                    .unwrap();
                s
            };
            let name = format!("{day}/{kind}");
            let rows = read_csv(&name, &text);
            let header = text.lines().next().unwrap();
            for col in header.split(',') {
                let col = col.trim_matches('"');
                assert!(
                    col.bytes()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_'),
                    "{name}: {col}"
                );
            }
            for col in [
                "EVENT_TYPE",
                "TIMESTAMP",
                "TIMESTAMP_DERIVED",
                "REQUEST_ID",
                "USER_ID",
                "USER_ID_DERIVED",
                "CLIENT_IP",
            ] {
                assert!(header.contains(&format!("\"{col}\"")), "{name}: no {col}");
            }
            assert_eq!(
                header.contains("\"USER_TYPE\""),
                *kind != "ApexExecution",
                "{name}"
            );
            for (i, row) in rows.iter().enumerate() {
                assert_eq!(row["EVENT_TYPE"], *kind, "{name} row {i}");
                assert!(is_timestamp(&row["TIMESTAMP"]), "{name} row {i}: TIMESTAMP");
                assert!(
                    row["TIMESTAMP"].starts_with(&day.replace('-', "")),
                    "{name} row {i}: day"
                );
                let td = &row["TIMESTAMP_DERIVED"];
                assert!(
                    td.is_empty() || is_iso_ms(td),
                    "{name} row {i}: TIMESTAMP_DERIVED"
                );
                assert_eq!(row["USER_ID"].len(), 15, "{name} row {i}");
                assert_eq!(
                    SfId::parse(&row["USER_ID"]).unwrap().as_str(),
                    row["USER_ID_DERIVED"]
                );
                let ip = row["CLIENT_IP"].as_str();
                let country = if ip == "Salesforce.com IP" {
                    None
                } else {
                    Some(
                        geo.country(ip)
                            .unwrap_or_else(|| panic!("{name} row {i}: address not in geoip")),
                    )
                };
                if *kind == "VisualforceRequest" {
                    vf_requests.insert(row["REQUEST_ID"].clone());
                }
                let is_guest = match row.get("USER_TYPE") {
                    Some(t) => t == "Guest",
                    None => row["USER_ID_DERIVED"] == guest,
                };
                if *kind == "ApexExecution" && is_guest {
                    guest_apex.push(row["REQUEST_ID"].clone());
                }
                if !is_guest {
                    continue;
                }
                let Some(raw) = record_id(kind, row) else {
                    continue;
                };
                let Ok(id) = SfId::parse(&raw) else { continue };
                let abroad = country.is_some_and(|c| c != "JP");
                if row["REQUEST_STATUS"] != "S" {
                    if abroad {
                        out.failed_abroad += 1;
                    }
                    continue;
                }
                if abroad {
                    out.confirmed.insert(id.as_str().to_string());
                    let c = country.unwrap_or("").to_string();
                    out.countries.insert(c.clone());
                    let e = out.per_ip.entry(ip.to_string()).or_default();
                    e.0.insert(id.as_str().to_string());
                    e.1 += 1;
                    out.per_country
                        .entry(c)
                        .or_default()
                        .insert(id.as_str().to_string());
                    out.short_ids += usize::from(raw.len() == 15);
                    out.ipv6 |= ip.contains(':');
                    out.ipv4 |= !ip.contains(':');
                } else if country == Some("JP") {
                    out.jp_own_reads += 1;
                }
            }
        }
        out.guest_apex += guest_apex.len();
        for r in guest_apex {
            assert!(
                vf_requests.contains(&r),
                "{day}: ApexExecution {r} joins no VisualforceRequest"
            );
        }
    }
    assert!(out.guest_apex > 0, "guest ApexExecution rows");
    out.days = days;
    out
}

// ---------------------------------------------------------------------------------------------
// Audit trail and history

pub(crate) fn check_audit(org: &Path, closure: &str, change: &str) {
    let text = std::fs::read_to_string(org.join("logs/SetupAuditTrail.csv")).unwrap();
    assert!(text.starts_with(
        "\"Date\",\"User\",\"Source Namespace Prefix\",\"Action\",\"Section\",\"Delegate User\"\n"
    ));
    let rows = read_csv("SetupAuditTrail.csv", &text);
    let (y, m, d) = (
        &closure[..4],
        closure[5..7].trim_start_matches('0'),
        closure[8..].trim_start_matches('0'),
    );
    let us = format!("{m}/{d}/{y}, ");
    let hits: Vec<_> = rows
        .iter()
        .filter(|r| r["Date"].starts_with(&us) && r["Action"].contains(change))
        .collect();
    assert_eq!(hits.len(), 1, "the closing change on {us}");
    assert!(hits[0]["Date"].ends_with(" JST"));
    assert!(rows.len() > 10, "ordinary admin changes");
}

fn git(org: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(org.join("history"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Whether a tree's guest profile reads the applications (`allowRead` true on the object);
/// `None` when the tree has no guest profile.
fn guest_reads(profile: Option<&str>) -> bool {
    let Some(xml) = profile else { return false };
    xml.split("<objectPermissions>").skip(1).any(|block| {
        block.contains(&format!("<object>{OBJECT}</object>"))
            && block.contains("<allowRead>true</allowRead>")
    })
}

pub(crate) fn check_history(org: &Path, start: &str, end: &str) {
    let log = git(
        org,
        &["log", "--reverse", "--format=%H %ad", "--date=short"],
    );
    let path = "force-app/main/default/profiles/Emoney Rescue Profile.profile-meta.xml";
    let rules_path = format!("force-app/main/default/sharingRules/{OBJECT}.sharingRules-meta.xml");
    let mut opened = None;
    let mut closed = None;
    let mut last_open = None;
    let commits: Vec<&str> = log.lines().collect();
    assert!(commits.len() >= 5, "ordinary commits too");
    for line in &commits {
        let (hash, date) = line.split_once(' ').unwrap();
        let tree = git(org, &["ls-tree", "-r", "--name-only", hash]);
        assert!(
            tree.lines().any(|l| l == "sfdx-project.json"),
            "{hash}: full sfdx project"
        );
        let rules = git(org, &["show", &format!("{hash}:{rules_path}")]);
        assert!(
            !rules.contains("sharingGuestRules"),
            "{hash}: no guest rule"
        );
        let settings = git(
            org,
            &[
                "show",
                &format!("{hash}:force-app/main/default/settings/Sharing.settings-meta.xml"),
            ],
        );
        assert_eq!(
            settings.contains("enableSecureGuestAccess"),
            date >= "2019-10-12",
            "{hash} {date}: the secure-guest setting exists from Winter '20"
        );
        let profile = tree
            .lines()
            .any(|l| l == path)
            .then(|| git(org, &["show", &format!("{hash}:{path}")]));
        let open = guest_reads(profile.as_deref());
        if open && opened.is_none() {
            opened = Some(date.to_string());
        }
        if open {
            last_open = Some(hash.to_string());
        }
        if !open && opened.is_some() && closed.is_none() {
            closed = Some(date.to_string());
        }
    }
    assert_eq!(opened.as_deref(), Some(start));
    assert_eq!(closed.as_deref(), Some(end));
    let head = git(org, &["show", &format!("HEAD:{path}")]);
    assert!(!guest_reads(Some(&head)), "HEAD is the fixed org");
    // metadata/ is the last tree with the exposure open.
    let open_tree = git(org, &["show", &format!("{}:{path}", last_open.unwrap())]);
    assert_eq!(
        open_tree,
        std::fs::read_to_string(org.join("metadata").join(path)).unwrap()
    );
}
