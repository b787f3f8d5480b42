use super::*;

#[test]
fn codes_are_unique_and_sorted() {
    let codes: Vec<&str> = RULES.iter().map(|r| r.code()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        codes, sorted,
        "RULES must be sorted by code, without duplicates"
    );
}

#[test]
fn every_doc_has_its_headings() {
    for r in RULES {
        let doc = r.doc();
        for h in [
            "## What it checks",
            "## Why it matters",
            "## Example",
            "## How to fix",
        ] {
            assert!(doc.contains(h), "{} lacks `{h}`", r.code());
        }
        let what = doc.find("## What").unwrap_or(usize::MAX);
        let fix = doc.find("## How to fix").unwrap_or(0);
        assert!(what < fix, "{}: headings out of order", r.code());
    }
}

#[test]
fn code_list() {
    let list: String = RULES
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {}\n",
                r.code(),
                r.severity().as_str(),
                r.name(),
                r.since()
            )
        })
        .collect();
    insta::assert_snapshot!(list);
}

#[test]
fn find_is_case_insensitive() {
    assert_eq!(find("guest-001").map(|r| r.code()), Some("GUEST-001"));
    assert!(find("NOPE-1").is_none());
}
