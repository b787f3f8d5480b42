//! The first records of a log file's first bytes, read as the csv crate reads them (comma,
//! double quotes, doubled quotes inside, LF or CRLF; no header row, any number of fields) by
//! `csv_core`'s parser, whose transition tables each thread builds once. The csv crate builds
//! them for every reader (about 20 µs), and planning a hunt made three readers a file, the
//! reading task one more (issue #19). A built parser is reset and kept for the next use, not
//! cloned: `csv_core` 0.1's `Clone` of a parser copies only part of its tables.

use std::cell::Cell;

thread_local! {
    /// The parser this thread used last, reset.
    static SPARE: Cell<Option<Box<csv_core::Reader>>> = const { Cell::new(None) };
}

/// A parser at the start of its input.
fn parser() -> Box<csv_core::Reader> {
    SPARE
        .try_with(Cell::take)
        .ok()
        .flatten()
        .unwrap_or_else(|| Box::new(csv_core::ReaderBuilder::new().build()))
}

/// Records read one after another from the start of some bytes (the bytes' end is the end of
/// the input).
pub(crate) struct FirstRecords<'a> {
    /// Always `Some` but in `drop`.
    core: Option<Box<csv_core::Reader>>,
    rest: &'a [u8],
    /// How many bytes the records read so far took: where the next one starts.
    pub(crate) read: usize,
    fields: Vec<u8>,
    ends: Vec<usize>,
}

impl<'a> FirstRecords<'a> {
    /// The records of `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self {
            core: Some(parser()),
            rest: bytes,
            read: 0,
            fields: vec![0; 1024],
            ends: vec![0; 64],
        }
    }

    /// The next record; `None` at the end.
    pub(crate) fn next_record(&mut self) -> Option<csv::ByteRecord> {
        use csv_core::ReadRecordResult::{End, InputEmpty, OutputEndsFull, OutputFull, Record};
        let (mut out, mut nends) = (0, 0);
        let core = self.core.as_mut()?;
        loop {
            let (res, nin, nout, nend) = core.read_record(
                self.rest,
                self.fields.get_mut(out..).unwrap_or_default(),
                self.ends.get_mut(nends..).unwrap_or_default(),
            );
            self.rest = self.rest.get(nin..).unwrap_or_default();
            self.read += nin;
            out += nout;
            nends += nend;
            match res {
                // An empty input is the end: the next call ends the record.
                InputEmpty => {}
                OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Record => {
                    let mut rec = csv::ByteRecord::with_capacity(out, nends);
                    let mut start = 0;
                    for &end in self.ends.get(..nends).unwrap_or_default() {
                        rec.push_field(self.fields.get(start..end).unwrap_or_default());
                        start = end;
                    }
                    return Some(rec);
                }
                End => return None,
            }
        }
    }
}

impl Drop for FirstRecords<'_> {
    fn drop(&mut self) {
        if let Some(mut core) = self.core.take() {
            core.reset();
            // A thread being torn down keeps nothing.
            let _ = SPARE.try_with(|s| s.set(Some(core)));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::FirstRecords;

    proptest::proptest! {
        /// Each record and where the next starts are the csv crate's own reader's.
        #[test]
        fn the_records_are_the_csv_crates(bytes in proptest::collection::vec(
            proptest::sample::select(b"\"\",,\r\n\n ab\xef\xbb\xbf".to_vec()),
            0..200,
        )) {
            let mut csv = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(bytes.as_slice());
            let mut mine = FirstRecords::new(&bytes);
            let mut want = csv::ByteRecord::new();
            loop {
                let more = csv.read_byte_record(&mut want).unwrap();
                let got = mine.next_record();
                proptest::prop_assert_eq!(got.is_some(), more);
                if !more {
                    break;
                }
                let got = got.unwrap();
                proptest::prop_assert_eq!(got.iter().collect::<Vec<_>>(), want.iter().collect::<Vec<_>>());
                proptest::prop_assert_eq!(mine.read as u64, csv.position().byte());
            }
        }
    }

    #[test]
    fn a_kept_parser_starts_afresh() {
        for _ in 0..2 {
            // The second time, the parser is the one the first time left: it drops a BOM again.
            let mut r = FirstRecords::new("\u{feff}\"b\"\n\"c".as_bytes());
            assert_eq!(r.next_record().unwrap().get(0), Some(&b"b"[..]));
        }
    }

    #[test]
    fn long_fields_and_many_fields_grow_the_buffers() {
        let long = "y".repeat(5000);
        let many = vec!["z"; 300].join(",");
        let text = format!("\"{long}\",b\r\n{many}\n");
        let mut r = FirstRecords::new(text.as_bytes());
        let first = r.next_record().unwrap();
        assert_eq!(first.get(0), Some(long.as_bytes()));
        assert_eq!(first.len(), 2);
        assert_eq!(r.next_record().unwrap().len(), 300);
        assert!(r.next_record().is_none());
        assert_eq!(r.read, text.len());
    }
}
