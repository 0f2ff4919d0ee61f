#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `evaluate --compare` names both policies it applied, in JSON and in text, exactly as
//! `evaluate` names each one alone.

use assert_cmd::Command;

const POLICIES: &str = "tests/data/rounding";
const INPUT: &str = "tests/data/rounding/batch.yaml";

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(["--policies", POLICIES])
        .args(args)
        .args(["--programme", "shown", INPUT])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&run(&[args, &["--format", "json"]].concat())).unwrap()
}

#[test]
fn compare_names_both_policies_as_evaluate_names_each() {
    let alone_2021 = json(&["evaluate", "--year", "2021"]);
    let alone_2020 = json(&["evaluate", "--year", "2020"]);
    let compared = json(&["evaluate", "--year", "2021", "--compare", "2020"]);
    // Year, programme, source, digest and version: the whole object, each year's own.
    assert_eq!(compared["policy"], alone_2021["policy"]);
    assert_eq!(compared["compare_policy"], alone_2020["policy"]);
    assert_ne!(
        compared["policy"]["digest"],
        compared["compare_policy"]["digest"]
    );
    for lang in ["zh", "en"] {
        let first_line = |year: &str| {
            run(&[
                "--lang", lang, "evaluate", "--year", year, "--format", "table",
            ])
            .lines()
            .next()
            .unwrap()
            .to_string()
        };
        let text = run(&[
            "--lang",
            lang,
            "evaluate",
            "--year",
            "2021",
            "--compare",
            "2020",
            "--format",
            "table",
        ]);
        let lines: Vec<&str> = text.lines().take(2).collect();
        assert_eq!(lines, [first_line("2021"), first_line("2020")], "{text}");
    }
}
