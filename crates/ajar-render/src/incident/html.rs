//! The HTML report: one self-contained file (inline CSS and SVG, no script, no external
//! request) with the headline figures, a timeline, tables per object, item and country, the
//! decisions with their deadlines, and links to the drafts.

mod intrusion;

use crate::view::{Lang, View, view};
use ajar_model::incident::IncidentFacts;
use jiff::civil::Date;
use std::fmt::Write;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn days(from: Date, to: Date) -> i64 {
    to.since(from).map_or(0, |s| i64::from(s.get_days()))
}

struct Scale {
    from: Date,
    span: i64,
}

impl Scale {
    const LEFT: f64 = 20.0;
    const WIDTH: f64 = 920.0;
    fn x(&self, d: Date) -> f64 {
        Self::LEFT + Self::WIDTH * (days(self.from, d) as f64) / (self.span.max(1) as f64)
    }
}

fn timeline(f: &IncidentFacts, lang: Lang, zoom: Option<(Date, Date)>) -> String {
    let mut dates: Vec<Date> = [
        f.window.start.date,
        f.window.end.date,
        f.discovered,
        f.coverage.first,
        f.coverage.last,
    ]
    .into_iter()
    .flatten()
    .collect();
    dates.extend(f.confirmed.by_day.keys().copied());
    if let Some((a, b)) = zoom {
        dates.retain(|d| (a..=b).contains(d));
        dates.extend([a, b]);
    }
    let (Some(&min), Some(&max)) = (dates.iter().min(), dates.iter().max()) else {
        return String::new();
    };
    let clip = |d: Date| d.clamp(min, max);
    let s = Scale {
        from: min,
        span: days(min, max),
    };
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 175" role="img" aria-label="{}">"##,
        t("タイムライン", "timeline")
    );
    let bar = |svg: &mut String, y: f64, a: Date, b: Date, color: &str, label: &str| {
        let (x1, x2) = (s.x(a), s.x(b));
        let _ = write!(
            svg,
            r##"<rect x="{x1:.1}" y="{y}" width="{:.1}" height="16" fill="{color}"><title>{}</title></rect><text x="{x1:.1}" y="{}" font-size="11">{}</text>"##,
            (x2 - x1).max(2.0),
            esc(&format!("{label}: {a} – {b}")),
            y - 3.0,
            esc(label)
        );
    };
    match (f.window.start.date, f.window.end.date) {
        (start, Some(end)) => bar(
            &mut svg,
            20.0,
            clip(start.unwrap_or(min)),
            clip(end),
            "#c0392b",
            t("閲覧可能な期間", "exposure window"),
        ),
        (Some(start), None) => bar(
            &mut svg,
            20.0,
            clip(start),
            max,
            "#c0392b",
            t(
                "閲覧可能な期間（終了不明）",
                "exposure window (end unknown)",
            ),
        ),
        (None, None) => {}
    }
    if let (Some(a), Some(b)) = (f.coverage.first, f.coverage.last) {
        bar(
            &mut svg,
            60.0,
            clip(a),
            clip(b),
            "#2e86c1",
            t("ログの範囲", "log coverage"),
        );
    }
    let peak = f
        .confirmed
        .by_day
        .values()
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    for (d, n) in f
        .confirmed
        .by_day
        .iter()
        .filter(|(d, _)| (min..=max).contains(*d))
    {
        let h = 30.0 * (*n as f64) / (peak as f64);
        let _ = write!(
            svg,
            r##"<rect x="{:.1}" y="{:.1}" width="2" height="{h:.1}" fill="#8e44ad"><title>{d}: {n}</title></rect>"##,
            s.x(*d),
            130.0 - h
        );
    }
    let _ = write!(
        svg,
        r##"<text x="20" y="96" font-size="11">{}</text>"##,
        t("外部からの閲覧（日別）", "outside reads per day")
    );
    let mut marker = |d: Date, label: &str, color: &str, y: f64| {
        let x = s.x(d);
        // Labels end at their line so that close markers (discovery two days before the fix)
        // stay readable on separate rows.
        let _ = write!(
            svg,
            r##"<line x1="{x:.1}" y1="10" x2="{x:.1}" y2="{:.1}" stroke="{color}" stroke-dasharray="4 2"/><text x="{:.1}" y="{y}" font-size="11" fill="{color}" text-anchor="end">{}</text>"##,
            y - 10.0,
            x - 3.0,
            esc(&format!("{label} {d}"))
        );
    };
    if let Some(d) = f.window.end.date
        && (min..=max).contains(&d)
    {
        marker(d, t("修正", "closed"), "#27ae60", 150.0);
    }
    if let Some(d) = f.discovered
        && (min..=max).contains(&d)
    {
        marker(d, t("判明", "discovered"), "#d35400", 166.0);
    }
    svg.push_str("</svg>");
    svg
}

fn list(items: &[String]) -> String {
    let mut s = String::from("<ul>");
    for i in items {
        let _ = write!(s, "<li>{}</li>", esc(i));
    }
    s.push_str("</ul>");
    s
}

fn figures(v: &View, lang: Lang) -> String {
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let cards = [
        (
            t("閲覧可能だった件数", "records exposed"),
            v.records.clone(),
        ),
        (t("最大人数", "persons exposed"), v.persons.clone()),
        (
            t("閲覧確認（件）", "confirmed read (records)"),
            v.confirmed_records.clone(),
        ),
        (
            t("うち国外（件）", "from abroad (records)"),
            v.confirmed_abroad.clone(),
        ),
        (
            t("期間", "window"),
            format!("{} → {}", v.window_start, v.window_end),
        ),
        (
            t("APPI 報告", "APPI report"),
            v.appi
                .as_ref()
                .map_or_else(String::new, |a| a.reportable.clone()),
        ),
    ];
    let mut s = String::from(r#"<div class="cards">"#);
    for (label, value) in cards {
        let _ = write!(
            s,
            r#"<div class="card"><div class="v" data-figure="{}">{}</div><div class="l">{}</div></div>"#,
            esc(label),
            esc(&value),
            esc(label)
        );
    }
    s.push_str("</div>");
    s
}

/// Renders the report; `drafts` are the relative file names to link.
pub fn render(facts: &IncidentFacts, lang: Lang, drafts: &[String]) -> String {
    let v = view(facts, lang);
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let mut h = String::new();
    head(&mut h, lang);
    h.push_str(&figures(&v, lang));
    window(&mut h, facts, &v, lang);
    objects(&mut h, &v, lang);
    confirmed(&mut h, facts, &v, lang);
    h.push_str(&intrusion::section(facts, lang));
    decisions(&mut h, &v, lang);
    let _ = write!(h, "<h2>{}</h2><ul>", t("下書き", "Drafts"));
    for d in drafts {
        let _ = write!(h, r#"<li><a href="{0}">{0}</a></li>"#, esc(d));
    }
    h.push_str("</ul></body></html>\n");
    h
}

/// The document's head, the title and the disclaimer.
fn head(h: &mut String, lang: Lang) {
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let _ = write!(
        h,
        r#"<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title><style>
body{{font-family:system-ui,sans-serif;margin:2em auto;max-width:980px;color:#222}}
table{{border-collapse:collapse;margin:.5em 0 1.5em}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}}
.cards{{display:flex;flex-wrap:wrap;gap:.8em}}.card{{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;min-width:140px}}
.v{{font-size:1.4em;font-weight:bold}}.l{{color:#555;font-size:.85em}}.note{{color:#555;font-size:.9em}}
</style></head><body>"#,
        lang.code(),
        t("ajar 調査報告", "ajar investigation report")
    );
    let _ = write!(
        h,
        "<h1>{}</h1><p class=\"note\">{}</p>",
        t("ajar 調査報告", "ajar investigation report"),
        t(
            "入力ファイルから算出した下書きです。判断と提出は人が行い、弁護士等の確認を受けてください。法的助言ではありません。",
            "Computed from the input files. A person decides and submits; have counsel review it. Not legal advice."
        )
    );
}

/// The timeline (and its logged period zoomed), and the window's bounds.
fn window(h: &mut String, facts: &IncidentFacts, v: &View, lang: Lang) {
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let _ = write!(
        h,
        "<h2>{}</h2>{}",
        t("タイムライン", "Timeline"),
        timeline(facts, lang, None)
    );
    if let (Some(a), Some(b)) = (facts.coverage.first, facts.coverage.last) {
        let _ = write!(
            h,
            "<h3>{}</h3>{}",
            t("ログのある期間（拡大）", "The logged period (zoomed)"),
            timeline(facts, lang, Some((a, b)))
        );
    }
    let _ = write!(
        h,
        "<p>{}: {}<br>{}: {}<br>{}: {}</p>",
        t("開始", "start"),
        esc(&v.window_start_detail),
        t("終了", "end"),
        esc(&v.window_end_detail),
        t("判明", "discovered"),
        esc(&v.discovered)
    );
}

/// Records and persons per object, the persons' keys and the data items.
fn objects(h: &mut String, v: &View, lang: Lang) {
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let _ = write!(
        h,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("オブジェクト別", "By object"),
        t("オブジェクト", "object"),
        t("件数", "records"),
        t("人数", "persons"),
        t("経路", "paths")
    );
    for o in &v.objects {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&o.object),
            esc(&o.records),
            esc(&o.persons),
            esc(&o.paths)
        );
    }
    let _ = write!(
        h,
        "</table><p>{}: {}</p>",
        t("名寄せキー", "persons told apart by"),
        esc(&v.person_keys)
    );
    let _ = write!(h, "<h2>{}</h2>{}", t("項目", "Data items"), list(&v.fields));
}

/// Confirmed reads by country, reads outside the exposed set, the data subjects' own reads,
/// and the IPs.
fn confirmed(h: &mut String, facts: &IncidentFacts, v: &View, lang: Lang) {
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let _ = write!(
        h,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th></tr>",
        t("国別の閲覧確認", "Confirmed reads by country"),
        t("国", "country"),
        t("件数", "records")
    );
    for (c, n) in &facts.confirmed.by_country {
        let _ = write!(h, "<tr><td>{}</td><td>{}</td></tr>", esc(c), n);
    }
    h.push_str("</table>");
    if !facts.confirmed.known {
        let _ = write!(h, "<p>{}</p>", esc(&v.confirmed_records));
    }
    let _ = write!(
        h,
        "<p>{}: {}</p>",
        t(
            "公開範囲外のレコードへの外部からの閲覧（モデルが経路を見落とした可能性）",
            "outside reads of records outside the exposed set (a path the model missed)"
        ),
        esc(&v.outside_exposed_set)
    );
    if let (Some(records), Some(persons), Some(rule)) = (
        &v.self_service_records,
        &v.self_service_persons,
        &v.self_service_rule,
    ) {
        // Issue #14: the data subject reading their own record is shown apart, never as
        // outside viewing.
        let _ = write!(
            h,
            "<h3>{}</h3><p>{}: {} / {}: {}</p><p class=\"note\">{}</p>{}",
            t(
                "本人による閲覧（閲覧確認に含めない）",
                "Reads by the data subjects themselves (not counted as confirmed)"
            ),
            t("件数", "records"),
            esc(records),
            t("人数", "persons"),
            esc(persons),
            esc(rule),
            list(&v.attribution)
        );
    }
    if !facts.confirmed.ips.is_empty() {
        let _ = write!(
            h,
            "<h3>IP</h3><table><tr><th>IP</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            t("国", "country"),
            t("件数", "records"),
            t("期間", "first – last")
        );
        for ip in &facts.confirmed.ips {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} – {}</td></tr>",
                esc(&ip.ip),
                esc(ip.country.as_deref().unwrap_or("?")),
                ip.records,
                ip.first,
                ip.last
            );
        }
        h.push_str("</table>");
    }
}

/// The logs' span and gaps, then each regime's decision.
fn decisions(h: &mut String, v: &View, lang: Lang) {
    let t = |ja: &'static str, en: &'static str| if lang == Lang::Ja { ja } else { en };
    let _ = write!(
        h,
        "<h2>{}</h2><p>{} {} – {}</p>{}",
        t("ログの範囲と欠落", "Log coverage and gaps"),
        t("ログ:", "logs:"),
        esc(&v.log_first),
        esc(&v.log_last),
        list(&v.gaps)
    );
    let _ = write!(h, "<h2>{}</h2>", t("判定", "Decisions"));
    for d in &v.decisions {
        let _ = write!(
            h,
            "<h3>{} — {}</h3><p>{}: <strong>{}</strong>; {}: <strong>{}</strong></p>{}<h4>{}</h4>{}<h4>{}</h4>{}",
            esc(&d.jurisdiction),
            esc(&d.label),
            t("報告", "report"),
            esc(&d.reportable),
            t("本人通知", "notify individuals"),
            esc(&d.notify),
            list(&d.triggers),
            t("期限", "Deadlines"),
            list(&d.deadlines),
            t("理由", "Reasons"),
            list(&d.reasons)
        );
    }
}
