//! Telling persons apart across records and objects by normalised keys.
//!
//! Keys (formats.md §2.8: "report persons (state the dedup key) and records separately"):
//! `email` (trimmed, lower-case), `name+phone` (name without spaces, lower-case, with the phone
//! in E.164) and `phone` alone when a record has no name. Records sharing any key are one
//! person. A record with none of them is a person of its own.

use std::collections::BTreeSet;

/// The contact data of one record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    /// Name as exported (parts joined with a space).
    pub name: Option<String>,
    /// E-mail as exported.
    pub email: Option<String>,
    /// Phone as exported.
    pub phone: Option<String>,
    /// Country from an address field.
    pub country: Option<String>,
    /// Whether a postal address field (other than the country) holds a value.
    pub postal: bool,
}

/// Country calling codes ajar recognises, longest first where they share a prefix.
const CALLING_CODES: &[(&str, &str)] = &[
    ("1", "US"),
    ("30", "GR"),
    ("31", "NL"),
    ("32", "BE"),
    ("33", "FR"),
    ("34", "ES"),
    ("351", "PT"),
    ("352", "LU"),
    ("353", "IE"),
    ("354", "IS"),
    ("356", "MT"),
    ("357", "CY"),
    ("358", "FI"),
    ("359", "BG"),
    ("36", "HU"),
    ("370", "LT"),
    ("371", "LV"),
    ("372", "EE"),
    ("385", "HR"),
    ("386", "SI"),
    ("39", "IT"),
    ("40", "RO"),
    ("41", "CH"),
    ("420", "CZ"),
    ("421", "SK"),
    ("423", "LI"),
    ("43", "AT"),
    ("44", "GB"),
    ("45", "DK"),
    ("46", "SE"),
    ("47", "NO"),
    ("48", "PL"),
    ("49", "DE"),
    ("61", "AU"),
    ("65", "SG"),
    ("81", "JP"),
    ("82", "KR"),
    ("852", "HK"),
    ("86", "CN"),
    ("886", "TW"),
];

fn calling_code(country: &str) -> Option<&'static str> {
    CALLING_CODES
        .iter()
        .find(|(_, c)| c.eq_ignore_ascii_case(country))
        .map(|(code, _)| *code)
}

/// The country of an E.164 number, when ajar knows its calling code.
pub fn phone_country(e164: &str) -> Option<&'static str> {
    let digits = e164.strip_prefix('+')?;
    CALLING_CODES
        .iter()
        .filter(|(code, _)| digits.starts_with(code))
        .max_by_key(|(code, _)| code.len())
        .map(|(_, c)| *c)
}

/// A phone number in E.164, national numbers taken in `home` (ISO country).
pub fn e164(raw: &str, home: &str) -> Option<String> {
    // Called for each exposed record's phone in both walks: one buffer of the right size, and
    // the result put together without the formatter (issue #19).
    let mut digits = String::with_capacity(raw.len());
    let mut plus = false;
    for c in raw.trim().chars() {
        match c {
            '+' | '＋' if digits.is_empty() => plus = true,
            '0'..='9' => digits.push(c),
            // Full-width digits, common in Japanese input.
            '０'..='９' => digits.extend(char::from_u32(u32::from(c) - 0xFF10 + u32::from('0'))),
            _ => {}
        }
    }
    if digits.len() < 7 {
        return None;
    }
    let joined = |head: &str, tail: &str| {
        let mut out = String::with_capacity(1 + head.len() + tail.len());
        out.push('+');
        out.push_str(head);
        out.push_str(tail);
        out
    };
    if plus {
        return Some(joined("", &digits));
    }
    if let Some(intl) = digits.strip_prefix("00") {
        return Some(joined("", intl));
    }
    let code = calling_code(home)?;
    // A trunk prefix `0` is dropped (JP `090-…` → `+8190…`); NANP numbers have none.
    let national = digits.strip_prefix('0').unwrap_or(&digits);
    Some(joined(code, national))
}

fn norm_name(s: &str) -> Option<String> {
    let n: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '・')
        .flat_map(char::to_lowercase)
        .collect();
    (!n.is_empty()).then_some(n)
}

fn norm_email(s: &str) -> Option<String> {
    let e = s.trim().to_lowercase();
    e.contains('@').then_some(e)
}

/// The result of deduplication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dedup {
    /// Person index (0-based, in order of first appearance) of each contact.
    pub person_of: Vec<usize>,
    /// Number of persons.
    pub persons: usize,
    /// Keys that were used at least once, sorted.
    pub keys: Vec<String>,
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while let Some(&p) = parent.get(i) {
        if p == i {
            break;
        }
        let gp = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = gp;
        }
        i = p;
    }
    i
}

/// Deduplicates contacts (phones read in `home`).
pub fn dedup(contacts: &[Contact], home: &str) -> Dedup {
    let mut d = Deduper::new(home);
    for c in contacts {
        d.push(c);
    }
    d.finish()
}

/// A key's kind and its normalised text hashed to 128 bits: a person's keys are held as fixed
/// size hashes, not strings (issue #19: millions of records), two `u64`s so that a map entry
/// with its record is 24 bytes. Two keys share a hash with a probability of about n² / 2¹²⁹,
/// nil for any export.
type KeyHash = [u64; 2];

fn key_hash(kind: u8, text: &str) -> KeyHash {
    use std::hash::BuildHasher;
    let a = foldhash::quality::FixedState::with_seed(0x6a61_7221_9e37_79b9).hash_one((kind, text));
    let b = foldhash::quality::FixedState::with_seed(0x7065_7273_6f6e_7321).hash_one((kind, text));
    [a, b]
}

/// [`dedup`] one contact at a time, so the caller need not hold every contact. Each key's hash
/// is kept with its contact in one vector, sorted and joined at [`Deduper::finish`]: 24 bytes a
/// key, no hash table (issue #19).
#[derive(Debug)]
pub struct Deduper<'h> {
    home: &'h str,
    count: usize,
    keys: Vec<(KeyHash, usize)>,
    used: BTreeSet<&'static str>,
}

impl<'h> Deduper<'h> {
    /// An empty deduplication, phones read in `home`.
    pub fn new(home: &'h str) -> Self {
        Self::with_capacity(home, 0)
    }

    /// [`Deduper::new`] with room for the keys of `contacts` contacts (two at most each), so
    /// that the keys are never copied to grow.
    pub fn with_capacity(home: &'h str, contacts: usize) -> Self {
        Self {
            home,
            count: 0,
            keys: Vec::with_capacity(contacts.saturating_mul(2)),
            used: BTreeSet::new(),
        }
    }

    /// Adds the next contact.
    pub fn push(&mut self, c: &Contact) {
        let i = self.count;
        self.count += 1;
        let phone = c.phone.as_deref().and_then(|p| e164(p, self.home));
        let name = c.name.as_deref().and_then(norm_name);
        if let Some(e) = c.email.as_deref().and_then(norm_email) {
            self.used.insert("email");
            self.keys.push((key_hash(0, &e), i));
        }
        match (&name, &phone) {
            (Some(n), Some(p)) => {
                self.used.insert("name+phone_e164");
                self.keys.push((key_hash(1, &format!("{n}|{p}")), i));
            }
            (None, Some(p)) => {
                self.used.insert("phone_e164");
                self.keys.push((key_hash(2, p), i));
            }
            _ => {}
        }
    }

    /// Each contact's person, in order of first appearance: contacts sharing a key are one
    /// person, and a person's lowest contact is its root, so persons are numbered as their first
    /// contacts come.
    pub fn finish(self) -> Dedup {
        let Self {
            count,
            mut keys,
            used,
            ..
        } = self;
        keys.sort_unstable();
        let mut parent: Vec<usize> = (0..count).collect();
        for pair in keys.windows(2) {
            if let [(k1, i), (k2, j)] = pair
                && k1 == k2
            {
                let (a, b) = (find(&mut parent, *i), find(&mut parent, *j));
                if a != b {
                    let (lo, hi) = (a.min(b), a.max(b));
                    if let Some(slot) = parent.get_mut(hi) {
                        *slot = lo;
                    }
                }
            }
        }
        drop(keys);
        let mut persons = 0;
        let mut person_of: Vec<usize> = Vec::with_capacity(count);
        for i in 0..count {
            // The root is the lowest contact of its person: numbered when it came, at `root`.
            let root = find(&mut parent, i);
            let p = match person_of.get(root) {
                Some(&p) if root < i => p,
                _ => {
                    persons += 1;
                    persons - 1
                }
            };
            person_of.push(p);
        }
        Dedup {
            person_of,
            persons,
            keys: used.into_iter().map(str::to_owned).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: Option<&str>, email: Option<&str>, phone: Option<&str>) -> Contact {
        Contact {
            name: name.map(Into::into),
            email: email.map(Into::into),
            phone: phone.map(Into::into),
            country: None,
            postal: false,
        }
    }

    #[test]
    fn e164_normalises_japanese_and_international_forms() {
        assert_eq!(
            e164("090-1234-5678", "JP").as_deref(),
            Some("+819012345678")
        );
        assert_eq!(
            e164("０９０１２３４５６７８", "JP").as_deref(),
            Some("+819012345678")
        );
        assert_eq!(
            e164("+81 90 1234 5678", "JP").as_deref(),
            Some("+819012345678")
        );
        assert_eq!(e164("0049 30 123456", "JP").as_deref(), Some("+4930123456"));
        assert_eq!(e164("12", "JP"), None);
        assert_eq!(phone_country("+4930123456"), Some("DE"));
        assert_eq!(phone_country("+358401234567"), Some("FI"));
        assert_eq!(phone_country("+819012345678"), Some("JP"));
    }

    #[test]
    fn same_name_and_phone_in_other_formats_is_one_person() {
        let d = dedup(
            &[
                c(Some("山田 太郎"), None, Some("090-1234-5678")),
                c(Some("山田　太郎"), None, Some("09012345678")),
                c(Some("山田 花子"), None, Some("090-1234-5678")),
            ],
            "JP",
        );
        assert_eq!(d.person_of, vec![0, 0, 1]);
        assert_eq!(d.persons, 2);
        assert_eq!(d.keys, vec!["name+phone_e164"]);
    }

    #[test]
    fn email_links_records_across_objects_and_chains() {
        let d = dedup(
            &[
                c(Some("A"), Some("a@x.example"), None),
                c(Some("B"), None, Some("0311112222")),
                c(Some("A"), Some("A@X.example "), Some("0322223333")),
                c(Some("A"), None, Some("03-2222-3333")),
                c(None, None, None),
            ],
            "JP",
        );
        assert_eq!(d.person_of, vec![0, 1, 0, 0, 2]);
        assert_eq!(d.keys, vec!["email", "name+phone_e164"]);
    }
}
