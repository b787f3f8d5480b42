//! Evaluating a sharing rule's criteria on an exported row.
//!
//! Semantics (formats.md §1.5, Salesforce Metadata API "SharingRules", S1): items are ANDed
//! unless a `booleanFilter` like `(1 AND 2) OR (3 AND 4)` combines them; a comma in `value`
//! means OR (for the negative operations: none of them); `RecordTypeId` values are record-type
//! **labels** (trap 10); checkboxes are `True`/`False`; `notEqual` with an empty value means
//! "not blank" (trap 12); picklist values may arrive percent-encoded (`Posted%2FActive`, trap 13).
//! Text comparisons ignore case, as Salesforce's criteria do.

use ajar_model::exposure::{CriteriaItem, Predicate};
use std::collections::BTreeMap;

/// What the evaluator needs to know besides the row.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    /// RecordType `Id` (18 characters) → label (`Name` in `RecordType.csv`).
    pub record_type_labels: BTreeMap<String, String>,
}

/// A row seen through its column names.
pub trait Fields {
    /// The value of a column, case-insensitively; `None` when the column is absent.
    fn field(&self, name: &str) -> Option<&str>;
}

/// Why a predicate could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unevaluable {
    /// The export lacks a column the criteria use (formula fields are never exported).
    MissingColumn(String),
    /// An operation ajar does not evaluate (`within`).
    Operation(String),
    /// The `booleanFilter` does not parse or names an item that does not exist.
    Filter(String),
}

/// Decodes `%XX` escapes (trap 13); a value that does not decode to UTF-8 is kept as written.
fn pct_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_owned(), std::borrow::Cow::into_owned)
}

fn norm(s: &str) -> String {
    let s = pct_decode(s.trim()).to_lowercase();
    // Checkboxes export as `true`/`false` (or `1`/`0`); criteria say `True`/`False`.
    match s.as_str() {
        "1" => "true".to_owned(),
        "0" => "false".to_owned(),
        _ => s,
    }
}

fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
        // ISO dates and datetimes compare as text.
        _ => a.trim().cmp(b.trim()),
    }
}

fn item_matches(
    item: &CriteriaItem,
    row: &dyn Fields,
    lookups: &Lookups,
) -> Result<bool, Unevaluable> {
    let raw = row
        .field(&item.field)
        .ok_or_else(|| Unevaluable::MissingColumn(item.field.clone()))?;
    let actual = if item.field.eq_ignore_ascii_case("RecordTypeId") {
        lookups
            .record_type_labels
            .get(raw.trim())
            .map_or_else(|| raw.to_owned(), Clone::clone)
    } else {
        raw.to_owned()
    };
    let actual_n = norm(&actual);
    let wanted: Vec<String> = match (&item.value_field, &item.value) {
        (Some(other), _) => vec![norm(
            row.field(other)
                .ok_or_else(|| Unevaluable::MissingColumn(other.clone()))?,
        )],
        (None, Some(v)) if !v.trim().is_empty() && !v.trim().eq_ignore_ascii_case("null") => {
            v.split(',').map(norm).collect()
        }
        _ => vec![String::new()],
    };
    let any = |f: &dyn Fn(&str) -> bool| wanted.iter().any(|w| f(w));
    let op = item.operation.as_str();
    Ok(match op {
        "equals" => any(&|w| actual_n == w),
        "notEqual" => !any(&|w| actual_n == w),
        "contains" => any(&|w| actual_n.contains(w)),
        "notContain" => !any(&|w| actual_n.contains(w)),
        "startsWith" => any(&|w| actual_n.starts_with(w)),
        // Multi-select picklists export as `A;B`.
        "includes" => any(&|w| actual_n.split(';').any(|v| v.trim() == w)),
        "excludes" => !any(&|w| actual_n.split(';').any(|v| v.trim() == w)),
        "lessThan" | "greaterThan" | "lessOrEqual" | "greaterOrEqual" => {
            if actual_n.is_empty() {
                false
            } else {
                any(&|w| {
                    let o = compare(&actual_n, w);
                    match op {
                        "lessThan" => o.is_lt(),
                        "greaterThan" => o.is_gt(),
                        "lessOrEqual" => o.is_le(),
                        _ => o.is_ge(),
                    }
                })
            }
        }
        other => return Err(Unevaluable::Operation(other.to_owned())),
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Expr {
    Item(usize),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

struct Parser<'a> {
    tokens: Vec<&'a str>,
    pos: usize,
    depth: usize,
}

/// Filter logic combines at most ten criteria in Salesforce; anything much larger is refused
/// as unevaluable (counted as exposed) rather than parsed, so that recursion stays shallow.
const MAX_TOKENS: usize = 512;
/// Nesting of parentheses and `NOT`.
const MAX_DEPTH: usize = 64;

impl<'a> Parser<'a> {
    fn new(s: &'a str) -> Self {
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in s.char_indices() {
            if c == '(' || c == ')' || c.is_whitespace() {
                if let Some(st) = start.take() {
                    tokens.extend(s.get(st..i));
                }
                if !c.is_whitespace() {
                    tokens.extend(s.get(i..i + 1));
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(st) = start {
            tokens.extend(s.get(st..));
        }
        Self {
            tokens,
            pos: 0,
            depth: 0,
        }
    }
    fn peek(&self) -> Option<&'a str> {
        self.tokens.get(self.pos).copied()
    }
    fn next(&mut self) -> Option<&'a str> {
        let t = self.peek();
        self.pos += 1;
        t
    }
    fn or(&mut self) -> Option<Expr> {
        let mut left = self.and()?;
        while self.peek().is_some_and(|t| t.eq_ignore_ascii_case("OR")) {
            self.next();
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Some(left)
    }
    fn and(&mut self) -> Option<Expr> {
        let mut left = self.unary()?;
        while self.peek().is_some_and(|t| t.eq_ignore_ascii_case("AND")) {
            self.next();
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Some(left)
    }
    fn unary(&mut self) -> Option<Expr> {
        match self.next()? {
            t if t.eq_ignore_ascii_case("NOT") => {
                let e = self.nested(Self::unary)?;
                Some(Expr::Not(Box::new(e)))
            }
            "(" => {
                let e = self.nested(Self::or)?;
                (self.next()? == ")").then_some(e)
            }
            n => n.parse::<usize>().ok().filter(|n| *n >= 1).map(Expr::Item),
        }
    }
    fn nested(&mut self, f: fn(&mut Self) -> Option<Expr>) -> Option<Expr> {
        self.depth += 1;
        let e = (self.depth <= MAX_DEPTH).then(|| f(self)).flatten();
        self.depth -= 1;
        e
    }
}

fn parse_filter(s: &str, items: usize) -> Result<Expr, Unevaluable> {
    let mut p = Parser::new(s);
    if p.tokens.len() > MAX_TOKENS {
        return Err(Unevaluable::Filter(s.to_owned()));
    }
    let e = p
        .or()
        .filter(|_| p.pos == p.tokens.len())
        .ok_or_else(|| Unevaluable::Filter(s.to_owned()))?;
    fn max_item(e: &Expr) -> usize {
        match e {
            Expr::Item(n) => *n,
            Expr::Not(a) => max_item(a),
            Expr::And(a, b) | Expr::Or(a, b) => max_item(a).max(max_item(b)),
        }
    }
    if max_item(&e) > items {
        return Err(Unevaluable::Filter(s.to_owned()));
    }
    Ok(e)
}

fn eval(e: &Expr, values: &[Result<bool, Unevaluable>]) -> Result<bool, Unevaluable> {
    match e {
        Expr::Item(n) => values
            .get(n - 1)
            .cloned()
            .unwrap_or(Err(Unevaluable::Filter(n.to_string()))),
        Expr::Not(a) => eval(a, values).map(|v| !v),
        Expr::And(a, b) => Ok(eval(a, values)? && eval(b, values)?),
        Expr::Or(a, b) => Ok(eval(a, values)? || eval(b, values)?),
    }
}

/// Whether a `booleanFilter` over items of which some are known true or false for every
/// record (`Some`) and the others depend on the record (`None`) is true for every record
/// (three-valued logic, so `NOT` is honoured). A filter that does not parse is not.
pub(crate) fn filter_always_true(filter: &str, known: &[Option<bool>]) -> bool {
    fn kleene(e: &Expr, known: &[Option<bool>]) -> Option<bool> {
        match e {
            Expr::Item(n) => n
                .checked_sub(1)
                .and_then(|i| known.get(i))
                .copied()
                .flatten(),
            Expr::Not(a) => kleene(a, known).map(|v| !v),
            Expr::And(a, b) => match (kleene(a, known), kleene(b, known)) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            },
            Expr::Or(a, b) => match (kleene(a, known), kleene(b, known)) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            },
        }
    }
    parse_filter(filter, known.len()).is_ok_and(|e| kleene(&e, known) == Some(true))
}

/// A predicate compiled once and evaluated on many rows.
#[derive(Debug, Clone)]
pub struct Compiled<'p> {
    predicate: &'p Predicate,
    filter: Option<Result<Expr, Unevaluable>>,
}

impl<'p> Compiled<'p> {
    /// Compiles the `booleanFilter`.
    pub fn new(predicate: &'p Predicate) -> Self {
        let filter = predicate
            .boolean_filter
            .as_deref()
            .filter(|f| !f.trim().is_empty())
            .map(|f| parse_filter(f, predicate.items.len()));
        Self { predicate, filter }
    }

    /// Whether the row matches; `Err` when it cannot be decided.
    pub fn matches(&self, row: &dyn Fields, lookups: &Lookups) -> Result<bool, Unevaluable> {
        let values: Vec<Result<bool, Unevaluable>> = self
            .predicate
            .items
            .iter()
            .map(|i| item_matches(i, row, lookups))
            .collect();
        match &self.filter {
            None => {
                // ANDed; an undecidable item only matters if nothing else is false.
                let mut err = None;
                for v in values {
                    match v {
                        Ok(false) => return Ok(false),
                        Ok(true) => {}
                        Err(e) => err = Some(e),
                    }
                }
                err.map_or(Ok(true), Err)
            }
            Some(Err(e)) => Err(e.clone()),
            Some(Ok(expr)) => eval(expr, &values),
        }
    }
}

#[cfg(test)]
mod tests;
