use super::*;
use ajar_adapters::metadata::apex::parse_class;
use ajar_adapters::metadata::flow::parse_flow;
use ajar_adapters::metadata::page::parse_page;

mod flows_and_gaps;
mod inheritance;
mod input;

/// An inventory from `(api_version, source)` classes.
fn classes(sources: &[(&str, &str)]) -> CodeInventory {
    let mut inv = CodeInventory::default();
    for (i, (api, src)) in sources.iter().enumerate() {
        let mut class = parse_class(&format!("classes/C{i}.cls"), src).unwrap();
        set_api(&mut class, api);
        inv.classes.push(class);
    }
    inv
}

fn set_api(class: &mut ApexClass, api: &str) {
    class.api_version = Some(api.to_owned());
    for inner in &mut class.inner {
        set_api(inner, api);
    }
}

fn access(classes: &[&str], pages: &[&str], flows: &[&str]) -> CodeAccess {
    let set = |names: &[&str]| names.iter().map(|s| (*s).to_owned()).collect();
    CodeAccess {
        classes: set(classes),
        pages: set(pages),
        flows: set(flows),
    }
}

fn page(name: &str, tag: &str) -> ajar_model::code::VfPage {
    parse_page(&format!("pages/{name}.page"), name, tag).unwrap()
}

fn find<'a>(entries: &'a [CodeEntry], name: &str, kind: EntryKind) -> &'a CodeEntry {
    entries
        .iter()
        .find(|e| e.entry == name && e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} entry {name} in {entries:#?}"))
}

const POST: CodeContext = CodeContext {
    mode: LockdownMode::Post2021,
    aura_access_check: None,
    aura_implicit_with_sharing: None,
    aura_with_sharing_enforced: true,
};
const PRE: CodeContext = CodeContext {
    mode: LockdownMode::Pre2021,
    aura_access_check: None,
    aura_implicit_with_sharing: None,
    aura_with_sharing_enforced: false,
};

/// formats.md trap 15: the inner class's own keyword applies to its queries.
#[test]
fn trap_15_inner_without_sharing_beats_outer_with_sharing() {
    let inv = classes(&[(
        "58.0",
        "public with sharing class Apps {\n\
           @AuraEnabled public static List<Case> mine() { return Elevated.all(); }\n\
           without sharing class Elevated {\n\
             List<Case> all() { return [SELECT Subject, Contact.Phone FROM Case]; }\n\
           }\n}",
    )]);
    let entries = code_reach(&inv, &access(&["Apps"], &[], &[]), &POST);
    let entry = find(&entries, "Apps.mine", EntryKind::Aura);
    assert_eq!(entry.sharing, SharingMode::With);
    assert_eq!(entry.reads, vec!["Case.Contact.Phone", "Case.Subject"]);
    assert_eq!(entry.callees.len(), 1);
    let step = &entry.callees[0];
    assert_eq!(step.entry, "Apps.Elevated.all");
    assert_eq!(step.sharing, SharingMode::Without);
    assert_eq!(step.sharing_reason, "class declares without sharing");
    assert_eq!(step.span, Span::new("classes/C0.cls", 4));
}

/// formats.md trap 16: no keyword is the caller's mode (without sharing at a Visualforce
/// entry) up to API 66.0, with sharing from 67.0.
#[test]
fn trap_16_no_keyword_depends_on_the_api_version() {
    let src =
        "public class Ctrl { public List<Lead> getLeads() { return [SELECT Email FROM Lead]; } }";
    for (api, expect, fls) in [
        ("66.0", SharingMode::Without, false),
        ("67.0", SharingMode::With, true),
    ] {
        let mut inv = classes(&[(api, src)]);
        inv.pages
            .push(page("Leads", "<apex:page controller=\"Ctrl\">"));
        let entries = code_reach(&inv, &access(&[], &["Leads"], &[]), &POST);
        let entry = find(&entries, "Ctrl", EntryKind::VisualforceController);
        assert_eq!(entry.sharing, expect, "API {api}");
        assert_eq!(entry.enforces_fls, fls, "API {api}");
        assert_eq!(entry.reads, vec!["Lead.Email"]);
    }
    let inv = classes(&[("66.0", src)]);
    let mut inv = inv;
    inv.pages
        .push(page("Leads", "<apex:page controller=\"Ctrl\">"));
    let entry = &code_reach(&inv, &access(&[], &["Leads"], &[]), &POST)[0];
    assert_eq!(
        entry.sharing_reason,
        "no keyword at API 66.0: caller's mode, without sharing at a Visualforce entry"
    );
}

#[test]
fn inherited_sharing_is_with_sharing_at_an_entry_point() {
    let inv = classes(&[(
        "58.0",
        "public inherited sharing class A { @AuraEnabled public static void go() {} }",
    )]);
    let entry = &code_reach(&inv, &access(&["A"], &[], &[]), &POST)[0];
    assert_eq!(entry.sharing, SharingMode::With);
}

#[test]
fn keywordless_aura_controller_follows_the_implicit_sharing_update() {
    let inv = classes(&[(
        "58.0",
        "public class A { @AuraEnabled public static void go() {} }",
    )]);
    let grant = access(&["A"], &[], &[]);
    // Before Spring '21 the org's age decided; the wider answer is assumed and said.
    let before = CodeContext {
        mode: LockdownMode::Post2021,
        ..PRE
    };
    let entry = &code_reach(&inv, &grant, &before)[0];
    assert_eq!(entry.sharing, SharingMode::Without);
    assert!(
        entry.sharing_reason.contains("Spring '18"),
        "{}",
        entry.sharing_reason
    );
    // From Spring '21 with sharing everywhere (issue #20, item 7).
    let entry = &code_reach(&inv, &grant, &POST)[0];
    assert_eq!(entry.sharing, SharingMode::With);
    assert!(
        entry.sharing_reason.contains("Spring '21"),
        "{}",
        entry.sharing_reason
    );
    let on = CodeContext {
        aura_implicit_with_sharing: Some(true),
        ..before
    };
    let entry = &code_reach(&inv, &grant, &on)[0];
    assert_eq!(entry.sharing, SharingMode::With);
    assert!(
        entry
            .sharing_reason
            .contains("enableApexCtrlImplicitWithSharingPref")
    );
}

/// Before Winter '21 any `@AuraEnabled` method was guest-callable; after, only with class
/// access (formats.md §1.8).
#[test]
fn aura_needs_class_access_only_after_winter_21() {
    let inv = classes(&[(
        "48.0",
        "public class A { @AuraEnabled public static void go() {} public static void no() {} }",
    )]);
    let none = access(&[], &[], &[]);
    assert!(code_reach(&inv, &none, &POST).is_empty());
    let pre: Vec<_> = code_reach(&inv, &none, &PRE)
        .into_iter()
        .map(|e| e.entry)
        .collect();
    assert_eq!(pre, vec!["A.go"]);
    let early = CodeContext {
        aura_access_check: Some(true),
        ..PRE
    };
    assert!(code_reach(&inv, &none, &early).is_empty());
    assert_eq!(
        code_reach(&inv, &access(&["a"], &[], &[]), &POST).len(),
        1,
        "names ignore case"
    );
}

#[test]
fn remote_actions_of_controller_and_extensions_of_granted_pages() {
    let mut inv = classes(&[
        (
            "58.0",
            "public with sharing class Ctrl { @RemoteAction public static void r() {} public void plain() {} }",
        ),
        (
            "58.0",
            "public without sharing class Ext { public Ext(ApexPages.StandardController c) {} @RemoteAction global static String x() { return null; } }",
        ),
    ]);
    inv.pages.push(page(
        "Apply",
        "<apex:page controller=\"Ctrl\" extensions=\"Ext, Missing\">",
    ));
    inv.pages
        .push(page("Hidden", "<apex:page controller=\"Other\">"));
    let entries = code_reach(&inv, &access(&[], &["apply"], &[]), &POST);
    let names: Vec<_> = entries
        .iter()
        .map(|e| (e.entry.as_str(), e.kind, e.sharing))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Ctrl", EntryKind::VisualforceController, SharingMode::With),
            ("Ctrl.r", EntryKind::RemoteAction, SharingMode::With),
            (
                "Ext",
                EntryKind::VisualforceController,
                SharingMode::Without
            ),
            ("Ext.x", EntryKind::RemoteAction, SharingMode::Without),
        ]
    );
}

#[test]
fn rest_and_webservice_need_class_access_and_global_alone_exposes_nothing() {
    let inv = classes(&[
        (
            "58.0",
            "@RestResource(urlMapping='/r/*') global class R { @HttpGet global static void g() {} global static void notHttp() {} }",
        ),
        (
            "58.0",
            "global class W { webservice static void ws() {} global static void g() {} }",
        ),
        ("58.0", "global class G { global static void g() {} }"),
    ]);
    assert!(code_reach(&inv, &access(&[], &[], &[]), &POST).is_empty());
    let entries = code_reach(&inv, &access(&["R", "W", "G"], &[], &[]), &POST);
    let names: Vec<_> = entries.iter().map(|e| (e.entry.as_str(), e.kind)).collect();
    assert_eq!(
        names,
        vec![("R.g", EntryKind::Rest), ("W.ws", EntryKind::Webservice)]
    );
    assert_eq!(
        entries[0].sharing_reason,
        "no keyword at API 58.0: caller's mode, without sharing at a REST entry"
    );
}

#[test]
fn fls_enforcement_markers_and_api_67_default() {
    let inv = classes(&[(
        "58.0",
        "public with sharing class F {\n\
           @AuraEnabled public static void um() { List<Lead> l = [SELECT Email FROM Lead WITH USER_MODE]; }\n\
           @AuraEnabled public static void se() { List<Lead> l = [SELECT Email FROM Lead WITH SECURITY_ENFORCED]; }\n\
           @AuraEnabled public static void sys() { List<Lead> l = [SELECT Email FROM Lead]; }\n\
           @AuraEnabled public static void strip() { Security.stripInaccessible(AccessType.READABLE, [SELECT Email FROM Lead]); }\n\
           @AuraEnabled public static void dynUser(String q) { Database.query(q, AccessLevel.USER_MODE); }\n\
           @AuraEnabled public static void dyn(String q) { Database.query(q); }\n}",
    )]);
    let entries = code_reach(&inv, &access(&["F"], &[], &[]), &POST);
    let fls: Vec<_> = entries
        .iter()
        .map(|e| (e.entry.as_str(), e.enforces_fls, e.dynamic_soql))
        .collect();
    assert_eq!(
        fls,
        vec![
            ("F.dyn", false, true),
            ("F.dynUser", true, true),
            ("F.se", true, false),
            ("F.strip", true, false),
            ("F.sys", false, false),
            ("F.um", true, false),
        ]
    );
    let at67 = classes(&[(
        "67.0",
        "public class G { @AuraEnabled public static void a() { List<Lead> l = [SELECT Email FROM Lead]; }\n\
         @AuraEnabled public static void b() { List<Lead> l = [SELECT Email FROM Lead WITH SYSTEM_MODE]; } }",
    )]);
    let entries = code_reach(&at67, &access(&["G"], &[], &[]), &POST);
    assert_eq!(
        entries.iter().map(|e| e.enforces_fls).collect::<Vec<_>>(),
        vec![true, false]
    );
}

#[test]
fn callees_take_their_own_keyword_or_the_callers_mode() {
    let inv = classes(&[
        (
            "58.0",
            "public without sharing class Entry { @AuraEnabled public static void go() { Helper h = new Helper(); h.run(); Inh.q(); With2.q(); } }",
        ),
        (
            "58.0",
            "public class Helper { public void run() { Database.query('SELECT Id FROM ' + t); } }",
        ),
        (
            "58.0",
            "public inherited sharing class Inh { public static void q() { List<Lead> l = [SELECT Email FROM Lead]; } }",
        ),
        (
            "58.0",
            "public with sharing class With2 { public static void q() { List<Case> c = [SELECT Subject FROM Case]; } }",
        ),
    ]);
    let entry = &code_reach(&inv, &access(&["Entry"], &[], &[]), &POST)[0];
    assert!(entry.dynamic_soql, "the dynamic query of a callee counts");
    assert_eq!(entry.reads, vec!["Case.Subject", "Lead.Email"]);
    let steps: Vec<_> = entry
        .callees
        .iter()
        .map(|s| (s.entry.as_str(), s.sharing))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("Helper.run", SharingMode::Without),
            ("Inh.q", SharingMode::Without),
            ("With2.q", SharingMode::With)
        ]
    );
}

#[test]
fn recursive_calls_terminate() {
    let inv = classes(&[(
        "58.0",
        "public class R { @AuraEnabled public static void a() { b(); } static void b() { a(); R.b(); List<Lead> l = [SELECT Email FROM Lead]; } }",
    )]);
    let entry = &code_reach(&inv, &access(&["R"], &[], &[]), &POST)[0];
    assert_eq!(entry.reads, vec!["Lead.Email"]);
}

#[test]
fn names_match_ignores_case_and_namespace() {
    assert!(names_match("summit__Ctrl", "ctrl"));
    assert!(names_match("Ctrl", "CTRL"));
    assert!(!names_match("Ctrl", "Ctrl2"));
    assert!(!names_match("ns__Ctrl", "Other"));
}

#[test]
fn api_versions_compare_numerically() {
    assert!(ApiVersion::parse("9.0") < ApiVersion::parse("10.0"));
    assert_eq!(
        ApiVersion::parse("67"),
        Some(ApiVersion::WITH_SHARING_DEFAULT)
    );
    assert_eq!(ApiVersion::parse("x"), None);
}

#[test]
fn test_classes_and_deleted_classes_are_not_entries() {
    let mut inv = classes(&[
        (
            "58.0",
            "@IsTest public class T { @AuraEnabled public static void go() {} }",
        ),
        (
            "58.0",
            "public class D { @AuraEnabled public static void go() {} }",
        ),
    ]);
    inv.classes[1].status = Some("Deleted".to_owned());
    assert!(code_reach(&inv, &access(&["T", "D"], &[], &[]), &PRE).is_empty());
}

#[test]
fn strip_inaccessible_in_one_controller_method_does_not_cover_the_others() {
    let mut inv = classes(&[(
        "58.0",
        "public with sharing class Ctrl {\n\
           public List<Lead> getSafe() { return Security.stripInaccessible(AccessType.READABLE, [SELECT Email FROM Lead]).getRecords(); }\n\
           public List<Case> getOpen() { return [SELECT Subject FROM Case]; }\n}",
    )]);
    inv.pages.push(page("P", "<apex:page controller=\"Ctrl\">"));
    let entry = &code_reach(&inv, &access(&[], &["P"], &[]), &POST)[0];
    assert_eq!(entry.kind, EntryKind::VisualforceController);
    assert!(!entry.enforces_fls);
}
