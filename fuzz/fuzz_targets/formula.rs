//! Formula text → parse → check → compile → evaluate against a fixed record; the typed batch
//! path (`formula::fast`), where it answers, must answer as the tree does (scale included).
#![no_main]

use fundpolicy::formula::{self, Binding, Env, Scope, Target};
use fundpolicy::value::{RecordType, Type, Value};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use std::sync::Arc;

struct Fields;

fn item() -> Type {
    Type::Record(Arc::new(RecordType {
        fields: vec![("principal".into(), Type::Money), ("rate".into(), Type::Number)],
    }))
}

impl Scope for Fields {
    fn resolve(&self, name: &str) -> Option<Binding> {
        let (i, ty) = match name {
            "x" => (0, Type::Number),
            "m" => (1, Type::Money),
            "d" => (2, Type::Date),
            "t" => (3, Type::Text),
            "loans" => (4, Type::List(Box::new(item()))),
            "b" => (5, Type::Bool),
            _ => return None,
        };
        Some(Binding::Value { ty, target: Target::Field(i) })
    }
    fn names(&self) -> Vec<String> {
        ["x", "m", "d", "t", "loans", "b"].map(String::from).to_vec()
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(ast) = formula::parse(text) else { return };
    let Ok(checked) = formula::check(&ast, &Fields) else { return };
    let Ok(code) = formula::compile(&ast, &checked, &Fields) else { return };
    let loan = Value::Record(vec![Value::Money(Decimal::from(1_000_000)), Value::Number(Decimal::new(415, 4))].into());
    let fields = vec![
        Value::Number(Decimal::new(125, 1)),
        Value::Money(Decimal::from(250_000)),
        Value::Date(fundpolicy::value::Date(18_000)),
        Value::Text("万州".into()),
        Value::List(vec![loan.clone(), loan].into()),
        Value::Bool(true),
    ];
    let env = Env { fields: &fields, computed: &[], tables: &[] };
    let tree = formula::eval(&code, &env, &mut Vec::new());
    let types = |i: usize| ["x", "m", "d", "t", "loans", "b"].get(i).and_then(|n| match Fields.resolve(n) {
        Some(Binding::Value { ty, .. }) => Some(ty),
        _ => None,
    });
    let fast = formula::fast::compile(&code, &formula::fast::SlotTypes { field: &types, computed: &|_| None });
    if let Some(typed) = fast.value(&env) {
        match &tree {
            Ok(v) => assert_eq!(format!("{typed:?}"), format!("{v:?}"), "`{text}`"),
            Err(e) => panic!("`{text}`: typed path gave {typed:?}, the tree failed: {e:?}"),
        }
    }
});
