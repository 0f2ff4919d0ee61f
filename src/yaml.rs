//! The one module that reads YAML (serde-saphyr), for policy files and application files
//! alike, with strict options: YAML 1.2 booleans only, duplicate and merge keys refused,
//! budgets on depth, size, aliases and nodes so hostile files fail fast.

use crate::diag::{Problem, SourceFile, Span};
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

/// A YAML file that could not be read into what was expected.
#[derive(Clone, Debug)]
pub struct YamlError {
    pub message: String,
    pub span: Option<Span>,
    pub help: String,
}

impl Problem for YamlError {
    fn code(&self) -> &'static str {
        "yaml::invalid"
    }
    fn message(&self) -> String {
        self.message.clone()
    }
    fn help(&self) -> Option<String> {
        Some(self.help.clone())
    }
    fn labels(&self) -> Vec<(Span, String)> {
        self.span
            .map(|s| vec![(s, "here".to_string())])
            .unwrap_or_default()
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
    let mut message = raw.lines().next().unwrap_or("invalid YAML").to_string();
    // Keep what a policy editor can act on: drop the location (the label shows it) and
    // advice addressed to programmers using the library.
    for tail in [" at line ", ", set DuplicateKeyPolicy"] {
        if let Some(at) = message.find(tail) {
            message.truncate(at);
        }
    }
    let span = e.location().and_then(|loc| {
        let start = offset_of(text, &loc)?;
        let end = text
            .get(start..)
            .and_then(|r| r.char_indices().nth(1).map(|(i, _)| start + i))
            .unwrap_or(start);
        Some(Span::new(start, end.max(start)))
    });
    let help = if let Some(rest) = message.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .split(['`', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty() && *s != "one of" && *s != "or")
            .collect();
        match crate::diag::did_you_mean(unknown, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if unknown.contains(['(', ')', '+', '*', '/', '<', '>', '=', ' ']) => {
                "this looks like the rest of a formula cut at a comma: inside `{ … }` quote a formula that has commas, e.g. formula: 'min(a, b)'".into()
            }
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        }
    } else if message.contains("mapping values are not allowed") {
        "a value containing `: ` (such as `sum(l in loans: l.principal)`) must be quoted, or written as a block after `>-`".into()
    } else if message.contains("duplicate") {
        "each key may appear once in a mapping: remove or rename one of them".into()
    } else if message.contains("merge") {
        "merge keys (`<<`) are not allowed in policy files: write the keys out".into()
    } else if message.contains("budget")
        || message.contains("depth")
        || message.contains("limit")
        || message.contains("alias")
    {
        "the file is nested too deeply or too large for a policy or application file".into()
    } else {
        "fix the YAML at the marked place (indentation, a missing `:` or quote)".into()
    };
    YamlError {
        message,
        span,
        help,
    }
}

/// Deserializes `file` strictly.
pub fn from_file<T: serde::de::DeserializeOwned>(file: &SourceFile) -> Result<T, YamlError> {
    if file.text.len() > MAX_YAML_BYTES {
        return Err(YamlError {
            message: format!("the file is larger than {} MiB", MAX_YAML_BYTES >> 20),
            span: None,
            help: "split it into several files".into(),
        });
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
        let e = raw_from_file(&file).err();
        assert!(
            e.as_ref().is_some_and(|e| e.message.contains("uplicate")),
            "{e:?}"
        );
    }
}
