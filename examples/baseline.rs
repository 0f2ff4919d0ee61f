//! A hand-written whole-process baseline for the cloud-award CSV: read, decide eligibility,
//! score (附件2) with rust_decimal, write `id,eligible,score`. No policy, no interpreter —
//! the floor `fundpolicy evaluate` is measured against.
//!
//! ```sh
//! cargo run --release --example baseline -- apps.csv > scores.csv
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal::{Decimal, RoundingStrategy};
use std::io::Write;
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s.trim().trim_end_matches('%')).unwrap_or_default()
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: baseline apps.csv");
    let mut reader = csv::Reader::from_path(&path).expect("open");
    let headers = reader.headers().expect("header").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let c: Vec<usize> = [
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
    .iter()
    .map(|n| col(n))
    .collect();
    let wan = Decimal::from(10_000);
    let hundred = Decimal::ONE_HUNDRED;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    writeln!(out, "id,eligible,score").expect("write");
    let mut row = csv::StringRecord::new();
    while reader.read_record(&mut row).expect("row") {
        let f = |k: usize| &row[c[k]];
        let count = |k: usize| {
            Decimal::from(
                f(k).split([';', '；', '、'])
                    .filter(|s| !s.trim().is_empty())
                    .count(),
            )
        };
        let date = f(4);
        let eligible = f(1) != "large"
            && dec(f(2)) * wan <= Decimal::from(300_000_000)
            && dec(f(3)) * wan >= Decimal::from(100_000)
            && ("2019-01-01"..="2020-06-30").contains(&date)
            && (f(5) != "true" || f(6) == "true");
        let money = dec(f(8)) * dec(f(9))
            + dec(f(10)) * dec(f(11))
            + (12..17).map(|k| dec(f(k)) * wan).sum::<Decimal>();
        let l = money / (Decimal::from(400) * wan);
        let ratio = |on: Decimal, total: Decimal, points: i64| {
            if total.is_zero() {
                Decimal::ZERO
            } else {
                on / total * Decimal::from(points)
            }
        };
        let before = (dec(f(23)) + dec(f(25)) + dec(f(27))) * wan;
        let after = (dec(f(24)) + dec(f(26)) + dec(f(28))) * wan;
        let cost = if before.is_zero() {
            Decimal::ZERO
        } else {
            ((before - after) / before * Decimal::from(10)).max(Decimal::ZERO)
        };
        let items = [
            (l * Decimal::from(25)).min(Decimal::from(25)),
            (dec(f(7)) / Decimal::from(12) * Decimal::from(5)).min(Decimal::from(5)),
            ratio(count(17), dec(f(18)), 15).min(Decimal::from(15)),
            ratio(count(19), dec(f(20)), 15).min(Decimal::from(15)),
            ratio(dec(f(21)), dec(f(22)), 20).min(Decimal::from(20)),
            cost.min(Decimal::from(10)),
            (dec(f(29)) / hundred * Decimal::from(5)).min(Decimal::from(5)),
            (dec(f(30)) / hundred * Decimal::from(5)).min(Decimal::from(5)),
        ];
        let total: Decimal = items.iter().sum();
        let total = total.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        writeln!(out, "{},{eligible},{total}", f(0)).expect("write");
    }
    out.flush().expect("flush");
}
