use super::*;
use ajar_model::actor::Evidence;
use ajar_model::event::{ApiDetail, PrincipalClass};

/// An internal user's event of type `ty` at `t` from `ip`, line `line` of `{ty}.csv`.
pub(super) fn ev(t: &str, ty: &str, line: u64, ip: &str, api: ApiDetail) -> AccessEvent {
    AccessEvent {
        time: t.parse().unwrap(),
        event_type: ty.into(),
        principal: PrincipalClass::Internal,
        principal_reason: String::new(),
        user_id: Some("0055j000000utlPAAQ".into()),
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
        source: Span::new(format!("{ty}.csv"), line),
    }
}

fn keys(login: &str, session: &str) -> ApiDetail {
    ApiDetail {
        login_key: (!login.is_empty()).then(|| login.into()),
        session_key: (!session.is_empty()).then(|| session.into()),
        ..ApiDetail::default()
    }
}

fn ip_indicator(ip: &str) -> Indicators {
    Indicators::new(
        vec![Indicator {
            kind: IndicatorKind::Ip,
            value: ip.into(),
            source: Some("GTIG".into()),
            origin: "iocs.csv:2".into(),
        }],
        &HashMap::new(),
    )
}

#[test]
fn pivots_through_login_and_session_keys_transitively() {
    let ind = ip_indicator("208.68.36.90");
    let events = vec![
        // The vendor's own sync: same user, another login, never joined.
        ev(
            "2025-08-08T09:00:00Z",
            "Login",
            2,
            "52.1.1.1",
            keys("L0", ""),
        ),
        ev(
            "2025-08-08T10:00:00Z",
            "Login",
            3,
            "208.68.36.90",
            keys("L1", ""),
        ),
        // Same login from an unlisted IP: joined by LOGIN_KEY.
        ev(
            "2025-08-08T10:01:00Z",
            "RestApi",
            2,
            "44.215.108.109",
            keys("L1", "S1"),
        ),
        // Only the session key: joined through the event above.
        ev(
            "2025-08-08T10:02:00Z",
            "ApiEvent",
            2,
            "44.215.108.109",
            keys("", "S1"),
        ),
        ev(
            "2025-08-08T11:00:00Z",
            "RestApi",
            3,
            "52.1.1.1",
            keys("L0", "S0"),
        ),
    ];
    let got = select(&ind, events);
    let lines: Vec<String> = got.iter().map(|(e, _)| e.source.to_string()).collect();
    assert_eq!(lines, ["Login.csv:3", "RestApi.csv:2", "ApiEvent.csv:2"]);
    assert!(
        matches!(&got[0].1, Why::Indicator { indicator, .. } if indicator == "ip=208.68.36.90")
    );
    assert!(
        matches!(&got[1].1, Why::Pivot { key, from, .. } if key == "login_key" && from.to_string() == "Login.csv:3")
    );
    assert!(
        matches!(&got[2].1, Why::Pivot { key, from, .. } if key == "session_key" && from.to_string() == "RestApi.csv:2")
    );
}

#[test]
fn cidr_user_agent_and_username_indicators_match() {
    let mut usernames = HashMap::new();
    usernames.insert(
        "sync@example.com".to_owned(),
        SfId::parse("0055j000000utlP").unwrap(),
    );
    let ind = Indicators::new(
        vec![
            Indicator {
                kind: IndicatorKind::Cidr,
                value: "185.220.101.0/24".into(),
                source: None,
                origin: "--actor".into(),
            },
            Indicator {
                kind: IndicatorKind::User,
                value: "Sync@Example.com".into(),
                source: None,
                origin: "--actor".into(),
            },
        ],
        &usernames,
    );
    let tor = ev(
        "2025-08-08T10:00:00Z",
        "RestApi",
        2,
        "185.220.101.7",
        keys("", ""),
    );
    assert_eq!(ind.matches(&tor), Some(0));
    let mut user = ev(
        "2025-08-08T10:00:00Z",
        "RestApi",
        2,
        "10.0.0.1",
        keys("", ""),
    );
    assert_eq!(
        ind.matches(&user),
        Some(1),
        "the username resolves to the logged ID"
    );
    user.user_id = Some("005000000000001AAA".into());
    assert_eq!(ind.matches(&user), None);
    let other = ev(
        "2025-08-08T10:00:00Z",
        "RestApi",
        2,
        "185.220.102.7",
        keys("", ""),
    );
    let mut other = other;
    other.user_id = None;
    assert_eq!(ind.matches(&other), None);
}

#[test]
fn takes_by_evidence_strength() {
    let ind = ip_indicator("208.68.36.90");
    let ip = "208.68.36.90";
    let case_id = SfId::parse("5005j00000AbCdEAAA")
        .unwrap_or_else(|_| SfId::parse("500000000000001").unwrap());
    let logged = ApiDetail {
        query: Some("SELECT Id, Subject FROM Case".into()),
        rows: Some(1),
        returned: vec![case_id],
        ..ApiDetail::default()
    };
    let count = ApiDetail {
        query: Some("SELECT COUNT() FROM Account".into()),
        rows: Some(1),
        ..ApiDetail::default()
    };
    let soql = ApiDetail {
        query: Some("SELECT Id, Email FROM Contact LIMIT 10000".into()),
        rows: Some(40),
        ..ApiDetail::default()
    };
    let bulk = |rows, status: &str| ApiDetail {
        job_id: Some("7505j000000AbCdAAA".into()),
        operation: Some("query".into()),
        job_status: Some(status.into()),
        rows,
        ..ApiDetail::default()
    };
    let mut events = vec![
        ev("2025-08-08T10:00:00Z", "ApiEvent", 2, ip, logged),
        ev("2025-08-08T10:01:00Z", "API", 2, ip, count),
        ev("2025-08-08T10:02:00Z", "API", 3, ip, soql),
        ev(
            "2025-08-08T10:03:00Z",
            "BulkApi2",
            2,
            ip,
            bulk(None, "UploadComplete"),
        ),
        ev(
            "2025-08-08T10:04:00Z",
            "BulkApi2",
            3,
            ip,
            bulk(Some(500), "JobComplete"),
        ),
    ];
    for e in &mut events {
        e.objects = match e.event_type.as_str() {
            "BulkApi2" => vec!["Account".into()],
            "ApiEvent" => vec!["Case".into()],
            _ => vec!["Contact".into()],
        };
    }
    let actor = identify(&ind, events, &mut |_| Some("US".into()));
    assert_eq!(actor.events.len(), 5);
    assert_eq!(actor.ips.len(), 1);
    assert_eq!(actor.ips[0].country.as_deref(), Some("US"));
    assert_eq!(actor.indicators[0].matched, 5);
    let t: Vec<(Evidence, Option<&str>, Option<u64>)> = actor
        .takes
        .iter()
        .map(|t| (t.evidence, t.object.as_deref(), t.rows))
        .collect();
    assert_eq!(
        t,
        [
            (Evidence::LoggedIds, Some("Case"), Some(1)),
            (Evidence::CountOnly, Some("Contact"), Some(40)),
            (Evidence::CountOnly, Some("Account"), Some(500)),
        ]
    );
    assert_eq!(
        actor.takes[1].reason.as_deref(),
        Some("query not evaluated")
    );
    assert_eq!(actor.takes[2].job_id.as_deref(), Some("7505j000000AbCdAAA"));
    assert_eq!(actor.takes[2].time, "2025-08-08T10:03:00Z".parse().unwrap());
}

#[test]
fn duplicate_rows_of_overlapping_files_are_one_event() {
    let ind = ip_indicator("208.68.36.90");
    let a = ev(
        "2025-08-08T10:00:00Z",
        "Login",
        2,
        "208.68.36.90",
        keys("L1", ""),
    );
    let mut b = a.clone();
    b.source = Span::new("hourly/Login.csv", 7);
    let actor = identify(&ind, vec![b, a], &mut |_| None);
    assert_eq!(actor.events.len(), 1);
    assert_eq!(
        actor.began_with.as_ref().map(|e| e.source.to_string()),
        Some("Login.csv:2".to_owned())
    );
}

#[test]
fn an_ip_indicator_matches_however_it_is_written() {
    let at = |ip: &str| ev("2025-08-08T10:00:00Z", "RestApi", 2, ip, keys("", ""));
    for (written, logged) in [
        (" 44.215.108.109 ", "44.215.108.109"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
    ] {
        let ind = ip_indicator(written);
        assert_eq!(ind.matches(&at(logged)), Some(0), "{written}");
        assert_eq!(ind.matches(&at("10.0.0.1")), None);
    }
    // Not an address: it matches no event's IP, and nothing else.
    let ind = ip_indicator("not-an-ip");
    assert_eq!(ind.matches(&at("10.0.0.1")), None);
    // The first of two indicators naming one address is the one matched.
    let two = Indicators::new(
        vec![
            Indicator {
                kind: IndicatorKind::UserAgent,
                value: "curl/8".into(),
                source: None,
                origin: "iocs.csv:2".into(),
            },
            Indicator {
                kind: IndicatorKind::Ip,
                value: "10.0.0.1".into(),
                source: None,
                origin: "iocs.csv:3".into(),
            },
            Indicator {
                kind: IndicatorKind::Ip,
                value: "10.0.0.01".into(),
                source: None,
                origin: "iocs.csv:4".into(),
            },
            Indicator {
                kind: IndicatorKind::Ip,
                value: "10.0.0.1".into(),
                source: None,
                origin: "iocs.csv:5".into(),
            },
        ],
        &HashMap::new(),
    );
    let mut e = at("10.0.0.1");
    assert_eq!(two.matches(&e), Some(1));
    e.user_agent = Some("curl/8".into());
    assert_eq!(two.matches(&e), Some(0));
}
