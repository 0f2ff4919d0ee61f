//! A hand-written whole-process baseline for the cloud-award CSV: read, decide eligibility,
//! score (附件2) with rust_decimal, write `id,eligible,score` (and, with `--items`, each
//! capped score item). No policy, no interpreter —
//! the floor `fundpolicy evaluate` is measured against, so it is as lean as hand-written
//! code gets: one pass, one reused `ByteRecord`, numbers read straight from the bytes, only
//! the columns the scores need, no allocation per row.
//!
//! ```sh
//! cargo run --release --example baseline -- apps.csv > scores.csv
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::{Decimal, RoundingStrategy};
use std::io::Write;

/// A plain decimal (`-12.50`, `7%`) from its bytes; anything else is zero, as
/// `Decimal::from_str(..).unwrap_or_default()` would give for this generator's cells.
fn dec(cell: &[u8]) -> Decimal {
    let cell = cell.trim_ascii();
    let cell = cell.strip_suffix(b"%").unwrap_or(cell);
    let (negative, digits) = match cell.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, cell),
    };
    let mut mantissa: i64 = 0;
    let mut scale: Option<u32> = None;
    for &b in digits {
        match b {
            b'0'..=b'9' if mantissa < 100_000_000_000_000_000 => {
                mantissa = mantissa * 10 + i64::from(b - b'0');
                scale = scale.map(|s| s + 1);
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return Decimal::ZERO,
        }
    }
    if digits.is_empty() || digits == b"." {
        return Decimal::ZERO;
    }
    Decimal::new(
        if negative { -mantissa } else { mantissa },
        scale.unwrap_or(0),
    )
}

/// The items of a list cell (`a;b；c、d`), blank ones not counted.
fn count(cell: &[u8]) -> Decimal {
    let (mut items, mut filled) = (0i64, false);
    let mut i = 0;
    while i < cell.len() {
        // `;`, and the UTF-8 of `；` (EF BC 9B) and `、` (E3 80 81).
        let sep = match cell[i] {
            b';' => 1,
            0xEF if cell[i..].starts_with(&[0xEF, 0xBC, 0x9B]) => 3,
            0xE3 if cell[i..].starts_with(&[0xE3, 0x80, 0x81]) => 3,
            b => {
                filled |= !b.is_ascii_whitespace();
                i += 1;
                continue;
            }
        };
        items += i64::from(filled);
        filled = false;
        i += sep;
    }
    Decimal::from(items + i64::from(filled))
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: baseline apps.csv [--items]");
    // With `--items`, each capped score item is written too, as `evaluate` writes them:
    // output of a size closer to the engine's (which writes nineteen columns).
    let with_items = std::env::args().nth(2).as_deref() == Some("--items");
    let mut reader = csv::ReaderBuilder::new()
        .buffer_capacity(1 << 20)
        .from_path(&path)
        .expect("open");
    let headers = reader.byte_headers().expect("header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name.as_bytes())
            .expect(name)
    };
    let c: [usize; 31] = [
        "id",
        "company_size",
        "revenue_2019",
        "cloud_investment",
        "cloud_contract_date",
        "is_industrial",
        "smart_mfg_registered",
        "cloud_months",
        "cpu_cores",
        "price_per_core",
        "storage_tb",
        "price_per_tb",
        "spend_network",
        "spend_security",
        "spend_database",
        "spend_mgmt_systems",
        "spend_biz_systems",
        "mgmt_systems_on_cloud",
        "mgmt_systems_total",
        "biz_systems_on_cloud",
        "biz_systems_total",
        "core_systems_on_cloud",
        "core_systems_total",
        "cost_infra_before",
        "cost_infra_after",
        "cost_mgmt_before",
        "cost_mgmt_after",
        "cost_biz_before",
        "cost_biz_after",
        "efficiency_gain",
        "yield_gain",
    ]
    .map(col);
    let wan = Decimal::from(10_000);
    let (cap_revenue, min_investment) = (Decimal::from(300_000_000), Decimal::from(100_000));
    let usage_unit = Decimal::from(400) * wan;
    let [n5, n10, n12, n15, n20, n25] = [5, 10, 12, 15, 20, 25].map(Decimal::from);
    let hundred = Decimal::ONE_HUNDRED;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    out.write_all(if with_items {
        &b"id,eligible,score,usage,years,mgmt,biz,core,cost,efficiency,yield\n"[..]
    } else {
        &b"id,eligible,score\n"[..]
    })
    .expect("write");
    let mut row = csv::ByteRecord::new();
    while reader.read_byte_record(&mut row).expect("row") {
        let f = |k: usize| row.get(c[k]).unwrap_or_default();
        let d = |k: usize| dec(f(k));
        let date = f(4);
        let eligible = f(1) != b"large"
            && d(2) * wan <= cap_revenue
            && d(3) * wan >= min_investment
            && (&b"2019-01-01"[..]..=&b"2020-06-30"[..]).contains(&date)
            && (f(5) != b"true" || f(6) == b"true");
        let money = d(8) * d(9)
            + d(10) * d(11)
            + d(12) * wan
            + d(13) * wan
            + d(14) * wan
            + d(15) * wan
            + d(16) * wan;
        let ratio = |on: Decimal, total: Decimal, points: Decimal| {
            if total.is_zero() {
                Decimal::ZERO
            } else {
                on / total * points
            }
        };
        let before = (d(23) + d(25) + d(27)) * wan;
        let after = (d(24) + d(26) + d(28)) * wan;
        let cost = if before.is_zero() {
            Decimal::ZERO
        } else {
            ((before - after) / before * n10).max(Decimal::ZERO)
        };
        let items = [
            money / usage_unit * n25,
            d(7) / n12 * n5,
            ratio(count(f(17)), d(18), n15),
            ratio(count(f(19)), d(20), n15),
            ratio(d(21), d(22), n20),
            cost,
            d(29) / hundred * n5,
            d(30) / hundred * n5,
        ];
        let caps = [n25, n5, n15, n15, n20, n10, n5, n5];
        let mut total = Decimal::ZERO;
        for (item, cap) in items.iter().zip(caps) {
            total += (*item).min(cap);
        }
        let total = total.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        out.write_all(f(0)).expect("write");
        write!(out, ",{eligible},{total}").expect("write");
        if with_items {
            for (item, cap) in items.iter().zip(caps) {
                write!(out, ",{}", (*item).min(cap).normalize()).expect("write");
            }
        }
        out.write_all(b"\n").expect("write");
    }
    out.flush().expect("flush");
}
