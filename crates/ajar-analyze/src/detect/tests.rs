//! Each detection: an event list that fires and one that must stay quiet; the registry's
//! meta-tests.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

mod apps;
mod guests;

use super::*;
use ajar_model::event::{AccessEvent, ApiDetail, Outcome, PrincipalClass};
use ajar_model::sfid::SfId;

const INTEGRATION: &str = "0057F0000000253QAA";
const DAY: i64 = 86_400_000;
/// 2025-08-03T00:00:00Z.
const T0: i64 = 1_754_179_200_000;

fn at(ms: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(T0 + ms).unwrap()
}

fn ev(ms: i64, event_type: &str, ip: &str, api: ApiDetail) -> AccessEvent {
    AccessEvent {
        time: at(ms),
        event_type: event_type.into(),
        principal: PrincipalClass::Internal,
        principal_reason: String::new(),
        user_id: Some(INTEGRATION.into()),
        ip: ip.parse().ok(),
        log_country: None,
        outcome: Outcome::Read,
        record_ids: Vec::new(),
        objects: Vec::new(),
        uri: None,
        request_id: None,
        session_key: None,
        user_agent: None,
        actions: Vec::new(),
        api: Some(Box::new(api)),
        source: ajar_model::span::Span::new(format!("{event_type}.csv"), 2 + ms as u64 % 1000),
    }
}

fn login(ms: i64, ip: &str, key: &str, sub: &str) -> AccessEvent {
    ev(
        ms,
        "Login",
        ip,
        ApiDetail {
            login_key: Some(key.into()),
            login_sub_type: Some(sub.into()),
            ..ApiDetail::default()
        },
    )
}

fn query(ms: i64, ip: &str, key: &str, q: &str, rows: u64) -> AccessEvent {
    ev(
        ms,
        "API",
        ip,
        ApiDetail {
            login_key: Some(key.into()),
            query: Some(q.into()),
            rows: Some(rows),
            ..ApiDetail::default()
        },
    )
}

fn rest(ms: i64, key: &str, method: &str, uri: &str) -> AccessEvent {
    let mut e = ev(
        ms,
        "RestApi",
        "54.80.10.7",
        ApiDetail {
            login_key: Some(key.into()),
            operation: Some(method.into()),
            ..ApiDetail::default()
        },
    );
    e.uri = Some(uri.into());
    e
}

fn bulk(ms: i64, job: &str, status: &str, rows: u64) -> AccessEvent {
    ev(
        ms,
        "BulkApi2",
        "54.80.10.7",
        ApiDetail {
            login_key: Some("kB".into()),
            job_id: Some(job.into()),
            job_status: Some(status.into()),
            rows: Some(rows),
            ..ApiDetail::default()
        },
    )
}

fn codes(events: &[AccessEvent]) -> Vec<(String, Severity)> {
    let list: Vec<(AccessEvent, Option<&str>)> =
        events.iter().map(|e| (e.clone(), Some("US"))).collect();
    run(&Config::default(), &list)
        .into_iter()
        .map(|f| (f.code, f.severity))
        .collect()
}

fn has(events: &[AccessEvent], code: &str) -> bool {
    codes(events).iter().any(|(c, _)| c == code)
}

/// The vendor's routine: a refresh-token login every hour from its two usual addresses, a
/// query of about ten rows each.
fn routine(days: i64) -> Vec<AccessEvent> {
    let mut out = Vec::new();
    for h in 0..days * 24 {
        let ip = if h % 2 == 0 {
            "54.80.10.7"
        } else {
            "54.80.17.9"
        };
        let key = format!("v{h}");
        out.push(login(h * 3_600_000, ip, &key, "oauthrefreshtoken"));
        out.push(query(
            h * 3_600_000 + 2_000,
            ip,
            &key,
            "SELECT Id FROM Contact WHERE LastModifiedDate > 2025-08-01T00:00:00Z",
            5 + (h % 10) as u64,
        ));
    }
    out
}

#[test]
fn hunt_001_fires_on_a_published_address_after_its_date() {
    let mut events = routine(8);
    events.push(login(7 * DAY, "208.68.36.90", "kA", "oauthrefreshtoken"));
    let found = codes(&events);
    assert!(
        found.contains(&("HUNT-001".into(), Severity::High)),
        "{found:?}"
    );
}

#[test]
fn hunt_001_stays_quiet_before_the_date_and_on_other_addresses() {
    let mut events = routine(2);
    // 2020: the address was not yet published as the intruder's.
    let mut old = login(0, "208.68.36.90", "kA", "oauthrefreshtoken");
    old.time = "2020-11-01T00:00:00Z".parse().unwrap();
    events.push(old);
    assert!(!has(&events, "HUNT-001"));
}

#[test]
fn hunt_001_matches_the_users_own_indicators() {
    let ind = ajar_model::actor::Indicator {
        kind: ajar_model::actor::IndicatorKind::Cidr,
        value: "54.80.17.0/24".into(),
        source: None,
        origin: "iocs.csv:2".into(),
    };
    let cfg = Config::new(vec![ind], &std::collections::HashMap::new(), None);
    let list: Vec<(AccessEvent, Option<&str>)> =
        routine(1).into_iter().map(|e| (e, None)).collect();
    let found = run(&cfg, &list);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("iocs.csv:2"));
    assert!(found[0].ioc.contains(&"ip,54.80.17.9,HUNT-001".to_string()));
}

#[test]
fn hunt_002_fires_on_a_token_login_from_a_new_network() {
    let mut events = routine(8);
    events.push(login(8 * DAY, "89.160.20.115", "kA", "oauthrefreshtoken"));
    let list: Vec<(AccessEvent, Option<&str>)> = events
        .iter()
        .map(|e| {
            (
                e.clone(),
                Some(if e.ip == "89.160.20.115".parse().ok() {
                    "SE"
                } else {
                    "US"
                }),
            )
        })
        .collect();
    let found = run(&Config::default(), &list);
    let f = found.iter().find(|f| f.code == "HUNT-002").unwrap();
    assert_eq!(f.severity, Severity::High);
    assert!(
        f.message.contains("89.160.20.0/24") && f.message.contains("8 day(s)"),
        "{}",
        f.message
    );
    assert_eq!(f.user.as_deref(), Some(INTEGRATION));
}

#[test]
fn hunt_002_stays_quiet_on_routine_and_without_a_baseline() {
    assert!(!has(&routine(8), "HUNT-002"));
    // A user's first login ever has no baseline to differ from.
    let first = vec![login(0, "210.148.20.5", "kX", "oauthpassword")];
    assert!(!has(&first, "HUNT-002"));
    // A browser login from a new network is not a token login.
    let mut events = routine(3);
    events.push(login(3 * DAY, "89.160.20.115", "kU", ""));
    assert!(!has(&events, "HUNT-002"));
}

#[test]
fn hunt_003_fires_on_counts_across_objects_within_minutes() {
    let mut events = routine(1);
    for (i, o) in ["Account", "Contact", "User"].iter().enumerate() {
        events.push(query(
            DAY + i as i64 * 60_000,
            "44.215.108.109",
            "kA",
            &format!("SELECT COUNT() FROM {o}"),
            100,
        ));
    }
    let found = codes(&events);
    assert!(
        found.contains(&("HUNT-003".into(), Severity::High)),
        "{found:?}"
    );
}

#[test]
fn hunt_003_stays_quiet_on_spread_out_or_few_calls() {
    let mut events = routine(1);
    events.push(query(
        DAY,
        "54.80.10.7",
        "kA",
        "SELECT COUNT() FROM Account",
        100,
    ));
    events.push(rest(
        DAY + 60_000,
        "kA",
        "GET",
        "/services/data/v58.0/limits/",
    ));
    // A third target, but an hour later.
    events.push(rest(
        DAY + 3_600_000,
        "kA",
        "GET",
        "/services/data/v58.0/sobjects/",
    ));
    assert!(!has(&events, "HUNT-003"));
}

#[test]
fn hunt_004_fires_on_a_job_deleted_right_after_completion() {
    let events = vec![
        bulk(0, "7507F0000000FgV", "JobComplete", 336),
        rest(
            100_000,
            "kB",
            "DELETE",
            "/services/data/v58.0/jobs/query/7507F0000000FgVQAU",
        ),
    ];
    let found = codes(&events);
    assert!(
        found.contains(&("HUNT-004".into(), Severity::High)),
        "{found:?}"
    );
}

#[test]
fn hunt_004_stays_quiet_on_a_kept_job() {
    let events = vec![
        bulk(0, "7507F0000000AaA", "InProgress", 0),
        bulk(60_000, "7507F0000000AaA", "JobComplete", 900),
        rest(
            70_000,
            "kB",
            "GET",
            "/services/data/v58.0/jobs/query/7507F0000000AaAQAU/results",
        ),
    ];
    assert!(!has(&events, "HUNT-004"));
    // Deleted a day later: clean-up, not "right after".
    let later = vec![
        bulk(0, "7507F0000000AaA", "JobComplete", 900),
        bulk(DAY, "7507F0000000AaA", "Deleted", 900),
    ];
    assert!(!has(&later, "HUNT-004"));
}

#[test]
fn hunt_005_fires_on_a_session_far_above_its_users_usual() {
    let mut events = routine(2);
    events.push(query(
        2 * DAY,
        "44.215.108.109",
        "kA",
        "SELECT Id, Subject FROM Case",
        12_400,
    ));
    let found = codes(&events);
    assert!(
        found.contains(&("HUNT-005".into(), Severity::High)),
        "{found:?}"
    );
}

#[test]
fn hunt_005_follows_the_threshold_and_needs_a_baseline() {
    let mut events = routine(2);
    events.push(query(
        2 * DAY,
        "54.80.10.7",
        "kA",
        "SELECT Id FROM Case",
        1_500,
    ));
    assert!(has(&events, "HUNT-005"));
    let list: Vec<(AccessEvent, Option<&str>)> = events.iter().map(|e| (e.clone(), None)).collect();
    let cfg = Config {
        threshold: 500.0,
        ..Config::default()
    };
    assert!(!run(&cfg, &list).iter().any(|f| f.code == "HUNT-005"));
    // An administrator's only export: no baseline.
    let admin = vec![query(
        0,
        "210.148.20.5",
        "kX",
        "SELECT Id FROM Contact",
        50_000,
    )];
    assert!(!has(&admin, "HUNT-005"));
    // Counts return no rows.
    let mut counts = routine(2);
    counts.push(query(
        2 * DAY,
        "54.80.10.7",
        "kA",
        "SELECT COUNT() FROM Case",
        90_000,
    ));
    assert!(!has(&counts, "HUNT-005"));
}

fn guest_read(ms: i64, ip: &str) -> AccessEvent {
    let mut e = ev(ms, "VisualforceRequest", ip, ApiDetail::default());
    e.principal = PrincipalClass::Guest;
    e.user_id = Some("0057F00000002LAQAY".into());
    e.record_ids = vec![SfId::parse("a0B7F0000001k89UAA").unwrap()];
    e
}

fn staff_login(ms: i64) -> AccessEvent {
    login(ms, "210.148.10.30", "kS", "")
}

fn with_countries(events: &[AccessEvent]) -> Vec<(AccessEvent, Option<&'static str>)> {
    events
        .iter()
        .map(|e| {
            let c = match e.ip.map(|i| i.to_string()).as_deref() {
                Some("175.16.199.7") => "CN",
                _ => "JP",
            };
            (e.clone(), Some(c))
        })
        .collect()
}

#[test]
fn hunt_006_fires_on_guest_reads_from_abroad() {
    let events = vec![
        staff_login(0),
        staff_login(DAY),
        guest_read(2 * DAY, "175.16.199.7"),
    ];
    let found = run(&Config::default(), &with_countries(&events));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "HUNT-006");
    assert!(found[0].message.contains("in CN") && found[0].message.contains("outside JP"));
    assert_eq!(found[0].ioc, vec!["ip,175.16.199.7,HUNT-006".to_string()]);
}

#[test]
fn hunt_006_stays_quiet_on_domestic_guests_and_staff() {
    let events = vec![staff_login(0), guest_read(DAY, "210.148.99.1")];
    assert!(run(&Config::default(), &with_countries(&events)).is_empty());
    // `--outside CN` says CN is home.
    let cfg = Config::new(
        Vec::new(),
        &std::collections::HashMap::new(),
        Some("CN".into()),
    );
    let abroad = vec![guest_read(DAY, "175.16.199.7")];
    assert!(run(&cfg, &with_countries(&abroad)).is_empty());
}

#[test]
fn merging_in_any_order_gives_the_same_findings() {
    let mut events = routine(8);
    events.push(login(8 * DAY, "208.68.36.90", "kA", "oauthrefreshtoken"));
    for (i, o) in ["Account", "Contact", "User"].iter().enumerate() {
        events.push(query(
            8 * DAY + i as i64 * 60_000,
            "208.68.36.90",
            "kA",
            &format!("SELECT COUNT() FROM {o}"),
            10,
        ));
    }
    events.push(query(
        8 * DAY + 300_000,
        "208.68.36.90",
        "kA",
        "SELECT Id FROM Case",
        9_000,
    ));
    let cfg = Config::default();
    let feed = |evs: &[AccessEvent]| {
        let mut d = Detector::default();
        for e in evs {
            d.observe(
                &cfg,
                &Obs {
                    ev: e,
                    country: Some("US"),
                    anomaly: None,
                },
            );
        }
        d
    };
    let (a, b) = events.split_at(events.len() / 2);
    let mut ab = feed(a);
    ab.merge(feed(b));
    let mut ba = feed(b);
    ba.merge(feed(a));
    let ab = ab.finish(&cfg);
    assert_eq!(ab, ba.finish(&cfg));
    assert_eq!(ab, feed(&events).finish(&cfg));
    assert!(ab.len() >= 4, "{ab:?}");
}

#[test]
fn codes_are_unique_and_sorted() {
    let codes: Vec<&str> = DETECTIONS.iter().map(|d| d.code()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted);
    assert!(codes.iter().all(|c| c.starts_with("HUNT-")));
    assert_eq!(find("hunt-003").map(|d| d.name()), Some("ApiRecon"));
}

#[test]
fn every_doc_has_its_headings() {
    for d in DETECTIONS {
        let doc = d.doc();
        let mut at = 0;
        for h in [
            "## What it checks",
            "## Why it matters",
            "## Example",
            "## How to tune",
        ] {
            let i = doc
                .find(h)
                .unwrap_or_else(|| panic!("{} lacks `{h}`", d.code()));
            assert!(i >= at, "{}: headings out of order", d.code());
            at = i;
        }
    }
}

#[test]
fn published_indicators_have_a_source_and_a_date() {
    let (list, from) = published::indicators();
    assert_eq!(list.len(), published::INDICATORS.len());
    assert!(from.iter().all(Option::is_some));
    assert!(list.iter().all(|i| {
        i.source
            .as_deref()
            .is_some_and(|s| s.contains("intrusions.md §2"))
    }));
}
