#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Hostile and careless input on the reading side: long lines, odd numbers, fields given
//! twice, standard input, ragged rows, zip bombs, endless streams. Each case asserts the
//! exit code, the message and that nothing but the output was written.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fundpolicy() -> Command {
    Command::cargo_bin("fundpolicy").unwrap()
}

fn stderr_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).to_string()
}

fn json_of(out: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// Every file under `dir` with its bytes: to show a run wrote nothing.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Evaluates `bytes` written to a file `name` (loan-interest 2020, JSON out), checking the
/// folder holds nothing new afterwards.
fn evaluate(name: &str, bytes: &[u8], extra: &[&str]) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let before = snapshot(dir.path());
    let out = fundpolicy()
        .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
        .args(["--format", "json"])
        .args(extra)
        .arg(&path)
        .timeout(std::time::Duration::from_secs(60))
        .assert();
    assert_eq!(snapshot(dir.path()), before, "the run wrote nothing");
    out
}

/// The errors of each result, as `id: field: message` lines.
fn errors(doc: &serde_json::Value) -> Vec<String> {
    let mut lines = Vec::new();
    for r in doc["results"].as_array().unwrap() {
        for e in r["errors"].as_array().unwrap() {
            lines.push(format!(
                "{}: {}: {}",
                r["id"].as_str().unwrap_or(""),
                e["field"].as_str().unwrap_or(""),
                e["message"].as_str().unwrap_or("")
            ));
        }
    }
    lines
}

#[test]
fn a_diagnostic_past_column_65535_is_shown_as_a_window_not_a_panic() {
    let formula = format!("{}zz", " ".repeat(70_000));
    let out = fundpolicy().args(["calc", &formula]).assert().code(1);
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("unknown name `zz`"), "{err}");
    // The place is the real one; the line shown is a window of it.
    assert!(err.contains("[formula:1:70001]"), "{err}");
    assert!(err.lines().all(|l| l.chars().count() < 300), "{err}");
}

#[test]
fn a_yaml_application_with_a_66000_character_value_does_not_panic() {
    let line = format!(
        "- {{id: A, company_size: {}, revenue_2019: [1, }}\n",
        "x".repeat(66_000)
    );
    let out = evaluate("long.yaml", line.as_bytes(), &[]).code(1);
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("long.yaml:1:66"), "{err}");
    assert!(err.lines().all(|l| l.chars().count() < 300), "{err}");
    // Read, the value is echoed shortened in the record's error.
    let line = format!("- {{id: A, company_size: {}}}\n", "x".repeat(66_000));
    let doc = json_of(&evaluate("long.yaml", line.as_bytes(), &[]).success());
    let errors = errors(&doc);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(&format!(
            "`{}… (66000 characters)` is not an allowed value",
            "x".repeat(60)
        )),
        "{}",
        &errors[0][..errors[0].len().min(300)]
    );
}

#[test]
fn a_one_megabyte_formula_in_a_policy_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir(&year).unwrap();
    std::fs::write(
        year.join("policy.yaml"),
        "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n",
    )
    .unwrap();
    let formula = format!("{}nope", "x + ".repeat(250_000));
    std::fs::write(
        year.join("p.yaml"),
        format!(
            "id: p\ntitle: {{zh: 测试}}\nfields:\n  - {{id: id, type: text}}\n  - {{id: x, type: number}}\n\
             eligibility:\n  - id: big\n    when: '{formula} > 0'\n    cite: x\n    message: {{zh: x}}\n"
        ),
    )
    .unwrap();
    let out = fundpolicy()
        .arg("--policies")
        .arg(dir.path())
        .arg("check")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1);
    let err = stderr_of(&out);
    assert!(!err.contains("panicked"), "{}", &err[..err.len().min(2000)]);
    // (A sum this long is refused for its depth, at its first character.)
    assert!(
        err.contains("formula::too_deep"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(err.contains("p.yaml:8:"), "{}", &err[..err.len().min(2000)]);
    assert!(err.len() < 20_000, "the formula is not echoed whole");
}

#[test]
fn numbers_are_read_as_written_or_refused_saying_why() {
    let csv = "id,revenue_2019\nA,\"1,5\"\nB,\"0,5\"\nC,\"1,000.5\"\nD,1.00000000000000000000000000001\n\
               E,1e30\nF,0.00000000000000000000000000001\nG,\"1,0000\"\n";
    let doc = json_of(&evaluate("n.csv", csv.as_bytes(), &[]).success());
    let errors: Vec<String> = errors(&doc)
        .into_iter()
        .filter(|e| e.contains("revenue_2019"))
        .collect();
    let comma = "is not a number: a comma only separates thousands (1,000.5); write the decimal point as `.` (1.5, not 1,5)";
    assert_eq!(
        errors,
        [
            format!("A: revenue_2019: `1,5` {comma}"),
            format!("B: revenue_2019: `0,5` {comma}"),
            "D: revenue_2019: `1.00000000000000000000000000001` has more than 28 significant digits and would be rounded; write at most 28".to_string(),
            "E: revenue_2019: `1e30` is too large: a number is at most 79228162514264337593543950335".to_string(),
            "F: revenue_2019: `0.00000000000000000000000000001` is too small to keep exactly: a number has at most 28 decimal places".to_string(),
            format!("G: revenue_2019: `1,0000` {comma}"),
        ]
    );
}
