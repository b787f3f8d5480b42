//! The org's data: users, applications and the planted guest reads, built once per run.
//!
//! Applications are created between 00:00 and 14:59 UTC (09:00–23:59 JST), so that the UTC date
//! in the export and the Japanese date of the window agree: no application sits on a date
//! boundary that could count differently in either zone.

mod era;
pub(crate) mod plant;

use crate::ids::id15;
use crate::people::{Person, email, emoney};
use crate::plan::{DAY_MS, Day, KEY_PREFIX, Plan};
use crate::rng::{Rng, stream};
use rand::Rng as _;

/// Why an application is in the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// Web, not test, created inside the window: the guest could read it.
    Exposed,
    /// Another channel: outside the rule's criteria.
    ChannelDecoy,
    /// Web but marked `Test` by staff: outside the criteria.
    TestDecoy,
    /// Web, created after the fix.
    LateDecoy,
    /// Web, filed through the form by the guest after the default owner came into force and
    /// before the fix: owned by the default owner, so the guest could not read it.
    DefaultOwned,
}

#[derive(Debug, Clone)]
pub(crate) struct App {
    pub(crate) id: [u8; 15],
    pub(crate) created_ms: i64,
    pub(crate) kind: Kind,
    pub(crate) name: String,
    pub(crate) phone: String,
    /// Normalised person key: name without spaces + phone digits.
    pub(crate) person_key: String,
    pub(crate) emoney: String,
    pub(crate) email: Option<String>,
    pub(crate) birth_day: i64,
    pub(crate) device: &'static str,
    pub(crate) channel: &'static str,
    pub(crate) status: &'static str,
    pub(crate) memo: &'static str,
    /// `OwnerId`: the site's guest user for what a visitor filed before the default owner
    /// (formats.md §1.10), the default owner after it, the creating staff member's team
    /// otherwise.
    pub(crate) owner: usize,
    pub(crate) created_by: usize,
    /// The staff member who last handled it (`LastModifiedById`).
    pub(crate) handler: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct User {
    pub(crate) id: [u8; 15],
    pub(crate) username: String,
    pub(crate) first: String,
    pub(crate) last: String,
    pub(crate) user_type: &'static str,
    pub(crate) profile: usize,
    pub(crate) created_ms: i64,
}

/// User indices.
pub(crate) const GUEST: usize = 0;
pub(crate) const ADMIN: usize = 1;
pub(crate) const INTEGRATION: usize = 2;
pub(crate) const FIRST_STAFF: usize = 3;
/// The default owner of records guests create once it is in force: the site administrator.
pub(crate) const DEFAULT_OWNER: usize = ADMIN;
pub(crate) const STAFF: usize = 12;

/// Profiles: (name, 15-char id, licence).
pub(crate) const PROFILES: &[(&str, &str, &str)] = &[
    (
        "Emoney Rescue Profile",
        "00e7F0000001AbC",
        "Guest User License",
    ),
    ("System Administrator", "00e7F0000000AAA", "Salesforce"),
    ("Application Operations", "00e7F0000001XyZ", "Salesforce"),
];

/// How a planted read reached the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    /// `VisualforceRequest` `/apex/ApplicationStatus` with `QUERY` `?id=`.
    Vf,
    /// `RestApi` `/services/data/v49.0/sobjects/<Object>/<id>`.
    Rest,
    /// `URI` `/<id>`.
    Uri,
    /// `VisualforceRequest` POST of `/apex/ApplicationForm` (creates, reads nothing).
    FormPost,
}

/// One planted guest request.
#[derive(Debug, Clone)]
pub(crate) struct Plant {
    pub(crate) ms: i64,
    pub(crate) via: Via,
    /// The record's 15-char ID (may name no record, for probes).
    pub(crate) id: [u8; 15],
    /// Written as 15 characters (else 18).
    pub(crate) short: bool,
    pub(crate) ip: String,
    /// `S`, `A` (authorization error) or `N` (not found), ELF `REQUEST_STATUS`.
    pub(crate) status: u8,
    pub(crate) agent: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Attacker {
    pub(crate) ip: String,
    pub(crate) country: &'static str,
}

pub(crate) struct World {
    pub(crate) org: [u8; 15],
    pub(crate) users: Vec<User>,
    /// Sorted by creation.
    pub(crate) apps: Vec<App>,
    /// Planted requests per log day (index 0 = first log day), sorted by time.
    pub(crate) plants: Vec<Vec<Plant>>,
    /// Confirmed-abroad application IDs (15-char).
    pub(crate) confirmed: Vec<[u8; 15]>,
    pub(crate) attackers: Vec<Attacker>,
    /// Guest reads of their own new application from Japan (form then status page).
    pub(crate) jp_own_reads: u64,
    /// Failed guest requests from abroad, by status.
    pub(crate) failed_abroad: u64,
    /// Successful guest reads from abroad (repeats included).
    pub(crate) abroad_reads: u64,
    /// With `--records`: the applications, drawn day by day when needed (`apps` is then empty).
    pub(crate) bulk: Option<crate::bulk::Bulk>,
}

pub(crate) const DEVICES: &[&str] = &["iPhone", "Android", "Feature phone", "Tablet"];
pub(crate) const STATUSES: &[&str] = &["Received", "Processing", "Completed", "Rejected"];
pub(crate) const MEMOS: &[&str] = &[
    "",
    "",
    "",
    "Called back",
    "ID verified",
    "Balance confirmed",
    "Escalated",
];

impl World {
    pub(crate) fn build(plan: &Plan) -> Self {
        let mut w = Self::unplanted(plan, apps(plan));
        plant::plant(plan, &mut w);
        for day in &mut w.plants {
            day.sort_by_key(|p| p.ms);
        }
        w
    }

    /// The org, its users and `apps`, before any read is planted.
    fn unplanted(plan: &Plan, apps: Vec<App>) -> Self {
        Self {
            org: id15("00D", 48_000 + plan.seed % 1_000),
            users: users(plan),
            apps,
            plants: vec![Vec::new(); 30],
            confirmed: Vec::new(),
            attackers: Vec::new(),
            jp_own_reads: 0,
            failed_abroad: 0,
            abroad_reads: 0,
            bulk: None,
        }
    }

    /// The world of `--records N`: the applications are not held, only their layout by day.
    pub(crate) fn build_bulk(plan: &Plan, records: u64) -> Self {
        let bulk = crate::bulk::Bulk::new(plan, records);
        let mut w = Self::unplanted(plan, Vec::new());
        let filed = bulk.filed(plan);
        plant::plant_from(plan, &mut w, &mut bulk.source(plan), filed);
        for day in &mut w.plants {
            day.sort_by_key(|p| p.ms);
        }
        w.bulk = Some(bulk);
        w
    }

    /// Applications created before `ms` (they are sorted by creation); with `--records`, those
    /// created before the day of `ms`.
    pub(crate) fn created_before(&self, ms: i64) -> usize {
        match &self.bulk {
            Some(b) => b.created_before(ms),
            None => self.apps.partition_point(|a| a.created_ms < ms),
        }
    }

    /// The ID of the `i`-th application in creation order.
    pub(crate) fn app_id(&self, i: usize) -> Option<[u8; 15]> {
        match &self.bulk {
            Some(b) => Some(b.id(i as u64)),
            None => self.apps.get(i).map(|a| a.id),
        }
    }
}

fn users(plan: &Plan) -> Vec<User> {
    let mut r = stream(plan.seed, "users", 0);
    let base = plan.history_start.ms() + 3_600_000;
    let mut out = vec![
        User {
            id: id15("005", 9_000),
            username: String::from("emoney_rescue@emoney-rescue.force.com"),
            first: String::new(),
            last: String::from("Emoney Rescue Site Guest User"),
            user_type: "Guest",
            profile: 0,
            created_ms: plan.window_start.ms() - 20 * DAY_MS,
        },
        User {
            id: id15("005", 8_000),
            username: String::from("admin@emoney-rescue.example.jp"),
            first: String::from("Admin"),
            last: String::from("Org"),
            user_type: "Standard",
            profile: 1,
            created_ms: base,
        },
        User {
            id: id15("005", 8_001),
            username: String::from("integration@emoney-rescue.example.jp"),
            first: String::from("Integration"),
            last: String::from("User"),
            user_type: "Standard",
            profile: 1,
            created_ms: base + 600_000,
        },
    ];
    for i in 0..STAFF {
        let p = Person::random(&mut r);
        out.push(User {
            id: id15("005", 8_010 + i as u64 * 7),
            username: format!("ops{:02}@emoney-rescue.example.jp", i + 1),
            first: p.given.to_string(),
            last: p.family.to_string(),
            user_type: "Standard",
            profile: 2,
            created_ms: base + (i as i64 + 2) * DAY_MS,
        });
    }
    out
}

/// A creation time on a random day of `[from, to]`, 00:00–14:59 UTC, inside `[lo, hi)`.
fn when(r: &mut Rng, from: Day, to: Day, lo: i64, hi: i64) -> i64 {
    loop {
        let d = from.plus(r.random_range(0..=(to.0 - from.0).max(0)));
        // CreatedDate has whole seconds.
        let t = d.ms() + r.random_range(0..15 * 3_600) * 1_000;
        if t >= lo && t < hi {
            return t;
        }
    }
}

fn apps(plan: &Plan) -> Vec<App> {
    let mut r = stream(plan.seed, "apps", 0);
    let mut slots: Vec<(i64, Kind)> = Vec::new();
    let open = plan.opened_ms + 60_000;
    for _ in 0..plan.exposed {
        slots.push((
            when(&mut r, plan.window_start, plan.closure, open, plan.fix_ms),
            Kind::Exposed,
        ));
    }
    for _ in 0..plan.test_decoys {
        slots.push((
            when(&mut r, plan.window_start, plan.closure, open, plan.fix_ms),
            Kind::TestDecoy,
        ));
    }
    let first = plan.history_start.plus(20);
    let end = plan.export_day.ms();
    for _ in 0..plan.channel_decoys {
        slots.push((
            when(&mut r, first, plan.export_day.plus(-1), 0, end),
            Kind::ChannelDecoy,
        ));
    }
    let late = plan.closure.plus(1);
    for _ in 0..plan.late_decoys {
        slots.push((
            when(&mut r, late, plan.export_day.plus(-1), late.ms(), end),
            Kind::LateDecoy,
        ));
    }
    slots.sort_unstable();
    let mut counter = 400_000 + plan.seed % 5_000 * 1_000;
    let mut people: Vec<(Person, usize)> = Vec::new();
    let mut out = Vec::with_capacity(slots.len());
    for (n, (ms, kind)) in slots.into_iter().enumerate() {
        counter += r.random_range(1..4);
        let repeat = kind == Kind::Exposed
            && !people.is_empty()
            && r.random_range(0..1000) < plan.repeat_permille;
        let (person, times) = if repeat {
            let k = r.random_range(0..people.len());
            let p = people.get_mut(k).map(|(p, t)| {
                *t += 1;
                (p.clone(), *t)
            });
            p.unwrap_or_else(|| (Person::random(&mut r), 1))
        } else {
            let p = Person::random(&mut r);
            if kind == Kind::Exposed {
                people.push((p.clone(), 1));
            }
            (p, 1)
        };
        // A repeat applicant may type the name or number differently; the person key is
        // normalised (spaces and hyphens removed) so that both spellings meet.
        let fw = times > 1 && r.random_bool(0.3);
        let hy = !(times > 1 && r.random_bool(0.3));
        let name = person.name(fw);
        let phone = person.phone(hy);
        let person_key = format!("{}{}|{}", person.family, person.given, person.phone(false));
        let (channel, status, created_by) = match kind {
            Kind::Exposed | Kind::LateDecoy | Kind::DefaultOwned => {
                ("Web", pick(&mut r, STATUSES), GUEST)
            }
            Kind::TestDecoy => ("Web", "Test", FIRST_STAFF + r.random_range(0..STAFF)),
            Kind::ChannelDecoy => (
                if r.random_bool(0.6) { "Store" } else { "Phone" },
                pick(&mut r, STATUSES),
                FIRST_STAFF + r.random_range(0..STAFF),
            ),
        };
        let email = if channel != "Web" && r.random_bool(0.5) {
            Some(email(&mut r, n as u64))
        } else {
            None
        };
        out.push(App {
            id: id15(KEY_PREFIX, counter),
            created_ms: ms,
            kind,
            name,
            phone,
            person_key,
            emoney: emoney(&mut r),
            email,
            birth_day: person.birth_day,
            device: pick(&mut r, DEVICES),
            channel,
            status,
            memo: pick(&mut r, MEMOS),
            owner: 0,
            created_by,
            handler: FIRST_STAFF + r.random_range(0..STAFF),
        });
    }
    era::apply(plan, &mut out, counter);
    out
}

pub(crate) fn pick(r: &mut Rng, list: &[&'static str]) -> &'static str {
    list.get(r.random_range(0..list.len()))
        .copied()
        .unwrap_or("")
}
