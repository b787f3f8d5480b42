//! The summary printed on stdout: the figures, the decisions and the files written.

use super::SECRETS_LIST;
use ajar_analyze::law::thousands;
use ajar_model::incident::{Answer, IncidentFacts};
use ajar_pipeline::investigate::Investigation;
use ajar_render::view::{Lang, item_label};
use std::fmt::Write as _;
use std::path::Path;

/// The summary printed on stdout.
pub(crate) fn summary(inv: &Investigation, lang: Lang, written: &[String], out: &Path) -> String {
    let f = &inv.facts;
    let t = tr(lang);
    let mut s = String::new();
    exposed(&mut s, f, lang);
    confirmed(&mut s, f, lang);
    intrusion(&mut s, f, lang);
    decisions(&mut s, f, lang);
    let _ = writeln!(s, "{} {}", t("出力:", "written to"), out.display());
    for w in written {
        let _ = writeln!(s, "  {w}");
    }
    s
}

/// `ja` or `en` text.
fn tr(lang: Lang) -> impl Fn(&'static str, &'static str) -> &'static str {
    move |j, e| if lang == Lang::Ja { j } else { e }
}

/// The exposed records and persons, per object and evidence, the data items and the window.
fn exposed(s: &mut String, f: &IncidentFacts, lang: Lang) {
    let t = tr(lang);
    let _ = writeln!(
        s,
        "{} {} {} / {} {}",
        t("閲覧可能だったレコード:", "exposed records:"),
        thousands(f.exposed.records),
        t("件", ""),
        t("人数:", "persons:"),
        thousands(f.exposed.persons),
    );
    let _ = writeln!(
        s,
        "{} {}",
        t("名寄せキー:", "persons told apart by:"),
        f.exposed.person_keys.join(", ")
    );
    for o in &f.exposed.by_object {
        let _ = writeln!(
            s,
            "  {}: {} / {} ({})",
            o.object,
            thousands(o.records),
            thousands(o.persons),
            o.paths.join(", ")
        );
    }
    for o in &f.exposed.by_object {
        for e in &o.evidence {
            let _ = writeln!(
                s,
                "    {}: {} {}{}",
                o.object,
                ajar_render::hunt::actor::evidence_name(e.strength),
                thousands(e.records),
                if e.upper_bound {
                    t(" (上限)", " (upper bound)")
                } else {
                    ""
                }
            );
        }
    }
    let items: Vec<String> = f
        .exposed
        .by_object
        .iter()
        .flat_map(|o| o.fields.iter())
        .filter(|x| x.non_empty > 0)
        .filter_map(|x| {
            x.class
                .map(|c| format!("{} ({})", item_label(c, lang), x.field))
        })
        .collect();
    let _ = writeln!(s, "{} {}", t("項目:", "items:"), items.join(", "));
    let bound = |b: &ajar_model::incident::Bound| {
        b.date.map_or_else(|| b.detail.clone(), |d| d.to_string())
    };
    let _ = writeln!(
        s,
        "{} {} → {}",
        t("期間:", "window:"),
        bound(&f.window.start),
        bound(&f.window.end)
    );
}

/// The confirmed reads, the data subjects' own reads apart, and reads outside the exposed set.
fn confirmed(s: &mut String, f: &IncidentFacts, lang: Lang) {
    let t = tr(lang);
    let opt = |n: Option<u64>| {
        n.map_or_else(
            || t("不明（ログなし）", "unknown (no logs)").to_owned(),
            thousands,
        )
    };
    let _ = writeln!(
        s,
        "{} {} {} / {} {} ({} {})",
        t("閲覧確認:", "confirmed read:"),
        opt(f.confirmed.records),
        t("件", "records"),
        opt(f.confirmed.persons),
        t("名", "persons"),
        t("国外から", "from abroad:"),
        opt(f.confirmed.records_abroad),
    );
    if let Some(own) = &f.confirmed.self_service {
        // The data subject reading their own record is not outside viewing (issue #14).
        let _ = writeln!(
            s,
            "{} {} {} / {} {}",
            t(
                "本人による閲覧(上記に含めず):",
                "self-service reads (data subjects, not counted above):"
            ),
            thousands(own.records),
            t("件", "records"),
            thousands(own.persons),
            t("名", "persons"),
        );
    }
    if f.confirmed.outside_exposed_set > 0 {
        let _ = writeln!(
            s,
            "{} {}",
            t(
                "警告: 公開範囲外と判定したレコードへの外部からの閲覧:",
                "WARNING: outside reads of records outside the exposed set:"
            ),
            thousands(f.confirmed.outside_exposed_set)
        );
    }
}

/// An intrusion's reach of the stolen identities, and the credentials among what was taken.
fn intrusion(s: &mut String, f: &IncidentFacts, lang: Lang) {
    let t = tr(lang);
    if let Some(r) = &f.identity_reach {
        for u in &r.users {
            let readable = u.objects.iter().filter(|o| o.readable).count();
            let _ = writeln!(
                s,
                "{} {} ({}): {} {} / {} {}{}",
                t(
                    "侵害された ID が読めた範囲:",
                    "what the stolen identity could read:"
                ),
                u.username.as_deref().unwrap_or(&u.user_id),
                u.profile.as_deref().unwrap_or("?"),
                readable,
                t("オブジェクト", "object(s)"),
                thousands(r.records_bound),
                t("件", "records"),
                if u.view_all_data.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", u.view_all_data.join(", "))
                }
            );
        }
    }
    if let Some(sec) = &f.secrets {
        let kinds: Vec<String> = sec
            .by_kind
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        let _ = writeln!(
            s,
            "{} {} ({}) → {SECRETS_LIST}",
            t(
                "持ち出されたフィールド中の認証情報:",
                "credentials in the fields taken:"
            ),
            sec.found.len(),
            if kinds.is_empty() {
                t("なし", "none").to_owned()
            } else {
                kinds.join(", ")
            }
        );
    }
}

/// Each regime's decision, the triggers that apply or may, and the deadlines.
fn decisions(s: &mut String, f: &IncidentFacts, lang: Lang) {
    let t = tr(lang);
    for d in &f.decisions {
        let _ = writeln!(
            s,
            "{} ({}): {} {}",
            d.jurisdiction,
            d.label,
            t("報告", "report"),
            d.reportable.as_str()
        );
        for tr in d.triggers.iter().filter(|x| x.applies != Answer::No) {
            let _ = writeln!(s, "  {} [{}] {}", tr.id, tr.applies.as_str(), tr.reason);
        }
        for dl in &d.deadlines {
            let when = match (dl.earliest, dl.date, dl.instant) {
                (Some(a), Some(b), _) => format!("{a} … {b}"),
                (None, Some(b), _) => b.to_string(),
                (_, None, Some(i)) => i.to_string(),
                _ => "needs review".to_owned(),
            };
            let cond = if dl.conditional { " (conditional)" } else { "" };
            let _ = writeln!(s, "  {}: {when}{cond}", dl.what);
        }
    }
}
