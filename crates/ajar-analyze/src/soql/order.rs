//! `ORDER BY`, `OFFSET` and `LIMIT`: which of the matching rows the query returned.
//!
//! Salesforce promises no order without `ORDER BY`, and none between rows whose sort keys are
//! equal (SOQL reference, "ORDER BY"). When `OFFSET` or `LIMIT` cut through such a group of
//! equal rows, which of them came back is unknown: they are returned as candidates, never
//! guessed.

use super::eval::Reader;
use super::value::{self, is_id_field};
use super::{OrderKey, Query, Refusal, Selection};
use ajar_model::export::Row;
use ajar_model::sfid::SfId;
use std::cmp::Ordering;

/// A sort key's value, typed once per column.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum Key {
    Num(f64),
    Date(jiff::civil::Date),
    Time(jiff::Timestamp),
    Bool(bool),
    Id(SfId),
    /// Sorting is without regard to case (SOQL reference, "ORDER BY").
    Text(String),
}

type Convert = Box<dyn Fn(&str) -> Option<Key>>;

/// Types a column by its values: numbers, dates, date-times, checkboxes or IDs when every
/// non-empty value reads as one, else text.
fn typed(values: &[Option<&str>], field: &str) -> Vec<Option<Key>> {
    let all = |f: &dyn Fn(&str) -> bool| values.iter().flatten().all(|v| f(v));
    let conv: Convert = if all(&|v| value::number(v).is_some()) {
        Box::new(|v| value::number(v).map(Key::Num))
    } else if all(&|v| value::date(v).is_some()) {
        Box::new(|v| value::date(v).map(Key::Date))
    } else if all(&|v| value::datetime(v).is_some()) {
        Box::new(|v| value::datetime(v).map(Key::Time))
    } else if all(&|v| value::boolean(v).is_some()) {
        Box::new(|v| value::boolean(v).map(Key::Bool))
    } else if is_id_field(field) && all(&|v| SfId::parse(v.trim()).is_ok()) {
        Box::new(|v| SfId::parse(v.trim()).ok().map(Key::Id))
    } else {
        Box::new(|v| Some(Key::Text(value::fold(v))))
    };
    values.iter().map(|v| v.and_then(&conv)).collect()
}

fn compare(a: &[Option<Key>], b: &[Option<Key>], keys: &[OrderKey]) -> Ordering {
    for ((x, y), k) in a.iter().zip(b).zip(keys) {
        let o = match (x, y) {
            (None, None) => Ordering::Equal,
            // NULLS FIRST unless NULLS LAST, whatever the direction.
            (None, Some(_)) if k.nulls_last => Ordering::Greater,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) if k.nulls_last => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => {
                let o = x.partial_cmp(y).unwrap_or(Ordering::Equal);
                if k.descending { o.reverse() } else { o }
            }
        };
        if o.is_ne() {
            return o;
        }
    }
    Ordering::Equal
}

pub(super) fn window<'a>(
    query: &Query,
    reader: &Reader<'a, '_>,
    matched: Vec<&'a Row>,
) -> Result<Selection, Refusal> {
    let n = matched.len();
    // keys[row] = that row's sort key values, one per ORDER BY item.
    let mut keys: Vec<Vec<Option<Key>>> = vec![Vec::with_capacity(query.order.len()); n];
    for k in &query.order {
        let mut values = Vec::with_capacity(n);
        for r in &matched {
            values.push(reader.get(r, &k.path)?);
        }
        let field = k.path.segments.last().map_or("", String::as_str);
        for (slot, v) in keys.iter_mut().zip(typed(&values, field)) {
            slot.push(v);
        }
    }
    let mut sorted: Vec<usize> = (0..n).collect();
    let cmp = |a: usize, b: usize| match (keys.get(a), keys.get(b)) {
        (Some(x), Some(y)) => compare(x, y, &query.order),
        _ => Ordering::Equal,
    };
    sorted.sort_by(|&a, &b| cmp(a, b));
    let pos = |i: usize| sorted.get(i).copied().unwrap_or(0);
    let to = |x: u64| usize::try_from(x).unwrap_or(usize::MAX);
    let start = to(query.offset.unwrap_or(0)).min(n);
    let end = start
        .saturating_add(query.limit.map_or(usize::MAX, to))
        .min(n);
    if start == end {
        return Ok(Selection::default());
    }
    // The group of rows equal to the window's first row, and to its last.
    let equal = |i: usize, j: usize| cmp(pos(i), pos(j)).is_eq();
    let mut uncertain = vec![false; n];
    let mut mark = |from: usize, to: usize| {
        for u in uncertain.iter_mut().take(to).skip(from) {
            *u = true;
        }
    };
    let mut gs = start;
    while gs > 0 && equal(gs - 1, start) {
        gs -= 1;
    }
    if gs < start {
        let mut ge = start;
        while ge < n && equal(ge, start) {
            ge += 1;
        }
        mark(gs, ge);
    }
    let last = end - 1;
    let mut ge = end;
    while ge < n && equal(ge, last) {
        ge += 1;
    }
    if ge > end {
        let mut gs = last;
        while gs > 0 && equal(gs - 1, last) {
            gs -= 1;
        }
        mark(gs, ge);
    }
    let id = |i: usize| matched.get(pos(i)).map(|r| r.id);
    Ok(Selection {
        ids: (start..end)
            .filter(|&i| !uncertain.get(i).copied().unwrap_or(false))
            .filter_map(id)
            .collect(),
        candidates: (0..n)
            .filter(|&i| uncertain.get(i).copied().unwrap_or(false))
            .filter_map(id)
            .collect(),
        count: (end - start) as u64,
    })
}
