//! The parts of a SOQL query that say what it reads: the select list, the `FROM` object and the
//! `WITH` security clause (SOQL and SOSL Reference, "SELECT", "WITH SECURITY_ENFORCED",
//! "Enforce User Mode for Database Operations").
//!
//! Best effort by design: a query this cannot read yields `None` rather than an error, because
//! a `.cls` file must still be inventoried when one of its queries uses syntax we do not know.

use ajar_model::code::{SoqlMode, SoqlQuery};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part<'a> {
    /// A word, dots kept (`Owner.Name`, `USER_MODE`, `10`).
    Word(&'a str),
    Open,
    Close,
    Comma,
    /// A string literal or any other character: only a separator here.
    Other,
}

fn split(text: &str) -> Vec<Part<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphanumeric() || b == b'_' {
            let start = i;
            while bytes
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
            {
                i += 1;
            }
            out.push(Part::Word(text.get(start..i).unwrap_or("")));
            continue;
        }
        i += 1;
        match b {
            b'(' => out.push(Part::Open),
            b')' => out.push(Part::Close),
            b',' => out.push(Part::Comma),
            b'\'' => {
                while let Some(&c) = bytes.get(i) {
                    i += 1;
                    if c == b'\\' {
                        i += 1;
                    } else if c == b'\'' {
                        break;
                    }
                }
                out.push(Part::Other);
            }
            b if b.is_ascii_whitespace() => {}
            _ => out.push(Part::Other),
        }
    }
    out
}

fn is_word(part: Option<&Part<'_>>, word: &str) -> bool {
    matches!(part, Some(Part::Word(w)) if w.eq_ignore_ascii_case(word))
}

/// Parses query text (without brackets). `None` for SOSL (`FIND`) or text without `SELECT ...
/// FROM`.
pub(crate) fn parse(text: &str, line: u64) -> Option<SoqlQuery> {
    let parts = split(text);
    parse_parts(&parts, line)
}

fn parse_parts(parts: &[Part<'_>], line: u64) -> Option<SoqlQuery> {
    if !is_word(parts.first(), "select") {
        return None;
    }
    let mut query = SoqlQuery {
        object: String::new(),
        fields: Vec::new(),
        subqueries: Vec::new(),
        mode: None,
        line,
    };
    let mut i = 1;
    // The select list: items separated by commas at depth 0, up to FROM.
    loop {
        match parts.get(i)? {
            Part::Word(w) if w.eq_ignore_ascii_case("from") => break,
            Part::Comma | Part::Other => i += 1,
            Part::Close => return None,
            Part::Open => {
                let end = matching_close(parts, i)?;
                if let Some(sub) = parts
                    .get(i + 1..end)
                    .and_then(|inner| parse_parts(inner, line))
                {
                    query.subqueries.push(sub);
                }
                i = end + 1;
            }
            Part::Word(w) if w.eq_ignore_ascii_case("typeof") => {
                i = typeof_fields(parts, i + 1, &mut query.fields)
            }
            Part::Word(w) => {
                if matches!(parts.get(i + 1), Some(Part::Open)) {
                    // A function: COUNT(Id), toLabel(Status), FIELDS(ALL), DISTANCE(Loc__c, ...).
                    let end = matching_close(parts, i + 1)?;
                    match parts.get(i + 2) {
                        _ if w.eq_ignore_ascii_case("fields") => query.fields.push("*".to_owned()),
                        Some(Part::Word(arg)) if !arg.starts_with(|c: char| c.is_ascii_digit()) => {
                            query.fields.push((*arg).to_owned());
                        }
                        _ => {}
                    }
                    i = end + 1;
                } else {
                    query.fields.push((*w).to_owned());
                    i += 1;
                }
                // An alias follows an aggregate or field in grouped queries.
                if let Some(Part::Word(alias)) = parts.get(i)
                    && !alias.eq_ignore_ascii_case("from")
                {
                    i += 1;
                }
            }
        }
    }
    let Some(Part::Word(object)) = parts.get(i + 1) else {
        return None;
    };
    query.object = (*object).to_owned();
    // The WITH clause at depth 0 after FROM; WHERE subqueries sit inside parentheses.
    let mut depth = 0u32;
    let mut j = i + 2;
    while let Some(part) = parts.get(j) {
        match part {
            Part::Open => depth += 1,
            Part::Close => depth = depth.saturating_sub(1),
            Part::Word(w) if depth == 0 && w.eq_ignore_ascii_case("with") => {
                query.mode = match parts.get(j + 1) {
                    Some(Part::Word(m)) if m.eq_ignore_ascii_case("user_mode") => {
                        Some(SoqlMode::UserMode)
                    }
                    Some(Part::Word(m)) if m.eq_ignore_ascii_case("security_enforced") => {
                        Some(SoqlMode::SecurityEnforced)
                    }
                    Some(Part::Word(m)) if m.eq_ignore_ascii_case("system_mode") => {
                        Some(SoqlMode::SystemMode)
                    }
                    _ => query.mode,
                };
            }
            _ => {}
        }
        j += 1;
    }
    Some(query)
}

/// Index of the `)` matching the `(` at `open`.
fn matching_close(parts: &[Part<'_>], open: usize) -> Option<usize> {
    let mut depth = 0u32;
    for (k, part) in parts.iter().enumerate().skip(open) {
        match part {
            Part::Open => depth += 1,
            Part::Close => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// `TYPEOF What WHEN Account THEN Phone, Name ELSE Email END`: fields as `What.Phone`. Returns
/// the index after `END`.
fn typeof_fields(parts: &[Part<'_>], start: usize, fields: &mut Vec<String>) -> usize {
    let relation = match parts.get(start) {
        Some(Part::Word(w)) => *w,
        _ => return start,
    };
    let mut i = start + 1;
    let mut taking = false;
    while let Some(part) = parts.get(i) {
        i += 1;
        match part {
            Part::Word(w) if w.eq_ignore_ascii_case("end") => break,
            Part::Word(w) if w.eq_ignore_ascii_case("then") || w.eq_ignore_ascii_case("else") => {
                taking = true
            }
            Part::Word(w) if w.eq_ignore_ascii_case("when") => taking = false,
            Part::Word(w) if taking => fields.push(format!("{relation}.{w}")),
            _ => {}
        }
    }
    i
}
