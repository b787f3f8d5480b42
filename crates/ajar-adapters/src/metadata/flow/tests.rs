use super::*;
use ajar_model::code::FlowWriteKind;
use proptest::prelude::*;

fn samples() -> std::path::PathBuf {
    crate::testdata::testdata(
        "samples/metadata/SFDO-Community__UnsubscribeLink/force-app/main/default/flows",
    )
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
fn record_choice_sets_read_records_and_picklist_choice_sets_do_not() {
    let src = "<Flow>\n<dynamicChoiceSets><name>Apps</name><dataType>String</dataType>\
               <displayField>Applicant_Name__c</displayField><object>Repair_Application__c</object>\
               <outputAssignments><assignToReference>p</assignToReference><field>Phone__c</field></outputAssignments>\
               <valueField>Id</valueField></dynamicChoiceSets>\n\
               <dynamicChoiceSets><name>Status</name><dataType>Picklist</dataType><displayField xsi:nil=\"true\"/>\
               <object xsi:nil=\"true\"/><picklistField>Status__c</picklistField>\
               <picklistObject>Repair_Application__c</picklistObject></dynamicChoiceSets></Flow>";
    let flow = parse_flow("f.flow", "F", src).unwrap();
    let lookups: Vec<_> = flow
        .lookups
        .iter()
        .map(|l| {
            (
                l.name.as_str(),
                l.object.as_str(),
                l.fields.join(","),
                l.line,
            )
        })
        .collect();
    assert_eq!(
        lookups,
        vec![(
            "Apps",
            "Repair_Application__c",
            "Applicant_Name__c,Id,Phone__c".to_owned(),
            2
        )]
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
    assert_eq!(
        err.to_string(),
        "flows/X.flow-meta.xml:3: malformed XML: ill-formed document: expected `</status>`, but `</label>` was found"
    );
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

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let src = format!("<Flow>{}", "<a>".repeat(100_000));
    let err = parse_flow("f.flow", "F", &src).unwrap_err();
    assert_eq!(err.to_string(), "f.flow:1: XML nested too deeply");
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

/// Errors name the file and line, never a value (conventions.md §3, "Errors"): a planted name and phone
/// number must not reach the message or any error it wraps.
#[test]
fn error_chains_never_quote_planted_personal_data() {
    let planted = "Taro Yamada 090-1234-5678";
    let xml_cases = [
        format!("<Flow>\n<label>{planted}</labl></Flow>"),
        format!("<Flow>\n<label>{planted} & more</label></Flow>"),
        format!("<Flow>\n<label>{planted} &{planted};</label></Flow>"),
        format!("<Flow>\n<label a=\"{planted}>x</label></Flow>"),
        format!("<Flow>\n<runInMode>{planted}</runInMode></Flow>"),
        format!("<?xml version=\"1.0\"?>\n<!DOCTYPE Flow [<!ENTITY x \"{planted}\">]>\n<Flow/>"),
        format!("<Flow>\n<label>{planted}</label>"),
        format!("<Flow>\n<!-- {planted}"),
        format!("<Flow>\n<![CDATA[{planted}"),
    ];
    for (i, src) in xml_cases.iter().enumerate() {
        let err = parse_flow("flows/F.flow-meta.xml", "F", src).unwrap_err();
        let chain = chain_text(&err);
        assert!(
            chain.starts_with("flows/F.flow-meta.xml:"),
            "case {i}: {chain}"
        );
        for needle in ["Yamada", "090-1234"] {
            assert!(!chain.contains(needle), "case {i} leaks: {chain}");
        }
    }
    let apex_cases = [
        format!("public class A {{\n String s = '{planted}\n}}"),
        format!(
            "public class A {{\n void m() {{ x = [SELECT Id FROM A WHERE Name = '{planted}'; }}"
        ),
        format!("/* {planted}"),
        format!("// {planted}\n"),
        format!("public class A {{ @ '{planted}' }}"),
    ];
    for (i, src) in apex_cases.iter().enumerate() {
        let err = crate::metadata::apex::parse_class("classes/A.cls", src).unwrap_err();
        let chain = chain_text(&err);
        assert!(
            chain.starts_with("classes/A.cls:"),
            "apex case {i}: {chain}"
        );
        assert!(!chain.contains("Yamada"), "apex case {i} leaks: {chain}");
    }
    let err = crate::metadata::page::parse_page("pages/P.page", "P", planted).unwrap_err();
    assert!(!chain_text(&err).contains("Yamada"));
}

fn chain_text(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(" | ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
