#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Policy edits that used to give a wrong answer without a word: inexact fractions deciding a
//! count, a typo in a programme id, a file the manifest does not list, swapped letters in an
//! id, an unused parameter, a size on the last tier, an empty change summary.

use fundpolicy::Lang;
use fundpolicy::engine;
use fundpolicy::input::Raw;
use fundpolicy::policy::{self, Source};
use fundpolicy::records;
use std::path::Path;

/// A folder with one year (`files`: name → text).
fn year(year: u32, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let y = dir.path().join(year.to_string());
    std::fs::create_dir_all(&y).unwrap();
    for (name, text) in files {
        let path = y.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// A copy of `policies/` (every year's YAML, without examples and tests), with `files`
/// (path inside the folder, text) written over it.
fn copy_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for y in std::fs::read_dir("policies").unwrap() {
        let y = y.unwrap().path();
        if !y.is_dir() {
            continue;
        }
        let to = dir.path().join(y.file_name().unwrap());
        std::fs::create_dir_all(&to).unwrap();
        for f in std::fs::read_dir(&y).unwrap() {
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

fn check(
    dir: &tempfile::TempDir,
    y: u32,
) -> Result<policy::Checked, Vec<fundpolicy::diag::Report>> {
    policy::check(&Source::Dir(dir.path().to_path_buf()), y)
}

/// code and `file:line:col` of each report.
fn places(reports: &[fundpolicy::diag::Report]) -> Vec<String> {
    reports
        .iter()
        .map(|r| {
            let at = r.location().unwrap_or_default();
            let at = at
                .rsplit_once(&['/', '\\'][..])
                .map_or(at.as_str(), |(_, f)| f)
                .to_string();
            format!("{} {at}", r.code)
        })
        .collect()
}

fn errors(dir: &tempfile::TempDir, y: u32) -> Vec<fundpolicy::diag::Report> {
    match check(dir, y) {
        Ok(_) => panic!("the {y} policy loaded"),
        Err(r) => r,
    }
}

const MANIFEST: &str = "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [ranked.yaml]\n";

/// The ranked test programme with `edit` applied to its text.
fn ranked(edit: &dyn Fn(String) -> String) -> tempfile::TempDir {
    let text = std::fs::read_to_string(Path::new("tests/data/alloc/2020/ranked.yaml")).unwrap();
    year(
        2020,
        &[("policy.yaml", MANIFEST), ("ranked.yaml", &edit(text))],
    )
}

fn applicant(id: &str, district: &str, points: u32) -> Raw {
    let t = |s: &str| Raw::Text(s.into());
    Raw::Map(vec![
        ("id".into(), t(id)),
        ("district".into(), t(district)),
        ("points".into(), t(&points.to_string())),
        ("investment".into(), t("30")),
    ])
}

#[test]
fn a_quota_of_two_thirds_of_three_awards_asks_for_two_and_the_top_applicant_keeps_its_award() {
    let dir = ranked(&|t| {
        t.replace("awards: 4", "awards: 3")
            .replace("share: 1 / 3", "share: 2 / 3")
    });
    let policy = policy::load(&Source::Dir(dir.path().to_path_buf()), 2020).unwrap();
    let p = policy.programme("ranked").unwrap();
    let q = p.allocation.as_ref().unwrap().quota.as_ref().unwrap();
    assert_eq!(q.fraction.of(3, q.round_up), 2);
    // Two near applicants on top, three far ones below: the quota swaps one near awardee
    // (the second) for the best far one; with 3 asked, the first lost its award too.
    let batch = [
        applicant("N1", "B1", 100),
        applicant("N2", "B2", 90),
        applicant("F1", "A1", 80),
        applicant("F2", "A2", 70),
        applicant("F3", "A1", 60),
    ];
    let recs: Vec<records::Record> = batch.iter().map(|r| records::from_raw(p, r)).collect();
    let mut awarded: Vec<String> = engine::evaluate_batch(p, recs, Lang::En)
        .into_iter()
        .filter(|o| o.awarded)
        .map(|o| o.id.to_string())
        .collect();
    awarded.sort();
    assert_eq!(awarded, ["F1", "F2", "N1"]);
}

#[test]
fn a_count_is_computed_exactly_and_a_share_that_cannot_be_is_refused() {
    // 3 × (1 / 3) is 1 exactly, though the decimal 1 / 3 times 3 is 0.999…9.
    let dir = ranked(&|t| t.replace("awards: 4", "awards: 3 * (1 / 3) + 3"));
    let policy = policy::load(&Source::Dir(dir.path().to_path_buf()), 2020).unwrap();
    assert_eq!(
        policy
            .programme("ranked")
            .unwrap()
            .allocation
            .as_ref()
            .unwrap()
            .awards,
        4
    );
    let dir = ranked(&|t| t.replace("size: 2,", "size: 2 / 3 * 3,"));
    let policy = policy::load(&Source::Dir(dir.path().to_path_buf()), 2020).unwrap();
    assert_eq!(
        policy
            .programme("ranked")
            .unwrap()
            .allocation
            .as_ref()
            .unwrap()
            .tiers[0]
            .size,
        Some(2)
    );
    let dir = ranked(&|t| t.replace("awards: 4", "awards: 10 / 3"));
    let e = errors(&dir, 2020);
    assert_eq!(places(&e), ["policy::count ranked.yaml:28:11"]);
    assert!(e[0].message.contains("10/3"), "{}", e[0].message);
    let dir = ranked(&|t| t.replace("share: 1 / 3", "share: 'round(1 / 3, 2)'"));
    assert_eq!(
        places(&errors(&dir, 2020)),
        ["policy::inexact ranked.yaml:29:63"]
    );
}

#[test]
fn check_warns_when_floor_ceil_or_equality_meets_an_inexact_division() {
    let dir = ranked(&|t| {
        t.replace(
            "  - {id: per_point, formula: investment / points, cite: test}",
            "  - {id: per_point, formula: investment / points, cite: test}\n  - {id: thirds, formula: 'floor(points * (1 / 3)) + ceil(points / 4) + (if 1 / 3 * 3 = 1 then points else 0)', cite: test}",
        )
        .replace("formula: points,", "formula: points + thirds * 0 + ceil(third * 3) * 0,")
        .replace("computed:\n", "params:\n  - {id: third, value: 1 / 3, cite: test}\ncomputed:\n")
    });
    let checked = check(&dir, 2020).unwrap();
    let found: Vec<String> = checked
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "lint::inexact_division")
        .map(|w| w.message.clone())
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("`floor` 作用于 `1 / 3`"), "{found:?}");
    assert!(found[1].contains("`=` 作用于 `1 / 3`"), "{found:?}");
    assert!(found[2].contains("`ceil` 作用于 `third`"), "{found:?}");
    // The 2020 policies divide only where it is exact or not rounded after.
    let checked = policy::check(&Source::Dir("policies".into()), 2020).unwrap();
    assert!(
        checked.warnings.is_empty(),
        "{:?}",
        places(&checked.warnings)
    );
}

#[test]
fn a_programme_id_one_edit_from_an_inherited_one_is_refused_with_did_you_mean() {
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            "id: cloud_award\nparams:\n  - {id: tier1_min_investment, value: 50万元}\n",
        ),
    ]);
    let e = errors(&dir, 2022);
    assert_eq!(
        places(&e),
        ["policy::unknown_programme cloud-award.yaml:1:5"]
    );
    assert!(
        e[0].help
            .as_deref()
            .unwrap()
            .contains("是不是要写 `cloud-award`？")
    );
    // Swapped letters are one edit too.
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            "id: cluod-award\nparams:\n  - {id: tier1_min_investment, value: 50万元}\n",
        ),
    ]);
    assert_eq!(
        places(&errors(&dir, 2022)),
        ["policy::unknown_programme cloud-award.yaml:1:5"]
    );
}

#[test]
fn a_programme_that_decides_nothing_is_warned_about() {
    let dir = copy_with(&[
        (
            "2022/policy.yaml",
            &Y2022.replace("cloud-award.yaml", "screening.yaml"),
        ),
        (
            "2022/screening.yaml",
            "id: screening\ntitle: {zh: 筛查}\nfields:\n  - {id: id, type: text, required: true}\n",
        ),
    ]);
    let checked = check(&dir, 2022).unwrap();
    assert_eq!(
        places(&checked.warnings),
        ["lint::decides_nothing screening.yaml:1:5"]
    );
}

#[test]
fn near_id_counts_swapped_letters_and_an_unused_parameter_is_warned_about() {
    // `investmnet_min` was meant to change `investment_min`, but the rule
    // still reads the old one.
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            "id: cloud-award\nparams:\n  - {id: investmnet_min, value: 20万元, cite: 2022年通知}\n",
        ),
    ]);
    let checked = check(&dir, 2022).unwrap();
    let mut found = places(&checked.warnings);
    found.sort();
    assert_eq!(
        found,
        [
            "lint::unused cloud-award.yaml:3:10",
            "policy::near_id cloud-award.yaml:3:10",
        ]
    );
}

#[test]
fn a_yaml_file_the_manifest_does_not_list_is_warned_about() {
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            "id: cloud-award\nparams:\n  - {id: tier1_min_investment, value: 30万元}\n",
        ),
        (
            "2022/loan-interest.yaml",
            "id: loan-interest\nparams:\n  - {id: cap, value: 40万元}\n",
        ),
        ("2022/tests/cloud-award.yaml", "cases: []\n"),
        ("2022/examples/cloud-award.yaml", "[]\n"),
    ]);
    let checked = check(&dir, 2022).unwrap();
    let found: Vec<&fundpolicy::diag::Report> = checked
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "lint::unlisted_file")
        .collect();
    assert_eq!(found.len(), 1, "{:?}", places(&checked.warnings));
    assert!(
        found[0].message.contains("2022/loan-interest.yaml"),
        "{}",
        found[0].message
    );
    assert!(found[0].location().unwrap().contains("policy.yaml"));
    let out = assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("--policies")
        .arg(dir.path())
        .args(["--lang", "en", "check", "--year", "2022"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("lint::unlisted_file"), "{stderr}");
    assert!(stderr.contains("or remove it"), "{stderr}");
}

#[test]
fn removing_the_last_tier_leaves_a_sized_tier_last_which_is_refused() {
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            "id: cloud-award\nallocation:\n  remove: [2, demotion]\n",
        ),
    ]);
    let e = errors(&dir, 2022);
    // The size of the first tier, wherever the 2020 file has it.
    let file = std::fs::read_to_string("policies/2020/cloud-award.yaml").unwrap();
    let line = file
        .lines()
        .position(|l| l.contains("{size: 100, amount: 20万元"))
        .unwrap()
        + 1;
    assert_eq!(
        places(&e),
        [format!("policy::last_tier_size cloud-award.yaml:{line}:14")]
    );
    assert!(e[0].help.as_deref().unwrap().contains("取走其余名额"));
}

#[test]
fn the_inheritance_summary_never_prints_empty_brackets() {
    let dir = copy_with(&[
        ("2022/policy.yaml", Y2022),
        (
            "2022/cloud-award.yaml",
            "id: cloud-award\nallocation:\n  remove: [demotion]\nscores:\n  remove: [yield]\n",
        ),
    ]);
    let checked = check(&dir, 2022).unwrap();
    let cloud = checked
        .inheritance
        .iter()
        .find(|i| i.programme == "cloud-award")
        .unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let lines = cloud.lines(lang).join("\n");
        assert!(!lines.contains("（）") && !lines.contains("()"), "{lines}");
        assert!(
            lines.contains("`yield`") && lines.contains("demotion"),
            "{lines}"
        );
    }
}

/// `company_size in ["medium", "smal"]` was true for no small company and false for every
/// other, with no word: a text a formula compares with an enumerated field, an item of a list
/// of values or a table lookup must be one of the values it can take.
#[test]
fn a_text_compared_with_an_enumerated_field_must_be_one_of_its_values() {
    let text = std::fs::read_to_string("policies/2020/cloud-award.yaml").unwrap();
    let edited = text
        .replace(
            r#"company_size in ["medium", "small", "micro"]"#,
            r#"company_size in ["medium", "smal", "micro"] and not ("其他" in mgmt_systems_on_cloud)"#,
        )
        .replace(r#""渝东北", "渝东南""#, r#""渝东北", "渝东男""#);
    assert_ne!(edited, text);
    let dir = copy_with(&[("2020/cloud-award.yaml", &edited)]);
    let reports = Lang::En.with_messages(|| errors(&dir, 2020));
    let found: Vec<(String, String)> = reports
        .iter()
        .map(|r| (r.message.clone(), r.help.clone().unwrap_or_default()))
        .collect();
    assert_eq!(places(&reports).len(), 3, "{found:#?}");
    assert!(
        places(&reports)
            .iter()
            .all(|p| p.starts_with("formula::unknown_value cloud-award.yaml:"))
    );
    assert_eq!(found[0].1, "did you mean `small`?");
    assert!(
        found[1].1.contains("write `其它` in the formula"),
        "{found:?}"
    );
    assert!(
        found[2].0.contains("`lookup(regions, district)`"),
        "{found:?}"
    );

    // The values as written in the bundled policies pass, items of a list of records too.
    let ok = year(
        2020,
        &[
            (
                "policy.yaml",
                "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n",
            ),
            (
                "p.yaml",
                "id: p\ntitle: {zh: 测试}\nfields:\n  - {id: id, type: text, required: true}\n  - id: loans\n    type: list\n    fields:\n      - {id: kind, type: enum, values: [{id: bank}, {id: trust}]}\n      - {id: amount, type: money, unit: 元}\neligibility:\n  - {id: r, when: 'count(l in loans: l.kind == \"bnak\") = 0', cite: test, message: {zh: 测试}}\n",
            ),
        ],
    );
    let reports = Lang::En.with_messages(|| errors(&ok, 2020));
    assert_eq!(places(&reports), ["formula::unknown_value p.yaml:11:48"]);
    assert_eq!(reports[0].help.as_deref(), Some("did you mean `bank`?"));
}

/// A record whose ranking key, demotion or quota condition cannot be had (a value it needs is
/// missing) is invalid with the reason; it used to rank last, stay undemoted and count
/// outside the quota without a word.
#[test]
fn a_record_the_allocation_cannot_decide_is_invalid_with_the_reason() {
    let dir = ranked(&|t| {
        t.replace(
            "computed:\n  - {id: per_point, formula: investment / points, cite: test}\n",
            "",
        )
        .replace(
            "quota: {counts: 'lookup(regions, district) = \"far\"'",
            "quota: {counts: 'lookup(regions, district) = \"far\" or investment > 100万元'",
        )
    });
    let policy = policy::load(&Source::Dir(dir.path().to_path_buf()), 2020).unwrap();
    let p = policy.programme("ranked").unwrap();
    let without = Raw::Map(vec![
        ("id".into(), Raw::Text("X".into())),
        ("district".into(), Raw::Text("B1".into())),
        ("points".into(), Raw::Text("95".into())),
    ]);
    let batch = [applicant("N1", "B1", 100), without];
    let recs: Vec<records::Record> = batch.iter().map(|r| records::from_raw(p, r)).collect();
    let outcomes = engine::evaluate_batch(p, recs, Lang::En);
    let x = outcomes.iter().find(|o| &*o.id == "X").unwrap();
    assert_eq!(x.status, engine::Status::Invalid);
    assert!(!x.awarded);
    let errors: Vec<String> = x
        .errors()
        .iter()
        .map(|e| format!("{} {}: {}", e.code, e.field, e.message))
        .collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    for (error, what) in errors.iter().zip(["ranking key", "demotion", "quota"]) {
        assert!(
            error.starts_with("eval::missing_value investment: "),
            "{error}"
        );
        assert!(error.contains(what), "{error}");
    }
    let n1 = outcomes.iter().find(|o| &*o.id == "N1").unwrap();
    assert_eq!(n1.status, engine::Status::Eligible);
}
