#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! What the reading side says follows the language asked for. A corpus of bad inputs (the
//! hostile and bad-cell cases of hostile.rs, hostile_reading.rs, columns.rs and
//! spreadsheets.rs: bad numbers and values, ragged and disagreeing rows, unknown and doubled
//! columns, broken encodings, JSON, workbooks and limits) is evaluated in both languages.
//! In Chinese no run of three English words is left (ids, codes, file names and values are
//! written in backticks or are not words); in English no Chinese is left outside values,
//! sheet names, units and the policy's own labels and value names.

use assert_cmd::Command;
use std::path::Path;

/// A programme with the kinds of fields the loan-interest policy lacks: bounds, enum values
/// with Chinese and English names, lists of values and of records.
const PROGRAMME: &str = "id: p\ntitle: {zh: 测试, en: test}\nfields:\n\
  - {id: id, type: text, required: true, label: {zh: 申报编号, en: application id}}\n\
  - {id: amount, type: money, unit: 万元, min: 0万元, max: 100万元, label: {zh: 申请金额, en: amount}}\n\
  - {id: staff, type: number, min: 1, label: {zh: 职工人数, en: staff}}\n\
  - {id: rate, type: percent, label: {zh: 利率, en: rate}}\n\
  - {id: kind, type: enum, label: {zh: 企业类型, en: kind}, values: [{id: growth, zh: 成长型企业, en: growth enterprise}, {id: innovative, zh: 创新型企业, en: innovative enterprise}]}\n\
  - {id: tags, type: list, of: enum, values: [{id: p, zh: 平台}, {id: q, zh: 服务}]}\n\
  - {id: sizes, type: list, of: number, label: {zh: 规模, en: sizes}}\n\
  - {id: code, type: credit_code, label: {zh: 统一社会信用代码, en: credit code}}\n\
  - {id: when, type: date}\n\
  - {id: items, type: list, label: {zh: 明细, en: items}, fields: [{id: a, type: number, label: {zh: 数量, en: count}}, {id: b, type: text}]}\n\
eligibility:\n  - id: ok\n    when: true\n    cite: 一\n    message: {zh: 符合, en: fits}\n";

fn policies(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("policies");
    let year = root.join("2020");
    std::fs::create_dir_all(&year).unwrap();
    std::fs::write(
        year.join("policy.yaml"),
        "year: 2020\ntitle: {zh: 测试, en: test}\nstatus: draft\nprogrammes: [p.yaml]\n",
    )
    .unwrap();
    std::fs::write(year.join("p.yaml"), PROGRAMME).unwrap();
    root
}

/// One bad input: its file name and bytes, the programme it is read for (`p` or
/// loan-interest from the built-in policies), environment and extra arguments.
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    programme: &'static str,
    env: Vec<(&'static str, &'static str)>,
    extra: Vec<&'static str>,
}

fn case(name: &'static str, bytes: impl Into<Vec<u8>>, programme: &'static str) -> Case {
    Case {
        name,
        bytes: bytes.into(),
        programme,
        env: Vec::new(),
        extra: Vec::new(),
    }
}

fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if text.starts_with('=') {
                    sheet
                        .write_formula(
                            r as u32,
                            c as u16,
                            rust_xlsxwriter::Formula::new(*text).set_result("#DIV/0!"),
                        )
                        .unwrap();
                } else if !text.is_empty() {
                    sheet.write_string(r as u32, c as u16, *text).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn corpus() -> Vec<Case> {
    let mut late = b"id,name,revenue_2019\n".to_vec();
    let mut n = 0;
    while late.len() < 70_000 {
        n += 1;
        late.extend_from_slice(format!("A{n},公司{n},100\n").as_bytes());
    }
    late.extend_from_slice(b"BAD,\xff\xfe,100\n");
    // GBK, larger than the input limit set for it.
    let mut gbk = b"id,name\n".to_vec();
    while gbk.len() < 80_000 {
        gbk.extend_from_slice(b"A,\xc9\xea\xb1\xa8\n");
    }
    let mut cases = vec![
        case(
            "numbers.csv",
            "id,revenue_2019\nA,\"1,5\"\nD,1.00000000000000000000000000001\nE,1e30\n\
             F,0.00000000000000000000000000001\nG,abc\nH,12345678901234567890123456789012345678901234567890123456789012345\n",
            "loan-interest",
        ),
        case(
            "values.csv",
            "id,amount,staff,rate,kind,tags,code,when,items.a\n\
             A,200,0,x%,growht,平台;平台,91350100M000100Y44,2020-02-30,one\n\
             B,-1,,,nothing,p;p,,,\n\
             C,abc,,,成长,平台;p,,,\n",
            "p",
        ),
        case(
            "scientific.csv",
            "id,amount,staff,rate,sizes\nA,1.2E+01,,,\nB,,1.23457E+11,,\nC,,,1.5e1%,\nD,,,,1;2.5E+3\n",
            "p",
        ),
        case(
            "values.yaml",
            "- {id: A, items: [1, 2], tags: [{x: 1}]}\n- {id: B, items: text}\n- {id: C, amont: 5, amount: 5, 申请金额: 6}\n- [1]\n- {amount: 1}\n",
            "p",
        ),
        case(
            "ragged.csv",
            "id,name,revenue_2019\nA,x\nB,y,1,2\n",
            "loan-interest",
        ),
        case(
            "apart.csv",
            "id,name,loans.principal\nA,甲,100\nB,乙,100\nA,甲,200\n",
            "loan-interest",
        ),
        case(
            "disagree.csv",
            "id,name,loans.principal\nA,甲,100\nA,乙,200\n",
            "loan-interest",
        ),
        case(
            "columns.csv",
            "id,2019营业收入,,2019年1-6月主营业务收入（元）,申报编码\nA,1,x,4000000,\n",
            "loan-interest",
        ),
        case("repeated.csv", "id,id\nA,B\n", "loan-interest"),
        case(
            "rates.csv",
            "id,name,loans.principal,loans.rate\nA,甲,100,0.0435\n",
            "loan-interest",
        ),
        case("empty.csv", "", "loan-interest"),
        case(
            "twice.csv",
            "id,revenue_2019,2019年营业收入\nA,1,2\n",
            "loan-interest",
        ),
        case("late.csv", late, "loan-interest"),
        case(
            "bad.yaml",
            &b"- {id: A, revenue_2019: \xff\xfe}\n"[..],
            "loan-interest",
        ),
        case("bad.json", "[{\"id\": \"A\",]", "loan-interest"),
        case("trailing.json", "[{\"id\": \"A\"}] x", "loan-interest"),
        case(
            "apps.jsonl",
            "{\"id\": \"A\"}\n{\"id\": \n{\"id\": \"C\", \"id\": \"D\"}\n",
            "loan-interest",
        ),
        case(
            "cells.xlsx",
            workbook(&[(
                "申报表",
                &[
                    &["申报编号", "2019年营业收入", "企业规模", "营业收入"],
                    &["A", "1,5", "巨型", "1"],
                    &["B", "=1/0", "", ""],
                ],
            )]),
            "loan-interest",
        ),
        case(
            "two.xlsx",
            workbook(&[(
                "申报表",
                &[
                    &["申报编号", "revenue_2019", "2019年营业收入"],
                    &["A", "1", "2"],
                ],
            )]),
            "loan-interest",
        ),
        case(
            "orphans.xlsx",
            workbook(&[
                ("申报表", &[&["申报编号", "企业名称"], &["A", "甲"]]),
                (
                    "贷款",
                    &[
                        &["申报编号", "贷款银行"],
                        &["X", "工行"],
                        &["Y", "建行"],
                        &["A", "农行"],
                    ],
                ),
            ]),
            "loan-interest",
        ),
        case(
            "plain.xlsx",
            workbook(&[("表", &[&["名称"], &["某公司"]])]),
            "loan-interest",
        ),
        case("notzip.xlsx", "not a zip", "loan-interest"),
        case(
            "cut.xlsx",
            &b"PK\x03\x04\x14\x00 cut short"[..],
            "loan-interest",
        ),
        case(
            "old.xlsx",
            &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old"[..],
            "loan-interest",
        ),
        case("apps.txt", "id,name\nA,x\n", "loan-interest"),
    ];
    let mut with = |mut c: Case, env: &[(&'static str, &'static str)], extra: &[&'static str]| {
        c.env = env.to_vec();
        c.extra = extra.to_vec();
        cases.push(c);
    };
    with(
        case("strict.csv", "id,2019营业收入\nA,1\n", "loan-interest"),
        &[],
        &["--strict"],
    );
    with(
        case(
            "strict.yaml",
            "- {id: A, revnue_2019: 1}\n",
            "loan-interest",
        ),
        &[],
        &["--strict"],
    );
    with(
        case("gbk.csv", gbk, "loan-interest"),
        &[("FUNDPOLICY_MAX_INPUT_BYTES", "64KiB")],
        &[],
    );
    with(
        case(
            "long.csv",
            format!("id,name\nA,{}\n", "x".repeat(1_200_000)),
            "loan-interest",
        ),
        &[("FUNDPOLICY_MAX_ROW_BYTES", "16KiB")],
        &[],
    );
    with(
        case("big.yaml", "- {id: A}\n".repeat(2000), "loan-interest"),
        &[("FUNDPOLICY_MAX_INPUT_BYTES", "4KiB")],
        &[],
    );
    with(
        case("limit.yaml", "- {id: A}\n", "loan-interest"),
        &[("FUNDPOLICY_MAX_INPUT_BYTES", "lots")],
        &[],
    );
    with(
        case(
            "many.xlsx",
            workbook(&[(
                "申报表",
                &[&["申报编号", "企业名称"], &["A", "甲"], &["B", "乙"]],
            )]),
            "loan-interest",
        ),
        &[("FUNDPOLICY_MAX_CELLS", "3")],
        &[],
    );
    with(
        case(
            "unzip.xlsx",
            workbook(&[("申报表", &[&["申报编号"], &["A"]])]),
            "loan-interest",
        ),
        &[("FUNDPOLICY_MAX_UNZIPPED_BYTES", "1KiB")],
        &[],
    );
    with(
        case("apps.txt", "id,name\nA,x\n", "loan-interest"),
        &[],
        &["--input-format", "json"],
    );
    cases
}

/// What a user reads of one run: standard error, and the results' `input::` errors and the
/// warnings in the JSON report (other areas' messages are checked by their own tests).
fn said(case: &Case, dir: &Path, lang: &str) -> Vec<String> {
    let path = dir.join(case.name);
    std::fs::write(&path, &case.bytes).unwrap();
    let mut cmd = Command::cargo_bin("fundpolicy").unwrap();
    cmd.args(["--lang", lang]);
    if case.programme == "p" {
        cmd.arg("--policies").arg(policies(dir));
    }
    cmd.args(["evaluate", "--year", "2020", "--programme", case.programme])
        .args(["--format", "json"])
        .args(&case.extra)
        .arg(&path)
        .timeout(std::time::Duration::from_secs(60));
    for (k, v) in &case.env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let mut texts = vec![String::from_utf8_lossy(&out.stderr).to_string()];
    if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(&out.stdout) {
        for r in doc["results"].as_array().into_iter().flatten() {
            for e in r["errors"].as_array().into_iter().flatten() {
                if e["code"].as_str().is_some_and(|c| c.starts_with("input::")) {
                    texts.push(e["message"].as_str().unwrap_or("").to_string());
                }
            }
        }
        for w in doc["warnings"].as_array().into_iter().flatten() {
            texts.push(w["message"].as_str().unwrap_or("").to_string());
            texts.push(w["help"].as_str().unwrap_or("").to_string());
        }
    }
    // Standard input's format is said on standard error.
    if case.name == "apps.txt" && case.extra.is_empty() {
        let mut cmd = Command::cargo_bin("fundpolicy").unwrap();
        let out = cmd
            .args(["--lang", lang])
            .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
            .args(["--format", "json", "-"])
            .write_stdin(case.bytes.clone())
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        texts.push(String::from_utf8_lossy(&out.stderr).to_string());
    }
    texts
}

/// `text` without what is quoted in backticks (values, ids, what to type).
fn unquoted(text: &str) -> String {
    text.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

/// The first run of three English words in `text`: words of letters only, next to each
/// other with nothing but spaces and ASCII punctuation between (a path, a code, an
/// environment variable or a number is not a word).
fn english_run(text: &str) -> Option<String> {
    for segment in unquoted(text).split(|c: char| !c.is_ascii()) {
        let mut run: Vec<&str> = Vec::new();
        for token in segment.split_whitespace() {
            let word = token.trim_matches(|c: char| ",.;:()[]!?\"'".contains(c));
            if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic()) {
                run.push(word);
                if run.len() >= 3 {
                    return Some(run.join(" "));
                }
            } else {
                run.clear();
            }
        }
    }
    None
}

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// The Chinese left in `text` once values (in backticks), sheet references (`申报表!B2`),
/// units and the policies' own words (labels, value names, sheet names) are taken out.
fn chinese_left(text: &str, data: &[String]) -> Option<String> {
    let mut rest = unquoted(text);
    for word in data {
        rest = rest.replace(word.as_str(), " ");
    }
    rest.split_whitespace()
        .filter(|t| !t.contains('!'))
        .find(|t| t.chars().any(is_chinese))
        .map(str::to_string)
}

/// The words of the policies the corpus reads: labels and value names of every field, the
/// sheet names and cell contents of the workbooks, and money units.
fn policy_words() -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let files = [
        std::fs::read_to_string("policies/2020/common.yaml").unwrap_or_default(),
        std::fs::read_to_string("policies/2020/loan-interest.yaml").unwrap_or_default(),
        PROGRAMME.to_string(),
    ];
    for text in &files {
        for piece in text.split(|c: char| ",{}[]:\n".contains(c)) {
            let piece = piece.trim();
            if piece.chars().any(is_chinese) {
                words.push(piece.to_string());
            }
        }
    }
    for w in [
        "申报表",
        "贷款",
        "表",
        "亿元",
        "万元",
        "元",
        "甲",
        "乙",
        "工行",
        "建行",
        "农行",
    ] {
        words.push(w.to_string());
    }
    // Longest first, so a label is taken out before a shorter word inside it.
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words
}

#[test]
fn bad_inputs_are_told_in_chinese_and_in_english() {
    let data = policy_words();
    let mut problems = Vec::new();
    for case in corpus() {
        let dir = tempfile::tempdir().unwrap();
        for text in said(&case, dir.path(), "zh") {
            let text = text.replace(&dir.path().display().to_string(), "");
            // Shown with `--nocapture`, for reading.
            println!("zh {}: {text}", case.name);
            for line in text.lines() {
                if let Some(run) = english_run(line) {
                    problems.push(format!("zh {}: `{run}` in: {line}", case.name));
                }
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let mut english = 0;
        for text in said(&case, dir.path(), "en") {
            let text = text.replace(&dir.path().display().to_string(), "");
            println!("en {}: {text}", case.name);
            for line in text.lines() {
                english += usize::from(english_run(line).is_some());
                if let Some(word) = chinese_left(line, &data) {
                    problems.push(format!("en {}: `{word}` in: {line}", case.name));
                }
            }
        }
        // Each case says something, so the Chinese run is not passing by saying nothing.
        if english == 0 {
            problems.push(format!("{}: nothing was said in English", case.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checks_catch_what_they_are_for() {
    assert_eq!(
        english_run("`x` is not a number").as_deref(),
        Some("is not a")
    );
    assert_eq!(english_run("`is not a number` 不是数字"), None);
    assert_eq!(
        english_run("help: 请改正 CSV：加 --strict 时 FUNDPOLICY_MAX_CELLS=80"),
        None
    );
    let data = policy_words();
    assert_eq!(
        chinese_left("`火星区` is not one of 可选值", &data).as_deref(),
        Some("可选值")
    );
    assert_eq!(
        chinese_left(
            "申报表!B2: field 2019年营业收入 (`revenue_2019`) is in 万元",
            &data
        ),
        None
    );
}

/// Every numeric kind refuses a CSV number in scientific notation, each item of a list too,
/// saying in the user's language what it would have been taken for.
#[test]
fn scientific_notation_is_refused_in_every_numeric_kind() {
    let dir = tempfile::tempdir().unwrap();
    let csv = case(
        "scientific.csv",
        "id,amount,staff,rate,sizes\nA,1.2E+01,,,\nB,,1.23457E+11,,\nC,,,1.5e1%,\nD,,,,1;2.5E+3\nE,12,5,15%,1;2500\n",
        "p",
    );
    let zh = said(&csv, dir.path(), "zh");
    let en = said(&csv, dir.path(), "en");
    let taken: Vec<&str> = en
        .iter()
        .filter_map(|m| m.split_once("so it is not taken as ")?.1.split_once('.'))
        .map(|(read, _)| read)
        .collect();
    assert_eq!(taken, ["12", "123457000000", "15%", "2500"], "{en:?}");
    assert_eq!(
        zh.iter().filter(|m| m.contains("是科学计数法")).count(),
        4,
        "{zh:?}"
    );
}

/// The bounds of a field hold exactly, zero bounds (most of them: amounts and counts are not
/// negative) as much as others: a negative zero is zero, the smallest step past a bound is
/// out of range, the bound itself is in.
#[test]
fn bounds_hold_to_the_last_place_at_zero_and_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let source = fundpolicy::policy::Source::Dir(policies(dir.path()));
    let policy = fundpolicy::policy::load(&source, 2020).unwrap_or_else(|_| panic!("loads"));
    let programme = policy.programme("p").unwrap();
    // amount: 0万元 to 100万元; staff: at least 1; rate: a percent, not negative.
    let cases = [
        ("amount", "0", true),
        ("amount", "-0", true),
        ("amount", "-0.00", true),
        ("amount", "0.000001", true),
        ("amount", "-0.000001", false),
        ("amount", "-1", false),
        ("amount", "100", true),
        ("amount", "100.000000", true),
        ("amount", "100.000001", false),
        ("staff", "1", true),
        ("staff", "1.00", true),
        ("staff", "0.99", false),
        ("staff", "0", false),
        ("rate", "0%", true),
        ("rate", "-0%", true),
        ("rate", "-0.01%", false),
    ];
    for (field, text, fits) in cases {
        let csv = format!("id,{field}\nA,{text}\n");
        let records: Vec<_> = fundpolicy::records::csv::CsvRecords::new(programme, csv.as_bytes())
            .unwrap_or_else(|_| panic!("header"))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|_| panic!("rows"));
        let codes: Vec<String> = records[0]
            .errors
            .iter()
            .map(|e| e.code.to_string())
            .collect();
        let out_of_range = codes.iter().any(|c| c == "input::range");
        assert_eq!(out_of_range, !fits, "{field} = {text}: {codes:?}");
        assert!(
            codes.iter().all(|c| c == "input::range"),
            "{field} = {text}: {codes:?}"
        );
    }
}
