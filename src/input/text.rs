//! Reading scalar text as values: exact decimals (never through a float), money with a
//! unit, percents, booleans, dates.

use crate::value::{Date, DateTime, RecordType, Type, Value};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::Arc;

/// `text` without surrounding whitespace. Most cells have none: checking the first bytes
/// of the two end characters spares the Unicode scan (全角 spaces still go through
/// `str::trim`).
#[inline]
pub fn trimmed(text: &str) -> &str {
    let bytes = text.as_bytes();
    // The first byte of the last character (at most four bytes back).
    let last = bytes.iter().rev().take(4).find(|&&b| b & 0xC0 != 0x80);
    match (bytes.first(), last) {
        (Some(&a), Some(&z)) if never_space(a) && never_space(z) => text,
        _ => text.trim(),
    }
}

/// Whether a character starting with byte `b` is surely not whitespace: ASCII other than
/// spaces and controls, or a first byte no Unicode space has (they start with C2, E1, E2
/// or E3: U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000), as the Chinese characters do.
#[inline]
fn never_space(b: u8) -> bool {
    b.is_ascii_graphic() || matches!(b, 0xC3..=0xE0 | 0xE4..=0xF4)
}

/// A decimal written plainly or in scientific notation, with optional `_`/`,` grouping.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    read_decimal(text).ok()
}

/// Why a text is not read as a number (said after "`…` is not a number").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    NotANumber,
    /// A `,` or `_` that is not a separator of thousands (`1,5`, `0,5`, `1,0000`).
    Grouping,
    /// More significant digits than a decimal holds: it would be rounded.
    TooManyDigits,
    TooLarge,
    /// Digits past the 28th decimal place: it would be rounded towards zero.
    TooSmall,
    TooLong,
}

impl NumberError {
    /// What is wrong with `value` (as shown), in the language of messages:
    /// "`1,5` is not a number: …".
    pub fn message(self, value: &str) -> String {
        let key = match self {
            NumberError::NotANumber => "input-number",
            NumberError::Grouping => "input-number-grouping",
            NumberError::TooManyDigits => "input-number-too_many_digits",
            NumberError::TooLarge => "input-number-too_large",
            NumberError::TooSmall => "input-number-too_small",
            NumberError::TooLong => "input-number-too_long",
        };
        crate::i18n::text(crate::Lang::for_messages(), key, &[("value", value.into())])
    }
}

/// A decimal as written, or why it cannot be read exactly: `,`/`_` only between groups of
/// three digits, never rounded (a value a decimal cannot hold exactly is refused).
pub fn read_decimal(text: &str) -> Result<Decimal, NumberError> {
    // Plain text has nothing to trim and passes the checks below.
    if let Some(d) = plain_decimal(text) {
        return Ok(d);
    }
    let t = trimmed(text);
    if t.is_empty() {
        return Err(NumberError::NotANumber);
    }
    if t.len() > 64 {
        return Err(NumberError::TooLong);
    }
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return Err(NumberError::NotANumber);
    }
    if let Some(d) = plain_decimal(t) {
        return Ok(d);
    }
    let grouped = t.contains(['_', ',']);
    if grouped && !grouped_in_thousands(body) {
        return Err(NumberError::Grouping);
    }
    let cleaned: std::borrow::Cow<'_, str> = if grouped {
        t.chars()
            .filter(|c| *c != '_' && *c != ',')
            .collect::<String>()
            .into()
    } else {
        t.into()
    };
    let (mantissa, exponent) = match cleaned.find(['e', 'E']) {
        Some(at) => (&cleaned[..at], Some(&cleaned[at + 1..])),
        None => (&cleaned[..], None),
    };
    let parsed = match exponent {
        Some(_) => Decimal::from_scientific(&cleaned),
        None => Decimal::from_str(&cleaned),
    };
    let digits = significant(mantissa).ok_or(NumberError::NotANumber)?;
    let value = match parsed {
        Ok(d) => d,
        Err(_) if !syntax_ok(mantissa, exponent) => return Err(NumberError::NotANumber),
        Err(_) => return Err(magnitude(mantissa, exponent, &digits)),
    };
    // Rounded on the way in: say so instead of using a nearby number.
    let kept = significant(&value.abs().to_string()).unwrap_or_default();
    if kept != digits {
        return Err(if digits.len() > 28 {
            magnitude(mantissa, exponent, &digits).max_digits()
        } else {
            NumberError::TooSmall
        });
    }
    Ok(value)
}

impl NumberError {
    /// A number whose digits do not all fit: too many of them, unless its size alone is the
    /// problem.
    fn max_digits(self) -> NumberError {
        match self {
            NumberError::TooLarge | NumberError::TooSmall => self,
            _ => NumberError::TooManyDigits,
        }
    }
}

/// Whether a mantissa (and exponent) is well formed: digits with at most one point.
fn syntax_ok(mantissa: &str, exponent: Option<&str>) -> bool {
    let m = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let points = m.matches('.').count();
    let digits_ok = !m.is_empty()
        && m != "."
        && points <= 1
        && m.chars().all(|c| c.is_ascii_digit() || c == '.');
    let exp_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    digits_ok && exp_ok
}

/// Why a well-formed number does not parse: its size (the integer digits and exponent).
fn magnitude(mantissa: &str, exponent: Option<&str>, digits: &str) -> NumberError {
    let m = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let int = m.split('.').next().unwrap_or("").trim_start_matches('0');
    let exp: i64 = exponent
        .map(|e| {
            e.parse::<i64>().unwrap_or(if e.starts_with('-') {
                i64::MIN
            } else {
                i64::MAX
            })
        })
        .unwrap_or(0);
    if digits.is_empty() {
        // Zero in any notation is zero.
        return NumberError::NotANumber;
    }
    let magnitude = (int.len() as i64).saturating_add(exp);
    if magnitude > 28 {
        NumberError::TooLarge
    } else if magnitude < -27 || (int.is_empty() && exp < -27) {
        NumberError::TooSmall
    } else {
        NumberError::TooManyDigits
    }
}

/// The significant digits of a plain number (no leading or trailing zeros, no point or
/// sign); `None` when it has something other than digits and one point.
fn significant(number: &str) -> Option<String> {
    let n = number.strip_prefix(['+', '-']).unwrap_or(number);
    let mut digits: String = String::with_capacity(n.len());
    for c in n.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '.' => {}
            _ => return None,
        }
    }
    Some(
        digits
            .trim_start_matches('0')
            .trim_end_matches('0')
            .to_string(),
    )
}

/// `1,000`, `12_345.5`: the integer part in groups of three after a first group of one to
/// three digits; no separator after the point.
fn grouped_in_thousands(body: &str) -> bool {
    let mantissa = body.split(['e', 'E']).next().unwrap_or(body);
    let (int, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if fraction.contains([',', '_']) {
        return false;
    }
    let mut groups = int.split([',', '_']);
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// `123`, `-45.60`: at most 18 digits with at most one point between digits, read without
/// the general parser (most cells look like this); `None` sends anything else to it.
fn plain_decimal(t: &str) -> Option<Decimal> {
    let Plain {
        digits,
        negative,
        scale,
    } = plain_parts(t)?;
    Some(Decimal::from_parts(
        digits as u32,
        (digits >> 32) as u32,
        0,
        negative,
        scale,
    ))
}

/// A plain number's parts: its digits as an integer, its sign and its scale.
struct Plain {
    digits: u64,
    negative: bool,
    /// At most 17 (18 digits, one before the point).
    scale: u32,
}

/// The parts of a plain number (see [`plain_decimal`]), in one pass over its bytes.
#[inline]
fn plain_parts(t: &str) -> Option<Plain> {
    let (negative, bytes) = match t.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        bytes => (false, bytes),
    };
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    let mut digits: u64 = 0;
    // Where the point is; past the end when there is none.
    let mut point = usize::MAX;
    for (i, &b) in bytes.iter().enumerate() {
        let digit = b.wrapping_sub(b'0');
        if digit <= 9 {
            // Wraps only past 18 digits, refused below.
            digits = digits.wrapping_mul(10).wrapping_add(u64::from(digit));
        } else if b == b'.' && point == usize::MAX {
            point = i;
        } else {
            return None;
        }
    }
    let (count, scale) = match point {
        usize::MAX => (bytes.len(), 0),
        // A point first or last is left to the general parser.
        0 => return None,
        p if p + 1 == bytes.len() => return None,
        p => (bytes.len() - 1, bytes.len() - 1 - p),
    };
    // A negative zero keeps its sign in the general parser: leave it to it.
    if count > 18 || (negative && digits == 0) {
        return None;
    }
    Some(Plain {
        digits,
        negative,
        scale: scale as u32,
    })
}

/// The unit a money text was written in, if any, and the number before it.
pub fn split_money_unit(text: &str) -> (&str, Option<Decimal>) {
    let t = trimmed(text);
    // Every unit ends in a Chinese character: text ending in ASCII has none.
    if t.as_bytes().last().is_none_or(u8::is_ascii) {
        return (t, None);
    }
    for (suffix, factor) in [
        ("亿元", 100_000_000i64),
        ("万元", 10_000),
        ("亿", 100_000_000),
        ("万", 10_000),
        ("元", 1),
    ] {
        if let Some(num) = t.strip_suffix(suffix) {
            return (trimmed(num), Some(Decimal::from(factor)));
        }
    }
    (t, None)
}

/// Money in yuan from text such as `250`, `"250万元"`, `36433.87`; a bare number is in
/// `default_unit` yuan (10000 for a 万元 field).
pub fn parse_money(text: &str, default_unit: Decimal) -> Option<Decimal> {
    read_money(text, default_unit).ok()
}

/// Money in yuan, or why the text is not an exact amount.
pub fn read_money(text: &str, default_unit: Decimal) -> Result<Decimal, NumberError> {
    match plain_money(text, default_unit) {
        Some(yuan) => Ok(yuan),
        None => read_money_general(text, default_unit),
    }
}

/// [`read_money`] for any text: units, grouping, exponents, errors.
fn read_money_general(text: &str, default_unit: Decimal) -> Result<Decimal, NumberError> {
    let (num, unit) = split_money_unit(text);
    let unit = unit.unwrap_or(default_unit);
    let n = read_decimal(num)?;
    let yuan = n.checked_mul(unit).ok_or(NumberError::TooLarge)?;
    // Multiplying can round away places a decimal cannot hold; a product of under 96 bits
    // cannot (checking it costs a division per cell).
    if !money_exact(n, unit) && yuan.checked_div(unit) != Some(n) {
        return Err(NumberError::TooSmall);
    }
    Ok(yuan)
}

/// Whether `n × unit` is exact: under 2⁶⁴ times a whole unit under 2³² is under 2⁹⁶.
fn money_exact(n: Decimal, unit: Decimal) -> bool {
    n.mantissa().unsigned_abs() < 1 << 64
        && unit.scale() == 0
        && (1..1 << 32).contains(&unit.mantissa().unsigned_abs())
}

/// Whether `n / 100` is exact: its digits fit, two places further.
fn percent_exact(n: Decimal) -> bool {
    n.mantissa().unsigned_abs() < 1 << 64 && n.scale() <= 26
}

/// A percent as its fraction: `12.5` and `12.5%` both give 0.125.
pub fn parse_percent(text: &str) -> Option<Decimal> {
    read_percent(text).ok()
}

/// A percent as its fraction, or why the text is not an exact percent.
pub fn read_percent(text: &str) -> Result<Decimal, NumberError> {
    match plain_percent(text) {
        Some(fraction) => Ok(fraction),
        None => read_percent_general(text),
    }
}

/// [`read_percent`] for any text.
fn read_percent_general(text: &str) -> Result<Decimal, NumberError> {
    let t = trimmed(text);
    let num = t.strip_suffix(['%', '％']).unwrap_or(t);
    let n = read_decimal(num)?;
    let fraction = n
        .checked_div(Decimal::ONE_HUNDRED)
        .ok_or(NumberError::TooSmall)?;
    if !percent_exact(n) && fraction.checked_mul(Decimal::ONE_HUNDRED) != Some(n) {
        return Err(NumberError::TooSmall);
    }
    Ok(fraction)
}

/// A number text in scientific notation (`1.23E+07`, `1.2e3万元`, `1.5E+1%`) written out in
/// full with its unit or `%` (`12300000`, `1200万元`, `15%`); `None` for any other text,
/// and for one that does not read as a number.
pub fn written_out(text: &str) -> Option<String> {
    let t = trimmed(text);
    let (num, _) = split_money_unit(t);
    let num = num.strip_suffix(['%', '％']).map_or(num, str::trim_end);
    let at = num.find(['e', 'E'])?;
    let exponent = &num[at + 1..];
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if exponent.is_empty() || !exponent.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let unit = t.strip_prefix(num)?;
    let full = read_decimal(num).ok()?;
    Some(format!("{full}{unit}"))
}

/// Whether a text is the form Excel shows a long number in when it keeps only some of its
/// digits (`1.23457E+11`, `9.15001E+17`, `1E+11`): one digit, maybe a point and more digits,
/// `E`, a sign and two or more digits. An id or a credit code that arrives so has lost digits.
pub fn is_excel_scientific(text: &str) -> bool {
    let t = trimmed(text);
    let t = t.strip_prefix('-').unwrap_or(t);
    // Read for every text cell: a name or an id that does not start with a digit costs one
    // byte, not a scan for the `E`.
    if !t.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let Some((mantissa, exponent)) = t.split_once('E') else {
        return false;
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    int.len() == 1
        && digits(int)
        && digits(frac)
        && exponent.len() >= 3
        && exponent.starts_with(['+', '-'])
        && digits(&exponent[1..])
}

/// A plain amount (`317.22`, no unit, see [`plain_decimal`]) times a whole unit: the
/// product rust_decimal's multiplication gives (digits times unit, same scale; zero is
/// `0`), without it. `None` sends anything else to the general path.
fn plain_money(text: &str, unit: Decimal) -> Option<Decimal> {
    let Plain {
        digits,
        negative,
        scale,
    } = plain_parts(text)?;
    let factor = unit.mantissa();
    if unit.scale() != 0 || !(1..1 << 32).contains(&factor) {
        return None;
    }
    // Under 10¹⁸ times under 2³²: within 96 bits, so nothing is rounded.
    let yuan = u128::from(digits) * factor as u128;
    // Zero is `0` (unsigned, scale 0), as the multiplication gives it.
    let scale = if digits == 0 { 0 } else { scale };
    Some(Decimal::from_parts(
        yuan as u32,
        (yuan >> 32) as u32,
        (yuan >> 64) as u32,
        negative,
        scale,
    ))
}

/// A plain percent (`19.7`, `19.7%`) as rust_decimal's division by 100 gives it, scale
/// included: digits that end in `00` lose them; others keep every digit, two places
/// further (`12.50` → `0.1250`: the quotient is scaled up by 10⁹ and trailing zeros taken
/// off greedily, which ends there unless the low 32 bits of the scaled digits are zero,
/// left to the general path).
fn plain_percent(text: &str) -> Option<Decimal> {
    let number = text.strip_suffix('%').unwrap_or(text);
    let Plain {
        digits,
        negative,
        scale,
    } = plain_parts(number)?;
    if digits == 0 || digits % (1 << 25) == 0 {
        return None;
    }
    let (digits, scale) = if digits % 100 == 0 {
        (digits / 100, scale)
    } else {
        (digits, scale + 2)
    };
    Some(Decimal::from_parts(
        digits as u32,
        (digits >> 32) as u32,
        0,
        negative,
        scale,
    ))
}

pub fn parse_bool(text: &str) -> Option<bool> {
    match trimmed(text) {
        "true" | "True" | "TRUE" | "是" => Some(true),
        "false" | "False" | "FALSE" | "否" => Some(false),
        _ => None,
    }
}

/// A value read without a schema (`calc --record` with no policy): the most specific
/// reading of the text.
pub fn infer_scalar(text: &str) -> Value {
    if let Some(b) = parse_bool(text).filter(|_| !text.contains(['是', '否'])) {
        return Value::Bool(b);
    }
    if let Some(d) = Date::parse(text.trim()) {
        return Value::Date(d);
    }
    if let Some(d) = DateTime::parse(text.trim()) {
        return Value::DateTime(d);
    }
    if let (num, Some(unit)) = split_money_unit(text)
        && let Some(yuan) = parse_decimal(num).and_then(|d| d.checked_mul(unit))
    {
        return Value::Money(yuan);
    }
    if text.trim().ends_with('%')
        && let Some(p) = parse_percent(text)
    {
        return Value::Number(p);
    }
    match parse_decimal(text) {
        Some(d) => Value::Number(d),
        None => Value::Text(text.into()),
    }
}

/// The static type of an inferred value; lists of maps become records with the union of
/// their keys.
pub fn type_of(v: &Value) -> Type {
    match v {
        Value::Null => Type::Any,
        Value::Number(_) => Type::Number,
        Value::Money(_) => Type::Money,
        Value::Bool(_) => Type::Bool,
        Value::Text(_) => Type::Text,
        Value::Date(_) => Type::Date,
        Value::DateTime(_) => Type::DateTime,
        Value::List(items) => {
            let elem = items
                .iter()
                .map(type_of)
                .fold(Type::Any, |acc, t| acc.unify(&t).unwrap_or(acc));
            Type::List(Box::new(elem))
        }
        Value::Record(_) => Type::Record(Arc::new(RecordType::default())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimmed_is_str_trim() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "涪陵",
            " 涪陵",
            "涪陵\u{3000}",
            "\u{3000}涪陵\u{3000}",
            "培训管理;IT开发",
            "é",
            "\u{3000}",
            "a\u{3000}",
            "\u{1}x\u{1}",
            "\u{a0}12\u{a0}",
            "\t12\n",
        ] {
            assert_eq!(trimmed(text), text.trim(), "{text:?}");
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn money_text_is_exact_in_any_unit() {
        assert_eq!(parse_money("250", d("10000")), Some(d("2500000")));
        assert_eq!(parse_money("250万元", Decimal::ONE), Some(d("2500000")));
        assert_eq!(parse_money("36433.87", Decimal::ONE), Some(d("36433.87")));
        assert_eq!(parse_money("3亿元", Decimal::ONE), Some(d("300000000")));
        assert_eq!(parse_money("0.1", d("10000")), Some(d("1000")));
        assert_eq!(parse_money("abc", Decimal::ONE), None);
        assert_eq!(parse_money("1e30", Decimal::ONE), None);
    }

    #[test]
    fn percents_accept_the_sign_or_not() {
        assert_eq!(parse_percent("12.5"), Some(d("0.125")));
        assert_eq!(parse_percent("12.5%"), Some(d("0.125")));
        assert_eq!(parse_percent("x%"), None);
    }

    #[test]
    fn excel_display_text_of_long_numbers_is_recognised() {
        for t in [
            "1.23457E+11",
            "9.15001E+17",
            "1E+11",
            " -2.5E-07 ",
            "1.2E+100",
        ] {
            assert!(is_excel_scientific(t), "{t}");
        }
        for t in [
            "1.23457e+11",
            "12.3E+11",
            "1.E+11",
            "1E11",
            "1E+1",
            "E+11",
            "1.2E+1x",
            "A1E+11",
            "OA-2E+33",
            "1.23457",
            "",
        ] {
            assert!(!is_excel_scientific(t), "{t}");
        }
    }

    #[test]
    fn scientific_notation_is_written_out_with_its_unit() {
        let out = |t: &str| written_out(t);
        assert_eq!(out("1.23E+07").as_deref(), Some("12300000"));
        assert_eq!(out(" 1.23457e11 ").as_deref(), Some("123457000000"));
        assert_eq!(out("1.2e3万元").as_deref(), Some("1200万元"));
        assert_eq!(out("1.5E+1%").as_deref(), Some("15%"));
        assert_eq!(out("-2.5E-1").as_deref(), Some("-0.25"));
        // Not scientific notation, or not a number it can hold: left to the general reader.
        for t in [
            "12300000", "1E", "1e+", "E5", "1e5x", "abc", "1e30", "1,000e3x", "",
        ] {
            assert_eq!(out(t), None, "{t}");
        }
    }

    #[test]
    fn inference_picks_the_most_specific_reading() {
        assert_eq!(infer_scalar("true"), Value::Bool(true));
        assert_eq!(
            infer_scalar("2020-06-30"),
            Value::Date(Date::parse("2020-06-30").unwrap_or(Date(0)))
        );
        assert_eq!(infer_scalar("20万元"), Value::Money(d("200000")));
        assert_eq!(infer_scalar("4.15%"), Value::Number(d("0.0415")));
        assert_eq!(infer_scalar("1_000"), Value::Number(d("1000")));
        assert_eq!(infer_scalar("万州"), Value::Text("万州".into()));
    }
}

#[cfg(test)]
mod plain_tests {
    use super::*;

    #[test]
    fn the_checks_skipped_for_small_amounts_would_pass() {
        // Where the check of a product or a percent is skipped, it holds: random and
        // boundary operands.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let units = [1i64, 10_000, 100_000_000, (1 << 32) - 1].map(Decimal::from);
        for i in 0..20_000 {
            let mantissa = match i % 4 {
                0 => i64::MAX,
                1 => -(next() as i64 >> (next() % 64)),
                _ => (next() >> (next() % 64)) as i64,
            };
            let n = Decimal::new(mantissa, (next() % 29) as u32);
            for unit in units {
                if money_exact(n, unit) {
                    let yuan = n.checked_mul(unit).unwrap();
                    assert_eq!(yuan.checked_div(unit), Some(n), "{n} × {unit}");
                }
            }
            if percent_exact(n) {
                let fraction = n.checked_div(Decimal::ONE_HUNDRED).unwrap();
                assert_eq!(fraction.checked_mul(Decimal::ONE_HUNDRED), Some(n), "{n} %");
            }
        }
        assert!(!money_exact(Decimal::MAX, Decimal::ONE));
        assert!(!money_exact(Decimal::ONE, Decimal::ZERO));
        assert!(!percent_exact(Decimal::new(1, 27)));
    }

    #[test]
    fn plain_decimals_read_as_the_general_parser_reads_them() {
        let cases = [
            "0",
            "7",
            "007",
            "00.10",
            "12.50",
            "-12.50",
            "36433.87",
            "-0",
            "-0.0",
            "1.",
            ".5",
            "1.2.3",
            "-",
            "+1",
            "1e3",
            "123456789012345678",
            "1234567890123456789",
            "0.000000000000000001",
            "999999999999999999",
            "-999999999999999999",
            "1_000",
            "12a",
            "--1",
            "1-",
            "4.35",
        ];
        for text in cases {
            let general = Decimal::from_str(text).ok();
            if let Some(d) = plain_decimal(text) {
                let g = general.unwrap_or(Decimal::MAX);
                assert_eq!(
                    (d, d.scale(), d.is_sign_negative()),
                    (g, g.scale(), g.is_sign_negative()),
                    "{text}"
                );
            }
            assert_eq!(
                parse_decimal(text),
                general.or_else(|| parse_decimal_general(text)),
                "{text}"
            );
        }
    }

    /// What `parse_decimal` gave before the plain path: the general parser only.
    fn parse_decimal_general(text: &str) -> Option<Decimal> {
        let cleaned: String = text.chars().filter(|c| *c != '_' && *c != ',').collect();
        if !text
            .strip_prefix(['+', '-'])
            .unwrap_or(text)
            .starts_with(|c: char| c.is_ascii_digit() || c == '.')
        {
            return None;
        }
        if cleaned.contains(['e', 'E']) {
            return Decimal::from_scientific(&cleaned).ok();
        }
        Decimal::from_str(&cleaned).ok()
    }
}

#[cfg(test)]
mod exact_tests {
    use super::*;

    #[test]
    fn commas_separate_thousands_only() {
        let d = |s: &str| Decimal::from_str(s).ok();
        assert_eq!(read_decimal("1,000.5").ok(), d("1000.5"));
        assert_eq!(read_decimal("12,345,678").ok(), d("12345678"));
        assert_eq!(read_decimal("-1_000").ok(), d("-1000"));
        for bad in ["1,5", "0,5", "1,0000", "1,000.000,1", "1,,000"] {
            assert_eq!(read_decimal(bad), Err(NumberError::Grouping), "{bad}");
        }
    }

    #[test]
    fn numbers_a_decimal_cannot_hold_are_refused_not_rounded() {
        assert_eq!(
            read_decimal("1.00000000000000000000000000001"),
            Err(NumberError::TooManyDigits)
        );
        assert_eq!(read_decimal("1e30"), Err(NumberError::TooLarge));
        assert_eq!(
            read_decimal("79228162514264337593543950336"),
            Err(NumberError::TooLarge)
        );
        assert!(read_decimal("79228162514264337593543950335").is_ok());
        assert_eq!(
            read_decimal("0.00000000000000000000000000001"),
            Err(NumberError::TooSmall)
        );
        assert_eq!(read_decimal("1e-30"), Err(NumberError::TooSmall));
        assert_eq!(
            read_money("79228162514264337593543950335", Decimal::from(10_000)),
            Err(NumberError::TooLarge)
        );
        assert_eq!(
            read_percent("0.0000000000000000000000000001"),
            Err(NumberError::TooSmall)
        );
        assert_eq!(read_decimal("1.5e3").ok(), Decimal::from_str("1500").ok());
        assert_eq!(read_decimal("abc"), Err(NumberError::NotANumber));
        assert_eq!(read_decimal("1.2.3"), Err(NumberError::NotANumber));
    }
}

#[cfg(test)]
#[path = "text_plain_props.rs"]
mod plain_props;
