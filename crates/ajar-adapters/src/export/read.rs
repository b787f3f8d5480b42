//! One object CSV → [`Table`].

use super::{ExportEncoding, ExportError};
use ajar_model::export::{Row, Table};
use ajar_model::sfid::SfId;
use ajar_model::span::Span;
use std::collections::HashSet;
use std::io::Read;

fn decode(
    bytes: &[u8],
    encoding: ExportEncoding,
    file: &str,
    row: u64,
) -> Result<String, ExportError> {
    match encoding {
        ExportEncoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => Err(ExportError::Encoding {
                file: file.to_owned(),
                row,
                encoding: "UTF-8",
                hint: "; if the export was made in Japanese, try `--export-encoding cp932`",
            }),
        },
        ExportEncoding::Other(enc) => {
            match enc.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(s) => Ok(s.into_owned()),
                None => Err(ExportError::Encoding {
                    file: file.to_owned(),
                    row,
                    encoding: enc.name(),
                    hint: "",
                }),
            }
        }
    }
}

/// Reads one object CSV from `reader` (`file` names it in errors and spans).
pub fn read_csv<R: Read>(
    reader: R,
    object: &str,
    file: &str,
    encoding: ExportEncoding,
) -> Result<Table, ExportError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let csv_err = |row: u64, source| ExportError::Csv {
        file: file.to_owned(),
        row,
        source,
    };
    let mut columns = Vec::new();
    if csv
        .read_byte_record(&mut record)
        .map_err(|e| csv_err(1, e))?
    {
        for (i, field) in record.iter().enumerate() {
            // A BOM marks UTF-8 whatever was asked (formats.md §2.8).
            let (field, enc) = match field.strip_prefix(b"\xEF\xBB\xBF") {
                Some(rest) if i == 0 => (rest, ExportEncoding::Utf8),
                _ => (field, encoding),
            };
            columns.push(decode(field, enc, file, 1)?.trim().to_owned());
        }
    }
    let mut table = Table {
        object: object.to_owned(),
        columns,
        rows: Vec::new(),
        files: vec![file.to_owned()],
    };
    let id_col = table.column("Id").ok_or_else(|| ExportError::MissingId {
        file: file.to_owned(),
    })?;
    let mut seen = HashSet::new();
    let mut row_no = 1u64;
    loop {
        row_no += 1;
        if !csv
            .read_byte_record(&mut record)
            .map_err(|e| csv_err(row_no, e))?
        {
            break;
        }
        if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
            continue;
        }
        let mut values = Vec::with_capacity(table.columns.len());
        for field in record.iter() {
            values.push(decode(field, encoding, file, row_no)?);
        }
        values.resize(table.columns.len(), String::new());
        let id = values
            .get(id_col)
            .and_then(|v| SfId::parse(v.trim()).ok())
            .ok_or_else(|| ExportError::BadId {
                file: file.to_owned(),
                row: row_no,
            })?;
        if !seen.insert(id) {
            continue;
        }
        table.rows.push(Row {
            id,
            values,
            // The row number (header = 1), not the physical line: values may hold newlines.
            source: Span::new(file, row_no),
        });
    }
    Ok(table)
}
