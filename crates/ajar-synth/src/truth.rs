//! `truth/truth.json` (schema `ajar.synth-truth/2`): what was planted. Analyses never read it;
//! tests compare their results with it. Every field is documented in `docs/synth.md`.

use crate::Options;
use crate::ids::{text, to18};
use crate::logs::LogStats;
use crate::plan::{GUEST_PROFILE, OBJECT, Plan, SITE};
use crate::world::{GUEST, Kind, World};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A field the guest could read, with its class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthField {
    /// `Object.Field`.
    pub field: String,
    /// `ajar_model::classify::DataClass` name, or `none` for non-personal fields.
    pub class: String,
}

/// One commit of `history/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthCommit {
    /// Author date, UTC, ISO 8601.
    pub date: String,
    /// First line of the message.
    pub subject: String,
    /// Whether the guest exposure is open in this commit's tree.
    pub exposure_open: bool,
}

/// One outside address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TruthIp {
    /// The address as logged.
    pub ip: String,
    /// Its country in `geoip/ip-country.csv`.
    pub country: String,
    /// Distinct exposed applications it read successfully.
    pub records: u64,
    /// Its successful reads (repeats included).
    pub reads: u64,
}

/// The planted facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// `ajar.synth-truth/2`.
    pub schema: String,
    /// `seed` or `small`.
    pub scenario: String,
    /// `--seed`.
    pub seed: u64,
    /// `--scale`.
    pub scale: f64,
    /// The export's encoding.
    pub encoding: String,
    /// 18-char organisation ID.
    pub org_id: String,
    /// The applications object.
    pub object: String,
    /// Its key prefix.
    pub key_prefix: String,
    /// The CustomSite `fullName`.
    pub site: String,
    /// The site's guest profile.
    pub guest_profile: String,
    /// The site guest user's 18-char ID (in `export/User.csv` with `UserType` `Guest`).
    pub guest_user_id: String,
    /// How the guest reached the applications, in words: Read on the object for the guest
    /// profile, over the records the site's guest user owns.
    pub exposure_path: String,
    /// The day from which new guest records went to a default owner (`YYYY-MM-DD`).
    pub default_owner_from: String,
    /// The default owner's 18-char user ID (in `export/User.csv`).
    pub default_owner_id: String,
    /// Fields the guest could read while the exposure was open (system fields aside).
    pub exposed_fields: Vec<TruthField>,
    /// Personal fields the guest could not read.
    pub unreadable_fields: Vec<String>,
    /// Window start (the rule's commit), `YYYY-MM-DD`, same in UTC and Asia/Tokyo.
    pub window_start: String,
    /// Window end = closure (the fix's commit), `YYYY-MM-DD`.
    pub window_end: String,
    /// When the company learnt of it.
    pub discovered: String,
    /// The closure day (equals `window_end`).
    pub closure: String,
    /// The fix, UTC, ISO 8601.
    pub fix_time: String,
    /// The day the Data Export was taken.
    pub export_date: String,
    /// The notification zone of the story.
    pub timezone: String,
    /// `--records`: the applications asked for (absent without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<u64>,
    /// Applications the guest could read: filed through the form (owned by the guest user)
    /// inside the window and before the default owner.
    pub exposed_records: u64,
    /// Distinct persons among them.
    pub exposed_persons: u64,
    /// The person key.
    pub person_key: String,
    /// Exposed applications filed by someone who had filed before.
    pub repeat_applications: u64,
    /// Applications in the export, all kinds.
    pub export_records: u64,
    /// Decoys by kind: `outside_criteria_channel` (Store/Phone, by staff),
    /// `outside_criteria_test` (Web, marked Test, by staff), `after_closure`, `default_owner`
    /// (filed by visitors after the default owner, before the fix). None is guest-owned except
    /// `after_closure` applications filed before the default owner.
    pub decoys: BTreeMap<String, u64>,
    /// Distinct exposed applications read successfully by the guest from outside Japan.
    pub confirmed_abroad_records: u64,
    /// Their 18-char IDs, sorted.
    pub confirmed_abroad_ids: Vec<String>,
    /// Successful guest reads from abroad, repeats included.
    pub confirmed_abroad_reads: u64,
    /// Distinct confirmed applications per country.
    pub confirmed_abroad_by_country: BTreeMap<String, u64>,
    /// The outside addresses that read records.
    pub confirmed_abroad_ips: Vec<TruthIp>,
    /// Guest requests from abroad that failed (`REQUEST_STATUS` `A` or `N`): none counts.
    pub failed_guest_attempts_abroad: u64,
    /// Applicants in Japan reading their own just-created application (not outside parties).
    pub guest_reads_own_record_jp: u64,
    /// First retained log day.
    pub log_first_day: String,
    /// Last log day (the closure).
    pub log_last_day: String,
    /// Log files written (the audit trail included).
    pub log_files: u64,
    /// Of which gzip-compressed.
    pub log_files_gz: u64,
    /// ELF rows written.
    pub log_rows: u64,
    /// Setup Audit Trail rows.
    pub audit_rows: u64,
    /// How the audit trail's `Date` column is written.
    pub audit_date_format: String,
    /// `history/` commits, oldest first.
    pub history: Vec<TruthCommit>,
}

impl Truth {
    pub(crate) fn build(opts: &Options, plan: &Plan, world: &World, logs: &LogStats) -> Self {
        let (exposed, persons) = match &world.bulk {
            Some(b) => (b.count(Kind::Exposed), b.persons()),
            None => {
                let exposed = world.apps.iter().filter(|a| a.kind == Kind::Exposed);
                let persons: BTreeSet<&str> =
                    exposed.clone().map(|a| a.person_key.as_str()).collect();
                (exposed.count() as u64, persons.len() as u64)
            }
        };
        let mut decoys = BTreeMap::new();
        let count = |k: Kind| match &world.bulk {
            Some(b) => b.count(k),
            None => world.apps.iter().filter(|a| a.kind == k).count() as u64,
        };
        decoys.insert("outside_criteria_channel".into(), count(Kind::ChannelDecoy));
        decoys.insert("outside_criteria_test".into(), count(Kind::TestDecoy));
        decoys.insert("after_closure".into(), count(Kind::LateDecoy));
        decoys.insert("default_owner".into(), count(Kind::DefaultOwned));
        let mut ids: Vec<String> = world.confirmed.iter().map(|i| text(&to18(i))).collect();
        ids.sort();
        // Per address and country, from the planted successful reads from abroad.
        let attackers: BTreeMap<&str, &str> = world
            .attackers
            .iter()
            .map(|a| (a.ip.as_str(), a.country))
            .collect();
        let mut per_ip: BTreeMap<&str, (BTreeSet<[u8; 15]>, u64)> = BTreeMap::new();
        let mut per_country: BTreeMap<String, BTreeSet<[u8; 15]>> = BTreeMap::new();
        for p in world.plants.iter().flatten() {
            if p.status != b'S' {
                continue;
            }
            let Some(country) = attackers.get(p.ip.as_str()) else {
                continue;
            };
            let e = per_ip.entry(p.ip.as_str()).or_default();
            e.0.insert(p.id);
            e.1 += 1;
            per_country
                .entry((*country).to_string())
                .or_default()
                .insert(p.id);
        }
        let ips = per_ip
            .iter()
            .map(|(ip, (set, reads))| TruthIp {
                ip: (*ip).to_string(),
                country: attackers.get(ip).copied().unwrap_or("").to_string(),
                records: set.len() as u64,
                reads: *reads,
            })
            .collect();
        let guest = world
            .users
            .get(GUEST)
            .map(|u| text(&to18(&u.id)))
            .unwrap_or_default();
        Self {
            schema: "ajar.synth-truth/2".into(),
            scenario: opts.scenario.as_str().into(),
            seed: opts.seed,
            scale: opts.scale,
            encoding: opts.encoding.as_str().into(),
            org_id: text(&to18(&world.org)),
            object: OBJECT.into(),
            key_prefix: crate::plan::KEY_PREFIX.into(),
            site: SITE.into(),
            guest_profile: GUEST_PROFILE.into(),
            guest_user_id: guest,
            exposure_path: "allowRead on the guest profile; records owned by the site guest user (every application a visitor filed before the default owner)".into(),
            default_owner_from: crate::plan::default_owner_day().iso(),
            default_owner_id: world
                .users
                .get(crate::world::DEFAULT_OWNER)
                .map(|u| text(&to18(&u.id)))
                .unwrap_or_default(),
            exposed_fields: [
                ("Applicant_Name__c", "name"),
                ("Broken_Device_Phone__c", "phone"),
                ("Channel__c", "none"),
                ("Device_Type__c", "none"),
                ("Emoney_Number__c", "account_number"),
                ("Status__c", "none"),
            ]
            .iter()
            .map(|(f, c)| TruthField { field: format!("{OBJECT}.{f}"), class: (*c).into() })
            .collect(),
            unreadable_fields: ["Birthdate__c", "Email__c", "Internal_Memo__c"]
                .iter()
                .map(|f| format!("{OBJECT}.{f}"))
                .collect(),
            window_start: plan.window_start.iso(),
            window_end: plan.closure.iso(),
            discovered: plan.discovered.iso(),
            closure: plan.closure.iso(),
            fix_time: crate::csvw::iso(plan.fix_ms),
            export_date: plan.export_day.iso(),
            timezone: "Asia/Tokyo".into(),
            records: world.bulk.as_ref().map(|b| b.total()),
            exposed_records: exposed,
            exposed_persons: persons,
            person_key: "name+phone: Applicant_Name__c without spaces (ASCII or U+3000) + digits of Broken_Device_Phone__c".into(),
            repeat_applications: exposed - persons,
            export_records: world.bulk.as_ref().map_or(world.apps.len() as u64, |b| b.total()),
            decoys,
            confirmed_abroad_records: ids.len() as u64,
            confirmed_abroad_ids: ids,
            confirmed_abroad_reads: world.abroad_reads,
            confirmed_abroad_by_country: per_country.into_iter().map(|(c, s)| (c, s.len() as u64)).collect(),
            confirmed_abroad_ips: ips,
            failed_guest_attempts_abroad: world.failed_abroad,
            guest_reads_own_record_jp: world.jp_own_reads,
            log_first_day: plan.log_first().iso(),
            log_last_day: plan.closure.iso(),
            log_files: logs.files,
            log_files_gz: logs.gz_files,
            log_rows: logs.rows,
            audit_rows: logs.audit_rows,
            audit_date_format: "en_US M/D/YYYY, h:mm:ss AM|PM JST (Asia/Tokyo)".into(),
            history: crate::history::commits(plan)
                .iter()
                .map(|c| TruthCommit {
                    date: crate::csvw::iso(c.ms),
                    subject: c.message.lines().next().unwrap_or("").to_string(),
                    exposure_open: c.state.open,
                })
                .collect(),
        }
    }
}
