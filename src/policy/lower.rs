//! Stage 3, lower: a merged programme typed and compiled. Every formula is parsed, checked
//! and compiled here, once; the bounds of scores and awards are proven on the merged
//! programme; a key an item needs and no layer states is reported at the item.

mod field_keys;

use super::exact::{self, Ratio};
use super::layers::Layered;
use super::model::{self, FileId, ProgrammeFile, S, Text};
use super::sources::Sources;
use super::*;
use crate::diag::Code;
use crate::diag::{FormulaOrigin, Report, SourceFile, did_you_mean};
use crate::formula::{self, Binding, Choices, Env, Expr, Node, Scope, Target};
use crate::value::{RecordType, Type, Value};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// Rules and checks have no label of their own: they are named by their id.
static NO_LABEL: Text = Text { zh: None, en: None };

/// An enum value's Chinese name as its label.
fn label_of(v: &model::EnumValue) -> Text {
    Text {
        zh: v.zh.clone(),
        en: v.en.clone(),
    }
}

/// Decimal places of a rounding the policy states: 0 to 20, as for `round()` in formulas.
fn places_of(ctx: &mut Ctx<'_>, places: &S<u32>, what: &str) -> Option<u32> {
    if places.value > 20 {
        ctx.report(problem(
            Code::PolicyRound,
            words!(what = what, places = places.value),
            Some(ctx.span(places)),
        ));
        return None;
    }
    Some(places.value)
}

/// A count written as a constant (the awards, a tier's size): a whole number, 0 or more,
/// computed exactly (see [`Ctx::exact`]), or a problem pointing at it.
fn count_of(
    ctx: &mut Ctx<'_>,
    at: &S<String>,
    scope: &ProgrammeScope,
    what: &str,
) -> Option<usize> {
    let r = ctx.exact(at, scope, what)?;
    let whole = (r.is_whole() && r.num >= 0)
        .then(|| usize::try_from(r.num).ok())
        .flatten();
    if whole.is_none() {
        ctx.report(problem(
            Code::PolicyCount,
            words!(value = r.to_string(), what = what),
            Some(ctx.span(at)),
        ));
    }
    whole
}

fn cite_text(cite: &Option<S<String>>, source: &Option<String>) -> Option<String> {
    cite.as_ref()
        .map(|c| c.value.clone())
        .or_else(|| source.clone())
        .filter(|c| !c.trim().is_empty())
}

impl Programme {
    /// The names its formulas see: for trying a formula against it (`calc`).
    pub fn scope(&self) -> impl Scope + use<> {
        ProgrammeScope {
            fields: self
                .fields
                .iter()
                .map(|f| (f.id.clone(), f.ty.clone()))
                .collect(),
            params: self
                .params
                .iter()
                .map(|(n, v, ..)| (n.clone(), crate::input::text::type_of(v), v.clone()))
                .collect(),
            tables: self.table_names.clone(),
            values: self
                .values
                .iter()
                .map(|v| (v.id.clone(), v.ty.clone()))
                .collect(),
            choices: field_choices(&self.fields)
                .into_iter()
                .chain(table_choices(
                    self.table_names.iter().zip(&self.table_values),
                ))
                .collect(),
        }
    }
}

/// The names a formula sees while its programme is compiled.
struct ProgrammeScope {
    fields: Vec<(String, Type)>,
    params: Vec<(String, Type, Value)>,
    tables: Vec<String>,
    values: Vec<(String, Type)>,
    /// The values of each enumerated field (`field`, `list.item`), see [`Scope::choices`].
    choices: Vec<(String, Choices)>,
}

/// The text values of each table, as the choices of `lookup(table, …)`: a table of numbers
/// has none.
fn table_choices<'t>(
    tables: impl IntoIterator<Item = (&'t String, &'t formula::Table)>,
) -> Vec<(String, Choices)> {
    let mut all = Vec::new();
    for (name, table) in tables {
        let mut ids = Vec::new();
        for v in table.values() {
            let Value::Text(t) = v else {
                ids.clear();
                break;
            };
            if !ids.iter().any(|i: &String| **i == **t) {
                ids.push(t.to_string());
            }
        }
        if !ids.is_empty() {
            ids.sort();
            let spellings = Vec::new();
            all.push((format!("lookup({name})"), Choices { ids, spellings }));
        }
    }
    all
}

/// The values of every enumerated field and item field, by path.
fn field_choices(fields: &[FieldSpec]) -> Vec<(String, Choices)> {
    fn one(f: &FieldSpec) -> Choices {
        let ids: Vec<String> = f.values.iter().map(|v| v.id.value.clone()).collect();
        let mut spellings: Vec<(String, String)> = f
            .spellings
            .iter()
            .filter(|(s, _)| !ids.iter().any(|id| id == s))
            .map(|(s, id)| (s.to_string(), id.to_string()))
            .collect();
        spellings.sort();
        Choices { ids, spellings }
    }
    let mut all = Vec::new();
    for f in fields {
        if !f.values.is_empty() {
            all.push((f.id.clone(), one(f)));
        }
        for item in &f.items {
            if !item.values.is_empty() {
                all.push((format!("{}.{}", f.id, item.id), one(item)));
            }
        }
    }
    all
}

impl Scope for ProgrammeScope {
    fn resolve(&self, name: &str) -> Option<Binding> {
        if let Some(i) = self.fields.iter().position(|(n, _)| n == name) {
            return Some(Binding::Value {
                ty: self.fields[i].1.clone(),
                target: Target::Field(i),
            });
        }
        if let Some((_, ty, v)) = self.params.iter().find(|(n, ..)| n == name) {
            return Some(Binding::Value {
                ty: ty.clone(),
                target: Target::Const(v.clone()),
            });
        }
        if let Some(i) = self.values.iter().position(|(n, _)| n == name) {
            return Some(Binding::Value {
                ty: self.values[i].1.clone(),
                target: Target::Computed(i),
            });
        }
        self.tables
            .iter()
            .position(|n| n == name)
            .map(|index| Binding::Table {
                index,
                key: Type::Text,
                value: Type::Text,
            })
    }
    fn choices(&self, path: &str) -> Option<Choices> {
        let (_, c) = self.choices.iter().find(|(p, _)| p == path)?;
        Some(c.clone())
    }
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.fields.iter().map(|(n, _)| n.clone()).collect();
        names.extend(self.params.iter().map(|(n, ..)| n.clone()));
        names.extend(self.values.iter().map(|(n, _)| n.clone()));
        names.extend(self.tables.iter().cloned());
        names
    }
}

struct Ctx<'a> {
    sources: &'a Sources,
    reports: &'a mut Reports,
    /// Each formula parsed once (by file, line and column), for the table coverage, the
    /// order of computed values and compilation alike; a parse error is reported once.
    parsed: HashMap<(FileId, u64, u64), Option<Expr>>,
    /// The exact value of each parameter that is a constant number (see [`exact`]).
    exact: HashMap<String, Ratio>,
    /// Every name a formula of the programme reads, for `lint::unused`.
    used: std::collections::HashSet<String>,
    warnings: &'a mut Reports,
}

impl Ctx<'_> {
    fn report(&mut self, p: PolicyProblem) {
        let file = p.file.map(|f| self.sources.file(f));
        self.reports.push(Report::new(&p.diagnostic, file));
    }

    /// Where a value was written: its file and span.
    fn span<T>(&self, s: &S<T>) -> Place {
        Place {
            file: s.file,
            span: crate::yaml::span_at(&self.sources.file(s.file).text, &s.referenced),
        }
    }

    fn origin(&self, s: &S<String>) -> FormulaOrigin {
        let file = self.sources.file(s.file);
        let start = crate::yaml::offset_of(&file.text, &s.referenced).unwrap_or(0);
        FormulaOrigin::in_file(file.clone(), start, &s.value)
    }

    /// A key the item (of `kind`, see `policy-item`) must have once its layers are merged,
    /// or a problem at the item.
    fn need<'v, T>(
        &mut self,
        value: &'v Option<S<T>>,
        key: &str,
        kind: &str,
        label: &Text,
        id: &S<String>,
    ) -> Option<&'v S<T>> {
        if value.is_none() {
            self.missing(key, kind, label, id);
        }
        value.as_ref()
    }

    /// A key a part (`scores`, `award`, …) must have, or a problem at the part.
    fn need_in<'v, T, U>(
        &mut self,
        value: &'v Option<S<T>>,
        key: &str,
        part: &str,
        at: &S<U>,
    ) -> Option<&'v S<T>> {
        if value.is_none() {
            self.missing_at(key, crate::msg!("policy-part", part = part), at);
        }
        value.as_ref()
    }

    fn missing(&mut self, key: &str, kind: &str, label: &Text, id: &S<String>) {
        self.missing_at(key, item(kind, label, &id.value), id);
    }

    fn missing_at<U>(&mut self, key: &str, what: String, at: &S<U>) {
        let place = self.span(at);
        self.report(problem(
            Code::PolicyMissingKey,
            words!(case = "item", what = what, key = key),
            Some(place),
        ));
    }

    fn parse(&mut self, s: &S<String>) -> Option<(Expr, FormulaOrigin)> {
        let origin = self.origin(s);
        let key = (s.file, s.referenced.line(), s.referenced.column());
        if let Some(done) = self.parsed.get(&key) {
            return done.clone().map(|e| (e, origin));
        }
        let expr = match formula::parse(&s.value) {
            Ok(e) => {
                self.used.extend(referenced_names(&e));
                self.inexact_rounding(&e, &origin);
                Some(e)
            }
            Err(e) => {
                self.reports.push(Report::in_formula(&e, &origin));
                None
            }
        };
        self.parsed.insert(key, expr.clone());
        expr.map(|e| (e, origin))
    }

    /// Parses, checks as `want` (None: any type) and compiles a formula.
    fn formula(
        &mut self,
        s: &S<String>,
        scope: &ProgrammeScope,
        want: Option<&Type>,
        what: &str,
    ) -> Option<(Formula, Type)> {
        let (expr, origin) = self.parse(s)?;
        let checked = match want {
            Some(t) => formula::check_as(&expr, scope, t, what),
            None => formula::check(&expr, scope),
        };
        match checked {
            Ok(ir) => {
                let ty = ir.ty.clone();
                Some((
                    Formula {
                        text: s.value.clone(),
                        ir,
                        origin,
                        names: referenced_names(&expr),
                    },
                    ty,
                ))
            }
            Err(errors) => {
                for e in errors {
                    self.reports.push(Report::in_formula(&e, &origin));
                }
                None
            }
        }
    }

    /// A formula that must be a constant (a cap, a share, a tier amount).
    fn constant(
        &mut self,
        s: &S<String>,
        scope: &ProgrammeScope,
        want: &Type,
        what: &str,
    ) -> Option<Value> {
        let (f, _) = self.formula(s, scope, Some(want), what)?;
        match f.ir.op {
            formula::ir::Op::Const(v) => Some(v),
            _ => {
                self.report(problem(
                    Code::PolicyNotConstant,
                    words!(what = what),
                    Some(self.span(s)),
                ));
                None
            }
        }
    }

    /// The exact value of a constant number that decides a count (awards, a tier's size, a
    /// quota's share): checked and compiled as any constant, then computed again as a
    /// fraction, so that `2 / 3` is two thirds and not 0.6666…67.
    fn exact(&mut self, s: &S<String>, scope: &ProgrammeScope, what: &str) -> Option<Ratio> {
        self.constant(s, scope, &Type::Number, what)?;
        let (expr, _) = self.parse(s)?;
        let exact = &self.exact;
        let value = exact::eval(&expr, &|n| exact.get(n).copied());
        if value.is_none() {
            self.report(problem(
                Code::PolicyInexact,
                words!(what = what),
                Some(self.span(s)),
            ));
        }
        value
    }

    /// `lint::inexact_division`: `floor`, `ceil`, `round` or `=`/`!=` applied to an expression
    /// holding a division of constants whose decimal value is rounded (`floor(3 * (1 / 3))`
    /// is 0): the rounding of the division decides the result.
    fn inexact_rounding(&mut self, expr: &Expr, origin: &FormulaOrigin) {
        use formula::ast::{BinOp, ExprKind};
        // (place, the rounding applied, the division, its exact value)
        let mut found: Vec<(crate::diag::Span, String, String, String)> = Vec::new();
        let exact = &self.exact;
        expr.walk(&mut |e| {
            let (what, inner): (&str, Vec<&Expr>) = match &e.kind {
                ExprKind::Call(f, args)
                    if matches!(f.name.as_str(), "floor" | "ceil" | "round") =>
                {
                    (f.name.as_str(), args.iter().take(1).collect())
                }
                ExprKind::Binary(op @ (BinOp::Eq | BinOp::Ne), a, b) => {
                    (op.symbol(), vec![a.as_ref(), b.as_ref()])
                }
                _ => return,
            };
            for x in inner {
                x.walk(&mut |d| {
                    // A division of constants, or a parameter holding one (`third: 1 / 3`).
                    if matches!(d.kind, ExprKind::Binary(BinOp::Div, ..) | ExprKind::Name(_))
                        && let Some(r) = exact::eval(d, &|n| exact.get(n).copied())
                        && r.to_decimal().and_then(Ratio::of_decimal) != Some(r)
                        && !found.iter().any(|(s, ..)| *s == d.span)
                    {
                        found.push((d.span, what.to_string(), d.to_string(), r.to_string()));
                    }
                });
            }
        });
        for (span, op, division, exact) in found {
            let p = super::problem_at(
                Code::LintInexactDivision,
                words!(op = op, expr = division, exact = exact),
                Some(span),
            );
            self.warnings
                .push(Report::in_formula(&p, origin).as_warning());
        }
    }

    /// `what`: the item, as a diagnostic names it; `id`: where it is written.
    fn require_cite(
        &mut self,
        what: String,
        id: &S<String>,
        cite: &Option<S<String>>,
        source: &Option<String>,
    ) -> String {
        match cite_text(cite, source) {
            Some(c) => c,
            None => {
                self.report(problem(
                    Code::PolicyMissingCite,
                    words!(what = what),
                    Some(self.span(id)),
                ));
                String::new()
            }
        }
    }
}

/// The names a formula reads (not aggregate variables), in order of first use.
pub fn referenced_names(expr: &Expr) -> Vec<String> {
    let mut locals = Vec::new();
    expr.walk(&mut |e| {
        if let formula::ast::ExprKind::Aggregate { var, .. } = &e.kind {
            locals.push(var.name.clone());
        }
    });
    let mut names: Vec<String> = Vec::new();
    expr.walk(&mut |e| {
        if let formula::ast::ExprKind::Name(n) = &e.kind
            && !locals.contains(n)
            && !names.contains(n)
        {
            names.push(n.clone());
        }
    });
    names
}

fn field_kind(
    ctx: &mut Ctx<'_>,
    ty: &S<String>,
    unit: &Option<S<String>>,
    of: Option<&S<String>>,
) -> Option<FieldKind> {
    const KINDS: &[&str] = &[
        "text",
        "number",
        "money",
        "percent",
        "bool",
        "date",
        "datetime",
        "enum",
        "credit_code",
        "list",
    ];
    Some(match ty.value.as_str() {
        "text" => FieldKind::Text,
        "number" => FieldKind::Number,
        "money" => match unit.as_ref().map(|u| u.value.as_str()) {
            Some("元") => FieldKind::Money(Decimal::ONE),
            Some("万元") => FieldKind::Money(Decimal::from(10_000)),
            Some("亿元") => FieldKind::Money(Decimal::from(100_000_000)),
            other => {
                let span = unit.as_ref().map_or(ctx.span(ty), |u| ctx.span(u));
                ctx.report(problem(
                    Code::PolicyMoneyUnit,
                    words!(
                        case = if other.is_some() { "unknown" } else { "none" },
                        unit = other.unwrap_or_default(),
                    ),
                    Some(span),
                ));
                return None;
            }
        },
        "percent" => FieldKind::Percent,
        "bool" => FieldKind::Bool,
        "date" => FieldKind::Date,
        "datetime" => FieldKind::DateTime,
        "enum" => FieldKind::Enum,
        "credit_code" => FieldKind::CreditCode,
        "list" => match of {
            Some(of) => FieldKind::List(Box::new(field_kind(ctx, of, unit, None)?)),
            None => FieldKind::Records,
        },
        other => {
            let near = did_you_mean(other, KINDS.iter().copied());
            let types = KINDS.join(&crate::msg!("policy-sep-item"));
            ctx.report(problem(
                Code::PolicyFieldType,
                words!(
                    case = if near.is_some() { "near" } else { "list" },
                    near = near.unwrap_or_default(),
                    types = types,
                    type = other,
                ),
                Some(ctx.span(ty)),
            ));
            return None;
        }
    })
}

fn kind_type(kind: &FieldKind, items: &[FieldSpec]) -> Type {
    match kind {
        FieldKind::Text | FieldKind::Enum | FieldKind::CreditCode => Type::Text,
        FieldKind::Number | FieldKind::Percent => Type::Number,
        FieldKind::Money(_) => Type::Money,
        FieldKind::Bool => Type::Bool,
        FieldKind::Date => Type::Date,
        FieldKind::DateTime => Type::DateTime,
        FieldKind::List(inner) => Type::List(Box::new(kind_type(inner, &[]))),
        FieldKind::Records => Type::List(Box::new(Type::Record(Arc::new(RecordType {
            fields: items.iter().map(|f| (f.id.clone(), f.ty.clone())).collect(),
        })))),
    }
}

fn field_spec(ctx: &mut Ctx<'_>, f: &model::Field) -> Option<FieldSpec> {
    let ty = ctx.need(&f.ty, "type", "field", &f.label, &f.id)?;
    let kind = field_kind(ctx, ty, &f.unit, f.of.as_ref())?;
    let mut items = Vec::new();
    for item in &f.fields {
        let spec = field_spec(ctx, item)?;
        field_keys::item_keys(ctx, f, item, &spec);
        items.push(spec);
    }
    if kind == FieldKind::Records && items.is_empty() {
        ctx.report(problem(
            Code::PolicyListItems,
            words!(name = named(&f.label, &f.id.value)),
            Some(ctx.span(&f.id)),
        ));
        return None;
    }
    let mut seen: HashMap<&str, &S<String>> = HashMap::new();
    for v in &f.values {
        for name in std::iter::once(v.id.value.as_str()).chain(v.aliases.iter().map(String::as_str))
        {
            if let Some(first) = seen.insert(name, &v.id)
                && first.value != v.id.value
            {
                ctx.report(problem(
                    Code::PolicyDuplicateEnum,
                    words!(
                        case = "two",
                        value = name,
                        name = named(&f.label, &f.id.value),
                        first = &first.value,
                        second = &v.id.value,
                    ),
                    Some(ctx.span(&v.id)),
                ));
            } else if first_dup(&f.values, &v.id) {
                ctx.report(problem(
                    Code::PolicyDuplicateEnum,
                    words!(
                        case = "twice",
                        value = named(&label_of(v), &v.id.value),
                        name = named(&f.label, &f.id.value),
                        first = "",
                        second = "",
                    ),
                    Some(ctx.span(&v.id)),
                ));
                break;
            }
        }
    }
    let is_enum = matches!(kind, FieldKind::Enum)
        || matches!(&kind, FieldKind::List(k) if **k == FieldKind::Enum);
    if is_enum && f.values.is_empty() {
        ctx.report(problem(
            Code::PolicyEnumValues,
            words!(name = named(&f.label, &f.id.value)),
            Some(ctx.span(&f.id)),
        ));
    }
    let unique = field_keys::unique(ctx, f, &kind);
    let open_flag = field_keys::open_flag(ctx, f, is_enum);
    let ty = kind_type(&kind, &items);
    let empty = ProgrammeScope {
        fields: Vec::new(),
        params: Vec::new(),
        tables: Vec::new(),
        values: Vec::new(),
        choices: Vec::new(),
    };
    let bound_type = match &ty {
        Type::List(_) => Type::Number,
        t => t.clone(),
    };
    let bound = |b: &Option<S<String>>, ctx: &mut Ctx<'_>| {
        b.as_ref().and_then(|b| {
            let what = crate::msg!("policy-what-field_bound");
            ctx.constant(b, &empty, &bound_type, &what)
        })
    };
    let min = bound(&f.min, ctx).or(match kind {
        // Amounts and counts are not negative unless a policy says otherwise.
        FieldKind::Money(_) => Some(Value::Money(Decimal::ZERO)),
        FieldKind::Number | FieldKind::Percent => Some(Value::Number(Decimal::ZERO)),
        _ => None,
    });
    let max = bound(&f.max, ctx);
    // Ids first, so an alias never shadows another value's id.
    let ids: Vec<Arc<str>> = f
        .values
        .iter()
        .map(|v| Arc::from(v.id.value.as_str()))
        .collect();
    let mut spellings: crate::fasthash::PolicyTexts<Arc<str>> =
        ids.iter().map(|id| (&**id, id.clone())).collect();
    for (v, id) in f.values.iter().zip(&ids) {
        for name in v.aliases.iter().chain(v.zh.iter()) {
            spellings.insert_first(name, id.clone());
        }
    }
    let mut id_addresses: Vec<usize> = ids
        .iter()
        .map(|id| Arc::as_ptr(id).cast::<u8>() as usize)
        .collect();
    id_addresses.sort_unstable();
    Some(FieldSpec {
        spellings,
        ids,
        id_addresses,
        id: f.id.value.clone(),
        kind,
        ty,
        label: f.label.clone(),
        help: f.help.clone(),
        unit: f.unit.as_ref().map(|u| u.value.clone()),
        required: f.required.unwrap_or(false),
        values: f.values.clone(),
        items,
        min,
        max,
        unique,
        open_flag,
        interpretation: f.interpretation.clone(),
        written_min: f.min.as_ref().map(|b| b.value.clone()),
        written_max: f.max.as_ref().map(|b| b.value.clone()),
        cite: f.cite.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
    })
}

fn first_dup(values: &[model::EnumValue], id: &S<String>) -> bool {
    let n = values.iter().filter(|v| v.id.value == id.value).count();
    n > 1
        && values
            .iter()
            .rposition(|v| v.id.value == id.value)
            .is_some_and(|last| std::ptr::eq(&values[last].id, id))
}

/// Types and compiles one merged programme: every formula parsed, checked and compiled
/// once; every required key checked at its item.
pub fn programme(
    sources: &Sources,
    l: &Layered,
    reports: &mut Reports,
    warnings: &mut Reports,
) -> Option<Programme> {
    let before = reports.len();
    let p = &l.body;
    let mut fields: Vec<FieldSpec> = Vec::new();
    let mut tables: Vec<(String, formula::Table)> = Vec::new();
    let mut params: Vec<(String, Type, Value)> = Vec::new();
    let mut param_info: Vec<(String, Value, Text, String, ParamNotes)> = Vec::new();
    let mut table_notes: Vec<(Text, String, Option<String>)> = Vec::new();
    let mut ctx = Ctx {
        sources,
        reports,
        parsed: HashMap::new(),
        exact: HashMap::new(),
        used: Default::default(),
        warnings,
    };
    for f in &p.fields {
        if let Some(spec) = field_spec(&mut ctx, f) {
            fields.push(spec);
        }
    }
    for t in &p.tables {
        if t.groups.is_empty() {
            ctx.missing("groups", "table", &t.label, &t.id);
            continue;
        }
        let mut table = formula::Table::default();
        for (value, keys) in &t.groups {
            for key in keys {
                if let Some(previous) = table.insert(
                    key.value.as_str().into(),
                    Value::Text(value.as_str().into()),
                ) {
                    ctx.report(problem(
                        Code::PolicyDuplicateKey,
                        words!(
                            key = &key.value,
                            table = named(&t.label, &t.id.value),
                            // The value as written, without the quotes a text value shows.
                            previous = match &previous {
                                Value::Text(t) => t.to_string(),
                                other => other.to_string(),
                            },
                            value = value,
                        ),
                        Some(ctx.span(key)),
                    ));
                }
            }
        }
        table_notes.push((
            t.label.clone(),
            t.cite.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
            t.source.clone(),
        ));
        tables.push((t.id.value.clone(), table));
    }
    // Parameters: constants, each may use the ones before it.
    for param in &p.params {
        let Some(value) = ctx.need(&param.value, "value", "param", &param.label, &param.id) else {
            continue;
        };
        let scope = ProgrammeScope {
            fields: Vec::new(),
            params: params.clone(),
            tables: Vec::new(),
            values: Vec::new(),
            choices: Vec::new(),
        };
        let cite = cite_text(&param.cite, &param.source).unwrap_or_default();
        let what = crate::msg!("policy-what-param");
        if let Some((f, ty)) = ctx.formula(value, &scope, None, &what) {
            match formula::eval(&f.ir, &Env::EMPTY) {
                Ok(v) => {
                    if let Some((expr, _)) = ctx.parse(value) {
                        let exact = &ctx.exact;
                        if let Some(r) = exact::eval(&expr, &|n| exact.get(n).copied()) {
                            ctx.exact.insert(param.id.value.clone(), r);
                        }
                    }
                    params.push((param.id.value.clone(), ty, v.clone()));
                    param_info.push((
                        param.id.value.clone(),
                        v,
                        param.label.clone(),
                        cite,
                        ParamNotes {
                            written: value.value.clone(),
                            interpretation: param.interpretation.clone(),
                        },
                    ));
                }
                Err(e) => ctx.reports.push(Report::in_formula(&e, &f.origin)),
            }
        }
    }
    // Every value of a field whose table lookup a formula makes must have an entry.
    check_table_coverage(&mut ctx, p, &fields, &tables);

    let mut scope = ProgrammeScope {
        fields: fields
            .iter()
            .map(|f| (f.id.clone(), f.ty.clone()))
            .collect(),
        params,
        tables: tables.iter().map(|(n, _)| n.clone()).collect(),
        values: Vec::new(),
        choices: field_choices(&fields)
            .into_iter()
            .chain(table_choices(tables.iter().map(|(n, t)| (n, t))))
            .collect(),
    };
    let mut values: Vec<ValueSpec> = Vec::new();
    let computed: Vec<(&model::Computed, &S<String>)> = p
        .computed
        .iter()
        .filter_map(|c| {
            ctx.need(&c.formula, "formula", "computed", &c.label, &c.id)
                .map(|f| (c, f))
        })
        .collect();
    for (c, formula) in order_computed(&mut ctx, &computed) {
        let cite = cite_text(&c.cite, &c.source).unwrap_or_default();
        let what = crate::msg!("policy-what-computed");
        if let Some((f, ty)) = ctx.formula(formula, &scope, None, &what) {
            scope.values.push((c.id.value.clone(), ty.clone()));
            values.push(ValueSpec {
                id: c.id.value.clone(),
                formula: f,
                label: c.label.clone(),
                cite,
                interpretation: c.interpretation.clone(),
                cap: None,
                ty,
                is_item: false,
            });
        } else {
            // Keep the slot so later formulas report their own errors, not this one's.
            scope.values.push((c.id.value.clone(), Type::Any));
        }
    }
    let scores = p
        .scores
        .as_ref()
        .and_then(|s| compile_scores(&mut ctx, s, &mut scope, &mut values, &fields));
    let rules = compile_rules(&mut ctx, &p.eligibility, &scope);
    let checks = compile_checks(&mut ctx, &p.checks, &scope);
    let mut flags: Vec<RuleSpec> = Vec::new();
    field_keys::check_open_flags(&mut ctx, &p.flags, &p.fields);
    for fl in &p.flags {
        // A flag without a condition is raised only by the open fields naming it.
        let never = S {
            value: "false".to_string(),
            ..fl.id.clone()
        };
        let when = fl.when.as_ref().unwrap_or(&never);
        let what = crate::msg!("policy-what-flag_condition");
        if let Some((f, _)) = ctx.formula(when, &scope, Some(&Type::Bool), &what) {
            flags.push(RuleSpec {
                id: fl.id.value.clone(),
                formula: f,
                message: fl.message.clone(),
                cite: fl
                    .cite
                    .as_ref()
                    .map(|c| c.value.clone())
                    .unwrap_or_default(),
                interpretation: None,
                field: None,
            });
        }
    }
    let award = p
        .award
        .as_ref()
        .and_then(|a| compile_award(&mut ctx, a, &scope, &fields, &values));
    let allocation = p
        .allocation
        .as_ref()
        .and_then(|a| compile_allocation(&mut ctx, a, &scope));
    let mut documents = Vec::new();
    for d in &p.documents {
        if d.label.is_empty() {
            ctx.missing("label", "document", &d.label, &d.id);
        }
        documents.push(DocumentSpec {
            id: d.id.value.clone(),
            label: d.label.clone(),
            cite: d.cite.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
            when: d.when.as_ref().and_then(|w| {
                let what = crate::msg!("policy-what-document_condition");
                ctx.formula(w, &scope, Some(&Type::Bool), &what)
                    .map(|(f, _)| f)
            }),
        });
    }
    let mut summary_by = Vec::new();
    for g in &p.summary_by {
        let Some(formula) = ctx.need(&g.formula, "formula", "group", &g.label, &g.id) else {
            continue;
        };
        let what = crate::msg!("policy-what-group");
        if let Some((formula, _)) = ctx.formula(formula, &scope, None, &what) {
            summary_by.push(GroupSpec {
                id: g.id.value.clone(),
                label: g.label.clone(),
                formula,
            });
        }
    }
    if ctx.reports.len() > before {
        return None;
    }
    unused(&mut ctx, p);
    if p.award.is_none()
        && p.scores.is_none()
        && p.allocation.is_none()
        && let Some(id) = &p.id
    {
        // Valid (a screening of eligibility only), but a programme file holding only a
        // change meant for another programme looks like this too.
        let w = problem(
            Code::LintDecidesNothing,
            words!(name = named(&p.title, &id.value)),
            Some(ctx.span(id)),
        );
        let file = w.file.map(|f| ctx.sources.file(f));
        ctx.warnings
            .push(Report::new(&w.diagnostic, file).as_warning());
    }
    let id_slot = fields.iter().position(|f| f.id == "id");
    let documents_slot = fields.iter().position(|f| f.id == "documents");
    let unique_slots = (0..fields.len()).filter(|&i| fields[i].unique).collect();
    let open_slots = (fields.iter().enumerate())
        .filter_map(|(i, f)| Some((i, f.open_flag.clone()?)))
        .collect();
    Some(Programme {
        id: l.id.clone(),
        title: p.title.clone(),
        cite: p.cite.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
        source: p.source.clone(),
        fields,
        params: param_info,
        table_names: tables.iter().map(|(n, _)| n.clone()).collect(),
        table_notes,
        table_values: tables.into_iter().map(|(_, t)| t).collect(),
        checks,
        rules,
        values,
        scores,
        award,
        allocation,
        flags,
        documents,
        summary_by,
        unique_slots,
        open_slots,
        id_slot,
        documents_slot,
        file: sources.file(l.file).clone(),
    })
}

/// `lint::unused`: a parameter, computed value or table no formula reads. Renamed in a
/// later year (`investmnet_min`), the rule still reads the old one.
fn unused(ctx: &mut Ctx<'_>, p: &ProgrammeFile) {
    let ids = (p.params.iter().map(|x| ("param", &x.label, &x.id)))
        .chain(p.computed.iter().map(|x| ("computed", &x.label, &x.id)))
        .chain(p.tables.iter().map(|x| ("table", &x.label, &x.id)));
    let mut found = Vec::new();
    for (kind, label, id) in ids {
        if !ctx.used.contains(&id.value) {
            found.push(problem(
                Code::LintUnused,
                words!(what = item(kind, label, &id.value)),
                Some(ctx.span(id)),
            ));
        }
    }
    for p in found {
        let file = p.file.map(|f| ctx.sources.file(f));
        ctx.warnings
            .push(Report::new(&p.diagnostic, file).as_warning());
    }
}

fn compile_award(
    ctx: &mut Ctx<'_>,
    part: &S<model::Award>,
    scope: &ProgrammeScope,
    fields: &[FieldSpec],
    values: &[ValueSpec],
) -> Option<AwardSpec> {
    let a = &part.value;
    let formula = ctx.need_in(&a.formula, "formula", "award", part);
    let cap = ctx.need_in(&a.cap, "cap", "award", part);
    let (formula, cap) = (formula?, cap?);
    let written_cap = cap.value.clone();
    let award = crate::msg!("policy-what-award");
    let cite = ctx.require_cite(award.clone(), formula, &a.cite, &a.source);
    let (f, _) = ctx.formula(formula, scope, Some(&Type::Money), &award)?;
    let cap = ctx
        .constant(
            cap,
            scope,
            &Type::Money,
            &crate::msg!("policy-what-award_cap"),
        )?
        .as_decimal()?;
    let known_fields = field_ranges(fields);
    let ranges = value_ranges(&known_fields, values);
    let proven = bounds::range(
        &f.ir,
        &bounds::Ranges {
            fields: &known_fields,
            computed: &ranges,
        },
    );
    if proven.hi.is_none_or(|h| h > cap) {
        ctx.report(problem(
            Code::PolicyAwardBound,
            words!(cap = plain_decimal(cap), range = bounds::show(proven)),
            Some(ctx.span(formula)),
        ));
    }
    Some(AwardSpec {
        proven_max: proven.hi,
        formula: f,
        cap,
        written_cap,
        round: match &a.round {
            Some(r) => places_of(ctx, r, &award)?,
            None => 2,
        },
        cite,
        interpretation: a.interpretation.clone(),
    })
}

fn check_table_coverage(
    ctx: &mut Ctx<'_>,
    p: &ProgrammeFile,
    fields: &[FieldSpec],
    tables: &[(String, formula::Table)],
) {
    let mut formulas: Vec<&S<String>> = p
        .eligibility
        .iter()
        .filter_map(|r| r.when.as_ref())
        .collect();
    formulas.extend(p.computed.iter().filter_map(|c| c.formula.as_ref()));
    if let Some(counts) = p
        .allocation
        .as_ref()
        .and_then(|a| a.value.quota.as_ref())
        .and_then(|q| q.value.counts.as_ref())
    {
        formulas.push(counts);
    }
    for s in formulas {
        let Some((expr, _)) = ctx.parse(s) else {
            continue;
        };
        for (table, key_field) in lookups(&expr) {
            let (Some((_, t)), Some(field)) = (
                tables.iter().find(|(n, _)| *n == table),
                fields.iter().find(|f| f.id == key_field),
            ) else {
                continue;
            };
            let missing: Vec<&str> = field
                .values
                .iter()
                .map(|v| v.id.value.as_str())
                .filter(|v| !t.contains_key(*v))
                .collect();
            if !missing.is_empty() {
                let span = ctx.span(s);
                ctx.report(problem(
                    Code::PolicyTableCoverage,
                    words!(
                        table = &table,
                        n = missing.len(),
                        field = &key_field,
                        missing = missing.join(&crate::msg!("policy-sep-item")),
                    ),
                    Some(span),
                ));
            }
        }
    }
}

/// `lookup(table, field)` pairs written in a formula.
fn lookups(expr: &Expr) -> Vec<(String, String)> {
    let mut found = Vec::new();
    expr.walk(&mut |e| {
        if let formula::ast::ExprKind::Call(f, args) = &e.kind
            && f.name == "lookup"
            && let [a, b] = args.as_slice()
            && let (formula::ast::ExprKind::Name(t), formula::ast::ExprKind::Name(k)) =
                (&a.kind, &b.kind)
        {
            found.push((t.clone(), k.clone()));
        }
    });
    found
}

/// Computed values in dependency order; a cycle is reported with its path.
fn order_computed<'a>(
    ctx: &mut Ctx<'_>,
    computed: &[(&'a model::Computed, &'a S<String>)],
) -> Vec<(&'a model::Computed, &'a S<String>)> {
    let ids: Vec<&str> = computed.iter().map(|(c, _)| c.id.value.as_str()).collect();
    let deps: Vec<Vec<usize>> = computed
        .iter()
        .map(|(_, f)| {
            // A formula that does not parse has no dependencies; its parse error is reported.
            ctx.parse(f)
                .map(|(e, _)| {
                    referenced_names(&e)
                        .iter()
                        .filter_map(|n| ids.iter().position(|i| i == n))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; computed.len()];
    let mut order = Vec::new();
    let mut reported = false;
    fn visit(
        i: usize,
        deps: &[Vec<usize>],
        state: &mut [u8],
        order: &mut Vec<usize>,
        path: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        match state[i] {
            2 => return None,
            1 => {
                let start = path.iter().position(|p| *p == i).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(i);
                return Some(cycle);
            }
            _ => {}
        }
        state[i] = 1;
        path.push(i);
        for &d in &deps[i] {
            if let Some(cycle) = visit(d, deps, state, order, path) {
                return Some(cycle);
            }
        }
        path.pop();
        state[i] = 2;
        order.push(i);
        None
    }
    for i in 0..computed.len() {
        let mut path = Vec::new();
        if let Some(cycle) = visit(i, &deps, &mut state, &mut order, &mut path) {
            if !reported {
                let names: Vec<&str> = cycle.iter().map(|c| ids[*c]).collect();
                let span = ctx.span(computed[cycle[0]].1);
                ctx.report(problem(
                    Code::PolicyCycle,
                    words!(path = names.join(" → ")),
                    Some(span),
                ));
                reported = true;
            }
            for c in cycle {
                state[c] = 2;
            }
        }
    }
    order.into_iter().map(|i| computed[i]).collect()
}

fn compile_rules(
    ctx: &mut Ctx<'_>,
    rules: &[model::Rule],
    scope: &ProgrammeScope,
) -> Vec<RuleSpec> {
    let mut out = Vec::new();
    for r in rules {
        let when = ctx.need(&r.when, "when", "rule", &NO_LABEL, &r.id);
        if r.message.is_empty() {
            ctx.missing("message", "rule", &NO_LABEL, &r.id);
        }
        let name = item("rule", &NO_LABEL, &r.id.value);
        let cite = ctx.require_cite(name, &r.id, &r.cite, &r.source);
        let Some(when) = when else { continue };
        let what = crate::msg!(
            "policy-what-rule_condition",
            name = named(&NO_LABEL, &r.id.value)
        );
        if let Some((f, _)) = ctx.formula(when, scope, Some(&Type::Bool), &what) {
            out.push(RuleSpec {
                id: r.id.value.clone(),
                formula: f,
                message: r.message.clone(),
                cite,
                interpretation: r.interpretation.clone(),
                field: None,
            });
        }
    }
    out
}

fn compile_checks(
    ctx: &mut Ctx<'_>,
    checks: &[model::Check],
    scope: &ProgrammeScope,
) -> Vec<RuleSpec> {
    let mut out = Vec::new();
    for c in checks {
        let when = ctx.need(&c.when, "when", "check", &NO_LABEL, &c.id);
        if c.message.is_empty() {
            ctx.missing("message", "check", &NO_LABEL, &c.id);
        }
        let Some(when) = when else { continue };
        let what = crate::msg!("policy-what-check", name = named(&NO_LABEL, &c.id.value));
        if let Some((f, _)) = ctx.formula(when, scope, Some(&Type::Bool), &what) {
            out.push(RuleSpec {
                id: c.id.value.clone(),
                field: c.field.clone().or_else(|| f.names.first().cloned()),
                formula: f,
                message: c.message.clone(),
                cite: String::new(),
                interpretation: None,
            });
        }
    }
    out
}

fn field_ranges(fields: &[FieldSpec]) -> Vec<bounds::Interval> {
    fields
        .iter()
        .map(|f| bounds::Interval {
            lo: f.min.as_ref().and_then(Value::as_decimal),
            hi: f.max.as_ref().and_then(Value::as_decimal),
        })
        .collect()
}

/// The proven range of each value: score items within their caps, the total the sum of
/// the items.
fn value_ranges(fields: &[bounds::Interval], values: &[ValueSpec]) -> Vec<bounds::Interval> {
    let mut ranges: Vec<bounds::Interval> = Vec::with_capacity(values.len());
    for spec in values {
        let r = if spec.formula.text.is_empty() {
            // The total: the sum of the capped items before it.
            values
                .iter()
                .zip(&ranges)
                .filter(|(v, _)| v.cap.is_some() || v.is_item)
                .fold(bounds::Interval::point(Decimal::ZERO), |acc, (_, r)| {
                    bounds::Interval {
                        lo: acc.lo.zip(r.lo).and_then(|(a, b)| a.checked_add(b)),
                        hi: acc.hi.zip(r.hi).and_then(|(a, b)| a.checked_add(b)),
                    }
                })
        } else {
            let raw = bounds::range(
                &spec.formula.ir,
                &bounds::Ranges {
                    fields,
                    computed: &ranges,
                },
            );
            match spec.cap {
                Some(cap) => bounds::Interval {
                    lo: raw.lo.map(|l| l.min(cap)),
                    hi: Some(raw.hi.map_or(cap, |h| h.min(cap))),
                },
                None => raw,
            }
        };
        ranges.push(r);
    }
    ranges
}

fn compile_scores(
    ctx: &mut Ctx<'_>,
    part: &S<model::Scores>,
    scope: &mut ProgrammeScope,
    values: &mut Vec<ValueSpec>,
    fields: &[FieldSpec],
) -> Option<ScoreSpec> {
    let s = &part.value;
    let round = ctx.need_in(&s.round, "round", "scores", part);
    let max_score = ctx.need_in(&s.max_score, "max_score", "scores", part);
    let mut items = Vec::new();
    let mut item_spans = Vec::new();
    for item in &s.items {
        let name = named(&item.label, &item.id.value);
        let cite = ctx.require_cite(
            super::item("score_item", &item.label, &item.id.value),
            &item.id,
            &item.cite,
            &None,
        );
        let Some(formula) = ctx.need(
            &item.formula,
            "formula",
            "score_item",
            &item.label,
            &item.id,
        ) else {
            scope.values.push((item.id.value.clone(), Type::Number));
            continue;
        };
        let f = ctx.formula(
            formula,
            scope,
            Some(&Type::Number),
            &crate::msg!("policy-what-score_item", name = name),
        );
        let cap = match &item.cap {
            Some(c) => match ctx
                .constant(
                    c,
                    scope,
                    &Type::Number,
                    &crate::msg!("policy-what-score_cap"),
                )
                .and_then(|v| v.as_decimal())
            {
                Some(d) => Some(d),
                None => {
                    scope.values.push((item.id.value.clone(), Type::Number));
                    continue;
                }
            },
            None => None,
        };
        scope.values.push((item.id.value.clone(), Type::Number));
        let Some((f, _)) = f else {
            continue;
        };
        items.push(values.len());
        item_spans.push(ctx.span(&item.id));
        values.push(ValueSpec {
            id: item.id.value.clone(),
            formula: f,
            label: item.label.clone(),
            cite,
            interpretation: item.interpretation.clone(),
            cap,
            ty: Type::Number,
            is_item: true,
        });
    }
    let (round, max_score_at) = (round?, max_score?);
    let max_score = ctx
        .constant(
            max_score_at,
            scope,
            &Type::Number,
            &crate::msg!("policy-what-max_score"),
        )
        .and_then(|v| v.as_decimal())?;
    // The total is a value too, so ordering and awards can use it by name.
    let total_slot = values.len();
    scope.values.push(("score".into(), Type::Number));
    values.push(ValueSpec {
        id: "score".into(),
        formula: Formula {
            text: String::new(),
            ir: Node::constant(Value::Null, Type::Number),
            origin: FormulaOrigin::whole(SourceFile::new("", "")),
            names: Vec::new(),
        },
        label: Text {
            zh: Some(crate::t!(crate::Lang::Zh, "policy-total_score")),
            en: Some(crate::t!(crate::Lang::En, "policy-total_score")),
        },
        cite: s.cite.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
        interpretation: None,
        cap: None,
        ty: Type::Number,
        is_item: false,
    });
    let ranges = value_ranges(&field_ranges(fields), values);
    let mut unbounded = false;
    for (&slot, span) in items.iter().zip(&item_spans) {
        if ranges[slot].hi.is_none() {
            unbounded = true;
            ctx.report(problem(
                Code::PolicyUnboundedScore,
                words!(name = named(&values[slot].label, &values[slot].id)),
                Some(*span),
            ));
        }
    }
    let proven = ranges[total_slot].hi;
    if let Some(p) = proven
        && p > max_score
        && !unbounded
    {
        let parts: Vec<String> = items
            .iter()
            .map(|&i| {
                format!(
                    "{} ≤ {}",
                    named(&values[i].label, &values[i].id),
                    ranges[i].hi.map(plain_decimal).unwrap_or_default()
                )
            })
            .collect();
        ctx.report(problem(
            Code::PolicyScoreBound,
            words!(
                total = plain_decimal(p),
                max = plain_decimal(max_score),
                items = parts.join(&crate::msg!("policy-sep-item")),
            ),
            Some(ctx.span(max_score_at)),
        ));
    }
    Some(ScoreSpec {
        items,
        round: places_of(ctx, round, &crate::msg!("policy-what-score_total"))?,
        max_score,
        total_slot,
        proven_max: proven,
    })
}

fn plain_decimal(d: Decimal) -> String {
    d.normalize().to_string()
}

fn compile_allocation(
    ctx: &mut Ctx<'_>,
    part: &S<model::Allocation>,
    scope: &ProgrammeScope,
) -> Option<AllocationSpec> {
    let a = &part.value;
    if a.order.0.is_none() {
        ctx.missing_at("order", "allocation".into(), part);
    }
    let awards_at = ctx.need_in(&a.awards, "awards", "allocation", part)?;
    let mut order = Vec::new();
    for key in a.order.iter() {
        let (f, ty) = ctx.formula(&key.by, scope, None, &crate::msg!("policy-what-order_key"))?;
        if matches!(ty, Type::List(_) | Type::Record(_) | Type::Any) {
            ctx.report(problem(
                Code::PolicyOrderKey,
                words!(type = crate::formula::words::type_words(&ty)),
                Some(ctx.span(&key.by)),
            ));
            return None;
        }
        let descending = match key.direction.value.as_str() {
            "desc" => true,
            "asc" => false,
            other => {
                ctx.report(problem(
                    Code::PolicyDirection,
                    words!(direction = other),
                    Some(ctx.span(&key.direction)),
                ));
                return None;
            }
        };
        order.push(OrderSpec {
            formula: f,
            descending,
        });
    }
    let awards = count_of(ctx, awards_at, scope, &crate::msg!("policy-what-awards"))?;
    let quota = match &a.quota {
        None => None,
        Some(qpart) => {
            let q = &qpart.value;
            let counts = ctx.need_in(&q.counts, "counts", "quota", qpart);
            let share = ctx.need_in(&q.share, "share", "quota", qpart);
            let rounding = ctx.need_in(&q.rounding, "rounding", "quota", qpart);
            let flag = ctx.need_in(&q.flag, "flag", "quota", qpart);
            let (counts, share_at, rounding, flag) = (counts?, share?, rounding?, flag?);
            let what = crate::msg!("policy-what-quota_condition");
            let (counts, _) = ctx.formula(counts, scope, Some(&Type::Bool), &what)?;
            let share = ctx.exact(share_at, scope, &crate::msg!("policy-what-quota_share"))?;
            if share.num < 0 || share.num > share.den {
                ctx.report(problem(
                    Code::PolicyShare,
                    words!(case = "range", share = share.to_string()),
                    Some(ctx.span(share_at)),
                ));
                return None;
            }
            let Some(fraction) = Fraction::new(share) else {
                ctx.report(problem(
                    Code::PolicyShare,
                    words!(case = "denominator", share = share.to_string()),
                    Some(ctx.span(share_at)),
                ));
                return None;
            };
            let round_up = match rounding.value.as_str() {
                "ceil" => true,
                "floor" => false,
                other => {
                    ctx.report(problem(
                        Code::PolicyRounding,
                        words!(rounding = other),
                        Some(ctx.span(rounding)),
                    ));
                    return None;
                }
            };
            Some(QuotaSpec {
                counts,
                share: share.to_decimal()?,
                fraction,
                round_up,
                flag: flag.value.clone(),
                cite: q.cite.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
                written_share: share_at.value.clone(),
                interpretation: q.interpretation.clone(),
            })
        }
    };
    let mut tiers = Vec::new();
    for t in &a.tiers {
        let amount_at = match &t.id {
            Some(id) => ctx.need(&t.amount, "amount", "tier", &t.label, id)?,
            None => ctx.need_in(&t.amount, "amount", "tier", part)?,
        };
        let amount = ctx
            .constant(
                amount_at,
                scope,
                &Type::Money,
                &crate::msg!("policy-what-tier_amount"),
            )?
            .as_decimal()?;
        if amount < Decimal::ZERO {
            ctx.report(problem(
                Code::PolicyAmount,
                words!(amount = amount),
                Some(ctx.span(amount_at)),
            ));
            return None;
        }
        let size = match &t.size {
            Some(s) => Some(count_of(
                ctx,
                s,
                scope,
                &crate::msg!("policy-what-tier_awards"),
            )?),
            None => None,
        };
        tiers.push(TierSpec {
            size,
            amount,
            written_amount: amount_at.value.clone(),
            label: t.label.clone(),
        });
    }
    // The last tier takes every award left: a size there (left after `remove: [2]`, say)
    // would be ignored, and every awardee past it paid its amount.
    if let Some(last) = a.tiers.last()
        && let Some(size) = &last.size
    {
        ctx.report(problem(
            Code::PolicyLastTierSize,
            words!(size = &size.value, awards = awards),
            Some(ctx.span(size)),
        ));
        return None;
    }
    if tiers.is_empty() {
        ctx.report(problem(
            Code::PolicyTiers,
            words!(awards = awards),
            Some(ctx.span(awards_at)),
        ));
        return None;
    }
    let demotion = match &a.demotion {
        None => None,
        Some(dpart) => {
            let when = ctx.need_in(&dpart.value.when, "when", "demotion", dpart);
            let flag = ctx.need_in(&dpart.value.flag, "flag", "demotion", dpart);
            let (when, flag) = (when?, flag?);
            if tiers.len() == 1 {
                ctx.report(problem(
                    Code::PolicyDemotion,
                    words!(),
                    Some(ctx.span(when)),
                ));
                return None;
            }
            Some((
                ctx.formula(
                    when,
                    scope,
                    Some(&Type::Bool),
                    &crate::msg!("policy-what-demotion_condition"),
                )?
                .0,
                flag.value.clone(),
            ))
        }
    };
    Some(AllocationSpec {
        order,
        awards,
        quota,
        tiers,
        demotion,
        cite: a.cite.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
        demotion_cite: a
            .demotion
            .as_ref()
            .and_then(|d| d.value.cite.as_ref())
            .map(|c| c.value.clone())
            .unwrap_or_default(),
        interpretation: a.interpretation.clone(),
    })
}
