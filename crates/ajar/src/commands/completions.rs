//! `ajar completions SHELL`: the shell completion script, generated from the same argument
//! definitions as `--help` (clap_complete), on stdout.

use crate::cli::{Cli, Ctx};
use crate::output::{Sensitivity, emit};
use clap::{Args, CommandFactory, ValueEnum};
use miette::Result;

/// Print a completion script for a shell.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    ajar completions bash > ~/.local/share/bash-completion/completions/ajar\n  \
    ajar completions zsh > ~/.zfunc/_ajar\n  \
    ajar completions fish > ~/.config/fish/completions/ajar.fish\n  \
    ajar completions powershell >> $PROFILE")]
pub(crate) struct CompletionsArgs {
    /// The shell the script is for.
    #[arg(value_enum)]
    pub(crate) shell: Shell,
}

/// The shells ajar writes completions for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Shell {
    /// Bash (bash-completion).
    Bash,
    /// Zsh (`compdef`).
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell (`Register-ArgumentCompleter`).
    Powershell,
}

impl Shell {
    fn generator(self) -> clap_complete::Shell {
        match self {
            Self::Bash => clap_complete::Shell::Bash,
            Self::Zsh => clap_complete::Shell::Zsh,
            Self::Fish => clap_complete::Shell::Fish,
            Self::Powershell => clap_complete::Shell::PowerShell,
        }
    }
}

pub(crate) fn run(args: &CompletionsArgs, _ctx: &Ctx) -> Result<u8> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell.generator(), &mut cmd, "ajar", &mut script);
    emit(None, &script, Sensitivity::Public)?;
    Ok(crate::EXIT_OK)
}
