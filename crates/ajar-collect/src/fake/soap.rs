//! The fake org's Metadata API: `retrieve` answers an ID, `checkRetrieveStatus` answers
//! `done` false once, then the synth org's metadata as the zip Salesforce sends (mdapi layout,
//! base64 in `zipFile`) (docs/collect.md §2).
//!
//! The synth org writes the source (sfdx) layout; a retrieve returns the mdapi layout: the
//! `-meta.xml` suffix dropped (code files keep their `X.cls-meta.xml` companion), and an
//! object's `objects/<O>/<kind>/<X>.<kind>-meta.xml` children folded back into
//! `objects/<O>.object` as `<kind>` elements (formats.md §1.1).

use super::State;
use super::http::{Resp, respond};
use base64::Engine as _;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::Ordering;

/// Folder → Metadata API type, for the `package.xml` in the zip.
const FOLDERS: [(&str, &str); 14] = [
    ("classes", "ApexClass"),
    ("pages", "ApexPage"),
    ("connectedApps", "ConnectedApp"),
    ("objects", "CustomObject"),
    ("sites", "CustomSite"),
    ("experiences", "ExperienceBundle"),
    ("flows", "Flow"),
    ("mutingpermissionsets", "MutingPermissionSet"),
    ("networks", "Network"),
    ("permissionsets", "PermissionSet"),
    ("permissionsetgroups", "PermissionSetGroup"),
    ("profiles", "Profile"),
    ("settings", "Settings"),
    ("sharingRules", "SharingRules"),
];

const CODE: [&str; 4] = [".cls", ".page", ".trigger", ".component"];

/// The session ID of a SOAP envelope.
pub(super) fn session(body: &str) -> Option<String> {
    let at = body.find("sessionId>")? + "sessionId>".len();
    let rest = body.get(at..)?;
    let end = rest.find('<')?;
    Some(rest.get(..end)?.replace("&amp;", "&"))
}

fn value<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    let at = body.find(&format!("{name}>"))? + name.len() + 1;
    let rest = body.get(at..)?;
    rest.get(..rest.find('<')?)
}

fn envelope(inner: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope \
         xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns=\"http://soap.sforce.com/2006/04/metadata\"><soapenv:Body>{inner}\
         </soapenv:Body></soapenv:Envelope>"
    )
}

/// A SOAP fault (HTTP 500), as the Metadata API sends an invalid session.
pub(super) fn fault(code: &str) -> Resp {
    let body = envelope(&format!(
        "<soapenv:Fault><faultcode>sf:{code}</faultcode><faultstring>{code}: fake org\
         </faultstring></soapenv:Fault>"
    ));
    respond(500, body.into_bytes(), "text/xml; charset=utf-8")
}

/// Answers `retrieve` and `checkRetrieveStatus`.
pub(super) fn answer(state: &State, body: &str) -> Resp {
    let ok = |inner: String| respond(200, envelope(&inner).into_bytes(), "text/xml");
    if body.contains("retrieveRequest>") {
        if !body.contains("<met:name>Profile</met:name>") {
            return fault("INVALID_CROSS_REFERENCE_KEY");
        }
        let n = state.counter.fetch_add(1, Ordering::Relaxed);
        let id = format!("09S5j{n:010}AAA");
        if let Ok(mut r) = state.retrieves.lock() {
            r.insert(id.clone(), 0);
        }
        return ok(format!(
            "<retrieveResponse><result><done>false</done><id>{id}</id><state>Queued</state>\
             </result></retrieveResponse>"
        ));
    }
    let Some(id) = value(body, "asyncProcessId").map(str::to_string) else {
        return fault("INVALID_OPERATION");
    };
    let polls = state.retrieves.lock().ok().and_then(|mut r| {
        r.get_mut(&id).map(|p| {
            *p += 1;
            *p
        })
    });
    match polls {
        None => fault("INVALID_ID_FIELD"),
        Some(1) => ok(format!(
            "<checkRetrieveStatusResponse><result><done>false</done><id>{id}</id>\
             <status>InProgress</status><success>false</success></result>\
             </checkRetrieveStatusResponse>"
        )),
        Some(_) => ok(format!(
            "<checkRetrieveStatusResponse><result><done>true</done><id>{id}</id>\
             <messages><fileName>unpackaged/package.xml</fileName><problem>Entity of type \
             &apos;CustomObject&apos; named &apos;Quote&apos; cannot be found</problem>\
             </messages><status>Succeeded</status><success>true</success><zipFile>{}</zipFile>\
             </result></checkRetrieveStatusResponse>",
            base64::engine::general_purpose::STANDARD.encode(&state.metadata_zip)
        )),
    }
}

/// Every file under `dir`, as `/`-separated paths relative to it, sorted.
fn walk(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The text between a document's root start tag and its end tag.
fn inner(xml: &str) -> &str {
    let mut from = 0;
    while let Some(at) = xml.get(from..).and_then(|r| r.find('<')) {
        let start = from + at;
        let next = xml.get(start + 1..start + 2).unwrap_or_default();
        let Some(gt) = xml.get(start..).and_then(|r| r.find('>')) else {
            return "";
        };
        from = start + gt + 1;
        if next != "?" && next != "!" {
            let end = xml.rfind("</").unwrap_or(xml.len()).max(from);
            return xml.get(from..end).unwrap_or_default().trim_matches('\n');
        }
    }
    ""
}

/// The synth org's tree in the mdapi layout, zipped with a `package.xml`.
pub(super) fn mdapi_zip(dir: &Path) -> std::io::Result<Vec<u8>> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut objects: BTreeMap<String, (Option<String>, Vec<String>)> = BTreeMap::new();
    let files_in = if dir.is_dir() { walk(dir)? } else { Vec::new() };
    for rel in files_in {
        let local = match rel.find("main/default/") {
            Some(at) => rel.get(at + "main/default/".len()..).unwrap_or_default(),
            None if rel.contains('/') => rel.as_str(),
            None => continue,
        };
        let parts: Vec<&str> = local.split('/').collect();
        let bytes = std::fs::read(dir.join(&rel))?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match parts.as_slice() {
            ["objects", o, file] if *file == format!("{o}.object-meta.xml") => {
                objects.entry((*o).to_string()).or_default().0 = Some(text());
            }
            ["objects", o, kind, _] => {
                let child = format!("    <{kind}>\n{}\n    </{kind}>\n", inner(&text()));
                objects.entry((*o).to_string()).or_default().1.push(child);
            }
            _ => {
                let code = CODE.iter().any(|c| local.contains(c));
                let name = match local.strip_suffix("-meta.xml") {
                    Some(stem) if !code => stem,
                    _ => local,
                };
                files.insert(name.to_string(), bytes);
            }
        }
    }
    for (o, (object, children)) in objects {
        let head = object.unwrap_or_else(|| {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CustomObject \
             xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n</CustomObject>\n"
                .to_string()
        });
        let close = head.rfind("</CustomObject>").unwrap_or(head.len());
        let merged = format!(
            "{}{}{}",
            head.get(..close).unwrap_or_default(),
            children.concat(),
            head.get(close..).unwrap_or_default()
        );
        files.insert(format!("objects/{o}.object"), merged.into_bytes());
    }
    let mut package = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Package \
         xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n",
    );
    for (folder, kind) in FOLDERS {
        if files.keys().any(|k| k.starts_with(&format!("{folder}/"))) {
            package.push_str(&format!(
                "    <types>\n        <members>*</members>\n        <name>{kind}</name>\n    </types>\n"
            ));
        }
    }
    package.push_str("    <version>62.0</version>\n</Package>\n");
    files.insert("package.xml".into(), package.into_bytes());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name, opts).map_err(std::io::Error::other)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::inner;

    #[test]
    fn inner_skips_the_declaration() {
        let x =
            "<?xml version=\"1.0\"?>\n<CustomField xmlns=\"x\">\n    <a>1</a>\n</CustomField>\n";
        assert_eq!(inner(x), "    <a>1</a>");
    }
}
