//! When the exposing grant was open: from the metadata history, the Setup Audit Trail and the
//! metadata given, each bound with its source and confidence.

use ajar_model::event::AuditEvent;
use ajar_model::incident::{Bound, Confidence, Window};
use jiff::civil::Date;

/// Whether the exposing elements existed at one commit of the metadata history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPoint {
    /// Short commit hash.
    pub commit: String,
    /// Commit date.
    pub date: Date,
    /// Whether the exposing elements were present.
    pub present: bool,
}

/// Evidence for the window.
#[derive(Debug, Clone, Default)]
pub struct WindowEvidence<'a> {
    /// The history, oldest first; `None` when not given.
    pub history: Option<&'a [HistoryPoint]>,
    /// What the exposing elements are, in words (`guest sharing rule Guest_Apps`).
    pub elements: String,
    /// Setup Audit Trail events (all; the relevant ones are picked here).
    pub audit: &'a [AuditEvent],
    /// Whether the metadata given exposes data.
    pub open_in_metadata: bool,
    /// Earliest evidence of the data existing or being served (first exposed record, first log).
    pub earliest_evidence: Option<(Date, &'static str)>,
    /// The guest profiles of the exposing principals: an audit-trail change naming one opens or
    /// closes guest access as a sharing-rule change does.
    pub guest_profiles: Vec<String>,
}

/// Audit-trail changes that can open or close guest access (formats.md §2.5: `Action` is a
/// localised sentence, so this is a keyword match over section and action): sharing rules,
/// guests, sites, public access, and any change naming one of `profiles`, the exposing guest
/// profiles (a site's guest profile is named after the site, not "guest", formats.md §1.3).
fn relevant(e: &AuditEvent, profiles: &[String]) -> bool {
    let text = format!("{} {}", e.section, e.action).to_lowercase();
    ["sharing rule", "guest", "site", "public access"]
        .iter()
        .any(|k| text.contains(k))
        || profiles
            .iter()
            .any(|p| !p.is_empty() && text.contains(&p.to_lowercase()))
}

fn unknown_start(e: &WindowEvidence<'_>, why: &str) -> Bound {
    match e.earliest_evidence {
        Some((d, what)) => Bound {
            date: None,
            source: what.to_owned(),
            confidence: Confidence::Low,
            detail: format!("unknown before {d} ({why}; earliest evidence: {what})"),
        },
        None => Bound {
            date: None,
            source: "none".to_owned(),
            confidence: Confidence::Low,
            detail: format!("unknown ({why})"),
        },
    }
}

/// The window.
pub fn window(e: &WindowEvidence<'_>) -> Window {
    let mut sources = Vec::new();
    let audit: Vec<&AuditEvent> = e
        .audit
        .iter()
        .filter(|a| relevant(a, &e.guest_profiles))
        .collect();
    let mut start = unknown_start(e, "no metadata history");
    let mut end = if e.open_in_metadata {
        Bound {
            date: None,
            source: "metadata".to_owned(),
            confidence: Confidence::Low,
            detail: "open in the metadata given; closure not found in any input".to_owned(),
        }
    } else {
        Bound {
            date: None,
            source: "metadata".to_owned(),
            confidence: Confidence::Low,
            detail: "closed in the metadata given; closure date unknown".to_owned(),
        }
    };
    if let Some(points) = e.history {
        sources.push(format!(
            "metadata history: {} commits from {} to {}",
            points.len(),
            points
                .first()
                .map_or_else(String::new, |p| p.date.to_string()),
            points
                .last()
                .map_or_else(String::new, |p| p.date.to_string())
        ));
        if let Some(last) = points.iter().rposition(|p| p.present) {
            let first = points
                .get(..=last)
                .and_then(|run| run.iter().rposition(|p| !p.present))
                .map_or(0, |i| i + 1);
            if let Some(p) = points.get(first) {
                start = if first == 0 {
                    Bound {
                        date: Some(p.date),
                        source: "history".to_owned(),
                        confidence: Confidence::Low,
                        detail: format!(
                            "{} already present in the first commit {} {}: may have begun earlier",
                            e.elements, p.commit, p.date
                        ),
                    }
                } else {
                    Bound {
                        date: Some(p.date),
                        source: "history".to_owned(),
                        confidence: Confidence::High,
                        detail: format!(
                            "first commit with {}: {} {}",
                            e.elements, p.commit, p.date
                        ),
                    }
                };
            }
            if let Some(p) = points.get(last + 1) {
                end = Bound {
                    date: Some(p.date),
                    source: "history".to_owned(),
                    confidence: Confidence::High,
                    detail: format!(
                        "first commit without {}: {} {}",
                        e.elements, p.commit, p.date
                    ),
                };
            } else {
                end.detail = format!("{} still present at the last commit", e.elements);
            }
        } else {
            start = unknown_start(e, "the exposing elements are in no commit of the history");
        }
    }
    if !audit.is_empty() {
        sources.push(format!(
            "Setup Audit Trail: {} guest, site or sharing-rule changes",
            audit.len()
        ));
        // The audit trail is in UTC, the commit date in the committer's zone: a day apart at most.
        let on_end = end.date.and_then(|d| {
            audit.iter().find(|a| {
                let ad = crate::impact::utc_date(a.time);
                ad == d || ad.tomorrow().ok() == Some(d) || d.tomorrow().ok() == Some(ad)
            })
        });
        match (end.date, on_end) {
            (Some(_), Some(a)) => {
                end.detail.push_str(&format!(
                    "; corroborated by the audit trail ({}, {})",
                    a.section, a.source
                ));
            }
            (None, _) => {
                if let Some(a) = audit.last() {
                    let d = crate::impact::utc_date(a.time);
                    end = Bound {
                        date: Some(d),
                        source: "audit-trail".to_owned(),
                        confidence: Confidence::Medium,
                        detail: format!(
                            "last guest, site or sharing-rule change in the audit trail: {} ({})",
                            a.section, a.source
                        ),
                    };
                }
            }
            (Some(_), None) => {}
        }
    }
    sources.push(if e.open_in_metadata {
        format!("metadata given: {} open", e.elements)
    } else {
        "metadata given: no exposing element".to_owned()
    });
    Window {
        start,
        end,
        sources,
    }
}

/// The earliest evidence of the exposed data existing or being served: the first
/// `CreatedDate` among the exposed objects' exported records, or the first logged day, which
/// ever is earlier (the logs win a tie only when strictly earlier). `table` finds an object's
/// exported table.
pub fn earliest_evidence<'a, 't>(
    objects: impl IntoIterator<Item = &'a String>,
    table: impl Fn(&str) -> Option<&'t ajar_model::export::Table>,
    log_first: Option<Date>,
) -> Option<(Date, &'static str)> {
    let mut earliest = EarliestCreated::default();
    for t in objects.into_iter().filter_map(|o| table(o)) {
        for r in &t.rows {
            earliest.row(t, r);
        }
    }
    earliest.evidence(log_first)
}

/// The first `CreatedDate` among rows given one at a time (those of the exposed objects), for
/// the earliest evidence of [`earliest_evidence`] when the rows are not held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EarliestCreated(Option<jiff::Timestamp>);

impl EarliestCreated {
    /// Takes a row's `CreatedDate`, when it has one.
    pub fn row(&mut self, table: &ajar_model::export::Table, row: &ajar_model::export::Row) {
        if let Some(c) = table
            .value(row, "CreatedDate")
            .and_then(|c| c.trim().parse::<jiff::Timestamp>().ok())
            && self.0.is_none_or(|e| c < e)
        {
            self.0 = Some(c);
        }
    }

    /// The earliest evidence: the first `CreatedDate` seen or the first logged day, which ever
    /// is earlier (the logs win a tie only when strictly earlier).
    pub fn evidence(self, log_first: Option<Date>) -> Option<(Date, &'static str)> {
        match (self.0.map(super::utc_date), log_first) {
            (Some(r), Some(l)) if l < r => Some((l, "logs")),
            (Some(r), _) => Some((r, "export")),
            (None, Some(l)) => Some((l, "logs")),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn p(c: &str, d: Date, present: bool) -> HistoryPoint {
        HistoryPoint {
            commit: c.into(),
            date: d,
            present,
        }
    }

    #[test]
    fn history_gives_both_bounds_with_high_confidence() {
        let h = [
            p("a", date(2015, 3, 1), false),
            p("b", date(2016, 1, 15), true),
            p("c", date(2018, 5, 1), true),
            p("d", date(2020, 11, 26), false),
            p("e", date(2020, 12, 1), false),
        ];
        let w = window(&WindowEvidence {
            history: Some(&h),
            elements: "guest rule R".into(),
            open_in_metadata: true,
            ..Default::default()
        });
        assert_eq!(w.start.date, Some(date(2016, 1, 15)));
        assert_eq!(w.start.confidence, Confidence::High);
        assert_eq!(w.end.date, Some(date(2020, 11, 26)));
        assert_eq!(
            w.end.detail,
            "first commit without guest rule R: d 2020-11-26"
        );
    }

    #[test]
    fn without_history_the_start_is_unknown_before_the_earliest_evidence() {
        let w = window(&WindowEvidence {
            elements: "guest rule R".into(),
            open_in_metadata: true,
            earliest_evidence: Some((date(2016, 1, 20), "export")),
            ..Default::default()
        });
        assert_eq!(w.start.date, None);
        assert!(
            w.start.detail.starts_with("unknown before 2016-01-20"),
            "{}",
            w.start.detail
        );
        assert_eq!(w.end.date, None);
    }

    fn audit(time: &str, section: &str, action: &str) -> AuditEvent {
        AuditEvent {
            time: time.parse().unwrap(),
            user: "admin@example.jp".into(),
            section: section.into(),
            action: action.into(),
            source: ajar_model::span::Span::new("SetupAuditTrail.csv", 2),
        }
    }

    /// A change to the exposing guest profile closes the window as a sharing-rule change does,
    /// though its words name neither a guest nor a site (issue #20, item 13: the seed's fix
    /// removes Read from the profile `Emoney Rescue Profile`).
    #[test]
    fn a_change_to_a_guest_profile_in_the_audit_trail_bounds_the_end() {
        let events = [
            audit(
                "2020-11-01T01:00:00Z",
                "Manage Users",
                "Changed profile Application Operations: field-level security",
            ),
            audit(
                "2020-11-26T06:14:07Z",
                "Manage Users",
                "Changed profile Emoney Rescue Profile: object permissions for Balance Transfer Application changed from Read, Create to No Access",
            ),
            audit(
                "2020-11-28T01:00:00Z",
                "Email Templates",
                "Changed email template Application Received",
            ),
        ];
        let w = window(&WindowEvidence {
            elements: "guest record access to X".into(),
            audit: &events,
            guest_profiles: vec!["Emoney Rescue Profile".into()],
            ..Default::default()
        });
        assert_eq!(w.end.date, Some(date(2020, 11, 26)), "{}", w.end.detail);
        assert_eq!(w.end.source, "audit-trail");
        // Without the profile's name, no row of this trail is a guest change.
        let w = window(&WindowEvidence {
            elements: "guest record access to X".into(),
            audit: &events,
            ..Default::default()
        });
        assert_eq!(w.end.date, None);
    }

    #[test]
    fn present_in_first_commit_is_only_a_bound() {
        let h = [
            p("a", date(2017, 1, 1), true),
            p("b", date(2019, 1, 1), true),
        ];
        let w = window(&WindowEvidence {
            history: Some(&h),
            elements: "x".into(),
            ..Default::default()
        });
        assert_eq!(w.start.confidence, Confidence::Low);
        assert_eq!(w.end.date, None);
        assert!(w.end.detail.contains("still present"));
    }
}
