//! The geometry of the HTML report's timeline (the SVG's markup is in
//! `templates/report_timeline.html.j2`): where the exposure window, the log coverage, the
//! outside reads per day and the fix and discovery markers fall on a 960-wide drawing.

use ajar_model::incident::IncidentFacts;
use jiff::civil::Date;
use serde::Serialize;

fn days(from: Date, to: Date) -> i64 {
    to.since(from).map_or(0, |s| i64::from(s.get_days()))
}

struct Scale {
    from: Date,
    span: i64,
}

impl Scale {
    const LEFT: f64 = 20.0;
    const WIDTH: f64 = 920.0;
    fn x(&self, d: Date) -> f64 {
        Self::LEFT + Self::WIDTH * (days(self.from, d) as f64) / (self.span.max(1) as f64)
    }
}

/// The drawing: coordinates are formatted as printed.
#[derive(Debug, Serialize)]
pub(super) struct Timeline {
    /// The exposure window.
    window: Option<Bar>,
    /// The log coverage.
    coverage: Option<Bar>,
    /// Outside reads per day.
    days: Vec<Day>,
    /// The fix.
    closed: Option<Marker>,
    /// The discovery.
    discovered: Option<Marker>,
}

/// A period.
#[derive(Debug, Serialize)]
struct Bar {
    x: String,
    width: String,
    from: String,
    to: String,
    /// Whether its end is unknown (drawn to the last date).
    open: bool,
}

/// One day's outside reads.
#[derive(Debug, Serialize)]
struct Day {
    x: String,
    y: String,
    height: String,
    date: String,
    records: u64,
}

/// A day marked.
#[derive(Debug, Serialize)]
struct Marker {
    x: String,
    text_x: String,
    date: String,
}

/// The timeline of `f`, restricted to `zoom` when given; `None` without any date.
pub(super) fn timeline(f: &IncidentFacts, zoom: Option<(Date, Date)>) -> Option<Timeline> {
    let mut dates: Vec<Date> = [
        f.window.start.date,
        f.window.end.date,
        f.discovered,
        f.coverage.first,
        f.coverage.last,
    ]
    .into_iter()
    .flatten()
    .collect();
    dates.extend(f.confirmed.by_day.keys().copied());
    if let Some((a, b)) = zoom {
        dates.retain(|d| (a..=b).contains(d));
        dates.extend([a, b]);
    }
    let (Some(&min), Some(&max)) = (dates.iter().min(), dates.iter().max()) else {
        return None;
    };
    let clip = |d: Date| d.clamp(min, max);
    let s = Scale {
        from: min,
        span: days(min, max),
    };
    let bar = |a: Date, b: Date, open: bool| {
        let (x1, x2) = (s.x(a), s.x(b));
        Bar {
            x: format!("{x1:.1}"),
            width: format!("{:.1}", (x2 - x1).max(2.0)),
            from: a.to_string(),
            to: b.to_string(),
            open,
        }
    };
    let window = match (f.window.start.date, f.window.end.date) {
        (start, Some(end)) => Some(bar(clip(start.unwrap_or(min)), clip(end), false)),
        (Some(start), None) => Some(bar(clip(start), max, true)),
        (None, None) => None,
    };
    let coverage =
        (f.coverage.first.zip(f.coverage.last)).map(|(a, b)| bar(clip(a), clip(b), false));
    let peak = f
        .confirmed
        .by_day
        .values()
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    let days = (f.confirmed.by_day.iter())
        .filter(|(d, _)| (min..=max).contains(*d))
        .map(|(d, n)| {
            let h = 30.0 * (*n as f64) / (peak as f64);
            Day {
                x: format!("{:.1}", s.x(*d)),
                y: format!("{:.1}", 130.0 - h),
                height: format!("{h:.1}"),
                date: d.to_string(),
                records: *n,
            }
        })
        .collect();
    let marker = |d: Option<Date>| {
        d.filter(|d| (min..=max).contains(d)).map(|d| {
            let x = s.x(d);
            Marker {
                x: format!("{x:.1}"),
                text_x: format!("{:.1}", x - 3.0),
                date: d.to_string(),
            }
        })
    };
    Some(Timeline {
        window,
        coverage,
        days,
        closed: marker(f.window.end.date),
        discovered: marker(f.discovered),
    })
}
