//! The exposed records counted one row at a time, in two walks over the same rows in the same
//! order (issue #19): the first ([`Tally::record`]) keeps only the persons' key hashes, the
//! fields holding a value and the records outsiders read; the second ([`Counted::list`]) writes
//! the notification list and the `exposed` table from the rows again. Neither walk needs a row
//! once it has passed, so the rows can come from memory or from the export read again.

use super::confirmed;
use super::persons::{self, Contact};
use super::rowset::RowSet;
use ajar_model::classify::DataClass;
use ajar_model::export::{Row, Table};
use ajar_model::incident::{Confirmed, Exposed, ExposedField, ObjectImpact};
use ajar_model::persons::{ExposedRecords, ItemSet, NewPerson, PersonList};
use ajar_model::sfid::SfId;
use std::collections::{BTreeMap, BTreeSet};

/// An exposed object as the walks see it: its name and its readable fields with their classes.
#[derive(Debug, Clone, Copy)]
pub(super) struct ObjectView<'a> {
    /// The object's API name.
    pub(super) name: &'a str,
    /// Its readable fields, by name, with their classes.
    pub(super) fields: &'a BTreeMap<String, Option<DataClass>>,
}

impl ObjectView<'_> {
    /// Whether its records are about a person: it has a name, e-mail or phone field.
    fn personal(&self) -> bool {
        self.fields.values().any(|c| {
            matches!(
                c,
                Some(DataClass::Name | DataClass::Email | DataClass::Phone)
            )
        })
    }

    /// One pass over `row`'s readable fields (issue #19: each lookup of a column by name
    /// scans the header, and the walks used to make three passes per row): what the walks
    /// need of the fields holding a value (trimmed, not blank), and `each` called with the
    /// place of each such field in [`ObjectView::fields`]' order.
    fn filled<'r>(&self, table: &Table, row: &'r Row, mut each: impl FnMut(usize)) -> Filled<'r> {
        let mut f = Filled::default();
        for (i, (field, class)) in self.fields.iter().enumerate() {
            let Some(v) = table
                .value(row, field)
                .map(str::trim)
                .filter(|v| !v.is_empty())
            else {
                continue;
            };
            each(i);
            let Some(class) = class else {
                continue;
            };
            f.items.insert(*class);
            match class {
                DataClass::Name => f.names.push(v),
                DataClass::Email if f.email.is_none() => f.email = Some(v),
                DataClass::Phone if f.phone.is_none() => f.phone = Some(v),
                DataClass::Address if is_country(field) => f.country = Some(v),
                DataClass::Address => f.postal = true,
                _ => {}
            }
        }
        f
    }
}

/// The fields of a row holding a value, as the walks read them ([`ObjectView::filled`]).
#[derive(Debug, Default)]
struct Filled<'r> {
    /// The classes of the fields holding a value.
    items: ItemSet,
    /// Whether a postal address field (an address field other than the country) holds one.
    postal: bool,
    /// The name fields' values, in field order.
    names: Vec<&'r str>,
    /// The first e-mail and phone, the last country.
    email: Option<&'r str>,
    phone: Option<&'r str>,
    country: Option<&'r str>,
}

impl Filled<'_> {
    /// The person's contact: names joined, the first e-mail and phone, the country of an
    /// address, whether there is a postal address.
    fn contact(&self) -> Contact {
        Contact {
            name: (!self.names.is_empty()).then(|| self.names.join(" ")),
            email: self.email.map(str::to_owned),
            phone: self.phone.map(str::to_owned),
            country: self.country.map(str::to_owned),
            postal: self.postal,
        }
    }
}

/// Whether an address field holds the country (the rest of an address is postal).
fn is_country(field: &str) -> bool {
    // Without a lower-cased copy per call (once per address field of every row): no character
    // outside ASCII lower-cases to a letter of "country", so an ASCII case-insensitive search
    // finds what `to_lowercase().contains("country")` finds.
    field
        .as_bytes()
        .windows(7)
        .any(|w| w.eq_ignore_ascii_case(b"country"))
}

/// One object's counts from the first walk.
#[derive(Debug)]
struct ObjectCount {
    name: String,
    personal: bool,
    paths: Vec<String>,
    /// Its fields in name order, with their classes and how many records hold a value.
    fields: Vec<(String, Option<DataClass>, u64)>,
    /// Its records' places in the walk.
    records: std::ops::Range<usize>,
}

/// The first walk: call [`Tally::object`] before each object's exposed rows, then
/// [`Tally::record`] for each of them, in the order the second walk will give them, then
/// [`Tally::close`].
#[derive(Debug)]
pub(super) struct Tally<'h> {
    home: &'h str,
    dedup: persons::Deduper<'h>,
    objects: Vec<ObjectCount>,
    records: usize,
    /// The records outsiders read (those the confirmation looks up): their place, ID and
    /// `CreatedDate`.
    looked_up: Vec<(usize, SfId, Option<jiff::Timestamp>)>,
}

impl<'h> Tally<'h> {
    /// A walk expecting about `records` exposed records; `home` is the organisation's country.
    pub(super) fn new(home: &'h str, records: usize) -> Self {
        Self {
            home,
            dedup: persons::Deduper::with_capacity(home, records),
            objects: Vec::new(),
            records: 0,
            looked_up: Vec::new(),
        }
    }

    /// The next rows are `object`'s.
    pub(super) fn object(&mut self, object: ObjectView<'_>) {
        self.objects.push(ObjectCount {
            name: object.name.to_owned(),
            personal: object.personal(),
            paths: Vec::new(),
            fields: object
                .fields
                .iter()
                .map(|(f, c)| (f.clone(), *c, 0))
                .collect(),
            records: self.records..self.records,
        });
    }

    /// The current object's rows are all given: `paths` are the labels of the paths that reach
    /// it, `None` when none does (then it has no exposed row and is not counted).
    pub(super) fn close(&mut self, paths: Option<&BTreeSet<String>>) {
        match (paths, self.objects.last_mut()) {
            (Some(paths), Some(o)) => o.paths = paths.iter().cloned().collect(),
            (None, Some(o)) if o.records.is_empty() => {
                self.objects.pop();
            }
            _ => {}
        }
    }

    /// An exposed row of the current object; `looked_up`: outsiders read it.
    pub(super) fn record(
        &mut self,
        object: ObjectView<'_>,
        table: &Table,
        row: &Row,
        looked_up: bool,
    ) {
        let mut current = self.objects.last_mut();
        let filled = object.filled(table, row, |i| {
            if let Some(f) = current.as_mut().and_then(|o| o.fields.get_mut(i)) {
                f.2 += 1;
            }
        });
        if let Some(o) = current {
            o.records.end += 1;
        }
        self.dedup.push(&filled.contact());
        if looked_up {
            let created = table
                .value(row, "CreatedDate")
                .and_then(|c| c.trim().parse::<jiff::Timestamp>().ok());
            self.looked_up.push((self.records, row.id, created));
        }
        self.records += 1;
    }

    /// Persons, items and figures per object; `reads` says which records were confirmed read,
    /// given the person and creation time of each record looked up.
    pub(super) fn finish(
        self,
        reads: impl FnOnce(&BTreeMap<SfId, confirmed::ExposedRecord>) -> confirmed::Reads,
    ) -> Counted<'h> {
        let Self {
            home,
            dedup,
            objects,
            records,
            looked_up,
        } = self;
        let persons::Dedup {
            person_of: all_person_of,
            keys: person_keys,
            ..
        } = dedup.finish();
        // Records of objects without any name, e-mail or phone are not about a person.
        let mut person_of = PersonOf(Vec::with_capacity(records));
        for o in &objects {
            for p in all_person_of.get(o.records.clone()).into_iter().flatten() {
                person_of.push(o.personal.then_some(*p));
            }
        }
        drop(all_person_of);
        let persons_total: RowSet = person_of.iter(0..records).flatten().collect();
        let mut items = BTreeSet::new();
        let by_object = objects
            .into_iter()
            .map(|o| {
                let persons: RowSet = person_of.iter(o.records.clone()).flatten().collect();
                let fields = o
                    .fields
                    .into_iter()
                    .map(|(field, class, non_empty)| {
                        if non_empty > 0 {
                            items.extend(class);
                        }
                        ExposedField {
                            field: format!("{}.{field}", o.name),
                            class,
                            label: None,
                            non_empty,
                        }
                    })
                    .collect();
                ObjectImpact {
                    records: o.records.len() as u64,
                    persons: persons.len() as u64,
                    object: o.name,
                    paths: o.paths,
                    fields,
                    evidence: Vec::new(),
                }
            })
            .collect();
        let exposed = Exposed {
            records: records as u64,
            persons: persons_total.len() as u64,
            person_keys,
            by_object,
            items: items.into_iter().collect(),
            persons_without_channel: 0,
        };
        let record_person: BTreeMap<SfId, confirmed::ExposedRecord> = looked_up
            .into_iter()
            .map(|(at, id, created)| {
                let person = person_of.get(at);
                (id, confirmed::ExposedRecord { person, created })
            })
            .collect();
        let reads = reads(&record_person);
        // Persons of the self-service reads, then the map is let go before the list is built.
        let self_persons = reads
            .self_read
            .iter()
            .filter_map(|id| record_person.get(id).and_then(|r| r.person))
            .collect::<BTreeSet<usize>>()
            .len() as u64;
        drop(record_person);
        person_of.renumber();
        Counted {
            home,
            exposed,
            reads,
            self_persons,
            person_of,
        }
    }
}

/// Each record's person index in walk order, 4 bytes a record (`u32::MAX`: not about a
/// person): person indices fit 32 bits, one per exposed record at most.
#[derive(Debug)]
struct PersonOf(Vec<u32>);

impl PersonOf {
    const NONE: u32 = u32::MAX;

    fn push(&mut self, p: Option<usize>) {
        let p = p.map_or(Self::NONE, |p| u32::try_from(p).unwrap_or(Self::NONE - 1));
        self.0.push(p);
    }

    /// The person of the record at `at`.
    fn get(&self, at: usize) -> Option<usize> {
        self.0
            .get(at)
            .filter(|&&p| p != Self::NONE)
            .map(|&p| p as usize)
    }

    /// Replaces each person index by the person's position in the notification list: persons
    /// in order of first appearance over the walk, the records not about a person left out.
    /// Done once the confirmation no longer needs the indices, so that the second walk needs
    /// no map from one to the other.
    fn renumber(&mut self) {
        let mut at: Vec<u32> = Vec::new();
        let mut next = 0u32;
        for p in self.0.iter_mut().filter(|p| **p != Self::NONE) {
            let i = *p as usize;
            if at.len() <= i {
                at.resize(i + 1, 0);
            }
            if let Some(slot) = at.get_mut(i) {
                if *slot == 0 {
                    next += 1;
                    *slot = next;
                }
                *p = *slot - 1;
            }
        }
    }

    /// The persons of the records in `range`.
    fn iter(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = Option<usize>> + '_ {
        range.map(|at| self.get(at))
    }
}

/// What the first walk established; [`Counted::list`] is the second walk.
#[derive(Debug)]
pub(super) struct Counted<'h> {
    home: &'h str,
    exposed: Exposed,
    reads: confirmed::Reads,
    self_persons: u64,
    /// Each record's person's position in the notification list, in walk order (`None`: not
    /// about a person).
    person_of: PersonOf,
}

/// Everything the two walks count.
#[derive(Debug)]
pub(super) struct Summary {
    pub(super) exposed: Exposed,
    pub(super) confirmed: Confirmed,
    pub(super) persons: PersonList,
    pub(super) persons_by_country: BTreeMap<String, u64>,
    pub(super) persons_without_channel: u64,
    pub(super) records: ExposedRecords,
}

impl<'h> Counted<'h> {
    /// The second walk, given the same rows as the first in the same order, each with its
    /// object.
    pub(super) fn list<'r>(
        self,
        rows: impl IntoIterator<Item = (ObjectView<'r>, &'r Table, &'r Row)>,
    ) -> Summary {
        let mut lister = self.lister();
        for (object, table, row) in rows {
            lister.row(object, table, row);
        }
        lister.finish()
    }

    /// The second walk, fed a row at a time ([`Lister::row`]).
    pub(super) fn lister(self) -> Lister<'h> {
        let mut records = ExposedRecords::new();
        records.reserve(self.person_of.0.len());
        Lister {
            counted: self,
            list: PersonList::new(),
            records,
            next: 0,
        }
    }
}

/// The second walk: the same rows as the first, in the same order. Persons are numbered in
/// order of first appearance over these rows (`persons::Deduper::finish`), so each new
/// person's entry goes at the list's end, with the contact of their first record; the
/// `exposed` table gets a row per record.
#[derive(Debug)]
pub(super) struct Lister<'h> {
    counted: Counted<'h>,
    list: PersonList,
    records: ExposedRecords,
    /// The place of the next row in the walk.
    next: usize,
}

impl Lister<'_> {
    /// The next exposed row, of `object`.
    pub(super) fn row(&mut self, object: ObjectView<'_>, table: &Table, row: &Row) {
        let p = self.counted.person_of.get(self.next);
        self.next += 1;
        let filled = object.filled(table, row, |_| {});
        let (items, postal) = (filled.items, filled.postal);
        let number = p.map(|pos| {
            let list = &mut self.list;
            // Positions follow first appearance over this walk: a person's first record is
            // the one whose position is the list's end, and gives the entry its contact.
            if pos == list.len() {
                new_entry(list, &filled.contact(), self.counted.home);
            }
            if postal {
                list.set_postal(pos);
            }
            list.add_record(pos, object.name, row.id);
            for class in items.classes() {
                list.add_item(pos, class);
            }
            if self.counted.reads.read.contains(&row.id) {
                list.set_confirmed(pos);
            }
            if self.counted.reads.abroad.contains(&row.id) {
                list.set_abroad(pos);
            }
            pos as u64 + 1
        });
        self.records.push(row.id, object.name, number, items);
    }

    /// The list and the figures that need it.
    pub(super) fn finish(self) -> Summary {
        let Self {
            counted,
            mut list,
            records,
            ..
        } = self;
        let Counted {
            mut exposed,
            reads,
            self_persons,
            ..
        } = counted;
        list.seal();
        // Postal address, phone and e-mail all count as channels (issue #14).
        let without_channel = list.without_channel();
        exposed.persons_without_channel = without_channel;
        let mut confirmed = reads.confirmed;
        if confirmed.known {
            confirmed.persons = Some(list.confirmed());
            confirmed.persons_abroad = Some(list.abroad());
        }
        if let Some(s) = confirmed.self_service.as_mut() {
            s.persons = self_persons;
        }
        let persons_by_country = list.by_country();
        Summary {
            exposed,
            confirmed,
            persons: list,
            persons_by_country,
            persons_without_channel: without_channel,
            records,
        }
    }
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
