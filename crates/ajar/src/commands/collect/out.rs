//! What `ajar collect` shows while and after it runs: a progress bar per phase on a terminal,
//! then the notes, gaps and figures of the run on stderr.

use crate::cli::Ctx;
use ajar_collect::{Outcome, Progress};
use std::time::Duration;

/// The notes and gaps of a finished run, its figures (`secs` long) and the manifest's digest.
pub(super) fn note_outcome(ctx: &Ctx, outcome: &Outcome, secs: f64) {
    for note in &outcome.notes {
        ctx.note(&format!("note: {note}"));
    }
    for gap in &outcome.gaps {
        ctx.note(&format!("gap: {} {}: {}", gap.source, gap.what, gap.reason));
    }
    let (used, max) = outcome.api_usage;
    ctx.note(&format!(
        "collect: {} files ({} kept from an earlier run), {:.1} MB in {secs:.1} s, {} API calls \
         (daily allowance: {used} of {max} used); {}",
        outcome.files,
        outcome.resumed,
        outcome.bytes as f64 / 1e6,
        outcome.calls,
        if outcome.gaps.is_empty() {
            "complete".to_string()
        } else {
            format!("PARTIAL: {} gaps, see manifest.json", outcome.gaps.len())
        }
    ));
    ctx.note(&format!(
        "manifest: {} sha256 {} (note it down outside the folder)",
        outcome.manifest.display(),
        outcome.manifest_sha256
    ));
}

/// A progress bar per phase on a terminal; nothing otherwise.
pub(super) struct Bar {
    bar: Option<indicatif::ProgressBar>,
}

impl Bar {
    pub(super) fn new(ctx: &Ctx) -> Self {
        Self {
            bar: ctx.progress.then(indicatif::ProgressBar::hidden),
        }
    }

    pub(super) fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn phase(&self, name: &str, total: u64) {
        if let Some(b) = &self.bar {
            b.reset();
            b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            b.set_length(total);
            let style = if total > 0 {
                indicatif::ProgressStyle::with_template("{msg:16} {bar:30} {pos}/{len} {elapsed}")
            } else {
                indicatif::ProgressStyle::with_template("{msg:16} {spinner} {pos} {elapsed}")
            };
            if let Ok(s) = style {
                b.set_style(s);
            }
            b.set_message(name.to_string());
            b.enable_steady_tick(Duration::from_millis(120));
        }
    }

    fn advance(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
