//! `ajar man`: the manual page (roff, section 1), generated from the same argument definitions
//! as `--help` (clap_mangen), on stdout. Each subcommand gets a section with its own options.

use crate::cli::{Cli, Ctx};
use crate::output::{Sensitivity, emit};
use clap::{Args, CommandFactory};
use miette::{IntoDiagnostic, Result};

/// Print the manual page.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    ajar man > ajar.1 && man ./ajar.1\n  \
    ajar man | gzip > /usr/local/share/man/man1/ajar.1.gz")]
pub(crate) struct ManArgs {}

pub(crate) fn run(_args: &ManArgs, _ctx: &Ctx) -> Result<u8> {
    let cmd = Cli::command();
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut page).into_diagnostic()?;
    man.render_name_section(&mut page).into_diagnostic()?;
    man.render_synopsis_section(&mut page).into_diagnostic()?;
    man.render_description_section(&mut page)
        .into_diagnostic()?;
    man.render_options_section(&mut page).into_diagnostic()?;
    // One section per subcommand (its synopsis, description and options), so that the page
    // documents every command, not only their names.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name().to_owned();
        let sub = sub.clone().bin_name(format!("ajar {name}"));
        let mut section = Vec::new();
        let sub_man = clap_mangen::Man::new(sub);
        sub_man
            .render_synopsis_section(&mut section)
            .into_diagnostic()?;
        sub_man
            .render_description_section(&mut section)
            .into_diagnostic()?;
        sub_man
            .render_options_section(&mut section)
            .into_diagnostic()?;
        sub_man
            .render_extra_section(&mut section)
            .into_diagnostic()?;
        page.extend_from_slice(format!(".SH \"AJAR {}\"\n", name.to_uppercase()).as_bytes());
        page.extend_from_slice(&demote_sections(&section));
    }
    man.render_subcommands_section(&mut page)
        .into_diagnostic()?;
    man.render_extra_section(&mut page).into_diagnostic()?;
    man.render_version_section(&mut page).into_diagnostic()?;
    emit(None, &once_preamble(&page), Sensitivity::Public)?;
    Ok(crate::EXIT_OK)
}

/// Each rendered section repeats the quote-string definition (`.ie`/`.el`); one at the top is
/// enough.
fn once_preamble(roff: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(roff);
    let mut seen = std::collections::BTreeSet::new();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if preamble && !seen.insert(line.to_owned()) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.into_bytes()
}

/// A subcommand's `.SH` headings become `.SS` subsections under its own `.SH`.
fn demote_sections(roff: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(roff);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match line.strip_prefix(".SH ") {
            Some(rest) => {
                out.push_str(".SS ");
                out.push_str(rest);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out.into_bytes()
}
