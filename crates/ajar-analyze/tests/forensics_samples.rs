//! Every log sample in `testdata/samples/logs/` parses, and its rows normalise to the events
//! pinned in the snapshot (issue #6).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a test failure"
)]

use ajar_adapters::logs::{self, LogKind, Part, RawRow, ReadOptions, RowSink};
use ajar_analyze::forensics::{self, Context};
use ajar_model::event::AuditEvent;
use std::path::{Path, PathBuf};

#[derive(Default)]
struct Collect {
    lines: Vec<String>,
    bad: Vec<String>,
}

struct Sink<'a> {
    out: &'a mut Collect,
    ctx: &'a Context,
    file: &'a str,
}

impl RowSink for Sink<'_> {
    fn row(&mut self, row: &RawRow<'_>) {
        match forensics::normalise(row, self.file, self.ctx) {
            Ok(ev) => self.out.lines.push(serde_json::to_string(&ev).unwrap()),
            Err(e) => self
                .out
                .bad
                .push(format!("{}:{}: {}", self.file, row.line, e.reason())),
        }
    }
    fn malformed(&mut self, line: u64, reason: &str) {
        self.out.bad.push(format!("{}:{line}: {reason}", self.file));
    }
    fn audit(&mut self, mut event: AuditEvent) {
        event.source.file = self.file.to_string();
        self.out.lines.push(serde_json::to_string(&event).unwrap());
    }
}

/// The log samples in the repository (`testdata/samples/logs/`: public samples with their
/// licences, and hand-written JSON rows in `ajar__handmade/`).
fn samples() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/samples/logs");
    assert!(p.is_dir(), "samples missing: {}", p.display());
    p
}

#[test]
fn every_log_sample_parses_and_normalises() {
    let root = samples();
    let files = logs::expand_inputs(std::slice::from_ref(&root)).unwrap();
    let ctx = Context::default();
    let mut out = Collect::default();
    let mut read = 0;
    for (path, display) in &files {
        let part = Part {
            path: path.clone(),
            display: display.clone(),
            range: None,
        };
        let mut sink = Sink {
            out: &mut out,
            ctx: &ctx,
            file: display,
        };
        let got = logs::read_part(&part, &ReadOptions::default(), &mut sink).unwrap();
        let name = display.rsplit('/').next().unwrap_or_default();
        if name.starts_with("LICENSE") || name == "README.md" {
            assert!(matches!(got.kind, LogKind::Unknown(_)), "{display}");
            continue;
        }
        assert!(
            !matches!(got.kind, LogKind::Unknown(_)),
            "{display} not recognised"
        );
        assert!(got.rows > 0, "{display} gave no rows");
        read += 1;
    }
    assert_eq!(read, 64, "every sample file was read");
    assert!(out.bad.is_empty(), "rows not used: {:#?}", out.bad);
    insta::assert_snapshot!(out.lines.join("\n"));
}
