//! Static checking: names, arity, types and units, before any record is seen.

use super::ast::{BinOp, Expr, ExprKind, Ident, UnaryOp};
use crate::diag::{Problem, Span, did_you_mean};
use crate::value::{Type, Value, plain};

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
}

/// A type or name error in a formula.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckError {
    pub code: &'static str,
    pub message: String,
    pub help: String,
    pub labels: Vec<(Span, String)>,
}

impl Problem for CheckError {
    fn code(&self) -> &'static str {
        self.code
    }
    fn message(&self) -> String {
        self.message.clone()
    }
    fn help(&self) -> Option<String> {
        Some(self.help.clone())
    }
    fn labels(&self) -> Vec<(Span, String)> {
        self.labels.clone()
    }
}

fn err(
    code: &'static str,
    span: Span,
    label: impl Into<String>,
    message: String,
    help: String,
) -> CheckError {
    CheckError {
        code,
        message,
        help,
        labels: vec![(span, label.into())],
    }
}

/// The functions of the language: name, what it takes, in words.
pub const FUNCTIONS: &[(&str, &str)] = &[
    ("min", "two or more numbers, amounts or dates"),
    ("max", "two or more numbers, amounts or dates"),
    ("clamp", "(value, low, high)"),
    ("round", "(value, digits): half up"),
    ("floor", "(value)"),
    ("ceil", "(value)"),
    ("abs", "(value)"),
    ("count", "(list) or (x in list: condition)"),
    ("sum", "(list) or (x in list: value)"),
    ("any", "(x in list: condition)"),
    ("all", "(x in list: condition)"),
    ("lookup", "(table, key)"),
    ("given", "(field): whether an optional field has a value"),
];

const AGGREGATES: &[&str] = &["sum", "count", "any", "all", "min", "max"];

/// What the checker learnt of a well-typed formula.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub ty: Type,
    /// For each `item.field`, the span of `field` and its slot in the item record.
    pub members: Vec<(Span, usize)>,
    /// The spans of `sum(x in list: …)` whose items are money (their empty sum is 0元).
    pub money_sums: Vec<Span>,
}

/// Checks `expr` against `scope`, returning its type or every problem found.
pub fn check(expr: &Expr, scope: &dyn Scope) -> Result<Checked, Vec<CheckError>> {
    let mut checker = Checker {
        scope,
        locals: Vec::new(),
        errors: Vec::new(),
        members: Vec::new(),
        money_sums: Vec::new(),
    };
    let ty = checker.ty(expr);
    match ty {
        Some(ty) if checker.errors.is_empty() => Ok(Checked {
            ty,
            members: checker.members,
            money_sums: checker.money_sums,
        }),
        _ => Err(checker.errors),
    }
}

/// Checks that `expr` has the type `want` (a condition is Bool, an award Money, …).
pub fn check_as(
    expr: &Expr,
    scope: &dyn Scope,
    want: &Type,
    what: &str,
) -> Result<Checked, Vec<CheckError>> {
    let checked = check(expr, scope)?;
    let ty = checked.ty.clone();
    if want.accepts(&ty) {
        return Ok(checked);
    }
    let help = match (want, &ty) {
        (Type::Money, Type::Number) => {
            format!("{what} is an amount of money: multiply by a unit, e.g. `(…) * 1万元`")
        }
        (Type::Bool, _) => {
            format!("{what} must be a condition: compare the value, e.g. `… >= 10万元`")
        }
        _ => format!("{what} must be {want}"),
    };
    Err(vec![err(
        "formula::wrong_type",
        expr.span,
        format!("this is {ty}"),
        format!("{what} must be {want}, but this formula gives {ty}"),
        help,
    )])
}

struct Checker<'s> {
    scope: &'s dyn Scope,
    locals: Vec<(String, Type)>,
    errors: Vec<CheckError>,
    members: Vec<(Span, usize)>,
    money_sums: Vec<Span>,
}

fn is_numeric(t: &Type) -> bool {
    matches!(t, Type::Number | Type::Money)
}

fn is_ordered(t: &Type) -> bool {
    matches!(t, Type::Number | Type::Money | Type::Date | Type::DateTime)
}

/// How to write a plain number as money, for the unit-mismatch help.
fn money_hint(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Number(n) => Some(format!(
            "did you mean {}万元? (or {}元)",
            plain(*n),
            plain(*n)
        )),
        ExprKind::Unary(UnaryOp::Neg, inner) => {
            money_hint(inner).map(|h| h.replacen("mean ", "mean -", 1))
        }
        _ => None,
    }
}

impl Checker<'_> {
    fn report(&mut self, e: CheckError) -> Option<Type> {
        self.errors.push(e);
        None
    }

    fn all_names(&self) -> Vec<String> {
        let mut names = self.scope.names();
        names.extend(self.locals.iter().map(|(n, _)| n.clone()));
        names
    }

    fn ty(&mut self, e: &Expr) -> Option<Type> {
        match &e.kind {
            ExprKind::Number(_) | ExprKind::Percent(_) => Some(Type::Number),
            ExprKind::Money(..) => Some(Type::Money),
            ExprKind::Bool(_) => Some(Type::Bool),
            ExprKind::Text(_) => Some(Type::Text),
            ExprKind::Date(_) => Some(Type::Date),
            ExprKind::DateTime(_) => Some(Type::DateTime),
            ExprKind::List(items) => self.list(items),
            ExprKind::Name(name) => self.name(name, e.span),
            ExprKind::Member(base, field) => self.member(base, field),
            ExprKind::Unary(op, inner) => self.unary(*op, inner, e.span),
            ExprKind::Binary(op, l, r) => self.binary(*op, l, r, e.span),
            ExprKind::If(c, t, f) => self.if_expr(c, t, f),
            ExprKind::Call(func, args) => self.call(func, args, e.span),
            ExprKind::Aggregate {
                func,
                var,
                list,
                body,
            } => {
                let t = self.aggregate(func, var, list, body);
                if func.name == "sum" && t == Some(Type::Money) {
                    self.money_sums.push(e.span);
                }
                t
            }
        }
    }

    fn list(&mut self, items: &[Expr]) -> Option<Type> {
        let mut elem = Type::Any;
        let mut ok = true;
        for item in items {
            let Some(t) = self.ty(item) else {
                ok = false;
                continue;
            };
            match elem.unify(&t) {
                Some(u) => elem = u,
                None => {
                    ok = false;
                    self.report(err(
                        "formula::type_mismatch",
                        item.span,
                        format!("this is {t}"),
                        format!("a list holds values of one type: {elem} and {t} are mixed"),
                        "make every item of the list the same kind of value".into(),
                    ));
                }
            }
        }
        ok.then(|| Type::List(Box::new(elem)))
    }

    fn name(&mut self, name: &str, span: Span) -> Option<Type> {
        if let Some((_, t)) = self.locals.iter().rev().find(|(n, _)| n == name) {
            return Some(t.clone());
        }
        match self.scope.resolve(name) {
            Some(Binding::Value { ty, .. }) => Some(ty),
            Some(Binding::Table { .. }) => self.report(err(
                "formula::table_as_value",
                span,
                "a table",
                format!("`{name}` is a lookup table, not a value"),
                format!("look a key up in it: `lookup({name}, key)`"),
            )),
            None => {
                let names = self.all_names();
                let suggestion = did_you_mean(name, names.iter().map(String::as_str));
                let help = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        "use a field, parameter, table or computed value of this programme".into()
                    }
                };
                self.report(err(
                    "formula::unknown_name",
                    span,
                    "not a known name",
                    format!("unknown name `{name}`"),
                    help,
                ))
            }
        }
    }

    fn member(&mut self, base: &Expr, field: &Ident) -> Option<Type> {
        let bt = self.ty(base)?;
        let Type::Record(rt) = &bt else {
            return self.report(err(
                "formula::not_a_record",
                base.span,
                format!("this is {bt}"),
                format!(
                    "`.{}` needs a list item with fields, but this is {bt}",
                    field.name
                ),
                "fields are read from an aggregate's variable, e.g. `sum(l in loans: l.principal)`"
                    .into(),
            ));
        };
        match rt.fields.iter().position(|(n, _)| *n == field.name) {
            Some(slot) => {
                self.members.push((field.span, slot));
                Some(rt.fields[slot].1.clone())
            }
            None => {
                let suggestion =
                    did_you_mean(&field.name, rt.fields.iter().map(|(n, _)| n.as_str()));
                let names: Vec<&str> = rt.fields.iter().map(|(n, _)| n.as_str()).collect();
                self.report(err(
                    "formula::unknown_name",
                    field.span,
                    "not a field of the item",
                    format!("the items have no field `{}`", field.name),
                    match suggestion {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the item fields are: {}", names.join(", ")),
                    },
                ))
            }
        }
    }

    fn unary(&mut self, op: UnaryOp, inner: &Expr, span: Span) -> Option<Type> {
        let t = self.ty(inner)?;
        match (op, &t) {
            (UnaryOp::Neg, Type::Number | Type::Money) => Some(t),
            (UnaryOp::Not, Type::Bool) => Some(Type::Bool),
            (UnaryOp::Neg, _) => self.report(err(
                "formula::type_mismatch",
                span,
                format!("this is {t}"),
                format!("cannot negate {t}"),
                "only numbers and amounts have a sign".into(),
            )),
            (UnaryOp::Not, _) => self.report(err(
                "formula::type_mismatch",
                inner.span,
                format!("this is {t}"),
                format!("`not` needs a condition, but this is {t}"),
                "compare the value first, e.g. `not (x > 0)`".into(),
            )),
        }
    }

    fn binary(&mut self, op: BinOp, l: &Expr, r: &Expr, span: Span) -> Option<Type> {
        let lt = self.ty(l);
        let rt = self.ty(r);
        let (lt, rt) = (lt?, rt?);
        use BinOp::*;
        use Type::*;
        let mismatch = |code: &'static str, message: String, help: String| CheckError {
            code,
            message,
            help,
            labels: vec![(l.span, format!("{lt}")), (r.span, format!("{rt}"))],
        };
        match op {
            And | Or => {
                for (side, t) in [(l, &lt), (r, &rt)] {
                    if *t != Bool {
                        return self.report(err(
                            "formula::type_mismatch",
                            side.span,
                            format!("this is {t}"),
                            format!("`{}` joins conditions, but this is {t}", op.symbol()),
                            "compare the value, e.g. `x > 0`".into(),
                        ));
                    }
                }
                Some(Bool)
            }
            In | NotIn => match &rt {
                List(elem) if elem.accepts(&lt) => Some(Bool),
                List(elem) => self.report(mismatch(
                    "formula::type_mismatch",
                    format!("`{}` looks for {lt} in a list of {elem}", op.symbol()),
                    "compare values of the same kind".into(),
                )),
                _ => self.report(err(
                    "formula::type_mismatch",
                    r.span,
                    format!("this is {rt}"),
                    format!(
                        "`{}` needs a list on its right, but this is {rt}",
                        op.symbol()
                    ),
                    "write a list, e.g. `x in [\"a\", \"b\"]`, or use a list field".into(),
                )),
            },
            Eq | Ne | Lt | Le | Gt | Ge => {
                let ordered = !matches!(op, Eq | Ne);
                if let Some(t) = lt.unify(&rt) {
                    if ordered && !is_ordered(&t) {
                        return self.report(mismatch(
                            "formula::type_mismatch",
                            format!(
                                "`{}` compares numbers, amounts and dates, not {t}",
                                op.symbol()
                            ),
                            "use `=` or `!=` for text and conditions".into(),
                        ));
                    }
                    return Some(Bool);
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
                    "formula::money_times_money",
                    "multiplying an amount by an amount has no meaning".into(),
                    "one side should be a plain number or a rate, e.g. `principal * 50%`".into(),
                )),
                (Bool, _) | (_, Bool) => self.report(self.bool_arithmetic(op, l, &lt, r)),
                _ => self.report(mismatch(
                    "formula::type_mismatch",
                    format!("cannot multiply {lt} by {rt}"),
                    "multiply numbers or an amount by a number".into(),
                )),
            },
            Div => match (&lt, &rt) {
                (Number, Number) | (Money, Money) => Some(Number),
                (Money, Number) => Some(Money),
                (Bool, _) | (_, Bool) => self.report(self.bool_arithmetic(op, l, &lt, r)),
                _ => self.report(mismatch(
                    "formula::type_mismatch",
                    format!("cannot divide {lt} by {rt}"),
                    "divide numbers, an amount by a number, or an amount by an amount".into(),
                )),
            },
        }
    }

    fn bool_arithmetic(&self, op: BinOp, l: &Expr, lt: &Type, r: &Expr) -> CheckError {
        let side = if *lt == Type::Bool { l } else { r };
        err(
            "formula::bool_arithmetic",
            side.span,
            "this is a condition (Bool)",
            format!(
                "a condition cannot be used in arithmetic (`{}`)",
                op.symbol()
            ),
            "turn it into a number with `if … then 1 else 0`".into(),
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
            let help = money_hint(side).unwrap_or_else(|| {
                "give the plain number a unit: multiply it by 1元 or 1万元, or divide the amount by 1万元 to compare numbers of 万元"
                    .into()
            });
            return CheckError {
                code: "formula::unit_mismatch",
                message: format!(
                    "`{}` mixes an amount of money with a plain number that has no unit",
                    op.symbol()
                ),
                help,
                labels: vec![
                    (side.span, "a plain number, no unit".into()),
                    (
                        if std::ptr::eq(side, l) {
                            r.span
                        } else {
                            l.span
                        },
                        "money (元)".into(),
                    ),
                ],
            };
        }
        let _ = span;
        CheckError {
            code: "formula::type_mismatch",
            message: format!("`{}` cannot combine {lt} with {rt}", op.symbol()),
            help: "both sides must be the same kind of value".into(),
            labels: vec![(l.span, format!("{lt}")), (r.span, format!("{rt}"))],
        }
    }

    fn if_expr(&mut self, c: &Expr, t: &Expr, f: &Expr) -> Option<Type> {
        let ct = self.ty(c);
        if let Some(ct) = &ct
            && *ct != Type::Bool
        {
            self.report(err(
                "formula::type_mismatch",
                c.span,
                format!("this is {ct}"),
                format!("`if` needs a condition, but this is {ct}"),
                "compare the value, e.g. `if x > 0 then …`".into(),
            ));
        }
        let (tt, ft) = (self.ty(t), self.ty(f));
        let (tt, ft) = (tt?, ft?);
        ct?;
        match tt.unify(&ft) {
            Some(u) => Some(u),
            None => {
                let help = match (&tt, &ft) {
                    (Type::Money, Type::Number) => money_hint(f),
                    (Type::Number, Type::Money) => money_hint(t),
                    _ => None,
                }
                .unwrap_or_else(|| "both branches must give the same kind of value".into());
                self.report(CheckError {
                    code: "formula::type_mismatch",
                    message: format!("the branches of `if` give {tt} and {ft}"),
                    help,
                    labels: vec![(t.span, format!("{tt}")), (f.span, format!("{ft}"))],
                })
            }
        }
    }

    fn arity(&mut self, func: &Ident, wanted: &str, got: usize, span: Span) -> Option<Type> {
        self.report(err(
            "formula::arity",
            span,
            format!("{got} argument(s) here"),
            format!(
                "`{}` takes {wanted}, but was given {got} argument(s)",
                func.name
            ),
            format!(
                "write `{}{}`",
                func.name,
                FUNCTIONS
                    .iter()
                    .find(|(n, _)| *n == func.name)
                    .map_or("(…)", |(_, s)| s)
            ),
        ))
    }

    fn call(&mut self, func: &Ident, args: &[Expr], span: Span) -> Option<Type> {
        let name = func.name.as_str();
        if name == "lookup" {
            return self.lookup(func, args, span);
        }
        if name == "given" {
            if args.len() != 1 {
                return self.arity(func, "one field", args.len(), span);
            }
            let is_field = matches!(&args[0].kind, ExprKind::Name(_) | ExprKind::Member(..));
            self.ty(&args[0])?;
            if !is_field {
                return self.report(err(
                    "formula::type_mismatch",
                    args[0].span,
                    "not a field",
                    "`given` asks whether a field has a value; give it a field name".into(),
                    "write `given(requested_funding)`".into(),
                ));
            }
            return Some(Type::Bool);
        }
        if !FUNCTIONS.iter().any(|(n, _)| *n == name) {
            let suggestion = did_you_mean(name, FUNCTIONS.iter().map(|(n, _)| *n));
            return self.report(err(
                "formula::unknown_function",
                func.span,
                "not a function",
                format!("unknown function `{name}`"),
                match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "the functions are: {}",
                        FUNCTIONS
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
            ));
        }
        let types: Vec<Option<Type>> = args.iter().map(|a| self.ty(a)).collect();
        let types: Vec<Type> = types.into_iter().collect::<Option<_>>()?;
        match name {
            "min" | "max" | "clamp" => {
                let wanted = if name == "clamp" {
                    "3 arguments (value, low, high)"
                } else {
                    "at least 2 arguments"
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
                for (arg, t) in args.iter().zip(&types).skip(1) {
                    match acc.unify(t) {
                        Some(u) => acc = u,
                        None => {
                            let hint = if acc == Type::Money && *t == Type::Number {
                                money_hint(arg)
                            } else {
                                None
                            };
                            let first_money =
                                args.iter().zip(&types).find(|(_, t)| **t == Type::Money);
                            let hint = hint.or_else(|| {
                                if acc == Type::Number && *t == Type::Money {
                                    money_hint(&args[0])
                                } else {
                                    None
                                }
                            });
                            let mut labels = vec![(arg.span, format!("{t}"))];
                            if let Some((m, _)) = first_money.filter(|(m, _)| m.span != arg.span) {
                                labels.push((m.span, "Money".into()));
                            }
                            let code = if hint.is_some() || (is_numeric(&acc) && is_numeric(t)) {
                                "formula::unit_mismatch"
                            } else {
                                "formula::type_mismatch"
                            };
                            return self.report(CheckError {
                                code,
                                message: format!("the arguments of `{name}` mix {acc} and {t}"),
                                help: hint.unwrap_or_else(|| {
                                    "give every argument the same kind of value".into()
                                }),
                                labels,
                            });
                        }
                    }
                }
                if !is_ordered(&acc) {
                    return self.report(err(
                        "formula::type_mismatch",
                        span,
                        format!("{acc}"),
                        format!("`{name}` compares numbers, amounts or dates, not {acc}"),
                        "give it numbers, amounts or dates".into(),
                    ));
                }
                Some(acc)
            }
            "round" => {
                if args.len() != 2 {
                    return self.arity(func, "2 arguments (value, digits)", args.len(), span);
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
                        "formula::round_digits",
                        args[1].span,
                        "not a whole number from 0 to 20",
                        "the digits of `round` must be written as a whole number from 0 to 20"
                            .into(),
                        "write e.g. `round(x, 2)` for two decimals".into(),
                    )),
                }
            }
            "floor" | "ceil" | "abs" => {
                if args.len() != 1 {
                    return self.arity(func, "1 argument", args.len(), span);
                }
                if !is_numeric(&types[0]) {
                    return self.numeric_arg(name, &args[0], &types[0]);
                }
                Some(types[0].clone())
            }
            "count" | "sum" => {
                if args.len() != 1 {
                    return self.arity(func, "1 list, or (x in list: …)", args.len(), span);
                }
                let Type::List(elem) = &types[0] else {
                    return self.report(err(
                        "formula::type_mismatch",
                        args[0].span,
                        format!("this is {}", types[0]),
                        format!("`{name}` needs a list, but this is {}", types[0]),
                        "give it a list field, or write `sum(x in list: …)`".into(),
                    ));
                };
                if name == "count" {
                    return Some(Type::Number);
                }
                match &**elem {
                    Type::Number | Type::Money => Some((**elem).clone()),
                    Type::Any => Some(Type::Number),
                    other => self.report(err(
                        "formula::type_mismatch",
                        args[0].span,
                        format!("a list of {other}"),
                        format!("`sum` adds numbers or amounts, not {other}"),
                        "write `sum(x in list: x.amount)` to add a field of each item".into(),
                    )),
                }
            }
            _ => self.arity(func, "(x in list: …)", args.len(), span),
        }
    }

    fn list_extreme(&mut self, func: &Ident, list: &Type, arg: &Expr) -> Option<Type> {
        match list {
            Type::List(elem) if is_ordered(elem) => Some((**elem).clone()),
            _ => self.report(err(
                "formula::type_mismatch",
                arg.span,
                format!("{list}"),
                format!("`{}` of a list needs numbers, amounts or dates", func.name),
                format!("write `{}(x in list: x.field)`", func.name),
            )),
        }
    }

    fn numeric_arg(&mut self, name: &str, arg: &Expr, t: &Type) -> Option<Type> {
        self.report(err(
            "formula::type_mismatch",
            arg.span,
            format!("this is {t}"),
            format!("`{name}` needs a number or an amount, but this is {t}"),
            "give it a number or an amount of money".into(),
        ))
    }

    fn lookup(&mut self, func: &Ident, args: &[Expr], span: Span) -> Option<Type> {
        if args.len() != 2 {
            return self.arity(func, "2 arguments (table, key)", args.len(), span);
        }
        let ExprKind::Name(table) = &args[0].kind else {
            return self.report(err(
                "formula::not_a_table",
                args[0].span,
                "not a table name",
                "the first argument of `lookup` is the name of a table".into(),
                "write `lookup(table_name, key)`".into(),
            ));
        };
        let key_ty = self.ty(&args[1])?;
        match self.scope.resolve(table) {
            Some(Binding::Table { key, value, .. }) => {
                if key.accepts(&key_ty) {
                    Some(value)
                } else {
                    self.report(err(
                        "formula::type_mismatch",
                        args[1].span,
                        format!("this is {key_ty}"),
                        format!("table `{table}` has {key} keys, but this key is {key_ty}"),
                        "look up a value of the table's key type".into(),
                    ))
                }
            }
            Some(Binding::Value { .. }) => self.report(err(
                "formula::not_a_table",
                args[0].span,
                "a value, not a table",
                format!("`{table}` is not a table"),
                "the first argument of `lookup` is the name of a table".into(),
            )),
            None => {
                let names = self.scope.names();
                let suggestion = did_you_mean(table, names.iter().map(String::as_str));
                self.report(err(
                    "formula::unknown_name",
                    args[0].span,
                    "not a known table",
                    format!("unknown table `{table}`"),
                    suggestion.map_or_else(
                        || "declare the table under `tables:`".into(),
                        |s| format!("did you mean `{s}`?"),
                    ),
                ))
            }
        }
    }

    fn aggregate(&mut self, func: &Ident, var: &Ident, list: &Expr, body: &Expr) -> Option<Type> {
        if !AGGREGATES.contains(&func.name.as_str()) {
            let suggestion = did_you_mean(&func.name, AGGREGATES.iter().copied());
            return self.report(err(
                "formula::unknown_function",
                func.span,
                "not an aggregate",
                format!(
                    "`{}` cannot run over a list with `{} in …:`",
                    func.name, var.name
                ),
                suggestion.map_or_else(
                    || format!("the aggregates are: {}", AGGREGATES.join(", ")),
                    |s| format!("did you mean `{s}`?"),
                ),
            ));
        }
        let lt = self.ty(list)?;
        let Type::List(elem) = &lt else {
            return self.report(err(
                "formula::type_mismatch",
                list.span,
                format!("this is {lt}"),
                format!("`{}` runs over a list, but this is {lt}", func.name),
                "give it a list field".into(),
            ));
        };
        self.locals.push((var.name.clone(), (**elem).clone()));
        let bt = self.ty(body);
        self.locals.pop();
        let bt = bt?;
        match func.name.as_str() {
            "count" | "any" | "all" if bt != Type::Bool => self.report(err(
                "formula::type_mismatch",
                body.span,
                format!("this is {bt}"),
                format!(
                    "`{}` needs a condition for each item, but this is {bt}",
                    func.name
                ),
                format!(
                    "write e.g. `{}({} in …: {}.amount > 0)`",
                    func.name, var.name, var.name
                ),
            )),
            "count" => Some(Type::Number),
            "any" | "all" => Some(Type::Bool),
            "sum" if !is_numeric(&bt) => self.report(err(
                "formula::type_mismatch",
                body.span,
                format!("this is {bt}"),
                format!("`sum` adds numbers or amounts, but this is {bt}"),
                "give it a number or an amount for each item".into(),
            )),
            "min" | "max" if !is_ordered(&bt) => self.report(err(
                "formula::type_mismatch",
                body.span,
                format!("this is {bt}"),
                format!(
                    "`{}` compares numbers, amounts or dates, but this is {bt}",
                    func.name
                ),
                "give it a number, an amount or a date for each item".into(),
            )),
            _ => Some(bt),
        }
    }
}
