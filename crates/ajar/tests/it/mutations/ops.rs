//! The mutations: small edits to a copy of the generated org, one function each.

use super::*;

pub(super) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = e.file_type().unwrap();
        let dest = to.join(e.file_name());
        if t.is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

pub(super) fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

pub(super) fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

pub(super) fn rm(path: &Path) {
    std::fs::remove_file(path).unwrap();
}

pub(super) fn rm_dir(path: &Path) {
    std::fs::remove_dir_all(path).unwrap();
}

pub(super) fn append(path: &Path, bytes: &[u8]) {
    let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(bytes).unwrap();
}

pub(super) fn prepend(path: &Path, bytes: &[u8]) {
    let mut all = bytes.to_vec();
    all.extend(read(path));
    write(path, &all);
}

/// The file's lines (the generated files hold no line break inside a value).
pub(super) fn lines(path: &Path) -> Vec<String> {
    String::from_utf8(read(path))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

pub(super) fn write_lines(path: &Path, lines: &[String]) {
    let mut text = lines.join("\n");
    text.push('\n');
    write(path, text.as_bytes());
}

pub(super) fn keep_lines(path: &Path, n: usize) {
    let l = lines(path);
    write_lines(path, &l[..n]);
}

/// An export file's records (values may hold line breaks: read as CSV, not as lines).
pub(super) fn records(path: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Writes records as Salesforce does: every value quoted (formats.md §2.8).
pub(super) fn write_records(path: &Path, rows: &[Vec<String>]) {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .quote_style(csv::QuoteStyle::Always)
        .from_path(path)
        .unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

pub(super) fn edit_records(path: &Path, f: impl FnOnce(&mut Vec<Vec<String>>)) {
    let mut rows = records(path);
    f(&mut rows);
    write_records(path, &rows);
}

pub(super) fn keep_records(path: &Path, n: usize) {
    edit_records(path, |r| r.truncate(n));
}

/// Drops the last three fields of `n` rows spread over the file.
pub(super) fn cut_rows(path: &Path, n: usize) {
    edit_records(path, |rows| {
        let step = (rows.len() - 1) / n;
        for i in 0..n {
            let row = &mut rows[1 + i * step];
            row.truncate(row.len() - 3);
        }
    });
}

pub(super) fn extra_field(path: &Path) {
    edit_records(path, |rows| rows[5].push("extra".into()));
}

/// Appends a copy of row 2; with `other`, its values after the `Id` are those of row 3.
pub(super) fn repeat_id(path: &Path, other: bool) {
    edit_records(path, |rows| {
        let mut row = if other {
            rows[2].clone()
        } else {
            rows[1].clone()
        };
        row[0] = rows[1][0].clone();
        rows.push(row);
    });
}

pub(super) fn dup_column(path: &Path) {
    edit_records(path, |rows| {
        for row in rows {
            let last = row.last().unwrap().clone();
            row.push(last);
        }
    });
}

pub(super) fn crlf_records(path: &Path) {
    let rows = records(path);
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_path(path)
        .unwrap();
    for r in rows {
        w.write_record(&r).unwrap();
    }
    w.flush().unwrap();
}

pub(super) fn reverse_records(path: &Path) {
    edit_records(path, |rows| rows[1..].reverse());
}

pub(super) fn bad_timestamp(path: &Path) {
    let mut l = lines(path);
    let header: Vec<&str> = l[0].split(',').collect();
    let at = header.iter().position(|h| *h == "\"TIMESTAMP\"").unwrap();
    let mut row: Vec<String> = l[1].split("\",\"").map(str::to_owned).collect();
    row[at] = "yesterday".into();
    if let Some(i) = header.iter().position(|h| *h == "\"TIMESTAMP_DERIVED\"") {
        row[i] = "yesterday".into();
    }
    l.push(row.join("\",\""));
    write_lines(path, &l);
}

pub(super) fn crlf(path: &Path) {
    let l = lines(path);
    let mut text = l.join("\r\n");
    text.push_str("\r\n");
    write(path, text.as_bytes());
}

pub(super) fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

pub(super) fn gzip(path: &Path) {
    let data = read(path);
    rm(path);
    let mut name = path.as_os_str().to_owned();
    name.push(".gz");
    write(Path::new(&name), &gz(&data));
}

pub(super) fn gunzip(path: &Path) {
    let mut data = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap()),
        &mut data,
    )
    .unwrap();
    rm(path);
    write(&path.with_extension(""), &data);
}

pub(super) fn two_members(path: &Path) {
    let l = lines(path);
    let half = l.len() / 2;
    let mut a = l[..half].join("\n");
    a.push('\n');
    let mut b = l[half..].join("\n");
    b.push('\n');
    let mut out = gz(a.as_bytes());
    out.extend(gz(b.as_bytes()));
    rm(path);
    let mut name = path.as_os_str().to_owned();
    name.push(".gz");
    write(Path::new(&name), &out);
}

/// One page of a REST query answer over ApiEvent, with more pages to fetch.
pub(super) const REST_PAGE: &[u8] = br#"{"totalSize":2,"done":false,"nextRecordsUrl":"/services/data/v58.0/query/01g-2000","records":[{"attributes":{"type":"ApiEvent"},"EventDate":"2022-10-01T00:00:00.000Z","UserId":"0057F000000026DQAQ","SourceIp":"10.0.0.1"}]}
"#;

/// Moves day 2022-10-05 under `store` (relative to the org) and links it back.
#[cfg(unix)]
pub(super) fn link_day(org: &Path, store: &str) {
    let day = org.join("logs/2022-10-05");
    let target = org.join(store).join("2022-10-05");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::rename(&day, &target).unwrap();
    std::os::unix::fs::symlink(&target, &day).unwrap();
}

#[cfg(unix)]
pub(super) fn link_file_outside(org: &Path) {
    let outside = org.join("outside.csv");
    std::fs::copy(org.join(DAY).join("URI.csv"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, org.join(DAY).join("Linked.csv")).unwrap();
}

pub(super) fn repeat_last_line(path: &Path) {
    let mut l = lines(path);
    l.push(l.last().unwrap().clone());
    write_lines(path, &l);
}

pub(super) fn keep_bytes(path: &Path, n: usize) {
    let data = read(path);
    write(path, &data[..n]);
}

pub(super) fn dup_log_column(path: &Path) {
    let mut l = lines(path);
    for row in &mut l {
        let last = row.rsplit(',').next().unwrap().to_owned();
        row.push(',');
        row.push_str(&last);
    }
    write_lines(path, &l);
}

/// Appends a copy of an internal user's row dated two years earlier.
pub(super) fn stray_row(path: &Path) {
    let mut l = lines(path);
    let row = l.iter().find(|r| r.contains("\"Standard\"")).unwrap();
    let early = row
        .replace("\"20221001", "\"20201001")
        .replace("\"2022-10-01T", "\"2020-10-01T");
    assert_ne!(&early, row);
    l.push(early);
    write_lines(path, &l);
}

/// Writes the file's rows again as JSON lines (a SIEM's conversion) beside it.
pub(super) fn to_json_lines(path: &Path) {
    let rows = records(path);
    let mut out = String::new();
    for r in &rows[1..] {
        let obj: serde_json::Map<String, Value> = rows[0]
            .iter()
            .zip(r)
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        out.push_str(&serde_json::to_string(&obj).unwrap());
        out.push('\n');
    }
    write(&path.with_extension("jsonl"), out.as_bytes());
}

/// Five days of URI rows in one file of their own, beside the daily files.
pub(super) fn week_file(org: &Path) {
    let mut rows = Vec::new();
    for day in 5..=9 {
        let r = records(&org.join(format!("logs/2022-10-0{day}/URI.csv")));
        let skip = usize::from(!rows.is_empty());
        rows.extend(r.into_iter().skip(skip));
    }
    std::fs::create_dir_all(org.join("logs/week")).unwrap();
    write_records(&org.join("logs/week/URI.csv"), &rows);
}

/// An output folder whose lock another run holds.
pub(super) fn lock_folder(org: &Path) {
    lock_folder_at(&org.join("locked"));
}

pub(super) fn lock_folder_at(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    write(&dir.join(".ajar.lock"), b"12345\n");
}

pub(super) fn halve(path: &Path) {
    let data = read(path);
    write(path, &data[..data.len() / 2]);
}

pub(super) fn split(path: &Path) {
    let l = lines(path);
    let half = l.len() / 2;
    let mut second = vec![l[0].clone()];
    second.extend_from_slice(&l[half..]);
    write_lines(path, &l[..half]);
    write_lines(&path.with_file_name("URI-part2.csv"), &second);
}

pub(super) fn copy_as(path: &Path, name: &str) {
    std::fs::copy(path, path.with_file_name(name)).unwrap();
}

pub(super) fn deeper(dir: &Path) {
    let tmp = dir.with_extension("tmp");
    std::fs::rename(dir, &tmp).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::rename(&tmp, dir.join("inner")).unwrap();
}
