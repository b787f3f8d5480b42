//! The intrusion (intrusions.md §1 shape A, §2 behaviour, §4 evidence strengths).

use super::*;

impl Story {
    /// The intrusion (intrusions.md §1 shape A, §2 behaviour).
    pub(super) fn intrusion(&mut self, plan: &TPlan, w: &World) {
        let t0 = plan.t0;
        let ip_a = self.ioc_ips.first().cloned().unwrap_or_default();
        let ip_b = self.ioc_ips.get(1).cloned().unwrap_or_default();
        let a = self.sess(INTEGRATION, &ip_a, ACTOR_UA, "");
        self.login(w, t0, &a, "oauthrefreshtoken", APP.0);
        self.first_ms = t0;
        let mut pivot_sess = a.clone();
        pivot_sess.ip = self.pivot_ip.clone();
        self.recon(plan, w, &a, t0);
        self.cases(w, &a, t0);
        self.pivot(w, &pivot_sess, t0);
        self.contacts(plan, w, &a, t0);
        self.leads(w, &a, t0);
        let mut pivot_ips = BTreeSet::new();
        pivot_ips.insert(a.ip.clone());
        pivot_ips.insert(self.pivot_ip.clone());
        self.sessions.push((a, t0, pivot_ips));
        self.bulk_job(w, t0, &ip_b);
    }

    /// Reconnaissance: the API's catalogue, limits, a describe; then `SELECT COUNT()` across
    /// objects within minutes (a count, no record).
    fn recon(&mut self, plan: &TPlan, w: &World, a: &Sess, t0: i64) {
        // Reconnaissance: the API's catalogue, limits, a describe.
        let recon = [
            (25_000, "/services/data/v58.0/sobjects/", ""),
            (31_000, "/services/data/v58.0/limits/", ""),
            (
                40_000,
                "/services/data/v58.0/sobjects/Case/describe/",
                "Case",
            ),
        ];
        for (dt, uri, entity) in recon {
            self.rest(w, t0 + dt, a, "GET", uri, entity, 200, 0, "");
            self.access(
                t0 + dt,
                a,
                "RestApi",
                entity,
                uri,
                0,
                Strength::Nothing,
                Vec::new(),
                Vec::new(),
            );
        }
        // `SELECT COUNT()` across objects within minutes: a count, no record.
        let users = w.users.len() as u64;
        let opps = 40 + plan.seed % 200;
        let mut t = t0 + 60_000;
        for o in ["Account", "Contact", "User", "Case", "Opportunity", "Lead"] {
            let n = match o {
                "User" => users,
                "Opportunity" => opps,
                other => Obj::ALL
                    .iter()
                    .find(|x| x.name() == other)
                    .map_or(0, |x| w.before(*x, t).count() as u64),
            };
            let q = format!("SELECT COUNT() FROM {o}");
            self.soap(w, t, a, "query", o, &q, n);
            self.api_event(w, t, a, "SOAP Partner", "Query", o, &q, None, n);
            self.access(
                t,
                a,
                "API+ApiEvent",
                o,
                &q,
                n,
                Strength::Nothing,
                Vec::new(),
                Vec::new(),
            );
            t += self.r.random_range(15_000..40_000);
        }
    }

    /// Cases by REST query, pages of 200 (the smallest batch size): the IDs are in ApiEvent
    /// `Records`.
    fn cases(&mut self, w: &World, a: &Sess, t0: i64) {
        // Cases by REST query, pages of 200 (the smallest batch size): the IDs are in ApiEvent `Records`.
        let t_case = t0 + 6 * MIN;
        let case_q = "SELECT Id, CaseNumber, Subject, Description, SuppliedName, SuppliedEmail, SuppliedPhone FROM Case WHERE Origin = 'Web'";
        let web: Vec<usize> = w
            .before(Obj::Case, t_case)
            .filter(|(_, c)| c.get("Origin") == "Web")
            .map(|(i, _)| i)
            .collect();
        let total = web.len() as u64;
        let locator = text(&to18(&id15("01g", 7_000 + self.r.random_range(0..900u64))));
        let fields = select_fields(case_q);
        for (p, page) in web.chunks(200).enumerate() {
            let tp = t_case + p as i64 * 7_000;
            let ids = Self::ids18(w, Obj::Case, page);
            let rows = ids.len() as u64;
            let uri = if p == 0 {
                "/services/data/v58.0/query".to_string()
            } else {
                format!("/services/data/v58.0/query/{locator}-{}", p * 200)
            };
            let done = (p + 1) * 200 >= web.len();
            self.rest(w, tp, a, "GET", &uri, "Case", 200, rows, "");
            self.api_event(
                w,
                tp,
                a,
                "REST",
                if p == 0 { "Query" } else { "QueryMore" },
                "Case",
                case_q,
                Some((&ids, total, done)),
                rows,
            );
            self.access(
                tp,
                a,
                "RestApi+ApiEvent",
                "Case",
                case_q,
                rows,
                Strength::LoggedIds,
                page.to_vec(),
                fields.clone(),
            );
        }
    }

    /// The same session from an address no indicator names: one Case at a time.
    fn pivot(&mut self, w: &World, pivot_sess: &Sess, t0: i64) {
        // The same session from an address no indicator names: one Case at a time.
        let all_case_fields: Vec<String> = Obj::Case
            .header()
            .iter()
            .map(|f| (*f).to_string())
            .collect();
        let mut tp = t0 + 9 * MIN;
        for &i in &w.pivot_cases {
            let id = Self::ids18(w, Obj::Case, &[i]).concat();
            let uri = format!("/services/data/v58.0/sobjects/Case/{id}");
            self.rest(w, tp, pivot_sess, "GET", &uri, "Case", 200, 1, &id);
            self.access(
                tp,
                pivot_sess,
                "RestApi",
                "Case",
                &uri,
                1,
                Strength::LoggedIds,
                vec![i],
                all_case_fields.clone(),
            );
            tp += self.r.random_range(3_000..9_000);
        }
    }

    /// Contacts by SOQL with a date literal: the query and the row count only.
    fn contacts(&mut self, plan: &TPlan, w: &World, a: &Sess, t0: i64) {
        // Contacts by SOQL with a date literal: the query and the row count only.
        let t_contact = t0 + 12 * MIN;
        let (y, m, d) = plan.cutoff.civil();
        let contact_q = format!(
            "SELECT Id, FirstName, LastName, Email, Phone FROM Contact WHERE CreatedDate < {y:04}-{m:02}-{d:02}T00:00:00Z"
        );
        let recs: Vec<usize> = w
            .before(Obj::Contact, t_contact.min(plan.cutoff.ms()))
            .map(|(i, _)| i)
            .collect();
        let rows = recs.len() as u64;
        self.soap(w, t_contact, a, "query", "Contact", &contact_q, rows);
        self.api_event(
            w,
            t_contact,
            a,
            "SOAP Partner",
            "Query",
            "Contact",
            &contact_q,
            None,
            rows,
        );
        self.access(
            t_contact,
            a,
            "API+ApiEvent",
            "Contact",
            &contact_q,
            rows,
            Strength::Evaluated,
            recs,
            select_fields(&contact_q),
        );
    }

    /// Leads by SOQL with `IN`: records created later match too, but did not exist yet.
    fn leads(&mut self, w: &World, a: &Sess, t0: i64) {
        // Leads by SOQL with `IN`: records created later match too, but did not exist yet.
        let t_lead = t0 + 15 * MIN;
        let lead_q = format!(
            "SELECT Id, FirstName, LastName, Company, Email, Phone, Description FROM Lead WHERE Status IN ('{}', '{}')",
            OPEN_LEAD[0], OPEN_LEAD[1]
        );
        let recs: Vec<usize> = w
            .before(Obj::Lead, t_lead)
            .filter(|(_, l)| OPEN_LEAD.contains(&l.get("Status")))
            .map(|(i, _)| i)
            .collect();
        let rows = recs.len() as u64;
        self.soap(w, t_lead, a, "query", "Lead", &lead_q, rows);
        self.api_event(
            w,
            t_lead,
            a,
            "SOAP Partner",
            "Query",
            "Lead",
            &lead_q,
            None,
            rows,
        );
        self.access(
            t_lead,
            a,
            "API+ApiEvent",
            "Lead",
            &lead_q,
            rows,
            Strength::Evaluated,
            recs,
            select_fields(&lead_q),
        );
    }

    /// A second login from a Tor exit: a Bulk API 2.0 job over every Account, deleted.
    fn bulk_job(&mut self, w: &World, t0: i64, ip_b: &str) {
        // A second login from a Tor exit: a Bulk API 2.0 job over every Account, deleted.
        let t_b = t0 + 70 * MIN;
        let bsess = self.sess(INTEGRATION, ip_b, ACTOR_UA_B, "");
        self.login(w, t_b, &bsess, "oauthrefreshtoken", APP.0);
        let t_job = t_b + MIN;
        let recs: Vec<usize> = w.before(Obj::Account, t_job).map(|(i, _)| i).collect();
        let n = recs.len() as u64;
        let id15s = text(&id15("750", 60_000 + self.r.random_range(0..900u64)));
        let job = Job {
            id18: text(&to18(&id15_from(&id15s))),
            id15: id15s,
            object: "Account".into(),
            records: n,
            completed_ms: t_job + 2 * MIN,
            deleted_ms: Some(t_job + 3 * MIN + 41_000),
            ip: ip_b.to_string(),
            user: INTEGRATION,
        };
        self.rest(
            w,
            t_job,
            &bsess,
            "POST",
            "/services/data/v58.0/jobs/query",
            "Account",
            200,
            0,
            "",
        );
        self.bulk2(w, t_job + 1_000, &bsess, &job, "UploadComplete", 0, "0");
        self.bulk2(w, t_job + 5_000, &bsess, &job, "InProgress", 0, "0");
        self.bulk2(w, job.completed_ms, &bsess, &job, "JobComplete", n, &mb(n));
        let results = format!("/services/data/v58.0/jobs/query/{}/results", job.id18);
        let t_res = t_job + 3 * MIN;
        self.rest(w, t_res, &bsess, "GET", &results, "Account", 200, n, "");
        let all_account: Vec<String> = Obj::Account
            .header()
            .iter()
            .map(|f| (*f).to_string())
            .collect();
        self.access(
            job.completed_ms,
            &bsess,
            "BulkApi2",
            "Account",
            &format!("Bulk API 2.0 query job {}", job.id15),
            n,
            Strength::CountOnly,
            recs,
            all_account,
        );
        let del = format!("/services/data/v58.0/jobs/query/{}", job.id18);
        let t_del = t_job + 3 * MIN + 40_000;
        self.rest(w, t_del, &bsess, "DELETE", &del, "Account", 204, 0, "");
        let deleted = job.deleted_ms.unwrap_or(t_del + 1_000);
        self.bulk2(w, deleted, &bsess, &job, "Deleted", n, &mb(n));
        self.last_ms = deleted;
        let mut ips = BTreeSet::new();
        ips.insert(bsess.ip.clone());
        self.sessions.push((bsess, t_b, ips));
        self.job = job;
    }
}
