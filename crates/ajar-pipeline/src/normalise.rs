//! One log file at a time into the rows of the `events` table, for an engine that hands ajar
//! the files of a data lake one by one (Spark's `mapInArrow` over `binaryFile`, through the
//! `ajar-py` module; issue #19).
//!
//! Each file is read as `hunt` reads it, with the same context (guests from a User export, key
//! prefixes, GeoIP, principal filter), and gives the rows `hunt --emit` writes for it, with one
//! difference that a per-file reader cannot avoid: what `hunt` decides across files is decided
//! within the file. An event present in two files (a daily and an hourly download, a CSV and
//! its JSON conversion) gives rows for each; a row naming a record but no user type counts as
//! the guest's only when a guest row of the same file has its request ID or session key.

use crate::hunt::{GeoDb, HuntOptions, Probe};
use ajar_adapters::geoip::GeoIp;
use ajar_adapters::logs::{self, LogKind, RawRow, ReadOptions, RowSink};
use ajar_analyze::forensics::{Context, EventSink, Geo, Hunt, SeenEvents};
use ajar_model::event::AuditEvent;
use ajar_model::table::EventRow;
use miette::{IntoDiagnostic, Result};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// The context of a hunt, loaded once, to normalise many files with.
pub struct Normaliser {
    ctx: Context,
    geo: Option<GeoDb>,
    read: ReadOptions,
}

impl std::fmt::Debug for Normaliser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normaliser")
            .field("geoip", &self.geo.is_some())
            .finish_non_exhaustive()
    }
}

/// What one file gave.
#[derive(Debug, Default)]
pub struct Normalised {
    /// The `events` rows, in the file's order.
    pub rows: Vec<EventRow>,
    /// What the file is (`Unknown` with a reason when it is not a log ajar reads).
    pub kind: Option<LogKind>,
    /// Rows set aside as malformed.
    pub malformed: u64,
}

impl Normaliser {
    /// Loads the users, key prefixes and GeoIP database that `opts` names (`emit` and the
    /// report-only options are ignored).
    pub fn new(opts: &HuntOptions) -> Result<Self> {
        let geo = match &opts.geoip {
            Some(p) => Some(GeoDb(GeoIp::open(p).into_diagnostic()?)),
            None => None,
        };
        Ok(Self {
            ctx: crate::hunt::context(opts)?,
            geo,
            read: crate::hunt::read_options(opts)?,
        })
    }

    /// The rows of one file, named `name` in the `source_file` column and in errors. An
    /// unreadable file is an error naming it; malformed rows are counted (an error with
    /// `strict`).
    pub fn file(&self, name: &str, bytes: Vec<u8>) -> Result<Normalised> {
        let rows = Arc::new(Mutex::new(Vec::new()));
        let seen = SeenEvents::new();
        let mut hunt = Hunt::new(&self.ctx, self.geo.as_ref().map(|g| g as &dyn Geo));
        hunt.set_sink(Box::new(Collect(Arc::clone(&rows))));
        hunt.dedupe_events(&seen);
        let mut sink = Rows {
            hunt: &mut hunt,
            file: name,
            malformed: 0,
        };
        // A second read of the same bytes finds the guest rows' keys, as `hunt`'s second pass.
        let wanted_copy = bytes.clone();
        let got = match logs::read_bytes(bytes, name, &self.read, &mut sink) {
            Ok(got) => got,
            // A Setup Audit Trail whose dates cannot be read holds no events: `hunt` reports
            // it and goes on (trap 30), `strict` makes it fatal.
            Err(logs::LogError::Audit { line, source, .. }) if !self.read.strict => {
                return Ok(Normalised {
                    kind: Some(LogKind::Unknown(format!("line {line}: {source}"))),
                    ..Normalised::default()
                });
            }
            Err(e) => return Err(e).into_diagnostic(),
        };
        let malformed = sink.malformed;
        let wanted = hunt.pending_keys();
        let mut guests = HashSet::new();
        if !wanted.is_empty() {
            let mut probe = Probe::new(&self.ctx, &wanted);
            logs::read_bytes(wanted_copy, name, &self.read, &mut probe).into_diagnostic()?;
            guests = probe.found;
        }
        hunt.resolve_pending(&guests);
        drop(hunt.take_sink());
        let rows = std::mem::take(&mut *rows.lock().map_err(|_| miette::miette!("poisoned"))?);
        Ok(Normalised {
            rows,
            kind: Some(got.kind),
            malformed,
        })
    }
}

/// Collects the rows the hunt counts.
struct Collect(Arc<Mutex<Vec<EventRow>>>);

impl EventSink for Collect {
    fn row(&mut self, row: &ajar_model::table::EventRef<'_>) {
        if let Ok(mut all) = self.0.lock() {
            all.push(row.to_row());
        }
    }

    fn close(self: Box<Self>) {}
}

/// A file's rows into the hunt.
struct Rows<'h, 'c> {
    hunt: &'h mut Hunt<'c>,
    file: &'h str,
    malformed: u64,
}

impl RowSink for Rows<'_, '_> {
    fn row(&mut self, row: &RawRow<'_>) {
        self.hunt.row(self.file, row);
    }

    fn malformed(&mut self, line: u64, reason: &str) {
        self.malformed += 1;
        self.hunt.malformed(self.file, line, reason);
    }

    fn audit(&mut self, _event: AuditEvent) {}
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
    use super::*;
    use crate::emit::Emit;
    use ajar_render::tables::TableFormat;
    use std::path::{Path, PathBuf};

    fn testdata(rel: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../testdata")
            .join(rel)
    }

    /// Every `events` row as JSON text, sorted.
    fn sorted(rows: impl IntoIterator<Item = String>) -> Vec<String> {
        let mut v: Vec<String> = rows.into_iter().collect();
        v.sort();
        v
    }

    /// File by file, the normaliser gives the rows `hunt --emit jsonl` writes.
    fn same_rows_as_hunt(logs: &Path, opts: HuntOptions) {
        let dir = tempfile::tempdir().unwrap();
        let emit = Emit {
            format: TableFormat::Jsonl,
            dir: dir.path().join("lake"),
        };
        let hunt_opts = HuntOptions {
            emit: Some(emit),
            ..opts.clone()
        };
        crate::hunt::hunt_with_tables(&[logs.to_path_buf()], &hunt_opts).unwrap();
        let mut want = Vec::new();
        for (path, _) in logs::expand_inputs(&[dir.path().join("lake/events")]).unwrap() {
            let text = std::fs::read_to_string(path).unwrap();
            want.extend(text.lines().map(str::to_owned));
        }
        let n = Normaliser::new(&opts).unwrap();
        let mut got = Vec::new();
        for (path, display) in logs::expand_inputs(&[logs.to_path_buf()]).unwrap() {
            let file = n.file(&display, std::fs::read(&path).unwrap()).unwrap();
            got.extend(file.rows.iter().map(|r| serde_json::to_string(r).unwrap()));
        }
        assert!(!want.is_empty());
        assert_eq!(sorted(got), sorted(want));
    }

    #[test]
    fn the_public_samples_normalise_as_hunt_emits_them() {
        same_rows_as_hunt(&testdata("samples/logs"), HuntOptions::default());
    }

    #[test]
    fn an_intrusion_with_users_export_and_geoip_normalises_as_hunt_emits_it() {
        let base = testdata("handmade/intrusion");
        let opts = HuntOptions {
            users_csv: Some(base.join("export/User.csv")),
            export: Some(base.join("export")),
            geoip: Some(base.join("geoip.csv")),
            ..HuntOptions::default()
        };
        same_rows_as_hunt(&base.join("logs"), opts);
    }
}
