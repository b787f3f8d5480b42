//! The GDPR part of a decision (issue #14): territorial scope, the controller's or processor's
//! path, the supervisory authorities and the high-risk factors behind Art. 34 (law.md §2.4).

use super::Answer;
use serde::{Deserialize, Serialize};

/// What the GDPR decision rests on, beside its triggers and reasons.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GdprDetail {
    /// Whether the GDPR reaches the organisation at all (Art. 3).
    pub scope: GdprScope,
    /// `controller`, or `processor` (Art. 33(2): it tells the controller, not an authority).
    pub role: String,
    /// The lead supervisory authority (Art. 56(1)), for a controller with its main
    /// establishment in the EU/EEA; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_authority: Option<Authority>,
    /// Every supervisory authority to notify: the lead one alone, or one per member state where
    /// affected persons live (EDPB Guidelines 9/2022 para. 73); empty for a processor.
    pub authorities: Vec<Authority>,
    /// Each Art. 34 high-risk factor found, with the fact that supports it.
    pub high_risk_factors: Vec<RiskFactor>,
}

/// Territorial scope (Art. 3) and what was looked at to decide it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GdprScope {
    /// `Art. 3(1)` (an establishment in the EU/EEA) or `Art. 3(2)` (offering goods or services
    /// to, or monitoring, people in the EU/EEA).
    pub basis: String,
    /// Whether the GDPR applies: `yes`, or `needs_review` when only the persons' residence
    /// points to it.
    pub applies: Answer,
    /// The country of the establishment in the EU/EEA, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub establishment: Option<String>,
    /// The evidence consulted, one line each.
    pub looked_at: Vec<String>,
}

/// A supervisory authority.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Authority {
    /// Member state (ISO 3166-1 alpha-2).
    pub country: String,
    /// The authority's name.
    pub name: String,
    /// Affected persons living in that state, when counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persons: Option<u64>,
}

/// A fact that makes a high risk to the persons likely (Art. 34; EDPB Guidelines 9/2022).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RiskFactor {
    /// `special_categories`, `financial_data`, `identity_numbers`, `credentials`,
    /// `number_of_persons`, `third_party_access`, `wrongful_access`.
    pub factor: String,
    /// The fact that supports it, in words.
    pub fact: String,
}
