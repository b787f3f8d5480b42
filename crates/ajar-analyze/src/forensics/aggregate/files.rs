//! What the hunt is told of files rather than rows: skipped and malformed rows, files unused,
//! empty or cut short, and the Setup Audit Trail's entries.

use super::{Hunt, SKIP_DETAILS};
use ajar_model::event::{AuditEvent, Skip};
use ajar_model::span::Span;

impl Hunt<'_> {
    pub(super) fn skip(&mut self, file: &str, line: u64, reason: &str) {
        self.skipped.rows += 1;
        if self.skipped.details.len() < SKIP_DETAILS {
            self.skipped.details.push(Skip {
                source: Span::new(file, line),
                reason: reason.into(),
            });
        }
    }

    /// A row the adapter could not parse.
    pub fn malformed(&mut self, file: &str, line: u64, reason: &str) {
        self.skip(file, line, reason);
    }

    /// A file not used at all.
    pub fn skip_file(&mut self, file: &str, reason: &str) {
        self.skipped.files += 1;
        if self.skipped.details.len() < SKIP_DETAILS {
            self.skipped.details.push(Skip {
                source: Span::new(file, 0),
                reason: reason.into(),
            });
        }
    }

    /// A log file that holds a header and no rows: no proof of no activity (formats.md §2.6).
    pub fn empty_file(&mut self, file: &str) {
        self.empty_files.insert(file.to_string());
    }

    /// A file that ended early (truncated gzip): what was read counts, its coverage is partial.
    pub fn partial_file(&mut self, file: &str, after_line: u64) {
        self.partial_files.insert(file.to_string());
        self.skipped.files += 1;
        if self.skipped.details.len() < SKIP_DETAILS {
            self.skipped.details.push(Skip {
                source: Span::new(file, after_line),
                reason: "the file cannot be read past this line (cut short, or a row over 32 MiB); rows after it are missing".into(),
            });
        }
    }

    /// A Setup Audit Trail file that could not be read (its dates need `--locale`/`--tz`).
    pub fn audit_unread(&mut self, file: &str) {
        self.audit_unread.insert(file.to_string());
    }

    /// A Setup Audit Trail entry.
    pub fn audit(&mut self, file: &str, mut event: AuditEvent) {
        event.source.file = file.to_string();
        if let Some(d) = self.detector.as_mut() {
            d.observe_audit(&event);
        }
        self.audit.push(event);
    }
}
