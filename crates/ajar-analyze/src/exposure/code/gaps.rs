//! Granted code the input does not hold: unknown, not safe (formats.md §1.9, R11).

use super::{CodeAccess, names_match, walk};
use ajar_model::code::CodeInventory;
use ajar_model::span::{CoverageGap, Span};

/// What the input lacks to judge `access`: granted classes, pages and flows whose source is not
/// in `code` (not retrieved, or managed-package code), and page controllers likewise. Their
/// entry points are unknown, not absent (formats.md §1.9, R11).
pub fn code_gaps(code: &CodeInventory, access: &CodeAccess) -> Vec<CoverageGap> {
    let index = walk::Index::new(code);
    let mut out = Vec::new();
    let mut gap = |message: String, span: Option<Span>| {
        out.push(CoverageGap {
            kind: "missing-code".to_owned(),
            message,
            span,
        });
    };
    let unknown = "is granted but its source is not in the input: what it runs is unknown";
    for name in access.classes.iter().filter(|n| index.top(n).is_none()) {
        gap(format!("Apex class `{name}` {unknown}"), None);
    }
    for name in &access.pages {
        match code.pages.iter().find(|p| names_match(&p.name, name)) {
            None => gap(format!("Visualforce page `{name}` {unknown}"), None),
            Some(page) => {
                for class in page
                    .controller
                    .iter()
                    .chain(&page.extensions)
                    .filter(|c| index.top(c).is_none())
                {
                    let message = format!(
                        "Apex class `{class}`, controller of granted page `{}`, is not in the input: what it runs is unknown",
                        page.name
                    );
                    gap(message, Some(page.span.clone()));
                }
            }
        }
    }
    for name in access.flows.iter().filter(|n| index.flow(n).is_none()) {
        gap(format!("flow `{name}` {unknown}"), None);
    }
    out.sort();
    out.dedup();
    out
}
