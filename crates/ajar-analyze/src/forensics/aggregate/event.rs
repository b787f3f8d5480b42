//! A row's built event on its way into the counts: the detections, the de-duplication across
//! tasks, the rows kept aside, the request-level evidence.

use super::{Hunt, read_only_action};
use crate::forensics::Head;
use ajar_model::event::{AccessEvent, Client, Outcome, PrincipalClass, Submission};
use ajar_model::logrow::{Field, LogRow};

/// What [`Hunt::row`] decided about a row before building its event.
#[derive(Debug, Clone, Copy)]
pub(super) struct Decided {
    /// Its principal class is kept.
    pub(super) wanted: bool,
    /// The report counts it (wanted, or perhaps a guest's).
    pub(super) counted: bool,
    /// The detections see it.
    pub(super) detect: bool,
    /// Its `Records` list was cut.
    pub(super) truncated: bool,
}

impl Hunt<'_> {
    /// A row's event, built: to the detections, then counted unless it repeats or waits.
    pub(super) fn event(
        &mut self,
        row: &dyn LogRow,
        h: &Head<'_>,
        ev: &mut AccessEvent,
        d: Decided,
    ) {
        if d.detect {
            self.detect(row, ev);
        }
        if !d.counted {
            return;
        }
        if self
            .seen
            .is_some_and(|s| s.repeats(&mut self.seen_shard, ev, d.wanted))
        {
            self.duplicates += 1;
            return;
        }
        if d.truncated {
            self.truncated_records += 1;
        }
        if !d.wanted {
            // No user type: kept aside until every guest request is known (trap 25).
            if !ev.record_ids.is_empty() {
                self.pending.push(ev.clone());
            }
            return;
        }
        let kept = self.requests.is_some()
            && ev.outcome == Outcome::Read
            && matches!(
                h.principal,
                PrincipalClass::Guest | PrincipalClass::External
            );
        let kept = kept.then(|| {
            let client = Client {
                ip: ev.ip,
                user_agent: ev.user_agent.clone(),
                session_key: row.get(Field::SessionKey).map(str::to_string),
            };
            // VisualforceRequest's `HTTP_METHOD` (Operation): a POST naming no record is a
            // form submission. Every Aura request is a POST: one whose actions are all
            // `get…` reads (`HostConfigController/ACTION$getConfigData`) submits nothing.
            let post = row
                .get(Field::Operation)
                .is_some_and(|m| m.eq_ignore_ascii_case("POST"))
                && (ev.actions.is_empty() || !ev.actions.iter().all(|a| read_only_action(a)));
            (client, ev.record_ids.clone(), post, ev.time)
        });
        if !self.add(h, ev) {
            return;
        }
        if let (Some((client, ids, post, time)), Some(req)) = (kept, self.requests.as_mut()) {
            if ids.is_empty() {
                if post {
                    req.submissions.push(Submission { time, client });
                }
            } else {
                for id in ids {
                    req.read(id, client.clone(), time);
                }
            }
        }
    }
}
