#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The one evaluator over the typed form. `tests/data/tree-answers.txt` holds what the tree
//! evaluator it replaced answered for 2,795 generated formulas and the 26 cases that once
//! divided the typed path from the tree (ties, scale, `Null` meeting errors), on 12 records (value to the
//! last digit and scale, or the error's code, span and words; and the outcome as a
//! condition), written by the differential test that compared the two over 60,000 cases
//! while both existed (commit "One typed form, one evaluator"); every answer must still be
//! given. The proptest regressions of the typed path it also replaced (ties, decimal scale)
//! are cases below.

use fundpolicy::formula::{self, Binding, Env, Scope, Table, Target};
use fundpolicy::value::{Date, Type, Value};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::Arc;

/// n, n2: numbers; m, m2: money; b: bool; t: text; d: date; l: list of text; tab: a table;
/// c, cm, cb: computed number, money, bool (`Null` when not had).
struct TestScope;

const FIELDS: &[&str] = &["n", "n2", "m", "m2", "b", "t", "d", "l"];
const COMPUTED: &[(&str, Type)] = &[("c", Type::Number), ("cm", Type::Money), ("cb", Type::Bool)];

fn field_type(i: usize) -> Option<Type> {
    Some(match *FIELDS.get(i)? {
        "n" | "n2" => Type::Number,
        "m" | "m2" => Type::Money,
        "b" => Type::Bool,
        "t" => Type::Text,
        "d" => Type::Date,
        _ => Type::List(Box::new(Type::Text)),
    })
}

impl Scope for TestScope {
    fn resolve(&self, name: &str) -> Option<Binding> {
        if name == "tab" {
            return Some(Binding::Table {
                index: 0,
                key: Type::Text,
                value: Type::Text,
            });
        }
        if let Some(i) = COMPUTED.iter().position(|(n, _)| *n == name) {
            return Some(Binding::Value {
                ty: COMPUTED[i].1.clone(),
                target: Target::Computed(i),
            });
        }
        let i = FIELDS.iter().position(|n| *n == name)?;
        Some(Binding::Value {
            ty: field_type(i)?,
            target: Target::Field(i),
        })
    }
    fn names(&self) -> Vec<String> {
        FIELDS.iter().map(|n| n.to_string()).collect()
    }
}

fn table() -> Table {
    let mut t = Table::default();
    t.insert(Arc::from("A"), Value::Text("east".into()));
    t.insert(Arc::from("B"), Value::Text("west".into()));
    t
}

/// A result as both evaluators must give it: the value written with its scale, or the
/// error's code, span and message.
fn shown(r: Result<Value, (&'static str, fundpolicy::diag::Span, String)>) -> String {
    match r {
        Ok(v) => format!("{v:?}"),
        Err((code, span, message)) => format!("{code} at {span:?}: {message}"),
    }
}

/// The formula's value and its outcome as a condition, as the frozen answers write them;
/// `None` when it does not check.
fn answers(text: &str, env: &Env<'_>) -> Option<[String; 2]> {
    let expr = formula::parse(text).ok()?;
    let ir = formula::check(&expr, &TestScope).ok()?;
    let value = formula::eval(&ir, env)
        .map_err(|e| (e.code.as_str(), e.span().unwrap_or_default(), e.message()));
    let held = formula::holds(&ir, env)
        .map(Value::Bool)
        .map_err(|e| (e.code.as_str(), e.span().unwrap_or_default(), e.message()));
    // A condition holds exactly when its value is `true`; both fail alike.
    match (&value, &held) {
        (Ok(v), Ok(h)) => assert_eq!(*h, Value::Bool(*v == Value::Bool(true)), "`{text}`"),
        (Err(a), Err(b)) => assert_eq!(a, b, "`{text}`"),
        _ => panic!("`{text}`: value {value:?}, as a condition {held:?}"),
    }
    // The value is of the type checking gave it.
    if let Ok(v) = &value {
        let fits = match (&ir.ty, v) {
            (Type::Number, Value::Number(_)) | (Type::Money, Value::Money(_)) => true,
            (Type::Bool, Value::Bool(_)) | (Type::Text, Value::Text(_)) => true,
            (Type::Date, Value::Date(_)) | (Type::List(_), Value::List(_)) => true,
            // `Null` is "not had" (a computed value missing, or a sum of one): the
            // operation that takes it reports it.
            (_, Value::Null) => true,
            _ => false,
        };
        assert!(fits, "`{text}`: {:?} gave {v:?}", ir.ty);
    }
    Some([shown(value), shown(held)])
}

fn leaf(choices: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(choices).prop_map(str::to_string)
}

fn num() -> impl Strategy<Value = String> {
    let base = leaf(&[
        "n",
        "n2",
        "3",
        "0",
        "0.0",
        "2.5",
        "1.5",
        "0.25",
        "count(l)",
        "12%",
        "c",
        "sum([n, c])",
    ]);
    base.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} - {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} * {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} / {b})")),
            inner.clone().prop_map(|a| format!("-{a}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("min({a}, {b})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("max({a}, {b}, {c})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("clamp({a}, {b}, {c})")),
            inner.clone().prop_map(|a| format!("round({a}, 2)")),
            inner.clone().prop_map(|a| format!("floor({a})")),
            inner.clone().prop_map(|a| format!("ceil({a})")),
            inner.clone().prop_map(|a| format!("abs({a})")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("(if n > 1 then {a} else {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("(m / m2 * {a} + {b})")),
            inner.prop_map(|a| format!("(d - 2020-01-01 + {a})")),
        ]
    })
}

fn money() -> impl Strategy<Value = String> {
    let base = || leaf(&["m", "m2", "5万元", "0元", "12.5元", "cm"]);
    (base(), base(), num()).prop_flat_map(|(a, b, n)| {
        proptest::sample::select(vec![
            format!("({a} + {b})"),
            format!("({a} - {b})"),
            format!("({a} * {n})"),
            format!("({n} * {b})"),
            format!("({a} / {n})"),
            format!("min({a}, {b})"),
            format!("round({a}, 0)"),
            format!("(if b then {a} else {b})"),
            format!("(if b then {n} else {a})"),
            a.clone(),
        ])
    })
}

fn condition() -> impl Strategy<Value = String> {
    let base = prop_oneof![
        leaf(&[
            "b",
            "true",
            "given(n)",
            "given(t)",
            "t = \"A\"",
            "t != \"B\"",
            "t in [\"A\", \"Z\"]",
            "t not in [\"B\"]",
            "lookup(tab, t) in [\"east\"]",
            "lookup(tab, t) = \"west\"",
            "d >= 2020-01-01",
            "d < 2021-06-30",
            "b = true",
            "any(x in l: x = \"A\")",
            "cb",
            "given(c)",
            "count(x in l: x != \"B\") > 1",
        ]),
        (num(), num()).prop_map(|(a, b)| format!("{a} < {b}")),
        (num(), num()).prop_map(|(a, b)| format!("{a} = {b}")),
        (money(), money()).prop_map(|(a, b)| format!("{a} >= {b}")),
        num().prop_map(|a| format!("{a} in [1, 2.50, 3]")),
    ];
    base.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| format!("not ({a})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            (inner.clone(), inner.clone(), inner)
                .prop_map(|(a, b, c)| format!("(if {a} then {b} else {c})")),
        ]
    })
}

fn formula_text() -> impl Strategy<Value = String> {
    prop_oneof![
        num(),
        money(),
        condition(),
        leaf(&[
            "t",
            "lookup(tab, t)",
            "d",
            "if b then t else \"B\"",
            "l",
            "if b then cb else true",
            "if b then c else n",
            "sum(x in [c, n, 1]: x * 2)",
            "max(x in [c, 2]: x)",
            "min([n, 2, c])",
            "d - 2020-01-01",
            "d + n",
            "[n, c] = [n, c]",
        ]),
    ]
}

fn decimal() -> impl Strategy<Value = Option<Decimal>> {
    proptest::option::weighted(
        0.9,
        proptest::sample::select(vec![
            "0",
            "0.00",
            "1",
            "2.50",
            "-3",
            "12",
            "0.125",
            "1000000",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "333.333",
        ])
        .prop_map(|s| s.parse::<Decimal>().unwrap()),
    )
}

fn record() -> impl Strategy<Value = Vec<Value>> {
    let num = |d: Option<Decimal>| d.map_or(Value::Null, Value::Number);
    let money = |d: Option<Decimal>| d.map_or(Value::Null, Value::Money);
    (
        (decimal(), decimal(), decimal(), decimal()),
        proptest::option::weighted(0.9, any::<bool>()),
        proptest::option::weighted(0.9, proptest::sample::select(vec!["A", "B", "Z"])),
        proptest::option::weighted(0.9, 18_000i32..19_000),
        proptest::option::weighted(0.9, proptest::collection::vec(0..3usize, 0..4)),
    )
        .prop_map(move |((n, n2, m, m2), b, t, d, l)| {
            vec![
                num(n),
                num(n2),
                money(m),
                money(m2),
                b.map_or(Value::Null, Value::Bool),
                t.map_or(Value::Null, |t| Value::Text(t.into())),
                d.map_or(Value::Null, |d| Value::Date(Date(d))),
                l.map_or(Value::Null, |items| {
                    Value::List(
                        items
                            .iter()
                            .map(|&i| Value::Text(["A", "B", "Z"][i].into()))
                            .collect(),
                    )
                }),
            ]
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6000))]

    #[test]
    fn values_conditions_and_types_agree(
        text in formula_text(),
        fields in record(),
        computed in computed(),
    ) {
        let tables = [table()];
        let env = Env { fields: &fields, computed: &computed, tables: &tables };
        answers(&text, &env);
    }
}

/// Every answer the tree evaluator gave is still given.
#[test]
fn the_answers_of_the_tree_evaluator_still_hold() {
    let text = std::fs::read_to_string(TREE_ANSWERS).expect("frozen answers");
    let records = fixed_records();
    let tables = [table()];
    let mut checked = 0;
    fundpolicy::Lang::Zh.with_messages(|| {
        for line in text.lines() {
            let [record, formula, value, condition] = line.splitn(4, '\t').collect::<Vec<_>>()[..]
            else {
                panic!("a line of four columns: {line}");
            };
            let (fields, computed) = &records[record.parse::<usize>().expect("record")];
            let env = Env {
                fields,
                computed,
                tables: &tables,
            };
            let [v, c] = answers(formula, &env).unwrap_or_else(|| panic!("`{formula}` checks"));
            assert_eq!(
                (v.as_str(), c.as_str()),
                (value, condition),
                "`{formula}` on record {record}"
            );
            checked += 1;
        }
    });
    assert_eq!(checked, 3107);
}

fn computed() -> impl Strategy<Value = Vec<Value>> {
    (
        decimal(),
        decimal(),
        proptest::option::weighted(0.7, any::<bool>()),
    )
        .prop_map(|(c, cm, cb)| {
            vec![
                c.map_or(Value::Null, Value::Number),
                cm.map_or(Value::Null, Value::Money),
                cb.map_or(Value::Null, Value::Bool),
            ]
        })
}

/// Sees everything: the observed instance of the evaluator.
struct Watching;

impl formula::eval::Tracer for Watching {
    fn comparison(&mut self, _: fundpolicy::diag::Span, _: bool) {}
    fn branch(&mut self, _: fundpolicy::diag::Span, _: bool) {}
}

impl fundpolicy::engine::Observer for Watching {
    fn formula(&mut self, _: &str) {}
    fn rule(&mut self, _: &str, _: bool) {}
    fn cap(&mut self, _: &str, _: bool) {}
}

#[test]
fn batches_observed_equal_batches_unobserved() {
    use fundpolicy::records::{Record, csv::CsvRecords};
    let policy =
        fundpolicy::policy::load(&fundpolicy::policy::Source::Dir("policies".into()), 2020)
            .expect("2020 policy");
    let mut compared = 0;
    for p in &policy.programmes {
        let mut records: Vec<Record> = Vec::new();
        for example in [
            format!("policies/2020/examples/{}.yaml", p.id),
            format!("policies/2020/examples/{}-batch.jsonl", p.id),
        ] {
            let Ok(text) = std::fs::read_to_string(&example) else {
                continue;
            };
            let file = fundpolicy::diag::SourceFile::new(example.as_str(), text);
            let docs = fundpolicy::input::read_documents(&example, &file, &[]).expect("examples");
            for doc in &docs {
                records.extend(fundpolicy::records::records_of(p, doc));
            }
        }
        if p.id == "cloud-award" {
            let csv = std::fs::read("tests/data/gen-cloud-award-300.csv").expect("sample");
            let rows = CsvRecords::new(p, &csv[..]).expect("header");
            records.extend(rows.map(|r| r.expect("row")));
        }
        assert!(!records.is_empty(), "no records for {}", p.id);
        compared += records.len();
        let plain = fundpolicy::engine::evaluate_batch(p, records.clone(), fundpolicy::Lang::Zh);
        let observed = fundpolicy::engine::evaluate_batch_observed(
            p,
            records,
            fundpolicy::Lang::Zh,
            &mut Watching,
        );
        assert_eq!(format!("{plain:#?}"), format!("{observed:#?}"), "{}", p.id);
    }
    assert!(compared > 600, "only {compared} records compared");
}

/// The records of the frozen answers: each field given, missing or at an edge.
fn fixed_records() -> Vec<(Vec<Value>, Vec<Value>)> {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (record(), computed());
    (0..12)
        .map(|_| {
            use proptest::strategy::ValueTree;
            strategy.new_tree(&mut runner).expect("a record").current()
        })
        .collect()
}

const TREE_ANSWERS: &str = "tests/data/tree-answers.txt";
