use super::*;

#[test]
fn heuristics() {
    let c = |o: &str, f: &str| classify(o, f, None).map(|c| c.class);
    assert_eq!(c("Contact", "Name"), Some(DataClass::Name));
    assert_eq!(c("Product__c", "Name"), None);
    assert_eq!(
        c("X__c", "Registrant_Mobile_Phone__c"),
        Some(DataClass::Phone)
    );
    assert_eq!(
        c("X__c", "Emoney_Number__c"),
        Some(DataClass::AccountNumber)
    );
    assert_eq!(c("X__c", "Applicant_Name__c"), Some(DataClass::Name));
    assert_eq!(
        c("X__c", "Registrant_Date_of_Birth__c"),
        Some(DataClass::BirthDate)
    );
    assert_eq!(c("Account", "Company__c"), None);
    assert_eq!(c("X__c", "MSRP__c"), None);
}

#[test]
fn declared_wins() {
    let def = FieldDef {
        name: "Notes__c".into(),
        compliance_groups: vec!["PII".into(), "GDPR".into()],
        ..FieldDef::default()
    };
    let c = classify("X__c", "Notes__c", Some(&def)).unwrap();
    assert_eq!(c.source, ClassSource::Declared);
    assert_eq!(c.class, DataClass::OtherPersonal);
    assert_eq!(c.reason, "complianceGroup PII;GDPR");
}

#[test]
fn dictionary_issue_21() {
    let c = |o: &str, f: &str| classify(o, f, None).map(|c| c.class);
    // Special categories and sensitive data.
    assert_eq!(
        c("R__c", "Accessibility_Need_Detail__c"),
        Some(DataClass::Sensitive)
    );
    assert_eq!(
        c("R__c", "Dietary_Ristrictions__c"),
        Some(DataClass::Sensitive)
    );
    assert_eq!(c("R__c", "Religion__c"), Some(DataClass::Sensitive));
    assert_eq!(c("R__c", "Ethnicity__c"), Some(DataClass::Sensitive));
    assert_eq!(
        c("R__c", "Sexual_Orientation__c"),
        Some(DataClass::Sensitive)
    );
    assert_eq!(c("R__c", "Union_Member__c"), Some(DataClass::Sensitive));
    assert_eq!(c("R__c", "Criminal_Record__c"), Some(DataClass::Sensitive));
    assert_eq!(c("R__c", "Fingerprint_Hash__c"), Some(DataClass::Sensitive));
    assert_eq!(
        c("R__c", "Registrant_Gender__c"),
        Some(DataClass::OtherPersonal)
    );
    assert_eq!(c("Contact", "Pronouns"), Some(DataClass::OtherPersonal));
    // Address parts; a status named `state` is not one.
    assert_eq!(c("Contact", "MailingPostalCode"), Some(DataClass::Address));
    assert_eq!(c("Lead", "City"), Some(DataClass::Address));
    assert_eq!(c("P__c", "State__c"), Some(DataClass::Address));
    assert_eq!(
        c("R__c", "Registrant_State_Province__c"),
        Some(DataClass::Address)
    );
    assert_eq!(c("A__c", "Chosen_State__c"), None);
    assert_eq!(c("Account", "BillingCity"), None);
    // Events, venues, e-mail routing, opt-outs, form settings: not personal.
    assert_eq!(c("E__c", "Event_Name__c"), None);
    assert_eq!(c("E__c", "Location_Address__c"), None);
    assert_eq!(c("M__c", "Email_From__c"), None);
    assert_eq!(c("M__c", "BCC_Email__c"), None);
    assert_eq!(c("Contact", "HasOptedOutOfEmail"), None);
    assert_eq!(
        c("Contact", "ns__Volunteer_Auto_Reminder_Email_Opt_Out__c"),
        None
    );
    assert_eq!(c("E__c", "Gender_Label__c"), None);
    assert_eq!(c("E__c", "Ask_Dietary_Restrictions__c"), None);
    // People's contact details and names stay personal.
    assert_eq!(c("H__c", "Host_Name__c"), Some(DataClass::Name));
    assert_eq!(c("P__c", "Name_On_Account__c"), Some(DataClass::Name));
    assert_eq!(
        c("P__c", "Payment_Email_Address__c"),
        Some(DataClass::Email)
    );
    assert_eq!(c("Contact", "Email"), Some(DataClass::Email));
    // Free text.
    assert_eq!(
        c("Contact", "Volunteer_Notes__c"),
        Some(DataClass::OtherPersonal)
    );
    assert_eq!(
        c("R__c", "Add_Info_Answer_1__c"),
        Some(DataClass::OtherPersonal)
    );
    assert_eq!(c("R__c", "Answer_1_Numeric__c"), None);
    assert_eq!(c("E__c", "Add_Info_Question_1__c"), None);
    assert_eq!(c("Account", "AccountNumber"), None);
    assert_eq!(c("H__c", "Volunteer_Campaign_Name__c"), None);
    assert_eq!(c("Contact", "Contact_Organization_Name__c"), None);
}

#[test]
fn label_and_help_text_name_special_categories() {
    let def = FieldDef {
        name: "Custom_Question_3__c".into(),
        field_type: Some("Text".into()),
        label: Some("Dietary needs".into()),
        ..FieldDef::default()
    };
    let c = classify("R__c", "Custom_Question_3__c", Some(&def)).unwrap();
    assert_eq!(c.class, DataClass::Sensitive);
    let def = FieldDef {
        name: "Extra__c".into(),
        field_type: Some("Text".into()),
        help_text: Some("Any medication we should know about".into()),
        ..FieldDef::default()
    };
    let c = classify("R__c", "Extra__c", Some(&def)).unwrap();
    assert_eq!(c.class, DataClass::Sensitive);
    // A checkbox opt-out is not personal even with a type that would be.
    let def = FieldDef {
        name: "Do_Not_Email__c".into(),
        field_type: Some("Checkbox".into()),
        ..FieldDef::default()
    };
    assert_eq!(classify("Contact", "Do_Not_Email__c", Some(&def)), None);
}

#[test]
fn seed_fields_keep_their_classes() {
    // The founding case's fields (ajar-synth): declared PII with their kinds.
    let declared = |name: &str, ty: &str| FieldDef {
        name: name.into(),
        field_type: Some(ty.into()),
        compliance_groups: vec!["PII".into()],
        security_classification: Some("Confidential".into()),
        ..FieldDef::default()
    };
    let c = |name: &str, ty: &str| {
        classify(
            "Balance_Transfer_Application__c",
            name,
            Some(&declared(name, ty)),
        )
        .map(|c| c.class)
    };
    assert_eq!(c("Applicant_Name__c", "Text"), Some(DataClass::Name));
    assert_eq!(c("Broken_Device_Phone__c", "Phone"), Some(DataClass::Phone));
    assert_eq!(
        c("Emoney_Number__c", "Text"),
        Some(DataClass::AccountNumber)
    );
    let plain = |f: &str| classify("Balance_Transfer_Application__c", f, None);
    for f in [
        "Channel__c",
        "Device_Type__c",
        "Status__c",
        "Name",
        "OwnerId",
        "CreatedDate",
    ] {
        assert_eq!(plain(f), None, "{f}");
    }
}
