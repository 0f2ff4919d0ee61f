#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The formula language end to end: parse → check → compile → evaluate, driven by the
//! table in `tests/data/formula_cases.yaml`, plus rendered diagnostics and generated input.

use fundpolicy::Lang;
use fundpolicy::api::{calc_value, show};
use fundpolicy::diag::{FormulaOrigin, Report, SourceFile};
use fundpolicy::formula::{self, Binding, Scope, Target};
use fundpolicy::input::{Raw, infer_record};
use fundpolicy::value::Type;
use proptest::prelude::*;

struct Fields(Vec<(String, Type)>);

impl Scope for Fields {
    fn resolve(&self, name: &str) -> Option<Binding> {
        let i = self.0.iter().position(|(n, _)| n == name)?;
        Some(Binding::Value {
            ty: self.0[i].1.clone(),
            target: Target::Field(i),
        })
    }
    fn names(&self) -> Vec<String> {
        self.0.iter().map(|(n, _)| n.clone()).collect()
    }
}

fn get<'a>(map: &'a Raw, key: &str) -> Option<&'a Raw> {
    match map {
        Raw::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

fn text(raw: Option<&Raw>) -> Option<&str> {
    match raw {
        Some(Raw::Text(t)) => Some(t),
        _ => None,
    }
}

#[test]
fn formula_cases_from_the_table() {
    let file = SourceFile::new(
        "formula_cases.yaml",
        std::fs::read_to_string("tests/data/formula_cases.yaml").unwrap(),
    );
    let doc = fundpolicy::yaml::raw_from_file(&file).unwrap();
    let Some(Raw::List(cases)) = get(&doc, "cases") else {
        panic!("no cases")
    };
    assert!(cases.len() > 60);
    let mut failures = Vec::new();
    for case in cases {
        let expr = text(get(case, "expr")).unwrap_or("");
        let (scope, values) = match text(get(case, "record")) {
            Some(name) => {
                let record = get(&doc, "records").and_then(|r| get(r, name)).unwrap();
                let r = infer_record(record).unwrap();
                (Fields(r.fields), r.values)
            }
            None => (Fields(Vec::new()), Vec::new()),
        };
        let outcome = calc_value(expr, &scope, &values);
        let got = match &outcome {
            // The table writes truth values as the formula language does (`true`).
            Ok(v @ fundpolicy::value::Value::Bool(_)) => format!("value {v}"),
            Ok(v) => format!("value {}", show(v, fundpolicy::Lang::Zh)),
            Err(problems) => format!("error {}", problems[0].code),
        };
        let want = match (text(get(case, "value")), text(get(case, "error"))) {
            (Some(v), _) => format!("value {v}"),
            (None, Some(code)) => format!("error {code}"),
            _ => panic!("case without expectation: {expr}"),
        };
        if got != want {
            failures.push(format!("{expr:?}: expected {want}, got {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
}

/// Renders the first diagnostic of a formula that fails, in `lang`.
fn diagnostic_in(expr: &str, lang: Lang) -> String {
    let scope = Fields(vec![
        ("revenue_2019".into(), Type::Money),
        ("cloud_months".into(), Type::Number),
    ]);
    lang.with_messages(|| {
        let Err(problems) = calc_value(expr, &scope, &[]) else {
            panic!("the formula should fail: {expr}")
        };
        let origin = FormulaOrigin::whole(SourceFile::new("formula", expr));
        Report::in_formula(&problems[0], &origin).render_plain()
    })
}

/// The first diagnostic of a formula that fails, in Chinese and in English.
fn diagnostic(expr: &str) -> String {
    format!(
        "zh:\n{}\nen:\n{}",
        diagnostic_in(expr, Lang::Zh),
        diagnostic_in(expr, Lang::En)
    )
}

#[test]
fn diagnostic_unknown_name() {
    insta::assert_snapshot!(diagnostic("revenue_2018 <= 3亿元"));
}

#[test]
fn diagnostic_unit_mismatch() {
    insta::assert_snapshot!(diagnostic("revenue_2019 >= 30000"));
}

#[test]
fn diagnostic_syntax_error() {
    insta::assert_snapshot!(diagnostic("min(revenue_2019, 100万元"));
}

#[test]
fn diagnostic_wrong_arity() {
    insta::assert_snapshot!(diagnostic("clamp(cloud_months / 12 * 5, 0)"));
}

#[test]
fn diagnostic_depth() {
    let deep = format!("{}1{}", "(".repeat(100), ")".repeat(100));
    insta::assert_snapshot!(diagnostic(&deep));
}

#[test]
fn diagnostic_chinese_name_is_explained() {
    insta::assert_snapshot!(diagnostic("revenue_2019 <= 3亿元 and 营业收入 > 0"));
}

#[test]
fn diagnostic_after_chinese_text_points_at_the_right_characters() {
    insta::assert_snapshot!(diagnostic("\"营业收入\" = \"x\" or revenue_2019 > 3亿"));
}

#[test]
fn deep_nesting_of_every_kind_is_a_diagnostic_not_a_crash() {
    let n = 10_000;
    let cases = [
        format!("{}1{}", "(".repeat(n), ")".repeat(n)),
        format!("{}1{}", "[".repeat(n), "]".repeat(n)),
        format!("{}1", "-".repeat(n)),
        format!("{}true", "not ".repeat(n)),
        format!("{}1{}", "abs(".repeat(n), ")".repeat(n)),
        format!("{}1{}", "if true then ".repeat(n), " else 0".repeat(n)),
        vec!["1"; n].join(" + "),
    ];
    for text in &cases {
        let result = formula::parse(text);
        assert!(
            matches!(&result, Err(e) if e.code == fundpolicy::diag::Code::FormulaTooDeep),
            "{}…: {result:?}",
            &text[..20]
        );
    }
    // Moderate depth is fine.
    assert!(formula::parse(&format!("{}1{}", "(".repeat(30), ")".repeat(30))).is_ok());
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1".to_string()),
        Just("20万元".to_string()),
        Just("10%".to_string()),
        Just("2020-06-30".to_string()),
        Just("x".to_string()),
        Just("l.principal".to_string()),
        Just("\"t\"".to_string()),
        Just("true".to_string()),
        Just("+".to_string()),
        Just("-".to_string()),
        Just("*".to_string()),
        Just("/".to_string()),
        Just(">=".to_string()),
        Just("=".to_string()),
        Just("and".to_string()),
        Just("not".to_string()),
        Just("in".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("if".to_string()),
        Just("then".to_string()),
        Just("else".to_string()),
        Just("min(".to_string()),
        Just("sum(l in xs:".to_string()),
        Just("lookup(".to_string()),
        "\\PC{0,3}".prop_map(|s| s),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsing_and_checking_never_panic(tokens in prop::collection::vec(token(), 0..30)) {
        let text = tokens.join(" ");
        let scope = Fields(vec![("x".into(), Type::Number), ("xs".into(), Type::List(Box::new(Type::Number)))]);
        if let Ok(ast) = formula::parse(&text) {
            // Checking either refuses or gives the typed form; the typed form evaluates
            // to a value or an error, never a panic.
            if let Ok(ir) = formula::check(&ast, &scope) {
                let fields = [fundpolicy::value::Value::Number(7.into()), fundpolicy::value::Value::Null];
                let env = formula::Env { fields: &fields, computed: &[], tables: &[] };
                let _ = formula::eval(&ir, &env);
            }
            // The canonical text parses back to the same tree (spans aside).
            let again = formula::parse(&ast.to_string());
            prop_assert!(again.is_ok(), "{text} -> {ast}");
            if let Ok(again) = again {
                prop_assert_eq!(again.without_spans(), ast.without_spans(), "{} -> {}", text, ast);
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,60}") {
        let _ = formula::parse(&text);
        let _ = calc_value(&text, &Fields(Vec::new()), &[]);
    }
}

/// Found by `cargo fuzz run formula`: nested calls whose first argument starts like
/// `x in …` made the grammar re-read each level twice, exponentially.
#[test]
fn nested_calls_parse_in_linear_time() {
    let found =
        std::fs::read_to_string("tests/data/fuzz/formula-exponential-backtracking.txt").unwrap();
    assert!(formula::parse(&found).is_err());
    // 25 levels took minutes before; now it is immediate.
    let deep = format!("{}1{}", "f(l in ".repeat(25), ")".repeat(25));
    assert!(formula::parse(&deep).is_ok());
    let aggregates = format!("{}l{}", "sum(l in xs: ".repeat(20), ")".repeat(20));
    assert!(formula::parse(&aggregates).is_ok());
}
