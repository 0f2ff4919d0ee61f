//! Application bytes as YAML, JSON, JSON Lines and CSV (both readers: the batch's pieces
//! and the documents reader of `calc` and `compare`) → records of the 2020 loan-interest
//! programme (it has list-of-record fields) → evaluation. The same bytes are also sniffed
//! as standard input would be, and read as a number.
#![no_main]

use fundpolicy::Lang;
use fundpolicy::diag::SourceFile;
use fundpolicy::{engine, input, records};
use libfuzzer_sys::fuzz_target;

mod shared;

fuzz_target!(|data: &[u8]| {
    let Some(programme) = shared::loan_interest() else { return };
    let _ = input::sniff(data);
    if let Ok((schema, rows)) = records::csv::open(programme, data, records::columns::Reading { strict: true }) {
        let recs: Vec<_> = rows.filter_map(Result::ok).map(|g| schema.build(g)).collect();
        let _ = engine::evaluate_batch(programme, recs, Lang::En);
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(d) = input::text::read_decimal(text) {
        // What is read is what was written: its digits read back give the same number.
        assert_eq!(input::text::read_decimal(&d.to_string()), Ok(d), "{text:?}");
    }
    let _ = input::text::read_money(text, rust_decimal::Decimal::from(10_000));
    let _ = input::text::read_percent(text);
    for name in ["r.yaml", "r.json", "r.jsonl", "r.csv"] {
        let file = SourceFile::new(name, text);
        if let Ok(docs) = input::documents(name, &file, &["id".to_string()]) {
            let recs: Vec<_> = docs
                .iter()
                .flat_map(|d| match d {
                    Ok(d) => records::records_of(programme, d),
                    Err(e) => vec![records::unreadable(programme, None, input::reason(e))],
                })
                .collect();
            let _ = engine::evaluate_batch(programme, recs, Lang::En);
        }
    }
});
