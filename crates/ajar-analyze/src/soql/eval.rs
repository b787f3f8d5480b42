//! Which exported rows a query returns.

use super::lookups::lookup_column;
use super::value::{self, NotA};
use super::{Condition, Context, Literal, Op, Path, Query, Refusal, SelectItem, Selection};
use ajar_model::export::{Row, RowProblemKind, Table};
use ajar_model::sfid::SfId;
use std::collections::BTreeMap;

/// One row and what is needed to read its fields.
pub(super) struct Reader<'a, 'c> {
    pub(super) table: &'a Table,
    /// Own columns by lower-cased name, resolved once.
    columns: BTreeMap<String, usize>,
    pub(super) ctx: &'c Context<'a>,
}

impl<'a> Reader<'a, '_> {
    /// The value at the end of `path` for `row`; `None` when empty, when a lookup on the way
    /// is empty, or for `Id`. A parent whose record is not in the export is refused: its value
    /// cannot be known.
    pub(super) fn get(&self, row: &'a Row, path: &Path) -> Result<Option<&'a str>, Refusal> {
        let mut table = self.table;
        let mut row = row;
        let mut segments = path.segments.iter().enumerate().peekable();
        while let Some((depth, seg)) = segments.next() {
            let last = segments.peek().is_none();
            let name = if last {
                seg.clone()
            } else {
                lookup_column(seg)
            };
            let col = if depth == 0 {
                self.columns.get(&name.to_lowercase()).copied()
            } else {
                table.column(&name)
            };
            let raw = match col {
                Some(i) => row.get(i).unwrap_or_default(),
                None if last && name.eq_ignore_ascii_case("Id") => row.id.as_str(),
                None => return Err(missing(table, &name, path)),
            };
            let raw = raw.trim();
            if last {
                return Ok((!raw.is_empty()).then_some(raw));
            }
            if raw.is_empty() {
                // No parent: its fields are null (SOQL reference, "null in WHERE").
                return Ok(None);
            }
            let id = SfId::parse(raw).map_err(|_| {
                Refusal::new(
                    format!(
                        "`{name}` of {} is not a record ID, so `{path}` cannot be followed",
                        row.source()
                    ),
                    path.offset,
                )
            })?;
            let Some((t, r)) = self.ctx.lookups.get(id) else {
                let why = if self.ctx.lookups.has_prefix(id.key_prefix()) {
                    "a parent record that is not in the export"
                } else {
                    "a parent object that is not in the export"
                };
                return Err(Refusal::new(
                    format!(
                        "`{path}` reaches {why} (from {}): not evaluated",
                        row.source()
                    ),
                    path.offset,
                ));
            };
            table = t;
            row = r;
        }
        Ok(None)
    }
}

fn missing(table: &Table, column: &str, path: &Path) -> Refusal {
    Refusal::new(
        format!(
            "`{path}` needs the column `{column}`, which `{}` lacks in the export (formula fields are never exported)",
            table.object
        ),
        path.offset,
    )
}

fn paths(c: &Condition, out: &mut Vec<Path>) {
    match c {
        Condition::And(v) | Condition::Or(v) => v.iter().for_each(|c| paths(c, out)),
        Condition::Not(c) => paths(c, out),
        Condition::Compare(p, ..)
        | Condition::In(p, ..)
        | Condition::Like(p, _)
        | Condition::Includes(p, ..) => out.push(p.clone()),
    }
}

impl<'a, 'c> Reader<'a, 'c> {
    /// Checks that every path the query evaluates starts with a column the table has.
    fn new(query: &Query, table: &'a Table, ctx: &'c Context<'a>) -> Result<Self, Refusal> {
        let mut needed = Vec::new();
        if let Some(f) = &query.filter {
            paths(f, &mut needed);
        }
        needed.extend(query.order.iter().map(|k| k.path.clone()));
        needed.extend(query.select.iter().filter_map(|s| match s {
            SelectItem::Count(Some(p)) => Some(p.clone()),
            _ => None,
        }));
        let mut columns = BTreeMap::new();
        for p in &needed {
            let Some(first) = p.segments.first() else {
                continue;
            };
            let name = if p.segments.len() > 1 {
                lookup_column(first)
            } else {
                first.clone()
            };
            match table.column(&name) {
                Some(i) => {
                    columns.insert(name.to_lowercase(), i);
                }
                None if p.segments.len() == 1 && name.eq_ignore_ascii_case("Id") => {}
                None => return Err(missing(table, &name, p)),
            }
        }
        Ok(Self {
            table,
            columns,
            ctx,
        })
    }

    fn holds(&self, row: &'a Row, c: &Condition) -> Result<bool, Refusal> {
        Ok(match c {
            Condition::And(v) => {
                for c in v {
                    if !self.holds(row, c)? {
                        return Ok(false);
                    }
                }
                true
            }
            Condition::Or(v) => {
                for c in v {
                    if self.holds(row, c)? {
                        return Ok(true);
                    }
                }
                false
            }
            Condition::Not(c) => !self.holds(row, c)?,
            Condition::Compare(p, op, lit) => self.compare(row, p, *op, lit)?,
            Condition::In(p, negated, values) => {
                let mut any = false;
                for v in values {
                    if self.compare(row, p, Op::Eq, v)? {
                        any = true;
                        break;
                    }
                }
                any != *negated
            }
            Condition::Like(p, pattern) => {
                self.get(row, p)?.is_some_and(|v| value::like(v, pattern))
            }
            Condition::Includes(p, excludes, sets) => {
                let have = self.get(row, p)?.map(value::picklist).unwrap_or_default();
                let any = sets
                    .iter()
                    .any(|set| set.iter().all(|want| have.contains(want)));
                any != *excludes
            }
        })
    }

    /// `path op literal`. A null (empty) value equals only `null` and differs from every other
    /// value; ordering comparisons with null are false.
    fn compare(&self, row: &'a Row, p: &Path, op: Op, lit: &Literal) -> Result<bool, Refusal> {
        let v = self.get(row, p)?;
        let (v, lit) = match (v, lit) {
            (None, Literal::Null) => return Ok(op == Op::Eq),
            (None, _) | (Some(_), Literal::Null) => return Ok(op == Op::Ne),
            (Some(v), lit) => (v, lit),
        };
        let field = p.segments.last().map_or("", String::as_str);
        let not_a = |NotA(what)| {
            Refusal::new(
                format!(
                    "`{p}` of {} is not {what}, as the query's value is",
                    row.source()
                ),
                p.offset,
            )
        };
        match lit {
            Literal::Relative(d) => self.relative(row, p, v, op, *d),
            lit => value::compare(v, field, op, lit).map_err(not_a),
        }
    }

    fn relative(
        &self,
        row: &Row,
        p: &Path,
        v: &str,
        op: Op,
        d: super::DateLiteral,
    ) -> Result<bool, Refusal> {
        let ctx = self.ctx;
        let today = ctx.at.to_zoned_datetime(ctx.zone.clone()).date();
        let (start, end) = d
            .range(today, ctx.week_start)
            .ok_or_else(|| Refusal::new("a date literal beyond the calendar", p.offset))?;
        // A date compares with the days; a date-time with the instants they begin at in the
        // user's zone.
        let pos = if let Some(date) = value::date(v) {
            (date >= start, date >= end)
        } else if let Some(t) = value::datetime(v) {
            let at = |d: jiff::civil::Date| {
                d.to_zoned_datetime(ctx.zone.clone())
                    .map(|z| z.timestamp())
                    .map_err(|_| Refusal::new("a date literal beyond the calendar", p.offset))
            };
            (t >= at(start)?, t >= at(end)?)
        } else {
            return Err(Refusal::new(
                format!("`{p}` of {} is not a date or a date-time", row.source()),
                p.offset,
            ));
        };
        let (after_start, after_end) = pos;
        let inside = after_start && !after_end;
        Ok(match op {
            Op::Eq => inside,
            Op::Ne => !inside,
            Op::Lt => !after_start,
            Op::Le => !after_end,
            Op::Gt => after_end,
            Op::Ge => after_start,
        })
    }
}

pub(super) fn evaluate(
    query: &Query,
    table: &Table,
    ctx: &Context<'_>,
) -> Result<Selection, Refusal> {
    if !table.object.eq_ignore_ascii_case(&query.object) {
        return Err(Refusal::new(
            format!(
                "the query reads `{}` but was given the table of `{}`",
                query.object, table.object
            ),
            query.object_offset,
        ));
    }
    if let Some(p) = table
        .problems
        .iter()
        .find(|p| p.kind == RowProblemKind::Misaligned)
    {
        return Err(Refusal::new(
            format!(
                "{} does not match its header, so no condition can be trusted on `{}`",
                p.source, table.object
            ),
            query.object_offset,
        ));
    }
    let reader = Reader::new(query, table, ctx)?;
    // Records created after the query did not exist when it ran (intrusions.md §4).
    let created = table.column("CreatedDate").ok_or_else(|| {
        Refusal::new(
            format!(
                "`{}` has no `CreatedDate` column, so records created after the query cannot be told apart",
                table.object
            ),
            query.object_offset,
        )
    })?;
    let deleted = table.column("IsDeleted");
    let mut matched = Vec::new();
    for row in &table.rows {
        let c = row.get(created).and_then(value::datetime).ok_or_else(|| {
            Refusal::new(
                format!("`CreatedDate` of {} is not a date-time", row.source()),
                query.object_offset,
            )
        })?;
        if c > ctx.at {
            continue;
        }
        // A plain query skips the recycle bin; `queryAll` does not.
        if !ctx.include_deleted
            && deleted
                .and_then(|i| row.get(i))
                .and_then(value::boolean)
                .unwrap_or(false)
        {
            continue;
        }
        if let Some(f) = &query.filter
            && !reader.holds(row, f)?
        {
            continue;
        }
        matched.push(row);
    }
    if query.is_count() {
        return count(query, &reader, matched);
    }
    super::order::window(query, &reader, matched)
}

/// `COUNT()` counts the matching records; `COUNT(field)` those whose field is not null.
fn count<'a>(
    query: &Query,
    reader: &Reader<'a, '_>,
    mut matched: Vec<&'a Row>,
) -> Result<Selection, Refusal> {
    if let Some(SelectItem::Count(Some(p))) = query.select.first() {
        let mut kept = Vec::new();
        for r in matched {
            if reader.get(r, p)?.is_some() {
                kept.push(r);
            }
        }
        matched = kept;
    }
    let n = matched.len() as u64;
    // Whether LIMIT or OFFSET cap a count is not documented: refuse only when they would
    // change it.
    if query.offset.is_some_and(|o| o > 0) || query.limit.is_some_and(|l| l < n) {
        return Err(Refusal::new(
            "`LIMIT` or `OFFSET` on a `COUNT` query: how they change the count is not documented",
            query.object_offset,
        ));
    }
    Ok(Selection {
        ids: matched.iter().map(|r| r.id).collect(),
        candidates: Vec::new(),
        count: n,
    })
}
