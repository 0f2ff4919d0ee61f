#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The typed batch path (`formula::fast`) against the tree evaluator it stands in for:
//! whenever the typed path answers, its answer is the tree's, to the last digit and scale;
//! and a whole batch evaluated on the typed path equals the batch evaluated on the tree.

use fundpolicy::formula::fast::{self, Fast, SlotTypes};
use fundpolicy::formula::{self, Binding, Env, Scope, Table, Target};
use fundpolicy::value::{Date, Type, Value};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::cell::Cell;
use std::sync::Arc;

/// n, n2: numbers; m, m2: money; b: bool; t: text; d: date; l: list of text; tab: a table.
struct TestScope;

const FIELDS: &[&str] = &["n", "n2", "m", "m2", "b", "t", "d", "l"];

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

fn compile(text: &str) -> Option<(formula::Code, Fast)> {
    let expr = formula::parse(text).ok()?;
    let checked = formula::check(&expr, &TestScope).ok()?;
    let code = formula::compile(&expr, &checked, &TestScope).ok()?;
    let fast = fast::compile(
        &code,
        &SlotTypes {
            field: &field_type,
            computed: &|_| None,
        },
    );
    Some((code, fast))
}

/// Values equal and written alike: `1.50` is not `1.5` here, since outputs show the scale.
fn same(a: &Value, b: &Value) -> bool {
    a == b && format!("{a:?}") == format!("{b:?}")
}

fn leaf(choices: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(choices).prop_map(str::to_string)
}

fn num() -> impl Strategy<Value = String> {
    let base = leaf(&[
        "n", "n2", "3", "0", "0.0", "2.5", "1.5", "0.25", "count(l)", "12%",
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
    let base = || leaf(&["m", "m2", "5万元", "0元", "12.5元"]);
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
        leaf(&["t", "lookup(tab, t)", "d", "if b then t else \"B\"", "l"]),
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

thread_local! {
    static ANSWERED: Cell<(u32, u32)> = const { Cell::new((0, 0)) };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn the_typed_path_answers_as_the_tree_does(text in formula_text(), fields in record()) {
        let Some((code, fast)) = compile(&text) else {
            return Ok(());
        };
        let tables = [table()];
        let env = Env { fields: &fields, computed: &[], tables: &tables };
        let tree = formula::eval(&code, &env, &mut Vec::new());
        if let Some(v) = fast.value(&env) {
            let Ok(t) = &tree else {
                panic!("`{text}`: typed path gave {v}, the tree failed: {tree:?} on {fields:?}");
            };
            prop_assert!(same(&v, t), "`{text}`: typed {v:?}, tree {t:?} on {fields:?}");
        }
        if let (Some(h), Ok(Value::Bool(t))) = (fast.holds(&env), &tree) {
            prop_assert_eq!(h, *t);
        }
        ANSWERED.with(|a| {
            let (yes, all) = a.get();
            a.set((yes + u32::from(fast.value(&env).is_some()), all + u32::from(tree.is_ok())));
        });
    }
}

/// Guards the property above against a typed path that never answers (and so never errs).
#[test]
fn the_typed_path_answers_most_formulas_that_succeed() {
    the_typed_path_answers_as_the_tree_does();
    let (yes, all) = ANSWERED.with(Cell::get);
    assert!(all > 500, "too few formulas evaluated: {all}");
    assert!(
        yes * 10 >= all * 7,
        "the typed path answered {yes} of {all} formulas the tree could evaluate"
    );
}

#[test]
fn every_2020_formula_is_typed_where_the_tree_would_be_exercised() {
    let policy =
        fundpolicy::policy::load(&fundpolicy::policy::Source::Dir("policies".into()), 2020)
            .expect("2020 policy");
    let cloud = policy.programme("cloud-award").expect("cloud-award");
    // Every rule, check and score item of the cloud award is decided on the typed path.
    for f in cloud
        .rules
        .iter()
        .chain(&cloud.checks)
        .map(|r| &r.formula)
        .chain(
            cloud
                .values
                .iter()
                .filter(|v| v.is_item)
                .map(|v| &v.formula),
        )
    {
        assert!(
            !matches!(f.fast, Fast::Untyped),
            "`{}` has no typed form",
            f.text
        );
    }
}

/// Sees everything, so evaluation takes the tree for every formula.
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
fn batches_on_the_typed_path_equal_batches_on_the_tree() {
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
        let typed = fundpolicy::engine::evaluate_batch(p, records.clone(), fundpolicy::Lang::Zh);
        let tree = fundpolicy::engine::evaluate_batch_observed(
            p,
            records,
            fundpolicy::Lang::Zh,
            &mut Watching,
        );
        assert_eq!(format!("{typed:#?}"), format!("{tree:#?}"), "{}", p.id);
    }
    assert!(compared > 600, "only {compared} records compared");
}
