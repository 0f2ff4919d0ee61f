#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Loading and checking policy folders: the bundled 2020 policies load clean; broken ones
//! give diagnostics that point into the YAML.

use fundpolicy::policy::{self, Source};
use std::path::Path;

#[test]
fn the_2020_policies_load_with_proven_score_bounds() {
    let policy = policy::load(&Source::Dir("policies".into()), 2020).unwrap();
    let ids: Vec<&str> = policy.programmes.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["software-integration", "cloud-award", "loan-interest"]
    );
    let cloud = policy.programme("cloud-award").unwrap();
    let scores = cloud.scores.as_ref().unwrap();
    assert_eq!(scores.proven_max.map(|d| d.to_string()), Some("100".into()));
    // The three basic conditions of 84号 (common.yaml) first, then the programme's five.
    assert_eq!(cloud.rules.len(), 8);
    assert_eq!(
        cloud.rules[..3]
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        [
            "registered_legal_person",
            "not_blacklisted",
            "no_other_fiscal_support"
        ]
    );
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
    let reports = policy::load(&Source::Dir("policies".into()), 1999).unwrap_err();
    assert_eq!(reports[0].code, "policy::unknown_year");
}

/// A policies folder with 2020 copied and a 2021 written from `files` (name, text).
fn with_2021(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let y2020 = dir.path().join("2020");
    std::fs::create_dir_all(&y2020).unwrap();
    for f in [
        "policy.yaml",
        "common.yaml",
        "software-integration.yaml",
        "cloud-award.yaml",
        "loan-interest.yaml",
    ] {
        std::fs::copy(Path::new("policies/2020").join(f), y2020.join(f)).unwrap();
    }
    let y2021 = dir.path().join("2021");
    std::fs::create_dir_all(&y2021).unwrap();
    for (name, text) in files {
        std::fs::write(y2021.join(name), text).unwrap();
    }
    dir
}

#[test]
fn an_inherited_rule_broken_by_a_later_year_is_reported_in_its_own_file() {
    let dir = with_2021(&[
        (
            "policy.yaml",
            "year: 2021\ntitle: {zh: 草案}\nstatus: draft\nextends: 2020\nprogrammes: [si.yaml]\nremove_programmes: [cloud-award, loan-interest]\n",
        ),
        (
            "si.yaml",
            "id: software-integration\nfields:\n  - {id: rd_expense_2019, type: number}\n",
        ),
    ]);
    let reports = policy::load(&Source::Dir(dir.path().to_path_buf()), 2021).unwrap_err();
    let unit = reports
        .iter()
        .find(|r| r.code == "formula::unit_mismatch")
        .expect("a unit mismatch");
    let at = unit.location().unwrap();
    assert!(at.contains("2020/software-integration.yaml:"), "{at}");
    let file = unit.source.as_ref().unwrap();
    let (span, _) = &unit.labels[0];
    assert_eq!(&file.text[span.range()], "rd_expense_2019");
}

#[test]
fn extends_must_name_an_earlier_year_inside_the_folder() {
    let dir = with_2021(&[(
        "policy.yaml",
        "year: 2021\ntitle: {zh: 草案}\nstatus: draft\nextends: 2021\n",
    )]);
    let reports = policy::load(&Source::Dir(dir.path().to_path_buf()), 2021).unwrap_err();
    assert_eq!(reports[0].code, "policy::extends_cycle");
    let dir = with_2021(&[(
        "policy.yaml",
        "year: 2021\ntitle: {zh: 草案}\nstatus: draft\nprogrammes: [../2020/cloud-award.yaml]\n",
    )]);
    let reports = policy::load(&Source::Dir(dir.path().to_path_buf()), 2021).unwrap_err();
    assert_eq!(reports[0].code, "policy::missing_file");
    assert!(
        reports[0].message.contains("leaves the policies folder"),
        "{}",
        reports[0].message
    );
}

#[test]
fn the_2021_draft_inherits_what_it_does_not_change() {
    let policy = policy::load(&Source::Dir("policies".into()), 2021).unwrap();
    let ids: Vec<&str> = policy.programmes.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["software-integration"]);
    let si = &policy.programmes[0];
    let rule = si
        .rules
        .iter()
        .find(|r| r.id == "registered_legal_person")
        .unwrap();
    assert_eq!(rule.formula.text, "registered_in_chongqing");
    assert!(rule.cite.starts_with("2021年申报通知"));
    let inherited = si.rules.iter().find(|r| r.id == "revenue_and_rd").unwrap();
    assert_eq!(inherited.cite, "一（二）（3）");
    assert!(si.params.iter().any(|(n, ..)| n == "subsidy_cap"));
}

#[test]
fn duplicate_ids_in_one_file_are_reported() {
    let out = broken(&format!(
        "{HEAD}eligibility:\n  - {{id: a, when: revenue_2019 > 0元, cite: x, message: {{zh: a}}}}\n  - {{id: a, when: revenue_2019 > 1元, cite: x, message: {{zh: a}}}}\n"
    ));
    assert!(out.contains("policy::duplicate_id"), "{out}");
}

#[test]
fn a_district_without_a_region_is_reported() {
    let out = broken(&format!(
        "{HEAD}  - id: district\n    type: enum\n    values: [{{id: 万州}}, {{id: 新区}}]\ntables:\n  - {{id: regions, cite: x, groups: {{渝东北: [万州]}}}}\ncomputed:\n  - {{id: region, formula: 'lookup(regions, district)', cite: x}}\n"
    ));
    assert!(
        out.contains("policy::table_coverage") && out.contains("新区"),
        "{out}"
    );
}
