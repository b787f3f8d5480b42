//! `geoip/ip-country.csv`: `start,end,country` ranges (IPv4 and IPv6) covering every IP the logs
//! use. The ranges are the generator's own table; some match MaxMind's public test database
//! (formats.md §2.9: `81.2.69.144/28` GB, `216.160.83.56/29` US, `89.160.20.112/28` SE,
//! `175.16.199.0/24` CN, `2001:218::/32` JP) so that both agree where they overlap.

use crate::{Stats, SynthError};
use std::net::IpAddr;
use std::path::Path;

/// `(start, end, ISO country)`, inclusive.
pub(crate) const RANGES: &[(&str, &str, &str)] = &[
    ("81.2.69.144", "81.2.69.159", "GB"),
    ("89.160.20.112", "89.160.20.127", "SE"),
    ("103.6.84.0", "103.6.87.255", "SG"),
    ("126.0.0.0", "126.255.255.255", "JP"),
    ("153.156.0.0", "153.159.255.255", "JP"),
    ("175.16.199.0", "175.16.199.255", "CN"),
    ("177.54.144.0", "177.54.159.255", "BR"),
    ("185.220.100.0", "185.220.101.255", "DE"),
    ("203.113.128.0", "203.113.159.255", "VN"),
    ("210.148.0.0", "210.148.255.255", "JP"),
    ("216.160.83.56", "216.160.83.63", "US"),
    ("2001:218::", "2001:218:ffff:ffff:ffff:ffff:ffff:ffff", "JP"),
    (
        "2600:3c00::",
        "2600:3c0f:ffff:ffff:ffff:ffff:ffff:ffff",
        "US",
    ),
    ("2a01:4f8::", "2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff", "DE"),
    ("240b:10::", "240b:10:ffff:ffff:ffff:ffff:ffff:ffff", "JP"),
];

/// Where staff work from (one JP office range per scenario is enough).
pub(crate) const OFFICE: &str = "210.148.";

pub(crate) fn write(dir: &Path, stats: &mut Stats) -> Result<(), SynthError> {
    let mut s = String::from("start,end,country\n");
    for (a, b, c) in RANGES {
        s.push_str(a);
        s.push(',');
        s.push_str(b);
        s.push(',');
        s.push_str(c);
        s.push('\n');
    }
    stats.write(&dir.join("ip-country.csv"), s.as_bytes())
}

/// The address `offset` into range `i`, wrapping inside the range.
pub(crate) fn pick(i: usize, offset: u128) -> (String, &'static str) {
    let Some((a, b, c)) = RANGES.get(i) else {
        return (String::from("126.0.0.1"), "JP");
    };
    let (Ok(start), Ok(end)) = (a.parse::<IpAddr>(), b.parse::<IpAddr>()) else {
        return (String::from("126.0.0.1"), "JP");
    };
    let (lo, hi, v4) = match (start, end) {
        (IpAddr::V4(s), IpAddr::V4(e)) => {
            (u128::from(u32::from(s)), u128::from(u32::from(e)), true)
        }
        (IpAddr::V6(s), IpAddr::V6(e)) => (u128::from(s), u128::from(e), false),
        _ => return (String::from("126.0.0.1"), "JP"),
    };
    // Skip the network's first address so no pick looks like a network number.
    let span = hi - lo;
    let v = lo + 1 + offset % span.max(1);
    let ip = if v4 {
        IpAddr::V4(std::net::Ipv4Addr::from(u32::try_from(v).unwrap_or(0)))
    } else {
        IpAddr::V6(std::net::Ipv6Addr::from(v))
    };
    (ip.to_string(), c)
}

/// Indices of the ranges of one country.
pub(crate) fn ranges_of(country: &str) -> Vec<usize> {
    RANGES
        .iter()
        .enumerate()
        .filter(|(_, r)| r.2 == country)
        .map(|(i, _)| i)
        .collect()
}
