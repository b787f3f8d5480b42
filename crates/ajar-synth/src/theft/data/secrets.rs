//! Credentials planted in some records' `Description` (docs/secrets.md shapes).

use super::*;

const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn chars(r: &mut Rng, set: &[u8], n: usize) -> String {
    (0..n)
        .map(|_| {
            char::from(
                set.get(r.random_range(0..set.len()))
                    .copied()
                    .unwrap_or(b'A'),
            )
        })
        .collect()
}

/// A syntactically valid, clearly fake credential of `kind`, in a sentence.
fn secret_text(kind: &str, r: &mut Rng) -> String {
    match kind {
        "aws-access-key-id" => format!(
            "Label printer uploads use AKIASYNTHTEST{} (synthetic test value, not a real key).",
            chars(r, B32, 7)
        ),
        "private-key" => format!(
            "SFTP key for the EDI partner (synthetic test value):\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEASYNTHETICTESTKEYNOTREAL{}\n{}\n-----END RSA PRIVATE KEY-----",
            chars(r, ALNUM, 25),
            chars(r, ALNUM, 64)
        ),
        "slack-token" => format!(
            "Alerts bot token xoxb-{}-{}-SynthTest{} (synthetic test value).",
            r.random_range(10_000_000_000u64..99_999_999_999),
            r.random_range(1_000_000_000_000u64..9_999_999_999_999),
            chars(r, ALNUM, 15)
        ),
        "github-token" => format!(
            "Deploy hook uses ghp_SynthTest{} (synthetic test value).",
            chars(r, ALNUM, 27)
        ),
        "snowflake-credential" => format!(
            "Nightly ETL: snowflake://svc_etl:SynthTest-{}@xy{}.ap-northeast-1.aws/ANALYTICS?warehouse=ETL_WH (synthetic test value)",
            chars(r, ALNUM, 10),
            r.random_range(10_000..99_999)
        ),
        _ => format!(
            "Portal login for the carrier: user=kumo-ops password=SynthTest-{} (synthetic test value)",
            chars(r, ALNUM, 10)
        ),
    }
}

pub(super) fn plant_secrets(plan: &TPlan, r: &mut Rng, w: &mut World) {
    let t0 = plan.t0;
    let cutoff = plan.cutoff.ms();
    // Candidate records per purpose, chosen by the seed.
    let pick_idx = |r: &mut Rng, v: &[usize], used: &mut Vec<(Obj, usize)>, o: Obj| {
        let free: Vec<usize> = v
            .iter()
            .copied()
            .filter(|i| !used.contains(&(o, *i)))
            .collect();
        let i = free.get(r.random_range(0..free.len().max(1))).copied();
        if let Some(i) = i {
            used.push((o, i));
        }
        i
    };
    let idx = |o: Obj, f: &dyn Fn(&Rec) -> bool| -> Vec<usize> {
        w.of(o)
            .iter()
            .enumerate()
            .filter(|(_, x)| f(x))
            .map(|(i, _)| i)
            .collect()
    };
    let web_case = idx(Obj::Case, &|c| {
        c.created_ms < t0 && c.get("Origin") == "Web"
    });
    let other_case = idx(Obj::Case, &|c| {
        c.created_ms < t0 && c.get("Origin") != "Web"
    });
    let old_account = idx(Obj::Account, &|a| a.created_ms < t0);
    let late_account = idx(Obj::Account, &|a| a.late);
    let open_lead = idx(Obj::Lead, &|l| {
        l.created_ms < t0 && OPEN_LEAD.contains(&l.get("Status"))
    });
    let closed_lead = idx(Obj::Lead, &|l| {
        l.created_ms < t0 && !OPEN_LEAD.contains(&l.get("Status"))
    });
    let old_contact = idx(Obj::Contact, &|c| c.created_ms < cutoff);
    let mut used = Vec::new();
    // Non-Web Cases the actor reads one by one from the pivot address.
    let n_pivot = r.random_range(3..7);
    let mut pivot = Vec::new();
    for _ in 0..n_pivot {
        if let Some(i) = pick_idx(r, &other_case, &mut used, Obj::Case) {
            pivot.push(i);
        }
    }
    pivot.sort_unstable();
    w.pivot_cases = pivot.clone();
    let plan_list: [(&str, Obj, &[usize]); 10] = [
        ("aws-access-key-id", Obj::Case, &web_case),
        ("password-pair", Obj::Case, &web_case),
        ("private-key", Obj::Account, &old_account),
        ("slack-token", Obj::Account, &old_account),
        ("snowflake-credential", Obj::Lead, &open_lead),
        // Not taken: the Contact query does not select Description.
        ("aws-access-key-id", Obj::Contact, &old_contact),
        // Not taken: a phone Case nobody read.
        ("password-pair", Obj::Case, &other_case),
        // Not taken: an Account created after the bulk job.
        ("slack-token", Obj::Account, &late_account),
        // Not taken: a closed Lead, outside the query's criteria.
        ("github-token", Obj::Lead, &closed_lead),
        ("private-key", Obj::Lead, &open_lead),
    ];
    let mut secrets = Vec::new();
    // One on a Case read from the pivot address.
    if let Some(&i) = pivot.first() {
        secrets.push(Secret {
            kind: "github-token",
            obj: Obj::Case,
            rec: i,
            field: "Description",
        });
    }
    for (kind, obj, cands) in plan_list {
        if let Some(i) = pick_idx(r, cands, &mut used, obj) {
            secrets.push(Secret {
                kind,
                obj,
                rec: i,
                field: "Description",
            });
        }
    }
    for s in &secrets {
        let text = secret_text(s.kind, r);
        if let Some(rec) = w.recs.get_mut(&s.obj).and_then(|v| v.get_mut(s.rec)) {
            rec.vals.insert(s.field, text);
        }
    }
    w.secrets = secrets;
}
