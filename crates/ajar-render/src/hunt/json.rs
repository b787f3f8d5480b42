//! The `ajar.hunt/1.1` JSON document (documented field by field in `docs/hunt.md`).

use ajar_model::event::{AccessedRecord, HuntReport, IpSummary};
use serde::Serialize;
use std::io::Write;
use std::sync::mpsc;

mod elements;
mod numbers;

/// An element of the report's two long arrays, and how a slice of them is written.
trait Element: Serialize + Sync + Sized {
    /// `piece` as it appears inside its array: `\n    {…},\n    {…}`, as serde_json's pretty
    /// printer writes it one level deep (written into `buf`, emptied first).
    fn piece_text(piece: &[Self], buf: &mut Vec<u8>) -> std::io::Result<()>;
}

impl Element for IpSummary {
    fn piece_text(piece: &[Self], buf: &mut Vec<u8>) -> std::io::Result<()> {
        elements::ips(piece, buf)
    }
}

impl Element for AccessedRecord {
    fn piece_text(piece: &[Self], buf: &mut Vec<u8>) -> std::io::Result<()> {
        elements::records(piece, buf)
    }
}

/// Pretty-printed JSON with a final newline.
pub fn render(report: &HuntReport) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(report)?;
    s.push('\n');
    Ok(s)
}

/// [`render`]'s bytes written to `out` as they are made, never held whole (a hunt over every
/// principal lists every record staff read: tens of MB). The two long arrays, `accessed` and
/// `ips`, are serialised a few slices at a time on every core (the serialisation was the
/// larger half of `hunt`'s serial end, issue #19); the bytes are [`render`]'s.
pub fn write(report: &HuntReport, out: &mut dyn Write) -> std::io::Result<()> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    write_with(
        report,
        out,
        Split {
            threads,
            piece: 1024,
        },
    )
}

/// How the long arrays are shared out.
#[derive(Debug, Clone, Copy)]
struct Split {
    /// Threads serialising at once (1: the plain serial writer).
    threads: usize,
    /// Elements a thread serialises at a time.
    piece: usize,
}

/// The key of a top-level array as the pretty printer writes it when the array is empty.
const ACCESSED: &[u8] = b"\n  \"accessed\": []";
const IPS: &[u8] = b"\n  \"ips\": []";

fn write_with(report: &HuntReport, out: &mut dyn Write, split: Split) -> std::io::Result<()> {
    let long = report.accessed.len().max(report.ips.len());
    if split.threads < 2 || long <= split.piece {
        serde_json::to_writer_pretty(&mut *out, report)?;
        return out.write_all(b"\n");
    }
    // The document without its two long arrays; they are spliced in where it has `[]`. A JSON
    // string holds no raw newline, so a newline, two spaces and a key can only be a top-level
    // key.
    let skeleton = HuntReport {
        schema: report.schema.clone(),
        tool_version: report.tool_version.clone(),
        coverage: report.coverage.clone(),
        gaps: report.gaps.clone(),
        accessed: Vec::new(),
        ips: Vec::new(),
        skipped: report.skipped.clone(),
        geoip: report.geoip.clone(),
        audit: report.audit.clone(),
        requests: report.requests.clone(),
        actor: report.actor.clone(),
        findings: report.findings.clone(),
    };
    let text = serde_json::to_vec_pretty(&skeleton)?;
    let (Some(a), Some(i)) = (find(&text, ACCESSED), find(&text, IPS)) else {
        serde_json::to_writer_pretty(&mut *out, report)?;
        return out.write_all(b"\n");
    };
    // Each `[]` is the last two bytes of its pattern; the arrays go in where they stand.
    let mut spots = [
        (a + ACCESSED.len() - 2, Long::Accessed),
        (i + IPS.len() - 2, Long::Ips),
    ];
    spots.sort_by_key(|s| s.0);
    let mut from = 0;
    for (at, which) in spots {
        out.write_all(text.get(from..at).unwrap_or_default())?;
        match which {
            Long::Accessed => array(&report.accessed, out, split)?,
            Long::Ips => array(&report.ips, out, split)?,
        }
        from = at + 2;
    }
    out.write_all(text.get(from..).unwrap_or_default())?;
    out.write_all(b"\n")
}

/// The two long arrays of the report.
#[derive(Debug, Clone, Copy)]
enum Long {
    Accessed,
    Ips,
}

/// Where `pattern` first occurs in `text`.
fn find(text: &[u8], pattern: &[u8]) -> Option<usize> {
    text.windows(pattern.len()).position(|w| w == pattern)
}

/// A top-level array, as the pretty printer writes it one level deep: `[`, each element on a
/// line of its own indented by four spaces, `]` indented by two. The array's pieces of
/// `split.piece` elements are dealt out in turn to `split.threads` writers, this thread one of
/// them, each helper started once: a helper's finished piece waits (one at most) until this
/// thread writes it, in order, and its buffer goes back to it. (A thread started for every
/// round of pieces, the round waiting for its slowest, left a core idle for part of each
/// round, issue #19.)
fn array<T: Element>(items: &[T], out: &mut dyn Write, split: Split) -> std::io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let pieces: Vec<&[T]> = items.chunks(split.piece.max(1)).collect();
    let writers = split.threads.clamp(1, pieces.len());
    std::thread::scope(|s| {
        let mut helpers = Vec::new();
        let mut handles = Vec::new();
        // Helper k writes pieces k, k + writers, k + 2 * writers...
        for k in 1..writers {
            let (full_tx, full_rx) = mpsc::sync_channel::<(Vec<u8>, std::io::Result<()>)>(1);
            let (empty_tx, empty_rx) = mpsc::channel::<Vec<u8>>();
            let pieces = &pieces;
            handles.push(s.spawn(move || {
                for piece in pieces.iter().skip(k).step_by(writers) {
                    let mut buf = empty_rx.try_recv().unwrap_or_default();
                    let written = T::piece_text(piece, &mut buf);
                    if full_tx.send((buf, written)).is_err() {
                        return;
                    }
                }
            }));
            helpers.push((full_rx, empty_tx));
        }
        let mut result = in_order(&pieces, &helpers, out);
        // A helper waiting to hand over a piece stops when its channel closes.
        drop(helpers);
        for h in handles {
            if h.join().is_err() {
                result = result.and(Err(std::io::Error::other("a JSON writer panicked")));
            }
        }
        result
    })?;
    out.write_all(b"\n  ]")
}

/// A helper's channels: its finished pieces, and its buffers given back.
type Helper = (
    mpsc::Receiver<(Vec<u8>, std::io::Result<()>)>,
    mpsc::Sender<Vec<u8>>,
);

/// Writes the pieces in order, comma-separated: piece `i` is this thread's to make when `i` is
/// a multiple of the writers' number, else helper `i % writers`'s next.
fn in_order<T: Element>(
    pieces: &[&[T]],
    helpers: &[Helper],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let writers = helpers.len() + 1;
    let mut mine = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        match (i % writers).checked_sub(1).and_then(|k| helpers.get(k)) {
            None => {
                T::piece_text(piece, &mut mine)?;
                out.write_all(&mine)?;
            }
            Some((full, empty)) => {
                let (buf, written) = full
                    .recv()
                    .map_err(|_| std::io::Error::other("a JSON writer stopped"))?;
                written?;
                out.write_all(&buf)?;
                // A helper that has no piece left has gone: its buffer is not needed.
                let _ = empty.send(buf);
            }
        }
    }
    Ok(())
}

/// Elements of a top-level array as they appear inside it: `\n    {…},\n    {…}`, without the
/// brackets (written into `buf`, emptied first), through serde: what the hand-written
/// [`Element::piece_text`] of each element type is tested against.
#[cfg(test)]
fn piece_text<T: Serialize>(piece: &[T], buf: &mut Vec<u8>) -> std::io::Result<()> {
    // Serialised at the top level (`[\n  {…},\n  {…}\n]`), then moved one level down: two more
    // spaces after every newline.
    let flat = serde_json::to_vec_pretty(piece)?;
    let inner = flat
        .get(1..flat.len().saturating_sub(2))
        .unwrap_or_default();
    buf.clear();
    buf.reserve(inner.len() + inner.len() / 8);
    for line in inner.split_inclusive(|&b| b == b'\n') {
        buf.extend_from_slice(line);
        if line.last() == Some(&b'\n') {
            buf.extend_from_slice(b"  ");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::{Split, render, write_with};
    use ajar_model::event::HuntReport;

    /// The sample report with `n` records and IPs, so that the arrays span several pieces.
    fn long(n: usize) -> HuntReport {
        let mut r = crate::hunt::tests::sample();
        let (rec, ip) = (r.accessed[0].clone(), r.ips[0].clone());
        r.accessed = (0..n).map(|_| rec.clone()).collect();
        r.ips = (0..n / 2).map(|_| ip.clone()).collect();
        r
    }

    /// The hand-written elements' bytes, then serde's.
    fn both<T: super::Element>(items: &[T]) -> (String, String) {
        let (mut hand, mut serde) = (Vec::new(), Vec::new());
        T::piece_text(items, &mut hand).unwrap();
        super::piece_text(items, &mut serde).unwrap();
        (
            String::from_utf8(hand).unwrap(),
            String::from_utf8(serde).unwrap(),
        )
    }

    #[test]
    fn hand_written_ips_match_serde() {
        let base = crate::hunt::tests::sample().ips;
        let mut ips = Vec::new();
        for (n, a) in base.iter().cycle().take(10).enumerate() {
            let mut a = a.clone();
            match n % 5 {
                0 => a.user_agents.clear(),
                1 => a.country = None,
                2 => a.country_source = None,
                3 => a.user_agents = vec!["Mozilla/5.0 \"quoted\"\t\\".into(), "curl/8".into()],
                _ => a.attempts = u64::MAX,
            }
            a.ip = std::net::IpAddr::from([10, 0, (n / 3) as u8, n as u8]);
            if n % 2 == 0 {
                a.ip = std::net::IpAddr::from([0x2001, 0xdb8, 0, 0, 0, 0, 0, n as u16]);
            }
            a.last = jiff::Timestamp::from_nanosecond(n as i128 * 987_654_321).unwrap();
            ips.push(a);
        }
        for k in 0..=ips.len() {
            let (hand, serde) = both(&ips[..k]);
            assert_eq!(hand, serde);
        }
    }

    #[test]
    fn hand_written_records_match_serde() {
        let base = crate::hunt::tests::sample().accessed;
        let mut records = Vec::new();
        for (n, r) in base.iter().cycle().take(12).enumerate() {
            let mut r = r.clone();
            match n % 6 {
                0 => r.ips.clear(),
                1 => r.countries.clear(),
                2 => r.object = Some("Quote\"and\\back\u{1}slash\u{e9}".into()),
                3 => r.countries = vec!["J\"P".into(), "\n".into(), "\u{7f}".into()],
                4 => r.events = u64::MAX,
                _ => r.object = None,
            }
            r.first_seen = jiff::Timestamp::from_nanosecond(n as i128 * 1_234_567_891).unwrap();
            records.push(r);
        }
        for k in 0..=records.len() {
            let (hand, serde) = both(&records[..k]);
            assert_eq!(hand, serde);
        }
    }

    /// Accepts `room` bytes, then fails.
    struct Full {
        room: usize,
    }

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.room {
                return Err(std::io::Error::other("disk full"));
            }
            self.room -= buf.len();
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_stops_every_writer() {
        let r = long(200);
        let mut whole = Vec::new();
        write_with(
            &r,
            &mut whole,
            Split {
                threads: 3,
                piece: 4,
            },
        )
        .unwrap();
        // Failing at the start, in the middle of the records, and in the IPs: the error comes
        // back (no helper left waiting to hand over a piece).
        for room in [0, whole.len() / 3, whole.len() - 10] {
            let got = write_with(
                &r,
                &mut Full { room },
                Split {
                    threads: 3,
                    piece: 4,
                },
            );
            assert_eq!(got.unwrap_err().to_string(), "disk full", "{room}");
        }
    }

    #[test]
    fn split_bytes_are_the_serial_bytes() {
        for (n, threads, piece) in [(0, 2, 1), (1, 2, 1), (7, 3, 2), (50, 2, 7), (64, 4, 8)] {
            let check = |r: &HuntReport| {
                let mut got = Vec::new();
                write_with(r, &mut got, Split { threads, piece }).unwrap();
                let want = render(r).unwrap();
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    want,
                    "{n} {threads} {piece}"
                );
            };
            let mut r = long(n);
            check(&r);
            // Empty and one-element arrays on either side of the long one.
            r.ips.truncate(1);
            check(&r);
        }
    }
}
