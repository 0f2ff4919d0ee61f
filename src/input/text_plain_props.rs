//! The plain paths of money and percent reading give what the general paths give: the
//! same value at the same scale and sign, or the same error.

use super::*;
use proptest::prelude::*;

/// A result with what `==` on decimals does not compare: the scale and the sign of zero.
fn exactly(r: Result<Decimal, NumberError>) -> Result<(Decimal, u32, bool), NumberError> {
    r.map(|d| (d, d.scale(), d.is_sign_negative()))
}

/// Cells as applicants write numbers: signs, leading zeros, points, long digit runs,
/// units, percent signs, spaces; and anything at all.
fn cells() -> impl Strategy<Value = String> {
    prop_oneof![
        "[-+]?[0-9]{0,21}",
        "[-+]?[0-9]{0,21}\\.[0-9]{0,21}",
        "-?0{0,3}[0-9]{0,4}(\\.[0-9]{0,3}0{0,3})?(%|％|万元|元|亿|万| |e2|,000)?",
        " ?-?[0-9]{1,3}(\\.[0-9]{1,2})? ?",
        "(9{17,20}|1[0-9]{17,19}|0\\.0{15,30}1)",
        "\\PC{0,12}",
    ]
}

fn units() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::ONE),
        Just(Decimal::from(10_000)),
        Just(Decimal::from(100_000_000)),
        Just(Decimal::from(u32::MAX)),
        Just(Decimal::from(1u64 << 32)),
        Just(Decimal::new(1, 2)),
        Just(Decimal::ZERO),
        (1i64..1 << 40).prop_map(Decimal::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn plain_money_is_the_general_reading(text in cells(), unit in units()) {
        prop_assert_eq!(
            exactly(read_money(&text, unit)),
            exactly(read_money_general(&text, unit)),
            "{:?} in {}", text, unit
        );
    }

    #[test]
    fn plain_percent_is_the_general_reading(text in cells()) {
        prop_assert_eq!(
            exactly(read_percent(&text)),
            exactly(read_percent_general(&text)),
            "{:?}", text
        );
    }
}

#[test]
fn boundary_amounts_read_as_the_general_path_reads_them() {
    let texts = [
        "0",
        "-0",
        "0.00",
        "00",
        "1",
        "-1",
        "0.01",
        "-0.01",
        "317.22",
        "1.",
        ".5",
        "1%",
        "100%",
        "0%",
        "-0%",
        "12.50%",
        "0.000000000000000001",
        "999999999999999999",
        "-999999999999999999",
        "1234567890123456789",
        "0.000000000000000000000000001",
        "0.00000000000000000000000001",
        "99999999999999999.9",
        "10",
        "100",
        "1000",
        "-100",
        "19.70",
        "%",
        "",
        " ",
        "1 ",
        "+1",
        "33554432",
        "3355443.2",
        "335544320",
        "3355443200",
        "-0.33554432",
        "67108864.0",
    ];
    let units = [1i64, 10_000, 100_000_000, u32::MAX as i64].map(Decimal::from);
    for text in texts {
        for unit in units {
            assert_eq!(
                exactly(read_money(text, unit)),
                exactly(read_money_general(text, unit)),
                "{text:?} in {unit}"
            );
        }
        assert_eq!(
            exactly(read_percent(text)),
            exactly(read_percent_general(text)),
            "{text:?}"
        );
    }
    // The plain paths do take these (else the test above compares the general path with
    // itself).
    assert!(plain_money("317.22", Decimal::from(10_000)).is_some());
    assert!(plain_money("0.00", Decimal::ONE).is_some());
    assert!(plain_percent("19.7").is_some());
    assert!(plain_percent("12.50%").is_some());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// Every Unicode space at either end, characters that share their first bytes
    /// (`、`, `。`, `–`, `¢`), Chinese text, and anything at all.
    #[test]
    fn trimmed_is_str_trim(
        text in prop_oneof![
            "[ \\t\\n\\u{85}\\u{a0}\\u{1680}\\u{2000}-\\u{200a}\\u{2028}\\u{2029}\\u{202f}\\u{205f}\\u{3000}、。–¢ሴ涪a1]{0,6}",
            "\\PC{0,8}",
            any::<String>(),
        ]
    ) {
        prop_assert_eq!(trimmed(&text), text.trim());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// What the plain reader takes, the general parser reads alike (scale and sign
    /// included).
    #[test]
    fn plain_decimals_are_the_general_parsers(text in cells()) {
        if let Some(d) = plain_decimal(&text) {
            let general = Decimal::from_str(&text);
            prop_assert_eq!(
                Ok((d, d.scale(), d.is_sign_negative())),
                general.map(|g| (g, g.scale(), g.is_sign_negative())),
                "{:?}", text
            );
        }
    }
}
