//! One legal decision formatted: its answers, triggers, deadlines, recipients and reasons.

use super::{Lang, detail};
use ajar_model::incident::{Answer, Decision};
use serde::Serialize;

/// An answer in words.
pub(crate) fn answer(a: Answer, lang: Lang) -> &'static str {
    match (lang, a) {
        (Lang::Ja, Answer::Yes) => "要",
        (Lang::Ja, Answer::No) => "不要",
        (Lang::Ja, Answer::NeedsReview) => "要検討",
        (Lang::Ja, Answer::Recommended) => "努力義務（推奨）",
        (Lang::Ja, Answer::CannotBeDecided) => "判断できない（証拠の欠落）",
        (Lang::En, Answer::Yes) => "required",
        (Lang::En, Answer::No) => "not required",
        (Lang::En, Answer::NeedsReview) => "needs review",
        (Lang::En, Answer::Recommended) => "recommended (effort duty)",
        (Lang::En, Answer::CannotBeDecided) => "cannot be decided (evidence missing)",
    }
}

/// One decision, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    /// `JP-APPI`...
    pub jurisdiction: String,
    /// `current law`...
    pub label: String,
    /// Report required?
    pub reportable: String,
    /// `yes`, `no`, `needs_review`, `recommended`.
    pub reportable_code: String,
    /// Notice required?
    pub notify: String,
    /// Events, one line each.
    pub triggers: Vec<String>,
    /// Events that apply or need review.
    pub active_triggers: Vec<String>,
    /// Deadlines, one line each.
    pub deadlines: Vec<String>,
    /// Recipients.
    pub recipients: Vec<String>,
    /// Reasons.
    pub reasons: Vec<String>,
    /// Structured detail (the GDPR's scope, authorities, high-risk factors), one line each.
    pub detail: Vec<String>,
}

pub(super) fn decision(d: &Decision, lang: Lang) -> DecisionView {
    let line = |t: &ajar_model::incident::Trigger| {
        format!(
            "{} [{}] {}: {}",
            t.id,
            answer(t.applies, lang),
            t.article,
            t.reason
        )
    };
    DecisionView {
        jurisdiction: d.jurisdiction.clone(),
        label: d.label.clone(),
        reportable: answer(d.reportable, lang).to_owned(),
        reportable_code: d.reportable.as_str().to_owned(),
        notify: answer(d.notify_individuals, lang).to_owned(),
        triggers: d.triggers.iter().map(line).collect(),
        active_triggers: d
            .triggers
            .iter()
            .filter(|t| t.applies != Answer::No)
            .map(line)
            .collect(),
        deadlines: d
            .deadlines
            .iter()
            .map(|x| {
                let when = match (x.earliest, x.date, x.instant) {
                    (Some(a), Some(b), _) => format!("{a} … {b}"),
                    (None, Some(b), _) => b.to_string(),
                    (_, None, Some(i)) => format!("{i} (UTC)"),
                    _ => match lang {
                        Lang::Ja => "算出不可（要検討）".to_owned(),
                        Lang::En => "cannot be computed (needs review)".to_owned(),
                    },
                };
                let cond = match (x.conditional, lang) {
                    (true, Lang::Ja) => "（条件付き）",
                    (true, Lang::En) => " (conditional)",
                    _ => "",
                };
                format!("{}: {when}{cond} — {}", x.what, x.basis)
            })
            .collect(),
        recipients: d.recipients.clone(),
        reasons: d.reasons.clone(),
        detail: detail::lines(d, lang),
    }
}
