//! Writing the token-theft org: metadata (formats.md §1.1, §1.2), logs (formats.md §2.1, §2.4,
//! §2.5), the Data Export (formats.md §2.8), the GeoIP table (formats.md §2.9) and the
//! indicator list.

use super::TPlan;
use super::data::{APP, COMPANY, INTEGRATION, Obj, PERMSET, PROFILES, World};
use super::logs::{API_EVENT_HEADER, LOGIN_HISTORY_HEADER, Line, Story};
use crate::csvw::{Row, iso};
use crate::ids::{id15, text, to18};
use crate::plan::DAY_MS;
use crate::{Encoding, Stats, SynthError};
use std::io::Write;
use std::net::IpAddr;
use std::path::Path;

/// What the log writer produced.
#[derive(Debug, Default, Clone)]
pub(crate) struct LogStats {
    pub(crate) files: u64,
    pub(crate) bytes: u64,
    pub(crate) rows: u64,
    /// `YYYY-MM-DD/Type.csv` of every ELF file, sorted.
    pub(crate) elf_files: Vec<String>,
}

/// The scenario's own IP-to-country table: `(start, end, ISO country)`, inclusive. Where it
/// overlaps MaxMind's public test database (`89.160.20.112/28` SE) it agrees with it.
pub(crate) const RANGES: &[(&str, &str, &str)] = &[
    ("3.239.45.0", "3.239.45.255", "US"),
    ("44.215.108.0", "44.215.111.255", "US"),
    ("54.80.0.0", "54.80.255.255", "US"),
    ("89.160.20.112", "89.160.20.127", "SE"),
    ("185.220.101.0", "185.220.101.255", "DE"),
    ("192.42.116.0", "192.42.116.255", "NL"),
    ("208.68.36.0", "208.68.39.255", "US"),
    ("210.148.0.0", "210.148.255.255", "JP"),
    ("2a01:4f8::", "2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff", "DE"),
];

/// The country of an address in [`RANGES`].
pub(crate) fn country(ip: &str) -> Option<&'static str> {
    let ip: IpAddr = ip.parse().ok()?;
    RANGES.iter().find_map(|(a, b, c)| {
        let (lo, hi) = (a.parse::<IpAddr>().ok()?, b.parse::<IpAddr>().ok()?);
        let within = match (ip, lo, hi) {
            (IpAddr::V4(x), IpAddr::V4(l), IpAddr::V4(h)) => l <= x && x <= h,
            (IpAddr::V6(x), IpAddr::V6(l), IpAddr::V6(h)) => l <= x && x <= h,
            _ => false,
        };
        within.then_some(*c)
    })
}

pub(crate) fn geoip(dir: &Path, stats: &mut Stats) -> Result<(), SynthError> {
    let mut s = String::from("start,end,country\n");
    for (a, b, c) in RANGES {
        s.push_str(&format!("{a},{b},{c}\n"));
    }
    stats.write(&dir.join("ip-country.csv"), s.as_bytes())
}

/// `ioc.csv`: `type,value,source` (issue #16's indicator list): the two addresses and the user
/// agent in the published-indicator style (intrusions.md §2). The pivot address is not in it.
pub(crate) fn ioc(story: &Story, path: &Path, stats: &mut Stats) -> Result<(), SynthError> {
    let mut s = String::from("type,value,source\n");
    for ip in &story.ioc_ips {
        s.push_str(&format!("ip,{ip},vendor advisory (synthetic)\n"));
    }
    s.push_str(&format!(
        "user_agent,{},vendor advisory (synthetic)\n",
        story.ioc_agent
    ));
    stats.write(path, s.as_bytes())
}

fn write_lines(
    path: &Path,
    header: &str,
    lines: &[Line],
    stats: &mut Stats,
) -> Result<u64, SynthError> {
    let mut buf = Vec::with_capacity(1 << 16);
    buf.extend_from_slice(header.as_bytes());
    for l in lines {
        buf.extend_from_slice(&l.bytes);
    }
    stats.write(path, &buf)?;
    Ok(buf.len() as u64)
}

pub(crate) fn logs(story: &Story, dir: &Path, stats: &mut Stats) -> Result<LogStats, SynthError> {
    let mut st = LogStats::default();
    let mut local = Stats::default();
    for ((day, ty), lines) in &story.elf {
        let rel = format!("{}/{}.csv", day.iso(), ty.name());
        st.bytes += write_lines(&dir.join(&rel), ty.header(), lines, &mut local)?;
        st.rows += lines.len() as u64;
        st.elf_files.push(rel);
    }
    st.elf_files.sort();
    st.bytes += write_lines(
        &dir.join("ApiEvent.csv"),
        API_EVENT_HEADER,
        &story.api_event,
        &mut local,
    )?;
    st.rows += story.api_event.len() as u64;
    st.bytes += write_lines(
        &dir.join("LoginHistory.csv"),
        LOGIN_HISTORY_HEADER,
        &story.login_history,
        &mut local,
    )?;
    st.rows += story.login_history.len() as u64;
    st.files = local.files;
    stats.add(local.files, local.bytes);
    Ok(st)
}

fn doc(root: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root} xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{body}</{root}>\n"
    )
}

fn perm(b: &mut String, name: &str) {
    b.push_str(&format!(
        "    <userPermissions>\n        <enabled>true</enabled>\n        <name>{name}</name>\n    </userPermissions>\n"
    ));
}

/// The integration user's profile and permission set, and the vendor's connected app
/// (formats.md §1.1 layout, §1.2 elements).
pub(crate) fn metadata(_w: &World, dir: &Path, stats: &mut Stats) -> Result<(), SynthError> {
    stats.write(
        &dir.join("sfdx-project.json"),
        b"{\n  \"packageDirectories\": [\n    {\n      \"path\": \"force-app\",\n      \"default\": true\n    }\n  ],\n  \"name\": \"kumo-logistics\",\n  \"sourceApiVersion\": \"58.0\"\n}\n",
    )?;
    let base = dir.join("force-app/main/default");
    let mut p = String::new();
    p.push_str("    <custom>true</custom>\n");
    for o in Obj::ALL {
        p.push_str(&format!(
            "    <objectPermissions>\n        <allowCreate>false</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>true</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>{}</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n",
            o.name()
        ));
    }
    p.push_str("    <userLicense>Salesforce</userLicense>\n");
    perm(&mut p, "ApiEnabled");
    stats.write(
        &base.join("profiles/Drift Integration.profile-meta.xml"),
        doc("Profile", &p).as_bytes(),
    )?;
    let mut s = String::new();
    s.push_str("    <description>Access the Drift connected app needs to sync leads and contacts.</description>\n");
    s.push_str("    <hasActivationRequired>false</hasActivationRequired>\n");
    s.push_str(&format!("    <label>{}</label>\n", PERMSET.1));
    s.push_str("    <license>Salesforce</license>\n");
    perm(&mut s, "ApiEnabled");
    perm(&mut s, "ViewAllData");
    stats.write(
        &base.join(format!(
            "permissionsets/{}.permissionset-meta.xml",
            PERMSET.0
        )),
        doc("PermissionSet", &s).as_bytes(),
    )?;
    let mut c = String::new();
    c.push_str("    <contactEmail>integrations@drift.example.com</contactEmail>\n");
    c.push_str(&format!("    <label>{}</label>\n", APP.0));
    c.push_str("    <oauthConfig>\n        <callbackUrl>https://app.drift.example.com/oauth/callback</callbackUrl>\n        <isAdminApproved>true</isAdminApproved>\n        <scopes>Api</scopes>\n        <scopes>RefreshToken</scopes>\n    </oauthConfig>\n");
    stats.write(
        &base.join(format!("connectedApps/{}.connectedApp-meta.xml", APP.0)),
        doc("ConnectedApp", &c).as_bytes(),
    )?;
    Ok(())
}

struct Out {
    buf: Vec<u8>,
    enc: Encoding,
}

impl Out {
    fn new(enc: Encoding, header: &[&str]) -> Self {
        let mut buf = Vec::with_capacity(1 << 16);
        let mut row = Row::new(&mut buf);
        for h in header {
            row.s(h);
        }
        row.end();
        Self { buf, enc }
    }

    fn finish(self, path: &Path, stats: &mut Stats) -> Result<(), SynthError> {
        let bytes = match self.enc {
            Encoding::Utf8 => self.buf,
            Encoding::ShiftJis => {
                let text = String::from_utf8_lossy(&self.buf);
                encoding_rs::SHIFT_JIS.encode(&text).0.into_owned()
            }
        };
        if let Some(dir) = path.parent() {
            fs_err::create_dir_all(dir)?;
        }
        let mut f = fs_err::File::create(path)?;
        f.write_all(&bytes)?;
        stats.add(1, bytes.len() as u64);
        Ok(())
    }
}

fn id18_of(id: &[u8; 15]) -> String {
    text(&to18(id))
}

fn prof18(i: usize) -> String {
    PROFILES
        .get(i)
        .and_then(|p| ajar_model::sfid::SfId::parse(p.1).ok())
        .map(|s| s.to_string())
        .unwrap_or_default()
}

/// The Data Export, taken after the intrusion (formats.md §2.8): records created after the
/// actor's queries are in it.
pub(crate) fn export(
    plan: &TPlan,
    w: &World,
    enc: Encoding,
    dir: &Path,
    stats: &mut Stats,
) -> Result<(), SynthError> {
    let export_ms = plan.export_day.ms();
    let user18 = |u: usize| w.users.get(u).map(|x| id18_of(&x.id)).unwrap_or_default();
    for o in Obj::ALL {
        let header = o.header();
        let mut out = Out::new(enc, header);
        for (n, x) in w.of(o).iter().enumerate() {
            let modified = (x.created_ms + (n as i64 % 7) * DAY_MS + 3_600_000).min(export_ms - 1);
            let mut row = Row::new(&mut out.buf);
            for h in header {
                match *h {
                    "Id" => row.s(&id18_of(&x.id)),
                    "IsDeleted" => row.s("false"),
                    "OwnerId" | "CreatedById" | "LastModifiedById" => row.s(&user18(x.owner)),
                    "CreatedDate" => row.s(&iso(x.created_ms)),
                    "LastModifiedDate" | "SystemModstamp" => row.s(&iso(modified)),
                    f => row.s(x.get(f)),
                };
            }
            row.end();
        }
        out.finish(&dir.join(format!("{}.csv", o.name())), stats)?;
    }
    // Users, profiles, the permission set and who holds it (formats.md §1.3).
    let mut out = Out::new(
        enc,
        &[
            "Id",
            "Username",
            "LastName",
            "FirstName",
            "Name",
            "CompanyName",
            "Email",
            "IsActive",
            "UserType",
            "ProfileId",
            "TimeZoneSidKey",
            "CreatedDate",
        ],
    );
    for u in &w.users {
        Row::new(&mut out.buf)
            .s(&id18_of(&u.id))
            .s(&u.username)
            .s(&u.last)
            .s(&u.first)
            .s(&format!("{} {}", u.first, u.last))
            .s(COMPANY)
            .s(&u.username)
            .s("true")
            .s("Standard")
            .s(&prof18(u.profile))
            .s("Asia/Tokyo")
            .s(&iso(u.created_ms))
            .end();
    }
    out.finish(&dir.join("User.csv"), stats)?;
    let mut out = Out::new(enc, &["Id", "Name", "UserType", "UserLicenseId"]);
    for (i, (name, _)) in PROFILES.iter().enumerate() {
        Row::new(&mut out.buf)
            .s(&prof18(i))
            .s(name)
            .s("Standard")
            .s(&id18_of(&id15("100", 2_000)))
            .end();
    }
    out.finish(&dir.join("Profile.csv"), stats)?;
    let ps = ajar_model::sfid::SfId::parse(PERMSET.2)
        .map(|s| s.to_string())
        .unwrap_or_default();
    let mut out = Out::new(enc, &["Id", "Name", "Label", "IsOwnedByProfile"]);
    Row::new(&mut out.buf)
        .s(&ps)
        .s(PERMSET.0)
        .s(PERMSET.1)
        .s("false")
        .end();
    out.finish(&dir.join("PermissionSet.csv"), stats)?;
    let mut out = Out::new(enc, &["Id", "AssigneeId", "PermissionSetId"]);
    Row::new(&mut out.buf)
        .s(&id18_of(&id15("0Pa", 3_000)))
        .s(&user18(INTEGRATION))
        .s(&ps)
        .end();
    out.finish(&dir.join("PermissionSetAssignment.csv"), stats)?;
    Ok(())
}
