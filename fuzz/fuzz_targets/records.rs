//! Application bytes as YAML, JSON, JSON Lines and CSV → records of the 2020 loan-interest
//! programme (it has list-of-record fields) → evaluation.
#![no_main]

use fundpolicy::Lang;
use fundpolicy::diag::SourceFile;
use fundpolicy::policy::{self, Policy, Source};
use fundpolicy::{engine, input, records};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn policy() -> &'static Option<Policy> {
    static POLICY: OnceLock<Option<Policy>> = OnceLock::new();
    POLICY.get_or_init(|| policy::load(&Source::Builtin, 2020).ok())
}

fuzz_target!(|data: &[u8]| {
    let Some(policy) = policy() else { return };
    let Some(programme) = policy.programme("loan-interest") else { return };
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
