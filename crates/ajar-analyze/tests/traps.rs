//! The traps of formats.md §3 that concern metadata, one test each.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a test failure"
)]

use ajar_analyze::exposure::{ExposureOptions, analyze};
use ajar_model::exposure::{LockdownMode, ObjectAccess, RecordPathKind, RecordReach, ScanReport};
use ajar_model::finding::Severity;

const NS: &str = "xmlns=\"http://soap.sforce.com/2006/04/metadata\"";

struct Tree(tempfile::TempDir);

impl Tree {
    fn new() -> Self {
        Self(tempfile::tempdir().unwrap())
    }
    fn file(self, rel: &str, body: &str) -> Self {
        let p = self.0.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(
            p,
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}\n"),
        )
        .unwrap();
        self
    }
    fn site(self) -> Self {
        self.file(
            "sites/Help.site-meta.xml",
            &format!(
                "<CustomSite {NS}><active>true</active><masterLabel>Help</masterLabel></CustomSite>"
            ),
        )
    }
    fn guest(self, name: &str, body: &str) -> Self {
        self.file(
            &format!("profiles/{name}.profile-meta.xml"),
            &format!("<Profile {NS}>{body}<userLicense>Guest User License</userLicense></Profile>"),
        )
    }
    fn scan_at(&self, y: i16, m: i8, d: i8) -> ScanReport {
        let (org, gaps) = ajar_adapters::metadata::load(self.0.path()).unwrap();
        analyze(
            &org,
            gaps,
            &ExposureOptions {
                as_of: jiff::civil::date(y, m, d),
                assignments: None,
            },
        )
    }
    fn scan(&self) -> ScanReport {
        self.scan_at(2026, 1, 1)
    }
}

fn read(o: &str) -> String {
    format!(
        "<objectPermissions><allowRead>true</allowRead><object>{o}</object></objectPermissions>"
    )
}

fn access<'a>(r: &'a ScanReport, object: &str) -> &'a ObjectAccess {
    r.principals
        .iter()
        .flat_map(|p| &p.objects)
        .find(|o| o.object == object)
        .unwrap_or_else(|| panic!("no access to {object}"))
}

fn object(name: &str, internal: &str, external: &str, fields: &str) -> (String, String) {
    (
        format!("objects/{name}/{name}.object-meta.xml"),
        format!(
            "<CustomObject {NS}><externalSharingModel>{external}</externalSharingModel><sharingModel>{internal}</sharingModel>{fields}</CustomObject>"
        ),
    )
}

#[test]
fn trap_01_salesforce_licence_profile_is_not_a_guest() {
    let t = Tree::new().site().file(
        "profiles/PW Contractor Search Profile.profile-meta.xml",
        &format!(
            "<Profile {NS}>{}<userLicense>Salesforce</userLicense></Profile>",
            read("Case")
        ),
    );
    let r = t.scan();
    assert!(
        r.principals
            .iter()
            .all(|p| p.name != "PW Contractor Search Profile")
    );
}

#[test]
fn trap_02_suffixed_profile_maps_to_its_site() {
    let t = Tree::new()
        .file(
            "sites/E_Bikes.site-meta.xml",
            &format!("<CustomSite {NS}><active>true</active><masterLabel>E-Bikes</masterLabel></CustomSite>"),
        )
        .guest("E-Bikes Profile1553835513151", &read("Case"));
    let r = t.scan();
    assert_eq!(r.principals.len(), 1);
    assert_eq!(r.principals[0].site.as_deref(), Some("E_Bikes"));
}

#[test]
fn trap_03_unretrieved_object_is_unknown_not_denied() {
    let r = Tree::new()
        .site()
        .guest("Help Profile", &read("Invoice__c"))
        .scan();
    assert!(access(&r, "Invoice__c").read);
    assert!(
        r.coverage
            .iter()
            .any(|g| g.kind == "missing-object" && g.message.contains("Invoice__c"))
    );
}

#[test]
fn trap_04_required_field_without_fls_is_readable() {
    let (p, b) = object(
        "App__c",
        "Private",
        "Private",
        "<fields><fullName>Applicant_Email__c</fullName><required>true</required><type>Email</type></fields>",
    );
    let r = Tree::new()
        .site()
        .guest("Help Profile", &read("App__c"))
        .file(&p, &b)
        .scan();
    let f = access(&r, "App__c")
        .readable_fields
        .iter()
        .find(|f| f.field == "App__c.Applicant_Email__c")
        .expect("required field readable");
    assert!(f.via.what.contains("required"));
    assert!(f.classification.is_some());
}

#[test]
fn trap_05_secure_guest_access_false_after_api_50_changes_nothing() {
    let t = Tree::new().site().guest("Help Profile", &read("Case")).file(
        "settings/Sharing.settings-meta.xml",
        &format!("<SharingSettings {NS}><enableSecureGuestAccess>false</enableSecureGuestAccess></SharingSettings>"),
    );
    let without = Tree::new()
        .site()
        .guest("Help Profile", &read("Case"))
        .scan();
    let with = t.scan();
    assert_eq!(with.principals, without.principals);
    let f = with.findings.iter().find(|f| f.code == "SITE-005").unwrap();
    assert_eq!(f.severity, Severity::Info);
}

#[test]
fn trap_06_guest_view_all_is_clamped_after_2021_and_all_records_before() {
    let (p, b) = object("Product__c", "Private", "Private", "");
    let t = Tree::new()
        .site()
        .guest(
            "Help Profile",
            "<objectPermissions><allowRead>true</allowRead><object>Product__c</object><viewAllRecords>true</viewAllRecords></objectPermissions>",
        )
        .file(&p, &b);
    let post = t.scan();
    assert_eq!(post.mode, LockdownMode::Post2021);
    let a = access(&post, "Product__c");
    assert!(!a.view_all);
    // Only the records the site's guest user still owns (issue #20, item 1).
    assert_eq!(a.records, RecordReach::Owned);
    assert!(
        a.record_paths
            .iter()
            .any(|p| p.kind == RecordPathKind::ViewAll && !p.effective)
    );
    assert!(
        post.findings
            .iter()
            .any(|f| f.code == "GUEST-003" && f.severity == Severity::High)
    );
    let pre = t.scan_at(2019, 6, 1);
    assert_eq!(access(&pre, "Product__c").records, RecordReach::All);
    assert!(
        pre.findings
            .iter()
            .any(|f| f.code == "GUEST-003" && f.severity == Severity::Critical)
    );
}

#[test]
fn trap_07_external_owd_read_is_no_guest_access_after_2021() {
    let (p, b) = object("Product__c", "Private", "Read", "");
    let t = Tree::new()
        .site()
        .guest("Help Profile", &read("Product__c"))
        .file(&p, &b);
    // After 2021 only the records the site's guest user still owns (issue #20, item 1).
    assert_eq!(access(&t.scan(), "Product__c").records, RecordReach::Owned);
    assert_eq!(
        access(&t.scan_at(2020, 1, 1), "Product__c").records,
        RecordReach::All
    );
}

#[test]
fn trap_08_salesforce_licence_set_is_never_a_guest_grant() {
    let t = Tree::new().site().guest("Help Profile", &read("Case")).file(
        "permissionsets/Internal.permissionset-meta.xml",
        &format!("<PermissionSet {NS}><label>I</label><license>Salesforce</license>{}</PermissionSet>", read("Contact")),
    );
    let r = t.scan();
    assert!(r.principals[0].permission_sets.is_empty());
    assert!(
        r.principals[0]
            .objects
            .iter()
            .all(|o| o.object != "Contact")
    );
}

#[test]
fn trap_09_muting_removes_a_flag_the_group_grants() {
    let t = Tree::new()
        .site()
        .guest("Help Profile", &read("Case"))
        .file(
            "permissionsets/Reader.permissionset-meta.xml",
            &format!("<PermissionSet {NS}><label>R</label>{}</PermissionSet>", read("Contact")),
        )
        .file(
            "mutingpermissionsets/NoContact.mutingpermissionset-meta.xml",
            &format!("<MutingPermissionSet {NS}><label>M</label>{}</MutingPermissionSet>", read("Contact")),
        )
        .file(
            "permissionsetgroups/G.permissionsetgroup-meta.xml",
            &format!("<PermissionSetGroup {NS}><label>G</label><mutingPermissionSets>NoContact</mutingPermissionSets><permissionSets>Reader</permissionSets></PermissionSetGroup>"),
        );
    let (org, gaps) = ajar_adapters::metadata::load(t.0.path()).unwrap();
    let mut a = ajar_model::org::Assignments::default();
    a.by_profile.insert("Help Profile".into(), vec!["G".into()]);
    let r = analyze(
        &org,
        gaps,
        &ExposureOptions {
            as_of: jiff::civil::date(2026, 1, 1),
            assignments: Some(a),
        },
    );
    let contact = r.principals[0]
        .objects
        .iter()
        .find(|o| o.object == "Contact")
        .unwrap();
    assert!(!contact.read, "muted");
    assert!(contact.via.iter().any(|c| c.what.contains("muting")));
}

fn rule_file(items: &str, extra: &str) -> String {
    format!(
        "<SharingRules {NS}><sharingGuestRules><fullName>R</fullName><accessLevel>Read</accessLevel><label>R</label><sharedTo><guestUser>Help</guestUser></sharedTo>{extra}{items}</sharingGuestRules></SharingRules>"
    )
}

fn item(field: &str, op: &str, value: &str) -> String {
    format!(
        "<criteriaItems><field>{field}</field><operation>{op}</operation><value>{value}</value></criteriaItems>"
    )
}

fn predicate(r: &ScanReport, object: &str) -> ajar_model::exposure::Predicate {
    access(r, object)
        .record_paths
        .iter()
        .find_map(|p| match &p.kind {
            RecordPathKind::SharingRule { predicate, .. } => Some(predicate.clone()),
            _ => None,
        })
        .unwrap()
}

#[test]
fn traps_10_11_criteria_kept_as_written_with_boolean_filter() {
    let items = format!(
        "{}{}",
        item("RecordTypeId", "equals", "RSAP"),
        item("Status__c", "equals", "A,B")
    );
    let t = Tree::new()
        .site()
        .guest("Help Profile", &read("App__c"))
        .file(
            "sharingRules/App__c.sharingRules-meta.xml",
            &rule_file(&items, "<booleanFilter>1 OR 2</booleanFilter>"),
        );
    let p = predicate(&t.scan(), "App__c");
    // Record type values are labels and a comma means OR: both are evaluated later against the
    // export, so they must survive verbatim.
    assert_eq!(p.items[0].value.as_deref(), Some("RSAP"));
    assert_eq!(p.items[1].value.as_deref(), Some("A,B"));
    assert_eq!(p.boolean_filter.as_deref(), Some("1 OR 2"));
    assert_eq!(access(&t.scan(), "App__c").records, RecordReach::Criteria);
}

#[test]
fn trap_12_not_equal_blank_on_name_is_every_record() {
    let items =
        "<criteriaItems><field>Name</field><operation>notEqual</operation><value/></criteriaItems>";
    let t = Tree::new()
        .site()
        .guest("Help Profile", &read("App__c"))
        .file(
            "sharingRules/App__c.sharingRules-meta.xml",
            &rule_file(items, ""),
        );
    let r = t.scan();
    assert_eq!(predicate(&r, "App__c").items[0].value, None);
    assert_eq!(access(&r, "App__c").records, RecordReach::All);
    assert!(r.findings.iter().any(|f| f.code == "GUEST-009"));
}

#[test]
fn trap_13_percent_encoded_names_decode() {
    assert_eq!(
        ajar_adapters::metadata::percent_decode("Posted%2FActive"),
        "Posted/Active"
    );
    let t = Tree::new()
        .file(
            "sites/Help.site-meta.xml",
            &format!("<CustomSite {NS}><active>true</active><masterLabel>Help (Public)</masterLabel></CustomSite>"),
        )
        .guest("Help %28Public%29 Profile", &read("Case"));
    assert_eq!(t.scan().principals[0].name, "Help (Public) Profile");
    assert_eq!(t.scan().principals[0].site.as_deref(), Some("Help"));
}

#[test]
fn trap_14_hvu_owned_records_flag_is_kept() {
    let items = item("Status__c", "equals", "Open");
    let off = Tree::new()
        .site()
        .guest("Help Profile", &read("App__c"))
        .file(
            "sharingRules/App__c.sharingRules-meta.xml",
            &rule_file(&items, ""),
        );
    assert!(!predicate(&off.scan(), "App__c").include_hvu_owned);
    let on = Tree::new()
        .site()
        .guest("Help Profile", &read("App__c"))
        .file(
            "sharingRules/App__c.sharingRules-meta.xml",
            &rule_file(
                &items,
                "<includeHVUOwnedRecords>true</includeHVUOwnedRecords>",
            ),
        );
    assert!(predicate(&on.scan(), "App__c").include_hvu_owned);
}

#[test]
fn trap_17_nil_tooling_namespace_and_tokens_parse() {
    let t = Tree::new()
        .site()
        .file(
            "profiles/Help Profile.profile-meta.xml",
            "<Profile xmlns=\"urn:metadata.tooling.soap.sforce.com\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><description xsi:nil=\"true\"/><objectPermissions><allowRead>true</allowRead><object>%%%NAMESPACE%%%Job__c</object></objectPermissions><userLicense>Guest User License</userLicense></Profile>",
        );
    let r = t.scan();
    assert!(access(&r, "Job__c").read);
}

#[test]
fn trap_32_guest_owned_records_reachable_in_every_mode() {
    let t = Tree::new().site().guest(
        "Help Profile",
        "<objectPermissions><allowCreate>true</allowCreate><allowRead>true</allowRead><object>Case</object></objectPermissions>",
    );
    // Before the default owner the site's one guest user owns what every visitor created:
    // other people's records, reach `criteria` (issue #20, item 1); after, what it still owns.
    for (r, reach) in [
        (t.scan(), RecordReach::Owned),
        (t.scan_at(2019, 1, 1), RecordReach::Criteria),
    ] {
        let case = access(&r, "Case");
        assert_eq!(case.records, reach);
        assert!(
            case.record_paths
                .iter()
                .any(|p| p.kind == RecordPathKind::Owned && p.effective)
        );
    }
}

#[test]
fn unknown_site_in_a_guest_rule_is_a_gap() {
    let t = Tree::new().guest("Help Profile", &read("App__c")).file(
        "sharingRules/App__c.sharingRules-meta.xml",
        &rule_file(&item("A", "equals", "B"), ""),
    );
    assert!(t.scan().coverage.iter().any(|g| g.kind == "unknown-site"));
}
