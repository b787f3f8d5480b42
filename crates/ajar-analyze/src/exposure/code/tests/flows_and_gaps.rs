//! Flows, invocable Apex, and granted code missing from the input.

use super::*;

#[test]
fn flows_map_run_in_mode_and_reach_invocable_apex() {
    let mut inv = classes(&[
        (
            "58.0",
            "public class Act { @InvocableMethod public static List<String> run(List<String> x) { List<Lead> l = [SELECT Phone FROM Lead]; return x; } }",
        ),
        (
            "58.0",
            "public with sharing class Act2 { @InvocableMethod public static void run() {} }",
        ),
    ]);
    let flow = |name: &str, mode: &str, body: &str| {
        let run = if mode.is_empty() {
            String::new()
        } else {
            format!("<runInMode>{mode}</runInMode>")
        };
        parse_flow(
            &format!("flows/{name}.flow-meta.xml"),
            name,
            &format!("<Flow>{run}{body}</Flow>"),
        )
        .unwrap()
    };
    let lookup = "<recordLookups><name>L</name><object>Contact</object><queriedFields>Email</queriedFields></recordLookups>";
    inv.flows.push(flow(
        "Public",
        "SystemModeWithoutSharing",
        &format!("{lookup}<actionCalls><name>A</name><actionName>Act</actionName><actionType>apex</actionType></actionCalls><subflows><name>S</name><flowName>Sub</flowName></subflows>"),
    ));
    inv.flows.push(flow(
        "Sub",
        "",
        "<recordLookups><name>G</name><object>Case</object><storeOutputAutomatically>true</storeOutputAutomatically></recordLookups><actionCalls><name>B</name><actionName>Act2</actionName><actionType>apex</actionType></actionCalls>",
    ));
    inv.flows.push(flow("Plain", "", lookup));
    let entries = code_reach(&inv, &access(&[], &[], &["Public", "Plain"]), &POST);
    let names: Vec<_> = entries
        .iter()
        .map(|e| (e.entry.as_str(), e.kind, e.sharing, e.enforces_fls))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Act.run", EntryKind::Invocable, SharingMode::Without, false),
            ("Act2.run", EntryKind::Invocable, SharingMode::With, false),
            ("Plain", EntryKind::Flow, SharingMode::With, true),
            ("Public", EntryKind::Flow, SharingMode::Without, false),
        ]
    );
    let public = find(&entries, "Public", EntryKind::Flow);
    assert_eq!(public.reads, vec!["Case.*", "Contact.Email"]);
    assert_eq!(public.callees[0].entry, "Sub");
    assert_eq!(
        public.callees[0].sharing,
        SharingMode::Without,
        "a default-mode subflow runs in its caller's mode"
    );
    let act = find(&entries, "Act.run", EntryKind::Invocable);
    assert_eq!(
        act.sharing_reason,
        "no keyword at API 58.0: the calling flow's mode, without sharing"
    );
    assert_eq!(act.reads, vec!["Lead.Phone"]);
}

#[test]
fn draft_flows_say_so() {
    let mut inv = CodeInventory::default();
    inv.flows
        .push(parse_flow("flows/D.flow", "D", "<Flow><status>Draft</status></Flow>").unwrap());
    let entry = &code_reach(&inv, &access(&[], &[], &["D"]), &POST)[0];
    assert_eq!(
        entry.sharing_reason,
        "default run mode: the running user's context (this version's status is Draft)"
    );
}

/// formats.md R11: granted code that is not in the input is unknown, not safe.
#[test]
fn granted_code_missing_from_the_input_is_a_gap() {
    let mut inv = classes(&[("58.0", "public class Here {}")]);
    inv.pages.push(page(
        "P",
        "<apex:page controller=\"Gone\" extensions=\"Here\">",
    ));
    let gaps = code_gaps(
        &inv,
        &access(&["Here", "Managed"], &["P", "NoPage"], &["NoFlow"]),
    );
    let messages: Vec<_> = gaps
        .iter()
        .map(|g| (g.kind.as_str(), g.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        vec![
            (
                "missing-code",
                "Apex class `Gone`, controller of granted page `P`, is not in the input: what it runs is unknown"
            ),
            (
                "missing-code",
                "Apex class `Managed` is granted but its source is not in the input: what it runs is unknown"
            ),
            (
                "missing-code",
                "Visualforce page `NoPage` is granted but its source is not in the input: what it runs is unknown"
            ),
            (
                "missing-code",
                "flow `NoFlow` is granted but its source is not in the input: what it runs is unknown"
            ),
        ]
    );
    assert_eq!(gaps[0].span, Some(Span::new("pages/P.page", 1)));
}
