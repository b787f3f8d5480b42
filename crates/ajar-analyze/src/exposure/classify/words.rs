//! The classifier's dictionaries: settings that are not personal data, sensitive and
//! identifying words, and the words that tell a person from an entity.

use ajar_model::classify::DataClass;

/// One dictionary entry: patterns over a field's words, the class they mean (`None`: not
/// personal data) and the reason a privacy officer reads. A pattern is a word (`city`), a word
/// prefix (`diet*`: `diet`, `dietary`), or `~text` found in the words run together
/// (`~optout` in `Has_Opted_Out`... `~donotcall` in `DoNotCall`). See docs/classification.md.
pub(super) struct Entry {
    pub(super) patterns: &'static [&'static str],
    pub(super) class: Option<DataClass>,
    pub(super) reason: &'static str,
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
pub(super) const NOT_PERSONAL: &[Entry] = &[
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
pub(super) const SENSITIVE: &[Entry] = &[
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
pub(super) const IDENTIFIERS: &[Entry] = &[
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
pub(super) const PERSON_WORDS: &[&str] = &[
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
pub(super) const ENTITY_WORDS: &[&str] = &[
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
pub(super) const ROUTING_WORDS: &[&str] = &[
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
pub(super) const PERSON_OBJECTS: &[&str] =
    &["Contact", "Lead", "User", "Individual", "PersonAccount"];

/// Field types that hold free text.
pub(super) const FREE_TEXT_TYPES: &[&str] = &["Text", "TextArea", "LongTextArea", "Html"];

/// Words of free-text fields that people fill in about themselves or others.
pub(super) const NOTE_WORDS: &[&str] = &[
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
