//! Sharing-rule criteria with a `booleanFilter`, evaluated on a row (formats.md §1.5).
//! Input lines: the filter, then items `field|operation|value|valueField` up to a line `--`,
//! then row cells `column=value`.
#![no_main]
use ajar_analyze::impact::criteria::{Compiled, Fields, Lookups};
use ajar_model::exposure::{CriteriaItem, Predicate};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;

struct Row(BTreeMap<String, String>);

impl Fields for Row {
    fn field(&self, name: &str) -> Option<&str> {
        self.0.get(&name.to_ascii_lowercase()).map(String::as_str)
    }
}

fn opt(s: Option<&str>) -> Option<String> {
    s.filter(|v| !v.is_empty()).map(str::to_owned)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines();
    let filter = lines.next().map(str::to_owned);
    let mut items = Vec::new();
    for line in lines.by_ref() {
        if line == "--" {
            break;
        }
        let mut parts = line.split('|');
        items.push(CriteriaItem {
            field: parts.next().unwrap_or_default().to_owned(),
            operation: parts.next().unwrap_or_default().to_owned(),
            value: opt(parts.next()),
            value_field: opt(parts.next()),
        });
    }
    let mut row = BTreeMap::new();
    for line in lines {
        if let Some((k, v)) = line.split_once('=') {
            row.insert(k.to_ascii_lowercase(), v.to_owned());
        }
    }
    let predicate = Predicate {
        items,
        boolean_filter: filter,
        include_hvu_owned: false,
    };
    let mut lookups = Lookups::default();
    lookups
        .record_type_labels
        .insert("012000000000001AAA".to_owned(), "RSAP".to_owned());
    let _ = Compiled::new(&predicate).matches(&Row(row), &lookups);
});
