//! Where something was found in an input or policy file: a line (CSV, JSON Lines, YAML,
//! JSON), a line and column (policy files), or a sheet and cell (xlsx). Readers that do not
//! know the file's name leave `file` empty; the command line fills it in (`in_file`).

use serde::Serialize;
use std::fmt;

/// A place in a file, serialized as `{file, line}`, `{file, line, column}` or
/// `{file, sheet, cell}` (keys without a value are left out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl Location {
    /// A line (1-based) of `file`.
    pub fn line(file: impl Into<String>, line: u64) -> Location {
        Location {
            file: file.into(),
            line: Some(line),
            column: None,
            sheet: None,
            cell: None,
        }
    }

    /// A whole file (what is said is about all of it, e.g. its header or its keys).
    pub fn file(file: impl Into<String>) -> Location {
        Location {
            file: file.into(),
            line: None,
            column: None,
            sheet: None,
            cell: None,
        }
    }

    /// A line and column (both 1-based) of `file`.
    pub fn line_column(file: impl Into<String>, line: u64, column: u64) -> Location {
        Location {
            column: Some(column),
            ..Location::line(file, line)
        }
    }

    /// A cell (`F12`) of a sheet of a workbook.
    pub fn cell(
        file: impl Into<String>,
        sheet: impl Into<String>,
        cell: impl Into<String>,
    ) -> Location {
        Location {
            file: file.into(),
            line: None,
            column: None,
            sheet: Some(sheet.into()),
            cell: Some(cell.into()),
        }
    }

    /// A cell written as `申报表!F12` (sheet names cannot hold `!` in a reference's cell part,
    /// so the last `!` separates them).
    pub fn sheet_cell(file: impl Into<String>, reference: &str) -> Location {
        match reference.rsplit_once('!') {
            Some((sheet, cell)) => Location::cell(file, sheet, cell),
            None => Location::cell(file, "", reference),
        }
    }

    /// Names the file when the reader could not.
    pub fn in_file(&mut self, file: &str) {
        if self.file.is_empty() {
            self.file = file.to_string();
        }
    }
}

/// `a.csv:12`, `policy.yaml:3:7`, `a.xlsx:申报表!F12`.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        match (&self.sheet, &self.cell) {
            (Some(sheet), Some(cell)) => write!(f, ":{sheet}!{cell}"),
            (None, Some(cell)) => write!(f, ":{cell}"),
            _ => Ok(()),
        }
    }
}

/// The lines of a YAML document's nodes (each key's line, each list item's line), read
/// once beside the document so that an error on `loans[2].principal` can name its line.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Tree {
    #[default]
    Leaf,
    Seq(Vec<(u64, Tree)>),
    Map(Vec<(String, u64, Tree)>),
}

struct TreeVisitor;

impl<'de> serde::de::Visitor<'de> for TreeVisitor {
    type Value = Tree;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_str<E>(self, _: &str) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_none<E>(self) -> Result<Tree, E> {
        Ok(Tree::Leaf)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<crate::yaml::Spanned<Tree>>()? {
            items.push((item.referenced.line(), item.value));
        }
        Ok(Tree::Seq(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<crate::yaml::Spanned<String>>()? {
            let value: Tree = map.next_value()?;
            entries.push((key.value, key.referenced.line(), value));
        }
        Ok(Tree::Map(entries))
    }
}

impl<'de> serde::Deserialize<'de> for Tree {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Tree, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

/// Each record of a YAML file (one record, or a list of them): its line and the lines of
/// its keys. `None` when the lines cannot be read (the document itself was read already, so
/// this does not happen for a file that was).
pub fn yaml_records(file: &crate::diag::SourceFile) -> Option<Vec<(u64, Tree)>> {
    let top: crate::yaml::Spanned<Tree> = crate::yaml::from_file(file).ok()?;
    Some(match top.value {
        Tree::Seq(items) => items,
        tree => vec![(top.referenced.line(), tree)],
    })
}

/// The line each record of a JSON file starts on: each item's of a top-level array, else
/// the document's. A scan of the text that keeps nothing but the lines (the document was
/// read already; a million-record array costs no more than a vector of numbers).
pub fn json_record_lines(text: &str) -> Vec<u64> {
    let mut line = 1u64;
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Vec::new();
    };
    line += bytes[..first].iter().filter(|&&b| b == b'\n').count() as u64;
    if bytes[first] != b'[' {
        return vec![line];
    }
    let (mut lines, mut depth, mut in_string, mut escaped, mut expect) =
        (Vec::new(), 0usize, false, false, false);
    for &b in &bytes[first..] {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        if b.is_ascii_whitespace() {
            continue;
        }
        if depth == 1 && expect && !matches!(b, b']' | b',') {
            lines.push(line);
            expect = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                expect = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' => expect = depth == 1,
            _ => {}
        }
    }
    lines
}

/// The line of the field an error names (`revenue_2019`, `loans[2].principal`, a key as
/// written), found in a record's tree by the field's id or its labels; the deepest part of
/// the path found, or `None` when not even its first part is in the record.
pub fn line_of(tree: &Tree, path: &str, fields: &[crate::policy::FieldSpec]) -> Option<u64> {
    let (mut tree, mut fields, mut found) = (tree, fields, None);
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let Tree::Map(entries) = tree else {
            break;
        };
        let spec = fields.iter().find(|f| f.id == name);
        let same = |key: &str| {
            key == name
                || spec.is_some_and(|f| {
                    f.label.zh.as_deref() == Some(key) || f.label.en.as_deref() == Some(key)
                })
        };
        let Some((_, line, sub)) = entries.iter().find(|(k, ..)| same(k)) else {
            break;
        };
        found = Some(*line);
        tree = sub;
        if let Some(n) = index {
            match sub {
                Tree::Seq(items) => match items.get(n.wrapping_sub(1)) {
                    Some((line, item)) => {
                        found = Some(*line);
                        tree = item;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        fields = spec.map_or(&[][..], |f| &f.items[..]);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{Location, json_record_lines};

    #[test]
    fn json_records_start_where_their_items_do() {
        let text = "\n[\n {\"a\": \"],{[\\\"\"},\n\n {\"b\": [1,\n 2]}, 3,\n\"x\"\n]";
        assert_eq!(json_record_lines(text), [3, 5, 6, 7]);
        assert_eq!(json_record_lines("  \n {\"a\": 1}"), [2]);
        assert_eq!(json_record_lines("[]"), Vec::<u64>::new());
    }

    #[test]
    fn places_serialize_with_only_their_keys() {
        let line = serde_json::to_value(Location::line("a.csv", 12)).ok();
        assert_eq!(line, Some(serde_json::json!({"file": "a.csv", "line": 12})));
        let cell = serde_json::to_value(Location::sheet_cell("a.xlsx", "申报表!F12")).ok();
        assert_eq!(
            cell,
            Some(serde_json::json!({"file": "a.xlsx", "sheet": "申报表", "cell": "F12"}))
        );
        assert_eq!(
            Location::sheet_cell("a.xlsx", "申报表!F12").to_string(),
            "a.xlsx:申报表!F12"
        );
        assert_eq!(
            Location::line_column("p.yaml", 3, 7).to_string(),
            "p.yaml:3:7"
        );
    }
}
