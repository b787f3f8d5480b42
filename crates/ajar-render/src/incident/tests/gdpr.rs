//! Issue #14, item 3: the GDPR's scope, authorities and high-risk factors reach the internal
//! memo, never a filing.

use super::*;

#[test]
fn issue_14_gdpr_scope_authorities_and_factors_go_to_the_memo_only() {
    use ajar_model::incident::gdpr::{Authority, GdprDetail, GdprScope, RiskFactor};
    let mut f = sample();
    let lead = Authority {
        country: "IE".into(),
        name: "Data Protection Commission (DPC)".into(),
        persons: None,
    };
    f.decisions.push(Decision {
        jurisdiction: "EU-GDPR".into(),
        label: "current law".into(),
        reportable: Answer::Yes,
        triggers: vec![],
        deadlines: vec![],
        notify_individuals: Answer::NeedsReview,
        recipients: vec!["Data Protection Commission (DPC) (IE)".into()],
        reasons: vec!["territorial scope, Art. 3(1): an establishment in IE".into()],
        gdpr: Some(GdprDetail {
            scope: GdprScope {
                basis: "Art. 3(1)".into(),
                applies: Answer::Yes,
                establishment: Some("IE".into()),
                looked_at: vec!["an establishment in IE (--controller-establishment)".into()],
            },
            role: "controller".into(),
            lead_authority: Some(lead.clone()),
            authorities: vec![lead],
            high_risk_factors: vec![RiskFactor {
                factor: "special_categories".into(),
                fact: "special-category data (Art. 9) exposed (Patient__c.Diagnosis__c)".into(),
            }],
        }),
    });
    assert_japanese_filings(&f);
    let en = render(&f, Draft::InternalMemo, Lang::En).unwrap();
    assert!(
        en.contains(
            "- Territorial scope (GDPR Art. 3(1)): applies (looked at: an establishment in IE"
        ),
        "{en}"
    );
    assert!(en.contains(
        "- Lead supervisory authority (Art. 56(1)): Data Protection Commission (DPC) (IE)"
    ));
    assert!(en.contains("- High-risk factor (Art. 34): special_categories — special-category data (Art. 9) exposed (Patient__c.Diagnosis__c)"));
    let ja = render(&f, Draft::InternalMemo, Lang::Ja).unwrap();
    assert!(
        ja.contains("- 主監督機関（第56条第1項）: Data Protection Commission (DPC) (IE)"),
        "{ja}"
    );
    assert!(ja.contains("- 高リスクの要素（第34条）: special_categories"));
    for d in Draft::ALL.into_iter().filter(|d| d.is_filing()) {
        let text = render(&f, d, Lang::En).unwrap();
        assert!(
            !text.contains("Diagnosis__c") && !text.contains("Art. 56"),
            "{d:?}"
        );
    }
}
