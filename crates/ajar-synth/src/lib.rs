//! Writes a whole synthetic Salesforce org's raw files with a known ground truth.
//!
//! `ajar synth` is what every other command is tested, benchmarked and demonstrated on: an sfdx
//! metadata tree as it stood while a guest exposure was open, its history as a git repository,
//! 30 days of EventLogFile CSVs, a Setup Audit Trail download, a Data Export, an IP-to-country
//! table, and `truth/truth.json` saying what was planted. The formats follow
//! `docs/reference/formats.md` (cited per module); analyses never read the truth.
//!
//! ```no_run
//! use ajar_synth::{Encoding, Options, Scenario};
//! let opts = Options { scenario: Scenario::Small, seed: 7, scale: 0.05, encoding: Encoding::Utf8 };
//! let summary = ajar_synth::generate(&opts, std::path::Path::new("/tmp/org")).unwrap();
//! assert!(summary.files > 0);
//! ```
#![deny(missing_docs)]

mod bulk;
mod csvw;
mod export;
mod geoip;
mod history;
mod ids;
mod logs;
mod metadata;
mod people;
mod plan;
mod rng;
mod theft;
mod truth;
mod world;

pub use theft::{
    TheftActor, TheftIp, TheftJob, TheftLogin, TheftNotCounted, TheftObject, TheftQuery,
    TheftSecret, TheftSession, TheftTruth, TheftWindow,
};
pub use truth::Truth;

use std::path::{Path, PathBuf};

/// Which story to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// The founding 2020 notice: 89,141 exposed applications, 102 read from abroad, whatever the
    /// seed; the window is 2016-01-15 to 2020-11-26.
    Seed,
    /// The same story, smaller, with counts and dates drawn from the seed.
    Small,
    /// A stolen integration token replayed from new addresses (the 2025 Drift pattern):
    /// recon, queries with each evidence strength, a deleted bulk job, secrets in records.
    TokenTheft,
}

impl Scenario {
    /// The name used on the command line and in `truth.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Seed => "seed",
            Self::Small => "small",
            Self::TokenTheft => "token-theft",
        }
    }
}

/// The Data Export's character encoding (chosen per export in Salesforce, formats.md §2.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// Shift_JIS (as `encoding_rs` writes it, the WHATWG Shift_JIS that Windows calls cp932).
    ShiftJis,
}

impl Encoding {
    /// The name used on the command line and in `truth.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::ShiftJis => "shift_jis",
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The story.
    pub scenario: Scenario,
    /// Seeds every random choice; the same seed gives the same bytes.
    pub seed: u64,
    /// Multiplies the log noise volume (finite, > 0). Planted facts do not change with it.
    pub scale: f64,
    /// The export's encoding.
    pub encoding: Encoding,
}

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Files written (the git repository's internal files excluded).
    pub files: u64,
    /// Bytes written in those files.
    pub bytes: u64,
    /// Bytes of EventLogFile CSV before compression.
    pub log_bytes_uncompressed: u64,
    /// The planted truth, as written to `truth/truth.json`.
    pub truth: Planted,
}

/// The truth of either kind of scenario.
#[derive(Debug, Clone, PartialEq)]
pub enum Planted {
    /// `seed` and `small`: a guest exposure.
    Guest(Box<Truth>),
    /// `token-theft`: an intrusion through a stolen token.
    TokenTheft(Box<TheftTruth>),
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// `--scale` is zero, negative or not a number.
    #[error("`--scale` must be a finite number above 0, not {0}")]
    Scale(f64),
    /// `--records-scale` is zero, negative or not a number.
    #[error("`--records-scale` must be a finite number above 0, not {0}")]
    RecordsScale(f64),
    /// `--records-scale` other than 1 for a scenario whose counts it does not scale.
    #[error("`--records-scale` applies only to `--scenario token-theft`, not `{0}`")]
    RecordsScaleScenario(&'static str),
    /// `--records` below the smallest layout, or for a scenario it does not apply to.
    #[error(
        "`--records` must be at least {min} and applies to `--scenario seed` and `small`, not {records} for `{scenario}`"
    )]
    Records {
        /// What was asked.
        records: u64,
        /// The smallest accepted.
        min: u64,
        /// The scenario.
        scenario: &'static str,
    },
    /// The output directory exists and holds files.
    #[error("{}: output directory is not empty", .0.display())]
    NotEmpty(PathBuf),
    /// The output path exists and is not a directory.
    #[error("{}: output path exists and is not a directory", .0.display())]
    NotDirectory(PathBuf),
    /// The output directory's parent does not exist.
    #[error("{}: parent directory does not exist", .0.display())]
    MissingParent(PathBuf),
    /// A file could not be written.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// `git` failed while building `history/`.
    #[error("{}: git {step} failed: {detail}", .path.display())]
    Git {
        /// The repository.
        path: PathBuf,
        /// Which step.
        step: &'static str,
        /// git's message or exit status.
        detail: String,
    },
    /// The truth could not be serialised.
    #[error("{}: cannot write truth: {source}", .path.display())]
    Truth {
        /// `truth/truth.json`.
        path: PathBuf,
        /// The serde error.
        source: serde_json::Error,
    },
}

/// Checks the output directory: it must not exist (its parent must) or be empty.
pub fn check_out_dir(out: &Path) -> Result<(), SynthError> {
    match std::fs::symlink_metadata(out) {
        Ok(meta) if meta.is_dir() => {
            let mut entries = fs_err::read_dir(out)?;
            if entries.next().is_some() {
                return Err(SynthError::NotEmpty(out.to_path_buf()));
            }
            Ok(())
        }
        Ok(_) => Err(SynthError::NotDirectory(out.to_path_buf())),
        Err(_) => {
            let parent = match out.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            if parent.is_dir() {
                Ok(())
            } else {
                Err(SynthError::MissingParent(out.to_path_buf()))
            }
        }
    }
}

/// Writes the whole org under `out` (which must not exist or be empty).
pub fn generate(opts: &Options, out: &Path) -> Result<Summary, SynthError> {
    generate_sized(opts, 1.0, out)
}

/// [`generate`] with the `token-theft` export's Account, Contact, Case and Lead counts multiplied
/// by `records_scale` (finite, > 0), to benchmark large exports. The counts are still drawn from
/// the seed and multiplied afterwards, so 1 writes exactly what [`generate`] writes; the other
/// scenarios accept only 1.
pub fn generate_sized(
    opts: &Options,
    records_scale: f64,
    out: &Path,
) -> Result<Summary, SynthError> {
    generate_all(opts, records_scale, None, out)
}

/// [`generate`] with exactly `records` rows of the applications object (`seed` and `small`;
/// at least 1,000): every kind of application in the scenario's proportions, the exposed ones
/// and their persons among them, drawn day by day so that memory does not grow with `records`.
/// The planted reads name real records and the truth counts what was written.
pub fn generate_records(opts: &Options, records: u64, out: &Path) -> Result<Summary, SynthError> {
    if opts.scenario == Scenario::TokenTheft || records < bulk::MIN_RECORDS {
        return Err(SynthError::Records {
            records,
            min: bulk::MIN_RECORDS,
            scenario: opts.scenario.as_str(),
        });
    }
    generate_all(opts, 1.0, Some(records), out)
}

fn generate_all(
    opts: &Options,
    records_scale: f64,
    records: Option<u64>,
    out: &Path,
) -> Result<Summary, SynthError> {
    if !opts.scale.is_finite() || opts.scale <= 0.0 {
        return Err(SynthError::Scale(opts.scale));
    }
    if !records_scale.is_finite() || records_scale <= 0.0 {
        return Err(SynthError::RecordsScale(records_scale));
    }
    if records_scale != 1.0 && opts.scenario != Scenario::TokenTheft {
        return Err(SynthError::RecordsScaleScenario(opts.scenario.as_str()));
    }
    check_out_dir(out)?;
    fs_err::create_dir_all(out)?;
    if opts.scenario == Scenario::TokenTheft {
        let w = theft::generate(opts, records_scale, out)?;
        return Ok(Summary {
            files: w.files,
            bytes: w.bytes,
            log_bytes_uncompressed: w.log_bytes,
            truth: Planted::TokenTheft(Box::new(w.truth)),
        });
    }
    let plan = plan::Plan::new(opts);
    let world = match records {
        Some(n) => world::World::build_bulk(&plan, n),
        None => world::World::build(&plan),
    };
    let mut stats = Stats::default();
    metadata::write_tree(
        &plan,
        &metadata::State::open(&plan),
        &out.join("metadata"),
        &mut stats,
    )?;
    history::write(&plan, &out.join("history"))?;
    let log_stats = logs::write(&plan, &world, &out.join("logs"))?;
    stats.add(log_stats.files, log_stats.bytes);
    geoip::write(&out.join("geoip"), &mut stats)?;
    export::write(
        &plan,
        &world,
        opts.encoding,
        &out.join("export"),
        &mut stats,
    )?;
    let truth = truth::Truth::build(opts, &plan, &world, &log_stats);
    let path = out.join("truth").join("truth.json");
    fs_err::create_dir_all(out.join("truth"))?;
    let mut json = serde_json::to_vec_pretty(&truth).map_err(|source| SynthError::Truth {
        path: path.clone(),
        source,
    })?;
    json.push(b'\n');
    stats.write(&path, &json)?;
    Ok(Summary {
        files: stats.files,
        bytes: stats.bytes,
        log_bytes_uncompressed: log_stats.uncompressed,
        truth: Planted::Guest(Box::new(truth)),
    })
}

/// Counts what is written.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub(crate) files: u64,
    pub(crate) bytes: u64,
}

impl Stats {
    pub(crate) fn add(&mut self, files: u64, bytes: u64) {
        self.files += files;
        self.bytes += bytes;
    }

    /// Writes a whole small file, creating its directory.
    pub(crate) fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), SynthError> {
        if let Some(dir) = path.parent() {
            fs_err::create_dir_all(dir)?;
        }
        fs_err::write(path, bytes)?;
        self.add(1, bytes.len() as u64);
        Ok(())
    }
}
