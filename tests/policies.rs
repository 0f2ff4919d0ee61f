#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Loading and checking policy folders: the bundled 2020 policies load clean; broken ones
//! give diagnostics that point into the YAML.

use fundpolicy::policy::{self, Source};
use std::path::Path;

#[test]
fn the_2020_policies_load_with_proven_score_bounds() {
    let policy = policy::load(&Source::choose(Some(Path::new("policies"))), 2020).unwrap();
    let ids: Vec<&str> = policy.programmes.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["software-integration", "cloud-award", "loan-interest"]
    );
    let cloud = policy.programme("cloud-award").unwrap();
    let scores = cloud.scores.as_ref().unwrap();
    assert_eq!(scores.proven_max.map(|d| d.to_string()), Some("100".into()));
    assert_eq!(cloud.rules.len(), 5);
    assert!(
        cloud.rules.iter().all(|r| !r.cite.is_empty()),
        "every rule cites its clause"
    );
}

#[test]
fn the_built_in_copy_matches_the_folder() {
    let builtin = policy::load(&Source::Builtin, 2020).unwrap();
    assert_eq!(builtin.programmes.len(), 3);
}

/// A one-programme 2020 policy folder holding `programme`, loaded; every report rendered.
fn broken(programme: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir(&year).unwrap();
    std::fs::write(
        year.join("policy.yaml"),
        "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n",
    )
    .unwrap();
    std::fs::write(year.join("p.yaml"), programme).unwrap();
    let reports = policy::load(&Source::Dir(dir.path().to_path_buf()), 2020).unwrap_err();
    let name = year.join("p.yaml").display().to_string();
    reports
        .iter()
        .map(|r| r.render_plain().replace(&name, "p.yaml"))
        .collect::<Vec<_>>()
        .join("\n")
}

const HEAD: &str = "id: p\ntitle: {zh: 中文标题在错误之前}\nfields:\n  - {id: id, type: text, required: true}\n  - {id: revenue_2019, type: money, unit: 万元, label: {zh: 2019年营业收入}}\n  - {id: cloud_investment, type: money, unit: 万元}\n  - {id: mgmt_total, type: number}\n";

#[test]
fn broken_unknown_field_in_a_formula() {
    insta::assert_snapshot!(broken(&format!(
        "{HEAD}eligibility:\n  - id: investment\n    when: cloud_invesment >= 10万元  # 上云投入\n    cite: 二（二）2\n    message: {{zh: 上云投入须在10万元以上}}\n"
    )));
}

#[test]
fn broken_yuan_compared_with_wan() {
    insta::assert_snapshot!(broken(&format!(
        "{HEAD}eligibility:\n  - id: revenue\n    when: \"revenue_2019 <= 30000\"\n    cite: 二（二）1\n    message: {{zh: 营业收入须在3亿元及以下}}\n"
    )));
}

#[test]
fn broken_misspelt_key() {
    insta::assert_snapshot!(broken(&format!(
        "{HEAD}eligibilty:\n  - id: revenue\n    when: revenue_2019 <= 3亿元\n"
    )));
}

#[test]
fn broken_dependency_cycle() {
    insta::assert_snapshot!(broken(&format!(
        "{HEAD}computed:\n  - {{id: a, formula: b + 1, cite: x}}\n  - {{id: b, formula: c * 2, cite: x}}\n  - {{id: c, formula: a - 1, cite: x}}\n"
    )));
}

#[test]
fn broken_missing_cite() {
    insta::assert_snapshot!(broken(&format!(
        "{HEAD}eligibility:\n  - id: revenue\n    when: revenue_2019 <= 3亿元\n    message: {{zh: 营业收入须在3亿元及以下}}\n"
    )));
}

#[test]
fn broken_removed_cap_lets_an_item_grow() {
    insta::assert_snapshot!(broken(&format!(
        "{HEAD}scores:\n  max_score: 100\n  round: 2\n  items:\n    - {{id: usage, formula: cloud_investment / 400万元 * 25, cite: 附件2}}\n    - {{id: mgmt, formula: mgmt_total, cap: 75, cite: 附件2}}\n"
    )));
}

#[test]
fn broken_caps_add_up_past_the_maximum() {
    insta::assert_snapshot!(broken(&format!(
        "{HEAD}scores:\n  max_score: 100\n  round: 2\n  items:\n    - {{id: usage, formula: cloud_investment / 400万元 * 25, cap: 30, cite: 附件2}}\n    - {{id: mgmt, formula: mgmt_total, cap: 75, cite: 附件2}}\n"
    )));
}

#[test]
fn broken_award_can_exceed_its_cap() {
    insta::assert_snapshot!(broken(&format!(
        "{HEAD}award:\n  formula: cloud_investment * 10%\n  cap: 100万元\n  cite: 一（三）\n"
    )));
}

#[test]
fn broken_yaml_syntax() {
    insta::assert_snapshot!(broken(&format!(
        "{HEAD}eligibility:\n  - id: revenue\n    when: \"revenue_2019 <= 3亿元\n    cite: 二\n"
    )));
}

#[test]
fn broken_duplicate_key() {
    insta::assert_snapshot!(broken(&format!(
        "{HEAD}eligibility:\n  - id: revenue\n    when: revenue_2019 <= 3亿元\n    when: revenue_2019 <= 2亿元\n    cite: 二\n    message: {{zh: 收入}}\n"
    )));
}

#[test]
fn broken_formula_in_a_block_scalar_is_pointed_at_exactly() {
    insta::assert_snapshot!(broken(&format!(
        "{HEAD}eligibility:\n  - id: revenue\n    when: >-\n      revenue_2019 <= 3亿元\n      and mgmt_totl > 0\n    cite: 二\n    message: {{zh: 收入}}\n"
    )));
}

#[test]
fn broken_policy_reports_every_problem_not_just_the_first() {
    let out = broken(&format!(
        "{HEAD}eligibility:\n  - id: a\n    when: revenue_2019 <= 30000\n    cite: x\n    message: {{zh: a}}\n  - id: b\n    when: nosuch > 1\n    message: {{zh: b}}\n"
    ));
    for code in [
        "formula::unit_mismatch",
        "formula::unknown_name",
        "policy::missing_cite",
    ] {
        assert!(out.contains(code), "{code} missing from:\n{out}");
    }
}

#[test]
fn unknown_year_is_reported() {
    let reports = policy::load(&Source::choose(Some(Path::new("policies"))), 1999).unwrap_err();
    assert_eq!(reports[0].code, "policy::unknown_year");
}
