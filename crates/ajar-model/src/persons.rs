//! The notification list and the exposed records held compactly (issue #19: an export of
//! millions of records). A person's contact strings sit in one shared buffer, their items in a
//! bit set, their records as an object number and an ID; each entry is built as a
//! [`PersonEntry`] only when it is written. The exposed records are 20 bytes each and become
//! [`ExposedRecord`]s the same way.

use crate::classify::DataClass;
use crate::incident::PersonEntry;
use crate::sfid::SfId;
use crate::table::ExposedRecord;
use std::collections::BTreeMap;

/// A set of [`DataClass`]es as bits, in the classes' order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemSet(u16);

impl ItemSet {
    /// Adds a class.
    pub fn insert(&mut self, class: DataClass) {
        self.0 |= 1 << class.index();
    }

    /// The classes, sorted.
    pub fn classes(self) -> Vec<DataClass> {
        DataClass::ALL
            .iter()
            .copied()
            .filter(|c| self.0 & (1 << c.index()) != 0)
            .collect()
    }
}

/// Interned names (objects, countries): a few distinct values over millions of rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Names(Vec<String>);

impl Names {
    fn index(&mut self, name: &str) -> u16 {
        if let Some(i) = self.0.iter().rposition(|n| n == name) {
            return u16::try_from(i).unwrap_or(u16::MAX);
        }
        self.0.push(name.to_owned());
        u16::try_from(self.0.len() - 1).unwrap_or(u16::MAX)
    }

    fn get(&self, i: u16) -> &str {
        self.0.get(usize::from(i)).map_or("", String::as_str)
    }
}

const CONFIRMED: u8 = 1;
const ABROAD: u8 = 2;
const POSTAL: u8 = 4;
/// The E.164 phone held is only its head: the national digits of the phone as exported follow.
const E164_TAIL: u8 = 8;

/// A phone's national digits: its ASCII digits, one leading `0` (a trunk prefix) dropped.
fn national(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    digits
        .strip_prefix('0')
        .map_or_else(|| digits.clone(), str::to_owned)
}

/// One record of a person: the person's position, its object and its ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PersonRecord {
    person: u32,
    object: u16,
    /// The ID packed ([`SfId::packed`]): 20 bytes a record, not 24.
    id: [u8; 12],
}

/// The contact strings of a new entry, as its first record gives them.
#[derive(Debug, Clone, Copy, Default)]
pub struct NewPerson<'a> {
    /// Name.
    pub name: Option<&'a str>,
    /// E-mail.
    pub email: Option<&'a str>,
    /// Phone as exported.
    pub phone: Option<&'a str>,
    /// Phone in E.164.
    pub phone_e164: Option<&'a str>,
    /// Country of residence, or `unknown`.
    pub country: &'a str,
}

/// The notification list, compact: built entry by entry in list order, read back as
/// [`PersonEntry`]s numbered from 1.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonList {
    /// Each entry's name, e-mail, phone and E.164 phone, one after the other: a length plus
    /// one (0: none) as a LEB128 number, then the bytes.
    text: Vec<u8>,
    items: Vec<ItemSet>,
    flags: Vec<u8>,
    country: Vec<u16>,
    countries: Names,
    objects: Names,
    /// Each entry's first record, by position ([`FirstRecord::NONE`]: none yet): one per
    /// entry, so held in order without sorting (issue #19).
    first: Vec<FirstRecord>,
    /// The records added to an entry after its first: in list order once
    /// [`PersonList::seal`]ed, each person's in the order added (few: most persons have one
    /// record).
    records: Vec<PersonRecord>,
    sealed: bool,
}

/// An entry's first record: 14 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FirstRecord {
    object: u16,
    /// The ID packed ([`SfId::packed`]).
    id: [u8; 12],
}

impl FirstRecord {
    /// No record yet.
    const NONE: Self = Self {
        object: u16::MAX,
        id: [0; 12],
    };
}

fn put_str(out: &mut Vec<u8>, s: Option<&str>) {
    let mut n = s.map_or(0, |s| s.len() as u64 + 1);
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            break;
        }
        out.push(low | 0x80);
    }
    out.extend_from_slice(s.unwrap_or_default().as_bytes());
}

fn take_str<'a>(text: &'a [u8], at: &mut usize) -> Option<&'a str> {
    let mut n = 0u64;
    let mut shift = 0;
    while let Some(&b) = text.get(*at) {
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            break;
        }
    }
    let len = usize::try_from(n.checked_sub(1)?).ok()?;
    let s = text.get(*at..*at + len)?;
    *at += len;
    // Written from `&str`s: always UTF-8.
    std::str::from_utf8(s).ok()
}

impl PersonList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an entry at the end; returns its position.
    pub fn push(&mut self, p: &NewPerson<'_>) -> usize {
        // The E.164 form mostly ends with the phone's national digits: only its head (`+81`)
        // is held then, 11 bytes a person less (issue #19); any other form is held whole.
        let mut flags = 0;
        let mut e164 = p.phone_e164;
        if let (Some(e), Some(phone)) = (p.phone_e164, p.phone) {
            let tail = national(phone);
            if let Some(head) = e.strip_suffix(tail.as_str()).filter(|_| !tail.is_empty()) {
                e164 = Some(head);
                flags |= E164_TAIL;
            }
        }
        for s in [p.name, p.email, p.phone, e164] {
            put_str(&mut self.text, s);
        }
        self.items.push(ItemSet::default());
        self.flags.push(flags);
        let c = self.countries.index(p.country);
        self.country.push(c);
        self.items.len() - 1
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds a record (`object`, `id`) to the entry at `pos`.
    pub fn add_record(&mut self, pos: usize, object: &str, id: SfId) {
        let object = self.objects.index(object);
        if self.first.len() <= pos {
            self.first.resize(pos + 1, FirstRecord::NONE);
        }
        if let Some(f) = self.first.get_mut(pos).filter(|f| **f == FirstRecord::NONE) {
            *f = FirstRecord {
                object,
                id: id.packed(),
            };
            return;
        }
        self.records.push(PersonRecord {
            person: u32::try_from(pos).unwrap_or(u32::MAX),
            object,
            id: id.packed(),
        });
        self.sealed = false;
    }

    /// Adds an exposed data item to the entry at `pos`.
    pub fn add_item(&mut self, pos: usize, class: DataClass) {
        if let Some(i) = self.items.get_mut(pos) {
            i.insert(class);
        }
    }

    fn set(&mut self, pos: usize, flag: u8) {
        if let Some(f) = self.flags.get_mut(pos) {
            *f |= flag;
        }
    }

    /// Marks the entry at `pos` as read by an outsider.
    pub fn set_confirmed(&mut self, pos: usize) {
        self.set(pos, CONFIRMED);
    }

    /// Marks the entry at `pos` as read from abroad.
    pub fn set_abroad(&mut self, pos: usize) {
        self.set(pos, ABROAD);
    }

    /// Marks the entry at `pos` as having a postal address.
    pub fn set_postal(&mut self, pos: usize) {
        self.set(pos, POSTAL);
    }

    /// Groups the records by entry, each entry's in the order added. Reading an unsealed list
    /// seals a copy.
    pub fn seal(&mut self) {
        if !self.sealed {
            self.records.sort_by_key(|r| r.person);
            self.sealed = true;
        }
    }

    fn count(&self, flag: u8) -> u64 {
        self.flags.iter().filter(|f| *f & flag != 0).count() as u64
    }

    /// Entries confirmed read by an outsider.
    pub fn confirmed(&self) -> u64 {
        self.count(CONFIRMED)
    }

    /// Entries read from abroad.
    pub fn abroad(&self) -> u64 {
        self.count(ABROAD)
    }

    /// Entries per country of residence.
    pub fn by_country(&self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for c in &self.country {
            *out.entry(self.countries.get(*c).to_owned()).or_insert(0) += 1;
        }
        out
    }

    /// Entries with no postal address, phone or e-mail (issue #14).
    pub fn without_channel(&self) -> u64 {
        let mut at = 0;
        let mut n = 0;
        for f in &self.flags {
            let [_, email, phone, _] = [(); 4].map(|()| take_str(&self.text, &mut at).is_some());
            if !email && !phone && f & POSTAL == 0 {
                n += 1;
            }
        }
        n
    }

    /// The entries in list order, numbered from 1.
    pub fn iter(&self) -> impl Iterator<Item = PersonEntry> + '_ {
        let records: std::borrow::Cow<'_, [PersonRecord]> = if self.sealed {
            std::borrow::Cow::Borrowed(&self.records)
        } else {
            let mut r = self.records.clone();
            r.sort_by_key(|r| r.person);
            std::borrow::Cow::Owned(r)
        };
        let mut at = 0usize;
        let mut next = 0usize;
        (0..self.len()).map(move |pos| {
            let [name, email, phone, mut phone_e164] =
                [(); 4].map(|()| take_str(&self.text, &mut at).map(str::to_owned));
            let flags = self.flags.get(pos).copied().unwrap_or(0);
            if flags & E164_TAIL != 0
                && let (Some(e), Some(p)) = (phone_e164.as_mut(), phone.as_deref())
            {
                e.push_str(&national(p));
            }
            let id = |object: u16, id: [u8; 12]| {
                format!("{}/{}", self.objects.get(object), SfId::from_packed(id))
            };
            let mut ids = Vec::with_capacity(1);
            if let Some(f) = self.first.get(pos).filter(|f| **f != FirstRecord::NONE) {
                ids.push(id(f.object, f.id));
            }
            while let Some(r) = records.get(next).filter(|r| r.person as usize == pos) {
                ids.push(id(r.object, r.id));
                next += 1;
            }
            PersonEntry {
                number: pos as u64 + 1,
                name,
                email,
                phone,
                phone_e164,
                country: self
                    .country
                    .get(pos)
                    .map_or("unknown", |c| self.countries.get(*c))
                    .to_owned(),
                items: self.items.get(pos).copied().unwrap_or_default().classes(),
                records: ids,
                confirmed: flags & CONFIRMED != 0,
                abroad: flags & ABROAD != 0,
            }
        })
    }
}

/// One exposed record, compact: 20 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CompactRecord {
    /// The ID packed ([`SfId::packed`]).
    id: [u8; 12],
    object: u16,
    items: ItemSet,
    /// The person's number, 0 for none: 32 bits, as a person is at least one record and four
    /// billion records would not fit in memory here anyway.
    person: u32,
}

/// The exposed records (the `exposed` table), in object then export order, 20 bytes each;
/// read back as [`ExposedRecord`]s without the window's days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExposedRecords {
    objects: Names,
    rows: Vec<CompactRecord>,
}

impl ExposedRecords {
    /// No record yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Room for `n` more records.
    pub fn reserve(&mut self, n: usize) {
        self.rows.reserve_exact(n);
    }

    /// Adds a record: its ID, object, person's number (`None`: not about a person) and items.
    pub fn push(&mut self, id: SfId, object: &str, person: Option<u64>, items: ItemSet) {
        let object = self.objects.index(object);
        self.rows.push(CompactRecord {
            id: id.packed(),
            object,
            items,
            person: person.map_or(0, |p| u32::try_from(p).unwrap_or(u32::MAX)),
        });
    }

    /// How many records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The records, in order.
    pub fn iter(&self) -> impl Iterator<Item = ExposedRecord> + '_ {
        self.rows.iter().map(|r| ExposedRecord {
            record_id: SfId::from_packed(r.id),
            object: self.objects.get(r.object).to_owned(),
            person: (r.person > 0).then_some(u64::from(r.person)),
            items: r.items.classes(),
            window_start: None,
            window_end: None,
        })
    }
}

#[cfg(test)]
mod tests;
