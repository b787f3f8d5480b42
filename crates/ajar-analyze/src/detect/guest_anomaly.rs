//! HUNT-011: Threat Detection's own guest-user anomaly events.

use super::{Obs, Trail, detection, is_guest_anomaly};
use ajar_model::detection::HuntFinding;
use ajar_model::finding::Severity;
use std::collections::{BTreeMap, BTreeSet};

detection! {
    /// ## What it checks
    /// Rows of `GuestUserAnomalyEvent` and `GuestUserAnomalyEventStore` (Real-Time Event
    /// Monitoring's Threat Detection, API 60.0 and later; a CSV export named after the event),
    /// grouped by source IP (`SourceIp`). One finding per IP, with the events, the highest
    /// `Score` (how far the guest's behaviour is from other guests', 0 to 1), the controller
    /// calls they cover (`TotalControllerEvents`) and the objects requested
    /// (`RequestedEntities`). High when the highest score is 0.5 or more or not given, medium
    /// below.
    /// ## Why it matters
    /// It is Salesforce's own signal that a guest read data through a permission left open
    /// (intrusions.md §1 shape C; formats.md §2.4 calls it the most direct guest signal): each
    /// row names the objects and the address.
    /// ## Example
    /// Three events for `198.51.100.23` on 2026-03-02, score 0.93, 4,210 controller calls, over
    /// `Contact` and `Case`.
    /// ## How to tune
    /// Nothing to tune on ajar's side: the score is Salesforce's. Compare the objects with what
    /// `ajar scan` says a guest can read, and investigate the IP with the finding's `ioc` lines.
    GuestUserAnomaly = "HUNT-011", since "0.1.0", severity High
}

/// The score from which a finding is high.
const HIGH: f64 = 0.5;
/// Objects listed per IP.
const OBJECTS: usize = 20;

#[derive(Debug, Default)]
struct Source {
    /// The highest score, in millionths (a total order; the field has six decimals).
    score: Option<u64>,
    /// Whether some event gave no score.
    unscored: bool,
    controller_events: u64,
    objects: BTreeSet<String>,
    trail: Trail,
}

#[derive(Debug, Default)]
pub(super) struct State {
    /// By IP (`None`: events without one).
    sources: BTreeMap<Option<std::net::IpAddr>, Source>,
}

impl State {
    pub(super) fn observe(&mut self, o: &Obs<'_>) {
        if !is_guest_anomaly(&o.ev.event_type) {
            return;
        }
        let s = self.sources.entry(o.ev.ip).or_default();
        let a = o.anomaly.unwrap_or_default();
        match a.score.filter(|x| x.is_finite()) {
            Some(x) => {
                let m = (x.clamp(0.0, 1.0) * 1e6).round() as u64;
                s.score = s.score.max(Some(m));
            }
            None => s.unscored = true,
        }
        s.controller_events += a.controller_events.unwrap_or(0);
        for obj in &o.ev.objects {
            if s.objects.len() < OBJECTS {
                s.objects.insert(obj.clone());
            }
        }
        s.trail.add(o);
    }

    pub(super) fn merge(&mut self, other: State) {
        for (ip, o) in other.sources {
            let s = self.sources.entry(ip).or_default();
            s.score = s.score.max(o.score);
            s.unscored |= o.unscored;
            s.controller_events += o.controller_events;
            super::extend_capped(&mut s.objects, o.objects, OBJECTS);
            s.trail.merge(o.trail);
        }
    }

    pub(super) fn finish(self, out: &mut Vec<HuntFinding>) {
        for (ip, s) in self.sources {
            let high = s.unscored || s.score.is_some_and(|m| m as f64 >= HIGH * 1e6);
            let score = s
                .score
                .map(|m| format!(", highest score {:.2}", m as f64 / 1e6))
                .unwrap_or_default();
            let objects = if s.objects.is_empty() {
                String::new()
            } else {
                format!(
                    ", requesting {}",
                    s.objects.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            };
            let from = ip.map_or_else(|| "an unlogged address".to_string(), |i| i.to_string());
            let message = format!(
                "Threat Detection raised {} guest user anomaly event(s) for {from}{score}, covering {} controller call(s){objects}",
                s.trail.events, s.controller_events
            );
            out.extend(s.trail.finding(
                &GuestUserAnomaly,
                if high {
                    Severity::High
                } else {
                    Severity::Medium
                },
                message,
                None,
                (
                    "ajar scan shows the requested objects open to the guest; the same IP made guest requests naming records",
                    "the requested objects hold nothing the guest may not see (public catalogue data), or the address is the site owner's own test",
                ),
            ));
        }
    }
}
