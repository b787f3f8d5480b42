//! `--scenario token-theft`: the pattern of the 2025 Salesloft Drift intrusions
//! (intrusions.md §1, shape A). A vendor's connected app syncs the org through one integration
//! user from the vendor's usual addresses all through the retained days; one day the same user's
//! refresh token is replayed from new addresses (intrusions.md §2): reconnaissance
//! (`SELECT COUNT()` over several objects within minutes, `/sobjects/`, `/limits/`, a describe),
//! then queries leaving each kind of evidence of intrusions.md §4 (record IDs logged, SOQL with a
//! row count, a Bulk API 2.0 job over a whole object deleted right after), one address reached
//! only through the session of an indicator's login (intrusions.md §3, join keys), records
//! created after the queries, an administrator's own export in office hours, and credentials
//! planted in some records' text fields.
//!
//! Files: `metadata/` (the integration user's profile and permission set), `logs/` (ELF Login,
//! RestApi, API, BulkApi2, ApiTotalUsage per UTC day; RTEM `ApiEvent.csv`; `LoginHistory.csv`),
//! `export/` (Account, Contact, Case, Lead, User, Profile, PermissionSet,
//! PermissionSetAssignment), `geoip/ip-country.csv`, `ioc.csv` and `truth/truth.json`
//! (`docs/synth.md`).

mod data;
mod files;
mod logs;
mod truth;

pub use truth::{
    TheftActor, TheftIp, TheftJob, TheftLogin, TheftNotCounted, TheftObject, TheftQuery,
    TheftSecret, TheftSession, TheftTruth, TheftWindow,
};

use crate::plan::{DAY_MS, Day};
use crate::rng::stream;
use crate::{Options, Stats, SynthError};
use rand::Rng as _;
use std::path::Path;

/// Every date and count of one run, drawn from `--seed`.
#[derive(Debug, Clone)]
pub(crate) struct TPlan {
    pub(crate) seed: u64,
    /// Noise multiplier (`--scale`).
    pub(crate) noise: f64,
    /// First retained log day.
    pub(crate) log_first: Day,
    /// Retained log days.
    pub(crate) log_days: i64,
    /// The day of the Data Export.
    pub(crate) export_day: Day,
    /// The org's first records.
    pub(crate) history_start: Day,
    /// The first actor login (Unix ms).
    pub(crate) t0: i64,
    /// The date literal of the actor's Contact query (`CreatedDate < <cutoff>T00:00:00Z`).
    pub(crate) cutoff: Day,
    /// The administrator's own export.
    pub(crate) admin_day: Day,
    pub(crate) n_accounts: u32,
    pub(crate) n_contacts: u32,
    pub(crate) n_cases: u32,
    pub(crate) n_leads: u32,
}

impl TPlan {
    /// Draws the plan; `records_scale` then multiplies the four record counts (after every draw,
    /// so the random streams, and at 1 every byte written, stay those of the seed).
    pub(crate) fn new(opts: &Options, records_scale: f64) -> Self {
        let mut r = stream(opts.seed, "theft-plan", 0);
        let intrusion = Day::ymd(2025, 8, 8).plus(r.random_range(0..7));
        let log_first = intrusion.plus(-8);
        let log_days = 14;
        let mut plan = Self {
            seed: opts.seed,
            noise: opts.scale,
            log_first,
            log_days,
            export_day: log_first.plus(log_days + 1),
            history_start: Day::ymd(2023, 1, 2),
            // Between 01:00 and 10:59 UTC.
            t0: intrusion.ms()
                + r.random_range(1..11) * 3_600_000
                + r.random_range(0..3_600) * 1_000
                + r.random_range(0..1_000),
            cutoff: intrusion.plus(-r.random_range(5..20)),
            admin_day: intrusion.plus(-r.random_range(2..5)),
            n_accounts: r.random_range(120..400),
            n_contacts: r.random_range(500..1_600),
            n_cases: r.random_range(300..900),
            n_leads: r.random_range(250..1_000),
        };
        if records_scale != 1.0 {
            for n in [
                &mut plan.n_accounts,
                &mut plan.n_contacts,
                &mut plan.n_cases,
                &mut plan.n_leads,
            ] {
                *n = scaled(*n, records_scale);
            }
        }
        plan
    }

    pub(crate) fn log_last(&self) -> Day {
        self.log_first.plus(self.log_days - 1)
    }

    pub(crate) fn days(&self) -> impl Iterator<Item = Day> + '_ {
        (0..self.log_days).map(|i| self.log_first.plus(i))
    }
}

/// `n` times `factor`, rounded, at least 1 and at most `u32::MAX`.
fn scaled(n: u32, factor: f64) -> u32 {
    let v = (f64::from(n) * factor).round();
    if v >= f64::from(u32::MAX) {
        u32::MAX
    } else if v >= 1.0 {
        v as u32
    } else {
        1
    }
}

/// Milliseconds in a minute.
pub(crate) const MIN: i64 = 60_000;

/// What [`generate`] wrote.
pub(crate) struct Written {
    pub(crate) files: u64,
    pub(crate) bytes: u64,
    pub(crate) log_bytes: u64,
    pub(crate) truth: TheftTruth,
}

/// Writes the whole org under `out` (checked by the caller).
pub(crate) fn generate(
    opts: &Options,
    records_scale: f64,
    out: &Path,
) -> Result<Written, SynthError> {
    let plan = TPlan::new(opts, records_scale);
    let world = data::World::build(&plan);
    let story = logs::Story::build(&plan, &world);
    let mut stats = Stats::default();
    files::metadata(&world, &out.join("metadata"), &mut stats)?;
    let log_stats = files::logs(&story, &out.join("logs"), &mut stats)?;
    files::geoip(&out.join("geoip"), &mut stats)?;
    files::export(
        &plan,
        &world,
        opts.encoding,
        &out.join("export"),
        &mut stats,
    )?;
    files::ioc(&story, &out.join("ioc.csv"), &mut stats)?;
    let truth = truth::build(opts, &plan, &world, &story, &log_stats);
    let path = out.join("truth").join("truth.json");
    let mut json = serde_json::to_vec_pretty(&truth).map_err(|source| SynthError::Truth {
        path: path.clone(),
        source,
    })?;
    json.push(b'\n');
    stats.write(&path, &json)?;
    Ok(Written {
        files: stats.files,
        bytes: stats.bytes,
        log_bytes: log_stats.bytes,
        truth,
    })
}

/// A whole-second instant on `day` between `from_h` and `to_h` UTC.
pub(crate) fn at_hours(r: &mut crate::rng::Rng, day: Day, from_h: i64, to_h: i64) -> i64 {
    day.ms() + r.random_range(from_h * 3_600..to_h * 3_600) * 1_000
}

/// Whole days in ms.
pub(crate) const fn days(n: i64) -> i64 {
    n * DAY_MS
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test")]

    use super::*;
    use crate::{Encoding, Scenario};

    fn opts(seed: u64) -> Options {
        Options {
            scenario: Scenario::TokenTheft,
            seed,
            scale: 1.0,
            encoding: Encoding::Utf8,
        }
    }

    /// `--records-scale` multiplies the four counts after the draws: dates and every other
    /// draw stay the seed's, and 1 leaves the plan as it was.
    #[test]
    fn records_scale_multiplies_only_the_counts() {
        for seed in [1, 7, 23] {
            let one = TPlan::new(&opts(seed), 1.0);
            let three = TPlan::new(&opts(seed), 3.0);
            assert_eq!(three.n_accounts, one.n_accounts * 3);
            assert_eq!(three.n_contacts, one.n_contacts * 3);
            assert_eq!(three.n_cases, one.n_cases * 3);
            assert_eq!(three.n_leads, one.n_leads * 3);
            assert_eq!(
                (three.t0, three.cutoff, three.admin_day),
                (one.t0, one.cutoff, one.admin_day)
            );
            assert_eq!(three.export_day, one.export_day);
            // The vendor's sync counts the records before an instant by bisection: the
            // records of every object are sorted by creation.
            let world = data::World::build(&three);
            for o in data::Obj::ALL {
                let recs = world.of(o);
                assert!(recs.windows(2).all(|p| p[0].created_ms <= p[1].created_ms));
                for ms in [three.t0, three.export_day.ms(), three.history_start.ms()] {
                    assert_eq!(world.count_before(o, ms), world.before(o, ms).count());
                }
            }
            let tiny = TPlan::new(&opts(seed), 0.000_001);
            assert_eq!(tiny.n_accounts, 1, "never below one record");
        }
    }
}
