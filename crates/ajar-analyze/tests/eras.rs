//! Issue #20 (guest access through time): each change at dates on both sides of it, on the
//! rules' real-format fixtures (docs/eras.md).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a test failure"
)]

use ajar_analyze::exposure::{ExposureOptions, analyze};
use ajar_model::exposure::{RecordPathKind, RecordReach, ScanReport};
use ajar_model::finding::Severity;
use jiff::civil::{Date, date};
use std::path::{Path, PathBuf};

fn fixture(code: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(code)
        .join("fires")
}

fn scan(dir: &Path, as_of: Date) -> ScanReport {
    let (org, gaps) = ajar_adapters::metadata::load(dir).unwrap();
    analyze(
        &org,
        gaps,
        &ExposureOptions {
            as_of,
            assignments: None,
        },
    )
}

fn severity(r: &ScanReport, code: &str) -> Severity {
    r.findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("{code} did not fire: {:#?}", r.findings))
        .severity
}

/// A copy of a fixture with extra files, removed once dropped.
struct Copy(PathBuf);

impl Copy {
    fn of(code: &str, tag: &str) -> Self {
        let dst =
            std::env::temp_dir().join(format!("ajar-eras-{code}-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dst);
        copy_dir(&fixture(code), &dst);
        Self(dst)
    }

    fn settings(self, name: &str, root: &str, body: &str) -> Self {
        let dir = self.0.join("settings");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("{name}.settings-meta.xml")),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root} xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{body}\n</{root}>\n"
            ),
        )
        .unwrap();
        self
    }

    fn edit(self, rel: &str, from: &str, to: &str) -> Self {
        let p = self.0.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} lacks {from}");
        std::fs::write(&p, text.replace(from, to)).unwrap();
        self
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

#[test]
fn view_all_users_is_gone_from_summer_20_issue_20_item_5() {
    let dir = fixture("GUEST-006");
    assert_eq!(
        severity(&scan(&dir, date(2020, 6, 1)), "GUEST-006"),
        Severity::Critical
    );
    let after = scan(&dir, date(2020, 8, 1));
    assert_eq!(severity(&after, "GUEST-006"), Severity::High);
    let f = after
        .findings
        .iter()
        .find(|f| f.code == "GUEST-006")
        .unwrap();
    assert!(f.message.contains("Summer '20"), "{}", f.message);
}

#[test]
fn a_date_inside_the_winter_21_rollout_is_stated_issue_20_item_12() {
    let dir = fixture("GUEST-010");
    let inside = scan(&dir, date(2020, 9, 26));
    assert!(
        inside
            .coverage
            .iter()
            .any(|g| g.kind == "release-rollout" && g.message.contains("Winter '21")),
        "{:#?}",
        inside.coverage
    );
    // The wider, pre-enforcement rules apply inside the rollout.
    assert_eq!(severity(&inside, "GUEST-010"), Severity::Critical);
    let after = scan(&dir, date(2020, 10, 10));
    assert!(!after.coverage.iter().any(|g| g.kind == "release-rollout"));
    assert_eq!(severity(&after, "GUEST-010"), Severity::Low);
}

#[test]
fn secure_guest_access_closed_the_default_before_enforcement_issue_20_item_3() {
    let on = Copy::of("GUEST-010", "sga-on").settings(
        "Sharing",
        "SharingSettings",
        "    <enableExternalSharingModel>true</enableExternalSharingModel>\n    <enableSecureGuestAccess>true</enableSecureGuestAccess>",
    );
    // Winter '20 to Winter '21: the setting where it was on made the guest default Private.
    assert_eq!(
        severity(&scan(&on.0, date(2020, 2, 1)), "GUEST-010"),
        Severity::Low
    );
    // Before Winter '20 it did not exist.
    assert_eq!(
        severity(&scan(&on.0, date(2019, 6, 1)), "GUEST-010"),
        Severity::Critical
    );
    // Absent, after Summer '20: on unless opted out; unknown is said, not assumed safe.
    let unknown = scan(&fixture("GUEST-010"), date(2020, 8, 1));
    assert_eq!(severity(&unknown, "GUEST-010"), Severity::Critical);
    assert!(
        unknown
            .coverage
            .iter()
            .any(|g| g.kind == "era-setting-unknown"),
        "{:#?}",
        unknown.coverage
    );
    let auto = Copy::of("GUEST-010", "sga-auto").settings(
        "Communities",
        "CommunitiesSettings",
        "    <enableGuestSecurityOptOutCruc>false</enableGuestSecurityOptOutCruc>",
    );
    assert_eq!(
        severity(&scan(&auto.0, date(2020, 8, 1)), "GUEST-010"),
        Severity::Low
    );
}

#[test]
fn the_object_permission_opt_out_kept_view_all_until_spring_21_issue_20_item_4() {
    let opted = Copy::of("GUEST-003", "optout").settings(
        "Communities",
        "CommunitiesSettings",
        "    <enableGuestPermDisOptOutCruc>true</enableGuestPermDisOptOutCruc>",
    );
    let not = Copy::of("GUEST-003", "nooptout").settings(
        "Communities",
        "CommunitiesSettings",
        "    <enableGuestPermDisOptOutCruc>false</enableGuestPermDisOptOutCruc>",
    );
    let nov = date(2020, 11, 15);
    let r = scan(&opted.0, nov);
    assert_eq!(severity(&r, "GUEST-003"), Severity::Critical);
    let product = &r.principals[0].objects[0];
    assert!(product.view_all);
    assert_eq!(product.records, RecordReach::All);
    assert_eq!(
        severity(&scan(&opted.0, date(2021, 3, 1)), "GUEST-003"),
        Severity::High
    );
    let r = scan(&not.0, nov);
    assert_eq!(severity(&r, "GUEST-003"), Severity::High);
    assert!(!r.principals[0].objects[0].view_all);
    // No opt-out in the input: kept, and the window is said to be uncertain.
    let r = scan(&fixture("GUEST-003"), nov);
    assert_eq!(severity(&r, "GUEST-003"), Severity::Critical);
    assert!(r.coverage.iter().any(|g| g.kind == "era-setting-unknown"));
}

#[test]
fn edit_delete_on_case_was_never_a_guest_grant_issue_20_item_9() {
    let dir = fixture("GUEST-004");
    for d in [date(2019, 6, 1), date(2026, 1, 1)] {
        let r = scan(&dir, d);
        assert_eq!(severity(&r, "GUEST-004"), Severity::Info, "{d}");
        let case = r.principals[0]
            .objects
            .iter()
            .find(|o| o.object == "Case")
            .unwrap();
        assert!(!case.edit && !case.delete, "{d}");
    }
    // The same grant on a custom object is real before Winter '21.
    let custom = Copy::of("GUEST-004", "custom").edit(
        "profiles/Help Center Profile.profile-meta.xml",
        "<object>Case</object>",
        "<object>Ticket__c</object>",
    );
    assert_eq!(
        severity(&scan(&custom.0, date(2019, 6, 1)), "GUEST-004"),
        Severity::Critical
    );
    assert_eq!(
        severity(&scan(&custom.0, date(2021, 3, 1)), "GUEST-004"),
        Severity::High
    );
}

#[test]
fn guest_owned_records_are_every_visitors_before_the_default_owner_issue_20_item_1() {
    // Read without allowCreate, no sharing rule, no Aura: only the guest user's own records.
    let dir = Copy::of("GUEST-002", "owned").edit(
        "sites/Help.site-meta.xml",
        "<enableAuraRequests>true",
        "<enableAuraRequests>false",
    );
    std::fs::remove_dir_all(dir.0.join("sharingRules")).unwrap();
    let before = scan(&dir.0, date(2016, 1, 15));
    let app = &before.principals[0].objects[0];
    assert!(
        app.record_paths
            .iter()
            .any(|p| p.kind == RecordPathKind::Owned && p.effective),
        "{:#?}",
        app.record_paths
    );
    assert_eq!(app.records, RecordReach::Criteria);
    assert_eq!(severity(&before, "GUEST-002"), Severity::Critical);
    assert_eq!(severity(&before, "GUEST-001"), Severity::High);
    // After Winter '21: only what the guest user still owns; latent.
    let after = scan(&dir.0, date(2020, 11, 24));
    let app = &after.principals[0].objects[0];
    assert_eq!(app.records, RecordReach::Owned);
    assert_eq!(severity(&after, "GUEST-002"), Severity::Medium);
    assert_eq!(severity(&after, "GUEST-001"), Severity::Medium);
    // A default owner switched on before the enforcement ends it early (an Experience site:
    // the Communities setting; the Sites one says nothing of it).
    for (file, root, key, reach) in [
        (
            "Communities",
            "CommunitiesSettings",
            "enableGuestRecordReassignOrgPref",
            RecordReach::Owned,
        ),
        (
            "Site",
            "SiteSettings",
            "enableSitesRecordReassignOrgPref",
            RecordReach::Criteria,
        ),
    ] {
        let reassigned = Copy::of("GUEST-002", key)
            .settings(file, root, &format!("    <{key}>true</{key}>"))
            .edit(
                "sites/Help.site-meta.xml",
                "<enableAuraRequests>true",
                "<enableAuraRequests>false",
            );
        std::fs::remove_dir_all(reassigned.0.join("sharingRules")).unwrap();
        let r = scan(&reassigned.0, date(2020, 8, 1));
        assert_eq!(r.principals[0].objects[0].records, reach, "{key}");
    }
}

#[test]
fn run_flow_started_unrestricted_flows_until_spring_23_issue_20_item_8() {
    let dir = Copy::of("CODE-003", "runflow").edit(
        "profiles/Help Center Profile.profile-meta.xml",
        "    <flowAccesses>\n        <enabled>true</enabled>\n        <flow>Check_Status</flow>\n    </flowAccesses>\n",
        "    <userPermissions>\n        <enabled>true</enabled>\n        <name>RunFlow</name>\n    </userPermissions>\n",
    );
    assert_eq!(
        severity(&scan(&dir.0, date(2022, 6, 1)), "CODE-003"),
        Severity::High
    );
    let after = scan(&dir.0, date(2023, 3, 1));
    assert!(
        !after.findings.iter().any(|f| f.code == "CODE-003"),
        "{:#?}",
        after.findings
    );
    // A flow restricted to the profiles granted it was never reachable through RunFlow.
    let restricted = dir.edit(
        "flows/Check_Status.flow-meta.xml",
        "<status>",
        "<isAdditionalPermissionRequiredToRun>true</isAdditionalPermissionRequiredToRun>\n    <status>",
    );
    let r = scan(&restricted.0, date(2022, 6, 1));
    assert!(
        !r.findings.iter().any(|f| f.code == "CODE-003"),
        "{:#?}",
        r.findings
    );
}

#[test]
fn custom_settings_were_served_to_guests_until_october_2022_issue_20_item_11() {
    let dir = fixture("GUEST-012");
    assert_eq!(
        severity(&scan(&dir, date(2022, 6, 1)), "GUEST-012"),
        Severity::Medium
    );
    assert_eq!(
        severity(&scan(&dir, date(2022, 10, 15)), "GUEST-012"),
        Severity::Info
    );
}
