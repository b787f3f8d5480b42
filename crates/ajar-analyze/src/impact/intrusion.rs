//! What an intrusion took (issue #16): the actor's queries and downloads resolved against the
//! Data Export, by evidence strength (intrusions.md §4). Records the logs name, and objects a
//! count shows were taken whole, are the exact part (`confirmed`); an object behind a count
//! that does not match it is an upper bound, taken whole into `exposed` and marked.

use super::{ObjectHits, Summary, confirmed, summarise};
use crate::exposure::classify::classify;
use ajar_model::actor::{Actor, Evidence, Take};
use ajar_model::export::{Row, Table};
use ajar_model::incident::{ConfirmedIp, ObjectEvidence};
use ajar_model::sfid::SfId;
use ajar_model::span::CoverageGap;
use std::collections::{BTreeMap, BTreeSet};

fn created(t: &Table, r: &Row) -> Option<jiff::Timestamp> {
    t.value(r, "CreatedDate")
        .and_then(|c| c.trim().parse::<jiff::Timestamp>().ok())
}

/// Rows of `t` that existed at `at`: records created later were not there to take
/// (intrusions.md §4). A row without a `CreatedDate` is counted.
fn rows_at(t: &Table, at: jiff::Timestamp) -> BTreeSet<usize> {
    t.rows
        .iter()
        .enumerate()
        .filter(|(_, r)| created(t, r).is_none_or(|c| c <= at))
        .map(|(i, _)| i)
        .collect()
}

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
}

fn note(
    o: &mut PerObject,
    t: &Take,
    rows: &BTreeSet<usize>,
    upper: bool,
    logged: Option<u64>,
    why: &str,
) {
    let e = o
        .evidence
        .entry((t.evidence, upper))
        .or_insert_with(|| (BTreeSet::new(), None, 0, BTreeSet::new()));
    e.0.extend(rows.iter().copied());
    if let Some(n) = logged {
        e.1 = Some(e.1.unwrap_or(0) + n);
    }
    e.2 += 1;
    e.3.insert(why.to_owned());
    let target = if upper { &mut o.bound } else { &mut o.exact };
    target.extend(rows.iter().copied());
    if !upper {
        for &i in rows {
            if let Some(ip) = t.ip {
                o.ips.entry(i).or_default().insert(ip);
            }
            let f = o.first.entry(i).or_insert(t.time);
            *f = (*f).min(t.time);
        }
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
    let mut per: BTreeMap<String, PerObject> = BTreeMap::new();
    let mut unknown_ids = 0u64;
    for t in &actor.takes {
        match t.evidence {
            Evidence::LoggedIds | Evidence::Evaluated => {
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
                    let po = per.entry(o.to_owned()).or_default();
                    note(po, t, &rows, false, None, "record IDs in the log");
                }
            }
            Evidence::CountOnly => {
                let Some((object, table)) =
                    t.object.as_deref().and_then(|o| tables.get_key_value(o))
                else {
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
                let existing = rows_at(table, t.time);
                let n = t.rows.unwrap_or(0);
                let po = per.entry(object.clone()).or_default();
                if n == existing.len() as u64 {
                    note(
                        po,
                        t,
                        &existing,
                        false,
                        t.rows,
                        "the logged rows equal the object's records at that time: every record",
                    );
                } else {
                    let why = format!(
                        "{}; {n} row(s) logged, {} record(s) in the export at that time: the whole object is the upper bound",
                        t.reason.as_deref().unwrap_or("a count only"),
                        existing.len()
                    );
                    note(po, t, &existing, true, t.rows, &why);
                }
            }
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
    let mut hits: BTreeMap<String, ObjectHits<'_>> = BTreeMap::new();
    for (object, po) in &per {
        let Some(table) = tables.get(object) else {
            continue;
        };
        // The SELECT list is not read here: every exported field counts, and says so.
        let fields = table
            .columns
            .iter()
            .filter(|h| !h.eq_ignore_ascii_case("Id"))
            .map(|h| (h.clone(), classify(object, h, None).map(|c| c.class)))
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
    let country_of = |ip: &std::net::IpAddr| {
        actor
            .ips
            .iter()
            .find(|a| &a.ip == ip)
            .and_then(|a| a.country.clone())
    };
    let s: Summary = summarise(&hits, tables, home_country, |_| {
        let mut reads = confirmed::confirm(None, &BTreeMap::new(), &[], None, home_country);
        let c = &mut reads.confirmed;
        c.known = true;
        let mut by_ip: BTreeMap<std::net::IpAddr, (u64, jiff::Timestamp, jiff::Timestamp)> =
            BTreeMap::new();
        for (id, (o, i)) in &exact_ids {
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
    });
    let mut exposed = s.exposed;
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
                detail: format!(
                    "{}; fields: every field of the export (the query's select list is not read)",
                    why.iter().cloned().collect::<Vec<_>>().join("; ")
                ),
            });
        }
    }
    let mut confirmed = s.confirmed;
    confirmed.persons = Some(s.persons.iter().filter(|e| e.confirmed).count() as u64);
    confirmed.persons_abroad = Some(s.persons.iter().filter(|e| e.abroad).count() as u64);
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
    }
}
