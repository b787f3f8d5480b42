//! `notification_list.csv`: one row per person, with contact data, the items exposed and whether
//! outside access was confirmed. Personal data: the binary writes it 0600, atomically.

use crate::view::{Lang, item_label};
use ajar_model::incident::PersonEntry;
use std::borrow::Borrow;

/// The header.
pub const HEADER: [&str; 11] = [
    "number",
    "name",
    "email",
    "phone",
    "phone_e164",
    "country",
    "items",
    "item_labels",
    "records",
    "confirmed",
    "abroad",
];

/// Renders the list; with `redact`, contact data and record IDs are left out (counts stay).
pub fn render(persons: &[PersonEntry], lang: Lang, redact: bool) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::new();
    write(persons, lang, redact, &mut out)?;
    Ok(out)
}

/// Writes the list to `out` one row at a time, as [`render`] renders it: the caller need not
/// hold every entry (issue #19).
pub fn write<P: Borrow<PersonEntry>>(
    persons: impl IntoIterator<Item = P>,
    lang: Lang,
    redact: bool,
    out: impl std::io::Write,
) -> Result<(), csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(out);
    w.write_record(HEADER)?;
    let hide = |v: &Option<String>| {
        if redact {
            if v.is_some() {
                "[redacted]".to_owned()
            } else {
                String::new()
            }
        } else {
            v.clone().unwrap_or_default()
        }
    };
    for p in persons {
        let p = p.borrow();
        let records = if redact {
            p.records.len().to_string()
        } else {
            p.records.join(" ")
        };
        w.write_record([
            p.number.to_string(),
            hide(&p.name),
            hide(&p.email),
            hide(&p.phone),
            hide(&p.phone_e164),
            p.country.clone(),
            p.items
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            p.items
                .iter()
                .map(|c| item_label(*c, lang))
                .collect::<Vec<_>>()
                .join(";"),
            records,
            p.confirmed.to_string(),
            p.abroad.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}
