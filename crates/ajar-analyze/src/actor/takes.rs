//! What each of the actor's queries and downloads took, and how strongly the log shows it
//! (intrusions.md §4).

use ajar_model::actor::{Evidence, Take};
use ajar_model::event::{AccessEvent, Outcome};
use std::collections::BTreeMap;

/// Bulk event types: a job's life cycle and the download of its results (intrusions.md §3).
const BULK_TYPES: &[&str] = &[
    "BulkApi",
    "BulkApi2",
    "BulkApiResultEvent",
    "BulkApiResultEventStore",
];

/// Whether a query only counts (`SELECT COUNT() FROM Account`): reconnaissance, no record
/// leaves (intrusions.md §1). Only the select list's first word is looked at.
fn counts_only(query: &str) -> bool {
    let q = query.trim_start();
    if !q.get(..6).is_some_and(|w| w.eq_ignore_ascii_case("select")) {
        return false;
    }
    let list = q.get(6..).unwrap_or("").trim_start();
    list.get(..6)
        .is_some_and(|w| w.eq_ignore_ascii_case("count("))
        && list
            .get(6..)
            .is_some_and(|r| r.trim_start().starts_with(')'))
}

/// The one place a logged query without record IDs gets its evidence strength. Until queries
/// can be evaluated over the export (`evaluated`), such a query is a count only: its object is
/// the upper bound (intrusions.md §4).
fn query_evidence() -> (Evidence, &'static str) {
    (Evidence::CountOnly, "query not evaluated")
}

fn object(ev: &AccessEvent) -> Option<String> {
    match ev.objects.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

fn is_read_method(op: Option<&str>) -> bool {
    op.is_none_or(|m| m.eq_ignore_ascii_case("GET"))
}

/// The takes of the actor's events, by time. Failed requests, counts and queries that
/// returned nothing take nothing; a bulk job is one take (its largest row count), whichever of
/// its life-cycle rows and result downloads carry it.
pub fn takes<'a>(events: impl Iterator<Item = &'a AccessEvent>) -> Vec<Take> {
    let mut out = Vec::new();
    let mut jobs: BTreeMap<String, Take> = BTreeMap::new();
    // A job's first life-cycle row, whether or not it carries a count: the job's take is dated
    // from it (the query ran from then on).
    let mut job_start: BTreeMap<String, jiff::Timestamp> = BTreeMap::new();
    for ev in events {
        if ev.outcome != Outcome::Read {
            continue;
        }
        let Some(api) = ev.api.as_deref() else {
            continue;
        };
        let query = api.query.as_deref();
        if query.is_some_and(counts_only) || api.rows == Some(0) {
            continue;
        }
        let base = |evidence, reason: Option<&str>| Take {
            time: ev.time,
            event_type: ev.event_type.clone(),
            source: ev.source.clone(),
            object: object(ev),
            ip: ev.ip,
            evidence,
            record_ids: Vec::new(),
            rows: api.rows,
            query: query.map(str::to_owned),
            job_id: api.job_id.clone(),
            reason: reason.map(str::to_owned),
        };
        if !api.returned.is_empty()
            && (ev.event_type != "RestApi" || is_read_method(api.operation.as_deref()))
        {
            let mut t = base(Evidence::LoggedIds, None);
            t.record_ids = api.returned.clone();
            out.push(t);
            continue;
        }
        if let Some(job) = api.job_id.as_deref()
            && BULK_TYPES.contains(&ev.event_type.as_str())
        {
            if api.operation.as_deref().is_some_and(|o| {
                !o.eq_ignore_ascii_case("query") && !o.eq_ignore_ascii_case("queryAll")
            }) {
                continue;
            }
            let start = job_start.entry(job.to_owned()).or_insert(ev.time);
            *start = (*start).min(ev.time);
            if api.rows.is_none_or(|r| r == 0) {
                continue;
            }
            let t = base(
                Evidence::CountOnly,
                Some("a bulk job logs how many rows it returned, not which"),
            );
            let e = jobs.entry(job.to_owned()).or_insert_with(|| t.clone());
            if t.rows > e.rows {
                let first = e.time.min(t.time);
                let object = e.object.clone().or(t.object.clone());
                let query = e.query.clone().or(t.query.clone());
                *e = t;
                e.time = first;
                e.object = e.object.clone().or(object);
                e.query = e.query.clone().or(query);
            } else {
                e.object = e.object.clone().or(t.object);
                e.query = e.query.clone().or(t.query);
            }
            continue;
        }
        if query.is_some() && api.rows.is_some() {
            let (evidence, reason) = query_evidence();
            out.push(base(evidence, Some(reason)));
            continue;
        }
        if ev.event_type == "RestApi"
            && is_read_method(api.operation.as_deref())
            && ev.uri.as_deref().is_some_and(|u| u.contains("/query"))
            && api.rows.is_some()
        {
            out.push(base(
                Evidence::CountOnly,
                Some("a REST query logs its rows, not its SOQL"),
            ));
        }
    }
    out.extend(jobs.into_iter().map(|(job, mut t)| {
        if let Some(start) = job_start.get(&job) {
            t.time = t.time.min(*start);
        }
        t
    }));
    out.sort_by(|a, b| (a.time, &a.source).cmp(&(b.time, &b.source)));
    out
}

#[cfg(test)]
mod tests {
    use super::counts_only;

    #[test]
    fn count_queries_are_recognised() {
        assert!(counts_only("SELECT COUNT() FROM Account"));
        assert!(counts_only("select count( ) from Case"));
        assert!(!counts_only("SELECT COUNT(Id) FROM Account"));
        assert!(!counts_only("SELECT Id, Subject FROM Case LIMIT 10000"));
        assert!(!counts_only("SEL"));
    }
}
