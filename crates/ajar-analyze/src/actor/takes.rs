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

/// The bulk job a URI addresses, as the 15-character ID ELF `JOB_ID` uses: Bulk API 2.0
/// `/jobs/query/<id>[/results]` and Bulk API 1.0 `/async/<v>/job/<id>[/batch/...]`
/// (intrusions.md §3).
fn uri_job(uri: &str) -> Option<String> {
    let path = uri.split('?').next().unwrap_or(uri);
    let mut parts = path.split('/');
    while let Some(p) = parts.next() {
        let key = match p {
            "query" if path.contains("/jobs/query/") => true,
            "job" if path.contains("/async/") => true,
            _ => false,
        };
        if key {
            return parts
                .next()
                .filter(|id| id.len() == 15 || id.len() == 18)
                .and_then(|id| id.get(..15))
                .map(str::to_owned);
        }
    }
    None
}

/// A job ID as ELF `JOB_ID` writes it, 15 characters (an 18-character form is cut).
fn job_key(id: &str) -> String {
    id.get(..15).unwrap_or(id).to_owned()
}

/// A bulk job's take as its rows are read: the largest row count, dated from the first
/// life-cycle row, the object and query from whichever row names them.
#[derive(Default)]
struct Jobs {
    takes: BTreeMap<String, Take>,
    start: BTreeMap<String, jiff::Timestamp>,
    deleted: BTreeMap<String, jiff::Timestamp>,
}

impl Jobs {
    fn seen(&mut self, job: &str, at: jiff::Timestamp) {
        let start = self.start.entry(job.to_owned()).or_insert(at);
        *start = (*start).min(at);
    }

    fn take(&mut self, job: &str, t: Take) {
        let Some(e) = self.takes.get_mut(job) else {
            self.takes.insert(job.to_owned(), t);
            return;
        };
        let object = e.object.clone().or(t.object.clone());
        let query = e.query.clone().or(t.query.clone());
        if t.rows > e.rows {
            let first = e.time.min(t.time);
            *e = t;
            e.time = first;
        }
        e.object = object;
        e.query = query;
    }

    fn into_takes(self) -> impl Iterator<Item = Take> {
        let Jobs {
            takes,
            start,
            deleted,
        } = self;
        takes.into_iter().map(move |(job, mut t)| {
            if let Some(s) = start.get(&job) {
                t.time = t.time.min(*s);
            }
            t.deleted = deleted.get(&job).copied();
            t
        })
    }
}

/// Whether the row deletes a bulk job: a `Deleted` life-cycle row, or a `DELETE` of the job's
/// URI.
fn deletes_job(ev: &AccessEvent) -> Option<String> {
    let api = ev.api.as_deref()?;
    if api
        .job_status
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("Deleted"))
    {
        return api.job_id.as_deref().map(job_key);
    }
    if api
        .operation
        .as_deref()
        .is_some_and(|m| m.eq_ignore_ascii_case("DELETE"))
    {
        return ev.uri.as_deref().and_then(uri_job);
    }
    None
}

/// The takes of the actor's events, by time. Failed requests, counts and queries that
/// returned nothing take nothing; a bulk job is one take (its largest row count), whichever of
/// its life-cycle rows and result downloads carry it; one request logged twice (an ELF row and
/// its real-time event) is one take.
pub fn takes<'a>(events: impl Iterator<Item = &'a AccessEvent>) -> Vec<Take> {
    let mut out = Vec::new();
    let mut jobs = Jobs::default();
    for ev in events {
        if ev.outcome != Outcome::Read {
            continue;
        }
        let Some(api) = ev.api.as_deref() else {
            continue;
        };
        if let Some(job) = deletes_job(ev) {
            let d = jobs.deleted.entry(job).or_insert(ev.time);
            *d = (*d).min(ev.time);
            if ev.event_type != "BulkApi2" {
                continue;
            }
        }
        let query = api.query.as_deref();
        let results_of = ev
            .uri
            .as_deref()
            .filter(|_| ev.event_type == "RestApi" && is_read_method(api.operation.as_deref()))
            .and_then(uri_job);
        let job = api
            .job_id
            .as_deref()
            .filter(|_| BULK_TYPES.contains(&ev.event_type.as_str()))
            .map(job_key)
            .or(results_of);
        if let Some(job) = &job {
            jobs.seen(job, ev.time);
        }
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
            deleted: None,
            also_logged: Vec::new(),
        };
        if !api.returned.is_empty()
            && (ev.event_type != "RestApi" || is_read_method(api.operation.as_deref()))
        {
            let mut t = base(Evidence::LoggedIds, None);
            t.record_ids = api.returned.clone();
            out.push(t);
            continue;
        }
        if let Some(job) = job {
            if api.operation.as_deref().is_some_and(|o| {
                BULK_TYPES.contains(&ev.event_type.as_str())
                    && !o.eq_ignore_ascii_case("query")
                    && !o.eq_ignore_ascii_case("queryAll")
            }) || api.rows.is_none_or(|r| r == 0)
            {
                continue;
            }
            let mut t = base(
                Evidence::CountOnly,
                Some("a bulk job logs how many rows it returned, not which"),
            );
            t.job_id = t.job_id.or(Some(job.clone()));
            jobs.take(&job, t);
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
    out.extend(jobs.into_takes());
    out.sort_by(|a, b| (a.time, &a.source).cmp(&(b.time, &b.source)));
    merge_twins(out)
}

/// How far apart the rows of one request may be in two logs (an ELF row is stamped when the
/// request ends, the real-time event when it is processed).
const TWIN_SECONDS: i64 = 2;

/// Whether `b` is the same request as `a`, logged by another source: another event type,
/// the same client address and row count, no other query and no other object, within
/// [`TWIN_SECONDS`].
fn twins(a: &Take, b: &Take) -> bool {
    let same = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => x.trim().eq_ignore_ascii_case(y.trim()),
        _ => true,
    };
    a.event_type != b.event_type
        && a.job_id.is_none()
        && b.job_id.is_none()
        && a.ip == b.ip
        && a.rows.is_some()
        && a.rows == b.rows
        && same(&a.query, &b.query)
        && same(&a.object, &b.object)
        && b.time.duration_since(a.time).as_secs().abs() <= TWIN_SECONDS
}

/// Merges each pair of [`twins`] into the take with the stronger evidence, filling in what
/// the other one logged (query, object) and naming its row in `also_logged`.
fn merge_twins(sorted: Vec<Take>) -> Vec<Take> {
    let mut out: Vec<Take> = Vec::with_capacity(sorted.len());
    for t in sorted {
        let twin = out.iter_mut().rev().take(8).find(|o| twins(o, &t));
        let Some(o) = twin else {
            out.push(t);
            continue;
        };
        let (mut keep, other) = if t.evidence < o.evidence {
            (t, o.clone())
        } else {
            (o.clone(), t)
        };
        keep.query = keep.query.or(other.query);
        keep.object = keep.object.or(other.object);
        keep.also_logged.push(other.source);
        keep.also_logged.extend(other.also_logged);
        if keep.evidence == Evidence::LoggedIds {
            keep.reason = None;
        }
        *o = keep;
    }
    out.sort_by(|a, b| (a.time, &a.source).cmp(&(b.time, &b.source)));
    out
}

#[cfg(test)]
mod tests {
    use super::{counts_only, uri_job};

    #[test]
    fn job_ids_are_read_from_bulk_uris() {
        assert_eq!(
            uri_job("/services/data/v58.0/jobs/query/7507F0000000FgVQAU/results").as_deref(),
            Some("7507F0000000FgV")
        );
        assert_eq!(
            uri_job("/services/data/v58.0/jobs/query/7507F0000000FgVQAU").as_deref(),
            Some("7507F0000000FgV")
        );
        assert_eq!(
            uri_job("/services/async/58.0/job/7505j000000XyZw/batch/7515j000000AbCd/result")
                .as_deref(),
            Some("7505j000000XyZw")
        );
        assert_eq!(
            uri_job("/services/data/v58.0/query?q=SELECT+Id+FROM+Case"),
            None
        );
        assert_eq!(uri_job("/services/data/v58.0/jobs/query"), None);
    }

    #[test]
    fn count_queries_are_recognised() {
        assert!(counts_only("SELECT COUNT() FROM Account"));
        assert!(counts_only("select count( ) from Case"));
        assert!(!counts_only("SELECT COUNT(Id) FROM Account"));
        assert!(!counts_only("SELECT Id, Subject FROM Case LIMIT 10000"));
        assert!(!counts_only("SEL"));
    }
}
