//! Application records: raw documents read against a programme's field schema. A value that
//! does not fit is an error on that record (which becomes `invalid`), never on the batch.

use crate::diag::Code;
use crate::diag::{did_you_mean, echo};
use crate::input::Raw;
use crate::input::text::{
    NumberError, is_excel_scientific, parse_bool, read_decimal, read_money, read_percent, trimmed,
    written_out,
};
use crate::location::Location;
use crate::msg;
use crate::policy::{FieldKind, FieldSpec, Programme};
use crate::value::{Date, DateMisfit, DateTime, Value};
use serde::Serialize;
use std::sync::Arc;

pub mod columns;
pub mod csv;
pub mod pieces;
pub mod xlsx;

pub use columns::{ReadWarning, Reading};

/// What a record is read with: how keys that name no field are treated, and the columns
/// its file's reader ignored (named when a required field is missing and looks like one).
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub strict: bool,
    pub ignored: &'a [String],
    /// What the file calls a name: `column` (CSV, xlsx) or `key` (JSON, YAML).
    pub noun: &'static str,
    /// Where the keys of a JSON or YAML file that name no field (or state another unit) are
    /// noted as its records are read, to be said once for the file.
    pub notes: Option<&'a std::sync::Mutex<KeyNotes>>,
    /// The list field whose items are being read (`loans`), for naming their keys.
    pub list: &'a str,
}

impl<'a> Context<'a> {
    /// Unknown keys are errors: policy test cases, and callers that ask for it.
    pub const STRICT: Context<'static> = Context {
        strict: true,
        ignored: &[],
        noun: "key",
        notes: None,
        list: "",
    };

    /// The records of a JSON or YAML file, what they say about their keys noted in `notes`.
    pub fn keys(reading: Reading, notes: &'a std::sync::Mutex<KeyNotes>) -> Context<'a> {
        Context {
            strict: reading.strict,
            ignored: &[],
            noun: "key",
            notes: Some(notes),
            list: "",
        }
    }

    fn note(&self, f: impl FnOnce(&mut KeyNotes)) {
        // A poisoned lock only means another reader panicked; the notes are still whole.
        if let Some(notes) = self.notes {
            let mut guard = notes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            f(&mut guard);
        }
    }
}

/// What a JSON or YAML file's records say about their keys, noted while they are read (no
/// second pass over a large file): keys that name no field, with how many records give
/// each, and keys read in a unit other than their field's.
#[derive(Debug, Default)]
pub struct KeyNotes {
    unknown: Vec<(String, usize)>,
    /// Where each unknown key is in `unknown` (a file may give many thousands).
    unknown_at: std::collections::HashMap<String, usize>,
    units: Vec<(String, ReadWarning)>,
}

impl KeyNotes {
    /// The keys that named no field, with how many records gave each, and the warnings
    /// about keys read in another unit.
    pub fn into_parts(self) -> (Vec<(String, usize)>, Vec<ReadWarning>) {
        (
            self.unknown,
            self.units.into_iter().map(|(_, w)| w).collect(),
        )
    }

    /// The warnings for the file (unknown keys only when they were not errors), and the
    /// unknown keys (to point at from a missing value).
    pub fn warnings(self, programme: &Programme, strict: bool) -> (Vec<ReadWarning>, Vec<String>) {
        let mut warnings: Vec<ReadWarning> = self.units.into_iter().map(|(_, w)| w).collect();
        if !strict {
            warnings.extend(columns::unknown_warning(programme, "key", &self.unknown));
        }
        (warnings, self.unknown.into_iter().map(|(k, _)| k).collect())
    }
}

/// Why a record is invalid: a stable `code` (`input::enum`, `input::unique`, …) for
/// programs, the field it is about, a message for people and, apart from the message, the
/// place in the input (`None` until a reader or the command line knows it).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldError {
    pub code: Code,
    pub field: String,
    pub message: String,
    pub location: Option<Location>,
}

impl FieldError {
    pub fn new(code: Code, field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            code,
            field: field.into(),
            message: message.into(),
            location: None,
        }
    }

    /// The same error at `location`.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

/// A value that does not fit its field: the error's code and message.
type Misfit = (Code, String);

/// One application, its values in the programme's field slots.
#[derive(Clone, Debug)]
pub struct Record {
    /// Shared with the id field's value: a million records keep one copy of each id.
    pub id: std::sync::Arc<str>,
    pub values: Vec<Value>,
    pub errors: Vec<FieldError>,
}

impl Record {
    /// A record of these values, its id taken from the id field.
    pub fn new(programme: &Programme, values: Vec<Value>, errors: Vec<FieldError>) -> Record {
        let id = programme
            .id_slot
            .and_then(|i| match &values[i] {
                Value::Text(t) => Some(t.clone()),
                _ => None,
            })
            .unwrap_or_default();
        Record { id, values, errors }
    }
}

/// Reports each required field left empty (unless it already has an error); `prefix` names
/// the list item the fields belong to.
fn require(
    fields: &[FieldSpec],
    values: &[Value],
    errors: &mut Vec<FieldError>,
    prefix: &str,
    ignored: &[String],
    noun: &str,
) {
    for (f, v) in fields.iter().zip(values) {
        if !f.required || !matches!(v, Value::Null) {
            continue;
        }
        let field = if prefix.is_empty() {
            f.id.clone()
        } else {
            format!("{prefix}.{}", f.id)
        };
        if !errors.iter().any(|e| e.field == field) {
            let message = match columns::ignored_look_alike(f, ignored) {
                Some(name) if noun == "key" => {
                    msg!("input-required-ignored-key", name = echo(name))
                }
                Some(name) => msg!("input-required-ignored-column", name = echo(name)),
                None => msg!("input-required"),
            };
            errors.push(FieldError::new(Code::InputRequired, field, message));
        }
    }
}

/// What a field of `kind` takes, in the language of messages ("a number", "数字").
fn describe(kind: &FieldKind) -> String {
    msg!(match kind {
        FieldKind::Text => "input-kind-text",
        FieldKind::Number => "input-kind-number",
        FieldKind::Money(_) => "input-kind-money",
        FieldKind::Percent => "input-kind-percent",
        FieldKind::Bool => "input-kind-bool",
        FieldKind::Date => "input-kind-date",
        FieldKind::DateTime => "input-kind-datetime",
        FieldKind::Enum => "input-kind-enum",
        FieldKind::CreditCode => "input-kind-credit_code",
        FieldKind::List(_) | FieldKind::Records => "input-kind-list",
    })
}

/// A field's name for people: its label in the language of messages with its id after it
/// (`2019年营业收入（revenue_2019）`), or the id alone when it has no label.
pub fn field_name(f: &FieldSpec) -> String {
    let label = f.label.get(crate::Lang::for_messages());
    if label.is_empty() || label == f.id {
        f.id.clone()
    } else {
        msg!("input-field-name", label = label, id = &f.id)
    }
}

/// What separates the items of a list in a sentence (`、` in Chinese, `, ` in English).
pub fn separator() -> &'static str {
    match crate::Lang::for_messages() {
        crate::Lang::Zh => "、",
        crate::Lang::En => ", ",
    }
}

/// An enum value as a message shows it: the name the policy gives it in the language of
/// messages. A Chinese name is a spelling the reader accepts; an English one is not, so in
/// English the id comes first (`` `growth` (Growth enterprise) ``).
fn value_shown(v: &crate::policy::model::EnumValue) -> String {
    let id = v.id.value.as_str();
    match crate::Lang::for_messages() {
        crate::Lang::Zh => format!("`{}`", v.zh.as_deref().unwrap_or(id)),
        crate::Lang::En => match v.en.as_deref() {
            Some(en) if en != id => format!("`{id}` ({en})"),
            _ => format!("`{id}`"),
        },
    }
}

/// The "not an allowed value" message: the value it most likely meant (by any of its
/// spellings), else the values allowed, by their names.
fn enum_misfit(spec: &FieldSpec, text: &str) -> String {
    let mut spellings: Vec<(&str, usize)> = Vec::new();
    for (i, v) in spec.values.iter().enumerate() {
        let names = [Some(&v.id.value), v.zh.as_ref(), v.en.as_ref()];
        for name in names.into_iter().flatten().chain(v.aliases.iter()) {
            spellings.push((name.as_str(), i));
        }
    }
    let near = did_you_mean(text, spellings.iter().map(|(s, _)| *s))
        .and_then(|found| spellings.iter().find(|(s, _)| *s == found))
        .and_then(|(_, i)| spec.values.get(*i));
    let value = echo(text);
    match near {
        Some(v) => msg!("input-enum", value = value, suggestion = value_shown(v)),
        None => {
            let mut allowed: Vec<String> = spec.values.iter().take(12).map(value_shown).collect();
            if spec.values.len() > 12 {
                allowed.push("…".into());
            }
            msg!(
                "input-enum-allowed",
                value = value,
                allowed = allowed.join(separator())
            )
        }
    }
}

/// GB 32100-2015: 18 characters from the code set, the last a check character.
pub fn credit_code_ok(code: &str) -> bool {
    const CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return false;
    }
    let mut sum = 0;
    for (c, w) in chars.iter().take(17).zip(WEIGHTS) {
        match CHARS.find(*c) {
            Some(v) => sum += v as u32 * w,
            None => return false,
        }
    }
    let check = (31 - sum % 31) % 31;
    CHARS.chars().nth(check as usize) == Some(chars[17])
}

fn scalar(spec: &FieldSpec, kind: &FieldKind, text: &str) -> Result<Value, Misfit> {
    let bad = || {
        (
            Code::InputType,
            msg!("input-type", value = echo(text), kind = describe(kind)),
        )
    };
    let why = |e: NumberError| match e {
        NumberError::NotANumber => bad(),
        reason => (Code::InputNumber, reason.message(&echo(text))),
    };
    // A number in scientific notation is refused: Excel shows a number that way when its
    // column is too narrow or the number too long, and a CSV (or a copy of the cell's text)
    // keeps only the digits shown, so `1.23E+07` may have been 12,345,678 and is never taken
    // for 12,300,000 without a word. (A JSON number may have an exponent: the JSON reader
    // writes it out in full.)
    if matches!(
        kind,
        FieldKind::Number | FieldKind::Money(_) | FieldKind::Percent
    ) && text.bytes().any(|b| b | 0x20 == b'e')
        && let Some(full) = written_out(text)
    {
        return Err((
            Code::InputScientific,
            msg!("input-scientific", value = echo(text), read = full),
        ));
    }
    // An id or a credit code typed as a number into Excel comes out as `1.23457E+11`, with
    // its digits gone: two applicants' rows could then share one id.
    if matches!(kind, FieldKind::Text | FieldKind::CreditCode) && is_excel_scientific(text) {
        return Err((
            Code::InputScientific,
            msg!("input-scientific-text", value = echo(text)),
        ));
    }
    let value = match kind {
        FieldKind::Text => Value::Text(text.into()),
        FieldKind::Number => Value::Number(read_decimal(text).map_err(why)?),
        FieldKind::Money(unit) => Value::Money(read_money(text, *unit).map_err(why)?),
        FieldKind::Percent => Value::Number(read_percent(text).map_err(why)?),
        FieldKind::Bool => Value::Bool(parse_bool(text).ok_or_else(bad)?),
        FieldKind::Date => match Date::parse(trimmed(text)) {
            Some(d) => Value::Date(d),
            None => return Err(date_misfit(text).unwrap_or_else(bad)),
        },
        FieldKind::DateTime => Value::DateTime(DateTime::parse(trimmed(text)).ok_or_else(bad)?),
        FieldKind::Enum => match spec.enum_id(text) {
            Some(id) => Value::Text(id.clone()),
            // An open list is partial: the value is kept as written (the engine flags it),
            // unless it holds a line break, which no value has: in a CSV that is a quote
            // that joined the lines after it into this cell.
            None if spec.open_flag.is_some() => {
                let kept = trimmed(text);
                if kept.contains(['\n', '\r']) {
                    return Err((
                        Code::InputEnum,
                        msg!("input-enum-line_break", value = echo(kept)),
                    ));
                }
                Value::Text(kept.into())
            }
            None => return Err((Code::InputEnum, enum_misfit(spec, text))),
        },
        FieldKind::CreditCode => {
            let t = text.trim().to_uppercase();
            if !credit_code_ok(&t) {
                return Err((
                    Code::InputCreditCode,
                    msg!("input-credit_code", value = echo(text)),
                ));
            }
            Value::Text(t.into())
        }
        FieldKind::List(_) | FieldKind::Records => return Err(bad()),
    };
    let out_of_range = |bound: &Option<Value>, below: bool| {
        let (Some(b), Some(v)) = (
            bound.as_ref().and_then(Value::as_decimal),
            value.as_decimal(),
        ) else {
            return false;
        };
        // Most bounds are zero (amounts and counts are not negative): the sign says it.
        match (b.is_zero(), below) {
            (true, true) => v.is_sign_negative() && !v.is_zero(),
            (true, false) => v.is_sign_positive() && !v.is_zero(),
            (false, true) => v < b,
            (false, false) => v > b,
        }
    };
    // A bound as the policy writes it (`100万元`), else as read.
    let shown = |bound: &Option<Value>, written: &Option<String>| match (written, bound) {
        (Some(w), _) => w.clone(),
        (None, Some(Value::Money(d))) => msg!("input-money", amount = *d),
        (None, Some(v)) => v.to_string(),
        (None, None) => String::new(),
    };
    if out_of_range(&spec.min, true) {
        return Err((
            Code::InputRange,
            msg!(
                "input-range",
                value = echo(text),
                bound = shown(&spec.min, &spec.written_min)
            ),
        ));
    }
    if out_of_range(&spec.max, false) {
        return Err((
            Code::InputRange,
            msg!(
                "input-range-above",
                value = echo(text),
                bound = shown(&spec.max, &spec.written_max)
            ),
        ));
    }
    Ok(value)
}

/// The items of a list of plain values, each read as `inner`; the items of a list of enum
/// values are a set, so one given twice (under any of its spellings) is an error naming it.
fn list_items<'t>(
    spec: &FieldSpec,
    inner: &FieldKind,
    texts: impl Iterator<Item = Result<&'t str, Misfit>>,
) -> Result<Vec<Value>, Misfit> {
    // Items seen, once the list is long enough that scanning it for each item would cost
    // more than hashing (a cell of thousands of items must not take quadratic time).
    const SCAN: usize = 32;
    let mut seen: Option<std::collections::HashSet<Arc<str>>> = None;
    let mut items: Vec<Value> = Vec::new();
    for text in texts {
        let text = text?;
        let listed = match inner {
            FieldKind::Enum => spec.enum_id(text),
            _ => None,
        };
        // `IT开发,云安保` is two listed items joined by a comma, which does not separate
        // items: refused with the separators that do, not kept as one unlisted item (an open
        // list would only flag it, and score it as one).
        if *inner == FieldKind::Enum
            && listed.is_none()
            && text.contains([',', '，'])
            && text
                .split([',', '，'])
                .all(|piece| spec.enum_id(piece).is_some())
        {
            return Err((
                Code::InputEnum,
                msg!(
                    "input-list-comma",
                    value = echo(text),
                    fixed = echo(&trimmed(text).replace([',', '，'], "；"))
                ),
            ));
        }
        // A listed item is its id, as `scalar` reads it (an enum has no bounds): looked up once.
        let value = match listed {
            Some(id) => Value::Text(id.clone()),
            None => scalar(spec, inner, text)?,
        };
        if *inner == FieldKind::Enum
            && let Value::Text(id) = &value
        {
            let repeated = match &mut seen {
                Some(set) => !set.insert(id.clone()),
                None => {
                    let repeated = items.contains(&value);
                    if !repeated && items.len() >= SCAN {
                        let texts = items.iter().chain([&value]).filter_map(|v| match v {
                            Value::Text(t) => Some(t.clone()),
                            _ => None,
                        });
                        seen = Some(texts.collect());
                    }
                    repeated
                }
            };
            if repeated {
                // Named as the reader accepts it: the Chinese name in Chinese, else the id.
                let name = match spec.values.iter().find(|v| *v.id.value == **id) {
                    Some(v) if crate::Lang::for_messages() == crate::Lang::Zh => {
                        v.zh.as_deref().unwrap_or(id)
                    }
                    _ => id,
                };
                let message = if trimmed(text) == name || trimmed(text) == &**id {
                    msg!("input-duplicate_item", value = echo(text))
                } else {
                    msg!("input-duplicate_item-as", value = echo(text), name = name)
                };
                return Err((Code::InputDuplicateItem, message));
            }
        }
        items.push(value);
    }
    Ok(items)
}

/// A date written another way, or a day its month lacks: said with what to write.
fn date_misfit(text: &str) -> Option<Misfit> {
    let value = echo(text);
    let message = match Date::misfit(text)? {
        DateMisfit::Written(iso) => msg!("input-date-written", value = value, iso = iso),
        DateMisfit::NoSuchDay { year, month, days } => msg!(
            "input-date-no_day",
            value = value,
            year = year,
            month = month,
            days = days
        ),
    };
    Some((Code::InputType, message))
}

/// Splits a cell holding several values: `a;b`, `a；b`, `a、b`.
fn split_list(text: &str) -> impl Iterator<Item = &str> {
    Separated { rest: Some(text) }
        .map(trimmed)
        .filter(|s| !s.is_empty())
}

/// The parts of a text between `;`, `；` and `、` (as `str::split` with the three gives
/// them): one byte scan for `;` and the first bytes of the other two, where a search
/// for a set of characters would decode every character of a Chinese cell.
struct Separated<'t> {
    rest: Option<&'t str>,
}

impl<'t> Iterator for Separated<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        const WIDE: [&[u8]; 2] = ["；".as_bytes(), "、".as_bytes()];
        let text = self.rest?;
        let bytes = text.as_bytes();
        let mut from = 0;
        // A plain loop: cells are short, and memchr's set-up cost more than the search.
        while let Some(i) = bytes[from..]
            .iter()
            .position(|&b| b == b';' || b == WIDE[0][0] || b == WIDE[1][0])
        {
            let at = from + i;
            let width = match bytes[at] {
                b';' => 1,
                _ if WIDE.iter().any(|w| bytes[at..].starts_with(w)) => 3,
                _ => 0,
            };
            // `at` starts a character (`;`, or the lead byte of a three-byte one).
            if let (Some(part), Some(rest)) = (text.get(..at), text.get(at + width..))
                && width > 0
            {
                self.rest = Some(rest);
                return Some(part);
            }
            from = at + 1;
        }
        self.rest = None;
        Some(text)
    }
}

fn field_value(
    spec: &FieldSpec,
    raw: &Raw,
    errors: &mut Vec<FieldError>,
    path: &str,
    ctx: Context<'_>,
) -> Value {
    let mut fail = |(code, message): Misfit| {
        errors.push(FieldError::new(code, path, message));
        Value::Null
    };
    match (&spec.kind, raw) {
        // A list left empty (an empty CSV cell, `null`) has no items.
        (FieldKind::List(_) | FieldKind::Records, Raw::Null) => Value::List(Vec::new().into()),
        (_, Raw::Null) => Value::Null,
        (_, Raw::Text(t)) => text_value(spec, t, errors, path),
        (FieldKind::List(inner), Raw::List(list)) => {
            let texts = list.iter().map(|item| match item {
                Raw::Text(t) => Ok(t.as_str()),
                _ => Err((Code::InputType, msg!("input-type-plain_list"))),
            });
            match list_items(spec, inner, texts) {
                Ok(items) => Value::List(items.into()),
                Err(e) => fail(e),
            }
        }
        (FieldKind::Records, Raw::List(list)) => {
            let mut items = Vec::new();
            let mut nested = Vec::new();
            for (n, item) in list.iter().enumerate() {
                let Raw::Map(entries) = item else {
                    return fail((
                        Code::InputType,
                        msg!(
                            "input-type-item",
                            n = n + 1,
                            fields = field_names(&spec.items)
                        ),
                    ));
                };
                let slots = map_values(
                    &spec.items,
                    entries,
                    &mut nested,
                    &format!("{path}[{}]", n + 1),
                    Context {
                        ignored: &[],
                        list: &spec.id,
                        ..ctx
                    },
                );
                items.push(Value::Record(slots.into()));
            }
            errors.extend(nested);
            Value::List(items.into())
        }
        (FieldKind::Records, _) => fail((
            Code::InputType,
            msg!("input-type-records", fields = field_names(&spec.items)),
        )),
        (kind, _) => fail((
            Code::InputType,
            msg!("input-type-expected", kind = describe(kind)),
        )),
    }
}

/// A field's value from the text of one cell or scalar: lists split at `;`, `；`, `、`.
/// Inlined: a CSV row makes one call per cell, and the call cost as much as the dispatch.
#[inline]
pub(crate) fn text_value(
    spec: &FieldSpec,
    text: &str,
    errors: &mut Vec<FieldError>,
    path: &str,
) -> Value {
    let mut fail = |(code, message): Misfit| {
        errors.push(FieldError::new(code, path, message));
        Value::Null
    };
    match &spec.kind {
        FieldKind::List(inner) => match list_items(spec, inner, split_list(text).map(Ok)) {
            Ok(items) => Value::List(items.into()),
            Err(e) => fail(e),
        },
        FieldKind::Records => fail((
            Code::InputType,
            msg!("input-type-records", fields = field_names(&spec.items)),
        )),
        _ if trimmed(text).is_empty() => Value::Null,
        FieldKind::Text if !is_excel_scientific(text) => Value::Text(text.into()),
        kind => scalar(spec, kind, text)
            .map_err(|e| fullwidth_misfit(spec, kind, text, e.0).unwrap_or(e))
            .unwrap_or_else(fail),
    }
}

/// A value a Chinese input method typed in full-width characters (`６０００`, `２０２０－０７－０３`,
/// `12．5％`) that reads when they are half-width: said with the text to type instead (never
/// read as that text: the cell is the applicant's to correct).
fn fullwidth_misfit(spec: &FieldSpec, kind: &FieldKind, text: &str, code: Code) -> Option<Misfit> {
    let mut names: Vec<String> = Vec::new();
    let half: String = text
        .chars()
        .map(|c| match crate::fullwidth::full_width(c) {
            Some(f) => {
                let name = f.name();
                if !names.contains(&name) {
                    names.push(name);
                }
                f.ascii
            }
            None => c,
        })
        .collect();
    if names.is_empty() || scalar(spec, kind, &half).is_err() {
        return None;
    }
    Some((
        code,
        msg!(
            "input-fullwidth",
            value = echo(text),
            names = names.join(separator()),
            half = half.trim()
        ),
    ))
}

fn field_names(fields: &[FieldSpec]) -> String {
    fields
        .iter()
        .map(field_name)
        .collect::<Vec<_>>()
        .join(separator())
}

/// Field values in slot order from `key: value` entries; keys may be ids or labels, with
/// or without a unit suffix (`columns::names`). A key that names no field is an error with
/// `ctx.strict`, and otherwise ignored (its file's reader warns about it once).
fn map_values(
    fields: &[FieldSpec],
    entries: &[(String, Raw)],
    errors: &mut Vec<FieldError>,
    prefix: &str,
    ctx: Context<'_>,
) -> Vec<Value> {
    let mut values = vec![Value::Null; fields.len()];
    // The key that gave each field: a second one is an error naming both (the first stays).
    let mut given: Vec<Option<&str>> = vec![None; fields.len()];
    let mut ignored: Vec<String> = Vec::new();
    for (key, raw) in entries {
        let slot = columns::find(fields, key);
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match slot {
            Some((i, _)) if given[i].is_some() => {
                let first = given[i].unwrap_or_default();
                let field = if prefix.is_empty() {
                    fields[i].id.clone()
                } else {
                    format!("{prefix}.{}", fields[i].id)
                };
                errors.push(FieldError::new(
                    Code::InputGivenTwice,
                    field,
                    if first == key {
                        msg!("input-given_twice", key = echo(key))
                    } else {
                        msg!("input-given_twice-as", first = echo(first), key = echo(key))
                    },
                ));
            }
            Some((i, unit)) => {
                given[i] = Some(key);
                // A key that states another unit (`营业收入（元）`) is read in it, exactly.
                if let Some(u) = &unit {
                    ctx.note(|n| {
                        if !n.units.iter().any(|(k, _)| k == key) {
                            let warning = columns::unit_warning(key, &fields[i], u);
                            n.units.push((key.clone(), warning));
                        }
                    });
                }
                let stated;
                let raw = match (&unit, raw) {
                    (Some(u), Raw::Text(t)) => {
                        stated = Raw::Text(columns::in_unit(t, u));
                        &stated
                    }
                    _ => raw,
                };
                values[i] = field_value(&fields[i], raw, errors, &path, ctx);
            }
            // `{principal: 1,5}` is `principal: 1` and a key `5` without a value: a comma
            // typed for a decimal point (or a thousands separator) would otherwise leave
            // a tenth of the amount behind a mere warning.
            None if matches!(raw, Raw::Null)
                && !key.is_empty()
                && key.bytes().all(|b| b.is_ascii_digit()) =>
            {
                errors.push(FieldError::new(
                    Code::InputDigitKey,
                    path,
                    msg!("input-digit_key", key = echo(key)),
                ));
            }
            None if ctx.strict => {
                errors.push(FieldError::new(
                    Code::InputUnknownField,
                    path,
                    columns::unknown_field(fields, key),
                ));
            }
            None => ignored.push(key.clone()),
        }
    }
    if !ignored.is_empty() {
        ctx.note(|n| {
            for key in &ignored {
                let name = if ctx.list.is_empty() {
                    key.clone()
                } else {
                    format!("{}.{key}", ctx.list)
                };
                match n.unknown_at.get(&name) {
                    Some(&at) => n.unknown[at].1 += 1,
                    None => {
                        n.unknown_at.insert(name.clone(), n.unknown.len());
                        n.unknown.push((name, 1));
                    }
                }
            }
        });
    }
    if ignored.is_empty() {
        require(fields, &values, errors, prefix, ctx.ignored, ctx.noun);
    } else {
        ignored.extend(ctx.ignored.iter().cloned());
        require(fields, &values, errors, prefix, &ignored, ctx.noun);
    }
    values
}

/// Reads one record of `raw` against the programme's fields; a key that names no field is
/// an error (`from_raw_in` reads with other rules).
pub fn from_raw(programme: &Programme, raw: &Raw) -> Record {
    from_raw_in(programme, raw, Context::STRICT)
}

/// Reads one record of `raw` against the programme's fields, with `ctx`'s rules.
pub fn from_raw_in(programme: &Programme, raw: &Raw, ctx: Context<'_>) -> Record {
    let mut errors = Vec::new();
    let Raw::Map(entries) = raw else {
        return Record {
            id: "".into(),
            values: vec![Value::Null; programme.fields.len()],
            errors: vec![FieldError::new(
                Code::InputNotARecord,
                "",
                msg!("input-not_a_record"),
            )],
        };
    };
    let mut values = map_values(&programme.fields, entries, &mut errors, "", ctx);
    // Documents given as `null` are not given (not checked), as when the key is absent;
    // other lists read `null` as no items.
    if let Some(i) = programme.documents_slot
        && entries
            .iter()
            .any(|(k, raw)| *raw == Raw::Null && columns::names(&programme.fields[i], k).is_some())
    {
        values[i] = Value::Null;
    }
    Record::new(programme, values, errors)
}

/// A record that could not be read at all (a line of JSON Lines that is not JSON): invalid,
/// its error at `place`.
pub fn unreadable(programme: &Programme, place: Option<Location>, message: String) -> Record {
    let error = FieldError::new(
        Code::InputUnreadableRecord,
        "",
        msg!("input-unreadable_record", reason = message),
    );
    Record {
        id: "".into(),
        values: vec![Value::Null; programme.fields.len()],
        errors: vec![match place {
            Some(place) => error.at(place),
            None => error,
        }],
    }
}

/// The records of a document: one record, or a list of them; a key that names no field is
/// an error.
pub fn records_of(programme: &Programme, doc: &Raw) -> Vec<Record> {
    records_in(programme, doc, Context::STRICT)
}

/// The records of a document, read with `ctx`'s rules.
pub fn records_in(programme: &Programme, doc: &Raw, ctx: Context<'_>) -> Vec<Record> {
    match doc {
        Raw::List(items) => items
            .iter()
            .map(|r| from_raw_in(programme, r, ctx))
            .collect(),
        other => vec![from_raw_in(programme, other, ctx)],
    }
}

#[cfg(test)]
mod split_props {
    use super::{Separated, split_list};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Characters that share the first bytes of `；` and `、` (`，`, `：`, `　`, `。`)
        /// next to the separators themselves, and any text at all.
        #[test]
        fn parts_are_those_of_str_split(
            text in prop_oneof!["[a;；、，：　。＝〃 x涪]{0,12}", "\\PC{0,16}"]
        ) {
            let parts: Vec<&str> = Separated { rest: Some(&text) }.collect();
            let split: Vec<&str> = text.split([';', '；', '、']).collect();
            prop_assert_eq!(&parts, &split);
            let items: Vec<&str> = split_list(&text).collect();
            let trimmed: Vec<&str> =
                split.into_iter().map(str::trim).filter(|s| !s.is_empty()).collect();
            prop_assert_eq!(items, trimmed);
        }
    }

    #[test]
    fn cells_split_at_each_separator() {
        let parts: Vec<&str> = split_list("培训管理;IT开发；云安保、 x ;;，").collect();
        assert_eq!(parts, ["培训管理", "IT开发", "云安保", "x", "，"]);
    }
}

#[cfg(test)]
mod tests {
    use super::credit_code_ok;

    #[test]
    fn credit_codes_are_checked_by_their_last_character() {
        // A well-known valid code (published on a business licence).
        assert!(credit_code_ok("91350100M000100Y43"));
        assert!(!credit_code_ok("91350100M000100Y44"));
        assert!(!credit_code_ok("9135010"));
        assert!(!credit_code_ok("91350100M000100YI3"));
    }
}
