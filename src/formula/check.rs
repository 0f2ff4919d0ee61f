//! Static checking: names, arity, types and units, before any record is seen.

use super::ast::{BinOp, Expr, ExprKind, Ident, UnaryOp};
use super::eval;
use super::ir::{Agg, Func, Node, Op};
use super::words::{Word, Words};
use crate::diag::Code;
use crate::diag::{Span, did_you_mean};
use crate::value::{Type, Value, plain};
use rust_decimal::Decimal;

/// What a name in a formula stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum Binding {
    /// A value: a record field, a computed value, or a constant parameter.
    Value { ty: Type, target: Target },
    /// A lookup table, usable only as the first argument of `lookup`.
    Table {
        index: usize,
        key: Type,
        value: Type,
    },
}

/// Where a value comes from once compiled.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Field(usize),
    Computed(usize),
    Const(Value),
}

/// The names a formula may use. Policies, programmes and `calc` each provide one.
pub trait Scope {
    fn resolve(&self, name: &str) -> Option<Binding>;
    /// Every name, for "did you mean …?".
    fn names(&self) -> Vec<String>;
    /// The values a field of a closed or open list of values may take, so that a text written
    /// in a formula and compared with it is checked: `field`, or `list.item` for a field of
    /// the items of a list of records.
    fn choices(&self, _path: &str) -> Option<Choices> {
        None
    }
}

/// The values of an enumerated field: its ids, and every other spelling a record may use
/// (alias, Chinese name) with the id it stands for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    pub ids: Vec<String>,
    pub spellings: Vec<(String, String)>,
}

/// A type or name error in a formula: its code, its words (a catalogue key whose `.help`
/// is the help, unless `help` says otherwise) and labelled spans.
pub type CheckError = crate::diag::Diagnostic;

fn err(code: Code, span: Span, label: Words, words: Words) -> CheckError {
    CheckError {
        code,
        words,
        help: None,
        labels: vec![(span, label)],
    }
}

impl CheckError {
    fn with_help(mut self, help: Option<Words>) -> CheckError {
        self.help = help;
        self
    }
}

/// "this is a number" under a value.
fn this_is(t: &Type) -> Words {
    Words::new("formula-this_is").arg("type", t)
}

/// A type's bare name under a value.
fn type_label(t: &Type) -> Words {
    Words::new("formula-type").arg("type", t)
}

/// "did you mean `x`?"
fn suggest(s: Option<&str>) -> Option<Words> {
    s.map(|s| Words::new("formula-did_you_mean").arg("suggestion", s))
}

/// The functions of the language: name and the ways a call is written.
pub const FUNCTIONS: &[(&str, &[&str])] = &[
    ("min", &["min(a, b, …)", "min(list)"]),
    ("max", &["max(a, b, …)", "max(list)"]),
    ("clamp", &["clamp(value, low, high)"]),
    ("round", &["round(value, digits)"]),
    ("floor", &["floor(value)"]),
    ("ceil", &["ceil(value)"]),
    ("abs", &["abs(value)"]),
    ("count", &["count(list)", "count(x in list: condition)"]),
    ("sum", &["sum(list)", "sum(x in list: value)"]),
    ("any", &["any(x in list: condition)"]),
    ("all", &["all(x in list: condition)"]),
    ("lookup", &["lookup(table, key)"]),
    ("given", &["given(field)"]),
];

const AGGREGATES: &[&str] = &["sum", "count", "any", "all", "min", "max"];

/// Checks `expr` against `scope`: its typed form ([`Node`]: names resolved to slots,
/// constant parts folded), or every problem found.
pub fn check(expr: &Expr, scope: &dyn Scope) -> Result<Node, Vec<CheckError>> {
    let mut checker = Checker {
        scope,
        locals: Vec::new(),
        local_lists: Vec::new(),
        errors: Vec::new(),
    };
    let node = checker.node(expr);
    match node {
        Some(node) if checker.errors.is_empty() => Ok(node),
        _ => Err(checker.errors),
    }
}

/// Checks that `expr` has the type `want` (a condition is Bool, an award Money, …).
pub fn check_as(
    expr: &Expr,
    scope: &dyn Scope,
    want: &Type,
    what: &str,
) -> Result<Node, Vec<CheckError>> {
    let node = check(expr, scope)?;
    if want.accepts(&node.ty) {
        return Ok(node);
    }
    let ty = &node.ty;
    let key = match (want, ty) {
        (Type::Money, Type::Number) => "formula-wrong_type-money",
        (Type::Bool, _) => "formula-wrong_type-condition",
        _ => "formula-wrong_type",
    };
    Err(vec![err(
        Code::FormulaWrongType,
        expr.span,
        this_is(ty),
        Words::new(key)
            .arg("what", what)
            .arg("want", want)
            .arg("type", ty),
    )])
}

struct Checker<'s> {
    scope: &'s dyn Scope,
    locals: Vec<(String, Type)>,
    /// For each local, the field whose list it ranges over (for its [`Choices`]).
    local_lists: Vec<Option<String>>,
    errors: Vec<CheckError>,
}

fn is_numeric(t: &Type) -> bool {
    matches!(t, Type::Number | Type::Money)
}

fn is_ordered(t: &Type) -> bool {
    matches!(t, Type::Number | Type::Money | Type::Date | Type::DateTime)
}

fn boxed(node: Node) -> Box<Node> {
    Box::new(node)
}

/// A node whose operands are all constants is evaluated once, here, by the evaluator. A
/// constant part that fails (`1 / 0`) is left for evaluation, which reports it with its span.
fn fold(node: Node) -> Node {
    let constant = |n: &Node| n.as_const().is_some();
    let foldable = match &node.op {
        Op::Neg(a, _) | Op::Not(a) => constant(a),
        Op::And(a, b)
        | Op::Or(a, b)
        | Op::Arith(_, a, b, _)
        | Op::Dates(_, a, b, _)
        | Op::Compare(_, a, b, _)
        | Op::In(_, a, b, _) => constant(a) && constant(b),
        Op::If(c, a, b, _) => constant(c) && constant(a) && constant(b),
        Op::List(items) | Op::Call(_, items, _) => items.iter().all(constant),
        _ => false,
    };
    if !foldable {
        return node;
    }
    match eval::eval(&node, &eval::Env::EMPTY) {
        Ok(v) => Node::constant(v, node.ty),
        Err(_) => node,
    }
}

/// How to write a plain number as money, for the unit-mismatch help.
fn money_hint(e: &Expr) -> Option<Words> {
    match &e.kind {
        ExprKind::Number(n) => Some(Words::new("formula-money_hint").arg("number", plain(*n))),
        ExprKind::Unary(UnaryOp::Neg, inner) => match &inner.kind {
            ExprKind::Number(n) => {
                Some(Words::new("formula-money_hint").arg("number", format!("-{}", plain(*n))))
            }
            _ => None,
        },
        _ => None,
    }
}

impl Checker<'_> {
    fn report<T>(&mut self, e: CheckError) -> Option<T> {
        self.errors.push(e);
        None
    }

    fn is_local(&self, name: &str) -> bool {
        self.locals.iter().any(|(n, _)| n == name)
    }

    /// The values `e` may take when it is an enumerated field, a field of an item, or an
    /// item of a list of values.
    fn choices_of(&self, e: &Expr) -> Option<Choices> {
        let list_of = |name: &str| {
            let at = self.locals.iter().rposition(|(n, _)| n == name)?;
            self.local_lists.get(at).cloned().flatten()
        };
        match &e.kind {
            ExprKind::Name(n) if self.is_local(n) => self.scope.choices(&list_of(n)?),
            ExprKind::Name(n) => self.scope.choices(n),
            ExprKind::Member(base, field) => match &base.kind {
                ExprKind::Name(n) if self.is_local(n) => {
                    self.scope
                        .choices(&format!("{}.{}", list_of(n)?, field.name))
                }
                _ => None,
            },
            ExprKind::Call(func, args) if func.name == "lookup" => match args.first()?.kind {
                ExprKind::Name(ref table) => self.scope.choices(&format!("lookup({table})")),
                _ => None,
            },
            _ => None,
        }
    }

    /// A text literal in `texts` (one, or a list written out) compared with the enumerated
    /// `field` must be one of its values: `company_size == "smal"` is a typo that would
    /// otherwise be false for every record.
    fn literals_among(&mut self, field: &Expr, texts: &Expr) -> bool {
        let Some(choices) = self.choices_of(field) else {
            return true;
        };
        let literals: Vec<&Expr> = match &texts.kind {
            ExprKind::Text(_) => vec![texts],
            ExprKind::List(items) => items.iter().collect(),
            _ => return true,
        };
        let mut ok = true;
        for lit in literals {
            let ExprKind::Text(text) = &lit.kind else {
                continue;
            };
            if choices.ids.iter().any(|id| id == text) {
                continue;
            }
            ok = false;
            let help = match choices.spellings.iter().find(|(s, _)| s == text) {
                Some((_, id)) => Words::new("formula-unknown_value-spelling")
                    .arg("text", text.as_str())
                    .arg("id", id.as_str()),
                None => match did_you_mean(text, choices.ids.iter().map(String::as_str)) {
                    Some(near) => Words::new("formula-did_you_mean").arg("suggestion", near),
                    None => Words::new("formula-unknown_value-values")
                        .arg("values", Word::Code(choices.ids.clone())),
                },
            };
            let field_text = match &field.kind {
                ExprKind::Member(_, f) => f.name.clone(),
                ExprKind::Name(n) => n.clone(),
                _ => field.to_string(),
            };
            self.errors.push(
                err(
                    Code::FormulaUnknownValue,
                    lit.span,
                    Words::new("formula-unknown_value-label"),
                    Words::new("formula-unknown_value")
                        .arg("text", text.as_str())
                        .arg("field", field_text),
                )
                .with_help(Some(help)),
            );
        }
        ok
    }

    fn all_names(&self) -> Vec<String> {
        let mut names = self.scope.names();
        names.extend(self.locals.iter().map(|(n, _)| n.clone()));
        names
    }

    fn node(&mut self, e: &Expr) -> Option<Node> {
        let node = match &e.kind {
            ExprKind::Number(d) => Node::constant(Value::Number(*d), Type::Number),
            ExprKind::Percent(d) => {
                Node::constant(Value::Number(*d / Decimal::ONE_HUNDRED), Type::Number)
            }
            ExprKind::Money(d, unit) => match d.checked_mul(unit.yuan()) {
                Some(y) => Node::constant(Value::Money(y), Type::Money),
                None => {
                    return self.report(err(
                        Code::FormulaAmountOverflow,
                        e.span,
                        Words::new("formula-amount_overflow-label"),
                        Words::new("formula-amount_overflow").arg("amount", e.to_string()),
                    ));
                }
            },
            ExprKind::Bool(b) => Node::constant(Value::Bool(*b), Type::Bool),
            ExprKind::Text(t) => Node::constant(Value::Text(t.as_str().into()), Type::Text),
            ExprKind::Date(d) => Node::constant(Value::Date(*d), Type::Date),
            ExprKind::DateTime(d) => Node::constant(Value::DateTime(*d), Type::DateTime),
            ExprKind::List(items) => self.list(items)?,
            ExprKind::Name(name) => self.name(name, e.span)?,
            ExprKind::Member(base, field) => self.member(base, field)?,
            ExprKind::Unary(op, inner) => self.unary(*op, inner, e.span)?,
            ExprKind::Binary(op, l, r) => self.binary(*op, l, r, e.span)?,
            ExprKind::If(c, t, f) => self.if_expr(c, t, f, e.span)?,
            ExprKind::Call(func, args) => self.call(func, args, e.span)?,
            ExprKind::Aggregate {
                func,
                var,
                list,
                body,
            } => self.aggregate(func, var, list, body, e.span)?,
        };
        Some(fold(node))
    }

    fn list(&mut self, items: &[Expr]) -> Option<Node> {
        let mut elem = Type::Any;
        let mut ok = true;
        let mut nodes = Vec::with_capacity(items.len());
        for item in items {
            let Some(n) = self.node(item) else {
                ok = false;
                continue;
            };
            match elem.unify(&n.ty) {
                Some(u) => elem = u,
                None => {
                    ok = false;
                    self.report::<()>(err(
                        Code::FormulaTypeMismatch,
                        item.span,
                        this_is(&n.ty),
                        Words::new("formula-type_mismatch-list")
                            .arg("first", &elem)
                            .arg("type", &n.ty),
                    ));
                }
            }
            nodes.push(n);
        }
        ok.then(|| Node::new(Type::List(Box::new(elem)), Op::List(nodes)))
    }

    fn name(&mut self, name: &str, span: Span) -> Option<Node> {
        if let Some(i) = self.locals.iter().rposition(|(n, _)| n == name) {
            return Some(Node::new(self.locals[i].1.clone(), Op::Local(i)));
        }
        match self.scope.resolve(name) {
            Some(Binding::Value { ty, target }) => Some(match target {
                Target::Field(i) => Node::new(ty, Op::Field(i, span)),
                Target::Computed(i) => Node::new(ty, Op::Computed(i)),
                Target::Const(v) => Node::new(ty, Op::Const(v)),
            }),
            Some(Binding::Table { .. }) => self.report(err(
                Code::FormulaTableAsValue,
                span,
                Words::new("formula-table_as_value-label"),
                Words::new("formula-table_as_value").arg("name", name),
            )),
            None => {
                let names = self.all_names();
                let suggestion = did_you_mean(name, names.iter().map(String::as_str));
                self.report(
                    err(
                        Code::FormulaUnknownName,
                        span,
                        Words::new("formula-unknown_name-label"),
                        Words::new("formula-unknown_name").arg("name", name),
                    )
                    .with_help(suggest(suggestion)),
                )
            }
        }
    }

    fn member(&mut self, base: &Expr, field: &Ident) -> Option<Node> {
        let b = self.node(base)?;
        let bt = b.ty.clone();
        let Type::Record(rt) = &bt else {
            return self.report(err(
                Code::FormulaNotARecord,
                base.span,
                this_is(&bt),
                Words::new("formula-not_a_record")
                    .arg("field", &field.name)
                    .arg("type", &bt),
            ));
        };
        match rt.fields.iter().position(|(n, _)| *n == field.name) {
            Some(slot) => Some(Node::new(
                rt.fields[slot].1.clone(),
                Op::Member(boxed(b), slot, field.span),
            )),
            None => {
                let suggestion =
                    did_you_mean(&field.name, rt.fields.iter().map(|(n, _)| n.as_str()));
                let names: Vec<String> = rt.fields.iter().map(|(n, _)| n.clone()).collect();
                self.report(
                    err(
                        Code::FormulaUnknownName,
                        field.span,
                        Words::new("formula-unknown_name-member-label"),
                        Words::new("formula-unknown_name-member")
                            .arg("field", &field.name)
                            .arg("fields", Word::Code(names)),
                    )
                    .with_help(suggest(suggestion)),
                )
            }
        }
    }

    fn unary(&mut self, op: UnaryOp, inner: &Expr, span: Span) -> Option<Node> {
        let n = self.node(inner)?;
        let t = n.ty.clone();
        match (op, &t) {
            (UnaryOp::Neg, Type::Number | Type::Money) => {
                Some(Node::new(t.clone(), Op::Neg(boxed(n), span)))
            }
            (UnaryOp::Not, Type::Bool) => Some(Node::new(Type::Bool, Op::Not(boxed(n)))),
            (UnaryOp::Neg, _) => self.report(err(
                Code::FormulaTypeMismatch,
                span,
                this_is(&t),
                Words::new("formula-type_mismatch-negate").arg("type", &t),
            )),
            (UnaryOp::Not, _) => self.report(err(
                Code::FormulaTypeMismatch,
                inner.span,
                this_is(&t),
                Words::new("formula-type_mismatch-not").arg("type", &t),
            )),
        }
    }

    fn binary(&mut self, op: BinOp, l: &Expr, r: &Expr, span: Span) -> Option<Node> {
        let a = self.node(l);
        let b = self.node(r);
        let (a, b) = (a?, b?);
        let ty = self.binary_type(op, l, a.ty.clone(), r, b.ty.clone(), span)?;
        let (a, b) = (boxed(a), boxed(b));
        let op = match op {
            BinOp::And => Op::And(a, b),
            BinOp::Or => Op::Or(a, b),
            BinOp::In | BinOp::NotIn => Op::In(op == BinOp::In, a, b, span),
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                Op::Compare(op, a, b, span)
            }
            _ if a.is_numeric() && b.is_numeric() => Op::Arith(op, a, b, span),
            _ => Op::Dates(op, a, b, span),
        };
        Some(Node::new(ty, op))
    }

    /// The type of `l op r`, by the rules of the language, or the problem reported.
    fn binary_type(
        &mut self,
        op: BinOp,
        l: &Expr,
        lt: Type,
        r: &Expr,
        rt: Type,
        span: Span,
    ) -> Option<Type> {
        use BinOp::*;
        use Type::*;
        let mismatch = |code: Code, words: Words| CheckError {
            code,
            words,
            help: None,
            labels: vec![(l.span, type_label(&lt)), (r.span, type_label(&rt))],
        };
        let symbol = op.symbol();
        match op {
            And | Or => {
                for (side, t) in [(l, &lt), (r, &rt)] {
                    if *t != Bool {
                        return self.report(err(
                            Code::FormulaTypeMismatch,
                            side.span,
                            this_is(t),
                            Words::new("formula-type_mismatch-logic")
                                .arg("op", symbol)
                                .arg("type", t),
                        ));
                    }
                }
                Some(Bool)
            }
            In | NotIn => match &rt {
                // `"x" in list_field` and `field in ["a", "b"]`.
                List(elem) if elem.accepts(&lt) => {
                    let ok = self.literals_among(r, l) & self.literals_among(l, r);
                    ok.then_some(Bool)
                }
                List(_) => self.report(mismatch(
                    Code::FormulaTypeMismatch,
                    Words::new("formula-type_mismatch-in")
                        .arg("op", symbol)
                        .arg("type", &lt)
                        .arg("list", &rt),
                )),
                _ => self.report(err(
                    Code::FormulaTypeMismatch,
                    r.span,
                    this_is(&rt),
                    Words::new("formula-type_mismatch-in_list")
                        .arg("op", symbol)
                        .arg("type", &rt),
                )),
            },
            Eq | Ne | Lt | Le | Gt | Ge => {
                let ordered = !matches!(op, Eq | Ne);
                if let Some(t) = lt.unify(&rt) {
                    if ordered && !is_ordered(&t) {
                        return self.report(mismatch(
                            Code::FormulaTypeMismatch,
                            Words::new("formula-type_mismatch-order")
                                .arg("op", symbol)
                                .arg("types", Word::Types(t)),
                        ));
                    }
                    let ok = ordered || self.literals_among(l, r) & self.literals_among(r, l);
                    return ok.then_some(Bool);
                }
                self.report(self.unit_or_type_mismatch(op, l, &lt, r, &rt, span))
            }
            Add | Sub => match (&lt, &rt) {
                (Number, Number) => Some(Number),
                (Money, Money) => Some(Money),
                (Date, Date) if op == Sub => Some(Number),
                (DateTime, DateTime) if op == Sub => Some(Number),
                (Date, Number) => Some(Date),
                (Bool, _) | (_, Bool) => self.report(self.bool_arithmetic(op, l, &lt, r)),
                _ => self.report(self.unit_or_type_mismatch(op, l, &lt, r, &rt, span)),
            },
            Mul => match (&lt, &rt) {
                (Number, Number) => Some(Number),
                (Money, Number) | (Number, Money) => Some(Money),
                (Money, Money) => self.report(mismatch(
                    Code::FormulaMoneyTimesMoney,
                    Words::new("formula-money_times_money"),
                )),
                (Bool, _) | (_, Bool) => self.report(self.bool_arithmetic(op, l, &lt, r)),
                _ => self.report(mismatch(
                    Code::FormulaTypeMismatch,
                    Words::new("formula-type_mismatch-multiply")
                        .arg("left", &lt)
                        .arg("right", &rt),
                )),
            },
            Div => match (&lt, &rt) {
                (Number, Number) | (Money, Money) => Some(Number),
                (Money, Number) => Some(Money),
                (Bool, _) | (_, Bool) => self.report(self.bool_arithmetic(op, l, &lt, r)),
                _ => self.report(mismatch(
                    Code::FormulaTypeMismatch,
                    Words::new("formula-type_mismatch-divide")
                        .arg("left", &lt)
                        .arg("right", &rt),
                )),
            },
        }
    }

    fn bool_arithmetic(&self, op: BinOp, l: &Expr, lt: &Type, r: &Expr) -> CheckError {
        let side = if *lt == Type::Bool { l } else { r };
        err(
            Code::FormulaBoolArithmetic,
            side.span,
            Words::new("formula-bool_arithmetic-label"),
            Words::new("formula-bool_arithmetic").arg("op", op.symbol()),
        )
    }

    fn unit_or_type_mismatch(
        &self,
        op: BinOp,
        l: &Expr,
        lt: &Type,
        r: &Expr,
        rt: &Type,
        span: Span,
    ) -> CheckError {
        let plain_side = match (lt, rt) {
            (Type::Money, Type::Number) => Some(r),
            (Type::Number, Type::Money) => Some(l),
            _ => None,
        };
        if let Some(side) = plain_side {
            let other = if std::ptr::eq(side, l) { r } else { l };
            return CheckError {
                code: Code::FormulaUnitMismatch,
                words: Words::new("formula-unit_mismatch").arg("op", op.symbol()),
                help: money_hint(side),
                labels: vec![
                    (side.span, Words::new("formula-unit_mismatch-plain")),
                    (other.span, Words::new("formula-unit_mismatch-money")),
                ],
            };
        }
        let _ = span;
        CheckError {
            code: Code::FormulaTypeMismatch,
            words: Words::new("formula-type_mismatch")
                .arg("op", op.symbol())
                .arg("left", lt)
                .arg("right", rt),
            help: None,
            labels: vec![(l.span, type_label(lt)), (r.span, type_label(rt))],
        }
    }

    fn if_expr(&mut self, c: &Expr, t: &Expr, f: &Expr, span: Span) -> Option<Node> {
        let cn = self.node(c);
        let ct = cn.as_ref().map(|n| n.ty.clone());
        if let Some(ct) = &ct
            && *ct != Type::Bool
        {
            self.report::<()>(err(
                Code::FormulaTypeMismatch,
                c.span,
                this_is(ct),
                Words::new("formula-type_mismatch-if").arg("type", ct),
            ));
        }
        let (tn, fn_) = (self.node(t), self.node(f));
        let (tn, fn_) = (tn?, fn_?);
        let (tt, ft) = (tn.ty.clone(), fn_.ty.clone());
        let cn = cn?;
        match tt.unify(&ft) {
            Some(u) => Some(Node::new(u, Op::If(boxed(cn), boxed(tn), boxed(fn_), span))),
            None => {
                let help = match (&tt, &ft) {
                    (Type::Money, Type::Number) => money_hint(f),
                    (Type::Number, Type::Money) => money_hint(t),
                    _ => None,
                };
                self.report(CheckError {
                    code: Code::FormulaTypeMismatch,
                    words: Words::new("formula-type_mismatch-branches")
                        .arg("then", &tt)
                        .arg("else", &ft),
                    help,
                    labels: vec![(t.span, type_label(&tt)), (f.span, type_label(&ft))],
                })
            }
        }
    }

    /// A call with the wrong number of arguments; `wanted` is the catalogue key of what the
    /// function takes.
    fn arity<T>(
        &mut self,
        func: &Ident,
        wanted: &'static str,
        got: usize,
        span: Span,
    ) -> Option<T> {
        let usage: Vec<String> = FUNCTIONS.iter().find(|(n, _)| *n == func.name).map_or_else(
            || vec![format!("{}(…)", func.name)],
            |(_, ways)| ways.iter().map(|w| w.to_string()).collect(),
        );
        self.report(CheckError {
            code: Code::FormulaArity,
            words: Words::new("formula-arity")
                .arg("name", &func.name)
                .arg("wanted", Word::Key(wanted))
                .arg("got", got)
                .arg("usage", Word::CodeOr(usage)),
            help: None,
            labels: vec![(span, Words::new("formula-arity-label").arg("got", got))],
        })
    }

    fn call(&mut self, func: &Ident, args: &[Expr], span: Span) -> Option<Node> {
        let name = func.name.as_str();
        if name == "lookup" {
            return self.lookup(func, args, span);
        }
        if name == "given" {
            if args.len() != 1 {
                return self.arity(func, "formula-takes-one_field", args.len(), span);
            }
            let is_field = matches!(&args[0].kind, ExprKind::Name(_) | ExprKind::Member(..));
            let arg = self.node(&args[0])?;
            if !is_field {
                return self.report(err(
                    Code::FormulaTypeMismatch,
                    args[0].span,
                    Words::new("formula-type_mismatch-given-label"),
                    Words::new("formula-type_mismatch-given"),
                ));
            }
            return Some(Node::new(Type::Bool, Op::Given(boxed(arg))));
        }
        if !FUNCTIONS.iter().any(|(n, _)| *n == name) {
            let suggestion = did_you_mean(name, FUNCTIONS.iter().map(|(n, _)| *n));
            let all: Vec<String> = FUNCTIONS.iter().map(|(n, _)| n.to_string()).collect();
            return self.report(
                err(
                    Code::FormulaUnknownFunction,
                    func.span,
                    Words::new("formula-unknown_function-label"),
                    Words::new("formula-unknown_function")
                        .arg("name", name)
                        .arg("functions", Word::Code(all)),
                )
                .with_help(suggest(suggestion)),
            );
        }
        let nodes: Vec<Option<Node>> = args.iter().map(|a| self.node(a)).collect();
        let mut nodes: Vec<Node> = nodes.into_iter().collect::<Option<_>>()?;
        let types: Vec<Type> = nodes.iter().map(|n| n.ty.clone()).collect();
        let ty = self.call_type(func, args, &types, span)?;
        let func = match name {
            "min" => Func::Min,
            "max" => Func::Max,
            "clamp" => Func::Clamp,
            "round" => {
                // `call_type` took only whole digits from 0 to 20; anything else is refused
                // here too, never rounded to 0 places.
                let digits = match &args[1].kind {
                    ExprKind::Number(d) if d.fract().is_zero() => {
                        u32::try_from(d.trunc().mantissa())
                            .ok()
                            .filter(|d| *d <= 20)
                    }
                    _ => None,
                };
                let Some(digits) = digits else {
                    return self.report(err(
                        Code::FormulaRoundDigits,
                        args[1].span,
                        Words::new("formula-round_digits-label"),
                        Words::new("formula-round_digits"),
                    ));
                };
                nodes.truncate(1);
                Func::Round(digits)
            }
            "floor" => Func::Floor,
            "ceil" => Func::Ceil,
            "abs" => Func::Abs,
            "count" => Func::Count,
            _ => Func::Sum,
        };
        Some(Node::new(ty, Op::Call(func, nodes, span)))
    }

    /// The type of a call of a built-in function (other than `lookup` and `given`) whose
    /// arguments have `types`, or the problem reported.
    fn call_type(
        &mut self,
        func: &Ident,
        args: &[Expr],
        types: &[Type],
        span: Span,
    ) -> Option<Type> {
        let name = func.name.as_str();
        match name {
            "min" | "max" | "clamp" => {
                let wanted = if name == "clamp" {
                    "formula-takes-clamp"
                } else {
                    "formula-takes-two_or_more"
                };
                let ok = if name == "clamp" {
                    args.len() == 3
                } else {
                    args.len() >= 2
                };
                if !ok {
                    if args.len() == 1 && matches!(types[0], Type::List(_)) && name != "clamp" {
                        return self.list_extreme(func, &types[0], &args[0]);
                    }
                    return self.arity(func, wanted, args.len(), span);
                }
                let mut acc = types[0].clone();
                for (arg, t) in args.iter().zip(types).skip(1) {
                    match acc.unify(t) {
                        Some(u) => acc = u,
                        None => {
                            let hint = if acc == Type::Money && *t == Type::Number {
                                money_hint(arg)
                            } else {
                                None
                            };
                            let first_money =
                                args.iter().zip(types).find(|(_, t)| **t == Type::Money);
                            let hint = hint.or_else(|| {
                                if acc == Type::Number && *t == Type::Money {
                                    money_hint(&args[0])
                                } else {
                                    None
                                }
                            });
                            let mut labels = vec![(arg.span, type_label(t))];
                            if let Some((m, _)) = first_money.filter(|(m, _)| m.span != arg.span) {
                                labels.push((m.span, type_label(&Type::Money)));
                            }
                            let code = if hint.is_some() || (is_numeric(&acc) && is_numeric(t)) {
                                Code::FormulaUnitMismatch
                            } else {
                                Code::FormulaTypeMismatch
                            };
                            return self.report(CheckError {
                                code,
                                words: Words::new("formula-type_mismatch-arguments")
                                    .arg("name", name)
                                    .arg("first", &acc)
                                    .arg("type", t),
                                help: hint,
                                labels,
                            });
                        }
                    }
                }
                if !is_ordered(&acc) {
                    return self.report(err(
                        Code::FormulaTypeMismatch,
                        span,
                        type_label(&acc),
                        Words::new("formula-type_mismatch-extreme")
                            .arg("name", name)
                            .arg("types", Word::Types(acc.clone())),
                    ));
                }
                Some(acc)
            }
            "round" => {
                if args.len() != 2 {
                    return self.arity(func, "formula-takes-round", args.len(), span);
                }
                if !is_numeric(&types[0]) {
                    return self.numeric_arg(name, &args[0], &types[0]);
                }
                match &args[1].kind {
                    ExprKind::Number(d)
                        if d.fract().is_zero() && *d >= 0.into() && *d <= 20.into() =>
                    {
                        Some(types[0].clone())
                    }
                    _ => self.report(err(
                        Code::FormulaRoundDigits,
                        args[1].span,
                        Words::new("formula-round_digits-label"),
                        Words::new("formula-round_digits"),
                    )),
                }
            }
            "floor" | "ceil" | "abs" => {
                if args.len() != 1 {
                    return self.arity(func, "formula-takes-one", args.len(), span);
                }
                if !is_numeric(&types[0]) {
                    return self.numeric_arg(name, &args[0], &types[0]);
                }
                Some(types[0].clone())
            }
            "count" | "sum" => {
                if args.len() != 1 {
                    return self.arity(func, "formula-takes-list", args.len(), span);
                }
                let Type::List(elem) = &types[0] else {
                    return self.report(err(
                        Code::FormulaTypeMismatch,
                        args[0].span,
                        this_is(&types[0]),
                        Words::new("formula-type_mismatch-needs_list")
                            .arg("name", name)
                            .arg("type", &types[0]),
                    ));
                };
                if name == "count" {
                    return Some(Type::Number);
                }
                match &**elem {
                    Type::Number | Type::Money => Some((**elem).clone()),
                    Type::Any => Some(Type::Number),
                    other => self.report(err(
                        Code::FormulaTypeMismatch,
                        args[0].span,
                        type_label(&types[0]),
                        Words::new("formula-type_mismatch-sum_list")
                            .arg("types", Word::Types(other.clone())),
                    )),
                }
            }
            _ => self.arity(func, "formula-takes-aggregate", args.len(), span),
        }
    }

    fn list_extreme(&mut self, func: &Ident, list: &Type, arg: &Expr) -> Option<Type> {
        match list {
            Type::List(elem) if is_ordered(elem) => Some((**elem).clone()),
            _ => self.report(err(
                Code::FormulaTypeMismatch,
                arg.span,
                type_label(list),
                Words::new("formula-type_mismatch-list_extreme").arg("name", &func.name),
            )),
        }
    }

    fn numeric_arg<T>(&mut self, name: &str, arg: &Expr, t: &Type) -> Option<T> {
        self.report(err(
            Code::FormulaTypeMismatch,
            arg.span,
            this_is(t),
            Words::new("formula-type_mismatch-numeric")
                .arg("name", name)
                .arg("type", t),
        ))
    }

    fn lookup(&mut self, func: &Ident, args: &[Expr], span: Span) -> Option<Node> {
        if args.len() != 2 {
            return self.arity(func, "formula-takes-lookup", args.len(), span);
        }
        let ExprKind::Name(table) = &args[0].kind else {
            return self.report(err(
                Code::FormulaNotATable,
                args[0].span,
                Words::new("formula-not_a_table-label"),
                Words::new("formula-not_a_table"),
            ));
        };
        let key_node = self.node(&args[1])?;
        let key_ty = key_node.ty.clone();
        match self.scope.resolve(table) {
            Some(Binding::Table { index, key, value }) => {
                if key.accepts(&key_ty) {
                    Some(Node::new(value, Op::Lookup(index, boxed(key_node), span)))
                } else {
                    self.report(err(
                        Code::FormulaTypeMismatch,
                        args[1].span,
                        this_is(&key_ty),
                        Words::new("formula-type_mismatch-lookup_key")
                            .arg("table", table)
                            .arg("keys", Word::Types(key))
                            .arg("type", &key_ty),
                    ))
                }
            }
            Some(Binding::Value { .. }) => self.report(err(
                Code::FormulaNotATable,
                args[0].span,
                Words::new("formula-not_a_table-value-label"),
                Words::new("formula-not_a_table-value").arg("name", table),
            )),
            None => {
                let names = self.scope.names();
                let suggestion = did_you_mean(table, names.iter().map(String::as_str));
                self.report(
                    err(
                        Code::FormulaUnknownName,
                        args[0].span,
                        Words::new("formula-unknown_name-table-label"),
                        Words::new("formula-unknown_name-table").arg("name", table),
                    )
                    .with_help(suggest(suggestion)),
                )
            }
        }
    }

    fn aggregate(
        &mut self,
        func: &Ident,
        var: &Ident,
        list: &Expr,
        body: &Expr,
        span: Span,
    ) -> Option<Node> {
        let Some(agg) = Agg::of(&func.name) else {
            let suggestion = did_you_mean(&func.name, AGGREGATES.iter().copied());
            return self.report(
                err(
                    Code::FormulaUnknownFunction,
                    func.span,
                    Words::new("formula-unknown_function-aggregate-label"),
                    Words::new("formula-unknown_function-aggregate")
                        .arg("name", &func.name)
                        .arg("var", &var.name)
                        .arg(
                            "aggregates",
                            Word::Code(AGGREGATES.iter().map(|a| a.to_string()).collect()),
                        ),
                )
                .with_help(suggest(suggestion)),
            );
        };
        let list_node = self.node(list)?;
        let lt = list_node.ty.clone();
        let Type::List(elem) = &lt else {
            return self.report(err(
                Code::FormulaTypeMismatch,
                list.span,
                this_is(&lt),
                Words::new("formula-type_mismatch-aggregate_list")
                    .arg("name", &func.name)
                    .arg("type", &lt),
            ));
        };
        self.locals.push((var.name.clone(), (**elem).clone()));
        self.local_lists.push(match &list.kind {
            ExprKind::Name(n) if !self.is_local(n) => Some(n.clone()),
            _ => None,
        });
        let body_node = self.node(body);
        self.locals.pop();
        self.local_lists.pop();
        let body_node = body_node?;
        let bt = body_node.ty.clone();
        let body_error = |key: &'static str| {
            err(
                Code::FormulaTypeMismatch,
                body.span,
                this_is(&bt),
                Words::new(key)
                    .arg("name", &func.name)
                    .arg("var", &var.name)
                    .arg("type", &bt),
            )
        };
        let ty = match func.name.as_str() {
            "count" | "any" | "all" if bt != Type::Bool => {
                self.report(body_error("formula-type_mismatch-aggregate_condition"))
            }
            "count" => Some(Type::Number),
            "any" | "all" => Some(Type::Bool),
            "sum" if !is_numeric(&bt) => self.report(body_error("formula-type_mismatch-sum_body")),
            "min" | "max" if !is_ordered(&bt) => {
                self.report(body_error("formula-type_mismatch-extreme_body"))
            }
            _ => Some(bt.clone()),
        }?;
        Some(Node::new(
            ty,
            Op::Aggregate(agg, boxed(list_node), boxed(body_node), span),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoNames;
    impl Scope for NoNames {
        fn resolve(&self, _: &str) -> Option<Binding> {
            None
        }
        fn names(&self) -> Vec<String> {
            Vec::new()
        }
    }

    #[test]
    fn an_amount_too_large_in_yuan_is_refused_where_it_is_written() {
        // The parser refuses such an amount itself; a tree made otherwise gets the same
        // answer from checking, not an overflow.
        let expr = Expr {
            kind: ExprKind::Money(Decimal::MAX, super::super::ast::MoneyUnit::Wan),
            span: Span { start: 4, end: 39 },
        };
        let errors = check(&expr, &NoNames).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Code::FormulaAmountOverflow);
        assert_eq!(errors[0].labels[0].0, Span { start: 4, end: 39 });
        let said = crate::Lang::Zh.with_messages(|| errors[0].message());
        assert!(said.contains("79228162514264337593543950335万元"), "{said}");
    }

    #[test]
    fn round_takes_its_digits_into_the_function() {
        let expr = crate::formula::parse("round(1.255, 2)").unwrap();
        let node = check(&expr, &NoNames).unwrap();
        // Folded by the evaluator: half away from zero.
        assert_eq!(
            node.as_const(),
            Some(&Value::Number("1.26".parse().unwrap()))
        );
    }
}
