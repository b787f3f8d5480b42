//! Annotations and parameter lists.

use super::{ParseError, Parser};
use crate::metadata::apex::lexer::Tok;
use ajar_model::code::{Annotation, AnnotationParam, ApexParam};

impl Parser<'_, '_> {
    /// `@Name` or `@Name(key=value key2='v')`; Apex separates parameters with spaces, and
    /// commas are accepted too.
    pub(super) fn annotation(&mut self) -> Result<Annotation, ParseError> {
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

    /// Parameters between `from` and `to` (exclusive): `Type name` pairs separated by commas
    /// outside generics.
    pub(super) fn params(&self, from: usize, to: usize) -> Vec<ApexParam> {
        let mut out = Vec::new();
        let mut angle = 0u32;
        let mut segment: Vec<&Tok<'_>> = Vec::new();
        let mut flush = |segment: &mut Vec<&Tok<'_>>| {
            let Some((Tok::Ident(name), ty)) = segment.split_last() else {
                segment.clear();
                return;
            };
            let type_name: String = ty
                .iter()
                .filter(|t| !matches!(t, Tok::Ident(w) if w.eq_ignore_ascii_case("final")))
                .map(|t| match t {
                    Tok::Ident(w) => (*w).to_owned(),
                    Tok::Punct(c) => c.to_string(),
                    _ => String::new(),
                })
                .collect();
            out.push(ApexParam {
                type_name,
                name: (*name).to_owned(),
            });
            segment.clear();
        };
        for k in from..to {
            let Some(tok) = self.tok(k) else { break };
            match tok {
                Tok::Punct('<') => angle += 1,
                Tok::Punct('>') => angle = angle.saturating_sub(1),
                Tok::Punct(',') if angle == 0 => {
                    flush(&mut segment);
                    continue;
                }
                _ => {}
            }
            segment.push(tok);
        }
        flush(&mut segment);
        out
    }
}
