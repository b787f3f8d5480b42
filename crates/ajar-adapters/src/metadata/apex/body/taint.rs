//! Where a value comes from (a method parameter, request data) and how it flows into a
//! query: bind variables, operands, and the names a span of code mentions.

use super::*;

/// Where a value comes from: a parameter of the method, request data, or both.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Taint {
    pub(super) param: bool,
    pub(super) request: bool,
    /// Some of it reaches the value unescaped and uncast.
    pub(super) raw: bool,
    /// It names a JSONP callback taken from the request.
    pub(super) jsonp: bool,
    /// The first client source it carries.
    pub(super) source: Option<ClientSource>,
}

impl Taint {
    pub(super) fn any(self) -> bool {
        self.param || self.request
    }

    pub(super) fn merge(&mut self, other: Self) {
        self.param |= other.param;
        self.request |= other.request;
        self.raw |= other.raw;
        self.jsonp |= other.jsonp;
        // `RestContext.request.requestBody`: the body is the more precise source.
        self.source = match (self.source, other.source) {
            (Some(ClientSource::PageParameter), Some(ClientSource::RequestBody)) => other.source,
            (mine, theirs) => mine.or(theirs),
        };
    }
}

/// Bind variables of an inline query (`:regId`, `:rec.Id` → `rec`) with the field compared
/// to each (`Id` in `WHERE Id = :regId`), best effort.
pub(super) fn binds(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(':') {
        let before = rest.get(..at).unwrap_or_default();
        let after = rest.get(at + 1..).unwrap_or_default().trim_start();
        let variable: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !variable.is_empty() {
            let field = before
                .trim_end()
                .trim_end_matches(['=', '!', '<', '>'])
                .trim_end();
            let field = field
                .strip_suffix(" IN")
                .or_else(|| field.strip_suffix(" in"))
                .unwrap_or(field)
                .trim_end();
            let field = field
                .rsplit(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or_default();
            out.push((variable, field.to_owned()));
        }
        rest = after;
    }
    out
}

/// The end of the operand after a cast `(Id)`: a dotted chain of names and calls.
fn operand_end(p: &Parser<'_, '_>, from: usize, to: usize) -> usize {
    let mut k = from;
    while k < to {
        if ident(p, k).is_some() || is_punct(p, k, '.') {
            k += 1;
        } else if is_punct(p, k, '(') {
            k = args_end(p, k, to).saturating_add(1);
        } else {
            break;
        }
    }
    k.min(to)
}

/// What tokens `from..to` carry: tainted names (lower-case) and request-data sources. Input
/// inside `String.escapeSingleQuotes(...)`, `Id.valueOf(...)` (and the other cast types) or
/// after a cast `(Id)` counts, but not as raw.
pub(super) fn mentions(
    p: &Parser<'_, '_>,
    from: usize,
    to: usize,
    names: &HashMap<String, Taint>,
) -> Taint {
    let mut buf = [0u8; 64];
    let mut out = Taint::default();
    let mut i = from;
    while i < to {
        let escaped = is_word(p, i, "escapesinglequotes") && is_punct(p, i + 1, '(');
        let parsed = is_word(p, i, "valueof")
            && is_punct(p, i + 1, '(')
            && i >= 2
            && is_punct(p, i - 1, '.')
            && ident(p, i - 2).is_some_and(is_cast_type);
        let sanitized_region = if escaped || parsed {
            Some((i + 1, args_end(p, i + 1, to)))
        } else if is_punct(p, i, '(')
            && ident(p, i + 1).is_some_and(is_cast_type)
            && is_punct(p, i + 2, ')')
            && ident(p, i + 3).is_some()
        {
            Some((i + 3, operand_end(p, i + 3, to)))
        } else {
            None
        };
        if let Some((start, end)) = sanitized_region {
            let mut inner = mentions_plain(p, start, end, names, &mut buf);
            inner.raw = false;
            out.merge(inner);
            i = end.max(i + 1);
            continue;
        }
        let plain = mentions_plain(p, i, i + 1, names, &mut buf);
        out.merge(plain);
        i += 1;
    }
    out
}

/// [`mentions`] without sanitizers: every tainted name and source in `from..to`.
fn mentions_plain(
    p: &Parser<'_, '_>,
    from: usize,
    to: usize,
    names: &HashMap<String, Taint>,
    buf: &mut [u8; 64],
) -> Taint {
    let mut out = Taint::default();
    for i in from..to {
        let Some(word) = ident(p, i) else { continue };
        // Lower-case into a stack buffer: this runs for every token of every argument list.
        let Some(slot) = buf.get_mut(..word.len()) else {
            continue;
        };
        slot.copy_from_slice(word.as_bytes());
        slot.make_ascii_lowercase();
        let lower = std::str::from_utf8(slot).unwrap_or("");
        if let Some(t) = names.get(lower) {
            out.merge(*t);
        }
        if let Some((_, source)) = INPUT_SOURCES.iter().find(|(w, _)| *w == lower) {
            out.request = true;
            out.raw = true;
            // `RestContext.request.requestBody`: the body, not the parameters.
            if out.source.is_none() || out.source == Some(ClientSource::PageParameter) {
                out.source = Some(*source);
            }
        }
    }
    out
}
