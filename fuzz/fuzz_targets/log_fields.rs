//! ELF and RTEM field normalisation (formats.md §2.1–2.5): timestamps, Setup Audit Trail dates,
//! USER_TYPE, Aura action strings, IDs inside URIs, SOQL and `Records` JSON.
#![no_main]
use ajar_adapters::audit::{AuditOptions, Locale, parse_date};
use ajar_analyze::forensics::{ids, principal, time};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = time::parse_elf(s);
    let _ = time::parse_iso(s);
    let _ = ajar_adapters::audit::parse_iso(s);
    for locale in ["en_US", "en_GB", "ja_JP"] {
        let opts = AuditOptions {
            tz: Some(jiff::tz::TimeZone::UTC),
            locale: Locale::parse(locale),
        };
        let _ = parse_date(s, &opts);
    }
    let _ = principal::from_user_type(s);
    // Written over a longer list, the actions are those written into an empty one.
    let mut fresh = Vec::new();
    ids::aura_actions(s, &mut fresh);
    let mut reused = vec![String::from("x"); 3];
    ids::aura_actions(s, &mut reused);
    assert_eq!(fresh, reused);
    let _ = ids::one(s);
    let mut found = Vec::new();
    ids::scan(s, &mut found);
    let _ = ids::from_records(s, &mut found);
    let mut objects = Vec::new();
    ids::soql_objects(s, &mut objects);
    ids::path_object(s, &mut objects);
    ids::list_objects(s, &mut objects);
});
