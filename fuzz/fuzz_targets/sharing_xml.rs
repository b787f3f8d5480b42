//! Sharing-rule XML, whole-object and decomposed (formats.md §1.5).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, xml)) = data.split_first() else {
        return;
    };
    let rel = if pick % 2 == 0 {
        "sharingRules/Account.sharingRules-meta.xml"
    } else {
        "sharingRules/Account/sharingGuestRules/R.sharingGuestRule-meta.xml"
    };
    let _ = ajar_adapters::metadata::parse_bytes(rel, xml);
});
