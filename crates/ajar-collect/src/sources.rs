//! One function per source; each turns its failures into gaps (docs/collect.md §2).

use crate::bulk::{self, Written};
use crate::client::{CallError, Client};
use crate::manifest::{Collector, Gap};
use crate::soql::{self, Column};
use crate::{Failure, Options, Progress, Shared, Source, logs};
use serde_json::Value;

/// Gaps and notes gathered along the way.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub(crate) gaps: Vec<Gap>,
    pub(crate) notes: Vec<String>,
}

impl Report {
    /// A note when a query found no records (and so wrote no file).
    pub(crate) fn empty(&mut self, source: Source, object: &str, rows: u64) {
        if rows == 0 {
            self.notes.push(format!(
                "{}: {object} has no records in the range: no file written",
                source.as_str()
            ));
        }
    }

    pub(crate) fn gap(&mut self, source: Source, what: &str, reason: &str) {
        self.gaps.push(Gap {
            source: source.as_str().into(),
            what: what.into(),
            reason: reason.into(),
        });
    }
}

/// The org and the collecting user.
pub(crate) struct Identity {
    pub(crate) org_id: String,
    pub(crate) user: Collector,
}

/// `GET /services/oauth2/userinfo`: `organization_id`, `user_id`, `preferred_username`
/// (Salesforce Help, "UserInfo Endpoint"). The first call: a 401 here ends the run with
/// nothing written.
pub(crate) fn identity(client: &Client) -> Result<Identity, CallError> {
    let v = client.get_json("/services/oauth2/userinfo", "API Enabled")?;
    let s = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    Ok(Identity {
        org_id: s("organization_id"),
        user: Collector {
            id: s("user_id"),
            username: s("preferred_username"),
        },
    })
}

/// `GET /limits`: `DailyApiRequests` `Max` and `Remaining`, the budget's starting point.
pub(crate) fn limits(shared: &Shared<'_>, report: &mut Report) {
    let path = shared.client.data("/limits");
    match shared
        .client
        .get_json(&path, "the View Setup and Configuration permission")
    {
        Ok(v) => {
            let d = v.get("DailyApiRequests");
            let n = |k: &str| d.and_then(|d| d.get(k)).and_then(Value::as_u64);
            if let (Some(max), Some(remaining)) = (n("Max"), n("Remaining")) {
                shared.client.set_usage(max.saturating_sub(remaining), max);
            }
        }
        Err(e) => report.notes.push(format!(
            "limits: {e}; the allowance is followed through the `Sforce-Limit-Info` header only"
        )),
    }
}

/// Runs one source, recording its gaps.
pub(crate) fn run(
    source: Source,
    shared: &Shared<'_>,
    opts: &Options,
    report: &mut Report,
    progress: &dyn Progress,
) {
    let result = match source {
        Source::Metadata => crate::metadata::retrieve(shared, progress).map(|notes| {
            report.notes.extend(notes);
        }),
        Source::Users => users(shared, progress).map(|n| report.empty(source, "User", n)),
        Source::Audit => {
            audit(shared, opts, progress).map(|n| report.empty(source, "SetupAuditTrail", n))
        }
        Source::Logins => {
            logins(shared, opts, progress).map(|n| report.empty(source, "LoginHistory", n))
        }
        Source::Logs => event_logs(shared, opts, report, progress),
        Source::Events => events(shared, opts, report, progress),
        Source::Records => records(shared, opts, report, progress),
    };
    progress.finish();
    match result {
        Ok(()) => {}
        Err(Failure::Call(e)) => {
            report.gap(source, "everything", &e.to_string());
            if e.is_fatal() {
                shared.set_fatal(e);
            }
        }
        Err(Failure::Local(e)) => {
            report.gap(source, "everything", &e.to_string());
            shared.set_local(e);
        }
    }
}

fn range(field: &str, opts: &Options) -> String {
    format!(
        "{field} >= {}T00:00:00Z AND {field} < {}T00:00:00Z",
        opts.since, opts.until
    )
}

/// `User`: every readable field, written as `export/User.csv` (the Data Export layout
/// `ajar hunt --users` and `investigate` read, formats.md §2.8).
fn users(shared: &Shared<'_>, progress: &dyn Progress) -> Result<u64, Failure> {
    let needs = "API Enabled and read access to users";
    let fields = soql::describe_fields(shared.client, "User", needs)?;
    let text = format!("SELECT {} FROM User ORDER BY Id", fields.join(", "));
    let columns: Vec<Column> = fields.iter().map(|f| Column::field(f, f)).collect();
    progress.phase("users", 0);
    soql::to_csv(
        shared.client,
        shared.store,
        "export/User.csv",
        &text,
        &columns,
        needs,
        progress,
    )
}

/// The Setup Audit Trail through SOQL (180 days, formats.md §2.5), written with the columns of
/// the CSV downloaded from Setup so that `ajar hunt` reads it, dates in UTC
/// (`2020-11-26 13:12:07 UTC`, no `--tz` needed), then the API's own columns.
fn audit(shared: &Shared<'_>, opts: &Options, progress: &dyn Progress) -> Result<u64, Failure> {
    let text = format!(
        "SELECT Id, Action, Section, Display, CreatedDate, CreatedById, CreatedBy.Username, \
         DelegateUser, ResponsibleNamespacePrefix FROM SetupAuditTrail WHERE {} \
         ORDER BY CreatedDate DESC, Id DESC",
        range("CreatedDate", opts)
    );
    let date = Column {
        header: "Date".into(),
        value: Box::new(|rec| {
            let raw = rec
                .get("CreatedDate")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match parse_sf_time(raw) {
                Some(t) => t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
                None => raw.to_string(),
            }
        }),
    };
    let columns = vec![
        date,
        Column::field("User", "CreatedBy.Username"),
        Column::field("Source Namespace Prefix", "ResponsibleNamespacePrefix"),
        Column::field("Action", "Display"),
        Column::field("Section", "Section"),
        Column::field("Delegate User", "DelegateUser"),
        Column::field("Id", "Id"),
        Column::field("CreatedDate", "CreatedDate"),
        Column::field("CreatedById", "CreatedById"),
        Column::field("ActionCode", "Action"),
    ];
    progress.phase("audit trail", 0);
    soql::to_csv(
        shared.client,
        shared.store,
        "logs/SetupAuditTrail.csv",
        &text,
        &columns,
        "the View Setup and Configuration permission",
        progress,
    )
}

/// `2020-11-26T13:12:07.000+0000` (Salesforce's offset has no colon).
fn parse_sf_time(s: &str) -> Option<jiff::Timestamp> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t);
    }
    let cut = s.len().checked_sub(5)?;
    let (head, tail) = s.split_at_checked(cut)?;
    format!("{head}{}:{}", tail.get(..3)?, tail.get(3..)?)
        .parse()
        .ok()
}

/// Login History (six months, authenticated users only, formats.md §2.5), to
/// `logs/LoginHistory.csv`.
fn logins(shared: &Shared<'_>, opts: &Options, progress: &dyn Progress) -> Result<u64, Failure> {
    // Object Reference, "LoginHistory": `LoginSubType` tells a refresh-token login
    // (`oauthrefreshtoken`) from others, `Application` names the connected app.
    let fields = [
        "Id",
        "UserId",
        "LoginTime",
        "LoginType",
        "LoginSubType",
        "SourceIp",
        "LoginUrl",
        "Browser",
        "Platform",
        "Status",
        "Application",
        "ClientVersion",
        "ApiType",
        "ApiVersion",
        "CountryIso",
    ];
    let text = format!(
        "SELECT {} FROM LoginHistory WHERE {} ORDER BY LoginTime, Id",
        fields.join(", "),
        range("LoginTime", opts)
    );
    let columns: Vec<Column> = fields.iter().map(|f| Column::field(f, f)).collect();
    progress.phase("login history", 0);
    soql::to_csv(
        shared.client,
        shared.store,
        "logs/LoginHistory.csv",
        &text,
        &columns,
        "the Manage Users permission",
        progress,
    )
}

fn event_logs(
    shared: &Shared<'_>,
    opts: &Options,
    report: &mut Report,
    progress: &dyn Progress,
) -> Result<(), Failure> {
    let text = logs::soql(opts.since, opts.until);
    let files = logs::list(shared.client, &text)?;
    if files.is_empty() {
        report.notes.push(format!(
            "logs: no EventLogFile in {}..{} (files exist only for days with events and are \
             kept 30 days, 1 day for the free types)",
            opts.since, opts.until
        ));
    }
    progress.phase("event logs", files.len() as u64);
    let gaps = logs::download(shared, &files, opts.jobs, progress);
    report.gaps.extend(gaps);
    Ok(())
}

/// Real-Time Event Monitoring storage objects: an object this org lacks is a note.
fn events(
    shared: &Shared<'_>,
    opts: &Options,
    report: &mut Report,
    progress: &dyn Progress,
) -> Result<(), Failure> {
    progress.phase("real-time events", 0);
    let filter = range("EventDate", opts);
    for object in &opts.events {
        if let Some(fatal) = shared.fatal() {
            report.gap(Source::Events, object, &fatal.to_string());
            continue;
        }
        let rel = format!("logs/events/{object}.csv");
        let needs = "the View Real-Time Event Monitoring Data permission";
        match bulk::object_to_csv(
            shared.client,
            shared.store,
            &rel,
            object,
            Some(&filter),
            opts.bulk_page,
            needs,
            progress,
        ) {
            Ok(Written::Empty) => report
                .notes
                .push(format!("events: {object} has no records in the range")),
            Ok(Written::Resumed | Written::File) => {}
            Err(Failure::Call(CallError::NotInOrg { .. })) => report.notes.push(format!(
                "events: {object} is not in this org (Real-Time Event Monitoring storage not \
                 enabled or not licensed): not covered"
            )),
            Err(Failure::Call(e)) => {
                report.gap(Source::Events, object, &e.to_string());
                if e.is_fatal() {
                    shared.set_fatal(e);
                }
            }
            Err(Failure::Local(e)) => return Err(Failure::Local(e)),
        }
    }
    Ok(())
}

/// Records of `--objects`, each to `export/<Object>.csv`.
fn records(
    shared: &Shared<'_>,
    opts: &Options,
    report: &mut Report,
    progress: &dyn Progress,
) -> Result<(), Failure> {
    let mut objects = if opts.objects.is_empty() {
        default_objects(shared, report)
    } else {
        opts.objects.clone()
    };
    if let Some(touched) = &opts.touched {
        touched_objects(shared, touched, &mut objects, report);
    }
    progress.phase("records", 0);
    for object in &objects {
        if let Some(fatal) = shared.fatal() {
            report.gap(Source::Records, object, &fatal.to_string());
            continue;
        }
        let rel = format!("export/{object}.csv");
        match bulk::object_to_csv(
            shared.client,
            shared.store,
            &rel,
            object,
            None,
            opts.bulk_page,
            "API Enabled and the View All Data permission (or read access to every record)",
            progress,
        ) {
            Ok(Written::Empty) => report
                .notes
                .push(format!("records: {object} has no records")),
            Ok(Written::Resumed | Written::File) => {}
            Err(Failure::Call(e)) => {
                report.gap(Source::Records, object, &e.to_string());
                if e.is_fatal() {
                    shared.set_fatal(e);
                }
            }
            Err(Failure::Local(e)) => return Err(Failure::Local(e)),
        }
    }
    Ok(())
}

/// Adds the objects the intruder's events touched in this collection's logs (`--ioc`),
/// noting which were added.
fn touched_objects(
    shared: &Shared<'_>,
    touched: &crate::Touched,
    objects: &mut Vec<String>,
    report: &mut Report,
) {
    match (touched.0)(shared.store.root()) {
        Ok(found) => {
            let added: Vec<String> = found.into_iter().filter(|o| !objects.contains(o)).collect();
            report.notes.push(if added.is_empty() {
                "records: the indicators' events in the collected logs touched no object not \
                 already collected"
                    .to_string()
            } else {
                format!(
                    "records: the objects the indicators' events touched in the collected logs: {}",
                    added.join(", ")
                )
            });
            objects.extend(added);
        }
        Err(e) => report.gap(
            Source::Records,
            "objects the indicators touched",
            &format!("the collected logs cannot be searched for the indicators: {e}"),
        ),
    }
}

/// Without `--objects`: the objects open to a guest in `metadata/` (this run's retrieve or an
/// earlier one in the same folder), as `ajar scan` finds them under today's platform rules.
fn default_objects(shared: &Shared<'_>, report: &mut Report) -> Vec<String> {
    let dir = shared.store.root().join(crate::metadata::DIR);
    if !dir.is_dir() {
        report.notes.push(
            "records: no `--objects` given and no retrieved metadata to find the objects open \
             to a guest: no records collected"
                .into(),
        );
        return Vec::new();
    }
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    match crate::exposure::guest_objects(&dir, today) {
        Ok(objects) if objects.is_empty() => {
            report.notes.push(
                "records: no `--objects` given and no object is open to a guest in the \
                 retrieved metadata: no records collected"
                    .into(),
            );
            objects
        }
        Ok(objects) => {
            report.notes.push(format!(
                "records: no `--objects` given: the objects open to a guest in the retrieved \
                 metadata: {}",
                objects.join(", ")
            ));
            objects
        }
        Err(e) => {
            report.gap(
                Source::Records,
                "objects open to a guest",
                &format!("the retrieved metadata cannot be scanned: {e}"),
            );
            Vec::new()
        }
    }
}
