//! Unit tests of the SOQL evaluator: one module per part of the language.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

mod dates;
mod operators;
mod order;
mod parse;
mod props;
mod refusals;

use super::*;
use ajar_model::export::{Row, Table};
use ajar_model::span::Span;

/// The query time of every test: Tuesday 12 August 2025, 10:00 UTC.
const AT: &str = "2025-08-12T10:00:00Z";
const CREATED: &str = "2025-01-01T00:00:00.000Z";

/// The ID of row `n` (1-based) of an object with key prefix `prefix`.
fn id(prefix: &str, n: usize) -> SfId {
    SfId::parse(&format!("{prefix}{n:012}")).unwrap()
}

/// A table whose first column is `Id`; `header` and `rows` hold the other columns separated
/// by `|`. `CreatedDate` is added (before the query time) unless the header has it.
fn table(object: &str, prefix: &str, header: &str, rows: &[&str]) -> Table {
    let mut columns: Vec<String> = vec!["Id".into()];
    columns.extend(
        header
            .split('|')
            .filter(|h| !h.is_empty())
            .map(String::from),
    );
    let add_created = !columns.iter().any(|c| c == "CreatedDate");
    if add_created {
        columns.push("CreatedDate".into());
    }
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let id = id(prefix, i + 1);
            let mut values = vec![id.as_str().to_owned()];
            if !header.is_empty() {
                values.extend(r.split('|').map(String::from));
            }
            if add_created {
                values.push(CREATED.into());
            }
            Row::new(id, values, Span::new(format!("{object}.csv"), i as u64 + 2)).unwrap()
        })
        .collect();
    Table {
        object: object.into(),
        columns,
        rows,
        files: vec![format!("{object}.csv")],
        problems: Vec::new(),
    }
}

fn at() -> jiff::Timestamp {
    AT.parse().unwrap()
}

/// Runs `q` over `t` at [`AT`] and gives the row numbers returned (certain ones only).
fn rows_of(q: &str, t: &Table) -> Vec<usize> {
    let sel = run(q, t).unwrap_or_else(|r| panic!("{q}: {r}"));
    assert!(sel.is_exact(), "{q}: {sel:?}");
    numbers(&sel.ids)
}

fn run(q: &str, t: &Table) -> Result<Selection, Refusal> {
    evaluate(&parse(q)?, t, &Context::new(at()))
}

fn numbers(ids: &[SfId]) -> Vec<usize> {
    ids.iter()
        .map(|i| i.as_15()[3..].parse().unwrap())
        .collect()
}

/// The refusal's reason, asserting the query was refused.
fn refused(q: &str, t: &Table) -> String {
    match run(q, t) {
        Err(r) => r.reason,
        Ok(s) => panic!("{q} was evaluated: {s:?}"),
    }
}
