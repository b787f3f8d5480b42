//! The `events` table's Arrow columns, appended to straight from borrowed rows: one copy of
//! each value into its column, no owned row in between (issue #19).

use super::{Columns, outcome, principal};
use crate::ip::IpTexts;
use crate::tables::BATCH_ROWS;
use ajar_model::table::{EventRef, EventRow};
use arrow_array::builder::{
    ArrayBuilder, Int64Builder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::ArrowError;
use std::cell::RefCell;
use std::sync::Arc;

/// A text column that keeps the size of its largest batch for the next ones, so that a full
/// batch does not grow its buffer by doubling.
struct Text {
    b: StringBuilder,
    /// The most rows and bytes a batch held.
    rows: usize,
    bytes: usize,
}

impl Text {
    fn new() -> Self {
        Self {
            b: StringBuilder::new(),
            rows: 0,
            bytes: 0,
        }
    }

    fn push(&mut self, v: Option<&str>) {
        self.b.append_option(v);
    }

    fn finish(&mut self) -> ArrayRef {
        self.bytes = self.bytes.max(self.b.values_slice().len());
        self.rows = self.rows.max(self.b.len());
        let a = self.b.finish();
        self.b = StringBuilder::with_capacity(self.rows.max(1), self.bytes);
        Arc::new(a)
    }
}

/// Columns a thread keeps from the files it finished, for its next files.
const SPARES: usize = 2;

thread_local! {
    /// The columns of files this thread finished, empty, their buffers sized by the batches
    /// they held: a hunt writes one file per task and partition, most smaller than a batch, and
    /// growing fresh columns by doubling for each was about 2 % of `hunt --emit parquet`.
    static SPARE: RefCell<Vec<EventColumns>> = const { RefCell::new(Vec::new()) };
}

/// The columns of up to a batch of `events` rows.
pub struct EventColumns {
    event_time: TimestampMicrosecondBuilder,
    event_type: Text,
    principal: Text,
    principal_reason: Text,
    user_id: Text,
    ip: Text,
    country: Text,
    country_source: Text,
    outcome: Text,
    record_id: Text,
    object: Text,
    uri: Text,
    request_id: Text,
    user_agent: Text,
    source_file: Text,
    source_line: Int64Builder,
    /// The texts of the IPs seen last: the rows of one event (one per record) and a client's
    /// events repeat them.
    ip_texts: IpTexts,
}

impl EventColumns {
    /// Appends one row.
    pub fn push(&mut self, r: &EventRef<'_>) {
        self.event_time.append_value(r.event_time.as_microsecond());
        self.event_type.push(Some(r.event_type));
        self.principal.push(Some(principal(r.principal)));
        self.principal_reason.push(Some(r.principal_reason));
        self.user_id.push(r.user_id);
        match r.ip {
            Some(ip) => self.ip.push(Some(self.ip_texts.text(ip))),
            None => self.ip.push(None),
        }
        self.country.push(r.country);
        self.country_source.push(r.country_source);
        self.outcome.push(Some(outcome(r.outcome)));
        self.record_id
            .push(r.record_id.as_ref().map(|i| i.as_str()));
        self.object.push(r.object);
        self.uri.push(r.uri);
        self.request_id.push(r.request_id);
        self.user_agent.push(r.user_agent);
        self.source_file.push(Some(r.source_file));
        self.source_line
            .append_value(i64::try_from(r.source_line).unwrap_or(i64::MAX));
    }
}

impl EventColumns {
    fn fresh() -> Self {
        Self {
            event_time: TimestampMicrosecondBuilder::with_capacity(BATCH_ROWS).with_timezone("UTC"),
            event_type: Text::new(),
            principal: Text::new(),
            principal_reason: Text::new(),
            user_id: Text::new(),
            ip: Text::new(),
            country: Text::new(),
            country_source: Text::new(),
            outcome: Text::new(),
            record_id: Text::new(),
            object: Text::new(),
            uri: Text::new(),
            request_id: Text::new(),
            user_agent: Text::new(),
            source_file: Text::new(),
            source_line: Int64Builder::with_capacity(BATCH_ROWS),
            ip_texts: IpTexts::new(),
        }
    }
}

impl Columns for EventColumns {
    fn new() -> Self {
        SPARE
            .try_with(|s| s.borrow_mut().pop())
            .ok()
            .flatten()
            .unwrap_or_else(Self::fresh)
    }

    fn recycle(self) {
        if self.is_empty() {
            // A thread being torn down keeps nothing.
            let _ = SPARE.try_with(|s| {
                let mut s = s.borrow_mut();
                if s.len() < SPARES {
                    s.push(self);
                }
            });
        }
    }

    fn len(&self) -> usize {
        self.source_line.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let times = self.event_time.finish();
        self.event_time =
            TimestampMicrosecondBuilder::with_capacity(BATCH_ROWS).with_timezone("UTC");
        let lines = self.source_line.finish();
        self.source_line = Int64Builder::with_capacity(BATCH_ROWS);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(times),
            self.event_type.finish(),
            self.principal.finish(),
            self.principal_reason.finish(),
            self.user_id.finish(),
            self.ip.finish(),
            self.country.finish(),
            self.country_source.finish(),
            self.outcome.finish(),
            self.record_id.finish(),
            self.object.finish(),
            self.uri.finish(),
            self.request_id.finish(),
            self.user_agent.finish(),
            self.source_file.finish(),
            Arc::new(lines),
        ];
        RecordBatch::try_new(<EventRow as super::ParquetRow>::schema(), columns)
    }
}
