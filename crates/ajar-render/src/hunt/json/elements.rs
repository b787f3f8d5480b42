//! The elements of the report's two long arrays, `accessed` and `ips`, written by hand: the
//! same bytes as serde_json's pretty printer one level deep, at a fraction of its cost (a
//! generic serialiser took about 9,000 instructions an element, most of the JSON writer's
//! time on a hunt over every principal, issue #19). `split_bytes_are_the_serial_bytes` and
//! `hand_written_elements_match_serde` compare them with the serde output.

use super::numbers::{Times, count};
use crate::ip::IpTexts;
use ajar_model::event::{AccessedRecord, IpSummary};

/// `s` as a JSON string, escaped as serde_json escapes it (control characters, `"` and `\`;
/// most strings have none and are copied as they are). The test folds over every byte, without
/// stopping at the first to escape, so that it runs 32 bytes at a time.
fn string(buf: &mut Vec<u8>, s: &str) -> std::io::Result<()> {
    let plain = s
        .bytes()
        .fold(true, |ok, b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
    if plain {
        buf.push(b'"');
        buf.extend_from_slice(s.as_bytes());
        buf.push(b'"');
        return Ok(());
    }
    Ok(serde_json::to_writer(&mut *buf, s)?)
}

/// `s`, known to hold nothing to escape (an ID's letters and digits, an IP's text), quoted.
fn plain(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    buf.extend_from_slice(s.as_bytes());
    buf.push(b'"');
}

/// A key and a list of strings, as the pretty printer writes them at a record's depth.
fn list<T>(
    buf: &mut Vec<u8>,
    key: &[u8],
    items: &[T],
    mut item: impl FnMut(&mut Vec<u8>, &T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    buf.extend_from_slice(key);
    if items.is_empty() {
        buf.extend_from_slice(b"[]");
        return Ok(());
    }
    buf.push(b'[');
    for (i, v) in items.iter().enumerate() {
        buf.extend_from_slice(if i == 0 {
            b"\n        "
        } else {
            b",\n        "
        });
        item(buf, v)?;
    }
    buf.extend_from_slice(b"\n      ]");
    Ok(())
}

/// Records as they appear inside the report's `accessed` array: `\n    {…},\n    {…}`,
/// without the brackets (written into `buf`, emptied first).
pub(super) fn records(records: &[AccessedRecord], buf: &mut Vec<u8>) -> std::io::Result<()> {
    buf.clear();
    let mut ip_texts = IpTexts::new();
    let mut times = Times::default();
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"\n    {\n      \"record_id\": ");
        plain(buf, r.record_id.as_str());
        if let Some(o) = &r.object {
            buf.extend_from_slice(b",\n      \"object\": ");
            string(buf, o)?;
        }
        buf.extend_from_slice(b",\n      \"outcome\": ");
        serde_json::to_writer(&mut *buf, &r.outcome)?;
        buf.extend_from_slice(b",\n      \"principal_kind\": ");
        serde_json::to_writer(&mut *buf, &r.principal_kind)?;
        buf.extend_from_slice(b",\n      \"first_seen\": \"");
        times.write(buf, r.first_seen);
        buf.extend_from_slice(b"\",\n      \"last_seen\": \"");
        times.write(buf, r.last_seen);
        buf.extend_from_slice(b"\",\n      \"events\": ");
        count(buf, r.events);
        list(buf, b",\n      \"ips\": ", &r.ips, |buf, a| {
            plain(buf, ip_texts.text(*a));
            Ok(())
        })?;
        list(buf, b",\n      \"countries\": ", &r.countries, |buf, c| {
            string(buf, c)
        })?;
        buf.extend_from_slice(b"\n    }");
    }
    Ok(())
}

/// IP summaries as they appear inside the report's `ips` array (see [`records`]).
pub(super) fn ips(ips: &[IpSummary], buf: &mut Vec<u8>) -> std::io::Result<()> {
    buf.clear();
    let mut ip_texts = IpTexts::new();
    let mut times = Times::default();
    for (i, a) in ips.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"\n    {\n      \"ip\": ");
        plain(buf, ip_texts.text(a.ip));
        if let Some(c) = &a.country {
            buf.extend_from_slice(b",\n      \"country\": ");
            string(buf, c)?;
        }
        if let Some(s) = &a.country_source {
            buf.extend_from_slice(b",\n      \"country_source\": ");
            string(buf, s)?;
        }
        buf.extend_from_slice(b",\n      \"records_read\": ");
        count(buf, a.records_read);
        buf.extend_from_slice(b",\n      \"attempts\": ");
        count(buf, a.attempts);
        buf.extend_from_slice(b",\n      \"first\": \"");
        times.write(buf, a.first);
        buf.extend_from_slice(b"\",\n      \"last\": \"");
        times.write(buf, a.last);
        buf.push(b'"');
        list(
            buf,
            b",\n      \"user_agents\": ",
            &a.user_agents,
            |buf, u| string(buf, u),
        )?;
        buf.extend_from_slice(b"\n    }");
    }
    Ok(())
}
