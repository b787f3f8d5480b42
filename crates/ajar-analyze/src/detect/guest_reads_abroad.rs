//! HUNT-006: site guests read records from outside the org's country.

use super::{Config, LOGIN_TYPES, Map, Obs, Set, Trail, detection};
use ajar_model::detection::HuntFinding;
use ajar_model::event::{Outcome, PrincipalClass};
use ajar_model::finding::Severity;
use ajar_model::sfid::SfId;
use std::collections::BTreeMap;
use std::net::IpAddr;

detection! {
    /// ## What it checks
    /// Successful guest (unauthenticated site user) events that name records, grouped by the
    /// client's country, for every country other than the org's own. The org's country is
    /// `--outside` when given, else the country most of the internal users' logins come from
    /// (learned from the input). Events without a known country are not raised: they are in
    /// the `unknown-country` gap when `--outside` is given.
    /// ## Why it matters
    /// A site guest reading records is the founding case's intrusion shape: guests of an
    /// Experience Cloud site scraping records through Aura or Visualforce (intrusions.md §1
    /// shape C). Readers abroad are rarely the data subjects of a domestic service.
    /// ## Example
    /// Guests from 12 IPs in CN read 40 `Balance_Transfer_Application__c` records over a
    /// month.
    /// ## How to tune
    /// Give `--outside` with the country your customers are in; give `--users` (or
    /// `--guest-user`) so that guest rows without a `USER_TYPE` are recognised. A service with
    /// customers abroad should read the finding per country.
    GuestReadsAbroad = "HUNT-006", since "0.1.0", severity High
}

#[derive(Debug, Default)]
struct Ip {
    country: Option<String>,
    records: Set<SfId>,
    trail: Trail,
}

#[derive(Debug, Default)]
pub(super) struct State {
    ips: Map<IpAddr, Ip>,
    staff: Map<String, u64>,
}

impl State {
    pub(super) fn observe(&mut self, o: &Obs<'_>) {
        if o.ev.outcome != Outcome::Read {
            return;
        }
        if o.ev.principal == PrincipalClass::Internal
            && LOGIN_TYPES.contains(&o.ev.event_type.as_str())
            && let Some(c) = o.country
        {
            *self.staff.entry(c.to_string()).or_default() += 1;
        }
        if o.ev.principal != PrincipalClass::Guest || o.ev.record_ids.is_empty() {
            return;
        }
        let Some(ip) = o.ev.ip else { return };
        let a = self.ips.entry(ip).or_default();
        if a.country.is_none() {
            a.country = o.country.map(str::to_string);
        }
        a.records.extend(o.ev.record_ids.iter().copied());
        a.trail.add(o);
    }

    pub(super) fn merge(&mut self, other: State) {
        for (ip, o) in other.ips {
            let a = self.ips.entry(ip).or_default();
            a.country = a.country.take().or(o.country);
            a.records.extend(o.records);
            a.trail.merge(o.trail);
        }
        for (c, n) in other.staff {
            *self.staff.entry(c).or_default() += n;
        }
    }

    pub(super) fn finish(self, cfg: &Config, out: &mut Vec<HuntFinding>) {
        let learned = || {
            let staff: BTreeMap<&String, u64> = self.staff.iter().map(|(c, n)| (c, *n)).collect();
            staff
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(c, _)| (*c).clone())
        };
        let (home, how) = match &cfg.home {
            Some(h) => (Some(h.clone()), "`--outside`"),
            None => (learned(), "the country of most staff logins"),
        };
        let mut by_country: BTreeMap<String, (Trail, Set<SfId>)> = BTreeMap::new();
        let ips: BTreeMap<IpAddr, Ip> = self.ips.into_iter().collect();
        for (_, a) in ips {
            let Some(c) = a.country else { continue };
            if home.as_deref().is_some_and(|h| h.eq_ignore_ascii_case(&c)) {
                continue;
            }
            let e = by_country.entry(c).or_default();
            e.0.merge(a.trail);
            e.1.extend(a.records);
        }
        for (country, (trail, records)) in by_country {
            let (severity, against) = match &home {
                Some(h) => (Severity::High, format!("outside {h} ({how})")),
                None => (
                    Severity::Medium,
                    "the org's own country is unknown (no `--outside`, no staff login with a country)".to_string(),
                ),
            };
            let message = format!(
                "guests from {} IP(s) in {country} read {} record(s) in {} event(s); {against}",
                trail.ips.len(),
                records.len(),
                trail.events
            );
            out.extend(trail.finding(
                &GuestReadsAbroad,
                severity,
                message,
                None,
                (
                    "the records read are not the readers' own (`ajar investigate` tells a data subject's own reads from a third party's)",
                    "the org serves customers in that country, and each IP read only its own application",
                ),
            ));
        }
    }
}
