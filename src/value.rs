//! Runtime values and static types shared by every stage.
//!
//! Money is exact yuan in a `Decimal`; a percent is stored as its fraction (12.5% → 0.125).
//! Dates are day numbers and date-times are seconds, both counted from 1970-01-01, so that
//! comparing and subtracting them is integer arithmetic.

use rust_decimal::Decimal;
use std::fmt;
use std::sync::Arc;

/// A calendar date as days since 1970-01-01 (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

/// A local date and time as seconds since 1970-01-01T00:00.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub i64);

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits_at(s: &[u8], range: std::ops::Range<usize>) -> Option<i64> {
    let part = s.get(range)?;
    if part.is_empty() || part.len() > 18 {
        return None;
    }
    // Digits read as they are checked (a few per date part: no overflow, no parser).
    part.iter().try_fold(0i64, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
    })
}

impl Date {
    /// Parses ISO `YYYY-MM-DD`, rejecting impossible days such as 2021-02-29.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let (y, m, d) = (
            digits_at(b, 0..4)?,
            digits_at(b, 5..7)?,
            digits_at(b, 8..10)?,
        );
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date(days_from_civil(y, m, d) as i32))
    }

    pub fn ymd(self) -> (i64, i64, i64) {
        civil_from_days(i64::from(self.0))
    }

    /// Why a text that is not `YYYY-MM-DD` is still plainly a year, month and day — written
    /// another way (`2020/2/3`, `2020.02.03`, `2020年2月3日`: the forms spreadsheets write)
    /// or a day its month lacks (`2020-02-30`) — or `None` when it is not that.
    pub fn misfit(text: &str) -> Option<DateMisfit> {
        let t = text.trim();
        let mut parts = Vec::with_capacity(3);
        let mut rest = t;
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                parts.push(&rest[..digits]);
                rest = &rest[digits..];
                continue;
            }
            let sep = rest.chars().next()?;
            if !matches!(sep, '-' | '/' | '.' | '年' | '月' | '日' | ' ') {
                return None;
            }
            rest = &rest[sep.len_utf8()..];
        }
        let [y, m, d] = parts[..] else { return None };
        if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
            return None;
        }
        let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        if !(1..=12).contains(&m) || d < 1 {
            return None;
        }
        let days = days_in_month(y, m);
        Some(if d > days {
            DateMisfit::NoSuchDay {
                year: y,
                month: m,
                days,
            }
        } else {
            DateMisfit::Written(format!("{y:04}-{m:02}-{d:02}"))
        })
    }
}

/// A year, month and day that are not a date as written: see [`Date::misfit`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateMisfit {
    /// A date written another way; the way to write it.
    Written(String),
    /// A day past the end of its month, and the month's days.
    NoSuchDay { year: i64, month: i64, days: i64 },
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl DateTime {
    /// Parses `YYYY-MM-DDTHH:MM[:SS]` (a space may stand for the `T`).
    pub fn parse(text: &str) -> Option<DateTime> {
        let date = Date::parse(text.get(..10)?)?;
        let b = text.as_bytes();
        if !matches!(b.get(10), Some(b'T' | b' ')) || b.get(13) != Some(&b':') {
            return None;
        }
        let (h, mi) = (digits_at(b, 11..13)?, digits_at(b, 14..16)?);
        let s = match b.len() {
            16 => 0,
            19 if b[16] == b':' => digits_at(b, 17..19)?,
            _ => return None,
        };
        if h > 23 || mi > 59 || s > 59 {
            return None;
        }
        Some(DateTime(
            i64::from(date.0) * 86_400 + h * 3600 + mi * 60 + s,
        ))
    }

    pub fn from_date(date: Date) -> DateTime {
        DateTime(i64::from(date.0) * 86_400)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}",
            secs / 3600,
            secs % 3600 / 60
        )?;
        if secs % 60 != 0 {
            write!(f, ":{:02}", secs % 60)?;
        }
        Ok(())
    }
}

/// The static type of a formula or a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    Number,
    Money,
    Bool,
    Text,
    Date,
    DateTime,
    List(Box<Type>),
    Record(Arc<RecordType>),
    /// The element type of an empty list literal: fits any list.
    Any,
}

/// The item fields of a list of records, in slot order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RecordType {
    pub fields: Vec<(String, Type)>,
}

impl RecordType {
    pub fn slot(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|(n, _)| n == name)
    }
}

impl Type {
    /// Whether a value of type `other` can stand where `self` is expected.
    pub fn accepts(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Any, _) | (_, Type::Any) => true,
            (Type::List(a), Type::List(b)) => a.accepts(b),
            (a, b) => a == b,
        }
    }

    /// The more specific of two compatible types (an empty list takes the other's element).
    pub fn unify(&self, other: &Type) -> Option<Type> {
        match (self, other) {
            (Type::Any, t) | (t, Type::Any) => Some(t.clone()),
            (Type::List(a), Type::List(b)) => Some(Type::List(Box::new(a.unify(b)?))),
            (a, b) if a == b => Some(a.clone()),
            _ => None,
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Number => f.write_str("Number"),
            Type::Money => f.write_str("Money"),
            Type::Bool => f.write_str("Bool"),
            Type::Text => f.write_str("Text"),
            Type::Date => f.write_str("Date"),
            Type::DateTime => f.write_str("DateTime"),
            Type::List(t) => write!(f, "List of {t}"),
            Type::Record(_) => f.write_str("Record"),
            Type::Any => f.write_str("anything"),
        }
    }
}

/// A runtime value. `Null` is a field the record did not give (an optional field).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Number(Decimal),
    Money(Decimal),
    Bool(bool),
    Text(Arc<str>),
    Date(Date),
    DateTime(DateTime),
    List(Arc<[Value]>),
    Record(Arc<[Value]>),
}

impl Value {
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            Value::Number(d) | Value::Money(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// 10⁰ … 10²⁸: every difference of two decimal scales.
const POWERS_OF_TEN: [u128; 29] = {
    let mut p = [1u128; 29];
    let mut i = 1;
    while i < 29 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// A decimal's sign, scale and 96-bit magnitude, from its documented serialised form.
#[inline]
fn decimal_parts(d: &Decimal) -> (bool, u32, u128) {
    let raw = u128::from_le_bytes(d.serialize());
    let flags = raw as u32;
    (flags >> 31 == 1, (flags >> 16) & 0xFF, raw >> 32)
}

/// Orders two decimals as `Decimal::cmp` does, on integers: signs first, then the
/// magnitudes at one scale (the engine compares a few dozen decimals per record, most of
/// them at different scales).
#[inline]
pub fn compare_decimals(a: &Decimal, b: &Decimal) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (negative_a, sa, ua) = decimal_parts(a);
    let (negative_b, sb, ub) = decimal_parts(b);
    // Zero has no sign (`-0` = `0`), as in `Decimal`.
    let (negative_a, negative_b) = (negative_a && ua != 0, negative_b && ub != 0);
    if negative_a != negative_b {
        return if negative_a {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    let magnitudes = match sa.cmp(&sb) {
        Ordering::Equal => ua.cmp(&ub),
        Ordering::Less => compare_widened(ua, sb - sa, ub),
        Ordering::Greater => compare_widened(ub, sa - sb, ua).reverse(),
    };
    if negative_a {
        magnitudes.reverse()
    } else {
        magnitudes
    }
}

/// `m · 10^by` against `other`, both 96-bit magnitudes (`by` ≤ 28).
#[inline]
fn compare_widened(m: u128, by: u32, other: u128) -> std::cmp::Ordering {
    // A magnitude of 64 bits times a power of ten of 64 bits is one exact multiplication.
    if m >> 64 == 0 && by <= 19 {
        let power = POWERS_OF_TEN[by as usize] as u64;
        return (u128::from(m as u64) * u128::from(power)).cmp(&other);
    }
    match POWERS_OF_TEN
        .get(by as usize)
        .and_then(|p| m.checked_mul(*p))
    {
        Some(widened) => widened.cmp(&other),
        // Past 128 bits it is past any 96-bit magnitude.
        None => std::cmp::Ordering::Greater,
    }
}

/// `d` rounded to `dp` places, halves away from zero, as
/// `Decimal::round_dp_with_strategy(dp, MidpointAwayFromZero)` gives it: one 128-bit
/// division instead of its general loop (a total is rounded once per record).
pub fn round_half_away(d: Decimal, dp: u32) -> Decimal {
    let (negative, scale, magnitude) = decimal_parts(&d);
    let general =
        || d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    if scale <= dp {
        return general();
    }
    let Some(&unit) = POWERS_OF_TEN.get((scale - dp) as usize) else {
        return general();
    };
    let (quotient, remainder) = (magnitude / unit, magnitude % unit);
    let rounded = if remainder * 2 >= unit {
        quotient + 1
    } else {
        quotient
    };
    if rounded == 0 {
        // A zero's sign is `Decimal`'s to decide.
        return general();
    }
    Decimal::from_parts(
        rounded as u32,
        (rounded >> 32) as u32,
        (rounded >> 64) as u32,
        negative,
        dp,
    )
}

/// The sum of `amounts`, or `None` past the largest decimal: totals of a batch's awards
/// come from policy amounts, and no report may stop on them.
pub fn checked_sum(amounts: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    amounts
        .into_iter()
        .try_fold(Decimal::ZERO, Decimal::checked_add)
}

/// The smaller of two decimals, the first when equal (as `Decimal::min`).
pub fn min_decimal(a: Decimal, b: Decimal) -> Decimal {
    if compare_decimals(&a, &b) == std::cmp::Ordering::Greater {
        b
    } else {
        a
    }
}

/// Formats a decimal without trailing zeros after the point (`12.50` → `12.5`).
pub fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Appends [`plain`]`(d)` to `out` without the general formatter: reports of a million
/// rows write eight or nine of these each.
pub fn push_plain(out: &mut String, d: Decimal) {
    // The trailing zeros are dropped from the digits: `normalize` would divide for them.
    push_digits(out, d, Digits::Trimmed);
}

/// Appends `d` with exactly `dp` decimals, as `Display` shows it after `rescale(dp)`.
pub fn push_fixed(out: &mut String, d: Decimal, dp: u32) {
    // A value with as many decimals or fewer (a rounded score) only gains zeros; one with
    // more is rounded by `rescale`.
    match dp.checked_sub(d.scale()) {
        // `rescale` keeps 28 decimals at most, and a mantissa under 2^96.
        Some(pad)
            if dp <= Decimal::MAX_SCALE
                && d.mantissa()
                    .unsigned_abs()
                    .checked_mul(10u128.pow(pad))
                    .is_some_and(|m| m < 1 << 96) =>
        {
            push_digits(out, d, Digits::Padded(pad as usize))
        }
        _ => {
            let mut r = d;
            r.rescale(dp);
            push_digits(out, r, Digits::Padded(0));
        }
    }
}

/// How [`push_digits`] ends the fraction: without its trailing zeros, or with more of them.
#[derive(Clone, Copy)]
enum Digits {
    Trimmed,
    Padded(usize),
}

const ZEROS: &str = "00000000000000000000000000000";

/// "00" "01" … "99": two digits per division.
const DIGIT_PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Writes `v`'s digits, at least `width` of them (zeros in front), to end at `*start`.
fn put_digits(buf: &mut [u8; 40], start: &mut usize, mut v: u64, width: usize) {
    fn put(buf: &mut [u8; 40], start: &mut usize, bytes: &[u8]) {
        let from = start.saturating_sub(bytes.len());
        if let Some(dst) = buf.get_mut(from..*start) {
            dst.copy_from_slice(bytes);
        }
        *start = from;
    }
    let pair = |n: u64| {
        let i = n as usize * 2;
        DIGIT_PAIRS.get(i..i + 2).unwrap_or(b"00")
    };
    let end = *start;
    while v >= 100 {
        put(buf, start, pair(v % 100));
        v /= 100;
    }
    if v >= 10 {
        put(buf, start, pair(v));
    } else {
        put(buf, start, &[b'0' + v as u8]);
    }
    while end - *start < width {
        put(buf, start, b"0");
    }
}

fn push_digits(out: &mut String, d: Decimal, ending: Digits) {
    const TEN_TO_19: u128 = 10_000_000_000_000_000_000;
    let mut scale = d.scale() as usize;
    // The mantissa's digits, written from the last; a 96-bit mantissa has at most 29, split
    // by one 128-bit division into at most 10 and exactly 19 when it is wider than 64 bits.
    let mut buf = [b'0'; 40];
    let mut start = buf.len();
    let magnitude = d.mantissa().unsigned_abs();
    match u64::try_from(magnitude) {
        Ok(small) => put_digits(&mut buf, &mut start, small, 1),
        Err(_) => {
            let low = u64::try_from(magnitude % TEN_TO_19).unwrap_or(0);
            let high = u64::try_from(magnitude / TEN_TO_19).unwrap_or(0);
            put_digits(&mut buf, &mut start, low, 19);
            put_digits(&mut buf, &mut start, high, 1);
        }
    }
    let Some(Ok(mut digits)) = buf.get(start..).map(std::str::from_utf8) else {
        return;
    };
    let mut pad = 0;
    match ending {
        // Zero is `0`, unsigned, as `normalize` makes it.
        Digits::Trimmed if magnitude == 0 => {
            out.push('0');
            return;
        }
        Digits::Trimmed => {
            let zeros = digits.bytes().rev().take(scale).take_while(|&b| b == b'0');
            let zeros = zeros.count();
            digits = digits.get(..digits.len() - zeros).unwrap_or(digits);
            scale -= zeros;
        }
        Digits::Padded(n) => pad = n,
    }
    let pad = ZEROS.get(..pad).unwrap_or("");
    if d.is_sign_negative() {
        out.push('-');
    }
    match digits.len().checked_sub(scale) {
        Some(whole) if whole > 0 => {
            let (int, frac) = digits.split_at_checked(whole).unwrap_or((digits, ""));
            out.push_str(int);
            if !frac.is_empty() || !pad.is_empty() {
                out.push('.');
                out.push_str(frac);
                out.push_str(pad);
            }
        }
        _ => {
            out.push_str("0.");
            out.push_str(ZEROS.get(..scale - digits.len()).unwrap_or(""));
            out.push_str(digits);
            out.push_str(pad);
        }
    }
}

/// Formats yuan as `1000000元 (100万元)`.
pub fn money_text(yuan: Decimal) -> String {
    let wan = yuan / Decimal::from(10_000);
    format!("{}元 ({}万元)", plain(yuan), plain(wan))
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str(&crate::msg!("input-not-given")),
            Value::Number(d) => f.write_str(&plain(*d)),
            Value::Money(d) => write!(f, "{}元", plain(*d)),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Text(t) => write!(f, "\"{t}\""),
            Value::Date(d) => write!(f, "{d}"),
            Value::DateTime(d) => write!(f, "{d}"),
            Value::List(items) | Value::Record(items) => {
                let open = if matches!(self, Value::List(_)) {
                    "["
                } else {
                    "{"
                };
                f.write_str(open)?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str(if open == "[" { "]" } else { "}" })
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn date_parts_read_as_the_integer_parser_reads_them() {
        let mut texts: Vec<String> = (0..10_000).map(|n| format!("{n:04}")).collect();
        texts.extend((0..100).map(|n| format!("{n}")));
        texts.extend(["", "+1", "-1", "1a", " 1", "١٢", "0x1"].map(String::from));
        for t in &texts {
            let b = t.as_bytes();
            let parsed = b
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| t.parse::<i64>().ok())
                .flatten();
            assert_eq!(super::digits_at(b, 0..b.len()), parsed, "{t:?}");
        }
    }

    #[test]
    fn compare_decimals_orders_as_decimal_does() {
        use rust_decimal::Decimal;
        // Mantissas from small to the 96-bit maximum, at every scale, both signs.
        let mantissas: [i128; 8] = [
            0,
            1,
            5,
            10,
            123_456_789,
            4_000_000_000_000_000_000,
            79_228_162_514_264_337_593_543_950_335,
            79_228_162_514_264_337_593_543_950_330,
        ];
        let mut all = Vec::new();
        for m in mantissas {
            for scale in [0, 1, 2, 5, 9, 10, 19, 27, 28] {
                for sign in [1, -1] {
                    all.push(Decimal::from_i128_with_scale(sign * m, scale));
                }
            }
        }
        // Negative zeros, which compare equal to zero.
        for scale in [0, 3] {
            let mut zero = Decimal::new(0, scale);
            zero.set_sign_negative(true);
            all.push(zero);
        }
        for a in &all {
            for b in &all {
                assert_eq!(super::compare_decimals(a, b), a.cmp(b), "{a:?} vs {b:?}");
                let min = super::min_decimal(*a, *b);
                assert_eq!(format!("{min:?}"), format!("{:?}", (*a).min(*b)));
            }
        }
    }

    /// Random pairs at every width and scale, and equal values written at two scales (the
    /// widening compare takes one multiplication up to 64 bits and 10^19, checked beyond).
    #[test]
    fn compare_decimals_orders_random_pairs_as_decimal_does() {
        use rust_decimal::Decimal;
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let random = |next: &mut dyn FnMut() -> u64| {
            let bits = next() % 97;
            let wide = (u128::from(next()) << 64 | u128::from(next())) >> (128 - bits.max(1));
            let m = if bits == 0 { 0 } else { wide };
            let scale = (next() % 29) as u32;
            let sign = if next().is_multiple_of(2) { 1 } else { -1 };
            (
                m,
                scale,
                Decimal::from_i128_with_scale(sign * m as i128, scale),
            )
        };
        for _ in 0..200_000 {
            let (m, scale, a) = random(&mut next);
            let (_, _, b) = random(&mut next);
            assert_eq!(super::compare_decimals(&a, &b), a.cmp(&b), "{a:?} vs {b:?}");
            // The same value at a larger scale, where it fits.
            let by = (next() % 29) as u32;
            if scale + by <= 28
                && let Some(wider) = m.checked_mul(10u128.pow(by)).filter(|w| *w >> 96 == 0)
            {
                let sign = if a.is_sign_negative() { -1 } else { 1 };
                let c = Decimal::from_i128_with_scale(sign * wider as i128, scale + by);
                assert_eq!(super::compare_decimals(&a, &c), a.cmp(&c), "{a:?} vs {c:?}");
                assert_eq!(super::compare_decimals(&c, &a), c.cmp(&a), "{c:?} vs {a:?}");
            }
        }
    }

    /// Mantissas from zero to the 96-bit maximum, around the 32-, 64- and 96-bit edges, at
    /// scales across the range, both signs, and negative zeros.
    fn decimal_grid() -> Vec<rust_decimal::Decimal> {
        use rust_decimal::Decimal;
        let max = 79_228_162_514_264_337_593_543_950_335_i128;
        let mantissas: [i128; 14] = [
            0,
            1,
            5,
            15,
            123_456_789,
            4_294_967_296,
            18_446_744_073_709_551_615,
            18_446_744_073_709_551_616,
            33_333_333_333_333_333_333_333_333_333,
            6_666_666_666_666_666_666_666_666_667,
            max / 2,
            max / 2 + 1,
            max - 1,
            max,
        ];
        let mut all = Vec::new();
        for m in mantissas {
            for scale in [0, 1, 2, 8, 19, 20, 27, 28] {
                for sign in [1, -1] {
                    all.push(Decimal::from_i128_with_scale(sign * m, scale));
                }
            }
        }
        let mut zero = Decimal::new(0, 3);
        zero.set_sign_negative(true);
        all.push(zero);
        all
    }

    #[test]
    fn round_half_away_gives_what_decimal_gives_to_the_bit() {
        use rust_decimal::RoundingStrategy;
        let mut all = decimal_grid();
        // Midpoints and their neighbours.
        for text in [
            "0.005",
            "-0.005",
            "0.015",
            "2.345",
            "2.3449999",
            "-2.355",
            "0.0049",
            "99.995",
        ] {
            all.push(text.parse().unwrap_or_default());
        }
        for d in all {
            for dp in [0, 1, 2, 5, 27, 28] {
                let want = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
                assert_eq!(
                    round_half_away(d, dp).serialize(),
                    want.serialize(),
                    "{d:?} at {dp}"
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn round_half_away_matches_decimal_on_random_operands(
            m in -(1i128 << 96) + 1..(1i128 << 96),
            width in 0u32..97,
            scale in 0u32..=28,
            dp in 0u32..=28,
        ) {
            use rust_decimal::{Decimal, RoundingStrategy};
            // Magnitudes of every width, not only 96-bit ones.
            let m = if width >= 96 { m } else { m % (1i128 << width).max(1) };
            let d = Decimal::from_i128_with_scale(m, scale);
            let want = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
            proptest::prop_assert_eq!(round_half_away(d, dp).serialize(), want.serialize(), "{:?} at {}", d, dp);
        }
    }

    #[test]
    fn push_plain_writes_what_plain_writes() {
        use rust_decimal::Decimal;
        let mut cases: Vec<Decimal> = [
            "0",
            "-0",
            "0.000",
            "1",
            "-1",
            "10",
            "100.00",
            "0.5",
            "-0.05",
            "12.3400",
            "-12.3400",
            "1000",
            "-0.0100",
            "79228162514264337593543950.330",
            "6.666666666666666666666666666",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "36433.87",
            "10000000000000000000.5",
            "-18446744073709551616",
            "1844674407370955161.6",
        ]
        .iter()
        .map(|s| s.parse().unwrap_or_default())
        .collect();
        let mut negative_zero = Decimal::new(0, 3);
        negative_zero.set_sign_negative(true);
        cases.push(negative_zero);
        // A spread of mantissas and scales.
        let mut m: i64 = 1;
        for scale in 0..=28 {
            m = m.wrapping_mul(7_919).wrapping_add(scale as i64 * 104_729);
            cases.push(Decimal::new(m, scale));
            cases.push(Decimal::new(-m / 3, scale));
        }
        // Random mantissas of every width, with and without trailing zeros.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let (lo, mid, hi) = (x as u32, (x >> 32) as u32, (x >> 40) as u32);
            let hi = hi >> (x % 24);
            let mid = if x.is_multiple_of(3) { 0 } else { mid };
            let d = Decimal::from_parts(lo, mid, hi, x.is_multiple_of(2), (x >> 8) as u32 % 29);
            cases.push(d);
            // Times 1.00: the same value with two more trailing zeros, where they fit.
            cases.extend(d.checked_mul(Decimal::new(100, 2)));
            let rounded = d.round_dp((x >> 16) as u32 % 4);
            cases.push(rounded);
        }
        for d in cases {
            let mut out = String::new();
            push_plain(&mut out, d);
            assert_eq!(out, plain(d), "{d:?}");
            for dp in [0, 2, 5, 28, 30] {
                let mut out = String::new();
                push_fixed(&mut out, d, dp);
                let mut r = d;
                r.rescale(dp);
                assert_eq!(out, r.to_string(), "{d:?} at {dp}");
            }
        }
    }

    use super::*;

    #[test]
    fn a_date_written_another_way_is_told_how_to_write_it() {
        let written = |t: &str| Some(DateMisfit::Written(t.to_string()));
        assert_eq!(Date::misfit("2020/2/3"), written("2020-02-03"));
        assert_eq!(Date::misfit("2020.02.03"), written("2020-02-03"));
        assert_eq!(Date::misfit("2020年2月3日"), written("2020-02-03"));
        assert_eq!(Date::misfit(" 2020-2-3 "), written("2020-02-03"));
        let no_day = |year, month, days| Some(DateMisfit::NoSuchDay { year, month, days });
        assert_eq!(Date::misfit("2020-02-30"), no_day(2020, 2, 29));
        assert_eq!(Date::misfit("2021/2/29"), no_day(2021, 2, 28));
        assert_eq!(Date::misfit("2020-04-31"), no_day(2020, 4, 30));
        // Not plainly a year, month and day: no guess.
        for t in [
            "2020-13-01",
            "2020-00-10",
            "2020-01-00",
            "20-01-01",
            "2020-001-01",
            "03/02/2020",
            "2020-02",
            "2020-02-03-04",
            "2020-02-03x",
            "明天",
            "",
            "2020--",
        ] {
            assert_eq!(Date::misfit(t), None, "{t}");
        }
    }

    #[test]
    fn dates_round_trip_and_reject_impossible_days() {
        for text in [
            "1970-01-01",
            "2020-02-29",
            "2020-06-30",
            "1999-12-31",
            "2400-02-29",
        ] {
            assert_eq!(
                Date::parse(text).map(|d| d.to_string()).as_deref(),
                Some(text)
            );
        }
        assert_eq!(Date::parse("1970-01-02"), Some(Date(1)));
        for bad in [
            "2021-02-29",
            "2020-13-01",
            "2020-00-10",
            "2020-6-30",
            "20200630",
            "2020-06-31",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        let days = Date::parse("2020-07-01").map(|d| d.0).unwrap_or(0)
            - Date::parse("2020-02-04").map(|d| d.0).unwrap_or(0);
        assert_eq!(days, 148);
    }

    #[test]
    fn date_times_parse_with_optional_seconds() {
        let dt = DateTime::parse("2021-07-29T18:00");
        assert_eq!(
            dt.map(|d| d.to_string()).as_deref(),
            Some("2021-07-29T18:00")
        );
        assert!(DateTime::parse("2021-07-29T24:00").is_none());
        assert_eq!(
            DateTime::parse("2021-07-29 18:00:30")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2021-07-29T18:00:30")
        );
    }
}
