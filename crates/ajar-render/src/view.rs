//! Incident facts formatted for people, in Japanese or English: the values the drafts and the
//! HTML report print. Formatting only; every figure comes from [`IncidentFacts`].

mod chronology;
mod decision;
pub(crate) mod detail;
mod parts;

pub use decision::DecisionView;
pub(crate) use decision::answer;

use crate::wording;
use ajar_model::classify::DataClass;
use ajar_model::incident::{Bound, IncidentFacts, IncidentKind};
use serde::Serialize;

/// The language of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Japanese.
    Ja,
    /// English.
    En,
}

impl Lang {
    /// `ja` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ja => "ja",
            Self::En => "en",
        }
    }

    /// What only people know: a visible marker, never invented text.
    pub fn fill(self) -> &'static str {
        match self {
            Self::Ja => "【要記入】",
            Self::En => "[TO FILL]",
        }
    }
}

pub use ajar_model::number::thousands;

/// A data item's label.
pub fn item_label(class: DataClass, lang: Lang) -> &'static str {
    match (lang, class) {
        (Lang::Ja, DataClass::Sensitive) => "要配慮個人情報",
        (Lang::Ja, DataClass::PaymentCard) => "クレジットカード番号",
        (Lang::Ja, DataClass::AccountNumber) => "電子マネー番号・口座番号等",
        (Lang::Ja, DataClass::GovernmentId) => "公的な識別番号",
        (Lang::Ja, DataClass::Credential) => "認証情報（パスワード等）",
        (Lang::Ja, DataClass::Name) => "氏名",
        (Lang::Ja, DataClass::Phone) => "電話番号",
        (Lang::Ja, DataClass::Email) => "メールアドレス",
        (Lang::Ja, DataClass::Address) => "住所",
        (Lang::Ja, DataClass::BirthDate) => "生年月日",
        (Lang::Ja, DataClass::OtherPersonal) => "その他の個人情報",
        (Lang::En, DataClass::Sensitive) => "special care-required data",
        (Lang::En, DataClass::PaymentCard) => "payment card number",
        (Lang::En, DataClass::AccountNumber) => "e-money, prepaid or account number",
        (Lang::En, DataClass::GovernmentId) => "government identifier",
        (Lang::En, DataClass::Credential) => "credentials (passwords...)",
        (Lang::En, DataClass::Name) => "name",
        (Lang::En, DataClass::Phone) => "phone number",
        (Lang::En, DataClass::Email) => "e-mail address",
        (Lang::En, DataClass::Address) => "postal address",
        (Lang::En, DataClass::BirthDate) => "birth date",
        (Lang::En, DataClass::OtherPersonal) => "other personal data",
    }
}

fn bound(b: &Bound, lang: Lang) -> String {
    match (b.date, lang) {
        (Some(d), _) => d.to_string(),
        (None, Lang::Ja) => format!("不明（{}）", b.detail),
        (None, Lang::En) => format!("unknown ({})", b.detail),
    }
}

/// One exposed object.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectView {
    /// API name.
    pub object: String,
    /// Records, formatted.
    pub records: String,
    /// Persons, formatted.
    pub persons: String,
    /// Paths.
    pub paths: String,
}

/// Everything the documents print.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// `ja` or `en`.
    pub lang: String,
    /// The fill-in marker.
    pub fill: String,
    /// Day of knowing, or the marker.
    pub discovered: String,
    /// Home country.
    pub home_country: String,
    /// Window start.
    pub window_start: String,
    /// Window end.
    pub window_end: String,
    /// How each bound was found.
    pub window_start_detail: String,
    /// How the end was found.
    pub window_end_detail: String,
    /// Sources consulted.
    pub window_sources: Vec<String>,
    /// Records, formatted.
    pub records: String,
    /// Persons, formatted.
    pub persons: String,
    /// Keys used to tell persons apart.
    pub person_keys: String,
    /// Per object.
    pub objects: Vec<ObjectView>,
    /// Item labels.
    pub items: Vec<String>,
    /// `label (Object.Field)`.
    pub fields: Vec<String>,
    /// Whether logs were available.
    pub confirmed_known: bool,
    /// Confirmed records.
    pub confirmed_records: String,
    /// Confirmed persons.
    pub confirmed_persons: String,
    /// Confirmed records read from abroad.
    pub confirmed_abroad: String,
    /// Persons read from abroad.
    pub confirmed_persons_abroad: String,
    /// `CN: 40`...
    pub countries: Vec<String>,
    /// Countries other than home, comma-separated.
    pub foreign_countries: String,
    /// Records read outside the exposed set.
    pub outside_exposed_set: String,
    /// Records read only by their data subject (never outside viewing), when known.
    pub self_service_records: Option<String>,
    /// Their persons.
    pub self_service_persons: Option<String>,
    /// The attribution rule.
    pub self_service_rule: Option<String>,
    /// Third-party attribution, `reason: records`, one line each.
    pub attribution: Vec<String>,
    /// First day with logs.
    pub log_first: String,
    /// Last day with logs.
    pub log_last: String,
    /// Gaps, one line each.
    pub gaps: Vec<String>,
    /// Every decision.
    pub decisions: Vec<DecisionView>,
    /// The APPI decision that binds (current law, or the what-if for older incidents).
    pub appi: Option<DecisionView>,
    /// The historical APPI decision, for incidents known before 2022-04-01.
    pub appi_historical: Option<DecisionView>,
    /// The GDPR decision.
    pub gdpr: Option<DecisionView>,
    /// Day of knowing as a filing writes it (`2020年11月24日（火）`), or the marker.
    pub discovered_text: String,
    /// Window start as a filing writes it.
    pub window_start_text: String,
    /// Window end as a filing writes it.
    pub window_end_text: String,
    /// First day with logs, as a filing writes it.
    pub log_first_text: String,
    /// Last day with logs, as a filing writes it.
    pub log_last_text: String,
    /// The days the logs cover, as a filing writes them: `A to B, C to D` (`AからBまで、…`);
    /// a stray row or a missing day never widens a span.
    pub log_spans_text: String,
    /// How many separate spans `log_spans_text` names.
    pub log_span_count: usize,
    /// Countries other than home that read data, by name.
    pub foreign_country_names: String,
    /// What happened when, in date order, dates as a filing writes them.
    pub chronology: Vec<String>,
    /// How persons were told apart, in words.
    pub person_keys_text: String,
    /// Whether the incident was known before APPI's mandatory regime: filings follow the 2017
    /// notice, and current law is only a what-if for the memo.
    pub historical: bool,
    /// The organisation is a processor owing its 委託元 a notice (APPI Rules Art. 9): the
    /// report is drafted as that notice (issue #14).
    pub entrusted: bool,
    /// The APPI events that apply (current law), in words.
    pub appi_events: Vec<String>,
    /// Whether the logs start after the window does: earlier access cannot be excluded.
    pub logs_partial: bool,
    /// Every trigger that needs review, for the internal memo.
    pub review: Vec<String>,
    /// What the logs say about viewing after the fix (`coverage.after_fix`,
    /// `confirmed.after_fix`): `none_seen` (logs cover it, no third-party read), `seen`, or
    /// `unknown` (no logs after the fix): each picks its own sentence.
    pub after_fix: String,
    /// Which persons can be contacted (`exposed.persons_without_channel`): `all`, `some`,
    /// `none`.
    pub contact: String,
    /// Persons without a contact channel, formatted.
    pub persons_without_channel: String,
    /// Whether the incident is an intrusion through the API (issue #16): the filings then
    /// describe a third party using an application's credentials, not a setting left open.
    pub intrusion: bool,
    /// The intruder's IP addresses with their countries, as a filing writes them.
    pub actor_ips_text: String,
    /// The connected apps whose credentials were used, or the fill-in marker.
    pub actor_apps_text: String,
}

/// Formats the facts.
pub fn view(f: &IncidentFacts, lang: Lang) -> View {
    let unknown = match lang {
        Lang::Ja => "不明（ログなし）",
        Lang::En => "unknown (no logs)",
    };
    let opt = |n: Option<u64>| n.map_or_else(|| unknown.to_owned(), thousands);
    let decisions: Vec<DecisionView> = f
        .decisions
        .iter()
        .map(|d| decision::decision(d, lang))
        .collect();
    let find = |j: &str| decisions.iter().find(|d| d.jurisdiction == j).cloned();
    let none = match lang {
        Lang::Ja => "なし",
        Lang::En => "none",
    };
    let foreign: Vec<String> = f
        .confirmed
        .by_country
        .keys()
        .filter(|c| !c.eq_ignore_ascii_case(&f.home_country) && c.as_str() != "unknown")
        .cloned()
        .collect();
    let text = |d: Option<jiff::civil::Date>, missing: &str| {
        d.map_or_else(|| missing.to_owned(), |d| wording::date(d, lang))
    };
    let names: Vec<String> = foreign.iter().map(|c| wording::country(c, lang)).collect();
    let separator = match lang {
        Lang::Ja => "、",
        Lang::En => ", ",
    };
    let historical = f.decisions.iter().any(|d| d.jurisdiction == "JP-APPI-2017");
    View {
        intrusion: f.kind == IncidentKind::Intrusion,
        actor_ips_text: parts::or_fill(parts::actor_ips(f, lang), separator, lang),
        actor_apps_text: parts::or_fill(parts::actor_apps(f), separator, lang),
        after_fix: parts::after_fix(f).to_owned(),
        contact: parts::contact(f).to_owned(),
        persons_without_channel: thousands(f.exposed.persons_without_channel),
        discovered_text: text(f.discovered, lang.fill()),
        window_start_text: text(f.window.start.date, &bound(&f.window.start, lang)),
        window_end_text: text(f.window.end.date, &bound(&f.window.end, lang)),
        log_first_text: text(f.coverage.first, none),
        log_last_text: text(f.coverage.last, none),
        log_spans_text: chronology::log_spans(&f.coverage, lang).unwrap_or_else(|| none.to_owned()),
        log_span_count: f.coverage.covered.len().max(1),
        foreign_country_names: if names.is_empty() {
            none.to_owned()
        } else {
            names.join(separator)
        },
        chronology: chronology::chronology(f, lang),
        person_keys_text: parts::person_keys_text(f, lang, none),
        historical,
        entrusted: detail::entrusted(f),
        appi_events: parts::appi_events(f, lang, historical),
        logs_partial: parts::logs_partial(f),
        review: parts::review(f),
        lang: lang.code().to_owned(),
        fill: lang.fill().to_owned(),
        discovered: f
            .discovered
            .map_or_else(|| lang.fill().to_owned(), |d| d.to_string()),
        home_country: f.home_country.clone(),
        window_start: bound(&f.window.start, lang),
        window_end: bound(&f.window.end, lang),
        window_start_detail: f.window.start.detail.clone(),
        window_end_detail: f.window.end.detail.clone(),
        window_sources: f.window.sources.clone(),
        records: thousands(f.exposed.records),
        persons: thousands(f.exposed.persons),
        person_keys: if f.exposed.person_keys.is_empty() {
            none.to_owned()
        } else {
            f.exposed.person_keys.join(", ")
        },
        objects: parts::objects(f),
        items: f
            .exposed
            .items
            .iter()
            .map(|c| item_label(*c, lang).to_owned())
            .collect(),
        fields: parts::fields(f, lang),
        confirmed_known: f.confirmed.known,
        confirmed_records: opt(f.confirmed.records),
        confirmed_persons: opt(f.confirmed.persons),
        confirmed_abroad: opt(f.confirmed.records_abroad),
        confirmed_persons_abroad: opt(f.confirmed.persons_abroad),
        countries: f
            .confirmed
            .by_country
            .iter()
            .map(|(c, n)| format!("{c}: {}", thousands(*n)))
            .collect(),
        foreign_countries: if foreign.is_empty() {
            none.to_owned()
        } else {
            foreign.join(", ")
        },
        outside_exposed_set: thousands(f.confirmed.outside_exposed_set),
        self_service_records: (f.confirmed.self_service.as_ref()).map(|s| thousands(s.records)),
        self_service_persons: (f.confirmed.self_service.as_ref()).map(|s| thousands(s.persons)),
        self_service_rule: (f.confirmed.self_service.as_ref()).map(|s| s.rule.clone()),
        attribution: f
            .confirmed
            .attribution
            .iter()
            .map(|a| format!("{}: {}", a.reason, thousands(a.records)))
            .collect(),
        log_first: f
            .coverage
            .first
            .map_or_else(|| none.to_owned(), |d| d.to_string()),
        log_last: f
            .coverage
            .last
            .map_or_else(|| none.to_owned(), |d| d.to_string()),
        gaps: f.coverage.gaps.iter().map(|g| g.message.clone()).collect(),
        appi: find("JP-APPI"),
        appi_historical: find("JP-APPI-2017"),
        gdpr: find("EU-GDPR"),
        decisions,
    }
}
