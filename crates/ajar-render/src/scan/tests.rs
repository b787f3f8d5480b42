//! One snapshot per scan renderer over one shared report.

use crate::RuleInfo;
use ajar_model::classify::{ClassSource, Classification, DataClass};
use ajar_model::exposure::*;
use ajar_model::finding::{Finding, Severity};
use ajar_model::span::{Cause, CoverageGap, Span};

fn cause(file: &str, line: u64, what: &str) -> Cause {
    Cause {
        span: Span::new(file, line),
        what: what.into(),
    }
}

fn report() -> ScanReport {
    let profile = "force-app/main/default/profiles/Help Profile.profile-meta.xml";
    let rule = "force-app/main/default/sharingRules/App__c.sharingRules-meta.xml";
    let finding = |severity, code: &str, line, message: &str, suppressed: Option<&str>| Finding {
        severity,
        code: code.into(),
        file: profile.into(),
        line,
        message: message.into(),
        object: Some("App__c".into()),
        principal: Some("Help Profile".into()),
        site: Some("Help".into()),
        causes: vec![cause(
            profile,
            line,
            "fieldPermissions App__c.Phone__c readable=true",
        )],
        suppressed: suppressed.map(str::to_owned),
    };
    ScanReport {
        schema: ScanReport::SCHEMA.into(),
        tool_version: "0.1.0".into(),
        as_of: jiff::civil::date(2026, 1, 1),
        mode: LockdownMode::Post2021,
        principals: vec![PrincipalExposure {
            kind: PrincipalKind::Guest,
            name: "Help Profile".into(),
            site: Some("Help".into()),
            permission_sets: vec![],
            assignments_known: false,
            user_permissions: vec!["ApiEnabled".into()],
            objects: vec![ObjectAccess {
                object: "App__c".into(),
                create: true,
                read: true,
                edit: false,
                delete: false,
                view_all: false,
                modify_all: false,
                records: RecordReach::Criteria,
                record_paths: vec![RecordPath {
                    kind: RecordPathKind::SharingRule {
                        rule: "Web_Apps".into(),
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
                    causes: vec![cause(rule, 3, "guest sharing rule Web_Apps")],
                }],
                readable_fields: vec![ReadableField {
                    field: "App__c.Phone__c".into(),
                    classification: Some(Classification {
                        class: DataClass::Phone,
                        source: ClassSource::Inferred,
                        reason: "type Phone".into(),
                    }),
                    via: cause(
                        profile,
                        12,
                        "fieldPermissions App__c.Phone__c readable=true",
                    ),
                }],
                via: vec![cause(
                    profile,
                    30,
                    "objectPermissions App__c: allowRead allowCreate",
                )],
                candidate: false,
            }],
            code: vec![],
        }],
        findings: vec![
            finding(
                Severity::Critical,
                "GUEST-002",
                12,
                "guest can read personal data in `App__c` | phone",
                None,
            ),
            finding(
                Severity::High,
                "GUEST-007",
                40,
                "guest has `ApiEnabled`",
                Some("accepted (until 2026-06-30)"),
            ),
        ],
        coverage: vec![CoverageGap {
            kind: "not-in-metadata".into(),
            message: "share rows".into(),
            span: None,
        }],
        inputs: vec![InputFile {
            path: profile.into(),
            sha256: "00".repeat(32),
        }],
        closed: vec![],
    }
}

const RULES: &[RuleInfo<'static>] = &[
    RuleInfo {
        code: "GUEST-002",
        name: "GuestPersonalFieldReadable",
        doc: " ## What it checks\n A guest reads personal fields.\n ## How to fix\n Remove `readable`.",
        severity: Severity::Medium,
    },
    RuleInfo {
        code: "GUEST-007",
        name: "GuestApiEnabled",
        doc: " ## What it checks\n ApiEnabled.\n ## How to fix\n Remove it.",
        severity: Severity::High,
    },
];

#[test]
fn text() {
    insta::assert_snapshot!(crate::scan::text::render(&report(), false));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(crate::scan::markdown::render(&report()));
}

#[test]
fn sarif() {
    insta::assert_snapshot!(crate::scan::sarif::render(&report(), RULES));
}

#[test]
fn json_round_trips() {
    let r = report();
    let back: ScanReport = serde_json::from_str(&crate::scan::json::render(&r)).unwrap();
    assert_eq!(back, r);
}
