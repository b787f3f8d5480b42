//! Code reach (issue #5) end to end over the real-format fixtures of `ajar-adapters`: a guest
//! granted the REST class, the application page and the status flow.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use ajar_adapters::metadata::apex::read_inventory;
use ajar_analyze::exposure::code::{CodeAccess, CodeContext, code_reach};
use ajar_model::exposure::{CodeEntry, EntryKind, LockdownMode, SharingMode};
use std::path::Path;

fn guest() -> CodeAccess {
    CodeAccess {
        classes: ["RepairApi".to_owned()].into(),
        pages: ["RepairApply".to_owned()].into(),
        flows: ["Repair_Status".to_owned()].into(),
    }
}

fn reach(ctx: &CodeContext) -> Vec<CodeEntry> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ajar-adapters/tests/fixtures/apex");
    let inventory = read_inventory(&root, &root).unwrap();
    assert_eq!(
        inventory.classes.len(),
        4,
        "fixtures missing at {}",
        root.display()
    );
    code_reach(&inventory, &guest(), ctx)
}

fn get<'a>(entries: &'a [CodeEntry], name: &str) -> &'a CodeEntry {
    entries.iter().find(|e| e.entry == name).unwrap()
}

#[test]
fn guest_code_reach_snapshot() {
    insta::assert_json_snapshot!(reach(&CodeContext::default()));
}

#[test]
fn guest_code_reach_semantics() {
    let entries = reach(&CodeContext::default());
    let names: Vec<_> = entries
        .iter()
        .map(|e| (e.entry.as_str(), e.kind, e.sharing))
        .collect();
    assert_eq!(
        names,
        vec![
            (
                "RepairApi",
                EntryKind::VisualforceController,
                SharingMode::Without
            ),
            ("RepairApi.create", EntryKind::Rest, SharingMode::Without),
            ("RepairApi.show", EntryKind::Rest, SharingMode::Without),
            (
                "RepairApi.statusOf",
                EntryKind::Webservice,
                SharingMode::Without
            ),
            (
                "RepairApplicationController",
                EntryKind::VisualforceController,
                SharingMode::With
            ),
            (
                "RepairApplicationController.countOpen",
                EntryKind::RemoteAction,
                SharingMode::With
            ),
            (
                "RepairApplicationController.search",
                EntryKind::RemoteAction,
                SharingMode::With
            ),
            (
                "RepairLookupAction.lookup",
                EntryKind::Invocable,
                SharingMode::With
            ),
            ("Repair_Status", EntryKind::Flow, SharingMode::With),
        ]
    );

    // The controller's inner `without sharing` class (trap 15) is reached from a page method.
    let ctrl = get(&entries, "RepairApplicationController");
    assert!(ctrl.dynamic_soql);
    assert!(
        ctrl.reads
            .contains(&"Repair_Application__c.Repair_Items__r.Description__c".to_owned())
    );
    let elevated = ctrl
        .callees
        .iter()
        .find(|s| s.entry == "RepairApplicationController.Elevated.byEmail")
        .unwrap();
    assert_eq!(elevated.sharing, SharingMode::Without);
    assert_eq!(
        elevated.reads,
        vec![
            "Repair_Application__c.EMoney_Number__c",
            "Repair_Application__c.Id"
        ]
    );

    // A SOAP method reaches the selector through a local variable; `inherited sharing` there
    // takes the caller's mode.
    let soap = get(&entries, "RepairApi.statusOf");
    assert_eq!(
        soap.sharing_reason,
        "no keyword at API 66.0: caller's mode, without sharing at a SOAP web service entry"
    );
    assert_eq!(soap.callees[0].entry, "RepairSelector.statusByNumber");
    assert_eq!(soap.callees[0].sharing, SharingMode::Without);
    assert!(soap.enforces_fls, "WITH SECURITY_ENFORCED");
    assert!(
        soap.reads
            .contains(&"Repair_Application__c.Owner.Email".to_owned())
    );

    // The invocable class is at API 67.0: with sharing, but its API 62.0 callee builds dynamic
    // SOQL in system mode.
    let action = get(&entries, "RepairLookupAction.lookup");
    assert!(action.dynamic_soql);
    assert!(!action.enforces_fls);

    let flow = get(&entries, "Repair_Status");
    assert_eq!(
        flow.reads,
        vec![
            "Contact.Email",
            "Contact.MobilePhone",
            "Repair_Application__c.*"
        ]
    );
    assert_eq!(
        flow.callees[0].sharing,
        SharingMode::Without,
        "Repair_Notify runs SystemModeWithoutSharing"
    );
}

#[test]
fn before_winter_21_every_aura_method_is_reachable() {
    let ctx = CodeContext {
        mode: LockdownMode::Pre2021,
        ..CodeContext::default()
    };
    let entries = reach(&ctx);
    let aura: Vec<_> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Aura)
        .map(|e| e.entry.as_str())
        .collect();
    assert_eq!(
        aura,
        vec![
            "RepairApplicationController.allForEmail",
            "RepairApplicationController.contactsFor",
            "RepairApplicationController.findByPhone",
        ]
    );
    let find = get(&entries, "RepairApplicationController.findByPhone");
    assert!(find.enforces_fls, "WITH USER_MODE");
    assert!(!get(&entries, "RepairApplicationController.allForEmail").enforces_fls);
}
