//! The sharing mode of a keyword-less class: its `extends` chain first, then API 67.0 in that
//! chain, then the entry rules or its caller's mode (formats.md §1.7; issue #20, item 7).

use super::*;

const QUERY: &str = "List<Lead> l = [SELECT Email FROM Lead];";

/// A keyword-less class that extends a class declaring a keyword takes that keyword: an Aura
/// controller extending a `without sharing` base runs without sharing even after Spring '21.
#[test]
fn a_keywordless_class_takes_its_parents_keyword() {
    for api in ["58.0", "67.0"] {
        let inv = classes(&[
            ("58.0", "public without sharing virtual class Base { }"),
            (
                api,
                &format!(
                    "public class Ctrl extends Base {{ @AuraEnabled public static void go() {{ {QUERY} }} }}"
                ),
            ),
        ]);
        let entry = &code_reach(&inv, &access(&["Ctrl"], &[], &[]), &POST)[0];
        assert_eq!(entry.sharing, SharingMode::Without, "API {api}");
        assert_eq!(
            entry.sharing_reason, "no keyword; extends Base, which declares without sharing",
            "API {api}"
        );
    }
    // Without the `extends`, the same controller is with sharing from Spring '21.
    let inv = classes(&[(
        "58.0",
        &format!("public class Ctrl {{ @AuraEnabled public static void go() {{ {QUERY} }} }}"),
    )]);
    let entry = &code_reach(&inv, &access(&["Ctrl"], &[], &[]), &POST)[0];
    assert_eq!(entry.sharing, SharingMode::With);
}

/// The keyword is taken from the nearest ancestor that declares one, through classes that
/// declare none, and also by a callee.
#[test]
fn the_nearest_declaring_ancestor_decides_for_a_callee() {
    let inv = classes(&[
        (
            "58.0",
            "public with sharing class Entry { @AuraEnabled public static void go() { Leaf.q(); } }",
        ),
        ("58.0", "public without sharing virtual class Root { }"),
        ("58.0", "public virtual class Mid extends Root { }"),
        (
            "58.0",
            &format!("public class Leaf extends Mid {{ public static void q() {{ {QUERY} }} }}"),
        ),
    ]);
    let entry = &code_reach(&inv, &access(&["Entry"], &[], &[]), &POST)[0];
    assert_eq!(entry.sharing, SharingMode::With);
    let step = &entry.callees[0];
    assert_eq!(step.entry, "Leaf.q");
    assert_eq!(step.sharing, SharingMode::Without);
    assert_eq!(
        step.sharing_reason,
        "no keyword; extends Mid, which takes without sharing from Root"
    );
}

/// API 66.0 vs 67.0: a keyword-less class at 66.0 in an inheritance chain with a class at
/// 67.0 runs with sharing, at a Visualforce entry where it would otherwise run without.
#[test]
fn api_67_in_the_inheritance_chain_means_with_sharing() {
    let ctrl = format!(
        "public class Ctrl extends Base {{ public List<Lead> getLeads() {{ {QUERY} return null; }} }}"
    );
    for (base_api, expect) in [("66.0", SharingMode::Without), ("67.0", SharingMode::With)] {
        let mut inv = classes(&[
            (base_api, "public virtual class Base { }"),
            ("66.0", ctrl.as_str()),
        ]);
        inv.pages
            .push(page("Leads", "<apex:page controller=\"Ctrl\">"));
        let entries = code_reach(&inv, &access(&[], &["Leads"], &[]), &POST);
        let entry = find(&entries, "Ctrl", EntryKind::VisualforceController);
        assert_eq!(entry.sharing, expect, "base at API {base_api}");
        if expect == SharingMode::With {
            assert_eq!(
                entry.sharing_reason,
                "no keyword at API 66.0; Base in its inheritance chain is at API 67.0 or later: with sharing by default"
            );
        }
        // User mode stays a matter of the class's own version.
        assert!(!entry.enforces_fls, "base at API {base_api}");
    }
}

/// A keyword-less class at API 66.0 that is not an entry point takes its caller's mode, even
/// when the caller is at 67.0: only the inheritance chain carries the 67.0 default, not the
/// call chain. At 67.0 the same callee runs with sharing whoever calls it.
#[test]
fn a_keywordless_callee_takes_its_callers_mode_whatever_the_callers_version() {
    for (callee_api, expect) in [("66.0", SharingMode::Without), ("67.0", SharingMode::With)] {
        let inv = classes(&[
            (
                "67.0",
                "public without sharing class Entry { @AuraEnabled public static void go() { Old.q(); } }",
            ),
            (
                callee_api,
                &format!("public class Old {{ public static void q() {{ {QUERY} }} }}"),
            ),
        ]);
        let entry = &code_reach(&inv, &access(&["Entry"], &[], &[]), &POST)[0];
        assert_eq!(entry.sharing, SharingMode::Without);
        assert_eq!(
            entry.callees[0].sharing, expect,
            "callee at API {callee_api}"
        );
    }
    // A keyword-less 67.0 caller runs with sharing, and so does its 66.0 callee.
    let inv = classes(&[
        (
            "67.0",
            "public class Entry { @AuraEnabled public static void go() { Old.q(); } }",
        ),
        (
            "66.0",
            &format!("public class Old {{ public static void q() {{ {QUERY} }} }}"),
        ),
    ]);
    let entry = &code_reach(&inv, &access(&["Entry"], &[], &[]), &POST)[0];
    assert_eq!(entry.callees[0].sharing, SharingMode::With);
    assert_eq!(
        entry.callees[0].sharing_reason,
        "no keyword at API 66.0: the caller's mode, with sharing"
    );
}

/// Spring '21 before/after for an `@AuraEnabled` entry: before it, a keyword-less controller is
/// taken as without sharing (an org created after Spring '18 assumed), unless a class at API
/// 67.0 is in its inheritance chain; after it, with sharing either way.
#[test]
fn aura_entries_on_both_sides_of_spring_21_with_an_inheritance_chain() {
    let before = CodeContext {
        mode: LockdownMode::Post2021,
        ..PRE
    };
    let ctrl = format!(
        "public class Ctrl extends Base {{ @AuraEnabled public static void go() {{ {QUERY} }} }}"
    );
    for (base_api, ctx, expect) in [
        ("66.0", &before, SharingMode::Without),
        ("67.0", &before, SharingMode::With),
        ("66.0", &POST, SharingMode::With),
        ("67.0", &POST, SharingMode::With),
    ] {
        let inv = classes(&[
            (base_api, "public virtual class Base { }"),
            ("66.0", ctrl.as_str()),
        ]);
        let entry = &code_reach(&inv, &access(&["Ctrl"], &[], &[]), ctx)[0];
        assert_eq!(
            entry.sharing, expect,
            "base at API {base_api}, Spring '21 enforced: {}",
            ctx.aura_with_sharing_enforced
        );
    }
}

/// An `extends` cycle (invalid Apex, but input is input) ends, and a parent outside the
/// inventory leaves the class to the keyword-less rules.
#[test]
fn inheritance_cycles_and_unknown_parents_end() {
    let inv = classes(&[
        ("58.0", "public virtual class A extends B { }"),
        (
            "58.0",
            &format!(
                "public virtual class B extends A {{ @AuraEnabled public static void go() {{ {QUERY} }} }}"
            ),
        ),
        (
            "58.0",
            &format!(
                "public class C extends Missing {{ @AuraEnabled public static void go() {{ {QUERY} }} }}"
            ),
        ),
    ]);
    let entries = code_reach(&inv, &access(&["B", "C"], &[], &[]), &POST);
    assert_eq!(
        find(&entries, "B.go", EntryKind::Aura).sharing,
        SharingMode::With
    );
    assert_eq!(
        find(&entries, "C.go", EntryKind::Aura).sharing,
        SharingMode::With
    );
}
