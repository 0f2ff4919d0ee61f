//! Formula text → spanned syntax tree, with the pest grammar in `grammar/formula.pest`.

use super::ast::{BinOp, Expr, ExprKind, Ident, MoneyUnit, UnaryOp};
use super::words::{Word, Words};
use crate::diag::Code;
use crate::diag::{Diagnostic, Span};
use crate::value::{Date, DateTime};
use pest::Parser;
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::LazyLock;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/formula.pest"]
struct FormulaGrammar;

/// How deeply a formula may nest (brackets, calls, `if`, operators) before it is refused.
/// Every later stage recurses over the tree, so this bound is what keeps them off the
/// end of the stack, whatever text arrives.
pub const MAX_DEPTH: usize = 64;

/// A formula that could not be read: `formula::syntax`, `formula::too_deep`,
/// `formula::bad_number`, `formula::empty` or `formula::full_width`.
pub type ParseError = Diagnostic;

/// Something else than could stand here: what was found, in words (`formula-found-*`), and
/// what could stand there (`formula-expected-*`).
fn syntax(span: Span, found: Words, expected: Vec<&'static str>) -> ParseError {
    let help = if expected.is_empty() {
        Words::new("formula-syntax-check")
    } else {
        Words::new("formula-syntax.help").arg("expected", Word::KeysOr(expected))
    };
    Diagnostic::new(
        Code::FormulaSyntax,
        Words::new("formula-syntax").arg("found", Word::Words(Box::new(found))),
    )
    .help_by(help)
    .label(span, Words::new("here"))
}

fn too_deep(span: Span) -> ParseError {
    Diagnostic::new(
        Code::FormulaTooDeep,
        Words::new("formula-too_deep").arg("limit", MAX_DEPTH),
    )
    .label(span, Words::new("formula-too_deep.label"))
}

fn bad_number(span: Span, text: &str) -> ParseError {
    Diagnostic::new(
        Code::FormulaBadNumber,
        Words::new("formula-bad_number").arg("text", text),
    )
    .label(span, Words::new("formula-bad_number.label"))
}

fn empty() -> ParseError {
    Diagnostic::new(Code::FormulaEmpty, Words::new("formula-empty"))
}

/// A full-width character where an ASCII one is needed (`【`, `“`, `１`, `：`).
fn full_width(span: Span, found: char) -> ParseError {
    let (words, label) = match crate::fullwidth::full_width(found) {
        None => (Words::new("formula-full_width"), Words::worded("")),
        Some(fw) if fw.ascii == ' ' => (
            Words::new("fullwidth-message-space"),
            Words::new("fullwidth-label-space"),
        ),
        Some(fw) => (
            Words::new("fullwidth-message")
                .arg("found", fw.found.to_string())
                .arg("name", Word::Key(fw.name_key))
                .arg("ascii", fw.ascii.to_string()),
            Words::new("fullwidth-label")
                .arg("name", Word::Key(fw.name_key))
                .arg("ascii", fw.ascii.to_string()),
        ),
    };
    Diagnostic::new(Code::FormulaFullWidth, words)
        .help_by(Words::new("formula-full_width.help"))
        .label(span, label)
}

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::or_op, Assoc::Left))
        .op(Op::infix(Rule::and_op, Assoc::Left))
        .op(Op::prefix(Rule::not_op))
        .op(Op::infix(Rule::eq, Assoc::Left)
            | Op::infix(Rule::ne, Assoc::Left)
            | Op::infix(Rule::lt, Assoc::Left)
            | Op::infix(Rule::le, Assoc::Left)
            | Op::infix(Rule::gt, Assoc::Left)
            | Op::infix(Rule::ge, Assoc::Left)
            | Op::infix(Rule::in_op, Assoc::Left)
            | Op::infix(Rule::not_in_op, Assoc::Left))
        .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
        .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
        .op(Op::prefix(Rule::neg))
        .op(Op::postfix(Rule::member))
});

/// Parses a formula into its syntax tree.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    if text.trim().is_empty() {
        return Err(empty());
    }
    check_nesting(text)?;
    let mut pairs =
        FormulaGrammar::parse(Rule::formula, text).map_err(|e| syntax_error(text, &e))?;
    let formula = pairs.next().ok_or(empty())?;
    let expr_pair = formula
        .into_inner()
        .find(|p| p.as_rule() == Rule::expr)
        .ok_or(empty())?;
    Ok(build_expr(expr_pair, 1)?.0)
}

/// Refuses nesting beyond the limit before pest and the tree builder recurse into it.
/// Brackets and `if` are what nest; an `if` counts until the bracket around it closes,
/// which over-estimates a little and never under-estimates.
fn check_nesting(text: &str) -> Result<(), ParseError> {
    // One counter of `if`s per open bracket level.
    let mut levels: Vec<usize> = vec![0];
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let bytes = text.as_bytes();
    for (i, ch) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if ch == '\\' && q == '"' {
                escaped = true;
            } else if ch == q {
                quote = None;
            }
            continue;
        }
        let is_if = ch == 'i'
            && text[i..].starts_with("if")
            && !bytes
                .get(i + 2)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            && !(i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'));
        match ch {
            '"' | '\'' => quote = Some(ch),
            '(' | '（' | '[' => levels.push(0),
            ')' | '）' | ']' if levels.len() > 1 => {
                levels.pop();
            }
            _ if is_if => {
                if let Some(top) = levels.last_mut() {
                    *top += 1;
                }
            }
            _ => continue,
        }
        if levels.len() - 1 + levels.iter().sum::<usize>() > MAX_DEPTH {
            return Err(too_deep(Span::new(i, i + ch.len_utf8())));
        }
    }
    Ok(())
}

/// What a grammar rule stands for, as a catalogue key.
fn rule_description(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::expr | Rule::literal | Rule::name | Rule::primary => "formula-expected-value",
        Rule::EOI => "formula-expected-end",
        Rule::member => "formula-expected-member",
        Rule::ident => "formula-expected-name",
        Rule::or_op | Rule::and_op => "formula-expected-logic",
        Rule::add | Rule::sub | Rule::mul | Rule::div => "formula-expected-operator",
        Rule::eq | Rule::ne | Rule::lt | Rule::le | Rule::gt | Rule::ge => {
            "formula-expected-comparison"
        }
        Rule::in_op | Rule::not_in_op => "formula-expected-in",
        Rule::money_unit => "formula-expected-unit",
        Rule::digits | Rule::number | Rule::money | Rule::percent => "formula-expected-number",
        Rule::string | Rule::dq_text | Rule::sq_text => "formula-expected-closing_quote",
        _ => return None,
    })
}

fn syntax_error(text: &str, e: &pest::error::Error<Rule>) -> ParseError {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let next = text.get(pos..).and_then(|rest| rest.chars().next());
    let at_end = next.is_none();
    let found = match next {
        None => Words::new("formula-found-end"),
        Some(ch) => Words::new("formula-found-char").arg("char", ch.to_string()),
    };
    let end = next.map_or(pos, |c| pos + c.len_utf8());
    // At the end of the text, point at the last character so the label shows.
    let (pos, end) = if end == pos {
        let last = text.trim_end().char_indices().last().map_or(0, |(i, _)| i);
        (last, text.trim_end().len())
    } else {
        (pos, end)
    };
    let mut expected: Vec<&'static str> = Vec::new();
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &e.variant {
        for rule in positives.iter().filter_map(|r| rule_description(*r)) {
            if !expected.contains(&rule) {
                expected.push(rule);
            }
        }
    }
    // A string that never closes is reported at its opening quote.
    let quotes = text.matches('"').count();
    if quotes % 2 == 1 {
        let open = text.rfind('"').unwrap_or(pos);
        return syntax(
            Span::new(open, open + 1),
            Words::new("formula-found-unclosed_string"),
            vec!["formula-expected-closing_dq"],
        );
    }
    let unclosed = text.matches(['(', '（', '[']).count() > text.matches([')', '）', ']']).count();
    if at_end && unclosed {
        expected.insert(0, "formula-expected-closing_bracket");
    }
    let after_digit = text
        .get(..pos)
        .and_then(|t| t.chars().last())
        .is_some_and(|c| c.is_ascii_digit());
    match next {
        Some('万' | '亿') if after_digit => expected = vec!["formula-expected-money_unit"],
        Some(c) if !c.is_ascii() && c.is_alphabetic() => {
            expected = vec!["formula-expected-ascii_name"]
        }
        _ => {}
    }
    if let Some((at, fw)) = full_width_near(text, pos) {
        return full_width(Span::new(at, at + fw.found.len_utf8()), fw.found);
    }
    syntax(Span::new(pos, end), found, expected)
}

/// The full-width character a syntax error at `pos` is about: the one at `pos`, else the
/// last one before it outside quoted text (the error often shows a little later). `（`, `）`
/// and `，` are read as `(`, `)` and `,` by the grammar, so they are never the cause.
fn full_width_near(text: &str, pos: usize) -> Option<(usize, crate::fullwidth::FullWidth)> {
    let accepted = |c: char| matches!(c, '（' | '）' | '，' | '\u{3000}');
    let mut quote: Option<char> = None;
    let mut last = None;
    for (i, ch) in text.char_indices() {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
            continue;
        }
        if ch == '"' || ch == '\'' {
            quote = Some(ch);
            continue;
        }
        if i > pos {
            break;
        }
        if !accepted(ch)
            && let Some(fw) = crate::fullwidth::full_width(ch)
        {
            last = Some((i, fw));
        }
    }
    last
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

type Built = Result<(Expr, usize), ParseError>;

/// Builds a subtree, returning it with its height. `nesting` counts the enclosing levels,
/// so that recursion stops at the limit however the text nests.
fn build_expr(pair: Pair<'_, Rule>, nesting: usize) -> Built {
    let span = span_of(&pair);
    if nesting > MAX_DEPTH {
        return Err(too_deep(span));
    }
    let inner: Pairs<'_, Rule> = pair.into_inner();
    // pest's Pratt parser recurses once per prefix operator in a row: bound that run first.
    let mut run = 0usize;
    for p in inner.clone() {
        if matches!(p.as_rule(), Rule::neg | Rule::not_op) {
            run += 1;
            if run + nesting > MAX_DEPTH {
                return Err(too_deep(span_of(&p)));
            }
        } else {
            run = 0;
        }
    }
    let result = PRATT
        .map_primary(|p| build_primary(p, nesting))
        .map_prefix(|op, rhs| {
            let (rhs, h) = rhs?;
            let op_kind = if op.as_rule() == Rule::neg {
                UnaryOp::Neg
            } else {
                UnaryOp::Not
            };
            let span = span_of(&op).to(rhs.span);
            node(ExprKind::Unary(op_kind, Box::new(rhs)), span, h + 1)
        })
        .map_postfix(|lhs, op| {
            let (lhs, h) = lhs?;
            let span = lhs.span.to(span_of(&op));
            let field = op
                .into_inner()
                .next()
                .map(|p| Ident {
                    name: p.as_str().to_string(),
                    span: span_of(&p),
                })
                .ok_or(empty())?;
            node(ExprKind::Member(Box::new(lhs), field), span, h + 1)
        })
        .map_infix(|lhs, op, rhs| {
            let ((lhs, lh), (rhs, rh)) = (lhs?, rhs?);
            let bin = match op.as_rule() {
                Rule::or_op => BinOp::Or,
                Rule::and_op => BinOp::And,
                Rule::eq => BinOp::Eq,
                Rule::ne => BinOp::Ne,
                Rule::lt => BinOp::Lt,
                Rule::le => BinOp::Le,
                Rule::gt => BinOp::Gt,
                Rule::ge => BinOp::Ge,
                Rule::in_op => BinOp::In,
                Rule::not_in_op => BinOp::NotIn,
                Rule::add => BinOp::Add,
                Rule::sub => BinOp::Sub,
                Rule::mul => BinOp::Mul,
                _ => BinOp::Div,
            };
            let span = lhs.span.to(rhs.span);
            node(
                ExprKind::Binary(bin, Box::new(lhs), Box::new(rhs)),
                span,
                lh.max(rh) + 1,
            )
        })
        .parse(inner);
    let (expr, height) = result?;
    if height + nesting > MAX_DEPTH + 1 {
        return Err(too_deep(expr.span));
    }
    Ok((expr, height))
}

fn node(kind: ExprKind, span: Span, height: usize) -> Built {
    if height > MAX_DEPTH {
        return Err(too_deep(span));
    }
    Ok((Expr { kind, span }, height))
}

fn ident(pair: Pair<'_, Rule>) -> Ident {
    Ident {
        name: pair.as_str().to_string(),
        span: span_of(&pair),
    }
}

fn decimal(pair: &Pair<'_, Rule>) -> Result<Decimal, ParseError> {
    let text: String = pair.as_str().chars().filter(|c| *c != '_').collect();
    Decimal::from_str(&text).map_err(|_| bad_number(span_of(pair), pair.as_str()))
}

/// Builds the sub-expressions of a bracketed construct one level deeper.
fn build_all<'a>(
    pairs: impl Iterator<Item = Pair<'a, Rule>>,
    nesting: usize,
) -> Result<(Vec<Expr>, usize), ParseError> {
    let mut items = Vec::new();
    let mut height = 0;
    for p in pairs.filter(|p| p.as_rule() == Rule::expr) {
        let (e, h) = build_expr(p, nesting + 1)?;
        height = height.max(h);
        items.push(e);
    }
    Ok((items, height))
}

fn build_primary(pair: Pair<'_, Rule>, nesting: usize) -> Built {
    let span = span_of(&pair);
    let leaf = |kind| node(kind, span, 1);
    match pair.as_rule() {
        Rule::expr => {
            // A parenthesised expression: keep the parentheses in the span.
            let (e, h) = build_expr(pair, nesting + 1)?;
            Ok((e, h))
        }
        Rule::number => leaf(ExprKind::Number(decimal(&pair)?)),
        Rule::percent => {
            let digits = pair.into_inner().next().ok_or(empty())?;
            leaf(ExprKind::Percent(decimal(&digits)?))
        }
        Rule::money => {
            let mut inner = pair.into_inner();
            let digits = inner.next().ok_or(empty())?;
            let unit = match inner.next().map(|u| u.as_str()) {
                Some("万元") => MoneyUnit::Wan,
                Some("亿元") => MoneyUnit::Yi,
                _ => MoneyUnit::Yuan,
            };
            let amount = decimal(&digits)?;
            if amount.checked_mul(unit.yuan()).is_none() {
                return Err(bad_number(span, digits.as_str()));
            }
            leaf(ExprKind::Money(amount, unit))
        }
        Rule::boolean => leaf(ExprKind::Bool(pair.as_str() == "true")),
        Rule::string => {
            let raw = pair.into_inner().next().map(|p| (p.as_rule(), p.as_str()));
            let text = match raw {
                Some((Rule::dq_text, s)) => unescape(s),
                Some((_, s)) => s.to_string(),
                None => String::new(),
            };
            leaf(ExprKind::Text(text))
        }
        Rule::date => match Date::parse(pair.as_str()) {
            Some(d) => leaf(ExprKind::Date(d)),
            None => Err(syntax(
                span,
                Words::new("formula-found-not_a_date").arg("text", pair.as_str()),
                vec!["formula-expected-date"],
            )),
        },
        Rule::datetime => match DateTime::parse(pair.as_str()) {
            Some(d) => leaf(ExprKind::DateTime(d)),
            None => Err(syntax(
                span,
                Words::new("formula-found-not_a_datetime").arg("text", pair.as_str()),
                vec!["formula-expected-datetime"],
            )),
        },
        Rule::list => {
            let (items, h) = build_all(pair.into_inner(), nesting)?;
            node(ExprKind::List(items), span, h + 1)
        }
        Rule::name => {
            let name = pair.as_str().trim().to_string();
            leaf(ExprKind::Name(name))
        }
        Rule::call => {
            let mut inner = pair.into_inner();
            let func = inner.next().map(ident).ok_or(empty())?;
            let rest: Vec<Pair<'_, Rule>> = inner.collect();
            let body = rest.iter().find(|p| p.as_rule() == Rule::agg_body).cloned();
            let Some(body) = body else {
                let (args, h) = build_all(rest.into_iter(), nesting)?;
                return node(ExprKind::Call(func, args), span, h + 1);
            };
            // `f(x in list: body)`: the first argument must bind a name to a list.
            let (mut first, h1) = build_all(
                rest.into_iter().filter(|p| p.as_rule() == Rule::expr),
                nesting,
            )?;
            let (mut body, h2) = build_all(body.into_inner(), nesting)?;
            let (Some(binder), Some(body)) = (first.pop(), body.pop()) else {
                return Err(empty());
            };
            let ExprKind::Binary(BinOp::In, var, list) = binder.kind else {
                return Err(syntax(
                    binder.span,
                    Words::new("formula-found-not_binder"),
                    vec!["formula-expected-binder"],
                ));
            };
            let ExprKind::Name(var_name) = var.kind else {
                return Err(syntax(
                    var.span,
                    Words::new("formula-found-not_name"),
                    vec!["formula-expected-binder_name"],
                ));
            };
            node(
                ExprKind::Aggregate {
                    func,
                    var: Ident {
                        name: var_name,
                        span: var.span,
                    },
                    list,
                    body: Box::new(body),
                },
                span,
                h1.max(h2) + 1,
            )
        }
        Rule::if_expr => {
            let (mut parts, h) = build_all(pair.into_inner(), nesting)?;
            if parts.len() != 3 {
                return Err(empty());
            }
            let otherwise = parts.pop().ok_or(empty())?;
            let then = parts.pop().ok_or(empty())?;
            let cond = parts.pop().ok_or(empty())?;
            node(
                ExprKind::If(Box::new(cond), Box::new(then), Box::new(otherwise)),
                span,
                h + 1,
            )
        }
        _ => Err(syntax(
            span,
            Words::new("formula-found-char").arg("char", pair.as_str()),
            vec!["formula-expected-value"],
        )),
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
