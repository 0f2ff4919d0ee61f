//! Evaluating compiled formulas over one record, exactly: rust_decimal with checked
//! arithmetic, no floating point. Every failure is an [`EvalError`] with the span of the
//! operation and the values it was given.

use super::compile::{Agg, Code, Func};
use crate::diag::{Problem, Span};
use crate::formula::ast::BinOp;
use crate::formula::words::Words;
use crate::value::{Date, Value, round_half_away};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::sync::Arc;

pub use crate::formula::eval::{Env, Table};

/// What went wrong: the code, its words (worded when shown: an error made for every record,
/// such as a missing optional value under `given`, costs no formatting) and the place.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalFailure {
    pub code: &'static str,
    pub words: Words,
    pub span: Span,
}

impl EvalFailure {
    /// The message, in the language of diagnostics.
    pub fn message(&self) -> String {
        self.words.say()
    }
}

/// An evaluation failure, boxed: results on the hot path stay the size of a value.
#[derive(Clone, Debug, PartialEq)]
pub struct EvalError(Box<EvalFailure>);

impl std::ops::Deref for EvalError {
    type Target = EvalFailure;
    fn deref(&self) -> &EvalFailure {
        &self.0
    }
}

impl Problem for EvalError {
    fn code(&self) -> &'static str {
        self.code
    }
    fn message(&self) -> String {
        self.words.say()
    }
    fn help(&self) -> Option<String> {
        Some(self.words.help())
    }
    fn labels(&self) -> Vec<(Span, String)> {
        vec![(self.span, crate::msg!("eval-label"))]
    }
}

fn error(code: &'static str, span: Span, words: Words) -> EvalError {
    EvalError(Box::new(EvalFailure { code, words, span }))
}

fn overflow(span: Span, a: &Value, op: &str, b: &Value) -> EvalError {
    error(
        "eval::overflow",
        span,
        Words::new("eval-overflow")
            .arg("a", a.to_string())
            .arg("op", op)
            .arg("b", b.to_string()),
    )
}

fn internal(span: Span, what: &str) -> EvalError {
    error(
        "eval::type",
        span,
        Words::new("eval-type").arg("what", what),
    )
}

/// Observes the decisions an evaluation takes, for clause coverage of policy tests. The
/// evaluator is generic over it, so the untraced path costs nothing.
pub trait Tracer {
    /// A comparison at `span` (of its formula) came out `outcome`.
    fn comparison(&mut self, span: Span, outcome: bool);
    /// The `if` at `span` took its `then` branch (`true`) or its `else` branch.
    fn branch(&mut self, span: Span, then: bool);
}

/// The tracer of ordinary evaluation: observes nothing.
pub struct NoTrace;

impl Tracer for NoTrace {
    #[inline]
    fn comparison(&mut self, _: Span, _: bool) {}
    #[inline]
    fn branch(&mut self, _: Span, _: bool) {}
}

/// Evaluates `code`. `locals` holds the aggregate variables in scope (empty at the top).
pub fn eval(code: &Code, env: &Env<'_>, locals: &mut Vec<Value>) -> Result<Value, EvalError> {
    eval_traced(code, env, locals, &mut NoTrace)
}

/// Evaluates `code`, telling `tracer` every comparison and branch taken.
pub fn eval_traced<T: Tracer>(
    code: &Code,
    env: &Env<'_>,
    locals: &mut Vec<Value>,
    tracer: &mut T,
) -> Result<Value, EvalError> {
    let mut ev = Evaluator {
        env,
        locals,
        tracer,
    };
    ev.eval(code)
}

struct Evaluator<'e, 'a, T: Tracer> {
    env: &'e Env<'a>,
    locals: &'e mut Vec<Value>,
    tracer: &'e mut T,
}

/// A slot the compiled code names and the environment does not hold: compile takes slots
/// from the scope the engine sizes its environment by, so only a caller pairing code with
/// another programme's environment gets here. Code nodes for slots carry no span.
fn slot_missing(key: &'static str, slot: usize) -> EvalError {
    error(
        "eval::slot",
        Span::default(),
        Words::new(key).arg("slot", slot),
    )
}

fn missing_field(span: Span) -> EvalError {
    error(
        "eval::missing_value",
        span,
        Words::new("eval-missing_value"),
    )
}

impl<'e, 'a, T: Tracer> Evaluator<'e, 'a, T> {
    fn eval(&mut self, code: &Code) -> Result<Value, EvalError> {
        match code {
            Code::Const(v) => Ok(v.clone()),
            Code::Field(i, span) => match self.env.fields.get(*i) {
                Some(Value::Null) | None => Err(missing_field(*span)),
                Some(v) => Ok(v.clone()),
            },
            // A value not computed for this record is `Null` in its slot (a missing value
            // downstream); a slot past the end is the caller's mistake, never a `Null`.
            Code::Computed(i) => self
                .env
                .computed
                .get(*i)
                .cloned()
                .ok_or_else(|| slot_missing("eval-slot", *i)),
            Code::Local(i) => self
                .locals
                .get(*i)
                .cloned()
                .ok_or_else(|| slot_missing("eval-slot-local", *i)),
            Code::Member(base, slot, span) => match self.eval(base)? {
                Value::Record(fields) => match fields.get(*slot) {
                    Some(Value::Null) | None => Err(missing_field(*span)),
                    Some(v) => Ok(v.clone()),
                },
                other => Err(internal(*span, &other.to_string())),
            },
            Code::Neg(inner, span) => match self.eval(inner)? {
                Value::Number(d) => Ok(Value::Number(-d)),
                Value::Money(d) => Ok(Value::Money(-d)),
                other => Err(missing_or_internal(*span, &other)),
            },
            Code::Not(inner) => Ok(Value::Bool(!self.truth(inner)?)),
            Code::And(a, b) => Ok(Value::Bool(self.truth(a)? && self.truth(b)?)),
            Code::Or(a, b) => Ok(Value::Bool(self.truth(a)? || self.truth(b)?)),
            Code::Binary(op, a, b, span) => {
                let a = self.value(a)?;
                let b = self.value(b)?;
                let result = binary(*op, &a, &b, *span)?;
                if op.is_comparison()
                    && let Value::Bool(outcome) = result
                {
                    self.tracer.comparison(*span, outcome);
                }
                Ok(result)
            }
            Code::If(c, t, f, span) => {
                let then = self.truth(c)?;
                self.tracer.branch(*span, then);
                if then { self.eval(t) } else { self.eval(f) }
            }
            Code::List(items) => {
                let values: Result<Vec<Value>, _> = items.iter().map(|i| self.eval(i)).collect();
                Ok(Value::List(values?.into()))
            }
            Code::Call(func, args, span) => match (func, args.as_slice()) {
                // The common shapes take their operands by reference, without a vector.
                (Func::Min | Func::Max, [a, b]) => {
                    let want = if *func == Func::Min {
                        std::cmp::Ordering::Less
                    } else {
                        std::cmp::Ordering::Greater
                    };
                    let (a, b) = (self.value(a)?, self.value(b)?);
                    pick(&a, &b, want, *span)
                }
                (_, [a]) => {
                    let a = self.value(a)?;
                    call(*func, std::slice::from_ref(&*a), *span)
                }
                _ => {
                    let values: Result<Vec<Value>, _> = args.iter().map(|a| self.eval(a)).collect();
                    call(*func, &values?, *span)
                }
            },
            Code::Aggregate(agg, list, body, span, zero) => {
                self.aggregate(*agg, (list, body, zero), *span)
            }
            Code::Lookup(table, key, span) => {
                let key = self.value(key)?;
                let Value::Text(k) = &*key else {
                    return Err(missing_or_internal(*span, &key));
                };
                self.env
                    .tables
                    .get(*table)
                    .and_then(|t| t.get(k))
                    .cloned()
                    .ok_or_else(|| {
                        error(
                            "eval::lookup_failed",
                            *span,
                            Words::new("eval-lookup_failed").arg("key", key.to_string()),
                        )
                    })
            }
            Code::Given(inner) => match self.eval(inner) {
                Ok(v) => Ok(Value::Bool(v != Value::Null)),
                Err(e) if e.code == "eval::missing_value" => Ok(Value::Bool(false)),
                Err(e) => Err(e),
            },
        }
    }

    /// A value by reference where it already exists (a constant, a field, a computed value),
    /// evaluated otherwise: operands are read without cloning.
    fn value<'x>(&mut self, code: &'x Code) -> Result<Cow<'x, Value>, EvalError>
    where
        'e: 'x,
        'a: 'x,
    {
        let env: &'e Env<'a> = self.env;
        match code {
            Code::Const(v) => Ok(Cow::Borrowed(v)),
            Code::Field(i, span) => match env.fields.get(*i) {
                Some(Value::Null) | None => Err(missing_field(*span)),
                Some(v) => Ok(Cow::Borrowed(v)),
            },
            Code::Computed(i) => Ok(env
                .computed
                .get(*i)
                .map_or(Cow::Owned(Value::Null), Cow::Borrowed)),
            other => self.eval(other).map(Cow::Owned),
        }
    }

    fn truth(&mut self, code: &Code) -> Result<bool, EvalError> {
        match self.eval(code)? {
            Value::Bool(b) => Ok(b),
            other => Err(missing_or_internal(Span::default(), &other)),
        }
    }

    fn aggregate(
        &mut self,
        agg: Agg,
        (list, body, zero): (&Code, &Code, &Value),
        span: Span,
    ) -> Result<Value, EvalError> {
        let items = match self.eval(list)? {
            Value::List(items) => items,
            Value::Null => Arc::from(Vec::new()),
            other => return Err(internal(span, &other.to_string())),
        };
        let mut results = Vec::with_capacity(items.len());
        for item in items.iter() {
            self.locals.push(item.clone());
            let r = self.eval(body);
            self.locals.pop();
            let r = r?;
            match (agg, &r) {
                (Agg::Any, Value::Bool(true)) => return Ok(Value::Bool(true)),
                (Agg::All, Value::Bool(false)) => return Ok(Value::Bool(false)),
                _ => results.push(r),
            }
        }
        match agg {
            Agg::Any => Ok(Value::Bool(false)),
            Agg::All => Ok(Value::Bool(true)),
            Agg::Count => Ok(Value::Number(Decimal::from(
                results.iter().filter(|r| **r == Value::Bool(true)).count(),
            ))),
            Agg::Sum if results.is_empty() => Ok(zero.clone()),
            Agg::Sum => call(Func::Sum, &[Value::List(results.into())], span),
            Agg::Min => extreme(&results, std::cmp::Ordering::Less, span),
            Agg::Max => extreme(&results, std::cmp::Ordering::Greater, span),
        }
    }
}

fn missing_or_internal(span: Span, v: &Value) -> EvalError {
    if *v == Value::Null {
        error(
            "eval::missing_value",
            span,
            Words::new("eval-missing_value-needed"),
        )
    } else {
        internal(span, &v.to_string())
    }
}

fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Number(x) | Value::Money(x), Value::Number(y) | Value::Money(y)) => {
            Some(crate::value::compare_decimals(x, y))
        }
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::DateTime(x), Value::DateTime(y)) => Some(x.cmp(y)),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Value equality for `=` and `in`, numeric where both are numbers.
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| equal(p, q))
        }
        _ => compare(a, b) == Some(std::cmp::Ordering::Equal),
    }
}

/// Whether two values in order `ord` satisfy the comparison `op` (`=` … `>=`).
pub(super) fn ordered(op: BinOp, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        BinOp::Eq => ord == Equal,
        BinOp::Ne => ord != Equal,
        BinOp::Lt => ord == Less,
        BinOp::Le => ord != Greater,
        BinOp::Gt => ord == Greater,
        _ => ord != Less,
    }
}

fn binary(op: BinOp, a: &Value, b: &Value, span: Span) -> Result<Value, EvalError> {
    if matches!(a, Value::Null) || matches!(b, Value::Null) {
        return Err(missing_or_internal(span, &Value::Null));
    }
    let num = |d: Option<Decimal>, money: bool, sym: &str| -> Result<Value, EvalError> {
        match d {
            Some(d) if money => Ok(Value::Money(d)),
            Some(d) => Ok(Value::Number(d)),
            None => Err(overflow(span, a, sym, b)),
        }
    };
    match op {
        BinOp::Eq => Ok(Value::Bool(equal(a, b))),
        BinOp::Ne => Ok(Value::Bool(!equal(a, b))),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let ord = compare(a, b).ok_or_else(|| internal(span, &format!("{a} vs {b}")))?;
            Ok(Value::Bool(ordered(op, ord)))
        }
        BinOp::In | BinOp::NotIn => {
            let Value::List(items) = b else {
                return Err(internal(span, &b.to_string()));
            };
            let found = items.iter().any(|i| equal(a, i));
            Ok(Value::Bool(found == (op == BinOp::In)))
        }
        BinOp::Add | BinOp::Sub => {
            let sub = op == BinOp::Sub;
            let sym = op.symbol();
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => num(
                    if sub {
                        x.checked_sub(*y)
                    } else {
                        x.checked_add(*y)
                    },
                    false,
                    sym,
                ),
                (Value::Money(x), Value::Money(y)) => num(
                    if sub {
                        x.checked_sub(*y)
                    } else {
                        x.checked_add(*y)
                    },
                    true,
                    sym,
                ),
                (Value::Date(x), Value::Date(y)) if sub => {
                    Ok(Value::Number(Decimal::from(x.0) - Decimal::from(y.0)))
                }
                (Value::DateTime(x), Value::DateTime(y)) if sub => Ok(Value::Number(
                    (Decimal::from(x.0) - Decimal::from(y.0)) / Decimal::from(86_400),
                )),
                (Value::Date(x), Value::Number(days)) => {
                    let days = days.trunc().mantissa();
                    let shifted = if sub {
                        i128::from(x.0) - days
                    } else {
                        i128::from(x.0) + days
                    };
                    i32::try_from(shifted)
                        .ok()
                        .filter(|d| d.abs() < 3_000_000)
                        .map(|d| Value::Date(Date(d)))
                        .ok_or_else(|| overflow(span, a, sym, b))
                }
                _ => Err(internal(span, &format!("{a} {sym} {b}"))),
            }
        }
        BinOp::Mul => match (a, b) {
            (Value::Number(x), Value::Number(y)) => num(x.checked_mul(*y), false, "*"),
            (Value::Money(x), Value::Number(y)) | (Value::Number(y), Value::Money(x)) => {
                num(x.checked_mul(*y), true, "*")
            }
            _ => Err(internal(span, &format!("{a} * {b}"))),
        },
        BinOp::Div => {
            let (x, y, money) = match (a, b) {
                (Value::Number(x), Value::Number(y)) | (Value::Money(x), Value::Money(y)) => {
                    (x, y, false)
                }
                (Value::Money(x), Value::Number(y)) => (x, y, true),
                _ => return Err(internal(span, &format!("{a} / {b}"))),
            };
            if y.is_zero() {
                return Err(error(
                    "eval::division_by_zero",
                    span,
                    Words::new("eval-division_by_zero")
                        .arg("a", a.to_string())
                        .arg("b", b.to_string()),
                ));
            }
            num(x.checked_div(*y), money, "/")
        }
        BinOp::And | BinOp::Or => Ok(Value::Bool(match (a, b) {
            (Value::Bool(x), Value::Bool(y)) if op == BinOp::And => *x && *y,
            (Value::Bool(x), Value::Bool(y)) => *x || *y,
            _ => return Err(internal(span, op.symbol())),
        })),
    }
}

fn map_decimal(
    v: &Value,
    span: Span,
    f: impl Fn(Decimal) -> Option<Decimal>,
) -> Result<Value, EvalError> {
    match v {
        Value::Number(d) => f(*d).map(Value::Number),
        Value::Money(d) => f(*d).map(Value::Money),
        other => return Err(missing_or_internal(span, other)),
    }
    .ok_or_else(|| {
        error(
            "eval::overflow",
            span,
            Words::new("eval-overflow-round").arg("a", v.to_string()),
        )
    })
}

fn extreme(values: &[Value], want: std::cmp::Ordering, span: Span) -> Result<Value, EvalError> {
    let mut best: Option<&Value> = None;
    for v in values {
        if matches!(v, Value::Null) {
            return Err(missing_or_internal(span, v));
        }
        best = match best {
            None => Some(v),
            Some(b) if compare(v, b) == Some(want) => Some(v),
            keep => keep,
        };
    }
    best.cloned()
        .ok_or_else(|| error("eval::empty_list", span, Words::new("eval-empty_list")))
}

/// The smaller (`Less`) or larger of two values; the first on a tie.
fn pick(a: &Value, b: &Value, want: std::cmp::Ordering, span: Span) -> Result<Value, EvalError> {
    if matches!(a, Value::Null) || matches!(b, Value::Null) {
        return Err(missing_or_internal(span, &Value::Null));
    }
    Ok(if compare(b, a) == Some(want) {
        b.clone()
    } else {
        a.clone()
    })
}

fn call(func: Func, args: &[Value], span: Span) -> Result<Value, EvalError> {
    use std::cmp::Ordering::*;
    // The checker gives every function at least one argument; a call without one is an
    // error here too, not a missing value.
    let Some(first) = args.first() else {
        return Err(internal(span, "()"));
    };
    match func {
        Func::Min | Func::Max => {
            let want = if func == Func::Min { Less } else { Greater };
            match (args.len(), first) {
                (1, Value::List(items)) => extreme(items, want, span),
                _ => extreme(args, want, span),
            }
        }
        Func::Clamp => {
            let [x, lo, hi] = args else {
                return Err(internal(span, "clamp(…)"));
            };
            let low = extreme(&[x.clone(), lo.clone()], Greater, span)?;
            extreme(&[low, hi.clone()], Less, span)
        }
        Func::Round(dp) => map_decimal(first, span, |d| Some(round_half_away(d, dp))),
        Func::Floor => map_decimal(first, span, |d| Some(d.floor())),
        Func::Ceil => map_decimal(first, span, |d| Some(d.ceil())),
        Func::Abs => map_decimal(first, span, |d| Some(d.abs())),
        Func::Count => match first {
            Value::List(items) => Ok(Value::Number(Decimal::from(items.len()))),
            other => Err(missing_or_internal(span, other)),
        },
        Func::Sum => match first {
            Value::List(items) => {
                let mut total = Value::Number(Decimal::ZERO);
                for (i, item) in items.iter().enumerate() {
                    total = if i == 0 {
                        item.clone()
                    } else {
                        binary(BinOp::Add, &total, item, span)?
                    };
                }
                Ok(total)
            }
            other => Err(missing_or_internal(span, other)),
        },
    }
}
