//! Record IDs, objects and Aura actions found in log values.

use ajar_model::org::is_api_name;
use ajar_model::sfid::SfId;
use std::collections::BTreeMap;

mod records_json;

/// Whether a 15/18-character alphanumeric token is a plausible record ID and not a word:
/// real IDs carry a run of digits (key prefix, pod, then a base-62 counter that starts with
/// zeros, formats.md §2.7); three digits rule out ordinary words of that length.
fn plausible(tok: &str) -> bool {
    (tok.len() == 15 || tok.len() == 18) && tok.bytes().filter(u8::is_ascii_digit).count() >= 3
}

/// Parses a value that should be one ID (`RECORD_ID`, `URI_ID_DERIVED`...). Invalid values
/// (fixtures hold placeholders) give `None` (formats.md §2.7: keep raw, do not guess).
pub fn one(v: &str) -> Option<SfId> {
    SfId::parse(v.trim()).ok()
}

/// The pieces of `text` between bytes that `sep` picks, as `str::split` with a pattern would
/// give them: a byte loop instead of decoding characters. With ASCII separators the pieces are
/// `str::split`'s; a `sep` that picks non-ASCII bytes makes each multi-byte character several
/// separators instead of one (more empty pieces, the same others). Runs on URIs and queries of
/// every event (issue #19).
fn split_ascii(text: &str, sep: impl Fn(u8) -> bool) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut bytes = text.bytes().enumerate();
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        for (i, b) in bytes.by_ref() {
            if sep(b) {
                // Between two bytes of one multi-byte character (both picked, as neither is
                // ASCII) the piece is empty, though not on character boundaries.
                let piece = text.get(start..i).unwrap_or_default();
                start = i + 1;
                return Some(piece);
            }
        }
        done = true;
        Some(text.get(start..).unwrap_or_default())
    })
}

/// Every plausible ID inside free text (a URI path, a query string, SOQL): tokens split at
/// anything that is not a letter or digit.
///
/// Runs on the URI and query of every event (issue #19): the bytes are classed 16 at a time
/// (letter or digit, or not: one bit each, through `wide`'s compares, as the CSV splitter
/// does), the runs' ends are read off the bits, and only runs of 15 or 18 are looked at.
pub fn scan(text: &str, out: &mut Vec<SfId>) {
    let mut start = 0;
    let mut end_run = |i: usize, start: &mut usize| {
        if matches!(i - *start, 15 | 18)
            && let Some(tok) = text.get(*start..i)
            && plausible(tok)
            && let Ok(id) = SfId::parse(tok)
        {
            out.push(id);
        }
        *start = i + 1;
    };
    let (blocks, tail) = text.as_bytes().as_chunks::<16>();
    for (k, block) in blocks.iter().enumerate() {
        let mut seps = !alnum_bits(block) & 0xffff;
        while seps != 0 {
            end_run(16 * k + seps.trailing_zeros() as usize, &mut start);
            seps &= seps - 1;
        }
    }
    // The last bytes one at a time (copied into a block of their own, they cost a call to
    // copy them).
    let at = 16 * blocks.len();
    for (k, b) in tail.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            end_run(at + k, &mut start);
        }
    }
    end_run(text.len(), &mut start);
}

/// The bits of the ASCII letters and digits of `block`, byte `i` at bit `i`: a byte is a
/// digit when it is at most 9 above `0` (wrapping below it), a letter when, lower-cased, it
/// is at most 25 above `a`.
fn alnum_bits(block: &[u8; 16]) -> u32 {
    use wide::u8x16;
    let v = u8x16::from(*block);
    let digit = v - u8x16::splat(b'0');
    let letter = (v | u8x16::splat(0x20)) - u8x16::splat(b'a');
    let is_digit = digit.min(u8x16::splat(9)).simd_eq(digit);
    let is_letter = letter.min(u8x16::splat(25)).simd_eq(letter);
    (is_digit | is_letter).to_bitmask()
}

/// IDs inside a `Records` value, a JSON document inside the field (formats.md §2.4):
/// `records[].Id` (ApiEvent), `rows[].datacells[]` (ListViewEvent, ReportEvent), `recordIds[]`
/// (Bulk). Returns whether the list was cut at 1000 rows (the event's limit), so the caller can
/// say that more records may have been read than are listed.
pub fn from_records(v: &str, out: &mut Vec<SfId>) -> bool {
    let Some(doc) = records_json::read(v) else {
        return false;
    };
    let mut n = 0usize;
    for id in doc.records.iter().flatten() {
        n += 1;
        out.extend(id.as_deref().and_then(one));
    }
    for cells in doc.rows.iter().flatten() {
        n += 1;
        for cell in cells.iter().flatten().flatten() {
            out.extend(Some(cell.as_ref()).filter(|c| plausible(c)).and_then(one));
        }
    }
    for id in doc.record_ids.iter().flatten() {
        n += 1;
        out.extend(id.as_deref().and_then(one));
    }
    n >= 1000 || doc.total_size.unwrap_or(0) >= 1000
}

/// The object a record ID belongs to: a standard prefix (formats.md §2.7) or one the org
/// defined (`--key-prefix`, learned from the export).
pub fn object_of(id: &SfId, custom: &BTreeMap<String, String>) -> Option<String> {
    object_name(id, custom).map(str::to_string)
}

/// [`object_of`], borrowed from `custom` or the standard prefixes.
pub fn object_name<'a>(id: &SfId, custom: &'a BTreeMap<String, String>) -> Option<&'a str> {
    let p = id.key_prefix();
    custom
        .get(p)
        .map(String::as_str)
        .or_else(|| ajar_model::sfid::standard_object(p))
}

/// Objects named in SOQL (`... FROM Contact ...`, case-insensitive). Words end at whitespace,
/// parentheses and commas; an ASCII query (nearly all) is split a byte at a time, the others a
/// character at a time (the query of every API row, split by characters, cost about 3,000
/// instructions, issue #19).
pub fn soql_objects(q: &str, out: &mut Vec<String>) {
    if q.is_ascii() {
        // In ASCII text, whitespace is the bytes 9 to 13 and the space: the words of
        // `soql_separator`.
        let words = split_ascii(q, |b| {
            matches!(b, b'\t'..=b'\r' | b' ' | b'(' | b')' | b',')
        });
        from_clauses(words, out);
    } else {
        from_clauses(q.split(soql_separator), out);
    }
}

/// Whether a character ends a SOQL word: whitespace, a parenthesis or a comma.
fn soql_separator(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || c == ','
}

/// The API names that follow a `FROM` among `words`.
fn from_clauses<'a>(mut words: impl Iterator<Item = &'a str>, out: &mut Vec<String>) {
    while let Some(w) = words.next() {
        if w.eq_ignore_ascii_case("from")
            && let Some(obj) = words.find(|w| !w.is_empty())
            && is_api_name(obj)
        {
            out.push(obj.to_string());
        }
    }
}

/// The object in a REST path `/services/data/vXX.X/sobjects/<Object>/...` or a Lightning path
/// `/lightning/r/<Object>/<id>/view`.
pub fn path_object(uri: &str, out: &mut Vec<String>) {
    let mut parts = split_ascii(uri, |b| b == b'/' || b == b'?');
    while let Some(p) = parts.next() {
        if (p == "sobjects" || p == "r" || p == "o")
            && let Some(obj) = parts.next().filter(|o| is_api_name(o) && !plausible(o))
        {
            out.push(obj.to_string());
        }
    }
}

/// Objects in a comma list (`QueriedEntities`, `ENTITY_NAME`).
pub fn list_objects(v: &str, out: &mut Vec<String>) {
    // One name alone, as most API rows log (no comma, bracket, quote or space in it): the
    // split below would give it back unchanged.
    if is_api_name(v) {
        out.push(v.to_string());
        return;
    }
    // A JSON-looking list (`["Account","Contact"]`) gives the same names as a comma list.
    let names = v
        .split(',')
        .map(|o| o.trim_matches(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | '"')));
    for o in names.filter(|o| is_api_name(o)) {
        out.push(o.to_string());
    }
}

/// Aura descriptors of an `ACTION_MESSAGE`: `;`-separated `<n>$<descriptor>=<ms>` segments in
/// any order (formats.md §2.3). A segment that does not have that shape is kept verbatim.
/// Written over `out` (which ends up holding exactly the descriptors), reusing its strings:
/// most Aura rows carry a few actions, and a list and a string each allocated per row showed
/// in a hunt over every principal (issue #19).
pub fn aura_actions(v: &str, out: &mut Vec<String>) {
    let mut n = 0;
    for seg in v.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let parsed = seg.split_once('$').and_then(|(n, rest)| {
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (desc, ms) = rest.rsplit_once('=')?;
            (!desc.is_empty() && !ms.is_empty() && ms.bytes().all(|b| b.is_ascii_digit()))
                .then_some(desc)
        });
        let action = parsed.unwrap_or(seg);
        match out.get_mut(n) {
            Some(s) => {
                s.clear();
                s.push_str(action);
            }
            None => out.push(action.to_string()),
        }
        n += 1;
    }
    out.truncate(n);
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte split gives what `str::split` gives, multi-byte characters included.
        #[test]
        fn split_ascii_is_str_split(text in "[a-zA-Z0-9/?é€ _.-]{0,40}") {
            let by_bytes: Vec<&str> = split_ascii(&text, |b| b == b'/' || b == b'?').collect();
            let by_chars: Vec<&str> = text.split(['/', '?']).collect();
            proptest::prop_assert_eq!(by_bytes, by_chars);
            // A multi-byte character is one separator for `str::split`, one per byte here:
            // only the empty pieces differ, and no caller uses those.
            let by_bytes: Vec<&str> = split_ascii(&text, |b| !b.is_ascii_alphanumeric())
                .filter(|p| !p.is_empty())
                .collect();
            let by_chars: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|p| !p.is_empty())
                .collect();
            proptest::prop_assert_eq!(by_bytes, by_chars);
        }
    }

    proptest::proptest! {
        /// The one-pass scan finds what the split into tokens finds, in the same order.
        #[test]
        fn scan_is_the_token_split(
            text in "([a-zA-Z0-9]{0,20}[/?=&.é, _-]){0,8}[a-zA-Z0-9]{0,20}",
            id in "[a-zA-Z0-9]{0,4}0{3}[a-zA-Z0-9]{12}",
            at in 0usize..80,
        ) {
            // An ID-shaped run (15 or 18 characters with its digits) put somewhere inside.
            let mut text = text;
            let at = (0..=at.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            text.insert_str(at, &id);
            let mut got = Vec::new();
            scan(&text, &mut got);
            let want: Vec<SfId> = split_ascii(&text, |b| !b.is_ascii_alphanumeric())
                .filter(|t| plausible(t))
                .filter_map(|t| SfId::parse(t).ok())
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn alnum_bits_are_is_ascii_alphanumeric() {
        // Every byte value, at every place of a block.
        for b in 0..=255u8 {
            for at in 0..16 {
                let mut block = [b'-'; 16];
                block[at] = b;
                let want = if b.is_ascii_alphanumeric() {
                    1 << at
                } else {
                    0
                };
                assert_eq!(alnum_bits(&block), want, "byte {b} at {at}");
            }
        }
    }

    #[test]
    fn fifteen_and_eighteen_are_one_record() {
        // Trap 24.
        let mut v = Vec::new();
        scan("/s/detail/a0B5g00000XyZab", &mut v);
        scan(
            "/services/data/v49.0/sobjects/X__c/a0B5g00000XyZabEAF",
            &mut v,
        );
        v.sort();
        v.dedup();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].as_15(), "a0B5g00000XyZab");
        assert_eq!(
            one("a0b5g00000xyzabeaf"),
            Some(v[0]),
            "a lower-cased 18-char ID is repaired"
        );
    }

    #[test]
    fn words_are_not_ids() {
        let mut v = Vec::new();
        scan(
            "/apex/RecordUiController/ACTION$getRecordWithFields?id=001000000000001",
            &mut v,
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].key_prefix(), "001");
    }

    #[test]
    fn records_shapes() {
        // Trap 26: both shapes, and 1000 rows means the list was cut.
        let mut v = Vec::new();
        let api = r#"{"totalSize":2,"records":[{"attributes":{"type":"Account"},"Id":"0015g00000AbCdE"}]}"#;
        assert!(!from_records(api, &mut v));
        let lv = r#"{"totalSize":1,"rows":[{"datacells":["0035g00000XyZ12","Some Name"]}]}"#;
        assert!(!from_records(lv, &mut v));
        assert_eq!(v.len(), 2);
        let cut = format!(
            r#"{{"totalSize":1000,"records":[{}]}}"#,
            vec![r#"{"Id":"0015g00000AbCdE"}"#; 1000].join(",")
        );
        assert!(from_records(&cut, &mut Vec::new()));
    }

    #[test]
    fn soql_and_paths() {
        let mut o = Vec::new();
        soql_objects(
            "SELECT Id, (SELECT Id FROM Contacts) FROM Account WHERE Id = :id",
            &mut o,
        );
        path_object(
            "/services/data/v49.0/sobjects/Balance_Transfer_Application__c/a0B5g00000XyZab",
            &mut o,
        );
        path_object("/lightning/r/Account/001300000000000000/view", &mut o);
        assert_eq!(
            o,
            [
                "Contacts",
                "Account",
                "Balance_Transfer_Application__c",
                "Account"
            ]
        );
    }

    #[test]
    fn soql_words_end_at_any_whitespace() {
        // Unicode whitespace separates words; in ASCII, a vertical tab and a form feed do too.
        let mut o = Vec::new();
        soql_objects("SELECT Id FROM\u{3000}Lead", &mut o);
        soql_objects("SELECT Id\x0bfrom\x0cCase,Contact", &mut o);
        assert_eq!(o, ["Lead", "Case"]);
    }

    proptest::proptest! {
        /// An ASCII query split by bytes gives the objects of its split by characters.
        #[test]
        fn ascii_queries_split_as_characters_do(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "from", "FROM", "From", "Account", "Contact__c", "(", ")", ",", " ", "\t",
                    "\n", "\x0b", "\x0c", "\r", "SELECT", "1bad", "x",
                ]),
                0..24,
            )
        ) {
            let q = words.concat();
            let mut bytes = Vec::new();
            soql_objects(&q, &mut bytes);
            let mut chars = Vec::new();
            from_clauses(q.split(soql_separator), &mut chars);
            proptest::prop_assert_eq!(bytes, chars);
        }
    }

    #[test]
    fn aura_segments() {
        // Written over a longer list: it ends with the three actions alone.
        let mut a = vec!["x".to_string(); 5];
        aura_actions(
            "7$serviceComponent://ui.x.Ctrl/ACTION$getA=1;5$aura://RecordUiController/ACTION$getRecordWithFields=1693;garbage",
            &mut a,
        );
        assert_eq!(
            a,
            [
                "serviceComponent://ui.x.Ctrl/ACTION$getA",
                "aura://RecordUiController/ACTION$getRecordWithFields",
                "garbage"
            ]
        );
    }
}
