//! The command line's conventions a newcomer expects (issue #13): `ajar completions SHELL` and
//! `ajar man` print what their shells and `man` read, and `--help` of every command ends with
//! an example.

use std::process::{Command, Output};

/// `ajar args…` with help text wrapped at 100 columns.
fn run_100_columns(args: &[&str]) -> Output {
    crate::support::ajar()
        .args(args)
        .env("COLUMNS", "100")
        .output()
        .unwrap()
}

fn stdout_ok(args: &[&str]) -> String {
    let out = run_100_columns(args);
    assert!(
        out.status.success(),
        "ajar {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands `ajar --help` lists (but `help`).
fn subcommands() -> Vec<String> {
    let help = stdout_ok(&["--help"]);
    let list = help
        .split_once("Commands:\n")
        .unwrap()
        .1
        .split("\n\n")
        .next()
        .unwrap();
    let names: Vec<String> = list
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(str::to_owned)
        .collect();
    assert!(names.len() >= 10, "{names:?}");
    names
}

#[test]
fn completions_for_every_shell() {
    let subcommands = subcommands();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef ajar"),
        ("fish", "complete -c ajar"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout_ok(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        for sub in &subcommands {
            assert!(script.contains(sub.as_str()), "{shell}: `{sub}` missing");
        }
        // Options of a subcommand are completed too.
        assert!(
            script.contains("discovered"),
            "{shell}: `--discovered` missing"
        );
    }
    // The bash script is valid bash.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ajar.bash");
    std::fs::write(&file, stdout_ok(&["completions", "bash"])).unwrap();
    let st = Command::new("bash").arg("-n").arg(&file).status().unwrap();
    assert!(st.success(), "bash -n rejects the completion script");
    // An unknown shell is a usage error.
    let out = run_100_columns(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_page_documents_every_command_and_option() {
    let page = stdout_ok(&["man"]);
    assert!(page.contains(".TH ajar 1"));
    assert!(page.contains(".SH NAME"));
    for sub in subcommands() {
        assert!(
            page.contains(&format!(".SH \"AJAR {}\"", sub.to_uppercase())),
            "no section for `{sub}`"
        );
    }
    // Options of the subcommands, roff-escaped.
    for opt in ["\\-\\-fail\\-on", "\\-\\-discovered", "\\-\\-geoip"] {
        assert!(page.contains(opt), "{opt} missing");
    }
    // Same bytes every run.
    assert_eq!(page, stdout_ok(&["man"]));
}

/// What is wrong with the end of a help text: `None` when it ends with an `Example:` or
/// `Examples:` section holding only command lines (`  ajar …`, continued after a `\`).
fn example_problem(help: &str) -> Option<String> {
    let lines: Vec<&str> = help.trim_end().lines().collect();
    let Some(heading) = lines
        .iter()
        .rposition(|l| *l == "Example:" || *l == "Examples:")
    else {
        return Some("no example".into());
    };
    let examples = &lines[heading + 1..];
    if examples.is_empty() {
        return Some("an empty example section".into());
    }
    let mut continued = false;
    for line in examples {
        let ok = line.starts_with("  ajar ") || (continued && line.starts_with("    "));
        if !ok {
            return Some(format!("`{line}` after the examples"));
        }
        continued = line.ends_with('\\');
    }
    None
}

#[test]
fn every_help_ends_with_an_example() {
    let mut commands = vec![Vec::new()];
    commands.extend(subcommands().into_iter().map(|s| vec![s]));
    for cmd in commands {
        let mut args: Vec<&str> = cmd.iter().map(String::as_str).collect();
        args.push("--help");
        let help = stdout_ok(&args);
        if let Some(problem) = example_problem(&help) {
            panic!("ajar {cmd:?} --help: {problem}\n{help}");
        }
    }
    // The check itself rejects what it must.
    assert_eq!(
        example_problem("Usage: x\n\nExamples:\n  ajar x \\\n    --y\n"),
        None
    );
    assert!(example_problem("Usage: x\n").is_some());
    assert!(example_problem("Usage: x\n\nExamples:\n  ajar x\n\nmore text\n").is_some());
}
