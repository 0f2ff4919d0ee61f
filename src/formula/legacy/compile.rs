//! Checked syntax tree → [`Code`]: names resolved to slots, parameters inlined, constant
//! parts folded. Evaluating a record then does no lookup by name.

use super::check::{Binding, Checked, Scope, Target};
use super::eval::{self, Env};
use crate::diag::{Problem, Span};
use crate::formula::ast::{BinOp, Expr, ExprKind, UnaryOp};
use crate::formula::words::Words;
use crate::value::{Value, plain};
use rust_decimal::Decimal;

/// A formula ready to evaluate.
#[derive(Clone, Debug, PartialEq)]
pub enum Code {
    Const(Value),
    /// A record field, with the span of its name (a missing value is reported there).
    Field(usize, Span),
    Computed(usize),
    /// An aggregate's variable, counted from the outermost aggregate.
    Local(usize),
    Member(Box<Code>, usize, Span),
    Neg(Box<Code>, Span),
    Not(Box<Code>),
    And(Box<Code>, Box<Code>),
    Or(Box<Code>, Box<Code>),
    Binary(BinOp, Box<Code>, Box<Code>, Span),
    If(Box<Code>, Box<Code>, Box<Code>, Span),
    List(Vec<Code>),
    Call(Func, Vec<Code>, Span),
    /// The last value is the result over an empty list of `sum` (0 or 0元).
    Aggregate(Agg, Box<Code>, Box<Code>, Span, Value),
    Lookup(usize, Box<Code>, Span),
    Given(Box<Code>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Min,
    Max,
    Clamp,
    Round(u32),
    Floor,
    Ceil,
    Abs,
    Count,
    Sum,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agg {
    Sum,
    Count,
    Any,
    All,
    Min,
    Max,
}

/// A name the checker accepted but the scope no longer resolves: a bug in the caller,
/// reported rather than panicking.
#[derive(Clone, Debug, PartialEq)]
pub struct CompileError {
    pub span: Span,
    /// What could not be compiled (`formula-compile-*`).
    pub what: Words,
}

impl Problem for CompileError {
    fn code(&self) -> &'static str {
        "formula::compile"
    }
    fn message(&self) -> String {
        crate::msg!("formula-compile", what = self.what.say())
    }
    fn help(&self) -> Option<String> {
        Some(crate::msg!("formula-compile.help"))
    }
    fn labels(&self) -> Vec<(Span, String)> {
        vec![(self.span, crate::msg!("here"))]
    }
}

/// Compiles a checked formula.
pub fn compile(expr: &Expr, checked: &Checked, scope: &dyn Scope) -> Result<Code, CompileError> {
    let mut c = Compiler {
        scope,
        members: &checked.members,
        money_sums: &checked.money_sums,
        locals: Vec::new(),
    };
    c.code(expr)
}

struct Compiler<'s> {
    scope: &'s dyn Scope,
    members: &'s [(Span, usize)],
    money_sums: &'s [Span],
    locals: Vec<String>,
}

fn boxed(code: Code) -> Box<Code> {
    Box::new(code)
}

impl Compiler<'_> {
    fn fail<T>(&self, span: Span, what: Words) -> Result<T, CompileError> {
        Err(CompileError { span, what })
    }

    fn code(&mut self, e: &Expr) -> Result<Code, CompileError> {
        let code = match &e.kind {
            ExprKind::Number(d) => Code::Const(Value::Number(*d)),
            ExprKind::Percent(d) => Code::Const(Value::Number(*d / Decimal::ONE_HUNDRED)),
            ExprKind::Money(d, unit) => match d.checked_mul(unit.yuan()) {
                Some(y) => Code::Const(Value::Money(y)),
                None => return self.fail(e.span, Words::new("formula-compile-amount")),
            },
            ExprKind::Bool(b) => Code::Const(Value::Bool(*b)),
            ExprKind::Text(t) => Code::Const(Value::Text(t.as_str().into())),
            ExprKind::Date(d) => Code::Const(Value::Date(*d)),
            ExprKind::DateTime(d) => Code::Const(Value::DateTime(*d)),
            ExprKind::List(items) => Code::List(self.all(items)?),
            ExprKind::Name(name) => {
                if let Some(i) = self.locals.iter().rposition(|n| n == name) {
                    Code::Local(i)
                } else {
                    match self.scope.resolve(name) {
                        Some(Binding::Value {
                            target: Target::Field(i),
                            ..
                        }) => Code::Field(i, e.span),
                        Some(Binding::Value {
                            target: Target::Computed(i),
                            ..
                        }) => Code::Computed(i),
                        Some(Binding::Value {
                            target: Target::Const(v),
                            ..
                        }) => Code::Const(v),
                        _ => {
                            return self.fail(
                                e.span,
                                Words::new("formula-compile-name").arg("name", name),
                            );
                        }
                    }
                }
            }
            ExprKind::Member(base, field) => {
                let slot = self.member_slot(field.span)?;
                Code::Member(boxed(self.code(base)?), slot, field.span)
            }
            ExprKind::Unary(UnaryOp::Neg, inner) => Code::Neg(boxed(self.code(inner)?), e.span),
            ExprKind::Unary(UnaryOp::Not, inner) => Code::Not(boxed(self.code(inner)?)),
            ExprKind::Binary(BinOp::And, l, r) => {
                Code::And(boxed(self.code(l)?), boxed(self.code(r)?))
            }
            ExprKind::Binary(BinOp::Or, l, r) => {
                Code::Or(boxed(self.code(l)?), boxed(self.code(r)?))
            }
            ExprKind::Binary(op, l, r) => {
                Code::Binary(*op, boxed(self.code(l)?), boxed(self.code(r)?), e.span)
            }
            ExprKind::If(c, t, f) => Code::If(
                boxed(self.code(c)?),
                boxed(self.code(t)?),
                boxed(self.code(f)?),
                e.span,
            ),
            ExprKind::Call(func, args) => self.call(&func.name, args, e.span)?,
            ExprKind::Aggregate {
                func,
                var,
                list,
                body,
            } => {
                let agg = match func.name.as_str() {
                    "sum" => Agg::Sum,
                    "count" => Agg::Count,
                    "any" => Agg::Any,
                    "all" => Agg::All,
                    "min" => Agg::Min,
                    "max" => Agg::Max,
                    other => {
                        return self.fail(
                            func.span,
                            Words::new("formula-compile-aggregate").arg("name", other),
                        );
                    }
                };
                let list = self.code(list)?;
                self.locals.push(var.name.clone());
                let body = self.code(body);
                self.locals.pop();
                let zero = match self.money_sums.contains(&e.span) {
                    true => Value::Money(Decimal::ZERO),
                    false => Value::Number(Decimal::ZERO),
                };
                Code::Aggregate(agg, boxed(list), boxed(body?), e.span, zero)
            }
        };
        Ok(fold(code))
    }

    fn all(&mut self, items: &[Expr]) -> Result<Vec<Code>, CompileError> {
        items.iter().map(|i| self.code(i)).collect()
    }

    fn member_slot(&self, span: Span) -> Result<usize, CompileError> {
        match self.members.iter().find(|(s, _)| *s == span) {
            Some((_, slot)) => Ok(*slot),
            None => self.fail(span, Words::new("formula-compile-member")),
        }
    }

    fn call(&mut self, name: &str, args: &[Expr], span: Span) -> Result<Code, CompileError> {
        if name == "lookup" {
            let (
                Some(Expr {
                    kind: ExprKind::Name(table),
                    ..
                }),
                Some(key),
            ) = (args.first(), args.get(1))
            else {
                return self.fail(
                    span,
                    Words::new("formula-compile-function").arg("name", "lookup"),
                );
            };
            return match self.scope.resolve(table) {
                Some(Binding::Table { index, .. }) => {
                    Ok(Code::Lookup(index, boxed(self.code(key)?), span))
                }
                _ => self.fail(span, Words::new("formula-compile-table").arg("name", table)),
            };
        }
        if name == "given" {
            let Some(arg) = args.first() else {
                return self.fail(
                    span,
                    Words::new("formula-compile-function").arg("name", "given"),
                );
            };
            return Ok(Code::Given(boxed(self.code(arg)?)));
        }
        let func = match name {
            "min" => Func::Min,
            "max" => Func::Max,
            "clamp" => Func::Clamp,
            // The checker accepts only whole digits from 0 to 20 (`formula::round_digits`);
            // compile refuses anything else itself rather than rounding to 0 places.
            "round" => match args.get(1).map(|a| (&a.kind, a.span)) {
                Some((ExprKind::Number(d), at)) => match u32::try_from(d.trunc().mantissa()) {
                    Ok(dp) if d.fract().is_zero() && dp <= 20 => Func::Round(dp),
                    _ => {
                        return self.fail(
                            at,
                            Words::new("formula-compile-round").arg("digits", plain(*d)),
                        );
                    }
                },
                _ => {
                    return self.fail(span, Words::new("formula-compile-round").arg("digits", "?"));
                }
            },
            "floor" => Func::Floor,
            "ceil" => Func::Ceil,
            "abs" => Func::Abs,
            "count" => Func::Count,
            "sum" => Func::Sum,
            other => {
                return self.fail(
                    span,
                    Words::new("formula-compile-function").arg("name", other),
                );
            }
        };
        let args = if matches!(func, Func::Round(_)) {
            &args[..1]
        } else {
            args
        };
        Ok(Code::Call(func, self.all(args)?, span))
    }
}

/// Evaluates a node whose operands are all constants, once, at compile time. A constant
/// part that fails (`1 / 0`) is left for evaluation, which reports it with its span.
fn fold(code: Code) -> Code {
    let constant = |c: &Code| matches!(c, Code::Const(_));
    let foldable = match &code {
        Code::Neg(a, _) | Code::Not(a) => constant(a),
        Code::And(a, b) | Code::Or(a, b) | Code::Binary(_, a, b, _) => constant(a) && constant(b),
        Code::If(c, a, b, _) => constant(c) && constant(a) && constant(b),
        Code::List(items) | Code::Call(_, items, _) => items.iter().all(constant),
        _ => false,
    };
    if !foldable {
        return code;
    }
    let env = Env {
        fields: &[],
        computed: &[],
        tables: &[],
    };
    match eval::eval(&code, &env, &mut Vec::new()) {
        Ok(v) => Code::Const(v),
        Err(_) => code,
    }
}
