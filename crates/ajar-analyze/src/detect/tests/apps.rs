//! HUNT-007 (queryAll), HUNT-008 (first use of an app or client), HUNT-009 (a connected app
//! change in the audit trail, then pulls): events that fire, events that must stay quiet.

use super::*;
use ajar_model::event::AuditEvent;

const STAFF: &str = "0057F00000001ABQAY";

fn soap(ms: i64, method: &str, client: &str, rows: u64) -> AccessEvent {
    let mut e = ev(
        ms,
        "API",
        "185.220.101.7",
        ApiDetail {
            login_key: Some("kQ".into()),
            operation: Some(method.into()),
            client_name: (!client.is_empty()).then(|| client.into()),
            query: Some("SELECT Id, Email FROM Contact".into()),
            rows: Some(rows),
            ..ApiDetail::default()
        },
    );
    e.objects = vec!["Contact".into()];
    e
}

fn ui_login(ms: i64, user: &str) -> AccessEvent {
    let mut e = ev(
        ms,
        "Login",
        "210.148.10.30",
        ApiDetail {
            login_key: Some("kU".into()),
            login_type: Some("Application".into()),
            ..ApiDetail::default()
        },
    );
    e.user_id = Some(user.into());
    e
}

fn found(cfg: &Config, events: &[AccessEvent], audits: &[AuditEvent]) -> Vec<HuntFinding> {
    let mut d = Detector::default();
    for a in audits {
        d.observe_audit(a);
    }
    for e in events {
        d.observe(
            cfg,
            &Obs {
                ev: e,
                country: Some("US"),
                anomaly: None,
            },
        );
    }
    d.finish(cfg)
}

#[test]
fn hunt_007_fires_on_query_all_by_an_integration_user() {
    let mut events = routine(2);
    events.push(soap(DAY, "queryAll", "DataLoaderPartnerUI/", 48_210));
    let f: Vec<_> = run(&Config::default(), &with_countries(&events))
        .into_iter()
        .filter(|f| f.code == "HUNT-007")
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::High);
    assert!(
        f[0].message
            .contains("queryAll 1 time(s) over Contact, returning 48210 row(s)")
            && f[0].message.contains("integration user"),
        "{}",
        f[0].message
    );
    assert!(f[0].ioc.contains(&format!("user,{INTEGRATION},HUNT-007")));
    // REST `/queryAll` is the same call.
    let mut e = rest(
        DAY,
        "kR",
        "GET",
        "/services/data/v58.0/queryAll/?q=SELECT+Id+FROM+Lead",
    );
    e.api.as_mut().unwrap().operation = Some("GET".into());
    assert!(has(&[e], "HUNT-007"));
}

#[test]
fn hunt_007_is_medium_for_a_person_and_quiet_on_plain_queries() {
    // A person who logs in through the browser and runs queryAll: medium.
    let mut person = soap(DAY, "queryAll", "", 12);
    person.user_id = Some(STAFF.into());
    let events = vec![ui_login(0, STAFF), person];
    assert_eq!(
        codes(&events),
        vec![("HUNT-007".to_string(), Severity::Medium)]
    );
    // `query` and `queryMore` raise nothing, nor does a failed queryAll.
    let mut failed = soap(DAY, "queryAll", "", 0);
    failed.outcome = Outcome::Attempt;
    let quiet = vec![
        soap(0, "query", "", 10),
        soap(1, "queryMore", "", 10),
        failed,
    ];
    assert!(!has(&quiet, "HUNT-007"));
}

#[test]
fn hunt_008_fires_on_a_client_first_used_after_a_day_of_logs() {
    let mut events = routine(3);
    events.push(soap(
        2 * DAY + 5_000,
        "query",
        "My Ticket Portal/1.0",
        184_002,
    ));
    events.push(soap(2 * DAY + 9_000, "query", "My Ticket Portal/1.1", 10));
    let f: Vec<_> = run(&Config::default(), &with_countries(&events))
        .into_iter()
        .filter(|f| f.code == "HUNT-008")
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Medium);
    assert!(
        f[0].message.starts_with("client `My Ticket Portal/1.0` was first used at 2025-08-05T00:00:05Z, after 2 day(s) of API logs without it")
            && f[0].message.contains("2 event(s), 184012 row(s) returned"),
        "{}",
        f[0].message
    );
}

#[test]
fn hunt_008_stays_quiet_on_clients_seen_from_the_start() {
    let mut events = routine(3);
    // The vendor's client from the first hour, a new version of it later, and Login History's
    // `Browser`.
    events.push(soap(0, "query", "Drift/4.2", 10));
    events.push(soap(2 * DAY, "query", "Drift/4.3", 10));
    let mut browser = ui_login(2 * DAY, STAFF);
    browser.api.as_mut().unwrap().connected_app_name = Some("Browser".into());
    events.push(browser);
    assert!(!has(&events, "HUNT-008"));
    // Nothing is new on the input's first day.
    assert!(!has(
        &[soap(0, "query", "X/1", 1), soap(DAY - 1, "query", "Y/1", 1)],
        "HUNT-008"
    ));
}

fn audit(ms: i64, user: &str, section: &str, action: &str) -> AuditEvent {
    AuditEvent {
        time: at(ms),
        user: user.into(),
        section: section.into(),
        action: action.into(),
        source: ajar_model::span::Span::new("SetupAuditTrail.csv", 7),
    }
}

#[test]
fn hunt_009_fires_on_pulls_after_a_connected_app_change() {
    let mut usernames = std::collections::HashMap::new();
    usernames.insert("J.Doe@example.com".to_string(), SfId::parse(STAFF).unwrap());
    let cfg = Config::new(Vec::new(), &usernames, None);
    let change = audit(
        DAY,
        "j.doe@example.com",
        "Connected Apps",
        "Installed connected app My Ticket Portal",
    );
    // By the same user (joined through its username), and through the app by name.
    let mut by_user = soap(DAY + 3_600_000, "query", "", 1_000);
    by_user.user_id = Some(STAFF.into());
    let by_app = soap(DAY + 7_200_000, "queryAll", "My Ticket Portal/1.0", 183_002);
    let f: Vec<_> = found(&cfg, &[by_user, by_app], &[change])
        .into_iter()
        .filter(|f| f.code == "HUNT-009")
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::High);
    assert_eq!(
        f[0].message,
        "Connected Apps: \"Installed connected app My Ticket Portal\" by j.doe@example.com at 2025-08-04T00:00:00Z was followed within 24 h by 2 API call(s) returning 184002 row(s)"
    );
    assert_eq!(f[0].evidence[0].file, "SetupAuditTrail.csv");
    assert_eq!(f[0].first, at(DAY));
}

#[test]
fn hunt_009_stays_quiet_without_pulls_in_the_window_or_on_other_changes() {
    let cfg = Config::default();
    let change = audit(
        DAY,
        "admin@example.com",
        "Connected Apps",
        "Created connected app Portal",
    );
    // Pulls by someone else through another app, pulls two days later, a pull with no rows.
    let other = soap(DAY + 60_000, "query", "Drift/4.2", 500);
    let mut late = soap(3 * DAY + 3_600_000, "query", "Portal/1", 500);
    late.user_id = Some("0057F00000009ZZQAY".into());
    let empty = soap(DAY + 60_000, "query", "Portal/1", 0);
    assert!(
        found(&cfg, &[other, late, empty], &[change])
            .iter()
            .all(|f| f.code != "HUNT-009")
    );
    // A change that is not about a connected app.
    let sharing = audit(
        DAY,
        "admin@example.com",
        "Sharing Rules",
        "Created sharing rule Portal",
    );
    let pull = soap(DAY + 60_000, "query", "Portal/1", 500);
    assert!(
        found(&cfg, &[pull], &[sharing])
            .iter()
            .all(|f| f.code != "HUNT-009")
    );
}
