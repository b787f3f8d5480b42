//! Japan's APPI: Rules Art. 7 events, Art. 8 deadlines, Art. 26(2) notice (law.md §1).

use super::calendar::{self, OutsideTable};
use super::{LawInput, OutsideAccess, strongest, thousands};
use ajar_model::classify::DataClass;
use ajar_model::incident::{Answer, Deadline, Decision, Trigger};
use jiff::civil::{Date, date};

/// Start of the 2017 PPC notice regime (平成29年個人情報保護委員会告示第1号).
const EFFORT_DUTY_FROM: Date = date(2017, 5, 30);

pub(super) fn trigger(id: &str, applies: Answer, article: &str, reason: String) -> Trigger {
    Trigger {
        id: id.to_owned(),
        applies,
        article: article.to_owned(),
        reason,
    }
}

/// The four Rules Art. 7 events (plus the financial overlay as a review item).
fn events(input: &LawInput, plain: &[DataClass]) -> Vec<Trigger> {
    let persons = thousands(input.persons);
    let has = |c: DataClass| plain.contains(&c);
    let mut out = Vec::new();
    out.push(if has(DataClass::Sensitive) && input.persons >= 1 {
        trigger(
            "APPI-E1",
            Answer::Yes,
            "Rules Art. 7(i)",
            format!("special care-required data (Act Art. 2(3)) of {persons} persons; minimum 1"),
        )
    } else {
        trigger(
            "APPI-E1",
            Answer::No,
            "Rules Art. 7(i)",
            "no special care-required item exposed".to_owned(),
        )
    });
    out.push(e2(has));
    out.push(match input.access {
        OutsideAccess::Wrongful => trigger(
            "APPI-E3",
            Answer::Yes,
            "Rules Art. 7(iii)",
            "access with a wrongful purpose established".to_owned(),
        ),
        OutsideAccess::Seen => trigger(
            "APPI-E3",
            Answer::NeedsReview,
            "Rules Art. 7(iii)",
            format!(
                "outside parties read exposed records ({} persons confirmed); whether the act had a wrongful purpose needs review (foreign IPs, volume, request patterns)",
                input.persons_confirmed.map_or_else(|| "unknown".to_owned(), thousands)
            ),
        ),
        OutsideAccess::NoLogs => trigger(
            "APPI-E3",
            Answer::NeedsReview,
            "Rules Art. 7(iii)",
            "no access logs: an act with a wrongful purpose cannot be excluded".to_owned(),
        ),
        OutsideAccess::NoneSeen => trigger(
            "APPI-E3",
            Answer::No,
            "Rules Art. 7(iii)",
            "no outside read of exposed records in the available logs (see coverage gaps)"
                .to_owned(),
        ),
    });
    // A public body reports from more than 100 persons (Act Art. 68, Rules Art. 43(iv);
    // law.md §1.8).
    let limit: u64 = if input.public_body { 100 } else { 1000 };
    out.push(if input.persons > limit {
        trigger(
            "APPI-E4",
            Answer::Yes,
            "Rules Art. 7(iv)",
            format!(
                "{persons} persons (confirmed or suspected) > {}; {} records",
                thousands(limit),
                thousands(input.records)
            ),
        )
    } else {
        trigger(
            "APPI-E4",
            Answer::No,
            "Rules Art. 7(iv)",
            format!(
                "{persons} persons: more than {} ({} or more) are needed",
                thousands(limit),
                thousands(limit + 1)
            ),
        )
    });
    out.extend(financial(plain));
    if input.public_body {
        for t in &mut out {
            t.article = t.article.replace("Rules Art. 7(", "Rules Art. 43(");
        }
    }
    out
}

/// Event E2 (Rules Art. 7(ii)) per PPC FAQ Q6-11 and Q6-12 (law.md §1.2): data that by itself
/// can move money is a yes (a full card number; a credential together with the account or
/// e-money number it opens); an account or e-money number alone, or a credential whose service
/// is unknown, is a question for review; name, phone, address or e-mail alone are not enough.
fn e2(has: impl Fn(DataClass) -> bool) -> Trigger {
    let (card, credential, account) = (
        has(DataClass::PaymentCard),
        has(DataClass::Credential),
        has(DataClass::AccountNumber),
    );
    let (answer, reason) = if card {
        (
            Answer::Yes,
            "a full card number can be used to cause property damage (PPC FAQ Q6-12)",
        )
    } else if credential && account {
        (
            Answer::Yes,
            "a credential exposed with the account or e-money number it opens can move money (PPC FAQ Q6-11, Q6-12)",
        )
    } else if account {
        (
            Answer::NeedsReview,
            "an e-money, prepaid or account number without a spending credential: whether it can be used for property damage needs review (PPC FAQ Q6-11, Q6-12)",
        )
    } else if credential {
        (
            Answer::NeedsReview,
            "a login credential: E2 only if it opens a service that can pay or send money; which service it opens needs review (PPC FAQ Q6-11)",
        )
    } else {
        (
            Answer::No,
            "name, phone, address or e-mail alone do not qualify (PPC FAQ Q6-11)",
        )
    };
    trigger("APPI-E2", answer, "Rules Art. 7(ii)", reason.to_owned())
}

/// The financial-sector overlay (law.md §1.4): a review item whenever payment or account data
/// was exposed, under the current rules and under the rules of 2017–2022 alike.
fn financial(plain: &[DataClass]) -> Option<Trigger> {
    (plain.contains(&DataClass::AccountNumber) || plain.contains(&DataClass::PaymentCard)).then(|| trigger(
        "APPI-FIN",
        Answer::NeedsReview,
        "PPC/FSA financial Q&A Q4-6, Q4-11, Q4-12",
        "payment or account data: if the operator is a financial operator, industry law requires a report of any leak (no 1,000 threshold) within about 3-5 days, to the FSA or the Local Finance Bureau".to_owned(),
    ))
}

fn final_deadline(known: Date, days: i64, conditional: bool, why: &str) -> Deadline {
    let (date, basis) = match calendar::deadline(known, days) {
        Ok(d) => {
            let raw = calendar::day_n(known, days);
            let moved = if raw == Some(d) {
                String::new()
            } else {
                format!(
                    "; day {days} ({}) is not a government working day: moved (行政機関の休日に関する法律 Art. 2)",
                    raw.map_or_else(String::new, |r| r.to_string())
                )
            };
            (
                Some(d),
                format!("Rules Art. 8(2): {days} days from {known} (day 1){why}{moved}"),
            )
        }
        Err(OutsideTable { year }) => (
            None,
            format!(
                "needs_review: Rules Art. 8(2): {days} days from {known} (day 1); the holiday table has no {year}"
            ),
        ),
    };
    Deadline {
        what: format!("final report (確報), {days} days"),
        earliest: None,
        date,
        instant: None,
        basis,
        conditional,
    }
}

pub(super) fn deadlines(known: Date, e3: Answer, all_conditional: bool) -> Vec<Deadline> {
    let mut out = vec![Deadline {
        what: "preliminary report (速報)".to_owned(),
        earliest: calendar::day_n(known, 3),
        date: calendar::day_n(known, 5),
        instant: None,
        basis: format!(
            "Rules Art. 8(1) \"promptly\"; guideline yardstick about 3-5 days from {known} (day 1), GL 3-5-3-3; not statutory, no roll-forward"
        ),
        conditional: all_conditional,
    }];
    match e3 {
        Answer::Yes => out.push(final_deadline(
            known,
            60,
            all_conditional,
            ", event E3 (Art. 8(2) proviso)",
        )),
        Answer::NeedsReview => {
            out.push(final_deadline(known, 30, all_conditional, ""));
            out.push(final_deadline(
                known,
                60,
                true,
                ", only if event E3 is decided",
            ));
        }
        Answer::No | Answer::Recommended | Answer::CannotBeDecided => {
            out.push(final_deadline(known, 30, all_conditional, ""))
        }
    }
    out
}

fn no_duty(label: &str, reasons: Vec<String>, triggers: Vec<Trigger>) -> Decision {
    Decision {
        jurisdiction: "JP-APPI".to_owned(),
        label: label.to_owned(),
        reportable: Answer::No,
        triggers,
        deadlines: Vec::new(),
        notify_individuals: Answer::No,
        recipients: Vec::new(),
        reasons,
        gdpr: None,
    }
}

/// The decision under the rules in force since 2022-04-01 (Act Art. 26, Rules Arts. 7–10), for
/// a public body under Act Art. 68 (Rules Arts. 43–44), and for a processor the notice it owes
/// the business that entrusted the data (Rules Art. 9).
pub fn current(input: &LawInput, label: &str) -> Decision {
    let d = business(input, label);
    let d = if input.public_body { public(d) } else { d };
    if input.processor && input.processor_notified.is_none() {
        entrusted(d)
    } else {
        d
    }
}

/// A public body (行政機関等) reports under Act Art. 68 and Rules Arts. 43–44: the same events,
/// more than 100 persons, the PPC itself (law.md §1.8).
fn public(mut d: Decision) -> Decision {
    for x in &mut d.deadlines {
        x.basis = x.basis.replace("Rules Art. 8(", "Rules Art. 44(");
    }
    for r in &mut d.reasons {
        *r = r.replace("Act Art. 26(2)", "Act Art. 68(2)");
    }
    d.reasons.insert(0, "a public body (行政機関等, --public-body): Act Art. 68 and Rules Arts. 43-44 apply instead of Art. 26; event (iv) from more than 100 persons".to_owned());
    if d.reportable != Answer::No {
        d.recipients = vec!["個人情報保護委員会 (PPC) (Act Art. 68(1))".to_owned()];
    }
    d
}

/// A processor (委託先) that tells the business that entrusted the data (委託元) promptly is
/// released from reporting and notice; the 委託元 reports (Act Art. 26(1) proviso, Rules Art. 9;
/// law.md §1.7). The events stay listed: they are what the 委託元 must decide on.
fn entrusted(mut d: Decision) -> Decision {
    let owed = d.reportable;
    d.triggers.push(trigger(
        "APPI-ENTRUST",
        owed,
        "Act Art. 26(1) proviso; Rules Art. 9",
        "a processor (受託者) tells the 委託元 the known Rules Art. 8(1) items promptly, and is then released from reporting and from notifying the persons".to_owned(),
    ));
    d.reasons.insert(0, format!(
        "the organisation is a processor (委託先, --processor): notice to the 委託元 {}; the 委託元 reports to the PPC and notifies the persons (Act Art. 26(1) proviso, 26(2); Rules Art. 9)",
        owed.as_str()
    ));
    d.deadlines = if owed == Answer::No {
        Vec::new()
    } else {
        vec![Deadline {
            what: "notice to the 委託元".to_owned(),
            earliest: None,
            date: None,
            instant: None,
            basis: "Rules Art. 9: promptly (速やかに) after knowing; the 委託元's own deadlines run from its knowing".to_owned(),
            conditional: owed == Answer::NeedsReview,
        }]
    };
    d.recipients = if owed == Answer::No {
        Vec::new()
    } else {
        vec!["委託元 (the business that entrusted the data)".to_owned()]
    };
    d.reportable = Answer::No;
    d.notify_individuals = Answer::No;
    d
}

fn business(input: &LawInput, label: &str) -> Decision {
    if let Some(day) = input.processor_notified {
        return no_duty(
            label,
            vec![format!(
                "the reporter is a processor (受託者) that notified its 委託元 on {day}: exempt from reporting and individual notice; the 委託元 reports (Act Art. 26(1) proviso, 26(2); Rules Art. 9)"
            )],
            Vec::new(),
        );
    }
    let plain = input.plain_items();
    if plain.is_empty() {
        let why = if input.items.is_empty() {
            "no personal data item was exposed".to_owned()
        } else {
            "only items under advanced encryption whose key was not compromised: excluded (Rules Art. 7, 高度な暗号化)".to_owned()
        };
        return no_duty(label, vec![why], Vec::new());
    }
    if input.ruled_out {
        return no_duty(
            label,
            vec![
                "complete access logs over the whole window show no outside read: no leak (PPC FAQ Q6-1); record the assessment".to_owned(),
            ],
            Vec::new(),
        );
    }
    let triggers = events(input, &plain);
    let reportable = strongest(
        triggers
            .iter()
            .filter(|t| t.id != "APPI-FIN")
            .map(|t| t.applies),
    );
    let e3 = triggers
        .iter()
        .find(|t| t.id == "APPI-E3")
        .map_or(Answer::No, |t| t.applies);
    let mut reasons = vec![format!(
        "a misconfiguration that made data viewable from outside is a leak or possible leak (漏えい等のおそれ) unless logs prove no third party viewed it (GL 3-5-1-1, PPC FAQ Q6-1); {} persons in scope, {} confirmed",
        thousands(input.persons),
        input
            .persons_confirmed
            .map_or_else(|| "unknown (no logs)".to_owned(), thousands)
    )];
    for t in &triggers {
        reasons.push(format!(
            "{} {} ({}): {}",
            t.id,
            t.applies.as_str(),
            t.article,
            t.reason
        ));
    }
    let mut deadlines_out = Vec::new();
    match (reportable, input.known) {
        (Answer::No, _) => reasons.push(
            "no Rules Art. 7 event applies: not reportable; record the assessment".to_owned(),
        ),
        (_, None) => reasons.push(
            "no day of knowing given (--discovered): deadlines cannot be computed".to_owned(),
        ),
        (_, Some(known)) => {
            deadlines_out = deadlines(known, e3, reportable == Answer::NeedsReview);
            if e3 == Answer::NeedsReview {
                reasons.push(
                    "E3 needs review: the 30-day final report binds, 60 days only if E3 is decided (law.md §1.4)".to_owned(),
                );
            }
        }
    }
    if reportable != Answer::No {
        reasons.push(
            "individual notice on the same trigger, promptly as the situation allows (Act Art. 26(2), Rules Art. 10: items 1, 2, 4, 5, 9)".to_owned(),
        );
        if input.persons_without_channel > 0 {
            reasons.push(format!(
                "{} persons have no usable contact channel: alternative measure (public announcement and a published inquiry desk, Act Art. 26(2) proviso)",
                thousands(input.persons_without_channel)
            ));
        }
    }
    Decision {
        jurisdiction: "JP-APPI".to_owned(),
        label: label.to_owned(),
        reportable,
        triggers,
        deadlines: deadlines_out,
        notify_individuals: reportable,
        recipients: if reportable == Answer::No {
            Vec::new()
        } else {
            vec![
                "個人情報保護委員会 (PPC), online form (Rules Art. 8(3)), or the ministry it delegated to (Act Art. 150)".to_owned(),
            ]
        },
        reasons,
        gdpr: None,
    }
}

/// The decision as it was for an incident known before 2022-04-01 (2017 PPC notice: an effort
/// duty, no deadlines; nothing can be "late").
pub fn effort_duty(input: &LawInput) -> Decision {
    let known = input
        .known
        .map_or_else(|| "an unknown day".to_owned(), |d| d.to_string());
    let leak = !input.plain_items().is_empty() && !input.ruled_out;
    let answer = if leak {
        Answer::Recommended
    } else {
        Answer::No
    };
    let mut reasons = vec![
        format!("known on {known}, before 2022-04-01: mandatory reporting (Act Art. 26) did not apply yet"),
        "PPC Notice 平成29年個人情報保護委員会告示第1号: report to the PPC \"promptly… endeavour\" (effort duty); no deadline, so no report is late under these rules".to_owned(),
        "notice to persons and publication recommended; the financial guideline of the time asked supervised operators to inform their supervisor (verify)".to_owned(),
    ];
    if input.known.is_some_and(|k| k < EFFORT_DUTY_FROM) {
        reasons.push(
            "known before 2017-05-30: the earlier ministry guidelines applied (needs review)"
                .to_owned(),
        );
    }
    if !leak {
        reasons.push("no leak or possible leak of plain personal data".to_owned());
    }
    // The financial guideline of the time also asked supervised operators to report (law.md
    // §1.1, §1.4): the overlay applies to the historical decision too.
    let fin: Vec<Trigger> = if leak {
        financial(&input.plain_items()).into_iter().collect()
    } else {
        Vec::new()
    };
    if !fin.is_empty() {
        reasons.push("APPI-FIN needs_review: payment or account data; a financial operator reported to its supervisor (the FSA or the Local Finance Bureau) under the sector guideline of the time, whatever the number of persons".to_owned());
    }
    Decision {
        jurisdiction: "JP-APPI-2017".to_owned(),
        label: "as it was".to_owned(),
        reportable: answer,
        triggers: fin,
        deadlines: Vec::new(),
        notify_individuals: answer,
        recipients: if leak {
            vec!["個人情報保護委員会 (PPC) or the competent minister (recommended)".to_owned()]
        } else {
            Vec::new()
        },
        reasons,
        gdpr: None,
    }
}
