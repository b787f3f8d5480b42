//! The notification list's entries and the `exposed` table's records, from the exposed rows.

use super::confirmed;
use super::persons::{self, Contact};
use super::reach::ObjectHits;
use ajar_model::persons::{ExposedRecords, ItemSet, NewPerson, PersonList};
use std::collections::BTreeMap;

/// The notification list, one entry per person in order of person index, and each person
/// index's number in it (0: none). Persons are numbered in order of first appearance over the
/// same rows (`persons::Deduper::finish`), so each new person's entry goes at the list's end.
/// The list is compact (`ajar_model::persons`, issue #19).
pub(super) fn entries(
    hits: &BTreeMap<String, ObjectHits<'_>>,
    person_of: &[Option<u32>],
    reads: &confirmed::Reads,
    home_country: &str,
) -> (PersonList, Vec<u64>) {
    let mut list = PersonList::new();
    // Person index -> number in `list` (its position plus one; 0: none yet).
    let mut at: Vec<u64> = Vec::new();
    for ((object, row), p) in super::exposed_rows(hits).zip(person_of) {
        let Some(p) = p.map(|p| p as usize) else {
            continue;
        };
        let h = hits.get(object);
        let c = h.map(|h| super::contact(h, row)).unwrap_or_default();
        if at.len() <= p {
            at.resize(p + 1, 0);
        }
        let pos = match at.get(p).copied() {
            Some(k) if k > 0 => k as usize - 1,
            _ => {
                let pos = new_entry(&mut list, &c, home_country);
                if let Some(slot) = at.get_mut(p) {
                    *slot = pos as u64 + 1;
                }
                pos
            }
        };
        if c.postal {
            list.set_postal(pos);
        }
        list.add_record(pos, object, row.id);
        if let Some(h) = h {
            for (field, class) in &h.fields {
                if let Some(class) = class
                    && h.table
                        .value(row, field)
                        .is_some_and(|v| !v.trim().is_empty())
                {
                    list.add_item(pos, *class);
                }
            }
        }
        if reads.read.contains(&row.id) {
            list.set_confirmed(pos);
        }
        if reads.abroad.contains(&row.id) {
            list.set_abroad(pos);
        }
    }
    list.seal();
    (list, at)
}

/// A person's entry from their first record's contact; returns its position.
fn new_entry(list: &mut PersonList, c: &Contact, home_country: &str) -> usize {
    let phone_e164 = c
        .phone
        .as_deref()
        .and_then(|x| persons::e164(x, home_country));
    let country = c
        .country
        .as_deref()
        .or_else(|| phone_e164.as_deref().and_then(persons::phone_country))
        .unwrap_or("unknown");
    list.push(&NewPerson {
        name: c.name.as_deref(),
        email: c.email.as_deref(),
        phone: c.phone.as_deref(),
        phone_e164: phone_e164.as_deref(),
        country,
    })
}

/// Each exposed record with its person's number and its data items.
pub(super) fn exposed_records(
    hits: &BTreeMap<String, ObjectHits<'_>>,
    person_of: &[Option<u32>],
    numbers: &[u64],
) -> ExposedRecords {
    let mut out = ExposedRecords::new();
    out.reserve(person_of.len());
    for ((object, row), p) in super::exposed_rows(hits).zip(person_of) {
        let mut items = ItemSet::default();
        if let Some(h) = hits.get(object) {
            for (field, class) in &h.fields {
                if let Some(class) = class
                    && h.table
                        .value(row, field)
                        .is_some_and(|v| !v.trim().is_empty())
                {
                    items.insert(*class);
                }
            }
        }
        let person = p
            .and_then(|p| numbers.get(p as usize).copied())
            .filter(|&n| n > 0);
        out.push(row.id, object, person, items);
    }
    out
}
