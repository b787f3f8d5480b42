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
        // Comments inside an inline query are skipped like in the rest of the code.
        if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            let rest = bytes.get(i..).unwrap_or(&[]);
            i = memchr::memchr(b'\n', rest).map_or(bytes.len(), |e| i + e);
            continue;
        }
        if b == b'/' && bytes.get(i + 1) == Some(&b'*') {
            let rest = bytes.get(i + 2..).unwrap_or(&[]);
            i = memchr::memmem::find(rest, b"*/").map_or(bytes.len(), |e| i + 2 + e + 2);
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

/// Parses query text (without brackets): one query for SOQL, one per `RETURNING` object for
/// SOSL (`FIND ...`), none for text this cannot read.
pub(crate) fn parse(text: &str, line: u64) -> Vec<SoqlQuery> {
    let parts = split(text);
    if is_word(parts.first(), "find") {
        return sosl(&parts, line);
    }
    parse_parts(&parts, line, 0).into_iter().collect()
}

/// Words that end the field list inside a SOSL `RETURNING Object(...)`.
const SOSL_FIELD_END: &[&str] = &["where", "order", "limit", "offset", "using", "with"];

/// `FIND 'x' IN ALL FIELDS RETURNING Account(Name, Phone WHERE ...), Lead WITH USER_MODE`
/// (SOQL and SOSL Reference, "RETURNING"). An object without a field list returns its Id.
fn sosl(parts: &[Part<'_>], line: u64) -> Vec<SoqlQuery> {
    let mut out = Vec::new();
    let returning =
        |p: &Part<'_>| matches!(p, Part::Word(w) if w.eq_ignore_ascii_case("returning"));
    let Some(start) = parts.iter().position(returning) else {
        return out;
    };
    let mut i = start + 1;
    while let Some(Part::Word(object)) = parts.get(i) {
        let mut query = SoqlQuery {
            object: (*object).to_owned(),
            fields: Vec::new(),
            subqueries: Vec::new(),
            mode: None,
            line,
        };
        i += 1;
        if matches!(parts.get(i), Some(Part::Open)) {
            let Some(end) = matching_close(parts, i) else {
                break;
            };
            let mut expect_field = true;
            for part in parts.get(i + 1..end).unwrap_or(&[]) {
                match part {
                    Part::Word(w) if SOSL_FIELD_END.iter().any(|k| w.eq_ignore_ascii_case(k)) => {
                        break;
                    }
                    Part::Word(w) if expect_field => {
                        query.fields.push((*w).to_owned());
                        expect_field = false;
                    }
                    Part::Comma => expect_field = true,
                    _ => {}
                }
            }
            i = end + 1;
        } else {
            query.fields.push("Id".to_owned());
        }
        out.push(query);
        if !matches!(parts.get(i), Some(Part::Comma)) {
            break;
        }
        i += 1;
    }
    let mode = with_mode(parts, i);
    for query in &mut out {
        query.mode = mode;
    }
    out
}

/// SOQL nests a child subquery one level deep; a little slack, and no unbounded recursion.
const MAX_NESTING: u32 = 4;

fn parse_parts(parts: &[Part<'_>], line: u64, depth: u32) -> Option<SoqlQuery> {
    if depth > MAX_NESTING || !is_word(parts.first(), "select") {
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
                    .and_then(|inner| parse_parts(inner, line, depth + 1))
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
    query.mode = with_mode(parts, i + 2);
    Some(query)
}

/// The `WITH USER_MODE` / `SECURITY_ENFORCED` / `SYSTEM_MODE` clause at depth 0 from `start`
/// (WHERE subqueries sit inside parentheses).
fn with_mode(parts: &[Part<'_>], start: usize) -> Option<SoqlMode> {
    let mut mode = None;
    let mut depth = 0u32;
    for (j, part) in parts.iter().enumerate().skip(start) {
        match part {
            Part::Open => depth += 1,
            Part::Close => depth = depth.saturating_sub(1),
            Part::Word(w) if depth == 0 && w.eq_ignore_ascii_case("with") => {
                mode = match parts.get(j + 1) {
                    Some(Part::Word(m)) if m.eq_ignore_ascii_case("user_mode") => {
                        Some(SoqlMode::UserMode)
                    }
                    Some(Part::Word(m)) if m.eq_ignore_ascii_case("security_enforced") => {
                        Some(SoqlMode::SecurityEnforced)
                    }
                    Some(Part::Word(m)) if m.eq_ignore_ascii_case("system_mode") => {
                        Some(SoqlMode::SystemMode)
                    }
                    _ => mode,
                };
            }
            _ => {}
        }
    }
    mode
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
