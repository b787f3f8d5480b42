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
        let accounts = accounts(plan, &mut r);
        w.recs.insert(Obj::Account, accounts);
        let contacts = contacts(plan, &mut r, &mut w);
        w.recs.insert(Obj::Contact, contacts);
        let leads = leads(plan, &mut r, &mut w);
        w.recs.insert(Obj::Lead, leads);
        let cases = cases(plan, &mut r, &mut w);
        w.recs.insert(Obj::Case, cases);
        plant_secrets(plan, &mut r, &mut w);
        w
    }

    pub(crate) fn of(&self, o: Obj) -> &[Rec] {
        self.recs.get(&o).map_or(&[], Vec::as_slice)
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

/// A creation instant: whole seconds, between the org's start and the intrusion (or, for late
/// records, after it), never within two hours of the actor's activity.
fn created(plan: &TPlan, r: &mut Rng, late: bool) -> i64 {
    let quiet = (plan.t0 - 60 * MIN, plan.t0 + 180 * MIN);
    loop {
        let (lo, hi) = if late {
            (quiet.1, plan.export_day.ms() - 60 * MIN)
        } else {
            (plan.history_start.ms(), quiet.0)
        };
        let t = lo + r.random_range(0..(hi - lo) / 1_000) * 1_000;
        if t < quiet.0 || t >= quiet.1 {
            return t;
        }
    }
}

fn pick<'a>(r: &mut Rng, list: &[&'a str]) -> &'a str {
    list.get(r.random_range(0..list.len()))
        .copied()
        .unwrap_or("")
}

/// Sorts by creation and gives IDs that grow with time.
fn finish(prefix: &str, mut v: Vec<Rec>, r: &mut Rng) -> Vec<Rec> {
    v.sort_by_key(|x| x.created_ms);
    let mut counter = 100_000 + r.random_range(0..50_000u64);
    for x in &mut v {
        counter += r.random_range(1..5);
        x.id = id15(prefix, counter);
    }
    v
}

fn owner(r: &mut Rng) -> usize {
    FIRST_STAFF + r.random_range(0..STAFF)
}

fn late_count(r: &mut Rng) -> u32 {
    r.random_range(4..12)
}

fn accounts(plan: &TPlan, r: &mut Rng) -> Vec<Rec> {
    let late = late_count(r);
    let mut v = Vec::new();
    for n in 0..plan.n_accounts + late {
        let is_late = n >= plan.n_accounts;
        let jp = r.random_bool(0.8);
        let mut vals = BTreeMap::new();
        vals.insert("Name", format!("{} Trading {}", pick(r, CITY_JP), n + 1));
        vals.insert("Type", pick(r, &["Customer", "Prospect", "Partner"]).into());
        vals.insert("Industry", pick(r, INDUSTRIES).into());
        vals.insert(
            "BillingCity",
            if jp {
                pick(r, CITY_JP)
            } else {
                pick(r, CITY_DE)
            }
            .into(),
        );
        vals.insert(
            "BillingCountry",
            if jp { "Japan" } else { "Germany" }.into(),
        );
        vals.insert("Website", format!("https://account{}.example.com", n + 1));
        vals.insert("Description", pick(r, NOTES).into());
        v.push(Rec {
            id: [b'0'; 15],
            created_ms: created(plan, r, is_late),
            person: None,
            vals,
            owner: owner(r),
            late: is_late,
        });
    }
    finish(Obj::Account.prefix(), v, r)
}

fn new_person(w: &mut World, r: &mut Rng) -> usize {
    let n = w.persons.len() as u64;
    let jp = r.random_bool(0.8);
    // Unique per person: 7919 is prime to 10^8, so n ↦ n·7919 + k is one-to-one below 10^8.
    let digits = (n * 7_919 + 12_345_678) % 100_000_000;
    let (first, last, phone, country, city) = if jp {
        let p = crate::people::Person::random(r);
        let mobile = ["090", "080", "070"]
            .get(r.random_range(0..3))
            .copied()
            .unwrap_or("090");
        let phone = if r.random_bool(0.2) {
            format!(
                "+81 {} {:04} {:04}",
                &mobile[1..],
                digits / 10_000,
                digits % 10_000
            )
        } else {
            format!("{mobile}-{:04}-{:04}", digits / 10_000, digits % 10_000)
        };
        (
            p.given.to_string(),
            p.family.to_string(),
            phone,
            "Japan",
            pick(r, CITY_JP),
        )
    } else {
        (
            pick(r, FIRST_DE).to_string(),
            pick(r, LAST_DE).to_string(),
            format!("+49 30 {digits:08}"),
            "Germany",
            pick(r, CITY_DE),
        )
    };
    let dom = pick(
        r,
        &["example.com", "example.net", "example.org", "example.jp"],
    );
    w.persons.push(Person {
        first,
        last,
        email: format!("customer{n}@{dom}"),
        phone,
        country,
        city,
    });
    n as usize
}

/// The person's e-mail as a record holds it: usually as given, sometimes upper-cased or padded.
fn email_variant(p: &Person, r: &mut Rng) -> String {
    match r.random_range(0..10) {
        0 => p.email.to_uppercase(),
        1 => format!(" {} ", p.email),
        _ => p.email.clone(),
    }
}

fn contacts(plan: &TPlan, r: &mut Rng, w: &mut World) -> Vec<Rec> {
    let late = late_count(r);
    let accounts: Vec<[u8; 15]> = w.of(Obj::Account).iter().map(|a| a.id).collect();
    let mut v = Vec::new();
    for n in 0..plan.n_contacts + late {
        let is_late = n >= plan.n_contacts;
        let p = new_person(w, r);
        let person = w.persons.get(p).cloned();
        let Some(person) = person else { continue };
        let mut vals = BTreeMap::new();
        let acc = accounts
            .get(r.random_range(0..accounts.len().max(1)))
            .map(|a| crate::ids::text(&crate::ids::to18(a)))
            .unwrap_or_default();
        vals.insert("AccountId", acc);
        vals.insert("FirstName", person.first.clone());
        vals.insert("LastName", person.last.clone());
        vals.insert("Title", pick(r, TITLES).into());
        vals.insert("MailingCity", person.city.into());
        vals.insert("MailingCountry", person.country.into());
        vals.insert("Phone", person.phone.clone());
        vals.insert("Email", person.email.clone());
        vals.insert("Description", pick(r, NOTES).into());
        v.push(Rec {
            id: [b'0'; 15],
            created_ms: created(plan, r, is_late),
            person: Some(p),
            vals,
            owner: owner(r),
            late: is_late,
        });
    }
    finish(Obj::Contact.prefix(), v, r)
}

fn leads(plan: &TPlan, r: &mut Rng, w: &mut World) -> Vec<Rec> {
    let late = late_count(r);
    let n_contacts = w.of(Obj::Contact).len();
    let mut v = Vec::new();
    for n in 0..plan.n_leads + late {
        let is_late = n >= plan.n_leads;
        // A quarter are people who are also contacts.
        let p = if n_contacts > 0 && r.random_bool(0.25) {
            w.of(Obj::Contact)
                .get(r.random_range(0..n_contacts))
                .and_then(|c| c.person)
                .unwrap_or(0)
        } else {
            new_person(w, r)
        };
        let Some(person) = w.persons.get(p).cloned() else {
            continue;
        };
        let status = if is_late || r.random_bool(0.6) {
            pick(r, &OPEN_LEAD)
        } else {
            pick(r, &CLOSED_LEAD)
        };
        let mut vals = BTreeMap::new();
        vals.insert("FirstName", person.first.clone());
        vals.insert("LastName", person.last.clone());
        vals.insert("Company", format!("{} Shoji", pick(r, CITY_JP)));
        vals.insert("Country", person.country.into());
        vals.insert("Phone", person.phone.clone());
        vals.insert("Email", email_variant(&person, r));
        vals.insert("Status", status.into());
        vals.insert(
            "LeadSource",
            pick(r, &["Web", "Trade Show", "Partner Referral"]).into(),
        );
        vals.insert("Description", pick(r, NOTES).into());
        v.push(Rec {
            id: [b'0'; 15],
            created_ms: created(plan, r, is_late),
            person: Some(p),
            vals,
            owner: owner(r),
            late: is_late,
        });
    }
    finish(Obj::Lead.prefix(), v, r)
}

fn cases(plan: &TPlan, r: &mut Rng, w: &mut World) -> Vec<Rec> {
    let late = late_count(r);
    let contacts: Vec<(usize, String, String)> = w
        .of(Obj::Contact)
        .iter()
        .filter_map(|c| {
            Some((
                c.person?,
                crate::ids::text(&crate::ids::to18(&c.id)),
                c.get("AccountId").to_string(),
            ))
        })
        .collect();
    let lead_people: Vec<usize> = w.of(Obj::Lead).iter().filter_map(|l| l.person).collect();
    let mut v = Vec::new();
    for n in 0..plan.n_cases + late {
        let is_late = n >= plan.n_cases;
        let roll = r.random_range(0..100);
        let (p, contact_id, account_id) = if roll < 55 && !contacts.is_empty() {
            let (p, c, a) = contacts
                .get(r.random_range(0..contacts.len()))
                .cloned()
                .unwrap_or_default();
            (p, c, a)
        } else if roll < 65 && !lead_people.is_empty() {
            let p = lead_people
                .get(r.random_range(0..lead_people.len()))
                .copied()
                .unwrap_or(0);
            (p, String::new(), String::new())
        } else {
            (new_person(w, r), String::new(), String::new())
        };
        let Some(person) = w.persons.get(p).cloned() else {
            continue;
        };
        let origin = if is_late || r.random_bool(0.5) {
            "Web"
        } else {
            pick(r, &["Phone", "Email"])
        };
        let mut vals = BTreeMap::new();
        vals.insert("ContactId", contact_id);
        vals.insert("AccountId", account_id);
        vals.insert("SuppliedName", format!("{} {}", person.first, person.last));
        vals.insert("SuppliedEmail", email_variant(&person, r));
        let phone = if r.random_bool(0.7) {
            person.phone.clone()
        } else {
            String::new()
        };
        vals.insert("SuppliedPhone", phone);
        vals.insert(
            "Type",
            pick(r, &["Problem", "Question", "Feature Request"]).into(),
        );
        vals.insert("Status", pick(r, &["New", "Working", "Closed"]).into());
        vals.insert("Origin", origin.into());
        vals.insert("Subject", pick(r, SUBJECTS).into());
        vals.insert("Priority", pick(r, &["Low", "Medium", "High"]).into());
        vals.insert("Description", pick(r, NOTES).into());
        v.push(Rec {
            id: [b'0'; 15],
            created_ms: created(plan, r, is_late),
            person: Some(p),
            vals,
            owner: owner(r),
            late: is_late,
        });
    }
    let mut v = finish(Obj::Case.prefix(), v, r);
    for (i, c) in v.iter_mut().enumerate() {
        c.vals.insert("CaseNumber", format!("{:08}", 1_000 + i));
    }
    v
}

const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn chars(r: &mut Rng, set: &[u8], n: usize) -> String {
    (0..n)
        .map(|_| {
            char::from(
                set.get(r.random_range(0..set.len()))
                    .copied()
                    .unwrap_or(b'A'),
            )
        })
        .collect()
}

/// A syntactically valid, clearly fake credential of `kind`, in a sentence.
fn secret_text(kind: &str, r: &mut Rng) -> String {
    match kind {
        "aws-access-key-id" => format!(
            "Label printer uploads use AKIASYNTHTEST{} (synthetic test value, not a real key).",
            chars(r, B32, 7)
        ),
        "private-key" => format!(
            "SFTP key for the EDI partner (synthetic test value):\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEASYNTHETICTESTKEYNOTREAL{}\n{}\n-----END RSA PRIVATE KEY-----",
            chars(r, ALNUM, 25),
            chars(r, ALNUM, 64)
        ),
        "slack-token" => format!(
            "Alerts bot token xoxb-{}-{}-SynthTest{} (synthetic test value).",
            r.random_range(10_000_000_000u64..99_999_999_999),
            r.random_range(1_000_000_000_000u64..9_999_999_999_999),
            chars(r, ALNUM, 15)
        ),
        "github-token" => format!(
            "Deploy hook uses ghp_SynthTest{} (synthetic test value).",
            chars(r, ALNUM, 27)
        ),
        "snowflake-credential" => format!(
            "Nightly ETL: snowflake://svc_etl:SynthTest-{}@xy{}.ap-northeast-1.aws/ANALYTICS?warehouse=ETL_WH (synthetic test value)",
            chars(r, ALNUM, 10),
            r.random_range(10_000..99_999)
        ),
        _ => format!(
            "Portal login for the carrier: user=kumo-ops password=SynthTest-{} (synthetic test value)",
            chars(r, ALNUM, 10)
        ),
    }
}

fn plant_secrets(plan: &TPlan, r: &mut Rng, w: &mut World) {
    let t0 = plan.t0;
    let cutoff = plan.cutoff.ms();
    // Candidate records per purpose, chosen by the seed.
    let pick_idx = |r: &mut Rng, v: &[usize], used: &mut Vec<(Obj, usize)>, o: Obj| {
        let free: Vec<usize> = v
            .iter()
            .copied()
            .filter(|i| !used.contains(&(o, *i)))
            .collect();
        let i = free.get(r.random_range(0..free.len().max(1))).copied();
        if let Some(i) = i {
            used.push((o, i));
        }
        i
    };
    let idx = |o: Obj, f: &dyn Fn(&Rec) -> bool| -> Vec<usize> {
        w.of(o)
            .iter()
            .enumerate()
            .filter(|(_, x)| f(x))
            .map(|(i, _)| i)
            .collect()
    };
    let web_case = idx(Obj::Case, &|c| {
        c.created_ms < t0 && c.get("Origin") == "Web"
    });
    let other_case = idx(Obj::Case, &|c| {
        c.created_ms < t0 && c.get("Origin") != "Web"
    });
    let old_account = idx(Obj::Account, &|a| a.created_ms < t0);
    let late_account = idx(Obj::Account, &|a| a.late);
    let open_lead = idx(Obj::Lead, &|l| {
        l.created_ms < t0 && OPEN_LEAD.contains(&l.get("Status"))
    });
    let closed_lead = idx(Obj::Lead, &|l| {
        l.created_ms < t0 && !OPEN_LEAD.contains(&l.get("Status"))
    });
    let old_contact = idx(Obj::Contact, &|c| c.created_ms < cutoff);
    let mut used = Vec::new();
    // Non-Web Cases the actor reads one by one from the pivot address.
    let n_pivot = r.random_range(3..7);
    let mut pivot = Vec::new();
    for _ in 0..n_pivot {
        if let Some(i) = pick_idx(r, &other_case, &mut used, Obj::Case) {
            pivot.push(i);
        }
    }
    pivot.sort_unstable();
    w.pivot_cases = pivot.clone();
    let plan_list: [(&str, Obj, &[usize]); 10] = [
        ("aws-access-key-id", Obj::Case, &web_case),
        ("password-pair", Obj::Case, &web_case),
        ("private-key", Obj::Account, &old_account),
        ("slack-token", Obj::Account, &old_account),
        ("snowflake-credential", Obj::Lead, &open_lead),
        // Not taken: the Contact query does not select Description.
        ("aws-access-key-id", Obj::Contact, &old_contact),
        // Not taken: a phone Case nobody read.
        ("password-pair", Obj::Case, &other_case),
        // Not taken: an Account created after the bulk job.
        ("slack-token", Obj::Account, &late_account),
        // Not taken: a closed Lead, outside the query's criteria.
        ("github-token", Obj::Lead, &closed_lead),
        ("private-key", Obj::Lead, &open_lead),
    ];
    let mut secrets = Vec::new();
    // One on a Case read from the pivot address.
    if let Some(&i) = pivot.first() {
        secrets.push(Secret {
            kind: "github-token",
            obj: Obj::Case,
            rec: i,
            field: "Description",
        });
    }
    for (kind, obj, cands) in plan_list {
        if let Some(i) = pick_idx(r, cands, &mut used, obj) {
            secrets.push(Secret {
                kind,
                obj,
                rec: i,
                field: "Description",
            });
        }
    }
    for s in &secrets {
        let text = secret_text(s.kind, r);
        if let Some(rec) = w.recs.get_mut(&s.obj).and_then(|v| v.get_mut(s.rec)) {
            rec.vals.insert(s.field, text);
        }
    }
    w.secrets = secrets;
}
