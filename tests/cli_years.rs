#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Next year as a data change: `diff`, `evaluate --compare`, and `test` on the 2021 draft.

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The digests in the policy lines replaced: they change with every edit of the rules.
fn without_digests(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("sha256:") {
        out.push_str(&rest[..at]);
        out.push_str("sha256:[digest]");
        rest = rest[at + 7..].trim_start_matches(|c: char| c.is_ascii_hexdigit() || c == '…');
    }
    out + rest
}

/// Every policy file's text (the rules, their tests and examples): words found there are
/// policy data, which output may show in either language.
fn policy_text() -> String {
    fn walk(dir: &std::path::Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push_str(&std::fs::read_to_string(&path).unwrap());
                out.push('\n');
            }
        }
    }
    let mut out = String::new();
    walk(std::path::Path::new("policies"), &mut out);
    // YAML folds a long text's lines with spaces: compare words, not line breaks.
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The tokens of a text as English runs are counted: split at spaces and at every
/// non-ASCII character, surrounding punctuation trimmed.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || !c.is_ascii())
        .map(|t| t.trim_matches(|c: char| ",;:.!?()[]{}\"'".contains(c)))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Runs of three or more English words in a row, as tokens joined by spaces. An id, code,
/// path or formula piece (holding `_`, `-`, `/`, a digit, a backtick …) breaks a run.
fn english_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    for line in text.lines() {
        let mut run: Vec<&str> = Vec::new();
        let mut flush = |run: &mut Vec<&str>| {
            if run.len() >= 3 {
                runs.push(run.join(" "));
            }
            run.clear();
        };
        for token in line
            .split(|c: char| c.is_whitespace() || !c.is_ascii())
            .map(|t| t.trim_matches(|c: char| ",;:.!?()[]{}\"'".contains(c)))
        {
            if token.is_empty() {
                continue;
            }
            if token.chars().all(|c| c.is_ascii_alphabetic() || c == '\'') {
                run.push(token);
            } else {
                flush(&mut run);
            }
        }
        flush(&mut run);
    }
    runs
}

/// Runs of Chinese characters (and full-width punctuation).
fn cjk_runs(text: &str) -> Vec<String> {
    let cjk = |c: char| matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}');
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if cjk(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// zh output has no English sentence and en output no Chinese words, except what the
/// policies themselves say (labels, cites, formulas, test case names).
fn assert_one_language(zh: &str, en: &str) {
    let policy = policy_text();
    // The policy's words as runs are taken: punctuation between them dropped.
    let words = tokens(&policy).join(" ");
    let english: Vec<String> = english_runs(zh)
        .into_iter()
        .filter(|run| !words.contains(run.as_str()))
        .collect();
    assert!(
        english.is_empty(),
        "English in zh output: {english:?}\n{zh}"
    );
    let chinese: Vec<String> = cjk_runs(en)
        .into_iter()
        .filter(|run| !policy.contains(run.as_str()))
        .collect();
    assert!(
        chinese.is_empty(),
        "Chinese in en output: {chinese:?}\n{en}"
    );
}

#[test]
fn the_language_checks_see_what_they_look_for() {
    assert_eq!(
        english_runs("记录 7：status expected eligible, got credit_code 出处"),
        ["status expected eligible got"]
    );
    assert!(english_runs("字段 credit_code and registered_in_chongqing").is_empty());
    assert!(english_runs("通过  a/tests/x-y.yaml:3  x-y — one").is_empty());
    assert!(english_runs("award  if  只走过 `else`  if given(a_b)").is_empty());
    assert_eq!(cjk_runs("tier 1 (第1档)"), ["第", "档"]);
}

#[test]
fn diff_shows_each_change_of_the_2021_draft() {
    let en = run(&["diff", "2020", "2021", "--lang", "en"]);
    // Both years' rules are named first, the earlier year first.
    assert!(
        en.starts_with("Policy: 2020, policies (sha256:")
            && en
                .lines()
                .nth(1)
                .unwrap()
                .starts_with("Policy: 2021, policies (sha256:"),
        "{en}"
    );
    insta::assert_snapshot!("diff_2020_2021_en", without_digests(&en));
    let zh = run(&["diff", "2020", "2021"]);
    assert!(zh.starts_with("政策：2020年 policies（sha256:"), "{zh}");
    insta::assert_snapshot!("diff_2020_2021_zh", without_digests(&zh));
    assert_one_language(&zh, &en);
}

/// `test` in both languages: every case, the coverage and the tally.
#[test]
fn policy_test_output_in_zh_and_en() {
    let zh = run(&["test", "--year", "2021", "--coverage"]);
    let en = run(&["test", "--year", "2021", "--coverage", "--lang", "en"]);
    insta::assert_snapshot!("test_2021_zh", without_digests(&zh));
    insta::assert_snapshot!("test_2021_en", without_digests(&en));
    assert_one_language(&zh, &en);
}

#[test]
fn compare_names_the_rules_behind_each_changed_outcome() {
    let out = run(&[
        "evaluate",
        "--year",
        "2021",
        "--compare",
        "2020",
        "--programme",
        "software-integration",
        "policies/2021/examples/software-integration.yaml",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let by_id = |id: &str| {
        doc["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    let s07 = by_id("S07");
    assert_eq!(s07["2020"]["status"], "ineligible");
    assert_eq!(s07["2021"]["status"], "eligible");
    assert_eq!(s07["rules"][0]["rule"], "registered_legal_person");
    assert_eq!(s07["rules"][0]["why"][0], "condition changed");
    // On the blacklist: ineligible under 2020's credit rule and under 2021's changed one.
    let s13 = by_id("S13");
    assert_eq!(s13["changed"], false);
    assert_eq!(s13["2020"]["failed_rules"][0], "not_blacklisted");
    assert_eq!(s13["2021"]["failed_rules"][0], "not_blacklisted");
    assert_eq!(by_id("S14")["rules"][0]["rule"], "deadline");
    assert_eq!(by_id("S15")["changed"], false);
    assert_eq!(doc["summary"]["changed"], 2);
    let text = run(&[
        "evaluate",
        "--year",
        "2021",
        "--compare",
        "2020",
        "--programme",
        "software-integration",
        "policies/2021/examples/software-integration.yaml",
        "--format",
        "table",
        "--lang",
        "en",
    ]);
    // Both years' policies are named first; their digests change with every edit of the
    // rules, so the snapshot holds a placeholder.
    let mut lines = text.lines();
    for year in ["2021", "2020"] {
        let line = lines.next().unwrap();
        assert!(
            line.starts_with(&format!("Policy: {year}, policies (sha256:")),
            "{line}"
        );
    }
    insta::assert_snapshot!("compare_2021_2020", lines.collect::<Vec<_>>().join("\n"));
    let zh = run(&[
        "evaluate",
        "--year",
        "2021",
        "--compare",
        "2020",
        "--programme",
        "software-integration",
        "policies/2021/examples/software-integration.yaml",
        "--format",
        "table",
    ]);
    insta::assert_snapshot!("compare_2021_2020_zh", without_digests(&zh));
    assert_one_language(&zh, &text);
}

#[test]
fn policy_tests_pass_for_both_years_and_report_coverage() {
    let out = run(&["test", "--coverage"]);
    // The tally in the default language, Chinese.
    assert!(out.trim_end().ends_with("失败 0 个"), "{out}");
    assert!(out.contains("2021 software-integration"));
    let filtered = run(&["test", "--year", "2020", "--filter", "quota"]);
    assert!(filtered.contains("a binding quota"));
    assert!(!filtered.contains("loan-interest —"));
}

#[test]
fn a_failing_policy_test_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("2020/tests")).unwrap();
    for f in [
        "policy.yaml",
        "common.yaml",
        "software-integration.yaml",
        "cloud-award.yaml",
        "loan-interest.yaml",
    ] {
        std::fs::copy(
            std::path::Path::new("policies/2020").join(f),
            root.join("2020").join(f),
        )
        .unwrap();
    }
    std::fs::write(
        root.join("2020/tests/t.yaml"),
        "programme: loan-interest\ncases:\n  - name: wrong\n    record: {id: X}\n    expect: {status: eligible}\n",
    )
    .unwrap();
    let out = Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("--policies")
        .arg(root)
        .args(["--lang", "en", "test"])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("FAIL ") && text.contains("t.yaml:3"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("0 passed, 1 failed"), "{text}");
}

#[test]
fn the_installed_binary_works_from_any_folder_with_its_built_in_policies() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("fundpolicy")
        .unwrap()
        .current_dir(dir.path())
        .arg("list")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("cloud-award") && text.contains("2021"),
        "{text}"
    );
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .current_dir(dir.path())
        .args(["test", "--year", "2020"])
        .assert()
        .success();
}

/// `--policies` naming a folder that does not exist, a file, or a folder without a year is
/// an error naming it (exit 2), never a fallback to other policies.
#[test]
fn a_policies_folder_that_cannot_be_used_is_refused() {
    let empty = tempfile::tempdir().unwrap();
    let file = empty.path().join("policy.yaml");
    std::fs::write(&file, "year: 2020\n").unwrap();
    let missing = empty.path().join("nonexist");
    for (dir, says) in [
        (missing.as_path(), "无法使用：不存在"),
        (file.as_path(), "不是文件夹"),
        (empty.path(), "没有政策年"),
    ] {
        for args in [&["check"][..], &["test"], &["list"]] {
            let out = assert_cmd::Command::cargo_bin("fundpolicy")
                .unwrap()
                .arg("--policies")
                .arg(dir)
                .args(args)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?} {dir:?}: {stderr}");
            assert!(stderr.contains(says), "{stderr}");
            assert!(stderr.contains(&dir.display().to_string()), "{stderr}");
            assert!(out.stdout.is_empty());
        }
    }
}

/// The digest is over the year's files and those it extends, whatever folder holds them:
/// the built-in copy and ./policies agree, and one changed byte changes it.
#[test]
fn digest_is_canonical_and_covers_inherited_years() {
    use fundpolicy::policy::{Source, digest};
    let here = digest(&Source::Dir("policies".into()), 2021).unwrap();
    assert_eq!(here, digest(&Source::Builtin, 2021).unwrap());
    assert!(
        here.starts_with("sha256:") && here.len() == 7 + 64,
        "{here}"
    );
    let copy = tempfile::tempdir().unwrap();
    for year in ["2020", "2021"] {
        std::fs::create_dir(copy.path().join(year)).unwrap();
        for e in std::fs::read_dir(format!("policies/{year}")).unwrap() {
            let e = e.unwrap();
            if e.path().is_file() {
                std::fs::copy(e.path(), copy.path().join(year).join(e.file_name())).unwrap();
            }
        }
    }
    let copied = Source::Dir(copy.path().to_path_buf());
    assert_eq!(digest(&copied, 2021).unwrap(), here);
    // A change in the inherited year changes the child's digest.
    let common = copy.path().join("2020/common.yaml");
    let text = std::fs::read_to_string(&common).unwrap();
    std::fs::write(&common, text.replace("渝东北", "渝东北 ")).unwrap();
    assert_ne!(digest(&copied, 2021).unwrap(), here);
}

/// `list` and `check` say which policies they read, with the digest a result would carry.
#[test]
fn list_and_check_name_the_policies_they_read() {
    let digest = fundpolicy::policy::digest(&fundpolicy::policy::Source::Builtin, 2020).unwrap();
    let short = &digest[..19];
    for args in [&["list"][..], &["check"]] {
        let out = run(args);
        assert!(
            out.contains(&format!("政策：2020年 policies（{short}")),
            "{out}"
        );
        assert!(out.contains("政策：2021年 policies（sha256:"), "{out}");
    }
    let en = run(&["check", "--year", "2020", "--lang", "en"]);
    assert!(
        en.starts_with(&format!("Policy: 2020, policies ({short}")),
        "{en}"
    );
    // Counts agree with their nouns: one computed value is `1 value`.
    assert!(en.contains("rules, 1 value, award"), "{en}");
    assert!(!en.contains("1 values"), "{en}");
}

#[test]
fn compare_says_why_a_record_turns_invalid_in_the_new_year() {
    // The 2020 examples lack the 2021 deadline's submitted_at: every record turns invalid,
    // and the report must say so, not only list rules "not evaluated".
    let args = [
        "evaluate",
        "--year",
        "2021",
        "--compare",
        "2020",
        "--programme",
        "software-integration",
        "policies/2020/examples/software-integration.yaml",
        "--format",
        "table",
    ];
    let zh = run(&args);
    assert!(
        zh.contains("2021年记录无效：submitted_at: 未填写，但资格条件（deadline）要用到此项"),
        "{zh}"
    );
    let en = run(&[&["--lang", "en"], &args[..]].concat());
    assert!(
        en.contains("invalid in 2021: submitted_at: no value given, but rule `deadline` needs it"),
        "{en}"
    );
    assert!(!en.contains("万元"), "amounts in yuan in English: {en}");
}

/// A problem in a file a later year inherits is shown once, not again for each year that
/// extends it; the later year says how many of its problems were those, in zh and en.
#[test]
fn check_shows_an_inherited_problem_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("policies");
    let copy = |from: &str, to: &str| {
        let (from, to) = (std::path::Path::new(from), root.join(to));
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    };
    copy("policies/2020", "2020");
    copy("policies/2021", "2021");
    std::fs::remove_file(root.join("2020/loan-interest.yaml")).unwrap();
    for (lang, again, total) in [
        ("zh", "2021年有 1 个问题与上面的相同", "发现问题 2 个"),
        (
            "en",
            "1 problem of 2021 is the one above",
            "2 problems found",
        ),
    ] {
        let out = Command::cargo_bin("fundpolicy")
            .unwrap()
            .args(["--lang", lang, "--policies"])
            .arg(&root)
            .arg("check")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.matches("policy::missing_file").count(), 1, "{err}");
        assert!(err.contains("loan-interest.yaml"), "{err}");
        assert!(err.contains(again), "{err}");
        assert!(err.contains(total), "{err}");
    }
}

/// `evaluate --year 2021 --compare 2020` of software-integration over `path`, in English.
fn compare_2021_2020(path: &str, format: &str, extra: &[&str]) -> std::process::Output {
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(["evaluate", "--year", "2021", "--compare", "2020"])
        .args(["--programme", "software-integration", path])
        .args(["--format", format, "--lang", "en"])
        .args(extra)
        .output()
        .unwrap()
}

/// A key that names a field of neither year is said, as `evaluate` says it, and `--strict`
/// and `--max-records` hold for a comparison too (they were passed over without a word).
#[test]
fn compare_says_what_it_ignored_and_keeps_strict_and_max_records() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("apps.yaml");
    let text = std::fs::read_to_string("policies/2021/examples/software-integration.yaml")
        .unwrap()
        .replace("- {id: ", "- {surprise: 1, id: ");
    assert!(text.contains("surprise"));
    std::fs::write(&file, text).unwrap();
    let path = file.to_str().unwrap();
    let compare = |extra: &[&str]| compare_2021_2020(path, "json", extra);
    let out = compare(&[]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning[input::unknown_column]") && stderr.contains("`surprise`"),
        "{stderr}"
    );
    // A key of one year only is what a comparison is about: not said.
    assert_eq!(stderr.matches("warning[").count(), 1, "{stderr}");

    let strict = compare(&["--strict"]);
    let doc: serde_json::Value = serde_json::from_slice(&strict.stdout).unwrap();
    let results = doc["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let affected = results
        .iter()
        .filter(|r| {
            ["2020", "2021"].iter().all(|year| {
                r[year]["status"] == "invalid" && r[year]["errors"].to_string().contains("surprise")
            })
        })
        .count();
    // Every record, under both years, for the key of neither (the keys only 2021 has are
    // not errors under 2020).
    assert_eq!(affected, results.len(), "{doc}");

    let capped = compare(&["--max-records", "2"]);
    assert!(!capped.status.success());
    let stderr = String::from_utf8_lossy(&capped.stderr);
    assert!(stderr.contains("more than 2 records"), "{stderr}");
    assert!(capped.stdout.is_empty());
}

/// A comparison reads a field whose label changed between the years by either label
/// (2021's blacklist question under 2020 too), is not a CSV, and a record invalid in both
/// years has no rule changes but its reasons shown and counted.
#[test]
fn compare_follows_a_relabelled_field_and_shows_what_is_invalid_in_both() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("apps.yaml");
    let text = std::fs::read_to_string("policies/2021/examples/software-integration.yaml")
        .unwrap()
        .replace(
            "credit_blacklisted:",
            "申报至评审期间列入信用中国（重庆）失信黑名单:",
        )
        .replacen("revenue_2019: 8000", "revenue_2019: 四千", 1);
    assert!(text.contains("失信黑名单:") && text.contains("四千"));
    std::fs::write(&file, text).unwrap();
    let path = file.to_str().unwrap();
    let out = compare_2021_2020(path, "json", &[]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = doc.to_string();
    assert!(!text.contains("credit_blacklisted"), "{text}");
    let s01 = &doc["results"][0];
    assert_eq!(s01["2020"]["status"], "invalid", "{s01}");
    assert_eq!(s01["rules"].as_array().map(Vec::len), Some(0), "{s01}");
    assert_eq!(s01["changed"], false);
    // The others are read as before the relabelling.
    assert_eq!(doc["summary"]["changed"], 2, "{doc}");
    let table = compare_2021_2020(path, "table", &[]);
    assert!(table.status.success());
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("S01: invalid 2020 → invalid 2021"),
        "{table}"
    );
    assert!(
        table.contains("invalid in 2020: revenue_2019: `四千`"),
        "{table}"
    );
    assert!(table.contains("; 1 invalid in both years"), "{table}");
    let csv = compare_2021_2020(path, "csv", &[]);
    assert_eq!(csv.status.code(), Some(2));
    assert!(csv.stdout.is_empty());
    let said = String::from_utf8_lossy(&csv.stderr);
    assert!(said.contains("not as csv"), "{said}");
}
