//! The notification list's entries and the `exposed` table's records, from the exposed rows.

use super::confirmed;
use super::persons::{self, Contact};
use super::reach::ObjectHits;
use ajar_model::classify::DataClass;
use ajar_model::export::Row;
use ajar_model::incident::PersonEntry;
use ajar_model::table::ExposedRecord;
use std::collections::BTreeMap;

/// One notification-list entry per person in order of person index, whether each has a postal
/// address, and each one's person index. Entries are held in one `Vec`, not a map copied into a
/// list (issue #19): persons are numbered in order of first appearance over the same rows, so
/// they arrive in index order (sorted afterwards should they not).
pub(super) fn entries(
    hits: &BTreeMap<String, ObjectHits<'_>>,
    rows: &[(&str, usize, &Row)],
    person_of: &[Option<usize>],
    reads: &confirmed::Reads,
    home_country: &str,
) -> (Vec<PersonEntry>, Vec<bool>, Vec<usize>) {
    let mut list: Vec<PersonEntry> = Vec::new();
    let mut postal: Vec<bool> = Vec::new();
    let mut keys: Vec<usize> = Vec::new();
    // Person index -> position in `list`, plus one (0: none yet).
    let mut at: Vec<usize> = Vec::new();
    for ((object, _, row), p) in rows.iter().zip(person_of) {
        let Some(p) = p else { continue };
        let h = hits.get(*object);
        let c = h.map(|h| super::contact(h, row)).unwrap_or_default();
        if at.len() <= *p {
            at.resize(*p + 1, 0);
        }
        let pos = match at.get(*p).copied() {
            Some(k) if k > 0 => k - 1,
            _ => {
                list.push(new_entry(&c, home_country));
                postal.push(false);
                keys.push(*p);
                if let Some(slot) = at.get_mut(*p) {
                    *slot = list.len();
                }
                list.len() - 1
            }
        };
        if c.postal
            && let Some(slot) = postal.get_mut(pos)
        {
            *slot = true;
        }
        let Some(e) = list.get_mut(pos) else { continue };
        e.records.push(format!("{object}/{}", row.id));
        if let Some(h) = h {
            for (field, class) in &h.fields {
                if let Some(class) = class
                    && h.table
                        .value(row, field)
                        .is_some_and(|v| !v.trim().is_empty())
                    && !e.items.contains(class)
                {
                    e.items.push(*class);
                }
            }
        }
        if reads.read.contains(&row.id) {
            e.confirmed = true;
        }
        if reads.abroad.contains(&row.id) {
            e.abroad = true;
        }
    }
    if !keys.is_sorted() {
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by_key(|&i| keys.get(i).copied());
        let mut slots: Vec<Option<PersonEntry>> = list.into_iter().map(Some).collect();
        list = order
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take))
            .collect();
        postal = order
            .iter()
            .map(|&i| postal.get(i).copied().unwrap_or(false))
            .collect();
        keys = order.iter().filter_map(|&i| keys.get(i).copied()).collect();
    }
    (list, postal, keys)
}

/// A person's entry from their first record's contact.
fn new_entry(c: &Contact, home_country: &str) -> PersonEntry {
    let phone_e164 = c
        .phone
        .as_deref()
        .and_then(|x| persons::e164(x, home_country));
    let country = c
        .country
        .clone()
        .or_else(|| {
            phone_e164
                .as_deref()
                .and_then(persons::phone_country)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "unknown".to_owned());
    PersonEntry {
        number: 0,
        name: c.name.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        phone_e164,
        country,
        items: Vec::new(),
        // Most persons have one record: no room for four (issue #19).
        records: Vec::with_capacity(1),
        confirmed: false,
        abroad: false,
    }
}

/// Each exposed record with its person's number and its data items.
pub(super) fn exposed_records(
    hits: &BTreeMap<String, ObjectHits<'_>>,
    rows: &[(&str, usize, &Row)],
    person_of: &[Option<usize>],
    numbers: &[u64],
) -> Vec<ExposedRecord> {
    rows.iter()
        .zip(person_of)
        .map(|((object, _, row), p)| {
            let mut items: Vec<DataClass> = hits
                .get(*object)
                .map(|h| {
                    h.fields
                        .iter()
                        .filter(|(field, _)| {
                            h.table
                                .value(row, field)
                                .is_some_and(|v| !v.trim().is_empty())
                        })
                        .filter_map(|(_, class)| *class)
                        .collect()
                })
                .unwrap_or_default();
            items.sort();
            items.dedup();
            ExposedRecord {
                record_id: row.id,
                object: (*object).to_owned(),
                person: p.and_then(|p| numbers.get(p).copied()).filter(|&n| n > 0),
                items,
                window_start: None,
                window_end: None,
            }
        })
        .collect()
}
