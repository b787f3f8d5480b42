//! Code inventory (issue #5): the Apex, Visualforce and Flow fixtures under
//! `tests/fixtures/apex/` and the real `.cls-meta.xml` samples parse into the model.

use ajar_adapters::metadata::apex::{read_class, read_inventory};
use ajar_model::code::{SharingKeyword, SoqlMode};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/apex")
}

#[path = "../src/testdata.rs"]
mod testdata;

fn samples() -> PathBuf {
    testdata::testdata("samples/metadata")
}

#[test]
fn fixture_inventory_snapshot() {
    let root = fixtures();
    let inventory = read_inventory(&root, &root).unwrap();
    assert_eq!(inventory.classes.len(), 4);
    assert_eq!(inventory.pages.len(), 1);
    assert_eq!(inventory.flows.len(), 2);
    insta::assert_json_snapshot!(inventory);
}

#[test]
fn controller_fixture_semantics() {
    let root = fixtures();
    let class = read_class(&root, &root.join("classes/RepairApplicationController.cls")).unwrap();
    assert_eq!(class.span.file, "classes/RepairApplicationController.cls");
    assert_eq!(
        class.span.line, 5,
        "the comment above mentions `without sharing` but is not code"
    );
    assert_eq!(class.sharing, Some(SharingKeyword::With));
    // The tooling namespace of ebikes-style meta files (formats.md §1.1).
    assert_eq!(class.api_version.as_deref(), Some("58.0"));
    let elevated = class.inner.iter().find(|c| c.name == "Elevated").unwrap();
    assert_eq!(elevated.sharing, Some(SharingKeyword::Without));
    assert_eq!(
        elevated.api_version.as_deref(),
        Some("58.0"),
        "inner classes share their file's version"
    );
    let method = |name: &str| class.methods.iter().find(|m| m.name == name).unwrap();
    let find = method("findByPhone");
    assert_eq!(find.body.soql[0].mode, Some(SoqlMode::UserMode));
    assert_eq!(
        find.body.soql[0].fields,
        vec!["Id", "Applicant_Name__c", "EMoney_Number__c"]
    );
    assert_eq!(method("search").body.dynamic_soql.len(), 1);
    let count = method("countOpen");
    assert!(
        count.body.dynamic_soql.is_empty(),
        "a literal query is static"
    );
    assert_eq!(count.body.soql[0].object, "Repair_Application__c");
    let ctor = class.methods.iter().find(|m| m.constructor).unwrap();
    let q = &ctor.body.soql[0];
    assert_eq!(
        q.fields,
        vec![
            "Id",
            "Name",
            "Applicant_Name__c",
            "Phone__c",
            "Account__r.Name"
        ]
    );
    assert_eq!(q.subqueries[0].object, "Repair_Items__r");
    assert_eq!(q.line, 17);
    assert!(
        method("openCount").body.soql.len() == 1,
        "property getters with SOQL are kept"
    );
}

#[test]
fn real_cls_meta_samples_parse_in_both_namespaces() {
    let samples = samples();
    for (dir, expect) in [
        (
            samples.join("trailheadapps__ebikes-lwc/force-app/main/default/classes"),
            "urn:metadata.tooling.soap.sforce.com",
        ),
        (
            samples.join("SalesforceFoundation__Volunteers-for-Salesforce/src/classes"),
            "http://soap.sforce.com/2006/04/metadata",
        ),
    ] {
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.to_string_lossy().ends_with(".cls-meta.xml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            if !text.contains(expect) {
                continue;
            }
            let meta =
                ajar_adapters::metadata::apex::parse_class_meta("x.cls-meta.xml", &text).unwrap();
            let version = meta.api_version.unwrap();
            assert!(
                version.parse::<f64>().is_ok(),
                "{}: {version}",
                path.display()
            );
            assert!(meta.status.is_some());
            seen += 1;
        }
        assert!(seen > 0, "no {expect} meta file in {}", dir.display());
    }
}

#[test]
fn whole_sample_trees_read_without_error() {
    // The samples hold `.cls-meta.xml` and `.page-meta.xml` without bodies (README): only the
    // two UnsubscribeLink flows are code the inventory can read.
    let samples = samples();
    let inventory = read_inventory(&samples, &samples).unwrap();
    assert!(inventory.classes.is_empty() && inventory.pages.is_empty());
    let flows: Vec<_> = inventory
        .flows
        .iter()
        .map(|f| (f.name.as_str(), f.span.file.as_str()))
        .collect();
    assert_eq!(
        flows,
        vec![
            (
                "Unsubscribe_Contacts",
                "SFDO-Community__UnsubscribeLink/force-app/main/default/flows/Unsubscribe_Contacts.flow-meta.xml"
            ),
            (
                "Unsubscribe_Link_Quick",
                "SFDO-Community__UnsubscribeLink/force-app/main/default/flows/Unsubscribe_Link_Quick.flow-meta.xml"
            ),
        ]
    );
}

#[test]
fn unparseable_sources_are_left_out_as_gaps_but_bad_metadata_fails() {
    let dir = tempfile::tempdir().unwrap();
    let classes = dir.path().join("force-app/classes");
    std::fs::create_dir_all(&classes).unwrap();
    std::fs::write(
        classes.join("Good.cls"),
        "public class Good { void m() {} }",
    )
    .unwrap();
    std::fs::write(
        classes.join("Bad.cls"),
        "public class Bad {\n String s = 'Taro Yamada\n}",
    )
    .unwrap();
    let inventory = read_inventory(dir.path(), dir.path()).unwrap();
    assert_eq!(inventory.classes.len(), 1);
    assert_eq!(inventory.skipped.len(), 1);
    let gap = &inventory.skipped[0];
    assert_eq!(gap.kind, "unreadable-code");
    assert_eq!(
        gap.message,
        "force-app/classes/Bad.cls:2: unterminated string literal: left out, what it runs is unknown"
    );
    assert!(!gap.message.contains("Yamada"));

    std::fs::write(
        classes.join("Good.cls-meta.xml"),
        "<ApexClass>\n<apiVersion>58.0</status>",
    )
    .unwrap();
    let err = read_inventory(dir.path(), dir.path()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "force-app/classes/Good.cls-meta.xml:2: malformed XML: ill-formed document: expected `</apiVersion>`, but `</status>` was found"
    );
}
