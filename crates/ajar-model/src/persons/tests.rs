#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
use super::*;

#[test]
fn entries_come_back_as_pushed_with_records_grouped() {
    let id = |s: &str| SfId::parse(s).unwrap();
    let mut l = PersonList::new();
    let a = l.push(&NewPerson {
        name: Some("山田 太郎"),
        phone: Some("090"),
        country: "JP",
        ..NewPerson::default()
    });
    let b = l.push(&NewPerson {
        email: Some(""),
        country: "unknown",
        ..NewPerson::default()
    });
    l.add_record(a, "A__c", id("a0B5g000001AbCdEAK"));
    l.add_record(b, "B__c", id("a0C5g000001AbCdEAK"));
    l.add_record(a, "B__c", id("a0D5g000001AbCdEAK"));
    // A third record of the first person after one of the second: each keeps its order.
    l.add_record(b, "A__c", id("a0E5g000001AbCd"));
    l.add_record(a, "A__c", id("a0F5g000001AbCd"));
    l.add_item(a, DataClass::Phone);
    l.add_item(a, DataClass::Name);
    l.set_confirmed(b);
    l.seal();
    let e: Vec<PersonEntry> = l.iter().collect();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].number, 1);
    assert_eq!(e[0].name.as_deref(), Some("山田 太郎"));
    assert_eq!(e[0].email, None);
    assert_eq!(e[0].items, vec![DataClass::Name, DataClass::Phone]);
    assert_eq!(
        e[0].records,
        vec![
            "A__c/a0B5g000001AbCdEAK",
            "B__c/a0D5g000001AbCdEAK",
            format!("A__c/{}", id("a0F5g000001AbCd")).as_str()
        ]
    );
    assert_eq!(
        e[1].records,
        vec![
            "B__c/a0C5g000001AbCdEAK".to_owned(),
            format!("A__c/{}", id("a0E5g000001AbCd"))
        ]
    );
    assert_eq!(e[1].email.as_deref(), Some(""));
    assert!(e[1].confirmed && !e[1].abroad);
    assert_eq!(l.confirmed(), 1);
    assert_eq!(l.without_channel(), 0);
    assert_eq!(l.by_country().get("JP"), Some(&1));
    assert_eq!(std::mem::size_of::<CompactRecord>(), 20);
    assert_eq!(std::mem::size_of::<PersonRecord>(), 20);
    assert_eq!(std::mem::size_of::<FirstRecord>(), 14);
}

#[test]
fn an_e164_phone_held_as_its_head_reads_back_whole() {
    let cases = [
        (Some("090-1234-5678"), Some("+819012345678")),
        (Some("+1 (555) 123-4567"), Some("+15551234567")),
        (Some("0044 20 7946 0018"), Some("+442079460018")),
        (Some("０９０１２３４５６７８"), Some("+819012345678")),
        (Some("12"), Some("+8112")),
        (Some("000"), Some("+8100")),
        (Some("090-1234-5678"), None),
        (None, Some("+819012345678")),
        (Some("abc"), Some("+81")),
    ];
    let mut l = PersonList::new();
    for (phone, phone_e164) in cases {
        l.push(&NewPerson {
            phone,
            phone_e164,
            country: "JP",
            ..NewPerson::default()
        });
    }
    let back: Vec<(Option<String>, Option<String>)> =
        l.iter().map(|e| (e.phone, e.phone_e164)).collect();
    let want: Vec<(Option<String>, Option<String>)> = cases
        .iter()
        .map(|(p, e)| (p.map(str::to_owned), e.map(str::to_owned)))
        .collect();
    assert_eq!(back, want);
    // Only the entry without a phone (its E.164 form alone is no channel).
    assert_eq!(l.without_channel(), 1);
}

#[test]
fn item_sets_list_classes_in_their_order() {
    for (i, c) in DataClass::ALL.iter().enumerate() {
        assert_eq!(c.index() as usize, i);
    }
    assert!(DataClass::ALL.is_sorted());
    let mut s = ItemSet::default();
    s.insert(DataClass::Email);
    s.insert(DataClass::Sensitive);
    s.insert(DataClass::Email);
    assert_eq!(s.classes(), vec![DataClass::Sensitive, DataClass::Email]);
}
