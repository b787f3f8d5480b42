//! Tokens to declarations: classes (with inner classes), annotations, modifiers, sharing
//! keywords, methods, and what each body queries and calls.
//!
//! Not a full Apex grammar: declarations are recognised by their shape (`... name(...) {` is a
//! method, `... name = ...;` a field, `... name {` a property), which is all code reach needs
//! (Apex Developer Guide, "Classes, Objects, and Interfaces").

use super::body::scan_body;
use super::lexer::{Tok, Token};
use ajar_model::code::{
    Annotation, AnnotationParam, ApexClass, ApexMethod, CodeBody, SharingKeyword, TypeKind,
};
use ajar_model::span::Span;

/// A parse failure and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub(crate) line: u64,
    pub(crate) what: &'static str,
}

const MODIFIERS: &[&str] = &[
    "public",
    "private",
    "protected",
    "global",
    "static",
    "final",
    "abstract",
    "virtual",
    "override",
    "webservice",
    "transient",
    "testmethod",
];

pub(crate) struct Parser<'t, 'a> {
    pub(crate) toks: &'t [Token<'a>],
    pub(crate) pos: usize,
    file: &'t str,
}

/// Annotations, modifiers and sharing keyword read before a declaration.
#[derive(Default)]
struct Prefix {
    annotations: Vec<Annotation>,
    modifiers: Vec<String>,
    sharing: Option<SharingKeyword>,
    line: Option<u64>,
}

impl<'t, 'a> Parser<'t, 'a> {
    pub(crate) fn new(toks: &'t [Token<'a>], file: &'t str) -> Self {
        Self { toks, pos: 0, file }
    }

    pub(crate) fn tok(&self, at: usize) -> Option<&'t Tok<'a>> {
        self.toks.get(at).map(|t| &t.tok)
    }

    pub(crate) fn line_at(&self, at: usize) -> u64 {
        self.toks
            .get(at)
            .or_else(|| self.toks.last())
            .map_or(1, |t| t.line)
    }

    fn ident_at(&self, at: usize) -> Option<&'a str> {
        match self.tok(at) {
            Some(Tok::Ident(s)) => Some(s),
            _ => None,
        }
    }

    fn is_kw(&self, at: usize, kw: &str) -> bool {
        self.ident_at(at)
            .is_some_and(|s| s.eq_ignore_ascii_case(kw))
    }

    fn is_punct(&self, at: usize, c: char) -> bool {
        matches!(self.tok(at), Some(Tok::Punct(p)) if *p == c)
    }

    fn err(&self, what: &'static str) -> ParseError {
        ParseError {
            line: self.line_at(self.pos),
            what,
        }
    }

    /// Index of the token closing the bracket opened at `open` (`(`/`)` or `{`/`}`).
    pub(crate) fn matching(&self, open: usize, o: char, c: char) -> Option<usize> {
        let mut depth = 0u32;
        for k in open..self.toks.len() {
            if self.is_punct(k, o) {
                depth += 1;
            } else if self.is_punct(k, c) {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(k);
                }
            }
        }
        None
    }

    /// Reads annotations, modifiers and a sharing keyword.
    fn prefix(&mut self) -> Result<Prefix, ParseError> {
        let mut prefix = Prefix::default();
        loop {
            let line = self.line_at(self.pos);
            if matches!(self.tok(self.pos), Some(Tok::At)) {
                prefix.line.get_or_insert(line);
                let annotation = self.annotation()?;
                prefix.annotations.push(annotation);
            } else if let Some(word) = self.ident_at(self.pos) {
                let lower = word.to_ascii_lowercase();
                let sharing = match lower.as_str() {
                    "with" => Some(SharingKeyword::With),
                    "without" => Some(SharingKeyword::Without),
                    "inherited" => Some(SharingKeyword::Inherited),
                    _ => None,
                };
                if let Some(keyword) = sharing.filter(|_| self.is_kw(self.pos + 1, "sharing")) {
                    prefix.line.get_or_insert(line);
                    prefix.sharing = Some(keyword);
                    self.pos += 2;
                } else if MODIFIERS.contains(&lower.as_str()) {
                    prefix.line.get_or_insert(line);
                    prefix.modifiers.push(lower);
                    self.pos += 1;
                } else {
                    return Ok(prefix);
                }
            } else {
                return Ok(prefix);
            }
        }
    }

    /// `@Name` or `@Name(key=value key2='v')`; Apex separates parameters with spaces, and
    /// commas are accepted too.
    fn annotation(&mut self) -> Result<Annotation, ParseError> {
        self.pos += 1;
        let name = self
            .ident_at(self.pos)
            .ok_or_else(|| self.err("annotation without a name"))?;
        self.pos += 1;
        let mut annotation = Annotation {
            name: name.to_owned(),
            params: Vec::new(),
        };
        if self.is_punct(self.pos, '(') {
            let end = self
                .matching(self.pos, '(', ')')
                .ok_or_else(|| self.err("unclosed annotation parameters"))?;
            let mut k = self.pos + 1;
            while k < end {
                let value_of = |tok: Option<&Tok<'_>>| match tok {
                    Some(Tok::Str(s)) => Some(s.clone()),
                    Some(Tok::Ident(s)) => Some((*s).to_owned()),
                    _ => None,
                };
                if let (Some(key), true) = (self.ident_at(k), self.is_punct(k + 1, '=')) {
                    let value = value_of(self.tok(k + 2)).unwrap_or_default();
                    annotation.params.push(AnnotationParam {
                        key: key.to_owned(),
                        value,
                    });
                    k += 3;
                } else {
                    if let Some(value) = value_of(self.tok(k)) {
                        annotation.params.push(AnnotationParam {
                            key: String::new(),
                            value,
                        });
                    }
                    k += 1;
                }
            }
            self.pos = end + 1;
        }
        Ok(annotation)
    }

    /// Parses the first top-level type declaration of a file.
    pub(crate) fn file(&mut self) -> Result<ApexClass, ParseError> {
        loop {
            if self.pos >= self.toks.len() {
                return Err(self.err("no class, interface or enum declaration"));
            }
            let start = self.pos;
            let prefix = self.prefix()?;
            if let Some(kind) = self.type_kind(self.pos) {
                return self.type_decl(kind, prefix, None);
            }
            self.pos = self.pos.max(start + 1);
        }
    }

    fn type_kind(&self, at: usize) -> Option<TypeKind> {
        // `class` etc. is a declaration only when a name follows (`Foo.class` is an expression).
        self.ident_at(at + 1)?;
        if self.is_kw(at, "class") {
            Some(TypeKind::Class)
        } else if self.is_kw(at, "interface") {
            Some(TypeKind::Interface)
        } else if self.is_kw(at, "enum") {
            Some(TypeKind::Enum)
        } else {
            None
        }
    }

    /// Parses a type declaration; `pos` is at `class`/`interface`/`enum`.
    fn type_decl(
        &mut self,
        kind: TypeKind,
        prefix: Prefix,
        outer: Option<&str>,
    ) -> Result<ApexClass, ParseError> {
        let keyword_line = self.line_at(self.pos);
        self.pos += 1;
        let name = self
            .ident_at(self.pos)
            .ok_or_else(|| self.err("type declaration without a name"))?;
        self.pos += 1;
        let mut class = ApexClass {
            name: name.to_owned(),
            outer: outer.map(str::to_owned),
            kind,
            sharing: prefix.sharing,
            modifiers: prefix.modifiers,
            annotations: prefix.annotations,
            extends: None,
            implements: Vec::new(),
            api_version: None,
            status: None,
            methods: Vec::new(),
            initializers: CodeBody::default(),
            inner: Vec::new(),
            span: Span::new(self.file, prefix.line.unwrap_or(keyword_line)),
        };
        // Header: extends X, implements A, B, up to `{`.
        let mut in_implements = false;
        let mut angle = 0u32;
        while !self.is_punct(self.pos, '{') {
            if self.pos >= self.toks.len() {
                return Err(self.err("type declaration without a body"));
            }
            if self.is_kw(self.pos, "extends") {
                in_implements = false;
                class.extends = self.type_name(self.pos + 1);
            } else if self.is_kw(self.pos, "implements") {
                in_implements = true;
                if let Some(t) = self.type_name(self.pos + 1) {
                    class.implements.push(t);
                }
            } else if self.is_punct(self.pos, '<') {
                angle += 1;
            } else if self.is_punct(self.pos, '>') {
                angle = angle.saturating_sub(1);
            } else if in_implements
                && angle == 0
                && self.is_punct(self.pos, ',')
                && let Some(t) = self.type_name(self.pos + 1)
            {
                class.implements.push(t);
            }
            self.pos += 1;
        }
        let end = self
            .matching(self.pos, '{', '}')
            .ok_or_else(|| self.err("unclosed type body"))?;
        self.pos += 1;
        if kind == TypeKind::Enum {
            self.pos = end + 1;
            return Ok(class);
        }
        let outer_name = outer.unwrap_or(name).to_owned();
        while self.pos < end {
            self.member(&mut class, &outer_name, end)?;
        }
        self.pos = end + 1;
        Ok(class)
    }

    /// A dotted type name at `at` (`Database.Batchable`), generics left out.
    fn type_name(&self, at: usize) -> Option<String> {
        let mut name = self.ident_at(at)?.to_owned();
        let mut k = at + 1;
        while self.is_punct(k, '.') {
            let Some(part) = self.ident_at(k + 1) else {
                break;
            };
            name.push('.');
            name.push_str(part);
            k += 2;
        }
        Some(name)
    }

    /// One member of a class body ending before `end`.
    fn member(&mut self, class: &mut ApexClass, outer: &str, end: usize) -> Result<(), ParseError> {
        let start = self.pos;
        let prefix = self.prefix()?;
        if self.pos >= end {
            self.pos = end;
            return Ok(());
        }
        if let Some(kind) = self.type_kind(self.pos) {
            let inner = self.type_decl(kind, prefix, Some(outer))?;
            class.inner.push(inner);
            return Ok(());
        }
        if self.is_punct(self.pos, ';') {
            self.pos += 1;
            return Ok(());
        }
        if self.is_punct(self.pos, '{') {
            // An initializer block (`static { ... }` or `{ ... }`).
            let close = self.block_end(end)?;
            scan_body(self, self.pos + 1, close, &mut class.initializers);
            self.pos = close + 1;
            return Ok(());
        }
        let decl_line = prefix.line.unwrap_or_else(|| self.line_at(self.pos));
        let mut k = self.pos;
        let mut last_paren_open: Option<usize> = None;
        while k < end {
            if self.is_punct(k, '(') {
                last_paren_open = Some(k);
                k = self
                    .matching(k, '(', ')')
                    .ok_or_else(|| self.err("unclosed parenthesis"))?;
            } else if self.is_punct(k, '=') {
                // A field with an initializer: the expression runs with the class.
                let stop = self.statement_end(k, end);
                scan_body(self, k + 1, stop, &mut class.initializers);
                self.pos = stop + 1;
                return Ok(());
            } else if self.is_punct(k, ';') {
                self.pos = k + 1;
                return Ok(());
            } else if self.is_punct(k, '{') {
                let close = self
                    .matching(k, '{', '}')
                    .ok_or_else(|| self.err("unclosed block"))?
                    .min(end);
                let is_method = k > 0 && self.is_punct(k - 1, ')');
                let name_at = if is_method {
                    last_paren_open.and_then(|o| o.checked_sub(1))
                } else {
                    k.checked_sub(1)
                };
                let name = name_at.and_then(|n| self.ident_at(n)).unwrap_or("");
                let mut method = ApexMethod {
                    name: name.to_owned(),
                    constructor: is_method && name.eq_ignore_ascii_case(&class.name),
                    annotations: prefix.annotations,
                    modifiers: prefix.modifiers,
                    line: decl_line,
                    body: CodeBody::default(),
                };
                scan_body(self, k + 1, close, &mut method.body);
                // A property with plain `get; set;` accessors says nothing about reach.
                if is_method || method.body != CodeBody::default() {
                    class.methods.push(method);
                }
                self.pos = close + 1;
                return Ok(());
            }
            k += 1;
        }
        // Tokens up to the end of the body without a terminator: skip them.
        self.pos = end.max(start + 1);
        Ok(())
    }

    fn block_end(&self, end: usize) -> Result<usize, ParseError> {
        Ok(self
            .matching(self.pos, '{', '}')
            .ok_or_else(|| self.err("unclosed block"))?
            .min(end))
    }

    /// The `;` ending a statement that starts at `from`, brackets balanced; `end` if none.
    fn statement_end(&self, from: usize, end: usize) -> usize {
        let mut depth = 0i64;
        for k in from..end {
            match self.tok(k) {
                Some(Tok::Punct('(' | '{' | '[')) => depth += 1,
                Some(Tok::Punct(')' | '}' | ']')) => depth -= 1,
                Some(Tok::Punct(';')) if depth <= 0 => return k,
                _ => {}
            }
        }
        end
    }
}
