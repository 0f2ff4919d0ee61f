#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Hostile input: whatever arrives gets a diagnostic and an exit code, never a panic, a hang
//! or runaway memory.

use assert_cmd::Command;
use std::path::Path;

fn fundpolicy() -> Command {
    Command::cargo_bin("fundpolicy").unwrap()
}

fn stderr_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).to_string()
}

/// A 2020 policy folder whose `p.yaml` holds `programme`.
fn policy_dir(programme: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir(&year).unwrap();
    std::fs::write(
        year.join("policy.yaml"),
        "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n",
    )
    .unwrap();
    std::fs::write(year.join("p.yaml"), programme).unwrap();
    dir
}

fn check(dir: &Path) -> (i32, String) {
    let out = fundpolicy()
        .arg("--policies")
        .arg(dir)
        .arg("check")
        .timeout(std::time::Duration::from_secs(20))
        .assert();
    (
        out.get_output().status.code().unwrap_or(-1),
        stderr_of(&out),
    )
}

/// Nine levels of nine aliases under `key` (a billion strings if expanded), each level written
/// as `{item}&aN [...]`: a list item in a policy file, a mapping entry in an application file.
fn alias_bomb(head: &str, item: impl Fn(usize) -> String) -> String {
    let mut bomb = format!(
        "{head}{}&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        item(0)
    );
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "{}&a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
            item(i)
        ));
    }
    bomb
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    // The anchors sit inside a key the format accepts, so the refusal is not the schema's.
    let bomb = alias_bomb("id: p\nremove:\n", |_| "  - ".to_string());
    let dir = policy_dir(bomb.as_bytes());
    let (code, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("yaml::invalid"), "{err}");
    insta::assert_snapshot!(headlines(&err, dir.path()));
}

#[test]
fn yaml_nested_100000_deep_is_refused() {
    let deep = format!(
        "id: p\nfields: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let dir = policy_dir(deep.as_bytes());
    let (code, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("yaml::invalid"), "{err}");
    insta::assert_snapshot!(headlines(&err, dir.path()));
}

#[test]
fn a_formula_nested_100000_deep_in_a_policy_is_a_diagnostic() {
    let text = format!(
        "id: p\nfields:\n  - {{id: id, type: text, required: true}}\neligibility:\n  - id: deep\n    when: '{}true{}'\n    cite: x\n    message: {{zh: x}}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let dir = policy_dir(text.as_bytes());
    let (code, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("formula::too_deep") && err.contains("p.yaml:6:"),
        "{}",
        &err[..err.len().min(500)]
    );
}

#[test]
fn a_policy_file_that_is_a_directory_or_a_symlink_loop_is_reported() {
    let dir = policy_dir(b"id: p\n");
    let p = dir.path().join("2020/p.yaml");
    std::fs::remove_file(&p).unwrap();
    std::fs::create_dir(&p).unwrap();
    let (code, err) = check(dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("不是文件"), "{err}");
    std::fs::remove_dir(&p).unwrap();
    #[cfg(unix)]
    {
        let other = dir.path().join("2020/q.yaml");
        std::os::unix::fs::symlink(&other, &p).unwrap();
        std::os::unix::fs::symlink(&p, &other).unwrap();
        let (code, err) = check(dir.path());
        assert_eq!(code, 1);
        assert!(err.contains("policy::missing_file"), "{err}");
    }
}

#[test]
fn unknown_year_and_programme_exit_1_with_what_exists() {
    let out = fundpolicy()
        .args([
            "evaluate",
            "--year",
            "1999",
            "--programme",
            "cloud-award",
            "x.yaml",
        ])
        .assert()
        .code(1);
    assert!(stderr_of(&out).contains("找到的政策年份：2020、2021"));
    let out = fundpolicy()
        .args([
            "evaluate",
            "--year",
            "2021",
            "--programme",
            "cloud-award",
            "x.yaml",
        ])
        .assert()
        .code(1);
    assert!(stderr_of(&out).contains("2021年没有项目 `cloud-award`"));
    // With its code, as every other problem of the command line.
    assert!(
        stderr_of(&out).contains("错误[api::unknown_programme]"),
        "{}",
        stderr_of(&out)
    );
}

fn evaluate_file(name: &str, bytes: &[u8]) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    fundpolicy()
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "loan-interest",
            "--format",
            "json",
        ])
        .arg(&path)
        .timeout(std::time::Duration::from_secs(30))
        .assert()
}

#[test]
fn broken_input_files_are_unusable_with_a_reason() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "bad.yaml",
            b"- {id: A, revenue_2019: \xff\xfe}\n",
            "不是 UTF-8",
        ),
        // (A ragged row is its record's error: see hostile_reading.rs.)
        ("repeated.csv", b"id,id\nA,B\n", "出现了两次"),
        ("empty.csv", b"", "文件是空的"),
        ("bad.json", b"[{\"id\": \"A\",]", "JSON 有误"),
    ];
    let mut seen = String::new();
    for (name, bytes, words) in cases {
        let out = evaluate_file(name, bytes).code(1);
        let err = stderr_of(&out);
        assert!(err.contains(words), "{name}: {err}");
        // The diagnostics as printed, with the temporary folder taken out.
        for line in err.lines().filter(|l| !l.trim().is_empty()) {
            let line = match line.find(name) {
                Some(at) => format!(
                    "{}{}",
                    line[..at].rsplit_once(' ').map_or("", |(a, _)| a),
                    &line[at..]
                ),
                None => line.to_string(),
            };
            seen.push_str(line.trim_end());
            seen.push('\n');
        }
        seen.push('\n');
    }
    insta::assert_snapshot!(seen);
}

#[test]
fn money_beyond_range_and_a_10_mb_field_do_not_crash() {
    let out = evaluate_file(
        "big.yaml",
        "- {id: A, revenue_2019: \"1e30元\"}\n".as_bytes(),
    )
    .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["results"][0]["status"], "invalid");
    assert!(
        doc["results"][0]["errors"]
            .to_string()
            .contains("revenue_2019")
    );
    let huge = format!("id,name\nA,{}\n", "名".repeat(3_500_000));
    let out = evaluate_file("huge.csv", huge.as_bytes()).success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["summary"]["records"], 1);
}

#[test]
fn every_record_appears_exactly_once_when_invalid_ones_are_mixed_in() {
    let mut text = String::new();
    for i in 0..50 {
        match i % 5 {
            0 => text.push_str(&format!("- {{id: R{i}, company_size: huge}}\n")),
            1 => text.push_str(&format!("- {{id: R{i}}}\n")),
            2 => text.push_str("- {name: 无编号}\n"),
            _ => text.push_str(&format!(
                "- {{id: R{i}, district: 万州, registered_in_chongqing: true, independent_legal_person: true, company_size: small, is_industrial: true, revenue_2019: 100, industry_sector: manufacturing, restricted_industry: false, revenue_h1_2019: 100, revenue_h1_2020: 10, credit_ok: true, operating_normally: true, kept_staff: true, credit_blacklisted: false, other_fiscal_support: false, submitted_on: 2020-07-01, loans: [{{bank: b, principal: 1000000, rate: 4%, start: 2020-01-01, end: 2021-01-01, interest_paid: 20000}}]}}\n"
            )),
        }
    }
    let out = evaluate_file("mixed.yaml", text.as_bytes()).success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 50);
    assert_eq!(doc["summary"]["eligible"], 20);
    assert_eq!(doc["summary"]["invalid"], 30);
    for (i, r) in results.iter().enumerate() {
        if i % 5 != 2 {
            assert_eq!(r["id"], format!("R{i}"), "records keep their order");
        }
    }
}

#[test]
fn record_count_is_limited_with_a_clear_message() {
    let out = fundpolicy()
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "cloud-award",
            "--max-records",
            "100",
            "--format",
            "json",
        ])
        .arg("tests/data/gen-cloud-award-300.csv")
        .assert()
        .code(1);
    assert!(
        stderr_of(&out).contains("本批记录超过 100 条"),
        "{}",
        stderr_of(&out)
    );
    let out = fundpolicy()
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "cloud-award",
            "--max-records",
            "10",
            "--format",
            "json",
        ])
        .arg("policies/2020/examples/cloud-award.yaml")
        .assert()
        .code(1);
    assert!(stderr_of(&out).contains("本批记录超过 10 条"));
}

/// The code and message of each diagnostic, without the folder it was written in.
fn headlines(err: &str, dir: &Path) -> String {
    let dir = dir.display().to_string();
    err.lines()
        .filter(|l| (l.contains("::") && !l.contains('│')) || l.trim_start().starts_with('×'))
        .map(|l| l.replace(&dir, "<policies>"))
        .map(|l| l.chars().take(140).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_alias_bomb_in_an_application_file_is_refused_by_the_budget() {
    // Read untyped (as applications are), every alias would be expanded.
    let bomb = alias_bomb("", |i| format!("a{i}: "));
    let out = evaluate_file("bomb.yaml", bomb.as_bytes()).code(1);
    let err = stderr_of(&out);
    assert!(err.contains("bomb.yaml"), "{err}");
    insta::assert_snapshot!(
        err.lines()
            .find(|l| l.contains('×'))
            .unwrap_or("")
            .split("bomb.yaml")
            .last()
            .unwrap_or("")
    );
}

#[test]
fn a_workbook_with_two_far_apart_cells_reads_only_what_it_holds() {
    // A few kilobytes whose used range is the whole sheet (17 billion cells): reading the
    // range would ask for half a terabyte; cells are read one by one instead.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "申报编号").unwrap();
    sheet.write_string(1, 0, "X1").unwrap();
    sheet.write_string(1_048_575, 16_383, "far").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert!(bytes.len() < 20_000);
    let out = evaluate_file("far.xlsx", &bytes).success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let ids: Vec<&str> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    // The far cell has no header above it: it is not an application.
    assert_eq!(ids, ["X1"]);
}

#[test]
fn a_workbook_that_makes_the_xlsx_parser_panic_is_reported_as_damaged() {
    // Found by `cargo fuzz run xlsx`: a cell reference with so many column letters that
    // calamine's column arithmetic overflows (a panic in builds with overflow checks, as
    // these tests are).
    let bytes = std::fs::read("tests/data/fuzz/xlsx-cell-reference-overflow.xlsx").unwrap();
    let out = evaluate_file("overflow.xlsx", &bytes);
    let code = out.get_output().status.code();
    let stderr = stderr_of(&out);
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_csv_cell_that_is_not_utf8_after_the_first_64_kb_invalidates_only_its_record() {
    // The first 64 KB decide the encoding; a bad cell further down is that record's error.
    let mut csv = b"id,name,revenue_2019\n".to_vec();
    let mut n = 0;
    while csv.len() < 70_000 {
        n += 1;
        csv.extend_from_slice(format!("A{n},公司{n},100\n").as_bytes());
    }
    csv.extend_from_slice(b"BAD,\xff\xfe,100\nLAST,last,100\n");
    let out = evaluate_file("late.csv", &csv).success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), n + 2);
    let bad = &results[n];
    assert_eq!(bad["id"], "BAD");
    assert_eq!(bad["status"], "invalid");
    let errors = bad["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["field"] == "name" && e["message"].as_str().unwrap().contains("不是 UTF-8")),
        "{errors:?}"
    );
    assert_eq!(results[n + 1]["id"], "LAST");
}

/// `fundpolicy evaluate` of programme `p` in the policy folder `dir` on `apps`, with `extra`
/// arguments (`--format …`); it must exit 0. Its standard output.
fn evaluate_p(dir: &Path, apps: &Path, extra: &[&std::ffi::OsStr]) -> String {
    let out = fundpolicy()
        .arg("--policies")
        .arg(dir)
        .args(["evaluate", "--year", "2020", "--programme", "p"])
        .args(extra)
        .arg(apps)
        .assert()
        .code(0);
    String::from_utf8_lossy(&out.get_output().stdout).to_string()
}

/// Score items that can each reach the most negative decimal: the policy loads (their
/// ranges are unbounded below, not an overflow) and a record whose total would pass the
/// largest decimal is invalid, with the item named, instead of stopping the batch.
#[test]
fn score_totals_beyond_the_decimal_range_invalidate_the_record_not_the_run() {
    let dir = policy_dir(
        "id: p\ntitle: {zh: 测试}\nfields:\n  - {id: id, type: text}\n  \
         - {id: x, type: number, min: -79228162514264337593543950335}\n\
         scores:\n  max_score: 2\n  round: 2\n  items:\n    \
         - {id: a, formula: x, cap: 1, cite: 一}\n    - {id: b, formula: x, cap: 1, cite: 一}\n"
            .as_bytes(),
    );
    let (code, err) = check(dir.path());
    assert_eq!(code, 0, "{err}");
    let apps = dir.path().join("apps.csv");
    std::fs::write(&apps, "id,x\nr1,-79228162514264337593543950335\nr2,-5\n").unwrap();
    // The error's words follow `--lang`: pinned to English here.
    let csv = evaluate_p(
        dir.path(),
        &apps,
        &[
            "--format".as_ref(),
            "csv".as_ref(),
            "--lang".as_ref(),
            "en".as_ref(),
        ],
    );
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(
        rows[0].starts_with("r1,invalid,")
            && rows[0]
                .contains("b: adding this item takes the score total past the largest decimal"),
        "{csv}"
    );
    assert!(rows[1].starts_with("r2,eligible,-10.00,"), "{csv}");
}

/// A programme with an id, a number `x` and `extra_fields`, scored by one item `a` = x capped
/// at 1 with the total rounded to `round` places; then `rest` (an allocation, or nothing).
fn scored(extra_fields: &str, round: &str, rest: &str) -> String {
    format!(
        "id: p\ntitle: {{zh: 测试}}\nfields:\n  - {{id: id, type: text}}\n  - {{id: x, type: number}}\n\
         {extra_fields}scores:\n  max_score: 1\n  round: {round}\n  items:\n    \
         - {{id: a, formula: x, cap: 1, cite: 一}}\n{rest}"
    )
}

/// An allocation ranked by `by` (descending) with `awards` awards, then `tail` (its tiers
/// and what follows them).
fn allocation(by: &str, awards: &str, tail: &str) -> String {
    format!(
        "allocation:\n  cite: 一\n  order:\n    - {{by: {by}, direction: desc}}\n  awards: {awards}\n{tail}"
    )
}

/// `check` refuses `programme` with `code`, saying `message`, pointing at `p.yaml:{at}`.
fn assert_refused(programme: &str, code: &str, message: &str, at: &str) {
    let dir = policy_dir(programme.as_bytes());
    let (exit, err) = check(dir.path());
    assert_eq!(exit, 1, "{message}: {err}");
    assert!(err.contains(code), "{err}");
    assert!(err.contains(message), "{err}");
    assert!(
        err.contains(&format!("p.yaml:{at}")),
        "the span points at the value: {err}"
    );
}

const ONE_TIER: &str = "  tiers:\n    - {amount: 1万元}\n";

/// A quota share outside 0…1 is refused where it is written (a share of 10²⁸ used to
/// overflow the ranking).
#[test]
fn a_quota_share_outside_zero_to_one_is_refused() {
    let quota = "  quota:\n    counts: x > 0\n    share: 10000000000000000000000000000\n    \
                 rounding: ceil\n    flag: quota\n    cite: 一\n";
    assert_refused(
        &scored(
            "",
            "2",
            &allocation("score", "2", &format!("{quota}{ONE_TIER}")),
        ),
        "policy::share",
        "把比例写成 0 到 1 之间的分数",
        "18:12",
    );
}

/// Counts must be whole numbers and amounts not negative: a negative count used to drop the
/// whole allocation without a word, a fraction was cut silently.
#[test]
fn allocation_counts_that_are_not_whole_and_negative_amounts_are_refused() {
    let cases = [
        (
            "-1",
            "size: 1, amount: 1万元",
            "policy::count",
            "-1 不能作为奖励名额",
            "15:11",
        ),
        (
            "2.5",
            "size: 1, amount: 1万元",
            "policy::count",
            "2.5 不能作为奖励名额",
            "15:11",
        ),
        (
            "2",
            "size: -3, amount: 1万元",
            "policy::count",
            "-3 不能作为档次名额",
            "17:14",
        ),
        (
            "2",
            "size: 1, amount: -1万元",
            "policy::amount",
            "档次金额 -10000元 是负数",
            "17:25",
        ),
    ];
    for (awards, tier, code, message, at) in cases {
        let tiers = format!("  tiers:\n    - {{{tier}}}\n");
        assert_refused(
            &scored("", "2", &allocation("score", awards, &tiers)),
            code,
            message,
            at,
        );
    }
}

/// Award totals past the largest decimal (amounts no programme would write) show a dash in
/// the results workbook and the table, and null in JSON, instead of stopping the run.
#[test]
fn award_totals_beyond_the_decimal_range_do_not_stop_the_reports() {
    use calamine::{Data, Reader, Xlsx};
    let tiers = "  tiers:\n    - {amount: 50000000000000000000000000000元}\n";
    let dir = policy_dir(scored("", "2", &allocation("score", "2", tiers)).as_bytes());
    let apps = dir.path().join("apps.csv");
    std::fs::write(&apps, "id,x\nr1,1\nr2,1\n").unwrap();
    let book = dir.path().join("results.xlsx");
    evaluate_p(
        dir.path(),
        &apps,
        &[
            "--format".as_ref(),
            "xlsx".as_ref(),
            "--output".as_ref(),
            book.as_os_str(),
        ],
    );
    let mut xlsx: Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let mut dashes = 0;
    for name in xlsx.sheet_names() {
        let range = xlsx.worksheet_range(&name).unwrap();
        dashes += range
            .rows()
            .flatten()
            .filter(|c| matches!(c, Data::String(s) if s == "—"))
            .count();
    }
    assert_eq!(dashes, 2, "a dash for the tier total and the batch total");
    // The JSON summary has no number for it, the table a dash.
    for (format, expected) in [("json", "\"total_award\": null"), ("table", "—")] {
        let text = evaluate_p(dir.path(), &apps, &["--format".as_ref(), format.as_ref()]);
        assert!(text.contains(expected), "{format}: {text}");
    }
}

/// An allocation without tiers is refused: awarding the first record used to index an
/// empty list of tiers and panic.
#[test]
fn an_allocation_without_tiers_is_refused() {
    assert_refused(
        &scored("", "2", &allocation("score", "2", "  tiers: []\n")),
        "policy::tiers",
        "有 2 个奖励名额，但没有任何档次说明奖励多少",
        "15:11",
    );
}

/// A total rounded to more places than a decimal has is refused where it is written (it
/// used to be accepted and shown with 28 places).
#[test]
fn a_rounding_beyond_twenty_places_is_refused() {
    assert_refused(
        &scored("", "100", ""),
        "policy::round",
        "总分保留 100 位小数",
        "8:10",
    );
}

/// A ranking ordered by a list is refused (lists compared as equal, so the key silently did
/// nothing).
#[test]
fn a_ranking_ordered_by_a_list_is_refused() {
    assert_refused(
        &scored(
            "  - {id: tags, type: list, of: text}\n",
            "2",
            &allocation("tags", "2", ONE_TIER),
        ),
        "policy::order_key",
        "排名不能按文本列表排序",
        "15:12",
    );
}

/// A demotion with no tier to demote to is refused (it silently did nothing).
#[test]
fn a_demotion_with_a_single_tier_is_refused() {
    let demotion = "  demotion:\n    when: x > 0\n    flag: demoted\n";
    assert_refused(
        &scored(
            "",
            "2",
            &allocation("score", "2", &format!("{ONE_TIER}{demotion}")),
        ),
        "policy::demotion",
        "降档是把获奖者降一档，但只有一个档次",
        "19:11",
    );
}

/// A row with every cell wrong (a wrong or shifted file) keeps five errors in a batch and
/// one that counts the rest and names their fields, so a million such rows cannot hold
/// gigabytes of messages; `explain` still shows every error of the record.
#[test]
fn a_batch_keeps_five_errors_a_record_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/data/gen-cloud-award-300.csv").unwrap();
    let header = text.lines().next().unwrap();
    let row: Vec<&str> = header
        .split(',')
        .map(|c| if c == "id" { "BAD1" } else { "zzz" })
        .collect();
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, format!("{header}\n{}\n", row.join(","))).unwrap();
    let path = file.to_str().unwrap();
    let args = [
        "--year",
        "2020",
        "--programme",
        "cloud-award",
        path,
        "--lang",
        "en",
    ];
    let out = fundpolicy()
        .arg("evaluate")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = doc["results"][0]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 6, "{errors:?}");
    let last = &errors[5];
    assert_eq!(last["code"], "input::more_errors");
    let message = last["message"].as_str().unwrap();
    // 33 fields are wrong: five said, 28 counted, the first twenty of their fields named.
    assert!(message.starts_with("28 more errors, in `"), "{message}");
    assert!(
        message.contains("`cloud_months`") && message.contains("and 8 more"),
        "{message}"
    );
    assert!(!message.contains("`district`"), "{message}");
    let explained = fundpolicy()
        .arg("explain")
        .args(args)
        .args(["--id", "BAD1"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&explained.stdout);
    assert_eq!(text.matches("  error: ").count(), 33, "{text}");
    assert!(!text.contains("more errors"), "{text}");
    // A value that could not be read is said so where a formula reads it, not "not given".
    assert!(
        text.contains("(registered_in_chongqing) = (not readable: see the errors above)"),
        "{text}"
    );
    assert!(
        !text.contains("(registered_in_chongqing) = (not given)"),
        "{text}"
    );
}
