//! An IP address as text, as its `Display` writes it.

use std::fmt::Write as _;
use std::net::IpAddr;

/// `ip` as its `Display` writes it, into `out`: IPv4 digit by digit (the formatter's
/// machinery was about 4 % of `hunt --emit parquet`), IPv6 through `Display`.
pub(crate) fn ip_text(ip: IpAddr, out: &mut String) {
    out.clear();
    match ip {
        IpAddr::V4(v4) => {
            for (i, o) in v4.octets().into_iter().enumerate() {
                if i > 0 {
                    out.push('.');
                }
                if o >= 100 {
                    out.push(char::from(b'0' + o / 100));
                }
                if o >= 10 {
                    out.push(char::from(b'0' + o / 10 % 10));
                }
                out.push(char::from(b'0' + o % 10));
            }
        }
        IpAddr::V6(v6) => {
            // Writing into a String cannot fail.
            let _ = write!(out, "{v6}");
        }
    }
}

/// How many addresses [`IpTexts`] remembers.
const SLOTS: usize = 256;

/// The texts of the addresses seen last, one per slot chosen by a hash of the address: a
/// client makes many requests, and its address is written once per event and record, so most
/// texts are made once (an IPv6 address through `Display` costs about 500 instructions;
/// issue #19).
#[derive(Debug, Clone)]
pub(crate) struct IpTexts {
    slots: Vec<(Option<IpAddr>, String)>,
    /// Used only if a slot number were out of range.
    spare: (Option<IpAddr>, String),
}

impl IpTexts {
    /// None remembered.
    pub(crate) fn new() -> Self {
        Self {
            slots: vec![(None, String::new()); SLOTS],
            spare: (None, String::new()),
        }
    }

    /// `ip` as [`ip_text`] writes it.
    pub(crate) fn text(&mut self, ip: IpAddr) -> &str {
        let bits = match ip {
            IpAddr::V4(v4) => u128::from(v4.to_bits()),
            IpAddr::V6(v6) => v6.to_bits(),
        };
        let folded = (bits as u64) ^ ((bits >> 64) as u64);
        let at = (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize % SLOTS;
        let slot = match self.slots.get_mut(at) {
            Some(s) => s,
            None => &mut self.spare,
        };
        if slot.0 != Some(ip) {
            ip_text(ip, &mut slot.1);
            slot.0 = Some(ip);
        }
        &slot.1
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::{IpTexts, ip_text};
    use std::net::IpAddr;

    #[test]
    fn remembered_texts_are_the_addresses_own() {
        let mut texts = IpTexts::new();
        // More addresses than slots, each asked for several times, in two orders.
        let ips: Vec<IpAddr> = (0..600u32)
            .map(|n| {
                if n % 3 == 0 {
                    IpAddr::from([0x2001, 0xdb8, 0, 0, 0, 0, (n >> 16) as u16, n as u16])
                } else {
                    IpAddr::from(n.wrapping_mul(2_654_435_761).to_be_bytes())
                }
            })
            .collect();
        for _ in 0..3 {
            for ip in ips.iter().chain(ips.iter().rev()) {
                assert_eq!(texts.text(*ip), ip.to_string());
            }
        }
    }

    #[test]
    fn ips_read_as_display_writes_them() {
        let mut s = String::new();
        for ip in [
            "0.0.0.0",
            "9.10.99.100",
            "255.255.255.255",
            "192.168.1.20",
            "::1",
            "2001:db8::8a2e:370:7334",
            "::ffff:10.0.0.1",
            "::",
            "1::",
            "1:0:0:1:0:0:0:1",
            "1:0:0:0:1:0:0:1",
            "0:1:0:1:0:1:0:1",
            "::ffff:0:1",
            "::1.2.3.4",
            "fe80::1:0:0:0",
        ] {
            let ip: IpAddr = ip.parse().unwrap();
            ip_text(ip, &mut s);
            assert_eq!(s, ip.to_string());
        }
        for n in 0..=255u8 {
            let ip = IpAddr::from([n, 255 - n, n / 3, n % 7]);
            ip_text(ip, &mut s);
            assert_eq!(s, ip.to_string());
        }
    }
}
