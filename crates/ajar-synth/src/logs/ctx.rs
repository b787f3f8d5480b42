//! One day's context: its random stream, address pools and the helpers every event type uses.

use super::sink::Sink;
use super::{LogStats, TYPES, types, vf, web};
use crate::SynthError;
use crate::csvw::Row;
use crate::geoip;
use crate::ids::to18;
use crate::plan::{DAY_MS, Day, Plan};
use crate::rng::{Rng, stream};
use crate::world::{FIRST_STAFF, STAFF, World};
use rand::Rng as _;
use std::path::Path;

/// User agents: outside parties (0–3), applicants' phones (4–6), staff (7).
pub(crate) const AGENTS: &[&str] = &[
    "python-requests/2.24.0",
    "curl/7.68.0",
    "Go-http-client/1.1",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.111 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 14_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 10; SO-01M) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.185 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.198 Safari/537.36 Edg/86.0.622.69",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.198 Safari/537.36",
];

/// Base rows per day and type at `--scale 1` of the seed scenario (about 100 MB in 30 days).
pub(crate) const BASE_ROWS: &[u64] = &[3_000, 1_100, 1_700, 1_300, 0, 1_100, 120];

pub(crate) struct Ctx<'a> {
    pub(crate) plan: &'a Plan,
    pub(crate) world: &'a World,
    pub(crate) day: Day,
    pub(crate) r: Rng,
    pub(crate) org: [u8; 15],
    pub(crate) org18: [u8; 18],
    /// Applicants' addresses in Japan.
    pub(crate) jp: Vec<String>,
    /// Crawlers and scanners abroad (no record IDs in their requests).
    pub(crate) abroad: Vec<String>,
    /// Per staff user: office address and session/login keys.
    pub(crate) staff_ip: Vec<String>,
    pub(crate) staff_keys: Vec<([u8; 16], [u8; 16])>,
    /// Staff member travelling abroad this month, and their address.
    pub(crate) traveller_ip: String,
}

const KEY: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

impl<'a> Ctx<'a> {
    fn new(plan: &'a Plan, world: &'a World, index: usize, day: Day) -> Self {
        let mut r = stream(plan.seed, "logday", index as u64);
        let jp_ranges = geoip::ranges_of("JP");
        let jp = (0..256)
            .map(|_| {
                let k = jp_ranges
                    .get(r.random_range(0..jp_ranges.len()))
                    .copied()
                    .unwrap_or(0);
                geoip::pick(k, r.random::<u64>().into()).0
            })
            .collect();
        let foreign: Vec<usize> = (0..geoip::RANGES.len())
            .filter(|i| !jp_ranges.contains(i))
            .collect();
        let abroad = (0..16)
            .map(|_| {
                let k = foreign
                    .get(r.random_range(0..foreign.len()))
                    .copied()
                    .unwrap_or(0);
                geoip::pick(k, r.random::<u64>().into()).0
            })
            .collect();
        let staff_ip = (0..world.users.len())
            .map(|u| format!("{}{}.{}", geoip::OFFICE, 10 + u / 200, 20 + u % 200))
            .collect();
        let mut staff_keys = Vec::new();
        for _ in 0..world.users.len() {
            let mut a = [0u8; 16];
            let mut b = [0u8; 16];
            for c in a.iter_mut().chain(b.iter_mut()) {
                *c = KEY.get(r.random_range(0..64usize)).copied().unwrap_or(b'A');
            }
            staff_keys.push((a, b));
        }
        let sg = geoip::ranges_of("SG");
        let traveller_ip = geoip::pick(sg.first().copied().unwrap_or(0), 77).0;
        Self {
            plan,
            world,
            day,
            r,
            org: world.org,
            org18: to18(&world.org),
            jp,
            abroad,
            staff_ip,
            staff_keys,
            traveller_ip,
        }
    }

    /// Noise rows of event type `t` today.
    pub(crate) fn rows(&self, t: usize) -> u64 {
        let base = BASE_ROWS.get(t).copied().unwrap_or(0) as f64;
        (base * self.plan.noise).round() as u64
    }

    /// The time of noise row `i` of `n`: evenly spread with jitter, so rows stay sorted.
    pub(crate) fn at(&mut self, i: u64, n: u64) -> i64 {
        let step = DAY_MS / n.max(1) as i64;
        self.day.ms() + i as i64 * step + self.r.random_range(0..step.max(1))
    }

    /// A `REQUEST_ID` like `4nQb3xXoKc7l2WjRzQ0oU-`.
    pub(crate) fn request_id(&mut self) -> [u8; 22] {
        let mut id = [b'0'; 22];
        for c in &mut id {
            *c = B62
                .get(self.r.random_range(0..62usize))
                .copied()
                .unwrap_or(b'0');
        }
        if let Some(c) = id.get_mut(21) {
            *c = b'-';
        }
        id
    }

    /// `TIMESTAMP_DERIVED`: a few ms after `TIMESTAMP`, empty about once in a hundred rows.
    pub(crate) fn derived(&mut self, ms: i64) -> Option<i64> {
        if self.r.random_range(0..100) == 0 {
            None
        } else {
            Some(ms + self.r.random_range(0..40))
        }
    }

    /// A random staff member.
    pub(crate) fn staff(&mut self) -> usize {
        FIRST_STAFF + self.r.random_range(0..STAFF)
    }

    /// A random application existing at `ms`, if any.
    pub(crate) fn app_at(&mut self, ms: i64) -> Option<[u8; 15]> {
        let n = self.world.created_before(ms);
        if n == 0 {
            return None;
        }
        self.world.app_id(self.r.random_range(0..n))
    }

    /// `USER_ID`, `USER_ID_DERIVED` for user `u`.
    pub(crate) fn user_ids(&self, u: usize) -> ([u8; 15], [u8; 18]) {
        let id = self.world.users.get(u).map(|x| x.id).unwrap_or([b'0'; 15]);
        (id, to18(&id))
    }
}

/// Writes the common leading columns `EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID`.
pub(crate) fn lead(row: &mut Row<'_>, event: &str, ms: i64, req: &[u8], org: &[u8], user: &[u8]) {
    row.s(event).ts(ms).b(req).b(org).b(user);
}

pub(crate) fn write_day(
    plan: &Plan,
    world: &World,
    index: usize,
    day: Day,
    dir: &Path,
) -> Result<LogStats, SynthError> {
    let mut cx = Ctx::new(plan, world, index, day);
    // About one day in four is delivered compressed (formats.md §2.1: "maybe gzipped").
    let gz = stream(plan.seed, "gz", index as u64).random_range(0..4) == 0 || index == 28;
    let ddir = dir.join(day.iso());
    fs_err::create_dir_all(&ddir)?;
    let ext = if gz { "csv.gz" } else { "csv" };
    let mut sinks = Vec::with_capacity(TYPES.len());
    for t in TYPES {
        sinks.push(Sink::create(&ddir.join(format!("{t}.{ext}")), gz)?);
    }
    let plants = world.plants.get(index).map(Vec::as_slice).unwrap_or(&[]);
    let mut rows = 0;
    let mut it = sinks.iter_mut();
    let (Some(uri), Some(rest), Some(aura), Some(vfs), Some(apex), Some(api), Some(login)) = (
        it.next(),
        it.next(),
        it.next(),
        it.next(),
        it.next(),
        it.next(),
        it.next(),
    ) else {
        return Ok(LogStats::default());
    };
    rows += web::uri(&mut cx, uri, plants)?;
    rows += web::rest(&mut cx, rest, plants)?;
    rows += types::aura(&mut cx, aura)?;
    rows += vf::vf_apex(&mut cx, vfs, apex, plants)?;
    rows += types::api(&mut cx, api)?;
    rows += types::login(&mut cx, login)?;
    let mut st = LogStats {
        gz_files: if gz { TYPES.len() as u64 } else { 0 },
        rows,
        ..LogStats::default()
    };
    for s in sinks {
        let raw = s.raw;
        st.bytes += s.finish()?;
        st.uncompressed += raw;
        st.files += 1;
    }
    Ok(st)
}
