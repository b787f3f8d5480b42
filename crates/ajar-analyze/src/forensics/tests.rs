use super::*;
use ajar_model::event::HuntReport;
use std::collections::BTreeMap;

/// Filters, coverage, repeated rows and what the report keeps.
mod report;

/// A row built in the test, values by field.
struct Row {
    line: u64,
    event_type: Option<&'static str>,
    vals: BTreeMap<Field, String>,
}

impl LogRow for Row {
    fn get(&self, f: Field) -> Option<&str> {
        self.vals
            .get(&f)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
    fn event_type(&self) -> Option<&str> {
        self.event_type
    }
    fn line(&self) -> u64 {
        self.line
    }
    fn content_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        self.vals.hash(&mut h);
        h.finish()
    }
}

fn row(event_type: &'static str, vals: &[(Field, &str)]) -> Row {
    Row {
        line: 2,
        event_type: Some(event_type),
        vals: vals.iter().map(|(f, v)| (*f, (*v).to_string())).collect(),
    }
}

const GUEST: &str = "0057F00000002LAQAY";

fn ctx() -> Context {
    Context {
        guest_users: [SfId::parse(GUEST).unwrap()].into_iter().collect(),
        key_prefixes: [(
            "a0B".to_string(),
            "Balance_Transfer_Application__c".to_string(),
        )]
        .into_iter()
        .collect(),
        filters: Filters::default(),
        ..Context::default()
    }
}

struct TestGeo;

impl Geo for TestGeo {
    fn country(&self, ip: IpAddr) -> Option<String> {
        let s = ip.to_string();
        if s.starts_with("81.2.69.") {
            Some("GB".into())
        } else if s.starts_with("2001:218:") || s.starts_with("210.") {
            Some("JP".into())
        } else {
            None
        }
    }
    fn info(&self) -> GeoipInfo {
        GeoipInfo {
            file: "test".into(),
            database: "test".into(),
            built: None,
        }
    }
}

fn uri(ts: &str, user_type: &str, ip: &str, path: &str, status: &str) -> Row {
    row(
        "URI",
        &[
            (Field::Timestamp, ts),
            (Field::UserType, user_type),
            (Field::ClientIp, ip),
            (Field::Uri, path),
            (Field::RequestStatus, status),
            (Field::RequestId, "r1"),
        ],
    )
}

fn hunt(ctx: &Context, rows: &[Row]) -> HuntReport {
    let mut h = Hunt::new(ctx, Some(&TestGeo));
    for r in rows {
        h.row("logs/URI.csv", r);
    }
    h.finish("test")
}

#[test]
fn empty_timestamp_derived_falls_back_to_timestamp() {
    // Trap 20.
    let r = row(
        "URI",
        &[
            (Field::TimestampDerived, ""),
            (Field::Timestamp, "20201120050707.13"),
        ],
    );
    let ev = normalise(&r, "f", &ctx()).unwrap();
    assert_eq!(ev.time.to_string(), "2020-11-20T05:07:07.13Z");
    let r = row(
        "URI",
        &[
            (Field::TimestampDerived, "2020-11-20T05:07:07.158Z"),
            (Field::Timestamp, "20201120050707.13"),
        ],
    );
    assert_eq!(
        normalise(&r, "f", &ctx()).unwrap().time.to_string(),
        "2020-11-20T05:07:07.158Z"
    );
    assert_eq!(
        normalise(&row("URI", &[]), "f", &ctx()),
        Err(RowSkip::NoTime)
    );
}

#[test]
fn salesforce_ip_has_no_ip_and_no_country() {
    // Trap 22.
    let r = uri(
        "20201120050707",
        "Guest",
        "Salesforce.com IP",
        "/s/a0B7F0000002NOc",
        "S",
    );
    let ev = normalise(&r, "f", &ctx()).unwrap();
    assert_eq!(ev.ip, None);
    let rep = hunt(&ctx(), &[r]);
    assert!(rep.accessed[0].countries.is_empty());
    assert!(rep.ips.is_empty());
}

#[test]
fn ipv6_clients_get_their_country() {
    let rep = hunt(
        &ctx(),
        &[uri(
            "20201120050707",
            "Guest",
            "2001:218::1",
            "/s/a0B7F0000002NOc",
            "S",
        )],
    );
    assert_eq!(rep.ips[0].ip.to_string(), "2001:218::1");
    assert_eq!(rep.ips[0].country.as_deref(), Some("JP"));
    assert_eq!(rep.accessed[0].countries, ["JP"]);
}

#[test]
fn fifteen_and_eighteen_char_ids_are_one_record_and_get_their_object() {
    // Trap 24.
    let rep = hunt(
        &ctx(),
        &[
            uri(
                "20201120050707",
                "Guest",
                "81.2.69.142",
                "/s/a0B7F0000002NOc",
                "S",
            ),
            uri(
                "20201120050709",
                "Guest",
                "81.2.69.142",
                "/s/a0B7F0000002NOcUAM",
                "S",
            ),
        ],
    );
    assert_eq!(rep.accessed.len(), 1);
    let a = &rep.accessed[0];
    assert_eq!(a.record_id.as_str(), "a0B7F0000002NOcUAM");
    assert_eq!(a.object.as_deref(), Some("Balance_Transfer_Application__c"));
    assert_eq!(a.events, 2);
    assert_eq!(rep.ips[0].records_read, 1);
}

/// A list long enough to be built on two threads comes out in ID order, each record once,
/// with its outcome, and the reads per IP summed over both halves.
#[test]
fn a_long_record_list_is_sorted_and_complete() {
    let n = 12_000u64;
    let rows: Vec<Row> = (0..n)
        .map(|i| {
            // IDs in no order; every third record only attempted.
            let k = (i * 7919) % n;
            let status = if k.is_multiple_of(3) { "F" } else { "S" };
            uri(
                "20201120050707",
                "Guest",
                &format!("81.2.69.{}", k % 7),
                &format!("/s/a0B7F{k:010}"),
                status,
            )
        })
        .collect();
    let rep = hunt(&ctx(), &rows);
    assert_eq!(rep.accessed.len() as u64, n);
    assert!(
        rep.accessed
            .windows(2)
            .all(|w| w[0].record_id < w[1].record_id)
    );
    for (k, a) in rep.accessed.iter().enumerate() {
        assert_eq!(
            a.record_id.as_str().get(..15),
            Some(format!("a0B7F{k:010}").as_str())
        );
        let want = if k.is_multiple_of(3) {
            Outcome::Attempt
        } else {
            Outcome::Read
        };
        assert_eq!(a.outcome, want, "{k}");
        assert_eq!(
            a.ips,
            [format!("81.2.69.{}", k % 7).parse::<IpAddr>().unwrap()]
        );
    }
    for summary in &rep.ips {
        let last = summary
            .ip
            .to_string()
            .rsplit('.')
            .next()
            .unwrap()
            .parse::<u64>()
            .unwrap();
        let reads = (0..n).filter(|k| k % 7 == last && k % 3 != 0).count() as u64;
        assert_eq!(summary.records_read, reads, "{}", summary.ip);
    }
}

#[test]
fn failures_are_attempts_and_reads_need_success() {
    let rep = hunt(
        &ctx(),
        &[
            uri(
                "20201120050707",
                "Guest",
                "81.2.69.142",
                "/s/a0B7F0000002NOc",
                "N",
            ),
            uri(
                "20201120050708",
                "Guest",
                "81.2.69.142",
                "/s/a0B7F0000002NOd",
                "A",
            ),
            uri(
                "20201120050709",
                "Guest",
                "81.2.69.142",
                "/s/a0B7F0000002NOd",
                "S",
            ),
        ],
    );
    let outcomes: Vec<_> = rep
        .accessed
        .iter()
        .map(|a| (a.record_id.as_15().to_string(), a.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("a0B7F0000002NOc".into(), Outcome::Attempt),
            ("a0B7F0000002NOd".into(), Outcome::Read)
        ]
    );
    assert_eq!((rep.ips[0].records_read, rep.ips[0].attempts), (1, 2));
    let status = |f: Field, v: &str| outcome(&row("RestApi", &[(f, v)]));
    assert_eq!(status(Field::StatusCode, "200"), Outcome::Read);
    assert_eq!(status(Field::StatusCode, "404"), Outcome::Attempt);
    assert_eq!(status(Field::Success, "0"), Outcome::Attempt);
    assert_eq!(status(Field::OperationStatus, "Failure"), Outcome::Attempt);
}

#[test]
fn letter_codes_and_composites_classify() {
    // Trap 21, through the whole normalisation.
    let c = ctx();
    let class = |t: &str| normalise(&uri("20201120050707", t, "", "/", "S"), "f", &c).unwrap();
    assert_eq!(class("G").principal, PrincipalClass::Guest);
    assert_eq!(class("G").principal_reason, "USER_TYPE G (guest)");
    assert_eq!(
        class("Standard(db=S,api=Standard)").principal,
        PrincipalClass::Internal
    );
    assert_eq!(class("P").principal, PrincipalClass::External);
    assert_ne!(class("P").principal_reason, class("p").principal_reason);
}

#[test]
fn apex_execution_is_guest_by_user_id_or_request_id() {
    // Trap 25: no USER_TYPE column.
    let c = Context {
        filters: Filters {
            principals: [PrincipalClass::Guest].into(),
            ..Filters::default()
        },
        ..ctx()
    };
    let by_id = row(
        "ApexExecution",
        &[
            (Field::Timestamp, "20201120050707"),
            (Field::UserIdDerived, GUEST),
            (Field::RequestId, "q1"),
        ],
    );
    let ev = normalise(&by_id, "f", &c).unwrap();
    assert_eq!(
        (ev.principal, ev.principal_reason.as_str()),
        (PrincipalClass::Guest, "guest user id")
    );
    // An event with no user type and a record, whose REQUEST_ID is a guest request's.
    let unknown = row(
        "ApexExecution",
        &[
            (Field::Timestamp, "20201120050708"),
            (Field::RequestId, "q9"),
            (Field::ClientIp, "81.2.69.142"),
            (Field::UriIdDerived, "a0B7F0000002NOcUAM"),
        ],
    );
    let mut guest = uri("20201120050707", "Guest", "81.2.69.142", "/s/login", "S");
    guest.vals.insert(Field::RequestId, "q9".into());
    let mut h = Hunt::new(&c, None);
    h.row("a.csv", &unknown);
    h.row("b.csv", &guest);
    // A second one joins by SESSION_KEY alone (formats.md §2.2).
    let by_session = row(
        "ApexExecution",
        &[
            (Field::Timestamp, "20201120050709"),
            (Field::RequestId, "q7"),
            (Field::SessionKey, "sk1"),
            (Field::UriIdDerived, "a0B7F0000002NOdUAM"),
        ],
    );
    guest.vals.insert(Field::SessionKey, "sk1".into());
    h.row("a.csv", &by_session);
    let wanted = h.pending_keys();
    assert_eq!(
        wanted,
        ["request:q9", "request:q7", "session:sk1"]
            .map(str::to_string)
            .into()
    );
    // The second pass: which of those keys are a guest's.
    let found: HashSet<String> = [&guest, &unknown, &by_session]
        .iter()
        .flat_map(|r| guest_keys(*r, &c))
        .filter(|k| wanted.contains(k))
        .collect();
    h.resolve_pending(&found);
    let rep = h.finish("t");
    assert_eq!(rep.accessed.len(), 2);
    assert!(
        rep.accessed
            .iter()
            .all(|a| a.principal_kind == PrincipalClass::Guest)
    );
    let alone = row(
        "ApexExecution",
        &[
            (Field::Timestamp, "20201120050708"),
            (Field::RequestId, "q8"),
            (Field::UriIdDerived, "a0B7F0000002NOcUAM"),
        ],
    );
    assert!(hunt(&c, &[alone]).accessed.is_empty(), "no join, no guest");
}

#[test]
fn records_json_inside_an_api_event() {
    // Trap 26.
    let r = row(
        "ApiEvent",
        &[
            (Field::EventDate, "2023-03-21T19:42:13.264+0000"),
            (Field::UserId, GUEST),
            (
                Field::Records,
                r#"{"totalSize":2,"records":[{"attributes":{"type":"Account"},"Id":"0015g00000AbCdE"},{"Id":"0015g00000AbCdF"}]}"#,
            ),
            (Field::QueriedEntities, "Account"),
        ],
    );
    let ev = normalise(&r, "f", &ctx()).unwrap();
    assert_eq!(ev.record_ids.len(), 2);
    assert_eq!(ev.objects, ["Account"]);
    assert_eq!(ev.outcome, Outcome::Read);
}

proptest::proptest! {
    /// What a hunt keeps of the previous rows' heads (dates, users) changes no head: rows of
    /// a few dates and users, valid or not, in any order.
    #[test]
    fn head_cache_changes_nothing(rows in proptest::collection::vec(
        (
            proptest::sample::select(vec![
                "2020-10-28T00:00:01.274Z", "2020-10-28T23:59:59Z", "2020-10-29T00:00:00.5Z",
                "2020-10-29T25:00:00Z", "2020-13-01T00:00:00Z", "", "2020-10-28T01:02:03+0900",
            ]),
            proptest::sample::select(vec![
                GUEST, "0057F00000002LA", "0057F0000000253QAA", "0057F0000000253", "not-an-id",
                "", " 0057F00000002LAQAY ", "0057F00000002LAQAY0057F",
            ]),
            proptest::sample::select(vec![GUEST, "0057F0000000253", "x", ""]),
            proptest::option::of(proptest::sample::select(vec!["Standard", "Guest", "1"])),
        ),
        1..30,
    )) {
        let ctx = ctx();
        let mut cache = HeadCache::new();
        for (time, derived, user, user_type) in rows {
            let mut vals = vec![
                (Field::TimestampDerived, time),
                (Field::Timestamp, "20201028000001.25"),
                (Field::UserIdDerived, derived),
                (Field::UserId, user),
            ];
            if let Some(t) = user_type {
                vals.push((Field::UserType, t));
            }
            let r = row("URI", &vals);
            let plain = head(&r, &ctx).map(|h| (h.time, h.principal, h.reason, h.user_id));
            let cached = head_cached(&r, &ctx, &mut cache)
                .map(|h| (h.time, h.principal, h.reason, h.user_id));
            proptest::prop_assert_eq!(plain, cached);
        }
    }
}
