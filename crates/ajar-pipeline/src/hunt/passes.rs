//! The hunt's passes over the planned tasks: every row into per-task states merged in plan
//! order; then, only when needed, the request IDs of guest rows; with indicators, the
//! intruder's events.

use super::HuntOptions;
use crate::emit::{EventsSink, Shared};
use ajar_adapters::geoip::GeoIp;
use ajar_adapters::logs::{self, LogKind, Part, RawRow, ReadOptions, RowSink, Unit};
use ajar_analyze::forensics::{ActorRows, Context, Geo, Hunt, SeenEvents};
use ajar_model::event::{AuditEvent, GeoipInfo};
use miette::{IntoDiagnostic, Result, miette};
use rayon::prelude::*;
use std::collections::HashSet;
use std::net::IpAddr;

/// A GeoIP database as the analysis sees it.
pub(crate) struct GeoDb(pub(crate) GeoIp);

impl Geo for GeoDb {
    fn country(&self, ip: IpAddr) -> Option<String> {
        self.0.country(ip)
    }

    fn info(&self) -> GeoipInfo {
        self.0.info().clone()
    }
}

/// The second pass: which of the wanted join keys (request IDs, session keys) belong to guest
/// rows. Also what `normalise` runs over one file.
pub(crate) struct Probe<'a> {
    ctx: &'a Context,
    wanted: &'a HashSet<String>,
    /// The wanted keys seen on a guest row.
    pub(crate) found: HashSet<String>,
}

impl<'a> Probe<'a> {
    pub(crate) fn new(ctx: &'a Context, wanted: &'a HashSet<String>) -> Self {
        Probe {
            ctx,
            wanted,
            found: HashSet::new(),
        }
    }
}

impl RowSink for Probe<'_> {
    fn row(&mut self, row: &RawRow<'_>) {
        for key in ajar_analyze::forensics::guest_keys(row, self.ctx) {
            if self.wanted.contains(&key) {
                self.found.insert(key);
            }
        }
    }

    fn malformed(&mut self, _line: u64, _reason: &str) {}

    fn audit(&mut self, _event: AuditEvent) {}
}

/// The first pass: a file's rows into a task's hunt.
struct Sink<'h, 'c> {
    hunt: &'h mut Hunt<'c>,
    file: &'h str,
}

impl RowSink for Sink<'_, '_> {
    fn row(&mut self, row: &RawRow<'_>) {
        self.hunt.row(self.file, row);
    }

    fn malformed(&mut self, line: u64, reason: &str) {
        self.hunt.malformed(self.file, line, reason);
    }

    fn audit(&mut self, event: AuditEvent) {
        self.hunt.audit(self.file, event);
    }
}

/// The actor's pass: a file's rows into the events kept.
struct ActorSink<'h, 'c> {
    rows: &'h mut ActorRows<'c>,
    file: &'h str,
}

impl RowSink for ActorSink<'_, '_> {
    fn row(&mut self, row: &RawRow<'_>) {
        self.rows.row(self.file, row);
    }

    fn malformed(&mut self, _line: u64, _reason: &str) {}

    fn audit(&mut self, _event: AuditEvent) {}
}

/// One hunt's inputs, read-only across the passes.
pub(super) struct Run<'a> {
    pub(super) ctx: &'a Context,
    pub(super) geo: Option<&'a dyn Geo>,
    pub(super) read: &'a ReadOptions,
    pub(super) opts: &'a HuntOptions,
    pub(super) units: &'a [Unit],
    pub(super) shared: &'a Shared,
    /// One event read from two files, in any format, counts once (issue #15).
    pub(super) seen: &'a SeenEvents,
}

impl<'a> Run<'a> {
    /// An empty hunt with the run's settings.
    fn new_hunt(&self) -> Hunt<'a> {
        let mut hunt = Hunt::new(self.ctx, self.geo);
        if self.opts.keep_requests {
            hunt.keep_requests();
        }
        hunt
    }

    /// Every task on every core; their states are folded into the total in plan order as they
    /// finish, so memory holds the total and a few task states, however many files there are.
    pub(super) fn first_pass(&self, not_read: &[(String, String)]) -> Result<Hunt<'a>> {
        let mut total = self.new_hunt();
        for (display, why) in not_read {
            total.skip_file(display, why);
        }
        let run_unit = |i: usize| self.read_unit(i);
        crate::ordered::run(
            self.units.len(),
            rayon::current_num_threads(),
            run_unit,
            |r| {
                total.merge(r?);
                Ok::<(), miette::Report>(())
            },
        )?;
        if let Some(emit) = &self.opts.emit {
            // Events classed at the end (rows joined to a guest's request) go into the last
            // part.
            let part = u32::try_from(self.units.len()).unwrap_or(u32::MAX);
            total.set_sink(Box::new(EventsSink::new(emit, part, self.shared.clone())?));
        }
        Ok(total)
    }

    /// Task `i`: its parts, in order, into a hunt of its own.
    fn read_unit(&self, i: usize) -> Result<Hunt<'a>> {
        let unit = self.units.get(i).ok_or_else(|| miette!("no task {i}"))?;
        let mut hunt = self.new_hunt();
        if let Some(emit) = &self.opts.emit {
            // One part per task, numbered in plan order: the same input gives the same files.
            let part = u32::try_from(i).unwrap_or(u32::MAX);
            hunt.set_sink(Box::new(EventsSink::new(emit, part, self.shared.clone())?));
        }
        if unit.may_overlap {
            hunt.dedupe_rows();
        }
        hunt.dedupe_events(self.seen);
        for part in &unit.parts {
            let mut sink = Sink {
                hunt: &mut hunt,
                file: &part.display,
            };
            let got = match logs::read_part(part, self.read, &mut sink) {
                Ok(got) => got,
                // An audit trail whose dates cannot be read is refused, the logs are not
                // (trap 30); `--strict` makes it fatal.
                Err(logs::LogError::Audit { line, source, .. }) if !self.read.strict => {
                    hunt.skip_file(&part.display, &format!("line {line}: {source}"));
                    hunt.audit_unread(&part.display);
                    continue;
                }
                Err(e) => return Err(e).into_diagnostic(),
            };
            match &got.kind {
                LogKind::Unknown(reason) => hunt.skip_file(&part.display, reason),
                LogKind::ElfCsv | LogKind::RtemCsv if got.rows == 0 && part.range.is_none() => {
                    hunt.empty_file(&part.display);
                }
                _ => {}
            }
            if let Some(line) = got.truncated_after {
                hunt.partial_file(&part.display, line);
            }
        }
        if let Some(sink) = hunt.take_sink() {
            sink.close();
        }
        Ok(hunt)
    }

    /// With indicators: the intruder's events, read again by the keys the first pass joined to
    /// them (so that no other event is held, issue #19). A file that changed between the two
    /// reads gives the events of what it holds at the second.
    pub(super) fn actor_pass(&self, total: &mut Hunt<'a>) -> Result<()> {
        if self.ctx.indicators.is_empty() {
            return Ok(());
        }
        let reached = total.actor_keys();
        if reached.none_matched() {
            // No event matched: none joins the actor, so the logs need not be read again.
            total.set_actor_events(Vec::new());
            return Ok(());
        }
        let states = self.reread(
            || ActorRows::new(self.ctx, &reached),
            |rows, part| {
                let mut sink = ActorSink {
                    rows,
                    file: &part.display,
                };
                logs::read_part(part, self.read, &mut sink)
            },
        )?;
        let events = states.into_iter().flat_map(|rows| rows.events).collect();
        total.set_actor_events(events);
        Ok(())
    }

    /// Rows that name a record but no user type are the guest's when their REQUEST_ID is a
    /// guest request's (formats.md §2.2). Rare, so looked up in a second pass only when needed.
    pub(super) fn second_pass(&self, total: &mut Hunt<'a>) -> Result<()> {
        let wanted = total.pending_keys();
        if wanted.is_empty() {
            return Ok(());
        }
        let states = self.reread(
            || Probe::new(self.ctx, &wanted),
            |probe, part| logs::read_part(part, self.read, probe),
        )?;
        let guests = states.into_iter().flat_map(|probe| probe.found).collect();
        total.resolve_pending(&guests);
        Ok(())
    }

    /// Reads the units again on all cores, each through its own state made by `start` and
    /// fed a part at a time by `read`; the states in unit order. An audit file (not rows) is
    /// passed over, as in the first pass.
    fn reread<S: Send, R>(
        &self,
        start: impl Fn() -> S + Sync,
        read: impl Fn(&mut S, &Part) -> Result<R, logs::LogError> + Sync,
    ) -> Result<Vec<S>> {
        let read: Vec<Result<S>> = self
            .units
            .par_iter()
            .map(|unit| {
                let mut state = start();
                for part in &unit.parts {
                    match read(&mut state, part) {
                        Ok(_) | Err(logs::LogError::Audit { .. }) => {}
                        Err(e) => return Err(e).into_diagnostic(),
                    }
                }
                Ok(state)
            })
            .collect();
        // The first unit's error in input order, whichever thread met one first.
        read.into_iter().collect()
    }
}
