//! Site, network and settings XML, and ExperienceBundle JSON (formats.md §1.4, §1.6).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, xml)) = data.split_first() else {
        return;
    };
    let rel = match pick % 5 {
        0 => "sites/Help.site-meta.xml",
        1 => "networks/Help.network-meta.xml",
        2 => "experiences/Help1/config/help.json",
        3 => "experiences/Help1/routes/home.json",
        _ => "settings/Sharing.settings-meta.xml",
    };
    let _ = ajar_adapters::metadata::parse_bytes(rel, xml);
});
