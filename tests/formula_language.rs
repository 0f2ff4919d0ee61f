#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every formula, evaluation, YAML and verify diagnostic the tests make, worded in both
//! languages: in zh no run of three English words remains (codes, ids and text in backticks
//! or quotes aside), in en no Chinese word (units, and values in backticks or quotes, aside).

use fundpolicy::Lang;
use fundpolicy::api::calc_in;
use fundpolicy::diag::{FormulaOrigin, Problem, Report, SourceFile};
use fundpolicy::formula::{Binding, Env, Scope, Table, Target};
use fundpolicy::input::{Raw, infer_record};
use fundpolicy::policy::{self, Source};
use fundpolicy::value::{RecordType, Type, Value};
use std::sync::Arc;

/// Text with what may stay in any language taken out: text in backticks and in double
/// quotes (code and values), and the money units.
fn words_of(text: &str) -> String {
    let mut out = String::new();
    let mut inside: Option<char> = None;
    for ch in text.chars() {
        match inside {
            Some(close) if ch == close => inside = None,
            Some(_) => {}
            None if ch == '`' || ch == '"' => inside = Some(ch),
            None => out.push(ch),
        }
    }
    out.replace("亿元", " ")
        .replace("万元", " ")
        .replace('元', " ")
}

/// Runs of three or more English words (letters only: ids hold `_` or digits).
fn english_runs(text: &str) -> Vec<String> {
    // Tokens are split at spaces and ASCII punctuation; any other character (Chinese
    // words and punctuation) is a token of its own, which ends a run.
    let mut tokens: Vec<String> = Vec::new();
    let mut current = String::new();
    for ch in words_of(text).chars() {
        if ch.is_whitespace() || ",;:()!?.".contains(ch) {
            tokens.push(std::mem::take(&mut current));
        } else if !ch.is_ascii() {
            tokens.push(std::mem::take(&mut current));
            tokens.push(ch.to_string());
        } else {
            current.push(ch);
        }
    }
    tokens.push(current);
    let mut runs = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for token in tokens.into_iter().filter(|t| !t.is_empty()) {
        if token.chars().all(|c| c.is_ascii_alphabetic() || c == '\'') {
            run.push(token);
        } else {
            if run.len() >= 3 {
                runs.push(run.join(" "));
            }
            run.clear();
        }
    }
    if run.len() >= 3 {
        runs.push(run.join(" "));
    }
    runs
}

fn chinese_in(text: &str) -> Vec<char> {
    words_of(text)
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c) || ('\u{3000}'..='\u{303f}').contains(c))
        .collect()
}

/// What a reader sees of a report: its message, help and labels (the file's lines shown
/// under them are the user's own text).
fn seen(r: &Report) -> Vec<String> {
    let mut out = vec![r.message.clone()];
    out.extend(r.help.clone());
    out.extend(r.labels.iter().map(|(_, l)| l.clone()));
    out
}

/// Checks the words of a report made in `lang`; returns what is wrong.
fn judge(what: &str, lang: Lang, texts: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    for t in texts {
        match lang {
            Lang::Zh => {
                let runs = english_runs(t);
                if !runs.is_empty() {
                    problems.push(format!("{what} (zh): {runs:?} in {t:?}"));
                }
            }
            Lang::En => {
                let cjk = chinese_in(t);
                if !cjk.is_empty() {
                    problems.push(format!("{what} (en): {cjk:?} in {t:?}"));
                }
            }
        }
    }
    problems
}

struct Names(Vec<(String, Binding)>);

impl Scope for Names {
    fn resolve(&self, name: &str) -> Option<Binding> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
    }
    fn names(&self) -> Vec<String> {
        self.0.iter().map(|(n, _)| n.clone()).collect()
    }
}

fn field(i: usize, ty: Type) -> Binding {
    Binding::Value {
        ty,
        target: Target::Field(i),
    }
}

/// A scope with a field of every type, a list of records and a table, and a record for it.
fn scope() -> (Names, Vec<Value>, Vec<Table>) {
    let loan = Arc::new(RecordType {
        fields: vec![
            ("principal".into(), Type::Money),
            ("bank".into(), Type::Text),
        ],
    });
    let names = Names(vec![
        ("revenue".into(), field(0, Type::Money)),
        ("months".into(), field(1, Type::Number)),
        ("district".into(), field(2, Type::Text)),
        ("founded".into(), field(3, Type::Date)),
        ("listed".into(), field(4, Type::Bool)),
        (
            "loans".into(),
            field(5, Type::List(Box::new(Type::Record(loan)))),
        ),
        (
            "amounts".into(),
            field(6, Type::List(Box::new(Type::Money))),
        ),
        ("missing".into(), field(7, Type::Number)),
        ("tags".into(), field(8, Type::List(Box::new(Type::Text)))),
        (
            "rate".into(),
            Binding::Table {
                index: 0,
                key: Type::Text,
                value: Type::Number,
            },
        ),
    ]);
    let values = vec![
        Value::Money(5.into()),
        Value::Number(3.into()),
        Value::Text("渝中区".into()),
        Value::Null,
        Value::Bool(true),
        Value::List(Vec::new().into()),
        Value::List(Vec::new().into()),
        Value::Null,
        Value::List(Vec::new().into()),
    ];
    let mut table = Table::default();
    table.insert("a".into(), Value::Number(1.into()));
    (names, values, vec![table])
}

/// Formulas that fail, one for (nearly) every way a formula can be wrong.
const BROKEN: &[&str] = &[
    "",
    "revenue >",
    "min(revenue, 100万元",
    "revenue <= 3亿",
    "revenue <= 3亿元 and 营业收入 > 0",
    "\"营业收入\" = \"x\" or revenue > 3亿",
    "99999999999999999999999999999999 > 1",
    "founded > 2020-02-30",
    "sum(1 + 2: 3)",
    "sum(l.principal in loans: 3)",
    "2 in 【1, 2】",
    "１００ > 1",
    "“甲” == \"甲\"",
    "sum(l in [1, 2]： l)",
    "[1, \"a\"]",
    "rate + 1",
    "revenu > 1",
    "months.principal > 1",
    "sum(l in loans: l.princpal)",
    "sum(l in loans: l.zzzzzzzz)",
    "-district",
    "not months",
    "months and listed",
    "months in tags",
    "months in 3",
    "district < \"b\"",
    "revenue * revenue",
    "district * 2",
    "district / 2",
    "listed + 1",
    "revenue >= 30000",
    "revenue + 30000",
    "founded + district",
    "if months then 1 else 2",
    "if listed then 1 else 1万元",
    "if listed then 1 else \"a\"",
    "clamp(months / 12 * 5, 0)",
    "given(1 + 2)",
    "given(months, months)",
    "frobnicate(1)",
    "zzzzzzzzzz(1)",
    "max(revenue, 30000)",
    "max(months, district)",
    "max(listed, listed)",
    "min(tags)",
    "round(revenue, 30)",
    "round(district, 2)",
    "round(revenue)",
    "abs(district)",
    "floor(1, 2)",
    "sum(months)",
    "sum(tags)",
    "count(1, 2)",
    "lookup(rate)",
    "lookup(1 + 1, \"a\")",
    "lookup(rate, 1)",
    "lookup(months, \"a\")",
    "lookup(ratez, \"a\")",
    "fold(l in loans: l.principal)",
    "sum(l in months: 1)",
    "count(l in loans: l.principal)",
    "sum(l in loans: l.bank)",
    "max(l in loans: l.bank)",
    "any(l)",
    "months / 0",
    "missing + 1",
    "min(amounts)",
    "79228162514264337593543950335 * 10",
    "round(79228162514264337593543950335, 0) + 79228162514264337593543950335",
    "lookup(rate, \"zz\")",
];

fn formula_reports(expr: &str, names: &Names, values: &[Value], tables: &[Table]) -> Vec<Report> {
    let env = Env {
        fields: values,
        computed: &[],
        tables,
    };
    let Err(problems) = calc_in(expr, names, &env) else {
        return Vec::new();
    };
    let origin = FormulaOrigin::whole(SourceFile::new("formula", expr));
    problems
        .iter()
        .map(|p| Report::in_formula(p, &origin))
        .collect()
}

/// A formula with the fields and values of its record.
type Case = (String, Vec<(String, Type)>, Vec<Value>);

/// The error cases of `tests/data/formula_cases.yaml`, with their records.
fn table_cases() -> Vec<Case> {
    let file = SourceFile::new(
        "formula_cases.yaml",
        std::fs::read_to_string("tests/data/formula_cases.yaml").unwrap(),
    );
    let doc = fundpolicy::yaml::raw_from_file(&file).unwrap();
    let get = |map: &Raw, key: &str| match map {
        Raw::Map(entries) => entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone()),
        _ => None,
    };
    let text = |raw: Option<Raw>| match raw {
        Some(Raw::Text(t)) => Some(t),
        _ => None,
    };
    let Some(Raw::List(cases)) = get(&doc, "cases") else {
        panic!("no cases")
    };
    let mut out = Vec::new();
    for case in &cases {
        if text(get(case, "error")).is_none() {
            continue;
        }
        let expr = text(get(case, "expr")).unwrap_or_default();
        let (fields, values) = match text(get(case, "record")) {
            Some(name) => {
                let record = get(&doc, "records").and_then(|r| get(&r, &name)).unwrap();
                let r = infer_record(&record).unwrap();
                (r.fields, r.values)
            }
            None => (Vec::new(), Vec::new()),
        };
        out.push((expr, fields, values));
    }
    out
}

#[test]
fn formula_and_evaluation_diagnostics_are_worded_in_the_language_asked() {
    let (names, values, tables) = scope();
    let mut problems = Vec::new();
    let mut codes = std::collections::BTreeSet::new();
    for lang in [Lang::Zh, Lang::En] {
        for expr in BROKEN {
            let reports = lang.with_messages(|| formula_reports(expr, &names, &values, &tables));
            assert!(!reports.is_empty(), "{expr:?} should fail");
            for r in &reports {
                codes.insert(r.code.as_str());
                problems.extend(judge(&format!("{expr:?} {}", r.code), lang, &seen(r)));
            }
        }
        for (expr, fields, values) in table_cases() {
            let scope = Names(
                fields
                    .into_iter()
                    .enumerate()
                    .map(|(i, (n, t))| (n, field(i, t)))
                    .collect(),
            );
            let reports = lang.with_messages(|| formula_reports(&expr, &scope, &values, &[]));
            for r in &reports {
                codes.insert(r.code.as_str());
                problems.extend(judge(&format!("{expr:?} {}", r.code), lang, &seen(r)));
            }
        }
    }
    // The formula cases reach every code of the formula language.
    for code in [
        "formula::syntax",
        "formula::too_deep",
        "formula::bad_number",
        "formula::empty",
        "formula::full_width",
        "formula::type_mismatch",
        "formula::unit_mismatch",
        "formula::table_as_value",
        "formula::unknown_name",
        "formula::not_a_record",
        "formula::money_times_money",
        "formula::bool_arithmetic",
        "formula::arity",
        "formula::unknown_function",
        "formula::round_digits",
        "formula::not_a_table",
        "eval::division_by_zero",
        "eval::missing_value",
        "eval::empty_list",
        "eval::overflow",
        "eval::lookup_failed",
    ] {
        if code == "formula::too_deep" {
            continue;
        }
        assert!(codes.contains(code), "no case gives {code}: {codes:?}");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Loads a one-programme year whose programme file is `programme`; the reports of the YAML
/// and formula stages (the policy's own checks are worded elsewhere).
fn policy_reports(programme: &str, lang: Lang) -> Vec<Report> {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir(&year).unwrap();
    std::fs::write(
        year.join("policy.yaml"),
        "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n",
    )
    .unwrap();
    std::fs::write(year.join("p.yaml"), programme).unwrap();
    lang.with_messages(|| {
        policy::load(&Source::Dir(dir.path().to_path_buf()), 2020)
            .expect_err("the policy should not load")
    })
    .into_iter()
    .filter(|r| {
        ["yaml::", "formula::", "eval::"]
            .iter()
            .any(|a| r.code.as_str().starts_with(a))
    })
    .collect()
}

const HEAD: &str = "id: p\ntitle: {zh: 测试}\nfields:\n  - {id: id, type: text, required: true}\n  - {id: revenue, type: money, unit: 万元, label: {zh: 营业收入（万元）}}\n";

/// The broken YAML of `tests/chinese_editing.rs` and `tests/policies.rs`, and keys and values
/// a policy file may get wrong.
fn broken_yaml() -> Vec<String> {
    let rule = |s: &str| format!("{HEAD}eligibility:\n  - id: big\n{s}");
    vec![
        rule("    when： revenue > 1\n    cite: 二\n"),
        rule("    when: revenue > 1\n    message: {zh: 收入不足，en: too small}\n"),
        format!("{HEAD}eligibility:\n  - {{id: big, when： revenue > 1}}\n"),
        format!("{HEAD}  - {{id: kind, type: enum, values: 【a, b】}}\n"),
        rule("　　when: revenue > 1\n"),
        rule("\twhen: revenue > 1\n"),
        format!("{HEAD}eligibility:\n\t- id: big\n"),
        rule("     when: revenue > 1\n"),
        format!("{HEAD}eligibility:\n  - {{id: big, when: revenue > 1\n"),
        rule("    when revenue > 1\n    cite: 二\n"),
        rule("    when: \"revenue > 1\n    cite: 二\n"),
        rule("    when: revenue > 1\n    when: revenue > 2\n    cite: 二\n"),
        format!("{HEAD}eligibilty:\n  - id: big\n    when: revenue > 1\n"),
        rule("    whn: revenue > 1\n    cite: 二\n"),
        rule("    {when: min(revenue, 1) > 0, cite: 二}\n"),
        format!("{HEAD}  - {{id: kind, type: numbr}}\n"),
        format!("{HEAD}  - {{type: number}}\n"),
        rule("    when: revenue > 1 and 营业收入 > 0\n    cite: 二\n"),
        rule("    when: revenue >= 30000\n    cite: 二\n"),
        rule("    when: revenu > 1\n    cite: 二\n"),
        rule("    when: 2 in 【1, 2】\n    cite: 二\n"),
        "a: &a [1]\nb: *a\n<<: {c: 1}\n".to_string(),
        format!("{HEAD}scores:\n  round: x\n"),
    ]
}

#[test]
fn yaml_and_policy_formula_diagnostics_are_worded_in_the_language_asked() {
    let mut problems = Vec::new();
    let mut seen_codes = std::collections::BTreeSet::new();
    for lang in [Lang::Zh, Lang::En] {
        for programme in broken_yaml() {
            for r in policy_reports(&programme, lang) {
                seen_codes.insert(r.code.as_str());
                problems.extend(judge(&format!("{programme:?} {}", r.code), lang, &seen(&r)));
            }
        }
    }
    assert!(seen_codes.contains("yaml::invalid"), "{seen_codes:?}");
    assert!(
        seen_codes.contains("formula::unknown_name"),
        "{seen_codes:?}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn application_yaml_errors_are_worded_in_the_language_asked() {
    let mut problems = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        for text in [
            "a: 1\nb: 2\na: 3\n",
            "- {id: a, x: [1, 2\n",
            "id: a\n\tx: 1\n",
            "id: \"a\n",
            "a: &a [1]\nb: *a\nc: *a\n<<: *a\n",
        ] {
            let file = SourceFile::new("r.yaml", text);
            let e = lang
                .with_messages(|| fundpolicy::yaml::raw_from_file(&file).err())
                .expect("the file should not read");
            let r = lang.with_messages(|| Report::new(&e, Some(&file)));
            problems.extend(judge(&format!("{text:?}"), lang, &seen(&r)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn verify_refusals_are_worded_in_the_language_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let files = [
        ("missing.json", None),
        ("not_json.json", Some("{ not json")),
        ("array.json", Some("[1, 2]")),
        ("no_policy.json", Some("{\"results\": []}")),
        ("incomplete.json", Some("{\"policy\": {\"year\": 2020}}")),
        (
            "inconsistent.json",
            Some(
                "{\"year\": 2021, \"programme\": \"x\", \"policy\": {\"year\": 2020, \"programme\": \"y\", \"digest\": \"sha256:0\"}}",
            ),
        ),
        ("twice.json", Some("{\"year\": 2020, \"year\": 2020}")),
        (
            "inputs.json",
            Some(
                "{\"year\": 2020, \"programme\": \"y\", \"policy\": {\"year\": 2020, \"programme\": \"y\", \"digest\": \"sha256:0\"}, \"inputs\": 3}",
            ),
        ),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(text) = text {
            std::fs::write(&path, text).unwrap();
        }
        for lang in [Lang::Zh, Lang::En] {
            let e = fundpolicy::report::verify::read(&path, lang).expect_err(name);
            let texts = vec![
                e.message().replace(&path.display().to_string(), "FILE"),
                e.help().unwrap_or_default(),
            ];
            problems.extend(judge(name, lang, &texts));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checks_of_this_test_find_what_they_look_for() {
    assert_eq!(
        english_runs("公式写法有误：this is English here"),
        vec!["this is English here"]
    );
    assert!(english_runs("不认识的名称 `revenue is not known`，见 revenue_2019").is_empty());
    assert_eq!(
        chinese_in("unknown name `营业` in 3亿元 of 营业收入"),
        vec!['营', '业', '收', '入']
    );
}

/// A full-width character a formula cannot read is named, with the half-width one to type,
/// in both languages; `（`, `）`, `，` and the full-width space are read as their ASCII forms.
#[test]
fn every_full_width_character_in_a_formula_is_named_with_what_to_type() {
    let (names, values, tables) = scope();
    for (expr, found, ascii) in [
        ("2 in 【1, 2】", '【', '['),
        ("2 in [1, 2】", '】', ']'),
        ("“甲” = \"甲\"", '“', '"'),
        ("\"甲\" = ”甲”", '”', '"'),
        ("‘甲’ = \"甲\"", '‘', '\''),
        ("１００ > 1", '１', '1'),
        ("months > ９", '９', '9'),
        ("sum(l in [1, 2]： l)", '：', ':'),
        ("1 ＋ 2", '＋', '+'),
        ("1 － 2", '－', '-'),
        ("2 ＊ 3", '＊', '*'),
        ("2 ／ 3", '／', '/'),
        ("1 ＝ 1", '＝', '='),
        ("1 ＜ 2", '＜', '<'),
        ("1 ＞ 2", '＞', '>'),
        ("50％ > 1", '％', '%'),
        ("1 ！= 2", '！', '!'),
    ] {
        for (lang, name) in [
            (Lang::Zh, ["全角", "中文"]),
            (Lang::En, ["full-width", "Chinese"]),
        ] {
            let reports = lang.with_messages(|| formula_reports(expr, &names, &values, &tables));
            let r = reports
                .first()
                .unwrap_or_else(|| panic!("{expr} should fail"));
            assert_eq!(
                r.code.as_str(),
                "formula::full_width",
                "{expr} {lang:?}: {}",
                r.message
            );
            assert!(
                r.message.contains(&format!("`{found}`")),
                "{expr}: {}",
                r.message
            );
            assert!(
                r.message.contains(&format!("`{ascii}`")),
                "{expr}: {}",
                r.message
            );
            assert!(
                name.iter().any(|n| r.message.contains(n)),
                "{expr}: {}",
                r.message
            );
            let label = &r.labels[0].1;
            assert!(label.contains(&format!("`{ascii}`")), "{expr}: {label}");
            assert!(
                r.help.as_deref().is_some_and(|h| h.contains("`（`")),
                "{expr}"
            );
        }
    }
    let value = |expr: &str| {
        let env = Env {
            fields: &values,
            computed: &[],
            tables: &tables,
        };
        calc_in(expr, &names, &env).map_err(|p| p[0].code.as_str())
    };
    for (full, half) in [
        ("min（1，2）", "min(1, 2)"),
        ("（1 + 2）* 3", "(1 + 2) * 3"),
        ("1　+　2", "1 + 2"),
        ("2 in [1，2]", "2 in [1, 2]"),
        (
            "sum（l in loans：l.principal）",
            "sum(l in loans: l.principal)",
        ),
    ] {
        if full.contains('：') {
            // `：` is not read as `:`: it is named.
            assert_eq!(value(full), Err("formula::full_width"), "{full}");
            continue;
        }
        assert_eq!(value(full), value(half), "{full}");
        assert!(value(full).is_ok(), "{full}");
    }
}
