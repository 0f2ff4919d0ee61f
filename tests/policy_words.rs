#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every policy and lint diagnostic a broken policy gets speaks one language: in zh no
//! English sentence (a run of three English words) outside ids, codes and backticked text;
//! in en no Chinese outside backticks, units and the policy's own words.

use fundpolicy::Lang;
use fundpolicy::diag::Report;
use fundpolicy::policy::{self, Source};
use std::collections::BTreeSet;

const TITLE: &str = "id: p\ntitle: {zh: 测试项目, en: test programme}\n";
const FIELDS: &str = "fields:\n  - {id: id, type: text}\n  - {id: x, type: number, label: {zh: 数量, en: quantity}}\n";
const RULE: &str =
    "eligibility:\n  - {id: r1, when: x > 0, cite: 一, message: {zh: 须大于0, en: more than 0}}\n";
const SCORES: &str = "scores:\n  max_score: 10\n  round: 2\n  items:\n    - {id: s, formula: x, cap: 10, cite: 一, label: {zh: 得分, en: points}}\n";
const ORDER: &str = "allocation:\n  cite: 一\n  order:\n    - {by: score, direction: desc}\n";
const TIERS: &str = "  tiers:\n    - {size: 1, amount: 2万元}\n    - {amount: 1万元}\n";

/// `p.yaml` of one-programme 2020 cases: its text after the id and title.
fn programmes() -> Vec<String> {
    let scored = |allocation: &str| format!("{FIELDS}{RULE}{SCORES}{ORDER}{allocation}");
    [
        // missing_key, missing_cite
        "fields:\n  - {id: x, type: number}\neligibility:\n  - {id: r1, message: {zh: 说明}}\n".to_string(),
        "fields:\n  - {id: m, type: money, label: {zh: 金额, en: amount}}\n".into(),
        "fields:\n  - {id: m, type: mony}\n".into(),
        "fields:\n  - {id: m, type: nothing_like_a_type}\n".into(),
        "fields:\n  - {id: l, type: list, label: {zh: 清单, en: list}}\n".into(),
        "fields:\n  - {id: e, type: enum, values: [{id: a, zh: 甲}, {id: a}]}\n  - {id: e2, type: enum, label: {zh: 空枚举, en: empty}}\n  - {id: e3, type: enum, values: [{id: a, aliases: [b]}, {id: b}]}\n".into(),
        "fields:\n  - {id: l, type: list, of: text, unique: true}\n  - {id: t, type: text, open: true}\n  - {id: e, type: enum, open: true, values: [{id: a}]}\n  - {id: e2, type: enum, flag: never, values: [{id: a}]}\n  - {id: e3, type: enum, open: true, flag: nevr, values: [{id: a}]}\n  - id: rows\n    type: list\n    label: {zh: 明细, en: rows}\n    unique: true\n    fields:\n      - {id: code, type: text, unique: true}\nflags:\n  - {id: never, message: {zh: 从不}, cite: 一}\n  - {id: unseen, message: {zh: 看不到}, cite: 一}\n".into(),
        "fields:\n  - {id: k, type: enum, values: [{id: a}, {id: b}, {id: c}]}\ntables:\n  - id: t\n    label: {zh: 区域表, en: regions}\n    groups:\n      北: [a]\n      南: [a]\neligibility:\n  - {id: r1, when: 'lookup(t, k) = \"北\"', cite: 一, message: {zh: 北}}\n".into(),
        format!("{FIELDS}{RULE}scores:\n  max_score: 10\n  round: 30\n  items:\n    - {{id: s, formula: x, cite: 一}}\n"),
        format!("{FIELDS}{RULE}scores:\n  max_score: 10\n  round: 2\n  items:\n    - {{id: s, formula: x, cap: 8, cite: 一}}\n    - {{id: t, formula: x, cap: x, cite: 一}}\n    - {{id: u, formula: x, cap: 8, cite: 一}}\n"),
        format!("{FIELDS}{RULE}computed:\n  - {{id: a, formula: b + 1}}\n  - {{id: b, formula: a + 1}}\n"),
        format!("{FIELDS}{RULE}award:\n  formula: x * 1元\n  cap: 100元\n  cite: 一\n"),
        format!("{FIELDS}{RULE}award:\n  formula: min(x * 1元, 100元)\n"),
        scored(&format!("  awards: 2.5\n{TIERS}")),
        scored(&format!("  awards: round(2.5, 0)\n{TIERS}")),
        scored("  awards: 2\n"),
        scored(&format!("  awards: 2\n{TIERS}  demotion:\n    when: x > 1\n")),
        scored("  awards: 2\n  tiers:\n    - {amount: 1万元}\n  demotion:\n    when: x > 1\n    flag: d\n"),
        scored("  awards: 2\n  tiers:\n    - {amount: 1万元}\n    - {size: 1, amount: 1万元}\n"),
        scored("  awards: 2\n  tiers:\n    - {amount: -1万元}\n"),
        scored(&format!("  awards: 2\n  quota:\n    counts: x > 1\n    share: 2\n    rounding: ceil\n    flag: q\n{TIERS}")),
        scored(&format!("  awards: 2\n  quota:\n    counts: x > 1\n    share: 1 / 3\n    rounding: round\n    flag: q\n{TIERS}")),
        format!("{FIELDS}{RULE}{SCORES}allocation:\n  cite: 一\n  order:\n    - {{by: score, direction: up}}\n  awards: 2\n{TIERS}"),
    ]
    .into_iter()
    .collect()
}

/// Cases that load, with warnings: (p.yaml after the title, other files of 2020).
fn warned() -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            format!(
                "{FIELDS}params:\n  - {{id: third, value: 1 / 3, cite: 一, label: {{zh: 三分之一, en: a third}}}}\n  - {{id: spare, value: 1, cite: 一}}\ncomputed:\n  - {{id: c, formula: x + 1}}\neligibility:\n  - {{id: r1, when: floor(x * (1 / 3)) > 0, cite: 一, message: {{zh: 说明, en: \"no, message: [x]\"}}}}\n"
            ),
            vec![("2020/q.yaml", "id: q\n")],
        ),
        (format!("{FIELDS}{RULE}"), vec![]),
    ]
}

fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

const Y2020: &str = "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n";

/// Every case, checked: errors and warnings alike.
fn reports() -> Vec<Report> {
    let mut out = Vec::new();
    let mut check = |files: &[(&str, &[u8])], year: u32| {
        let dir = folder(files);
        match policy::check(&Source::Dir(dir.path().to_path_buf()), year) {
            Ok(c) => out.extend(c.warnings),
            Err(e) => out.extend(e),
        }
    };
    for p in programmes() {
        let text = format!("{TITLE}{p}");
        check(
            &[
                ("2020/policy.yaml", Y2020.as_bytes()),
                ("2020/p.yaml", text.as_bytes()),
            ],
            2020,
        );
    }
    for (p, others) in warned() {
        let text = format!("{TITLE}{p}");
        let mut files: Vec<(&str, &[u8])> = vec![
            ("2020/policy.yaml", Y2020.as_bytes()),
            ("2020/p.yaml", text.as_bytes()),
        ];
        files.extend(others.iter().map(|(n, t)| (*n, t.as_bytes())));
        check(&files, 2020);
    }
    let base = format!(
        "{TITLE}{FIELDS}{SCORES}params:\n  - {{id: same, value: 1, cite: 一}}\neligibility:\n  - {{id: same, when: x > same, cite: 一, message: {{zh: 同名}}}}\n"
    );
    let y2021 = |programmes: &str, extra: &str| {
        format!(
            "year: 2021\ntitle: {{zh: 草案}}\nstatus: draft\nextends: 2020\nprogrammes: [{programmes}]\n{extra}"
        )
    };
    for (manifest, p) in [
        (y2021("p.yaml", "remove_programmes: [pp]\n"), "id: p\n".to_string()),
        (y2021("p.yaml", ""), "id: q\ntitle: {zh: 新}\n".to_string()),
        (y2021("p.yaml", ""), "title: {zh: 无id}\n".to_string()),
        (
            y2021("p.yaml", ""),
            "id: p\neligibility:\n  - {id: r9, message: {zh: 新}}\n  - {id: r1, cite: 二}\n  - {id: r1, cite: 三}\nremove: [same, nothing_here]\nscores:\n  remove: [zz]\n".to_string(),
        ),
        (
            y2021("p.yaml", ""),
            "id: p\neligibility:\n  - {id: sama, when: x > 1, cite: 一, message: {zh: 新}}\n".to_string(),
        ),
        (
            "year: 2021\ntitle: {zh: 草案}\nstatus: draft\nextends: 2021\nprogrammes: []\n".to_string(),
            String::new(),
        ),
        (y2021("nope.yaml", ""), String::new()),
    ] {
        check(
            &[
                ("2020/policy.yaml", Y2020.as_bytes()),
                ("2020/p.yaml", base.as_bytes()),
                ("2021/policy.yaml", manifest.as_bytes()),
                ("2021/p.yaml", p.as_bytes()),
            ],
            2021,
        );
    }
    check(&[("2020/policy.yaml", Y2020.as_bytes())], 1999);
    // 测试 in GBK: a file saved as 记事本's "ANSI" on a Chinese Windows.
    let gbk: &[u8] = b"id: p\ntitle: {zh: \xb2\xe2\xca\xd4}\n";
    check(
        &[("2020/policy.yaml", Y2020.as_bytes()), ("2020/p.yaml", gbk)],
        2020,
    );
    out.retain(|r| {
        r.code.as_str().starts_with("policy::") || r.code.as_str().starts_with("lint::")
    });
    out
}

/// The words of a report: its message, help and labels.
fn words(r: &Report) -> Vec<String> {
    let mut out = vec![r.message.clone()];
    out.extend(r.help.clone());
    out.extend(r.labels.iter().map(|(_, l)| l.clone()));
    out
}

/// `text` without what is in backticks, and without file paths (the temporary folder).
fn outside_backticks(text: &str) -> String {
    let plain: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    plain
        .split_whitespace()
        .filter(|w| !w.contains('/') && !w.contains('\\'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first run of three English words in `text`, if any.
fn english_run(text: &str) -> Option<String> {
    let mut run: Vec<&str> = Vec::new();
    for token in text.split([' ', ',']) {
        let word = token.trim_matches(|c: char| "()[]:;.?!\"'".contains(c));
        if word.len() >= 2 && word.chars().all(|c| c.is_ascii_alphabetic()) {
            run.push(word);
            if run.len() >= 3 {
                return Some(run.join(" "));
            }
        } else if !token.is_empty() {
            run.clear();
        }
    }
    None
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// The codes the cases must reach, so the test keeps covering them.
const CODES: &[&str] = &[
    "policy::missing_key",
    "policy::missing_cite",
    "policy::money_unit",
    "policy::field_type",
    "policy::list_items",
    "policy::duplicate_enum",
    "policy::enum_values",
    "policy::unique",
    "policy::open",
    "policy::open_flag",
    "policy::item_field",
    "policy::unknown_flag",
    "policy::flag_never",
    "policy::duplicate_key",
    "policy::table_coverage",
    "policy::round",
    "policy::unbounded_score",
    "policy::not_constant",
    "policy::cycle",
    "policy::award_bound",
    "policy::count",
    "policy::inexact",
    "policy::tiers",
    "policy::demotion",
    "policy::last_tier_size",
    "policy::amount",
    "policy::share",
    "policy::rounding",
    "policy::direction",
    "policy::unknown_programme",
    "policy::duplicate_id",
    "policy::unknown_id",
    "policy::near_id",
    "policy::ambiguous_remove",
    "policy::extends_cycle",
    "policy::missing_file",
    "policy::unknown_year",
    "policy::encoding",
    "lint::inexact_division",
    "lint::unused",
    "lint::key_in_text",
    "lint::unlisted_file",
    "lint::decides_nothing",
];

#[test]
fn policy_diagnostics_in_zh_hold_no_english_sentence() {
    let reports = Lang::Zh.with_messages(reports);
    let codes: BTreeSet<&str> = reports.iter().map(|r| r.code.as_str()).collect();
    let missing: Vec<&&str> = CODES.iter().filter(|c| !codes.contains(**c)).collect();
    assert!(missing.is_empty(), "no case reaches {missing:?}");
    let mut english = Vec::new();
    for r in &reports {
        for text in words(r) {
            if let Some(run) = english_run(&outside_backticks(&text)) {
                english.push(format!("{}: {text}\n    ({run})", r.code));
            }
        }
    }
    assert!(english.is_empty(), "English in zh:\n{}", english.join("\n"));
}

#[test]
fn policy_diagnostics_in_en_hold_no_chinese() {
    let reports = Lang::En.with_messages(reports);
    let codes: BTreeSet<&str> = reports.iter().map(|r| r.code.as_str()).collect();
    let missing: Vec<&&str> = CODES.iter().filter(|c| !codes.contains(**c)).collect();
    assert!(missing.is_empty(), "no case reaches {missing:?}");
    // The policy's own words (ids, table groups, enum names) and units may be Chinese.
    let data = ["北", "南", "甲", "元", "万元"];
    let mut chinese = Vec::new();
    for r in &reports {
        for text in words(r) {
            let mut plain = outside_backticks(&text);
            for d in data {
                plain = plain.replace(d, "");
            }
            if plain.chars().any(is_cjk) {
                chinese.push(format!("{}: {text}", r.code));
            }
        }
    }
    assert!(chinese.is_empty(), "Chinese in en:\n{}", chinese.join("\n"));
}

#[test]
fn the_checks_tell_english_and_chinese() {
    assert_eq!(
        english_run(&outside_backticks(
            "总分最高可达 105，more than the maximum 100"
        )),
        Some("than the maximum".into())
    );
    assert_eq!(
        english_run(&outside_backticks("评分项 `no proven max` 没有 UTF-16 LE")),
        None
    );
    assert!(
        outside_backticks("field `收入`")
            .chars()
            .all(|c| !is_cjk(c))
    );
    assert!(outside_backticks("字段 `x`").chars().any(is_cjk));
}
