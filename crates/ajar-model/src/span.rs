//! Where a fact came from: a file and a line.

use serde::{Deserialize, Serialize};

/// A position in an input file. `file` is relative to the input root the user named, with `/`
/// separators, so that outputs do not depend on where the input was unpacked.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Path relative to the input root.
    pub file: String,
    /// 1-based line number; 0 when the file as a whole is meant.
    pub line: u64,
}

impl Span {
    /// A span for a file and a line.
    pub fn new(file: impl Into<String>, line: u64) -> Self {
        Self {
            file: file.into(),
            line,
        }
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// One element of the input that caused a conclusion: the grant, rule or setting, where it is,
/// and what it says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Cause {
    /// Where the element is.
    #[serde(flatten)]
    pub span: Span,
    /// What the element says, in words (`objectPermissions Case allowRead=true`).
    pub what: String,
}

/// Something ajar could not see, which therefore cannot be counted as safe: a partial retrieve,
/// a missing log day, an absent export. Reported in every output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CoverageGap {
    /// Stable kind (`partial-profile`, `missing-object`, `missing-log-day`, `no-export`, ...).
    pub kind: String,
    /// What is missing, in words.
    pub message: String,
    /// The file concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A run of consecutive UTC days, both ends included (log coverage, issue #15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DayRange {
    /// The first day.
    pub from: jiff::civil::Date,
    /// The last day.
    pub to: jiff::civil::Date,
}

impl DayRange {
    /// The runs of consecutive days in `days` (sorted, without repeats).
    pub fn runs(days: impl IntoIterator<Item = jiff::civil::Date>) -> Vec<DayRange> {
        let mut runs: Vec<DayRange> = Vec::new();
        for d in days {
            match runs.last_mut() {
                Some(r) if r.to.tomorrow().is_ok_and(|t| t == d) => r.to = d,
                Some(r) if r.to >= d => {}
                _ => runs.push(DayRange { from: d, to: d }),
            }
        }
        runs
    }

    /// The days of `within` (both ends included) that no range of `covered` holds.
    pub fn uncovered(within: DayRange, covered: &[DayRange]) -> Vec<DayRange> {
        let mut out = Vec::new();
        let mut next = Some(within.from);
        for c in covered {
            let Some(n) = next.filter(|n| *n <= within.to) else {
                break;
            };
            if c.to < n {
                continue;
            }
            if c.from > n {
                let to = c.from.yesterday().map_or(within.to, |y| y.min(within.to));
                out.push(DayRange { from: n, to });
            }
            next = c.to.tomorrow().ok();
        }
        if let Some(n) = next.filter(|n| *n <= within.to) {
            out.push(DayRange {
                from: n,
                to: within.to,
            });
        }
        out
    }
}

impl std::fmt::Display for DayRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{} to {}", self.from, self.to)
        }
    }
}

#[cfg(test)]
mod day_range_tests {
    use super::DayRange;

    fn d(s: &str) -> jiff::civil::Date {
        s.parse().unwrap()
    }

    fn r(a: &str, b: &str) -> DayRange {
        DayRange {
            from: d(a),
            to: d(b),
        }
    }

    #[test]
    fn runs_join_consecutive_days() {
        let days = ["2020-01-30", "2020-01-31", "2020-02-01", "2020-02-03"].map(d);
        assert_eq!(
            DayRange::runs(days),
            [r("2020-01-30", "2020-02-01"), r("2020-02-03", "2020-02-03")]
        );
    }

    #[test]
    fn uncovered_days_of_a_window() {
        let covered = [
            r("2019-01-01", "2019-01-02"),
            r("2020-01-05", "2020-01-06"),
            r("2020-01-09", "2020-02-01"),
        ];
        assert_eq!(
            DayRange::uncovered(r("2020-01-01", "2020-01-31"), &covered),
            [r("2020-01-01", "2020-01-04"), r("2020-01-07", "2020-01-08")]
        );
        assert_eq!(
            DayRange::uncovered(r("2020-01-01", "2020-03-01"), &covered[2..]),
            [r("2020-01-01", "2020-01-08"), r("2020-02-02", "2020-03-01")]
        );
        assert!(DayRange::uncovered(r("2020-01-10", "2020-01-20"), &covered).is_empty());
        assert_eq!(r("2020-01-10", "2020-01-10").to_string(), "2020-01-10");
    }
}
