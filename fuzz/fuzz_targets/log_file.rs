//! A whole log file as `ajar hunt` reads it (formats.md §2.1–2.5): ELF CSV, JSON lines, RTEM
//! exports and Setup Audit Trail CSVs, recognised by content. The bytes go through a file
//! because the reader takes paths (gzip is recognised by its magic bytes).
#![no_main]
use ajar_adapters::audit::{AuditOptions, Locale};
use ajar_adapters::logs::{Part, RawRow, ReadOptions, RowSink, read_part};
use ajar_model::event::AuditEvent;
use libfuzzer_sys::fuzz_target;

struct Sink;

impl RowSink for Sink {
    fn row(&mut self, _row: &RawRow<'_>) {}
    fn malformed(&mut self, _line: u64, _reason: &str) {}
    fn audit(&mut self, _event: AuditEvent) {}
}

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("ajar-fuzz-{}.csv", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let part = Part {
        path: path.clone(),
        display: "fuzz.csv".to_owned(),
        range: None,
    };
    let opts = ReadOptions {
        strict: data.first().is_some_and(|b| b % 2 == 0),
        audit: AuditOptions {
            tz: Some(jiff::tz::TimeZone::UTC),
            locale: Locale::parse("en_US"),
        },
    };
    let _ = read_part(&part, &opts, &mut Sink);
});
