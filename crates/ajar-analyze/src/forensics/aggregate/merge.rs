//! Folding hunts together, and the rows kept aside until the guest requests are known.

use super::records::{merge_boxed_side, merge_side};
use super::{Head, Hunt, SKIP_DETAILS, USER_AGENTS};
use crate::forensics::join_keys;
use crate::forensics::principal::Reason;
use ajar_model::event::PrincipalClass;
use std::collections::HashSet;
use std::collections::hash_map::Entry;

impl Hunt<'_> {
    /// Folds another hunt's state into this one.
    pub fn merge(&mut self, mut other: Hunt<'_>) {
        self.settle_coverage();
        other.settle_coverage();
        for (k, c) in other.coverage {
            let mine = self.coverage.entry(k).or_default();
            mine.rows += c.rows;
            // A file split into ranges is read by several tasks: its days add up.
            for (file, days) in c.files {
                let into = mine.files.entry(file).or_default();
                for (d, n) in days {
                    *into.entry(d).or_default() += n;
                }
            }
        }
        self.records.merge(other.records, |m, r| {
            merge_side(&mut m.read, r.read);
            merge_boxed_side(&mut m.attempt, r.attempt);
        });
        for (ip, a) in other.ips {
            match self.ips.entry(ip) {
                Entry::Vacant(v) => {
                    v.insert(a);
                }
                Entry::Occupied(mut m) => {
                    let m = m.get_mut();
                    if m.country.is_none() {
                        m.country = a.country;
                    }
                    m.attempts += a.attempts;
                    m.first = m.first.min(a.first);
                    m.last = m.last.max(a.last);
                    for ua in a.user_agents {
                        if m.user_agents.len() < USER_AGENTS {
                            m.user_agents.insert(ua);
                        }
                    }
                }
            }
        }
        self.actor_keys.merge(other.actor_keys);
        self.actor_events.extend(other.actor_events);
        if let (Some(d), Some(o)) = (self.detector.as_mut(), other.detector) {
            d.merge(o);
        }
        self.skipped.rows += other.skipped.rows;
        self.skipped.files += other.skipped.files;
        if !other.skipped.details.is_empty() {
            self.skipped.details.extend(other.skipped.details);
            // The first details in sort order, as the report keeps them: bounded whatever the
            // merge.
            self.skipped.details.sort();
            self.skipped.details.truncate(SKIP_DETAILS);
        }
        self.partial_files.extend(other.partial_files);
        self.audit_unread.extend(other.audit_unread);
        self.empty_files.extend(other.empty_files);
        self.audit.extend(other.audit);
        self.duplicates += other.duplicates;
        self.pending.extend(other.pending);
        for (p, o) in other.learned_prefixes {
            self.learned_prefixes.entry(p).or_default().extend(o);
        }
        self.unclassified += other.unclassified;
        self.no_country += other.no_country;
        self.truncated_records += other.truncated_records;
        match (self.requests.as_mut(), other.requests) {
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            (None, Some(theirs)) => self.requests = Some(theirs),
            (_, None) => {}
        }
    }

    /// The join keys (`request:…`, `session:…`, as [`crate::forensics::guest_keys`] spells
    /// them) of events kept aside because their rows name a record but no user type. Usually
    /// empty; when not, the caller looks for guest rows with these keys (a second, rarely
    /// needed pass, so that memory does not grow with guest rows) and calls
    /// [`Hunt::resolve_pending`].
    pub fn pending_keys(&self) -> HashSet<String> {
        self.pending
            .iter()
            .flat_map(|e| join_keys(e.request_id.as_deref(), e.session_key.as_deref()))
            .collect()
    }

    /// Counts the events kept aside: those whose `REQUEST_ID` (trap 25) or `SESSION_KEY` is a
    /// guest row's (keys in `guest_keys`) as the guest's, the others as unknown (kept only if
    /// unknown principals are).
    pub fn resolve_pending(&mut self, guest_keys: &HashSet<String>) {
        for mut ev in std::mem::take(&mut self.pending) {
            let by = |key: Option<&str>, kind: &str| {
                key.is_some_and(|k| guest_keys.contains(&format!("{kind}:{k}")))
            };
            let joined = if by(ev.request_id.as_deref(), "request") {
                Some(Reason::GuestRequest)
            } else if by(ev.session_key.as_deref(), "session") {
                Some(Reason::GuestSession)
            } else {
                None
            };
            let f = &self.ctx.filters;
            if let Some(reason) = joined {
                ev.principal = PrincipalClass::Guest;
                ev.principal_reason = crate::forensics::principal::describe(reason, None);
            } else if !f.principals.is_empty() && !f.principals.contains(&PrincipalClass::Unknown) {
                continue;
            }
            let h = Head {
                time: ev.time,
                event_type: "",
                principal: ev.principal,
                reason: Reason::GuestRequest,
                user_id: None,
                user_type: None,
            };
            // Joined rows (ApexExecution, ApiEvent) carry no client of their own to attribute.
            self.add(&h, &ev);
        }
    }
}
