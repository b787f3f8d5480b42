//! `synth --records N`: the applications object with N rows, generated day by day and never held
//! whole (memory flat in N), for benchmarks of large exports (issue #19).
//!
//! The scenario's counts (exposed, the decoys of each kind, the applications filed after the
//! default owner) are scaled to sum to N, the exposed count taking the rounding. Each kind's
//! applications are spread evenly over the days its story allows (the same days and hours as
//! without `--records`), and each day is drawn from its own random stream, so any day can be drawn
//! again on its own: to write the export, to find the records the planted reads name, to pick an
//! application a staff member reads. IDs are a function of the position in creation order.
//!
//! Persons: the i-th new applicant is drawn from a stream of its own, with a mobile number that
//! is unique to it, so the number of distinct persons is exactly the number of new applicants;
//! an exposed application repeats an earlier applicant with the scenario's per-mille, as without
//! `--records` (and then may be typed with a full-width space or without hyphens).

use crate::SynthError;
use crate::ids::id15;
use crate::people::{Person, email, emoney};
use crate::plan::{Day, KEY_PREFIX, Plan, default_owner_day};
use crate::rng::{Rng, splitmix, stream};
use crate::world::plant::Source;
use crate::world::{
    App, DEFAULT_OWNER, DEVICES, FIRST_STAFF, GUEST, Kind, MEMOS, STAFF, STATUSES, World, pick,
};
use rand::Rng as _;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// The kinds, in the order of their counts.
const KINDS: [Kind; 5] = [
    Kind::Exposed,
    Kind::ChannelDecoy,
    Kind::TestDecoy,
    Kind::LateDecoy,
    Kind::DefaultOwned,
];

/// The smallest `--records`: enough for every kind and the confirmed set.
pub(crate) const MIN_RECORDS: u64 = 1_000;

/// Where one kind's applications are created: the days `from..=to`, and within them the instants
/// `[lo, hi)` (always 00:00–14:59 UTC, whole seconds).
#[derive(Debug, Clone, Copy)]
struct Span {
    from: Day,
    to: Day,
    lo: i64,
    hi: i64,
    total: u64,
}

impl Span {
    /// Applications of this kind on `day`: the total spread evenly over the span's days.
    fn on(&self, day: Day) -> u32 {
        if day < self.from || day > self.to {
            return 0;
        }
        let days = (self.to.0 - self.from.0 + 1) as u64;
        let j = (day.0 - self.from.0) as u64;
        let at = |k: u64| (u128::from(self.total) * u128::from(k) / u128::from(days)) as u64;
        u32::try_from(at(j + 1) - at(j)).unwrap_or(u32::MAX)
    }

    /// A creation instant on `day`, inside the span's bounds.
    fn when(&self, r: &mut Rng, day: Day) -> i64 {
        let base = day.ms();
        let lo = (self.lo.max(base) - base + 999) / 1_000;
        let hi = ((self.hi.min(base + 15 * 3_600_000) - base + 999) / 1_000).max(lo + 1);
        base + r.random_range(lo..hi) * 1_000
    }
}

/// One day of the layout.
#[derive(Debug, Clone, Copy, Default)]
struct DayInfo {
    /// Applications created before this day.
    start: u64,
    /// Exposed applications created before this day.
    exposed_before: u64,
    /// New applicants among them.
    persons_before: u64,
    /// Applications per kind on this day.
    n: [u32; 5],
}

/// The applications of `--records N`, as a layout by day.
#[derive(Debug, Clone)]
pub(crate) struct Bulk {
    seed: u64,
    first: Day,
    days: Vec<DayInfo>,
    spans: [Span; 5],
    counts: [u64; 5],
    persons: u64,
    total: u64,
    base: u64,
    repeat_permille: u32,
}

impl Bulk {
    /// Scales the plan's counts to `records` (at least [`MIN_RECORDS`]) and lays them out.
    pub(crate) fn new(plan: &Plan, records: u64) -> Self {
        let cutoff = default_owner_day();
        let open = plan.opened_ms + 60_000;
        let squeezed = plan.fix_ms > cutoff.ms() && cutoff > plan.window_start;
        let default_owned = if plan.fix_ms > cutoff.ms() {
            let span = u64::try_from(plan.fix_ms - plan.opened_ms)
                .unwrap_or(1)
                .max(1);
            let after = u64::try_from(plan.fix_ms - cutoff.ms()).unwrap_or(0);
            u64::from(plan.exposed) * after / span
        } else {
            0
        };
        let base = [
            u64::from(plan.exposed),
            u64::from(plan.channel_decoys),
            u64::from(plan.test_decoys),
            u64::from(plan.late_decoys),
            default_owned,
        ];
        let sum: u64 = base.iter().sum();
        let mut counts =
            base.map(|c| (u128::from(c) * u128::from(records) / u128::from(sum.max(1))) as u64);
        counts[0] = records - counts.iter().skip(1).sum::<u64>();
        let (exposed_to, exposed_hi) = if squeezed {
            (cutoff.plus(-1), cutoff.ms())
        } else {
            (plan.closure, plan.fix_ms)
        };
        let end = plan.export_day.ms();
        let late = plan.closure.plus(1);
        let span = |from: Day, to: Day, lo: i64, hi: i64, total: u64| Span {
            from,
            to,
            lo,
            hi,
            total,
        };
        let spans = [
            span(plan.window_start, exposed_to, open, exposed_hi, counts[0]),
            span(
                plan.history_start.plus(20),
                plan.export_day.plus(-1),
                0,
                end,
                counts[1],
            ),
            span(
                plan.window_start,
                plan.closure,
                open,
                plan.fix_ms,
                counts[2],
            ),
            span(late, plan.export_day.plus(-1), late.ms(), end, counts[3]),
            span(cutoff, plan.closure, cutoff.ms(), plan.fix_ms, counts[4]),
        ];
        let first = spans
            .iter()
            .map(|s| s.from)
            .min()
            .unwrap_or(plan.window_start);
        let last = plan.export_day.plus(-1);
        let mut days = Vec::new();
        let (mut start, mut exposed_before, mut persons) = (0u64, 0u64, 0u64);
        for d in first.0..=last.0 {
            let day = Day(d);
            let n = spans.map(|s| s.on(day));
            days.push(DayInfo {
                start,
                exposed_before,
                persons_before: persons,
                n,
            });
            let mut rr = stream(plan.seed, "bulk-repeat", d as u64);
            for _ in 0..n[0] {
                let repeat = rr.random_range(0..1000) < plan.repeat_permille;
                if !(repeat && persons > 0) {
                    persons += 1;
                }
            }
            start += n.iter().map(|&x| u64::from(x)).sum::<u64>();
            exposed_before += u64::from(n[0]);
        }
        Self {
            seed: plan.seed,
            first,
            days,
            spans,
            counts,
            persons,
            total: start,
            base: 400_000 + plan.seed % 5_000 * 1_000,
            repeat_permille: plan.repeat_permille,
        }
    }

    /// Applications in the export.
    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    /// Applications of one kind.
    pub(crate) fn count(&self, kind: Kind) -> u64 {
        KINDS
            .iter()
            .position(|k| *k == kind)
            .and_then(|i| self.counts.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// Distinct persons among the exposed applications.
    pub(crate) fn persons(&self) -> u64 {
        self.persons
    }

    /// The 15-char ID of the `i`-th application in creation order: increasing, 1–3 apart.
    pub(crate) fn id(&self, i: u64) -> [u8; 15] {
        id15(KEY_PREFIX, self.base + 3 * i + splitmix(self.seed ^ i) % 3)
    }

    /// The index of `day` in the layout, clamped.
    fn index(&self, day: Day) -> usize {
        usize::try_from(day.0 - self.first.0)
            .unwrap_or(0)
            .min(self.days.len())
    }

    /// Applications created before the day of `ms`.
    pub(crate) fn created_before(&self, ms: i64) -> usize {
        let i = self.index(Day::of_ms(ms));
        let n = self.days.get(i).map_or(self.total, |d| d.start);
        usize::try_from(n).unwrap_or(usize::MAX)
    }

    /// The applications of the layout's `i`-th day, in creation order.
    fn day(&self, i: usize) -> Vec<App> {
        let Some(info) = self.days.get(i).copied() else {
            return Vec::new();
        };
        let day = self.first.plus(i as i64);
        let mut r = stream(self.seed, "bulk-day", day.0 as u64);
        let mut slots: Vec<(i64, usize)> = Vec::new();
        for (k, (&n, span)) in info.n.iter().zip(&self.spans).enumerate() {
            for _ in 0..n {
                slots.push((span.when(&mut r, day), k));
            }
        }
        slots.sort_unstable();
        let mut rr = stream(self.seed, "bulk-repeat", day.0 as u64);
        let mut persons = info.persons_before;
        let cutoff_ms = default_owner_day().ms();
        let mut out = Vec::with_capacity(slots.len());
        for (j, (ms, k)) in slots.into_iter().enumerate() {
            let n = info.start + j as u64;
            let kind = KINDS.get(k).copied().unwrap_or(Kind::ChannelDecoy);
            let (person, repeat) = if kind == Kind::Exposed {
                let repeat = rr.random_range(0..1000) < self.repeat_permille && persons > 0;
                let p = if repeat {
                    r.random_range(0..persons)
                } else {
                    persons += 1;
                    persons - 1
                };
                (self.person(p), repeat)
            } else {
                (Person::random(&mut r), false)
            };
            let fw = repeat && r.random_bool(0.3);
            let hy = !(repeat && r.random_bool(0.3));
            let (channel, status, created_by) = match kind {
                Kind::TestDecoy => ("Web", "Test", FIRST_STAFF + r.random_range(0..STAFF)),
                Kind::ChannelDecoy => (
                    if r.random_bool(0.6) { "Store" } else { "Phone" },
                    pick(&mut r, STATUSES),
                    FIRST_STAFF + r.random_range(0..STAFF),
                ),
                _ => ("Web", pick(&mut r, STATUSES), GUEST),
            };
            let email = (channel != "Web" && r.random_bool(0.5)).then(|| email(&mut r, n));
            let handler = FIRST_STAFF + r.random_range(0..STAFF);
            out.push(App {
                id: self.id(n),
                created_ms: ms,
                kind,
                name: person.name(fw),
                phone: person.phone(hy),
                person_key: String::new(),
                emoney: emoney(&mut r),
                email,
                birth_day: person.birth_day,
                device: pick(&mut r, DEVICES),
                channel,
                status,
                memo: pick(&mut r, MEMOS),
                owner: if created_by != GUEST {
                    handler
                } else if ms < cutoff_ms {
                    GUEST
                } else {
                    DEFAULT_OWNER
                },
                created_by,
                handler,
            });
        }
        out
    }

    /// The `p`-th new applicant: drawn from its own stream, with a mobile number no other
    /// applicant has (`0[789]0` and eight digits, a bijection of `p` below 3 × 10⁸).
    fn person(&self, p: u64) -> Person {
        let mut person = Person::random(&mut stream(self.seed, "bulk-person", p));
        let digits = (p / 3 % 100_000_000) * 37_281_947 % 100_000_000;
        if let Some(second) = person.phone.get_mut(1) {
            *second = b'7' + (p % 3) as u8;
        }
        let text = format!("{digits:08}");
        for (d, c) in person.phone.iter_mut().skip(3).zip(text.bytes()) {
            *d = c;
        }
        person
    }

    /// The ID of the `rank`-th application (0 first) among those for which `exposed` tells the
    /// kind apart, counted over the whole layout.
    fn nth(&self, rank: u64, exposed: bool) -> [u8; 15] {
        let before = |d: &DayInfo| {
            if exposed {
                d.exposed_before
            } else {
                d.start - d.exposed_before
            }
        };
        let i = self
            .days
            .partition_point(|d| before(d) <= rank)
            .saturating_sub(1);
        let skip = self.days.get(i).map_or(0, |d| rank - before(d).min(rank));
        self.day(i)
            .into_iter()
            .filter(|a| (a.kind == Kind::Exposed) == exposed)
            .nth(usize::try_from(skip).unwrap_or(usize::MAX))
            .map_or([b'0'; 15], |a| a.id)
    }

    /// The records the planted requests draw from: those created before the first log day.
    pub(crate) fn source(&self, plan: &Plan) -> BulkSource<'_> {
        let i = self.index(plan.log_first());
        let (start, exposed) = self.days.get(i).map_or((self.total, self.counts[0]), |d| {
            (d.start, d.exposed_before)
        });
        BulkSource {
            bulk: self,
            pool: exposed,
            decoys: start - exposed,
        }
    }

    /// The applications a visitor filed through the form from the first log day to the fix:
    /// (ID, `CreatedDate`, guest-owned), in creation order.
    pub(crate) fn filed(&self, plan: &Plan) -> Vec<([u8; 15], i64, bool)> {
        let lo = plan.log_first().ms();
        (self.index(plan.log_first())..self.index(plan.closure.plus(1)))
            .flat_map(|i| self.day(i))
            .filter(|a| matches!(a.kind, Kind::Exposed | Kind::DefaultOwned))
            .filter(|a| a.created_ms >= lo && a.created_ms < plan.fix_ms)
            .map(|a| (a.id, a.created_ms, a.kind == Kind::Exposed))
            .collect()
    }

    /// Writes every application's row, in creation order, through `put` (a few days at a time,
    /// drawn in parallel).
    pub(crate) fn write_export(
        &self,
        plan: &Plan,
        world: &World,
        put: &mut dyn FnMut(&mut Vec<u8>) -> Result<(), SynthError>,
    ) -> Result<(), SynthError> {
        let all: Vec<usize> = (0..self.days.len()).collect();
        for group in all.chunks(8) {
            let mut bufs: Vec<Vec<u8>> = group
                .par_iter()
                .map(|&i| {
                    let mut buf = Vec::new();
                    let start = self.days.get(i).map_or(0, |d| d.start);
                    for (j, a) in self.day(i).iter().enumerate() {
                        crate::export::app_row(&mut buf, plan, world, start + j as u64, a);
                    }
                    buf
                })
                .collect();
            for buf in &mut bufs {
                put(buf)?;
            }
        }
        Ok(())
    }
}

/// [`Source`] over the layout: ranks drawn without holding the pool.
pub(crate) struct BulkSource<'a> {
    bulk: &'a Bulk,
    pool: u64,
    decoys: u64,
}

impl Source for BulkSource<'_> {
    fn choose(&mut self, r: &mut Rng, k: usize) -> Vec<[u8; 15]> {
        let k = k.min(usize::try_from(self.pool).unwrap_or(usize::MAX));
        let mut seen = BTreeSet::new();
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            let rank = r.random_range(0..self.pool);
            if seen.insert(rank) {
                out.push(self.bulk.nth(rank, true));
            }
        }
        out
    }
    fn pool_len(&self) -> usize {
        usize::try_from(self.pool).unwrap_or(usize::MAX)
    }
    fn pool_id(&self, i: usize) -> [u8; 15] {
        self.bulk.nth(i as u64, true)
    }
    fn decoys_len(&self) -> usize {
        usize::try_from(self.decoys).unwrap_or(usize::MAX)
    }
    fn decoy_id(&self, i: usize) -> [u8; 15] {
        self.bulk.nth(i as u64, false)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, reason = "tests")]
    use super::*;
    use crate::plan::DAY_MS;
    use crate::{Encoding, Options, Scenario};

    fn bulk(records: u64) -> (Plan, Bulk) {
        let opts = Options {
            scenario: Scenario::Seed,
            seed: 3,
            scale: 1.0,
            encoding: Encoding::Utf8,
        };
        let plan = Plan::new(&opts);
        let b = Bulk::new(&plan, records);
        (plan, b)
    }

    #[test]
    fn counts_sum_to_the_records_and_days_agree() {
        let (_, b) = bulk(12_345);
        assert_eq!(b.total(), 12_345);
        assert_eq!(b.counts.iter().sum::<u64>(), 12_345);
        let mut ids = Vec::new();
        let mut persons = BTreeSet::new();
        for i in 0..b.days.len() {
            let apps = b.day(i);
            assert!(apps.windows(2).all(|w| w[0].created_ms <= w[1].created_ms));
            for a in apps {
                assert!(a.created_ms.rem_euclid(DAY_MS) < 15 * 3_600_000);
                if a.kind == Kind::Exposed {
                    persons.insert(a.phone.replace('-', ""));
                }
                ids.push(a.id);
            }
        }
        assert_eq!(ids.len(), 12_345);
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(persons.len() as u64, b.persons());
        assert!(b.persons() < b.count(Kind::Exposed));
    }

    #[test]
    fn ranks_find_their_kind() {
        let (plan, b) = bulk(5_000);
        let src = b.source(&plan);
        assert!(src.pool > 0 && src.decoys > 0);
        for rank in [0, 1, src.pool / 2, src.pool - 1] {
            let id = b.nth(rank, true);
            let found = (0..b.days.len())
                .flat_map(|i| b.day(i))
                .find(|a| a.id == id)
                .map(|a| a.kind);
            assert_eq!(found, Some(Kind::Exposed));
        }
    }
}
