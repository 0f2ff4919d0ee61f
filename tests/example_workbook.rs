#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `policies/2020/examples/loan-interest.xlsx` is the template filled in with the YAML
//! examples: what a filled workbook looks like, for a new user to evaluate and open. It must
//! keep giving the YAML examples' results. When the examples or the template change, make it
//! again:
//!
//! ```sh
//! FUNDPOLICY_KEEP_WORKBOOKS=/tmp/wb cargo test --test spreadsheets filled
//! cp /tmp/wb/loan-interest-filled.xlsx policies/2020/examples/loan-interest.xlsx
//! ```

use serde_json::Value as Json;

fn evaluate(input: &str) -> Json {
    let out = assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(["--policies", "policies", "evaluate", "--year", "2020"])
        .args(["--programme", "loan-interest", input, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The results with what depends on the file itself (its fingerprint, the places of
/// errors) left out, and the documents: the workbook has the template's documents sheet,
/// left empty, so it says none were supplied where the YAML examples say nothing.
fn decisions(mut doc: Json) -> Json {
    let results = doc["results"].as_array_mut().unwrap();
    for r in results.iter_mut() {
        r.as_object_mut().unwrap().remove("missing_documents");
        for e in r["errors"].as_array_mut().unwrap() {
            e.as_object_mut().unwrap().remove("location");
        }
    }
    doc["results"].take()
}

#[test]
fn the_example_workbook_gives_the_yaml_examples_results() {
    let book = evaluate("policies/2020/examples/loan-interest.xlsx");
    let yaml = evaluate("policies/2020/examples/loan-interest.yaml");
    assert!(!book["results"].as_array().unwrap().is_empty());
    assert_eq!(decisions(book), decisions(yaml));
}
