//! What kind of personal data a field holds.

use serde::{Deserialize, Serialize};

/// A data item's category, as the law and the notices name it. Ordered from the most to the
/// least consequential so that sorted lists read naturally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataClass {
    /// Special care-required data (APPI Art. 2(3); GDPR Art. 9): health, creed, criminal record...
    Sensitive,
    /// A full payment card number.
    PaymentCard,
    /// An e-money, prepaid, bank account or similar number.
    AccountNumber,
    /// A government identifier (My Number, SSN, passport).
    GovernmentId,
    /// Credentials (passwords, secrets, tokens).
    Credential,
    /// A person's name.
    Name,
    /// A phone number.
    Phone,
    /// An e-mail address.
    Email,
    /// A postal address or part of one.
    Address,
    /// A birth date.
    BirthDate,
    /// Other personal data (flagged by `complianceGroup`/`securityClassification` alone).
    OtherPersonal,
}

impl DataClass {
    /// Every class, in order.
    pub const ALL: [DataClass; 11] = [
        Self::Sensitive,
        Self::PaymentCard,
        Self::AccountNumber,
        Self::GovernmentId,
        Self::Credential,
        Self::Name,
        Self::Phone,
        Self::Email,
        Self::Address,
        Self::BirthDate,
        Self::OtherPersonal,
    ];

    /// The class's position in [`DataClass::ALL`].
    pub fn index(self) -> u32 {
        self as u32
    }

    /// The stable lower-case name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sensitive => "sensitive",
            Self::PaymentCard => "payment_card",
            Self::AccountNumber => "account_number",
            Self::GovernmentId => "government_id",
            Self::Credential => "credential",
            Self::Name => "name",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Address => "address",
            Self::BirthDate => "birth_date",
            Self::OtherPersonal => "other_personal",
        }
    }
}

/// How a field's class was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassSource {
    /// From the field's `complianceGroup` or `securityClassification`.
    Declared,
    /// From the field's type, name or label (heuristic).
    Inferred,
}

/// A field's classification with its reason.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Classification {
    /// The category.
    pub class: DataClass,
    /// Declared or inferred.
    pub source: ClassSource,
    /// Why, in words (`complianceGroup PII`, `type Phone`, `name contains "email"`).
    pub reason: String,
}

/// Whether a field holds a My Number (個人番号), by its API name (`Object.MyNumber__c`,
/// `Kojin_Bango__c`) or its label (`マイナンバー`, `個人番号`): such data is specific personal
/// information under the My Number Act (law.md §1.9).
pub fn is_my_number(field: &str, label: Option<&str>) -> bool {
    let name: String = field
        .rsplit('.')
        .next()
        .unwrap_or(field)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    name.contains("mynumber")
        || name.contains("kojinbango")
        || label.is_some_and(|l| l.contains("マイナンバー") || l.contains("個人番号"))
}

#[cfg(test)]
mod tests {
    use super::is_my_number;

    #[test]
    fn my_number_by_name_or_label() {
        assert!(is_my_number("Applicant__c.My_Number__c", None));
        assert!(is_my_number("Applicant__c.KojinBango__c", None));
        assert!(is_my_number("Applicant__c.Field1__c", Some("個人番号")));
        assert!(!is_my_number(
            "Applicant__c.Phone_Number__c",
            Some("電話番号")
        ));
        assert!(!is_my_number("Account.AccountNumber", None));
    }
}
