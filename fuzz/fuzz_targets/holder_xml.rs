//! Profile, permission-set, muting-set and group XML (formats.md §1.2): any bytes give an org
//! or an error, never a panic. The first byte picks the file type.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, xml)) = data.split_first() else {
        return;
    };
    let rel = match pick % 4 {
        0 => "profiles/Guest Profile.profile-meta.xml",
        1 => "permissionsets/Guest.permissionset-meta.xml",
        2 => "mutingpermissionsets/M.mutingpermissionset-meta.xml",
        _ => "permissionsetgroups/G.permissionsetgroup-meta.xml",
    };
    let _ = ajar_adapters::metadata::parse_bytes(rel, xml);
});
