//! `export/`: a Data Export as Setup → Data Export writes it (formats.md §2.8): one
//! `<ObjectApiName>.csv` per object, header of API names, every value quoted, 18-character IDs,
//! `CreatedDate` as `2016-03-01T09:12:44.000Z`, UTF-8 without BOM or Shift_JIS. The export is
//! taken after the fix, so it also holds applications created after the closure.

use crate::csvw::{Row, iso};
use crate::ids::{id15, to18};
use crate::plan::{DAY_MS, Day, Plan};
use crate::world::{App, PROFILES, World};
use crate::{Encoding, Stats, SynthError};
use std::io::Write;
use std::path::Path;

const APP_HEADER: &[&str] = &[
    "Id",
    "OwnerId",
    "IsDeleted",
    "Name",
    "CreatedDate",
    "CreatedById",
    "LastModifiedDate",
    "LastModifiedById",
    "SystemModstamp",
    "Applicant_Name__c",
    "Birthdate__c",
    "Broken_Device_Phone__c",
    "Channel__c",
    "Device_Type__c",
    "Email__c",
    "Emoney_Number__c",
    "Internal_Memo__c",
    "Status__c",
];

const USER_HEADER: &[&str] = &[
    "Id",
    "Username",
    "LastName",
    "FirstName",
    "Name",
    "CompanyName",
    "Email",
    "Alias",
    "IsActive",
    "UserType",
    "ProfileId",
    "TimeZoneSidKey",
    "LocaleSidKey",
    "LanguageLocaleKey",
    "CreatedDate",
    "CreatedById",
    "LastModifiedDate",
    "LastModifiedById",
    "SystemModstamp",
];

struct Out {
    file: std::io::BufWriter<std::fs::File>,
    enc: Encoding,
    bytes: u64,
}

impl Out {
    fn create(path: &Path, enc: Encoding) -> Result<Self, SynthError> {
        let f = fs_err::File::create(path)?.into_parts().0;
        Ok(Self {
            file: std::io::BufWriter::with_capacity(1 << 18, f),
            enc,
            bytes: 0,
        })
    }

    /// Writes whole rows (valid UTF-8) in the export's encoding and clears the buffer.
    fn put(&mut self, buf: &mut Vec<u8>) -> Result<(), SynthError> {
        match self.enc {
            Encoding::Utf8 => {
                self.file.write_all(buf)?;
                self.bytes += buf.len() as u64;
            }
            Encoding::ShiftJis => {
                let text = String::from_utf8_lossy(buf);
                let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
                self.file.write_all(&bytes)?;
                self.bytes += bytes.len() as u64;
            }
        }
        buf.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<u64, SynthError> {
        self.file.flush()?;
        Ok(self.bytes)
    }
}

fn header(buf: &mut Vec<u8>, cols: &[&str]) {
    let mut row = Row::new(buf);
    for c in cols {
        row.s(c);
    }
    row.end();
}

const MEMO_LINES: &[&str] = &[
    "",
    "Applicant said \"urgent\", call back before 18:00",
    "Balance confirmed, transfer queued",
    "Called back\nID verified, transfer done",
];

/// The user's 18-char ID.
fn user18(world: &World, u: usize) -> [u8; 18] {
    world
        .users
        .get(u)
        .map(|x| to18(&x.id))
        .unwrap_or([b'0'; 18])
}

/// One application's row; `n` is its position in the file (0 first).
pub(crate) fn app_row(buf: &mut Vec<u8>, plan: &Plan, world: &World, n: u64, a: &App) {
    let export_ms = plan.export_day.ms();
    let id18 = |u: usize| user18(world, u);
    // Last touched by staff a few days later, never after the export.
    let modified = (a.created_ms + (n as i64 % 9) * DAY_MS + 3_600_000).min(export_ms - 1);
    let (y, m, d) = Day(a.birth_day).civil();
    let birth = format!("{y:04}-{m:02}-{d:02}");
    let memo = if a.memo.is_empty() {
        MEMO_LINES
            .get((n % MEMO_LINES.len() as u64) as usize)
            .copied()
            .unwrap_or("")
    } else {
        a.memo
    };
    let mut row = Row::new(buf);
    row.b(&to18(&a.id))
        .b(&id18(a.owner))
        .s("false")
        .s(&format!("BTA-{:07}", n + 1));
    row.s(&iso(a.created_ms))
        .b(&id18(a.created_by))
        .s(&iso(modified))
        .b(&id18(a.handler));
    row.s(&iso(modified))
        .s(&a.name)
        .s(&birth)
        .s(&a.phone)
        .s(a.channel)
        .s(a.device);
    row.s(a.email.as_deref().unwrap_or(""))
        .s(&a.emoney)
        .s(memo)
        .s(a.status)
        .end();
}

pub(crate) fn write(
    plan: &Plan,
    world: &World,
    enc: Encoding,
    dir: &Path,
    stats: &mut Stats,
) -> Result<(), SynthError> {
    fs_err::create_dir_all(dir)?;
    let mut buf = Vec::with_capacity(1 << 17);
    let mut out = Out::create(&dir.join(format!("{}.csv", crate::plan::OBJECT)), enc)?;
    header(&mut buf, APP_HEADER);
    match &world.bulk {
        Some(bulk) => {
            out.put(&mut buf)?;
            bulk.write_export(plan, world, &mut |b| out.put(b))?;
        }
        None => {
            for (n, a) in world.apps.iter().enumerate() {
                app_row(&mut buf, plan, world, n as u64, a);
                if buf.len() >= 1 << 16 {
                    out.put(&mut buf)?;
                }
            }
        }
    }
    out.put(&mut buf)?;
    stats.add(1, out.finish()?);
    let id18 = |u: usize| user18(world, u);

    let mut out = Out::create(&dir.join("User.csv"), enc)?;
    header(&mut buf, USER_HEADER);
    for u in &world.users {
        let name = if u.first.is_empty() {
            u.last.clone()
        } else {
            format!("{} {}", u.first, u.last)
        };
        let prof = PROFILES.get(u.profile).map(|p| p.1).unwrap_or("");
        let prof18 = ajar_model::sfid::SfId::parse(prof)
            .map(|s| s.to_string())
            .unwrap_or_default();
        let alias: String = u.username.chars().take(8).collect();
        let mut row = Row::new(&mut buf);
        row.b(&to18(&u.id))
            .s(&u.username)
            .s(&u.last)
            .s(&u.first)
            .s(&name)
            .s("Emoney Rescue K.K.");
        row.s("admin@emoney-rescue.example.jp")
            .s(&alias)
            .s("true")
            .s(u.user_type)
            .s(&prof18);
        row.s("Asia/Tokyo").s("ja_JP").s(if u.user_type == "Guest" {
            "en_US"
        } else {
            "ja"
        });
        row.s(&iso(u.created_ms))
            .b(&id18(crate::world::ADMIN))
            .s(&iso(u.created_ms + 60_000));
        row.b(&id18(crate::world::ADMIN))
            .s(&iso(u.created_ms + 60_000))
            .end();
    }
    out.put(&mut buf)?;
    stats.add(1, out.finish()?);

    let mut out = Out::create(&dir.join("Profile.csv"), enc)?;
    header(&mut buf, &["Id", "Name", "UserType", "UserLicenseId"]);
    for (i, (name, id, licence)) in PROFILES.iter().enumerate() {
        let id18 = ajar_model::sfid::SfId::parse(id)
            .map(|s| s.to_string())
            .unwrap_or_default();
        let lic = to18(&id15("100", 1_000 + i as u64));
        let kind = if licence.contains("Guest") {
            "Guest"
        } else {
            "Standard"
        };
        Row::new(&mut buf).s(&id18).s(name).s(kind).b(&lic).end();
    }
    out.put(&mut buf)?;
    stats.add(1, out.finish()?);
    Ok(())
}
