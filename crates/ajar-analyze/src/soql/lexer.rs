//! Splits SOQL text into tokens, each with its byte offset.

use super::Refusal;

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token<'a> {
    pub(super) kind: Tok<'a>,
    pub(super) offset: usize,
}

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok<'a> {
    /// A keyword, field, object or alias name (`[A-Za-z_][A-Za-z0-9_]*`).
    Word(&'a str),
    /// A quoted string, as written between the quotes (escapes not yet decoded: `LIKE`
    /// decodes `\%` and `\_` differently from other contexts).
    Str(&'a str),
    /// An unquoted number.
    Number(&'a str),
    /// A date `YYYY-MM-DD` or a date-time `YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)`.
    Date(&'a str),
    /// `(`, `)`, `,`, `.`, `:`, or a comparison operator.
    Punct(&'a str),
}

fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Length of a date or date-time literal at the start of `s`, if one is there.
fn date_len(s: &[u8]) -> Option<usize> {
    let digits = |from: usize, n: usize| {
        s.get(from..from + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let at = |i: usize, c: u8| s.get(i) == Some(&c);
    if !(digits(0, 4) && at(4, b'-') && digits(5, 2) && at(7, b'-') && digits(8, 2)) {
        return None;
    }
    if !(at(10, b'T') || at(10, b't')) {
        return Some(10);
    }
    if !(digits(11, 2) && at(13, b':') && digits(14, 2) && at(16, b':') && digits(17, 2)) {
        return Some(10);
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        while s.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    if at(i, b'Z') || at(i, b'z') {
        return Some(i + 1);
    }
    if (at(i, b'+') || at(i, b'-')) && digits(i + 1, 2) && at(i + 3, b':') && digits(i + 4, 2) {
        return Some(i + 6);
    }
    // A date-time without a zone is not valid SOQL; the parser refuses the bare token.
    Some(i)
}

/// Splits `text` into tokens.
pub(super) fn lex(text: &str) -> Result<Vec<Token<'_>>, Refusal> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let kind = if c == b'\'' {
            i += 1;
            loop {
                match b.get(i) {
                    None => {
                        return Err(Refusal::new("a quoted string is not closed", start));
                    }
                    Some(b'\\') => i += 2,
                    Some(b'\'') => break,
                    Some(_) => i += 1,
                }
            }
            i += 1;
            Tok::Str(text.get(start + 1..i - 1).unwrap_or_default())
        } else if let Some(n) = b.get(i..).and_then(date_len) {
            i += n;
            Tok::Date(text.get(start..i).unwrap_or_default())
        } else if c.is_ascii_digit()
            || ((c == b'-' || c == b'+' || c == b'.')
                && b.get(i + 1)
                    .is_some_and(|d| d.is_ascii_digit() || *d == b'.'))
        {
            i += 1;
            while b
                .get(i)
                .is_some_and(|d| d.is_ascii_digit() || *d == b'.' || *d == b'e' || *d == b'E')
            {
                i += 1;
            }
            Tok::Number(text.get(start..i).unwrap_or_default())
        } else if is_word_start(c) {
            while b.get(i).copied().is_some_and(is_word) {
                i += 1;
            }
            Tok::Word(text.get(start..i).unwrap_or_default())
        } else {
            let two = b.get(i..i + 2);
            let len = match two {
                Some(b"!=" | b"<>" | b"<=" | b">=") => 2,
                _ if b"(),.:=<>".contains(&c) => 1,
                _ => {
                    return Err(Refusal::new(
                        "a character that SOQL does not use outside quotes",
                        start,
                    ));
                }
            };
            i += len;
            Tok::Punct(text.get(start..i).unwrap_or_default())
        };
        out.push(Token {
            kind,
            offset: start,
        });
    }
    Ok(out)
}
