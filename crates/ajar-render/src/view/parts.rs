//! The values of [`super::View`] that take more than a line to word.

use super::{Lang, ObjectView, item_label};
use crate::wording;
use ajar_model::incident::{Answer, IncidentFacts};
use ajar_model::number::thousands;

/// Each exposed field holding a value, as `item (Object.Field)`.
pub(super) fn fields(f: &IncidentFacts, lang: Lang) -> Vec<String> {
    let mut fields = Vec::new();
    for o in &f.exposed.by_object {
        for x in o.fields.iter().filter(|x| x.non_empty > 0) {
            if let Some(c) = x.class {
                fields.push(format!("{} ({})", item_label(c, lang), x.field));
            }
        }
    }
    fields
}

/// The APPI events that apply under current law, in a filing's words.
pub(super) fn appi_events(f: &IncidentFacts, lang: Lang, historical: bool) -> Vec<String> {
    f.decisions
        .iter()
        .filter(|d| d.jurisdiction == "JP-APPI" && !historical)
        .flat_map(|d| &d.triggers)
        .filter(|t| t.applies == Answer::Yes)
        .filter_map(|t| wording::appi_event(&t.id, lang))
        .map(str::to_owned)
        .collect()
}

/// The triggers that need review, one line each.
pub(super) fn review(f: &IncidentFacts) -> Vec<String> {
    f.decisions
        .iter()
        .flat_map(|d| {
            d.triggers
                .iter()
                .filter(|t| t.applies == Answer::NeedsReview)
                .map(move |t| format!("{} ({}): {}: {}", d.jurisdiction, d.label, t.id, t.reason))
        })
        .collect()
}

/// Whether the logs begin after the window (or the window's start is unknown).
pub(super) fn logs_partial(f: &IncidentFacts) -> bool {
    match (f.coverage.first, f.window.start.date) {
        (Some(first), Some(start)) => first > start,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Reads after the fix: `none_seen`, `seen` or `unknown`.
pub(super) fn after_fix(f: &IncidentFacts) -> &'static str {
    match (f.coverage.after_fix, f.confirmed.after_fix) {
        (true, Some(0)) => "none_seen",
        (_, Some(n)) if n > 0 => "seen",
        _ => "unknown",
    }
}

/// Which persons can be contacted: `all`, `none` or `some`.
pub(super) fn contact(f: &IncidentFacts) -> &'static str {
    match f.exposed.persons_without_channel {
        0 => "all",
        n if n >= f.exposed.persons => "none",
        _ => "some",
    }
}

/// The intruder's addresses with their countries.
pub(super) fn actor_ips(f: &IncidentFacts, lang: Lang) -> Vec<String> {
    f.actor
        .iter()
        .flat_map(|a| &a.ips)
        .map(|ip| match (&ip.country, lang) {
            (Some(c), Lang::Ja) => format!("{}（{}）", ip.ip, wording::country(c, lang)),
            (Some(c), Lang::En) => format!("{} ({})", ip.ip, wording::country(c, lang)),
            (None, _) => ip.ip.to_string(),
        })
        .collect()
}

/// The connected apps the intruder used, by name only: an ID is not what a filing names an
/// application by.
pub(super) fn actor_apps(f: &IncidentFacts) -> Vec<String> {
    f.actor
        .iter()
        .flat_map(|a| &a.connected_apps)
        .filter(|a| ajar_model::sfid::SfId::parse(a).is_err())
        .cloned()
        .collect()
}

/// `items` joined, or the marker of what only people know.
pub(super) fn or_fill(items: Vec<String>, separator: &str, lang: Lang) -> String {
    if items.is_empty() {
        lang.fill().to_owned()
    } else {
        items.join(separator)
    }
}

/// How persons were told apart, in a filing's words.
pub(super) fn person_keys_text(f: &IncidentFacts, lang: Lang, none: &str) -> String {
    if f.exposed.person_keys.is_empty() {
        return none.to_owned();
    }
    f.exposed
        .person_keys
        .iter()
        .map(|k| wording::person_key(k, lang))
        .collect::<Vec<_>>()
        .join(match lang {
            Lang::Ja => "、又は",
            Lang::En => ", or ",
        })
}

/// Records, persons and paths per exposed object.
pub(super) fn objects(f: &IncidentFacts) -> Vec<ObjectView> {
    f.exposed
        .by_object
        .iter()
        .map(|o| ObjectView {
            object: o.object.clone(),
            records: thousands(o.records),
            persons: thousands(o.persons),
            paths: o.paths.join(", "),
        })
        .collect()
}
