use super::*;
use ajar_model::classify::DataClass;
use ajar_model::classify::{ClassSource, Classification};
use ajar_model::event::{AccessedRecord, Coverage, IpSummary, Outcome, PrincipalClass, Skipped};
use ajar_model::exposure::*;
use ajar_model::incident::{Bound, Confidence};
use ajar_model::span::{Cause, Span};
use jiff::civil::date;

const OBJ: &str = "Balance_Transfer_Application__c";
const GUEST: &str = "0055j000000utlPAAQ";
const HVU: &str = "0055j000000utlQAAQ";

fn cause() -> Cause {
    Cause {
        span: Span::new(
            "force-app/main/default/sharingRules/x.sharingRules-meta.xml",
            3,
        ),
        what: "x".into(),
    }
}

fn field(name: &str, class: Option<DataClass>) -> ReadableField {
    ReadableField {
        field: format!("{OBJ}.{name}"),
        classification: class.map(|class| Classification {
            class,
            source: ClassSource::Declared,
            reason: "complianceGroup PII".into(),
        }),
        via: cause(),
    }
}

fn scan(paths: Vec<RecordPath>) -> ScanReport {
    ScanReport {
        schema: ScanReport::SCHEMA.into(),
        tool_version: "0".into(),
        as_of: date(2020, 11, 24),
        mode: LockdownMode::Pre2021,
        principals: vec![PrincipalExposure {
            kind: PrincipalKind::Guest,
            name: "Emoney Rescue Profile".into(),
            site: Some("Emoney_Rescue".into()),
            permission_sets: vec![],
            assignments_known: true,
            user_permissions: vec![],
            objects: vec![ObjectAccess {
                object: OBJ.into(),
                create: true,
                read: true,
                edit: false,
                delete: false,
                view_all: false,
                modify_all: false,
                candidate: false,
                records: RecordReach::Criteria,
                record_paths: paths,
                readable_fields: vec![
                    field("Applicant_Name__c", Some(DataClass::Name)),
                    field("Broken_Device_Phone__c", Some(DataClass::Phone)),
                    field("Emoney_Number__c", Some(DataClass::AccountNumber)),
                    field("Channel__c", None),
                    field("Not_Exported__c", Some(DataClass::Email)),
                ],
                via: vec![],
            }],
            code: vec![],
        }],
        findings: vec![],
        coverage: vec![],
        inputs: vec![],
        closed: vec![],
    }
}

fn rule() -> RecordPath {
    RecordPath {
        kind: RecordPathKind::SharingRule {
            rule: "Guest_Web_Apps".into(),
            predicate: Predicate {
                items: vec![CriteriaItem {
                    field: "Channel__c".into(),
                    operation: "equals".into(),
                    value: Some("Web".into()),
                    value_field: None,
                }],
                boolean_filter: None,
                include_hvu_owned: false,
            },
        },
        effective: true,
        causes: vec![cause()],
    }
}

fn id(n: u32) -> SfId {
    SfId::parse(&format!("a0B5j0000{n:06}")).unwrap()
}

fn tables() -> BTreeMap<String, Table> {
    let cols = [
        "Id",
        "OwnerId",
        "Applicant_Name__c",
        "Broken_Device_Phone__c",
        "Emoney_Number__c",
        "Channel__c",
        "Internal_Memo__c",
        "CreatedDate",
    ];
    let owner = "0055j000000abcdAAA";
    let rows: Vec<(u32, &str, &str, &str, &str, &str)> = vec![
        // n, owner, name, phone, channel, created
        (
            1,
            owner,
            "山田 太郎",
            "090-1111-2222",
            "Web",
            "2016-02-01T00:00:00.000Z",
        ),
        (
            2,
            owner,
            "山田　太郎",
            "09011112222",
            "Web",
            "2017-02-01T00:00:00.000Z",
        ),
        (
            3,
            owner,
            "佐藤 花子",
            "080-3333-4444",
            "Web",
            "2018-02-01T00:00:00.000Z",
        ),
        (
            4,
            owner,
            "鈴木 一郎",
            "070-5555-6666",
            "Store",
            "2018-03-01T00:00:00.000Z",
        ),
        (
            5,
            HVU,
            "田中 次郎",
            "090-7777-8888",
            "Web",
            "2018-04-01T00:00:00.000Z",
        ),
        (
            6,
            owner,
            "高橋 三郎",
            "090-9999-0000",
            "Web",
            "2020-11-30T00:00:00.000Z",
        ),
        (
            7,
            GUEST,
            "伊藤 四郎",
            "090-1212-3434",
            "Store",
            "2019-01-01T00:00:00.000Z",
        ),
    ];
    let t = Table {
        object: OBJ.into(),
        columns: cols.iter().map(|s| s.to_string()).collect(),
        rows: rows
            .into_iter()
            .map(|(n, o, name, phone, ch, created)| {
                let values = vec![
                    id(n).as_str().into(),
                    o.into(),
                    name.into(),
                    phone.into(),
                    format!("{n:016}"),
                    ch.into(),
                    "memo".into(),
                    created.into(),
                ];
                let source = Span::new(format!("{OBJ}.csv"), u64::from(n) + 1);
                Row::new::<String>(id(n), values, source).unwrap()
            })
            .collect(),
        files: vec![format!("{OBJ}.csv")],
        problems: Vec::new(),
    };
    let users = Table {
        object: "User".into(),
        columns: vec!["Id".into(), "UserType".into()],
        rows: vec![
            Row::new(
                SfId::parse(GUEST).unwrap(),
                [GUEST, "Guest"],
                Span::new("User.csv", 2),
            )
            .unwrap(),
            Row::new(
                SfId::parse(HVU).unwrap(),
                [HVU, "CspLitePortal"],
                Span::new("User.csv", 3),
            )
            .unwrap(),
        ],
        files: vec!["User.csv".into()],
        problems: Vec::new(),
    };
    [(OBJ.to_string(), t), ("User".to_string(), users)].into()
}

fn window() -> Window {
    let b = |d| Bound {
        date: Some(d),
        source: "history".into(),
        confidence: Confidence::High,
        detail: String::new(),
    };
    Window {
        start: b(date(2016, 1, 15)),
        end: b(date(2020, 11, 26)),
        sources: vec![],
    }
}

fn input<'a>(
    scan: &'a ScanReport,
    tables: &'a BTreeMap<String, Table>,
    w: &'a Window,
    hunt: Option<&'a HuntReport>,
) -> ImpactInput<'a> {
    ImpactInput {
        scan,
        tables,
        created_until: Some("2020-11-26T15:00:00Z".parse().unwrap()),
        hunt,
        home_country: "JP",
        window: w,
    }
}

#[test]
fn rule_rows_in_window_without_hvu_owners_are_exposed_and_persons_deduplicated() {
    let (s, t, w) = (scan(vec![rule()]), tables(), window());
    let i = assess(&input(&s, &t, &w, None));
    // 1, 2, 3 match; 4 is Store; 5 is HVU-owned; 6 was created after the closure.
    assert_eq!(i.exposed.records, 3);
    assert_eq!(i.exposed.persons, 2, "1 and 2 are the same name and phone");
    assert_eq!(i.exposed.person_keys, vec!["name+phone_e164"]);
    assert_eq!(
        i.exposed.items,
        vec![DataClass::AccountNumber, DataClass::Name, DataClass::Phone]
    );
    let o = &i.exposed.by_object[0];
    assert_eq!(o.paths, vec!["guest sharing rule Guest_Web_Apps"]);
    // Readable ∩ exported: the memo is exported but not readable, Not_Exported__c the reverse.
    let fields: Vec<_> = o.fields.iter().map(|f| f.field.as_str()).collect();
    assert!(
        !fields
            .iter()
            .any(|f| f.contains("Memo") || f.contains("Not_Exported"))
    );
    let persons: Vec<_> = i.persons.iter().collect();
    assert_eq!(persons.len(), 2);
    assert_eq!(persons[0].records.len(), 2);
    assert_eq!(persons[0].phone_e164.as_deref(), Some("+819011112222"));
    assert_eq!(persons[0].country, "JP");
    // No logs: unknown, not zero.
    assert!(!i.confirmed.known);
    assert_eq!(i.confirmed.records, None);
    assert!(i.coverage.gaps.iter().any(|g| g.kind == "no-logs"));
    assert!(!i.ruled_out);
}

#[test]
fn trap_14_hvu_owned_records_need_the_flag_and_trap_32_guest_owned_are_reachable() {
    let mut r = rule();
    if let RecordPathKind::SharingRule { predicate, .. } = &mut r.kind {
        predicate.include_hvu_owned = true;
    }
    let owned = RecordPath {
        kind: RecordPathKind::Owned,
        effective: true,
        causes: vec![],
    };
    let (s, t, w) = (scan(vec![r, owned]), tables(), window());
    let i = assess(&input(&s, &t, &w, None));
    assert_eq!(i.exposed.records, 5, "1, 2, 3, HVU-owned 5, guest-owned 7");
    assert_eq!(i.exposed.by_object[0].paths.len(), 2);
}

#[test]
fn clamped_paths_expose_nothing() {
    let mut r = rule();
    r.effective = false;
    let (s, t, w) = (scan(vec![r]), tables(), window());
    let i = assess(&input(&s, &t, &w, None));
    assert_eq!(i.exposed.records, 0);
    assert!(i.exposed.by_object.is_empty());
}

fn hunt() -> HuntReport {
    let t = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    let read = |n: u32, kind, outcome, ip: &str, c: &str| AccessedRecord {
        record_id: id(n),
        object: Some(OBJ.into()),
        outcome,
        principal_kind: kind,
        first_seen: t("2020-11-20T01:00:00Z"),
        last_seen: t("2020-11-21T01:00:00Z"),
        events: 1,
        ips: vec![ip.parse().unwrap()],
        countries: vec![c.into()],
    };
    let ip = |s: &str, c: &str| IpSummary {
        ip: s.parse().unwrap(),
        country: Some(c.into()),
        country_source: Some("geoip".into()),
        records_read: 1,
        attempts: 0,
        first: t("2020-11-20T01:00:00Z"),
        last: t("2020-11-21T01:00:00Z"),
        user_agents: vec![],
    };
    HuntReport {
        schema: HuntReport::SCHEMA.into(),
        tool_version: "0".into(),
        coverage: vec![Coverage {
            event_type: "URI".into(),
            first: date(2020, 10, 28),
            last: date(2020, 11, 26),
            files: 30,
            rows: 100,
            missing_days: vec![],
            partial: false,
            covered: vec![ajar_model::span::DayRange {
                from: date(2020, 10, 28),
                to: date(2020, 11, 26),
            }],
            stray_rows: 0,
        }],
        gaps: vec![],
        accessed: vec![
            read(
                1,
                PrincipalClass::Guest,
                Outcome::Read,
                "175.16.199.1",
                "CN",
            ),
            read(3, PrincipalClass::Guest, Outcome::Read, "2001:218::1", "JP"),
            read(
                2,
                PrincipalClass::Guest,
                Outcome::Attempt,
                "175.16.199.1",
                "CN",
            ),
            read(
                4,
                PrincipalClass::Guest,
                Outcome::Read,
                "175.16.199.1",
                "CN",
            ),
            read(
                3,
                PrincipalClass::Internal,
                Outcome::Read,
                "2001:218::2",
                "JP",
            ),
        ],
        ips: vec![ip("175.16.199.1", "CN"), ip("2001:218::1", "JP")],
        skipped: Skipped::default(),
        geoip: None,
        audit: vec![],
        requests: None,
        actor: None,
        findings: Vec::new(),
    }
}

#[test]
fn confirmed_reads_are_exposed_outsider_reads_by_country_and_ip() {
    let (s, t, w, h) = (scan(vec![rule()]), tables(), window(), hunt());
    let i = assess(&input(&s, &t, &w, Some(&h)));
    let c = &i.confirmed;
    assert!(c.known);
    assert_eq!(c.records, Some(2), "1 (CN) and 3 (JP); 2 was an attempt");
    assert_eq!(c.records_abroad, Some(1));
    assert_eq!(c.persons, Some(2));
    assert_eq!(c.persons_abroad, Some(1));
    assert_eq!(c.by_country.get("CN"), Some(&1));
    assert_eq!(
        c.outside_exposed_set, 1,
        "record 4 is outside the rule: loud"
    );
    assert_eq!(c.ips.len(), 2);
    assert_eq!(c.by_day.get(&date(2020, 11, 20)), Some(&2));
    let first = i.persons.iter().next();
    assert!(first.is_some_and(|p| p.confirmed && p.abroad));
    // Issue #14: the logs reach the closure day, and no third party read after the fix.
    assert!(i.coverage.after_fix);
    assert_eq!(c.after_fix, Some(0));
    // Everyone here has a phone: a channel, so nobody needs the alternative measure.
    assert_eq!(i.exposed.persons_without_channel, 0);
    assert!(i.persons.iter().all(|p| p.email.is_none()));
    // Logs cover only the last 30 days: the rest cannot be excluded.
    let gap = i
        .coverage
        .gaps
        .iter()
        .find(|g| g.kind == "window-without-logs")
        .unwrap();
    assert_eq!(
        gap.message,
        "2016-01-15 to 2020-10-27: no logs inside the exposure window; outside access cannot be excluded"
    );
    assert!(!i.ruled_out);
}
