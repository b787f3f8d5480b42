//! Exported values read as the type the query's literal implies.
//!
//! The export holds text only (formats.md §2.8) and no field types; a query that Salesforce
//! ran compared each field with a literal of the field's type, so the literal tells how to
//! read the value. A value that does not read as that type means the export and the query
//! disagree, and the evaluator refuses rather than guesses.

use super::{LikePart, Literal, Op};
use ajar_model::sfid::SfId;
use std::cmp::Ordering;

/// Why a value could not be compared: the type it should have had.
pub(super) struct NotA(pub(super) &'static str);

/// A checkbox as exported (`true`/`false`, or `1`/`0`).
pub(super) fn boolean(v: &str) -> Option<bool> {
    let v = v.trim();
    if v.eq_ignore_ascii_case("true") || v == "1" {
        Some(true)
    } else if v.eq_ignore_ascii_case("false") || v == "0" {
        Some(false)
    } else {
        None
    }
}

pub(super) fn number(v: &str) -> Option<f64> {
    v.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

pub(super) fn date(v: &str) -> Option<jiff::civil::Date> {
    let v = v.trim();
    (v.len() == 10).then(|| v.parse().ok()).flatten()
}

pub(super) fn datetime(v: &str) -> Option<jiff::Timestamp> {
    let v = v.trim();
    (v.len() > 10).then(|| v.parse().ok()).flatten()
}

/// Whether a field holds record IDs: `Id` and lookups (`AccountId`, `OwnerId`). Their values
/// compare as IDs, so the 15- and 18-character forms are equal (formats.md §2.7).
pub(super) fn is_id_field(name: &str) -> bool {
    name.len() >= 2
        && name
            .get(name.len() - 2..)
            .is_some_and(|s| s.eq_ignore_ascii_case("id"))
}

fn ordering_holds(op: Op, o: Ordering) -> bool {
    match op {
        Op::Eq => o.is_eq(),
        Op::Ne => o.is_ne(),
        Op::Lt => o.is_lt(),
        Op::Le => o.is_le(),
        Op::Gt => o.is_gt(),
        Op::Ge => o.is_ge(),
    }
}

/// Text compared without regard to case, as SOQL does for all but unique case-sensitive
/// fields (SOQL reference, "Comparison Operators").
pub(super) fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// `value op literal` for a non-empty value and a literal that is not `null` nor a relative
/// date (those depend on the evaluation context and are handled by the caller).
pub(super) fn compare(value: &str, field: &str, op: Op, lit: &Literal) -> Result<bool, NotA> {
    let o = match lit {
        Literal::Text(t) => {
            if is_id_field(field)
                && let (Ok(a), Ok(b)) = (SfId::parse(value.trim()), SfId::parse(t.trim()))
            {
                a.cmp(&b)
            } else {
                fold(value).cmp(&fold(t))
            }
        }
        Literal::Number(n) => {
            let v = number(value).ok_or(NotA("a number"))?;
            v.partial_cmp(n).unwrap_or(Ordering::Equal)
        }
        Literal::Bool(b) => boolean(value).ok_or(NotA("a checkbox"))?.cmp(b),
        Literal::Date(d) => date(value).ok_or(NotA("a date"))?.cmp(d),
        Literal::DateTime(t) => datetime(value).ok_or(NotA("a date-time"))?.cmp(t),
        Literal::Null | Literal::Relative(_) => return Ok(false),
    };
    Ok(ordering_holds(op, o))
}

/// `LIKE`, without regard to case; `%` is any run of characters and `_` any one.
pub(super) fn like(value: &str, pattern: &[LikePart]) -> bool {
    let v: Vec<char> = value.chars().flat_map(char::to_lowercase).collect();
    let p: Vec<LikePart> = pattern
        .iter()
        .flat_map(|part| match part {
            LikePart::Char(c) => c.to_lowercase().map(LikePart::Char).collect::<Vec<_>>(),
            other => vec![other.clone()],
        })
        .collect();
    // The classic two-pointer match with one backtrack point for the last `%`.
    let (mut vi, mut pi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        match p.get(pi) {
            Some(LikePart::Any) => {
                star = Some((pi, vi));
                pi += 1;
                continue;
            }
            Some(LikePart::One) => {
                vi += 1;
                pi += 1;
                continue;
            }
            Some(LikePart::Char(c)) if v.get(vi) == Some(c) => {
                vi += 1;
                pi += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, sv)) => {
                pi = sp + 1;
                vi = sv + 1;
                star = Some((sp, sv + 1));
            }
            None => return false,
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|x| *x == LikePart::Any))
}

/// A picklist value set as exported: `A;B`, compared without regard to case.
pub(super) fn picklist(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(|v| v.trim().to_lowercase())
        .filter(|v| !v.is_empty())
        .collect()
}
