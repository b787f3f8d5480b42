use super::*;
use ajar_model::code::FlowWriteKind;
use proptest::prelude::*;

fn samples() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/samples/metadata/SFDO-Community__UnsubscribeLink/force-app/main/default/flows");
    assert!(dir.is_dir(), "shared samples missing at {}", dir.display());
    dir
}

#[test]
fn reads_the_unsubscribe_contacts_sample() {
    let root = samples();
    let flow = read_flow(&root, &root.join("Unsubscribe_Contacts.flow-meta.xml")).unwrap();
    assert_eq!(flow.name, "Unsubscribe_Contacts");
    assert_eq!(
        flow.run_in_mode,
        Some(FlowRunMode::SystemModeWithoutSharing)
    );
    assert_eq!(flow.process_type.as_deref(), Some("AutoLaunchedFlow"));
    assert_eq!(flow.status.as_deref(), Some("Active"));
    assert_eq!(flow.api_version.as_deref(), Some("61.0"));
    assert_eq!(flow.span.line, 2);
    assert_eq!(flow.lookups.len(), 1);
    let lookup = &flow.lookups[0];
    assert_eq!(
        (lookup.name.as_str(), lookup.object.as_str()),
        ("FastLookupEmail", "Contact")
    );
    assert_eq!(lookup.fields, vec!["Id", "HasOptedOutOfEmail"]);
    assert!(!lookup.all_fields);
    // `Update_Collection` names no object: its `inputReference` variable's objectType does.
    let writes: Vec<_> = flow
        .writes
        .iter()
        .map(|w| (w.name.as_str(), w.kind, w.object.as_deref()))
        .collect();
    assert_eq!(
        writes,
        vec![
            ("Update_Collection", FlowWriteKind::Update, Some("Contact")),
            (
                "Update_Unsubscribe",
                FlowWriteKind::Update,
                Some("Unsubscribe__c")
            ),
        ]
    );
    assert!(flow.apex_actions.is_empty(), "emailSimple is not Apex");
}

#[test]
fn reads_the_unsubscribe_link_quick_sample() {
    let root = samples();
    let flows = read_flows(&root, &root).unwrap();
    assert_eq!(flows.len(), 2);
    let quick = flows
        .iter()
        .find(|f| f.name == "Unsubscribe_Link_Quick")
        .unwrap();
    assert_eq!(quick.process_type.as_deref(), Some("Flow"));
    assert_eq!(
        quick.run_in_mode,
        Some(FlowRunMode::SystemModeWithoutSharing)
    );
    let lookups: Vec<_> = quick
        .lookups
        .iter()
        .map(|l| (l.object.as_str(), l.fields.clone(), l.all_fields))
        .collect();
    assert_eq!(
        lookups,
        vec![
            ("Contact", vec!["Email".to_owned(), "Id".to_owned()], false),
            ("Lead", vec!["Email".to_owned(), "Id".to_owned()], false),
            ("OrgWideEmailAddress", vec![], true),
            ("Unsubscribe_Link_Setup__c", vec![], true),
        ]
    );
    assert_eq!(
        quick.subflows,
        vec![
            "Unsubscribe_Contacts",
            "Unsubscribe_Leads",
            "recordIdBlankFlow"
        ]
    );
}

#[test]
fn absent_run_in_mode_is_none_and_unknown_is_an_error() {
    let flow = parse_flow(
        "f.flow",
        "F",
        "<Flow xmlns=\"http://soap.sforce.com/2006/04/metadata\"/>",
    )
    .unwrap();
    assert_eq!(flow.run_in_mode, None);
    let err = parse_flow("f.flow", "F", "<Flow>\n<runInMode>Sudo</runInMode></Flow>").unwrap_err();
    assert_eq!(err.to_string(), "f.flow:2: unknown `runInMode` value");
}

#[test]
fn refuses_doctype_and_names_the_line_of_malformed_xml() {
    let err = parse_flow(
        "flows/X.flow-meta.xml",
        "X",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Flow>\n<Flow/>",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "flows/X.flow-meta.xml:2: DOCTYPE is not allowed in metadata"
    );
    let err = parse_flow(
        "flows/X.flow-meta.xml",
        "X",
        "<Flow>\n<label>a</label>\n<status>Active</label>\n</Flow>",
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "flows/X.flow-meta.xml:3: malformed XML");
    let err = parse_flow(
        "flows/X.flow-meta.xml",
        "X",
        "<Flow>\n<label>Taro &foo;</label></Flow>",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "flows/X.flow-meta.xml:2: undefined XML entity"
    );
    let err = parse_flow("flows/X.flow-meta.xml", "X", "<Flow>\n<label>").unwrap_err();
    assert!(
        err.to_string().starts_with("flows/X.flow-meta.xml:"),
        "{err}"
    );
    let err = parse_flow("flows/X.flow-meta.xml", "X", "<ApexClass/>").unwrap_err();
    assert_eq!(
        err.to_string(),
        "flows/X.flow-meta.xml:1: root element is not `Flow`"
    );
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(src in "\\PC*") {
        let _ = parse_flow("f.flow", "F", &src);
    }

    #[test]
    fn xml_like_text_never_panics(src in "[<>/a-zA-Z &;#x0-9\"=!\\[\\]-]{0,120}") {
        let _ = parse_flow("f.flow", "F", &src);
    }
}
