//! Apex source to tokens: identifiers, string literals, punctuation and whole SOQL brackets.
//!
//! Apex is case-insensitive and has C-style comments and single-quoted strings with backslash
//! escapes (Apex Developer Guide, "Primitive Data Types" and "Comments"). An inline SOQL query
//! is an expression in square brackets starting with `SELECT` (SOSL with `FIND`), so a `[` that
//! opens a query is taken whole, up to its matching `]`, as one token; any other `[` is
//! punctuation (list indexing).

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// An identifier or keyword, as written.
    Ident(&'a str),
    /// A string literal, escapes resolved.
    Str(String),
    /// A numeric literal.
    Num,
    /// `@`.
    At,
    /// Any other character.
    Punct(char),
    /// The text between `[` and `]` of an inline SOQL or SOSL query.
    Query(&'a str),
}

/// A token and the 1-based line where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub(crate) tok: Tok<'a>,
    pub(crate) line: u64,
}

/// Why lexing failed, and on which line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LexError {
    pub(crate) line: u64,
    pub(crate) what: &'static str,
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> Lexer<'a> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// Advances one byte, counting lines.
    fn bump(&mut self) -> Option<u8> {
        let b = self.peek(0)?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.src.get(start..end).unwrap_or("")
    }

    /// Skips whitespace and comments; errors on an unterminated block comment.
    fn skip_trivia(&mut self) -> Result<(), LexError> {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(b), _) if b.is_ascii_whitespace() => {
                    self.bump();
                }
                (Some(b'/'), Some(b'/')) => {
                    while let Some(b) = self.peek(0) {
                        if b == b'\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    let line = self.line;
                    self.pos += 2;
                    loop {
                        match (self.peek(0), self.peek(1)) {
                            (Some(b'*'), Some(b'/')) => {
                                self.pos += 2;
                                break;
                            }
                            (Some(_), _) => {
                                self.bump();
                            }
                            (None, _) => {
                                return Err(LexError {
                                    line,
                                    what: "unterminated block comment",
                                });
                            }
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Reads a string literal whose opening quote is at `pos`.
    fn string(&mut self) -> Result<String, LexError> {
        let line = self.line;
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            match self.peek(0) {
                None | Some(b'\n') => {
                    return Err(LexError {
                        line,
                        what: "unterminated string literal",
                    });
                }
                Some(b'\'') => {
                    self.pos += 1;
                    return Ok(String::from_utf8_lossy(&out).into_owned());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match self.peek(0) {
                        None | Some(b'\n') => {
                            return Err(LexError {
                                line,
                                what: "unterminated string literal",
                            });
                        }
                        Some(b'n') => b'\n',
                        Some(b't') => b'\t',
                        Some(b'r') => b'\r',
                        Some(b'b') => 8,
                        Some(b'f') => 12,
                        Some(other) => other,
                    };
                    self.pos += 1;
                    out.push(escaped);
                }
                Some(b) => {
                    self.pos += 1;
                    out.push(b);
                }
            }
        }
    }

    /// If the `[` at `pos` opens a query, returns its inner text and moves past the `]`.
    fn query(&mut self) -> Result<Option<&'a str>, LexError> {
        let mut look = self.pos + 1;
        while self.bytes.get(look).is_some_and(u8::is_ascii_whitespace) {
            look += 1;
        }
        let word_end = (look..self.bytes.len())
            .find(|&i| {
                !self
                    .bytes
                    .get(i)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            })
            .unwrap_or(self.bytes.len());
        let word = self.slice(look, word_end);
        if !(word.eq_ignore_ascii_case("select") || word.eq_ignore_ascii_case("find")) {
            return Ok(None);
        }
        let line = self.line;
        self.bump();
        let start = self.pos;
        let mut depth = 0u32;
        loop {
            match self.peek(0) {
                None => {
                    return Err(LexError {
                        line,
                        what: "unterminated SOQL query",
                    });
                }
                Some(b'\'') => {
                    self.string()?;
                }
                Some(b'[') => {
                    depth += 1;
                    self.bump();
                }
                Some(b']') if depth == 0 => {
                    let text = self.slice(start, self.pos);
                    self.bump();
                    return Ok(Some(text));
                }
                Some(b']') => {
                    depth -= 1;
                    self.bump();
                }
                Some(_) => {
                    self.bump();
                }
            }
        }
    }

    fn next(&mut self) -> Result<Option<Token<'a>>, LexError> {
        self.skip_trivia()?;
        let line = self.line;
        let Some(b) = self.peek(0) else {
            return Ok(None);
        };
        let tok = if b.is_ascii_alphabetic() || b == b'_' {
            let start = self.pos;
            while self
                .peek(0)
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
            {
                self.pos += 1;
            }
            Tok::Ident(self.slice(start, self.pos))
        } else if b.is_ascii_digit() {
            while self
                .peek(0)
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'_')
            {
                self.pos += 1;
            }
            Tok::Num
        } else if b == b'\'' {
            Tok::Str(self.string()?)
        } else if b == b'@' {
            self.pos += 1;
            Tok::At
        } else if b == b'[' {
            match self.query()? {
                Some(text) => Tok::Query(text),
                None => {
                    self.pos += 1;
                    Tok::Punct('[')
                }
            }
        } else {
            // A whole character, so that multi-byte input never splits a code point.
            let c = self
                .src
                .get(self.pos..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or('\u{fffd}');
            self.pos += c.len_utf8().max(1);
            Tok::Punct(c)
        };
        Ok(Some(Token { tok, line }))
    }
}

/// Splits Apex source into tokens.
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token<'_>>, LexError> {
    let mut lexer = Lexer {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut out = Vec::new();
    while let Some(token) = lexer.next()? {
        out.push(token);
    }
    Ok(out)
}
