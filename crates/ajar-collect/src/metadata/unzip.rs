//! Unpacks a retrieve's zip into `metadata/`: every entry checked (no absolute path, no `..`, no
//! backslash), its size and the total capped, each file written through the store (hashed,
//! atomic, read-only, listed in the manifest).

use crate::client::CallError;
use crate::manifest::Call;
use crate::store::Store;
use crate::{CollectError, Failure};
use base64::Engine as _;
use std::io::Read;

/// The largest SOAP answer read: a retrieve's zip is at most 39 MB, about 52 MB in base64
/// (Metadata API Developer Guide, "Metadata Limits").
pub(crate) const MAX_ANSWER: u64 = 128 << 20;
/// The largest file unpacked (the cap `ajar scan` puts on one metadata file).
const MAX_FILE: u64 = 128 << 20;
/// The most bytes unpacked in all (Salesforce caps a retrieve at 400 MB uncompressed).
const MAX_TOTAL: u64 = 1 << 30;
/// The most files (Salesforce caps a retrieve at 10,000 files).
const MAX_FILES: usize = 20_000;

/// The folder of the tree inside the collection.
pub(crate) const DIR: &str = "metadata";

/// A `/`-separated relative path whose parts are plain names, without the `unpackaged/` root
/// of a multi-package retrieve; `None` for a name that could leave the folder.
pub(crate) fn safe_name(name: &str) -> Option<String> {
    let name = name.strip_prefix("unpackaged/").unwrap_or(name);
    let ok = !name.is_empty()
        && !name.contains(['\\', '\0', ':'])
        && name
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    ok.then(|| name.to_string())
}

/// Decodes the base64 `zip` and writes its files under `metadata/`.
pub(crate) fn unpack(store: &Store, zip: &str, entry: &Call, call: &str) -> Result<(), Failure> {
    let shape = |reason: String| CallError::Shape {
        call: call.to_string(),
        reason,
    };
    let compact: Vec<u8> = zip.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&compact)
        .map_err(|_| shape("`zipFile` is not base64".into()))?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| shape(format!("`zipFile` is not a readable zip ({e})")))?;
    if archive.len() > MAX_FILES {
        return Err(shape(format!("the zip holds over {MAX_FILES} files")).into());
    }
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut file = archive
            .by_index(i)
            .map_err(|e| shape(format!("zip entry {i} cannot be read ({e})")))?;
        if file.is_dir() {
            continue;
        }
        let raw = String::from_utf8_lossy(file.name_raw()).into_owned();
        let Some(rel) = safe_name(&raw) else {
            return Err(shape(format!("zip entry `{raw}` is not a plain relative path")).into());
        };
        let rel = format!("{DIR}/{rel}");
        let mut pending = store.create(&rel)?;
        let copied = pending.copy_from(&mut (&mut file).take(MAX_FILE + 1));
        let over = pending.bytes() > MAX_FILE;
        total += pending.bytes();
        match copied {
            Ok(_) if !over && total <= MAX_TOTAL => {
                pending.commit(entry.clone())?;
            }
            Ok(_) => {
                pending.abandon();
                return Err(shape(format!(
                    "zip entry `{raw}` unpacks past the size limit (128 MiB a file, 1 GiB in all)"
                ))
                .into());
            }
            Err(e) => {
                pending.abandon();
                return Err(
                    match e.get_ref().and_then(|i| i.downcast_ref::<CollectError>()) {
                        Some(_) => Failure::Local(CollectError::FsErr(e)),
                        None => shape(format!(
                            "zip entry `{raw}` cannot be unpacked ({})",
                            e.kind()
                        ))
                        .into(),
                    },
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn names_that_could_leave_the_folder_are_refused() {
        assert_eq!(
            safe_name("unpackaged/profiles/Guest.profile").as_deref(),
            Some("profiles/Guest.profile")
        );
        assert_eq!(
            safe_name("objects/A__c.object").as_deref(),
            Some("objects/A__c.object")
        );
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "a\\..\\b",
            "C:/x",
            "",
            "a/./b",
        ] {
            assert_eq!(safe_name(bad), None, "{bad}");
        }
    }
}
