//! Workbook bytes → applications of the 2020 loan-interest programme (a list-of-record
//! field on its own sheet) → evaluation. Seed the corpus with templates and filled
//! workbooks (`FUNDPOLICY_KEEP_WORKBOOKS=dir cargo test --test spreadsheets filled`).
#![no_main]

use fundpolicy::Lang;
use fundpolicy::{engine, records};
use libfuzzer_sys::fuzz_target;

mod shared;

fuzz_target!(|data: &[u8]| {
    let Some(programme) = shared::loan_interest() else { return };
    if let Ok(rows) = records::xlsx::read(programme, data.to_vec()) {
        let recs: Vec<_> = rows.iter().map(|r| r.record(programme)).collect();
        let _ = engine::evaluate_batch(programme, recs, Lang::En);
    }
});
