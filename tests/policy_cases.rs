#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every policy year's own test cases (policies/<year>/tests/) run under `cargo test`.

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
                    r.line,
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
    let report = policytest::coverage_report(&policy, &run);
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
    let (_, run) =
        policytest::load_and_run(&Source::Dir(dir.path().to_path_buf()), 2020, None).unwrap();
    let r = &run.results[0];
    assert!(r.file.ends_with("wrong.yaml"));
    assert_eq!(r.line, 3);
    insta::assert_snapshot!(r.failures.join("\n"));

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
    let (_, run) =
        policytest::load_and_run(&Source::Dir(dir.path().to_path_buf()), 2020, None).unwrap();
    assert!(
        run.results[0]
            .failures
            .iter()
            .any(|f| f.contains("score subsidy_base: expected -79228162514264337593543950335")),
        "{:?}",
        run.results[0].failures
    );
}
