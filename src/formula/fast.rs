//! Compiled code → a typed tree for batch evaluation. Each node's type is known from the
//! policy's field and value types, so numbers stay `Decimal`s and conditions stay `bool`s
//! from leaf to root: no `Value` is built, matched or dropped on the way.
//!
//! The typed tree decides only what it can decide exactly as [`eval`] would. Anything it
//! cannot (a missing value, a division by zero, an overflow, a leaf whose value is not of
//! the expected type) makes it answer `None`, and the caller evaluates the formula with
//! [`eval`], which gives the same answer or the error with its span. Forms it does not
//! type (lists, aggregates, date arithmetic) are evaluated by [`eval`] where they stand.

use super::ast::BinOp;
use super::compile::{Code, Func};
use super::eval::{self, Env, ordered};
use crate::value::{Date, Type, Value, compare_decimals, round_half_away};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::sync::Arc;

/// The static types of the slots a formula reads.
pub struct SlotTypes<'a> {
    pub field: &'a dyn Fn(usize) -> Option<Type>,
    pub computed: &'a dyn Fn(usize) -> Option<Type>,
}

/// A formula as a typed tree, or `Untyped` when its result has no typed form.
#[derive(Clone, Debug, Default)]
pub enum Fast {
    Num(Num, Unit),
    Cond(Cond),
    Text(Text),
    Date(Dates),
    #[default]
    Untyped,
}

/// Which of the two numeric values a number is: plain or money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Number,
    Money,
}

#[derive(Clone, Debug)]
pub enum Num {
    Const(Decimal),
    Field(usize, Unit),
    Computed(usize, Unit),
    Neg(Box<Num>),
    Add(Box<Num>, Box<Num>),
    Sub(Box<Num>, Box<Num>),
    Mul(Box<Num>, Box<Num>),
    Div(Box<Num>, Box<Num>),
    If(Box<Cond>, Box<Num>, Box<Num>),
    /// `min`/`max` over two or more: the first of equals wins, as in [`eval`].
    Extreme(Vec<Num>, Ordering),
    Clamp(Box<[Num; 3]>),
    Round(Box<Num>, u32),
    Floor(Box<Num>),
    Ceil(Box<Num>),
    Abs(Box<Num>),
    /// The number of items of a list field.
    CountField(usize),
    Tree(Box<Code>, Unit),
}

#[derive(Clone, Debug)]
pub enum Cond {
    Const(bool),
    Field(usize),
    Computed(usize),
    Not(Box<Cond>),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    If(Box<Cond>, Box<Cond>, Box<Cond>),
    Nums(BinOp, Box<Num>, Box<Num>),
    Texts(BinOp, Box<Text>, Box<Text>),
    Dates(BinOp, Box<Dates>, Box<Dates>),
    Bools(BinOp, Box<Cond>, Box<Cond>),
    /// `text in [...]` (`true`) or `not in`, against a literal list.
    TextIn(Box<Text>, Box<[Arc<str>]>, bool),
    NumIn(Box<Num>, Box<[Decimal]>, bool),
    /// `given(field)`.
    GivenField(usize),
    Tree(Box<Code>),
}

#[derive(Clone, Debug)]
pub enum Text {
    Const(Arc<str>),
    Field(usize),
    Computed(usize),
    Lookup(usize, Box<Text>),
    If(Box<Cond>, Box<Text>, Box<Text>),
    Tree(Box<Code>),
}

#[derive(Clone, Debug)]
pub enum Dates {
    Const(Date),
    Field(usize),
    Computed(usize),
    If(Box<Cond>, Box<Dates>, Box<Dates>),
    Tree(Box<Code>),
}

/// Types `code` for batch evaluation.
pub fn compile(code: &Code, slots: &SlotTypes<'_>) -> Fast {
    match kind(code, slots) {
        Kind::Num(unit) => Fast::Num(num(code, unit, slots), unit),
        Kind::Cond => Fast::Cond(cond(code, slots)),
        Kind::Text => Fast::Text(text(code, slots)),
        Kind::Date => Fast::Date(dates(code, slots)),
        Kind::Other => Fast::Untyped,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Num(Unit),
    Cond,
    Text,
    Date,
    Other,
}

fn kind_of_type(ty: Option<Type>) -> Kind {
    match ty {
        Some(Type::Number) => Kind::Num(Unit::Number),
        Some(Type::Money) => Kind::Num(Unit::Money),
        Some(Type::Bool) => Kind::Cond,
        Some(Type::Text) => Kind::Text,
        Some(Type::Date) => Kind::Date,
        _ => Kind::Other,
    }
}

fn kind_of_value(v: &Value) -> Kind {
    match v {
        Value::Number(_) => Kind::Num(Unit::Number),
        Value::Money(_) => Kind::Num(Unit::Money),
        Value::Bool(_) => Kind::Cond,
        Value::Text(_) => Kind::Text,
        Value::Date(_) => Kind::Date,
        _ => Kind::Other,
    }
}

/// The kind of value `code` evaluates to, by the rules of [`eval`]; `Other` when it is not
/// one fixed kind (a branch of each, a list, a date-time).
fn kind(code: &Code, slots: &SlotTypes<'_>) -> Kind {
    use Kind::*;
    match code {
        Code::Const(v) => kind_of_value(v),
        Code::Field(i, _) => kind_of_type((slots.field)(*i)),
        Code::Computed(i) => kind_of_type((slots.computed)(*i)),
        Code::Neg(a, _) => match kind(a, slots) {
            Num(u) => Num(u),
            _ => Other,
        },
        Code::Not(_) | Code::And(..) | Code::Or(..) | Code::Given(_) => Cond,
        Code::Binary(op, a, b, _) => match op {
            BinOp::Eq
            | BinOp::Ne
            | BinOp::Lt
            | BinOp::Le
            | BinOp::Gt
            | BinOp::Ge
            | BinOp::In
            | BinOp::NotIn
            | BinOp::And
            | BinOp::Or => Cond,
            BinOp::Add | BinOp::Sub => match (kind(a, slots), kind(b, slots)) {
                (Num(x), Num(y)) if x == y => Num(x),
                _ => Other,
            },
            BinOp::Mul => match (kind(a, slots), kind(b, slots)) {
                (Num(Unit::Number), Num(u)) | (Num(u), Num(Unit::Number)) => Num(u),
                _ => Other,
            },
            BinOp::Div => match (kind(a, slots), kind(b, slots)) {
                (Num(x), Num(y)) if x == y => Num(Unit::Number),
                (Num(Unit::Money), Num(Unit::Number)) => Num(Unit::Money),
                _ => Other,
            },
        },
        Code::If(_, t, f, _) => match (kind(t, slots), kind(f, slots)) {
            (x, y) if x == y => x,
            _ => Other,
        },
        Code::Call(func, args, _) => match func {
            Func::Count => Num(Unit::Number),
            Func::Min | Func::Max | Func::Clamp if args.len() >= 2 => {
                let first = args.first().map_or(Other, |a| kind(a, slots));
                if matches!(first, Num(_)) && args.iter().all(|a| kind(a, slots) == first) {
                    first
                } else {
                    Other
                }
            }
            Func::Round(_) | Func::Floor | Func::Ceil | Func::Abs if args.len() == 1 => {
                match kind(&args[0], slots) {
                    Num(u) => Num(u),
                    _ => Other,
                }
            }
            _ => Other,
        },
        // A lookup table's values are text (the scope binds them so).
        Code::Lookup(..) => Text,
        _ => Other,
    }
}

fn boxed<T>(t: T) -> Box<T> {
    Box::new(t)
}

fn num(code: &Code, unit: Unit, slots: &SlotTypes<'_>) -> Num {
    let sub = |c: &Code| match kind(c, slots) {
        Kind::Num(u) => num(c, u, slots),
        _ => Num::Tree(boxed(c.clone()), unit),
    };
    let typed = match code {
        Code::Const(Value::Number(d) | Value::Money(d)) => Some(Num::Const(*d)),
        Code::Field(i, _) => Some(Num::Field(*i, unit)),
        Code::Computed(i) => Some(Num::Computed(*i, unit)),
        Code::Neg(a, _) => Some(Num::Neg(boxed(sub(a)))),
        Code::Binary(op, a, b, _) => {
            let (a, b) = (boxed(sub(a)), boxed(sub(b)));
            match op {
                BinOp::Add => Some(Num::Add(a, b)),
                BinOp::Sub => Some(Num::Sub(a, b)),
                BinOp::Mul => Some(Num::Mul(a, b)),
                BinOp::Div => Some(Num::Div(a, b)),
                _ => None,
            }
        }
        Code::If(c, t, f, _) => Some(Num::If(boxed(cond(c, slots)), boxed(sub(t)), boxed(sub(f)))),
        Code::Call(func, args, _) => match (func, args.as_slice()) {
            (Func::Min, args) if args.len() >= 2 => {
                Some(Num::Extreme(args.iter().map(sub).collect(), Ordering::Less))
            }
            (Func::Max, args) if args.len() >= 2 => Some(Num::Extreme(
                args.iter().map(sub).collect(),
                Ordering::Greater,
            )),
            (Func::Clamp, [x, lo, hi]) => Some(Num::Clamp(boxed([sub(x), sub(lo), sub(hi)]))),
            (Func::Round(dp), [a]) => Some(Num::Round(boxed(sub(a)), *dp)),
            (Func::Floor, [a]) => Some(Num::Floor(boxed(sub(a)))),
            (Func::Ceil, [a]) => Some(Num::Ceil(boxed(sub(a)))),
            (Func::Abs, [a]) => Some(Num::Abs(boxed(sub(a)))),
            (Func::Count, [Code::Field(i, _)]) => Some(Num::CountField(*i)),
            _ => None,
        },
        _ => None,
    };
    typed.unwrap_or_else(|| Num::Tree(boxed(code.clone()), unit))
}

fn cond(code: &Code, slots: &SlotTypes<'_>) -> Cond {
    let typed = match code {
        Code::Const(Value::Bool(b)) => Some(Cond::Const(*b)),
        Code::Field(i, _) if kind(code, slots) == Kind::Cond => Some(Cond::Field(*i)),
        Code::Computed(i) if kind(code, slots) == Kind::Cond => Some(Cond::Computed(*i)),
        Code::Not(a) => Some(Cond::Not(boxed(cond(a, slots)))),
        Code::And(a, b) => Some(Cond::And(boxed(cond(a, slots)), boxed(cond(b, slots)))),
        Code::Or(a, b) => Some(Cond::Or(boxed(cond(a, slots)), boxed(cond(b, slots)))),
        Code::If(c, t, f, _) => Some(Cond::If(
            boxed(cond(c, slots)),
            boxed(cond(t, slots)),
            boxed(cond(f, slots)),
        )),
        Code::Given(inner) => match &**inner {
            Code::Field(i, _) => Some(Cond::GivenField(*i)),
            _ => None,
        },
        Code::Binary(op, a, b, _) => comparison(*op, a, b, slots),
        _ => None,
    };
    typed.unwrap_or_else(|| Cond::Tree(boxed(code.clone())))
}

fn comparison(op: BinOp, a: &Code, b: &Code, slots: &SlotTypes<'_>) -> Option<Cond> {
    let ordering = matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    );
    match (kind(a, slots), kind(b, slots)) {
        (Kind::Num(x), Kind::Num(y)) if ordering => Some(Cond::Nums(
            op,
            boxed(num(a, x, slots)),
            boxed(num(b, y, slots)),
        )),
        (Kind::Text, Kind::Text) if ordering => Some(Cond::Texts(
            op,
            boxed(text(a, slots)),
            boxed(text(b, slots)),
        )),
        (Kind::Date, Kind::Date) if ordering => Some(Cond::Dates(
            op,
            boxed(dates(a, slots)),
            boxed(dates(b, slots)),
        )),
        (Kind::Cond, Kind::Cond) if ordering => Some(Cond::Bools(
            op,
            boxed(cond(a, slots)),
            boxed(cond(b, slots)),
        )),
        (left, _) if matches!(op, BinOp::In | BinOp::NotIn) => {
            let Code::Const(Value::List(items)) = b else {
                return None;
            };
            let inside = op == BinOp::In;
            // An item of another kind never equals the value: only same-kind items count.
            match left {
                Kind::Text => Some(Cond::TextIn(
                    boxed(text(a, slots)),
                    items
                        .iter()
                        .filter_map(|i| match i {
                            Value::Text(t) => Some(t.clone()),
                            _ => None,
                        })
                        .collect(),
                    inside,
                )),
                Kind::Num(u) => Some(Cond::NumIn(
                    boxed(num(a, u, slots)),
                    items.iter().filter_map(Value::as_decimal).collect(),
                    inside,
                )),
                _ => None,
            }
        }
        _ => None,
    }
}

fn text(code: &Code, slots: &SlotTypes<'_>) -> Text {
    let typed = match code {
        Code::Const(Value::Text(t)) => Some(Text::Const(t.clone())),
        Code::Field(i, _) => Some(Text::Field(*i)),
        Code::Computed(i) => Some(Text::Computed(*i)),
        Code::Lookup(table, key, _) if kind(key, slots) == Kind::Text => {
            Some(Text::Lookup(*table, boxed(text(key, slots))))
        }
        Code::If(c, t, f, _) => Some(Text::If(
            boxed(cond(c, slots)),
            boxed(text(t, slots)),
            boxed(text(f, slots)),
        )),
        _ => None,
    };
    typed.unwrap_or_else(|| Text::Tree(boxed(code.clone())))
}

fn dates(code: &Code, slots: &SlotTypes<'_>) -> Dates {
    let typed = match code {
        Code::Const(Value::Date(d)) => Some(Dates::Const(*d)),
        Code::Field(i, _) => Some(Dates::Field(*i)),
        Code::Computed(i) => Some(Dates::Computed(*i)),
        Code::If(c, t, f, _) => Some(Dates::If(
            boxed(cond(c, slots)),
            boxed(dates(t, slots)),
            boxed(dates(f, slots)),
        )),
        _ => None,
    };
    typed.unwrap_or_else(|| Dates::Tree(boxed(code.clone())))
}

// ---- evaluation ------------------------------------------------------------------------

fn tree(code: &Code, env: &Env<'_>) -> Option<Value> {
    eval::eval(code, env, &mut Vec::new()).ok()
}

fn slot(values: &[Value], i: usize) -> &Value {
    values.get(i).unwrap_or(&Value::Null)
}

fn decimal_of(v: &Value, unit: Unit) -> Option<Decimal> {
    match (v, unit) {
        (Value::Number(d), Unit::Number) | (Value::Money(d), Unit::Money) => Some(*d),
        _ => None,
    }
}

impl Fast {
    /// The formula's value, or `None` when [`eval`] must decide it.
    pub fn value(&self, env: &Env<'_>) -> Option<Value> {
        match self {
            Fast::Num(n, Unit::Number) => n.eval(env).map(Value::Number),
            Fast::Num(n, Unit::Money) => n.eval(env).map(Value::Money),
            Fast::Cond(c) => c.eval(env).map(Value::Bool),
            Fast::Text(t) => t.eval(env).map(|t| Value::Text(t.clone())),
            Fast::Date(d) => d.eval(env).map(Value::Date),
            Fast::Untyped => None,
        }
    }

    /// The condition's outcome, or `None` when [`eval`] must decide it.
    pub fn holds(&self, env: &Env<'_>) -> Option<bool> {
        match self {
            Fast::Cond(c) => c.eval(env),
            _ => None,
        }
    }
}

// The arithmetic stays out of line: inlined, it would make every step of the walk save
// and restore as many registers as the largest operation needs. Each returns a bare
// `Decimal` (two registers; an `Option<Decimal>` goes through memory) and marks `stop`
// when it has no answer.
#[inline(never)]
fn add(x: Decimal, y: Decimal, stop: &mut bool) -> Decimal {
    answer(x.checked_add(y), stop)
}

#[inline(never)]
fn sub(x: Decimal, y: Decimal, stop: &mut bool) -> Decimal {
    answer(x.checked_sub(y), stop)
}

#[inline(never)]
fn mul(x: Decimal, y: Decimal, stop: &mut bool) -> Decimal {
    answer(x.checked_mul(y), stop)
}

#[inline(never)]
fn div(x: Decimal, y: Decimal, stop: &mut bool) -> Decimal {
    answer(if y.is_zero() { None } else { x.checked_div(y) }, stop)
}

/// The number, or zero with `stop` marked: once marked, the walk's result is discarded.
#[inline]
fn answer(d: Option<Decimal>, stop: &mut bool) -> Decimal {
    match d {
        Some(d) => d,
        None => {
            *stop = true;
            Decimal::ZERO
        }
    }
}

impl Num {
    /// The number, or `None` when [`eval`] must decide it.
    #[inline]
    pub fn eval(&self, env: &Env<'_>) -> Option<Decimal> {
        let mut stop = false;
        let d = self.walk(env, &mut stop);
        (!stop).then_some(d)
    }

    /// Leaves are read in place; only inner nodes cost a call. After `stop` is marked the
    /// walk goes on (without effects) and its result means nothing.
    #[inline]
    fn walk(&self, env: &Env<'_>, stop: &mut bool) -> Decimal {
        match self {
            Num::Const(d) => *d,
            Num::Field(i, unit) => answer(decimal_of(slot(env.fields, *i), *unit), stop),
            Num::Computed(i, unit) => answer(decimal_of(slot(env.computed, *i), *unit), stop),
            _ => self.walk_inner(env, stop),
        }
    }

    #[inline(never)]
    fn walk_inner(&self, env: &Env<'_>, stop: &mut bool) -> Decimal {
        match self {
            leaf @ (Num::Const(_) | Num::Field(..) | Num::Computed(..)) => leaf.walk(env, stop),
            Num::Neg(a) => -a.walk(env, stop),
            Num::Add(a, b) => add(a.walk(env, stop), b.walk(env, stop), stop),
            Num::Sub(a, b) => sub(a.walk(env, stop), b.walk(env, stop), stop),
            Num::Mul(a, b) => mul(a.walk(env, stop), b.walk(env, stop), stop),
            Num::Div(a, b) => div(a.walk(env, stop), b.walk(env, stop), stop),
            Num::If(c, t, f) => match c.eval(env) {
                Some(true) => t.walk(env, stop),
                Some(false) => f.walk(env, stop),
                None => answer(None, stop),
            },
            Num::Extreme(args, want) => {
                let Some((first, rest)) = args.split_first() else {
                    return answer(None, stop);
                };
                let mut best = first.walk(env, stop);
                for a in rest {
                    let v = a.walk(env, stop);
                    if compare_decimals(&v, &best) == *want {
                        best = v;
                    }
                }
                best
            }
            Num::Clamp(parts) => {
                let [x, lo, hi] = &**parts;
                let (x, lo, hi) = (x.walk(env, stop), lo.walk(env, stop), hi.walk(env, stop));
                let low = if compare_decimals(&lo, &x).is_gt() {
                    lo
                } else {
                    x
                };
                if compare_decimals(&hi, &low).is_lt() {
                    hi
                } else {
                    low
                }
            }
            Num::Round(a, dp) => round_half_away(a.walk(env, stop), *dp),
            Num::Floor(a) => a.walk(env, stop).floor(),
            Num::Ceil(a) => a.walk(env, stop).ceil(),
            Num::Abs(a) => a.walk(env, stop).abs(),
            Num::CountField(i) => match slot(env.fields, *i) {
                Value::List(items) => Decimal::from(items.len()),
                _ => answer(None, stop),
            },
            Num::Tree(code, unit) => {
                answer(tree(code, env).and_then(|v| decimal_of(&v, *unit)), stop)
            }
        }
    }
}

impl Cond {
    #[inline]
    pub fn eval(&self, env: &Env<'_>) -> Option<bool> {
        match self {
            Cond::Const(b) => Some(*b),
            Cond::Field(i) => slot(env.fields, *i).as_bool(),
            _ => self.eval_inner(env),
        }
    }

    #[inline(never)]
    fn eval_inner(&self, env: &Env<'_>) -> Option<bool> {
        match self {
            leaf @ (Cond::Const(_) | Cond::Field(_)) => leaf.eval(env),
            Cond::Computed(i) => slot(env.computed, *i).as_bool(),
            Cond::Not(a) => Some(!a.eval(env)?),
            Cond::And(a, b) => Some(a.eval(env)? && b.eval(env)?),
            Cond::Or(a, b) => Some(a.eval(env)? || b.eval(env)?),
            Cond::If(c, t, f) => {
                if c.eval(env)? {
                    t.eval(env)
                } else {
                    f.eval(env)
                }
            }
            Cond::Nums(op, a, b) => {
                Some(ordered(*op, compare_decimals(&a.eval(env)?, &b.eval(env)?)))
            }
            Cond::Texts(op, a, b) => Some(ordered(*op, a.eval(env)?.cmp(b.eval(env)?))),
            Cond::Dates(op, a, b) => Some(ordered(*op, a.eval(env)?.cmp(&b.eval(env)?))),
            Cond::Bools(op, a, b) => Some(ordered(*op, a.eval(env)?.cmp(&b.eval(env)?))),
            Cond::TextIn(a, items, inside) => {
                let a = a.eval(env)?;
                Some(items.iter().any(|i| i == a) == *inside)
            }
            Cond::NumIn(a, items, inside) => {
                let a = a.eval(env)?;
                Some(items.iter().any(|i| compare_decimals(i, &a).is_eq()) == *inside)
            }
            Cond::GivenField(i) => Some(!matches!(slot(env.fields, *i), Value::Null)),
            Cond::Tree(code) => tree(code, env)?.as_bool(),
        }
    }
}

impl Text {
    pub fn eval<'a>(&'a self, env: &'a Env<'a>) -> Option<&'a Arc<str>> {
        let text = |v: &'a Value| match v {
            Value::Text(t) => Some(t),
            _ => None,
        };
        match self {
            Text::Const(t) => Some(t),
            Text::Field(i) => text(slot(env.fields, *i)),
            Text::Computed(i) => text(slot(env.computed, *i)),
            Text::Lookup(table, key) => {
                let key = key.eval(env)?;
                text(env.tables.get(*table)?.get(key)?)
            }
            Text::If(c, t, f) => {
                if c.eval(env)? {
                    t.eval(env)
                } else {
                    f.eval(env)
                }
            }
            // A value made by the tree has nowhere to live while it is borrowed: the whole
            // formula goes to `eval` instead.
            Text::Tree(_) => None,
        }
    }
}

impl Dates {
    pub fn eval(&self, env: &Env<'_>) -> Option<Date> {
        let date = |v: &Value| match v {
            Value::Date(d) => Some(*d),
            _ => None,
        };
        match self {
            Dates::Const(d) => Some(*d),
            Dates::Field(i) => date(slot(env.fields, *i)),
            Dates::Computed(i) => date(slot(env.computed, *i)),
            Dates::If(c, t, f) => {
                if c.eval(env)? {
                    t.eval(env)
                } else {
                    f.eval(env)
                }
            }
            Dates::Tree(code) => date(&tree(code, env)?),
        }
    }
}
