//! Whether a field holds personal data: declared (`complianceGroup`, `securityClassification`)
//! or inferred from its type and name (formats.md §1.5: the declarations are rare).

use ajar_model::classify::{ClassSource, Classification, DataClass};
use ajar_model::org::FieldDef;

/// One dictionary entry: patterns over a field's words, the class they mean (`None`: not
/// personal data) and the reason a privacy officer reads. A pattern is a word (`city`), a word
/// prefix (`diet*`: `diet`, `dietary`), or `~text` found in the words run together
/// (`~optout` in `Has_Opted_Out`... `~donotcall` in `DoNotCall`). See docs/classification.md.
struct Entry {
    patterns: &'static [&'static str],
    class: Option<DataClass>,
    reason: &'static str,
}

const fn entry(
    patterns: &'static [&'static str],
    class: Option<DataClass>,
    reason: &'static str,
) -> Entry {
    Entry {
        patterns,
        class,
        reason,
    }
}

/// Settings, not data about a person, checked first: the labels and switches of a form
/// (`Gender_Label__c`, `Ask_Gender__c` configure what is asked), opt-out and bounce flags,
/// and e-mail routing (sender, copies, templates).
const NOT_PERSONAL: &[Entry] = &[
    entry(
        &[
            "label",
            "ask",
            "instructions",
            "instruction",
            "placeholder",
            "help",
            "picklist",
            "letterhead",
            "template",
            "icon",
            "style",
            "css",
            "display",
        ],
        None,
        "a form or page setting (label, question switch, display option), not a person's data",
    ),
    entry(
        &[
            "~optout",
            "~optedout",
            "~optin",
            "~donotcall",
            "~donotemail",
            "~donotmail",
            "~donotcontact",
            "~unsubscribe",
            "bounced*",
            "~bounce",
        ],
        None,
        "a contact preference or delivery flag, not a person's data by itself",
    ),
];

/// Special categories and other sensitive data, matched on the name, then the label, the help
/// text and the description (a question field may be labelled "Dietary restrictions").
const SENSITIVE: &[Entry] = &[
    entry(
        &[
            "health*",
            "medical*",
            "medication*",
            "diagnos*",
            "allerg*",
            "disabilit*",
            "disabled",
            "accessibility*",
            "wheelchair",
            "impairment*",
            "pregnan*",
            "illness*",
            "~mentalhealth",
            "~bloodtype",
            "genetic*",
            "dna",
        ],
        Some(DataClass::Sensitive),
        "health or accessibility needs: special care-required (APPI Art. 2(3) medical history; GDPR Art. 9 health)",
    ),
    entry(
        &[
            "diet*",
            "~foodrestriction",
            "~mealpreference",
            "halal",
            "kosher",
            "vegetarian",
            "vegan",
        ],
        Some(DataClass::Sensitive),
        "diet: a proxy for health (allergies, conditions) or religious belief, treated as special care-required",
    ),
    entry(
        &["religio*", "faith", "belief*", "creed", "denomination"],
        Some(DataClass::Sensitive),
        "religion or belief: special care-required (APPI Art. 2(3) creed; GDPR Art. 9)",
    ),
    entry(
        &["ethnic*", "race", "racial", "ancestry"],
        Some(DataClass::Sensitive),
        "racial or ethnic origin: special care-required (APPI Art. 2(3) race; GDPR Art. 9)",
    ),
    entry(
        &["~sexualorientation", "sexuality", "orientation", "lgbt*"],
        Some(DataClass::Sensitive),
        "sexual orientation: special category (GDPR Art. 9 sex life or sexual orientation)",
    ),
    entry(
        &["union", "~tradeunion", "~unionmember"],
        Some(DataClass::Sensitive),
        "trade union membership: special category (GDPR Art. 9)",
    ),
    entry(
        &[
            "criminal*",
            "conviction*",
            "offence*",
            "offense*",
            "arrest*",
            "~policerecord",
        ],
        Some(DataClass::Sensitive),
        "criminal record: special care-required (APPI Art. 2(3); GDPR Art. 10)",
    ),
    entry(
        &[
            "biometric*",
            "fingerprint*",
            "faceprint*",
            "retina*",
            "~voiceprint",
        ],
        Some(DataClass::Sensitive),
        "biometric data: special category (GDPR Art. 9); personal identification code (APPI Art. 2(2))",
    ),
    entry(
        &["politic*"],
        Some(DataClass::Sensitive),
        "political opinion: special category (GDPR Art. 9)",
    ),
    entry(
        &["gender*", "pronoun*", "sex"],
        Some(DataClass::OtherPersonal),
        "gender or pronouns: personal and sensitive, though not a special category under APPI Art. 2(3) or GDPR Art. 9",
    ),
];

/// Identifiers and credentials, matched on the name.
const IDENTIFIERS: &[Entry] = &[
    entry(
        &["password*", "secret*", "token", "~apikey", "passcode*"],
        Some(DataClass::Credential),
        "a credential",
    ),
    entry(
        &["~creditcard", "~cardnumber", "~cardno", "pan"],
        Some(DataClass::PaymentCard),
        "a payment card number",
    ),
    entry(
        &[
            "emoney*",
            "~emoney",
            "iban",
            "~bankaccount",
            "~accountnumber",
            "prepaid",
            "~walletnumber",
        ],
        Some(DataClass::AccountNumber),
        "an e-money, bank or prepaid account number",
    ),
    entry(
        &[
            "ssn",
            "passport*",
            "~mynumber",
            "~nationalid",
            "~taxid",
            "~driverslicense",
            "~driverlicense",
        ],
        Some(DataClass::GovernmentId),
        "a government identifier",
    ),
    entry(
        &["birth*", "birthdate", "birthday", "dob"],
        Some(DataClass::BirthDate),
        "a birth date",
    ),
];

/// Words that make a name, address, e-mail or phone field a person's.
const PERSON_WORDS: &[&str] = &[
    "registrant",
    "applicant",
    "contact",
    "guest",
    "attendee",
    "participant",
    "parent",
    "guardian",
    "spouse",
    "student",
    "volunteer",
    "person",
    "personal",
    "emergency",
    "member",
    "donor",
    "host",
    "customer",
    "patient",
    "employee",
    "owner",
    "user",
    "payer",
    "recipient",
    "first",
    "last",
    "middle",
    "given",
    "family",
    "maiden",
    "nick",
    "nickname",
    "preferred",
    "full",
    "home",
    "mailing",
    "mobile",
    "kana",
];

/// Words that make a name or address an event's, a venue's or an organisation's.
const ENTITY_WORDS: &[&str] = &[
    "event",
    "venue",
    "location",
    "building",
    "campus",
    "facility",
    "room",
    "course",
    "program",
    "campaign",
    "job",
    "shift",
    "product",
    "company",
    "organization",
    "organisation",
    "org",
    "school",
    "site",
    "instance",
    "session",
    "file",
    "page",
    "record",
    "type",
    "account",
    "group",
    "queue",
    "team",
    "billing",
    "shipping",
    "project",
    "class",
    "object",
    "action",
    "channel",
    "condition",
    "agency",
    "department",
    "vendor",
    "business",
    "brand",
    "category",
    "field",
    "app",
    "application",
];

/// E-mail routing: who sends, who is copied, what template; settings of a mailing.
const ROUTING_WORDS: &[&str] = &[
    "from",
    "bcc",
    "cc",
    "sender",
    "reply",
    "replyto",
    "org",
    "orgwide",
    "routing",
    "notification",
    "notifications",
    "transactional",
    "subject",
    "content",
    "body",
    "restriction",
    "domain",
    "setting",
    "settings",
    "status",
    "statuses",
];

/// Objects whose standard `Name` is a person's name.
const PERSON_OBJECTS: &[&str] = &["Contact", "Lead", "User", "Individual", "PersonAccount"];

/// Field types that hold free text.
const FREE_TEXT_TYPES: &[&str] = &["Text", "TextArea", "LongTextArea", "Html"];

/// Words of free-text fields that people fill in about themselves or others.
const NOTE_WORDS: &[&str] = &[
    "note*",
    "comment*",
    "memo*",
    "remark*",
    "answer*",
    "feedback",
    "message",
    "response",
    "~additionalinfo",
    "explanation",
];

/// Classifies `object.field`; `def` is the field's definition when it was in the input.
/// The order is the dictionary's (docs/classification.md): a declaration wins; then settings
/// that are not data about a person; then special categories; then identifiers; then the
/// field's type (`Phone`, `Email`) and its words for e-mail, phone, address and name, where a
/// person's word beats an event's or a venue's; then free text named like a note.
pub fn classify(object: &str, field: &str, def: Option<&FieldDef>) -> Option<Classification> {
    if let Some(c) = def.and_then(declared) {
        return Some(c);
    }
    let words = split_words(api_stem(field));
    let label = def
        .and_then(|d| d.label.as_deref())
        .map(split_words)
        .unwrap_or_default();
    let field_type = def.and_then(|d| d.field_type.as_deref());
    if first(NOT_PERSONAL, &words).is_some() {
        return None;
    }
    let texts = def
        .into_iter()
        .flat_map(|d| [d.help_text.as_deref(), d.description.as_deref()])
        .flatten()
        .map(split_words);
    let sensitive = std::iter::once(words.clone())
        .chain((first(NOT_PERSONAL, &label).is_none()).then(|| label.clone()))
        .chain(texts)
        .find_map(|w| first(SENSITIVE, &w));
    if let Some(e) = sensitive {
        return e.class.map(|c| inferred(c, e.reason));
    }
    // A checkbox says yes or no: only a special category makes it personal.
    if field_type == Some("Checkbox") {
        return None;
    }
    // `Account.AccountNumber` is the organisation's number in the CRM, not a bank account.
    if object == "Account" && field == "AccountNumber" {
        return None;
    }
    if let Some(e) = first(IDENTIFIERS, &words) {
        return e.class.map(|c| inferred(c, e.reason));
    }
    // `Name_On_Account__c`, `Name_On_Card__c`: the holder's name.
    let person = words.iter().any(|w| PERSON_WORDS.contains(&w.as_str()))
        || words.concat().starts_with("nameon");
    let entity = !person && words.iter().any(|w| ENTITY_WORDS.contains(&w.as_str()));
    let has = |w: &str| matches(&words, w);
    if field_type == Some("Email") || has("email*") || has("~emailaddress") {
        if words.iter().any(|w| ROUTING_WORDS.contains(&w.as_str())) {
            return None;
        }
        return (!entity).then(|| {
            inferred(
                DataClass::Email,
                if field_type == Some("Email") {
                    "type Email"
                } else {
                    "name contains \"email\""
                },
            )
        });
    }
    if field_type == Some("Phone") || has("phone*") || has("mobile") || has("fax") {
        return (!entity).then(|| {
            inferred(
                DataClass::Phone,
                if field_type == Some("Phone") {
                    "type Phone"
                } else {
                    "name contains \"phone\""
                },
            )
        });
    }
    if let Some(c) = address(object, &words, person, entity) {
        return Some(c);
    }
    if field == "Name" && PERSON_OBJECTS.contains(&object) {
        return Some(inferred(
            DataClass::Name,
            "standard Name of a person object",
        ));
    }
    if has("name") || has("~firstname") || has("~lastname") || has("~fullname") || has("kana") {
        // The word before `name` says whose: `Contact_Organization_Name__c` is an
        // organisation's, `Appointment_Contact_Name__c` a person's.
        let owner = words
            .iter()
            .position(|w| w == "name")
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| words.get(i));
        if owner.is_some_and(|w| ENTITY_WORDS.contains(&w.as_str())) {
            return None;
        }
        if person {
            return Some(inferred(
                DataClass::Name,
                "a person's name (name with a person's word)",
            ));
        }
        // A bare `Something_Name__c` with neither kind of word stays personal: unknown is not
        // safe (formats.md §1.9).
        if !entity && field != "Name" && !has("username") {
            return Some(inferred(DataClass::Name, "name ends with \"name\""));
        }
        return None;
    }
    let free = field_type.map_or(!has("numeric") && !has("number"), |t| {
        FREE_TEXT_TYPES.contains(&t)
    });
    if free && NOTE_WORDS.iter().any(|p| matches(&words, p)) && !entity {
        return Some(inferred(
            DataClass::OtherPersonal,
            "free text (notes, comments, answers): may hold personal data",
        ));
    }
    None
}

/// Address parts: street, city, state, postal code, country. `state` alone is ambiguous
/// (`Chosen_State__c` is a status): it counts only among address and person words. An
/// organisation's (Account billing/shipping) or a venue's address is not personal.
fn address(object: &str, words: &[String], person: bool, entity: bool) -> Option<Classification> {
    const PARTS: &[&str] = &[
        "street*",
        "address*",
        "city",
        "postal*",
        "zip*",
        "~postcode",
        "country",
        "province",
        "county",
        "prefecture",
        "state",
    ];
    let part = PARTS.iter().find(|p| matches(words, p))?;
    if entity || (object == "Account" && !person) {
        return None;
    }
    if *part == "state" {
        let ok = |w: &String| {
            PERSON_WORDS.contains(&w.as_str())
                || ["state", "province", "code", "global", "mailing", "other"].contains(&w.as_str())
                || w.chars().all(|c| c.is_ascii_digit())
        };
        if !words.iter().all(ok) {
            return None;
        }
    }
    Some(inferred(
        DataClass::Address,
        "an address part (street, city, state, postal code, country)",
    ))
}

/// The first entry one of whose patterns matches `words`.
fn first<'a>(entries: &'a [Entry], words: &[String]) -> Option<&'a Entry> {
    entries
        .iter()
        .find(|e| e.patterns.iter().any(|p| matches(words, p)))
}

/// Whether `pattern` (`word`, `prefix*`, `~joined`) matches `words`.
fn matches(words: &[String], pattern: &str) -> bool {
    if let Some(text) = pattern.strip_prefix('~') {
        return words.concat().contains(text);
    }
    match pattern.strip_suffix('*') {
        Some(prefix) => words.iter().any(|w| w.starts_with(prefix)),
        None => words.iter().any(|w| w == pattern),
    }
}

/// The API name without a namespace prefix and custom suffix (`ns__Home_Phone__c` →
/// `Home_Phone`).
fn api_stem(field: &str) -> &str {
    let stem = ["__c", "__pc", "__s"]
        .iter()
        .find_map(|s| field.strip_suffix(s))
        .unwrap_or(field);
    match stem.split_once("__") {
        Some((_, rest)) if !rest.is_empty() => rest,
        _ => stem,
    }
}

/// Lower-case words of a name or label: split at non-alphanumerics and at case changes
/// (`MailingPostalCode` → `mailing postal code`, `Date_of_Birth` → `date of birth`).
fn split_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in s.split(|c: char| !c.is_alphanumeric()) {
        let mut cur = String::new();
        let mut prev: Option<char> = None;
        for c in chunk.chars() {
            let boundary = prev.is_some_and(|p| {
                (p.is_lowercase() && c.is_uppercase()) || (p.is_ascii_digit() != c.is_ascii_digit())
            });
            if boundary && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.extend(c.to_lowercase());
            prev = Some(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
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
}
