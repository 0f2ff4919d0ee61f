#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Excel workbooks: the template generated from a programme, applications read from a filled
//! template (round trip against the YAML examples), cell-referenced errors, and the results
//! workbook read back with calamine.

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use fundpolicy::diag::SourceFile;
use fundpolicy::input::Raw;
use fundpolicy::input::text::{parse_money, parse_percent};
use fundpolicy::policy::{FieldKind, FieldSpec, Programme, Source};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value as Json;
use std::io::Read;
use std::path::Path;

fn programme(id: &str) -> Programme {
    let policy = fundpolicy::policy::load(&Source::Dir("policies".into()), 2020)
        .unwrap_or_else(|_| panic!("2020 loads"));
    policy.programme(id).unwrap().clone()
}

fn fundpolicy(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(args)
        .assert()
}

fn template(dir: &Path, programme: &str) -> std::path::PathBuf {
    let path = dir.join(format!("{programme}.xlsx"));
    fundpolicy(&[
        "template",
        "--year",
        "2020",
        "--programme",
        programme,
        "--output",
        path.to_str().unwrap(),
        // A programme with two example files makes its blank workbook twice.
        "--force",
    ])
    .success();
    path
}

fn evaluate_json(programme: &str, input: &Path) -> Json {
    let out = fundpolicy(&[
        "evaluate",
        "--year",
        "2020",
        "--programme",
        programme,
        input.to_str().unwrap(),
        "--format",
        "json",
    ])
    .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// Every visible sheet's cells, by name.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    names
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).unwrap();
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (n, rows)
        })
        .collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The text of a file inside the workbook's zip.
fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

#[test]
fn the_template_has_labelled_headers_notes_drop_downs_and_a_documents_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = template(dir.path(), "loan-interest");
    let p = programme("loan-interest");
    let sheets = sheets(&path);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["申报表", "已提交材料", "贷款", "申报材料清单"]);

    // Main sheet: every one-value field, Chinese label over English label.
    let main = &sheets[0].1;
    let plain: Vec<&FieldSpec> = p
        .fields
        .iter()
        .filter(|f| !matches!(f.kind, FieldKind::List(_) | FieldKind::Records))
        .collect();
    let zh: Vec<String> = main[0].iter().map(text).collect();
    let en: Vec<String> = main[1].iter().map(text).collect();
    // Money headers say the unit their numbers are in.
    let with_unit = |f: &FieldSpec, label: String, open: &str, close: &str| match f.kind {
        FieldKind::Money(_) => format!("{label}{open}{}{close}", f.unit.as_deref().unwrap()),
        _ => label,
    };
    assert_eq!(
        zh,
        plain
            .iter()
            .map(|f| with_unit(f, f.label.zh.clone().unwrap(), "（", "）"))
            .collect::<Vec<_>>()
    );
    assert!(
        zh.contains(&"2019年1-6月主营业务收入（万元）".to_string()),
        "{zh:?}"
    );
    assert_eq!(
        en,
        plain
            .iter()
            .map(|f| with_unit(f, f.label.en.clone().unwrap(), " (", ")"))
            .collect::<Vec<_>>()
    );
    // The loans sheet: one row per loan, keyed by the application id.
    let loans = &sheets[2].1;
    let heads: Vec<String> = loans[0].iter().map(text).collect();
    assert_eq!(heads[0], "申报编号");
    assert_eq!(heads[2], "贷款本金（元）");
    assert_eq!(heads.len(), 1 + 6);
    // The documents sheet lists each required document.
    let docs = &sheets[3].1;
    let ids: Vec<String> = docs[2..].iter().map(|r| text(&r[0])).collect();
    assert_eq!(
        ids,
        p.documents.iter().map(|d| d.id.clone()).collect::<Vec<_>>()
    );

    // Notes carry type, unit and help; drop-downs come from the hidden lists sheet.
    let notes = part(&path, "xl/comments1.xml");
    assert!(
        notes.contains("字段：revenue_2019 · 金额，单位万元"),
        "{notes}"
    );
    // Excel shows a note's author beside it: ours, never the writer's default `Author`.
    assert!(notes.contains("<author>填表说明</author>"), "{notes}");
    assert!(!notes.contains("<author>Author</author>"), "{notes}");
    assert!(notes.contains("填简称（万州）或全称（万州区）"));
    // The cell takes numbers only (its validation is `decimal`): no prompt offers text.
    assert!(!notes.contains("250万元"), "{notes}");
    assert!(
        !part(&path, "xl/worksheets/sheet1.xml").contains("250万元"),
        "validation prompts"
    );
    let sheet1 = part(&path, "xl/worksheets/sheet1.xml");
    assert!(
        sheet1.contains("<formula1>'下拉选项'!$A$2:$A$42</formula1>"),
        "41 districts and areas"
    );
    assert!(
        sheet1.contains(r#"type="decimal""#),
        "money and number validation"
    );
    assert!(sheet1.contains(r#"type="date""#), "date validation");
    assert!(
        sheet1.contains(r#"type="textLength""#),
        "credit code length"
    );
    assert!(
        sheet1.contains("<formula1>\"是,否\"</formula1>"),
        "yes/no drop-down"
    );
    let lists = part(&path, "xl/worksheets/sheet5.xml");
    assert!(
        lists.contains("state=\"hidden\"")
            || part(&path, "xl/workbook.xml").contains(r#"state="hidden""#)
    );
    let _ = lists;
}

/// In English the template's own words are English (labels and helps written in Chinese
/// only are policy data), and a yes/no cell's prompt offers what its drop-down holds.
#[test]
fn the_english_template_says_its_words_in_english_and_promises_what_cells_take() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("en.xlsx");
    fundpolicy(&[
        "--lang",
        "en",
        "template",
        "--year",
        "2020",
        "--programme",
        "loan-interest",
        "--output",
        path.to_str().unwrap(),
    ])
    .success();
    let book = part(&path, "xl/workbook.xml");
    for name in ["Applications", "Required documents", "lists"] {
        assert!(book.contains(&format!("name=\"{name}\"")), "{book}");
    }
    // The sheets of list fields are named by their English labels in English.
    for name in ["Documents supplied", "loans"] {
        assert!(book.contains(&format!("name=\"{name}\"")), "{book}");
    }
    assert!(!book.contains("已提交材料"), "{book}");
    let notes = part(&path, "xl/comments1.xml");
    assert!(
        notes.contains("field: revenue_2019 · money in 万元: a number"),
        "{notes}"
    );
    assert!(notes.contains("<author>How to fill in</author>"), "{notes}");
    let sheet1 = part(&path, "xl/worksheets/sheet1.xml");
    assert!(
        sheet1.contains("<formula1>\"TRUE,FALSE\"</formula1>"),
        "{sheet1}"
    );
    assert!(
        sheet1.contains("TRUE or FALSE"),
        "the prompt names the drop-down's values"
    );
    assert!(
        !sheet1.contains("是 / 否"),
        "no value the drop-down refuses is offered"
    );
}

#[test]
fn the_csv_template_header_is_read_back_as_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loans.csv");
    fundpolicy(&[
        "template",
        "--year",
        "2020",
        "--programme",
        "loan-interest",
        "--output",
        path.to_str().unwrap(),
    ])
    .success();
    let mut csv = std::fs::read_to_string(&path).unwrap();
    assert!(csv.starts_with('\u{feff}'), "a BOM for Excel and WPS");
    assert!(csv.contains(",贷款.贷款本金（元）,"));
    // A row with only an id: every other field is missing, none is unknown.
    let columns = csv.trim_end().split(',').count();
    csv.push_str(&format!("L1{}\n", ",".repeat(columns - 1)));
    std::fs::write(&path, csv).unwrap();
    let doc = evaluate_json("loan-interest", &path);
    let errors = doc["results"][0]["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .all(|e| !e["message"].as_str().unwrap().contains("unknown")),
        "{errors:?}"
    );
}

#[test]
fn a_template_name_without_a_known_extension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.ods");
    let out = fundpolicy(&[
        "template",
        "--year",
        "2020",
        "--programme",
        "loan-interest",
        "--output",
        path.to_str().unwrap(),
    ])
    .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("FILE.xlsx"), "{stderr}");
    assert!(!path.exists());
}

/// A field's value in a YAML example record, by id.
fn value<'a>(record: &'a [(String, Raw)], id: &str) -> Option<&'a Raw> {
    record.iter().find(|(k, _)| k == id).map(|(_, v)| v)
}

fn plain_items(raw: &Raw) -> Vec<String> {
    match raw {
        Raw::List(items) => items
            .iter()
            .filter_map(|i| match i {
                Raw::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
        Raw::Text(t) => t
            .split([';', '；', '、'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// Writes a value as a person filling the template would: numbers as numbers (money in the
/// column's unit, percents as percentage-formatted fractions), dates as dates, booleans as
/// booleans, anything that does not parse as the text it is.
fn write_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    kind: &FieldKind,
    raw: &Raw,
) {
    let Raw::Text(t) = raw else { return };
    let f = |d: Decimal| d.to_f64().unwrap();
    match kind {
        FieldKind::Money(unit) => match parse_money(t, *unit) {
            Some(yuan) => {
                sheet.write_number(row, col, f(yuan / unit)).unwrap();
            }
            None => {
                sheet.write_string(row, col, t).unwrap();
            }
        },
        FieldKind::Number => match t.parse::<Decimal>() {
            Ok(d) => {
                sheet.write_number(row, col, f(d)).unwrap();
            }
            Err(_) => {
                sheet.write_string(row, col, t).unwrap();
            }
        },
        FieldKind::Percent => match parse_percent(t) {
            Some(fraction) => {
                let percent = Format::new().set_num_format("0.00%");
                sheet
                    .write_number_with_format(row, col, f(fraction), &percent)
                    .unwrap();
            }
            None => {
                sheet.write_string(row, col, t).unwrap();
            }
        },
        FieldKind::Date => match ExcelDateTime::parse_from_str(t) {
            Ok(d) => {
                let date = Format::new().set_num_format("yyyy-mm-dd");
                sheet
                    .write_datetime_with_format(row, col, d, &date)
                    .unwrap();
            }
            Err(_) => {
                sheet.write_string(row, col, t).unwrap();
            }
        },
        FieldKind::Bool if t == "true" || t == "false" => {
            sheet.write_boolean(row, col, t == "true").unwrap();
        }
        _ => {
            sheet.write_string(row, col, t).unwrap();
        }
    }
}

/// Fills a copy of the template's sheets (same names, same header rows) with the records.
fn fill(template: &Path, p: &Programme, records: &[Raw], out: &Path) {
    let layout = sheets(template);
    // Headers are labels, money with its unit (`2019年营业收入（万元）`).
    let field_of = |label: &str| -> Option<&FieldSpec> {
        p.fields
            .iter()
            .find(|f| fundpolicy::records::columns::names(f, label).is_some())
    };
    let mut book = Workbook::new();
    for (name, rows) in &layout {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().take(2).enumerate() {
            for (c, d) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, text(d)).unwrap();
            }
        }
        let heads: Vec<String> = rows[0].iter().map(text).collect();
        if heads.first().map(String::as_str) != Some("申报编号") {
            continue; // the documents list
        }
        let list_field = p.fields.iter().find(|f| {
            matches!(f.kind, FieldKind::List(_) | FieldKind::Records)
                && f.label.zh.as_deref() == Some(name.as_str())
        });
        let mut r = 2u32;
        for record in records {
            let Raw::Map(entries) = record else { continue };
            match list_field {
                None => {
                    for (c, h) in heads.iter().enumerate() {
                        let f = field_of(h).unwrap();
                        if let Some(v) = value(entries, &f.id) {
                            write_cell(sheet, r, c as u16, &f.kind, v);
                        }
                    }
                    r += 1;
                }
                Some(list) => {
                    let Some(id) = value(entries, "id") else {
                        continue;
                    };
                    let Some(items) = value(entries, &list.id) else {
                        continue;
                    };
                    match &list.kind {
                        FieldKind::List(inner) => {
                            for item in plain_items(items) {
                                write_cell(sheet, r, 0, &FieldKind::Text, id);
                                write_cell(sheet, r, 1, inner, &Raw::Text(item));
                                r += 1;
                            }
                        }
                        _ => {
                            let Raw::List(items) = items else { continue };
                            for item in items {
                                let Raw::Map(fields) = item else { continue };
                                write_cell(sheet, r, 0, &FieldKind::Text, id);
                                for (c, h) in heads.iter().enumerate().skip(1) {
                                    let spec = list
                                        .items
                                        .iter()
                                        .find(|x| {
                                            fundpolicy::records::columns::names(x, h).is_some()
                                        })
                                        .unwrap();
                                    if let Some(v) = value(fields, &spec.id) {
                                        write_cell(sheet, r, c as u16, &spec.kind, v);
                                    }
                                }
                                r += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    book.save(out).unwrap();
}

fn example_records(path: &str) -> Vec<Raw> {
    let text = std::fs::read_to_string(path).unwrap();
    let file = SourceFile::new(path, text);
    let docs = fundpolicy::input::read_documents(path, &file, &["id".into()]).unwrap();
    docs.into_iter()
        .flat_map(|d| match d {
            Raw::List(items) => items,
            other => vec![other],
        })
        .collect()
}

fn to_json(raw: &Raw) -> Json {
    match raw {
        Raw::Null => Json::Null,
        Raw::Text(t) => Json::String(t.clone()),
        Raw::List(items) => Json::Array(items.iter().map(to_json).collect()),
        Raw::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// The records as a workbook states them: a list with a sheet (every list in a template)
/// is stated for every application, so one the YAML left out is an empty list there (no
/// documents supplied, say), as a CSV column left empty is.
fn as_a_workbook_states_them(p: &Programme, records: &[Raw]) -> Vec<Raw> {
    let lists: Vec<&str> = p
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::List(_) | FieldKind::Records))
        .map(|f| f.id.as_str())
        .collect();
    records
        .iter()
        .map(|r| match r {
            Raw::Map(entries) => {
                let mut entries = entries.clone();
                for id in &lists {
                    if value(&entries, id).is_none() {
                        entries.push((id.to_string(), Raw::List(Vec::new())));
                    }
                }
                Raw::Map(entries)
            }
            other => other.clone(),
        })
        .collect()
}

/// Errors without their place (a cell in one format, a line in another), for comparing
/// with another format's: the place is checked to be a cell (or a line) and dropped.
fn without_places(mut doc: Json, cells: bool) -> Json {
    for r in doc["results"].as_array_mut().unwrap() {
        for e in r["errors"].as_array_mut().unwrap() {
            let place = e.as_object_mut().unwrap().remove("location").unwrap();
            let key = if cells { "cell" } else { "line" };
            assert!(!place[key].is_null(), "{e}: {place}");
        }
    }
    doc
}

#[test]
fn a_filled_template_evaluates_like_the_yaml_examples() {
    let dir = tempfile::tempdir().unwrap();
    for (id, examples) in [
        (
            "software-integration",
            "policies/2020/examples/software-integration.yaml",
        ),
        ("cloud-award", "policies/2020/examples/cloud-award.yaml"),
        (
            "cloud-award",
            "policies/2020/examples/cloud-award-batch.jsonl",
        ),
        ("loan-interest", "policies/2020/examples/loan-interest.yaml"),
    ] {
        let p = programme(id);
        let blank = template(dir.path(), id);
        let filled = dir.path().join(format!("{id}-filled.xlsx"));
        let records = example_records(examples);
        fill(&blank, &p, &records, &filled);
        let stated = dir.path().join(format!("{id}-stated.json"));
        let stated_records = as_a_workbook_states_them(&p, &records);
        std::fs::write(
            &stated,
            serde_json::to_string(&Json::Array(stated_records.iter().map(to_json).collect()))
                .unwrap(),
        )
        .unwrap();
        let from_yaml = evaluate_json(id, &stated);
        let from_xlsx = evaluate_json(id, &filled);
        // For checking by hand in LibreOffice or Excel.
        if let Some(keep) = std::env::var_os("FUNDPOLICY_KEEP_WORKBOOKS") {
            // The fuzz corpus folder is not in git: a fresh clone has to make it.
            std::fs::create_dir_all(&keep).unwrap();
            let name = Path::new(examples)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .to_string();
            std::fs::copy(
                &filled,
                Path::new(&keep).join(format!("{name}-filled.xlsx")),
            )
            .unwrap();
        }
        assert_eq!(
            from_yaml["results"].as_array().unwrap().len(),
            records.len(),
            "{examples}"
        );
        // The same applications from two files: everything but the inputs' fingerprints
        // and the places of errors agrees.
        let (mut from_xlsx, mut from_yaml) = (
            without_places(from_xlsx, true),
            without_places(from_yaml.clone(), false),
        );
        for doc in [&mut from_xlsx, &mut from_yaml] {
            let inputs = doc.as_object_mut().unwrap().remove("inputs").unwrap();
            assert_eq!(inputs[0]["records"], records.len(), "{examples}");
        }
        assert_eq!(from_xlsx, from_yaml, "{examples}");
        // `explain` reads the workbook too.
        let first = from_yaml["results"][0]["id"].as_str().unwrap().to_string();
        let out = fundpolicy(&[
            "explain",
            "--year",
            "2020",
            "--programme",
            id,
            filled.to_str().unwrap(),
            "--id",
            &first,
        ])
        .success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        // After the line naming the policy.
        let record = text.lines().nth(1).unwrap_or_default();
        assert!(record.starts_with(&first), "{text}");
    }
}

/// A workbook of the template's sheets with their two header rows only, to be filled.
fn headers_only(layout: &[(String, Vec<Vec<Data>>)]) -> Workbook {
    let mut book = Workbook::new();
    for (name, rows) in layout {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().take(2).enumerate() {
            for (c, d) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, text(d)).unwrap();
            }
        }
    }
    book
}

/// A template's layout filled with some bad cells.
fn bad_workbook(dir: &Path) -> std::path::PathBuf {
    let blank = template(dir, "loan-interest");
    let layout = sheets(&blank);
    let mut book = headers_only(&layout);
    let heads: Vec<String> = layout[0].1[0].iter().map(text).collect();
    // A money header carries its unit: `2019年营业收入（万元）`.
    let col = |label: &str| {
        heads
            .iter()
            .position(|h| h == label || h.strip_prefix(label).is_some_and(|u| u.starts_with('（')))
            .unwrap() as u16
    };
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let main = book.worksheet_from_name("申报表").unwrap();
    let rows: [(&str, &str, &str); 4] = [
        ("B1", "2019年营业收入", "三千万"),
        ("B2", "报送日期", "2020年7月10日"),
        ("B3", "所属区县", "火星区"),
        ("B4", "信用良好", "也许"),
    ];
    for (r, (id, label, bad)) in rows.iter().enumerate() {
        let r = 2 + r as u32;
        main.write_string(r, col("申报编号"), *id).unwrap();
        main.write_string(r, col(label), *bad).unwrap();
        main.write_string(r, col("企业规模"), "小型").unwrap();
        if *label != "报送日期" {
            main.write_datetime_with_format(
                r,
                col("报送日期"),
                ExcelDateTime::parse_from_str("2020-07-01").unwrap(),
                &date,
            )
            .unwrap();
        }
    }
    // A formula whose cached value is an Excel error.
    main.write_string(6, col("申报编号"), "B5").unwrap();
    main.write_formula(
        6,
        col("2019年营业收入"),
        rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
    )
    .unwrap();
    // A date typed as digits into a date cell (Excel shows #####): no day of its calendar.
    main.write_string(7, col("申报编号"), "B6").unwrap();
    main.write_string(7, col("企业规模"), "小型").unwrap();
    main.write_number_with_format(7, col("报送日期"), 20_200_703.0, &date)
        .unwrap();
    // A number kept as the text Excel showed for it: digits dropped.
    main.write_string(8, col("申报编号"), "B7").unwrap();
    main.write_string(8, col("企业规模"), "小型").unwrap();
    main.write_string(8, col("2019年营业收入"), "1.23457E+11")
        .unwrap();
    let loans = book.worksheet_from_name("贷款").unwrap();
    loans.write_string(2, 0, "B1").unwrap();
    loans.write_number(2, 2, 1_000_000.0).unwrap();
    loans.write_string(3, 0, "B1").unwrap();
    loans.write_string(3, 2, "一百万").unwrap();
    let path = dir.join("bad.xlsx");
    book.save(&path).unwrap();
    path
}

#[test]
fn bad_cells_are_reported_with_sheet_cell_field_and_expected_type() {
    let dir = tempfile::tempdir().unwrap();
    let path = bad_workbook(dir.path());
    let doc = evaluate_json("loan-interest", &path);
    let errors: Vec<String> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            let id = r["id"].as_str().unwrap().to_string();
            r["errors"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["location"]["sheet"].is_string())
                .map(move |e| {
                    format!(
                        "{id} {}: {}!{}: {}",
                        e["field"].as_str().unwrap(),
                        e["location"]["sheet"].as_str().unwrap(),
                        e["location"]["cell"].as_str().unwrap(),
                        e["message"].as_str().unwrap()
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    insta::assert_yaml_snapshot!(errors);
}

/// What `evaluate` says on standard error when it refuses `path` (exit 1).
fn refused_loans(path: &Path) -> String {
    let out = fundpolicy(&[
        "evaluate",
        "--year",
        "2020",
        "--programme",
        "loan-interest",
        path.to_str().unwrap(),
    ])
    .code(1);
    String::from_utf8_lossy(&out.get_output().stderr).to_string()
}

#[test]
fn a_workbook_without_an_id_header_is_refused_with_help() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "名称").unwrap();
    sheet.write_string(1, 0, "某公司").unwrap();
    book.save(&path).unwrap();
    let stderr = refused_loans(&path);
    assert!(
        stderr.contains("没有哪个工作表有含申报编号的表头"),
        "{stderr}"
    );
    assert!(stderr.contains("申报编号"), "{stderr}");

    std::fs::write(&path, b"not a zip").unwrap();
    let stderr = refused_loans(&path);
    assert!(stderr.contains("不是可读取的 .xlsx 工作簿"), "{stderr}");
    assert!(stderr.contains("它不是 zip 压缩包"), "{stderr}");

    // Said by what the file starts as: a workbook cut short (a download that did not finish)
    // is not called an .xls, and an .xls is called one.
    let whole = std::fs::read("policies/2020/examples/loan-interest.xlsx").unwrap();
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    let stderr = refused_loans(&path);
    assert!(stderr.contains("不完整或已损坏"), "{stderr}");
    assert!(stderr.contains("重新下载或复制"), "{stderr}");
    assert!(!stderr.contains(".xls、.et"), "{stderr}");
    std::fs::write(&path, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and more").unwrap();
    let stderr = refused_loans(&path);
    assert!(stderr.contains("旧版的 .xls"), "{stderr}");
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

fn decimal(j: &Json) -> f64 {
    j.as_str().unwrap().parse::<f64>().unwrap()
}

#[test]
fn the_results_workbook_holds_every_result_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let input = "policies/2020/examples/cloud-award-batch.jsonl";
    let out = dir.path().join("results.xlsx");
    fundpolicy(&[
        "evaluate",
        "--year",
        "2020",
        "--programme",
        "cloud-award",
        input,
        "--format",
        "xlsx",
        "--output",
        out.to_str().unwrap(),
    ])
    .success();
    let doc = evaluate_json("cloud-award", Path::new(input));
    let p = programme("cloud-award");
    let sheets = sheets(&out);
    assert_eq!(sheets[0].0, "评审结果");
    assert_eq!(sheets[1].0, "汇总");
    let rows = &sheets[0].1;
    let heads: Vec<String> = rows[0].iter().map(text).collect();
    let items: Vec<&str> = p
        .scores
        .as_ref()
        .unwrap()
        .items
        .iter()
        .map(|&i| p.values[i].label.zh.as_deref().unwrap())
        .collect();
    let mut expected_heads = vec!["申报编号", "状态"];
    expected_heads.extend(&items);
    expected_heads.extend([
        "总分",
        "排名",
        "是否获奖补",
        "等级",
        "奖补金额（万元）",
        "未通过的条件",
        "标记",
        "缺少的材料",
        "数据错误",
    ]);
    assert_eq!(heads, expected_heads);
    let results = doc["results"].as_array().unwrap();
    assert_eq!(rows.len(), results.len() + 1);
    let at = |name: &str| heads.iter().position(|h| h == name).unwrap();
    for (row, r) in rows[1..].iter().zip(results) {
        assert_eq!(text(&row[0]), r["id"].as_str().unwrap());
        let status = match r["status"].as_str().unwrap() {
            "eligible" => "符合条件",
            "ineligible" => "不符合条件",
            _ => "无效",
        };
        assert_eq!(text(&row[1]), status);
        if r["status"] == "invalid" {
            assert!(!text(&row[at("数据错误")]).is_empty());
            continue;
        }
        // Item scores hold what their cells show: rounded half away from zero to the
        // score's places, as the engine rounds.
        let places = p.scores.as_ref().unwrap().round;
        for (k, item) in p.scores.as_ref().unwrap().items.iter().enumerate() {
            let id = &p.values[*item].id;
            let exact: Decimal = r["scores"][id].as_str().unwrap().parse().unwrap();
            let shown = fundpolicy::value::round_half_away(exact, places);
            assert!((number(&row[2 + k]) - shown.to_f64().unwrap()).abs() < 1e-9);
        }
        assert!((number(&row[at("总分")]) - decimal(&r["score"])).abs() < 1e-9);
        match r["rank"].as_u64() {
            Some(rank) => assert_eq!(number(&row[at("排名")]) as u64, rank),
            None => assert_eq!(row[at("排名")], Data::Empty),
        }
        match r["tier"].as_u64() {
            Some(1) => assert_eq!(text(&row[at("等级")]), "第一级"),
            Some(2) => assert_eq!(text(&row[at("等级")]), "第二级"),
            _ => assert_eq!(row[at("等级")], Data::Empty),
        }
        if r["awarded"] == true {
            assert_eq!(text(&row[at("是否获奖补")]), "是");
            let wan = number(&row[at("奖补金额（万元）")]);
            assert!((wan * 10_000.0 - decimal(&r["award"])).abs() < 1e-6);
        }
        // Failed rules appear as the policy's messages.
        for rule in r["failed_rules"].as_array().unwrap() {
            let message = p
                .rules
                .iter()
                .find(|x| x.id == rule.as_str().unwrap())
                .unwrap()
                .message
                .zh
                .clone()
                .unwrap();
            assert!(text(&row[at("未通过的条件")]).contains(&message));
        }
    }

    // Summary: the counts and totals of the JSON summary, by tier and by region.
    let summary = &sheets[1].1;
    let find =
        |label: &str| -> &Vec<Data> { summary.iter().find(|r| text(&r[0]) == label).unwrap() };
    let s = &doc["summary"];
    assert_eq!(
        number(&find("申报数")[1]) as u64,
        s["records"].as_u64().unwrap()
    );
    assert_eq!(
        number(&find("符合条件")[1]) as u64,
        s["eligible"].as_u64().unwrap()
    );
    assert_eq!(
        number(&find("获奖补")[1]) as u64,
        s["awarded"].as_u64().unwrap()
    );
    let total = number(&find("奖补总额（万元）")[1]);
    assert!((total * 10_000.0 - decimal(&s["total_award"])).abs() < 1e-6);
    let tiers = number(&find("第一级")[2]) + number(&find("第二级")[2]);
    assert!((tiers - total).abs() < 1e-9);
    let regions: f64 = ["主城都市区", "渝东北", "渝东南"]
        .iter()
        .map(|r| number(&find(r)[4]))
        .sum();
    assert!((regions - total).abs() < 1e-9);
    // The quota of the notice: at least a third of the awards in the two regions.
    let quota = number(&find("渝东北")[3]) + number(&find("渝东南")[3]);
    assert!(quota >= 67.0, "{quota}");
}

#[test]
fn xlsx_results_need_an_output_file() {
    let out = fundpolicy(&[
        "evaluate",
        "--year",
        "2020",
        "--programme",
        "cloud-award",
        "policies/2020/examples/cloud-award.yaml",
        "--format",
        "xlsx",
    ])
    .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("--output FILE.xlsx"), "{stderr}");
}

/// Loan subsidies are amounts to the fen (103980.56元): the workbook's 万元 cells hold them
/// exactly, so the rows add up to the summary's total. Rounded to 0.01万元 they said 10.4 and
/// 0.01 (100元 for 115.28元), and the total differed from the sum of the rows.
#[test]
fn the_results_workbook_holds_awards_to_the_fen() {
    let dir = tempfile::tempdir().unwrap();
    let input = Path::new("policies/2020/examples/loan-interest.yaml");
    let out = dir.path().join("results.xlsx");
    fundpolicy(&[
        "evaluate",
        "--year",
        "2020",
        "--programme",
        "loan-interest",
        input.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
    .success();
    let doc = evaluate_json("loan-interest", input);
    let sheets = sheets(&out);
    let rows = &sheets[0].1;
    let heads: Vec<String> = rows[0].iter().map(text).collect();
    let award = heads.iter().position(|h| h == "奖补金额（万元）").unwrap();
    let mut sum = 0.0;
    let mut fen = 0;
    for (row, r) in rows[1..].iter().zip(doc["results"].as_array().unwrap()) {
        if r["awarded"] == true {
            let wan = number(&row[award]);
            let yuan = decimal(&r["award"]);
            assert!((wan * 10_000.0 - yuan).abs() < 1e-6, "{wan} {yuan}");
            fen += usize::from(yuan.fract() != 0.0);
            sum += wan;
        }
    }
    assert!(fen > 0, "the example has awards to the fen");
    let summary = &sheets[1].1;
    let total = summary
        .iter()
        .find(|r| text(&r[0]) == "奖补总额（万元）")
        .map(|r| number(&r[1]))
        .unwrap();
    assert!((total - sum).abs() < 1e-9, "{total} {sum}");
}

#[test]
fn bare_percents_under_1_in_a_workbook_are_said_at_the_first_cell() {
    let dir = tempfile::tempdir().unwrap();
    let layout = sheets(&template(dir.path(), "loan-interest"));
    let mut book = headers_only(&layout);
    let column = |sheet: &str, label: &str| {
        let (_, rows) = layout.iter().find(|(n, _)| n == sheet).unwrap();
        rows[0]
            .iter()
            .map(text)
            .position(|h| h == label || h.strip_prefix(label).is_some_and(|u| u.starts_with('（')))
            .unwrap() as u16
    };
    let main = book.worksheet_from_name("申报表").unwrap();
    main.write_string(2, column("申报表", "申报编号"), "A")
        .unwrap();
    main.write_string(3, column("申报表", "申报编号"), "B")
        .unwrap();
    let (id, rate) = (column("贷款", "申报编号"), column("贷款", "年利率"));
    let percent = Format::new().set_num_format("0.00%");
    let loans = book.worksheet_from_name("贷款").unwrap();
    // A rate typed as a fraction in a plain cell; one formatted as a percent (shown 5.00%);
    // one typed as points.
    loans.write_string(2, id, "A").unwrap();
    loans.write_number(2, rate, 0.0435).unwrap();
    loans.write_string(3, id, "A").unwrap();
    loans
        .write_number_with_format(3, rate, 0.05, &percent)
        .unwrap();
    loans.write_string(4, id, "B").unwrap();
    loans.write_number(4, rate, 4.35).unwrap();
    // Errors of their own, not fractions read: a negative rate, a number in scientific form.
    loans.write_string(5, id, "A").unwrap();
    loans.write_number(5, rate, -0.5).unwrap();
    loans.write_string(6, id, "B").unwrap();
    loans.write_string(6, rate, "1e-2").unwrap();
    let path = dir.path().join("rates.xlsx");
    book.save(&path).unwrap();
    let doc = evaluate_json("loan-interest", &path);
    let warnings: Vec<&Json> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "input::percent_fraction")
        .collect();
    assert_eq!(warnings.len(), 1, "{}", doc["warnings"]);
    let letter = (b'A' + rate as u8) as char;
    assert_eq!(warnings[0]["location"]["sheet"], "贷款");
    assert_eq!(warnings[0]["location"]["cell"], format!("{letter}3"));
    let message = warnings[0]["message"].as_str().unwrap();
    // The column by its header as written, as a CSV names it.
    let header = sheets(&path)
        .into_iter()
        .find(|(n, _)| n == "贷款")
        .map(|(_, rows)| text(&rows[0][rate as usize]))
        .unwrap();
    assert!(
        message.contains(&format!(
            "`{header}` 列有 1 个不带 % 的数小于 1（最早是这里的 `0.0435`）"
        )),
        "{message}"
    );
}
