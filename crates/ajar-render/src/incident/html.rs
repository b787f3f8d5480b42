//! The HTML report: one self-contained file (inline CSS and SVG, no script, no external
//! request) with the headline figures, a timeline, tables per object, item and country, the
//! decisions with their deadlines, and links to the drafts. The markup is in the templates
//! `templates/report*.html.j2`; this module prepares their data.

mod intrusion;
mod timeline;

use super::drafts::DraftError;
use crate::view::{Lang, View, view};
use ajar_model::incident::IncidentFacts;
use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Output, State};
use serde::Serialize;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "report.html",
        include_str!("../../templates/report.html.j2"),
    ),
    (
        "timeline.html",
        include_str!("../../templates/report_timeline.html.j2"),
    ),
    (
        "intrusion.html",
        include_str!("../../templates/report_intrusion.html.j2"),
    ),
];

/// The report's data.
#[derive(Serialize)]
struct Report<'a> {
    v: View,
    timeline: Option<timeline::Timeline>,
    /// The logged period, zoomed.
    zoomed: Option<timeline::Timeline>,
    by_country: Vec<Country<'a>>,
    /// The data subjects' own reads, when there are.
    self_service: Option<SelfService>,
    ips: Vec<Ip<'a>>,
    intrusion: Option<intrusion::Intrusion>,
    drafts: &'a [String],
}

#[derive(Serialize)]
struct Country<'a> {
    country: &'a str,
    records: u64,
}

#[derive(Serialize)]
struct SelfService {
    records: String,
    persons: String,
    rule: String,
}

#[derive(Serialize)]
struct Ip<'a> {
    ip: &'a str,
    country: &'a str,
    records: u64,
    first: String,
    last: String,
}

/// HTML escaping of `& < > " '`: the report's escaping since its first version (minijinja's
/// own also escapes `/`, which would rewrite every path and link).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Prints values with [`esc`] where the template autoescapes (`.html`), as minijinja would.
fn formatter(
    out: &mut Output<'_>,
    state: &mut State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if *state.auto_escape() == AutoEscape::Html && !value.is_safe() && !value.is_undefined() {
        out.write_str(&esc(&value.to_string()))?;
        Ok(())
    } else {
        minijinja::escape_formatter(out, state, value)
    }
}

fn env(lang: Lang) -> Result<Environment<'static>, DraftError> {
    let err = |name: &str| {
        let name = name.to_owned();
        move |source| DraftError { name, source }
    };
    let mut env = Environment::new();
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(err("syntax"))?;
    env.set_syntax(syntax);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_formatter(formatter);
    // The template's own words in the report's language: template text, not data.
    env.add_function("t", move |ja: String, en: String| {
        Value::from_safe_string(if lang == Lang::Ja { ja } else { en })
    });
    for (name, src) in TEMPLATES {
        env.add_template(name, src).map_err(err(name))?;
    }
    Ok(env)
}

fn data<'a>(facts: &'a IncidentFacts, lang: Lang, v: View, drafts: &'a [String]) -> Report<'a> {
    let zoom = facts.coverage.first.zip(facts.coverage.last);
    let self_service = match (
        &v.self_service_records,
        &v.self_service_persons,
        &v.self_service_rule,
    ) {
        (Some(records), Some(persons), Some(rule)) => Some(SelfService {
            records: records.clone(),
            persons: persons.clone(),
            rule: rule.clone(),
        }),
        _ => None,
    };
    Report {
        timeline: timeline::timeline(facts, None),
        zoomed: zoom.and_then(|z| timeline::timeline(facts, Some(z))),
        by_country: (facts.confirmed.by_country.iter())
            .map(|(c, n)| Country {
                country: c,
                records: *n,
            })
            .collect(),
        self_service,
        ips: (facts.confirmed.ips.iter())
            .map(|ip| Ip {
                ip: &ip.ip,
                country: ip.country.as_deref().unwrap_or("?"),
                records: ip.records,
                first: ip.first.to_string(),
                last: ip.last.to_string(),
            })
            .collect(),
        intrusion: intrusion::intrusion(facts, lang),
        drafts,
        v,
    }
}

/// Renders the report; `drafts` are the relative file names to link.
pub fn try_render(
    facts: &IncidentFacts,
    lang: Lang,
    drafts: &[String],
) -> Result<String, DraftError> {
    let env = env(lang)?;
    let err = |source| DraftError {
        name: "report.html".to_owned(),
        source,
    };
    let data = data(facts, lang, view(facts, lang), drafts);
    env.get_template("report.html")
        .and_then(|t| t.render(Value::from(Serde(&data))))
        .map_err(err)
}

/// Renders the report; `drafts` are the relative file names to link. The templates are compiled
/// in and tested: should one fail all the same, the page says so (see [`try_render`]).
pub fn render(facts: &IncidentFacts, lang: Lang, drafts: &[String]) -> String {
    try_render(facts, lang, drafts).unwrap_or_else(|e| {
        let cause = std::error::Error::source(&e).map_or_else(String::new, ToString::to_string);
        format!(
            "<!DOCTYPE html><html><body><p>{}: {}</p></body></html>\n",
            esc(&e.to_string()),
            esc(&cause)
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::view::Lang;

    #[test]
    fn values_are_escaped_and_the_template_words_are_not() {
        let f = crate::incident::tests::sample();
        let drafts = ["<a>&'\".md".to_owned(), "x/y.md".to_owned()];
        for lang in [Lang::Ja, Lang::En] {
            let html = super::try_render(&f, lang, &drafts).unwrap();
            assert!(
                html.contains(r#"<a href="&lt;a&gt;&amp;&#39;&quot;.md">"#),
                "{html}"
            );
            assert!(html.contains(r#"<a href="x/y.md">x/y.md</a>"#));
            assert!(html.ends_with("</ul></body></html>\n"));
        }
    }
}
