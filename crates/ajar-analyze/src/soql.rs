//! SOQL from the logs, evaluated over the Data Export (intrusions.md §4).
//!
//! The API's logs keep the query text an intruder ran (ELF API and RestApi `QUERY`, real-time
//! `ApiEvent` `Query`, intrusions.md §3) but not always the records it returned. [`parse`]
//! reads that text and [`evaluate`] runs it over an exported table as it stood at the query's
//! time, so that the records that left can be named. What the evaluator cannot answer exactly
//! (semi-joins, grouping, fiscal dates, a parent record that is not in the export...) is a
//! [`Refusal`] with its reason: the caller then counts the whole object as the upper bound and
//! quotes the reason. The semantics, with their sources, are in `docs/soql.md`.
//!
//! ```
//! use ajar_analyze::soql::{self, Context};
//! let q = soql::parse("SELECT Id, Account.Name FROM Contact WHERE Email LIKE '%@example.com'").unwrap();
//! assert_eq!(q.object(), "Contact");
//! assert_eq!(q.fields().iter().map(|p| p.to_string()).collect::<Vec<_>>(), ["Id", "Account.Name"]);
//! assert!(soql::parse("SELECT Id FROM Contact WHERE AccountId IN (SELECT Id FROM Account)").is_err());
//! let _ctx = Context::new("2025-08-12T10:00:00Z".parse().unwrap());
//! ```

mod dates;
mod eval;
mod lexer;
mod lookups;
mod order;
mod parser;
mod value;

pub use dates::{DateLiteral, Unit as DateUnit};
pub use lookups::Lookups;

use ajar_model::export::Table;
use ajar_model::sfid::SfId;

/// Why a query cannot be evaluated exactly. The reason names keywords, fields and objects,
/// never a value from the query or the export (a literal may hold personal data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason} (at byte {offset} of the query)")]
pub struct Refusal {
    /// What cannot be evaluated, and why.
    pub reason: String,
    /// Byte offset in the query text of the construct refused (0 when the whole query is).
    pub offset: usize,
}

impl Refusal {
    pub(crate) fn new(reason: impl Into<String>, offset: usize) -> Self {
        Self {
            reason: reason.into(),
            offset,
        }
    }
}

/// A field path as written in the query: `Name`, or through lookups `Account.Owner.Name`. A
/// path that starts with the query's alias has the alias removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The names, first the query object's field or relationship, last the field read.
    pub segments: Vec<String>,
    /// Byte offset in the query text.
    pub offset: usize,
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.segments.join("."))
    }
}

/// `FIELDS(...)` in the select list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldSet {
    /// `FIELDS(ALL)`: every field.
    All,
    /// `FIELDS(STANDARD)`: the standard fields.
    Standard,
    /// `FIELDS(CUSTOM)`: the custom fields (`__c`).
    Custom,
}

/// One item of the `SELECT` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectItem {
    /// A field or relationship path (also inside `toLabel()` or `FORMAT()`, which change how a
    /// value is shown, not which records return).
    Field(Path),
    /// `FIELDS(ALL|STANDARD|CUSTOM)`.
    Fields(FieldSet),
    /// `COUNT()` (no argument) or `COUNT(field)`.
    Count(Option<Path>),
}

/// `WITH SECURITY_ENFORCED`, `WITH USER_MODE` or `WITH SYSTEM_MODE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessMode {
    /// `WITH SECURITY_ENFORCED`: the query fails if a selected field is not readable.
    SecurityEnforced,
    /// `WITH USER_MODE`: the running user's sharing and field access apply.
    UserMode,
    /// `WITH SYSTEM_MODE`.
    SystemMode,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `!=` or `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A value written in the query.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(f64),
    /// A quoted string, escapes decoded.
    Text(String),
    /// `YYYY-MM-DD`
    Date(jiff::civil::Date),
    /// `YYYY-MM-DDThh:mm:ssZ` or with an offset.
    DateTime(jiff::Timestamp),
    /// `TODAY`, `LAST_N_DAYS:30`...
    Relative(DateLiteral),
}

/// The `WHERE` condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Every part holds.
    And(Vec<Condition>),
    /// One part holds.
    Or(Vec<Condition>),
    /// The part does not hold.
    Not(Box<Condition>),
    /// `field op value`.
    Compare(Path, Op, Literal),
    /// `field [NOT] IN (values)`.
    In(Path, bool, Vec<Literal>),
    /// `field LIKE 'pattern'`, the pattern decoded (`\%` and `\_` kept as literal characters).
    Like(Path, Vec<LikePart>),
    /// `field INCLUDES|EXCLUDES ('a;b', 'c')`: `true` for `EXCLUDES`; each set is the values
    /// that must all be selected.
    Includes(Path, bool, Vec<Vec<String>>),
}

/// A piece of a `LIKE` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LikePart {
    /// A character matched without regard to case.
    Char(char),
    /// `_`: any one character.
    One,
    /// `%`: any run of characters.
    Any,
}

/// One `ORDER BY` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderKey {
    /// The field.
    pub path: Path,
    /// `DESC`.
    pub descending: bool,
    /// Where empty values go: `NULLS FIRST` unless `NULLS LAST` (the documented default,
    /// whatever the direction).
    pub nulls_last: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub(crate) object: String,
    pub(crate) object_offset: usize,
    pub(crate) select: Vec<SelectItem>,
    pub(crate) filter: Option<Condition>,
    pub(crate) order: Vec<OrderKey>,
    pub(crate) limit: Option<u64>,
    pub(crate) offset: Option<u64>,
    pub(crate) access: Option<AccessMode>,
}

impl Query {
    /// The object queried (`FROM`), as written.
    pub fn object(&self) -> &str {
        &self.object
    }
    /// The `SELECT` list.
    pub fn select(&self) -> &[SelectItem] {
        &self.select
    }
    /// The fields read, relationship paths included, in select-list order (the data items of
    /// what left). `COUNT(field)` reads no value and is not listed; see [`Query::field_sets`].
    pub fn fields(&self) -> Vec<&Path> {
        self.select
            .iter()
            .filter_map(|s| match s {
                SelectItem::Field(p) => Some(p),
                _ => None,
            })
            .collect()
    }
    /// The `FIELDS(...)` sets selected.
    pub fn field_sets(&self) -> Vec<FieldSet> {
        self.select
            .iter()
            .filter_map(|s| match s {
                SelectItem::Fields(f) => Some(*f),
                _ => None,
            })
            .collect()
    }
    /// Whether the query returns a count (`COUNT()` or `COUNT(field)`), not records.
    pub fn is_count(&self) -> bool {
        self.select
            .iter()
            .any(|s| matches!(s, SelectItem::Count(_)))
    }
    /// The `WHERE` condition.
    pub fn filter(&self) -> Option<&Condition> {
        self.filter.as_ref()
    }
    /// The `ORDER BY` keys.
    pub fn order(&self) -> &[OrderKey] {
        &self.order
    }
    /// `LIMIT`.
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }
    /// `OFFSET`.
    pub fn offset(&self) -> Option<u64> {
        self.offset
    }
    /// `WITH SECURITY_ENFORCED | USER_MODE | SYSTEM_MODE`: the evaluator treats the reader as
    /// seeing every exported record and field, so these change nothing in its answer; the
    /// caller may say which mode the query asked for.
    pub fn access_mode(&self) -> Option<AccessMode> {
        self.access
    }
}

/// When and how a query is evaluated.
#[derive(Debug, Clone)]
pub struct Context<'t> {
    /// The query's time: records created later are left out, relative dates count from it.
    pub at: jiff::Timestamp,
    /// The zone in which `TODAY`, `THIS_WEEK`... start (the querying user's; UTC by default).
    pub zone: jiff::tz::TimeZone,
    /// The first day of the week for `THIS_WEEK` and the like (the user's locale; Sunday by
    /// default, as in the `en_US` and `ja_JP` locales).
    pub week_start: jiff::civil::Weekday,
    /// Whether records with `IsDeleted` true count (`queryAll`); a plain query skips them.
    pub include_deleted: bool,
    /// Other exported tables, for relationship paths (`Account.Name`).
    pub lookups: Lookups<'t>,
}

impl Context<'_> {
    /// At `at`, in UTC, weeks starting on Sunday, deleted records skipped, no other table.
    pub fn new(at: jiff::Timestamp) -> Self {
        Context {
            at,
            zone: jiff::tz::TimeZone::UTC,
            week_start: jiff::civil::Weekday::Sunday,
            include_deleted: false,
            lookups: Lookups::default(),
        }
    }
}

/// The records a query returned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    /// Records certainly returned, in result order (after `ORDER BY`, `OFFSET`, `LIMIT`).
    pub ids: Vec<SfId>,
    /// Records of which only some were returned (`count - ids.len()` of them): `LIMIT` or
    /// `OFFSET` without an `ORDER BY` that decides between them (Salesforce does not promise
    /// any order then). Empty when the answer is exact.
    pub candidates: Vec<SfId>,
    /// How many records the query returned (for `COUNT()`, the count it returned).
    pub count: u64,
}

impl Selection {
    /// Whether every returned record is known.
    pub fn is_exact(&self) -> bool {
        self.candidates.is_empty()
    }
}

/// Parses SOQL text; what cannot be evaluated over an export is refused with its reason.
pub fn parse(text: &str) -> Result<Query, Refusal> {
    parser::parse(text)
}

/// Runs `query` over `table` (the object it names) as of `ctx.at`.
pub fn evaluate(query: &Query, table: &Table, ctx: &Context<'_>) -> Result<Selection, Refusal> {
    eval::evaluate(query, table, ctx)
}

#[cfg(test)]
mod tests;
