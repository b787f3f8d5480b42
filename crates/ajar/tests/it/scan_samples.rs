//! `ajar scan` on every public sample org (testdata/samples/metadata): text and JSON outputs
//! snapshotted, and each exposure the samples' README describes asserted.

use crate::support;

use serde_json::Value;
use std::path::{Path, PathBuf};

/// A sample org's folder in the repository (`testdata/samples/metadata/`).
fn org_dir(org: &str) -> PathBuf {
    support::testdata(&format!("samples/metadata/{org}"))
}

fn run(org: &str, format: &str) -> (String, i32) {
    let dir = org_dir(org);
    run_dir(&dir, format)
}

fn run_dir(dir: &Path, format: &str) -> (String, i32) {
    let out = support::ajar()
        .args([
            "scan",
            "--as-of",
            "2026-01-01",
            "--color",
            "never",
            "--format",
            format,
        ])
        .arg(dir)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn json(org: &str) -> Value {
    let (s, code) = run(org, "json");
    assert_eq!(code, 0);
    serde_json::from_str(&s).unwrap()
}

fn findings<'a>(v: &'a Value, code: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

fn principal<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["principals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap()
}

const ORGS: &[&str] = &[
    "SFDO-Community__Summit-Events-App",
    "SFDO-Community__UnsubscribeLink",
    "SalesforceFoundation__Volunteers-for-Salesforce",
    "trailheadapps__ebikes-lwc",
];

#[test]
fn snapshots_text_and_json() {
    for org in ORGS {
        let (text, code) = run(org, "text");
        assert_eq!(code, 0, "{org}");
        insta::assert_snapshot!(format!("{org}.txt"), text);
        let (j, _) = run(org, "json");
        let v: Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["schema"], "ajar.scan/1");
        insta::assert_snapshot!(format!("{org}.json"), j);
    }
}

#[test]
fn ebikes_guest_has_view_all_on_two_objects() {
    let v = json("trailheadapps__ebikes-lwc");
    let p = principal(&v, "E-Bikes Profile");
    assert_eq!(p["kind"], "guest");
    assert_eq!(p["site"], "E_Bikes");
    let mut objects: Vec<&str> = findings(&v, "GUEST-003")
        .iter()
        .map(|f| f["object"].as_str().unwrap())
        .collect();
    objects.sort_unstable();
    assert_eq!(objects, ["Product_Family__c", "Product__c"]);
    // Both are also shared to the guest by rules that match every record.
    assert_eq!(findings(&v, "GUEST-009").len(), 2);
}

#[test]
fn summit_guest_access_through_a_permission_set() {
    let v = json("SFDO-Community__Summit-Events-App");
    let p = principal(&v, "Summit Events Profile");
    assert_eq!(p["site"], "Summit_Events");
    assert!(
        p["permission_sets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "Summit_Events_Registrant")
    );
    let reg = p["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["object"] == "Summit_Events_Registration__c")
        .unwrap();
    assert_eq!(reg["read"], true);
    assert_eq!(reg["candidate"], true);
    assert!(findings(&v, "GUEST-011").iter().any(|f| {
        f["message"]
            .as_str()
            .unwrap()
            .contains("Summit_Events_Registrant")
    }));
    assert!(
        !findings(&v, "SITE-001").is_empty(),
        "the guest profile is not in the sample"
    );
}

#[test]
fn unsubscribe_link_salesforce_licence_set_reaches_no_guest() {
    let v = json("SFDO-Community__UnsubscribeLink");
    assert!(v["principals"].as_array().unwrap().is_empty());
    assert!(v["findings"].as_array().unwrap().is_empty());
}

#[test]
fn v4s_mdapi_guest_permission_set_candidate() {
    let v = json("SalesforceFoundation__Volunteers-for-Salesforce");
    let p = principal(&v, "Volunteers Profile");
    assert_eq!(p["site"], "Volunteers");
    let contact = p["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["object"] == "Contact")
        .unwrap();
    assert_eq!(contact["create"], true);
    // `%%%NAMESPACE%%%` is stripped so grants meet the tree's own objects.
    assert!(
        p["objects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["object"] == "Volunteer_Hours__c")
    );
}

/// A sample org and, per field, the class expected (`None`: not personal data).
type Expected<'a> = (&'a str, &'a [(&'a str, Option<&'a str>)]);

/// Issue #21: the classification a privacy officer would sign, on every sample org, written
/// by hand. See docs/classification.md.
#[test]
fn issue_21_classification_on_every_sample_org() {
    let expect: &[Expected<'_>] = &[
        (
            "SFDO-Community__Summit-Events-App",
            &[
                (
                    "Summit_Events_Registration__c.Accessibility_Need__c",
                    Some("sensitive"),
                ),
                (
                    "Summit_Events_Registration__c.Dietary_Ristrictions__c",
                    Some("sensitive"),
                ),
                (
                    "Summit_Events_Registration__c.Registrant_Gender__c",
                    Some("other_personal"),
                ),
                (
                    "Summit_Events_Registration__c.Registrant_Pronouns__c",
                    Some("other_personal"),
                ),
                (
                    "Summit_Events_Registration__c.Registrant_Postal_Code__c",
                    Some("address"),
                ),
                (
                    "Summit_Events_Registration__c.Registrant_City__c",
                    Some("address"),
                ),
                (
                    "Summit_Events_Registration__c.Registrant_Email__c",
                    Some("email"),
                ),
                (
                    "Summit_Events_Registration__c.Registrant_First_Name__c",
                    Some("name"),
                ),
                ("Summit_Events_Registration__c.Event_Name__c", None),
                ("Summit_Events_Registration__c.Location_Address__c", None),
                ("Summit_Events__c.Location_Address__c", None),
                ("Summit_Events__c.Gender_Label__c", None),
                ("Summit_Events__c.Ask_Dietary_Restrictions__c", None),
                ("Summit_Events_Email__c.BCC_Email__c", None),
                ("Summit_Events_Email__c.Email_From__c", None),
                ("Summit_Events_Payment__c.Name_On_Account__c", Some("name")),
                ("Summit_Events_Payment__c.Zip__c", Some("address")),
                ("Summit_Events_Appointments__c.Chosen_State__c", None),
            ],
        ),
        (
            "SalesforceFoundation__Volunteers-for-Salesforce",
            &[
                ("Contact.Volunteer_Auto_Reminder_Email_Opt_Out__c", None),
                ("Contact.HasOptedOutOfEmail", None),
                ("Contact.Volunteer_Notes__c", Some("other_personal")),
                ("Contact.MailingAddress", Some("address")),
                ("Contact.Birthdate", Some("birth_date")),
                ("Contact.Email", Some("email")),
                ("Lead.DoNotCall", None),
                ("Account.BillingAddress", None),
                ("Account.AccountNumber", None),
                ("Volunteer_Hours__c.Volunteer_Campaign_Name__c", None),
            ],
        ),
        // UnsubscribeLink: no guest or external principal reads a field (its set is
        // licensed `Salesforce`), so there is nothing to classify.
        (
            "trailheadapps__ebikes-lwc",
            &[
                ("Case.SuppliedEmail", Some("email")),
                ("Case.SuppliedPhone", Some("phone")),
                ("Product__c.MSRP__c", None),
                ("Product__c.Frame_Color__c", None),
            ],
        ),
    ];
    for (org, fields) in expect {
        let v = json(org);
        let readable: Vec<&Value> = v["principals"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["objects"].as_array().unwrap())
            .flat_map(|o| o["readable_fields"].as_array().unwrap())
            .collect();
        for (field, class) in *fields {
            let f = readable
                .iter()
                .find(|f| f["field"] == *field)
                .unwrap_or_else(|| panic!("{org}: {field} not readable"));
            assert_eq!(
                f["classification"]["class"].as_str(),
                *class,
                "{org}: {field}: {}",
                f["classification"]
            );
        }
    }
}

/// The GSA sample's behaviours on a hand-written org (`testdata/handmade/metadata/`): a guest
/// profile with `ApiEnabled`, a guest rule with `(1 AND 2) OR (3 AND 4)`, a partial retrieve
/// of the same profile, and `enableSecureGuestAccess=false` (trap 5).
#[test]
fn handmade_api_enabled_boolean_filter_and_partial_profile() {
    let (s, code) = run_dir(
        &support::testdata("handmade/metadata/tenants-portal"),
        "json",
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&s).unwrap();
    assert!(
        findings(&v, "GUEST-007")
            .iter()
            .any(|f| f["principal"] == "Tenants Profile")
    );
    let p = principal(&v, "Tenants Profile");
    assert_eq!(p["site"], "Tenants");
    let listing = p["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["object"] == "Unit_Listing__c")
        .unwrap();
    let rule = listing["record_paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "Listings_For_Guests")
        .unwrap();
    assert_eq!(
        rule["predicate"]["boolean_filter"],
        "(1 AND 2) OR (3 AND 4)"
    );
    assert_eq!(rule["effective"], true);
    assert_eq!(listing["records"], "criteria");
    assert!(v["coverage"].as_array().unwrap().iter().any(|g| {
        g["kind"] == "partial-profile"
            && g["span"]["file"]
                .as_str()
                .unwrap()
                .starts_with("_partial_retrieve/")
    }));
    assert_eq!(findings(&v, "SITE-005")[0]["severity"], "info");
}
