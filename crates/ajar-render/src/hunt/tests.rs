use ajar_model::event::*;
use ajar_model::sfid::SfId;
use ajar_model::span::{CoverageGap, Span};

/// One shared sample report for every hunt renderer.
pub(crate) fn sample() -> HuntReport {
    let t = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    HuntReport {
        schema: HuntReport::SCHEMA.into(),
        tool_version: "0.1.0".into(),
        coverage: vec![Coverage {
            event_type: "URI".into(),
            first: d("2020-10-28"),
            last: d("2020-11-26"),
            files: 29,
            rows: 12_345,
            missing_days: vec![d("2020-11-03")],
            partial: true,
            covered: vec![
                ajar_model::span::DayRange {
                    from: d("2020-10-28"),
                    to: d("2020-11-02"),
                },
                ajar_model::span::DayRange {
                    from: d("2020-11-04"),
                    to: d("2020-11-26"),
                },
            ],
            stray_rows: 0,
        }],
        gaps: vec![
            CoverageGap {
                kind: "missing-log-day".into(),
                message: "URI: no rows on 1 day(s) between the first and last day (2020-11-03); a day without logs is not a day without access".into(),
                span: None,
            },
            CoverageGap {
                kind: "partial-file".into(),
                message: "the file ends early; rows after the cut are missing".into(),
                span: Some(Span::new("logs/2020-11-20/URI.csv.gz", 0)),
            },
        ],
        accessed: vec![
            AccessedRecord {
                record_id: SfId::parse("a0B5g00000XyZab").unwrap(),
                object: Some("Balance_Transfer_Application__c".into()),
                outcome: Outcome::Read,
                principal_kind: PrincipalClass::Guest,
                first_seen: t("2020-11-20T05:07:07.128Z"),
                last_seen: t("2020-11-21T01:00:00Z"),
                events: 3,
                ips: vec!["81.2.69.142".parse().unwrap(), "2001:db8::1".parse().unwrap()],
                countries: vec!["GB".into(), "US".into()],
            },
            AccessedRecord {
                record_id: SfId::parse("a0B5g00000XyZac").unwrap(),
                object: None,
                outcome: Outcome::Attempt,
                principal_kind: PrincipalClass::Guest,
                first_seen: t("2020-11-22T00:00:00Z"),
                last_seen: t("2020-11-22T00:00:00Z"),
                events: 1,
                ips: vec!["175.16.199.1".parse().unwrap()],
                countries: vec!["CN".into()],
            },
        ],
        ips: vec![IpSummary {
            ip: "81.2.69.142".parse().unwrap(),
            country: Some("GB".into()),
            country_source: Some("geoip".into()),
            records_read: 1,
            attempts: 0,
            first: t("2020-11-20T05:07:07.128Z"),
            last: t("2020-11-21T01:00:00Z"),
            user_agents: vec!["Mozilla/5.0".into()],
        }],
        skipped: Skipped {
            rows: 1,
            files: 1,
            details: vec![
                Skip { source: Span::new("logs/notes.txt", 0), reason: "header is not a known log".into() },
                Skip { source: Span::new("logs/2020-11-20/URI.csv", 18), reason: "row has 3 fields, the header 20".into() },
            ],
        },
        geoip: Some(GeoipInfo { file: "ip-country.csv".into(), database: "csv".into(), built: None }),
        audit: vec![AuditEvent {
            time: t("2020-11-26T06:14:07Z"),
            user: "admin@example.com".into(),
            section: "Sharing Rules".into(),
            action: "Deleted sharing rule".into(),
            source: Span::new("SetupAuditTrail.csv", 2),
        }],
        requests: None,
        actor: None,
        findings: vec![ajar_model::detection::HuntFinding {
            severity: ajar_model::finding::Severity::High,
            code: "HUNT-006".into(),
            message: "guests from 1 IP(s) in CN read 1 record(s) in 2 event(s); outside JP (`--outside`)".into(),
            user: None,
            ips: vec!["175.16.199.7".parse().unwrap()],
            sessions: Vec::new(),
            first: t("2020-11-20T05:07:07.128Z"),
            last: t("2020-11-21T01:00:00Z"),
            evidence: vec![Span::new("logs/2020-11-20/URI.csv", 18)],
            confirm: "the records read are not the readers' own".into(),
            dismiss: "the org serves customers in that country".into(),
            ioc: vec!["ip,175.16.199.7,HUNT-006".into()],
        }],
    }
}

#[test]
fn text() {
    insta::assert_snapshot!(super::text::render(&sample()));
}

#[test]
fn json() {
    let s = super::json::render(&sample()).unwrap();
    let back: HuntReport = serde_json::from_str(&s).unwrap();
    assert_eq!(back, sample());
    insta::assert_snapshot!(s);
}

#[test]
fn sarif() {
    let rules = [crate::RuleInfo {
        code: "HUNT-006",
        name: "GuestReadsAbroad",
        doc: "## What it checks\nGuest reads from abroad.\n## Why it matters\nScraping.\n",
        severity: ajar_model::finding::Severity::High,
    }];
    let s = super::sarif::render(&sample(), &rules).unwrap();
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    assert_eq!(v["runs"][0]["results"][0]["ruleIndex"], 0);
    insta::assert_snapshot!(s);
}

#[test]
fn csv() {
    let b = super::csv::render(&sample()).unwrap();
    insta::assert_snapshot!(String::from_utf8(b).unwrap());
}
