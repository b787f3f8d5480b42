//! HUNT-004: a bulk query job deleted soon after it completed.

use super::{Map, Obs, Trail, detection};
use ajar_model::detection::HuntFinding;
use ajar_model::finding::Severity;
use std::collections::BTreeMap;

detection! {
    /// ## What it checks
    /// The life cycle of Bulk API query jobs: the `JobComplete` and `Deleted` states of
    /// BulkApi2 (and BulkApi) rows, and REST `DELETE …/jobs/query/<750…>` calls, joined by the
    /// job's ID (its 15-character form). A job deleted within 15 minutes of its completion is
    /// raised high; a deleted job whose completion is not in the logs is raised medium.
    /// ## Why it matters
    /// The 2025 token-theft intruders exported whole objects with Bulk API 2.0 query jobs and
    /// deleted each job right after downloading its results, hoping to leave no trace; the
    /// deletion itself is logged (intrusions.md §1 shape A, §2, §6).
    /// ## Example
    /// Job `7507F00000Ab1cD` over Account completes at 03:14:05 and is deleted at 03:15:46
    /// from the same session.
    /// ## How to tune
    /// Tools that clean up after themselves (some ETL products delete their jobs) raise it as
    /// well: check the job's user and client, then dismiss by user.
    BulkJobDeletedAfterCompletion = "HUNT-004", since "0.1.0", severity High
}

/// A deletion this soon after completion is "right after".
const SOON_MS: i64 = 15 * 60_000;

/// The 15-character job ID of a REST `…/jobs/query/<id>` path.
fn job_in_uri(uri: &str) -> Option<&str> {
    // A searcher built once: `split_once` set one up for every URI (issue #19).
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("/jobs/query/"));
    let at = FINDER.find(uri.as_bytes())?;
    let rest = uri.get(at + "/jobs/query/".len()..)?;
    let id = rest.split(['/', '?']).next()?;
    (id.len() >= 15 && id.starts_with("750"))
        .then(|| id.get(..15))
        .flatten()
}

#[derive(Debug, Default)]
struct Job {
    completed: Option<jiff::Timestamp>,
    deleted: Option<jiff::Timestamp>,
    rows: Option<u64>,
    object: Option<String>,
    user: Option<String>,
    trail: Trail,
}

#[derive(Debug, Default)]
pub(super) struct State {
    jobs: Map<String, Job>,
}

fn earliest(a: Option<jiff::Timestamp>, b: Option<jiff::Timestamp>) -> Option<jiff::Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl State {
    pub(super) fn observe(&mut self, o: &Obs<'_>) {
        let api = o.api();
        let status = api.and_then(|a| a.job_status.as_deref());
        let (id, completed, deleted) = if let Some(id) = api.and_then(|a| a.job_id.as_deref()) {
            (
                id.get(..15).unwrap_or(id),
                status.is_some_and(|s| s.eq_ignore_ascii_case("JobComplete")),
                status.is_some_and(|s| s.eq_ignore_ascii_case("Deleted")),
            )
        } else if o.ev.outcome == ajar_model::event::Outcome::Read
            && api
                .and_then(|a| a.operation.as_deref())
                .is_some_and(|m| m.eq_ignore_ascii_case("DELETE"))
            && let Some(id) = o.ev.uri.as_deref().and_then(job_in_uri)
        {
            (id, false, true)
        } else {
            return;
        };
        if !completed && !deleted {
            return;
        }
        let j = self.jobs.entry(id.to_string()).or_default();
        let t = Some(o.ev.time);
        if completed {
            j.completed = earliest(j.completed, t);
            j.rows = j.rows.max(api.and_then(|a| a.rows));
        }
        if deleted {
            j.deleted = earliest(j.deleted, t);
        }
        if j.object.is_none() {
            j.object = o.ev.objects.first().cloned();
        }
        if j.user.is_none() {
            j.user = o.user().map(str::to_string);
        }
        j.trail.add(o);
    }

    pub(super) fn merge(&mut self, other: State) {
        for (id, o) in other.jobs {
            let j = self.jobs.entry(id).or_default();
            j.completed = earliest(j.completed, o.completed);
            j.deleted = earliest(j.deleted, o.deleted);
            j.rows = j.rows.max(o.rows);
            j.object = j.object.take().or(o.object);
            j.user = j.user.take().or(o.user);
            j.trail.merge(o.trail);
        }
    }

    pub(super) fn finish(self, out: &mut Vec<HuntFinding>) {
        let jobs: BTreeMap<String, Job> = self.jobs.into_iter().collect();
        for (id, j) in jobs {
            let Some(deleted) = j.deleted else { continue };
            let what = format!(
                "bulk query job {id}{}{}",
                j.object
                    .as_deref()
                    .map(|o| format!(" over {o}"))
                    .unwrap_or_default(),
                j.rows
                    .map(|n| format!(" ({n} record(s))"))
                    .unwrap_or_default()
            );
            let (severity, message) = match j.completed {
                Some(c) if deleted.as_millisecond() - c.as_millisecond() <= SOON_MS => (
                    Severity::High,
                    format!(
                        "{what} was deleted {} s after it completed",
                        (deleted.as_millisecond() - c.as_millisecond()).max(0) / 1000
                    ),
                ),
                Some(_) => continue,
                None => (
                    Severity::Medium,
                    format!("{what} was deleted; its completion is not in the logs"),
                ),
            };
            out.extend(j.trail.finding(
                &BulkJobDeletedAfterCompletion,
                severity,
                message,
                j.user.clone(),
                (
                    "the job's session also made reconnaissance calls or came from a new network; its user does not run bulk exports",
                    "the job belongs to a tool that deletes its own jobs (check the user and client name)",
                ),
            ));
        }
    }
}
