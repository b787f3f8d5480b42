//! Drafted documents from templates compiled into the binary (law.md §4): the regulator report
//! with every Rules Art. 8(1) item, the notice to individuals (Rules Art. 10 items) and the
//! public announcement in the seed's structure, in Japanese and English, plus an internal memo.
//! What only people know is a visible marker (`【要記入】`, `[TO FILL]`), never invented text.
//! The drafts hold figures, never a person's data. The filings state only what the evidence
//! shows, in the filing's language (the Japanese ones hold no English and no engine reason);
//! the tool's deliberation goes to the memo alone (issue #14).

use crate::view::{Lang, view};
use ajar_model::incident::IncidentFacts;

/// A drafted document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draft {
    /// The report to the PPC (Rules Art. 8(1) items 1-9).
    RegulatorReport,
    /// The notice to individuals (Rules Art. 10).
    IndividualNotice,
    /// The public announcement (公表文).
    PublicNotice,
    /// The tool's deliberation (decisions, reasons, questions for review, what-ifs, log
    /// limits): never part of a filing or a notice (issue #14).
    InternalMemo,
    /// California's "Notice of Data Breach" under its five headings (Civil Code §1798.82(d),
    /// law.md §2.8), in English only, when California residents are to be told.
    CaNotice,
}

impl Draft {
    /// Every draft, in output order.
    pub const ALL: [Self; 4] = [
        Self::RegulatorReport,
        Self::IndividualNotice,
        Self::PublicNotice,
        Self::InternalMemo,
    ];

    /// Whether the document goes to a regulator, the persons or the public (all but the memo).
    pub fn is_filing(self) -> bool {
        self != Self::InternalMemo
    }

    fn stem(self) -> &'static str {
        match self {
            Self::RegulatorReport => "regulator_report",
            Self::IndividualNotice => "individual_notice",
            Self::PublicNotice => "public_notice",
            Self::InternalMemo => "internal_memo",
            Self::CaNotice => "ca_notice",
        }
    }

    /// The output file name (`regulator_report.ja.md`).
    pub fn file_name(self, lang: Lang) -> String {
        format!("{}.{}.md", self.stem(), lang.code())
    }
}

const TEMPLATES: &[(&str, &str)] = &[
    (
        "regulator_report.ja.md",
        include_str!("../../templates/regulator_report.ja.md.j2"),
    ),
    (
        "regulator_report.en.md",
        include_str!("../../templates/regulator_report.en.md.j2"),
    ),
    (
        "individual_notice.ja.md",
        include_str!("../../templates/individual_notice.ja.md.j2"),
    ),
    (
        "individual_notice.en.md",
        include_str!("../../templates/individual_notice.en.md.j2"),
    ),
    (
        "public_notice.ja.md",
        include_str!("../../templates/public_notice.ja.md.j2"),
    ),
    (
        "public_notice.en.md",
        include_str!("../../templates/public_notice.en.md.j2"),
    ),
    (
        "internal_memo.ja.md",
        include_str!("../../templates/internal_memo.ja.md.j2"),
    ),
    (
        "internal_memo.en.md",
        include_str!("../../templates/internal_memo.en.md.j2"),
    ),
    (
        "ca_notice.en.md",
        include_str!("../../templates/ca_notice.en.md.j2"),
    ),
];

/// Why a draft could not be rendered (a template bug: the templates are compiled in).
#[derive(Debug, thiserror::Error)]
#[error("template `{name}` failed")]
pub struct DraftError {
    /// The template.
    pub name: String,
    /// The cause.
    pub source: minijinja::Error,
}

fn env() -> Result<minijinja::Environment<'static>, DraftError> {
    let mut env = minijinja::Environment::new();
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|source| DraftError {
            name: "syntax".to_owned(),
            source,
        })?;
    env.set_syntax(syntax);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, src) in TEMPLATES {
        env.add_template(name, src).map_err(|source| DraftError {
            name: (*name).to_owned(),
            source,
        })?;
    }
    Ok(env)
}

/// Renders one draft.
pub fn render(facts: &IncidentFacts, draft: Draft, lang: Lang) -> Result<String, DraftError> {
    let name = draft.file_name(lang);
    let err = |source| DraftError {
        name: name.clone(),
        source,
    };
    let env = env()?;
    let template = env.get_template(&name).map_err(err)?;
    template
        .render(minijinja::value::Value::from(minijinja::value::Serde(
            &view(facts, lang),
        )))
        .map_err(err)
}

/// Renders every draft in one language: `(file name, text)`. A processor owes its 委託元 a
/// notice instead of the report to the PPC (APPI Rules Art. 9): that draft is then
/// `entrustor_notice.{ja,en}.md`.
pub fn render_all(facts: &IncidentFacts, lang: Lang) -> Result<Vec<(String, String)>, DraftError> {
    let entrusted = crate::view::detail::entrusted(facts);
    // California's notice is written in English only, when its residents are to be told.
    let california = lang == Lang::En
        && facts.decisions.iter().any(|d| {
            d.jurisdiction == "US-CA" && d.notify_individuals != ajar_model::incident::Answer::No
        });
    Draft::ALL
        .iter()
        .chain(california.then_some(&Draft::CaNotice))
        .map(|d| {
            let name = if entrusted && *d == Draft::RegulatorReport {
                format!("entrustor_notice.{}.md", lang.code())
            } else {
                d.file_name(lang)
            };
            Ok((name, render(facts, *d, lang)?))
        })
        .collect()
}
