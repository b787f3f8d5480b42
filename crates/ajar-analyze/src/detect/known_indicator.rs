//! HUNT-001: an event matches a published or supplied indicator.

use super::{Config, Obs, Trail, detection};
use ajar_model::detection::HuntFinding;
use ajar_model::finding::Severity;
use std::collections::{BTreeMap, BTreeSet};

detection! {
    /// ## What it checks
    /// Every API, login and guest event against indicators of compromise: the built-in set
    /// published for the 2025 token-theft waves (IPs, Tor exit ranges, user agents, each with
    /// its source and the date from which it applies) and the user's own `--ioc` files and
    /// `--actor` values (IP, CIDR, user agent, connected app, client name, user, session or
    /// login key). One finding per indicator that matched, naming the users, IPs and sessions
    /// of the matching events.
    /// ## Why it matters
    /// Advisories name the addresses and tools an intruder used; an org whose logs show them
    /// was most likely reached by the same campaign, and the sessions of those events lead to
    /// the intruder's other addresses (intrusions.md §2, §3).
    /// ## Example
    /// A refresh-token login from `208.68.36.90` with the user agent `python-requests/2.32.4`
    /// on 2025-08-12.
    /// ## How to tune
    /// Add your own lists with `--ioc FILE` (`type,value[,source]`; `cidr` rows for Tor exits
    /// or hosting ranges). A built-in indicator applies only from the date it was reported in
    /// use, so older traffic from a reused address is not raised. Run `ajar investigate --ioc`
    /// with the finding's `ioc` lines to see what the sessions took.
    KnownIndicator = "HUNT-001", since "0.1.0", severity High
}

#[derive(Debug, Default)]
struct Hit {
    trail: Trail,
    users: BTreeSet<String>,
}

#[derive(Debug, Default)]
pub(super) struct State {
    hits: BTreeMap<usize, Hit>,
}

impl State {
    pub(super) fn observe(&mut self, cfg: &Config, o: &Obs<'_>) {
        let Some(i) = cfg.matches(o.ev) else {
            return;
        };
        if cfg
            .indicator_from
            .get(i)
            .copied()
            .flatten()
            .is_some_and(|from| o.ev.time < from)
        {
            return;
        }
        let hit = self.hits.entry(i).or_default();
        hit.trail.add(o);
        if let Some(u) = o.user()
            && hit.users.len() < 20
        {
            hit.users.insert(u.to_string());
        }
    }

    pub(super) fn merge(&mut self, other: State) {
        for (i, h) in other.hits {
            let mine = self.hits.entry(i).or_default();
            mine.trail.merge(h.trail);
            mine.users.extend(h.users);
        }
    }

    pub(super) fn finish(self, cfg: &Config, out: &mut Vec<HuntFinding>) {
        for (i, h) in self.hits {
            let Some(ind) = cfg.indicators.get(i) else {
                continue;
            };
            let user = (h.users.len() == 1)
                .then(|| h.users.first().cloned())
                .flatten();
            let who = match (&user, h.users.len()) {
                (Some(u), _) => format!("user {u}"),
                (None, 0) => "no logged user".to_string(),
                (None, n) => format!("{n} users"),
            };
            let message = format!(
                "{} event(s) of {who} match the indicator {}={} ({}, {})",
                h.trail.events,
                ind.kind.name(),
                ind.value,
                ind.origin,
                ind.source.as_deref().unwrap_or("no source given"),
            );
            out.extend(h.trail.finding(
                &KnownIndicator,
                Severity::High,
                message,
                user,
                (
                    "the sessions listed did things the user or integration never does (recon, bulk jobs, queries of whole objects): `ajar investigate --ioc` with these lines",
                    "the address or agent is the org's own (a shared egress, a developer's script) and its sessions match the user's usual work",
                ),
            ));
        }
    }
}
