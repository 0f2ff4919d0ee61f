#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `fundpolicy test` shows an expected and an observed number alike: yuan with two decimals
//! on both sides (as the JSON carries them), a score with the programme's places, so a reader
//! sees at a glance whether they agree.

use assert_cmd::Command;
use std::path::Path;

const CASES: &str = "\
programme: ranked
cases:
  - name: an award expected in yuan
    record: {id: X1, district: B1, points: 90, investment: 30}
    expect: {award: \"250000.00\"}
  - name: an award expected in 万元
    record: {id: X2, district: B1, points: 90, investment: 30}
    expect: {award: 25万元}
  - name: a score
    record: {id: X3, district: B1, points: 90, investment: 30}
    expect: {score: \"91\", scores: {pts: \"91.5\"}}
  - name: an award that agrees
    record: {id: X4, district: B1, points: 90, investment: 30}
    expect: {award: 200000}
";

#[test]
fn expected_and_observed_amounts_are_shown_alike() {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir_all(year.join("tests")).unwrap();
    for f in ["policy.yaml", "ranked.yaml"] {
        std::fs::copy(Path::new("tests/data/alloc/2020").join(f), year.join(f)).unwrap();
    }
    std::fs::write(year.join("tests/amounts.yaml"), CASES).unwrap();
    let out = Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("--policies")
        .arg(dir.path())
        .args(["--lang", "en", "test"])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for line in [
        "award: expected 250000.00, got 200000.00",
        "award: expected 250000.00 (25万元), got 200000.00",
        "score: expected 91.00, got 90.00",
        "score pts: expected 91.5, got 90.0",
    ] {
        assert!(text.contains(line), "missing\n{line}\nin\n{text}");
    }
    assert!(text.contains("ok   "), "the agreeing case passes: {text}");
    assert!(text.trim_end().ends_with("1 passed, 3 failed"), "{text}");
}
