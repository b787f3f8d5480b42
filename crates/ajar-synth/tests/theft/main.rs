//! Issue #16: `--scenario token-theft` checked from its files alone. An independent reader
//! (the csv crate, serde_json, a few lines of SOQL for the query shapes the scenario uses)
//! names the actor from `ioc.csv` and the keys its logins share, re-derives what each actor
//! request took from the logs and the Data Export as it stood at that moment, tells persons
//! apart by the investigation's keys, finds the planted credentials, and compares all of it with
//! `truth/truth.json`; the truth is also checked for self-consistency (IDs in the export,
//! records created later excluded, persons computed from the taken records).

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test: a failure is a test failure"
)]

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

mod reader;
mod taken;

use reader::*;
use taken::{check_objects, check_secrets, taken_by_requests};

/// Runs every check on one org.
fn check(org: &Path) {
    let t = truth(org);
    assert_eq!(t["schema"], "ajar.synth-truth-token-theft/1");
    let iocs = indicators(org);
    let evs = events(org);
    let actor = check_actor(org, &t, &iocs, &evs);
    check_vendor_and_window(&t, &evs, &actor);
    let ex = export(org);
    let taken = taken_by_requests(&t, &ex, &actor.events);
    check_objects(&t, &ex, &taken);
    check_secrets(&t, &ex, &taken.ids);
    check_jobs_and_history(org, &t, &evs, &actor, &iocs);
}

/// The indicator list: IP addresses and user agents.
struct Iocs {
    ips: BTreeSet<String>,
    agents: BTreeSet<String>,
}

/// The actor's events, the login and session keys they share, and their addresses.
struct Actor<'a> {
    events: Vec<&'a Ev>,
    keys: BTreeSet<&'a str>,
    ips: BTreeSet<String>,
}

fn indicators(org: &Path) -> Iocs {
    let (header, iocs) = read_csv(&org.join("ioc.csv"));
    assert_eq!(header, ["type", "value", "source"]);
    let ips: BTreeSet<String> = iocs
        .iter()
        .filter(|r| r["type"] == "ip")
        .map(|r| r["value"].clone())
        .collect();
    let agents: BTreeSet<String> = iocs
        .iter()
        .filter(|r| r["type"] == "user_agent")
        .map(|r| r["value"].clone())
        .collect();
    assert_eq!(ips.len(), 2);
    Iocs { ips, agents }
}

/// The actor: events matching an indicator, then every event sharing their keys; its addresses,
/// countries and one user are the truth's.
fn check_actor<'a>(org: &Path, t: &Value, iocs: &Iocs, evs: &'a [Ev]) -> Actor<'a> {
    let (ioc_ips, ioc_agents) = (&iocs.ips, &iocs.agents);
    let direct: Vec<&Ev> = evs
        .iter()
        .filter(|e| ioc_ips.contains(&e.ip) || ioc_agents.contains(&e.ua))
        .collect();
    let keys: BTreeSet<&str> = direct
        .iter()
        .flat_map(|e| [e.login_key.as_str(), e.session_key.as_str()])
        .filter(|k| !k.is_empty())
        .collect();
    let actor: Vec<&Ev> = evs
        .iter()
        .filter(|e| {
            ioc_ips.contains(&e.ip)
                || ioc_agents.contains(&e.ua)
                || keys.contains(e.login_key.as_str())
                || keys.contains(e.session_key.as_str())
        })
        .collect();
    let actor_ips: BTreeSet<String> = actor.iter().map(|e| e.ip.clone()).collect();
    let truth_ips: BTreeSet<String> = t["actor"]["ips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["ip"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actor_ips, truth_ips);
    let pivots: Vec<&Value> = t["actor"]["ips"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["reached_by"] == "session")
        .collect();
    assert_eq!(
        pivots.len(),
        1,
        "one address reached only through a session"
    );
    let pivot = pivots[0]["ip"].as_str().unwrap();
    assert!(!ioc_ips.contains(pivot) && pivots[0]["in_ioc"] == false);
    assert!(
        !evs.iter().any(|e| e.ip == pivot && e.kind == "Login"),
        "the pivot address never logs in"
    );
    let geo = read_csv(&org.join("geoip/ip-country.csv")).1;
    for ip in &actor_ips {
        let c = t["actor"]["ips"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["ip"] == ip.as_str())
            .unwrap()["country"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(!c.is_empty(), "{ip} has a country");
        assert!(geo.iter().any(|g| g["country"] == c));
    }
    // One user: the integration user, also the vendor's.
    let users: BTreeSet<String> = actor
        .iter()
        .filter_map(|e| e.row.get("USER_ID_DERIVED").or(e.row.get("UserId")))
        .cloned()
        .collect();
    assert_eq!(users, strs(&t["actor"]["users"]));
    assert_eq!(
        users.iter().next().unwrap(),
        t["integration_user_id"].as_str().unwrap()
    );
    Actor {
        events: actor,
        keys,
        ips: actor_ips,
    }
}

/// The vendor's sync: same user, its own addresses, never the actor's keys; the window: first
/// and last actor event, the first being the refresh-token login.
fn check_vendor_and_window(t: &Value, evs: &[Ev], actor: &Actor) {
    let (keys, actor_ips) = (&actor.keys, &actor.ips);
    let vendor_ips = strs(&t["not_counted"]["vendor_sync"]["ips"]);
    let vendor: Vec<&Ev> = evs.iter().filter(|e| vendor_ips.contains(&e.ip)).collect();
    assert!(vendor.len() as u64 >= t["not_counted"]["vendor_sync"]["logins"].as_u64().unwrap());
    assert!(vendor.iter().all(|e| !keys.contains(e.login_key.as_str())));
    assert!(vendor_ips.is_disjoint(actor_ips));
    let first = actor.events.iter().min_by_key(|e| e.ms).unwrap();
    let last = actor.events.iter().max_by_key(|e| e.ms).unwrap();
    assert_eq!(first.ms, ms(t["window"]["start"].as_str().unwrap()));
    assert_eq!(last.ms, ms(t["window"]["end"].as_str().unwrap()));
    assert_eq!(first.kind, "Login");
    assert_eq!(first.row["LOGIN_SUB_TYPE"], "oauthrefreshtoken");
    assert_eq!(first.login_key, t["window"]["first_login"]["login_key"]);
    assert_eq!(last.kind, "BulkApi2");
    assert_eq!(last.row["JOB_STATUS"], "Deleted");
}

/// The deleted job, the administrator's export (not the actor's), the one-day ApiTotalUsage, and
/// Login History naming the connected app.
fn check_jobs_and_history(org: &Path, t: &Value, evs: &[Ev], actor: &Actor, iocs: &Iocs) {
    let (actor_ips, ioc_ips) = (&actor.ips, &iocs.ips);
    // The deleted job: REST DELETE and the BulkApi2 deletion row, by the actor.
    let job = &t["deleted_jobs"][0];
    let id15 = job["job_id"].as_str().unwrap();
    let id18 = job["job_id18"].as_str().unwrap();
    assert!(actor.events.iter().any(|e| e.kind == "RestApi"
        && e.row["METHOD"] == "DELETE"
        && e.row["URI"].ends_with(id18)));
    assert!(actor.events.iter().any(|e| e.kind == "BulkApi2"
        && e.row["JOB_ID"] == id15
        && e.row["JOB_STATUS"] == "Deleted"));
    // The administrator's export: a completed Contact job, kept, not the actor's.
    let admin = &t["not_counted"]["admin_export"];
    let admin_rows: Vec<&Ev> = evs
        .iter()
        .filter(|e| e.kind == "BulkApi2" && e.row["JOB_ID"] == admin["job_id"].as_str().unwrap())
        .collect();
    assert!(
        admin_rows
            .iter()
            .any(|e| e.row["JOB_STATUS"] == "JobComplete")
    );
    assert!(admin_rows.iter().all(|e| e.row["JOB_STATUS"] != "Deleted"));
    assert!(!actor_ips.contains(admin["ip"].as_str().unwrap()));
    // ApiTotalUsage is kept one day: only the last log day has it, without the actor.
    assert_eq!(
        strs(&t["api_total_usage_days"]),
        BTreeSet::from([t["log_last_day"].as_str().unwrap().to_string()])
    );
    assert!(!actor.events.iter().any(|e| e.kind == "ApiTotalUsage"));
    // Login History names the connected app behind the actor's logins.
    let (_, history) = read_csv(&org.join("logs/LoginHistory.csv"));
    assert!(history.iter().any(|r| ioc_ips.contains(&r["SourceIp"])
        && r["Application"] == t["connected_app"].as_str().unwrap()));
}

#[test]
fn three_seeds_and_two_scales_match_their_truth() {
    for (seed, scale) in [(1, 0.05), (2, 0.05), (3, 0.05), (2, 1.0)] {
        let (_tmp, org) = generate(seed, scale);
        check(&org);
    }
}

#[test]
fn same_seed_same_bytes_other_seed_other_story() {
    let (_a, a) = generate(7, 0.05);
    let (_b, b) = generate(7, 0.05);
    let (_c, c) = generate(8, 0.05);
    let list = |d: &Path| {
        let mut out = Vec::new();
        let mut stack = vec![d.to_path_buf()];
        while let Some(x) = stack.pop() {
            for e in std::fs::read_dir(&x).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.push(p.strip_prefix(d).unwrap().to_path_buf());
                }
            }
        }
        out.sort();
        out
    };
    let fa = list(&a);
    assert_eq!(fa, list(&b));
    for rel in &fa {
        assert!(
            std::fs::read(a.join(rel)).unwrap() == std::fs::read(b.join(rel)).unwrap(),
            "{} differs",
            rel.display()
        );
    }
    let (ta, tc) = (truth(&a), truth(&c));
    assert_ne!(ta["window"], tc["window"]);
    assert_ne!(ta["records_taken"], tc["records_taken"]);
}

#[test]
fn scale_changes_the_noise_not_the_facts() {
    let (_a, a) = generate(5, 0.05);
    let (_b, b) = generate(5, 0.5);
    let (ta, tb) = (truth(&a), truth(&b));
    for k in [
        "objects",
        "window",
        "secrets",
        "deleted_jobs",
        "actor",
        "persons_taken",
    ] {
        assert_eq!(ta[k], tb[k], "{k}");
    }
    assert!(tb["log_rows"].as_u64().unwrap() > 3 * ta["log_rows"].as_u64().unwrap());
}
