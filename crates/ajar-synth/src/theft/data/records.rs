//! Account, Contact, Lead and Case records and the persons behind them.

use super::*;

/// A creation instant: whole seconds, between the org's start and the intrusion (or, for late
/// records, after it), never within two hours of the actor's activity.
pub(super) fn created(plan: &TPlan, r: &mut Rng, late: bool) -> i64 {
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

pub(super) fn pick<'a>(r: &mut Rng, list: &[&'a str]) -> &'a str {
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

pub(super) fn accounts(plan: &TPlan, r: &mut Rng) -> Vec<Rec> {
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

pub(super) fn new_person(w: &mut World, r: &mut Rng) -> usize {
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

pub(super) fn contacts(plan: &TPlan, r: &mut Rng, w: &mut World) -> Vec<Rec> {
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

pub(super) fn leads(plan: &TPlan, r: &mut Rng, w: &mut World) -> Vec<Rec> {
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

pub(super) fn cases(plan: &TPlan, r: &mut Rng, w: &mut World) -> Vec<Rec> {
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
