//! The incident's chronology and the logged days, as a filing words them.

use super::Lang;
use crate::wording;
use ajar_model::incident::{IncidentFacts, IncidentKind};

/// What happened when, sorted by date (a stable order for the same day).
pub(super) fn chronology(f: &IncidentFacts, lang: Lang) -> Vec<String> {
    let ja = lang == Lang::Ja;
    let intrusion = f.kind == IncidentKind::Intrusion;
    let mut events: Vec<(jiff::civil::Date, u8, &str)> = Vec::new();
    let mut push = |d: Option<jiff::civil::Date>, order: u8, ja_text, en_text| {
        if let Some(d) = d {
            events.push((d, order, if ja { ja_text } else { en_text }));
        }
    };
    if intrusion {
        push(
            f.window.start.date,
            0,
            "第三者が当該アプリケーションの認証情報を用いたアクセスを開始した",
            "a third party began to use the application's credentials",
        );
        push(
            f.window.end.date,
            3,
            "ログに記録された第三者による最後のアクセス",
            "the last access by the third party recorded in the logs",
        );
    } else {
        push(
            f.window.start.date,
            0,
            "閲覧できる状態になった",
            "the data became viewable from outside",
        );
        push(
            f.window.end.date,
            3,
            "設定を修正し、社外から閲覧できない状態にした",
            "the setting was corrected; no longer viewable from outside",
        );
    }
    push(
        f.coverage.first,
        1,
        "保存されているアクセスログの始まり",
        "the earliest access logs kept",
    );
    push(
        f.discovered,
        2,
        "本件を知った",
        "the organisation learnt of the issue",
    );
    events.sort();
    events
        .into_iter()
        .map(|(d, _, what)| {
            let colon = if ja { "：" } else { ": " };
            format!("{}{colon}{what}", wording::date(d, lang))
        })
        .collect()
}

/// The covered days as a filing names them; the first to the last log day when the facts
/// carry no runs. `None` without logs.
pub(super) fn log_spans(c: &ajar_model::incident::LogCoverage, lang: Lang) -> Option<String> {
    if c.covered.is_empty() {
        let whole = ajar_model::span::DayRange {
            from: c.first?,
            to: c.last?,
        };
        return Some(wording::day_ranges(&[whole], lang));
    }
    Some(wording::day_ranges(&c.covered, lang))
}
