//! Salesforce ID parsing, checksum and case repair (formats.md §2.7).
#![no_main]
use ajar_model::sfid::SfId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(id) = SfId::parse(s) {
        // A parsed ID is 18 characters whose first 15 parse back to the same ID.
        assert_eq!(id.as_str().len(), 18);
        let again = SfId::parse(id.as_15()).map(|i| i.as_str().to_owned());
        assert_eq!(again.ok().as_deref(), Some(id.as_str()));
        let _ = id.key_prefix();
    }
});
