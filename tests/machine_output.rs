#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Machine-readable output: each record error's place (`location`) in every input format,
//! the place shown in the table and CSV, `warnings` in evaluate's JSON, and `check`, `test`
//! and `explain` as JSON (and JUnit XML), each parsed and its contents asserted.

use assert_cmd::Command;
use serde_json::Value as Json;
use std::path::Path;

fn fundpolicy() -> Command {
    Command::cargo_bin("fundpolicy").unwrap()
}

/// `evaluate` of loan-interest 2020 on `name` (written into a temporary folder and given by
/// its bare name, so the places name it so), in `format`.
fn evaluate_in(name: &str, bytes: &[u8], format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let out = fundpolicy()
        .current_dir(dir.path())
        .arg("--policies")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"))
        .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
        .args(["--format", format, "--lang", "en", name])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn evaluate_json(name: &str, bytes: &[u8]) -> Json {
    serde_json::from_str(&evaluate_in(name, bytes, "json")).unwrap()
}

/// The error of record `id` on `field` with `code`.
fn error<'a>(doc: &'a Json, id: &str, field: &str, code: &str) -> &'a Json {
    let result = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no record {id}: {doc:#}"));
    result["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == field && e["code"] == code)
        .unwrap_or_else(|| panic!("no {code} on {field} of {id}: {result:#}"))
}

#[test]
fn csv_errors_are_at_their_line_in_json_csv_and_the_table() {
    let csv = "id,company_size,revenue_2019\nA,small,100\nB,small,三千万\nC,small,1,2\n";
    let doc = evaluate_json("apps.csv", csv.as_bytes());
    let e = error(&doc, "B", "revenue_2019", "input::type");
    // The old keys stay; the place is data beside the message, not inside it.
    assert_eq!(
        e["location"],
        serde_json::json!({"file": "apps.csv", "line": 3})
    );
    assert!(!e["message"].as_str().unwrap().contains("line"), "{e}");
    let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["code", "field", "message", "location"]);
    // A ragged row is about the row: no field, its line.
    let e = error(&doc, "C", "", "input::ragged_row");
    assert_eq!(
        e["location"],
        serde_json::json!({"file": "apps.csv", "line": 4})
    );
    // A value the rules need but the record lacks is found while evaluating: its line.
    let e = error(&doc, "A", "registered_in_chongqing", "eval::missing_value");
    assert_eq!(e["location"]["line"], 2);

    // The CSV report's errors column starts each error with its place.
    let out = evaluate_in("apps.csv", csv.as_bytes(), "csv");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = headers.iter().position(|h| h == "errors").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let b = rows.iter().find(|r| &r[0] == "B").unwrap();
    assert!(
        b[column]
            .split("; ")
            .any(|e| e.starts_with("apps.csv:3: revenue_2019: `三千万`")),
        "{}",
        &b[column]
    );
    // The table's notes do too, naming the field by its label first.
    let table = evaluate_in("apps.csv", csv.as_bytes(), "table");
    let line = table.lines().find(|l| l.starts_with("B ")).unwrap();
    assert!(
        line.contains("apps.csv:3: 2019 revenue (revenue_2019): `三千万`"),
        "{table}"
    );
}

#[test]
fn an_error_found_after_reading_is_at_its_records_line() {
    // The second application of one credit code is found by the batch, not the reader.
    let csv = "id,credit_code\nA,91500106MA5U000045\nB,91500106MA5U000045\n";
    let doc = evaluate_json("apps.csv", csv.as_bytes());
    let e = error(&doc, "B", "credit_code", "input::unique");
    assert_eq!(
        e["location"],
        serde_json::json!({"file": "apps.csv", "line": 3})
    );
}

#[test]
fn json_lines_errors_are_at_their_line() {
    let text = "{\"id\": \"A\", \"company_size\": \"small\"}\n\n{\"id\": \"B\", \"revenue_2019\": \"三千万\"}\n{\"id\": \"C\",\n";
    let doc = evaluate_json("apps.jsonl", text.as_bytes());
    let e = error(&doc, "B", "revenue_2019", "input::type");
    assert_eq!(
        e["location"],
        serde_json::json!({"file": "apps.jsonl", "line": 3})
    );
    // A line that is not JSON is its own invalid record, at its line.
    let e = error(&doc, "", "", "input::unreadable_record");
    assert_eq!(
        e["location"],
        serde_json::json!({"file": "apps.jsonl", "line": 4})
    );
    let e = error(&doc, "A", "registered_in_chongqing", "eval::missing_value");
    assert_eq!(e["location"]["line"], 1);
}

#[test]
fn yaml_errors_are_at_the_line_of_their_key() {
    let yaml = "\
- id: A
  company_size: small
  2019年营业收入: 三千万
  loans:
    - {bank: x, principal: 1000}
    - bank: y
      principal: 一百万
- id: B
  company_size: huge
- id: C
  company_size: small
";
    let doc = evaluate_json("apps.yaml", yaml.as_bytes());
    // Found under its label.
    let e = error(&doc, "A", "2019年营业收入", "input::type");
    assert_eq!(
        e["location"],
        serde_json::json!({"file": "apps.yaml", "line": 3})
    );
    // Inside the second loan.
    let e = error(&doc, "A", "loans[2].principal", "input::type");
    assert_eq!(e["location"]["line"], 7);
    let e = error(&doc, "B", "company_size", "input::enum");
    assert_eq!(e["location"]["line"], 9);
    // A value the rules need but the record lacks is at the record's first line.
    let e = error(&doc, "C", "registered_in_chongqing", "eval::missing_value");
    assert_eq!(e["location"]["line"], 10);
}

#[test]
fn json_errors_are_at_their_records_line() {
    let json = "[\n  {\"id\": \"A\", \"company_size\": \"small\"},\n  {\n    \"id\": \"B\",\n    \"revenue_2019\": \"三千万\"\n  }\n]\n";
    let doc = evaluate_json("apps.json", json.as_bytes());
    let e = error(&doc, "A", "registered_in_chongqing", "eval::missing_value");
    assert_eq!(
        e["location"],
        serde_json::json!({"file": "apps.json", "line": 2})
    );
    let e = error(&doc, "B", "revenue_2019", "input::type");
    assert_eq!(e["location"]["line"], 3);
}

#[test]
fn workbook_errors_are_at_their_sheet_and_cell() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("申报表").unwrap();
    for (r, row) in [
        ["申报编号", "企业规模", "2019年营业收入"],
        ["A", "small", "100"],
        ["B", "small", "三千万"],
    ]
    .iter()
    .enumerate()
    {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let doc = evaluate_json("apps.xlsx", &bytes);
    let e = error(&doc, "B", "revenue_2019", "input::type");
    assert_eq!(
        e["location"],
        serde_json::json!({"file": "apps.xlsx", "sheet": "申报表", "cell": "C3"})
    );
    // An error about a value the record lacks is at its id's cell.
    let e = error(&doc, "A", "registered_in_chongqing", "eval::missing_value");
    assert_eq!(
        e["location"],
        serde_json::json!({"file": "apps.xlsx", "sheet": "申报表", "cell": "A2"})
    );
}

#[test]
fn evaluate_json_has_warnings_even_when_there_are_none() {
    let doc = evaluate_json("apps.csv", "id,company_size\nA,small\n".as_bytes());
    assert_eq!(doc["warnings"], serde_json::json!([]));
}

fn run_json(args: &[&str], code: i32) -> Json {
    let out = fundpolicy().args(args).assert().code(code);
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// A copy of the policies folder in which `edit` changed one file.
fn policies_with(file: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(Path::new("policies"), dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    dir
}

#[test]
fn check_json_gives_each_years_policy_programmes_and_problems() {
    let doc = run_json(&["check", "--year", "2020", "--format", "json"], 0);
    let year = &doc["years"][0];
    assert_eq!(year["year"], 2020);
    assert!(
        year["policy"]["digest"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    let cloud = year["programmes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "cloud-award")
        .unwrap();
    assert_eq!(cloud["proven_max_score"], "100");
    let loans = year["programmes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "loan-interest")
        .unwrap();
    assert_eq!(loans["proven_max_award"], "300000.00");
    assert_eq!(doc["summary"]["errors"], 0);

    // An unknown name in a rule: an error with its code, help and place (line, column).
    let dir = policies_with("2020/loan-interest.yaml", |t| {
        t.replace("    when: kept_staff\n", "    when: kept_staf\n")
    });
    let policies = dir.path().to_str().unwrap();
    let doc = run_json(
        &[
            "--policies",
            policies,
            "check",
            "--year",
            "2020",
            "--format",
            "json",
        ],
        1,
    );
    let year = &doc["years"][0];
    assert_eq!(year["ok"], false);
    assert!(year["policy"].is_null());
    let e = &year["errors"][0];
    assert_eq!(e["severity"], "error");
    assert!(e["code"].as_str().unwrap().contains("unknown"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("kept_staf"), "{e}");
    assert!(e["help"].as_str().unwrap().contains("kept_staff"), "{e}");
    assert!(
        e["location"]["file"]
            .as_str()
            .unwrap()
            .ends_with("loan-interest.yaml")
    );
    assert_eq!(e["location"]["line"], line_of("    when: kept_staff\n"));
    assert_eq!(e["location"]["column"], 11);
    assert!(doc["summary"]["errors"].as_u64().unwrap() >= 1);
}

#[test]
fn check_json_gives_warnings_with_their_severity_and_place() {
    let dir = policies_with("2020/loan-interest.yaml", |t| {
        t.replace(
            "en: must keep staff (no or few layoffs)}",
            "en: \"must keep staff, cite: 10号\"}",
        )
    });
    let policies = dir.path().to_str().unwrap();
    // A warning does not fail the check.
    let doc = run_json(
        &[
            "--policies",
            policies,
            "check",
            "--year",
            "2020",
            "--format",
            "json",
        ],
        0,
    );
    let year = &doc["years"][0];
    assert_eq!(year["ok"], true);
    let w = &year["warnings"][0];
    assert_eq!(w["code"], "lint::key_in_text");
    assert_eq!(w["severity"], "warning");
    assert!(w["help"].is_string(), "{w}");
    assert_eq!(
        w["location"]["line"],
        line_of("en: must keep staff (no or few layoffs)}")
    );
    assert!(w["location"]["column"].as_u64().unwrap() > 1);
    assert_eq!(doc["summary"]["warnings"], 1);
}

#[test]
fn test_json_lists_every_case_with_its_outcome() {
    let doc = run_json(&["test", "--year", "2020", "--format", "json"], 0);
    let cases = doc["years"][0]["cases"].as_array().unwrap();
    assert!(cases.len() > 50);
    assert!(cases.iter().all(|c| c["passed"] == true));
    assert_eq!(doc["summary"]["passed"], cases.len());
    assert_eq!(doc["summary"]["failed"], 0);
    assert!(doc["years"][0]["policy"]["digest"].is_string());
}

/// A policies folder whose loan-interest test expects a wrong award; the failing case's
/// name holds markup and an escape character (the XML must stay well-formed).
fn failing_case() -> tempfile::TempDir {
    policies_with("2020/tests/loan-interest.yaml", |t| {
        t.replacen(
            "expect: {status: eligible, award: 8530.56}",
            "expect: {status: eligible, award: 8530.57}",
            1,
        )
        .replacen(
            "- name: a loan over the whole period gets 50% of LPR for 148 days",
            "- name: \"<b>a & 'b'\\e</b>\"",
            1,
        )
    })
}

#[test]
fn test_json_reports_a_failing_case_with_its_place() {
    let dir = failing_case();
    let policies = dir.path().to_str().unwrap();
    let doc = run_json(
        &[
            "--policies",
            policies,
            "test",
            "--year",
            "2020",
            "--format",
            "json",
        ],
        1,
    );
    let failed: Vec<&Json> = doc["years"][0]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .collect();
    assert_eq!(failed.len(), 1);
    // The case begins at its `- name:` line.
    assert_eq!(failed[0]["line"], 12);
    assert!(
        failed[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("tests/loan-interest.yaml")
    );
    let failure = failed[0]["failures"][0].as_str().unwrap();
    assert!(
        failure.contains("8530.57") && failure.contains("8530.56"),
        "{failure}"
    );
    assert_eq!(doc["summary"]["failed"], 1);
}

/// The JUnit XML parsed: (suite name, tests, failures) per suite, and each testcase's
/// (suite, name, failure message).
type Junit = (
    Vec<(String, usize, usize)>,
    Vec<(String, String, Option<String>)>,
);

fn parse_junit(xml: &str) -> Junit {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut suites, mut cases) = (Vec::new(), Vec::new());
    let mut suite = String::new();
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.attributes()
            .map(Result::unwrap)
            .find(|a| a.key.as_ref() == name)
            .map(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .unwrap()
                    .to_string()
            })
    };
    let mut depth = 0i32;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) => {
                depth += 1;
                match e.name().as_ref() {
                    "testsuite" => {
                        suite = attr(&e, "name").unwrap();
                        suites.push((
                            suite.clone(),
                            attr(&e, "tests").unwrap().parse().unwrap(),
                            attr(&e, "failures").unwrap().parse().unwrap(),
                        ));
                    }
                    "testcase" => cases.push((suite.clone(), attr(&e, "name").unwrap(), None)),
                    "failure" => {
                        let last: &mut (String, String, Option<String>) = cases.last_mut().unwrap();
                        last.2 = attr(&e, "message");
                    }
                    _ => {}
                }
            }
            Event::Empty(e) if e.name().as_ref() == "testcase" => {
                cases.push((suite.clone(), attr(&e, "name").unwrap(), None));
            }
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every element is closed");
    (suites, cases)
}

#[test]
fn test_junit_is_well_formed_xml_with_a_suite_per_file() {
    let out = fundpolicy()
        .args(["test", "--year", "2020", "--format", "junit"])
        .assert()
        .success();
    let xml = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let (suites, cases) = parse_junit(&xml);
    assert_eq!(suites.len(), 3, "{suites:?}");
    for (name, tests, failures) in &suites {
        assert!(name.starts_with("policies/2020/tests/"), "{name}");
        assert_eq!(*tests, cases.iter().filter(|c| c.0 == *name).count());
        assert_eq!(*failures, 0);
    }
    assert!(cases.iter().all(|c| c.2.is_none()));

    let dir = failing_case();
    let out = fundpolicy()
        .arg("--policies")
        .arg(dir.path())
        .args(["test", "--year", "2020", "--format", "junit"])
        .assert()
        .code(1);
    let xml = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let (suites, cases) = parse_junit(&xml);
    let failed: Vec<_> = cases.iter().filter(|c| c.2.is_some()).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].1, "<b>a & 'b'\\u{1b}</b>");
    assert!(failed[0].0.ends_with("tests/loan-interest.yaml"));
    assert!(
        failed[0].2.as_deref().unwrap().contains("8530.57"),
        "{failed:?}"
    );
    let loans = suites
        .iter()
        .find(|s| s.0.ends_with("loan-interest.yaml"))
        .unwrap();
    assert_eq!(loans.2, 1);
}

#[test]
fn explain_json_gives_every_value_with_its_formula_inputs_and_result() {
    let doc = run_json(
        &[
            "--lang",
            "en",
            "explain",
            "--year",
            "2020",
            "--programme",
            "loan-interest",
            "policies/2020/examples/loan-interest.yaml",
            "--id",
            "L07",
            "--format",
            "json",
        ],
        0,
    );
    assert_eq!(doc["id"], "L07");
    assert_eq!(doc["status"], "eligible");
    assert_eq!(doc["policy"]["programme"], "loan-interest");
    assert!(
        doc["policy"]["digest"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert_eq!(doc["fields"]["revenue_2019"], "6000000");
    let rule = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "kept_staff")
        .unwrap();
    assert_eq!(rule["outcome"], "held");
    assert_eq!(rule["formula"], "kept_staff");
    assert_eq!(rule["inputs"]["kept_staff"], true);
    // Every computed value: its formula, what it read, what it gave.
    for v in doc["values"].as_array().unwrap() {
        assert!(v["formula"].is_string(), "{v}");
        assert!(v["inputs"].is_object(), "{v}");
    }
    // 利息恰为1万元: the subsidy is the interest paid, 10000元.
    assert_eq!(doc["award"]["awarded"], true);
    assert_eq!(doc["award"]["amount"], "10000.00");
    assert_eq!(doc["award"]["amount_wan"], "1.00");
    assert!(doc["allocation"]["flags"].is_array());
}

/// The line of `policies/2020/loan-interest.yaml` holding `text` (which occurs once), so the
/// places asserted follow the file as it is edited.
fn line_of(text: &str) -> u64 {
    let file = std::fs::read_to_string("policies/2020/loan-interest.yaml").unwrap();
    assert_eq!(file.matches(text).count(), 1, "{text}");
    let at = file.find(text).unwrap();
    file[..at].matches('\n').count() as u64 + 1
}

/// A CSV saved with Windows line endings (as Excel and WPS save it) gives the same lines as
/// one with Unix endings: the csv crate counts a CRLF late, and every row was one line early.
/// The header's warnings are at line 1.
#[test]
fn crlf_csv_errors_are_at_their_own_line() {
    let dir = tempfile::tempdir().unwrap();
    for (name, end) in [("unix.csv", "\n"), ("windows.csv", "\r\n")] {
        let text = ["id,company_size,备注", "A1,huge,", "A2,small,", "A3,huge,"].join(end) + end;
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = assert_cmd::Command::cargo_bin("fundpolicy")
            .unwrap()
            .args(["evaluate", "--year", "2020", "--programme", "cloud-award"])
            .arg(&path)
            .args(["--format", "json"])
            .output()
            .unwrap();
        let doc: Json = serde_json::from_slice(&out.stdout).unwrap();
        for (id, line) in [("A1", 2), ("A3", 4)] {
            let e = error(&doc, id, "company_size", "input::enum");
            assert_eq!(e["location"]["line"], line, "{name} {id}: {e}");
        }
        assert_eq!(doc["warnings"][0]["code"], "input::unknown_column");
        assert_eq!(doc["warnings"][0]["location"]["line"], 1, "{name}");
    }
}
