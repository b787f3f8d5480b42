//! The planted guest requests: reads from abroad (the confirmed set), failed attempts, and
//! applicants in Japan filing the form and, while the guest user owns what it files, reading
//! their own new application.

use super::{Attacker, Kind, Plant, Via, World};
use crate::geoip;
use crate::ids::id15;
use crate::plan::{Day, KEY_PREFIX, Plan};
use crate::rng::{Rng, stream};
use rand::Rng as _;
use rand::seq::SliceRandom as _;

/// Foreign countries the outside parties come from, with their range indices.
const ABROAD: &[&str] = &["US", "CN", "SG", "DE", "BR", "VN", "GB", "SE"];

/// The records the planted requests name: the exposed applications that existed before the logs
/// begin (the pool the confirmed set is drawn from) and the other applications of that time.
pub(crate) trait Source {
    /// Draws the confirmed set (`k` distinct exposed IDs from the pool, in reading order).
    fn choose(&mut self, r: &mut Rng, k: usize) -> Vec<[u8; 15]>;
    /// Exposed applications before the logs.
    fn pool_len(&self) -> usize;
    /// The `i`-th of them (after [`Source::choose`]'s draw).
    fn pool_id(&self, i: usize) -> [u8; 15];
    /// Applications before the logs that were never exposed.
    fn decoys_len(&self) -> usize;
    /// The `i`-th of them.
    fn decoy_id(&self, i: usize) -> [u8; 15];
}

/// The applications held in memory (the default, `World::apps`).
struct InMemory {
    pool: Vec<[u8; 15]>,
    decoys: Vec<[u8; 15]>,
}

impl Source for InMemory {
    fn choose(&mut self, r: &mut Rng, k: usize) -> Vec<[u8; 15]> {
        self.pool.shuffle(r);
        self.pool.iter().copied().take(k).collect()
    }
    fn pool_len(&self) -> usize {
        self.pool.len()
    }
    fn pool_id(&self, i: usize) -> [u8; 15] {
        self.pool.get(i).copied().unwrap_or_default()
    }
    fn decoys_len(&self) -> usize {
        self.decoys.len()
    }
    fn decoy_id(&self, i: usize) -> [u8; 15] {
        self.decoys.get(i).copied().unwrap_or_default()
    }
}

pub(super) fn plant(plan: &Plan, w: &mut World) {
    let before = w.created_before(plan.log_first().ms());
    let ids = |exposed: bool| -> Vec<[u8; 15]> {
        w.apps
            .iter()
            .take(before)
            .filter(|a| (a.kind == Kind::Exposed) == exposed)
            .map(|a| a.id)
            .collect()
    };
    let mut src = InMemory {
        pool: ids(true),
        decoys: ids(false),
    };
    let read_lo = plan.log_first().ms();
    let lo = w.created_before(read_lo);
    let hi = w.created_before(plan.fix_ms);
    let filed: Vec<([u8; 15], i64, bool)> = w
        .apps
        .get(lo..hi)
        .unwrap_or(&[])
        .iter()
        .filter(|a| a.kind == Kind::Exposed || a.kind == Kind::DefaultOwned)
        .map(|a| (a.id, a.created_ms, a.kind == Kind::Exposed))
        .collect();
    plant_from(plan, w, &mut src, filed);
}

/// Plants every request: `filed` holds the applications a visitor filed through the form from
/// the first log day to the fix, in creation order (ID, `CreatedDate`, guest-owned).
pub(crate) fn plant_from(
    plan: &Plan,
    w: &mut World,
    src: &mut dyn Source,
    filed: impl IntoIterator<Item = ([u8; 15], i64, bool)>,
) {
    let mut r = stream(plan.seed, "plant", 0);
    let first = plan.log_first();
    let day_of = |ms: i64| usize::try_from(Day::of_ms(ms).0 - first.0).unwrap_or(0);
    // Outside parties: 4–9 addresses over at least four countries, IPv4 and IPv6.
    let n_att = r.random_range(4..10usize);
    let mut countries: Vec<&str> = ABROAD.to_vec();
    countries.shuffle(&mut r);
    // The second address is IPv6: put a country with an IPv6 range there.
    let v6 = if r.random_bool(0.5) { "US" } else { "DE" };
    if let Some(pos) = countries.iter().position(|c| *c == v6) {
        countries.swap(1, pos);
    }
    for i in 0..n_att {
        let c = countries.get(i % 5).copied().unwrap_or("US");
        let ranges = geoip::ranges_of(c);
        // Every other address is IPv6 where the country has a v6 range.
        let want_v6 = i % 2 == 1;
        let idx = ranges
            .iter()
            .copied()
            .find(|&k| {
                geoip::RANGES
                    .get(k)
                    .is_some_and(|x| x.0.contains(':') == want_v6)
            })
            .or_else(|| ranges.first().copied())
            .unwrap_or(0);
        let (ip, country) = geoip::pick(idx, r.random::<u64>().into());
        w.attackers.push(Attacker { ip, country });
    }
    // The confirmed set: exposed applications that existed before the logs begin.
    let chosen = src.choose(&mut r, plan.confirmed as usize);
    let read_lo = first.ms();
    for (k, &id) in chosen.iter().enumerate() {
        w.confirmed.push(id);
        // The first record is read twice from two addresses; others 1–4 times.
        let reads = if k == 0 {
            2
        } else {
            [1, 1, 1, 1, 1, 1, 2, 2, 3, 4]
                .get(r.random_range(0..10usize))
                .copied()
                .unwrap_or(1)
        };
        // The first records go round the addresses, so that every address and at least four
        // countries (IPv4 and IPv6) read something.
        let main = if k < w.attackers.len() {
            k
        } else {
            r.random_range(0..w.attackers.len())
        };
        for j in 0..reads {
            // The first read comes from the record's main address; later ones may not.
            let a = if (k == 0 && j == 1) || (j > 0 && r.random_bool(0.3)) {
                (main + 1 + r.random_range(0..w.attackers.len() - 1)) % w.attackers.len()
            } else {
                main
            };
            let via = [Via::Vf, Via::Vf, Via::Rest, Via::Rest, Via::Uri]
                .get(r.random_range(0..5usize))
                .copied()
                .unwrap_or(Via::Vf);
            let ms = r.random_range(read_lo..plan.fix_ms);
            let short = match via {
                Via::Uri => true,
                Via::Vf => r.random_bool(0.5),
                _ => r.random_bool(0.1),
            };
            let ip = w.attackers.get(a).map(|x| x.ip.clone()).unwrap_or_default();
            push(
                w,
                day_of(ms),
                Plant {
                    ms,
                    via,
                    id,
                    short,
                    ip,
                    status: b'S',
                    agent: r.random_range(0..4),
                },
            );
            w.abroad_reads += 1;
        }
    }
    // Failed attempts from abroad: other channels (sharing denies), made-up IDs, and any
    // application after the fix. None of them may count.
    let failures = plan.confirmed as usize / 2 + 6;
    for n in 0..failures {
        let (id, status, ms) = match n % 3 {
            0 if src.decoys_len() > 0 => {
                let id = src.decoy_id(r.random_range(0..src.decoys_len()));
                (id, b'A', r.random_range(read_lo..plan.fix_ms))
            }
            1 => (
                id15(KEY_PREFIX, 61_u64.pow(9) - r.random_range(0..1_000_000)),
                b'N',
                r.random_range(read_lo..plan.fix_ms),
            ),
            _ => {
                let id = if n % 2 == 0 {
                    chosen
                        .get(r.random_range(0..chosen.len().max(1)))
                        .copied()
                        .unwrap_or_default()
                } else {
                    src.pool_id(r.random_range(0..src.pool_len().max(1)))
                };
                let end = plan.closure.plus(1).ms();
                (id, b'A', r.random_range(plan.fix_ms + 60_000..end))
            }
        };
        let via = [Via::Vf, Via::Rest, Via::Uri]
            .get(r.random_range(0..3usize))
            .copied()
            .unwrap_or(Via::Vf);
        let ip = w
            .attackers
            .get(r.random_range(0..w.attackers.len()))
            .map(|x| x.ip.clone())
            .unwrap_or_default();
        push(
            w,
            day_of(ms),
            Plant {
                ms,
                via,
                id,
                short: r.random_bool(0.3),
                ip,
                status,
                agent: r.random_range(0..4),
            },
        );
        w.failed_abroad += 1;
    }
    forms(plan, w, &mut r, filed);
}

/// Applicants filing the web form from Japan, then reading their own new record.
fn forms(
    plan: &Plan,
    w: &mut World,
    r: &mut Rng,
    filed: impl IntoIterator<Item = ([u8; 15], i64, bool)>,
) {
    let first = plan.log_first();
    let day_of = |ms: i64| usize::try_from(Day::of_ms(ms).0 - first.0).unwrap_or(0);
    let read_lo = first.ms();
    let jp = geoip::ranges_of("JP");
    // After the default owner, the form still files applications, but the guest cannot read
    // them back: the status page shows nothing, so only the submission is planted.
    for (id, ms, owned) in filed {
        let range = jp.get(r.random_range(0..jp.len())).copied().unwrap_or(0);
        let (ip, _) = geoip::pick(range, r.random::<u64>().into());
        let agent = 4 + r.random_range(0..3);
        let post = Plant {
            ms: ms - r.random_range(200..900),
            via: Via::FormPost,
            id,
            short: false,
            ip: ip.clone(),
            status: b'S',
            agent,
        };
        if post.ms < read_lo {
            continue;
        }
        push(w, day_of(post.ms), post);
        let read = ms + r.random_range(800..4_000);
        if read < plan.fix_ms && owned {
            push(
                w,
                day_of(read),
                Plant {
                    ms: read,
                    via: Via::Vf,
                    id,
                    short: false,
                    ip,
                    status: b'S',
                    agent,
                },
            );
            w.jp_own_reads += 1;
        }
    }
}

fn push(w: &mut World, day: usize, p: Plant) {
    if let Some(v) = w.plants.get_mut(day) {
        v.push(p);
    }
}
