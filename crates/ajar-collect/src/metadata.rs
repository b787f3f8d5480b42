//! The metadata tree `ajar scan` reads, through the Metadata API's SOAP `retrieve`: an
//! unpackaged manifest of the types scan reads, `checkRetrieveStatus` polled until `done`, and
//! the zip it returns (base64 in `zipFile`) unpacked as an mdapi tree under `metadata/`
//! (Metadata API Developer Guide, "retrieve()", "checkRetrieveStatus()", "RetrieveResult";
//! formats.md §1.1; docs/collect.md §2).

mod unzip;

pub(crate) use unzip::DIR;

use crate::client::{CallError, Client, Method};
use crate::manifest::Call;
use crate::{Failure, Progress, Shared};
use std::time::Duration;

/// The permissions a retrieve needs.
pub(crate) const NEEDS: &str = "the Modify Metadata Through Metadata API Functions or Modify All Data permission (and API Enabled)";

/// The standard objects named in the manifest: `*` retrieves custom objects only, and a
/// profile's object and field permissions come back only for the objects retrieved with it.
pub(crate) const STANDARD_OBJECTS: [&str; 16] = [
    "Account",
    "Asset",
    "Campaign",
    "CampaignMember",
    "Case",
    "Contact",
    "ContentVersion",
    "Contract",
    "Event",
    "Individual",
    "Lead",
    "Opportunity",
    "Order",
    "Quote",
    "Task",
    "User",
];

/// The types retrieved (the metadata `scan` and `investigate` read, formats.md §1.1), each with
/// its members: `*` is every component of the type.
pub(crate) fn types() -> Vec<(&'static str, Vec<&'static str>)> {
    let all = || vec!["*"];
    let mut objects = all();
    objects.extend(STANDARD_OBJECTS);
    vec![
        ("ApexClass", all()),
        ("ApexPage", all()),
        ("ConnectedApp", all()),
        ("CustomObject", objects),
        ("CustomSite", all()),
        ("ExperienceBundle", all()),
        ("Flow", all()),
        ("MutingPermissionSet", all()),
        ("Network", all()),
        ("PermissionSet", all()),
        ("PermissionSetGroup", all()),
        ("Profile", all()),
        ("Settings", vec!["Sharing"]),
        ("SharingRules", all()),
    ]
}

/// `&`, `<`, `>` and quotes escaped for XML text.
pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The `<types>` blocks of a manifest, in the Metadata API's namespace prefix `prefix`.
fn types_xml(prefix: &str) -> String {
    let mut out = String::new();
    for (name, members) in types() {
        out.push_str(&format!("<{prefix}types>"));
        for m in members {
            out.push_str(&format!("<{prefix}members>{m}</{prefix}members>"));
        }
        out.push_str(&format!(
            "<{prefix}name>{name}</{prefix}name></{prefix}types>"
        ));
    }
    out
}

/// The envelope of a Metadata API call: the session in `SessionHeader`, `body` in the body.
fn envelope(client: &Client, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:met=\"http://soap.sforce.com/2006/04/metadata\">\
         <soapenv:Header><met:SessionHeader><met:sessionId>{}</met:sessionId>\
         </met:SessionHeader></soapenv:Header><soapenv:Body>{body}</soapenv:Body>\
         </soapenv:Envelope>",
        xml_escape(client.token_for_soap())
    )
}

/// The text of the first `<name>` element (any namespace prefix), entities of XML undone.
pub(crate) fn text_of<'a>(xml: &'a str, name: &str) -> Option<std::borrow::Cow<'a, str>> {
    let mut from = 0;
    while let Some(at) = xml.get(from..)?.find('<') {
        let start = from + at + 1;
        let rest = xml.get(start..)?;
        let end = rest.find('>')?;
        let tag = rest.get(..end)?;
        from = start + end + 1;
        let local = tag.rsplit(':').next().unwrap_or(tag);
        if local == name {
            let body = xml.get(from..)?;
            let close = body.find("</")?;
            let text = body.get(..close)?;
            return Some(if text.contains('&') {
                std::borrow::Cow::Owned(
                    text.replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&apos;", "'")
                        .replace("&amp;", "&"),
                )
            } else {
                std::borrow::Cow::Borrowed(text)
            });
        }
    }
    None
}

/// Every `<messages>` of a result as `file: problem` (components that could not be retrieved).
fn messages(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<messages>") {
        let block = rest.get(at..).unwrap_or_default();
        let end = block.find("</messages>").unwrap_or(block.len());
        let one = block.get(..end).unwrap_or_default();
        let file = text_of(one, "fileName").unwrap_or_default();
        let problem = text_of(one, "problem").unwrap_or_default();
        out.push(format!("{file}: {problem}"));
        rest = block.get(end..).unwrap_or_default();
        if end == 0 {
            break;
        }
    }
    out
}

/// The SOAP endpoint of the Metadata API.
fn endpoint(client: &Client) -> String {
    format!("/services/Soap/m/{}", client.api)
}

fn soap(client: &Client, action: &str, body: &str) -> Result<String, CallError> {
    let path = endpoint(client);
    let mut r = client.send(
        &Method::PostSoap(&envelope(client, body), action),
        &path,
        NEEDS,
    )?;
    let bytes = r.bytes(&format!("POST {path} {action}"), unzip::MAX_ANSWER)?;
    String::from_utf8(bytes).map_err(|_| CallError::Shape {
        call: format!("POST {path} {action}"),
        reason: "not UTF-8".into(),
    })
}

/// Retrieves the tree into `metadata/`; returns the notes (components not retrieved).
pub(crate) fn retrieve(
    shared: &Shared<'_>,
    progress: &dyn Progress,
) -> Result<Vec<String>, Failure> {
    let client = shared.client;
    let api = &client.api;
    progress.phase("metadata", 0);
    let request = format!(
        "<met:retrieve><met:retrieveRequest><met:apiVersion>{api}</met:apiVersion>\
         <met:singlePackage>true</met:singlePackage><met:unpackaged>{}\
         <met:version>{api}</met:version></met:unpackaged></met:retrieveRequest></met:retrieve>",
        types_xml("met:")
    );
    let call = |action: &str| format!("POST {} {action}", endpoint(client));
    let answer = soap(client, "retrieve", &request)?;
    let id = text_of(&answer, "id")
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(|id| id.into_owned())
        .ok_or_else(|| CallError::Shape {
            call: call("retrieve"),
            reason: "no `id` in the answer".into(),
        })?;
    let check = format!(
        "<met:checkRetrieveStatus><met:asyncProcessId>{id}</met:asyncProcessId>\
         <met:includeZip>true</met:includeZip></met:checkRetrieveStatus>"
    );
    let mut pause = Duration::from_millis(50);
    let mut done = None;
    // About 48 hours of polling at most; a retrieve ends long before.
    for _ in 0..20_000 {
        let answer = soap(client, "checkRetrieveStatus", &check)?;
        if text_of(&answer, "done").as_deref() == Some("true") {
            done = Some(answer);
            break;
        }
        progress.advance(1);
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_secs(10));
    }
    let result = done.ok_or_else(|| CallError::Shape {
        call: call("checkRetrieveStatus"),
        reason: "the retrieve never completed".into(),
    })?;
    let status = text_of(&result, "status").unwrap_or_default();
    if status != "Succeeded" {
        let why = text_of(&result, "errorMessage").unwrap_or_default();
        return Err(CallError::Shape {
            call: call("checkRetrieveStatus"),
            reason: format!("the retrieve ended `{status}`: {why}"),
        }
        .into());
    }
    let zip = text_of(&result, "zipFile").ok_or_else(|| CallError::Shape {
        call: call("checkRetrieveStatus"),
        reason: "no `zipFile` in the answer".into(),
    })?;
    let entry = Call {
        endpoint: endpoint(client),
        soql: None,
        record_id: Some(id),
    };
    unzip::unpack(shared.store, &zip, &entry, &call("checkRetrieveStatus"))?;
    Ok(messages(&result)
        .into_iter()
        .map(|m| format!("metadata: not retrieved: {m}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_with_any_prefix() {
        let xml = "<soapenv:Body><checkRetrieveStatusResponse><result><done>true</done>\
                   <id>09S5j</id><messages><fileName>a/b</fileName><problem>x &amp; y</problem>\
                   </messages></result></checkRetrieveStatusResponse></soapenv:Body>";
        assert_eq!(text_of(xml, "done").as_deref(), Some("true"));
        assert_eq!(text_of(xml, "id").as_deref(), Some("09S5j"));
        assert_eq!(text_of(xml, "zipFile"), None);
        assert_eq!(messages(xml), ["a/b: x & y"]);
        assert_eq!(
            text_of("<a:id>1</a:id>", "id").as_deref(),
            Some("1"),
            "prefixed"
        );
    }

    #[test]
    fn the_manifest_names_every_type_scan_reads() {
        let x = types_xml("");
        for t in [
            "Profile",
            "CustomObject",
            "SharingRules",
            "Flow",
            "Settings",
        ] {
            assert!(x.contains(&format!("<name>{t}</name>")), "{t}");
        }
        assert!(x.contains("<members>Sharing</members>"));
    }
}
