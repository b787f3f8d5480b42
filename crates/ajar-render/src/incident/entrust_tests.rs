//! Issue #14, item 4: a processor's report is drafted as its notice to the 委託元 (APPI Rules
//! Art. 9), under another file name, in Japanese only.

use crate::incident::drafts::{Draft, render, render_all};
use crate::incident::tests::{assert_japanese_filings, sample};
use crate::view::Lang;
use ajar_model::incident::{Answer, Trigger};

fn entrusted() -> ajar_model::incident::IncidentFacts {
    let mut f = sample();
    // Known under the current rules, with the processor's notice owed.
    f.discovered = Some(jiff::civil::date(2024, 6, 3));
    let appi = f
        .decisions
        .iter_mut()
        .find(|d| d.jurisdiction == "JP-APPI")
        .unwrap();
    appi.triggers.push(Trigger {
        id: "APPI-ENTRUST".into(),
        applies: Answer::Yes,
        article: "Act Art. 26(1) proviso; Rules Art. 9".into(),
        reason: "a processor tells the entrusting business".into(),
    });
    appi.reportable = Answer::No;
    f
}

#[test]
fn a_processor_drafts_the_notice_to_its_entrustor_instead_of_the_report() {
    let f = entrusted();
    for lang in [Lang::Ja, Lang::En] {
        let names: Vec<String> = render_all(&f, lang)
            .unwrap()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let code = lang.code();
        assert!(
            names.contains(&format!("entrustor_notice.{code}.md")),
            "{names:?}"
        );
        assert!(!names.contains(&format!("regulator_report.{code}.md")));
    }
    let ja = render(&f, Draft::RegulatorReport, Lang::Ja).unwrap();
    assert!(
        ja.starts_with("# 個人データの漏えい等に関する委託元へのご報告"),
        "{ja}"
    );
    assert!(ja.contains("個人情報の保護に関する法律施行規則第9条"));
    assert!(!ja.contains("提出先 | 個人情報保護委員会"));
    let en = render(&f, Draft::RegulatorReport, Lang::En).unwrap();
    assert!(
        en.starts_with("# Notice to the entrusting business"),
        "{en}"
    );
    assert_japanese_filings(&f);
    // Without the trigger, the report to the PPC as before.
    let names: Vec<String> = render_all(&sample(), Lang::Ja)
        .unwrap()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(names.contains(&"regulator_report.ja.md".to_owned()));
}

#[test]
fn california_notice_of_data_breach_under_its_five_headings() {
    let mut f = sample();
    let names = |f: &ajar_model::incident::IncidentFacts, lang| -> Vec<String> {
        render_all(f, lang)
            .unwrap()
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    };
    assert!(!names(&f, Lang::En).contains(&"ca_notice.en.md".to_owned()));
    f.decisions.push(ajar_model::incident::Decision {
        jurisdiction: "US-CA".into(),
        label: "current law".into(),
        reportable: Answer::No,
        triggers: vec![],
        deadlines: vec![],
        notify_individuals: Answer::Yes,
        recipients: vec![],
        reasons: vec![],
        gdpr: None,
    });
    assert!(
        !names(&f, Lang::Ja)
            .iter()
            .any(|n| n.starts_with("ca_notice"))
    );
    let all = render_all(&f, Lang::En).unwrap();
    let (_, text) = all.iter().find(|(n, _)| n == "ca_notice.en.md").unwrap();
    assert!(text.starts_with("# Notice of Data Breach\n"), "{text}");
    let mut at = 0;
    for h in [
        "## What Happened",
        "## What Information Was Involved",
        "## What We Are Doing",
        "## What You Can Do",
        "## For More Information",
    ] {
        let i = text[at..]
            .find(h)
            .unwrap_or_else(|| panic!("{h} missing or out of order"));
        at += i + h.len();
    }
    assert!(text.contains("[TO FILL]"));
}
