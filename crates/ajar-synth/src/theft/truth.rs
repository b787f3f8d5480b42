//! `truth/truth.json` of the token-theft scenario (schema `ajar.synth-truth-token-theft/1`):
//! what the actor did and took, and what must not count. Every field is documented in
//! `docs/synth.md`.

use super::TPlan;
use super::data::{APP, INTEGRATION, OPEN_LEAD, Obj, PERMSET, PROFILES, World};
use super::files::{LogStats, country};
use super::logs::{ACTOR_UA, ACTOR_UA_B, Job, Story, Strength, VENDOR_UA};
use crate::Options;
use crate::csvw::iso;
use crate::ids::{text, to18};
use std::collections::{BTreeMap, BTreeSet};

mod schema;

pub(crate) use schema::SCHEMA;
pub use schema::*;

fn job(j: &Job, w: &World) -> TheftJob {
    TheftJob {
        job_id: j.id15.clone(),
        job_id18: j.id18.clone(),
        object: j.object.clone(),
        records: j.records,
        completed: iso(j.completed_ms),
        deleted: j.deleted_ms.map(iso),
        user_id: user18(w, j.user),
        ip: j.ip.clone(),
    }
}

fn user18(w: &World, u: usize) -> String {
    w.users
        .get(u)
        .map(|x| text(&to18(&x.id)))
        .unwrap_or_default()
}

fn obj_of(name: &str) -> Option<Obj> {
    Obj::ALL.iter().copied().find(|o| o.name() == name)
}

/// What the actor took, per object and record: the fields read of each record, the evidence
/// strengths, the time of the last access; and every access as a query line.
struct Taken {
    taken: BTreeMap<Obj, BTreeMap<usize, BTreeSet<String>>>,
    strengths: BTreeMap<Obj, BTreeSet<Strength>>,
    last_access: BTreeMap<Obj, i64>,
    queries: Vec<TheftQuery>,
}

fn taken(story: &Story) -> Taken {
    // Records taken and the fields read of each.
    let mut taken: BTreeMap<Obj, BTreeMap<usize, BTreeSet<String>>> = BTreeMap::new();
    let mut strengths: BTreeMap<Obj, BTreeSet<Strength>> = BTreeMap::new();
    let mut last_access: BTreeMap<Obj, i64> = BTreeMap::new();
    let mut queries = Vec::new();
    for a in &story.accesses {
        queries.push(TheftQuery {
            time: iso(a.ms),
            ip: a.ip.clone(),
            login_key: a.login_key.clone(),
            source: a.source.into(),
            object: a.object.clone(),
            request: a.request.clone(),
            rows: a.rows,
            evidence: a.strength.as_str().into(),
            records: a.recs.len() as u64,
        });
        let Some(o) = obj_of(&a.object) else { continue };
        if a.strength == Strength::Nothing {
            continue;
        }
        strengths.entry(o).or_default().insert(a.strength);
        let e = last_access.entry(o).or_insert(a.ms);
        *e = (*e).max(a.ms);
        let per = taken.entry(o).or_default();
        for &i in &a.recs {
            per.entry(i).or_default().extend(a.fields.iter().cloned());
        }
    }
    Taken {
        taken,
        strengths,
        last_access,
        queries,
    }
}

/// Per object: the records taken, their persons and fields, and the records created after the
/// last access (and of those, the ones the queries would have matched).
struct Objects {
    objects: Vec<TheftObject>,
    created_after: BTreeMap<String, u64>,
    persons: u64,
    records: u64,
}

fn objects(plan: &TPlan, w: &World, t: &Taken) -> Objects {
    let (taken, strengths, last_access) = (&t.taken, &t.strengths, &t.last_access);
    let person_objects = [Obj::Contact, Obj::Lead, Obj::Case];
    let mut all_persons = BTreeSet::new();
    let mut objects = Vec::new();
    let mut created_after_map = BTreeMap::new();
    let mut total = 0;
    for o in Obj::ALL {
        let recs = w.of(o);
        let per = taken.get(&o).cloned().unwrap_or_default();
        let mut persons = BTreeSet::new();
        let mut ids = Vec::new();
        let mut fields = BTreeSet::new();
        for (i, f) in &per {
            let Some(x) = recs.get(*i) else { continue };
            ids.push(text(&to18(&x.id)));
            fields.extend(f.iter().cloned());
            if person_objects.contains(&o)
                && let Some(p) = x.person
            {
                persons.insert(p);
                all_persons.insert(p);
            }
        }
        ids.sort();
        let last = last_access.get(&o).copied().unwrap_or(i64::MAX);
        let after: Vec<_> = recs.iter().filter(|x| x.created_ms > last).collect();
        let matching = after
            .iter()
            .filter(|x| match o {
                Obj::Account => true,
                Obj::Contact => x.created_ms < plan.cutoff.ms(),
                Obj::Case => x.get("Origin") == "Web",
                Obj::Lead => OPEN_LEAD.contains(&x.get("Status")),
            })
            .count() as u64;
        created_after_map.insert(o.name().to_string(), after.len() as u64);
        total += ids.len() as u64;
        objects.push(TheftObject {
            object: o.name().into(),
            evidence: strengths
                .get(&o)
                .map(|s| s.iter().map(|x| x.as_str().to_string()).collect())
                .unwrap_or_default(),
            records: ids.len() as u64,
            // The bulk job's count equals the object's count at that time: every record.
            exact: true,
            persons: persons.len() as u64,
            fields: fields.into_iter().collect(),
            created_after: after.len() as u64,
            created_after_matching: matching,
            ids,
        });
    }
    objects.sort_by(|a, b| a.object.cmp(&b.object));

    Objects {
        objects,
        created_after: created_after_map,
        persons: all_persons.len() as u64,
        records: total,
    }
}

/// Every planted secret, taken or not and why, and the taken ones by kind.
fn secrets(
    w: &World,
    taken: &BTreeMap<Obj, BTreeMap<usize, BTreeSet<String>>>,
) -> (Vec<TheftSecret>, BTreeMap<String, u64>) {
    // Secrets: taken when the record left with that field.
    let mut secrets = Vec::new();
    let mut by_kind: BTreeMap<String, u64> = BTreeMap::new();
    for s in &w.secrets {
        let Some(x) = w.of(s.obj).get(s.rec) else {
            continue;
        };
        let fields = taken.get(&s.obj).and_then(|m| m.get(&s.rec));
        let (is_taken, why) = match fields {
            Some(f) if f.contains(s.field) => (true, "the record left with this field"),
            Some(_) => (
                false,
                "the record left, but the query did not select this field",
            ),
            None if x.late => (false, "the record was created after the actor's access"),
            None => (false, "the record was not read by the actor"),
        };
        if is_taken {
            *by_kind.entry(s.kind.to_string()).or_default() += 1;
        }
        secrets.push(TheftSecret {
            kind: s.kind.into(),
            object: s.obj.name().into(),
            record_id: text(&to18(&x.id)),
            field: s.field.into(),
            taken: is_taken,
            why: why.into(),
        });
    }
    secrets.sort_by(|a, b| (&a.object, &a.record_id).cmp(&(&b.object, &b.record_id)));

    (secrets, by_kind)
}

/// The actor's addresses (how each was reached) and sessions.
fn actor(story: &Story) -> (Vec<TheftIp>, Vec<TheftSession>) {
    // The actor's addresses and sessions.
    let mut ips = Vec::new();
    let mut sessions = Vec::new();
    for (s, login_ms, used) in &story.sessions {
        for ip in used {
            if ips.iter().any(|x: &TheftIp| &x.ip == ip) {
                continue;
            }
            let in_ioc = story.ioc_ips.contains(ip);
            ips.push(TheftIp {
                ip: ip.clone(),
                country: country(ip).unwrap_or("").into(),
                in_ioc,
                reached_by: if in_ioc { "indicator" } else { "session" }.into(),
                via_login_key: (!in_ioc).then(|| s.login_key.clone()),
            });
        }
        sessions.push(TheftSession {
            login_key: s.login_key.clone(),
            session_key: s.session_key.clone(),
            login_time: iso(*login_ms),
            login_ip: s.ip.clone(),
            ips: used.iter().cloned().collect(),
            user_agent: s.ua.into(),
        });
    }
    ips.sort_by(|a, b| a.ip.cmp(&b.ip));
    (ips, sessions)
}

pub(crate) fn build(
    opts: &Options,
    plan: &TPlan,
    w: &World,
    story: &Story,
    logs: &LogStats,
) -> TheftTruth {
    let t = taken(story);
    let o = objects(plan, w, &t);
    let (secrets, by_kind) = secrets(w, &t.taken);
    let secrets_taken = secrets.iter().filter(|s| s.taken).count() as u64;
    let secrets_not_taken = secrets.len() as u64 - secrets_taken;
    let (ips, sessions) = actor(story);
    let first = story.sessions.first();
    let first_login = TheftLogin {
        time: iso(story.first_ms),
        ip: first.map(|s| s.0.ip.clone()).unwrap_or_default(),
        login_key: first.map(|s| s.0.login_key.clone()).unwrap_or_default(),
        login_sub_type: "oauthrefreshtoken".into(),
        user_id: user18(w, INTEGRATION),
    };
    let mut agents = vec![ACTOR_UA.to_string(), ACTOR_UA_B.to_string()];
    agents.sort();
    let mut ioc: Vec<TheftIoc> = story
        .ioc_ips
        .iter()
        .map(|ip| TheftIoc {
            kind: "ip".into(),
            value: ip.clone(),
            source: "vendor advisory (synthetic)".into(),
        })
        .collect();
    ioc.push(TheftIoc {
        kind: "user_agent".into(),
        value: story.ioc_agent.into(),
        source: "vendor advisory (synthetic)".into(),
    });
    let total_days: BTreeSet<String> = logs
        .elf_files
        .iter()
        .filter(|f| f.ends_with("/ApiTotalUsage.csv"))
        .filter_map(|f| f.split('/').next().map(str::to_string))
        .collect();
    TheftTruth {
        schema: SCHEMA.into(),
        scenario: "token-theft".into(),
        seed: opts.seed,
        scale: opts.scale,
        encoding: opts.encoding.as_str().into(),
        org_id: text(&to18(&w.org)),
        home_country: "JP".into(),
        connected_app: APP.0.into(),
        connected_app_id: APP.1.into(),
        integration_user_id: user18(w, INTEGRATION),
        integration_username: w
            .users
            .get(INTEGRATION)
            .map(|u| u.username.clone())
            .unwrap_or_default(),
        integration_profile: PROFILES.get(1).map(|p| p.0).unwrap_or("").into(),
        integration_permission_sets: vec![PERMSET.0.into()],
        integration_view_all_data: true,
        ioc,
        actor: TheftActor {
            users: vec![user18(w, INTEGRATION)],
            ips,
            user_agents: agents,
            connected_apps: vec![format!("{} ({})", APP.0, APP.1)],
            sessions,
        },
        window: TheftWindow {
            start: iso(story.first_ms),
            end: iso(story.last_ms),
            first_login,
        },
        objects: o.objects,
        records_taken: o.records,
        persons_taken: o.persons,
        person_keys: "email (trimmed, lower-case); name without spaces + phone in E.164 (national numbers read in JP); records sharing any key are one person; Account is not about persons".into(),
        queries: t.queries,
        secrets,
        secrets_taken,
        secrets_taken_by_kind: by_kind,
        deleted_jobs: vec![job(&story.job, w)],
        not_counted: TheftNotCounted {
            vendor_sync: TheftVendor {
                ips: story.vendor_ips.clone(),
                user_agent: VENDOR_UA.into(),
                logins: story.vendor_logins,
                api_events: story.vendor_events,
                records_named: story.vendor_records.len() as u64,
            },
            admin_export: job(&story.admin_job, w),
            created_after: o.created_after,
            count_queries: story
                .accesses
                .iter()
                .filter(|a| a.request.starts_with("SELECT COUNT()"))
                .count() as u64,
            secrets_not_taken,
        },
        export_records: Obj::ALL
            .iter()
            .map(|o| (o.name().to_string(), w.of(*o).len() as u64))
            .collect(),
        export_date: plan.export_day.iso(),
        log_first_day: plan.log_first.iso(),
        log_last_day: plan.log_last().iso(),
        api_total_usage_days: total_days.into_iter().collect(),
        log_files: logs.elf_files.clone(),
        log_rows: logs.rows,
    }
}
