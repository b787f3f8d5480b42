//! HUNT-010 (guest Aura scraping) and HUNT-011 (Threat Detection's guest anomaly events):
//! events that fire, events that must stay quiet.

use super::*;

const GET_ITEMS: &str = "serviceComponent://ui.force.components.controllers.lists.selectableListDataProvider.SelectableListDataProviderController/ACTION$getItems";
const RECORD: &str = "aura://RecordUiController/ACTION$getRecordWithFields";
const CONFIG: &str = "aura://HostConfigController/ACTION$getConfigData";

fn aura(ms: i64, ip: &str, actions: &[&str]) -> AccessEvent {
    let mut e = ev(ms, "AuraRequest", ip, ApiDetail::default());
    e.api = None;
    e.principal = PrincipalClass::Guest;
    e.user_id = Some("0057F00000002LAQAY".into());
    e.uri = Some("/s/sfsites/aura".into());
    e.actions = actions.iter().map(|a| a.to_string()).collect();
    e
}

#[test]
fn hunt_010_fires_on_data_calls_faster_than_a_visitor() {
    // 120 calls in 6 minutes: 60 list pages and 60 records.
    let events: Vec<AccessEvent> = (0..60)
        .map(|i| aura(DAY + i * 6_000, "203.0.113.50", &[GET_ITEMS, RECORD]))
        .collect();
    let f = run(&Config::default(), &with_countries(&events));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].code, "HUNT-010");
    assert_eq!(f[0].severity, Severity::High);
    assert_eq!(
        f[0].message,
        "guest requests from 203.0.113.50 called data actions 120 time(s) (60 getItems, 60 getRecordWithFields), at most 120 within 10 minutes"
    );
    assert_eq!(f[0].ioc, vec!["ip,203.0.113.50,HUNT-010".to_string()]);
}

#[test]
fn hunt_010_stays_quiet_on_visitors_and_page_loads() {
    // 99 data calls within 10 minutes; 200 spread over a day; page loads without data actions;
    // a staff member's fast clicking is not a guest.
    let mut events: Vec<AccessEvent> = (0..99)
        .map(|i| aura(DAY + i * 6_000, "203.0.113.50", &[GET_ITEMS]))
        .collect();
    events.extend((0..200).map(|i| aura(2 * DAY + i * 400_000, "203.0.113.51", &[RECORD])));
    events.extend((0..500).map(|i| aura(DAY + i * 100, "203.0.113.52", &[CONFIG])));
    let mut staff: Vec<AccessEvent> = (0..200)
        .map(|i| aura(DAY + i * 1_000, "210.148.10.30", &[RECORD]))
        .collect();
    for s in &mut staff {
        s.principal = PrincipalClass::Internal;
    }
    events.extend(staff);
    assert!(!has(&events, "HUNT-010"), "{:?}", codes(&events));
}

fn anomaly(ms: i64, ip: &str, score: Option<f64>) -> (AccessEvent, Anomaly) {
    let mut e = ev(ms, "GuestUserAnomalyEventStore", ip, ApiDetail::default());
    e.api = None;
    e.principal = PrincipalClass::Guest;
    e.objects = vec!["Case".into(), "Contact".into()];
    (
        e,
        Anomaly {
            score,
            controller_events: Some(1_400),
        },
    )
}

fn anomalies(list: &[(AccessEvent, Anomaly)]) -> Vec<HuntFinding> {
    let cfg = Config::default();
    let mut d = Detector::default();
    for (ev, a) in list {
        d.observe(
            &cfg,
            &Obs {
                ev,
                country: Some("JP"),
                anomaly: Some(*a),
            },
        );
    }
    d.finish(&cfg)
}

#[test]
fn hunt_011_raises_each_address_of_threat_detections_events() {
    let f = anomalies(&[
        anomaly(DAY, "198.51.100.23", Some(0.93)),
        anomaly(DAY + 60_000, "198.51.100.23", Some(0.41)),
        anomaly(DAY + 120_000, "198.51.100.24", Some(0.2)),
    ]);
    let got: Vec<(&str, Severity, &str)> = f
        .iter()
        .map(|f| (f.code.as_str(), f.severity, f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "HUNT-011",
                Severity::High,
                "Threat Detection raised 2 guest user anomaly event(s) for 198.51.100.23, highest score 0.93, covering 2800 controller call(s), requesting Case, Contact"
            ),
            (
                "HUNT-011",
                Severity::Medium,
                "Threat Detection raised 1 guest user anomaly event(s) for 198.51.100.24, highest score 0.20, covering 1400 controller call(s), requesting Case, Contact"
            ),
        ]
    );
}

#[test]
fn hunt_011_stays_quiet_without_anomaly_events() {
    // Guest reads of records, from the same address, are HUNT-006's business or nobody's.
    let events = vec![guest_read(DAY, "198.51.100.23")];
    assert!(!has(&events, "HUNT-011"));
    assert!(anomalies(&[]).is_empty());
}
