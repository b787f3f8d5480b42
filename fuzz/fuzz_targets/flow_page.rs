//! Flow XML and Visualforce pages (formats.md §1.7).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let _ = ajar_adapters::metadata::flow::parse_flow("flows/F.flow-meta.xml", "F", &src);
    let _ = ajar_adapters::metadata::page::parse_page("pages/P.page", "P", &src);
    let _ = ajar_adapters::metadata::page::parse_page_meta("pages/P.page-meta.xml", &src);
});
