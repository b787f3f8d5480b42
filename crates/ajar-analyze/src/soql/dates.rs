//! SOQL's relative date literals (`TODAY`, `LAST_N_DAYS:30`...) as ranges of days.
//!
//! Each literal is a range of whole days starting at midnight in the querying user's zone;
//! `=` means inside it, `<` before its start, `>` after its end (SOQL reference, "Date
//! Formats and Date Literals"). The ranges below follow that page's table; `docs/soql.md`
//! restates them.

use jiff::civil::{Date, Weekday};
use jiff::{Span, ToSpan};

/// Which kind of period a literal counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Days.
    Day,
    /// Weeks, starting on the locale's first day.
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters (January, April, July, October).
    Quarter,
    /// Calendar years.
    Year,
}

/// A relative date literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateLiteral {
    /// `THIS_<unit>` and `TODAY`: the period holding the query's day.
    This(Unit),
    /// `LAST_<unit>`, `YESTERDAY`, `N_<unit>S_AGO:n`: the single period `n` before this one.
    Ago(Unit, u32),
    /// `NEXT_<unit>`, `TOMORROW`: the single period `n` after this one.
    Ahead(Unit, u32),
    /// `LAST_N_<unit>S:n`: the `n` whole periods before this one (for days, today included).
    LastN(Unit, u32),
    /// `NEXT_N_<unit>S:n`: the `n` whole periods after this one.
    NextN(Unit, u32),
}

impl DateLiteral {
    /// Reads a literal's name and its `:n`; the message names what is refused.
    pub(super) fn parse(word: &str, n: Option<u32>) -> Result<Self, String> {
        use DateLiteral::*;
        use Unit::*;
        let w = word.to_ascii_uppercase();
        if w.contains("FISCAL") {
            return Err(format!(
                "the fiscal date literal `{w}` depends on the org's fiscal year settings, which the export lacks: not evaluated over the export"
            ));
        }
        let unit = |s: &str| match s {
            "DAY" | "DAYS" => Some(Day),
            "WEEK" | "WEEKS" => Some(Week),
            "MONTH" | "MONTHS" => Some(Month),
            "QUARTER" | "QUARTERS" => Some(Quarter),
            "YEAR" | "YEARS" => Some(Year),
            _ => None,
        };
        let fixed = match w.as_str() {
            "TODAY" => Some(This(Day)),
            "YESTERDAY" => Some(Ago(Day, 1)),
            "TOMORROW" => Some(Ahead(Day, 1)),
            "LAST_90_DAYS" => Some(LastN(Day, 90)),
            "NEXT_90_DAYS" => Some(NextN(Day, 90)),
            _ => None,
        };
        let parsed = if let Some(f) = fixed {
            n.is_none().then_some(f)
        } else if let Some(u) = w.strip_prefix("THIS_").and_then(unit) {
            n.is_none().then_some(This(u))
        } else if let Some(u) = w.strip_prefix("LAST_N_").and_then(unit) {
            n.map(|n| LastN(u, n))
        } else if let Some(u) = w.strip_prefix("NEXT_N_").and_then(unit) {
            n.map(|n| NextN(u, n))
        } else if let Some(u) = w.strip_prefix("LAST_").and_then(unit) {
            n.is_none().then_some(Ago(u, 1))
        } else if let Some(u) = w.strip_prefix("NEXT_").and_then(unit) {
            n.is_none().then_some(Ahead(u, 1))
        } else if let Some(u) = w
            .strip_prefix("N_")
            .and_then(|r| r.strip_suffix("_AGO"))
            .and_then(unit)
        {
            n.map(|n| Ago(u, n))
        } else {
            None
        };
        parsed.ok_or_else(|| {
            format!("not valid SOQL: `{w}` is not a value or a date literal (a field cannot be compared with another field)")
        })
    }

    /// The days `[start, end)` the literal covers when the query's day is `today`; `None`
    /// when the range leaves the calendar.
    pub(crate) fn range(self, today: Date, week_start: Weekday) -> Option<(Date, Date)> {
        let unit = match self {
            Self::This(u) | Self::Ago(u, _) | Self::Ahead(u, _) | Self::LastN(u, _) => u,
            Self::NextN(u, _) => u,
        };
        let start = period_start(today, unit, week_start)?;
        let step = |k: i64| -> Option<Date> { start.checked_add(span(unit, k)?).ok() };
        let n = |n: u32| i64::from(n);
        Some(match self {
            Self::This(_) => (start, step(1)?),
            Self::Ago(_, k) => (step(-n(k))?, step(1 - n(k))?),
            Self::Ahead(_, k) => (step(n(k))?, step(n(k) + 1)?),
            // "Starts with the current day and continues for the past n days": today included.
            Self::LastN(Unit::Day, k) => (step(-n(k))?, step(1)?),
            Self::LastN(_, k) => (step(-n(k))?, start),
            Self::NextN(_, k) => (step(1)?, step(n(k) + 1)?),
        })
    }
}

fn span(unit: Unit, k: i64) -> Option<Span> {
    let s = match unit {
        Unit::Day => Span::new().try_days(k),
        Unit::Week => Span::new().try_days(k.checked_mul(7)?),
        Unit::Month => Span::new().try_months(k),
        Unit::Quarter => Span::new().try_months(k.checked_mul(3)?),
        Unit::Year => Span::new().try_years(k),
    };
    s.ok()
}

/// The first day of the period holding `today`.
fn period_start(today: Date, unit: Unit, week_start: Weekday) -> Option<Date> {
    Some(match unit {
        Unit::Day => today,
        Unit::Week => {
            let back = i64::from(today.weekday().since(week_start));
            today.checked_sub(back.days()).ok()?
        }
        Unit::Month => today.first_of_month(),
        Unit::Quarter => {
            let m = today.month();
            Date::new(today.year(), m - (m - 1) % 3, 1).ok()?
        }
        Unit::Year => today.first_of_year(),
    })
}
