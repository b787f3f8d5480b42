//! Data Export object CSVs in UTF-8 and Shift_JIS (formats.md §2.8).
#![no_main]
use ajar_adapters::export::{ExportEncoding, read_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, csv)) = data.split_first() else {
        return;
    };
    let label = if pick % 2 == 0 { "utf-8" } else { "shift_jis" };
    let Some(encoding) = ExportEncoding::parse(label) else {
        return;
    };
    let _ = read_csv(csv, "Contact", "Contact.csv", encoding);
});
