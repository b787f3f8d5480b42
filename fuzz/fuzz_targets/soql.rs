//! The SOQL parser and evaluator (intrusions.md §4): the input is the query text, run over a
//! small Account table (with a lookup to itself) at a fixed time.
#![no_main]
use ajar_analyze::soql::{self, Context, Lookups};
use ajar_model::export::{Row, Table};
use ajar_model::sfid::SfId;
use ajar_model::span::Span;
use libfuzzer_sys::fuzz_target;

fn table() -> Option<Table> {
    let columns = [
        "Id",
        "Name",
        "Amount",
        "Flag",
        "Day",
        "Tags",
        "ParentId",
        "CreatedDate",
        "IsDeleted",
    ];
    let rows = [
        [
            "001000000000001",
            "Acme",
            "10",
            "true",
            "2025-08-12",
            "a;b",
            "001000000000002",
            "2025-01-01T00:00:00.000Z",
            "false",
        ],
        [
            "001000000000002",
            "globex",
            "-1.5",
            "false",
            "2024-02-29",
            "b",
            "",
            "2025-08-12T10:00:00.000Z",
            "false",
        ],
        [
            "001000000000003",
            "",
            "",
            "",
            "",
            "",
            "",
            "2025-08-13T00:00:00.000Z",
            "true",
        ],
        [
            "001000000000004",
            "In%_\\",
            "1e3",
            "1",
            "2025-08-11",
            "c;a",
            "001000000000009",
            "2020-01-01T00:00:00Z",
            "",
        ],
    ];
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let id = SfId::parse(r[0]).ok()?;
        out.push(Row::new(id, r.iter(), Span::new("Account.csv", i as u64 + 2)).ok()?);
    }
    Some(Table {
        object: "Account".into(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows: out,
        files: vec!["Account.csv".into()],
        problems: Vec::new(),
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(query) = soql::parse(&text) else {
        return;
    };
    let Some(t) = table() else { return };
    let Ok(at) = "2025-08-12T10:00:00Z".parse() else {
        return;
    };
    let ctx = Context {
        lookups: Lookups::new([&t]),
        ..Context::new(at)
    };
    let _ = soql::evaluate(&query, &t, &ctx);
});
