//! CSV applications: one row per record, or several rows sharing an `id` for list fields
//! (`loans.principal` columns fill one loan per row). Headers are field ids or labels;
//! the records layer matches them to fields.

use super::{InputError, Raw};

/// Reads CSV text into one document: a list of records.
///
/// `id_headers` are the headers that name the record id (its field id and its labels).
pub fn read(path: &str, text: &str, id_headers: &[String]) -> Result<Raw, InputError> {
    // Read as the batch reader reads (`records::csv`): the header is the first row that is not
    // blank, blank rows are skipped before a row's cells are counted, lines end at LF, CRLF
    // or a CR alone, and a cell (header or value) with text after its closing quote is
    // refused. Here any of them refuses the file, as this reader refuses a ragged row.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    // Where a record at `position` starts (past the line ends before it) and its line: lines
    // counted by `records::pieces::line_ends`, not as csv_core does (its LFs).
    let start_of = |position: Option<&csv::Position>, n: usize| {
        let Some(from) = position.and_then(|p| usize::try_from(p.byte()).ok()) else {
            return (bytes.len(), n + 1);
        };
        let from = from.min(bytes.len());
        let bom = if from == 0 && bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let start = from
            + bom
            + bytes[from + bom..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        let line = 1 + crate::records::pieces::line_ends(bytes, 0..start);
        (start, usize::try_from(line).unwrap_or(usize::MAX))
    };
    let mut headers: Option<Vec<String>> = None;
    let mut id_col = None;
    // Records in the order their id first appears; rows of one id are merged.
    let mut records: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (n, row) in reader.records().enumerate() {
        let row = row.map_err(|e| {
            let (_, line) = start_of(e.position(), n);
            let reason = crate::records::csv::reason(&e);
            bad(
                path,
                match (&headers, e.kind()) {
                    (None, csv::ErrorKind::Utf8 { .. }) => crate::msg!("input-csv-header_encoding"),
                    (None, _) => crate::msg!("input-csv-header", reason = reason),
                    (Some(_), _) => crate::msg!("input-csv-line", line = line, reason = reason),
                },
            )
        })?;
        let cells: Vec<&str> = row
            .iter()
            .map(|c| c.trim_start_matches('\u{feff}').trim())
            .collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let (start, line) = start_of(row.position(), n);
        let stray = crate::records::pieces::stray_quote(&bytes[start..]);
        let Some(heads) = &headers else {
            if let Some(c) = stray {
                let header = cells.get(c).copied().unwrap_or_default();
                let reason = crate::records::csv::stray_quote_reason(header, header);
                return Err(bad(path, crate::msg!("input-csv-header", reason = reason)));
            }
            let heads: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            let mut seen = std::collections::HashSet::with_capacity(heads.len());
            if let Some(h) = heads.iter().find(|h| !seen.insert(h.as_str())) {
                return Err(bad(
                    path,
                    crate::msg!("input-csv-header_twice", header = crate::diag::echo(h)),
                ));
            }
            id_col = heads.iter().position(|h| id_headers.contains(h));
            headers = Some(heads);
            continue;
        };
        if row.len() != heads.len() {
            return Err(bad(
                path,
                crate::msg!(
                    "input-csv-line",
                    line = line,
                    reason =
                        crate::msg!("input-ragged_row", cells = row.len(), headers = heads.len())
                ),
            ));
        }
        if let Some(c) = stray {
            let reason = crate::records::csv::stray_quote_reason(
                heads.get(c).map_or("", String::as_str),
                cells.get(c).copied().unwrap_or_default(),
            );
            return Err(bad(
                path,
                crate::msg!("input-csv-line", line = line, reason = reason),
            ));
        }
        let cells: Vec<String> = cells.into_iter().map(str::to_string).collect();
        let id = match id_col {
            Some(c) => cells[c].clone(),
            None => format!("row {line}"),
        };
        match index.get(&id).filter(|_| id_col.is_some()) {
            Some(&at) => records[at].1.push(cells),
            None => {
                index.insert(id.clone(), records.len());
                records.push((id, vec![cells]));
            }
        }
    }
    let Some(headers) = headers else {
        return Err(bad(path, crate::msg!("input-csv-empty")));
    };
    Ok(Raw::List(
        records
            .into_iter()
            .map(|(_, rows)| record(&headers, &rows))
            .collect(),
    ))
}

fn bad(path: &str, message: String) -> InputError {
    super::input_error(path, message, crate::msg!("input-csv-plain-help"))
}

fn cell(text: &str) -> Raw {
    if text.is_empty() {
        Raw::Null
    } else {
        Raw::Text(text.to_string())
    }
}

/// One record from its rows: plain columns from the first row that fills them, dotted
/// columns (`loans.principal`) one list item per row.
fn record(headers: &[String], rows: &[Vec<String>]) -> Raw {
    let mut entries: Vec<(String, Raw)> = Vec::new();
    let mut lists: Vec<(String, Vec<Raw>)> = Vec::new();
    for (c, header) in headers.iter().enumerate() {
        if let Some((list, _)) = header.split_once('.') {
            if !lists.iter().any(|(l, _)| l == list) {
                lists.push((list.to_string(), Vec::new()));
            }
            continue;
        }
        let value = rows
            .iter()
            .map(|r| r[c].as_str())
            .find(|v| !v.is_empty())
            .unwrap_or("");
        entries.push((header.clone(), cell(value)));
    }
    for (list, items) in &mut lists {
        for row in rows {
            let fields: Vec<(String, Raw)> = headers
                .iter()
                .enumerate()
                .filter_map(|(c, h)| {
                    let (l, field) = h.split_once('.')?;
                    (l == list).then(|| (field.to_string(), cell(&row[c])))
                })
                .collect();
            if fields.iter().any(|(_, v)| *v != Raw::Null) {
                items.push(Raw::Map(fields));
            }
        }
    }
    entries.extend(lists.into_iter().map(|(l, items)| (l, Raw::List(items))));
    Raw::Map(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_sharing_an_id_form_one_record_with_list_items() {
        let text = "id,name,loans.principal,loans.bank\nA,甲,100,工行\nA,,200,建行\nB,乙,,\n";
        let t = |s: &str| Raw::Text(s.into());
        let loan =
            |p: &str, b: &str| Raw::Map(vec![("principal".into(), t(p)), ("bank".into(), t(b))]);
        let expected = Raw::List(vec![
            Raw::Map(vec![
                ("id".into(), t("A")),
                ("name".into(), t("甲")),
                (
                    "loans".into(),
                    Raw::List(vec![loan("100", "工行"), loan("200", "建行")]),
                ),
            ]),
            Raw::Map(vec![
                ("id".into(), t("B")),
                ("name".into(), t("乙")),
                ("loans".into(), Raw::List(vec![])),
            ]),
        ]);
        assert_eq!(read("t.csv", text, &["id".into()]).ok(), Some(expected));
    }

    #[test]
    fn ragged_rows_and_repeated_headers_are_errors() {
        assert!(read("t.csv", "id,a\n1,2,3\n", &["id".into()]).is_err());
        assert!(read("t.csv", "id,a,a\n1,2,3\n", &["id".into()]).is_err());
        assert!(read("t.csv", "", &["id".into()]).is_err());
    }
}
