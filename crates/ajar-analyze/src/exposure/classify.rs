//! Whether a field holds personal data: declared (`complianceGroup`, `securityClassification`)
//! or inferred from its type and name (formats.md §1.5: the declarations are rare).

use ajar_model::classify::{ClassSource, Classification, DataClass};
use ajar_model::org::FieldDef;

/// Name fragments, checked in order on the lower-cased API name without `__c` and
/// underscores; the first match wins.
const NAME_HINTS: &[(&[&str], DataClass)] = &[
    (
        &["password", "secret", "token", "apikey"],
        DataClass::Credential,
    ),
    (
        &[
            "health",
            "medical",
            "diagnos",
            "religio",
            "ethnic",
            "criminal",
            "disabilit",
        ],
        DataClass::Sensitive,
    ),
    (
        &["creditcard", "cardnumber", "cardno", "pan"],
        DataClass::PaymentCard,
    ),
    (
        &[
            "emoney",
            "iban",
            "bankaccount",
            "accountnumber",
            "prepaid",
            "walletnumber",
        ],
        DataClass::AccountNumber,
    ),
    (
        &[
            "ssn",
            "passport",
            "mynumber",
            "nationalid",
            "taxid",
            "driverslicense",
        ],
        DataClass::GovernmentId,
    ),
    (&["birth", "dob"], DataClass::BirthDate),
    (&["email"], DataClass::Email),
    (&["phone", "mobile", "fax"], DataClass::Phone),
    (&["street", "address", "postal", "zip"], DataClass::Address),
    (
        &[
            "firstname",
            "lastname",
            "fullname",
            "applicantname",
            "personname",
            "registrantname",
            "kana",
        ],
        DataClass::Name,
    ),
];

/// Objects whose standard `Name` is a person's name.
const PERSON_OBJECTS: &[&str] = &["Contact", "Lead", "User", "Individual", "PersonAccount"];

/// Classifies `object.field`; `def` is the field's definition when it was in the input.
pub fn classify(object: &str, field: &str, def: Option<&FieldDef>) -> Option<Classification> {
    if let Some(def) = def {
        if let Some(c) = declared(def) {
            return Some(c);
        }
        match def.field_type.as_deref() {
            Some("Phone") => return Some(inferred(DataClass::Phone, "type Phone")),
            Some("Email") => return Some(inferred(DataClass::Email, "type Email")),
            _ => {}
        }
    }
    if field == "Name" && PERSON_OBJECTS.contains(&object) {
        return Some(inferred(
            DataClass::Name,
            "standard Name of a person object",
        ));
    }
    let key: String = field
        .strip_suffix("__c")
        .unwrap_or(field)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    // A namespace prefix (`ns__Field`) leaves letters before the hint; that is fine.
    for (hints, class) in NAME_HINTS {
        if let Some(h) = hints.iter().find(|h| name_matches(&key, h)) {
            return Some(inferred(*class, &format!("name contains \"{h}\"")));
        }
    }
    if key.ends_with("name") && key != "name" && !key.ends_with("username") {
        return Some(inferred(DataClass::Name, "name ends with \"name\""));
    }
    None
}

fn name_matches(key: &str, hint: &str) -> bool {
    // Short hints would match inside unrelated words (`pan` in `company`): require them at the
    // start or end of the name.
    if hint.len() <= 3 {
        key.starts_with(hint) || key.ends_with(hint)
    } else {
        key.contains(hint)
    }
}

fn declared(def: &FieldDef) -> Option<Classification> {
    let groups = def.compliance_groups.join(";");
    let class = def.security_classification.as_deref();
    let personal_group = def.compliance_groups.iter().any(|g| {
        matches!(
            g.as_str(),
            "PII" | "GDPR" | "CCPA" | "COPPA" | "HIPAA" | "PCI"
        )
    });
    let restricted = matches!(
        class,
        Some("Confidential" | "Restricted" | "MissionCritical")
    );
    if !personal_group && !restricted {
        return None;
    }
    let reason = match (groups.is_empty(), class) {
        (false, Some(c)) => format!("complianceGroup {groups}, securityClassification {c}"),
        (false, None) => format!("complianceGroup {groups}"),
        (true, Some(c)) => format!("securityClassification {c}"),
        (true, None) => String::new(),
    };
    // The declaration says "personal"; the type or name says which kind.
    let kind = match def.field_type.as_deref() {
        Some("Phone") => DataClass::Phone,
        Some("Email") => DataClass::Email,
        _ => classify("", &def.name, None)
            .map(|c| c.class)
            .or_else(|| {
                def.compliance_groups
                    .iter()
                    .any(|g| g == "HIPAA")
                    .then_some(DataClass::Sensitive)
            })
            .or_else(|| {
                def.compliance_groups
                    .iter()
                    .any(|g| g == "PCI")
                    .then_some(DataClass::PaymentCard)
            })
            .unwrap_or(DataClass::OtherPersonal),
    };
    Some(Classification {
        class: kind,
        source: ClassSource::Declared,
        reason,
    })
}

fn inferred(class: DataClass, reason: &str) -> Classification {
    Classification {
        class,
        source: ClassSource::Inferred,
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
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
}
