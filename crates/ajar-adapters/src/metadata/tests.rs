use super::*;

fn samples() -> PathBuf {
    crate::testdata::testdata("samples/metadata")
}

/// The behaviours of the GSA sample, on a hand-written org: a guest profile with `ApiEnabled`,
/// a guest rule with a `booleanFilter`, `enableSecureGuestAccess=false`, `xsi:nil` elements,
/// and the same profile re-retrieved alone (formats.md §1.1, §1.5, §1.6; trap 17).
#[test]
fn handmade_guest_org_boolean_filter_nil_and_partial_profile() {
    let (org, gaps) = load(&crate::testdata::testdata(
        "handmade/metadata/tenants-portal",
    ))
    .unwrap();
    let guest = &org.profiles["Tenants Profile"];
    assert!(guest.is_guest_license());
    assert!(guest.user_permissions.contains_key("ApiEnabled"));
    assert!(
        !guest.user_permissions.contains_key("ViewAllUsers"),
        "only enabled user permissions are kept"
    );
    let rule = org
        .sharing_rules
        .iter()
        .find(|r| r.name == "Listings_For_Guests")
        .unwrap();
    assert_eq!(
        rule.predicate.boolean_filter.as_deref(),
        Some("(1 AND 2) OR (3 AND 4)")
    );
    assert_eq!(rule.shared_to_kind, "guestUser");
    assert_eq!(rule.shared_to, "Tenants");
    assert_eq!(rule.predicate.items.len(), 4);
    assert_eq!(
        org.setting_bool("Sharing.enableSecureGuestAccess"),
        Some(false)
    );
    // `<enableSitesRecordReassignOrgPref xsi:nil="true"/>` parses as an empty value.
    let nil = &org.settings["Site.enableSitesRecordReassignOrgPref"];
    assert_eq!((nil.value.as_str(), nil.span.line), ("", 4));
    assert!(
        org.objects["Unit_Listing__c"]
            .fields
            .contains_key("Landlord_Phone__c")
    );
    assert!(gaps.iter().any(|g| {
        g.kind == "partial-profile"
            && g.span
                .as_ref()
                .is_some_and(|s| s.file.starts_with("_partial_retrieve/"))
    }));
}

/// A profile over 1 MB (real guest profiles reach 1.3 MB with thousands of field permissions)
/// loads whole, with the line of its last element.
#[test]
fn a_profile_over_one_megabyte_loads_whole() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = dir.path().join("profiles");
    std::fs::create_dir_all(&profiles).unwrap();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n",
    );
    let fields = 9000;
    for i in 0..fields {
        xml.push_str(&format!(
            "    <fieldPermissions>\n        <editable>false</editable>\n        <field>Big_Object__c.Field_{i:05}__c</field>\n        <readable>{}</readable>\n    </fieldPermissions>\n",
            i % 2 == 0
        ));
    }
    xml.push_str("    <objectPermissions>\n        <allowRead>true</allowRead>\n        <object>Big_Object__c</object>\n    </objectPermissions>\n    <userLicense>Guest User License</userLicense>\n</Profile>\n");
    assert!(xml.len() > 1_000_000, "{} bytes", xml.len());
    std::fs::write(profiles.join("Big Site Profile.profile"), &xml).unwrap();
    let (org, _) = load(dir.path()).unwrap();
    let p = &org.profiles["Big Site Profile"];
    assert!(p.is_guest_license());
    assert_eq!(p.fields.len(), fields);
    assert!(p.fields["Big_Object__c.Field_08998__c"].readable);
    assert!(!p.fields["Big_Object__c.Field_08999__c"].readable);
    assert_eq!(p.objects["Big_Object__c"].span.line, 3 + 5 * fields as u64);
}

#[test]
fn ebikes_mdapi_and_source_layouts() {
    let (org, _) = load(&samples().join("trailheadapps__ebikes-lwc")).unwrap();
    let p = &org.profiles["E-Bikes Profile"];
    assert_eq!(
        p.span.file,
        "guest-profile-metadata/profiles/E-Bikes Profile.profile"
    );
    assert!(p.objects["Product__c"].view_all);
    assert!(org.sites.contains_key("E_Bikes"));
    assert_eq!(org.networks["E-Bikes"].site.as_deref(), Some("E_Bikes"));
    assert!(org.objects["Product__c"].fields.contains_key("MSRP__c"));
    // `<value/>` stays empty (trap 12).
    let r = org
        .sharing_rules
        .iter()
        .find(|r| r.object == "Product__c")
        .unwrap();
    assert_eq!(r.predicate.items[0].value, None);
}

#[test]
fn v4s_mdapi_objects_and_tokens() {
    // Trap 17: `%%%NAMESPACE%%%` tokens parse as plain text.
    let (org, _) =
        load(&samples().join("SalesforceFoundation__Volunteers-for-Salesforce")).unwrap();
    let o = &org.objects["Volunteer_Hours__c"];
    assert_eq!(o.sharing_model.as_deref(), Some("ControlledByParent"));
    assert_eq!(
        o.fields["Contact__c"].field_type.as_deref(),
        Some("MasterDetail")
    );
    assert!(org.permission_sets.contains_key("V4S_Site_Minimum"));
}

#[test]
fn salesforce_license_is_read() {
    let (org, _) = load(&samples().join("SFDO-Community__UnsubscribeLink")).unwrap();
    let ps = &org.permission_sets["Unsubscribe_Link"];
    assert_eq!(ps.license.as_deref(), Some("Salesforce"));
    assert!(!ps.is_guest_license());
    assert!(ps.flow_accesses.contains_key("Unsubscribe_Contacts"));
}

#[test]
fn wrong_root_and_doctype_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = dir.path().join("profiles");
    std::fs::create_dir_all(&profiles).unwrap();
    std::fs::write(
        profiles.join("X.profile-meta.xml"),
        "<?xml version=\"1.0\"?>\n<Flow/>\n",
    )
    .unwrap();
    let e = load(dir.path()).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("X.profile-meta.xml:2: expected a `Profile` document, found `<Flow>`"),
        "{e}"
    );
    std::fs::write(
        profiles.join("X.profile-meta.xml"),
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Profile [<!ENTITY x \"y\">]>\n<Profile/>\n",
    )
    .unwrap();
    let e = load(dir.path()).unwrap_err();
    assert!(
        e.to_string().contains("X.profile-meta.xml:2: refusing"),
        "{e}"
    );
}

#[test]
fn percent_decoding() {
    assert_eq!(percent_decode("Posted%2FActive"), "Posted/Active");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%zz"), "%zz");
    // A sign is not a hex digit: `%+1` stays as written.
    assert_eq!(percent_decode("%+1"), "%+1");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever bytes a metadata file holds, loading gives an org or an error, never a panic.
    #[test]
    fn arbitrary_profile_content_never_panics(body in "[<>/a-zA-Z &;!=\"\n]{0,200}") {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("profiles");
        std::fs::create_dir_all(&p).unwrap();
        std::fs::write(p.join("G.profile"), format!("<Profile>{body}</Profile>")).unwrap();
        let _ = load(dir.path());
    }
}

#[test]
fn build_tokens_issue_21() {
    use super::strip_token;
    assert_eq!(strip_token("%%%NAMESPACE%%%Job__c"), "Job__c");
    assert_eq!(strip_token("%%%NAMESPACED_ORG%%%Job__c"), "Job__c");
    assert_eq!(strip_token("Lead.%%%NAMESPACE%%%Notes__c"), "Lead.Notes__c");
    assert_eq!(strip_token("%%%NAMESPACE_OR_C%%%:widget"), "c:widget");
    assert_eq!(strip_token("___NAMESPACE___Page"), "Page");
    // Not a token: kept as written.
    assert_eq!(strip_token("100%%%"), "100%%%");
    assert_eq!(strip_token("a%%%b c%%%d"), "a%%%b c%%%d");
}

/// A profile retrieved twice, the second time with field permissions only: its grants are
/// merged (a field readable in either copy is readable), a field only the second copy names
/// points at that copy, and the second copy is not a partial profile (issue #19's repeated
/// holders keep their field permissions aside and add them after the merge).
#[test]
fn a_repeated_profile_merges_its_field_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let field = |name: &str, readable: bool| {
        format!(
            "    <fieldPermissions>\n        <editable>false</editable>\n        <field>Obj__c.{name}</field>\n        <readable>{readable}</readable>\n    </fieldPermissions>\n"
        )
    };
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n";
    let first = format!(
        "{head}{}{}    <objectPermissions>\n        <allowRead>true</allowRead>\n        <object>Obj__c</object>\n    </objectPermissions>\n    <userLicense>Guest User License</userLicense>\n</Profile>\n",
        field("A__c", false),
        field("B__c", true)
    );
    let second = format!(
        "{head}{}{}</Profile>\n",
        field("A__c", true),
        field("C__c", true)
    );
    for (folder, xml) in [("a", &first), ("b", &second)] {
        let profiles = dir.path().join(folder).join("profiles");
        std::fs::create_dir_all(&profiles).unwrap();
        std::fs::write(profiles.join("P.profile"), xml).unwrap();
    }
    let (org, gaps) = load(dir.path()).unwrap();
    let p = &org.profiles["P"];
    assert_eq!(p.fields.len(), 3);
    assert!(
        p.fields["Obj__c.A__c"].readable,
        "readable in the second copy"
    );
    assert!(p.fields["Obj__c.B__c"].readable);
    assert!(p.fields["Obj__c.A__c"].span.file.starts_with("a/"));
    assert!(p.fields["Obj__c.C__c"].span.file.starts_with("b/"));
    assert!(p.objects.contains_key("Obj__c"));
    assert!(
        !gaps.iter().any(|g| g.kind == "partial-profile"),
        "{gaps:?}"
    );
}
