//! `secrets_to_rotate.csv`: the credentials an intruder's takes carried away (issue #16), one
//! row each, to rotate or revoke. Never the secret: at most its first four characters, none
//! with `--redact`. The binary writes it 0600, atomically.

use ajar_model::incident::Secrets;

/// The header.
pub const HEADER: [&str; 7] = [
    "kind",
    "object",
    "record_id",
    "field",
    "preview",
    "certain",
    "rotate",
];

/// Renders the list, in object, record and field order.
pub fn render(secrets: &Secrets, redact: bool) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    w.write_record(HEADER)?;
    for s in &secrets.found {
        let preview = if redact { "" } else { s.preview.as_str() };
        w.write_record([
            s.kind.as_str(),
            s.object.as_str(),
            s.record_id.as_str(),
            s.field.as_str(),
            preview,
            if s.certain { "yes" } else { "upper bound" },
            s.rotate.as_str(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ajar_model::incident::SecretFound;

    #[test]
    fn one_row_per_credential_and_no_preview_when_redacted() {
        let s = Secrets {
            records: 1,
            by_kind: [("aws-access-key-id".to_owned(), 1)].into(),
            found: vec![SecretFound {
                object: "Case".into(),
                record_id: "5007F0000000WlQQAU".parse().unwrap(),
                field: "Description".into(),
                kind: "aws-access-key-id".into(),
                preview: "AKIA".into(),
                rotate: "the AWS access key".into(),
                certain: true,
            }],
        };
        let text = String::from_utf8(render(&s, false).unwrap()).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(text.contains("\"AKIA\""), "{text}");
        let text = String::from_utf8(render(&s, true).unwrap()).unwrap();
        assert!(!text.contains("AKIA"), "{text}");
    }
}
