#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `fundpolicy calc` as a user runs it.

use assert_cmd::Command;

fn calc(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("calc")
        .args(args)
        .assert()
}

#[test]
fn prints_money_in_yuan_and_wan() {
    calc(&["min(1500万元 * 10%, 100万元)"])
        .success()
        .stdout("1000000元 (100万元)\n");
}

#[test]
fn unit_mismatch_labels_the_plain_number() {
    let out = calc(&["3亿元 >= 30000"]).code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("formula::unit_mismatch"), "{err}");
    assert!(err.contains("是不是要写 30000万元？"), "{err}");
    assert!(err.contains("╰── 数值，没有单位"), "{err}");
}

#[test]
fn sums_a_list_of_loans_from_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.yaml");
    std::fs::write(
        &path,
        "id: A1\nloans:\n  - principal: \"100万元\"\n  - principal: \"250万元\"\n",
    )
    .unwrap();
    calc(&[
        "sum(l in loans: l.principal) / 10000",
        "--record",
        path.to_str().unwrap(),
    ])
    .success()
    .stdout("350元 (0.035万元)\n");
}

#[test]
fn deep_nesting_and_division_by_zero_are_diagnostics() {
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let out = calc(&[&deep]).code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("formula::too_deep"));
    let out = calc(&["1 / 0"]).code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("eval::division_by_zero"));
}

#[test]
fn bad_command_line_use_exits_2() {
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("calc")
        .assert()
        .code(2);
}

#[test]
fn yes_and_no_in_the_language_of_the_run_and_amounts_in_a_list_once() {
    calc(&["1 > 0"]).success().stdout("是\n");
    calc(&["--lang", "en", "1 > 2"]).success().stdout("no\n");
    calc(&["--lang", "en", "1万元"])
        .success()
        .stdout("10,000.00 yuan\n");
    calc(&["[1万元, 2元]"])
        .success()
        .stdout("[1万元, 2.00元]\n");
}

#[test]
fn a_formula_error_names_the_formula_in_the_language_of_the_run() {
    let out = calc(&["1 +"]).failure();
    let text = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(text.contains("[公式:1:3]"), "{text}");
    let out = calc(&["--lang", "en", "1 +"]).failure();
    let text = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(text.contains("[formula:1:3]"), "{text}");
}
