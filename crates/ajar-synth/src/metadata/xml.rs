//! The XML files: object, fields, sharing rules, site, profiles, settings (formats.md §1.2–1.6).

use super::State;
use crate::plan::{OBJECT, SITE_LABEL};

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const NS: &str = "xmlns=\"http://soap.sforce.com/2006/04/metadata\"";

fn doc(root: &str, body: &str) -> String {
    format!("{HEAD}<{root} {NS}>\n{body}</{root}>\n")
}

pub(super) fn project() -> String {
    String::from(
        "{\n    \"packageDirectories\": [\n        {\n            \"path\": \"force-app\",\n            \"default\": true\n        }\n    ],\n    \"name\": \"emoney-rescue\",\n    \"namespace\": \"\",\n    \"sfdcLoginUrl\": \"https://login.salesforce.com\",\n    \"sourceApiVersion\": \"49.0\"\n}\n",
    )
}

pub(super) fn object() -> String {
    doc(
        "CustomObject",
        "    <deploymentStatus>Deployed</deploymentStatus>
    <description>Applications to move the e-money balance of a broken or lost device.</description>
    <enableActivities>false</enableActivities>
    <enableBulkApi>true</enableBulkApi>
    <enableFeeds>false</enableFeeds>
    <enableHistory>true</enableHistory>
    <enableReports>true</enableReports>
    <enableSearch>true</enableSearch>
    <enableSharing>true</enableSharing>
    <enableStreamingApi>true</enableStreamingApi>
    <externalSharingModel>Private</externalSharingModel>
    <label>Balance Transfer Application</label>
    <nameField>
        <displayFormat>BTA-{0000000}</displayFormat>
        <label>Application Number</label>
        <trackHistory>false</trackHistory>
        <type>AutoNumber</type>
    </nameField>
    <pluralLabel>Balance Transfer Applications</pluralLabel>
    <searchLayouts/>
    <sharingModel>Private</sharingModel>
    <visibility>Public</visibility>
",
    )
}

/// `(api name, label, type, extra elements)`; the class attributes are what the scan reads.
struct Field {
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    compliance: Option<&'static str>,
    classification: &'static str,
    length: Option<u32>,
    picklist: &'static [&'static str],
}

const FIELDS: &[Field] = &[
    Field {
        name: "Applicant_Name__c",
        label: "Applicant Name",
        kind: "Text",
        compliance: Some("PII"),
        classification: "Confidential",
        length: Some(80),
        picklist: &[],
    },
    Field {
        name: "Birthdate__c",
        label: "Birthdate",
        kind: "Date",
        compliance: Some("PII"),
        classification: "Restricted",
        length: None,
        picklist: &[],
    },
    Field {
        name: "Broken_Device_Phone__c",
        label: "Broken Device Phone",
        kind: "Phone",
        compliance: Some("PII"),
        classification: "Confidential",
        length: None,
        picklist: &[],
    },
    Field {
        name: "Channel__c",
        label: "Channel",
        kind: "Picklist",
        compliance: None,
        classification: "Internal",
        length: None,
        picklist: &["Web", "Store", "Phone"],
    },
    Field {
        name: "Device_Type__c",
        label: "Device Type",
        kind: "Picklist",
        compliance: None,
        classification: "Internal",
        length: None,
        picklist: &["iPhone", "Android", "Feature phone", "Tablet"],
    },
    Field {
        name: "Email__c",
        label: "Email",
        kind: "Email",
        compliance: Some("PII"),
        classification: "Confidential",
        length: None,
        picklist: &[],
    },
    Field {
        name: "Emoney_Number__c",
        label: "E-money Number",
        kind: "Text",
        compliance: Some("PII"),
        classification: "Restricted",
        length: Some(16),
        picklist: &[],
    },
    Field {
        name: "Internal_Memo__c",
        label: "Internal Memo",
        kind: "LongTextArea",
        compliance: None,
        classification: "Internal",
        length: Some(32_768),
        picklist: &[],
    },
    Field {
        name: "Status__c",
        label: "Status",
        kind: "Picklist",
        compliance: None,
        classification: "Internal",
        length: None,
        picklist: &["Received", "Processing", "Completed", "Rejected", "Test"],
    },
];

/// Fields a guest reads while the exposure is open (besides the system fields).
pub(crate) const GUEST_READABLE: &[&str] = &[
    "Applicant_Name__c",
    "Broken_Device_Phone__c",
    "Channel__c",
    "Device_Type__c",
    "Emoney_Number__c",
    "Status__c",
];

fn present(state: &State, name: &str) -> bool {
    match name {
        "Birthdate__c" => state.birthdate,
        "Email__c" => state.email,
        _ => true,
    }
}

pub(super) fn fields(state: &State) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for f in FIELDS.iter().filter(|f| present(state, f.name)) {
        let mut b = format!("    <fullName>{}</fullName>\n", f.name);
        if let Some(c) = f.compliance {
            b.push_str(&format!("    <complianceGroup>{c}</complianceGroup>\n"));
        }
        if f.kind == "Text" || f.kind == "Email" {
            b.push_str("    <externalId>false</externalId>\n");
        }
        b.push_str(&format!("    <label>{}</label>\n", f.label));
        if let Some(n) = f.length {
            b.push_str(&format!("    <length>{n}</length>\n"));
        }
        if f.kind != "LongTextArea" {
            b.push_str("    <required>false</required>\n");
        }
        b.push_str(&format!(
            "    <securityClassification>{}</securityClassification>\n",
            f.classification
        ));
        b.push_str(
            "    <trackHistory>false</trackHistory>\n    <trackTrending>false</trackTrending>\n",
        );
        b.push_str(&format!("    <type>{}</type>\n", f.kind));
        if f.kind == "Text" || f.kind == "Email" {
            b.push_str("    <unique>false</unique>\n");
        }
        if f.kind == "LongTextArea" {
            b.push_str("    <visibleLines>5</visibleLines>\n");
        }
        if !f.picklist.is_empty() {
            b.push_str("    <valueSet>\n        <restricted>true</restricted>\n        <valueSetDefinition>\n            <sorted>false</sorted>\n");
            for v in f.picklist {
                b.push_str(&format!(
                    "            <value>\n                <fullName>{v}</fullName>\n                <default>false</default>\n                <label>{v}</label>\n            </value>\n"
                ));
            }
            b.push_str("        </valueSetDefinition>\n    </valueSet>\n");
        }
        out.push((f.name, doc("CustomField", &b)));
    }
    out
}

/// The staff reviewers' criteria rule. No guest sharing rule: that kind of rule came with
/// Winter '20, and the guest reads the applications it owns through Read alone.
pub(super) fn sharing_rules() -> String {
    doc(
        "SharingRules",
        "    <sharingCriteriaRules>
        <fullName>Reviewers_All_Applications</fullName>
        <accessLevel>Edit</accessLevel>
        <label>Reviewers All Applications</label>
        <sharedTo>
            <group>Application_Reviewers</group>
        </sharedTo>
        <criteriaItems>
            <field>Status__c</field>
            <operation>notEqual</operation>
            <value>Test</value>
        </criteriaItems>
        <includeRecordsOwnedByAll>true</includeRecordsOwnedByAll>
    </sharingCriteriaRules>
",
    )
}

pub(super) fn sharing_settings(state: &State) -> String {
    let secure = if state.secure_guest_setting {
        "    <enableSecureGuestAccess>false</enableSecureGuestAccess>\n"
    } else {
        ""
    };
    doc(
        "SharingSettings",
        &format!(
            "    <enableAssetSharing>false</enableAssetSharing>
    <enableExternalSharingModel>true</enableExternalSharingModel>
{secure}    <enableStandardReportVisibility>true</enableStandardReportVisibility>
"
        ),
    )
}

pub(super) fn site() -> String {
    doc(
        "CustomSite",
        &format!(
            "    <active>true</active>
    <allowHomePage>false</allowHomePage>
    <allowStandardAnalyticsPages>false</allowStandardAnalyticsPages>
    <allowStandardIdeasPages>false</allowStandardIdeasPages>
    <allowStandardLookups>false</allowStandardLookups>
    <allowStandardPortalPages>true</allowStandardPortalPages>
    <allowStandardSearch>false</allowStandardSearch>
    <authorizationRequiredPage>Unauthorized</authorizationRequiredPage>
    <bandwidthExceededPage>BandwidthExceeded</bandwidthExceededPage>
    <browserXssProtection>true</browserXssProtection>
    <clickjackProtectionLevel>SameOriginOnly</clickjackProtectionLevel>
    <contentSniffingProtection>true</contentSniffingProtection>
    <fileNotFoundPage>FileNotFound</fileNotFoundPage>
    <genericErrorPage>Exception</genericErrorPage>
    <inMaintenancePage>InMaintenance</inMaintenancePage>
    <indexPage>ApplicationForm</indexPage>
    <masterLabel>{SITE_LABEL}</masterLabel>
    <redirectToCustomDomain>false</redirectToCustomDomain>
    <referrerPolicyOriginWhenCrossOrigin>true</referrerPolicyOriginWhenCrossOrigin>
    <siteAdmin>admin@emoney-rescue.example.jp</siteAdmin>
    <siteType>Visualforce</siteType>
    <subdomain>emoney-rescue</subdomain>
"
        ),
    )
}

fn class_access(b: &mut String, class: &str) {
    b.push_str(&format!(
        "    <classAccesses>\n        <apexClass>{class}</apexClass>\n        <enabled>true</enabled>\n    </classAccesses>\n"
    ));
}

fn field_perm(b: &mut String, field: &str, editable: bool, readable: bool) {
    b.push_str(&format!(
        "    <fieldPermissions>\n        <editable>{editable}</editable>\n        <field>{OBJECT}.{field}</field>\n        <readable>{readable}</readable>\n    </fieldPermissions>\n"
    ));
}

fn page_access(b: &mut String, page: &str) {
    b.push_str(&format!(
        "    <pageAccesses>\n        <apexPage>{page}</apexPage>\n        <enabled>true</enabled>\n    </pageAccesses>\n"
    ));
}

fn object_perm(b: &mut String, create: bool, read: bool, edit: bool) {
    b.push_str(&format!(
        "    <objectPermissions>\n        <allowCreate>{create}</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>{edit}</allowEdit>\n        <allowRead>{read}</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>{OBJECT}</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n"
    ));
}

/// The site's guest profile. The form inserts through a system-mode controller, so the guest
/// needs no object or field access to apply; the exposure adds Read and field access.
pub(super) fn guest_profile(state: &State) -> String {
    let mut b = String::new();
    class_access(&mut b, "ApplicationFormController");
    if state.open {
        class_access(&mut b, "ApplicationStatusController");
    }
    b.push_str("    <custom>true</custom>\n");
    if state.open {
        for f in FIELDS.iter().filter(|f| present(state, f.name)) {
            let readable = GUEST_READABLE.contains(&f.name);
            field_perm(&mut b, f.name, false, readable);
        }
        object_perm(&mut b, true, true, false);
    }
    page_access(&mut b, "ApplicationForm");
    if state.open {
        page_access(&mut b, "ApplicationStatus");
    }
    b.push_str("    <userLicense>Guest User License</userLicense>\n");
    b.push_str("    <userPermissions>\n        <enabled>true</enabled>\n        <name>ApiEnabled</name>\n    </userPermissions>\n");
    doc("Profile", &b)
}

pub(super) fn internal_profile(state: &State) -> String {
    let mut b = String::new();
    if state.site {
        class_access(&mut b, "ApplicationFormController");
    }
    if state.status {
        class_access(&mut b, "ApplicationStatusController");
    }
    if state.batch {
        class_access(&mut b, "ApplicationReminderBatch");
    }
    b.push_str("    <custom>true</custom>\n");
    for f in FIELDS.iter().filter(|f| present(state, f.name)) {
        field_perm(&mut b, f.name, true, true);
    }
    object_perm(&mut b, true, true, true);
    b.push_str("    <userLicense>Salesforce</userLicense>\n");
    for p in ["ApiEnabled", "RunReports", "ViewSetup"] {
        b.push_str(&format!("    <userPermissions>\n        <enabled>true</enabled>\n        <name>{p}</name>\n    </userPermissions>\n"));
    }
    doc("Profile", &b)
}
