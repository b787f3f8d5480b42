//! The events behind one finding ([`Trail`]): bounded, and the same whatever order the
//! parallel tasks' trails are merged in.

use super::{Detection, Obs};
use ajar_model::detection::HuntFinding;
use ajar_model::finding::Severity;
use ajar_model::span::Span;
use std::collections::BTreeSet;
use std::net::IpAddr;

/// How many evidence positions a finding keeps.
const EVIDENCE: usize = 5;
/// How many IPs and sessions a finding lists.
const LISTED: usize = 50;

/// The events behind one finding: when, where in the files, from which IPs and sessions.
/// Bounded: the first [`EVIDENCE`] positions in time order, at most [`LISTED`] IPs and
/// sessions; merging two gives the same result in any order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Trail {
    pub(crate) first: Option<jiff::Timestamp>,
    pub(crate) last: Option<jiff::Timestamp>,
    pub(crate) events: u64,
    spans: BTreeSet<(jiff::Timestamp, Span)>,
    pub(crate) ips: BTreeSet<IpAddr>,
    pub(crate) sessions: BTreeSet<String>,
}

impl Trail {
    /// One event at `t`, logged at `span`.
    pub(crate) fn at(&mut self, t: jiff::Timestamp, span: &Span) {
        self.first = Some(self.first.map_or(t, |f| f.min(t)));
        self.last = Some(self.last.map_or(t, |l| l.max(t)));
        self.events += 1;
        if self.spans.len() < EVIDENCE || self.spans.last().is_some_and(|(l, _)| t < *l) {
            self.spans.insert((t, span.clone()));
            if self.spans.len() > EVIDENCE {
                self.spans.pop_last();
            }
        }
    }

    /// One event.
    pub(crate) fn add(&mut self, o: &Obs<'_>) {
        self.at(o.ev.time, &o.ev.source);
        if let Some(ip) = o.ev.ip
            && (self.ips.len() < LISTED || self.ips.contains(&ip))
        {
            self.ips.insert(ip);
            if self.ips.len() > LISTED {
                self.ips.pop_last();
            }
        }
        // A session past the last of a full list would be dropped again at once: not copied.
        if let Some(s) = o.session()
            && (self.sessions.len() < LISTED
                || self.sessions.last().is_some_and(|l| s < l.as_str()))
            && !self.sessions.contains(s)
        {
            self.sessions.insert(s.to_string());
            if self.sessions.len() > LISTED {
                self.sessions.pop_last();
            }
        }
    }

    pub(crate) fn merge(&mut self, o: Trail) {
        self.first = match (self.first, o.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last = self.last.max(o.last);
        self.events += o.events;
        super::extend_capped(&mut self.spans, o.spans, EVIDENCE);
        super::extend_capped(&mut self.ips, o.ips, LISTED);
        super::extend_capped(&mut self.sessions, o.sessions, LISTED);
    }

    /// A finding of `d` over these events; `None` when there were none.
    pub(crate) fn finding(
        &self,
        d: &dyn Detection,
        severity: Severity,
        message: String,
        user: Option<String>,
        (confirm, dismiss): (&str, &str),
    ) -> Option<HuntFinding> {
        let mut ioc: Vec<String> = self
            .ips
            .iter()
            .map(|ip| format!("ip,{ip},{}", d.code()))
            .collect();
        ioc.extend(
            self.sessions
                .iter()
                .map(|s| format!("login_key,{s},{}", d.code())),
        );
        if let Some(u) = &user {
            ioc.push(format!("user,{u},{}", d.code()));
        }
        Some(HuntFinding {
            severity,
            code: d.code().to_string(),
            message,
            user,
            ips: self.ips.iter().copied().collect(),
            sessions: self.sessions.iter().cloned().collect(),
            first: self.first?,
            last: self.last?,
            evidence: self.spans.iter().map(|(_, s)| s.clone()).collect(),
            confirm: confirm.to_string(),
            dismiss: dismiss.to_string(),
            ioc,
        })
    }
}
