//! The whole story: who did what, in which order, with its own random stream per part.

use super::*;

impl Story {
    pub(crate) fn build(plan: &TPlan, w: &World) -> Self {
        let mut r = stream(plan.seed, "theft-addresses", 0);
        // Indicator-style addresses (intrusions.md §2): a cloud host and a Tor exit.
        let a = ["208.68.36.90", "44.215.108.109", "3.239.45.43"]
            .get(r.random_range(0..3))
            .copied()
            .unwrap_or("208.68.36.90")
            .to_string();
        let b = if r.random_bool(0.5) {
            format!("185.220.101.{}", r.random_range(2..250))
        } else {
            format!("192.42.116.{}", r.random_range(2..250))
        };
        // The pivot: an address no list names, IPv4 or IPv6 by seed.
        let pivot = if r.random_bool(0.5) {
            format!("89.160.20.{}", r.random_range(113..127))
        } else {
            format!(
                "2a01:4f8:{:x}::{:x}",
                r.random_range(1..0xfff),
                r.random_range(2..0xffff)
            )
        };
        let vendor_ips = (0..3)
            .map(|i| format!("54.80.{}.{}", 10 + i * 7, r.random_range(2..250)))
            .collect();
        let mut s = Self {
            org: w.org,
            elf: BTreeMap::new(),
            api_event: Vec::new(),
            login_history: Vec::new(),
            last_day: plan.log_last(),
            seq: 0,
            r: stream(plan.seed, "theft-story", 0),
            ioc_ips: vec![a, b],
            ioc_agent: ACTOR_UA_B,
            pivot_ip: pivot,
            vendor_ips,
            admin_ip: format!("210.148.20.{}", r.random_range(2..250)),
            sessions: Vec::new(),
            accesses: Vec::new(),
            first_ms: 0,
            last_ms: 0,
            job: Job::default(),
            admin_job: Job::default(),
            vendor_events: 0,
            vendor_records: BTreeSet::new(),
            vendor_logins: 0,
        };
        // One random stream per part, so that the noise (`--scale`) never changes the planted
        // facts, keys and request IDs included.
        s.r = stream(plan.seed, "theft-intrusion", 0);
        s.intrusion(plan, w);
        s.r = stream(plan.seed, "theft-admin", 0);
        s.admin(plan, w);
        s.r = stream(plan.seed, "theft-vendor", 0);
        s.vendor(plan, w);
        s.r = stream(plan.seed, "theft-staff", 0);
        s.staff(plan, w);
        for v in s.elf.values_mut() {
            v.sort_by_key(|l| (l.ms, l.seq));
        }
        s.api_event.sort_by_key(|l| (l.ms, l.seq));
        s.login_history.sort_by_key(|l| (l.ms, l.seq));
        s
    }

    /// The vendor's scheduled sync: a refresh-token login, a REST query of recently changed
    /// Contacts, a SOAP query of Leads, an update, from the vendor's three usual addresses.
    pub(super) fn vendor(&mut self, plan: &TPlan, w: &World) {
        let cycles = ((24.0 * plan.noise).round() as i64).max(1);
        let step = DAY_MS / cycles;
        let days: Vec<Day> = plan.days().collect();
        for day in days {
            for c in 0..cycles {
                let ms = day.ms() + c * step + self.r.random_range(0..(step / 4).max(1));
                let ip = self
                    .vendor_ips
                    .get((c % 3) as usize)
                    .cloned()
                    .unwrap_or_default();
                let s = self.sess(INTEGRATION, &ip, VENDOR_UA, "Drift/4.2");
                self.login(w, ms, &s, "oauthrefreshtoken", APP.0);
                self.vendor_logins += 1;
                let since = iso(ms - 3_600_000);
                for (k, (o, q)) in [
                    (
                        Obj::Contact,
                        format!(
                            "SELECT Id, Email, Phone, LastModifiedDate FROM Contact WHERE LastModifiedDate > {since}"
                        ),
                    ),
                    (
                        Obj::Lead,
                        format!(
                            "SELECT Id, Email, Status FROM Lead WHERE LastModifiedDate > {since}"
                        ),
                    ),
                ]
                .into_iter()
                .enumerate()
                {
                    let t = ms + 2_000 + k as i64 * 3_000;
                    let existing = w.count_before(o, t);
                    let n = self.r.random_range(0..12usize).min(existing);
                    let mut picked = BTreeSet::new();
                    for _ in 0..n {
                        picked.insert(self.r.random_range(0..existing));
                    }
                    let recs: Vec<usize> = picked.into_iter().collect();
                    for &i in &recs {
                        self.vendor_records.insert((o, i));
                    }
                    let ids = Self::ids18(w, o, &recs);
                    let rows = ids.len() as u64;
                    if k == 0 {
                        self.rest(w, t, &s, "GET", "/services/data/v58.0/query", o.name(), 200, rows, "");
                        self.api_event(w, t, &s, "REST", "Query", o.name(), &q, Some((&ids, rows, true)), rows);
                    } else {
                        self.soap(w, t, &s, "query", o.name(), &q, rows);
                        self.api_event(w, t, &s, "SOAP Partner", "Query", o.name(), &q, Some((&ids, rows, true)), rows);
                    }
                    self.vendor_events += 1;
                }
                // One write back.
                let leads = w.count_before(Obj::Lead, ms);
                let i = self.r.random_range(0..leads.max(1));
                if i < leads {
                    let id = Self::ids18(w, Obj::Lead, &[i]).concat();
                    let uri = format!("/services/data/v58.0/sobjects/Lead/{id}");
                    self.rest(w, ms + 9_000, &s, "PATCH", &uri, "Lead", 204, 1, &id);
                }
            }
        }
    }

    /// Staff signing in to the UI from the office.
    pub(super) fn staff(&mut self, plan: &TPlan, w: &World) {
        let n = ((8.0 * plan.noise).round() as i64).max(1);
        let days: Vec<Day> = plan.days().collect();
        for day in days {
            for _ in 0..n {
                let u = FIRST_STAFF + self.r.random_range(0..STAFF);
                let ip = format!("210.148.21.{}", 10 + u);
                let ms =
                    crate::theft::at_hours(&mut self.r, day, 0, 9) + self.r.random_range(0..1_000);
                let s = self.sess(u, &ip, STAFF_UA, "");
                self.login(w, ms, &s, "", "Browser");
            }
        }
    }

    /// The administrator's own Bulk API 2.0 export of Contacts, in office hours (JST), kept.
    pub(super) fn admin(&mut self, plan: &TPlan, w: &World) {
        let ms = plan.admin_day.ms() + 2 * 3_600_000 + self.r.random_range(0..3_600) * 1_000;
        let ip = self.admin_ip.clone();
        let s = self.sess(ADMIN, &ip, ADMIN_UA, "DataLoaderBulkUI/64.0.0");
        self.login(w, ms, &s, "oauthpassword", "Data Loader");
        let n = w.before(Obj::Contact, ms).count() as u64;
        let job = Job {
            id15: text(&id15("750", 40_000 + self.r.random_range(0..900u64))),
            id18: String::new(),
            object: "Contact".into(),
            records: n,
            completed_ms: ms + 95_000,
            deleted_ms: None,
            ip: ip.clone(),
            user: ADMIN,
        };
        let job = Job {
            id18: text(&to18(&id15_from(&job.id15))),
            ..job
        };
        self.rest(
            w,
            ms + 20_000,
            &s,
            "POST",
            "/services/data/v58.0/jobs/query",
            "Contact",
            200,
            0,
            "",
        );
        self.bulk2(w, ms + 21_000, &s, &job, "UploadComplete", 0, "0");
        self.bulk2(w, ms + 30_000, &s, &job, "InProgress", 0, "0");
        self.bulk2(w, ms + 95_000, &s, &job, "JobComplete", n, &mb(n));
        let uri = format!("/services/data/v58.0/jobs/query/{}/results", job.id18);
        self.rest(w, ms + 100_000, &s, "GET", &uri, "Contact", 200, n, "");
        self.admin_job = job;
    }

    #[allow(clippy::too_many_arguments, reason = "one field each")]
    pub(super) fn access(
        &mut self,
        ms: i64,
        s: &Sess,
        source: &'static str,
        object: &str,
        request: &str,
        rows: u64,
        strength: Strength,
        recs: Vec<usize>,
        fields: Vec<String>,
    ) {
        self.accesses.push(Access {
            ms,
            ip: s.ip.clone(),
            login_key: s.login_key.clone(),
            source,
            object: object.to_string(),
            request: request.to_string(),
            rows,
            strength,
            recs,
            fields,
        });
    }
}
