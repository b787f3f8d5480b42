//! Global options and the per-run context every command receives.

use clap::{Args, Parser, ValueEnum};
use std::io::IsTerminal;

/// What is open, who came in, whom must we tell.
///
/// ajar reads a Salesforce org's metadata, logs and data export offline and answers the three
/// questions of a guest-access misconfiguration: what an unauthenticated guest can reach
/// (`scan`), which records outsiders actually read (`hunt`), and whom the law says to tell, by
/// when (`investigate`).
#[derive(Debug, Parser)]
#[command(name = "ajar", version, about, long_about, propagate_version = true)]
#[command(
    after_help = "Start with `ajar demo`: it generates a sample org and investigates it.\n\n\
    Examples:\n  \
    ajar demo --out ajar-demo\n  \
    ajar scan force-app --format sarif --output ajar.sarif --fail-on high"
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: crate::commands::Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub(crate) color: ColorChoice,
    /// Print nothing on stderr but errors (no progress, no summary).
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// What a command knows about how it was run.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    /// Colour stdout.
    pub(crate) color: bool,
    /// Colour stderr.
    pub(crate) color_stderr: bool,
    /// `--quiet`.
    pub(crate) quiet: bool,
    /// Show progress bars (stderr is a terminal and not quiet).
    pub(crate) progress: bool,
}

impl Ctx {
    pub(crate) fn new(g: &Global) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match g.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        let stderr_tty = std::io::stderr().is_terminal();
        Self {
            color: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(stderr_tty),
            quiet: g.quiet,
            progress: stderr_tty && !g.quiet,
        }
    }

    pub(crate) fn install_error_handler(&self) {
        let color = self.color_stderr;
        let _ = miette::set_hook(Box::new(move |_| {
            Box::new(
                miette::MietteHandlerOpts::new()
                    .color(color)
                    .unicode(color)
                    .terminal_links(false)
                    .build(),
            )
        }));
    }

    /// Prints an error report with its whole cause chain on stderr.
    pub(crate) fn print_error(&self, report: &miette::Report) {
        let mut err = std::io::stderr().lock();
        let _ = std::io::Write::write_fmt(&mut err, format_args!("{report:?}\n"));
    }

    /// A line on stderr unless `--quiet`.
    pub(crate) fn note(&self, line: &str) {
        if !self.quiet {
            let mut err = std::io::stderr().lock();
            let _ = std::io::Write::write_fmt(&mut err, format_args!("{line}\n"));
        }
    }
}

/// The language of the report and the summary (`--lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    /// Japanese.
    Ja,
    /// English.
    En,
}

impl LangArg {
    pub(crate) fn lang(self) -> ajar_render::view::Lang {
        match self {
            Self::Ja => ajar_render::view::Lang::Ja,
            Self::En => ajar_render::view::Lang::En,
        }
    }
}

/// `--fail-on`'s value (scan and hunt).
pub(crate) fn parse_severity(
    s: &str,
) -> std::result::Result<ajar_model::finding::Severity, String> {
    ajar_model::finding::Severity::parse(s)
        .ok_or_else(|| format!("unknown severity `{s}` (critical, high, medium, low, info)"))
}

/// "Now" when no date flag gives it: `SOURCE_DATE_EPOCH` (reproducible builds' convention) as
/// a UTC date, else the clock, so that the same input gives the same report (issue #8).
pub(crate) fn today() -> jiff::civil::Date {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .map_or_else(
            || jiff::ZonedDateTime::now().date(),
            ajar_analyze::impact::utc_date,
        )
}

/// The pipeline's long steps as a spinner on stderr, when it is a terminal and not `--quiet`.
#[derive(Debug)]
pub(crate) struct Spinner {
    enabled: bool,
    bar: std::cell::RefCell<Option<indicatif::ProgressBar>>,
}

impl Ctx {
    /// The spinner of this run.
    pub(crate) fn spinner(&self) -> Spinner {
        Spinner {
            enabled: self.progress,
            bar: std::cell::RefCell::new(None),
        }
    }
}

impl ajar_pipeline::Progress for Spinner {
    fn begin(&self, what: &str) {
        if self.enabled {
            let b = indicatif::ProgressBar::new_spinner();
            b.set_message(what.to_owned());
            b.enable_steady_tick(std::time::Duration::from_millis(120));
            *self.bar.borrow_mut() = Some(b);
        }
    }

    fn end(&self) {
        if let Some(b) = self.bar.borrow_mut().take() {
            b.finish_and_clear();
        }
    }
}
