//! Writing the outputs and the summary.

use super::{InvestigateArgs, Investigation};
use crate::output::{FolderLock, Sensitivity, write_atomic};
use ajar_analyze::law::thousands;
use ajar_model::incident::Answer;
use ajar_render::view::{Lang, item_label};
use ajar_render::{drafts, html, incident_json, notification_csv, secrets_csv};
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use std::fmt::Write as _;
use std::path::Path;

/// The notification list's file name.
pub(crate) const NOTIFICATION_LIST: &str = "notification_list.csv";
/// The list of credentials to rotate (an intrusion only).
pub(crate) const SECRETS_LIST: &str = "secrets_to_rotate.csv";

/// Writes incident.json, the drafts (ja and en), the notification list (0600) and report.html.
/// Returns the file names written, in order.
pub(crate) fn write(inv: &Investigation, args: &InvestigateArgs) -> Result<Vec<String>> {
    let out = &args.out;
    if out.exists() && !out.is_dir() {
        return Err(miette!("{}: `--out` is not a folder", out.display()));
    }
    fs_err::create_dir_all(out).into_diagnostic()?;
    let _lock = FolderLock::take(out)?;
    let facts = if args.redact {
        incident_json::redacted(&inv.facts)
    } else {
        inv.facts.clone()
    };
    // incident.json and report.html list client IPs unless redacted: 0600, as `hunt` writes
    // the same data (issue #15).
    let ips = if args.redact {
        Sensitivity::Public
    } else {
        Sensitivity::Personal
    };
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: &[u8], s: Sensitivity| -> Result<()> {
        write_atomic(&out.join(name), bytes, s)?;
        written.push(name.to_owned());
        Ok(())
    };
    put("incident.json", &incident_json::render(&facts), ips)?;
    let mut draft_names = Vec::new();
    for lang in [Lang::Ja, Lang::En] {
        for (name, text) in drafts::render_all(&facts, lang)
            .into_diagnostic()
            .wrap_err("cannot draft the documents")?
        {
            put(&name, text.as_bytes(), Sensitivity::Public)?;
            draft_names.push(name);
        }
    }
    let list =
        notification_csv::render(&inv.persons, args.lang.lang(), args.redact).into_diagnostic()?;
    put(NOTIFICATION_LIST, &list, Sensitivity::Personal)?;
    if let Some(secrets) = &inv.facts.secrets {
        let list = secrets_csv::render(secrets, args.redact).into_diagnostic()?;
        put(SECRETS_LIST, &list, Sensitivity::Personal)?;
    }
    let report = html::render(&facts, args.lang.lang(), &draft_names);
    put("report.html", report.as_bytes(), ips)?;
    Ok(written)
}

/// The summary printed on stdout.
pub(crate) fn summary(inv: &Investigation, lang: Lang, written: &[String], out: &Path) -> String {
    let f = &inv.facts;
    let ja = lang == Lang::Ja;
    let t = |j: &'static str, e: &'static str| if ja { j } else { e };
    let opt = |n: Option<u64>| {
        n.map_or_else(
            || t("不明（ログなし）", "unknown (no logs)").to_owned(),
            thousands,
        )
    };
    let mut s = String::new();
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
    let _ = writeln!(s, "{} {}", t("出力:", "written to"), out.display());
    for w in written {
        let _ = writeln!(s, "  {w}");
    }
    s
}
