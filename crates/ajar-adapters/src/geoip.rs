//! IP address → country, from a MaxMind-format `.mmdb` or a CSV of ranges.
//!
//! `.mmdb` files are read with the `maxminddb` crate; the country is `country.iso_code`
//! (GeoIP2, GeoLite2 and DB-IP Lite layouts) or a flat `country_code` (formats.md §2.9). The
//! `registered_country` is ignored on purpose: MaxMind's test data maps 81.2.69.142 to GB as
//! `country` and US as `registered_country` (trap 31). A CSV holds `start,end,country` rows,
//! IPv4 and IPv6, with or without a header.

use ajar_model::event::GeoipInfo;
use std::io::{Read, Seek, SeekFrom};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// The largest MaxMind DB read (it is read whole): the largest commercial databases stay well
/// below it.
pub const MAX_MMDB: u64 = 1 << 30;

/// Why a GeoIP database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum GeoipError {
    /// The file could not be read.
    #[error("{}: cannot read", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Not a MaxMind DB.
    #[error("{}: not a valid MaxMind DB", .path.display())]
    Mmdb {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: maxminddb::MaxMindDbError,
    },
    /// A line over [`crate::bounded::MAX_ROW`] (a CSV), or a MaxMind DB over
    /// [`MAX_MMDB`].
    #[error("{}:{line}: over the size limit (32 MiB per CSV line, 1 GiB per MaxMind DB)", .path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The line (0 for a MaxMind DB).
        line: u64,
    },
    /// A CSV row that is not `start,end,country`.
    #[error("{}:{line}: expected `start,end,country` with IP addresses of one family", .path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
    },
    /// A range that ends before it starts.
    #[error("{}:{line}: the range ends before it starts", .path.display())]
    Reversed {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
    },
    /// Two ranges share addresses: which country those IPs have is unknown, and a lookup
    /// would silently pick one (issue #15).
    #[error("{}:{line}: the range overlaps the one on line {other}: the IPs they share have two countries", .path.display())]
    Overlap {
        /// The file.
        path: PathBuf,
        /// The later range's line.
        line: u64,
        /// The other range's line.
        other: u64,
    },
}

/// An opened GeoIP database.
pub struct GeoIp {
    inner: Inner,
    info: GeoipInfo,
}

impl std::fmt::Debug for GeoIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeoIp")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

enum Inner {
    Mmdb(Box<maxminddb::Reader<Vec<u8>>>),
    Ranges {
        v4: Vec<(u32, u32, String)>,
        v6: Vec<(u128, u128, String)>,
    },
}

impl GeoIp {
    /// Opens a `.mmdb` (recognised by its metadata marker) or a CSV of ranges.
    pub fn open(path: &Path) -> Result<Self, GeoipError> {
        let io = |e: std::io::Error| GeoipError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(e.kind(), "cannot read"),
        };
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        const MARKER: &[u8] = b"\xAB\xCD\xEFMaxMind.com";
        // A MaxMind DB ends with its metadata, marker included, in at most 128 KiB: only the
        // tail is read to tell the formats apart, so a huge CSV is never read whole.
        let mut f = fs_err::File::open(path).map_err(io)?;
        let size = f.metadata().map_err(io)?.len();
        let tail_len = size.min(128 << 10);
        f.seek(SeekFrom::Start(size - tail_len)).map_err(io)?;
        let mut tail = Vec::new();
        (&mut f).take(tail_len).read_to_end(&mut tail).map_err(io)?;
        if memchr::memmem::rfind(&tail, MARKER).is_some() {
            let bytes = crate::bounded::read_file(path, MAX_MMDB).map_err(|e| {
                if crate::bounded::is_over_cap(&e) {
                    GeoipError::TooLarge {
                        path: path.to_path_buf(),
                        line: 0,
                    }
                } else {
                    io(e)
                }
            })?;
            let reader =
                maxminddb::Reader::from_source(bytes).map_err(|source| GeoipError::Mmdb {
                    path: path.to_path_buf(),
                    source,
                })?;
            let meta = reader.metadata();
            let built = i64::try_from(meta.build_epoch)
                .ok()
                .and_then(|s| jiff::Timestamp::from_second(s).ok())
                .map(|t| t.strftime("%Y-%m-%d").to_string());
            let info = GeoipInfo {
                file,
                database: meta.database_type.clone(),
                built,
            };
            return Ok(Self {
                inner: Inner::Mmdb(Box::new(reader)),
                info,
            });
        }
        f.seek(SeekFrom::Start(0)).map_err(io)?;
        let reader = crate::bounded::RowCap::new(std::io::BufReader::new(f));
        let (v4, v6) = parse_ranges(reader, path)?;
        let info = GeoipInfo {
            file,
            database: "csv".into(),
            built: None,
        };
        Ok(Self {
            inner: Inner::Ranges { v4, v6 },
            info,
        })
    }

    /// Name, type and build date, for the report.
    pub fn info(&self) -> &GeoipInfo {
        &self.info
    }

    /// The country (ISO 3166-1 alpha-2) of a public IP; `None` for private, loopback and
    /// unknown addresses.
    pub fn country(&self, ip: IpAddr) -> Option<String> {
        if !is_public(ip) {
            return None;
        }
        match &self.inner {
            Inner::Mmdb(reader) => {
                let found = reader.lookup(ip).ok()?;
                let iso: Option<String> = found
                    .decode_path(&[
                        maxminddb::PathElement::Key("country"),
                        maxminddb::PathElement::Key("iso_code"),
                    ])
                    .ok()
                    .flatten();
                iso.or_else(|| {
                    found
                        .decode_path(&[maxminddb::PathElement::Key("country_code")])
                        .ok()
                        .flatten()
                })
            }
            Inner::Ranges { v4, v6 } => match ip {
                IpAddr::V4(a) => find(v4, u32::from(a)),
                IpAddr::V6(a) => match a.to_ipv4_mapped() {
                    Some(m) => find(v4, u32::from(m)),
                    None => find(v6, u128::from(a)),
                },
            },
        }
    }
}

fn find<T: Ord + Copy>(ranges: &[(T, T, String)], ip: T) -> Option<String> {
    let i = ranges.partition_point(|(start, _, _)| *start <= ip);
    let (_, end, cc) = ranges.get(i.checked_sub(1)?)?;
    (ip <= *end).then(|| cc.clone())
}

/// Private, loopback, link-local and documentation addresses have no country.
fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => {
            !(a.is_private() || a.is_loopback() || a.is_link_local() || a.is_unspecified())
        }
        IpAddr::V6(a) => {
            let seg0 = a.segments().first().copied().unwrap_or(0);
            !(a.is_loopback()
                || a.is_unspecified()
                || (seg0 & 0xfe00) == 0xfc00
                || (seg0 & 0xffc0) == 0xfe80)
        }
    }
}

type Ranges = (Vec<(u32, u32, String)>, Vec<(u128, u128, String)>);

fn parse_ranges(reader: impl Read, path: &Path) -> Result<Ranges, GeoipError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let mut v4 = Vec::new();
    let mut v6 = Vec::new();
    let mut rec = csv::StringRecord::new();
    let mut first = true;
    loop {
        let line = csv.position().line();
        match csv.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(io) if crate::bounded::is_over_cap(io)) =>
            {
                return Err(GeoipError::TooLarge {
                    path: path.to_path_buf(),
                    line,
                });
            }
            Err(_) => {
                return Err(GeoipError::Csv {
                    path: path.to_path_buf(),
                    line,
                });
            }
        }
        let bad = || GeoipError::Csv {
            path: path.to_path_buf(),
            line,
        };
        let (Some(s), Some(e), Some(cc)) = (rec.get(0), rec.get(1), rec.get(2)) else {
            if rec.iter().all(str::is_empty) {
                continue;
            }
            return Err(bad());
        };
        let parsed = (s.parse::<IpAddr>(), e.parse::<IpAddr>());
        let was_first = std::mem::replace(&mut first, false);
        let reversed = || GeoipError::Reversed {
            path: path.to_path_buf(),
            line,
        };
        match parsed {
            (Ok(IpAddr::V4(s)), Ok(IpAddr::V4(e))) => {
                if s > e {
                    return Err(reversed());
                }
                v4.push((u32::from(s), u32::from(e), cc.to_string(), line));
            }
            (Ok(IpAddr::V6(s)), Ok(IpAddr::V6(e))) => {
                if s > e {
                    return Err(reversed());
                }
                v6.push((u128::from(s), u128::from(e), cc.to_string(), line));
            }
            // A header row.
            (Err(_), Err(_)) if was_first => {}
            _ => return Err(bad()),
        }
    }
    Ok((disjoint(v4, path)?, disjoint(v6, path)?))
}

/// Sorts ranges and refuses overlapping or nested ones (an exact repeat is one range): the
/// lookup finds the last range starting at or before an IP, which needs disjoint ranges.
fn disjoint<T: Ord + Copy>(
    mut v: Vec<(T, T, String, u64)>,
    path: &Path,
) -> Result<Vec<(T, T, String)>, GeoipError> {
    v.sort();
    v.dedup_by(|b, a| (a.0, a.1, &a.2) == (b.0, b.1, &b.2));
    for w in v.windows(2) {
        if let [a, b] = w
            && b.0 <= a.1
        {
            return Err(GeoipError::Overlap {
                path: path.to_path_buf(),
                line: a.3.max(b.3),
                other: a.3.min(b.3),
            });
        }
    }
    Ok(v.into_iter().map(|(s, e, cc, _)| (s, e, cc)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn csv_ranges_v4_and_v6() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "ip.csv",
            b"start,end,country\n81.2.69.142,81.2.69.143,GB\n2001:218::,2001:218:ffff:ffff:ffff:ffff:ffff:ffff,JP\n216.160.83.56,216.160.83.63,US\n",
        );
        let g = GeoIp::open(&p).unwrap();
        assert_eq!(
            g.country("81.2.69.142".parse().unwrap()).as_deref(),
            Some("GB")
        );
        assert_eq!(
            g.country("216.160.83.60".parse().unwrap()).as_deref(),
            Some("US")
        );
        assert_eq!(g.country("216.160.83.64".parse().unwrap()), None);
        assert_eq!(
            g.country("2001:218::1".parse().unwrap()).as_deref(),
            Some("JP")
        );
        assert_eq!(g.country("10.0.0.1".parse().unwrap()), None);
        assert_eq!(g.info().database, "csv");
    }

    #[test]
    /// Issue #15, class 6: reversed, overlapping and nested ranges are refused by line; an
    /// exact repeat is one range.
    fn issue15_ranges_must_be_ordered_and_disjoint() {
        let dir = tempfile::tempdir().unwrap();
        let open = |name: &str, body: &[u8]| {
            GeoIp::open(&write(dir.path(), name, body)).map_err(|e| e.to_string())
        };
        let e = open("r.csv", b"1.0.0.9,1.0.0.1,AU\n").unwrap_err();
        assert!(
            e.ends_with("r.csv:1: the range ends before it starts"),
            "{e}"
        );
        let e = open(
            "o.csv",
            b"1.0.0.0,1.0.0.9,AU\n2.0.0.0,2.0.0.1,JP\n1.0.0.5,1.0.1.0,CN\n",
        )
        .unwrap_err();
        assert!(e.ends_with("o.csv:3: the range overlaps the one on line 1: the IPs they share have two countries"), "{e}");
        let e = open("n.csv", b"::1:0,::1:ffff,JP\n::1:10,::1:20,US\n").unwrap_err();
        assert!(e.contains("n.csv:2: the range overlaps"), "{e}");
        let g = open("d.csv", b"1.0.0.0,1.0.0.9,AU\n1.0.0.0,1.0.0.9,AU\n").unwrap();
        assert_eq!(g.country("1.0.0.5".parse().unwrap()).as_deref(), Some("AU"));
    }

    #[test]
    fn bad_csv_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "ip.csv", b"1.0.0.0,1.0.0.255,AU\nnot,an,ip\n");
        let e = GeoIp::open(&p).unwrap_err().to_string();
        assert!(
            e.ends_with("ip.csv:2: expected `start,end,country` with IP addresses of one family"),
            "{e}"
        );
    }

    #[test]
    fn mmdb_country_not_registered_country() {
        // Trap 31: MaxMind's test data puts 81.2.69.142 in GB, registered in US. The fixture
        // (testdata/handmade/geoip/README.md) holds that network with `country` GB and
        // `registered_country` US, 2001:218::/32 in JP, and 175.16.199.0/24 with a flat
        // `country_code` CN, as DB-IP's and IPinfo's country databases write it.
        let p = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../testdata/handmade/geoip/country-test.mmdb"
        ));
        let g = GeoIp::open(p).unwrap();
        assert_eq!(
            g.country("81.2.69.142".parse().unwrap()).as_deref(),
            Some("GB")
        );
        assert_eq!(
            g.country("2001:218::5".parse().unwrap()).as_deref(),
            Some("JP")
        );
        assert_eq!(
            g.country("175.16.199.7".parse().unwrap()).as_deref(),
            Some("CN")
        );
        assert_eq!(g.country("198.51.100.1".parse().unwrap()), None);
        assert_eq!(g.info().database, "GeoIP2-Country-Test");
        assert!(g.info().built.is_some());
    }
}
