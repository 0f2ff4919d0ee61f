//! The one module that reads YAML (serde-saphyr), for policy files and application files
//! alike, with strict options: YAML 1.2 booleans only, duplicate and merge keys refused,
//! budgets on depth, size, aliases and nodes so hostile files fail fast.

use crate::diag::Code;
use crate::diag::{Diagnostic, SourceFile, Span, Words};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, DuplicateKeyPolicy, MergeKeyPolicy, Options};
use std::fmt;

pub use serde_saphyr::Spanned;

/// Largest YAML file read, in bytes.
pub const MAX_YAML_BYTES: usize = 64 * 1024 * 1024;

fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 64;
    budget.max_total_scalar_bytes = MAX_YAML_BYTES;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    // Large application batches have millions of nodes; aliases, which is how a small file
    // grows huge, are limited separately below.
    budget.max_nodes = 20_000_000;
    budget.max_events = 50_000_000;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.merge_keys = MergeKeyPolicy::Error;
    options.with_snippet = false;
    options.alias_limits.max_total_replayed_events = 100_000;
    options
}

/// A YAML file that could not be read into what was expected: `yaml::invalid`, worded here
/// (from saphyr's message), the help and the label under the place too.
pub type YamlError = Diagnostic;

/// The error of a YAML file; the label under the span is "here" unless it says more.
fn yaml_error(
    message: String,
    span: Option<Span>,
    help: String,
    label: Option<String>,
) -> YamlError {
    let error =
        Diagnostic::new(Code::YamlInvalid, Words::worded(message)).help_by(Words::worded(help));
    match span {
        Some(span) => error.label(
            span,
            label.map_or_else(|| Words::new("here"), Words::worded),
        ),
        None => error,
    }
}

/// Byte offset of a saphyr location in `text`.
pub fn offset_of(text: &str, loc: &serde_saphyr::Location) -> Option<usize> {
    if let Some(b) = loc.span().byte_offset() {
        return usize::try_from(b).ok();
    }
    let (line, col) = (loc.line() as usize, loc.column() as usize);
    if line == 0 {
        return None;
    }
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let line_text = text.get(start..)?.split('\n').next()?;
    let in_line: usize = line_text
        .chars()
        .take(col.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    Some(start + in_line)
}

/// The span of a spanned value in its file: from its first byte, one token long at least.
pub fn span_of<T>(text: &str, spanned: &Spanned<T>) -> Span {
    span_at(text, &spanned.referenced)
}

/// The span of the value at `loc` in its file: from its first byte, one token long at least.
pub fn span_at(text: &str, loc: &serde_saphyr::Location) -> Span {
    let start = offset_of(text, loc).unwrap_or(0);
    let len = loc
        .span()
        .byte_len()
        .and_then(|l| usize::try_from(l).ok())
        .unwrap_or(0);
    let end = if len > 0 {
        start + len
    } else {
        // Fall back to the rest of the token on that line.
        let rest = text.get(start..).unwrap_or("");
        start
            + rest
                .find(['\n', ',', '}', ']'])
                .unwrap_or(rest.len())
                .max(1)
    };
    Span::new(start, end.min(text.len()))
}

fn convert(text: &str, e: &serde_saphyr::Error) -> YamlError {
    let raw = e.to_string();
    // saphyr prefixes some messages with the location; the label already shows it.
    let mut original = raw.lines().next().unwrap_or("invalid YAML").to_string();
    // Keep what a policy editor can act on: drop the location (the label shows it) and
    // advice addressed to programmers using the library.
    for tail in [" at line ", ", set DuplicateKeyPolicy"] {
        if let Some(at) = original.find(tail) {
            original.truncate(at);
        }
    }
    if let Some(rest) = original.strip_prefix("error: line ")
        && let Some((_, m)) = rest.split_once(": ")
    {
        original = m.to_string();
    }
    let at = e.location().and_then(|loc| offset_of(text, &loc));
    let mut span = at.map(|start| char_span(text, start));
    let is_tab = original.contains("tab");
    if is_tab && let Some(tab) = at.and_then(|a| nearest_tab(text, a)) {
        // saphyr reports a tab at the end of the line before it, or after it.
        span = Some(Span::new(tab, tab + 1));
    }
    let mut label = None;
    let (message, help) = if let Some(rest) = original.split("unknown field `").nth(1) {
        let (message, help, full_width) = unknown_key(rest);
        // A key with a full-width character in it: point at the character.
        if let Some((in_key, fw)) = full_width
            && let Some(start) = at
            && let Some(key) = rest.split('`').next()
            && text.get(start..).is_some_and(|t| t.starts_with(key))
        {
            span = Some(Span::new(
                start + in_key,
                start + in_key + fw.found.len_utf8(),
            ));
            label = Some(fw.label());
        }
        (message, help)
    } else if let Some(rest) = original.split("unknown variant `").nth(1) {
        unknown_value(rest)
    } else if let Some((offset, fw)) = at.and_then(|a| {
        let in_syntax = is_syntax(&original)
            .then(|| find_full_width(text, a))
            .flatten();
        // A value of the wrong kind: `【a, b】` where a list is expected, `２０２０` for a number.
        let wrong_kind = original.starts_with("invalid ")
            || original.contains("invalid type")
            || original.starts_with("expected ");
        in_syntax.or_else(|| wrong_kind.then(|| in_value(text, a)).flatten())
    }) {
        span = Some(Span::new(offset, offset + fw.found.len_utf8()));
        label = Some(fw.label());
        let (key, args) = explain(&original);
        (fw.message(), with_original(text_of(key, &args), &original))
    } else {
        let (key, args) = explain(&original);
        (
            text_of(key, &args),
            with_original(text_of(&format!("{key}.help"), &args), &original),
        )
    };
    yaml_error(message, span, help, label)
}

/// One character from `start`.
fn char_span(text: &str, start: usize) -> Span {
    let end = text
        .get(start..)
        .and_then(|r| r.char_indices().nth(1).map(|(i, _)| start + i))
        .unwrap_or(start);
    Span::new(start, end.max(start))
}

/// Whether saphyr's message is about the text's syntax (not a value's type or a budget).
fn is_syntax(original: &str) -> bool {
    ![
        "duplicate",
        "merge",
        "budget",
        "limit",
        "alias",
        "invalid type",
        "invalid value",
        "missing field",
    ]
    .iter()
    .any(|w| original.contains(w))
}

/// The tab saphyr means by an error at `at`: the first tab from the start of the line of
/// `at` (it reports a tab that indents a line at the end of the line before).
fn nearest_tab(text: &str, at: usize) -> Option<usize> {
    let at = at.min(text.len());
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    text.get(line_start..)?.find('\t').map(|i| line_start + i)
}

/// A full-width character where YAML needs an ASCII one, on the line of `at` or the line
/// before (saphyr often notices a missing `:` one line late): a `：` after a key, a `，`
/// inside `{ }` or `[ ]`, a full-width space in the indentation. Quoted text and comments
/// are not looked at, and neither is a full-width character inside a value, which is text.
fn find_full_width(text: &str, at: usize) -> Option<(usize, crate::fullwidth::FullWidth)> {
    let at = at.min(text.len());
    let this_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let prev_start = text
        .get(..this_start.saturating_sub(1))?
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let this_end = text.get(at..)?.find('\n').map_or(text.len(), |i| at + i);
    let mut candidates = Vec::new();
    if prev_start < this_start {
        candidates.extend(in_line(text, prev_start, this_start - 1));
    }
    let this = in_line(text, this_start, this_end);
    // On the error's own line, the one nearest before the place, else the first after it.
    let before = this.iter().rev().find(|(o, _)| *o <= at).copied();
    let after = this.iter().find(|(o, _)| *o > at).copied();
    before.or_else(|| candidates.last().copied()).or(after)
}

/// A value of the wrong type that holds a full-width character standing for an ASCII one
/// (`【a, b】` for a list, `２０２０` for a number): the first such character of the value at
/// `at` (to the end of its line).
fn in_value(text: &str, at: usize) -> Option<(usize, crate::fullwidth::FullWidth)> {
    let rest = text.get(at..)?;
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    line.char_indices()
        .find_map(|(i, c)| crate::fullwidth::full_width(c).map(|fw| (at + i, fw)))
}

/// The full-width characters of the line `text[start..end]` that stand where YAML syntax is.
fn in_line(text: &str, start: usize, end: usize) -> Vec<(usize, crate::fullwidth::FullWidth)> {
    let Some(line) = text.get(start..end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut flow = 0usize;
    let mut indent = true;
    // Whether a key is being read: from the line's start (after indentation and `- `) or a
    // flow separator, until a space inside it or a `:`.
    let mut at_key = true;
    let mut key_seen = false;
    let mut prev = ' ';
    for (i, ch) in line.char_indices() {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
            prev = ch;
            continue;
        }
        if ch != ' ' && ch != '　' {
            indent = false;
        }
        if let Some(fw) = crate::fullwidth::full_width(ch) {
            let hit = match ch {
                '：' => at_key,
                '，' => flow > 0 && key_follows(&line[i + ch.len_utf8()..]),
                '　' => indent,
                _ => false,
            };
            if hit {
                out.push((start + i, fw));
            }
        }
        match ch {
            '"' | '\'' if matches!(prev, ' ' | '{' | '[' | ',') => quote = Some(ch),
            '#' if prev == ' ' || i == 0 => break,
            '{' | '[' => {
                flow += 1;
                (at_key, key_seen) = (true, false);
            }
            '}' | ']' => flow = flow.saturating_sub(1),
            ',' | '，' if flow > 0 => (at_key, key_seen) = (true, false),
            ':' => at_key = false,
            ' ' | '-' if !key_seen => {}
            ' ' => at_key = false,
            _ => key_seen = true,
        }
        prev = ch;
    }
    out
}

/// Whether `rest` starts with a key and its colon (`en: …`): then a `，` before it was meant
/// to separate items; otherwise it is text inside a value.
fn key_follows(rest: &str) -> bool {
    let rest = rest.trim_start();
    let key_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    key_len > 0 && rest[key_len..].trim_start().starts_with([':', '：'])
}

/// A message of `locales/*/yaml.ftl` in the language of diagnostics.
fn text_of(key: &str, args: &[(&'static str, String)]) -> String {
    let args: Vec<(&str, crate::i18n::Arg<'_>)> = args
        .iter()
        .map(|(n, v)| (*n, crate::i18n::Arg::from(v.as_str())))
        .collect();
    crate::i18n::text(crate::Lang::for_messages(), key, &args)
}

/// What to do, with saphyr's own words after it for whoever wants the detail (its backticks
/// taken out, so the quoted original stays one piece of code in the message).
fn with_original(help: String, original: &str) -> String {
    crate::msg!(
        "yaml-detail",
        help = help,
        original = original.replace('`', "'")
    )
}

/// saphyr's message in plain words: the catalogue key (`yaml-invalid-*`, its `.help` what to
/// do) and its arguments.
fn explain(original: &str) -> (&'static str, Vec<(&'static str, String)>) {
    let o = original;
    if let Some(rest) = o.split("missing field `").nth(1) {
        let key = rest.split('`').next().unwrap_or("");
        return ("yaml-invalid-missing_key", vec![("key", key.to_string())]);
    }
    let key = if o.contains("tab") {
        "yaml-invalid-tab"
    } else if o.contains("simple key expected ':'") || o.contains("could not find expected ':'") {
        "yaml-invalid-missing_colon"
    } else if o.contains("expected ',' or '}'") {
        "yaml-invalid-braces"
    } else if o.contains("expected ',' or ']'") {
        "yaml-invalid-brackets"
    } else if o.contains("mapping values are not allowed") {
        "yaml-invalid-colon_here"
    } else if o.contains("illegal placement of ':'") {
        "yaml-invalid-colon_placement"
    } else if o.contains("unclosed quote") || o.contains("found unexpected end of stream") {
        "yaml-invalid-unclosed_quote"
    } else if o.contains("unclosed bracket") {
        "yaml-invalid-unclosed_bracket"
    } else if o.contains("trailing content after") {
        "yaml-invalid-trailing"
    } else if o.contains("did not find expected key") || o.contains("expected mapping") {
        "yaml-invalid-expected_key"
    } else if o.contains("block sequence entries are not allowed")
        || o.contains("did not find expected '-'")
    {
        "yaml-invalid-list_item"
    } else if let Some(key) = o.split("duplicate mapping key: ").nth(1) {
        return ("yaml-invalid-duplicate_key", vec![("key", key.to_string())]);
    } else if o.contains("duplicate") {
        "yaml-invalid-duplicate"
    } else if o.contains("merge") {
        "yaml-invalid-merge"
    } else if o.contains("budget")
        || o.contains("recursion")
        || o.contains("depth")
        || o.contains("limit")
        || o.contains("alias")
    {
        "yaml-invalid-too_big"
    } else if ["invalid u", "invalid i"].iter().any(|p| o.starts_with(p))
        && o.split(' ').count() == 2
    {
        "yaml-invalid-whole_number"
    } else if o.contains("invalid type") || o.contains("expected") {
        "yaml-invalid-wrong_kind"
    } else {
        "yaml-invalid"
    };
    (key, Vec::new())
}

/// An unknown key (saphyr's text after "unknown field `"): message and help, and the
/// full-width character in it (its byte offset in the key) that made it unknown.
#[allow(clippy::type_complexity)]
fn unknown_key(rest: &str) -> (String, String, Option<(usize, crate::fullwidth::FullWidth)>) {
    let unknown = rest.split('`').next().unwrap_or("");
    let expected: Vec<&str> = rest
        .split("expected ")
        .nth(1)
        .unwrap_or("")
        .split(['`', ','])
        .map(|s| s.trim().trim_start_matches("one of ").trim())
        .filter(|s| !s.is_empty() && *s != "one of" && *s != "or")
        .collect();
    let allowed = crate::formula::words::code_list(&expected, crate::Lang::for_messages());
    let message = crate::msg!("yaml-unknown_key", key = unknown, allowed = &allowed);
    let full_width = unknown
        .char_indices()
        .find_map(|(i, c)| crate::fullwidth::full_width(c).map(|fw| (i, fw)));
    if let Some((_, fw)) = full_width {
        // The character is what to fix; the key as read is the detail.
        return (fw.message(), message, full_width);
    }
    let help = if let Some(s) = crate::diag::did_you_mean(unknown, expected.iter().copied()) {
        crate::msg!("yaml-did_you_mean", suggestion = s)
    } else if unknown.contains(['(', ')', '+', '*', '/', '<', '>', '=', ' ']) {
        crate::msg!("yaml-unknown_key-formula")
    } else {
        crate::msg!("yaml-unknown_key.help", allowed = &allowed)
    };
    (message, help, None)
}

/// A value outside a closed list (saphyr's text after "unknown variant `"): message and help.
fn unknown_value(rest: &str) -> (String, String) {
    let unknown = rest.split('`').next().unwrap_or("");
    let allowed: Vec<&str> = rest
        .split("expected ")
        .nth(1)
        .unwrap_or("")
        .split('`')
        .skip(1)
        .step_by(2)
        .collect();
    let message = crate::msg!(
        "yaml-invalid-unknown_value",
        value = unknown,
        allowed = crate::formula::words::code_list(&allowed, crate::Lang::for_messages())
    );
    let help = match crate::diag::did_you_mean(unknown, allowed.iter().copied()) {
        Some(s) => crate::msg!("yaml-did_you_mean", suggestion = s),
        None => crate::msg!("yaml-invalid-unknown_value.help"),
    };
    (message, help)
}

/// Deserializes `file` strictly.
pub fn from_file<T: serde::de::DeserializeOwned>(file: &SourceFile) -> Result<T, YamlError> {
    if file.text.len() > MAX_YAML_BYTES {
        return Err(yaml_error(
            crate::msg!("yaml-too_large", mib = MAX_YAML_BYTES >> 20),
            None,
            crate::msg!("yaml-too_large.help"),
            None,
        ));
    }
    serde_saphyr::from_str_with_options(&file.text, options()).map_err(|e| convert(&file.text, &e))
}

/// A YAML or JSON document as text leaves: numbers stay exactly as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    Null,
    Text(String),
    List(Vec<Raw>),
    Map(Vec<(String, Raw)>),
}

/// The structure of a document, learnt in a first pass so the second can ask for every
/// scalar as its text (asking for "anything" would turn `36433.87` into a float).
enum Shape {
    Null,
    Scalar,
    Seq(Vec<Shape>),
    Map(Vec<Shape>),
}

struct ShapeVisitor;

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
        Ok(Shape::Scalar)
    }
    fn visit_none<E>(self) -> Result<Shape, E> {
        Ok(Shape::Null)
    }
    fn visit_unit<E>(self) -> Result<Shape, E> {
        Ok(Shape::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(ShapeVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        let mut items = Vec::new();
        while let Some(s) = seq.next_element_seed(ShapeSeed)? {
            items.push(s);
        }
        Ok(Shape::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut values = Vec::new();
        while map.next_key::<de::IgnoredAny>()?.is_some() {
            values.push(map.next_value_seed(ShapeSeed)?);
        }
        Ok(Shape::Map(values))
    }
}

struct ShapeSeed;

impl<'de> DeserializeSeed<'de> for ShapeSeed {
    type Value = Shape;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(ShapeVisitor)
    }
}

impl<'de> de::Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(ShapeVisitor)
    }
}

struct RawSeed<'s>(&'s Shape);

struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar")
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Text(v.to_string()))
    }
}

struct RawVisitor<'s>(&'s Shape);

impl<'de> Visitor<'de> for RawVisitor<'_> {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let Shape::Seq(shapes) = self.0 else {
            return Err(de::Error::custom("the document changed between passes"));
        };
        let mut items = Vec::with_capacity(shapes.len());
        for shape in shapes {
            match seq.next_element_seed(RawSeed(shape))? {
                Some(v) => items.push(v),
                None => break,
            }
        }
        Ok(Raw::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let Shape::Map(shapes) = self.0 else {
            return Err(de::Error::custom("the document changed between passes"));
        };
        let mut entries = Vec::with_capacity(shapes.len());
        for shape in shapes {
            match map.next_key::<String>()? {
                Some(k) => entries.push((k, map.next_value_seed(RawSeed(shape))?)),
                None => break,
            }
        }
        Ok(Raw::Map(entries))
    }
}

impl<'de> DeserializeSeed<'de> for RawSeed<'_> {
    type Value = Raw;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        match self.0 {
            Shape::Null => {
                de::IgnoredAny::deserialize(d)?;
                Ok(Raw::Null)
            }
            Shape::Scalar => d.deserialize_str(TextVisitor),
            Shape::Seq(_) => d.deserialize_seq(RawVisitor(self.0)),
            Shape::Map(_) => d.deserialize_map(RawVisitor(self.0)),
        }
    }
}

use serde::Deserialize as _;

/// Reads a YAML document into text leaves.
pub fn raw_from_file(file: &SourceFile) -> Result<Raw, YamlError> {
    let shape: Shape = from_file(file)?;
    let seed = RawSeed(&shape);
    let mut de_options = options();
    de_options.null_as_string = false;
    serde_saphyr::with_deserializer_from_str_with_options(&file.text, de_options, |d| {
        seed.deserialize(d)
    })
    .map_err(|e| convert(&file.text, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_written_text() {
        let file = SourceFile::new(
            "r.yaml",
            "a: 36433.87\nb: [1e30, \"250万元\", true]\nc:\nd: 0.1000\n",
        );
        let t = |s: &str| Raw::Text(s.into());
        let expected = Raw::Map(vec![
            ("a".into(), t("36433.87")),
            (
                "b".into(),
                Raw::List(vec![t("1e30"), t("250万元"), t("true")]),
            ),
            ("c".into(), Raw::Null),
            ("d".into(), t("0.1000")),
        ]);
        assert_eq!(raw_from_file(&file).ok(), Some(expected));
    }

    #[test]
    fn duplicate_keys_are_errors_with_a_place() {
        let file = SourceFile::new("r.yaml", "a: 1\nb: 2\na: 3\n");
        let e = crate::Lang::En.with_messages(|| raw_from_file(&file).err());
        assert!(
            e.as_ref()
                .is_some_and(|e| e.message().contains("`a` appears twice") && e.span().is_some()),
            "{e:?}"
        );
    }
}
