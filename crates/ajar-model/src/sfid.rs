//! Salesforce record IDs: 15-character case-sensitive and 18-character checksummed forms.
//!
//! The 18-character form appends three checksum characters, one per 5-character chunk: bit `i`
//! is set when character `i` of the chunk is an upper-case letter, and the 5-bit value indexes
//! `ABCDEFGHIJKLMNOPQRSTUVWXYZ012345` (Salesforce, "What is a Salesforce ID", formats.md §2.7).

use ascii::{AsciiChar, AsciiStr};
use serde::{Deserialize, Serialize};

const SUFFIX: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// A validated Salesforce ID, always held in its 18-character form. Ordered by its bytes.
///
/// Held as ASCII characters, so that it is a `str` without a check: the check of 18 bytes as
/// UTF-8 ran wherever an ID was read as text (its user column, its record column), about 1 %
/// of a hunt over every principal with `--emit parquet` (issue #19).
#[derive(Debug, Clone, Copy)]
pub struct SfId([AsciiChar; 18]);

impl SfId {
    /// The 18 bytes.
    fn bytes(&self) -> [u8; 18] {
        self.0.map(AsciiChar::as_byte)
    }

    /// The bytes as two numbers, in the machine's order: equal exactly when the IDs are.
    fn words(&self) -> (u128, u16) {
        let [head @ .., a, b] = self.bytes();
        (u128::from_ne_bytes(head), u16::from_ne_bytes([a, b]))
    }
}

// Equality and hashing through two numbers: the derived ones compared the 18 bytes through a
// call to `memcmp` and hashed them as a slice, in the hunt's maps of records (a look-up for
// each record of each row and task), issue #19.
impl PartialEq for SfId {
    fn eq(&self, other: &Self) -> bool {
        self.words() == other.words()
    }
}

impl Eq for SfId {}

impl std::hash::Hash for SfId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let (head, tail) = self.words();
        state.write_u128(head);
        state.write_u16(tail);
    }
}

impl SfId {
    /// The bytes as two numbers, most significant first: compared, they order IDs as their
    /// bytes do, so they sort IDs as [`Ord`] does. (The derived order compared the bytes
    /// through a call to `memcmp`, a fair part of sorting the records of a large hunt, issue
    /// #19; a sort keyed by this pair compares two numbers instead of building them each time.)
    pub fn order_key(&self) -> (u128, u16) {
        let [head @ .., a, b] = self.bytes();
        (u128::from_be_bytes(head), u16::from_be_bytes([a, b]))
    }
}

impl Ord for SfId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order_key().cmp(&other.order_key())
    }
}

impl PartialOrd for SfId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Why a string is not a Salesforce ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SfIdError {
    /// Not 15 or 18 characters.
    Length(usize),
    /// A character outside `[0-9A-Za-z]`.
    Character,
    /// The 18-character form's suffix does not match its first 15 characters, even after
    /// repairing the case.
    Checksum,
}

impl std::fmt::Display for SfIdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Length(n) => write!(f, "an ID has 15 or 18 characters, not {n}"),
            Self::Character => write!(f, "an ID holds only letters and digits"),
            Self::Checksum => write!(f, "the ID's checksum does not match"),
        }
    }
}

impl std::error::Error for SfIdError {}

fn checksum(id15: &[u8; 15]) -> [u8; 3] {
    let mut out = [b'A'; 3];
    for (chunk, slot) in id15.chunks(5).zip(out.iter_mut()) {
        let mut bits = 0usize;
        for (i, c) in chunk.iter().enumerate() {
            if c.is_ascii_uppercase() {
                bits |= 1 << i;
            }
        }
        // INVARIANT: five bits index at most 31 into a 32-entry table.
        *slot = SUFFIX.get(bits).copied().unwrap_or(b'A');
    }
    out
}

impl SfId {
    /// Parses a 15- or 18-character ID. An 18-character ID whose case was lost (lower-cased by
    /// a tool) is repaired from its checksum.
    pub fn parse(s: &str) -> Result<Self, SfIdError> {
        let b = s.as_bytes();
        // A fold without an early exit: wide compares over the whole ID (one per log row).
        if !b.iter().fold(true, |ok, c| ok & c.is_ascii_alphanumeric()) {
            return Err(SfIdError::Character);
        }
        let mut id15 = [0u8; 15];
        match b.len() {
            15 => {
                id15.copy_from_slice(b);
                Ok(Self::from15(&id15))
            }
            18 => {
                let (head, tail) = b.split_at(15);
                id15.copy_from_slice(head);
                let want: [u8; 3] = [
                    tail.first().copied().unwrap_or(0).to_ascii_uppercase(),
                    tail.get(1).copied().unwrap_or(0).to_ascii_uppercase(),
                    tail.get(2).copied().unwrap_or(0).to_ascii_uppercase(),
                ];
                if checksum(&id15) == want {
                    // The checksum just computed is the suffix: not computed again.
                    return Ok(Self::joined(&id15, &want));
                }
                // Repair: the suffix says which letters were upper case.
                let mut repaired = id15;
                for (chunk_no, sc) in want.iter().enumerate() {
                    let Some(bits) = SUFFIX.iter().position(|c| c == sc) else {
                        return Err(SfIdError::Checksum);
                    };
                    for i in 0..5 {
                        if let Some(c) = repaired.get_mut(chunk_no * 5 + i) {
                            if bits & (1 << i) != 0 {
                                *c = c.to_ascii_uppercase();
                            } else {
                                *c = c.to_ascii_lowercase();
                            }
                        }
                    }
                }
                if checksum(&repaired) == want && repaired.eq_ignore_ascii_case(&id15) {
                    Ok(Self::from15(&repaired))
                } else {
                    Err(SfIdError::Checksum)
                }
            }
            n => Err(SfIdError::Length(n)),
        }
    }

    /// Builds the 18-character form of a 15-character ID.
    pub fn from15(id15: &[u8; 15]) -> Self {
        Self::joined(id15, &checksum(id15))
    }

    /// The ID of `id15` and its checksum `suffix`.
    fn joined(id15: &[u8; 15], suffix: &[u8; 3]) -> Self {
        let mut out = [0u8; 18];
        let (head, tail) = out.split_at_mut(15);
        head.copy_from_slice(id15);
        tail.copy_from_slice(suffix);
        // INVARIANT: built only from ASCII letters and digits (checked by `parse`, made by
        // `from_packed` and the checksum), so no byte becomes the fallback.
        Self(out.map(|b| AsciiChar::from_ascii(b).unwrap_or(AsciiChar::Null)))
    }

    /// The 18-character form.
    pub fn as_str(&self) -> &str {
        <&AsciiStr>::from(self.0.as_slice()).as_str()
    }

    /// The case-sensitive 15-character form.
    pub fn as_15(&self) -> &str {
        self.as_str().get(..15).unwrap_or("")
    }

    /// The 3-character key prefix that names the object (`001` Account, `a0X` a custom object).
    pub fn key_prefix(&self) -> &str {
        // This runs for every record of an event: the first three characters, no check.
        self.0
            .first_chunk::<3>()
            .map_or("", |p| <&AsciiStr>::from(p.as_slice()).as_str())
    }

    /// The ID in 12 bytes, losslessly: the 15 case-sensitive characters as a base-62 number
    /// (62^15 < 2^90). Two IDs are equal exactly when their packed forms are (the 18-character
    /// form's suffix follows from the first 15), so a set of millions of IDs can be checked for
    /// repeats in 12 bytes each, without hashing (issue #19).
    pub fn packed(&self) -> [u8; 12] {
        let mut n: u128 = 0;
        for ch in self.0.iter().take(15).rev().map(|ch| ch.as_byte()) {
            let digit = match ch {
                b'0'..=b'9' => ch - b'0',
                b'A'..=b'Z' => ch - b'A' + 10,
                _ => ch.wrapping_sub(b'a').wrapping_add(36),
            };
            n = n * 62 + u128::from(digit);
        }
        let mut out = [0u8; 12];
        for (o, b) in out.iter_mut().zip(n.to_le_bytes()) {
            *o = b;
        }
        out
    }

    /// The ID whose [`SfId::packed`] form is `packed`.
    pub fn from_packed(packed: [u8; 12]) -> Self {
        let mut bytes = [0u8; 16];
        for (b, p) in bytes.iter_mut().zip(packed) {
            *b = p;
        }
        let mut n = u128::from_le_bytes(bytes);
        let mut id15 = [0u8; 15];
        for c in &mut id15 {
            // `n % 62` is below 62.
            let digit = (n % 62) as u8;
            n /= 62;
            *c = match digit {
                0..=9 => b'0' + digit,
                10..=35 => b'A' + digit - 10,
                _ => b'a' + digit - 36,
            };
        }
        Self::from15(&id15)
    }
}

impl std::fmt::Display for SfId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for SfId {
    type Err = SfIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for SfId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SfId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The standard objects' key prefixes (formats.md §2.7). Custom prefixes are per org and are
/// learned from the export or metadata.
pub const STANDARD_PREFIXES: &[(&str, &str)] = &[
    ("001", "Account"),
    ("003", "Contact"),
    ("005", "User"),
    ("006", "Opportunity"),
    ("00B", "ListView"),
    ("00D", "Organization"),
    ("00G", "Group"),
    ("00O", "Report"),
    ("00P", "Attachment"),
    ("00Q", "Lead"),
    ("00T", "Task"),
    ("00U", "Event"),
    ("00e", "Profile"),
    ("012", "RecordType"),
    ("015", "Document"),
    ("068", "ContentVersion"),
    ("069", "ContentDocument"),
    ("0AT", "EventLogFile"),
    ("0Ym", "SetupAuditTrail"),
    ("500", "Case"),
    ("701", "Campaign"),
    ("800", "Contract"),
    ("801", "Order"),
];

/// The standard object for a key prefix, if it is one. A binary search of
/// [`STANDARD_PREFIXES`], which is sorted (a test checks it): this runs for the records of
/// every event, and a custom object's prefix went through the whole list (issue #19). The
/// thread's last answer is kept: an event's records mostly share one prefix, and the search's
/// turns were mispredicted branches, about 1 % of a hunt over every principal (issue #19).
pub fn standard_object(prefix: &str) -> Option<&'static str> {
    // Three bytes as one number, in the same order as the text (a string compare calls
    // `memcmp`, which costs more than the search).
    fn key(p: &str) -> Option<u32> {
        match *p.as_bytes() {
            [a, b, c] => Some(u32::from_be_bytes([0, a, b, c])),
            _ => None,
        }
    }
    thread_local! {
        /// The last prefix looked up (`u32::MAX`, never three bytes: none) and its answer.
        static LAST: std::cell::Cell<(u32, Option<&'static str>)> =
            const { std::cell::Cell::new((u32::MAX, None)) };
    }
    let k = key(prefix)?;
    if let Ok((last, answer)) = LAST.try_with(std::cell::Cell::get)
        && last == k
    {
        return answer;
    }
    let answer = STANDARD_PREFIXES
        .binary_search_by(|(p, _)| key(p).cmp(&Some(k)))
        .ok()
        .and_then(|i| STANDARD_PREFIXES.get(i))
        .map(|(_, o)| *o);
    let _ = LAST.try_with(|l| l.set((k, answer)));
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// IDs order as their bytes do.
        #[test]
        fn order_is_the_bytes_order(
            a in "[0-9A-Za-z]{15}",
            b in "[0-9A-Za-z]{15}",
            keep in 0usize..15,
        ) {
            // Often sharing a prefix, so that late bytes decide.
            let b = format!("{}{}", &a[..keep], &b[keep..]);
            let (x, y) = (SfId::parse(&a).unwrap(), SfId::parse(&b).unwrap());
            proptest::prop_assert_eq!(x.cmp(&y), x.0.cmp(&y.0));
            proptest::prop_assert_eq!(x.cmp(&x), std::cmp::Ordering::Equal);
            // Equal exactly when the bytes are, and hashed alike when equal.
            proptest::prop_assert_eq!(x == y, x.0 == y.0);
            let hash = |id: &SfId| std::hash::BuildHasher::hash_one(
                &std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default(), id);
            proptest::prop_assert_eq!(hash(&x), hash(&SfId::parse(x.as_str()).unwrap()));
        }
    }

    #[test]
    fn standard_prefixes_are_sorted_and_found() {
        assert!(
            STANDARD_PREFIXES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, without repeats: standard_object searches by halves"
        );
        assert!(STANDARD_PREFIXES.iter().all(|(p, _)| p.len() == 3));
        for (p, o) in STANDARD_PREFIXES {
            assert_eq!(standard_object(p), Some(*o));
        }
        for p in ["a0B", "000", "zzz", "", "0011", "00b"] {
            assert_eq!(standard_object(p), None, "{p}");
        }
        // The same prefix twice, then another: the kept answer is the prefix's own.
        for p in ["001", "001", "a0B", "a0B", "003", "zzz", "003"] {
            let want = STANDARD_PREFIXES
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, o)| *o);
            assert_eq!(standard_object(p), want, "{p}");
        }
    }

    #[test]
    fn packed_ids_unpack_to_themselves() {
        for s in [
            "0055j000000utlP",
            "a0B7F0000001gJnUAI",
            "zzzzzzzzzzzzzzz",
            "000000000000000",
        ] {
            let id = SfId::parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
            assert_eq!(SfId::from_packed(id.packed()), id, "{s}");
        }
    }

    #[test]
    fn packed_ids_differ_exactly_when_ids_do() {
        let ids = [
            "0055j000000utlP",
            "0055j000000utlp",
            "0055J000000utlP",
            "zzzzzzzzzzzzzzz",
            "000000000000000",
            "ZZZZZZZZZZZZZZZ",
            "a0B5g000001AbCd",
        ];
        let parsed: Vec<SfId> = ids.iter().map(|s| SfId::parse(s).unwrap()).collect();
        for a in &parsed {
            for b in &parsed {
                assert_eq!(a == b, a.packed() == b.packed(), "{a} {b}");
            }
        }
        assert_eq!(SfId::parse("000000000000000").unwrap().packed(), [0; 12]);
        // 62^15 - 1 needs 90 bits: the top 6 bits of the 12 bytes stay clear.
        let top = SfId::parse("zzzzzzzzzzzzzzz").unwrap().packed();
        assert_eq!(top[11] & 0xfc, 0);
        assert_ne!(top[11], 0);
    }

    #[test]
    fn documented_example() {
        assert_eq!(
            SfId::parse("0055j000000utlP").unwrap().as_str(),
            "0055j000000utlPAAQ"
        );
    }

    #[test]
    fn fifteen_and_eighteen_join() {
        let a = SfId::parse("0055j000000utlP").unwrap();
        let b = SfId::parse("0055j000000utlPAAQ").unwrap();
        assert_eq!(a, b);
        assert_eq!(b.as_15(), "0055j000000utlP");
        assert_eq!(b.key_prefix(), "005");
    }

    #[test]
    fn lower_cased_eighteen_is_repaired() {
        let a = SfId::parse("0055j000000utlpaaq");
        // `p` was upper case: the suffix says so, the repair restores it.
        assert_eq!(a.unwrap().as_str(), "0055j000000utlPAAQ");
    }

    #[test]
    fn bad_lengths_and_characters() {
        assert_eq!(SfId::parse("0055j000000utl"), Err(SfIdError::Length(14)));
        assert_eq!(SfId::parse("0055j000000utlPA"), Err(SfIdError::Length(16)));
        assert_eq!(
            SfId::parse("0055j000000utlPAAQX"),
            Err(SfIdError::Length(19))
        );
        assert_eq!(SfId::parse("0055j000000utl-"), Err(SfIdError::Character));
        assert_eq!(SfId::parse("0055j000000utlP999"), Err(SfIdError::Checksum));
    }

    proptest::proptest! {
        #[test]
        fn any_fifteen_round_trips(s in "[0-9A-Za-z]{15}") {
            let id = SfId::parse(&s).unwrap();
            proptest::prop_assert_eq!(id.as_15(), s.as_str());
            let again = SfId::parse(id.as_str()).unwrap();
            proptest::prop_assert_eq!(again, id);
            let lower = SfId::parse(&id.as_str().to_ascii_lowercase()).unwrap();
            proptest::prop_assert_eq!(lower, id);
        }

        #[test]
        fn arbitrary_strings_never_panic(s in ".{0,40}") {
            let _ = SfId::parse(&s);
        }
    }
}
