#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every code of `Code::ALL` is produced by a test: it appears (as its string, or as
//! `Code::Variant`) in a test or a snapshot under `tests/`, or is in `NOT_YET_PRODUCED` (a
//! ratchet: a code produced by a test must leave the list, a new code must come with its
//! test). The codes are unique `area::name` strings, `src/` writes none of them but in the
//! enum, and `docs/codes.md` lists exactly them (`FUNDPOLICY_UPDATE_CODES=1 cargo test --test
//! codes` rewrites it). The formula core's codes and the reading and writing failures no
//! other test reaches are produced here.

use fundpolicy::Lang;
use fundpolicy::api::{self, EvaluateOptions, Input, InputFormat, Policies};
use fundpolicy::diag::{Code, Problem, Span};
use fundpolicy::formula::ir::{Node, Op};
use fundpolicy::formula::{self, Binding, Env, Scope, Target};
use fundpolicy::value::{Type, Value};
use std::collections::BTreeSet;
use std::path::Path;

/// Codes no test produces.
const NOT_YET_PRODUCED: &[Code] = &[
    // Said only when a year fails to load with no other problem to say why. Every path
    // that fails today reports its reason (a manifest, file or year that cannot be read,
    // `extends` in a circle), so nothing from outside reaches it: it keeps a future path
    // that forgets its report from failing in silence.
    Code::PolicyUnusable,
    // The tokio runtime fails to start only when the system refuses it threads.
    Code::ServeRuntime,
];

/// The areas codes are in.
const AREAS: &[&str] = &[
    "yaml", "policy", "lint", "formula", "eval", "input", "output", "verify", "api", "template",
    "report", "serve",
];

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Whether `text` holds `word` not followed by more of a name (`policy::round` is not in
/// `policy::rounding`).
fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        !text[at + word.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The `area::name` words of `text` whose area is a code's.
fn code_like(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("::") {
        let area_start = text[..at]
            .rfind(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .map_or(0, |i| i + 1);
        let name_len = text[at + 2..]
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(text.len() - at - 2);
        let (area, name) = (&text[area_start..at], &text[at + 2..at + 2 + name_len]);
        // `a::b::c` is a path, not a code.
        let path =
            text[..area_start].ends_with("::") || text[at + 2 + name_len..].starts_with("::");
        if AREAS.contains(&area) && !name.is_empty() && !path {
            found.insert(format!("{area}::{name}"));
        }
    }
    found
}

#[test]
fn every_code_is_produced_by_a_test() {
    let mut paths = Vec::new();
    files(Path::new("tests"), &mut paths);
    let mut tests: String = paths
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "codes.rs"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    // The tests of this file, below the scope they share (not the list above).
    let this_file = std::fs::read_to_string("tests/codes.rs").unwrap();
    tests.push_str(this_file.rsplit("\nstruct Fields;").next().unwrap());
    let untested: BTreeSet<Code> = Code::ALL
        .iter()
        .copied()
        .filter(|c| !mentions(&tests, c.as_str()) && !mentions(&tests, &format!("Code::{c:?}")))
        .collect();
    let listed: BTreeSet<Code> = NOT_YET_PRODUCED.iter().copied().collect();
    let new: Vec<_> = untested.difference(&listed).collect();
    assert!(
        new.is_empty(),
        "codes without a test producing them: {new:?}"
    );
    let done: Vec<_> = listed.difference(&untested).collect();
    assert!(
        done.is_empty(),
        "tested now, take them off NOT_YET_PRODUCED: {done:?}"
    );
}

#[test]
fn codes_are_unique_area_name_strings() {
    assert!(Code::ALL.len() > 100, "{} codes", Code::ALL.len());
    let mut seen = BTreeSet::new();
    for code in Code::ALL {
        let text = code.as_str();
        assert!(seen.insert(text), "{text} twice");
        assert_eq!(
            code_like(text),
            BTreeSet::from([text.to_string()]),
            "{text}"
        );
        assert_eq!(code.to_string(), text);
        assert_eq!(serde_json::to_string(code).unwrap(), format!("\"{text}\""));
        // `Code::InputUnknownColumn` is `input::unknown_column`.
        let variant: String = text
            .split(['_', ':'])
            .filter(|w| !w.is_empty())
            .map(|w| w[..1].to_uppercase() + &w[1..])
            .collect();
        assert_eq!(format!("{code:?}"), variant);
        assert!(!code.description().is_empty(), "{text}");
    }
    let variants: BTreeSet<Code> = Code::ALL.iter().copied().collect();
    assert_eq!(variants.len(), Code::ALL.len());
}

/// No code is written as a string in `src/` but where the enum declares it: a producer
/// names its code by the enum, and nothing branches on a code's text.
#[test]
fn src_writes_codes_only_in_the_enum() {
    let mut paths = Vec::new();
    files(Path::new("src"), &mut paths);
    let mut written = Vec::new();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| !p.ends_with("diag/code.rs"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        for piece in text.split('"').skip(1).step_by(2) {
            if code_like(piece).contains(piece) {
                written.push(format!("{}: {piece}", path.display()));
            }
        }
    }
    assert!(written.is_empty(), "codes written as strings: {written:#?}");
}

/// `docs/codes.md`: a table of every code with when it is given, in the enum's order.
fn codes_page() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         Every error and warning fundpolicy gives carries one of these codes, in its text \
         output and as\n`code` in JSON (`check --format json`, `evaluate --format json`, the \
         web API). The message\ncatalogue keys a diagnostic's words by it (`policy::round` \
         → `policy-round`). The codes are\nstable: programs may match on them. \
         `tests/codes.rs` keeps this page equal to the program's list.\n",
    );
    let mut area = "";
    for code in Code::ALL {
        let (this, _) = code.as_str().split_once("::").unwrap();
        if this != area {
            area = this;
            out.push_str(&format!(
                "\n## `{area}`\n\n| code | given when |\n|---|---|\n"
            ));
        }
        out.push_str(&format!(
            "| `{}` | {} |\n",
            code.as_str(),
            code.description().replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn the_docs_list_exactly_the_codes() {
    let page = codes_page();
    let path = Path::new("docs/codes.md");
    if std::env::var_os("FUNDPOLICY_UPDATE_CODES").is_some_and(|v| v == "1") {
        std::fs::write(path, &page).unwrap();
    }
    let written = std::fs::read_to_string(path).unwrap_or_default();
    let differs = page
        .lines()
        .zip(written.lines())
        .find(|(want, got)| want != got);
    assert!(
        written == page,
        "docs/codes.md is out of date (FUNDPOLICY_UPDATE_CODES=1 cargo test --test codes \
         rewrites it); first difference (want, got): {differs:?}"
    );
    // The user guides name only codes there are (ARCHITECTURE.md names modules).
    let all: BTreeSet<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    for guide in ["README.md", "policies/README.md"] {
        let named = code_like(&std::fs::read_to_string(guide).unwrap());
        assert!(named.len() > 10, "{guide}: {named:?}");
        let unknown: Vec<_> = named.difference(&all).collect();
        assert!(
            unknown.is_empty(),
            "{guide} names codes there are not: {unknown:?}"
        );
    }
}

struct Fields;

impl Scope for Fields {
    fn resolve(&self, name: &str) -> Option<Binding> {
        let (i, ty) = match name {
            "n" => (0, Type::Number),
            "m" => (1, Type::Money),
            _ => return None,
        };
        Some(Binding::Value {
            ty,
            target: Target::Field(i),
        })
    }
    fn names(&self) -> Vec<String> {
        vec!["n".into(), "m".into()]
    }
}

#[test]
fn a_formula_of_the_wrong_type_is_formula_wrong_type() {
    let expr = formula::parse("n + 1").unwrap();
    let errors = formula::check_as(&expr, &Fields, &Type::Bool, "rule").unwrap_err();
    assert_eq!(errors[0].code().as_str(), "formula::wrong_type");
    assert_eq!(errors[0].labels()[0].0, Span { start: 0, end: 5 });
}

#[test]
fn an_amount_too_large_for_yuan_is_formula_amount_overflow() {
    use fundpolicy::formula::ast::{Expr, ExprKind, MoneyUnit};
    let expr = Expr {
        kind: ExprKind::Money(rust_decimal::Decimal::MAX, MoneyUnit::Yi),
        span: Span { start: 0, end: 3 },
    };
    let errors = formula::check(&expr, &Fields).unwrap_err();
    assert_eq!(errors[0].code().as_str(), "formula::amount_overflow");
}

#[test]
fn slots_the_environment_lacks_and_values_of_a_type_ruled_out_are_errors() {
    let env = Env {
        fields: &[Value::Text("x".into())],
        computed: &[],
        tables: &[],
    };
    let computed = Node::new(Type::Number, Op::Computed(3));
    let e = formula::eval(&computed, &env).unwrap_err();
    assert_eq!((e.code, e.code.as_str()), (Code::EvalSlot, "eval::slot"));
    // A text where the checker promised a number: said, not taken as zero.
    let field = Box::new(Node::new(
        Type::Number,
        Op::Field(0, Span { start: 0, end: 1 }),
    ));
    let negated = Node::new(Type::Number, Op::Neg(field, Span { start: 0, end: 2 }));
    let e = formula::eval(&negated, &env).unwrap_err();
    assert_eq!((e.code, e.code.as_str()), (Code::EvalType, "eval::type"));
}

/// The codes of every record error `evaluate --format json` gives for `bytes` read as the
/// file `name` (cloud award, 2020, built-in policies), and what it printed on stderr.
fn evaluated(name: &str, bytes: &[u8], extra: &[&str]) -> (Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "cloud-award",
            "--format",
            "json",
        ])
        .args(extra)
        .arg(&path)
        .env("FUNDPOLICY_LANG", "en")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
        return (Vec::new(), stderr);
    };
    let codes = doc["results"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["errors"].as_array().cloned().unwrap_or_default())
        .filter_map(|e| e["code"].as_str().map(str::to_string))
        .collect();
    (codes, stderr)
}

#[test]
fn records_that_cannot_be_read_as_given_say_why_by_code() {
    let (codes, _) = evaluated("a.csv", b"id,revenue_2019\nA,1\nA,2\n", &[]);
    assert!(
        codes.contains(&"input::rows_disagree".to_string()),
        "{codes:?}"
    );
    let (codes, _) = evaluated("a.jsonl", b"{\"id\": \"A\"}\n{\"id\": \"A\"}\n", &[]);
    assert!(
        codes.contains(&"input::duplicate_id".to_string()),
        "{codes:?}"
    );
    // Records that give no id have that error, not one of an id given twice.
    let (codes, _) = evaluated("a.json", b"[{}, {\"cloud_months\": \"5\"}]", &[]);
    assert!(!codes.is_empty(), "{codes:?}");
    assert!(
        !codes.contains(&"input::duplicate_id".to_string()),
        "{codes:?}"
    );
    let (codes, _) = evaluated("a.jsonl", b"5\n", &[]);
    assert!(
        codes.contains(&"input::not_a_record".to_string()),
        "{codes:?}"
    );
    let (codes, _) = evaluated(
        "a.csv",
        b"id,revenue_2019\nA,123456789012345678901234567890123456\n",
        &[],
    );
    assert!(codes.contains(&"input::number".to_string()), "{codes:?}");
    let (codes, _) = evaluated("a.csv", b"id,credit_code\nA,91500000MA5U000000\n", &[]);
    assert!(
        codes.contains(&"input::credit_code".to_string()),
        "{codes:?}"
    );
    // The same field under its id and its label.
    let (codes, _) = evaluated(
        "a.jsonl",
        "{\"id\": \"A\", \"revenue_2019\": \"1\", \"2019年营业收入\": \"2\"}\n".as_bytes(),
        &[],
    );
    assert!(
        codes.contains(&"input::given_twice".to_string()),
        "{codes:?}"
    );
    let (codes, _) = evaluated(
        "a.jsonl",
        b"{\"id\": \"A\", \"cloud_months\": \"-5\"}\n",
        &[],
    );
    assert!(codes.contains(&"input::range".to_string()), "{codes:?}");
}

#[test]
fn a_file_whose_extension_names_no_format_is_input_format() {
    let (_, stderr) = evaluated("a.pdf", b"id\nA\n", &[]);
    assert!(stderr.contains("input::format"), "{stderr}");
    // An output file whose extension names no format, with no `--format`.
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(["evaluate", "--year", "2020", "--programme", "cloud-award"])
        .arg("policies/2020/examples/cloud-award.yaml")
        .arg("--output")
        .arg(dir.path().join("out.pdf"))
        .env("FUNDPOLICY_LANG", "en")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("output::format"), "{stderr}");
    assert!(!dir.path().join("out.pdf").exists());
}

/// The errors of every record `evaluate --format json` gives for `bytes` read as the file
/// `name` (cloud award, 2020, built-in policies), as `(id, error)`.
fn record_errors(name: &str, bytes: &[u8]) -> Vec<(String, serde_json::Value)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(["evaluate", "--year", "2020", "--programme", "cloud-award"])
        .args(["--format", "json"])
        .arg(&path)
        .env("FUNDPOLICY_LANG", "en")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            let id = r["id"].as_str().unwrap_or_default().to_string();
            let errors = r["errors"].as_array().cloned().unwrap_or_default();
            errors.into_iter().map(move |e| (id.clone(), e))
        })
        .collect()
}

#[test]
fn a_csv_cell_that_is_not_utf8_past_the_sniffed_start_is_input_encoding() {
    // The first 64 KB are UTF-8, so the file is read as UTF-8 as it streams; the byte
    // 0xFF further down cannot be, and only its cell is refused.
    let mut csv = b"id,revenue_2019\n".to_vec();
    let mut line = 1;
    while csv.len() < 70_000 {
        line += 1;
        csv.extend_from_slice(format!("A{line},100\n").as_bytes());
    }
    csv.extend_from_slice(b"BAD,1\xff0\n");
    let errors = record_errors("late.csv", &csv);
    // Every record lacks the values its checks need; the one cell is the only other error.
    let encoding: Vec<_> = errors
        .iter()
        .filter(|(_, e)| e["code"] != "eval::missing_value")
        .collect();
    assert_eq!(encoding.len(), 1, "{encoding:?}");
    let (id, e) = encoding[0];
    assert_eq!(id, "BAD");
    assert_eq!(e["code"], "input::encoding");
    assert_eq!(e["field"], "revenue_2019");
    assert_eq!(e["location"]["line"], line + 1);
    assert!(
        e["location"]["file"]
            .as_str()
            .unwrap()
            .ends_with("late.csv")
    );
    assert!(e["message"].as_str().unwrap().contains("UTF-8"), "{e}");
}

/// UTF-8 text with one damaged byte near the start is not GB18030: read as GB18030 it
/// would give other, plausible characters without a word. It is read as UTF-8 and only
/// the damaged cell is refused, at its line.
#[test]
fn a_damaged_byte_in_utf8_chinese_is_input_encoding_not_a_silent_gbk_reading() {
    let csv = "id,district,mgmt_systems_on_cloud\nA1,万州,绩效管理\u{80}X\nA2,涪陵,培训管理;云办公\nA3,黔江,云桌面\n"
        .as_bytes()
        .iter()
        .flat_map(|&b| if b == 0xC2 { None } else { Some(b) })
        .collect::<Vec<u8>>();
    assert!(std::str::from_utf8(&csv).is_err());
    let errors = record_errors("damaged.csv", &csv);
    let encoding: Vec<_> = errors
        .iter()
        .filter(|(_, e)| e["code"] == "input::encoding")
        .collect();
    assert_eq!(encoding.len(), 1, "{errors:?}");
    let (id, e) = encoding[0];
    assert_eq!(id, "A1");
    assert_eq!(e["field"], "mgmt_systems_on_cloud");
    assert_eq!(e["location"]["line"], 2);
    // The districts were read as the Chinese they are (a GB18030 reading gives none of them).
    assert!(
        !errors.iter().any(|(_, e)| e["code"] == "input::enum"),
        "{errors:?}"
    );
}

#[test]
fn an_xlsx_cell_holding_an_excel_error_is_input_cell() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("申报表").unwrap();
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(0, 1, "revenue_2019").unwrap();
    sheet.write_string(1, 0, "A").unwrap();
    sheet
        .write_formula(
            1,
            1,
            rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
        )
        .unwrap();
    let errors = record_errors("cells.xlsx", &book.save_to_buffer().unwrap());
    let cell: Vec<_> = errors
        .iter()
        .filter(|(_, e)| e["code"] != "eval::missing_value")
        .collect();
    assert_eq!(cell.len(), 1, "{cell:?}");
    let (id, e) = cell[0];
    assert_eq!(id, "A");
    assert_eq!(e["code"], "input::cell");
    assert_eq!(e["field"], "revenue_2019");
    assert_eq!(e["location"]["sheet"], "申报表");
    assert_eq!(e["location"]["cell"], "B2");
    assert!(e["message"].as_str().unwrap().contains("#DIV/0!"), "{e}");
}

#[test]
fn a_policies_folder_that_does_not_exist_is_policy_source() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing");
    let problems = Policies::folder(&missing).unwrap_err();
    assert_eq!(problems[0].code, Code::PolicySource);
    assert!(
        problems[0].message.contains(&missing.display().to_string()),
        "{}",
        problems[0].message
    );
    // The command line says it with its code.
    let out = assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("--policies")
        .arg(&missing)
        .args(["check", "--year", "2020"])
        .env("FUNDPOLICY_LANG", "en")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[policy::source]"), "{stderr}");
}

/// Text longer than a cell of a workbook holds (Excel's limit is 32,767 characters).
const TOO_LONG_FOR_A_CELL: usize = 40_000;

#[test]
fn a_results_workbook_with_a_value_too_long_for_a_cell_is_report_xlsx() {
    let policies = Policies::folder("policies").unwrap();
    let year = policies.load(2020).unwrap();
    let id = "x".repeat(TOO_LONG_FOR_A_CELL);
    let input = Input::bytes(
        "long.jsonl",
        InputFormat::JsonLines,
        format!("{{\"id\": \"{id}\"}}\n"),
    );
    let options = EvaluateOptions {
        detail: true,
        ..EvaluateOptions::default()
    };
    let evaluation = api::evaluate(&year, "cloud-award", &[input], &options).unwrap();
    let problems = Lang::En
        .with_messages(|| evaluation.to_xlsx(Lang::En))
        .unwrap_err();
    assert_eq!(problems[0].code, Code::ReportXlsx);
    assert!(
        problems[0].message.contains("cannot write the workbook")
            && problems[0].message.contains("32,767"),
        "{}",
        problems[0].message
    );
}

#[test]
fn a_template_whose_header_is_too_long_for_a_cell_is_template_write() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("2020")).unwrap();
    std::fs::write(
        dir.path().join("2020/policy.yaml"),
        "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n",
    )
    .unwrap();
    let label = "长".repeat(TOO_LONG_FOR_A_CELL);
    std::fs::write(
        dir.path().join("2020/p.yaml"),
        format!(
            "id: p\ntitle: {{zh: 测试}}\nfields:\n  - {{id: id, type: text, required: true}}\n  \
             - {{id: name, type: text, label: {{zh: {label}}}}}\neligibility:\n  \
             - {{id: r, when: true, cite: x, message: {{zh: 不符合}}}}\n"
        ),
    )
    .unwrap();
    let year = Policies::folder(dir.path()).unwrap().load(2020).unwrap();
    let problems = Lang::En
        .with_messages(|| api::template(&year, "p", Lang::En))
        .unwrap_err();
    assert_eq!(problems[0].code, Code::TemplateWrite);
    assert!(
        problems[0].message.contains("cannot write the workbook")
            && problems[0].message.contains("32,767"),
        "{}",
        problems[0].message
    );
    // The same policy's CSV template has no cell limit.
    assert!(api::template_csv(&year, "p").is_ok());
    // The command line says it with its code, and writes nothing.
    let out = assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("--policies")
        .arg(dir.path())
        .args(["template", "--year", "2020", "--programme", "p", "--output"])
        .arg(dir.path().join("p.xlsx"))
        .env("FUNDPOLICY_LANG", "en")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("[template::write]"), "{stderr}");
    assert!(!dir.path().join("p.xlsx").exists());
}
