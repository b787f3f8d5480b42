//! Client IPs parsed once per distinct value (issue #19): an org's rows come from far fewer
//! addresses than they number, and parsing an address (IPv6 above all) cost about 3 % of a
//! hunt.

use super::slots::TextCache;
use ajar_model::logrow::{Field, LogRow};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// How many values the cache holds.
const SLOTS: usize = 1024;

/// Client IPs by their text.
#[derive(Debug)]
pub(crate) struct IpCache(TextCache<Option<IpAddr>>);

impl Default for IpCache {
    fn default() -> Self {
        Self(TextCache::new(SLOTS))
    }
}

impl IpCache {
    /// The row's client IP, as [`super::client_ip`] reads it.
    pub(crate) fn client_ip(&mut self, row: &dyn LogRow) -> Option<IpAddr> {
        self.0.get(row.get(Field::ClientIp)?, parse)
    }
}

/// An IP address. An IPv6 address holds a colon and an IPv4 one none: one parser is tried, not
/// both (`IpAddr`'s parser tries IPv4, then IPv6). `Salesforce.com IP` (internal traffic) is
/// none (formats.md §2.1, trap 22).
pub(crate) fn parse(v: &str) -> Option<IpAddr> {
    if v.contains(':') {
        v.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
    } else {
        v.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
    }
}

#[cfg(test)]
mod tests {
    use super::{IpCache, parse};
    use ajar_model::logrow::{Field, LogRow};

    struct Row(Option<String>);

    impl LogRow for Row {
        fn get(&self, f: Field) -> Option<&str> {
            (f == Field::ClientIp)
                .then_some(self.0.as_deref())
                .flatten()
        }
        fn event_type(&self) -> Option<&str> {
            None
        }
        fn line(&self) -> u64 {
            1
        }
        fn content_hash(&self) -> u64 {
            0
        }
    }

    #[test]
    fn cached_answers_are_the_parsers() {
        let mut cache = IpCache::default();
        let values = [
            "203.0.113.7",
            "2001:db8::1",
            "::ffff:192.0.2.1",
            "Salesforce.com IP",
            "192.0.2.300",
            "2001:db8::zz",
        ];
        // Many more values than slots, each asked twice in a row and again later.
        let many: Vec<String> = (0..5000u32)
            .map(|i| format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255))
            .collect();
        for _ in 0..2 {
            for v in values
                .iter()
                .copied()
                .chain(many.iter().map(String::as_str))
            {
                let want = v.parse::<std::net::IpAddr>().ok();
                assert_eq!(parse(v), want, "{v}");
                for _ in 0..2 {
                    assert_eq!(cache.client_ip(&Row(Some(v.to_owned()))), want, "{v}");
                }
            }
        }
        assert_eq!(cache.client_ip(&Row(None)), None);
    }
}
