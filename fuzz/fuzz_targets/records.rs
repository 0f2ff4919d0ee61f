//! Application bytes as YAML, JSON, JSON Lines and CSV → records of the 2020 loan-interest
//! programme (it has list-of-record fields) → evaluation.
#![no_main]

use fundpolicy::Lang;
use fundpolicy::diag::SourceFile;
use fundpolicy::{engine, input, records};
use libfuzzer_sys::fuzz_target;

mod shared;

fuzz_target!(|data: &[u8]| {
    let Some(programme) = shared::loan_interest() else { return };
    if let Ok((schema, rows)) = records::csv::open(programme, data) {
        let recs: Vec<_> = rows.filter_map(Result::ok).map(|g| schema.build(g)).collect();
        let _ = engine::evaluate_batch(programme, recs, Lang::En);
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    for name in ["r.yaml", "r.json", "r.jsonl"] {
        let file = SourceFile::new(name, text);
        if let Ok(docs) = input::read_documents(name, &file, &["id".to_string()]) {
            let recs: Vec<_> = docs.iter().flat_map(|d| records::records_of(programme, d)).collect();
            let _ = engine::evaluate_batch(programme, recs, Lang::En);
        }
    }
});
