//! Indicators of compromise: a CSV of `type,value[,source]` rows (`ajar hunt --ioc`), and the
//! `TYPE=VALUE` form of `--actor` (issue #16; the kinds of indicator published for API
//! intrusions are in intrusions.md §2).
//!
//! A header row `type,value[,source]` is optional; blank lines and lines starting with `#` are
//! skipped. Values are checked for their kind (an IP parses, a CIDR has a prefix length that
//! fits its address family); matching them against events is the analysis' job.

use ajar_model::actor::{Indicator, IndicatorKind};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// Why an indicator could not be read. Messages name the file and line, never the value.
#[derive(Debug, thiserror::Error)]
pub enum IocError {
    /// The file could not be read.
    #[error("{}: cannot read", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A row is not a usable indicator.
    #[error("{}:{line}: {reason}", .path.display())]
    Row {
        /// The file.
        path: PathBuf,
        /// The row's line.
        line: u64,
        /// Why (never the value).
        reason: String,
    },
    /// An `--actor` value is not `TYPE=VALUE`.
    #[error("`--actor`: {reason}")]
    Actor {
        /// Why.
        reason: String,
    },
}

fn kinds() -> String {
    IndicatorKind::ALL
        .iter()
        .map(|(n, _)| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a value for its kind; the reason never quotes it.
fn check(kind: IndicatorKind, value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(format!("the `{}` indicator has no value", kind.name()));
    }
    match kind {
        IndicatorKind::Ip => {
            value
                .parse::<IpAddr>()
                .map_err(|_| "an `ip` indicator that is not an IPv4 or IPv6 address".to_owned())?;
        }
        IndicatorKind::Cidr => {
            cidr(value).ok_or_else(|| {
                "a `cidr` indicator that is not ADDRESS/PREFIX (e.g. 185.220.101.0/24)".to_owned()
            })?;
        }
        _ => {}
    }
    Ok(value.to_owned())
}

/// A CIDR's network and prefix length, when it is one.
pub fn cidr(value: &str) -> Option<(IpAddr, u8)> {
    let (addr, len) = value.trim().split_once('/')?;
    let addr: IpAddr = addr.parse().ok()?;
    let len: u8 = len.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    (len <= max).then_some((addr, len))
}

/// Reads an IOC file.
pub fn parse(path: &Path) -> Result<Vec<Indicator>, IocError> {
    let bytes = fs_err::read(path).map_err(|e| IocError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(e.kind(), "read failed"),
    })?;
    let bytes = bytes
        .strip_prefix(&[0xEF, 0xBB, 0xBF][..])
        .unwrap_or(&bytes);
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let err = |line: u64, reason: String| IocError::Row {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let mut out = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        let line = csv.position().line();
        match csv.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return Err(err(line, "not a CSV row (or not UTF-8)".to_owned())),
        }
        let line = rec.position().map_or(line, csv::Position::line);
        let kind_text = rec.get(0).unwrap_or("").trim();
        // Comments are skipped here rather than by the reader's `comment` option, which leaves
        // them out of its line count and would name the wrong line in an error.
        if (rec.len() == 1 && kind_text.is_empty()) || kind_text.starts_with('#') {
            continue;
        }
        if out.is_empty() && kind_text.eq_ignore_ascii_case("type") {
            continue;
        }
        if !(2..=3).contains(&rec.len()) {
            return Err(err(
                line,
                format!("expected `type,value[,source]`, found {} fields", rec.len()),
            ));
        }
        let kind = IndicatorKind::parse(kind_text).ok_or_else(|| {
            err(
                line,
                format!("unknown indicator type (expected one of {})", kinds()),
            )
        })?;
        let value = check(kind, rec.get(1).unwrap_or("")).map_err(|r| err(line, r))?;
        out.push(Indicator {
            kind,
            value,
            source: rec
                .get(2)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            origin: format!("{name}:{line}"),
        });
    }
    if out.is_empty() {
        return Err(err(1, "no indicator in the file".to_owned()));
    }
    Ok(out)
}

/// Reads one `--actor TYPE=VALUE`.
pub fn parse_actor(arg: &str) -> Result<Indicator, IocError> {
    let (kind, value) = arg.split_once('=').ok_or_else(|| IocError::Actor {
        reason: format!("expected TYPE=VALUE, TYPE one of {}", kinds()),
    })?;
    let kind = IndicatorKind::parse(kind).ok_or_else(|| IocError::Actor {
        reason: format!("unknown indicator type (expected one of {})", kinds()),
    })?;
    let value = check(kind, value).map_err(|reason| IocError::Actor { reason })?;
    Ok(Indicator {
        kind,
        value,
        source: None,
        origin: "--actor".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("iocs.csv");
        std::fs::write(&p, text).unwrap();
        (dir, p)
    }

    #[test]
    fn reads_every_kind_with_a_header_comments_and_sources() {
        let (_d, p) = file(
            "type,value,source\n# Drift, GTIG\nip,208.68.36.90,GTIG\ncidr,185.220.101.0/24\nuser_agent,\"python-requests/2.32.4\",GTIG\nuser,integration@example.com\nconnected_app,Drift\nclient_name,DataLoaderPartnerUI/\nsession_key,abc\nlogin_key,xyz\n",
        );
        let got = parse(&p).unwrap();
        assert_eq!(got.len(), 8);
        assert_eq!(got[0].kind, IndicatorKind::Ip);
        assert_eq!(got[0].source.as_deref(), Some("GTIG"));
        assert_eq!(got[0].origin, "iocs.csv:3");
        assert_eq!(got[1].kind, IndicatorKind::Cidr);
        assert_eq!(got[7].kind, IndicatorKind::LoginKey);
    }

    #[test]
    fn a_bad_row_names_file_and_line_not_the_value() {
        let (_d, p) = file("ip,208.68.36.90\nip,not-an-ip-secret\n");
        let e = parse(&p).unwrap_err().to_string();
        assert!(
            e.ends_with("iocs.csv:2: an `ip` indicator that is not an IPv4 or IPv6 address"),
            "{e}"
        );
        assert!(!e.contains("secret"));
        let (_d, p) = file("ip,1.2.3.4\nhostname,evil.example\n");
        let e = parse(&p).unwrap_err().to_string();
        assert!(e.contains("iocs.csv:2: unknown indicator type"), "{e}");
        assert!(!e.contains("evil"));
        let (_d, p) = file("cidr,10.0.0.0/33\n");
        assert!(parse(&p).unwrap_err().to_string().contains("iocs.csv:1"));
        let (_d, p) = file("type,value\n");
        assert!(parse(&p).unwrap_err().to_string().contains("no indicator"));
    }

    #[test]
    fn actor_arguments() {
        let i = parse_actor("user_agent=Salesforce-Multi-Org-Fetcher/1.0").unwrap();
        assert_eq!(i.kind, IndicatorKind::UserAgent);
        assert_eq!(i.value, "Salesforce-Multi-Org-Fetcher/1.0");
        assert!(parse_actor("ip").is_err());
        assert!(parse_actor("asn=1234").is_err());
        assert!(parse_actor("ip=").is_err());
    }
}
