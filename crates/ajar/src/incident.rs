//! An investigation's files and summary, shared by `investigate` and `demo`: incident.json,
//! the drafts, the notification list, report.html, and the figures printed on stdout.

mod summary;

pub(crate) use summary::summary;

use crate::cli::LangArg;
use crate::output::{FolderLock, Sensitivity, write_atomic, write_atomic_with};
use ajar_pipeline::investigate::Investigation;
use ajar_render::incident::{drafts, html, json as incident_json, notification_csv, secrets_csv};
use ajar_render::view::Lang;
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use std::path::PathBuf;

/// Where and how the files are written.
#[derive(Debug, Clone)]
pub(crate) struct OutputOptions {
    /// `--out`.
    pub(crate) out: PathBuf,
    /// `--lang`: the HTML report's and the notification list's language.
    pub(crate) lang: LangArg,
    /// `--redact`: no personal data in any file.
    pub(crate) redact: bool,
}

/// The notification list's file name.
pub(crate) const NOTIFICATION_LIST: &str = "notification_list.csv";
/// The list of credentials to rotate (an intrusion only).
pub(crate) const SECRETS_LIST: &str = "secrets_to_rotate.csv";

/// Writes incident.json, the drafts (ja and en), the notification list (0600) and report.html.
/// Returns the file names written, in order.
pub(crate) fn write(inv: &Investigation, args: &OutputOptions) -> Result<Vec<String>> {
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
    let put = |written: &mut Vec<String>, name: &str, bytes: &[u8], s: Sensitivity| {
        write_atomic(&out.join(name), bytes, s)?;
        written.push(name.to_owned());
        Ok::<(), miette::Report>(())
    };
    put(
        &mut written,
        "incident.json",
        &incident_json::render(&facts),
        ips,
    )?;
    let mut draft_names = Vec::new();
    for lang in [Lang::Ja, Lang::En] {
        for (name, text) in drafts::render_all(&facts, lang)
            .into_diagnostic()
            .wrap_err("cannot draft the documents")?
        {
            put(&mut written, &name, text.as_bytes(), Sensitivity::Public)?;
            draft_names.push(name);
        }
    }
    // Row by row from the compact list, never whole in memory (issue #19).
    write_atomic_with(&out.join(NOTIFICATION_LIST), Sensitivity::Personal, |w| {
        notification_csv::write(inv.persons.iter(), args.lang.lang(), args.redact, w)
            .map_err(std::io::Error::other)
    })?;
    written.push(NOTIFICATION_LIST.to_owned());
    if let Some(secrets) = &inv.facts.secrets {
        let list = secrets_csv::render(secrets, args.redact).into_diagnostic()?;
        put(&mut written, SECRETS_LIST, &list, Sensitivity::Personal)?;
    }
    let report = html::render(&facts, args.lang.lang(), &draft_names);
    put(&mut written, "report.html", report.as_bytes(), ips)?;
    Ok(written)
}
