//! Object XML in both layouts and source-format field files (formats.md §1.1, §1.5).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, xml)) = data.split_first() else {
        return;
    };
    let rel = match pick % 3 {
        0 => "objects/Application__c/Application__c.object-meta.xml",
        1 => "objects/Application__c/fields/Phone__c.field-meta.xml",
        _ => "objects/Application__c.object",
    };
    let _ = ajar_adapters::metadata::parse_bytes(rel, xml);
});
