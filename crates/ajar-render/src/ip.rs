//! An IP address as text, as its `Display` writes it.

use std::net::IpAddr;

/// `ip` as its `Display` writes it, into `out`, digit by digit (the formatter's machinery was
/// about 4 % of `hunt --emit parquet` for IPv4; an IPv6 address, mostly seen once, cost about
/// a thousand instructions through it, issue #19).
pub(crate) fn ip_text(ip: IpAddr, out: &mut String) {
    out.clear();
    match ip {
        IpAddr::V4(v4) => v4_text(v4, out),
        IpAddr::V6(v6) => v6_text(v6, out),
    }
}

/// An IPv4 address in dotted decimal.
fn v4_text(v4: std::net::Ipv4Addr, out: &mut String) {
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

/// An IPv6 address as `Display` writes it (RFC 5952): an IPv4-mapped address as `::ffff:`
/// and dotted decimal; otherwise lower-case hexadecimal groups without leading zeros, the
/// first longest run of two or more zero groups written `::`.
fn v6_text(v6: std::net::Ipv6Addr, out: &mut String) {
    if let Some(v4) = v6.to_ipv4_mapped() {
        out.push_str("::ffff:");
        v4_text(v4, out);
        return;
    }
    let groups = v6.segments();
    // The first longest run of zero groups: (start, length).
    let (mut best, mut run) = ((0, 0), (0, 0));
    for (i, &g) in groups.iter().enumerate() {
        if g == 0 {
            if run.1 == 0 {
                run.0 = i;
            }
            run.1 += 1;
            if run.1 > best.1 {
                best = run;
            }
        } else {
            run = (0, 0);
        }
    }
    let hex = |out: &mut String, part: &[u16]| {
        for (i, &g) in part.iter().enumerate() {
            if i > 0 {
                out.push(':');
            }
            let mut started = false;
            for shift in [12, 8, 4, 0] {
                let d = u32::from((g >> shift) & 0xf);
                if d != 0 || started || shift == 0 {
                    started = true;
                    out.push(char::from_digit(d, 16).unwrap_or('0'));
                }
            }
        }
    };
    if best.1 > 1 {
        hex(out, groups.get(..best.0).unwrap_or_default());
        out.push_str("::");
        hex(out, groups.get(best.0 + best.1..).unwrap_or_default());
    } else {
        hex(out, &groups);
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

    proptest::proptest! {
        /// IPv6 addresses with runs of zero groups anywhere (each group zero, small or any),
        /// IPv4-mapped ones among them, as `Display` writes them.
        #[test]
        fn ipv6_texts_are_displays(
            groups in proptest::array::uniform8(proptest::prop_oneof![
                3 => proptest::strategy::Just(0u16),
                1 => 1u16..16,
                1 => proptest::num::u16::ANY,
            ]),
            mapped in proptest::bool::ANY,
        ) {
            let mut g = groups;
            if mapped {
                g[..5].fill(0);
                g[5] = 0xffff;
            }
            let ip = IpAddr::from(g);
            let mut s = String::new();
            ip_text(ip, &mut s);
            proptest::prop_assert_eq!(s, ip.to_string());
        }
    }
}
