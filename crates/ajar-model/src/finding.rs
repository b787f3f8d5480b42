//! A rule's finding.

use crate::span::Cause;
use serde::{Deserialize, Serialize};

/// How bad a finding is. Ordered from the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Personal data readable with a record path.
    Critical,
    /// A serious exposure or a code path that bypasses sharing.
    High,
    /// A latent exposure (no record path yet).
    Medium,
    /// Worth a look.
    Low,
    /// For the record.
    Info,
}

impl Severity {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::Info => "info",
        }
    }

    /// Parses a lower-case name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.to_ascii_lowercase().as_str() {
            "critical" => Self::Critical,
            "high" => Self::High,
            "medium" => Self::Medium,
            "low" => Self::Low,
            "info" => Self::Info,
            _ => return None,
        })
    }
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// The severity (fixed per rule, raised by context).
    pub severity: Severity,
    /// The rule's stable code (`GUEST-001`).
    pub code: String,
    /// Relative path of the granting element's file.
    pub file: String,
    /// Its line.
    pub line: u64,
    /// One-line message, no record data.
    pub message: String,
    /// The object concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// The principal concerned (profile name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// The site concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Every element behind the finding.
    pub causes: Vec<Cause>,
    /// Set when a baseline entry suppresses it: the entry's reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
}
