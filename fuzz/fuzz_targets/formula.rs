//! Formula text → parse → check → evaluate against a fixed record: no panic, the value has
//! the type checking gave it, and a condition holds exactly when its value is `true`.
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
    let Ok(ir) = formula::check(&ast, &Fields) else { return };
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
    let value = formula::eval(&ir, &env);
    // The value has the type checking gave it.
    if let Ok(v) = &value {
        let fits = match (&ir.ty, v) {
            (Type::Number, Value::Number(_)) | (Type::Money, Value::Money(_)) => true,
            (Type::Bool, Value::Bool(_)) | (Type::Text, Value::Text(_)) => true,
            (Type::Date, Value::Date(_)) | (Type::DateTime, Value::DateTime(_)) => true,
            (Type::List(_), Value::List(_)) | (Type::Record(_), Value::Record(_)) => true,
            _ => false,
        };
        assert!(fits, "`{text}`: {:?} gave {v:?}", ir.ty);
    }
    // A condition holds exactly when its value is `true`; both fail alike.
    let holds = formula::holds(&ir, &env);
    match (&value, &holds) {
        (Ok(v), Ok(h)) => assert_eq!(*h, *v == Value::Bool(true), "`{text}`"),
        (Err(a), Err(b)) => assert_eq!(a, b, "`{text}`"),
        _ => panic!("`{text}`: value {value:?}, holds {holds:?}"),
    }
});
