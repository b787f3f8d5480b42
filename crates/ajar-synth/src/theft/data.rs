//! The org's data for the token-theft scenario: users, persons, Account, Contact, Case and Lead
//! records, and the credentials planted in some records' `Description`.
//!
//! Persons are kept apart by the keys the investigation uses (formats.md §2.8): every record of
//! a person carries that person's e-mail address (some in upper case or padded with spaces, which
//! normalisation removes), and phone numbers are unique per person, so that the e-mail key, the
//! name + E.164 phone key and the generator's person index give the same persons.

use super::{MIN, TPlan, days};
use crate::ids::id15;
use crate::rng::{Rng, stream};
use rand::Rng as _;
use std::collections::BTreeMap;

mod records;
mod secrets;

/// The exported objects the actor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Obj {
    Account,
    Contact,
    Case,
    Lead,
}

impl Obj {
    pub(crate) const ALL: [Obj; 4] = [Obj::Account, Obj::Contact, Obj::Case, Obj::Lead];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Obj::Account => "Account",
            Obj::Contact => "Contact",
            Obj::Case => "Case",
            Obj::Lead => "Lead",
        }
    }

    /// Key prefixes (formats.md §2.7).
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Obj::Account => "001",
            Obj::Contact => "003",
            Obj::Case => "500",
            Obj::Lead => "00Q",
        }
    }

    /// The export's header: API names (formats.md §2.8). System fields are filled by the writer.
    pub(crate) fn header(self) -> &'static [&'static str] {
        match self {
            Obj::Account => &[
                "Id",
                "IsDeleted",
                "Name",
                "Type",
                "Industry",
                "BillingCity",
                "BillingCountry",
                "Website",
                "Description",
                "OwnerId",
                "CreatedDate",
                "CreatedById",
                "LastModifiedDate",
                "LastModifiedById",
                "SystemModstamp",
            ],
            Obj::Contact => &[
                "Id",
                "IsDeleted",
                "AccountId",
                "LastName",
                "FirstName",
                "Title",
                "MailingCity",
                "MailingCountry",
                "Phone",
                "Email",
                "Description",
                "OwnerId",
                "CreatedDate",
                "CreatedById",
                "LastModifiedDate",
                "LastModifiedById",
                "SystemModstamp",
            ],
            Obj::Case => &[
                "Id",
                "IsDeleted",
                "CaseNumber",
                "ContactId",
                "AccountId",
                "SuppliedName",
                "SuppliedEmail",
                "SuppliedPhone",
                "Type",
                "Status",
                "Origin",
                "Subject",
                "Priority",
                "Description",
                "OwnerId",
                "CreatedDate",
                "CreatedById",
                "LastModifiedDate",
                "LastModifiedById",
                "SystemModstamp",
            ],
            Obj::Lead => &[
                "Id",
                "IsDeleted",
                "LastName",
                "FirstName",
                "Company",
                "Country",
                "Phone",
                "Email",
                "Status",
                "LeadSource",
                "Description",
                "OwnerId",
                "CreatedDate",
                "CreatedById",
                "LastModifiedDate",
                "LastModifiedById",
                "SystemModstamp",
            ],
        }
    }
}

/// Lead statuses the actor's query selects (`Status IN (...)`).
pub(crate) const OPEN_LEAD: [&str; 2] = ["Open - Not Contacted", "Working - Contacted"];
const CLOSED_LEAD: [&str; 2] = ["Closed - Converted", "Closed - Not Converted"];

/// One person behind Contact, Lead and Case records.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub(crate) first: String,
    pub(crate) last: String,
    pub(crate) email: String,
    /// As the person types it: national (`090-…`, `030 …`) or international.
    pub(crate) phone: String,
    pub(crate) country: &'static str,
    pub(crate) city: &'static str,
}

/// One exported record.
#[derive(Debug, Clone)]
pub(crate) struct Rec {
    pub(crate) id: [u8; 15],
    pub(crate) created_ms: i64,
    /// The person it is about (Contact, Lead, Case).
    pub(crate) person: Option<usize>,
    /// Non-system fields by API name.
    pub(crate) vals: BTreeMap<&'static str, String>,
    /// Owner (a staff user index).
    pub(crate) owner: usize,
    /// Created after the intrusion, before the export.
    pub(crate) late: bool,
}

impl Rec {
    pub(crate) fn get(&self, f: &str) -> &str {
        self.vals.get(f).map_or("", String::as_str)
    }
}

/// A user of the org.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub(crate) id: [u8; 15],
    pub(crate) username: String,
    pub(crate) first: String,
    pub(crate) last: String,
    /// Index into [`PROFILES`].
    pub(crate) profile: usize,
    pub(crate) created_ms: i64,
}

/// User indices.
pub(crate) const ADMIN: usize = 0;
pub(crate) const INTEGRATION: usize = 1;
pub(crate) const FIRST_STAFF: usize = 2;
pub(crate) const STAFF: usize = 6;

/// Profiles: (name, 15-char ID).
pub(crate) const PROFILES: &[(&str, &str)] = &[
    ("System Administrator", "00e7F0000000AAA"),
    ("Drift Integration", "00e7F0000002DrF"),
    ("Standard User", "00e7F0000000AAB"),
];

/// The integration's permission set: (API name, label, 15-char ID).
pub(crate) const PERMSET: (&str, &str, &str) = (
    "Drift_Integration_Access",
    "Drift Integration Access",
    "0PS7F0000004DrF",
);

/// The vendor's connected app: (name, 15-char ID, 0H4 prefix as the ELF reference describes).
pub(crate) const APP: (&str, &str) = ("Drift", "0H47F0000000DrF");

pub(crate) const COMPANY: &str = "Kumo Logistics K.K.";
pub(crate) const DOMAIN: &str = "kumo-logistics.example.jp";

/// A credential planted in a record's text field.
#[derive(Debug, Clone)]
pub(crate) struct Secret {
    /// `aws-access-key-id`, `private-key`, `slack-token`, `github-token`,
    /// `snowflake-credential`, `password-pair` (docs/secrets.md).
    pub(crate) kind: &'static str,
    pub(crate) obj: Obj,
    /// Index into the object's records.
    pub(crate) rec: usize,
    pub(crate) field: &'static str,
}

pub(crate) struct World {
    pub(crate) org: [u8; 15],
    pub(crate) users: Vec<User>,
    pub(crate) persons: Vec<Person>,
    /// Records per object, sorted by creation (IDs grow with time).
    pub(crate) recs: BTreeMap<Obj, Vec<Rec>>,
    pub(crate) secrets: Vec<Secret>,
    /// Non-Web Cases read one by one from the pivot address (indices into the Cases).
    pub(crate) pivot_cases: Vec<usize>,
}

const FIRST_DE: &[&str] = &[
    "Anna", "Lukas", "Marie", "Jonas", "Lea", "Felix", "Sophie", "Paul", "Emma", "Noah",
];
const LAST_DE: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Wagner",
    "Becker",
    "Hoffmann",
];
const CITY_JP: &[&str] = &["Tokyo", "Osaka", "Nagoya", "Fukuoka", "Sapporo"];
const CITY_DE: &[&str] = &["Berlin", "Hamburg", "München", "Köln"];
const INDUSTRIES: &[&str] = &["Manufacturing", "Retail", "Transportation", "Technology"];
const TITLES: &[&str] = &["Buyer", "Logistics Manager", "Procurement", "CFO", ""];
const SUBJECTS: &[&str] = &[
    "Delivery delayed",
    "Damaged parcel",
    "Invoice question",
    "Change of delivery address",
    "Tracking number not found",
];
/// Benign text, near-misses for a credential scanner included (docs/secrets.md).
const NOTES: &[&str] = &[
    "",
    "",
    "Customer asked for a password reset link; sent by the portal.",
    "Rotate the AWS key of the label printer every 90 days (ticket OPS-12).",
    "Prefers e-mail. Warehouse access code is issued at the gate.",
    "Slack channel #kumo-support for escalations.",
    "Called back, issue closed.",
    "Key account: quarterly review in Q4.",
];

impl World {
    pub(crate) fn build(plan: &TPlan) -> Self {
        let mut r = stream(plan.seed, "theft-world", 0);
        let users = users(plan);
        let mut w = Self {
            org: id15("00D", 52_000 + plan.seed % 1_000),
            users,
            persons: Vec::new(),
            recs: BTreeMap::new(),
            secrets: Vec::new(),
            pivot_cases: Vec::new(),
        };
        let accounts = records::accounts(plan, &mut r);
        w.recs.insert(Obj::Account, accounts);
        let contacts = records::contacts(plan, &mut r, &mut w);
        w.recs.insert(Obj::Contact, contacts);
        let leads = records::leads(plan, &mut r, &mut w);
        w.recs.insert(Obj::Lead, leads);
        let cases = records::cases(plan, &mut r, &mut w);
        w.recs.insert(Obj::Case, cases);
        secrets::plant_secrets(plan, &mut r, &mut w);
        w
    }

    pub(crate) fn of(&self, o: Obj) -> &[Rec] {
        self.recs.get(&o).map_or(&[], Vec::as_slice)
    }

    /// How many records of `o` existed at `ms`: a prefix, as each object's records are sorted
    /// by creation (`records::finish`), so the vendor's hourly sync does not walk the export.
    pub(crate) fn count_before(&self, o: Obj, ms: i64) -> usize {
        self.of(o).partition_point(|x| x.created_ms < ms)
    }

    /// Records of `o` that existed at `ms`.
    pub(crate) fn before(&self, o: Obj, ms: i64) -> impl Iterator<Item = (usize, &Rec)> {
        self.of(o)
            .iter()
            .enumerate()
            .filter(move |(_, x)| x.created_ms < ms)
    }
}

fn users(plan: &TPlan) -> Vec<User> {
    let mut r = stream(plan.seed, "theft-users", 0);
    let base = plan.history_start.ms() - days(30);
    let mut out = vec![
        User {
            id: id15("005", 8_000),
            username: format!("admin@{DOMAIN}"),
            first: "Org".into(),
            last: "Admin".into(),
            profile: 0,
            created_ms: base,
        },
        User {
            id: id15("005", 8_001),
            username: format!("drift.integration@{DOMAIN}"),
            first: "Drift".into(),
            last: "Integration".into(),
            profile: 1,
            created_ms: base + days(3),
        },
    ];
    for i in 0..STAFF {
        let p = crate::people::Person::random(&mut r);
        out.push(User {
            id: id15("005", 8_010 + i as u64 * 7),
            username: format!("staff{:02}@{DOMAIN}", i + 1),
            first: p.given.to_string(),
            last: p.family.to_string(),
            profile: 2,
            created_ms: base + days(5 + i as i64),
        });
    }
    out
}
