//! The Apex lexer and class parser (formats.md §1.7), and the class's `-meta.xml`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let _ = ajar_adapters::metadata::apex::parse_class("classes/Fuzz.cls", &src);
    let _ = ajar_adapters::metadata::apex::parse_class_meta("classes/Fuzz.cls-meta.xml", &src);
});
