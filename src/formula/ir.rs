//! The one typed form of a formula. Checking makes it ([`super::check`]): every node carries
//! its type (and so its unit: number or money), names are resolved to slots, built-in
//! functions are an enum, constant parts are folded by the evaluator itself. Evaluation
//! ([`super::eval`]), interval analysis (`policy::bounds`) and the lints read it; nothing
//! looks a type up again by name or source position.

use super::ast::BinOp;
use crate::diag::Span;
use crate::value::{Type, Value};

/// A node: what it computes and the type of its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub ty: Type,
    pub op: Op,
}

/// What a node computes. Operators are split by the types of their operands where that
/// changes the arithmetic, so evaluation never asks a value what it is.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Const(Value),
    /// A record field, with the span of its name (a missing value is reported there).
    Field(usize, Span),
    /// A value computed before this formula (`Null` when it could not be had).
    Computed(usize),
    /// An aggregate's variable, counted from the outermost aggregate.
    Local(usize),
    /// `item.field`: the field's slot in the item record and the span of its name.
    Member(Box<Node>, usize, Span),
    Neg(Box<Node>, Span),
    Not(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    /// `+ - * /` over numbers and money (both operands numeric).
    Arith(BinOp, Box<Node>, Box<Node>, Span),
    /// `+ -` with a date or date-time: a date moved by days, days between two dates.
    Dates(BinOp, Box<Node>, Box<Node>, Span),
    /// `= != < <= > >=`.
    Compare(BinOp, Box<Node>, Box<Node>, Span),
    /// `in` (`true`) or `not in`.
    In(bool, Box<Node>, Box<Node>, Span),
    If(Box<Node>, Box<Node>, Box<Node>, Span),
    List(Vec<Node>),
    Call(Func, Vec<Node>, Span),
    /// `func(var in list: body)`; the empty `sum` is zero in the node's unit.
    Aggregate(Agg, Box<Node>, Box<Node>, Span),
    /// A lookup table by index, and the key.
    Lookup(usize, Box<Node>, Span),
    /// `given(field)`: whether the field has a value.
    Given(Box<Node>),
}

/// The built-in functions (`lookup` and `given` have their own nodes).
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

/// The functions over `var in list: body`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agg {
    Sum,
    Count,
    Any,
    All,
    Min,
    Max,
}

impl Agg {
    pub fn of(name: &str) -> Option<Agg> {
        Some(match name {
            "sum" => Agg::Sum,
            "count" => Agg::Count,
            "any" => Agg::Any,
            "all" => Agg::All,
            "min" => Agg::Min,
            "max" => Agg::Max,
            _ => return None,
        })
    }
}

impl Node {
    pub fn new(ty: Type, op: Op) -> Node {
        Node { ty, op }
    }

    /// A constant of the value's own type.
    pub fn constant(v: Value, ty: Type) -> Node {
        Node::new(ty, Op::Const(v))
    }

    /// The constant this node is, if it is one.
    pub fn as_const(&self) -> Option<&Value> {
        match &self.op {
            Op::Const(v) => Some(v),
            _ => None,
        }
    }

    /// Whether the node's value is money (and not a plain number).
    #[inline]
    pub fn is_money(&self) -> bool {
        matches!(self.ty, Type::Money)
    }

    /// Whether the node's value is a number or money.
    #[inline]
    pub fn is_numeric(&self) -> bool {
        matches!(self.ty, Type::Number | Type::Money)
    }

    /// The nodes it reads, in evaluation order.
    pub fn children(&self) -> Vec<&Node> {
        match &self.op {
            Op::Const(_) | Op::Field(..) | Op::Computed(_) | Op::Local(_) => Vec::new(),
            Op::Member(a, ..) | Op::Neg(a, _) | Op::Not(a) | Op::Lookup(_, a, _) | Op::Given(a) => {
                vec![a]
            }
            Op::And(a, b)
            | Op::Or(a, b)
            | Op::Arith(_, a, b, _)
            | Op::Dates(_, a, b, _)
            | Op::Compare(_, a, b, _)
            | Op::In(_, a, b, _)
            | Op::Aggregate(_, a, b, _) => vec![a, b],
            Op::If(c, t, f, _) => vec![c, t, f],
            Op::List(items) | Op::Call(_, items, _) => items.iter().collect(),
        }
    }
}
