#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every error code the crate can give is produced by a test: each code written in `src/`
//! appears in a test or a snapshot under `tests/`, or is in `NOT_YET_PRODUCED` (a ratchet:
//! a code produced by a test must leave the list, a new code must come with its test).
//! The formula core's codes are produced here.

use fundpolicy::diag::{Problem, Span};
use fundpolicy::formula::ir::{Node, Op};
use fundpolicy::formula::{self, Binding, Env, EvalCode, Scope, Target};
use fundpolicy::value::{Type, Value};
use std::collections::BTreeSet;
use std::path::Path;

/// Codes no test produces yet (reading and writing failures outside the formula core).
const NOT_YET_PRODUCED: &[&str] = &[
    "input::cell",
    "input::encoding",
    "policy::unusable",
    "report::xlsx",
    "template::write",
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

/// The `area::name` codes written as string literals in `src/`.
fn codes_in_src() -> BTreeSet<String> {
    let mut paths = Vec::new();
    files(Path::new("src"), &mut paths);
    let areas = [
        "eval", "formula", "policy", "lint", "input", "verify", "template", "yaml", "api",
        "output", "report",
    ];
    let mut codes = BTreeSet::new();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        for piece in text.split('"').skip(1).step_by(2) {
            if let Some((area, name)) = piece.split_once("::")
                && areas.contains(&area)
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            {
                codes.insert(piece.to_string());
            }
        }
    }
    codes
}

#[test]
fn every_code_is_produced_by_a_test() {
    let codes = codes_in_src();
    assert!(codes.len() > 90, "{} codes found", codes.len());
    let mut paths = Vec::new();
    files(Path::new("tests"), &mut paths);
    let tests: String = paths
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "codes.rs"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    // The tests of this file, below the scope they share (not the list above).
    let this_file = std::fs::read_to_string("tests/codes.rs").unwrap();
    let produced_here = this_file
        .rsplit("\nstruct Fields;")
        .next()
        .unwrap_or_default();
    let untested: Vec<&String> = codes
        .iter()
        .filter(|c| !tests.contains(c.as_str()) && !produced_here.contains(c.as_str()))
        .collect();
    let listed: BTreeSet<&str> = NOT_YET_PRODUCED.iter().copied().collect();
    let new: Vec<_> = untested
        .iter()
        .filter(|c| !listed.contains(c.as_str()))
        .collect();
    assert!(
        new.is_empty(),
        "codes without a test producing them: {new:?}"
    );
    let done: Vec<_> = listed
        .iter()
        .filter(|c| !untested.iter().any(|u| u == *c))
        .collect();
    assert!(
        done.is_empty(),
        "tested now, take them off NOT_YET_PRODUCED: {done:?}"
    );
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
    assert_eq!(errors[0].code(), "formula::wrong_type");
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
    assert_eq!(errors[0].code(), "formula::amount_overflow");
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
    assert_eq!((e.code, e.code.as_str()), (EvalCode::Slot, "eval::slot"));
    // A text where the checker promised a number: said, not taken as zero.
    let field = Box::new(Node::new(
        Type::Number,
        Op::Field(0, Span { start: 0, end: 1 }),
    ));
    let negated = Node::new(Type::Number, Op::Neg(field, Span { start: 0, end: 2 }));
    let e = formula::eval(&negated, &env).unwrap_err();
    assert_eq!((e.code, e.code.as_str()), (EvalCode::Type, "eval::type"));
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
