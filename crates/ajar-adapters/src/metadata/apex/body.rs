//! What a block of Apex does that matters for reach: inline SOQL, dynamic SOQL, CRUD/FLS
//! enforcement and calls.

use super::lexer::Tok;
use super::parser::Parser;
use super::soql;
use ajar_model::code::{
    ApexParam, Call, ClientIdUse, ClientSource, CodeBody, DynamicQuery, FlsMarker, FlsMarkerKind,
    OpenResponse, OpenResponseKind,
};
use std::collections::HashMap;
use taint::{Taint, binds, mentions};

mod taint;

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

/// Scans tokens `from..to` (a method body, initializer or field expression) into `body`;
/// `params` are the method's parameters, followed into dynamic query text.
pub(crate) fn scan_body(
    p: &Parser<'_, '_>,
    from: usize,
    to: usize,
    body: &mut CodeBody,
    params: &[ApexParam],
) {
    // Lower-case names holding input: the parameters, then locals assigned from them or from
    // request data.
    let mut tainted: HashMap<String, Taint> = params
        .iter()
        .map(|a| {
            (
                a.name.to_ascii_lowercase(),
                Taint {
                    param: true,
                    // A typed parameter was converted by the platform: it cannot carry a quote.
                    raw: !is_cast_type(&a.type_name),
                    source: Some(ClientSource::Parameter),
                    ..Taint::default()
                },
            )
        })
        .collect();
    let mut k = from;
    while k < to {
        let line = p.line_at(k);
        if let Some(Tok::Ident(word)) = p.tok(k)
            && is_assignment(p, k + 1)
        {
            let end = p.statement_end(k + 1, to.min(k + 1 + WINDOW));
            let mut taint = mentions(p, k + 1, end, &tainted);
            // `Id x = <input>;`: the assignment converts the value (or throws).
            if k > 0 && ident(p, k - 1).is_some_and(is_cast_type) {
                taint.raw = false;
            }
            // A callback name read from the request (`params.get('callback')`): JSONP.
            if taint.request && (k + 1..end).any(|i| is_callback_literal(p, i)) {
                taint.jsonp = true;
            }
            if word.eq_ignore_ascii_case("responsebody") && taint.jsonp {
                push_open(body, OpenResponseKind::JsonpCallback, line);
            }
            if taint.any() {
                let slot = tainted.entry(word.to_ascii_lowercase()).or_default();
                slot.merge(taint);
            }
        }
        match p.tok(k) {
            Some(Tok::Query(text)) => {
                let queries = soql::parse(text, line);
                let object = queries
                    .first()
                    .map(|q| q.object.clone())
                    .unwrap_or_default();
                for (variable, field) in binds(text) {
                    let t = tainted
                        .get(&variable.to_ascii_lowercase())
                        .copied()
                        .unwrap_or_default();
                    let id_like = |w: &str| w.to_ascii_lowercase().ends_with("id");
                    if let Some(source) = t.source.filter(|_| id_like(&variable) || id_like(&field))
                    {
                        body.client_ids.push(ClientIdUse {
                            source,
                            sink: format!("query {object}"),
                            variable,
                            line,
                        });
                    }
                }
                body.soql.extend(queries);
            }
            Some(Tok::Ident(word))
                if DML.iter().any(|d| word.eq_ignore_ascii_case(d))
                    && !is_punct(p, k + 1, '(')
                    && (k == 0 || !is_punct(p, k - 1, '.')) =>
            {
                if let Some(variable) = ident(p, k + 1)
                    && let Some(source) = tainted
                        .get(&variable.to_ascii_lowercase())
                        .and_then(|t| t.source)
                {
                    body.client_ids.push(ClientIdUse {
                        source,
                        sink: word.to_ascii_lowercase(),
                        variable: variable.to_owned(),
                        line,
                    });
                }
            }
            Some(Tok::Ident(word)) => {
                if word.eq_ignore_ascii_case("new") {
                    if let Some((ty, after)) = dotted(p, k + 1)
                        && matches!(p.tok(after), Some(Tok::Punct('(')))
                    {
                        let close = args_end(p, after, to);
                        let input = mentions(p, after, close, &tainted);
                        push_call(body, Some(ty), "new".to_owned(), input, line);
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
                    call(p, k, word, to, body, &tainted);
                }
            }
            _ => {}
        }
        k += 1;
    }
}

/// Records the call whose method name is at `k`, with its receiver and, for query APIs, how the
/// query text is given.
fn call(
    p: &Parser<'_, '_>,
    k: usize,
    method: &str,
    to: usize,
    body: &mut CodeBody,
    tainted: &HashMap<String, Taint>,
) {
    let line = p.line_at(k);
    let receiver = receiver(p, k);
    let recv = receiver.as_deref().unwrap_or("");
    let lower = method.to_ascii_lowercase();
    if recv.eq_ignore_ascii_case("security") && lower == "stripinaccessible" {
        push_marker(body, FlsMarkerKind::StripInaccessible, line);
    }
    // `addHeader('Access-Control-Allow-Origin', '*')` (Apex REST) or `getHeaders().put(...)`
    // (Visualforce): any web origin may read the response.
    if let (Some(Tok::Str(name)), Some(Tok::Punct(',')), Some(Tok::Str(value))) =
        (p.tok(k + 2), p.tok(k + 3), p.tok(k + 4))
        && name.eq_ignore_ascii_case("access-control-allow-origin")
        && value.trim() == "*"
    {
        push_open(body, OpenResponseKind::CorsWildcard, line);
    }
    if recv.eq_ignore_ascii_case("database")
        && DML.iter().any(|d| lower == *d)
        && let Some(variable) = ident(p, k + 2)
        && let Some(source) = tainted
            .get(&variable.to_ascii_lowercase())
            .and_then(|t| t.source)
    {
        body.client_ids.push(ClientIdUse {
            source,
            sink: lower.clone(),
            variable: variable.to_owned(),
            line,
        });
    }
    let is_database =
        recv.eq_ignore_ascii_case("database") && DATABASE_QUERY_APIS.contains(&lower.as_str());
    let is_search = recv.eq_ignore_ascii_case("search") && lower == "query";
    if is_database || is_search {
        let close = args_end(p, k + 1, to);
        let query_taint = mentions(p, k + 2, close, tainted);
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
            Some(text) => {
                for mut query in soql::parse(text, line) {
                    if user_mode && query.mode.is_none() {
                        query.mode = Some(ajar_model::code::SoqlMode::UserMode);
                    }
                    body.soql.push(query);
                }
            }
            None if inline => {}
            None => body.dynamic_soql.push(DynamicQuery {
                api: format!(
                    "{}.{method}",
                    if is_database { "Database" } else { "Search" }
                ),
                user_mode,
                from_parameter: query_taint.param,
                from_request: query_taint.request,
                input_sanitized: query_taint.any() && !query_taint.raw,
                line,
            }),
        }
    }
    let close = args_end(p, k + 1, to);
    let input = mentions(p, k + 1, close, tainted);
    push_call(body, receiver, method.to_owned(), input, line);
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

/// How many tokens of an argument list or assignment are examined: enough for any real query
/// builder, and a bound that keeps hostile nesting (`a(a(a(...)))`) linear.
const WINDOW: usize = 256;

/// The `)` closing the argument list opened at `open`, or the end of the window.
fn args_end(p: &Parser<'_, '_>, open: usize, to: usize) -> usize {
    let limit = to.min(open.saturating_add(WINDOW));
    let mut depth = 0u32;
    for k in open..limit {
        if is_punct(p, k, '(') {
            depth += 1;
        } else if is_punct(p, k, ')') {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return k;
            }
        }
    }
    limit
}

/// `=` (not `==`) or `+=` at `k`.
fn is_assignment(p: &Parser<'_, '_>, k: usize) -> bool {
    (is_punct(p, k, '=') && !is_punct(p, k + 1, '='))
        || (is_punct(p, k, '+') && is_punct(p, k + 1, '='))
}

/// Request data a guest controls: page parameters, cookies and the Apex REST request (Apex
/// Reference Guide, "PageReference Class", "Cookie Class", "RestContext Class"), with where
/// each says the value comes from.
const INPUT_SOURCES: &[(&str, ClientSource)] = &[
    ("getparameters", ClientSource::PageParameter),
    ("getcookies", ClientSource::Cookie),
    ("requestbody", ClientSource::RequestBody),
    ("restcontext", ClientSource::PageParameter),
];

/// DML that changes existing records: with a client-chosen ID, someone else's.
const DML: &[&str] = &["update", "delete", "upsert", "undelete"];

/// Types a value is converted to that cannot carry a quote or SOQL syntax (Apex Developer
/// Guide, "Primitive Data Types"): casting or parsing input into them neutralises injection.
fn is_cast_type(t: &str) -> bool {
    [
        "id", "date", "datetime", "time", "integer", "long", "decimal", "double", "boolean",
    ]
    .iter()
    .any(|c| t.eq_ignore_ascii_case(c))
}

/// `'callback'`, `'jsonp'`: the request parameter that names a JSONP callback.
fn is_callback_literal(p: &Parser<'_, '_>, k: usize) -> bool {
    matches!(p.tok(k), Some(Tok::Str(s)) if ["callback", "jsonp", "jsoncallback", "cb"]
        .iter()
        .any(|c| s.eq_ignore_ascii_case(c)))
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

fn push_call(
    body: &mut CodeBody,
    receiver: Option<String>,
    method: String,
    input: Taint,
    line: u64,
) {
    body.calls.push(Call {
        receiver,
        method,
        passes_params: input.param,
        passes_request: input.request,
        line,
    });
}

/// Keeps the first of calls that differ only in case or line, with the input flags if any of
/// them passes input; run once per body, after all its code was scanned (a map, so that a body
/// with many calls stays linear).
pub(crate) fn dedupe_calls(body: &mut CodeBody) {
    let mut first: std::collections::HashMap<(Option<String>, String), usize> =
        std::collections::HashMap::new();
    let mut kept: Vec<Call> = Vec::with_capacity(body.calls.len());
    for call in body.calls.drain(..) {
        let key = (
            call.receiver.as_deref().map(str::to_ascii_lowercase),
            call.method.to_ascii_lowercase(),
        );
        match first.get(&key).and_then(|&i| kept.get_mut(i)) {
            Some(existing) => {
                existing.passes_params |= call.passes_params;
                existing.passes_request |= call.passes_request;
            }
            None => {
                first.insert(key, kept.len());
                kept.push(call);
            }
        }
    }
    body.calls = kept;
}

fn push_open(body: &mut CodeBody, kind: OpenResponseKind, line: u64) {
    if !body
        .open_responses
        .iter()
        .any(|o| o.kind == kind && o.line == line)
    {
        body.open_responses.push(OpenResponse { kind, line });
    }
}

fn push_marker(body: &mut CodeBody, kind: FlsMarkerKind, line: u64) {
    if !body.fls_markers.iter().any(|m| m.kind == kind) {
        body.fls_markers.push(FlsMarker { kind, line });
    }
}
