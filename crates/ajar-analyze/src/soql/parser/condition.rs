//! The `WHERE` condition and its literals.

use super::Parser;
use crate::soql::dates::DateLiteral;
use crate::soql::lexer::{Tok, Token};
use crate::soql::{Condition, LikePart, Literal, Op, Path, Refusal};

/// Date functions (`CALENDAR_YEAR(CreatedDate) = 2025`) are refused; these are their names.
const DATE_FUNCTIONS: &[&str] = &[
    "CALENDAR_MONTH",
    "CALENDAR_QUARTER",
    "CALENDAR_YEAR",
    "DAY_IN_MONTH",
    "DAY_IN_WEEK",
    "DAY_IN_YEAR",
    "DAY_ONLY",
    "FISCAL_MONTH",
    "FISCAL_QUARTER",
    "FISCAL_YEAR",
    "HOUR_IN_DAY",
    "WEEK_IN_MONTH",
    "WEEK_IN_YEAR",
    "convertTimezone",
];

/// Decodes a quoted string's escapes (SOQL reference, "Quoted String Escape Sequences").
/// In `LIKE`, `\%` and `\_` stand for the characters themselves; elsewhere they are errors.
fn decode(raw: &str, offset: usize, like: bool) -> Result<Vec<LikePart>, Refusal> {
    let bad = || {
        Refusal::new(
            "not valid SOQL: an unknown escape in a quoted string",
            offset,
        )
    };
    let mut out = Vec::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        let part = match c {
            '\\' => {
                let e = chars.next().ok_or_else(bad)?;
                LikePart::Char(match e {
                    'n' | 'N' => '\n',
                    'r' | 'R' => '\r',
                    't' | 'T' => '\t',
                    'b' | 'B' => '\u{8}',
                    'f' | 'F' => '\u{c}',
                    '"' | '\'' | '\\' => e,
                    '%' | '_' if like => e,
                    'u' => {
                        let hex: String = chars.by_ref().take(4).collect();
                        if hex.len() != 4 {
                            return Err(bad());
                        }
                        let v = u32::from_str_radix(&hex, 16).map_err(|_| bad())?;
                        char::from_u32(v).ok_or_else(bad)?
                    }
                    _ => return Err(bad()),
                })
            }
            '%' if like => LikePart::Any,
            '_' if like => LikePart::One,
            c => LikePart::Char(c),
        };
        out.push(part);
    }
    Ok(out)
}

fn text(raw: &str, offset: usize) -> Result<String, Refusal> {
    Ok(decode(raw, offset, false)?
        .into_iter()
        .filter_map(|p| match p {
            LikePart::Char(c) => Some(c),
            _ => None,
        })
        .collect())
}

impl Parser<'_> {
    pub(super) fn condition(&mut self) -> Result<Condition, Refusal> {
        self.enter()?;
        let mut parts = vec![self.conjunction()?];
        while self.eat_kw("OR") {
            parts.push(self.conjunction()?);
        }
        self.leave();
        Ok(if parts.len() == 1 {
            parts.swap_remove(0)
        } else {
            Condition::Or(parts)
        })
    }

    fn conjunction(&mut self) -> Result<Condition, Refusal> {
        let mut parts = vec![self.negation()?];
        while self.eat_kw("AND") {
            parts.push(self.negation()?);
        }
        Ok(if parts.len() == 1 {
            parts.swap_remove(0)
        } else {
            Condition::And(parts)
        })
    }

    fn negation(&mut self) -> Result<Condition, Refusal> {
        if self.eat_kw("NOT") {
            self.enter()?;
            let inner = self.negation()?;
            self.leave();
            return Ok(Condition::Not(Box::new(inner)));
        }
        if self.eat_punct("(") {
            let c = self.condition()?;
            self.expect_punct(")")?;
            return Ok(c);
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Condition, Refusal> {
        let at = self.here();
        if let (Some(Tok::Word(w)), Some(Tok::Punct("("))) = (self.peek(), self.peek_at(1)) {
            let what = if DATE_FUNCTIONS.iter().any(|f| w.eq_ignore_ascii_case(f)) {
                "a date function in `WHERE`"
            } else if w.eq_ignore_ascii_case("DISTANCE") || w.eq_ignore_ascii_case("GEOLOCATION") {
                "a geolocation function"
            } else if w.eq_ignore_ascii_case("convertCurrency") {
                "`convertCurrency()`"
            } else {
                "a function in `WHERE`"
            };
            return Err(self.unsupported(what, at));
        }
        let path = self.path()?;
        // `Name NOT IN (...)`, and `Name NOT LIKE 'x'` which some clients write.
        let negated = self.eat_kw("NOT");
        if self.eat_kw("IN") {
            return Ok(Condition::In(path, negated, self.list()?));
        }
        if self.eat_kw("LIKE") {
            let like = self.like(path)?;
            return Ok(if negated {
                Condition::Not(Box::new(like))
            } else {
                like
            });
        }
        if negated {
            return Err(self.syntax("`IN` or `LIKE` expected after `NOT`"));
        }
        for (kw, excludes) in [("INCLUDES", false), ("EXCLUDES", true)] {
            if self.eat_kw(kw) {
                let sets = self.picklist_sets()?;
                return Ok(Condition::Includes(path, excludes, sets));
            }
        }
        let op = match self.peek() {
            Some(Tok::Punct("=")) => Op::Eq,
            Some(Tok::Punct("!=" | "<>")) => Op::Ne,
            Some(Tok::Punct("<")) => Op::Lt,
            Some(Tok::Punct("<=")) => Op::Le,
            Some(Tok::Punct(">")) => Op::Gt,
            Some(Tok::Punct(">=")) => Op::Ge,
            _ => return Err(self.syntax("a comparison operator expected")),
        };
        self.pos += 1;
        let value = self.literal()?;
        Ok(Condition::Compare(path, op, value))
    }

    fn like(&mut self, path: Path) -> Result<Condition, Refusal> {
        match self.bump() {
            Some(Token {
                kind: Tok::Str(raw),
                offset,
            }) => Ok(Condition::Like(path, decode(raw, offset, true)?)),
            _ => Err(self.syntax("a quoted pattern after `LIKE` expected")),
        }
    }

    fn open_list(&mut self) -> Result<(), Refusal> {
        if self.at_punct(":") {
            let at = self.here();
            return Err(self.unsupported("a bind variable", at));
        }
        self.expect_punct("(")?;
        if self.at_kw("SELECT") {
            let at = self.here();
            return Err(self.unsupported("a semi-join or anti-join (`IN (SELECT ...)`)", at));
        }
        Ok(())
    }

    fn list(&mut self) -> Result<Vec<Literal>, Refusal> {
        self.open_list()?;
        let mut values = vec![self.literal()?];
        while self.eat_punct(",") {
            values.push(self.literal()?);
        }
        self.expect_punct(")")?;
        Ok(values)
    }

    fn picklist_sets(&mut self) -> Result<Vec<Vec<String>>, Refusal> {
        self.open_list()?;
        let mut sets = Vec::new();
        loop {
            match self.bump() {
                Some(Token {
                    kind: Tok::Str(raw),
                    offset,
                }) => sets.push(
                    text(raw, offset)?
                        .split(';')
                        .map(|v| v.trim().to_lowercase())
                        .collect(),
                ),
                _ => return Err(self.syntax("a quoted value expected")),
            }
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct(")")?;
        Ok(sets)
    }

    fn literal(&mut self) -> Result<Literal, Refusal> {
        let Some(Token { kind, offset }) = self.bump() else {
            return Err(self.syntax("a value expected"));
        };
        let invalid = |what: &str| Refusal::new(format!("not valid SOQL: {what}"), offset);
        Ok(match kind {
            Tok::Str(raw) => Literal::Text(text(raw, offset)?),
            Tok::Number(n) => Literal::Number(
                n.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| invalid("a malformed number"))?,
            ),
            Tok::Date(d) if d.len() == 10 => Literal::Date(
                d.parse::<jiff::civil::Date>()
                    .map_err(|_| invalid("a date that does not exist"))?,
            ),
            Tok::Date(d) => Literal::DateTime(d.parse::<jiff::Timestamp>().map_err(|_| {
                invalid("a date-time needs a valid time and a zone (`Z` or an offset)")
            })?),
            Tok::Word(w) if w.eq_ignore_ascii_case("null") => Literal::Null,
            Tok::Word(w) if w.eq_ignore_ascii_case("true") => Literal::Bool(true),
            Tok::Word(w) if w.eq_ignore_ascii_case("false") => Literal::Bool(false),
            Tok::Word(w) => {
                let n = if self.eat_punct(":") {
                    match self.bump().map(|t| t.kind) {
                        Some(Tok::Number(n)) => Some(n.parse::<u32>().map_err(|_| {
                            invalid("a date literal takes a whole number after `:`")
                        })?),
                        _ => return Err(invalid("a number after `:` expected")),
                    }
                } else {
                    None
                };
                Literal::Relative(DateLiteral::parse(w, n).map_err(|r| Refusal::new(r, offset))?)
            }
            Tok::Punct(":") => return Err(self.unsupported("a bind variable", offset)),
            Tok::Punct(_) => return Err(invalid("a value expected")),
        })
    }
}
