//! Where a fact came from: a file and a line.

use serde::{Deserialize, Serialize};

/// A position in an input file. `file` is relative to the input root the user named, with `/`
/// separators, so that outputs do not depend on where the input was unpacked.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Path relative to the input root.
    pub file: String,
    /// 1-based line number; 0 when the file as a whole is meant.
    pub line: u64,
}

impl Span {
    /// A span for a file and a line.
    pub fn new(file: impl Into<String>, line: u64) -> Self {
        Self {
            file: file.into(),
            line,
        }
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// One element of the input that caused a conclusion: the grant, rule or setting, where it is,
/// and what it says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Cause {
    /// Where the element is.
    #[serde(flatten)]
    pub span: Span,
    /// What the element says, in words (`objectPermissions Case allowRead=true`).
    pub what: String,
}

/// Something ajar could not see, which therefore cannot be counted as safe: a partial retrieve,
/// a missing log day, an absent export. Reported in every output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CoverageGap {
    /// Stable kind (`partial-profile`, `missing-object`, `missing-log-day`, `no-export`, ...).
    pub kind: String,
    /// What is missing, in words.
    pub message: String,
    /// The file concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}
