//! A finding of `ajar hunt`'s detection catalogue (`HUNT-…` codes, issue #17): behaviour in
//! the logs that an intrusion leaves (intrusions.md §1–2), with where it is and how to check it.

use crate::finding::Severity;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// One detection's finding (`findings[]` of the hunt JSON).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct HuntFinding {
    /// How bad it looks. Findings are sorted by severity (worst first), then code.
    pub severity: Severity,
    /// The detection's stable code (`HUNT-001`).
    pub code: String,
    /// One line: what was seen (IDs and addresses only, never a record's content).
    pub message: String,
    /// The user concerned (18-character ID, or the username as logged), when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Client IPs involved, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ips: Vec<IpAddr>,
    /// Login or session keys involved, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<String>,
    /// First event behind it.
    pub first: jiff::Timestamp,
    /// Last event behind it.
    pub last: jiff::Timestamp,
    /// Where the events are (file and line), the first few in time order.
    pub evidence: Vec<Span>,
    /// What would confirm it.
    pub confirm: String,
    /// What would dismiss it.
    pub dismiss: String,
    /// Indicator lines for `ajar investigate --ioc` (`type,value,source`), as they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ioc: Vec<String>,
}
