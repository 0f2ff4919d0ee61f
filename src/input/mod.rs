//! Reading application files: YAML, JSON, JSON Lines (and CSV, see `csv.rs`) into
//! [`Raw`] documents whose scalars are the text as written.

pub mod csv;
pub mod fingerprint;
pub mod limits;
pub mod text;

use crate::diag::Code;
use crate::diag::{Diagnostic, SourceFile, Word, Words};
use crate::msg;
use crate::value::{RecordType, Type, Value};
pub use crate::yaml::Raw;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// An input file that could not be used at all (a bad record inside a usable file is not
/// this: it becomes an `invalid` result): `input::unreadable`, its file's name and what is
/// wrong with it (worded by the reader), the help worded too.
pub type InputError = Diagnostic;

/// What an input error says is wrong, without the file's name (a line of a JSON Lines file
/// that cannot be read is an invalid record, for this reason).
pub fn reason(e: &InputError) -> String {
    e.words
        .args
        .iter()
        .find_map(|(name, word)| match (*name, word) {
            ("message", Word::Text(text)) => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_else(|| e.message())
}

/// What the system says went wrong reading a file, in the language of messages where it is
/// one of the usual reasons (the system's own words otherwise).
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => msg!("input-io-not_found"),
        std::io::ErrorKind::PermissionDenied => msg!("input-io-permission"),
        std::io::ErrorKind::IsADirectory => msg!("input-io-directory"),
        _ => msg!("input-io-other", error = e.to_string()),
    }
}

/// The error of a file that cannot be read (not there, not allowed, a folder, …).
fn cannot_read(path: &str, e: &std::io::Error) -> InputError {
    input_error(
        path,
        msg!("input-cannot_read", reason = io_reason(e)),
        msg!("input-cannot_read.help"),
    )
}

pub(crate) fn input_error(
    file: &str,
    message: impl Into<String>,
    help: impl Into<String>,
) -> InputError {
    Diagnostic::new(
        Code::InputUnreadable,
        Words::new("input-unreadable")
            .arg("file", file)
            .arg("message", message.into()),
    )
    .help_by(Words::worded(help))
}

/// An input file's format: from `--input-format`, else the file's extension; standard
/// input without `--input-format` is recognised from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
    Jsonl,
    Yaml,
    Xlsx,
}

impl Format {
    fn name(self) -> String {
        msg!(match self {
            Format::Csv => "input-format-csv",
            Format::Json => "input-format-json",
            Format::Jsonl => "input-format-jsonl",
            Format::Yaml => "input-format-yaml",
            Format::Xlsx => "input-format-xlsx",
        })
    }

    /// The format `path` is read in.
    pub fn of(path: &str) -> Format {
        if path == "-" {
            return *SNIFFED.get_or_init(sniff_stdin);
        }
        let ext = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Format::Csv,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "xlsx" => Format::Xlsx,
            _ => Format::Yaml,
        }
    }
}

/// What standard input was recognised as.
static SNIFFED: std::sync::OnceLock<Format> = std::sync::OnceLock::new();
/// The first bytes of standard input, read to recognise it and given back to whoever reads
/// it (or the error that stopped reading them).
static STDIN_HEAD: std::sync::Mutex<Option<std::io::Result<Vec<u8>>>> = std::sync::Mutex::new(None);

const SNIFF_BYTES: usize = 1 << 16;

/// Reads the first bytes of standard input, keeps them for the reader, and says on
/// standard error what they look like.
fn sniff_stdin() -> Format {
    let (format, said) = sniff_stdin_quietly();
    crate::neutral::line_to_stderr(&said);
    format
}

/// Reads the first bytes of standard input and keeps them for [`stdin_reader`]; gives the
/// format they look like and the sentence saying so (for the caller to show).
pub fn sniff_stdin_quietly() -> (Format, String) {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    let read = std::io::stdin()
        .lock()
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head);
    let (format, why) = match &read {
        Ok(_) => sniff(&head),
        Err(_) => (Format::Yaml, "input-sniff-unreadable"),
    };
    let kept = read.map(|_| head);
    if let Ok(mut slot) = STDIN_HEAD.lock() {
        *slot = Some(kept);
    }
    (
        format,
        msg!("input-sniff", format = format.name(), why = msg!(why)),
    )
}

/// The format the first bytes of a stream look like, and why (the catalogue key of the
/// reason).
pub fn sniff(head: &[u8]) -> (Format, &'static str) {
    if head.starts_with(b"PK\x03\x04") {
        return (Format::Xlsx, "input-sniff-zip");
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(text);
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let Some(first) = lines.next() else {
        return (Format::Yaml, "input-sniff-empty");
    };
    if first.starts_with(['{', '[']) && !json_like(&text) {
        return (Format::Yaml, "input-sniff-flow");
    }
    if first.starts_with('{') {
        // An object on the first line and another line starting one: JSON Lines (a JSON
        // document has nothing after its object).
        if first.ends_with('}') && lines.next().is_some_and(|l| l.starts_with('{')) {
            return (Format::Jsonl, "input-sniff-jsonl");
        }
        return (Format::Json, "input-sniff-brace");
    }
    if first.starts_with('[') {
        return (Format::Json, "input-sniff-bracket");
    }
    if first.starts_with("---") || first.starts_with("- ") || first == "-" {
        return (Format::Yaml, "input-sniff-yaml_list");
    }
    if first.contains(": ") || first.ends_with(':') {
        return (Format::Yaml, "input-sniff-key_value");
    }
    if first.contains(',') {
        return (Format::Csv, "input-sniff-comma");
    }
    if lines.next().is_some() && !text.contains(':') {
        return (Format::Csv, "input-sniff-single");
    }
    (Format::Yaml, "input-sniff-else")
}

/// Whether text opening with `{` or `[` opens like JSON: an object's first key is quoted
/// (`{"id"`), where YAML's flow style need not be (`{id: A}`).
fn json_like(text: &str) -> bool {
    let mut chars = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}');
    let mut last = None;
    for c in chars.by_ref() {
        match c {
            '[' | '{' => last = Some(c),
            _ => {
                return match last {
                    Some('{') => c == '"' || c == '}',
                    _ => {
                        c == '"' || c == ']' || c == '-' || c.is_ascii_digit() || "tfn".contains(c)
                    }
                };
            }
        }
    }
    true
}

/// Standard input from its start: the bytes read to recognise it, then the rest.
pub fn stdin_reader() -> Box<dyn Read + Send> {
    let head = STDIN_HEAD.lock().ok().and_then(|mut slot| slot.take());
    match head {
        Some(Ok(head)) => Box::new(std::io::Cursor::new(head).chain(std::io::stdin())),
        Some(Err(e)) => Box::new(Failed(Some(e))),
        None => Box::new(std::io::stdin()),
    }
}

/// A reader that fails with the error met while peeking.
struct Failed(Option<std::io::Error>);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(self
            .0
            .take()
            .unwrap_or_else(|| std::io::Error::other(msg!("input-stdin_unreadable"))))
    }
}

/// An input opened for reading: standard input for `-`; `regular` tells whether it is a
/// regular file (whose size is known and stays put).
fn open(path: &str) -> Result<(Box<dyn Read + Send>, bool), InputError> {
    if path == "-" {
        return Ok((stdin_reader(), false));
    }
    open_file(path, Path::new(path))
}

fn limit_error(path: &str, message: String) -> InputError {
    input_error(path, message, msg!("input-limit-help"))
}

/// Reads a file (or standard input for `-`) whole, stopping at the input limit whatever it
/// is (a FIFO or `/dev/zero` included).
pub fn read_bytes(path: &str) -> Result<Vec<u8>, InputError> {
    limits::INPUT_BYTES
        .get()
        .map_err(|m| limit_error(path, m))?;
    let (source, _) = open(path)?;
    read_from(path, source)
}

/// A file opened by its path (named `name` in messages); `regular` tells whether it is a
/// regular file (whose size is known and stays put).
pub fn open_file(name: &str, path: &Path) -> Result<(Box<dyn Read + Send>, bool), InputError> {
    let file = std::fs::File::open(path).map_err(|e| cannot_read(name, &e))?;
    let regular = file.metadata().is_ok_and(|m| m.is_file());
    Ok((Box::new(file), regular))
}

/// Reads a stream whole (named `path` in messages), stopping at the input limit.
pub fn read_from(path: &str, source: impl Read) -> Result<Vec<u8>, InputError> {
    let limit = limits::INPUT_BYTES
        .get()
        .map_err(|m| limit_error(path, m))?;
    let too_large = || {
        input_error(
            path,
            msg!("input-too_large", limit = limits::INPUT_BYTES.show(limit)),
            msg!(
                "input-too_large.help",
                raise = limits::INPUT_BYTES.help(limit)
            ),
        )
    };
    let mut bytes = Vec::new();
    source
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Bytes already in memory (an upload), held to the same limit as a file read whole, so a
/// caller gets the same refusal whichever way the input came.
pub fn check_size(name: &str, bytes: &[u8]) -> Result<(), InputError> {
    let limit = limits::INPUT_BYTES
        .get()
        .map_err(|m| limit_error(name, m))?;
    if bytes.len() as u64 > limit {
        return Err(input_error(
            name,
            msg!("input-too_large", limit = limits::INPUT_BYTES.show(limit)),
            msg!(
                "input-too_large.help",
                raise = limits::INPUT_BYTES.help(limit)
            ),
        ));
    }
    Ok(())
}

/// A stream that fails once more than `left` bytes have come through (a limit met while
/// streaming, named in the error).
struct Capped<R> {
    inner: R,
    left: u64,
    message: String,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => Err(std::io::Error::other(self.message.clone())),
        }
    }
}

/// Decodes a file: UTF-8 with or without a BOM; for CSV also GB18030/GBK, which Excel
/// writes by default on Chinese Windows.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    decode_as(path, Format::of(path), bytes)
}

/// [`decode`] of an input whose format is known (named `path` in messages).
pub fn decode_as(path: &str, format: Format, bytes: Vec<u8>) -> Result<String, InputError> {
    let is_csv = format == Format::Csv;
    let utf8_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    if !is_csv || utf8_bom || std::str::from_utf8(&bytes).is_ok() || damaged_utf8(&bytes) {
        return utf8(path, bytes);
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
    if had_errors {
        return Err(input_error(
            path,
            msg!("input-not_utf8_or_gbk"),
            msg!("input-not_utf8_or_gbk.help"),
        ));
    }
    Ok(text.into_owned())
}

/// Whether bytes that are not UTF-8 are UTF-8 text with a few damaged bytes rather than
/// GB18030: most of their non-ASCII characters are whole UTF-8 characters. Decoded as
/// GB18030 (which takes nearly any bytes) such text would be read as other, plausible
/// characters without a word; GB18030 text, read as UTF-8, is nearly all broken sequences.
fn damaged_utf8(bytes: &[u8]) -> bool {
    let (mut whole, mut broken) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        let (valid, next) = match std::str::from_utf8(rest) {
            Ok(text) => (text, None),
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                // A character cut at the end of the bytes is not broken.
                let next = e.error_len().map(|n| &after[n..]);
                (std::str::from_utf8(valid).unwrap_or_default(), next)
            }
        };
        whole += valid.chars().filter(|c| !c.is_ascii()).count();
        match next {
            Some(after) => {
                broken += 1;
                rest = after;
            }
            None => break,
        }
    }
    whole >= 4 * broken.max(1)
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
            msg!("input-not_utf8", offset = e.utf8_error().valid_up_to()),
            msg!("input-not_utf8.help"),
        )
    })
}

/// The documents of one input file, each a record or a list of records; the first line
/// of JSON Lines that cannot be read makes the whole file unusable (see [`documents`]).
///
/// `id_headers` name the id column of a CSV file (the id field's id and labels).
pub fn read_documents(
    path: &str,
    file: &SourceFile,
    id_headers: &[String],
) -> Result<Vec<Raw>, InputError> {
    documents(path, file, id_headers)?.into_iter().collect()
}

/// The documents of one input file; a line of JSON Lines that cannot be read is its own
/// `Err`, so that the lines around it are still read.
pub fn documents(
    path: &str,
    file: &SourceFile,
    id_headers: &[String],
) -> Result<Vec<Result<Raw, InputError>>, InputError> {
    documents_as(path, Format::of(path), file, id_headers)
}

/// [`documents`] of an input whose format is known (named `path` in messages).
pub fn documents_as(
    path: &str,
    format: Format,
    file: &SourceFile,
    id_headers: &[String],
) -> Result<Vec<Result<Raw, InputError>>, InputError> {
    match format {
        Format::Json => json(path, &file.text)
            .and_then(|r| not_empty(path, r))
            .map(|r| vec![Ok(r)]),
        Format::Csv => csv::read(path, &file.text, id_headers).map(|r| vec![Ok(r)]),
        Format::Jsonl => Ok(file
            .text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, line)| json_line(&format!("{path}:{}", i + 1), line))
            .collect()),
        Format::Xlsx => Err(input_error(
            path,
            msg!("input-workbook_here"),
            msg!("input-workbook_here.help"),
        )),
        Format::Yaml => crate::yaml::raw_from_file(file)
            .map_err(|e| {
                let help = e.help.as_ref().map(Words::say).unwrap_or_default();
                let error = input_error(path, e.message(), help);
                match e.span() {
                    Some(span) => error.label(span, Words::new("here")),
                    None => error,
                }
            })
            .and_then(|r| not_empty(path, r))
            .map(|r| vec![Ok(r)]),
    }
}

/// A document that is nothing at all (an empty file, or only `null` or comments) holds no
/// application: the file is unusable, not one invalid record (as an empty CSV has no header).
fn not_empty(path: &str, doc: Raw) -> Result<Raw, InputError> {
    if matches!(doc, Raw::Null) {
        Err(input_error(
            path,
            msg!("input-empty_document"),
            msg!("input-empty_document.help"),
        ))
    } else {
        Ok(doc)
    }
}

fn json(path: &str, text: &str) -> Result<Raw, InputError> {
    let value: JsonRaw = serde_json::from_str(text).map_err(|e| {
        input_error(
            path,
            msg!(
                "input-json",
                line = e.line(),
                column = e.column(),
                reason = json_reason(&e)
            ),
            msg!("input-json.help"),
        )
    })?;
    Ok(value.0)
}

/// What serde_json says is wrong, without the place it appends (said already), in the
/// language of messages for the reasons it gives (its own words for any other).
fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let place = format!(" at line {} column {}", e.line(), e.column());
    let reason = text.strip_suffix(&place).unwrap_or(&text);
    let key = match reason {
        r if r.starts_with("EOF while parsing") => "input-json-eof",
        "expected `:`" => "input-json-expected_colon",
        "expected `,` or `]`" => "input-json-expected_list",
        "expected `,` or `}`" => "input-json-expected_object",
        "expected value" | "expected ident" => "input-json-expected_value",
        "expected `\"`" => "input-json-expected_quote",
        "invalid escape" => "input-json-invalid_escape",
        "invalid number" => "input-json-invalid_number",
        "number out of range" => "input-json-out_of_range",
        r if r.starts_with("control character") => "input-json-control",
        "key must be a string" => "input-json-key_string",
        "trailing comma" => "input-json-trailing_comma",
        "trailing characters" => "input-json-trailing",
        "recursion limit exceeded" => "input-json-recursion",
        other => return other.to_string(),
    };
    msg!(key)
}

/// One line of JSON Lines: its errors name the column (the line is in `place`).
fn json_line(place: &str, text: &str) -> Result<Raw, InputError> {
    let raw = serde_json::from_str::<JsonRaw>(text)
        .map(|v| v.0)
        .map_err(|e| {
            input_error(
                place,
                msg!(
                    "input-json-line",
                    column = e.column(),
                    reason = json_reason(&e)
                ),
                msg!("input-json-line.help"),
            )
        })?;
    // One line is one application: a line holding a list would become several records, or
    // none, without a word.
    if matches!(raw, Raw::List(_)) {
        return Err(input_error(
            place,
            msg!("input-json-line-list"),
            msg!("input-json-line-list.help"),
        ));
    }
    Ok(raw)
}

/// JSON read straight into a [`Raw`]: numbers keep the digits they were written with, and a
/// key given twice stays twice (the records layer names both; a map would keep the last).
struct JsonRaw(Raw);

/// The key under which serde_json hands over a number's text (`arbitrary_precision`).
const JSON_NUMBER: &str = "$serde_json::private::Number";

impl<'de> serde::Deserialize<'de> for JsonRaw {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<JsonRaw, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = JsonRaw;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<JsonRaw, E> {
        Ok(JsonRaw(Raw::Text(b.to_string())))
    }
    fn visit_i64<E>(self, n: i64) -> Result<JsonRaw, E> {
        Ok(JsonRaw(Raw::Text(n.to_string())))
    }
    fn visit_u64<E>(self, n: u64) -> Result<JsonRaw, E> {
        Ok(JsonRaw(Raw::Text(n.to_string())))
    }
    fn visit_str<E>(self, s: &str) -> Result<JsonRaw, E> {
        Ok(JsonRaw(Raw::Text(s.to_string())))
    }
    fn visit_string<E>(self, s: String) -> Result<JsonRaw, E> {
        Ok(JsonRaw(Raw::Text(s)))
    }
    fn visit_unit<E>(self) -> Result<JsonRaw, E> {
        Ok(JsonRaw(Raw::Null))
    }
    fn visit_none<E>(self) -> Result<JsonRaw, E> {
        Ok(JsonRaw(Raw::Null))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsonRaw, A::Error> {
        let mut items = Vec::new();
        while let Some(JsonRaw(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(JsonRaw(Raw::List(items)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonRaw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if entries.is_empty() && key == JSON_NUMBER {
                let digits: String = map.next_value()?;
                // A JSON number with an exponent is a number a program wrote: written out in
                // full, it is not taken for a spreadsheet's scientific display text.
                let digits = match text::written_out(&digits) {
                    Some(full) => full,
                    None => digits,
                };
                return Ok(JsonRaw(Raw::Text(digits)));
            }
            let JsonRaw(value) = map.next_value()?;
            entries.push((key, value));
        }
        Ok(JsonRaw(Raw::Map(entries)))
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
/// Windows), or refused naming the encoding to use. A stream that is not a regular file
/// (standard input, a FIFO, a device) stops at the input limit.
pub fn open_csv(path: &str) -> Result<Box<dyn Read + Send>, InputError> {
    open_csv_printed(path).map(|(reader, _)| reader)
}

/// [`open_csv`], and the fingerprint of the file's bytes, taken as they are read.
pub fn open_csv_printed(
    path: &str,
) -> Result<(Box<dyn Read + Send>, fingerprint::Fingerprint), InputError> {
    let (file, regular) = open(path)?;
    csv_reader(path, file, regular)
}

/// [`open_csv_printed`] of a stream already open (named `path` in messages); `regular` says
/// its size is known and stays put (a file, bytes in memory), else it stops at the stream
/// limit.
pub fn csv_reader<'a>(
    path: &str,
    file: Box<dyn Read + Send + 'a>,
    regular: bool,
) -> Result<(Box<dyn Read + Send + 'a>, fingerprint::Fingerprint), InputError> {
    let open_error = |e: std::io::Error| cannot_read(path, &e);
    let (file, print) = fingerprint::hashing(file);
    let mut file: Box<dyn Read + Send + 'a> = Box::new(file);
    if !regular {
        let limit = limits::STREAM_BYTES
            .get()
            .map_err(|m| limit_error(path, m))?;
        file = Box::new(Capped {
            inner: file,
            left: limit,
            message: msg!(
                "input-stream_too_large",
                limit = limits::STREAM_BYTES.show(limit),
                raise = limits::STREAM_BYTES.help(limit)
            ),
        });
    }
    let mut head = Vec::with_capacity(1 << 16);
    (&mut file)
        .take(1 << 16)
        .read_to_end(&mut head)
        .map_err(open_error)?;
    let head_is_utf8 = match std::str::from_utf8(&head) {
        Ok(_) => true,
        // A character cut at the end of the peeked bytes is still UTF-8; damaged UTF-8 is
        // read as UTF-8, so that each damaged cell is an error at its line.
        Err(e) => e.error_len().is_none() || damaged_utf8(&head),
    };
    if head_is_utf8 {
        let skip = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let head = head.split_off(skip);
        return Ok((Box::new(std::io::Cursor::new(head).chain(file)), print));
    }
    // Decoded whole: bounded as every input read whole is.
    let limit = limits::INPUT_BYTES
        .get()
        .map_err(|m| limit_error(path, m))?;
    let mut rest = head;
    file.take(limit.saturating_add(1).saturating_sub(rest.len() as u64))
        .read_to_end(&mut rest)
        .map_err(open_error)?;
    if rest.len() as u64 > limit {
        return Err(input_error(
            path,
            msg!(
                "input-csv_gbk_too_large",
                limit = limits::INPUT_BYTES.show(limit)
            ),
            msg!(
                "input-csv_gbk_too_large.help",
                raise = limits::INPUT_BYTES.help(limit)
            ),
        ));
    }
    let text = decode_as(path, Format::Csv, rest)?;
    Ok((Box::new(std::io::Cursor::new(text.into_bytes())), print))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GB18030 text is never taken for damaged UTF-8 (read as UTF-8 it is nearly all broken
    /// sequences, with a few whole characters by chance), and UTF-8 Chinese with a damaged
    /// byte is.
    #[test]
    fn damaged_utf8_is_told_from_gb18030() {
        let text = "申报编号,单位名称,所在区县,企业规模\nA1,重庆山城机械制造有限公司,万州,小型\n\
                    A2,重庆银行股份有限公司,涪陵,中型\nA3,中国联通重庆分公司,黔江,微型\n";
        for n in 1..=20 {
            let long = text.repeat(n);
            let (gbk, _, _) = encoding_rs::GB18030.encode(&long);
            assert!(!damaged_utf8(&gbk), "GB18030 ×{n}");
            let mut utf8 = long.clone().into_bytes();
            utf8.insert(40, 0x80);
            assert!(damaged_utf8(&utf8), "UTF-8 ×{n}");
        }
        // A Latin-1 byte in ASCII text has no whole characters beside it: not UTF-8.
        assert!(!damaged_utf8(b"id,name\nA,caf\xe9\n"));
    }

    #[test]
    fn standard_input_is_recognised_from_its_first_bytes() {
        let cases: &[(&[u8], Format)] = &[
            (b"id,name\nA,x\n", Format::Csv),
            (b"\xEF\xBB\xBFid,name\nA,x\n", Format::Csv),
            // GBK: not UTF-8, still comma-separated.
            (b"\xc9\xea\xb1\xa8\xb1\xe0\xba\xc5,name\nA,x\n", Format::Csv),
            (b"id\nA\nB\n", Format::Csv),
            (b"# batch\n- id: A\n", Format::Yaml),
            (b"id: A\nname: x, y\n", Format::Yaml),
            (b"---\n- {id: A}\n", Format::Yaml),
            (b"{id: A, name: x}\n", Format::Yaml),
            (b"[{id: A}]", Format::Yaml),
            (b"  [ {\"id\": \"A\"} ]", Format::Json),
            (b"{\"id\": \"A\"}", Format::Json),
            (b"{\n  \"id\": \"A\"\n}\n", Format::Json),
            (b"[1, 2]", Format::Json),
            (b"{\"id\": \"A\"}\n\n{\"id\": \"B\"}\n", Format::Jsonl),
            (b"PK\x03\x04rest", Format::Xlsx),
            (b"", Format::Yaml),
        ];
        for (head, format) in cases {
            assert_eq!(sniff(head).0, *format, "{}", String::from_utf8_lossy(head));
        }
    }
}
