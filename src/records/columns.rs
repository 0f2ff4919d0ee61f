//! How a column header (or a key of a JSON/YAML record) names a field, and what is said
//! about one that names none. One rule for every format: a field is named by its id or a
//! label, alone or followed by a unit in parentheses of either width
//! (`2019年营业收入（万元）`, `revenue_2019 (万元)`). A column that names no field is
//! ignored and reported once per file (`--strict` makes it an error on every record).

use crate::diag::Code;
use crate::diag::{did_you_mean, echo};
use crate::input::text::split_money_unit;
use crate::msg;
use crate::policy::{FieldKind, FieldSpec, Programme};
use rust_decimal::Decimal;

/// How a batch treats columns and keys that name no field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// Unknown columns are errors on every record (as a policy test case's are), instead of
    /// a warning about the file.
    pub strict: bool,
}

/// Something said once about a file, not about a record: an ignored column, a column read
/// in a unit other than its field's. The caller names the file.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadWarning {
    pub code: Code,
    pub message: String,
    pub help: String,
}

impl ReadWarning {
    /// The warning of the run, about the file at `path` (readers do not know its name).
    pub fn in_file(self, path: &str) -> crate::warning::Warning {
        self.at(crate::location::Location::file(path))
    }

    /// The warning of the run, at a place of the file (a CSV header is its line 1).
    pub fn at(self, location: crate::location::Location) -> crate::warning::Warning {
        crate::warning::Warning::new(self.code, self.message)
            .help(self.help)
            .at(location)
    }
}

/// Whether `text`, read as `value` in a field of `kind`, is a percent written as a bare number
/// under 1 (`0.12`): it is read as percentage points (0.12 %), and whoever typed it may have
/// meant 12 % (a fraction, as Excel stores a percent). Said once a column, never guessed.
#[inline]
pub fn bare_fraction(kind: &FieldKind, text: &str, value: &crate::value::Value) -> bool {
    let (FieldKind::Percent, crate::value::Value::Number(d)) = (kind, value) else {
        return false;
    };
    // 0 < |d| < 0.01 on the integers (a `Decimal` comparison rescales, and this is asked of
    // every percent cell): |m|·10^-s < 10^-2 is |m| < 10^(s-2), never for a scale under 3.
    let (m, scale) = (d.mantissa().unsigned_abs(), d.scale());
    let under = scale >= 3 && 10u128.checked_pow(scale - 2).is_some_and(|bound| m < bound);
    m != 0 && under && !text.trim_end().ends_with(['%', '％'])
}

/// The bare percents under 1 of each column ([`bare_fraction`]), noted from any thread as
/// records are built: how many, and the first (by line) with its text.
pub struct Fractions {
    counts: Vec<std::sync::atomic::AtomicU64>,
    first_lines: Vec<std::sync::atomic::AtomicU64>,
    first: std::sync::Mutex<Vec<Option<(u64, String)>>>,
}

impl Fractions {
    pub fn new(columns: usize) -> Self {
        use std::sync::atomic::AtomicU64;
        Fractions {
            counts: (0..columns).map(|_| AtomicU64::new(0)).collect(),
            first_lines: (0..columns).map(|_| AtomicU64::new(u64::MAX)).collect(),
            first: std::sync::Mutex::new(vec![None; columns]),
        }
    }

    /// A bare percent under 1 in column `c`, at `line`.
    pub fn note(&self, c: usize, line: u64, text: &str) {
        use std::sync::atomic::Ordering::Relaxed;
        let (Some(count), Some(first_line)) = (self.counts.get(c), self.first_lines.get(c)) else {
            return;
        };
        count.fetch_add(1, Relaxed);
        // Pieces are read in order, so after the first the check fails without a lock.
        if line < first_line.fetch_min(line, Relaxed)
            && let Ok(mut first) = self.first.lock()
            && let Some(slot) = first.get_mut(c)
            && slot.as_ref().is_none_or(|(l, _)| line < *l)
        {
            *slot = Some((line, text.to_string()));
        }
    }

    /// For each column with any: its index, how many, and the first's line and text.
    pub fn found(&self) -> Vec<(usize, u64, u64, String)> {
        use std::sync::atomic::Ordering::Relaxed;
        let first = match self.first.lock() {
            Ok(first) => first.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        first
            .into_iter()
            .enumerate()
            .filter_map(|(c, f)| {
                let (line, text) = f?;
                Some((c, self.counts[c].load(Relaxed), line, text))
            })
            .collect()
    }
}

/// The warning about a column's bare percents under 1 (see [`bare_fraction`]).
pub fn fraction_warning(column: &str, count: u64, text: &str) -> ReadWarning {
    ReadWarning {
        code: Code::InputPercentFraction,
        message: msg!(
            "input-percent_fraction",
            column = echo(column),
            count = count,
            text = echo(text)
        ),
        help: msg!("input-percent_fraction.help"),
    }
}

/// A money unit a header states that differs from its field's: the column is read in it,
/// exactly (a bare number in a `（元）` column is yuan), and a warning says so.
#[derive(Clone, Debug, PartialEq)]
pub struct StatedUnit {
    pub text: String,
    pub factor: Decimal,
}

/// A header split into its name and the unit in trailing parentheses (`（万元）`, `(万元)`).
pub fn split_unit(header: &str) -> (&str, Option<&str>) {
    let h = header.trim();
    let Some(body) = h.strip_suffix([')', '）']) else {
        return (h, None);
    };
    match body.rfind(['(', '（']) {
        Some(open) => {
            let width = body[open..].chars().next().map_or(1, char::len_utf8);
            let name = body[..open].trim();
            let unit = body[open + width..].trim();
            if name.is_empty() || unit.is_empty() {
                (h, None)
            } else {
                (name, Some(unit))
            }
        }
        None => (h, None),
    }
}

fn is_name(f: &FieldSpec, text: &str) -> bool {
    f.id == text || f.label.zh.as_deref() == Some(text) || f.label.en.as_deref() == Some(text)
}

/// Whether text ends with a closing parenthesis (of either width): only then can it carry
/// a unit, so most names are compared without being split.
fn closes(text: &str) -> bool {
    // Two single-character tests compare bytes; a set of characters decodes the text.
    text.ends_with(')') || text.ends_with('）')
}

/// Whether a label of `f` is `name` followed by a unit. Written out plainly: it runs for
/// every field a key of a record is compared with.
fn label_base_is(f: &FieldSpec, name: &str) -> bool {
    let is = |label: &Option<String>| match label {
        Some(l) => {
            l.len() > name.len()
                && l.starts_with(name)
                && closes(l)
                && matches!(split_unit(l), (base, Some(_)) if base == name)
        }
        None => false,
    };
    is(&f.label.zh) || is(&f.label.en)
}

/// Whether `header` (trimmed, as readers give it) names field `f`. `Some(None)`: read in
/// the field's own unit; `Some(Some(unit))`: a money field whose header states another
/// money unit. Called for every key of every JSON record: the common cases are a few byte
/// comparisons.
pub fn names(f: &FieldSpec, header: &str) -> Option<Option<StatedUnit>> {
    if is_name(f, header) {
        return Some(None);
    }
    // A label that carries its unit (`贷款本金（元）`) is named without it too.
    if label_base_is(f, header) {
        return Some(None);
    }
    if !closes(header) {
        return None;
    }
    let (name, unit) = split_unit(header);
    let unit = unit?;
    if !is_name(f, name) && !label_base_is(f, name) {
        return None;
    }
    match &f.kind {
        FieldKind::Money(own) => {
            // The unit as the reader knows units written after a number.
            let one = format!("1{unit}");
            let (rest, factor) = split_money_unit(&one);
            let factor = factor.filter(|_| rest == "1")?;
            if factor == *own {
                Some(None)
            } else {
                Some(Some(StatedUnit {
                    text: unit.to_string(),
                    factor,
                }))
            }
        }
        FieldKind::Percent if matches!(unit, "%" | "％") => Some(None),
        _ if f.unit.as_deref() == Some(unit) => Some(None),
        _ => None,
    }
}

/// The field of `fields` a header or key names, and the unit it states when that differs
/// from the field's: an exact id or label first (the common case, a few comparisons per
/// field), then a name with or without a unit.
pub fn find(fields: &[FieldSpec], header: &str) -> Option<(usize, Option<StatedUnit>)> {
    if let Some(i) = fields.iter().position(|f| is_name(f, header)) {
        return Some((i, None));
    }
    fields
        .iter()
        .enumerate()
        .find_map(|(i, f)| names(f, header).map(|unit| (i, unit)))
}

/// The text of a value in a column that states its unit: a bare number gets the unit after
/// it (`2500000` in a `（元）` column reads as `2500000元`); a value with its own unit keeps it.
pub fn in_unit(text: &str, unit: &StatedUnit) -> String {
    let t = text.trim();
    if t.as_bytes().last().is_some_and(u8::is_ascii_digit) {
        format!("{t}{}", unit.text)
    } else {
        t.to_string()
    }
}

/// The warning for a column read in the unit its header states.
pub fn unit_warning(header: &str, f: &FieldSpec, unit: &StatedUnit) -> ReadWarning {
    let own = f.unit.as_deref().unwrap_or("元");
    ReadWarning {
        code: Code::InputColumnUnit,
        message: msg!(
            "input-column_unit",
            header = echo(header),
            unit = &unit.text,
            field = super::field_name(f),
            own = own
        ),
        help: msg!(
            "input-column_unit.help",
            unit = &unit.text,
            own = own,
            label = f.label.zh.as_deref().unwrap_or(&f.id)
        ),
    }
}

/// The field name a misspelt header most likely meant: ids and labels of the fields and
/// (as `list.item`) of list items, compared with and without a unit suffix; with the
/// field's id when the name found is a label.
pub fn suggestion(fields: &[FieldSpec], header: &str) -> Option<(String, Option<String>)> {
    let mut candidates: Vec<(String, String)> = Vec::new();
    for f in fields {
        for name in [
            Some(f.id.as_str()),
            f.label.zh.as_deref(),
            f.label.en.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            candidates.push((name.to_string(), f.id.clone()));
        }
        for item in &f.items {
            for (l, i) in [
                (Some(f.id.as_str()), Some(item.id.as_str())),
                (f.label.zh.as_deref(), item.label.zh.as_deref()),
            ] {
                if let (Some(l), Some(i)) = (l, i) {
                    candidates.push((format!("{l}.{i}"), format!("{}.{}", f.id, item.id)));
                }
            }
        }
    }
    let (name, _) = split_unit(header);
    let found = did_you_mean(header.trim(), candidates.iter().map(|(c, _)| c.as_str()))
        .or_else(|| did_you_mean(name, candidates.iter().map(|(c, _)| c.as_str())))?;
    let (_, id) = candidates.iter().find(|(c, _)| c == found)?;
    Some((found.to_string(), (found != id).then(|| id.clone())))
}

/// The did-you-mean part of a message: `` (did you mean `2019年营业收入` (`revenue_2019`)?)``
/// or nothing.
pub fn hint(fields: &[FieldSpec], header: &str) -> String {
    match suggestion(fields, header) {
        Some((name, Some(id))) => msg!("input-hint-id", name = name, id = id),
        Some((name, None)) => msg!("input-hint", name = name),
        None => String::new(),
    }
}

/// An aside in parentheses after a name: a space before it in English (`` `x` (did you
/// mean …?)``), none before the full-width parenthesis in Chinese.
fn spaced(aside: String) -> String {
    if aside.is_empty() || crate::Lang::for_messages() == crate::Lang::Zh {
        aside
    } else {
        format!(" {aside}")
    }
}

/// The error for a key that names no field, with the field it most likely meant.
pub fn unknown_field(fields: &[FieldSpec], key: &str) -> String {
    match suggestion(fields, key) {
        Some((name, Some(id))) => msg!("input-unknown_field-hint_id", name = name, id = id),
        Some((name, None)) => msg!("input-unknown_field-hint", name = name),
        None => msg!("input-unknown_field"),
    }
}

/// How many unknown columns or keys a warning names.
const LISTED: usize = 20;

/// The warning for columns (or keys) that name no field: one per file, the first
/// [`LISTED`] of them named and the rest counted. `noun` is `column` or `key`; `counts`
/// says in how many records each key was given.
pub fn unknown_warning(
    programme: &Programme,
    noun: &str,
    names: &[(String, usize)],
) -> Option<ReadWarning> {
    if names.is_empty() {
        return None;
    }
    // The first names, and how many more: a file can give thousands, and one warning line
    // that long hides what it says. Names that look like a field (a typo) come first, as
    // far as the first thousand are looked at.
    let described: Vec<(String, String)> = names
        .iter()
        .take(1000)
        .map(|(n, count)| {
            let times = if noun == "key" {
                spaced(msg!("input-unknown_column-records", count = *count))
            } else {
                String::new()
            };
            (format!("`{}`{times}", echo(n)), hint(&programme.fields, n))
        })
        .collect();
    let (hinted, plain): (Vec<_>, Vec<_>) = described.into_iter().partition(|(_, h)| !h.is_empty());
    let mut listed: Vec<String> = hinted
        .into_iter()
        .chain(plain)
        .take(LISTED)
        .map(|(name, h)| format!("{name}{}", spaced(h)))
        .collect();
    if names.len() > LISTED {
        listed.push(msg!(
            "input-unknown_column-more",
            count = names.len() - LISTED
        ));
    }
    let key = if noun == "key" {
        "input-unknown_column-key"
    } else {
        "input-unknown_column"
    };
    let message = crate::i18n::text(
        crate::Lang::for_messages(),
        key,
        &[
            ("count", names.len().into()),
            ("names", listed.join(super::separator()).into()),
            ("programme", (&programme.id).into()),
        ],
    );
    Some(ReadWarning {
        code: Code::InputUnknownColumn,
        message,
        help: crate::i18n::text(crate::Lang::for_messages(), &format!("{key}.help"), &[]),
    })
}

/// The ignored column (or key) that looks like field `f`, for the hint a missing required
/// field gets: "the column `2019营业收入` was ignored — did you mean it?"
pub fn ignored_look_alike<'a>(f: &FieldSpec, ignored: &'a [String]) -> Option<&'a str> {
    let names: Vec<&str> = [
        Some(f.id.as_str()),
        f.label.zh.as_deref(),
        f.label.en.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    ignored
        .iter()
        .find(|n| {
            let (name, _) = split_unit(n);
            did_you_mean(name, names.iter().copied()).is_some()
                || did_you_mean(n, names.iter().copied()).is_some()
        })
        .map(String::as_str)
}

/// The hint added to another message when an ignored column looks like field `f`:
/// "; the column `2019营业收入` was ignored — did you mean it?", or nothing.
pub fn ignored_like(f: &FieldSpec, ignored: &[String], noun: &str) -> String {
    match ignored_look_alike(f, ignored) {
        Some(n) if noun == "key" => msg!("input-ignored-key", name = echo(n)),
        Some(n) => msg!("input-ignored-column", name = echo(n)),
        None => String::new(),
    }
}

/// Adds to each "no value given" error of a record (a formula needed a field the record
/// left empty) the ignored column that looks like that field, so the warning about the
/// file and the record's error meet.
pub fn point_at_ignored(
    programme: &Programme,
    errors: &mut [super::FieldError],
    ignored: &[String],
    noun: &str,
) {
    if ignored.is_empty() {
        return;
    }
    for e in errors {
        if e.code != Code::EvalMissingValue {
            continue;
        }
        if let Some(f) = programme.fields.iter().find(|f| f.id == e.field) {
            let like = ignored_like(f, ignored, noun);
            if !like.is_empty() && !e.message.contains(&like) {
                e.message.push_str(&like);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_unit;

    #[test]
    fn a_bare_fraction_is_under_one_hundredth_as_a_decimal_compares() {
        use super::{FieldKind, bare_fraction};
        use crate::value::Value;
        use rust_decimal::Decimal;
        let hundredth = Decimal::new(1, 2);
        let mut mantissas: Vec<i128> = vec![0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 1001];
        for k in 3..28 {
            let p = 10i128.pow(k);
            mantissas.extend([p - 1, p, p + 1]);
        }
        for &m in &mantissas {
            for scale in 0..=28 {
                for m in [m, -m] {
                    let Ok(d) = Decimal::try_from_i128_with_scale(m, scale) else {
                        continue;
                    };
                    let want = !d.is_zero() && d.abs() < hundredth;
                    let value = Value::Number(d);
                    assert_eq!(
                        bare_fraction(&FieldKind::Percent, "0.5", &value),
                        want,
                        "{d}"
                    );
                    assert!(!bare_fraction(&FieldKind::Percent, "0.5%", &value));
                    assert!(!bare_fraction(&FieldKind::Percent, "0.5 ％ ", &value));
                    assert!(!bare_fraction(&FieldKind::Number, "0.5", &value));
                }
            }
        }
        assert!(!bare_fraction(&FieldKind::Percent, "x", &Value::Null));
    }

    #[test]
    fn units_are_split_in_either_width() {
        assert_eq!(
            split_unit("2019年营业收入（万元）"),
            ("2019年营业收入", Some("万元"))
        );
        assert_eq!(
            split_unit("2019年营业收入(万元)"),
            ("2019年营业收入", Some("万元"))
        );
        assert_eq!(
            split_unit("revenue_2019 (万元)"),
            ("revenue_2019", Some("万元"))
        );
        assert_eq!(split_unit("revenue_2019"), ("revenue_2019", None));
        assert_eq!(split_unit("(万元)"), ("(万元)", None));
    }
}
