//! JSON lines: one object per row, the Parquet columns as keys, `null` for absent values.

use super::TableError;
use std::io::{BufWriter, Write};

pub(super) struct JsonlFile {
    out: BufWriter<Box<dyn Write + Send>>,
    rows: u64,
}

impl JsonlFile {
    pub(super) fn new(file: Box<dyn Write + Send>) -> Self {
        Self {
            out: BufWriter::with_capacity(1 << 16, file),
            rows: 0,
        }
    }

    pub(super) fn write<R: serde::Serialize>(
        &mut self,
        row: &R,
        path: &str,
    ) -> Result<(), TableError> {
        self.rows += 1;
        serde_json::to_writer(&mut self.out, row).map_err(|e| TableError::Encode {
            path: path.to_owned(),
            row: self.rows,
            source: Box::new(e),
        })?;
        self.out.write_all(b"\n").map_err(|source| TableError::Io {
            path: path.to_owned(),
            source,
        })
    }

    pub(super) fn finish(mut self, path: &str) -> Result<(), TableError> {
        self.out.flush().map_err(|source| TableError::Io {
            path: path.to_owned(),
            source,
        })
    }
}
