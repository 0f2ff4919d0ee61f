#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Columns and keys as reviewers' files have them: extra columns ignored with one warning
//! per file (`--strict` makes them errors), headers with or without their unit, rows of one
//! application apart, orphan rows of a list sheet, and documents that mean the same in
//! every format. Each case runs the binary on the 2020 loan-interest programme.

use assert_cmd::Command;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

const PROGRAMME: &str = "loan-interest";

/// The plain fields of application L02 of the examples (submitted on time), as (id, value).
const L02: [(&str, &str); 18] = [
    ("id", "L02"),
    ("name", "晚交企业"),
    ("district", "江津"),
    ("registered_in_chongqing", "true"),
    ("independent_legal_person", "true"),
    ("credit_blacklisted", "false"),
    ("other_fiscal_support", "false"),
    ("company_size", "micro"),
    ("is_industrial", "true"),
    ("revenue_2019", "800"),
    ("industry_sector", "manufacturing"),
    ("restricted_industry", "false"),
    ("revenue_h1_2019", "400"),
    ("revenue_h1_2020", "200"),
    ("credit_ok", "true"),
    ("operating_normally", "true"),
    ("kept_staff", "true"),
    // On time (the example's L02 is late).
    ("submitted_on", "2020-07-10"),
];

/// L02's loan, as (item id, value).
const LOAN: [(&str, &str); 6] = [
    ("bank", "农商行"),
    ("principal", "2000000"),
    ("rate", "4.35%"),
    ("start", "2020-01-01"),
    ("end", "2020-12-31"),
    ("interest_paid", "35000"),
];

fn run(dir: &Path, name: &str, bytes: &[u8], extra: &[&str]) -> assert_cmd::assert::Assert {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut args = vec![
        "evaluate",
        "--year",
        "2020",
        "--programme",
        PROGRAMME,
        "--lang",
        "en",
    ];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(&args)
        .assert()
}

fn stderr_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

fn json_of(out: &assert_cmd::assert::Assert) -> Json {
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// Evaluates a file as JSON; exit 0 expected.
fn evaluate(dir: &Path, name: &str, bytes: &[u8], extra: &[&str]) -> (Json, String) {
    let mut extra = extra.to_vec();
    extra.extend(["--format", "json"]);
    let out = run(dir, name, bytes, &extra).success();
    (json_of(&out), stderr_of(&out))
}

fn result(doc: &Json, n: usize) -> &Json {
    &doc["results"][n]
}

fn messages(r: &Json) -> Vec<String> {
    r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {}: {}", e["code"], e["field"], e["message"]).replace('"', ""))
        .collect()
}

/// A CSV of L02 (and more applications made from it, under other ids): its plain fields
/// with `rename` applied to their headers, `extra` columns, one loan per row.
fn csv(ids: &[&str], rename: &[(&str, &str)], extra: &[(&str, &str)]) -> String {
    let header_of = |id: &str| {
        rename
            .iter()
            .find(|(from, _)| *from == id)
            .map_or(id.to_string(), |(_, to)| to.to_string())
    };
    let mut heads: Vec<String> = L02.iter().map(|(k, _)| header_of(k)).collect();
    heads.extend(LOAN.iter().map(|(k, _)| header_of(&format!("loans.{k}"))));
    heads.extend(extra.iter().map(|(h, _)| h.to_string()));
    let mut out = heads.join(",") + "\n";
    for id in ids {
        let mut cells: Vec<String> = L02
            .iter()
            .map(|(k, v)| {
                if *k == "id" {
                    id.to_string()
                } else {
                    v.to_string()
                }
            })
            .collect();
        cells.extend(LOAN.iter().map(|(_, v)| v.to_string()));
        cells.extend(extra.iter().map(|(_, v)| v.to_string()));
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// L02 as one JSON record, with `extra` keys.
fn json_record(id: &str, extra: &[(&str, Json)]) -> Json {
    let mut map = serde_json::Map::new();
    for (k, v) in L02 {
        map.insert(
            k.into(),
            Json::String(if k == "id" { id } else { v }.into()),
        );
    }
    let loan: serde_json::Map<String, Json> = LOAN
        .iter()
        .map(|(k, v)| (k.to_string(), Json::String(v.to_string())))
        .collect();
    map.insert("loans".into(), Json::Array(vec![Json::Object(loan)]));
    for (k, v) in extra {
        map.insert(k.to_string(), v.clone());
    }
    Json::Object(map)
}

/// The same records as YAML (a JSON document is YAML; written as a block list).
fn yaml_of(records: &[Json]) -> String {
    let mut out = String::new();
    for r in records {
        out.push_str(&format!("- {}\n", serde_json::to_string(r).unwrap()));
    }
    out
}

/// The L02 outcome every reading below must give.
fn plain_l02(dir: &Path) -> Json {
    let (doc, _) = evaluate(dir, "plain.csv", csv(&["L02"], &[], &[]).as_bytes(), &[]);
    let r = result(&doc, 0).clone();
    assert_eq!(r["status"], "eligible", "{r}");
    r
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

// ---------------------------------------------------------------- unknown columns

#[test]
fn an_extra_csv_column_is_one_warning_and_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let plain = plain_l02(dir.path());
    let text = csv(&["L02", "L12", "L22"], &[], &[("备注", "请优先审核")]);
    let (doc, stderr) = evaluate(dir.path(), "extra.csv", text.as_bytes(), &[]);
    // Said once for the file, however many rows.
    assert_eq!(
        count(&stderr, "warning[input::unknown_column]"),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("extra.csv"), "{stderr}");
    assert!(stderr.contains("`备注`"), "{stderr}");
    assert!(stderr.contains("ignored"), "{stderr}");
    assert!(stderr.contains("--strict"), "{stderr}");
    for n in 0..3 {
        let r = result(&doc, n);
        assert_eq!(r["status"], "eligible", "{r}");
        assert_eq!(r["award"], plain["award"]);
    }
}

#[test]
fn strict_makes_an_unknown_column_an_error_on_every_record_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv(&["L02", "L12"], &[("revenue_2019", "2019营业收入")], &[]);
    let out = run(
        dir.path(),
        "strict.csv",
        text.as_bytes(),
        &["--strict", "--format", "json"],
    )
    .success();
    let doc = json_of(&out);
    assert!(!stderr_of(&out).contains("warning[input::unknown_column]"));
    for n in 0..2 {
        let r = result(&doc, n);
        assert_eq!(r["status"], "invalid", "{r}");
        let m = messages(r);
        assert!(
            m.iter()
                .any(|m| m.contains("input::unknown_field 2019营业收入")
                    && m.contains("did you mean `2019年营业收入` (`revenue_2019`)?")),
            "{m:?}"
        );
    }
}

#[test]
fn a_misspelt_header_is_suggested_and_what_it_meant_points_back_at_it() {
    let dir = tempfile::tempdir().unwrap();
    // `revenue_h1_2019` is needed by a rule: without it the record cannot be decided.
    let text = csv(&["L02"], &[("revenue_h1_2019", "2019年1-6月主营收入")], &[]);
    let (doc, stderr) = evaluate(dir.path(), "typo.csv", text.as_bytes(), &[]);
    assert!(
        stderr.contains(
            "`2019年1-6月主营收入` (did you mean `2019年1-6月主营业务收入` (`revenue_h1_2019`)?)"
        ),
        "{stderr}"
    );
    let r = result(&doc, 0);
    assert_eq!(r["status"], "invalid", "{r}");
    let m = messages(r);
    assert!(
        m.iter()
            .any(|m| m.starts_with("eval::missing_value revenue_h1_2019")
                && m.contains("the column `2019年1-6月主营收入` was ignored — did you mean it?")),
        "{m:?}"
    );
}

#[test]
fn a_missing_required_field_names_the_ignored_column_that_looks_like_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv(&["L02"], &[("id", "申报编码")], &[]);
    let (doc, stderr) = evaluate(dir.path(), "noid.csv", text.as_bytes(), &[]);
    assert!(stderr.contains("`申报编码`"), "{stderr}");
    let m = messages(result(&doc, 0));
    assert!(
        m.iter().any(|m| m.starts_with("input::required id")
            && m.contains("the column `申报编码` was ignored — did you mean it?")),
        "{m:?}"
    );
}

#[test]
fn unknown_keys_in_json_and_yaml_are_one_warning_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let records: Vec<Json> = ["L02", "L12"]
        .iter()
        .map(|id| json_record(id, &[("备注", Json::String("x".into()))]))
        .collect();
    let json = serde_json::to_string(&records).unwrap();
    for (name, text) in [("r.json", json.clone()), ("r.yaml", yaml_of(&records))] {
        let (doc, stderr) = evaluate(dir.path(), name, text.as_bytes(), &[]);
        assert_eq!(
            count(&stderr, "warning[input::unknown_column]"),
            1,
            "{stderr}"
        );
        assert!(stderr.contains("key `备注` (2 records)"), "{stderr}");
        assert_eq!(result(&doc, 0)["status"], "eligible", "{name}");
        assert_eq!(result(&doc, 1)["status"], "eligible", "{name}");
        // --strict: every record invalid, naming the key.
        let (doc, stderr) = evaluate(dir.path(), name, text.as_bytes(), &["--strict"]);
        assert!(
            !stderr.contains("warning[input::unknown_column]"),
            "{stderr}"
        );
        for n in 0..2 {
            let r = result(&doc, n);
            assert_eq!(r["status"], "invalid", "{name}: {r}");
            assert!(
                messages(r)
                    .iter()
                    .any(|m| m.starts_with("input::unknown_field 备注")),
                "{r}"
            );
        }
    }
    // A key of a loan that names no item field is ignored too, and said as `loans.key`.
    let loan_key = json_record("L02", &[]);
    let mut loan_key = loan_key;
    loan_key["loans"][0]["bnak"] = Json::String("x".into());
    let (doc, stderr) = evaluate(
        dir.path(),
        "loan.json",
        serde_json::to_string(&loan_key).unwrap().as_bytes(),
        &[],
    );
    assert!(
        stderr.contains("`loans.bnak` (1 record) (did you mean `loans.bank`?)"),
        "{stderr}"
    );
    assert_eq!(result(&doc, 0)["status"], "eligible");
}

// ---------------------------------------------------------------- units in headers

#[test]
fn a_header_names_its_field_with_or_without_the_unit_in_either_width() {
    let dir = tempfile::tempdir().unwrap();
    let plain = plain_l02(dir.path());
    for header in [
        "2019年1-6月主营业务收入（万元）",
        "2019年1-6月主营业务收入(万元)",
        "2019年1-6月主营业务收入",
        "revenue_h1_2019",
        "revenue_h1_2019 (万元)",
        "revenue Jan-Jun 2019（万元）",
    ] {
        let text = csv(&["L02"], &[("revenue_h1_2019", header)], &[]);
        let (doc, stderr) = evaluate(dir.path(), "unit.csv", text.as_bytes(), &[]);
        assert!(!stderr.contains("warning"), "{header}: {stderr}");
        assert_eq!(*result(&doc, 0), plain, "{header}");
    }
    // A loan item's label carries its unit (`贷款本金（元）`): it may be left out.
    let text = csv(&["L02"], &[("loans.principal", "贷款.贷款本金")], &[]);
    let (doc, stderr) = evaluate(dir.path(), "item.csv", text.as_bytes(), &[]);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(*result(&doc, 0), plain);
}

#[test]
fn a_header_stating_another_unit_is_read_in_it_exactly_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let plain = plain_l02(dir.path());
    // 400万元 written in yuan under a `（元）` header.
    let mut text = csv(
        &["L02"],
        &[("revenue_h1_2019", "2019年1-6月主营业务收入（元）")],
        &[],
    );
    text = text.replacen(",400,", ",4000000,", 1);
    let (doc, stderr) = evaluate(dir.path(), "yuan.csv", text.as_bytes(), &[]);
    assert_eq!(count(&stderr, "warning[input::column_unit]"), 1, "{stderr}");
    assert!(
        stderr.contains("column `2019年1-6月主营业务收入（元）` is read in 元 as its header says; field revenue Jan-Jun 2019 (`revenue_h1_2019`) is otherwise in 万元"),
        "{stderr}"
    );
    assert_eq!(*result(&doc, 0), plain);
    // In 亿元, a value of 0.04 is the same 400万元.
    let mut text = csv(
        &["L02"],
        &[("revenue_h1_2019", "revenue_h1_2019 (亿元)")],
        &[],
    );
    text = text.replacen(",400,", ",0.04,", 1);
    let (doc, _) = evaluate(dir.path(), "yi.csv", text.as_bytes(), &[]);
    assert_eq!(*result(&doc, 0), plain);
    // A JSON key may state its unit the same way.
    let mut record = json_record("L02", &[]);
    let map = record.as_object_mut().unwrap();
    map.remove("revenue_h1_2019");
    map.insert(
        "2019年1-6月主营业务收入（元）".into(),
        Json::String("4000000".into()),
    );
    let (doc, stderr) = evaluate(
        dir.path(),
        "yuan.json",
        serde_json::to_string(&record).unwrap().as_bytes(),
        &[],
    );
    assert_eq!(count(&stderr, "warning[input::column_unit]"), 1, "{stderr}");
    assert_eq!(*result(&doc, 0), plain);
}

// ---------------------------------------------------------------- rows of one id

#[test]
fn rows_of_one_id_apart_make_both_parts_invalid_naming_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let plain = plain_l02(dir.path());
    // L02's second loan three lines further down, after L12.
    let mut text = csv(&["L02", "L12"], &[], &[]);
    let second: Vec<String> = L02
        .iter()
        .map(|(k, _)| {
            if *k == "id" {
                "L02".into()
            } else {
                String::new()
            }
        })
        .chain(LOAN.iter().map(|(k, v)| {
            if *k == "bank" {
                "工商银行".into()
            } else {
                v.to_string()
            }
        }))
        .collect();
    text.push_str(&(second.join(",") + "\n"));
    let (doc, _) = evaluate(dir.path(), "apart.csv", text.as_bytes(), &[]);
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    // Neither part of L02 is paid; L12 between them is untouched.
    for n in [0, 2] {
        let r = result(&doc, n);
        assert_eq!(r["id"], "L02");
        assert_eq!(r["status"], "invalid", "{r}");
        assert_eq!(r["award"], Json::Null);
    }
    assert_eq!(result(&doc, 1)["award"], plain["award"]);
    let later = messages(result(&doc, 2));
    assert!(
        later.iter().any(|m| m.starts_with("input::rows_apart id")
            && m.contains("line 4")
            && m.contains("line 2")),
        "{later:?}"
    );
    assert!(
        messages(result(&doc, 0))
            .iter()
            .any(|m| m.contains("duplicate id `L02` (also record 3)")),
        "{:?}",
        messages(result(&doc, 0))
    );
}

#[test]
fn adjacent_rows_of_one_id_are_one_record_with_both_loans() {
    let dir = tempfile::tempdir().unwrap();
    let plain = plain_l02(dir.path());
    let mut text = csv(&["L02"], &[], &[]);
    let second: Vec<String> = L02
        .iter()
        .map(|(k, _)| {
            if *k == "id" {
                "L02".into()
            } else {
                String::new()
            }
        })
        .chain(LOAN.iter().map(|(_, v)| v.to_string()))
        .collect();
    text.push_str(&(second.join(",") + "\n"));
    let (doc, _) = evaluate(dir.path(), "together.csv", text.as_bytes(), &[]);
    assert_eq!(doc["results"].as_array().unwrap().len(), 1);
    let r = result(&doc, 0);
    assert_eq!(r["status"], "eligible", "{r}");
    // Two equal loans: twice the subsidy (well under the cap).
    let one: f64 = plain["award"].as_str().unwrap().parse().unwrap();
    let two: f64 = r["award"].as_str().unwrap().parse().unwrap();
    assert_eq!(two, one * 2.0);
}

// ---------------------------------------------------------------- workbooks

/// A workbook with a main sheet of L02-like applications (headers by id, with `extra`
/// columns), a loans sheet (`loan_ids`: one loan row per id) and, when `documents` is
/// given, a documents sheet with a row per (id, document).
fn workbook(
    dir: &Path,
    ids: &[&str],
    extra: &[(&str, &str)],
    loan_ids: &[&str],
    documents: Option<&[(&str, &str)]>,
) -> PathBuf {
    let mut book = rust_xlsxwriter::Workbook::new();
    let main = book.add_worksheet();
    main.set_name("申报表").unwrap();
    let mut heads: Vec<&str> = L02.iter().map(|(k, _)| *k).collect();
    heads.extend(extra.iter().map(|(h, _)| *h));
    for (c, h) in heads.iter().enumerate() {
        main.write_string(0, c as u16, *h).unwrap();
    }
    for (r, id) in ids.iter().enumerate() {
        let mut cells: Vec<&str> = L02
            .iter()
            .map(|(k, v)| if *k == "id" { *id } else { *v })
            .collect();
        cells.extend(extra.iter().map(|(_, v)| *v));
        for (c, v) in cells.iter().enumerate() {
            main.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    let loans = book.add_worksheet();
    loans.set_name("贷款").unwrap();
    loans.write_string(0, 0, "id").unwrap();
    for (c, (k, _)) in LOAN.iter().enumerate() {
        loans.write_string(0, c as u16 + 1, *k).unwrap();
    }
    for (r, id) in loan_ids.iter().enumerate() {
        loans.write_string(r as u32 + 1, 0, *id).unwrap();
        for (c, (_, v)) in LOAN.iter().enumerate() {
            loans.write_string(r as u32 + 1, c as u16 + 1, *v).unwrap();
        }
    }
    if let Some(rows) = documents {
        let docs = book.add_worksheet();
        docs.set_name("已提交材料").unwrap();
        docs.write_string(0, 0, "申报编号").unwrap();
        docs.write_string(0, 1, "已提交材料").unwrap();
        for (r, (id, doc)) in rows.iter().enumerate() {
            docs.write_string(r as u32 + 1, 0, *id).unwrap();
            docs.write_string(r as u32 + 1, 1, *doc).unwrap();
        }
    }
    let path = dir.join("book.xlsx");
    book.save(&path).unwrap();
    path
}

fn evaluate_book(path: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut args = vec![
        "evaluate",
        "--year",
        "2020",
        "--programme",
        PROGRAMME,
        "--lang",
        "en",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(&args)
        .assert()
}

#[test]
fn an_extra_workbook_column_is_one_warning_and_strict_names_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let plain = plain_l02(dir.path());
    let path = workbook(
        dir.path(),
        &["L02", "L12"],
        &[("备注", "x"), ("2019营业收入", "1")],
        &["L02", "L12"],
        None,
    );
    let out = evaluate_book(&path, &[]).success();
    let stderr = stderr_of(&out);
    assert_eq!(
        count(&stderr, "warning[input::unknown_column]"),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("`2019营业收入` (did you mean `2019年营业收入` (`revenue_2019`)?)"),
        "{stderr}"
    );
    let doc = json_of(&out);
    assert_eq!(result(&doc, 0)["award"], plain["award"]);
    let out = evaluate_book(&path, &["--strict"]).success();
    let doc = json_of(&out);
    for n in 0..2 {
        let m = messages(result(&doc, n));
        assert_eq!(result(&doc, n)["status"], "invalid");
        assert!(
            m.iter().any(|m| m.starts_with("input::unknown_field 备注")),
            "{m:?}"
        );
        // The error is at the record's cell of that column.
        let at = result(&doc, n)["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == "备注")
            .map(|e| e["location"].clone())
            .unwrap();
        assert_eq!(at["sheet"], "申报表", "{at}");
        assert!(at["cell"].as_str().unwrap().starts_with('S'), "{at}");
    }
}

#[test]
fn a_workbook_header_with_its_unit_is_read_and_another_unit_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let plain = plain_l02(dir.path());
    let mut book = rust_xlsxwriter::Workbook::new();
    let main = book.add_worksheet();
    main.set_name("申报表").unwrap();
    for (c, (k, v)) in L02.iter().enumerate() {
        let (head, value) = match *k {
            "revenue_h1_2019" => ("2019年1-6月主营业务收入（元）", "4000000"),
            "revenue_h1_2020" => ("2020年1-6月主营业务收入(万元)", *v),
            _ => (*k, *v),
        };
        main.write_string(0, c as u16, head).unwrap();
        main.write_string(1, c as u16, value).unwrap();
    }
    let loans = book.add_worksheet();
    loans.set_name("贷款").unwrap();
    loans.write_string(0, 0, "申报编号").unwrap();
    loans.write_string(1, 0, "L02").unwrap();
    for (c, (k, v)) in LOAN.iter().enumerate() {
        loans.write_string(0, c as u16 + 1, *k).unwrap();
        loans.write_string(1, c as u16 + 1, *v).unwrap();
    }
    let path = dir.path().join("units.xlsx");
    book.save(&path).unwrap();
    let out = evaluate_book(&path, &[]).success();
    let stderr = stderr_of(&out);
    assert_eq!(count(&stderr, "warning[input::column_unit]"), 1, "{stderr}");
    assert!(!stderr.contains("unknown_column"), "{stderr}");
    assert_eq!(*result(&json_of(&out), 0), plain);
}

#[test]
fn an_orphan_row_on_a_list_sheet_is_refused_naming_sheet_row_and_id() {
    let dir = tempfile::tempdir().unwrap();
    // The second loan row's id has a typo: no such application.
    let path = workbook(dir.path(), &["L02"], &[], &["L02", "L2O"], None);
    let out = evaluate_book(&path, &[]).failure().code(1);
    let stderr = stderr_of(&out);
    assert!(stderr.contains("贷款!A3 (id `L2O`)"), "{stderr}");
    assert!(
        stderr.contains("this id has no application on `申报表`"),
        "{stderr}"
    );
    assert!(out.get_output().stdout.is_empty());
}

// ---------------------------------------------------------------- documents

const ALL_DOCUMENTS: [&str; 5] = [
    "application_form",
    "loan_contracts",
    "interest_receipts",
    "business_license",
    "commitment",
];

fn missing(r: &Json) -> Json {
    r["missing_documents"].clone()
}

#[test]
fn documents_not_given_are_not_checked_and_an_empty_list_is_none_supplied_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let all = Json::from(ALL_DOCUMENTS.to_vec());
    let two_missing = Json::from(vec!["interest_receipts", "business_license", "commitment"]);
    let supplied = Json::from(vec!["application_form", "loan_contracts"]);

    // JSON and YAML: no key or null → not checked; [] → none supplied.
    for (name, value, expected) in [
        ("absent", None, Json::Null),
        ("null", Some(Json::Null), Json::Null),
        ("empty", Some(Json::Array(vec![])), all.clone()),
        ("some", Some(supplied.clone()), two_missing.clone()),
    ] {
        let extra: Vec<(&str, Json)> = value.into_iter().map(|v| ("documents", v)).collect();
        let record = json_record("L02", &extra);
        let json = serde_json::to_string(&record).unwrap();
        let (doc, _) = evaluate(d, &format!("{name}.json"), json.as_bytes(), &[]);
        assert_eq!(missing(result(&doc, 0)), expected, "json {name}");
        let (doc, _) = evaluate(
            d,
            &format!("{name}.yaml"),
            yaml_of(&[record]).as_bytes(),
            &[],
        );
        assert_eq!(missing(result(&doc, 0)), expected, "yaml {name}");
    }

    // CSV: no column → not checked; the column given → checked for every row, an empty
    // cell is none supplied.
    let (doc, _) = evaluate(d, "nodocs.csv", csv(&["L02"], &[], &[]).as_bytes(), &[]);
    assert_eq!(missing(result(&doc, 0)), Json::Null);
    let (doc, _) = evaluate(
        d,
        "blank.csv",
        csv(&["L02"], &[], &[("已提交材料", "")]).as_bytes(),
        &[],
    );
    assert_eq!(missing(result(&doc, 0)), all);
    let (doc, _) = evaluate(
        d,
        "docs.csv",
        csv(
            &["L02"],
            &[],
            &[("documents", "application_form;loan_contracts")],
        )
        .as_bytes(),
        &[],
    );
    assert_eq!(missing(result(&doc, 0)), two_missing);

    // xlsx: no documents sheet → not checked; the sheet there (even with no rows at all)
    // → checked for every application, one without rows supplied none.
    let book = workbook(d, &["L02"], &[], &["L02"], None);
    let doc = json_of(&evaluate_book(&book, &[]).success());
    assert_eq!(missing(result(&doc, 0)), Json::Null);
    let book = workbook(d, &["L02"], &[], &["L02"], Some(&[]));
    let doc = json_of(&evaluate_book(&book, &[]).success());
    assert_eq!(missing(result(&doc, 0)), all);
    let book = workbook(
        d,
        &["L02", "L12"],
        &[],
        &["L02", "L12"],
        Some(&[("L02", "application_form"), ("L02", "loan_contracts")]),
    );
    let doc = json_of(&evaluate_book(&book, &[]).success());
    assert_eq!(missing(result(&doc, 0)), two_missing);
    assert_eq!(missing(result(&doc, 1)), all);
}

#[test]
fn the_table_shows_missing_documents_by_label_and_unchecked_ones_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let records = [
        json_record(
            "L02",
            &[(
                "documents",
                Json::from(vec!["application_form", "loan_contracts"]),
            )],
        ),
        json_record("L12", &[]),
    ];
    let json = serde_json::to_string(&records).unwrap();
    for (lang, head, labels, unchecked) in [
        (
            "zh",
            "缺少材料",
            "利息支付凭证、营业执照复印件、项目真实性合规性承诺书",
            "未核对",
        ),
        (
            "en",
            "missing documents",
            // English lists take English commas, not the Chinese 、.
            "interest receipts, business licence copy, commitment letter",
            "not checked",
        ),
    ] {
        let path = dir.path().join("docs.json");
        std::fs::write(&path, &json).unwrap();
        let out = Command::cargo_bin("fundpolicy")
            .unwrap()
            .args([
                "evaluate",
                "--year",
                "2020",
                "--programme",
                PROGRAMME,
                "--lang",
                lang,
                "--format",
                "table",
                path.to_str().unwrap(),
            ])
            .assert()
            .success();
        let table = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(table.contains(head), "{table}");
        let l02 = table.lines().find(|l| l.starts_with("L02")).unwrap();
        assert!(l02.contains(labels), "{table}");
        let l12 = table.lines().find(|l| l.starts_with("L12")).unwrap();
        assert!(l12.contains(unchecked), "{table}");
    }
    // explain says the same of each record.
    let path = dir.path().join("docs.json");
    for (id, said) in [
        (
            "L02",
            // By their labels, as the table names them.
            "missing documents: interest receipts, business licence copy, commitment letter",
        ),
        (
            "L12",
            "documents: not checked (the record does not say which it supplied)",
        ),
    ] {
        let out = Command::cargo_bin("fundpolicy")
            .unwrap()
            .args([
                "explain",
                "--year",
                "2020",
                "--programme",
                PROGRAMME,
                "--lang",
                "en",
                path.to_str().unwrap(),
                "--id",
                id,
            ])
            .assert()
            .success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(text.contains(said), "{id}: {text}");
    }
}

// ---------------------------------------------------------------- templates

#[test]
fn the_csv_template_heads_money_with_its_unit_and_a_filled_one_evaluates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .args([
            "template",
            "--year",
            "2020",
            "--programme",
            PROGRAMME,
            "--output",
            path.to_str().unwrap(),
        ])
        .assert()
        .success();
    let header = std::fs::read_to_string(&path).unwrap();
    let header = header.trim_start_matches('\u{feff}').trim_end();
    let heads: Vec<&str> = header.split(',').collect();
    assert!(heads.contains(&"2019年营业收入（万元）"), "{header}");
    assert!(
        heads.contains(&"2019年1-6月主营业务收入（万元）"),
        "{header}"
    );
    // The label already says its unit: not said twice.
    assert!(heads.contains(&"贷款.贷款本金（元）"), "{header}");
    // Filled with L02 in the template's order, it evaluates as L02 does.
    let plain = plain_l02(dir.path());
    let values: Vec<(String, &str)> = L02
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .chain(LOAN.iter().map(|(k, v)| (format!("loans.{k}"), *v)))
        .collect();
    let value_of = |head: &str| -> String {
        let id = head_id(head);
        values
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, v)| v.to_string())
            .unwrap_or_default()
    };
    let row: Vec<String> = heads.iter().map(|h| value_of(h)).collect();
    let filled = format!("{header}\n{}\n", row.join(","));
    let (doc, stderr) = evaluate(dir.path(), "filled.csv", filled.as_bytes(), &[]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let mut r = result(&doc, 0).clone();
    // The template has a documents column: left empty, no documents were supplied.
    assert_eq!(missing(&r), Json::from(ALL_DOCUMENTS.to_vec()));
    r["missing_documents"] = Json::Null;
    assert_eq!(r, plain);
}

/// The field id a template header of loan-interest names.
fn head_id(head: &str) -> String {
    let source = fundpolicy::policy::Source::Dir("policies".into());
    let policy = fundpolicy::policy::load(&source, 2020).unwrap_or_else(|_| panic!("2020 loads"));
    let p = policy.programme(PROGRAMME).unwrap();
    for f in &p.fields {
        if fundpolicy::records::columns::names(f, head).is_some() {
            return f.id.clone();
        }
        if let Some((list, item)) = head.split_once('.')
            && f.label.zh.as_deref() == Some(list)
        {
            for x in &f.items {
                if fundpolicy::records::columns::names(x, item).is_some() {
                    return format!("{}.{}", f.id, x.id);
                }
            }
        }
    }
    String::new()
}

#[test]
fn explain_warns_about_an_ignored_column_and_strict_shows_it_as_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.csv");
    std::fs::write(&path, csv(&["L02"], &[], &[("备注", "x")])).unwrap();
    let explain = |strict: bool| {
        let mut args = vec![
            "explain",
            "--year",
            "2020",
            "--programme",
            PROGRAMME,
            "--lang",
            "en",
            path.to_str().unwrap(),
            "--id",
            "L02",
        ];
        if strict {
            args.push("--strict");
        }
        let out = Command::cargo_bin("fundpolicy")
            .unwrap()
            .args(&args)
            .assert()
            .success();
        (
            String::from_utf8_lossy(&out.get_output().stdout).into_owned(),
            stderr_of(&out),
        )
    };
    let (text, stderr) = explain(false);
    assert!(text.contains("status: eligible"), "{text}");
    assert_eq!(
        count(&stderr, "warning[input::unknown_column]"),
        1,
        "{stderr}"
    );
    let (text, stderr) = explain(true);
    assert!(text.contains("status: invalid"), "{text}");
    assert!(text.contains("x.csv:2: 备注: unknown field"), "{text}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn the_results_workbook_shows_unchecked_documents_as_such() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let records = [
        json_record(
            "L02",
            &[("documents", Json::from(vec!["application_form"]))],
        ),
        json_record("L12", &[]),
    ];
    let input = dir.path().join("docs.json");
    std::fs::write(&input, serde_json::to_string(&records).unwrap()).unwrap();
    let output = dir.path().join("out.xlsx");
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            PROGRAMME,
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ])
        .assert()
        .success();
    let mut book: Xlsx<_> = calamine::open_workbook(&output).unwrap();
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    let row_of = |id: &str| -> Vec<String> {
        range
            .rows()
            .find(|r| r.iter().any(|d| *d == Data::String(id.into())))
            .unwrap()
            .iter()
            .map(|d| d.to_string())
            .collect()
    };
    assert!(
        row_of("L12").iter().any(|c| c == "未核对"),
        "{:?}",
        row_of("L12")
    );
    assert!(
        row_of("L02")
            .iter()
            .any(|c| c.contains("贷款合同") && c.contains("利息支付凭证")),
        "{:?}",
        row_of("L02")
    );
}

#[test]
fn a_csv_column_without_a_header_is_said_to_be_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv(&["L02"], &[], &[("", "x")]);
    let (doc, stderr) = evaluate(dir.path(), "nohead.csv", text.as_bytes(), &[]);
    assert!(
        stderr.contains("column Y has no header: its cells are ignored"),
        "{stderr}"
    );
    assert_eq!(result(&doc, 0)["status"], "eligible");
}

/// Thousands of unknown keys (a stranger's file) are one warning that names the first
/// twenty and counts the rest, and are read in time proportional to their number (a
/// list searched once a key made 200,000 columns take 42 s; not timed here).
#[test]
fn many_unknown_keys_are_named_twenty_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let extra: Vec<(String, Json)> = (0..5_000)
        .map(|i| (format!("extra{i}"), Json::String("x".into())))
        .collect();
    let extra: Vec<(&str, Json)> = extra.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let records = vec![json_record("L02", &extra)];
    let json = serde_json::to_string(&records).unwrap();
    let (doc, stderr) = evaluate(dir.path(), "many.json", json.as_bytes(), &[]);
    assert_eq!(result(&doc, 0)["status"], "eligible");
    assert_eq!(
        count(&stderr, "warning[input::unknown_column]"),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("`extra19` (1 record)"), "{stderr}");
    assert!(!stderr.contains("`extra20`"), "{stderr}");
    assert!(
        stderr.contains("(1 record), and 4980 more name no field"),
        "{stderr}"
    );
}

/// A supplied document is named by its id or its label (the outcome names a missing one by
/// its label, so that is what a reviewer types back); any other name makes the record
/// invalid, saying what may be given, instead of counting as nothing supplied.
#[test]
fn documents_are_named_by_id_or_label_and_an_unknown_one_is_an_error() {
    let text = std::fs::read_to_string("tests/data/gen-cloud-award-300.csv").unwrap();
    let mut lines = text.lines();
    let header = format!("{},documents", lines.next().unwrap());
    let rows: Vec<String> = lines
        .take(3)
        .zip([
            "application_form;business_license",
            "上云成效奖励资金申请表；营业执照复印件",
            "application_form;xyz",
        ])
        .map(|(row, docs)| format!("{row},{docs}"))
        .collect();
    let csv = format!("{header}\n{}\n", rows.join("\n"));
    let run = |lang: &str| {
        let out = Command::cargo_bin("fundpolicy")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "evaluate",
                "--year",
                "2020",
                "--programme",
                "cloud-award",
                "-",
            ])
            .args(["--input-format", "csv", "--format", "json", "--lang", lang])
            .write_stdin(csv.clone())
            .output()
            .unwrap();
        serde_json::from_slice::<Json>(&out.stdout).unwrap()
    };
    let doc = run("en");
    let missing = |n: usize| doc["results"][n]["missing_documents"].to_string();
    // By id and by label alike: the same two documents given.
    for n in 0..2 {
        assert!(missing(n).contains("cloud_contract"), "{}", missing(n));
        assert!(!missing(n).contains("application_form"), "{}", missing(n));
        assert!(!missing(n).contains("business_license"), "{}", missing(n));
    }
    let bad = &doc["results"][2];
    assert_eq!(bad["status"], "invalid", "{bad}");
    assert_eq!(bad["missing_documents"], Json::Null, "{bad}");
    let error = &bad["errors"][0];
    assert_eq!(error["code"], "input::unknown_document");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("`xyz` is no document of this programme"),
        "{message}"
    );
    assert!(
        message.contains("`business_license`（business licence copy）"),
        "{message}"
    );
    let zh = run("zh");
    let message = zh["results"][2]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("`business_license`（营业执照复印件）"),
        "{message}"
    );
}
