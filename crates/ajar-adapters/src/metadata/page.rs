//! Visualforce pages (`pages/<P>.page` + `<P>.page-meta.xml`, formats.md §1.1) into
//! [`VfPage`]: the controller, extensions and standard controller of the `<apex:page>` tag.
//!
//! A `.page` is markup that need not be well-formed XML (Visualforce Developer Guide,
//! "apex:page"), so only the first `<apex:page` tag outside comments is read, tolerantly.

use super::apex::{CodeError, files_with_suffix, name_before, read_text, relative, sibling, xml};
use ajar_model::code::VfPage;
use ajar_model::span::Span;
use std::path::Path;

/// Parses the markup of a page named `name`.
pub fn parse_page(file: &str, name: &str, source: &str) -> Result<VfPage, CodeError> {
    let (tag, line) = find_page_tag(source).ok_or_else(|| CodeError::Syntax {
        file: file.to_owned(),
        line: 1,
        what: "no `<apex:page>` tag",
    })?;
    let attrs = attributes(tag);
    let get = |key: &str| {
        attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    Ok(VfPage {
        name: name.to_owned(),
        controller: get("controller"),
        extensions: get("extensions")
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        standard_controller: get("standardController"),
        api_version: None,
        span: Span::new(file, line),
    })
}

/// Parses a `.page-meta.xml` for its `apiVersion`.
pub fn parse_page_meta(file: &str, source: &str) -> Result<Option<String>, CodeError> {
    Ok(xml::parse(file, source)?
        .root()
        .value("apiVersion")
        .map(str::to_owned))
}

/// Reads a `.page` and its `-meta.xml` when present.
pub fn read_page(root: &Path, path: &Path) -> Result<VfPage, CodeError> {
    let file = relative(root, path);
    let mut page = parse_page(&file, &name_before(path, ".page"), &read_text(path)?)?;
    let meta = sibling(path, "-meta.xml");
    if meta.is_file() {
        page.api_version = parse_page_meta(&relative(root, &meta), &read_text(&meta)?)?;
    }
    Ok(page)
}

/// Reads every `.page` in `dir`, sorted by name.
pub fn read_pages(root: &Path, dir: &Path) -> Result<Vec<VfPage>, CodeError> {
    let mut pages = files_with_suffix(dir, ".page")?
        .iter()
        .map(|p| read_page(root, p))
        .collect::<Result<Vec<_>, _>>()?;
    pages.sort();
    Ok(pages)
}

/// The text of the first `<apex:page ...>` tag outside comments (without `<` and `>`), and its
/// line.
fn find_page_tag(source: &str) -> Option<(&str, u64)> {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = bytes.get(i..)?;
        if rest.starts_with(b"<!--") {
            let end = memchr::memmem::find(rest, b"-->").map_or(bytes.len(), |e| i + e + 3);
            i = end;
            continue;
        }
        let is_tag = rest
            .get(..10)
            .is_some_and(|head| head.eq_ignore_ascii_case(b"<apex:page"))
            && rest
                .get(10)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/');
        if is_tag {
            let end = tag_end(bytes, i + 10);
            let line = 1 + memchr::memchr_iter(b'\n', bytes.get(..i)?).count() as u64;
            return Some((source.get(i + 10..end)?, line));
        }
        i += 1;
    }
    None
}

/// Index of the `>` closing a tag, quotes respected; the end of input if there is none.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return k,
            _ => {}
        }
    }
    bytes.len()
}

/// `name="value"` / `name='value'` pairs of a tag, entities in values left as written.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let key = rest
            .get(..eq)
            .unwrap_or("")
            .split_whitespace()
            .last()
            .unwrap_or("");
        let after = rest.get(eq + 1..).unwrap_or("").trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            // An unquoted value: up to the next whitespace.
            let value_end = after.find(char::is_whitespace).unwrap_or(after.len());
            out.push((key, after.get(..value_end).unwrap_or("")));
            rest = after.get(value_end..).unwrap_or("");
            continue;
        };
        let body = after.get(1..).unwrap_or("");
        let close = body.find(quote).unwrap_or(body.len());
        out.push((key, body.get(..close).unwrap_or("")));
        rest = body.get(close + 1..).unwrap_or("");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_controller_extensions_and_standard_controller() {
        let src = "<!-- <apex:page controller=\"OldCtrl\"> -->\n\
                   <apex:page standardController='Account'\n  extensions=\"AppExt, AuditExt\" \
                   showHeader=\"false\" title=\"a > b\">\n<apex:form/></apex:page>";
        let page = parse_page("pages/Apply.page", "Apply", src).unwrap();
        assert_eq!(page.controller, None);
        assert_eq!(page.standard_controller.as_deref(), Some("Account"));
        assert_eq!(page.extensions, vec!["AppExt", "AuditExt"]);
        assert_eq!(page.span.line, 2);
    }

    #[test]
    fn tolerates_markup_that_is_not_xml() {
        let src = "<APEX:PAGE Controller=\"SiteCtrl\" action={!init}><br><p>unclosed";
        let page = parse_page("pages/P.page", "P", src).unwrap();
        assert_eq!(page.controller.as_deref(), Some("SiteCtrl"));
    }

    #[test]
    fn a_file_without_a_page_tag_is_an_error_naming_the_file() {
        let err = parse_page("pages/Empty.page", "Empty", "<apex:component/>").unwrap_err();
        assert_eq!(err.to_string(), "pages/Empty.page:1: no `<apex:page>` tag");
    }

    #[test]
    fn reads_the_real_page_meta_of_volunteers_for_salesforce() {
        let samples = crate_samples();
        let meta = samples.join("SalesforceFoundation__Volunteers-for-Salesforce/src/pages/VolunteersSignupFS.page-meta.xml");
        let text = std::fs::read_to_string(&meta).unwrap();
        assert_eq!(
            parse_page_meta("VolunteersSignupFS.page-meta.xml", &text)
                .unwrap()
                .as_deref(),
            Some("62.0")
        );
    }

    fn crate_samples() -> std::path::PathBuf {
        crate::testdata::testdata("samples/metadata")
    }
}
