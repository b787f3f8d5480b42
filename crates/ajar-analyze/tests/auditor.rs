//! Issue #21: what an auditor finds by hand in two orgs shaped like the public samples
//! (Summit Events, Volunteers for Salesforce: guest access through a permission set, build
//! tokens, a namespaced guest rule, a partial manifest, two snapshots of one site), written
//! down first, then checked against `scan`. The fixtures are our own code in `tests/orgs/`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a test failure"
)]

use ajar_analyze::exposure::{ExposureOptions, analyze};
use ajar_model::classify::DataClass;
use ajar_model::exposure::ScanReport;
use ajar_model::finding::Severity;
use std::path::Path;

fn scan(org: &str) -> ScanReport {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/orgs")
        .join(org);
    let (org, gaps) = ajar_adapters::metadata::load(&dir).unwrap();
    let opts = ExposureOptions {
        as_of: jiff::civil::date(2026, 1, 1),
        assignments: None,
    };
    analyze(&org, gaps, &opts)
}

/// One line of the auditor's list: a rule, its severity, and words its message must hold.
struct Expect {
    code: &'static str,
    severity: Severity,
    says: &'static [&'static str],
}

const fn expect(code: &'static str, severity: Severity, says: &'static [&'static str]) -> Expect {
    Expect {
        code,
        severity,
        says,
    }
}

/// The Summit-like org, as an auditor lists it.
const SUMMIT: &[Expect] = &[
    // The registrant set, unlicensed, could be the guest's: it opens health, diet, gender,
    // e-mail, name and postal code, and the site answers Aura requests.
    expect(
        "GUEST-011",
        Severity::High,
        &[
            "Event_Registrant",
            "sensitive (2)",
            "Event_Registration__c.Accessibility_Need__c",
            "email",
            "address",
            "enableAuraRequests",
        ],
    ),
    // Its REST feed builds SOQL from the request without sharing, escaped: not critical ...
    expect(
        "CODE-002",
        Severity::High,
        &["EventFeed.getEvents", "escaped or cast", "without sharing"],
    ),
    // ... and any web site may read it (CORS `*`, JSONP callback).
    expect(
        "CODE-005",
        Severity::Medium,
        &[
            "EventFeed.getEvents",
            "Access-Control-Allow-Origin: *",
            "JSONP",
        ],
    ),
    // The registration page reads the registration named by a cookie, without sharing.
    expect(
        "CODE-004",
        Severity::High,
        &["EventRegisterController", "`registrationId` from a cookie"],
    ),
    expect(
        "CODE-001",
        Severity::Critical,
        &[
            "`EventRegisterController`",
            "Event_Registration__c.Registrant_Email__c",
        ],
    ),
    // Its event list query takes a cast ID: not critical.
    expect(
        "CODE-002",
        Severity::High,
        &["EventRegisterController", "escaped or cast"],
    ),
    // The confirmation page is `with sharing` but hands the URL's ID to a helper without.
    expect(
        "CODE-001",
        Severity::Critical,
        &[
            "EventConfirmController",
            "without-sharing code",
            "EventShared.getRegistration",
        ],
    ),
    expect(
        "CODE-004",
        Severity::High,
        &["EventConfirmController", "in `EventShared.getRegistration`"],
    ),
    // The namespaced guest rule opens every fee allocation (`Name notEqual null`).
    expect(
        "GUEST-009",
        Severity::High,
        &[
            "Guest_Fee_Allocation_Access",
            "every `Event_Fee_Allocation__c` record",
        ],
    ),
    // Anyone can self-register, and registrants read every event (external OWD ReadWrite).
    expect(
        "SITE-004",
        Severity::High,
        &["customer community login user", "`Event__c` (ReadWrite)"],
    ),
    expect("SITE-001", Severity::Medium, &["Events Profile"]),
    // The manifest asks for sharing rules the tree does not hold.
    expect(
        "INV-001",
        Severity::Info,
        &["SharingRules `evt__Event__c`", "declared, not retrieved"],
    ),
];

/// The V4S-like org, as an auditor lists it.
const V4S: &[Expect] = &[
    // The personal page finds the contact by the ID in the link, without sharing.
    expect(
        "CODE-004",
        Severity::High,
        &[
            "VOL_CTRL_PersonalSiteContactLookup",
            "`contactId` from a page parameter",
        ],
    ),
    expect(
        "CODE-001",
        Severity::Critical,
        &[
            "could, through a candidate permission set,",
            "`VOL_CTRL_PersonalSiteContactLookup`",
        ],
    ),
    expect(
        "CODE-002",
        Severity::High,
        &["VOL_CTRL_PersonalSiteContactLookup", "escaped or cast"],
    ),
    // The sign-up page (granted by the guest profile itself) runs in system mode.
    expect(
        "CODE-001",
        Severity::Critical,
        &["can call `VOL_CTRL_VolunteersSignup`", "Contact.Email"],
    ),
    // The site set opens e-mail, city and notes, not the opt-out flag.
    expect(
        "GUEST-011",
        Severity::Medium,
        &[
            "Vol_Site_Minimum",
            "Contact.Email",
            "Contact.MailingCity",
            "Contact.Volunteer_Notes__c",
        ],
    ),
    // Two snapshots of one site, and a manifest naming what is absent.
    expect(
        "INV-001",
        Severity::Info,
        &["site `Volunteers` is defined in two files", "indexPage"],
    ),
    expect(
        "INV-001",
        Severity::Info,
        &["Profile `Admin`", "declared, not retrieved"],
    ),
    expect(
        "INV-001",
        Severity::Info,
        &[
            "PermissionSet `Vol_Internal_Minimum`",
            "declared, not retrieved",
        ],
    ),
];

fn check(report: &ScanReport, list: &[Expect]) {
    for e in list {
        let hit = report.findings.iter().any(|f| {
            f.code == e.code
                && f.severity == e.severity
                && e.says.iter().all(|s| f.message.contains(s))
        });
        let near: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.code == e.code)
            .map(|f| format!("{} {}", f.severity.as_str(), f.message))
            .collect();
        assert!(
            hit,
            "missing {} {:?} {:?}; found:\n{}",
            e.code,
            e.severity,
            e.says,
            near.join("\n")
        );
    }
    // Nothing critical beyond what the auditor listed.
    for f in report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Critical)
    {
        assert!(
            list.iter().any(|e| e.code == f.code
                && e.severity == Severity::Critical
                && e.says.iter().all(|s| f.message.contains(s))),
            "unexpected critical: {} {}",
            f.code,
            f.message
        );
    }
}

fn class_of(report: &ScanReport, field: &str) -> Option<DataClass> {
    report
        .principals
        .iter()
        .flat_map(|p| &p.objects)
        .flat_map(|o| &o.readable_fields)
        .find(|f| f.field == field)
        .unwrap_or_else(|| panic!("{field} is not readable"))
        .classification
        .as_ref()
        .map(|c| c.class)
}

#[test]
fn issue_21_summit_like_org_gives_the_auditors_list() {
    let r = scan("summit_like");
    check(&r, SUMMIT);
    // The namespaced rule is joined to the object, said so, and the object listed once.
    let guest = r
        .principals
        .iter()
        .find(|p| p.name == "Events Profile")
        .unwrap();
    assert!(!guest.objects.iter().any(|o| o.object.starts_with("evt__")));
    let fees = guest
        .objects
        .iter()
        .find(|o| o.object == "Event_Fee_Allocation__c")
        .unwrap();
    assert_eq!(fees.records, ajar_model::exposure::RecordReach::All);
    assert!(
        r.coverage
            .iter()
            .any(|g| g.kind == "namespace-assumed" && g.message.contains("namespace `evt`"))
    );
    // Candidate code is analysed and labelled.
    assert!(
        guest
            .code
            .iter()
            .any(|e| e.entry == "EventFeed.getEvents" && e.candidate)
    );
    // The classification a privacy officer signs.
    let c = |f| class_of(&r, f);
    assert_eq!(
        c("Event_Registration__c.Accessibility_Need__c"),
        Some(DataClass::Sensitive)
    );
    assert_eq!(
        c("Event_Registration__c.Dietary_Restrictions__c"),
        Some(DataClass::Sensitive)
    );
    assert_eq!(
        c("Event_Registration__c.Registrant_Gender__c"),
        Some(DataClass::OtherPersonal)
    );
    assert_eq!(
        c("Event_Registration__c.Registrant_Postal_Code__c"),
        Some(DataClass::Address)
    );
    assert_eq!(
        c("Event_Registration__c.Registrant_Email__c"),
        Some(DataClass::Email)
    );
    assert_eq!(
        c("Event_Registration__c.Registrant_First_Name__c"),
        Some(DataClass::Name)
    );
    assert_eq!(c("Event__c.Event_Name__c"), None);
    assert_eq!(c("Event__c.Location_Address__c"), None);
    assert_eq!(c("Event__c.Gender_Label__c"), None);
    // The self-registration finding points at the element, not the file's second line.
    let selfreg = r.findings.iter().find(|f| f.code == "SITE-004").unwrap();
    assert_eq!(selfreg.line, 11);
}

#[test]
fn issue_21_v4s_like_org_gives_the_auditors_list() {
    let r = scan("v4s_like");
    check(&r, V4S);
    // Build tokens are gone from every name and reference.
    let guest = r
        .principals
        .iter()
        .find(|p| p.name == "Volunteers Profile")
        .unwrap();
    assert!(
        guest
            .objects
            .iter()
            .any(|o| o.object == "Volunteer_Hours__c")
    );
    for g in &r.coverage {
        assert!(!g.message.contains("%%%"), "{}", g.message);
    }
    for f in &r.findings {
        assert!(!f.message.contains("%%%"), "{}", f.message);
    }
    // The token-stripped pages reach their controllers.
    assert!(
        guest
            .code
            .iter()
            .any(|e| e.entry == "VOL_CTRL_PersonalSiteContactLookup" && e.candidate)
    );
    assert!(
        guest
            .code
            .iter()
            .any(|e| e.entry == "VOL_CTRL_VolunteersSignup" && !e.candidate)
    );
    let c = |f| class_of(&r, f);
    assert_eq!(c("Contact.Volunteer_Auto_Reminder_Email_Opt_Out__c"), None);
    assert_eq!(
        c("Contact.Volunteer_Notes__c"),
        Some(DataClass::OtherPersonal)
    );
    assert_eq!(c("Contact.MailingCity"), Some(DataClass::Address));
    assert_eq!(
        c("Volunteer_Hours__c.Comments__c"),
        Some(DataClass::OtherPersonal)
    );
}

/// The same checks stay quiet where the auditor would find nothing.
#[test]
fn issue_21_quiet_where_nothing_is_wrong() {
    let v = scan("v4s_like");
    // One spelling of each object: no namespace is assumed.
    assert!(!v.coverage.iter().any(|g| g.kind == "namespace-assumed"));
    // Declared members that are in the tree are not gaps.
    for g in v
        .coverage
        .iter()
        .filter(|g| g.kind == "declared-not-retrieved")
    {
        assert!(!g.message.contains("`Vol_Site_Minimum`"), "{}", g.message);
        assert!(!g.message.contains("`Volunteers`"), "{}", g.message);
    }
    // No self-registration, no Aura site: GUEST-011 stays medium, SITE-004 silent.
    assert!(!v.findings.iter().any(|f| f.code == "SITE-004"));
    let s = scan("summit_like");
    // One file per site, one copy per rule.
    assert!(!s.coverage.iter().any(|g| g.kind == "duplicate-component"));
    // `Event_Fee_Allocation__c` is declared in the manifest (as `evt__…`) and present.
    assert!(!s.coverage.iter().any(|g| {
        g.message
            .contains("`evt__Event_Fee_Allocation__c` is declared")
    }));
    // Cast and escaped input never makes CODE-002 critical.
    assert!(
        !s.findings
            .iter()
            .any(|f| f.code == "CODE-002" && f.severity == Severity::Critical)
    );
}
