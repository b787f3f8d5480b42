//! The Setup Audit Trail: the CSV downloaded from Setup (`Date,User,Source Namespace Prefix,
//! Action,Section,Delegate User`, formats.md §2.5) and the API records SIEM tools store as JSON.
//!
//! The download writes `Date` in the downloader's locale and time zone (`9/10/2026, 4:21:14 AM
//! PDT` in en_US; year first in Japanese). `9/10/2026` is September 10 in the US and October 9
//! in the UK, so a day-month date without `--locale` is refused (trap 30), and a zone
//! abbreviation other than `UTC`, `GMT` or `JST` needs `--tz` (abbreviations are ambiguous).

use crate::logs::{FileRead, LogError, LogKind, RowSink};
use ajar_model::event::AuditEvent;
use ajar_model::span::Span;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use std::io::Read;
use std::path::Path;

/// Which way round a day-month date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    /// Month first (`en_US`).
    MonthFirst,
    /// Day first (`en_GB`, most of Europe).
    DayFirst,
    /// Year first (`ja_JP`, `zh_CN`, ...).
    YearFirst,
}

impl Locale {
    /// Parses `en_US`, `en-GB`, `ja_JP`, `ja`, ... (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.replace('-', "_").to_ascii_lowercase();
        match s.as_str() {
            "en_us" | "en_ca" | "en_ph" | "us" => Some(Self::MonthFirst),
            "ja" | "ja_jp" | "zh_cn" | "zh_tw" | "ko" | "ko_kr" | "hu" | "hu_hu" => {
                Some(Self::YearFirst)
            }
            _ if s.starts_with("en_")
                || s.starts_with("fr")
                || s.starts_with("de")
                || s.starts_with("es")
                || s.starts_with("it")
                || s.starts_with("nl")
                || s.starts_with("pt") =>
            {
                Some(Self::DayFirst)
            }
            _ => None,
        }
    }
}

/// How to read Setup Audit Trail dates.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    /// The downloader's time zone (`--tz`).
    pub tz: Option<TimeZone>,
    /// The downloader's locale (`--locale`).
    pub locale: Option<Locale>,
}

/// Why an audit row could not be read. Messages never quote the row's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditError {
    /// `9/10/2026`: month and day cannot be told apart.
    #[error(
        "audit trail date is ambiguous (day/month or month/day); pass `--locale`, e.g. `--locale en_US`"
    )]
    Ambiguous,
    /// A zone abbreviation that names several zones.
    #[error(
        "audit trail date has a zone abbreviation ajar cannot resolve; pass `--tz`, e.g. `--tz America/Los_Angeles`"
    )]
    NeedsZone,
    /// Not a date ajar reads.
    #[error("audit trail date is not in a format ajar reads")]
    BadDate,
    /// A column is missing.
    #[error("audit trail row has no `{0}` value")]
    Missing(&'static str),
}

/// Parses a `Date` value of the downloaded CSV.
pub fn parse_date(s: &str, opts: &AuditOptions) -> Result<jiff::Timestamp, AuditError> {
    let s = s.trim();
    let mut tokens = s.split([' ', ',']).filter(|t| !t.is_empty());
    let date = tokens.next().ok_or(AuditError::BadDate)?;
    let time = tokens.next().ok_or(AuditError::BadDate)?;
    let mut meridiem = None;
    let mut zone = None;
    for t in tokens {
        match t.to_ascii_uppercase().as_str() {
            "AM" | "午前" => meridiem = Some(false),
            "PM" | "午後" => meridiem = Some(true),
            _ => zone = Some(t),
        }
    }
    let parts: Vec<&str> = date.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(AuditError::BadDate);
    };
    let num = |x: &str| x.parse::<i16>().map_err(|_| AuditError::BadDate);
    let (y, m, d) = if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else {
        match opts.locale {
            Some(Locale::MonthFirst) => (num(c)?, num(a)?, num(b)?),
            Some(Locale::DayFirst) => (num(c)?, num(b)?, num(a)?),
            Some(Locale::YearFirst) | None => return Err(AuditError::Ambiguous),
        }
    };
    let tparts: Vec<&str> = time.split(':').collect();
    let (h, mi, sec) = match tparts.as_slice() {
        [h, m] => (num(h)?, num(m)?, 0),
        [h, m, s] => (num(h)?, num(m)?, num(s)?),
        _ => return Err(AuditError::BadDate),
    };
    let h = match meridiem {
        Some(pm) if (1..=12).contains(&h) => (h % 12) + if pm { 12 } else { 0 },
        Some(_) => return Err(AuditError::BadDate),
        None => h,
    };
    let dt = DateTime::new(y, m as i8, d as i8, h as i8, mi as i8, sec as i8, 0)
        .map_err(|_| AuditError::BadDate)?;
    let tz = match (&opts.tz, zone) {
        (Some(tz), _) => tz.clone(),
        (None, Some("UTC" | "GMT" | "Z")) => TimeZone::UTC,
        (None, Some("JST")) => TimeZone::get("Asia/Tokyo").map_err(|_| AuditError::NeedsZone)?,
        _ => return Err(AuditError::NeedsZone),
    };
    dt.to_zoned_datetime(tz)
        .map(|z| z.timestamp())
        .map_err(|_| AuditError::BadDate)
}

pub(crate) fn read_csv<R: Read>(
    reader: R,
    path: &Path,
    opts: &AuditOptions,
    sink: &mut dyn RowSink,
) -> Result<FileRead, LogError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(crate::bounded::RowCap::new(reader));
    let mut out = FileRead {
        kind: LogKind::AuditCsv,
        rows: 0,
        truncated_after: None,
    };
    let mut rec = csv::StringRecord::new();
    let io = |e: csv::Error| LogError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(match e.kind() {
            csv::ErrorKind::Utf8 { .. } => "audit trail is not UTF-8",
            csv::ErrorKind::Io(io) if crate::bounded::is_over_cap(io) => {
                "audit trail row over 32 MiB: not a Setup Audit Trail row"
            }
            _ => "cannot read audit trail",
        }),
    };
    if !csv.read_record(&mut rec).map_err(io)? {
        return Ok(out);
    }
    let col = |name: &str| rec.iter().position(|h| h.trim() == name);
    let (Some(date), Some(user), Some(action), Some(section)) =
        (col("Date"), col("User"), col("Action"), col("Section"))
    else {
        return Ok(out);
    };
    // Rows are handed over only once the whole file has been read: a date that cannot be read
    // refuses the file, not part of it.
    let mut events = Vec::new();
    while csv.read_record(&mut rec).map_err(io)? {
        let line = rec.position().map_or(0, csv::Position::line);
        let err = |source| LogError::Audit {
            path: path.to_path_buf(),
            line,
            source,
        };
        let get = |i: usize, name| rec.get(i).map(str::trim).ok_or(AuditError::Missing(name));
        let time = parse_date(get(date, "Date").map_err(err)?, opts).map_err(err)?;
        let ev = AuditEvent {
            time,
            user: get(user, "User").map_err(err)?.to_string(),
            section: get(section, "Section").map_err(err)?.to_string(),
            action: get(action, "Action").map_err(err)?.to_string(),
            source: Span::new(String::new(), line),
        };
        events.push(ev);
    }
    out.rows = events.len() as u64;
    for ev in events {
        sink.audit(ev);
    }
    Ok(out)
}

/// An API record (`CreatedDate`, `Section`, `Display`, `CreatedById`) or AppOmni's
/// normalisation (`sfdc_created_date`, `section`, `display`, `sfdc_created_by_username`).
pub(crate) fn from_json(
    obj: &serde_json::Map<String, serde_json::Value>,
) -> Result<AuditEvent, AuditError> {
    let s = |k: &str| obj.get(k).and_then(serde_json::Value::as_str);
    let date = s("CreatedDate")
        .or(s("sfdc_created_date"))
        .ok_or(AuditError::Missing("CreatedDate"))?;
    let time = parse_iso(date).ok_or(AuditError::BadDate)?;
    let user = s("CreatedByUsername")
        .or(s("sfdc_created_by_username"))
        .or(s("CreatedById"))
        .or(s("sfdc_created_by_id"))
        .unwrap_or("");
    let section = s("Section").or(s("section")).unwrap_or("");
    let action = s("Display")
        .or(s("display"))
        .or(s("Action"))
        .or(s("action"))
        .unwrap_or("");
    Ok(AuditEvent {
        time,
        user: user.to_string(),
        section: section.to_string(),
        action: action.to_string(),
        source: Span::new(String::new(), 0),
    })
}

/// ISO 8601 with `Z`, `+00:00` or Salesforce's `+0000`.
pub fn parse_iso(s: &str) -> Option<jiff::Timestamp> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t);
    }
    // `2022-08-16T09:26:38.000+0000`: add the colon jiff wants.
    let (head, tail) = s.split_at_checked(s.len().checked_sub(5)?)?;
    if (tail.starts_with('+') || tail.starts_with('-'))
        && tail.bytes().skip(1).all(|b| b.is_ascii_digit())
    {
        let fixed = format!("{head}{}:{}", tail.get(..3)?, tail.get(3..)?);
        return fixed.parse().ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn us_date_needs_a_locale() {
        // Trap 30.
        let no = AuditOptions::default();
        assert_eq!(
            parse_date("9/10/2026, 4:21:14 AM UTC", &no),
            Err(AuditError::Ambiguous)
        );
        let us = AuditOptions {
            locale: Some(Locale::MonthFirst),
            tz: None,
        };
        assert_eq!(
            parse_date("9/10/2026, 4:21:14 AM UTC", &us).unwrap(),
            ts("2026-09-10T04:21:14Z")
        );
        let gb = AuditOptions {
            locale: Some(Locale::DayFirst),
            tz: None,
        };
        assert_eq!(
            parse_date("9/10/2026, 4:21:14 PM UTC", &gb).unwrap(),
            ts("2026-10-09T16:21:14Z")
        );
    }

    #[test]
    fn zone_abbreviations_need_tz() {
        let us = AuditOptions {
            locale: Some(Locale::MonthFirst),
            tz: None,
        };
        assert_eq!(
            parse_date("9/10/2026, 4:21:14 AM PDT", &us),
            Err(AuditError::NeedsZone)
        );
        let la = AuditOptions {
            locale: Some(Locale::MonthFirst),
            tz: Some(TimeZone::get("America/Los_Angeles").unwrap()),
        };
        assert_eq!(
            parse_date("9/10/2026, 4:21:14 AM PDT", &la).unwrap(),
            ts("2026-09-10T11:21:14Z")
        );
        assert_eq!(
            parse_date("12/1/2026, 12:05:00 AM PST", &la).unwrap(),
            ts("2026-12-01T08:05:00Z")
        );
    }

    #[test]
    fn japanese_year_first_needs_no_locale() {
        let no = AuditOptions::default();
        assert_eq!(
            parse_date("2026/09/10 4:21:14 JST", &no).unwrap(),
            ts("2026-09-09T19:21:14Z")
        );
    }

    #[test]
    fn iso_with_salesforce_offset() {
        assert_eq!(
            parse_iso("2022-08-16T09:26:38.000+0000").unwrap(),
            ts("2022-08-16T09:26:38Z")
        );
        assert_eq!(
            parse_iso("2023-03-08T18:43:00+00:00").unwrap(),
            ts("2023-03-08T18:43:00Z")
        );
        assert!(parse_iso("yesterday").is_none());
    }

    #[test]
    fn locales() {
        assert_eq!(Locale::parse("en_US"), Some(Locale::MonthFirst));
        assert_eq!(Locale::parse("en-GB"), Some(Locale::DayFirst));
        assert_eq!(Locale::parse("ja_JP"), Some(Locale::YearFirst));
        assert_eq!(Locale::parse("xx"), None);
    }
}
