//! What a hunt's report was made from, freed after the report is used (issue #19).

use super::RecAcc;
use ajar_model::sfid::SfId;

/// The states a [`super::Hunt`]'s report was made from: each record's sets of IPs and
/// countries, an allocation each. Dropped, many are freed on a thread of their own, which
/// nothing waits for (a few, or when no thread can be started, where the drop is).
///
/// They were once freed so while the report was being written: their small blocks piled up in
/// the allocator's free lists, which the writing thread's next large allocation then sorted
/// through, about 12 ms of a hunt's serial end over a report of 92,000 records. A program that
/// ends once the report is written can forget this instead: the system takes the memory back
/// at once.
#[derive(Debug)]
pub struct Spent {
    records: Vec<(SfId, RecAcc)>,
}

impl Spent {
    pub(super) fn new(records: Vec<(SfId, RecAcc)>) -> Self {
        Self { records }
    }
}

impl Drop for Spent {
    fn drop(&mut self) {
        // A small report's states cost less to free than a thread to start.
        if self.records.len() < super::finish::PARALLEL_RECORDS {
            return;
        }
        let records = std::mem::take(&mut self.records);
        let _ = std::thread::Builder::new()
            .name("ajar-drop".into())
            .spawn(move || drop(records));
    }
}
