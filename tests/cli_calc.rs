#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `fundpolicy calc` as a user runs it.

use assert_cmd::Command;

fn calc(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("calc")
        .args(args)
        .assert()
}

#[test]
fn prints_money_in_yuan_and_wan() {
    calc(&["min(1500万元 * 10%, 100万元)"])
        .success()
        .stdout("1000000元 (100万元)\n");
}

#[test]
fn unit_mismatch_labels_the_plain_number() {
    let out = calc(&["3亿元 >= 30000"]).code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("formula::unit_mismatch"), "{err}");
    assert!(err.contains("是不是要写 30000万元？"), "{err}");
    assert!(err.contains("╰── 数值，没有单位"), "{err}");
}

#[test]
fn sums_a_list_of_loans_from_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.yaml");
    std::fs::write(
        &path,
        "id: A1\nloans:\n  - principal: \"100万元\"\n  - principal: \"250万元\"\n",
    )
    .unwrap();
    calc(&[
        "sum(l in loans: l.principal) / 10000",
        "--record",
        path.to_str().unwrap(),
    ])
    .success()
    .stdout("350元 (0.035万元)\n");
}

/// `--help` says the record may be CSV: a header and one row is the record; more rows are
/// refused saying how many, not as "not a record".
#[test]
fn a_record_may_be_a_csv_of_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.csv");
    std::fs::write(&one, "revenue_2019,cloud_months\n5,12\n").unwrap();
    calc(&[
        "revenue_2019 * cloud_months",
        "--record",
        one.to_str().unwrap(),
    ])
    .success()
    .stdout("60\n");
    // What `calc` says, refused, of the record at `path` in `lang`.
    let refused = |path: &std::path::Path, lang: &str| {
        let record = path.to_str().unwrap();
        let out = calc(&["revenue_2019", "--record", record, "--lang", lang]).code(1);
        String::from_utf8_lossy(&out.get_output().stderr).to_string()
    };
    let two = dir.path().join("two.csv");
    std::fs::write(&two, "revenue_2019\n5\n6\n").unwrap();
    let err = refused(&two, "zh");
    assert!(err.contains("这里有 2 条记录，calc 只用一条"), "{err}");
    let err = refused(&two, "en");
    assert!(err.contains("2 records here, and calc takes one"), "{err}");
    // A ragged row is said in the words of the run, not the csv crate's.
    let ragged = dir.path().join("ragged.csv");
    std::fs::write(&ragged, "revenue_2019,a\n5\n").unwrap();
    let err = refused(&ragged, "zh");
    assert!(err.contains("第 2 行：这一行有 1 格"), "{err}");
    assert!(!err.contains("CSV error"), "{err}");
    // Lines end at a CR alone too ("CSV (Macintosh)"), and blank lines count.
    std::fs::write(&ragged, "revenue_2019,a\r\r5\r").unwrap();
    let err = refused(&ragged, "zh");
    assert!(err.contains("第 3 行：这一行有 1 格"), "{err}");
    // Text after a cell's closing quote is refused as when a batch reads it, not joined.
    let stray = dir.path().join("stray.csv");
    std::fs::write(&stray, "revenue_2019,a\r\"5\"0,x\r").unwrap();
    // Without the frame and the wrapping of the terminal.
    let flat = |err: String, sep: &str| {
        err.split_whitespace()
            .filter(|w| *w != "│")
            .collect::<Vec<_>>()
            .join(sep)
    };
    let err = flat(refused(&stray, "zh"), "");
    assert!(
        err.contains("第2行：`revenue_2019`列：这一格的右引号后面还有文字（合起来会读成`50`）"),
        "{err}"
    );
    // The header too: `"revenue"_2019` is not joined into a field's id.
    let header = dir.path().join("header.csv");
    std::fs::write(&header, "\"revenue\"_2019,a\n5,x\n").unwrap();
    let err = flat(refused(&header, "zh"), "");
    assert!(
        err.contains("无法读取表头：`revenue_2019`列：这一格的右引号后面还有文字"),
        "{err}"
    );
    // Blank rows, before the header or among the rows, are skipped as a batch skips them,
    // not counted as rows of the wrong length.
    let blank = dir.path().join("blank.csv");
    std::fs::write(&blank, " ,,\nrevenue_2019,a,b\n,,\n5,x,y\n  \n").unwrap();
    calc(&["revenue_2019", "--record", blank.to_str().unwrap()])
        .success()
        .stdout("5\n");
    let err = flat(refused(&stray, "en"), " ");
    assert!(
        err.contains(
            "line 2: column `revenue_2019`: text follows the closing quote of this cell \
             (joined, it would read `50`)"
        ),
        "{err}"
    );
}

#[test]
fn deep_nesting_and_division_by_zero_are_diagnostics() {
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let out = calc(&[&deep]).code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("formula::too_deep"));
    let out = calc(&["1 / 0"]).code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("eval::division_by_zero"));
}

#[test]
fn bad_command_line_use_exits_2() {
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("calc")
        .assert()
        .code(2);
}

#[test]
fn yes_and_no_in_the_language_of_the_run_and_amounts_in_a_list_once() {
    calc(&["1 > 0"]).success().stdout("是\n");
    calc(&["--lang", "en", "1 > 2"]).success().stdout("no\n");
    calc(&["--lang", "en", "1万元"])
        .success()
        .stdout("10,000.00 yuan\n");
    calc(&["[1万元, 2元]"])
        .success()
        .stdout("[1万元, 2.00元]\n");
}

#[test]
fn a_formula_error_names_the_formula_in_the_language_of_the_run() {
    let out = calc(&["1 +"]).failure();
    let text = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(text.contains("[公式:1:3]"), "{text}");
    let out = calc(&["--lang", "en", "1 +"]).failure();
    let text = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(text.contains("[formula:1:3]"), "{text}");
}

#[test]
fn a_record_read_for_a_programme_says_its_errors_as_the_table_does() {
    // At the file and line, the field by its label, in the words of the run.
    let sample = std::fs::read_to_string("tests/data/gen-cloud-award-300.csv").unwrap();
    let mut lines = sample.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap();
    let district = row.split(',').nth(1).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.csv");
    let bad = row.replacen(&format!(",{district},"), ",火星,", 1);
    std::fs::write(&path, format!("{header}\n{bad}\n")).unwrap();
    let record = path.to_str().unwrap();
    let said = |lang: &str| {
        let out = calc(&[
            "revenue_2019",
            "--record",
            record,
            "--year",
            "2020",
            "--programme",
            "cloud-award",
            "--lang",
            lang,
        ])
        .code(1);
        String::from_utf8_lossy(&out.get_output().stderr).to_string()
    };
    let zh = said("zh");
    assert!(
        zh.contains("one.csv:2：所属区县（district）：`火星` 不是可选值"),
        "{zh}"
    );
    let en = said("en");
    assert!(en.contains("one.csv:2: "), "{en}");
    assert!(
        en.contains("(district): `火星` is not an allowed value"),
        "{en}"
    );
}

/// A workbook as the record without a programme is refused for what it is (it was read as
/// text and said to be "not UTF-8, save it as UTF-8"), and the refusal says what to add.
#[test]
fn a_workbook_record_needs_a_programme_and_is_told_so() {
    let book = "policies/2020/examples/loan-interest.xlsx";
    for (lang, said, help) in [
        (
            "zh",
            "工作簿要按项目的字段读取",
            "请加上 --year 和 --programme",
        ),
        (
            "en",
            "a workbook is read by a programme's fields",
            "add --year and --programme",
        ),
    ] {
        let out = calc(&["revenue_2019", "--record", book, "--lang", lang]).code(1);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(err.contains(said) && err.contains(help), "{err}");
        assert!(!err.contains("UTF-8"), "{err}");
    }
}
