//! The spanned syntax tree of a formula. Spans are byte ranges of the formula text.

use crate::diag::Span;
use crate::value::{Date, DateTime, plain};
use rust_decimal::Decimal;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// A name as written, with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyUnit {
    Yuan,
    Wan,
    Yi,
}

impl MoneyUnit {
    pub fn yuan(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::ONE,
            MoneyUnit::Wan => Decimal::from(10_000),
            MoneyUnit::Yi => Decimal::from(100_000_000),
        }
    }

    pub fn suffix(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Wan => "万元",
            MoneyUnit::Yi => "亿元",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Number(Decimal),
    /// `10%`: the number as written (10); its value is the fraction (0.1).
    Percent(Decimal),
    /// `20万元`: the number as written and its unit.
    Money(Decimal, MoneyUnit),
    Bool(bool),
    Text(String),
    Date(Date),
    DateTime(DateTime),
    List(Vec<Expr>),
    Name(String),
    Member(Box<Expr>, Ident),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Call(Ident, Vec<Expr>),
    /// `sum(l in loans: l.principal)`
    Aggregate {
        func: Ident,
        var: Ident,
        list: Box<Expr>,
        body: Box<Expr>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::NotIn => "not in",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }

    /// Binding strength, higher binds tighter; matches the parser's PrattParser.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 4,
            BinOp::In | BinOp::NotIn => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Mul | BinOp::Div => 6,
        }
    }

    pub fn is_comparison(self) -> bool {
        self.precedence() == 4
    }
}

/// `not` binds looser than comparisons (`not a = b` is `not (a = b)`), unary minus tighter
/// than `*`.
const NOT_PRECEDENCE: u8 = 3;
const NEG_PRECEDENCE: u8 = 7;

impl Expr {
    fn precedence(&self) -> u8 {
        match &self.kind {
            ExprKind::Binary(op, ..) => op.precedence(),
            ExprKind::Unary(UnaryOp::Not, _) => NOT_PRECEDENCE,
            ExprKind::Unary(UnaryOp::Neg, _) => NEG_PRECEDENCE,
            ExprKind::If(..) => 0,
            _ => 8,
        }
    }

    /// Writes `self`, in parentheses when it would bind looser than `min` requires.
    fn fmt_at(&self, f: &mut fmt::Formatter<'_>, min: u8) -> fmt::Result {
        if self.precedence() < min {
            write!(f, "({self})")
        } else {
            write!(f, "{self}")
        }
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[Expr]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// The canonical text of a formula: parsing it again gives the same tree.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(d) => f.write_str(&plain(*d)),
            ExprKind::Percent(d) => write!(f, "{}%", plain(*d)),
            ExprKind::Money(d, unit) => write!(f, "{}{}", plain(*d), unit.suffix()),
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::Text(t) => {
                f.write_str("\"")?;
                for ch in t.chars() {
                    if ch == '"' || ch == '\\' {
                        f.write_str("\\")?;
                    }
                    write!(f, "{ch}")?;
                }
                f.write_str("\"")
            }
            ExprKind::Date(d) => write!(f, "{d}"),
            ExprKind::DateTime(d) => write!(f, "{d}"),
            ExprKind::List(items) => {
                f.write_str("[")?;
                write_list(f, items)?;
                f.write_str("]")
            }
            ExprKind::Name(n) => f.write_str(n),
            ExprKind::Member(base, field) => {
                base.fmt_at(f, 8)?;
                write!(f, ".{}", field.name)
            }
            ExprKind::Unary(UnaryOp::Neg, e) => {
                f.write_str("-")?;
                e.fmt_at(f, NEG_PRECEDENCE)
            }
            ExprKind::Unary(UnaryOp::Not, e) => {
                f.write_str("not ")?;
                e.fmt_at(f, NOT_PRECEDENCE)
            }
            ExprKind::Binary(op, l, r) => {
                // Left-associative: the right operand needs parentheses at equal strength.
                let p = op.precedence();
                l.fmt_at(f, p)?;
                write!(f, " {} ", op.symbol())?;
                r.fmt_at(f, p + 1)
            }
            ExprKind::If(c, t, e) => write!(f, "if {c} then {t} else {e}"),
            ExprKind::Call(func, args) => {
                write!(f, "{}(", func.name)?;
                write_list(f, args)?;
                f.write_str(")")
            }
            ExprKind::Aggregate {
                func,
                var,
                list,
                body,
            } => write!(f, "{}({} in {}: {})", func.name, var.name, list, body),
        }
    }
}

impl Expr {
    /// Calls `visit` on this node and every node below it, parents first.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Expr)) {
        visit(self);
        match &self.kind {
            ExprKind::List(items) | ExprKind::Call(_, items) => {
                items.iter().for_each(|e| e.walk(visit));
            }
            ExprKind::Member(e, _) | ExprKind::Unary(_, e) => e.walk(visit),
            ExprKind::Binary(_, l, r) => {
                l.walk(visit);
                r.walk(visit);
            }
            ExprKind::If(c, t, e) => {
                c.walk(visit);
                t.walk(visit);
                e.walk(visit);
            }
            ExprKind::Aggregate { list, body, .. } => {
                list.walk(visit);
                body.walk(visit);
            }
            _ => {}
        }
    }
}

impl Expr {
    /// The same tree with every span cleared: for comparing trees parsed from different text.
    pub fn without_spans(&self) -> Expr {
        let e = |x: &Expr| Box::new(x.without_spans());
        let id = |i: &Ident| Ident {
            name: i.name.clone(),
            span: Span::default(),
        };
        let kind = match &self.kind {
            ExprKind::List(items) => {
                ExprKind::List(items.iter().map(Expr::without_spans).collect())
            }
            ExprKind::Member(b, f) => ExprKind::Member(e(b), id(f)),
            ExprKind::Unary(op, x) => ExprKind::Unary(*op, e(x)),
            ExprKind::Binary(op, l, r) => ExprKind::Binary(*op, e(l), e(r)),
            ExprKind::If(c, t, f) => ExprKind::If(e(c), e(t), e(f)),
            ExprKind::Call(f, args) => {
                ExprKind::Call(id(f), args.iter().map(Expr::without_spans).collect())
            }
            ExprKind::Aggregate {
                func,
                var,
                list,
                body,
            } => ExprKind::Aggregate {
                func: id(func),
                var: id(var),
                list: e(list),
                body: e(body),
            },
            other => other.clone(),
        };
        Expr {
            kind,
            span: Span::default(),
        }
    }
}
