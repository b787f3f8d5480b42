//! A decision's structured detail as memo lines: the GDPR's territorial scope, role,
//! authorities and high-risk factors (issue #14). Deliberation: for the internal memo only.

use super::{Lang, answer};
use ajar_model::incident::gdpr::Authority;
use ajar_model::incident::{Answer, Decision, IncidentFacts};
use ajar_model::number::thousands;

fn authority(a: &Authority) -> String {
    match a.persons {
        Some(n) => format!("{} ({}, {})", a.name, a.country, thousands(n)),
        None => format!("{} ({})", a.name, a.country),
    }
}

/// Whether a law applies, in words.
fn applies(a: Answer, lang: Lang) -> &'static str {
    match (a, lang) {
        (Answer::Yes, Lang::Ja) => "適用あり",
        (Answer::Yes, Lang::En) => "applies",
        (Answer::No, Lang::Ja) => "適用なし",
        (Answer::No, Lang::En) => "does not apply",
        (other, _) => answer(other, lang),
    }
}

/// One line per fact of the decision's detail; empty when it has none.
pub(super) fn lines(d: &Decision, lang: Lang) -> Vec<String> {
    let Some(g) = &d.gdpr else {
        return Vec::new();
    };
    let ja = lang == Lang::Ja;
    let mut out = vec![if ja {
        format!(
            "地理的適用範囲（GDPR {}）: {}（確認した根拠: {}）",
            g.scope.basis,
            applies(g.scope.applies, lang),
            g.scope.looked_at.join("; ")
        )
    } else {
        format!(
            "Territorial scope (GDPR {}): {} (looked at: {})",
            g.scope.basis,
            applies(g.scope.applies, lang),
            g.scope.looked_at.join("; ")
        )
    }];
    out.push(match (ja, g.role.as_str()) {
        (true, "processor") => "立場: 処理者（第33条第2項により管理者へ通知）".to_owned(),
        (true, _) => "立場: 管理者".to_owned(),
        (false, "processor") => "Role: processor (tells the controller, Art. 33(2))".to_owned(),
        (false, _) => "Role: controller".to_owned(),
    });
    if let Some(lead) = &g.lead_authority {
        out.push(if ja {
            format!("主監督機関（第56条第1項）: {}", authority(lead))
        } else {
            format!(
                "Lead supervisory authority (Art. 56(1)): {}",
                authority(lead)
            )
        });
    }
    if !g.authorities.is_empty() {
        let all: Vec<String> = g.authorities.iter().map(authority).collect();
        out.push(if ja {
            format!("通知先の監督機関: {}", all.join("、"))
        } else {
            format!("Supervisory authorities to notify: {}", all.join("; "))
        });
    }
    for f in &g.high_risk_factors {
        out.push(if ja {
            format!("高リスクの要素（第34条）: {} — {}", f.factor, f.fact)
        } else {
            format!("High-risk factor (Art. 34): {} — {}", f.factor, f.fact)
        });
    }
    if g.high_risk_factors.is_empty() {
        out.push(if ja {
            "高リスクの要素（第34条）: 事実からは見当たらない（判断は担当者）".to_owned()
        } else {
            "High-risk factors (Art. 34): none found in the facts (a person judges)".to_owned()
        });
    }
    out
}

/// Whether the current APPI decision is a processor's notice owed to its 委託元 (Rules Art. 9).
pub(crate) fn entrusted(f: &IncidentFacts) -> bool {
    let historical = f.decisions.iter().any(|d| d.jurisdiction == "JP-APPI-2017");
    !historical
        && f.decisions
            .iter()
            .filter(|d| d.jurisdiction == "JP-APPI")
            .flat_map(|d| &d.triggers)
            .any(|t| t.id == "APPI-ENTRUST" && t.applies != Answer::No)
}
