//! Request-level evidence kept for `ajar investigate` (issue #14).

use ajar_model::event::{Client, Submission};
use ajar_model::sfid::SfId;
use std::collections::HashMap;

/// Reads per record and client, and form submissions (issue #14).
#[derive(Debug, Default)]
pub(super) struct Requests {
    pub(super) reads: HashMap<(SfId, Client), (jiff::Timestamp, jiff::Timestamp, u64)>,
    pub(super) submissions: Vec<Submission>,
}

impl Requests {
    pub(super) fn read(&mut self, id: SfId, client: Client, time: jiff::Timestamp) {
        let e = self.reads.entry((id, client)).or_insert((time, time, 0));
        e.0 = e.0.min(time);
        e.1 = e.1.max(time);
        e.2 += 1;
    }

    pub(super) fn merge(&mut self, other: Requests) {
        for ((id, client), (first, last, n)) in other.reads {
            let e = self.reads.entry((id, client)).or_insert((first, last, 0));
            e.0 = e.0.min(first);
            e.1 = e.1.max(last);
            e.2 += n;
        }
        self.submissions.extend(other.submissions);
    }
}
