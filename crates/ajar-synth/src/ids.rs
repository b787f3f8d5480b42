//! Salesforce IDs: key prefix, pod, reserved character, base-62 counter (formats.md §2.7).

use ajar_model::sfid::SfId;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The org's pod characters (positions 4–5 of every ID it mints).
pub(crate) const POD: &str = "7F";

/// The 15-character ID of counter `n` under `prefix`.
pub(crate) fn id15(prefix: &str, n: u64) -> [u8; 15] {
    let mut out = [b'0'; 15];
    for (slot, b) in out.iter_mut().zip(prefix.bytes().chain(POD.bytes())) {
        *slot = b;
    }
    // Positions 6..15 (nine characters) hold the counter, most significant first.
    let mut v = n;
    for slot in out.iter_mut().skip(6).rev() {
        *slot = BASE62.get((v % 62) as usize).copied().unwrap_or(b'0');
        v /= 62;
    }
    out
}

/// The 18-character form of a 15-character ID.
pub(crate) fn to18(id: &[u8; 15]) -> [u8; 18] {
    let mut out = [0u8; 18];
    out.copy_from_slice(SfId::from15(id).as_str().as_bytes());
    out
}

/// An ID as text.
pub(crate) fn text(id: &[u8]) -> String {
    String::from_utf8_lossy(id).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_valid_and_ordered() {
        let a = id15("a0B", 1_000);
        let b = id15("a0B", 1_001);
        assert!(a < b);
        assert_eq!(&a[..6], b"a0B7F0");
        let s = text(&to18(&a));
        assert_eq!(SfId::parse(&s).unwrap().as_15(), text(&a));
    }
}
