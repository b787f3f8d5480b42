//! Renderer tests over one shared sample of incident facts.

use crate::incident::drafts::{Draft, render, render_all};
use crate::view::Lang;
use ajar_model::classify::DataClass;
use ajar_model::incident::*;
use ajar_model::span::CoverageGap;
use jiff::civil::date;

pub(crate) fn sample() -> IncidentFacts {
    let b = |d, detail: &str| Bound {
        date: d,
        source: "history".into(),
        confidence: Confidence::High,
        detail: detail.into(),
    };
    IncidentFacts {
        schema: IncidentFacts::SCHEMA.into(),
        tool_version: "0.1.0".into(),
        discovered: Some(date(2020, 11, 24)),
        home_country: "JP".into(),
        kind: ajar_model::incident::IncidentKind::GuestExposure,
        actor: None,
        identity_reach: None,
        window: Window {
            start: b(Some(date(2016, 1, 15)), "first commit with guest sharing rule R: abc1234 2016-01-15"),
            end: b(Some(date(2020, 11, 26)), "first commit without guest sharing rule R: def5678 2020-11-26"),
            sources: vec!["metadata history: 12 commits".into()],
        },
        exposed: Exposed {
            records: 1200,
            persons: 1100,
            person_keys: vec!["name+phone_e164".into()],
            by_object: vec![ObjectImpact {
                object: "App__c".into(),
                records: 1200,
                persons: 1100,
                paths: vec!["guest sharing rule R".into()],
                fields: vec![
                    ExposedField { field: "App__c.Name__c".into(), class: Some(DataClass::Name), label: None, non_empty: 1200 },
                    ExposedField { field: "App__c.Phone__c".into(), class: Some(DataClass::Phone), label: None, non_empty: 1100 },
                    ExposedField { field: "App__c.Channel__c".into(), class: None, label: None, non_empty: 1200 },
                ],
                evidence: vec![],
            }],
            items: vec![DataClass::Name, DataClass::Phone],
            persons_without_channel: 0,
        },
        confirmed: Confirmed {
            known: true,
            records: Some(12),
            persons: Some(11),
            records_abroad: Some(10),
            persons_abroad: Some(9),
            by_country: [("CN".to_string(), 6u64), ("JP".to_string(), 2), ("US".to_string(), 4)].into(),
            ips: vec![ConfirmedIp {
                ip: "175.16.199.23".into(),
                country: Some("CN".into()),
                records: 6,
                first: "2020-11-01T00:00:00Z".parse().unwrap(),
                last: "2020-11-02T00:00:00Z".parse().unwrap(),
            }],
            by_day: [(date(2020, 11, 1), 8u64), (date(2020, 11, 2), 4)].into(),
            outside_exposed_set: 0,
            self_service: Some(SelfService {
                records: 40,
                persons: 39,
                rule: "a read is the data subject's when ...".into(),
            }),
            attribution: vec![Attribution {
                reason: "third party: no request creating the record is in the logs".into(),
                records: 12,
            }],
            after_fix: Some(0),
        },
        secrets: None,
        coverage: LogCoverage {
            first: Some(date(2020, 10, 28)),
            last: Some(date(2020, 11, 26)),
            gaps: vec![CoverageGap {
                kind: "window-without-logs".into(),
                message: "2016-01-15 to 2020-10-27: no logs inside the exposure window; outside access cannot be excluded".into(),
                span: None,
            }],
            after_fix: true,
            ..LogCoverage::default()
        },
        decisions: vec![Decision {
            jurisdiction: "JP-APPI".into(),
            label: "current law".into(),
            reportable: Answer::Yes,
            triggers: vec![Trigger {
                id: "APPI-E4".into(),
                applies: Answer::Yes,
                article: "Rules Art. 7(iv)".into(),
                reason: "1,100 persons > 1,000".into(),
            }],
            deadlines: vec![Deadline {
                what: "final report (確報), 30 days".into(),
                earliest: None,
                date: Some(date(2020, 12, 23)),
                instant: None,
                basis: "Rules Art. 8(2): 30 days from 2020-11-24 (day 1)".into(),
                conditional: false,
            }],
            notify_individuals: Answer::Yes,
            recipients: vec!["PPC".into()],
            reasons: vec!["r".into()],
            gdpr: None,
        }],
    }
}

#[test]
fn drafts_snapshot() {
    let f = sample();
    for lang in [Lang::Ja, Lang::En] {
        for (name, text) in render_all(&f, lang).unwrap() {
            insta::assert_snapshot!(name, text);
        }
    }
}

#[test]
fn regulator_report_has_all_nine_items_and_fill_markers() {
    let f = sample();
    let ja = render(&f, Draft::RegulatorReport, Lang::Ja).unwrap();
    for n in 1..=9 {
        assert!(ja.contains(&format!("## {n}. ")), "item {n}");
    }
    assert!(ja.contains("【要記入】"));
    assert!(ja.contains("1,100名（1,200件）"));
    assert!(!ja.contains("ajar") && !ja.contains("下書き"));
    let en = render(&f, Draft::RegulatorReport, Lang::En).unwrap();
    assert!(en.contains("[TO FILL]") && !en.contains("【要記入】"));
    let public = render(&f, Draft::PublicNotice, Lang::Ja).unwrap();
    for h in [
        "1. 経緯",
        "2. 対象となる情報",
        "3. 原因",
        "4. 対応",
        "5. お問い合わせ先",
        "6. 再発防止策",
        "以上",
    ] {
        assert!(public.contains(h), "{h}");
    }
}

/// ASCII words (two letters or more) of `text`.
fn ascii_words(text: &str) -> std::collections::BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .map(str::to_owned)
        .collect()
}

/// Every sentence the engine wrote: reasons, articles, bases, gaps, attribution.
pub(crate) fn engine_words(f: &IncidentFacts) -> std::collections::BTreeSet<String> {
    let mut text = String::new();
    for d in &f.decisions {
        for r in &d.reasons {
            text.push_str(r);
            text.push('\n');
        }
        for t in &d.triggers {
            text.push_str(&format!("{} {} {}\n", t.id, t.article, t.reason));
        }
        for x in &d.deadlines {
            text.push_str(&format!("{} {}\n", x.what, x.basis));
        }
        text.push_str(&d.recipients.join("\n"));
        text.push_str(&d.label);
        if let Some(g) = &d.gdpr {
            text.push_str(&serde_json::to_string(g).unwrap_or_default());
        }
    }
    for g in &f.coverage.gaps {
        text.push_str(&g.message);
        text.push('\n');
    }
    for a in &f.confirmed.attribution {
        text.push_str(&a.reason);
    }
    if let Some(s) = &f.confirmed.self_service {
        text.push_str(&s.rule);
    }
    text.push_str(&f.window.start.detail);
    text.push_str(&f.window.end.detail);
    ascii_words(&text)
}

/// Issue #14: a Japanese filing holds Japanese only, never the engine's reasons.
pub(crate) fn assert_japanese_filings(f: &IncidentFacts) {
    let words = engine_words(f);
    assert!(words.len() > 20, "the sample has reasons: {words:?}");
    for d in Draft::ALL.into_iter().filter(|d| d.is_filing()) {
        let text = render(f, d, Lang::Ja).unwrap();
        let found: Vec<&String> = ascii_words(&text)
            .iter()
            .filter_map(|w| words.get(w))
            .collect();
        assert!(
            found.is_empty(),
            "{:?} holds engine words {found:?}:\n{text}",
            d
        );
        assert!(
            !text.chars().any(|c| c.is_ascii_alphabetic()),
            "{d:?} holds ASCII letters:\n{text}"
        );
    }
}

#[test]
fn issue_14_japanese_filings_hold_no_engine_words_and_the_memo_holds_them() {
    let mut f = sample();
    f.decisions.push(Decision {
        jurisdiction: "JP-APPI-2017".into(),
        label: "as it was".into(),
        reportable: Answer::Recommended,
        triggers: vec![],
        deadlines: vec![],
        notify_individuals: Answer::Recommended,
        recipients: vec!["PPC (recommended)".into()],
        reasons: vec!["known on 2020-11-24, before 2022-04-01: effort duty".into()],
        gdpr: None,
    });
    assert_japanese_filings(&f);
    assert_japanese_filings(&sample());
    // The deliberation is in the memo, in both languages.
    for lang in [Lang::Ja, Lang::En] {
        let memo = render(&f, Draft::InternalMemo, lang).unwrap();
        assert!(memo.contains("1,100 persons > 1,000"), "{memo}");
        assert!(memo.contains("effort duty"));
        assert!(memo.contains("no logs inside the exposure window"));
    }
    let en = render(&f, Draft::RegulatorReport, Lang::En).unwrap();
    assert!(!en.contains("1,100 persons > 1,000") && !en.contains("what-if"));
}

#[test]
fn issue_14_filings_write_dates_countries_and_chronology_for_people() {
    let f = sample();
    let ja = render(&f, Draft::RegulatorReport, Lang::Ja).unwrap();
    assert!(ja.contains("2020年11月26日（木）"), "{ja}");
    assert!(ja.contains("中国、米国"), "countries by name: {ja}");
    // In date order: opened, logs begin, known, fixed.
    let order = [
        "2016年1月15日（金）：",
        "2020年10月28日（水）：",
        "2020年11月24日（火）：",
        "2020年11月26日（木）：",
    ];
    let at: Vec<usize> = order.iter().map(|o| ja.find(o).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{ja}");
    // Persons confirmed abroad are worded apart from the confirmed total.
    assert!(
        ja.contains("うち、国外からの閲覧を確認した本人の数: 9名"),
        "{ja}"
    );
    let notice = render(&f, Draft::IndividualNotice, Lang::Ja).unwrap();
    assert!(
        notice.starts_with("【要記入】（お客様の氏名）様"),
        "{notice}"
    );
    assert!(notice.contains("拝啓") && notice.contains("敬具") && notice.contains("以上"));
    assert!(notice.contains("【国外からの閲覧を確認したお客様への通知】"));
    // Regime of the day: an incident known before 2022-04-01 is reported under the 2017 notice.
    let mut old = sample();
    old.decisions.insert(
        0,
        Decision {
            jurisdiction: "JP-APPI-2017".into(),
            label: "as it was".into(),
            reportable: Answer::Recommended,
            triggers: vec![],
            deadlines: vec![],
            notify_individuals: Answer::Recommended,
            recipients: vec![],
            reasons: vec![],
            gdpr: None,
        },
    );
    let ja = render(&old, Draft::RegulatorReport, Lang::Ja).unwrap();
    assert!(ja.contains("平成29年個人情報保護委員会告示第1号"));
    assert!(!ja.contains("第26条第1項") && !ja.contains("該当する事態"));
}

#[test]
fn without_logs_the_drafts_say_unknown_not_zero() {
    let mut f = sample();
    f.confirmed = Confirmed {
        known: false,
        records: None,
        persons: None,
        records_abroad: None,
        persons_abroad: None,
        by_country: Default::default(),
        ips: vec![],
        by_day: Default::default(),
        outside_exposed_set: 0,
        self_service: None,
        attribution: vec![],
        after_fix: None,
    };
    f.coverage.after_fix = false;
    let en = render(&f, Draft::RegulatorReport, Lang::En).unwrap();
    assert!(
        en.contains("Whether a third party viewed the data: not established"),
        "{en}"
    );
    let ja = render(&f, Draft::PublicNotice, Lang::Ja).unwrap();
    assert!(ja.contains("閲覧の有無は確認できていません"));
    let json = String::from_utf8(crate::incident::json::render(&f)).unwrap();
    assert!(json.contains("\"known\": false") && !json.contains("\"records_abroad\""));
}

#[test]
fn html_is_self_contained_and_shows_the_figures() {
    let html =
        crate::incident::html::render(&sample(), Lang::En, &["regulator_report.en.md".into()]);
    for needle in [
        "1,200",
        "1,100",
        "2016-01-15",
        "2020-11-26",
        "<svg",
        "regulator_report.en.md",
        "2020-12-23",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_ns.contains("http"), "no external reference");
    assert!(!html.contains("https://") && !html.contains("<script"));
}

#[test]
fn notification_list_and_redaction() {
    let p = PersonEntry {
        number: 1,
        name: Some("山田 太郎".into()),
        email: None,
        phone: Some("090-1111-2222".into()),
        phone_e164: Some("+819011112222".into()),
        country: "JP".into(),
        items: vec![DataClass::Name, DataClass::Phone],
        records: vec!["App__c/a0B5j0000000001AAA".into()],
        confirmed: true,
        abroad: true,
    };
    let csv = String::from_utf8(
        crate::incident::notification_csv::render(std::slice::from_ref(&p), Lang::En, false)
            .unwrap(),
    )
    .unwrap();
    insta::assert_snapshot!(csv);
    let red =
        String::from_utf8(crate::incident::notification_csv::render(&[p], Lang::En, true).unwrap())
            .unwrap();
    assert!(!red.contains("山田") && !red.contains("1111") && !red.contains("a0B5"));
    let r = crate::incident::json::redacted(&sample());
    assert_eq!(r.confirmed.ips[0].ip, "175.16.199.x");
    assert_eq!(
        crate::incident::json::mask_ip("2001:218:1:2::5"),
        "2001:218:1::/48"
    );
}

#[test]
fn issue_14_no_viewing_after_the_fix_only_when_logs_cover_it() {
    let notice = |f: &IncidentFacts, lang| render(f, Draft::PublicNotice, lang).unwrap();
    let mut f = sample();
    // Logs cover the fix day and no third party read after it.
    assert!(
        notice(&f, Lang::Ja).contains("修正以降、社外の第三者による閲覧は確認されていません。")
    );
    assert!(
        notice(&f, Lang::En)
            .contains("No viewing by a third party has been confirmed since the fix.")
    );
    // Logs end before the fix: nothing is said about after it.
    f.coverage.after_fix = false;
    for lang in [Lang::Ja, Lang::En] {
        let t = notice(&f, lang);
        assert!(
            !t.contains("修正以降") && !t.contains("since the fix"),
            "{t}"
        );
    }
    // A third party read after the fix: said so, never "none since".
    f.coverage.after_fix = true;
    f.confirmed.after_fix = Some(3);
    let t = notice(&f, Lang::Ja);
    assert!(
        t.contains("修正以降にも社外の第三者による閲覧を確認")
            && !t.contains("確認されていません。現時点")
    );
    assert!(notice(&f, Lang::En).contains("also confirmed after the fix"));
    // No logs at all: unknown.
    f.confirmed.after_fix = None;
    assert!(!notice(&f, Lang::Ja).contains("修正以降"));
}

#[test]
fn issue_14_contact_sentence_follows_the_channels_and_reports_are_never_past() {
    let notice = |f: &IncidentFacts, lang| render(f, Draft::PublicNotice, lang).unwrap();
    let mut f = sample();
    assert!(notice(&f, Lang::Ja).contains("対象のお客様には、個別にご連絡いたします。"));
    assert!(notice(&f, Lang::En).contains("We will contact each affected customer individually."));
    f.exposed.persons_without_channel = 100;
    let t = notice(&f, Lang::Ja);
    assert!(
        t.contains("ご連絡先が分からない100名のお客様には、本お知らせ"),
        "{t}"
    );
    assert!(notice(&f, Lang::En).contains("for the 100 customers we cannot reach"));
    f.exposed.persons_without_channel = f.exposed.persons;
    let t = notice(&f, Lang::Ja);
    assert!(
        t.contains("対象のお客様のご連絡先が分からないため")
            && !t.contains("個別にご連絡いたします")
    );
    assert!(notice(&f, Lang::En).contains("As we have no contact details"));
    // A draft never says it has reported.
    for lang in [Lang::Ja, Lang::En] {
        for d in Draft::ALL {
            let t = render(&sample(), d, lang).unwrap();
            assert!(
                !t.contains("報告しました")
                    && !t.contains("have reported")
                    && !t.contains("ご連絡しています"),
                "{d:?} {lang:?}"
            );
        }
    }
    assert!(notice(&f, Lang::Ja).contains("報告いたします"));
}

/// Issue #15, class 3: the drafts quote the days the logs cover, never a wider period.
#[test]
fn issue15_c3_drafts_quote_only_covered_spans() {
    use ajar_model::span::DayRange;
    let mut f = sample();
    f.coverage.covered = vec![
        DayRange {
            from: date(2020, 10, 28),
            to: date(2020, 11, 2),
        },
        DayRange {
            from: date(2020, 11, 4),
            to: date(2020, 11, 26),
        },
    ];
    let notice = render(&f, Draft::PublicNotice, Lang::En).unwrap();
    assert!(
        notice.contains("access logs (2020-10-28 to 2020-11-02, 2020-11-04 to 2020-11-26)"),
        "{notice}"
    );
    let report = render(&f, Draft::RegulatorReport, Lang::En).unwrap();
    assert!(
        report.contains("kept for 2020-10-28 to 2020-11-02, 2020-11-04 to 2020-11-26 only"),
        "{report}"
    );
    let ja = render(&f, Draft::PublicNotice, Lang::Ja).unwrap();
    assert!(
        ja.contains("2020年11月2日（月）まで、2020年11月4日（水）から"),
        "{ja}"
    );
}

mod gdpr;
