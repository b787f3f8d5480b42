//! What an intrusion took (issue #16): the actor's queries and downloads resolved against the
//! Data Export, by evidence strength (intrusions.md §4). Records the logs name, and objects a
//! count shows were taken whole, are the exact part (`confirmed`); an object behind a count
//! that does not match it is an upper bound, taken whole into `exposed` and marked.

mod coverage;
mod reach;
mod resolve;
mod secrets;

pub use coverage::api_coverage;
pub use reach::identity_reach;

use super::tally::Summary;
use super::{ObjectHits, confirmed, summarise};
use crate::exposure::classify::classify;
use ajar_model::actor::{Actor, Evidence, Take};
use ajar_model::export::Table;
use ajar_model::incident::{ConfirmedIp, ObjectEvidence};
use ajar_model::sfid::SfId;
use ajar_model::span::CoverageGap;
use resolve::{Fields, Resolved, resolve_count};
use std::collections::{BTreeMap, BTreeSet};

/// One evidence strength's share of an object: record indices, rows the logs gave (summed over
/// the takes that logged a count), how many takes, and the reasons given.
type Share = (BTreeSet<usize>, Option<u64>, u64, BTreeSet<String>);

#[derive(Default)]
struct PerObject {
    exact: BTreeSet<usize>,
    bound: BTreeSet<usize>,
    evidence: BTreeMap<(Evidence, bool), Share>,
    ips: BTreeMap<usize, BTreeSet<std::net::IpAddr>>,
    first: BTreeMap<usize, jiff::Timestamp>,
    /// The fields read, per row and for the object as a whole.
    fields: BTreeMap<usize, Fields>,
    all_fields: Fields,
}

impl PerObject {
    /// Adds what take `t` left with: `r.exact` certainly, `r.bound` as an upper bound.
    fn note(&mut self, t: &Take, r: &Resolved<'_>, logged: Option<u64>) {
        for (rows, upper) in [(&r.exact, false), (&r.bound, true)] {
            if rows.is_empty() && !(upper && r.exact.is_empty()) {
                continue;
            }
            let e = self
                .evidence
                .entry((r.evidence, upper))
                .or_insert_with(|| (BTreeSet::new(), None, 0, BTreeSet::new()));
            e.0.extend(rows.iter().copied());
            if let Some(n) = logged {
                e.1 = Some(e.1.unwrap_or(0) + n);
            }
            e.2 += 1;
            e.3.insert(r.why.clone());
            let target = if upper {
                &mut self.bound
            } else {
                &mut self.exact
            };
            target.extend(rows.iter().copied());
            for &i in rows {
                self.fields.entry(i).or_default().add(&r.fields);
            }
        }
        self.all_fields.add(&r.fields);
        for &i in &r.exact {
            if let Some(ip) = t.ip {
                self.ips.entry(i).or_default().insert(ip);
            }
            let f = self.first.entry(i).or_insert(t.time);
            *f = (*f).min(t.time);
        }
    }
}

/// The fields a take that named its records read: the logged query's select list, else every
/// field (a REST `/sobjects/<O>/<id>` read returns the whole record).
fn logged_fields(t: &Take, table: Option<&Table>) -> Fields {
    match (t.query.as_deref().map(crate::soql::parse), table) {
        (Some(Ok(q)), Some(table)) => resolve::select_list(&q, table),
        _ => Fields::All,
    }
}

/// Resolves the actor's takes against the export. The coverage returned holds only the gaps
/// found here; the caller adds the logs' own.
pub fn assess_intrusion(
    actor: &Actor,
    tables: &BTreeMap<String, Table>,
    home_country: &str,
) -> super::Impact {
    let mut gaps = Vec::new();
    let mut by_id: BTreeMap<SfId, (&str, usize)> = BTreeMap::new();
    for (o, t) in tables {
        for (i, r) in t.rows.iter().enumerate() {
            by_id.insert(r.id, (o.as_str(), i));
        }
    }
    let per = resolve_takes(actor, tables, &by_id, &mut gaps);
    let hits = object_hits(&per, tables);
    let exact_ids: BTreeMap<SfId, (&str, usize)> = per
        .iter()
        .flat_map(|(o, po)| {
            let table = tables.get(o);
            po.exact.iter().filter_map(move |&i| {
                table
                    .and_then(|t| t.rows.get(i))
                    .map(|r| (r.id, (o.as_str(), i)))
            })
        })
        .collect();
    let s: Summary = summarise(
        &hits,
        home_country,
        |_| false,
        |_| actor_reads(actor, &per, &exact_ids, home_country),
    );
    let mut exposed = s.exposed;
    add_evidence(&mut exposed, &per);
    let secrets = secrets::found(&per, tables);
    let mut confirmed = s.confirmed;
    confirmed.persons = Some(s.persons.confirmed());
    confirmed.persons_abroad = Some(s.persons.abroad());
    super::Impact {
        exposed,
        confirmed,
        coverage: ajar_model::incident::LogCoverage {
            gaps: gaps.clone(),
            ..Default::default()
        },
        persons: s.persons,
        persons_by_country: s.persons_by_country,
        persons_without_channel: s.persons_without_channel,
        ruled_out: false,
        gaps,
        records: s.records,
        secrets: Some(secrets),
    }
}

/// Each take resolved against the export, per object; gaps for takes that cannot be.
fn resolve_takes<'t>(
    actor: &Actor,
    tables: &'t BTreeMap<String, Table>,
    by_id: &BTreeMap<SfId, (&'t str, usize)>,
    gaps: &mut Vec<CoverageGap>,
) -> BTreeMap<String, PerObject> {
    let mut per: BTreeMap<String, PerObject> = BTreeMap::new();
    let mut unknown_ids = 0u64;
    for t in &actor.takes {
        if let Some(d) = t.deleted {
            gaps.push(deleted_job(t, d));
        }
        if t.evidence == Evidence::CountOnly {
            let Some(r) = resolve_count(t, tables, by_id) else {
                gaps.push(CoverageGap {
                    kind: "take-without-export".to_owned(),
                    message: format!(
                        "{} row(s) of `{}` were taken ({}) but the export has no such object: which records left is unknown",
                        t.rows.map_or_else(|| "an unknown number of".to_owned(), |r| r.to_string()),
                        t.object.as_deref().unwrap_or("an object the log does not name"),
                        t.event_type
                    ),
                    span: Some(t.source.clone()),
                });
                continue;
            };
            per.entry(r.object.to_owned())
                .or_default()
                .note(t, &r, t.rows);
            continue;
        }
        let mut found: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for id in &t.record_ids {
            match by_id.get(id) {
                Some((o, i)) => {
                    found.entry(o).or_default().insert(*i);
                }
                None => unknown_ids += 1,
            }
        }
        for (o, rows) in found {
            let r = Resolved {
                object: o,
                evidence: t.evidence,
                exact: rows,
                bound: BTreeSet::new(),
                why: "record IDs in the log".to_owned(),
                fields: logged_fields(t, tables.get(o)),
            };
            per.entry(o.to_owned()).or_default().note(t, &r, None);
        }
    }
    if unknown_ids > 0 {
        gaps.push(CoverageGap {
            kind: "taken-ids-not-in-export".to_owned(),
            message: format!(
                "{unknown_ids} record ID(s) the logs show taken are not in the export (deleted since, or an object not exported): they cannot be counted by person"
            ),
            span: None,
        });
    }
    per
}

/// The rows taken per object, with the fields the takes' select lists name.
fn object_hits<'t>(
    per: &BTreeMap<String, PerObject>,
    tables: &'t BTreeMap<String, Table>,
) -> BTreeMap<String, ObjectHits<'t>> {
    let mut hits: BTreeMap<String, ObjectHits<'t>> = BTreeMap::new();
    for (object, po) in per {
        let Some(table) = tables.get(object) else {
            continue;
        };
        let fields = po
            .all_fields
            .of(table)
            .into_iter()
            .map(|f| {
                let class = classify_path(object, &f);
                (f, class)
            })
            .collect();
        hits.insert(
            object.clone(),
            ObjectHits {
                table,
                rows: po.exact.union(&po.bound).copied().collect(),
                paths: ["taken through the API by the actor".to_owned()]
                    .into_iter()
                    .collect(),
                fields,
            },
        );
    }
    hits
}

/// The records read: each exactly-known record taken, with its addresses' countries and days.
fn actor_reads(
    actor: &Actor,
    per: &BTreeMap<String, PerObject>,
    exact_ids: &BTreeMap<SfId, (&str, usize)>,
    home_country: &str,
) -> confirmed::Reads {
    let country_of = |ip: &std::net::IpAddr| {
        actor
            .ips
            .iter()
            .find(|a| &a.ip == ip)
            .and_then(|a| a.country.clone())
    };
    let mut reads = confirmed::confirm(None, &BTreeMap::new(), &[], None, home_country);
    let c = &mut reads.confirmed;
    c.known = true;
    let mut by_ip: BTreeMap<std::net::IpAddr, (u64, jiff::Timestamp, jiff::Timestamp)> =
        BTreeMap::new();
    for (id, (o, i)) in exact_ids {
        reads.read.insert(*id);
        let po = per.get(*o);
        let ips = po.and_then(|p| p.ips.get(i)).cloned().unwrap_or_default();
        let first = po.and_then(|p| p.first.get(i)).copied();
        let mut abroad = false;
        if ips.is_empty() {
            *c.by_country.entry("unknown".to_owned()).or_insert(0) += 1;
        }
        let mut countries = BTreeSet::new();
        for ip in &ips {
            let country = country_of(ip);
            if country
                .as_deref()
                .is_some_and(|cc| !cc.eq_ignore_ascii_case(home_country))
            {
                abroad = true;
            }
            countries.insert(country.unwrap_or_else(|| "unknown".to_owned()));
            if let Some(f) = first {
                let e = by_ip.entry(*ip).or_insert((0, f, f));
                e.0 += 1;
                e.1 = e.1.min(f);
                e.2 = e.2.max(f);
            }
        }
        for cc in countries {
            *c.by_country.entry(cc).or_insert(0) += 1;
        }
        if abroad {
            reads.abroad.insert(*id);
        }
        if let Some(f) = first {
            *c.by_day.entry(super::utc_date(f)).or_insert(0) += 1;
        }
    }
    c.records = Some(reads.read.len() as u64);
    c.records_abroad = Some(reads.abroad.len() as u64);
    c.ips = by_ip
        .into_iter()
        .map(|(ip, (records, first, last))| ConfirmedIp {
            ip: ip.to_string(),
            country: country_of(&ip),
            records,
            first,
            last,
        })
        .collect();
    reads
}

/// The evidence strength of each object's takes.
fn add_evidence(exposed: &mut ajar_model::incident::Exposed, per: &BTreeMap<String, PerObject>) {
    for o in &mut exposed.by_object {
        let Some(po) = per.get(&o.object) else {
            continue;
        };
        for ((strength, upper), (rows, logged, takes, why)) in &po.evidence {
            o.evidence.push(ObjectEvidence {
                strength: *strength,
                records: rows.len() as u64,
                upper_bound: *upper,
                rows_logged: *logged,
                takes: *takes,
                detail: why.iter().cloned().collect::<Vec<_>>().join("; "),
            });
        }
    }
}

/// A bulk job deleted after it ran: its results cannot be fetched again (intrusions.md §6).
fn deleted_job(t: &Take, at: jiff::Timestamp) -> CoverageGap {
    CoverageGap {
        kind: "bulk-job-deleted".to_owned(),
        message: format!(
            "bulk job {} ({} row(s) of {}) was deleted at {at}: its results can no longer be fetched from Salesforce, so which records it returned rests on the count",
            t.job_id.as_deref().unwrap_or("(no ID logged)"),
            t.rows
                .map_or_else(|| "an unknown number of".to_owned(), |n| n.to_string()),
            t.object
                .as_deref()
                .unwrap_or("an object the log does not name"),
        ),
        span: Some(t.source.clone()),
    }
}

/// The class of a field the select list names: a relationship path (`Account.Name`,
/// `Owner.Email`) is classed as its parent object's field.
fn classify_path(object: &str, path: &str) -> Option<ajar_model::classify::DataClass> {
    let mut parts: Vec<&str> = path.split('.').collect();
    let field = parts.pop().unwrap_or(path);
    let parent = match parts.last() {
        None => object.to_owned(),
        Some(r) if matches!(*r, "Owner" | "CreatedBy" | "LastModifiedBy") => "User".to_owned(),
        Some(r) => match r.strip_suffix("__r") {
            Some(stem) => format!("{stem}__c"),
            None => (*r).to_owned(),
        },
    };
    classify(&parent, field, None).map(|c| c.class)
}
