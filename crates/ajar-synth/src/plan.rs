//! The scenario's parameters: counts and dates, fixed for `seed`, drawn from `--seed` for `small`.

use crate::rng::stream;
use crate::{Options, Scenario};
use rand::Rng;

/// The applications object's API name.
pub(crate) const OBJECT: &str = "Balance_Transfer_Application__c";
/// Its key prefix (custom objects get `a0`-something per org, formats.md §2.7).
pub(crate) const KEY_PREFIX: &str = "a0B";
/// The CustomSite `fullName` (formats.md §1.3).
pub(crate) const SITE: &str = "Emoney_Rescue";
/// The site's `masterLabel`.
pub(crate) const SITE_LABEL: &str = "Emoney Rescue";
/// The guest profile: `<masterLabel> Profile` (formats.md §1.3).
pub(crate) const GUEST_PROFILE: &str = "Emoney Rescue Profile";
/// The internal profile.
pub(crate) const INTERNAL_PROFILE: &str = "Application Operations";
/// The day new guest records go to a default owner everywhere: the last production weekend of
/// Winter '21 (formats.md §1.10, `docs/eras.md`). Applications a visitor files from then on are
/// not the guest user's.
pub(crate) fn default_owner_day() -> Day {
    Day::ymd(2020, 10, 10)
}

/// Milliseconds in a day.
pub(crate) const DAY_MS: i64 = 86_400_000;
/// Japan Standard Time, UTC+9 all year (no daylight saving since 1951).
pub(crate) const JST_MS: i64 = 9 * 3_600_000;

/// A calendar day, counted from 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Day(pub(crate) i64);

impl Day {
    pub(crate) fn ymd(y: i64, m: i64, d: i64) -> Self {
        // Days from civil (proleptic Gregorian), H. Hinnant's algorithm.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Self(era * 146_097 + doe - 719_468)
    }

    pub(crate) fn civil(self) -> (i64, i64, i64) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (
            if m <= 2 {
                yoe + era * 400 + 1
            } else {
                yoe + era * 400
            },
            m,
            d,
        )
    }

    pub(crate) fn plus(self, n: i64) -> Self {
        Self(self.0 + n)
    }

    /// Unix milliseconds of 00:00 UTC.
    pub(crate) fn ms(self) -> i64 {
        self.0 * DAY_MS
    }

    /// The day holding a Unix millisecond (UTC).
    pub(crate) fn of_ms(ms: i64) -> Self {
        Self(ms.div_euclid(DAY_MS))
    }

    /// `YYYY-MM-DD`.
    pub(crate) fn iso(self) -> String {
        let (y, m, d) = self.civil();
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// Every number and date of one run.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) seed: u64,
    /// Applications the guest could read: filed through the form inside the window, before
    /// the default owner (owned by the site's guest user).
    pub(crate) exposed: u32,
    /// Distinct exposed applications read successfully from abroad in the retained logs.
    pub(crate) confirmed: u32,
    /// First day of the window: the commit giving the guest profile Read (JST and UTC dates agree, see `world`).
    pub(crate) window_start: Day,
    /// Last day of the window: the fix.
    pub(crate) closure: Day,
    /// When the company learnt of it.
    pub(crate) discovered: Day,
    /// When the Data Export was taken.
    pub(crate) export_day: Day,
    /// The org's first metadata commit.
    pub(crate) history_start: Day,
    /// Unix ms of the exposing commit on `window_start`.
    pub(crate) opened_ms: i64,
    /// Unix ms of the fix on `closure`.
    pub(crate) fix_ms: i64,
    /// Applications from other channels (outside the rule's criteria).
    pub(crate) channel_decoys: u32,
    /// Web applications marked `Test` by staff (outside the criteria's second item).
    pub(crate) test_decoys: u32,
    /// Web applications created after the fix, before the export.
    pub(crate) late_decoys: u32,
    /// Share of exposed applications filed again by an earlier applicant, per mille.
    pub(crate) repeat_permille: u32,
    /// Noise rows multiplier: `--scale` times the scenario's base volume.
    pub(crate) noise: f64,
}

impl Plan {
    pub(crate) fn new(opts: &Options) -> Self {
        let mut r = stream(opts.seed, "plan", 0);
        match opts.scenario {
            Scenario::Seed => {
                let window_start = Day::ymd(2016, 1, 15);
                let closure = Day::ymd(2020, 11, 26);
                Self {
                    seed: opts.seed,
                    exposed: 89_141,
                    confirmed: 102,
                    window_start,
                    closure,
                    discovered: Day::ymd(2020, 11, 24),
                    export_day: Day::ymd(2020, 12, 1),
                    history_start: Day::ymd(2015, 6, 1),
                    // 10:32:05 JST and 15:14:07 JST.
                    opened_ms: window_start.ms() + 5_525_000,
                    fix_ms: closure.ms() + 22_447_000,
                    channel_decoys: 9_000 + r.random_range(0..2_000),
                    test_decoys: 120 + r.random_range(0..80),
                    late_decoys: 200 + r.random_range(0..100),
                    repeat_permille: 30 + r.random_range(0..20),
                    noise: opts.scale,
                }
            }
            // `token-theft` has its own plan (`theft::TPlan`); it never gets here.
            Scenario::Small | Scenario::TokenTheft => {
                let window_start = Day::ymd(2016, 1, 1).plus(r.random_range(0..1_400));
                let closure = window_start.plus(r.random_range(700..1_800));
                let exposed = r.random_range(300..=3_000);
                Self {
                    seed: opts.seed,
                    exposed,
                    confirmed: r.random_range(5..=60),
                    window_start,
                    closure,
                    discovered: closure.plus(-r.random_range(1..=6)),
                    export_day: closure.plus(r.random_range(3..=12)),
                    history_start: window_start.plus(-r.random_range(120..400)),
                    opened_ms: window_start.ms() + r.random_range(1..6) * 3_600_000 + 1_234_000,
                    fix_ms: closure.ms() + r.random_range(1..7) * 3_600_000 + 845_000,
                    channel_decoys: exposed / 10 + r.random_range(5..50),
                    test_decoys: 3 + r.random_range(0..10),
                    late_decoys: 5 + r.random_range(0..20),
                    repeat_permille: 20 + r.random_range(0..40),
                    noise: opts.scale * 0.1,
                }
            }
        }
    }

    /// The 30 retained ELF days, closure included (formats.md §2.6).
    pub(crate) fn log_days(&self) -> impl Iterator<Item = Day> + '_ {
        (0..30).map(|i| self.closure.plus(i - 29))
    }

    pub(crate) fn log_first(&self) -> Day {
        self.closure.plus(-29)
    }
}
