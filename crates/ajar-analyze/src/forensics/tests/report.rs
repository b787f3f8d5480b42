//! The report: repeated rows, `--outside`, filters, coverage and Aura actions.

use super::*;

#[test]
fn overlapping_rows_count_once() {
    // Trap 27: the same row in a daily and an hourly file.
    let c = ctx();
    let r = uri(
        "20201120050707",
        "Guest",
        "81.2.69.142",
        "/s/a0B7F0000002NOc",
        "S",
    );
    let mut h = Hunt::new(&c, None);
    h.dedupe_rows();
    h.row("daily.csv", &r);
    h.row("hourly.csv", &r);
    let rep = h.finish("t");
    assert_eq!(rep.accessed[0].events, 1);
    assert!(rep.gaps.iter().any(|g| g.kind == "duplicate-rows"));
}

/// Issue #15, class 8: one event read by two tasks (a CSV and its JSON-lines conversion, a
/// weekly file beside a daily one) counts once; an event without a request ID is never merged.
#[test]
fn issue15_c8_one_event_in_two_files_counts_once() {
    let c = ctx();
    let seen = SeenEvents::new();
    let r = uri(
        "20201120050707",
        "Guest",
        "81.2.69.142",
        "/s/a0B7F0000002NOc",
        "S",
    );
    let mut a = Hunt::new(&c, None);
    a.dedupe_events(&seen);
    a.row("day/URI.csv", &r);
    let mut b = Hunt::new(&c, None);
    b.dedupe_events(&seen);
    b.row("siem/URI.jsonl", &r);
    // The same request a second later is another event.
    b.row(
        "siem/URI.jsonl",
        &uri(
            "20201120050708",
            "Guest",
            "81.2.69.142",
            "/s/a0B7F0000002NOc",
            "S",
        ),
    );
    a.merge(b);
    let rep = a.finish("t");
    assert_eq!(rep.accessed[0].events, 2);
    let gap = rep
        .gaps
        .iter()
        .find(|g| g.kind == "duplicate-rows")
        .unwrap();
    assert!(gap.message.starts_with("1 row(s)"), "{}", gap.message);
    // Coverage still counts every row read.
    assert_eq!(rep.coverage[0].rows, 3);

    let without_id = row(
        "URI",
        &[
            (Field::Timestamp, "20201120050707"),
            (Field::UserType, "Guest"),
            (Field::ClientIp, "81.2.69.142"),
            (Field::Uri, "/s/a0B7F0000002NOc"),
        ],
    );
    let seen = SeenEvents::new();
    let mut h = Hunt::new(&c, None);
    h.dedupe_events(&seen);
    h.row("a.csv", &without_id);
    h.row("b.csv", &without_id);
    assert_eq!(h.finish("t").accessed[0].events, 2);
}

#[test]
fn outside_keeps_known_foreign_countries_and_says_what_it_dropped() {
    let c = Context {
        filters: Filters {
            outside: Some("JP".into()),
            ..Filters::default()
        },
        ..ctx()
    };
    let rep = hunt(
        &c,
        &[
            uri(
                "20201120050707",
                "Guest",
                "210.1.1.1",
                "/s/a0B7F0000002NOa",
                "S",
            ),
            uri(
                "20201120050708",
                "Guest",
                "81.2.69.142",
                "/s/a0B7F0000002NOb",
                "S",
            ),
            uri(
                "20201120050709",
                "Guest",
                "198.51.100.1",
                "/s/a0B7F0000002NOc",
                "S",
            ),
        ],
    );
    let ids: Vec<_> = rep
        .accessed
        .iter()
        .map(|a| a.record_id.as_15().to_string())
        .collect();
    assert_eq!(ids, ["a0B7F0000002NOb"]);
    assert!(
        rep.gaps
            .iter()
            .any(|g| g.kind == "unknown-country" && g.message.starts_with("1 event"))
    );
}

#[test]
fn principal_and_time_filters() {
    let c = Context {
        filters: Filters {
            principals: [PrincipalClass::Guest].into(),
            since: Some("2020-11-20T05:07:08Z".parse().unwrap()),
            ..Filters::default()
        },
        ..ctx()
    };
    let rep = hunt(
        &c,
        &[
            uri(
                "20201120050707",
                "Guest",
                "81.2.69.142",
                "/s/a0B7F0000002NOa",
                "S",
            ),
            uri(
                "20201120050708",
                "Standard",
                "81.2.69.142",
                "/s/a0B7F0000002NOb",
                "S",
            ),
            uri(
                "20201120050709",
                "Guest",
                "81.2.69.142",
                "/s/a0B7F0000002NOc",
                "S",
            ),
        ],
    );
    let ids: Vec<_> = rep
        .accessed
        .iter()
        .map(|a| a.record_id.as_15().to_string())
        .collect();
    assert_eq!(ids, ["a0B7F0000002NOc"]);
    // Coverage counts every row, filtered or not.
    assert_eq!(rep.coverage[0].rows, 3);
}

#[test]
fn coverage_states_missing_days_and_merges() {
    let c = ctx();
    let mut a = Hunt::new(&c, None);
    a.row("d1.csv", &uri("20201120050707", "Guest", "", "/", "S"));
    let mut b = Hunt::new(&c, None);
    b.row("d3.csv", &uri("20201122050707", "Guest", "", "/", "S"));
    b.malformed("d3.csv", 7, "row has 2 fields, the header 8");
    a.merge(b);
    let rep = a.finish("t");
    let cov = &rep.coverage[0];
    assert_eq!((cov.files, cov.rows), (2, 2));
    assert_eq!(
        cov.missing_days,
        ["2020-11-21".parse::<jiff::civil::Date>().unwrap()]
    );
    assert!(rep.gaps.iter().any(|g| g.kind == "missing-log-day"));
    assert_eq!(rep.skipped.rows, 1);
    assert_eq!(rep.skipped.details[0].source.to_string(), "d3.csv:7");
}

/// Issue #15, class 3: a row dated two years before the rest of its file neither stretches
/// the coverage nor fills its day.
#[test]
fn issue15_c3_a_stray_row_does_not_stretch_coverage() {
    let c = ctx();
    let mut a = Hunt::new(&c, None);
    a.row("d1.csv", &uri("20201120050707", "Guest", "", "/", "S"));
    a.row("d1.csv", &uri("20201120060707", "Guest", "", "/", "S"));
    a.row("d1.csv", &uri("20181120050707", "Guest", "", "/", "S"));
    let mut b = Hunt::new(&c, None);
    b.row("d2.csv", &uri("20201121050707", "Guest", "", "/", "S"));
    a.merge(b);
    let rep = a.finish("t");
    let cov = &rep.coverage[0];
    let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    assert_eq!((cov.first, cov.last), (d("2020-11-20"), d("2020-11-21")));
    assert_eq!((cov.rows, cov.stray_rows), (4, 1));
    assert!(cov.missing_days.is_empty());
    assert_eq!(cov.covered.len(), 1);
    let stray = rep
        .gaps
        .iter()
        .find(|g| g.kind == "stray-log-rows")
        .unwrap();
    assert_eq!(stray.span.as_ref().unwrap().file, "d1.csv");
    assert!(!rep.gaps.iter().any(|g| g.kind == "missing-log-day"));
}

/// A multi-day file with a quiet weekend covers its days; the quiet days are missing, in ranges.
#[test]
fn a_quiet_stretch_inside_a_file_is_missing_not_stray() {
    let c = ctx();
    let mut a = Hunt::new(&c, None);
    for ts in ["20201120050707", "20201123050707", "20201124050707"] {
        a.row("week.csv", &uri(ts, "Guest", "", "/", "S"));
    }
    let rep = a.finish("t");
    assert_eq!(rep.coverage[0].stray_rows, 0);
    let gap = rep
        .gaps
        .iter()
        .find(|g| g.kind == "missing-log-day")
        .unwrap();
    assert!(
        gap.message.contains("(2020-11-21 to 2020-11-22)"),
        "{}",
        gap.message
    );
}

#[test]
fn aura_actions_are_kept() {
    let r = row(
        "AuraRequest",
        &[
            (Field::Timestamp, "20201120050707"),
            (
                Field::ActionMessage,
                "1$aura://RecordUiController/ACTION$getRecordWithFields=12;x",
            ),
        ],
    );
    let ev = normalise(&r, "f", &ctx()).unwrap();
    assert_eq!(
        ev.actions,
        ["aura://RecordUiController/ACTION$getRecordWithFields", "x"]
    );
}

proptest::proptest! {
    #[test]
    fn arbitrary_values_never_panic(
        ts in ".{0,24}",
        user_type in ".{0,8}",
        ip in ".{0,20}",
        uri in ".{0,60}",
        records in ".{0,80}",
        action in ".{0,40}",
    ) {
        let r = row(
            "URI",
            &[
                (Field::Timestamp, ts.as_str()),
                (Field::TimestampDerived, ts.as_str()),
                (Field::UserType, user_type.as_str()),
                (Field::ClientIp, ip.as_str()),
                (Field::Uri, uri.as_str()),
                (Field::Query, uri.as_str()),
                (Field::Records, records.as_str()),
                (Field::ActionMessage, action.as_str()),
                (Field::RecordId, uri.as_str()),
            ],
        );
        let c = ctx();
        let _ = normalise(&r, "f", &c);
        let mut h = Hunt::new(&c, Some(&TestGeo));
        h.row("f", &r);
        let _ = h.finish("t");
    }
}

#[test]
fn issue_14_requests_keep_reads_per_client_and_form_posts_only_when_asked() {
    let c = ctx();
    let vf = |method: &str, query: &str, ua: &str, at: &str| {
        row(
            "VisualforceRequest",
            &[
                (Field::TimestampDerived, at),
                (Field::UserType, "Guest"),
                (Field::RequestStatus, "S"),
                (Field::ClientIp, "2001:218::5"),
                (Field::UserAgent, ua),
                (Field::Operation, method),
                (Field::Query, query),
            ],
        )
    };
    let aura = row(
        "AuraRequest",
        &[
            (Field::TimestampDerived, "2020-11-20T03:00:00Z"),
            (Field::UserType, "Guest"),
            (Field::ClientIp, "2001:218::6"),
            (Field::Operation, "POST"),
            (
                Field::ActionMessage,
                "1$aura://HostConfigController/ACTION$getConfigData=3",
            ),
        ],
    );
    let rows = [
        vf("POST", "", "iPhone", "2020-11-20T02:59:59.400Z"),
        vf(
            "GET",
            "?id=a0B5g00000XyZab",
            "iPhone",
            "2020-11-20T03:00:02Z",
        ),
        vf(
            "GET",
            "?id=a0B5g00000XyZab",
            "iPhone",
            "2020-11-20T03:00:09Z",
        ),
        vf("GET", "", "iPhone", "2020-11-20T03:00:10Z"),
        aura,
    ];
    let mut plain = Hunt::new(&c, None);
    for r in &rows {
        plain.row("f.csv", r);
    }
    assert!(
        plain.finish("0").requests.is_none(),
        "hunt keeps none by default"
    );
    let mut h = Hunt::new(&c, None);
    h.keep_requests();
    for r in &rows {
        h.row("f.csv", r);
    }
    let req = h.finish("0").requests.unwrap();
    // One form post (the GET naming nothing and the read-only Aura call are no submission).
    assert_eq!(req.submissions.len(), 1);
    assert_eq!(
        req.submissions[0].client.user_agent.as_deref(),
        Some("iPhone")
    );
    // Two reads of one record by one client: one entry, first and last kept.
    assert_eq!(req.reads.len(), 1);
    assert_eq!(req.reads[0].reads, 2);
    assert_eq!(req.reads[0].last.to_string(), "2020-11-20T03:00:09Z");
}
