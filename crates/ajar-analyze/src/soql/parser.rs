//! The query's clauses: `SELECT ... FROM ... [WHERE] [WITH] [ORDER BY] [LIMIT] [OFFSET] [FOR]`.

mod condition;

use super::lexer::{Tok, Token, lex};
use super::{AccessMode, FieldSet, OrderKey, Path, Query, Refusal, SelectItem};

/// Nesting of parentheses and `NOT` beyond which a query is refused rather than recursed into.
const MAX_DEPTH: usize = 100;

pub(super) struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    pos: usize,
    end: usize,
    alias: Option<String>,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Tok<'a>> {
        self.tokens.get(self.pos).map(|t| &t.kind)
    }
    fn peek_at(&self, n: usize) -> Option<&Tok<'a>> {
        self.tokens.get(self.pos + n).map(|t| &t.kind)
    }
    /// The offset of the next token (the text's end when none is left).
    fn here(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |t| t.offset)
    }
    fn bump(&mut self) -> Option<Token<'a>> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    /// Whether the next token is the keyword `kw` (case-insensitive).
    fn at_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw))
    }
    fn at_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }
    fn eat_kw(&mut self, kw: &str) -> bool {
        let yes = self.at_kw(kw);
        if yes {
            self.pos += 1;
        }
        yes
    }
    fn eat_punct(&mut self, p: &str) -> bool {
        let yes = self.at_punct(p);
        if yes {
            self.pos += 1;
        }
        yes
    }
    fn expect_kw(&mut self, kw: &str) -> Result<(), Refusal> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.syntax(&format!("`{kw}` expected")))
        }
    }
    fn expect_punct(&mut self, p: &str) -> Result<(), Refusal> {
        if self.eat_punct(p) {
            Ok(())
        } else {
            Err(self.syntax(&format!("`{p}` expected")))
        }
    }
    fn syntax(&self, what: &str) -> Refusal {
        Refusal::new(format!("not valid SOQL: {what}"), self.here())
    }
    fn unsupported(&self, what: &str, offset: usize) -> Refusal {
        Refusal::new(format!("{what}: not evaluated over the export"), offset)
    }
    fn enter(&mut self) -> Result<(), Refusal> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Refusal::new(
                "conditions nested too deeply to evaluate",
                self.here(),
            ));
        }
        Ok(())
    }
    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// A bare name.
    fn word(&mut self) -> Result<(&'a str, usize), Refusal> {
        match self.tokens.get(self.pos) {
            Some(Token {
                kind: Tok::Word(w),
                offset,
            }) => {
                let r = (*w, *offset);
                self.pos += 1;
                Ok(r)
            }
            _ => Err(self.syntax("a name expected")),
        }
    }

    /// A field path `a.b.c`, the query's alias removed.
    fn path(&mut self) -> Result<Path, Refusal> {
        let (first, offset) = self.word()?;
        let mut segments = vec![first.to_owned()];
        while self.at_punct(".") {
            self.pos += 1;
            segments.push(self.word()?.0.to_owned());
        }
        if segments.len() > 1
            && self
                .alias
                .as_deref()
                .is_some_and(|a| segments.first().is_some_and(|s| s.eq_ignore_ascii_case(a)))
        {
            segments.remove(0);
        }
        Ok(Path { segments, offset })
    }

    fn select_item(&mut self) -> Result<SelectItem, Refusal> {
        let offset = self.here();
        if self.at_punct("(") {
            return Err(self.unsupported("a subquery in the select list", offset));
        }
        if self.at_kw("TYPEOF") {
            return Err(self.unsupported("`TYPEOF`", offset));
        }
        let is_call = matches!(self.peek_at(1), Some(Tok::Punct("(")));
        if !is_call {
            let p = self.path()?;
            return Ok(SelectItem::Field(p));
        }
        let (name, _) = self.word()?;
        self.expect_punct("(")?;
        let item = if name.eq_ignore_ascii_case("COUNT") {
            if self.eat_punct(")") {
                return Ok(SelectItem::Count(None));
            }
            SelectItem::Count(Some(self.path()?))
        } else if name.eq_ignore_ascii_case("FIELDS") {
            let (set, at) = self.word()?;
            let set = match set.to_ascii_uppercase().as_str() {
                "ALL" => FieldSet::All,
                "STANDARD" => FieldSet::Standard,
                "CUSTOM" => FieldSet::Custom,
                _ => {
                    return Err(Refusal::new(
                        "not valid SOQL: `FIELDS` takes `ALL`, `STANDARD` or `CUSTOM`",
                        at,
                    ));
                }
            };
            SelectItem::Fields(set)
        } else if name.eq_ignore_ascii_case("toLabel") || name.eq_ignore_ascii_case("FORMAT") {
            SelectItem::Field(self.path()?)
        } else if name.eq_ignore_ascii_case("convertCurrency") {
            return Err(self.unsupported("`convertCurrency()`", offset));
        } else if ["AVG", "MIN", "MAX", "SUM", "COUNT_DISTINCT"]
            .iter()
            .any(|a| name.eq_ignore_ascii_case(a))
        {
            return Err(self.unsupported("an aggregate function other than `COUNT`", offset));
        } else if name.eq_ignore_ascii_case("DISTANCE") || name.eq_ignore_ascii_case("GEOLOCATION")
        {
            return Err(self.unsupported("a geolocation function", offset));
        } else {
            return Err(self.unsupported("a function in the select list", offset));
        };
        self.expect_punct(")")?;
        // An alias after an aggregate (`COUNT(Id) total`).
        if matches!(item, SelectItem::Count(_))
            && matches!(self.peek(), Some(Tok::Word(w)) if !w.eq_ignore_ascii_case("FROM"))
        {
            self.pos += 1;
        }
        Ok(item)
    }

    fn order_key(&mut self) -> Result<OrderKey, Refusal> {
        if matches!(self.peek_at(1), Some(Tok::Punct("("))) {
            let offset = self.here();
            return Err(self.unsupported("a function in `ORDER BY`", offset));
        }
        let path = self.path()?;
        let descending = if self.eat_kw("DESC") {
            true
        } else {
            self.eat_kw("ASC");
            false
        };
        let mut nulls_last = false;
        if self.eat_kw("NULLS") {
            if self.eat_kw("LAST") {
                nulls_last = true;
            } else {
                self.expect_kw("FIRST")?;
            }
        }
        Ok(OrderKey {
            path,
            descending,
            nulls_last,
        })
    }

    fn count_value(&mut self, clause: &str) -> Result<u64, Refusal> {
        let at = self.here();
        match self.bump() {
            Some(Token {
                kind: Tok::Number(n),
                offset,
            }) => n.parse::<u64>().map_err(|_| {
                Refusal::new(
                    format!("not valid SOQL: `{clause}` takes a whole number"),
                    offset,
                )
            }),
            Some(Token {
                kind: Tok::Punct(":"),
                offset,
            }) => Err(self.unsupported("a bind variable", offset)),
            _ => Err(Refusal::new(
                format!("not valid SOQL: a number after `{clause}` expected"),
                at,
            )),
        }
    }

    fn query(&mut self) -> Result<Query, Refusal> {
        self.expect_kw("SELECT")?;
        // The alias is known only after FROM: read the select list twice.
        let select_start = self.pos;
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            match t {
                Tok::Punct("(") => depth += 1,
                Tok::Punct(")") => depth = depth.saturating_sub(1),
                Tok::Word(w) if depth == 0 && w.eq_ignore_ascii_case("FROM") => break,
                _ => {}
            }
            self.pos += 1;
        }
        self.expect_kw("FROM")?;
        let (object, object_offset) = self.word()?;
        if self.at_punct(".") || self.at_punct(",") {
            return Err(self.unsupported(
                "a query over a relationship or several objects",
                object_offset,
            ));
        }
        const CLAUSES: &[&str] = &[
            "USING", "WHERE", "WITH", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "FOR",
            "UPDATE", "ALL",
        ];
        if let Some(Tok::Word(w)) = self.peek() {
            let w = *w;
            if !CLAUSES.iter().any(|c| w.eq_ignore_ascii_case(c)) {
                self.eat_kw("AS");
                self.alias = Some(self.word()?.0.to_owned());
            }
        }
        let after_from = self.pos;
        self.pos = select_start;
        let mut select = Vec::new();
        let mut count_at = None;
        loop {
            let at = self.here();
            let item = self.select_item()?;
            if matches!(item, SelectItem::Count(_)) {
                count_at = Some(at);
            }
            select.push(item);
            if !self.eat_punct(",") {
                break;
            }
        }
        if !self.at_kw("FROM") {
            return Err(self.syntax("`,` or `FROM` expected"));
        }
        if let Some(at) = count_at.filter(|_| select.len() > 1) {
            return Err(self.unsupported("`COUNT` beside other fields (it needs `GROUP BY`)", at));
        }
        self.pos = after_from;

        if self.at_kw("USING") {
            return Err(self.unsupported("`USING SCOPE`", self.here()));
        }
        let filter = if self.eat_kw("WHERE") {
            Some(self.condition()?)
        } else {
            None
        };
        let mut access = None;
        if self.at_kw("WITH") {
            let at = self.here();
            self.pos += 1;
            access = Some(if self.eat_kw("SECURITY_ENFORCED") {
                AccessMode::SecurityEnforced
            } else if self.eat_kw("USER_MODE") {
                AccessMode::UserMode
            } else if self.eat_kw("SYSTEM_MODE") {
                AccessMode::SystemMode
            } else {
                return Err(self.unsupported("this `WITH` clause", at));
            });
        }
        if self.at_kw("GROUP") || self.at_kw("HAVING") {
            return Err(self.unsupported("`GROUP BY`", self.here()));
        }
        let mut order = Vec::new();
        if self.eat_kw("ORDER") {
            self.expect_kw("BY")?;
            order.push(self.order_key()?);
            while self.eat_punct(",") {
                order.push(self.order_key()?);
            }
        }
        let limit = if self.eat_kw("LIMIT") {
            Some(self.count_value("LIMIT")?)
        } else {
            None
        };
        let offset = if self.eat_kw("OFFSET") {
            Some(self.count_value("OFFSET")?)
        } else {
            None
        };
        // `FOR VIEW`, `FOR REFERENCE` and `FOR UPDATE` record views or lock rows; `UPDATE
        // TRACKING` and `UPDATE VIEWSTAT` record the query: none changes which rows return.
        if self.eat_kw("FOR") {
            if !(self.eat_kw("VIEW") || self.eat_kw("REFERENCE") || self.eat_kw("UPDATE")) {
                return Err(self.syntax("`VIEW`, `REFERENCE` or `UPDATE` expected"));
            }
        } else if self.eat_kw("UPDATE") && !(self.eat_kw("TRACKING") || self.eat_kw("VIEWSTAT")) {
            return Err(self.syntax("`TRACKING` or `VIEWSTAT` expected"));
        }
        if self.at_kw("ALL") {
            return Err(self.unsupported(
                "`ALL ROWS` (deleted and archived records the export may not hold)",
                self.here(),
            ));
        }
        if self.peek().is_some() {
            return Err(self.syntax("unexpected text after the query"));
        }
        Ok(Query {
            object: object.to_owned(),
            object_offset,
            select,
            filter,
            order,
            limit,
            offset,
            access,
        })
    }
}

pub(super) fn parse(text: &str) -> Result<Query, Refusal> {
    let tokens = lex(text)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        end: text.len(),
        alias: None,
        depth: 0,
    };
    p.query()
}
