//! The conventions a newcomer expects (issue #13).
//!
//! - Every citation of the reference (`formats.md §N`, `law.md §N`, `intrusions.md §N`,
//!   `conventions.md §N`, `trap N`) in crates/, docs/, bench/, fuzz/ and README.md resolves to a
//!   section or trap of `docs/reference/`: no comment or doc cites a file outside the repository.
//!
//! The command line's own conventions (completions, man page, examples) are in `cli_help`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The reference pages a citation may name.
const PAGES: &[&str] = &["formats.md", "law.md", "intrusions.md", "conventions.md"];

/// Names that must not be cited any more: the style guide became `conventions.md`, and the
/// documents beside the repository are not part of it.
/// (Spelt with `concat!` so that this file does not cite them itself.)
const FORBIDDEN: &[(&str, &str)] = &[
    (
        concat!("style", ".md"),
        "cite docs/reference/conventions.md",
    ),
    (concat!("shared", "/docs/"), "cite docs/reference/"),
    (
        concat!("shared", "/seed/"),
        "cite the public source (law.md, Sources)",
    ),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The section numbers of a page: `## 1. Metadata` gives `1`, `### 1.1 Layouts` gives `1.1`.
fn sections(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| l.starts_with('#'))
        .filter_map(|l| {
            let title = l.trim_start_matches('#').trim_start();
            let n = leading_number(title);
            (!n.is_empty()).then_some(n)
        })
        .collect()
}

/// The traps: the numbered list under formats.md's `## 3. Traps`.
fn traps(formats: &str) -> BTreeSet<u32> {
    let mut inside = false;
    let mut out = BTreeSet::new();
    for l in formats.lines() {
        if l.starts_with("## ") {
            inside = l.starts_with("## 3.");
            continue;
        }
        if inside
            && let Some((n, _)) = l.split_once(". ")
            && let Ok(n) = n.parse()
        {
            out.insert(n);
        }
    }
    out
}

/// `1.2` from `1.2 Layouts`, `3` from `3. Traps`, `2.1` from `2.1,`; empty when no digit leads.
fn leading_number(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            out.push(c);
            chars.next();
        } else if c == '.' && !out.is_empty() {
            chars.next();
            if chars.peek().is_some_and(char::is_ascii_digit) {
                out.push('.');
            } else {
                break;
            }
        } else {
            break;
        }
    }
    out
}

/// The text with comment markers removed and lines joined by spaces, so that a citation broken
/// over two comment lines (`formats.md` / `//! §2.4`) reads as one; with each line's start.
fn flatten(text: &str) -> (String, Vec<usize>) {
    let mut flat = String::new();
    let mut starts = Vec::new();
    for line in text.lines() {
        starts.push(flat.len());
        let mut l = line.trim_start();
        for marker in ["//!", "///", "//", "#", "*", "--"] {
            if let Some(rest) = l.strip_prefix(marker) {
                l = rest;
                break;
            }
        }
        flat.push_str(l.trim());
        flat.push(' ');
    }
    (flat, starts)
}

/// A citation found in a text: what it names and the 1-based line it starts on.
#[derive(Debug, PartialEq)]
enum Cite {
    Section {
        page: String,
        section: String,
    },
    Trap(u32),
    Forbidden {
        what: &'static str,
        fix: &'static str,
    },
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every citation in `text`, with its line.
fn citations(text: &str) -> Vec<(usize, Cite)> {
    let (flat, starts) = flatten(text);
    let line_of = |at: usize| starts.partition_point(|&s| s <= at);
    let mut out = Vec::new();
    for (what, fix) in FORBIDDEN {
        for (at, _) in flat.match_indices(what) {
            let word_start = flat[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            if word_start {
                out.push((line_of(at), Cite::Forbidden { what, fix }));
            }
        }
    }
    for page in PAGES {
        for (at, _) in flat.match_indices(page) {
            if flat[..at].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            // `page §1.1, §1.2 and §2`: every number of the list belongs to the page.
            let mut rest = &flat[at + page.len()..];
            loop {
                let trimmed = rest.trim_start_matches([' ', ',', ';']);
                let trimmed = trimmed
                    .strip_prefix("and ")
                    .or_else(|| trimmed.strip_prefix("or "))
                    .unwrap_or(trimmed);
                let Some(after) = trimmed.strip_prefix('§') else {
                    break;
                };
                let n = leading_number(after.trim_start());
                if n.is_empty() {
                    break;
                }
                out.push((
                    line_of(at),
                    Cite::Section {
                        page: (*page).to_owned(),
                        section: n.clone(),
                    },
                ));
                rest = &after.trim_start()[n.len()..];
            }
        }
    }
    for word in ["trap ", "traps ", "Trap ", "Traps "] {
        for (at, _) in flat.match_indices(word) {
            if flat[..at].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            // `trap 18`, `traps 18 and 19`, `traps 3, 4`.
            let mut rest = &flat[at + word.len()..];
            loop {
                let n = leading_number(rest);
                let Ok(num) = n.split('.').next().unwrap_or_default().parse() else {
                    break;
                };
                out.push((line_of(at), Cite::Trap(num)));
                rest = &rest[n.len()..];
                let next = rest
                    .strip_prefix(", ")
                    .or_else(|| rest.strip_prefix(" and "))
                    .or_else(|| rest.strip_prefix(" or "));
                match next {
                    Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => rest = r,
                    _ => break,
                }
            }
        }
    }
    out
}

/// Files under `dir` (recursively), leaving out build and fuzzing output.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            if !["target", "corpus", "artifacts", ".venv", ".data", "out"].contains(&name.as_str())
            {
                files(&p, out);
            }
        } else {
            out.push(p);
        }
    }
}

/// What the reference defines: page → sections, and the traps.
fn reference() -> (BTreeMap<String, BTreeSet<String>>, BTreeSet<u32>) {
    let dir = root().join("docs/reference");
    let mut pages = BTreeMap::new();
    for page in PAGES {
        let text = std::fs::read_to_string(dir.join(page))
            .unwrap_or_else(|e| panic!("docs/reference/{page}: {e}"));
        pages.insert((*page).to_owned(), sections(&text));
    }
    let traps = traps(&std::fs::read_to_string(dir.join("formats.md")).unwrap());
    (pages, traps)
}

/// The citations among `cites` that do not resolve, as `file:line: what`.
fn unresolved(
    file: &str,
    cites: &[(usize, Cite)],
    pages: &BTreeMap<String, BTreeSet<String>>,
    traps: &BTreeSet<u32>,
) -> Vec<String> {
    let mut bad = Vec::new();
    for (line, c) in cites {
        match c {
            Cite::Section { page, section } if !pages[page].contains(section) => {
                bad.push(format!("{file}:{line}: {page} has no §{section}"));
            }
            Cite::Trap(n) if !traps.contains(n) => {
                bad.push(format!("{file}:{line}: formats.md has no trap {n}"));
            }
            Cite::Forbidden { what, fix } => {
                bad.push(format!("{file}:{line}: cites `{what}`: {fix}"));
            }
            _ => {}
        }
    }
    bad
}

#[test]
fn every_citation_resolves_to_the_reference() {
    let (pages, traps) = reference();
    assert!(pages["formats.md"].contains("2.1") && pages["law.md"].contains("1.4"));
    assert_eq!(traps.len(), 32, "formats.md §3 lists traps 1 to 32");
    let root = root();
    let mut paths = Vec::new();
    for dir in ["crates", "docs", "bench", "fuzz"] {
        files(&root.join(dir), &mut paths);
    }
    paths.push(root.join("README.md"));
    paths.sort();
    let mut bad = Vec::new();
    let mut seen = 0;
    for p in &paths {
        let Ok(text) = std::fs::read_to_string(p) else {
            continue; // not text
        };
        let rel = p
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let cites = citations(&text);
        seen += cites.len();
        bad.extend(unresolved(&rel, &cites, &pages, &traps));
    }
    assert!(
        seen > 150,
        "only {seen} citations found: the scan is broken"
    );
    assert!(
        bad.is_empty(),
        "citations that do not resolve:\n{}",
        bad.join("\n")
    );
}

/// Repository paths (`crates/…`) that a Markdown file names and that do not exist.
fn missing_paths(text: &str, root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("crates/") {
        if text[..at].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        let path: String = text[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "_-./".contains(*c))
            .collect();
        let path = path.trim_end_matches(['.', '/']);
        if path.contains('*') || path.ends_with("crates") {
            continue;
        }
        if !root.join(path).exists() {
            out.push(path.to_owned());
        }
    }
    out
}

#[test]
fn docs_name_only_files_that_exist() {
    let root = root();
    let mut paths = Vec::new();
    files(&root.join("docs"), &mut paths);
    paths.push(root.join("README.md"));
    let mut bad = Vec::new();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let text = std::fs::read_to_string(p).unwrap();
        for m in missing_paths(&text, &root) {
            bad.push(format!("{}: `{m}` does not exist", p.display()));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert_eq!(
        missing_paths(
            "see crates/ajar/tests/nothing_here.rs and crates/ajar/src/main.rs.",
            &root
        ),
        ["crates/ajar/tests/nothing_here.rs"]
    );
}

#[test]
fn the_scan_catches_bad_citations() {
    // Built with concat! so that this file itself holds no bad citation.
    let text = concat!(
        "// ok (formats",
        ".md §2.1,\n",
        "//! §2.4) and law",
        ".md §1.4 and trap 20.\n",
        "// bad: formats",
        ".md §1.1, §9.9; intrusions",
        ".md §7; tr",
        "aps 31 and 33\n",
        "# see docs/style",
        ".md\n",
    );
    let (pages, traps) = reference();
    let cites = citations(text);
    assert_eq!(cites.len(), 10, "{cites:#?}");
    assert_eq!(
        cites[0],
        (
            4,
            Cite::Forbidden {
                what: concat!("style", ".md"),
                fix: "cite docs/reference/conventions.md"
            }
        )
    );
    let bad = unresolved("x.rs", &cites, &pages, &traps);
    assert_eq!(
        bad,
        [
            concat!(
                "x.rs:4: cites `style",
                ".md`: cite docs/reference/conventions.md"
            ),
            "x.rs:3: formats.md has no §9.9",
            "x.rs:3: intrusions.md has no §7",
            concat!("x.rs:3: formats.md has no tr", "ap 33"),
        ]
    );
}
