//! Reading application files: YAML, JSON, JSON Lines (and CSV, see `csv.rs`) into
//! [`Raw`] documents whose scalars are the text as written.

pub mod csv;
pub mod text;

use crate::diag::{Problem, SourceFile, Span};
use crate::value::{RecordType, Type, Value};
pub use crate::yaml::Raw;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// An input file that could not be used at all (a bad record inside a usable file is not
/// this: it becomes an `invalid` result).
#[derive(Clone, Debug)]
pub struct InputError {
    pub file: String,
    pub message: String,
    pub help: String,
    pub span: Option<Span>,
}

impl Problem for InputError {
    fn code(&self) -> &'static str {
        "input::unreadable"
    }
    fn message(&self) -> String {
        format!("{}: {}", self.file, self.message)
    }
    fn help(&self) -> Option<String> {
        Some(self.help.clone())
    }
    fn labels(&self) -> Vec<(Span, String)> {
        self.span
            .map(|s| vec![(s, "here".into())])
            .unwrap_or_default()
    }
}

fn input_error(file: &str, message: impl Into<String>, help: impl Into<String>) -> InputError {
    InputError {
        file: file.to_string(),
        message: message.into(),
        help: help.into(),
        span: None,
    }
}

/// Reads a file (or standard input for `-`) as bytes.
/// The largest YAML, JSON or JSON Lines input read (these are read whole; CSV is streamed).
pub const MAX_DOCUMENT_BYTES: u64 = 512 << 20;

pub fn read_bytes(path: &str) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    let too_large = || {
        input_error(
            path,
            format!("larger than {} MiB", MAX_DOCUMENT_BYTES >> 20),
            "YAML and JSON files are read whole: give a large batch as CSV, which is read as it streams",
        )
    };
    let result = if path == "-" {
        std::io::stdin()
            .take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map(|_| ())
    } else {
        match std::fs::metadata(path) {
            Ok(m) if m.len() > MAX_DOCUMENT_BYTES => return Err(too_large()),
            _ => std::fs::read(path).map(|b| bytes = b),
        }
    };
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(too_large());
    }
    result.map_err(|e| {
        input_error(
            path,
            format!("cannot read: {e}"),
            "check the path and permissions",
        )
    })?;
    Ok(bytes)
}

/// Decodes a file: UTF-8 with or without a BOM; for CSV also GB18030/GBK, which Excel
/// writes by default on Chinese Windows.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    let is_csv = Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let utf8_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    if !is_csv || utf8_bom || std::str::from_utf8(&bytes).is_ok() {
        return utf8(path, bytes);
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
    if had_errors {
        return Err(input_error(
            path,
            "neither UTF-8 nor GB18030/GBK text",
            "save the CSV as \"CSV UTF-8\" (or as GBK/GB18030)",
        ));
    }
    Ok(text.into_owned())
}

/// Decodes UTF-8 text, naming the encoding to use when it is not.
pub fn utf8(path: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        input_error(
            path,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "save the file as UTF-8",
        )
    })
}

/// The documents of one input file, each a record or a list of records.
///
/// `id_headers` name the id column of a CSV file (the id field's id and labels).
pub fn read_documents(
    path: &str,
    file: &SourceFile,
    id_headers: &[String],
) -> Result<Vec<Raw>, InputError> {
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "json" => json(path, &file.text).map(|r| vec![r]),
        "csv" => csv::read(path, &file.text, id_headers).map(|r| vec![r]),
        "jsonl" | "ndjson" => file
            .text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, line)| json(&format!("{path}:{}", i + 1), line))
            .collect(),
        _ => crate::yaml::raw_from_file(file)
            .map(|r| vec![r])
            .map_err(|e| InputError {
                file: path.to_string(),
                message: e.message,
                help: e.help,
                span: e.span,
            }),
    }
}

fn json(path: &str, text: &str) -> Result<Raw, InputError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        input_error(
            path,
            format!(
                "invalid JSON at line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
            "fix the JSON at that place",
        )
    })?;
    Ok(from_json(value))
}

fn from_json(v: serde_json::Value) -> Raw {
    match v {
        serde_json::Value::Null => Raw::Null,
        serde_json::Value::Bool(b) => Raw::Text(b.to_string()),
        // With `arbitrary_precision` the number keeps the digits it was written with.
        serde_json::Value::Number(n) => Raw::Text(n.to_string()),
        serde_json::Value::String(s) => Raw::Text(s),
        serde_json::Value::Array(items) => Raw::List(items.into_iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            Raw::Map(map.into_iter().map(|(k, v)| (k, from_json(v))).collect())
        }
    }
}

/// A record read without a schema: every value inferred from its text.
pub struct InferredRecord {
    pub fields: Vec<(String, Type)>,
    pub values: Vec<Value>,
}

/// Infers field types from a record's own values (for `calc --record` with no policy).
pub fn infer_record(raw: &Raw) -> Option<InferredRecord> {
    let Raw::Map(entries) = raw else {
        return None;
    };
    let mut fields = Vec::new();
    let mut values = Vec::new();
    for (k, v) in entries {
        let (value, ty) = infer(v);
        fields.push((k.clone(), ty));
        values.push(value);
    }
    Some(InferredRecord { fields, values })
}

fn infer(raw: &Raw) -> (Value, Type) {
    match raw {
        Raw::Null => (Value::Null, Type::Any),
        Raw::Text(t) => {
            let v = text::infer_scalar(t);
            let ty = text::type_of(&v);
            (v, ty)
        }
        Raw::List(items) if items.iter().any(|i| matches!(i, Raw::Map(_))) => {
            // A list of records: the item type has every key any item has.
            let mut rt = RecordType::default();
            for item in items {
                if let Raw::Map(entries) = item {
                    for (k, v) in entries {
                        let t = infer(v).1;
                        match rt.fields.iter_mut().find(|(n, _)| n == k) {
                            Some((_, existing)) => *existing = widen(existing, &t),
                            None => rt.fields.push((k.clone(), t)),
                        }
                    }
                }
            }
            let values: Vec<Value> = items
                .iter()
                .map(|item| {
                    let mut slots = vec![Value::Null; rt.fields.len()];
                    if let Raw::Map(entries) = item {
                        for (k, v) in entries {
                            if let Some(i) = rt.slot(k) {
                                slots[i] = conform(infer(v).0, &rt.fields[i].1);
                            }
                        }
                    }
                    Value::Record(slots.into())
                })
                .collect();
            (
                Value::List(values.into()),
                Type::List(Box::new(Type::Record(Arc::new(rt)))),
            )
        }
        Raw::List(items) => {
            let values: Vec<Value> = items.iter().map(|i| infer(i).0).collect();
            let v = Value::List(values.into());
            let t = text::type_of(&v);
            (v, t)
        }
        Raw::Map(_) => (Value::Null, Type::Any),
    }
}

/// The type of a column whose items disagree: a plain number among amounts is an amount
/// in yuan; otherwise the first reading stands.
fn widen(a: &Type, b: &Type) -> Type {
    match (a, b) {
        (Type::Number, Type::Money) | (Type::Money, Type::Number) => Type::Money,
        _ => a.unify(b).unwrap_or_else(|| a.clone()),
    }
}

fn conform(v: Value, ty: &Type) -> Value {
    match (v, ty) {
        (Value::Number(d), Type::Money) => Value::Money(d),
        (v, _) => v,
    }
}

/// Opens a CSV file for streaming: UTF-8 (a BOM is skipped) is read as it comes; a file
/// that is not UTF-8 is decoded whole from GB18030/GBK (what Excel writes on Chinese
/// Windows), or refused naming the encoding to use.
pub fn open_csv(path: &str) -> Result<Box<dyn Read + Send>, InputError> {
    let open_error = |e: std::io::Error| {
        input_error(
            path,
            format!("cannot read: {e}"),
            "check the path and permissions",
        )
    };
    let mut file: Box<dyn Read + Send> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(open_error)?)
    };
    let mut head = Vec::with_capacity(1 << 16);
    (&mut file)
        .take(1 << 16)
        .read_to_end(&mut head)
        .map_err(open_error)?;
    let head_is_utf8 = match std::str::from_utf8(&head) {
        Ok(_) => true,
        // A character cut at the end of the peeked bytes is still UTF-8.
        Err(e) => e.error_len().is_none(),
    };
    if head_is_utf8 {
        let skip = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let head = head.split_off(skip);
        return Ok(Box::new(std::io::Cursor::new(head).chain(file)));
    }
    let mut rest = head;
    file.read_to_end(&mut rest).map_err(open_error)?;
    let text = decode(path, rest)?;
    Ok(Box::new(std::io::Cursor::new(text.into_bytes())))
}
