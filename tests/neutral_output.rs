#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Text from applications is data: a CSV cell that begins like a formula is prefixed, and
//! escape sequences, window-title codes, bidi overrides and line breaks reach the terminal as
//! visible escapes in the table, in explain and in error messages.

use std::path::Path;

fn fundpolicy(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_fundpolicy"))
        .current_dir(dir)
        .arg("--policies")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"))
        .args(args)
        .output()
        .unwrap()
}

/// Example applications whose ids are hostile.
fn hostile_batch(dir: &Path) {
    let examples = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("policies/2020/examples/software-integration.yaml"),
    )
    .unwrap();
    let records: serde_json::Value = {
        let yaml: Vec<serde_json::Map<String, serde_json::Value>> = serde_saphyr_free(&examples);
        serde_json::Value::Array(yaml.into_iter().map(serde_json::Value::Object).collect())
    };
    let mut records = records.as_array().unwrap().clone();
    records.truncate(3);
    let ids = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "@SUM(1)\u{1b}]0;pwned\u{7}",
        "A\u{202E}gpj.exe\tB\nC\u{1b}[2J",
    ];
    for (r, id) in records.iter_mut().zip(ids) {
        r["id"] = serde_json::Value::String(id.to_string());
    }
    std::fs::write(
        dir.join("apps.json"),
        serde_json::to_string(&records).unwrap(),
    )
    .unwrap();
}

/// The examples as JSON objects (read through fundpolicy itself: evaluate's JSON does not
/// carry inputs, so the test reads the YAML with the same library the tests already use).
fn serde_saphyr_free(yaml: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    serde_saphyr::from_str(yaml).unwrap()
}

const EVALUATE: [&str; 6] = [
    "evaluate",
    "--year",
    "2020",
    "--programme",
    "software-integration",
    "apps.json",
];

#[test]
fn csv_cells_that_begin_like_formulas_are_prefixed() {
    let dir = tempfile::tempdir().unwrap();
    hostile_batch(dir.path());
    let mut args = EVALUATE.to_vec();
    args.extend(["--format", "csv"]);
    let out = fundpolicy(dir.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(ids[0], "'=HYPERLINK(\"http://x\",\"y\")");
    assert!(ids[1].starts_with("'@SUM(1)"), "{ids:?}");
    assert_eq!(ids[2], "A\u{202E}gpj.exe\tB\nC\u{1b}[2J");
    for line in csv.lines().skip(1) {
        assert!(!line.starts_with('='), "{line}");
    }
}

#[test]
fn the_terminal_gets_escapes_not_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    hostile_batch(dir.path());
    let mut args = EVALUATE.to_vec();
    args.extend(["--format", "table"]);
    let out = fundpolicy(dir.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    let bad = |c: char| (c.is_control() && c != '\n') || c == '\u{202E}';
    assert!(!table.chars().any(bad), "{table:?}");
    assert!(table.contains("\\u{1b}]0;pwned\\u{7}"), "{table}");
    assert!(
        table.contains("A\\u{202e}gpj.exe\\u{9}B\\u{a}C\\u{1b}[2J"),
        "{table}"
    );
    // One line per record: the header, the policy line, three records and the summary.
    assert_eq!(table.lines().count(), 6, "{table}");

    let explain = fundpolicy(
        dir.path(),
        &[
            "explain",
            "--year",
            "2020",
            "--programme",
            "software-integration",
            "apps.json",
            "--id",
            "@SUM(1)\u{1b}]0;pwned\u{7}",
        ],
    );
    assert!(
        explain.status.success(),
        "{}",
        String::from_utf8_lossy(&explain.stderr)
    );
    let text = String::from_utf8(explain.stdout).unwrap();
    assert!(!text.chars().any(bad), "{text:?}");
    assert!(text.contains("\\u{1b}]0;pwned"), "{text}");

    // An error that quotes the unknown id.
    let missing = fundpolicy(
        dir.path(),
        &[
            "explain",
            "--year",
            "2020",
            "--programme",
            "software-integration",
            "apps.json",
            "--id",
            "\u{1b}[31mred",
        ],
    );
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert_eq!(missing.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}
