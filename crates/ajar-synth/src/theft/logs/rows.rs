//! Rendering one event as an ELF, ApiEvent or Login History row.

use super::*;

impl Story {
    pub(super) fn login(&mut self, w: &World, ms: i64, s: &Sess, sub: &str, app: &str) {
        let (uid, uid18) = self.user_ids(w, s.user);
        let api = sub.starts_with("oauth");
        let country = crate::theft::files::country(&s.ip).unwrap_or("");
        let name = w
            .users
            .get(s.user)
            .map(|u| u.username.clone())
            .unwrap_or_default();
        let mut b = Vec::with_capacity(512);
        let mut row = Row::new(&mut b);
        self.lead(&mut row, "Login", ms, &uid);
        row.n(self.r.random_range(50..400))
            .n(self.r.random_range(10..80));
        row.s(if api {
            "/services/oauth2/token"
        } else {
            "/index.jsp"
        })
        .s("")
        .s(&s.login_key)
        .s("Standard")
        .s("S");
        row.n(self.r.random_range(1_000_000..150_000_000))
            .s(if api { "R" } else { "Application" });
        row.s(if api { s.ua } else { STAFF_UA })
            .s("")
            .s(if api { "58.0" } else { "" })
            .s(&name);
        row.s("TLSv1.3").s("TLS_AES_256_GCM_SHA384").s("F").s("");
        row.s("kumo-logistics.my.salesforce.com")
            .s(country)
            .s("")
            .s(sub)
            .s("");
        row.iso(ms).b(&uid18).s(&s.ip).s("");
        row.s("LOGIN_NO_ERROR").s(&s.ip).s("").end();
        self.push(Ty::Login, ms, b);
        // Login History: `Application` names the connected app behind an OAuth login.
        let mut b = Vec::with_capacity(256);
        Row::new(&mut b)
            .s(&s.history_id)
            .b(&uid18)
            .s(&iso_plus(ms))
            .s(if api {
                "Remote Access 2.0"
            } else {
                "Application"
            })
            .s(sub)
            .s(&s.ip)
            .s("https://kumo-logistics.my.salesforce.com")
            .s(if api { "Unknown" } else { "Chrome 139" })
            .s(if api { "Unknown" } else { "Windows 11" })
            .s("Success")
            .s(app)
            .s("N/A")
            .s(if api { "REST" } else { "N/A" })
            .s(if api { "58.0" } else { "N/A" })
            .s(country)
            .end();
        self.seq += 1;
        self.login_history.push(Line {
            ms,
            seq: self.seq,
            bytes: b,
        });
    }

    /// An ELF RestApi row (and its ApiTotalUsage row on the retained day).
    #[allow(clippy::too_many_arguments, reason = "one column each")]
    pub(super) fn rest(
        &mut self,
        w: &World,
        ms: i64,
        s: &Sess,
        method: &str,
        uri: &str,
        entity: &str,
        code: u64,
        rows: u64,
        idd: &str,
    ) {
        let (uid, uid18) = self.user_ids(w, s.user);
        let mut b = Vec::with_capacity(512);
        let mut row = Row::new(&mut b);
        self.lead(&mut row, "RestApi", ms, &uid);
        row.n(self.r.random_range(20..900))
            .n(self.r.random_range(5..300))
            .s(uri)
            .s(&s.session_key)
            .s(&s.login_key);
        row.s("Standard")
            .s("S")
            .n(self.r.random_range(1_000_000..90_000_000))
            .s(entity);
        row.s(method).s("application/json").n(code).s(s.ua);
        row.n(self.r.random_range(0..600))
            .n(self.r.random_range(200..900_000).max(rows * 300))
            .n(rows);
        row.n(self.r.random_range(3..30))
            .n(self.r.random_range(0..4_000))
            .n(self.r.random_range(0..200));
        row.s(s.client).s(if s.app { APP.1 } else { "" });
        row.iso(ms + self.r.random_range(0..40))
            .b(&uid18)
            .s(&s.ip)
            .s(idd)
            .end();
        self.push(Ty::RestApi, ms, b);
        let resource = uri
            .strip_prefix("/services/data")
            .unwrap_or(uri)
            .to_string();
        self.total(w, ms, s, "REST", &resource, method, entity, code);
    }

    /// An ELF API (SOAP) row (and its ApiTotalUsage row).
    #[allow(clippy::too_many_arguments, reason = "one column each")]
    pub(super) fn soap(
        &mut self,
        w: &World,
        ms: i64,
        s: &Sess,
        method: &str,
        entity: &str,
        query: &str,
        rows: u64,
    ) {
        let (uid, uid18) = self.user_ids(w, s.user);
        let org18 = text(&to18(&self.org));
        let mut b = Vec::with_capacity(512);
        let mut row = Row::new(&mut b);
        self.lead(&mut row, "API", ms, &uid);
        row.n(self.r.random_range(20..2_000))
            .n(self.r.random_range(5..400))
            .s(&format!("/services/Soap/u/58.0/{org18}"))
            .s(&s.session_key)
            .s(&s.login_key);
        row.s("Standard")
            .s("S")
            .n(self.r.random_range(1_000_000..400_000_000))
            .s("P")
            .s("58.0");
        row.s(s.client).s(method).s(entity).n(rows);
        row.n(self.r.random_range(300..9_000))
            .n(self.r.random_range(300..900_000).max(rows * 200));
        row.n(self.r.random_range(0..9_000))
            .n(self.r.random_range(0..300));
        row.s("").s(query);
        row.iso(ms + self.r.random_range(0..40))
            .b(&uid18)
            .s(&s.ip)
            .s("")
            .end();
        self.push(Ty::Api, ms, b);
        self.total(w, ms, s, "SOAP", method, "POST", entity, 200);
    }

    /// ApiTotalUsage: every API call, but the file is kept one day only (formats.md §2.6), so
    /// only the last retained day has one.
    #[allow(clippy::too_many_arguments, reason = "one column each")]
    pub(super) fn total(
        &mut self,
        w: &World,
        ms: i64,
        s: &Sess,
        family: &str,
        resource: &str,
        method: &str,
        entity: &str,
        code: u64,
    ) {
        if Day::of_ms(ms) != self.last_day {
            return;
        }
        let (uid, uid18) = self.user_ids(w, s.user);
        let mut b = Vec::with_capacity(400);
        let mut row = Row::new(&mut b);
        self.lead(&mut row, "ApiTotalUsage", ms, &uid);
        row.s(family).s("58.0").s(resource).s(s.client).s(&s.ip);
        row.s(if s.app { APP.1 } else { "" })
            .s(if s.app { APP.0 } else { "" })
            .s("true")
            .s(entity)
            .s(method)
            .n(code);
        row.iso(ms).b(&uid18).end();
        self.push(Ty::ApiTotalUsage, ms, b);
    }

    /// An RTEM `ApiEvent` row; `records` are 18-char IDs for the `Records` JSON.
    #[allow(clippy::too_many_arguments, reason = "one column each")]
    pub(super) fn api_event(
        &mut self,
        w: &World,
        ms: i64,
        s: &Sess,
        api_type: &str,
        op: &str,
        entity: &str,
        query: &str,
        records: Option<(&[String], u64, bool)>,
        rows: u64,
    ) {
        let (_, uid18) = self.user_ids(w, s.user);
        let name = w
            .users
            .get(s.user)
            .map(|u| u.username.clone())
            .unwrap_or_default();
        let ev = format!(
            "{}-{}-{}-{}-{}",
            self.rand(HEX, 8),
            self.rand(HEX, 4),
            self.rand(HEX, 4),
            self.rand(HEX, 4),
            self.rand(HEX, 12)
        );
        // `Records`: JSON inside the CSV value (formats.md §2.4, trap 26).
        let recs = match records {
            Some((ids, total, done)) => {
                let mut j = format!("{{\"totalSize\":{total},\"done\":{done},\"records\":[");
                for (i, id) in ids.iter().enumerate() {
                    if i > 0 {
                        j.push(',');
                    }
                    j.push_str(&format!(
                        "{{\"attributes\":{{\"type\":\"{entity}\",\"url\":\"/services/data/v58.0/sobjects/{entity}/{id}\"}},\"Id\":\"{id}\"}}"
                    ));
                }
                j.push_str("]}");
                j
            }
            None => String::new(),
        };
        let mut b = Vec::with_capacity(512 + recs.len());
        let mut row = Row::new(&mut b);
        row.s(&iso_plus(ms))
            .s(&ev)
            .b(&uid18)
            .s(&name)
            .s(&s.ip)
            .s(&s.session_key)
            .s(&s.login_key)
            .s(&s.history_id);
        row.s("STANDARD")
            .s(api_type)
            .s("58.0")
            .s(if s.user == INTEGRATION { APP.0 } else { "N/A" })
            .s(s.client)
            .s("");
        row.s(op)
            .s("Unknown")
            .s(entity)
            .s(query)
            .s(&recs)
            .n(rows)
            .n(rows);
        row.n(self.r.random_range(20..3_000)).s(s.ua).end();
        self.seq += 1;
        self.api_event.push(Line {
            ms,
            seq: self.seq,
            bytes: b,
        });
    }

    #[allow(clippy::too_many_arguments, reason = "one column each")]
    pub(super) fn bulk2(
        &mut self,
        w: &World,
        ms: i64,
        s: &Sess,
        job: &Job,
        status: &str,
        processed: u64,
        mb: &str,
    ) {
        let (uid, uid18) = self.user_ids(w, s.user);
        let mut b = Vec::with_capacity(400);
        let mut row = Row::new(&mut b);
        self.lead(&mut row, "BulkApi2", ms, &uid);
        row.n(self.r.random_range(20..5_000))
            .n(self.r.random_range(5..900))
            .s(&format!("/services/data/v58.0/jobs/query/{}", job.id18))
            .s(&s.session_key)
            .s(&s.login_key);
        row.s(&job.id15)
            .s(&job.object)
            .s("query")
            .s(status)
            .n(processed)
            .n(0)
            .s(mb)
            .s("");
        row.iso(ms).b(&uid18).s(&s.ip).s(&job.id18).end();
        self.push(Ty::BulkApi2, ms, b);
    }

    pub(super) fn ids18(w: &World, o: Obj, recs: &[usize]) -> Vec<String> {
        recs.iter()
            .filter_map(|&i| w.of(o).get(i))
            .map(|x| text(&to18(&x.id)))
            .collect()
    }
}
