//! CSV helpers of the fake org: records split on line feeds outside quotes, values unquoted.

use super::Table;

/// Splits CSV bytes into records (line feeds outside quotes), each with its line end.
pub(super) fn records(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                out.push(bytes.get(start..=i).unwrap_or_default().to_vec());
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < bytes.len() {
        let mut last = bytes.get(start..).unwrap_or_default().to_vec();
        last.push(b'\n');
        out.push(last);
    }
    out
}

pub(super) fn fields_of(line: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(line);
    text.trim_end()
        .split(',')
        .map(|f| f.trim_matches('"').to_string())
        .collect()
}

pub(super) fn table(bytes: &[u8]) -> Table {
    let mut rows = records(bytes);
    let header = if rows.is_empty() {
        Vec::new()
    } else {
        rows.remove(0)
    };
    Table {
        fields: fields_of(&header),
        header,
        rows,
    }
}

/// Parses one CSV record into strings (quotes removed, doubled quotes undone).
pub(super) fn values(line: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(line);
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}
