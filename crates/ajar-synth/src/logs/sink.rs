//! A log file: plain or gzip, counting bytes before compression.

use crate::SynthError;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

enum Inner {
    Plain(BufWriter<File>),
    Gz(Box<GzEncoder<BufWriter<File>>>),
}

pub(crate) struct Sink {
    inner: Inner,
    pub(crate) raw: u64,
}

impl Sink {
    pub(crate) fn create(path: &Path, gz: bool) -> Result<Self, SynthError> {
        let file = fs_err::File::create(path)?.into_parts().0;
        let w = BufWriter::with_capacity(1 << 18, file);
        let inner = if gz {
            Inner::Gz(Box::new(GzEncoder::new(w, Compression::fast())))
        } else {
            Inner::Plain(w)
        };
        Ok(Self { inner, raw: 0 })
    }

    /// Writes and clears `buf`.
    pub(crate) fn put(&mut self, buf: &mut Vec<u8>) -> Result<(), SynthError> {
        match &mut self.inner {
            Inner::Plain(w) => w.write_all(buf)?,
            Inner::Gz(w) => w.write_all(buf)?,
        }
        self.raw += buf.len() as u64;
        buf.clear();
        Ok(())
    }

    /// Writes `buf` once it is large enough.
    pub(crate) fn maybe(&mut self, buf: &mut Vec<u8>) -> Result<(), SynthError> {
        if buf.len() >= 1 << 16 {
            self.put(buf)
        } else {
            Ok(())
        }
    }

    /// Flushes; returns the bytes on disk.
    pub(crate) fn finish(self) -> Result<u64, SynthError> {
        let file = match self.inner {
            Inner::Plain(w) => w.into_inner().map_err(|e| e.into_error())?,
            Inner::Gz(w) => w.finish()?.into_inner().map_err(|e| e.into_error())?,
        };
        Ok(file.metadata()?.len())
    }
}
