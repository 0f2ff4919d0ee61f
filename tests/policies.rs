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
    assert_eq!(reports[0].code.as_str(), "policy::unknown_year");
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
        .find(|r| r.code.as_str() == "formula::unit_mismatch")
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
    assert_eq!(reports[0].code.as_str(), "policy::extends_cycle");
    let dir = with_2021(&[(
        "policy.yaml",
        "year: 2021\ntitle: {zh: 草案}\nstatus: draft\nprogrammes: [../2020/cloud-award.yaml]\n",
    )]);
    let reports = policy::load(&Source::Dir(dir.path().to_path_buf()), 2021).unwrap_err();
    assert_eq!(reports[0].code.as_str(), "policy::missing_file");
    assert!(
        reports[0].message.contains("不在政策文件夹内"),
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

/// A copy of `policies/` (every year, without examples and tests) in a temp folder, with
/// `files` (path inside the folder, text) written over it.
fn copy_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for year in std::fs::read_dir("policies").unwrap() {
        let year = year.unwrap().path();
        if !year.is_dir() {
            continue;
        }
        let to = dir.path().join(year.file_name().unwrap());
        std::fs::create_dir_all(&to).unwrap();
        for f in std::fs::read_dir(&year).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "yaml") {
                std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
            }
        }
    }
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// A 2022 manifest extending 2020 whose only own file is `cloud-award.yaml`.
const Y2022: &str = "year: 2022\ntitle: {zh: 测试年}\nstatus: draft\nextends: 2020\nprogrammes: [cloud-award.yaml]\n";

fn load_in(
    dir: &tempfile::TempDir,
    year: u32,
) -> Result<policy::Policy, Vec<fundpolicy::diag::Report>> {
    policy::load(&Source::Dir(dir.path().to_path_buf()), year)
}

fn cloud_2020() -> policy::Programme {
    let p = policy::load(&Source::Dir("policies".into()), 2020).unwrap();
    p.programme("cloud-award").unwrap().clone()
}

#[test]
fn a_child_year_adding_one_score_item_keeps_the_inherited_ones_and_their_round_and_order() {
    let base = cloud_2020();
    let base_scores = base.scores.as_ref().unwrap();
    let max = base_scores.max_score + rust_decimal::Decimal::from(5);
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            &format!(
                "id: cloud-award\nscores:\n  max_score: {max}\n  items:\n    - {{id: green_bonus, formula: '5', cap: 5, cite: 2022年通知 三}}\n"
            ),
        ),
    ]);
    let policy = load_in(&dir, 2022).unwrap();
    let cloud = policy.programme("cloud-award").unwrap();
    let scores = cloud.scores.as_ref().unwrap();
    let ids = |p: &policy::Programme| -> Vec<String> {
        p.scores
            .as_ref()
            .unwrap()
            .items
            .iter()
            .map(|&i| p.values[i].id.clone())
            .collect()
    };
    let mut expected = ids(&base);
    assert_eq!(
        expected.len(),
        8,
        "the 2020 cloud award has eight score items"
    );
    expected.push("green_bonus".into());
    assert_eq!(ids(cloud), expected);
    assert_eq!(scores.round, base_scores.round);
    assert_eq!(scores.proven_max, Some(max));
    let order = |p: &policy::Programme| -> Vec<String> {
        p.allocation
            .as_ref()
            .unwrap()
            .order
            .iter()
            .map(|o| o.formula.text.clone())
            .collect()
    };
    assert_eq!(order(cloud), order(&base));
    assert_eq!(cloud.allocation.as_ref().unwrap().tiers.len(), 2);
}

#[test]
fn a_rule_changed_by_one_key_keeps_its_other_keys_and_errors_point_at_the_child_file() {
    let base = cloud_2020();
    let rule = &base
        .rules
        .iter()
        .rev()
        .find(|r| r.message.en.is_some())
        .unwrap();
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            &format!(
                "id: cloud-award\neligibility:\n  - {{id: {}, message: {{zh: 改过的中文}}}}\n",
                rule.id
            ),
        ),
    ]);
    let policy = load_in(&dir, 2022).unwrap();
    let changed = policy
        .programme("cloud-award")
        .unwrap()
        .rules
        .iter()
        .find(|r| r.id == rule.id)
        .unwrap();
    assert_eq!(changed.message.zh.as_deref(), Some("改过的中文"));
    assert_eq!(
        changed.message.en, rule.message.en,
        "the English message is kept"
    );
    assert_eq!(changed.formula.text, rule.formula.text);
    assert_eq!(changed.cite, rule.cite);
    assert_eq!(changed.interpretation, rule.interpretation);

    // The one key the child states, broken: the error is in the child's file, at the key.
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            &format!(
                "id: cloud-award\neligibility:\n  - id: {}\n    when: revenue_2019 >= 5\n",
                rule.id
            ),
        ),
    ]);
    let reports = load_in(&dir, 2022).unwrap_err();
    let at = reports[0].location().unwrap();
    assert!(
        at.ends_with("2022/cloud-award.yaml:4:11") || at.contains("2022/cloud-award.yaml:4:"),
        "{at}: {}",
        reports[0].message
    );
}

#[test]
fn remove_drops_inherited_items_by_id() {
    let base = cloud_2020();
    let scores = base.scores.as_ref().unwrap();
    let item = base.values[scores.items[0]].id.clone();
    let rule = base.rules.last().unwrap().id.clone();
    let document = base.documents.last().unwrap().id.clone();
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            &format!(
                "id: cloud-award\nremove: [{rule}, {document}]\nscores:\n  remove: [{item}]\n"
            ),
        ),
    ]);
    let policy = load_in(&dir, 2022).unwrap();
    let cloud = policy.programme("cloud-award").unwrap();
    assert!(cloud.values.iter().all(|v| v.id != item));
    assert_eq!(
        cloud.scores.as_ref().unwrap().items.len(),
        scores.items.len() - 1
    );
    assert!(cloud.rules.iter().all(|r| r.id != rule));
    assert_eq!(cloud.rules.len(), base.rules.len() - 1);
    assert!(cloud.documents.iter().all(|d| d.id != document));

    // Removing what is not there is an error, not a silent no-op.
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            &format!("id: cloud-award\nremove: [{rule}x]\n"),
        ),
    ]);
    let reports = load_in(&dir, 2022).unwrap_err();
    assert_eq!(reports[0].code.as_str(), "policy::unknown_id");
    assert!(
        reports[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains(&format!("是不是要写 `{rule}`"))
    );
}

#[test]
fn a_partial_item_with_an_id_the_parent_lacks_is_refused_with_did_you_mean() {
    let base = cloud_2020();
    let rule = base.rules.last().unwrap().id.clone();
    let typo = format!("{rule}s");
    let text =
        format!("id: cloud-award\neligibility:\n  - id: {typo}\n    message: {{zh: 新的说法}}\n");
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        ("2022/cloud-award.yaml", &text),
    ]);
    let reports = load_in(&dir, 2022).unwrap_err();
    let r = reports
        .iter()
        .find(|r| r.code.as_str() == "policy::unknown_id")
        .expect("unknown_id");
    assert!(
        r.help
            .as_deref()
            .unwrap()
            .contains(&format!("是不是要写 `{rule}`？")),
        "{:?}",
        r.help
    );
    let at = r.location().unwrap();
    assert!(at.ends_with("2022/cloud-award.yaml:3:9"), "{at}");

    // A complete new item one letter from an inherited id loads, with a warning at it.
    let text = format!(
        "id: cloud-award\neligibility:\n  - {{id: {typo}, when: 'true', cite: x, message: {{zh: 新}}}}\n"
    );
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        ("2022/cloud-award.yaml", &text),
    ]);
    let checked = policy::check(&Source::Dir(dir.path().to_path_buf()), 2022).unwrap();
    let w = checked
        .warnings
        .iter()
        .find(|w| w.code.as_str() == "policy::near_id")
        .expect("near_id");
    assert!(w.warning);
    assert!(
        w.location()
            .unwrap()
            .ends_with("2022/cloud-award.yaml:3:10"),
        "{:?}",
        w.location()
    );
}

#[test]
fn common_eligibility_reaches_every_programme_first_and_a_child_common_file_changes_it() {
    let common = std::fs::read_to_string("policies/2020/common.yaml").unwrap();
    // Whatever common eligibility 2020 has, one more rule under a fresh id.
    let rule = "  - {id: test_basic_condition, when: registered_in_chongqing, cite: 84号 二, message: {zh: 须在重庆市登记注册, en: must be registered in Chongqing}}\n";
    let common = if common.contains("\neligibility:\n") {
        common.replace("\neligibility:\n", &format!("\neligibility:\n{rule}"))
    } else {
        format!("{common}\neligibility:\n{rule}")
    };
    let dir = copy_with(&[
        ("2020/common.yaml", &common),
        (
            "2022/policy.yaml",
            "year: 2022\ntitle: {zh: 测试年}\nstatus: draft\nextends: 2020\ncommon: [common.yaml]\n",
        ),
        (
            "2022/common.yaml",
            "eligibility:\n  - {id: test_basic_condition, when: registered_in_chongqing or independent_legal_person}\n",
        ),
    ]);
    let p2020 = load_in(&dir, 2020).unwrap();
    assert_eq!(p2020.programmes.len(), 3);
    for p in &p2020.programmes {
        let i = p.rules.iter().position(|r| r.id == "test_basic_condition");
        assert!(i.is_some(), "{} has the common rule", p.id);
        let own = p
            .rules
            .iter()
            .position(|r| !common.contains(&format!("id: {}", r.id)));
        assert!(
            own.is_none_or(|o| o > i.unwrap()),
            "{}: common rules come first",
            p.id
        );
    }
    let p2022 = load_in(&dir, 2022).unwrap();
    for p in &p2022.programmes {
        let r = p
            .rules
            .iter()
            .find(|r| r.id == "test_basic_condition")
            .unwrap();
        assert_eq!(
            r.formula.text, "registered_in_chongqing or independent_legal_person",
            "{}",
            p.id
        );
        assert_eq!(r.cite, "84号 二", "{}: the cite is inherited", p.id);
    }
}

#[test]
fn every_file_of_an_extends_chain_is_read_once() {
    let dir = copy_with(&[
        (
            "2022/policy.yaml",
            "year: 2022\ntitle: {zh: 测试年}\nstatus: draft\nextends: 2021\nprogrammes: [si.yaml]\n",
        ),
        (
            "2022/si.yaml",
            "id: software-integration\ntitle: {en: 2022 draft}\n",
        ),
    ]);
    let source = Source::Dir(dir.path().to_path_buf());
    policy::sources::record_reads();
    let policy = policy::load(&source, 2022).unwrap();
    let mut reads = policy::sources::take_reads();
    assert!(
        reads.contains(&"2020/cloud-award.yaml".to_string()),
        "{reads:?}"
    );
    assert!(
        reads.contains(&"2021/software-integration.yaml".to_string()),
        "{reads:?}"
    );
    assert!(reads.contains(&"2022/si.yaml".to_string()), "{reads:?}");
    let n = reads.len();
    reads.sort();
    reads.dedup();
    assert_eq!(reads.len(), n, "a file was read twice");
    assert_eq!(policy.digest, policy::digest(&source, 2022).unwrap());
}

#[test]
fn check_summarises_what_2021_inherits_changes_adds_and_removes() {
    let checked = policy::check(&Source::Dir("policies".into()), 2021).unwrap();
    let mut out = String::new();
    for lang in [fundpolicy::Lang::Zh, fundpolicy::Lang::En] {
        for i in &checked.inheritance {
            out.push_str(&format!("{}\n", i.programme));
            for line in i.lines(lang) {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    out.push_str(&format!("removed: {:?}\n", checked.removed_programmes));
    insta::assert_snapshot!(out);
}

/// `en` holding the aliases, as `software-integration.yaml` had it.
const SLIP: &str = "  - id: company_kind\n    type: enum\n    values:\n      - {id: growth, zh: 成长型企业, en: \"growth enterprise, aliases: [成长型, 成长型企业]\"}\n      - {id: other, zh: 其他, en: \"other: none of these\"}\n";

#[test]
fn check_warns_when_a_text_holds_a_policy_key() {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir(&year).unwrap();
    std::fs::write(
        year.join("policy.yaml"),
        "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n",
    )
    .unwrap();
    std::fs::write(year.join("p.yaml"), format!("{HEAD}{SLIP}")).unwrap();
    let checked = policy::check(&Source::Dir(dir.path().to_path_buf()), 2020).unwrap();
    let found: Vec<String> = checked
        .warnings
        .iter()
        // p.yaml has no award: it is warned about too (`lint::decides_nothing`).
        .filter(|w| w.code.as_str() == "lint::key_in_text")
        .map(|w| {
            format!(
                "{} {}",
                w.code,
                w.location().unwrap().rsplit('/').next().unwrap()
            )
        })
        .collect();
    assert_eq!(found, ["lint::key_in_text p.yaml:11:57"]);
    assert!(checked.warnings.iter().all(|w| w.warning));
    // The real file had this slip; with its aliases now real keys, it is clean.
    let checked = policy::check(&Source::Dir("policies".into()), 2020).unwrap();
    assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
}

#[test]
fn check_shows_warnings_without_failing_and_the_summary_in_the_language_asked() {
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            "id: cloud-award\ndocuments:\n  - {id: extra, label: {zh: 附加材料, en: \"extra, when: [always]\"}}\n",
        ),
    ]);
    let out = assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(["--policies"])
        .arg(dir.path())
        .args(["--lang", "en", "check", "--year", "2022"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("  adds: documents `extra`"), "{stdout}");
    assert!(stderr.contains("lint::key_in_text"), "{stderr}");
    assert!(stderr.contains("2022/cloud-award.yaml:3:"), "{stderr}");
    assert!(stderr.contains("1 warning\n"), "{stderr}");
}

#[test]
fn removing_an_id_two_lists_hold_needs_the_list_named() {
    let y2023 = |remove: &str| {
        copy_with(&[
            ("2022/policy.yaml", Y2022),
            (
                "2022/cloud-award.yaml",
                "id: cloud-award\nparams:\n  - {id: same, value: 1万元, cite: x}\neligibility:\n  - {id: same, when: cloud_investment >= same, cite: x, message: {zh: 同名}}\n",
            ),
            (
                "2023/policy.yaml",
                "year: 2023\ntitle: {zh: 测试年}\nstatus: draft\nextends: 2022\nprogrammes: [c.yaml]\n",
            ),
            (
                "2023/c.yaml",
                &format!("id: cloud-award\nremove: [{remove}]\n"),
            ),
        ])
    };
    let dir = y2023("same");
    let reports = load_in(&dir, 2023).unwrap_err();
    assert_eq!(reports[0].code.as_str(), "policy::ambiguous_remove");
    assert!(
        reports[0]
            .help
            .as_deref()
            .unwrap()
            .contains("`params.same` 或 `eligibility.same`")
    );
    assert!(reports[0].location().unwrap().ends_with("2023/c.yaml:2:10"));
    let dir = y2023("eligibility.same");
    let policy = load_in(&dir, 2023).unwrap();
    let cloud = policy.programme("cloud-award").unwrap();
    assert!(cloud.rules.iter().all(|r| r.id != "same"));
    assert!(cloud.params.iter().any(|(id, ..)| id == "same"));
}

/// A value of an open list is listed whether it is the id a reader made (the policy's shared
/// `Arc`) or the same text made elsewhere (a record built through the library), by its id or
/// by its Chinese name; a system outside the catalogue is not.
#[test]
fn a_listed_value_is_known_by_its_shared_id_or_by_its_text() {
    use std::sync::Arc;
    let policy = policy::load(&Source::Dir("policies".into()), 2020).unwrap();
    let cloud = policy.programme("cloud-award").unwrap();
    let slot = cloud.open_slots[0].0;
    let spec = &cloud.fields[slot];
    let shared = spec.enum_id("培训管理").unwrap();
    assert!(spec.ids.iter().any(|id| Arc::ptr_eq(id, shared)));
    assert!(spec.is_listed(shared));
    assert!(spec.is_listed(&Arc::from(&**shared)));
    assert!(spec.is_listed(&Arc::from("培训管理")));
    for id in &spec.ids {
        assert!(spec.is_listed(id), "{id}");
        assert!(spec.is_listed(&Arc::from(&**id)), "{id}");
    }
    assert!(!spec.is_listed(&Arc::from("自研仓储系统")));
    assert!(!spec.is_listed(&Arc::from("")));
}
