//! The one evaluator of the typed form ([`super::ir`]), exactly: rust_decimal with checked
//! arithmetic, no floating point. Every failure is an [`EvalError`] with the span of the
//! operation and the values it was given.
//!
//! It is generic over a [`Tracer`] (coverage of policy tests; the ordinary path passes
//! [`NoTrace`], which compiles away). Numbers are evaluated as bare `Decimal`s and
//! conditions as `bool`s by the node's type; only values of other types (text, dates, lists)
//! are built as [`Value`]s, and leaves are read in place. Errors, coverage, explain, tests,
//! `calc`, constant folding and batches all run this code.

use super::ast::BinOp;
use super::ir::{Agg, Func, Node, Op};
use super::words::Words;
use crate::diag::{Code, Diagnostic, Span};
use crate::value::{Date, DateTime, Type, Value, compare_decimals, round_half_away};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::Arc;

/// A lookup table: key → value (keys from the policy, so a fast hasher is safe).
pub type Table = crate::fasthash::PolicyMap<Arc<str>, Value>;

/// What a formula reads: the record's fields, the values computed before it, the tables.
pub struct Env<'a> {
    pub fields: &'a [Value],
    pub computed: &'a [Value],
    pub tables: &'a [Table],
}

impl Env<'_> {
    /// An environment without fields, values or tables (constants, `calc`).
    pub const EMPTY: Env<'static> = Env {
        fields: &[],
        computed: &[],
        tables: &[],
    };
}

/// An evaluation failure: its code (of the `eval` area), its words (worded when shown: an
/// error made for every record, such as a missing optional value under `given`, costs no
/// formatting) and the operation's span. Boxed: results on the hot path stay the size of a
/// value.
pub type EvalError = Box<Diagnostic>;

fn error(code: Code, span: Span, words: Words) -> EvalError {
    Box::new(Diagnostic {
        code,
        words,
        help: None,
        labels: vec![(span, Words::new("eval-label"))],
    })
}

fn overflow(span: Span, a: &Value, op: &str, b: &Value) -> EvalError {
    error(
        Code::EvalOverflow,
        span,
        Words::new("eval-overflow")
            .arg("a", a.to_string())
            .arg("op", op)
            .arg("b", b.to_string()),
    )
}

fn internal(span: Span, what: &str) -> EvalError {
    error(
        Code::EvalType,
        span,
        Words::new("eval-type").arg("what", what),
    )
}

/// A slot the compiled code names and the environment does not hold: checking takes slots
/// from the scope the engine sizes its environment by, so only a caller pairing code with
/// another programme's environment gets here. Slot nodes carry no span.
fn slot_missing(key: &'static str, slot: usize) -> EvalError {
    error(
        Code::EvalSlot,
        Span::default(),
        Words::new(key).arg("slot", slot),
    )
}

fn missing_field(span: Span) -> EvalError {
    error(
        Code::EvalMissingValue,
        span,
        Words::new("eval-missing_value"),
    )
}

/// A `Null` reaching an operation at `span` (or any other value it cannot take).
fn missing_or_internal(span: Span, v: &Value) -> EvalError {
    if *v == Value::Null {
        error(
            Code::EvalMissingValue,
            span,
            Words::new("eval-missing_value-needed"),
        )
    } else {
        internal(span, &v.to_string())
    }
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

/// Evaluates `node`.
pub fn eval(node: &Node, env: &Env<'_>) -> Result<Value, EvalError> {
    eval_traced(node, env, &mut NoTrace)
}

/// Evaluates `node`, telling `tracer` every comparison and branch taken.
pub fn eval_traced<T: Tracer>(
    node: &Node,
    env: &Env<'_>,
    tracer: &mut T,
) -> Result<Value, EvalError> {
    let mut ev = Evaluator::new(env, tracer);
    // A number formula (most of a programme's values) is evaluated as a bare decimal; a
    // `Null` no operation took (a computed value not had, through an `if`) is its value.
    let v = if node.is_numeric() {
        let d = ev.num(node);
        if ev.took_null() {
            Value::Null
        } else {
            numeric(d, node)
        }
    } else {
        ev.value(node)
    };
    ev.finish(v)
}

/// Whether a condition holds: its value is `true` (any other value, a `Null` computed value
/// among them, is a no; an error is an error).
pub fn holds_traced<T: Tracer>(
    node: &Node,
    env: &Env<'_>,
    tracer: &mut T,
) -> Result<bool, EvalError> {
    let mut ev = Evaluator::new(env, tracer);
    let held = ev.condition(node);
    ev.finish(held)
}

/// Whether a condition holds, untraced.
pub fn holds(node: &Node, env: &Env<'_>) -> Result<bool, EvalError> {
    holds_traced(node, env, &mut NoTrace)
}

/// The walk over the typed form. Every method returns a bare value (a `Decimal` in two
/// registers, a `bool`): the first error is kept in `failed` and what follows it is
/// discarded, as `?` would have returned there (the walk goes on without effects: no
/// tracer call, no error after the first). A `Null` reaching a number is said in `null`
/// and taken by the operation that consumes it, after its other operands, so an error of
/// the second operand comes before a `Null` first, as the values' order has it.
struct Evaluator<'e, 'a, T: Tracer> {
    env: &'e Env<'a>,
    /// The aggregate variables in scope, outermost first (made by the first aggregate:
    /// most formulas have none, and an empty vector still costs a drop call).
    locals: Option<Vec<Value>>,
    tracer: &'e mut T,
    failed: Option<EvalError>,
    null: bool,
}

/// A number or money as the value it is, for messages.
fn numeric(d: Decimal, node: &Node) -> Value {
    if node.is_money() {
        Value::Money(d)
    } else {
        Value::Number(d)
    }
}

impl<'e, 'a, T: Tracer> Evaluator<'e, 'a, T> {
    #[inline(always)]
    fn new(env: &'e Env<'a>, tracer: &'e mut T) -> Self {
        Evaluator {
            env,
            locals: None,
            tracer,
            failed: None,
            null: false,
        }
    }

    #[inline(always)]
    fn finish<V>(self, v: V) -> Result<V, EvalError> {
        match self.failed {
            Some(e) => Err(e),
            None => Ok(v),
        }
    }

    /// Keeps the first error.
    #[cold]
    #[inline(never)]
    fn fail(&mut self, e: EvalError) {
        if self.failed.is_none() {
            self.failed = Some(e);
        }
    }

    /// A result of the value-level helpers: its value, or `Null` with the error kept.
    fn ok(&mut self, r: Result<Value, EvalError>) -> Value {
        r.unwrap_or_else(|e| {
            self.fail(e);
            Value::Null
        })
    }

    /// Whether a `Null` reached the operation now taking its operands (cleared).
    #[inline]
    fn took_null(&mut self) -> bool {
        std::mem::take(&mut self.null)
    }

    /// The operation at `span` got a `Null` operand.
    #[cold]
    #[inline(never)]
    fn null_at(&mut self, span: Span) {
        self.fail(missing_or_internal(span, &Value::Null));
    }

    #[inline]
    fn branch(&mut self, span: Span, then: bool) {
        if self.failed.is_none() {
            self.tracer.branch(span, then);
        }
    }

    #[inline]
    fn comparison(&mut self, span: Span, outcome: bool) {
        if self.failed.is_none() {
            self.tracer.comparison(span, outcome);
        }
    }

    fn field(&mut self, i: usize, span: Span) -> &'e Value {
        let env: &'e Env<'a> = self.env;
        match env.fields.get(i) {
            Some(Value::Null) | None => {
                self.fail(missing_field(span));
                &Value::Null
            }
            Some(v) => v,
        }
    }

    fn computed(&mut self, i: usize) -> &'e Value {
        let env: &'e Env<'a> = self.env;
        match env.computed.get(i) {
            Some(v) => v,
            None => {
                self.fail(slot_missing("eval-slot", i));
                &Value::Null
            }
        }
    }

    fn local(&mut self, i: usize) -> Value {
        match self.locals.as_ref().and_then(|l| l.get(i)) {
            Some(v) => v.clone(),
            None => {
                self.fail(slot_missing("eval-slot-local", i));
                Value::Null
            }
        }
    }

    /// The node's value (`Null` after an error).
    fn value(&mut self, node: &Node) -> Value {
        match &node.op {
            Op::Const(v) => v.clone(),
            Op::Field(i, span) => self.field(*i, *span).clone(),
            Op::Computed(i) => self.computed(*i).clone(),
            Op::Local(i) => self.local(*i),
            Op::Member(base, slot, span) => self.member(base, *slot, *span),
            Op::Neg(..) | Op::Arith(..) => numeric(self.num(node), node),
            Op::Not(_) | Op::And(..) | Op::Or(..) | Op::Compare(..) | Op::In(..) => {
                Value::Bool(self.truth(node))
            }
            Op::Dates(op, a, b, span) => {
                let a = self.operand(a);
                let b = self.operand(b);
                let r = binary(*op, &a, &b, *span);
                self.ok(r)
            }
            Op::If(c, t, f, span) => {
                let then = self.truth(c);
                self.branch(*span, then);
                self.value(if then { t } else { f })
            }
            Op::List(items) => Value::List(items.iter().map(|i| self.value(i)).collect()),
            Op::Call(func, args, span) => match (func, args.as_slice()) {
                (Func::Min | Func::Max, [_, _, ..]) | (Func::Clamp, [_, _, _])
                    if node.is_numeric() =>
                {
                    self.num_value(node)
                }
                (Func::Round(_) | Func::Floor | Func::Ceil | Func::Abs | Func::Count, [_]) => {
                    self.num_value(node)
                }
                (_, [a]) => {
                    let a = self.operand(a);
                    let r = call(*func, std::slice::from_ref(&*a), *span);
                    self.ok(r)
                }
                _ => {
                    let values: Vec<Value> = args.iter().map(|a| self.value(a)).collect();
                    let r = call(*func, &values, *span);
                    self.ok(r)
                }
            },
            Op::Aggregate(agg, list, body, span) => self.aggregate(*agg, list, body, node, *span),
            Op::Lookup(table, key, span) => {
                let key = self.operand(key);
                let Value::Text(k) = &*key else {
                    let e = missing_or_internal(*span, &key);
                    self.fail(e);
                    return Value::Null;
                };
                match self.env.tables.get(*table).and_then(|t| t.get(k)) {
                    Some(v) => v.clone(),
                    None => {
                        let e = error(
                            Code::EvalLookupFailed,
                            *span,
                            Words::new("eval-lookup_failed").arg("key", key.to_string()),
                        );
                        self.fail(e);
                        Value::Null
                    }
                }
            }
            Op::Given(inner) => Value::Bool(self.given(inner)),
        }
    }

    /// `given(x)`: an error saying the value is missing is a no; any other is an error.
    fn given(&mut self, inner: &Node) -> bool {
        if let Op::Field(i, _) = inner.op {
            return !matches!(self.env.fields.get(i), Some(Value::Null) | None);
        }
        if self.failed.is_some() {
            return false;
        }
        let v = self.value(inner);
        match &self.failed {
            Some(e) if e.code == Code::EvalMissingValue => {
                self.failed = None;
                false
            }
            _ => !matches!(v, Value::Null),
        }
    }

    /// A numeric node as a value, its `Null` (a computed value not had) kept as `Null`.
    fn num_value(&mut self, node: &Node) -> Value {
        let d = self.num(node);
        numeric(d, node)
    }

    /// A value by reference where it already exists (a constant, a field, a computed value),
    /// evaluated otherwise: operands are read without cloning. A computed value not had for
    /// this record is `Null` here, for the operation to report.
    fn operand<'x>(&mut self, node: &'x Node) -> Cow<'x, Value>
    where
        'e: 'x,
    {
        match &node.op {
            Op::Const(v) => Cow::Borrowed(v),
            Op::Field(i, span) => Cow::Borrowed(self.field(*i, *span)),
            Op::Computed(i) => {
                let env: &'e Env<'a> = self.env;
                env.computed
                    .get(*i)
                    .map_or(Cow::Owned(Value::Null), Cow::Borrowed)
            }
            _ => Cow::Owned(self.value(node)),
        }
    }

    fn member(&mut self, base: &Node, slot: usize, span: Span) -> Value {
        match self.value(base) {
            Value::Record(fields) => match fields.get(slot) {
                Some(Value::Null) | None => {
                    self.fail(missing_field(span));
                    Value::Null
                }
                Some(v) => v.clone(),
            },
            other => {
                self.fail(internal(span, &other.to_string()));
                Value::Null
            }
        }
    }

    /// A number or money node as a bare decimal; a `Null` (a computed value not had, an
    /// item of a list) sets `null` for the operation taking it.
    #[inline]
    fn num(&mut self, node: &Node) -> Decimal {
        match &node.op {
            Op::Const(Value::Number(d) | Value::Money(d)) => *d,
            Op::Field(i, span) => match self.env.fields.get(*i) {
                Some(Value::Number(d) | Value::Money(d)) => *d,
                _ => self.bad_field(*i, *span),
            },
            Op::Computed(i) => match self.env.computed.get(*i) {
                Some(Value::Number(d) | Value::Money(d)) => *d,
                _ => self.bad_computed(*i),
            },
            _ => self.num_inner(node),
        }
    }

    #[cold]
    #[inline(never)]
    fn bad_field(&mut self, i: usize, span: Span) -> Decimal {
        let v = self.field(i, span);
        if *v != Value::Null {
            self.fail(internal(span, &v.to_string()));
        }
        Decimal::ZERO
    }

    #[cold]
    #[inline(never)]
    fn bad_computed(&mut self, i: usize) -> Decimal {
        match self.computed(i) {
            Value::Null => self.null = true,
            other => {
                let e = internal(Span::default(), &other.to_string());
                self.fail(e);
            }
        }
        Decimal::ZERO
    }

    /// The operations: kept out of line, so that the leaves above stay cheap in their
    /// callers.
    #[inline(never)]
    fn num_inner(&mut self, node: &Node) -> Decimal {
        match &node.op {
            Op::Neg(a, span) => {
                let x = self.num(a);
                if self.took_null() {
                    self.null_at(*span);
                }
                -x
            }
            Op::Arith(op, a, b, span) => {
                let (x, y) = self.pair(a, b, *span);
                let mut why = None;
                let d = arith(*op, x, y, &mut why);
                if let Some(why) = why {
                    self.fail(arith_error(why, *op, (x, a), (y, b), *span));
                }
                d
            }
            Op::If(c, t, f, span) => {
                let then = self.truth(c);
                self.branch(*span, then);
                self.num(if then { t } else { f })
            }
            Op::Call(func, args, span) => match (func, args.as_slice()) {
                (Func::Min | Func::Max, [a, b]) => {
                    let (x, y) = self.pair(a, b, *span);
                    let want = if *func == Func::Min {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    };
                    // The first of equals: `min(0, 0.00)` is `0`, scale and all.
                    if compare_decimals(&y, &x) == want {
                        y
                    } else {
                        x
                    }
                }
                (Func::Min | Func::Max, [_, _, ..]) => {
                    let want = if *func == Func::Min {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    };
                    let all = self.all(args, *span);
                    extreme_decimal(&all, want)
                }
                (Func::Clamp, [_, _, _]) => {
                    let all = self.all(args, *span);
                    let (x, lo, hi) = (all[0], all[1], all[2]);
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
                (Func::Round(dp), [a]) => round_half_away(self.taken(a, *span), *dp),
                (Func::Floor, [a]) => self.taken(a, *span).floor(),
                (Func::Ceil, [a]) => self.taken(a, *span).ceil(),
                (Func::Abs, [a]) => self.taken(a, *span).abs(),
                (Func::Count, [a]) => match &*self.operand(a) {
                    Value::List(items) => Decimal::from(items.len()),
                    other => {
                        let e = missing_or_internal(*span, other);
                        self.fail(e);
                        Decimal::ZERO
                    }
                },
                _ => self.num_of_value(node),
            },
            _ => self.num_of_value(node),
        }
    }

    /// One operand of the operation at `span`.
    #[inline]
    fn taken(&mut self, a: &Node, span: Span) -> Decimal {
        let x = self.num(a);
        if self.took_null() {
            self.null_at(span);
        }
        x
    }

    /// A numeric node without a bare form (a list's sum, an aggregate, days between dates).
    fn num_of_value(&mut self, node: &Node) -> Decimal {
        match self.value(node) {
            Value::Number(d) | Value::Money(d) => d,
            Value::Null => {
                self.null = true;
                Decimal::ZERO
            }
            other => {
                self.fail(internal(Span::default(), &other.to_string()));
                Decimal::ZERO
            }
        }
    }

    /// Two operands of the operation at `span`, both evaluated before a `Null` among them
    /// is reported (an error of the second comes before a `Null` first).
    #[inline]
    fn pair(&mut self, a: &Node, b: &Node, span: Span) -> (Decimal, Decimal) {
        // Each operand's `Null` is taken as soon as it is had: the flag is clear whenever
        // a node is entered.
        let x = self.num(a);
        let null = self.took_null();
        let y = self.num(b);
        if self.took_null() | null {
            self.null_at(span);
        }
        (x, y)
    }

    /// Every operand of the call at `span`, evaluated before a `Null` among them is reported.
    fn all(&mut self, args: &[Node], span: Span) -> Vec<Decimal> {
        let mut null = false;
        let values: Vec<Decimal> = args
            .iter()
            .map(|a| {
                let d = self.num(a);
                null |= self.took_null();
                d
            })
            .collect();
        if null {
            self.null_at(span);
        }
        values
    }

    /// A condition's outcome; any value but a boolean is an error (at no span: the
    /// condition as a whole).
    #[inline]
    fn truth(&mut self, node: &Node) -> bool {
        match &node.op {
            Op::Const(Value::Bool(b)) => *b,
            Op::Field(i, span) => match self.field(*i, *span) {
                Value::Bool(b) => *b,
                Value::Null => false,
                other => {
                    self.fail(missing_or_internal(Span::default(), other));
                    false
                }
            },
            _ => self.truth_inner(node),
        }
    }

    #[inline(never)]
    fn truth_inner(&mut self, node: &Node) -> bool {
        match &node.op {
            Op::Not(a) => !self.truth(a),
            // After an error the outcome means nothing; stopping there keeps `and` and
            // `or` as short as `?` made them.
            Op::And(a, b) => self.truth(a) && self.failed.is_none() && self.truth(b),
            Op::Or(a, b) => self.truth(a) || (self.failed.is_none() && self.truth(b)),
            Op::If(c, t, f, span) => {
                let then = self.truth(c);
                self.branch(*span, then);
                self.truth(if then { t } else { f })
            }
            Op::Compare(op, a, b, span) => {
                let outcome = if a.is_numeric() && b.is_numeric() {
                    let (x, y) = self.pair(a, b, *span);
                    ordered(*op, compare_decimals(&x, &y))
                } else {
                    let x = self.operand(a);
                    let y = self.operand(b);
                    let r = binary(*op, &x, &y, *span);
                    matches!(self.ok(r), Value::Bool(true))
                };
                self.comparison(*span, outcome);
                outcome
            }
            Op::In(inside, a, b, span) => {
                let x = self.operand(a);
                let y = self.operand(b);
                let op = if *inside { BinOp::In } else { BinOp::NotIn };
                let r = binary(op, &x, &y, *span);
                let outcome = matches!(self.ok(r), Value::Bool(true));
                self.comparison(*span, outcome);
                outcome
            }
            _ => match self.value(node) {
                Value::Bool(b) => b,
                other => {
                    self.fail(missing_or_internal(Span::default(), &other));
                    false
                }
            },
        }
    }

    /// Whether a condition holds: as [`Self::truth`], except that a value other than a
    /// boolean (a `Null` computed value) is a no rather than an error.
    #[inline]
    fn condition(&mut self, node: &Node) -> bool {
        match &node.op {
            Op::If(c, t, f, span) => {
                let then = self.truth(c);
                self.branch(*span, then);
                self.condition(if then { t } else { f })
            }
            Op::Const(_) | Op::Computed(_) | Op::Local(_) => {
                matches!(self.value(node), Value::Bool(true))
            }
            _ if !matches!(node.ty, Type::Bool) => matches!(self.value(node), Value::Bool(true)),
            _ => self.truth(node),
        }
    }

    fn aggregate(&mut self, agg: Agg, list: &Node, body: &Node, node: &Node, span: Span) -> Value {
        let items = match self.value(list) {
            Value::List(items) => items,
            Value::Null => Arc::from(Vec::new()),
            other => {
                self.fail(internal(span, &other.to_string()));
                return Value::Null;
            }
        };
        let mut results = Vec::with_capacity(items.len());
        for item in items.iter() {
            self.locals.get_or_insert_default().push(item.clone());
            let r = self.value(body);
            self.locals.get_or_insert_default().pop();
            if self.failed.is_some() {
                return Value::Null;
            }
            match (agg, &r) {
                (Agg::Any, Value::Bool(true)) => return Value::Bool(true),
                (Agg::All, Value::Bool(false)) => return Value::Bool(false),
                _ => results.push(r),
            }
        }
        let r = match agg {
            Agg::Any => Ok(Value::Bool(false)),
            Agg::All => Ok(Value::Bool(true)),
            Agg::Count => Ok(Value::Number(Decimal::from(
                results.iter().filter(|r| **r == Value::Bool(true)).count(),
            ))),
            Agg::Sum if results.is_empty() => Ok(numeric(Decimal::ZERO, node)),
            Agg::Sum => call(Func::Sum, &[Value::List(results.into())], span),
            Agg::Min => extreme(&results, Ordering::Less, span),
            Agg::Max => extreme(&results, Ordering::Greater, span),
        };
        self.ok(r)
    }
}

/// Why an operation on two decimals had no result.
#[derive(Clone, Copy)]
enum ArithFailure {
    Overflow,
    DivisionByZero,
}

/// `x op y`, or zero with `why` said. Out of line and returning a bare decimal (two
/// registers; a `Result` would go through memory): inlined, every step of the walk would
/// save as many registers as the largest operation needs.
#[inline(never)]
fn arith(op: BinOp, x: Decimal, y: Decimal, why: &mut Option<ArithFailure>) -> Decimal {
    let d = match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mul => x.checked_mul(y),
        _ if y.is_zero() => {
            *why = Some(ArithFailure::DivisionByZero);
            return Decimal::ZERO;
        }
        _ => x.checked_div(y),
    };
    d.unwrap_or_else(|| {
        *why = Some(ArithFailure::Overflow);
        Decimal::ZERO
    })
}

#[cold]
fn arith_error(
    why: ArithFailure,
    op: BinOp,
    (x, a): (Decimal, &Node),
    (y, b): (Decimal, &Node),
    span: Span,
) -> EvalError {
    let (a, b) = (numeric(x, a), numeric(y, b));
    match why {
        ArithFailure::DivisionByZero => error(
            Code::EvalDivisionByZero,
            span,
            Words::new("eval-division_by_zero")
                .arg("a", a.to_string())
                .arg("b", b.to_string()),
        ),
        ArithFailure::Overflow => overflow(span, &a, op.symbol(), &b),
    }
}

/// The first of the smallest (`Less`) or largest of decimals.
fn extreme_decimal(values: &[Decimal], want: Ordering) -> Decimal {
    let mut best = values.first().copied().unwrap_or_default();
    for v in values.iter().skip(1) {
        if compare_decimals(v, &best) == want {
            best = *v;
        }
    }
    best
}

fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x) | Value::Money(x), Value::Number(y) | Value::Money(y)) => {
            Some(compare_decimals(x, y))
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
        _ => compare(a, b) == Some(Ordering::Equal),
    }
}

/// Whether two values in order `ord` satisfy the comparison `op` (`=` … `>=`).
pub(super) fn ordered(op: BinOp, ord: Ordering) -> bool {
    use Ordering::*;
    match op {
        BinOp::Eq => ord == Equal,
        BinOp::Ne => ord != Equal,
        BinOp::Lt => ord == Less,
        BinOp::Le => ord != Greater,
        BinOp::Gt => ord == Greater,
        _ => ord != Less,
    }
}

/// An operation on two values of any type: comparisons, `in`, date arithmetic, the items
/// of a sum.
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
        BinOp::Mul | BinOp::Div | BinOp::And | BinOp::Or => {
            Err(internal(span, &format!("{a} {} {b}", op.symbol())))
        }
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
            Code::EvalOverflow,
            span,
            Words::new("eval-overflow-round").arg("a", v.to_string()),
        )
    })
}

fn extreme(values: &[Value], want: Ordering, span: Span) -> Result<Value, EvalError> {
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
        .ok_or_else(|| error(Code::EvalEmptyList, span, Words::new("eval-empty_list")))
}

/// A function over values: the forms without a bare numeric one (over lists, over dates).
fn call(func: Func, args: &[Value], span: Span) -> Result<Value, EvalError> {
    use Ordering::*;
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

impl DateTime {
    /// The day of a date-time; `None` past the days a `Date` counts (±5.8 million years),
    /// never 1970-01-01 in its place. A parsed date-time (years 0 to 9999) always has one.
    pub fn date(self) -> Option<Date> {
        i32::try_from(self.0.div_euclid(86_400)).ok().map(Date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_time_past_the_range_of_dates_has_no_day_not_1970() {
        let noon = DateTime::parse("2021-07-29T12:00").map(DateTime::date);
        assert_eq!(noon, Some(Date::parse("2021-07-29")));
        assert_eq!(DateTime(i64::MAX).date(), None);
        assert_eq!(DateTime(i64::MIN).date(), None);
        assert_eq!(DateTime(-1).date(), Date::parse("1969-12-31"));
    }

    #[test]
    fn a_slot_the_environment_lacks_is_an_error_not_a_missing_value() {
        let env = Env {
            fields: &[],
            computed: &[Value::Null],
            tables: &[],
        };
        let node = |op| Node::new(Type::Number, op);
        let err = eval(&node(Op::Computed(3)), &env).unwrap_err();
        assert_eq!(err.code, Code::EvalSlot);
        let err = eval(&node(Op::Local(0)), &env).unwrap_err();
        assert_eq!(err.code, Code::EvalSlot);
        // A value not computed for this record is still a plain `Null`.
        assert_eq!(eval(&node(Op::Computed(0)), &env), Ok(Value::Null));
    }

    #[test]
    fn a_call_without_arguments_is_an_error() {
        let err = call(Func::Abs, &[], Span::default()).unwrap_err();
        assert_eq!(err.code, Code::EvalType);
    }
}
