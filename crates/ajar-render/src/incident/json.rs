//! `incident.json` (`ajar.incident/3`, documented in docs/investigate.md).

use ajar_model::incident::IncidentFacts;

/// Pretty JSON with a final newline.
pub fn render(facts: &IncidentFacts) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(facts).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The facts without personal data (`--redact`): client IPs keep their network part only.
/// Figures, dates and decisions are aggregates and stay.
pub fn redacted(facts: &IncidentFacts) -> IncidentFacts {
    let mut f = facts.clone();
    for ip in &mut f.confirmed.ips {
        ip.ip = mask_ip(&ip.ip);
    }
    if let Some(a) = f.actor.as_mut() {
        // Usernames are often e-mail addresses: IDs stay.
        a.users.retain(|u| !u.contains('@'));
    }
    if let Some(s) = f.secrets.as_mut() {
        for found in &mut s.found {
            found.preview.clear();
        }
    }
    f
}

/// `175.16.199.23` → `175.16.199.x`; IPv6 keeps its first 48 bits.
pub fn mask_ip(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => {
            let o = v4.octets();
            format!("{}.{}.{}.x", o[0], o[1], o[2])
        }
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
        }
        Err(_) => "redacted".to_owned(),
    }
}
