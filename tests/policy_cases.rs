#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every policy year's own test cases (policies/<year>/tests/) run under `cargo test`.

use fundpolicy::Lang;
use fundpolicy::policy::Source;
use fundpolicy::policytest;

#[test]
fn every_years_policy_tests_pass() {
    let source = Source::Dir("policies".into());
    let years = source.years();
    assert!(years.contains(&2020));
    for year in years {
        let (_, run) = policytest::load_and_run(&source, year, None)
            .unwrap_or_else(|r| panic!("{year}: {r:?}"));
        assert!(run.problems.is_empty(), "{year}: {:?}", run.problems);
        assert!(!run.results.is_empty(), "{year} has no test cases");
        let failures: Vec<String> = run
            .results
            .iter()
            .filter(|r| !r.failures.is_empty())
            .map(|r| {
                format!(
                    "{}:{} {}\n  {}",
                    r.file,
                    r.line.unwrap_or_default(),
                    r.name,
                    r.failures.join("\n  ")
                )
            })
            .collect();
        assert!(failures.is_empty(), "{year}:\n{}", failures.join("\n"));
    }
}

#[test]
fn the_2020_tests_exercise_every_rule_on_both_sides() {
    let source = Source::Dir("policies".into());
    let (policy, run) = policytest::load_and_run(&source, 2020, None).unwrap();
    for programme in &policy.programmes {
        let cov = &run.coverage[&programme.id];
        for rule in &programme.rules {
            let (held, failed) = cov.rules.get(&rule.id).copied().unwrap_or_default();
            assert!(
                held > 0 && failed > 0,
                "{} {}: held {held}, failed {failed}",
                programme.id,
                rule.id
            );
        }
        for ((owner, span), (t, f)) in &cov.comparisons {
            if programme.rules.iter().any(|r| r.id == *owner) {
                assert!(
                    *t && *f,
                    "{} {owner} comparison at {span:?} is tested on one side only",
                    programme.id
                );
            }
        }
    }
    let report = policytest::coverage_report(&policy, &run, Lang::En);
    assert_eq!(
        report.matches("every cited clause has a test").count(),
        3,
        "{report}"
    );
}

#[test]
fn a_failing_case_names_its_file_line_record_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new("policies/2020");
    let year = dir.path().join("2020");
    std::fs::create_dir_all(year.join("tests")).unwrap();
    for f in [
        "policy.yaml",
        "common.yaml",
        "software-integration.yaml",
        "cloud-award.yaml",
        "loan-interest.yaml",
    ] {
        std::fs::copy(src.join(f), year.join(f)).unwrap();
    }
    std::fs::write(
        year.join("tests/wrong.yaml"),
        "programme: software-integration\ncases:\n  - name: a wrong expectation\n    record: {id: X, district: 渝北, registered_in_chongqing: true, independent_legal_person: true, company_size: small, is_industrial: false, revenue_2019: 1, applicant_type: growth, in_key_software_catalog: true, software_revenue_2019: 1000, rd_expense_2019: 600, project_rd_2019: 10, audit_report: true, reported_to_monitoring_platform: false, other_fiscal_support: false, credit_blacklisted: false}\n    expect: {status: eligible, award: 1万元, tier: 1}\n",
    )
    .unwrap();
    // Failures are worded in the language of messages: English, then Chinese.
    let run_in = |lang: Lang| {
        lang.with_messages(|| {
            policytest::load_and_run(&Source::Dir(dir.path().to_path_buf()), 2020, None).unwrap()
        })
        .1
    };
    let run = run_in(Lang::En);
    let r = &run.results[0];
    assert!(r.file.ends_with("wrong.yaml"));
    assert_eq!(r.line, Some(3));
    insta::assert_snapshot!(r.failures.join("\n"));
    let zh = run_in(Lang::Zh);
    insta::assert_snapshot!(
        "a_failing_case_names_its_file_line_record_and_values_zh",
        zh.results[0].failures.join("\n")
    );

    // An expectation as far from the outcome as decimals go fails; the difference is not
    // computed into an overflow.
    let text = std::fs::read_to_string(year.join("tests/wrong.yaml")).unwrap();
    std::fs::write(
        year.join("tests/wrong.yaml"),
        text.replace(
            "expect: {status: eligible, award: 1万元, tier: 1}",
            "expect: {scores: {subsidy_base: -79228162514264337593543950335}}",
        ),
    )
    .unwrap();
    let run = run_in(Lang::En);
    assert!(
        run.results[0]
            .failures
            .iter()
            .any(|f| f.contains("score subsidy_base: expected -79228162514264337593543950335")),
        "{:?}",
        run.results[0].failures
    );

    // A case without a name still has its line (a case missing `name` made every case of
    // the file say line 0).
    std::fs::write(
        year.join("tests/wrong.yaml"),
        text.replace("  - name: a wrong expectation\n    record:", "  - record:")
            + &text.replace("programme: software-integration\ncases:\n", ""),
    )
    .unwrap();
    let run = run_in(Lang::En);
    let lines: Vec<_> = run
        .results
        .iter()
        .map(|r| (r.name.as_str(), r.line))
        .collect();
    assert_eq!(
        lines,
        [("(unnamed)", Some(3)), ("a wrong expectation", Some(5))]
    );
}

fn fundpolicy_test(policies: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("--policies")
        .arg(policies)
        .arg("test")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

#[test]
fn a_year_without_test_cases_fails_and_says_so() {
    // The fixture year has rules and no tests/ folder: nothing was tested, which is not a
    // pass.
    let (code, out) = fundpolicy_test(std::path::Path::new("tests/data/alloc"), &["--lang", "en"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("Policy: 2020, tests/data/alloc (sha256:"),
        "names the folder and digest it ran: {out}"
    );
    assert!(
        out.contains("FAIL 2020 has no test cases: write policy tests for each programme in 2020/tests/*.yaml"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("0 passed, 1 failed"), "{out}");
    let (code, out) = fundpolicy_test(std::path::Path::new("tests/data/alloc"), &[]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("政策：2020年 tests/data/alloc（sha256:"),
        "{out}"
    );
    assert!(out.contains("失败  2020年没有测试用例"), "{out}");

    // An empty tests/ folder, or a file with no cases, is no better.
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir_all(year.join("tests")).unwrap();
    for f in ["policy.yaml", "ranked.yaml"] {
        std::fs::copy(
            std::path::Path::new("tests/data/alloc/2020").join(f),
            year.join(f),
        )
        .unwrap();
    }
    let (code, out) = fundpolicy_test(dir.path(), &["--lang", "en"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("2020 has no test cases"), "{out}");
    std::fs::write(year.join("tests/t.yaml"), "programme: ranked\ncases: []\n").unwrap();
    let (code, out) = fundpolicy_test(dir.path(), &["--lang", "en"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("2020 has no test cases"), "{out}");

    // One case passes; a filter that matches none runs nothing, and says so.
    std::fs::write(
        year.join("tests/t.yaml"),
        "programme: ranked\ncases:\n  - name: one\n    record: {id: A, district: A1, points: 10, investment: 1}\n    expect: {status: eligible}\n",
    )
    .unwrap();
    let (code, out) = fundpolicy_test(dir.path(), &["--lang", "en"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.trim_end().ends_with("1 passed, 0 failed"), "{out}");
    let (code, out) = fundpolicy_test(dir.path(), &["--lang", "en", "--filter", "nothing"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL no test case's name or file contains `nothing`"),
        "{out}"
    );
}

#[test]
fn an_expectation_that_cannot_be_read_fails_instead_of_passing() {
    // Record B is invalid (0 points: division by zero), so it has no rank, no tier, no
    // flags and no award: each malformed expectation below used to be read as "none" and
    // pass.
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir_all(year.join("tests")).unwrap();
    for f in ["policy.yaml", "ranked.yaml"] {
        std::fs::copy(
            std::path::Path::new("tests/data/alloc/2020").join(f),
            year.join(f),
        )
        .unwrap();
    }
    let cases = [
        (
            "rank",
            "expect: {status: invalid, rank: first}",
            "`rank` must be a whole number or null",
        ),
        (
            "tier",
            "expect: {tier: one}",
            "`tier` must be a whole number or null",
        ),
        (
            "awarded",
            "expect: {awarded: no}",
            "`awarded` must be true or false",
        ),
        (
            "flags",
            "expect: {flags: {quota: 1}}",
            "`flags` must be a list of ids",
        ),
        (
            "scores",
            "expect: {scores: 5}",
            "`scores` must map score items to scores",
        ),
        (
            "tolerance",
            "expect: {status: invalid, tolerance: abc}",
            "`tolerance` must be a number",
        ),
        ("no expect", "name_only: true", "a case needs `expect`"),
        (
            "status",
            "expect: {status: [invalid]}",
            "`status` must be eligible, ineligible or invalid",
        ),
    ];
    let mut text = String::from("programme: ranked\ncases:\n");
    for (name, expect, _) in cases {
        text.push_str(&format!(
            "  - name: {name}\n    record: {{id: B, district: A1, points: 0, investment: 1}}\n    {expect}\n"
        ));
    }
    text.push_str(
        "  - name: count\n    generate: [{count: many, id: \"G{n}\", record: {district: A1, points: 1, investment: 1}}]\n    expect: {}\n",
    );
    text.push_str(
        "  - name: width\n    generate: [{count: 2, id: \"G{n:x}\", record: {district: A1, points: 1, investment: 1}}]\n    expect: {}\n",
    );
    std::fs::write(year.join("tests/t.yaml"), text).unwrap();
    let (_, run) = Lang::En.with_messages(|| {
        policytest::load_and_run(&Source::Dir(dir.path().to_path_buf()), 2020, None).unwrap()
    });
    assert!(run.problems.is_empty(), "{:?}", run.problems);
    let failures = |name: &str| {
        run.results
            .iter()
            .find(|r| r.name == name)
            .unwrap()
            .failures
            .join("\n")
    };
    for (name, _, words) in cases {
        assert!(failures(name).contains(words), "{name}: {}", failures(name));
    }
    assert!(
        failures("count").contains("generate `count` is `many`: it must be a whole number"),
        "{}",
        failures("count")
    );
    assert!(
        failures("width").contains("a width such as `{n:03}`"),
        "{}",
        failures("width")
    );
}
