//! The record IDs of a `Records` value (formats.md §2.4), read straight from its JSON text: the
//! keys the IDs sit under are looked for as the text is read, everything else is read past, and
//! strings are borrowed from the text. Reading the whole document into a `serde_json::Value`
//! first (a map and a string allocated for every key and value of every record) was about a
//! quarter of a hunt's time with indicators, where every API row's list is read (issue #19).
//!
//! What is read is exactly what the `Value` reading read: a key that appears twice counts at its
//! last place; a list, an object or a string in an unexpected place counts as absent; and a
//! value read past is still checked as `Value` checks it (strings and their escapes, numbers in
//! range, nesting under serde_json's depth limit), so a document `Value` refuses is refused.

use serde::Deserializer;
use serde::de::{Deserialize, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// What a `Records` document lists.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Listed<'a> {
    /// `records[]`: each element's `Id` when it is an object with a string `Id`.
    pub(super) records: Option<Strings<'a>>,
    /// `rows[]`: each element's `datacells[]` strings (`None`: not a list, or not an object).
    pub(super) rows: Option<Vec<Option<Strings<'a>>>>,
    /// `recordIds[]`: each element when it is a string.
    pub(super) record_ids: Option<Strings<'a>>,
    /// `totalSize`, when it is a non-negative integer.
    pub(super) total_size: Option<u64>,
}

/// Reads `text`; `None` when it is not JSON (or not one document).
pub(super) fn read(text: &str) -> Option<Listed<'_>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let listed = Maybe::<Listed<'_>>::deserialize(&mut de).ok()?.0;
    de.end().ok()?;
    Some(listed.unwrap_or_default())
}

/// Reads any JSON value, keeping what `T` makes of it; `None` for values `T` does not take.
trait Take<'de>: Sized {
    /// From a string.
    fn string(_: Cow<'de, str>) -> Option<Self> {
        None
    }
    /// From a non-negative integer.
    fn unsigned(_: u64) -> Option<Self> {
        None
    }
    /// From a list.
    fn list<A: SeqAccess<'de>>(seq: A) -> Result<Option<Self>, A::Error> {
        skip_seq(seq).map(|()| None)
    }
    /// From an object.
    fn object<A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
        skip_map(map).map(|()| None)
    }
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<Skip>()?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<Key<'de>, Skip>()?.is_some() {}
    Ok(())
}

/// A value read past, parsed as `Value` parses it (serde's `IgnoredAny` skips strings without
/// decoding their escapes, numbers without their range and nesting without the depth limit).
struct Skip;

impl<'de> Take<'de> for Skip {
    fn string(_: Cow<'de, str>) -> Option<Self> {
        Some(Skip)
    }
    fn unsigned(_: u64) -> Option<Self> {
        Some(Skip)
    }
}

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Maybe::<Skip>::deserialize(d).map(|_| Skip)
    }
}

/// An object's key, borrowed from the text when it has no escape.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A value read by [`Take`]: `Some` when `T` took it.
struct Maybe<T>(Option<T>);

impl<'de, T: Take<'de>> Deserialize<'de> for Maybe<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Take<'de>> Visitor<'de> for V<T> {
            type Value = Maybe<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Maybe(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Maybe(None))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Maybe(T::unsigned(v)))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Maybe(None))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Maybe(None))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Maybe(T::string(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Maybe(T::string(Cow::Owned(v.to_owned()))))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Maybe(T::string(Cow::Owned(v))))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                T::list(seq).map(Maybe)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::object(map).map(Maybe)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<'de> Take<'de> for Cow<'de, str> {
    fn string(s: Cow<'de, str>) -> Option<Self> {
        Some(s)
    }
}

/// `totalSize`.
struct Count(u64);

impl<'de> Take<'de> for Count {
    fn unsigned(v: u64) -> Option<Self> {
        Some(Count(v))
    }
}

impl<'de, T: Take<'de>> Take<'de> for Vec<Option<T>> {
    fn list<A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        let mut out = Vec::new();
        while let Some(Maybe(v)) = seq.next_element::<Maybe<T>>()? {
            out.push(v);
        }
        Ok(Some(out))
    }
}

/// An object's value under one key (its last), read by `T`.
struct Field<T, const K: u8>(Option<T>);

/// The key [`Field`] `K` stands for.
const fn key(k: u8) -> &'static str {
    match k {
        0 => "Id",
        _ => "datacells",
    }
}

impl<'de, T: Take<'de>, const K: u8> Take<'de> for Field<T, K> {
    fn object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut found = None;
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            if k == key(K) {
                found = map.next_value::<Maybe<T>>()?.0;
            } else {
                map.next_value::<Skip>()?;
            }
        }
        Ok(Some(Field(found)))
    }
}

/// The document: an object (anything else lists nothing).
impl<'de> Take<'de> for Listed<'de> {
    fn object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut l = Listed::default();
        while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
            match k.as_ref() {
                "records" => {
                    l.records = map
                        .next_value::<Maybe<Vec<Option<Ids<'de>>>>>()?
                        .0
                        .map(flat);
                }
                "rows" => {
                    l.rows = map
                        .next_value::<Maybe<Vec<Option<Cells<'de>>>>>()?
                        .0
                        .map(flat);
                }
                "recordIds" => {
                    l.record_ids = map.next_value::<Maybe<Strings<'de>>>()?.0;
                }
                "totalSize" => {
                    l.total_size = map.next_value::<Maybe<Count>>()?.0.map(|c| c.0);
                }
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(Some(l))
    }
}

/// A list's strings (`None`: an element that is not a string).
pub(super) type Strings<'a> = Vec<Option<Cow<'a, str>>>;
/// A `records[]` element's `Id`.
type Ids<'a> = Field<Cow<'a, str>, 0>;
/// A `rows[]` element's `datacells`.
type Cells<'a> = Field<Strings<'a>, 1>;

/// Each element's value under its key (`None`: not an object, or no such value).
fn flat<T, const K: u8>(v: Vec<Option<Field<T, K>>>) -> Vec<Option<T>> {
    v.into_iter().map(|f| f.and_then(|f| f.0)).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
    use super::super::{from_records, one, plausible};
    use ajar_model::sfid::SfId;
    use proptest::prelude::*;

    /// The reading through a `serde_json::Value` that this module replaced.
    fn reference(v: &str, out: &mut Vec<SfId>) -> bool {
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(v) else {
            return false;
        };
        let mut n = 0usize;
        if let Some(records) = doc.get("records").and_then(|r| r.as_array()) {
            for r in records {
                n += 1;
                if let Some(id) = r.get("Id").and_then(|i| i.as_str()).and_then(one) {
                    out.push(id);
                }
            }
        }
        if let Some(rows) = doc.get("rows").and_then(|r| r.as_array()) {
            for r in rows {
                n += 1;
                for cell in r
                    .get("datacells")
                    .and_then(|d| d.as_array())
                    .into_iter()
                    .flatten()
                {
                    if let Some(id) = cell.as_str().filter(|c| plausible(c)).and_then(one) {
                        out.push(id);
                    }
                }
            }
        }
        if let Some(ids) = doc.get("recordIds").and_then(|r| r.as_array()) {
            for i in ids {
                n += 1;
                if let Some(id) = i.as_str().and_then(one) {
                    out.push(id);
                }
            }
        }
        let total = doc
            .get("totalSize")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        n >= 1000 || total >= 1000
    }

    /// JSON text (keys may repeat) built from the keys and values a `Records` value holds.
    fn json() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("\"001000000000001AAA\"".to_owned()),
            Just("\"0010000000000\\u00302\"".to_owned()),
            Just("\"a0B5g00000XyZ12\"".to_owned()),
            Just("\"word\"".to_owned()),
            Just("1000".to_owned()),
            Just("999".to_owned()),
            Just("-1".to_owned()),
            Just("1e3".to_owned()),
            Just("18446744073709551616".to_owned()),
            Just("true".to_owned()),
            Just("null".to_owned()),
            // Values `Value` refuses: a lone surrogate, numbers out of range.
            Just("\"\\ud800\"".to_owned()),
            Just("1e400".to_owned()),
            Just(format!("1{}", "0".repeat(400))),
            // Nested past serde_json's depth limit of 128.
            Just(format!("{}{}", "[".repeat(130), "]".repeat(130))),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let key = prop_oneof![
                Just("records"),
                Just("rows"),
                Just("recordIds"),
                Just("totalSize"),
                Just("Id"),
                Just("datacells"),
                Just("x"),
            ];
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                proptest::collection::vec((key, inner), 0..6).prop_map(|v| {
                    let body: Vec<String> = v.iter().map(|(k, x)| format!("\"{k}\":{x}")).collect();
                    format!("{{{}}}", body.join(","))
                }),
            ]
        })
    }

    proptest! {
        /// The IDs and the cut are the `Value` reading's, whatever the document holds.
        #[test]
        fn reads_what_the_value_reading_read(text in json()) {
            let (mut got, mut want) = (Vec::new(), Vec::new());
            let cut = from_records(&text, &mut got);
            prop_assert_eq!(cut, reference(&text, &mut want));
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn the_three_shapes_and_their_cut() {
        let mut ids = Vec::new();
        let text = r#"{"totalSize":2,"records":[{"attributes":{"type":"Contact"},"Id":"003000000000001AAA"},{"Id":"003000000000002"}],
            "rows":[{"datacells":["x","001000000000003AAA"]}],"recordIds":["500000000000004AAA",7]}"#;
        assert!(!from_records(text, &mut ids));
        assert_eq!(ids.len(), 4);
        let many = format!("{{\"recordIds\":[{}]}}", vec!["1"; 1000].join(","));
        assert!(from_records(&many, &mut ids));
        assert!(from_records("{\"totalSize\":1000}", &mut ids));
        assert!(!from_records("{\"records\":[]} x", &mut ids));
        assert_eq!(ids.len(), 4);
        // A key given twice counts at its last place, as in a `serde_json::Value`.
        let twice = r#"{"records":[{"Id":"word","Id":"003000000000001AAA"}],"recordIds":["003000000000002AAA"],"recordIds":5}"#;
        let (mut got, mut want) = (Vec::new(), Vec::new());
        assert_eq!(from_records(twice, &mut got), reference(twice, &mut want));
        assert_eq!((got.len(), &got), (1, &want));
    }
}
