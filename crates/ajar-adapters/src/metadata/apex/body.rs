//! What a block of Apex does that matters for reach: inline SOQL, dynamic SOQL, CRUD/FLS
//! enforcement and calls.

use super::lexer::Tok;
use super::parser::Parser;
use super::soql;
use ajar_model::code::{Call, CodeBody, DynamicQuery, FlsMarker, FlsMarkerKind};

/// Words followed by `(` that are statements or operators, not calls.
const NOT_CALLS: &[&str] = &[
    "if",
    "for",
    "while",
    "catch",
    "switch",
    "return",
    "when",
    "super",
    "this",
    "instanceof",
];

/// `Database` methods that take query text (Apex Reference Guide, "Database Class").
const DATABASE_QUERY_APIS: &[&str] = &[
    "query",
    "querywithbinds",
    "getquerylocator",
    "getquerylocatorwithbinds",
    "countquery",
    "countquerywithbinds",
];

/// Scans tokens `from..to` (a method body, initializer or field expression) into `body`.
pub(crate) fn scan_body(p: &Parser<'_, '_>, from: usize, to: usize, body: &mut CodeBody) {
    let mut k = from;
    while k < to {
        let line = p.line_at(k);
        match p.tok(k) {
            Some(Tok::Query(text)) => {
                if let Some(query) = soql::parse(text, line) {
                    body.soql.push(query);
                }
            }
            Some(Tok::Ident(word)) => {
                if word.eq_ignore_ascii_case("new") {
                    if let Some((ty, after)) = dotted(p, k + 1)
                        && matches!(p.tok(after), Some(Tok::Punct('(')))
                    {
                        push_call(body, Some(ty), "new".to_owned(), line);
                        k = after;
                        continue;
                    }
                } else if is_punct(p, k + 1, '.')
                    && is_word(p, k + 2, "user_mode")
                    && word.eq_ignore_ascii_case("accesslevel")
                {
                    push_marker(body, FlsMarkerKind::AccessLevelUserMode, line);
                } else if matches!(p.tok(k + 1), Some(Tok::Punct('(')))
                    && !NOT_CALLS.iter().any(|w| word.eq_ignore_ascii_case(w))
                {
                    call(p, k, word, to, body);
                }
            }
            _ => {}
        }
        k += 1;
    }
}

/// Records the call whose method name is at `k`, with its receiver and, for query APIs, how the
/// query text is given.
fn call(p: &Parser<'_, '_>, k: usize, method: &str, to: usize, body: &mut CodeBody) {
    let line = p.line_at(k);
    let receiver = receiver(p, k);
    let recv = receiver.as_deref().unwrap_or("");
    let lower = method.to_ascii_lowercase();
    if recv.eq_ignore_ascii_case("security") && lower == "stripinaccessible" {
        push_marker(body, FlsMarkerKind::StripInaccessible, line);
    }
    let is_database =
        recv.eq_ignore_ascii_case("database") && DATABASE_QUERY_APIS.contains(&lower.as_str());
    let is_search = recv.eq_ignore_ascii_case("search") && lower == "query";
    if is_database || is_search {
        let close = p.matching(k + 1, '(', ')').unwrap_or(to).min(to);
        let user_mode = (k + 2..close).any(|a| {
            is_word(p, a, "accesslevel")
                && is_punct(p, a + 1, '.')
                && is_word(p, a + 2, "user_mode")
        });
        // A single string literal as the first argument is static text: parse it as SOQL.
        let literal = match (p.tok(k + 2), p.tok(k + 3)) {
            (Some(Tok::Str(text)), Some(Tok::Punct(',' | ')'))) => Some(text),
            _ => None,
        };
        // An inline query as the argument (`getQueryLocator([SELECT ...])`) is static SOQL.
        let inline = matches!(p.tok(k + 2), Some(Tok::Query(_))) && is_punct(p, k + 3, ')');
        match literal {
            Some(text) if is_database => {
                if let Some(mut query) = soql::parse(text, line) {
                    if user_mode && query.mode.is_none() {
                        query.mode = Some(ajar_model::code::SoqlMode::UserMode);
                    }
                    body.soql.push(query);
                }
            }
            Some(_) => {}
            None if inline => {}
            None => body.dynamic_soql.push(DynamicQuery {
                api: format!(
                    "{}.{method}",
                    if is_database { "Database" } else { "Search" }
                ),
                user_mode,
                line,
            }),
        }
    }
    push_call(body, receiver, method.to_owned(), line);
}

/// The dotted receiver before the method name at `k`: `Outer.Inner` in `Outer.Inner.m(`,
/// `None` for a bare `m(`, `?` for an expression that is not a name (`a().m(`).
fn receiver(p: &Parser<'_, '_>, k: usize) -> Option<String> {
    if k == 0 || !is_punct(p, k - 1, '.') {
        return None;
    }
    let mut parts = Vec::new();
    let mut at = k - 1;
    while is_punct(p, at, '.') {
        match at.checked_sub(1).and_then(|i| ident(p, i).map(|w| (i, w))) {
            Some((i, w)) => {
                parts.push(w);
                match i.checked_sub(1) {
                    Some(prev) => at = prev,
                    None => break,
                }
            }
            None => return Some("?".to_owned()),
        }
    }
    parts.reverse();
    Some(parts.join("."))
}

/// A dotted name starting at `k`; returns it and the index after it.
fn dotted(p: &Parser<'_, '_>, k: usize) -> Option<(String, usize)> {
    let mut name = ident(p, k)?.to_owned();
    let mut at = k + 1;
    while is_punct(p, at, '.') {
        let Some(part) = ident(p, at + 1) else { break };
        name.push('.');
        name.push_str(part);
        at += 2;
    }
    Some((name, at))
}

fn ident<'a>(p: &Parser<'_, 'a>, k: usize) -> Option<&'a str> {
    match p.tok(k) {
        Some(Tok::Ident(w)) => Some(w),
        _ => None,
    }
}

fn is_word(p: &Parser<'_, '_>, k: usize, word: &str) -> bool {
    ident(p, k).is_some_and(|w| w.eq_ignore_ascii_case(word))
}

fn is_punct(p: &Parser<'_, '_>, k: usize, c: char) -> bool {
    matches!(p.tok(k), Some(Tok::Punct(x)) if *x == c)
}

fn push_call(body: &mut CodeBody, receiver: Option<String>, method: String, line: u64) {
    let same = |c: &Call| {
        c.method.eq_ignore_ascii_case(&method)
            && match (&c.receiver, &receiver) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                (None, None) => true,
                _ => false,
            }
    };
    if !body.calls.iter().any(same) {
        body.calls.push(Call {
            receiver,
            method,
            line,
        });
    }
}

fn push_marker(body: &mut CodeBody, kind: FlsMarkerKind, line: u64) {
    if !body.fls_markers.iter().any(|m| m.kind == kind) {
        body.fls_markers.push(FlsMarker { kind, line });
    }
}
