#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `fundpolicy evaluate` on the bundled 2020 examples: results checked by hand against the spec.

use assert_cmd::Command;

fn evaluate(programme: &str, input: &str, format: &str) -> String {
    evaluate_in(programme, input, format, "zh")
}

fn evaluate_in(programme: &str, input: &str, format: &str, lang: &str) -> String {
    let out = Command::cargo_bin("fundpolicy")
        .unwrap()
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            programme,
            input,
            "--format",
            format,
            "--lang",
            lang,
        ])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The output with the policy digest and fundpolicy's version replaced by placeholders:
/// snapshots of the 2020 examples must not change with every edit of the 2020 rules.
fn redacted(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("sha256:") {
        out.push_str(&rest[..at]);
        out.push_str("sha256:[digest]");
        rest = rest[at + 7..].trim_start_matches(|c: char| c.is_ascii_hexdigit() || c == '…');
    }
    out.push_str(rest);
    // An input's fingerprint changes with every edit of the example it names.
    let mut text = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find("\"sha256\": \"") {
        let at = at + "\"sha256\": \"".len();
        text.push_str(&rest[..at]);
        text.push_str("[sha256]");
        rest = rest[at..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    text.push_str(rest);
    text.replace(
        &format!("\"fundpolicy_version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"fundpolicy_version\": \"[version]\"",
    )
}

fn json(programme: &str, input: &str) -> serde_json::Value {
    serde_json::from_str(&evaluate(programme, input, "json")).unwrap()
}

fn result<'a>(doc: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
}

#[test]
fn software_integration_awards_follow_the_notice() {
    let doc = json(
        "software-integration",
        "policies/2020/examples/software-integration.yaml",
    );
    // 760万元 × 10% = 76万元.
    assert_eq!(result(&doc, "S01")["award"], "760000.00");
    assert_eq!(
        result(&doc, "S01")["flags"],
        serde_json::json!(["priority"])
    );
    // 2500万元 × 10% = 250万元, capped at 100万元.
    assert_eq!(result(&doc, "S02")["award"], "1000000.00");
    // 超过1000万元 excludes the bound; 1000.01万元 passes, and the request of 20万元 caps it.
    assert_eq!(result(&doc, "S03")["status"], "ineligible");
    assert_eq!(
        result(&doc, "S03")["failed_rules"],
        serde_json::json!(["revenue_and_rd"])
    );
    assert_eq!(result(&doc, "S04")["award"], "200000.00");
    // 不低于1000万元 includes the bound.
    assert_eq!(result(&doc, "S05")["status"], "eligible");
    assert_eq!(result(&doc, "S11")["status"], "invalid");
    assert_eq!(result(&doc, "S11")["errors"][0]["field"], "applicant_type");
    assert_eq!(result(&doc, "S11")["errors"][0]["code"], "input::enum");
    // 公共服务平台 is an alias of platform: 1500万元 × 10%, capped at 100万元.
    assert_eq!(result(&doc, "S13")["award"], "1000000.00");
    // The basic condition 84号 二（一）2 (common.yaml) applies here too.
    assert_eq!(
        result(&doc, "S14")["failed_rules"],
        serde_json::json!(["not_blacklisted"])
    );
    assert_eq!(doc["summary"]["total_award"], "4960000.00");
}

#[test]
fn json_has_exactly_the_contract_fields() {
    let doc = json(
        "cloud-award",
        "policies/2020/examples/cloud-award-batch.jsonl",
    );
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "year",
            "programme",
            "policy",
            "inputs",
            "warnings",
            "results",
            "summary"
        ]
    );
    // Which file the results were computed from: its SHA-256 as `sha256sum` prints it.
    let bytes = std::fs::read("policies/2020/examples/cloud-award-batch.jsonl").unwrap();
    let sha256: String = {
        use sha2::Digest;
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    assert_eq!(
        doc["inputs"],
        serde_json::json!([{
            "file": "policies/2020/examples/cloud-award-batch.jsonl",
            "sha256": sha256,
            "records": doc["results"].as_array().unwrap().len(),
        }])
    );
    // Which rules computed the results: enough to find them and check they are unchanged.
    let policy = doc["policy"].as_object().unwrap();
    let keys: Vec<&str> = policy.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "year",
            "programme",
            "source",
            "digest",
            "fundpolicy_version"
        ]
    );
    assert_eq!(policy["year"], 2020);
    assert_eq!(policy["programme"], "cloud-award");
    assert_eq!(policy["source"], "policies");
    let digest = policy["digest"].as_str().unwrap();
    assert!(
        digest.starts_with("sha256:")
            && digest.len() == 7 + 64
            && digest[7..].bytes().all(|b| b.is_ascii_hexdigit()),
        "{digest}"
    );
    assert_eq!(policy["fundpolicy_version"], env!("CARGO_PKG_VERSION"));
    let r = &doc["results"][0];
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "status",
            "failed_rules",
            "errors",
            "scores",
            "score",
            "rank",
            "awarded",
            "tier",
            "award",
            "flags",
            "missing_documents"
        ]
    );
    // Item scores are decimal strings that add up to the total (before its rounding).
    let r = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "eligible")
        .unwrap();
    let items = r["scores"].as_object().unwrap();
    assert_eq!(items.len(), 8);
    let sum: f64 = items
        .values()
        .map(|v| v.as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    let total: f64 = r["score"].as_str().unwrap().parse().unwrap();
    assert!((sum - total).abs() < 0.006, "{sum} vs {total}");
    let summary = &doc["summary"];
    assert_eq!(summary["records"], 320);
    assert_eq!(summary["awarded"], 200);
}

#[test]
fn cloud_award_batch_has_quota_entries_demotions_and_two_tiers() {
    let doc = json(
        "cloud-award",
        "policies/2020/examples/cloud-award-batch.jsonl",
    );
    let results = doc["results"].as_array().unwrap();
    let awarded: Vec<_> = results.iter().filter(|r| r["awarded"] == true).collect();
    assert_eq!(awarded.len(), 200);
    let has_flag =
        |r: &serde_json::Value, f: &str| r["flags"].as_array().unwrap().iter().any(|x| x == f);
    assert!(awarded.iter().any(|r| has_flag(r, "quota")));
    for r in &awarded {
        let tier = r["tier"].as_u64().unwrap();
        let expected = if tier == 1 { "200000.00" } else { "100000.00" };
        assert_eq!(r["award"], expected, "{}", r["id"]);
        if has_flag(r, "demoted") {
            assert_eq!(tier, 2);
            assert!(r["rank"].as_u64().unwrap() <= 200);
        }
    }
    // Invalid records are reported, and the batch goes on.
    assert_eq!(result(&doc, "C006")["status"], "invalid");
    assert_eq!(
        result(&doc, "C007")["errors"][0]["field"],
        "mgmt_systems_on_cloud"
    );
}

#[test]
fn loan_interest_is_prorated_by_days_and_capped() {
    let doc = json("loan-interest", "policies/2020/examples/loan-interest.yaml");
    // 1000万 × 50% × 4.15% × 148/360 = 85305.56; 300万 × 50% × 4.15% × 108/360 = 18675.
    assert_eq!(result(&doc, "L01")["award"], "103980.56");
    assert_eq!(
        result(&doc, "L02")["failed_rules"],
        serde_json::json!(["deadline"])
    );
    assert_eq!(result(&doc, "L03")["award"], "300000.00");
}

#[test]
fn table_is_readable() {
    let table = evaluate(
        "software-integration",
        "policies/2020/examples/software-integration.yaml",
        "table",
    );
    assert!(
        table.starts_with("政策：2020年 policies（sha256:"),
        "the table names its policies first: {table}"
    );
    insta::assert_snapshot!(redacted(&table));
}

#[test]
fn output_file_is_written_whole_and_bad_programme_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "loan-interest",
            "policies/2020/examples/loan-interest.yaml",
            "--format",
            "csv",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("id,status,score"));
    assert_eq!(text.lines().count(), 17, "a header and the 16 examples");
    Command::cargo_bin("fundpolicy")
        .unwrap()
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "cloud-awrd",
            "policies/2020/examples/loan-interest.yaml",
        ])
        .assert()
        .code(1);
}

fn fundpolicy() -> Command {
    Command::cargo_bin("fundpolicy").unwrap()
}

#[test]
fn a_hand_worked_batch_with_quota_demotion_and_tie_breaks() {
    let out = fundpolicy()
        .args([
            "--policies",
            "tests/data/alloc",
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "ranked",
        ])
        .args(["tests/data/alloc/batch.yaml", "--format", "json"])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    // Order: R1 90; R3 and R2 tie at 80, R3 has more investment; R5 and R6 tie on score and
    // investment, R5 comes first by id. Four awards, at least ceil(4/3) = 2 from the far
    // region: R4 then R2 (the lowest-ordered near awardees) make way for R5 and R7.
    // Tier 1 is the first two awardees, R1 and R3; R1 invested under 20万元 and is demoted.
    let expect = [
        ("R1", Some(1), Some(2), Some("100000.00"), vec!["demoted"]),
        ("R2", Some(3), None, None, vec![]),
        ("R3", Some(2), Some(1), Some("200000.00"), vec![]),
        ("R4", Some(4), None, None, vec![]),
        ("R5", Some(5), Some(2), Some("100000.00"), vec!["quota"]),
        ("R6", Some(6), None, None, vec![]),
        ("R7", Some(7), Some(2), Some("100000.00"), vec!["quota"]),
        ("R8", Some(8), None, None, vec![]),
    ];
    for (id, rank, tier, award, flags) in expect {
        let r = result(&doc, id);
        assert_eq!(r["rank"].as_u64(), rank.map(|x: u64| x), "{id} rank");
        assert_eq!(r["tier"].as_u64(), tier.map(|x: u64| x), "{id} tier");
        assert_eq!(r["award"].as_str(), award, "{id} award");
        assert_eq!(r["awarded"], award.is_some(), "{id} awarded");
        assert_eq!(r["flags"], serde_json::json!(flags), "{id} flags");
    }
    // Division by zero in a policy formula, reached by this record only.
    let r9 = result(&doc, "R9");
    assert_eq!(r9["status"], "invalid");
    assert_eq!(r9["errors"][0]["field"], "per_point");
    assert!(
        r9["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("除数为零")
    );
    assert_eq!(r9["score"], serde_json::Value::Null);
    assert_eq!(doc["summary"]["total_award"], "500000.00");
}

/// Evaluates one cloud-award record given as YAML text; returns its JSON result.
fn one_cloud_record(yaml: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.yaml");
    let base = std::fs::read_to_string("policies/2020/examples/cloud-award.yaml").unwrap();
    let first = base.lines().find(|l| l.starts_with("- {id: K01")).unwrap();
    std::fs::write(&path, format!("{first}\n{yaml}\n")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&evaluate_in(
        "cloud-award",
        path.to_str().unwrap(),
        "json",
        "en",
    ))
    .unwrap();
    // The valid first record is evaluated whatever the second holds.
    assert_eq!(result(&doc, "K01")["status"], "eligible");
    doc["results"][1].clone()
}

#[test]
fn each_kind_of_bad_value_is_an_invalid_record_with_its_field() {
    let cases = [
        ("cloud_investment: abc", "cloud_investment", "not an amount"),
        (
            "cloud_investment: \"1e30\"",
            "cloud_investment",
            "`1e30` is too large",
        ),
        ("cpu_cores: 79228162514264337593543950335", "L", "too large"),
        ("company_size: huge", "company_size", "not an allowed value"),
        (
            "credit_code: 91350100M000100Y44",
            "credit_code",
            "check digit",
        ),
        (
            "cloud_contract_date: 2019-02-30",
            "cloud_contract_date",
            "not a date",
        ),
        // A key that names no field is not a bad value: it is ignored with a warning
        // (tests/columns.rs has it, and --strict).
        (
            "mgmt_systems_on_cloud: [云办公, 云桌面, 云安保, IT开发, IT测试]",
            "mgmt_systems_on_cloud",
            "more management systems",
        ),
        ("is_industrial: yes", "is_industrial", "not true or false"),
    ];
    for (change, field, words) in cases {
        let (key, _) = change.split_once(':').unwrap();
        let base = std::fs::read_to_string("policies/2020/examples/cloud-award.yaml").unwrap();
        let line = base.lines().find(|l| l.starts_with("- {id: K01")).unwrap();
        // The same record under another id, with one value replaced (or added).
        let mut record: Vec<String> =
            top_level_entries(line.trim_start_matches("- {").trim_end_matches('}'))
                .into_iter()
                .filter(|p| !p.starts_with(&format!("{key}:")))
                .collect();
        record[0] = "id: BAD".into();
        record.push(change.to_string());
        let text = format!("- {{{}}}", record.join(", "));
        let r = one_cloud_record(&text);
        assert_eq!(r["status"], "invalid", "{change}: {r}");
        let errors = r["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == field && e["message"].as_str().unwrap().contains(words)),
            "{change}: {errors:?}"
        );
    }
}

#[test]
fn a_record_with_every_field_missing_names_the_id_and_duplicate_ids_are_invalid() {
    let r = one_cloud_record("- {name: 无编号}");
    assert_eq!(r["status"], "invalid");
    assert_eq!(r["errors"][0]["field"], "id");
    // Both records of a repeated id are invalid: neither is paid on a guess.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.yaml");
    let base = std::fs::read_to_string("policies/2020/examples/cloud-award.yaml").unwrap();
    let first = base.lines().find(|l| l.starts_with("- {id: K01")).unwrap();
    std::fs::write(&path, format!("{first}\n- {{id: K01, name: 重复}}\n")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&evaluate_in(
        "cloud-award",
        path.to_str().unwrap(),
        "json",
        "en",
    ))
    .unwrap();
    for (n, other) in [(0, 2), (1, 1)] {
        let r = &doc["results"][n];
        assert_eq!(r["status"], "invalid", "{r}");
        assert!(
            r["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["message"] == format!("duplicate id `K01` (also record {other})")),
            "{r}"
        );
    }
}

#[test]
fn an_unusable_input_leaves_an_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results.json");
    std::fs::write(&out, "previous results").unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "- {id: A\n").unwrap();
    fundpolicy()
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "cloud-award",
            "--format",
            "json",
            "--output",
        ])
        .arg(&out)
        .arg(&bad)
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous results");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary file is left"
    );
}

#[test]
fn gbk_csv_with_chinese_headers_evaluates_like_the_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = std::fs::read_to_string("tests/data/loans-zh.csv").unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&utf8);
    let path = dir.path().join("loans-gbk.csv");
    std::fs::write(&path, &gbk).unwrap();
    let doc = json("loan-interest", path.to_str().unwrap());
    assert_eq!(result(&doc, "L01")["award"], "103980.56");
    assert_eq!(result(&doc, "L01")["status"], "eligible");
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let yaml = std::fs::read_to_string("policies/2020/examples/software-integration.yaml").unwrap();
    let out = fundpolicy()
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "software-integration",
            "--format",
            "json",
            "-",
        ])
        .write_stdin(yaml)
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["summary"]["records"], 14);
}

#[test]
fn json_csv_and_explain_reports() {
    insta::assert_snapshot!(
        "json_software_integration",
        redacted(&evaluate(
            "software-integration",
            "policies/2020/examples/software-integration.yaml",
            "json"
        ))
    );
    insta::assert_snapshot!(
        "csv_loan_interest",
        evaluate(
            "loan-interest",
            "policies/2020/examples/loan-interest.yaml",
            "csv"
        )
    );
    let out = fundpolicy()
        .args([
            "explain",
            "--year",
            "2020",
            "--programme",
            "cloud-award",
            "policies/2020/examples/cloud-award.yaml",
            "--id",
            "K12",
            "--lang",
            "en",
        ])
        .assert()
        .success();
    insta::assert_snapshot!(
        "explain_cloud_award_k12",
        redacted(&String::from_utf8_lossy(&out.get_output().stdout))
    );
}

/// The `key: value` entries of a flow mapping's body, splitting only at the top level.
fn top_level_entries(body: &str) -> Vec<String> {
    let mut entries = vec![String::new()];
    let mut depth = 0;
    for ch in body.chars() {
        match ch {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                entries.push(String::new());
                continue;
            }
            _ => {}
        }
        entries.last_mut().unwrap().push(ch);
    }
    entries.into_iter().map(|e| e.trim().to_string()).collect()
}

#[test]
fn a_generated_csv_evaluates_exactly_like_the_same_records_as_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("apps.csv");
    let jsonl_path = dir.path().join("apps.jsonl");
    // A fixed slice of what `examples/gen` writes (its first rows, committed as test data).
    std::fs::copy("tests/data/gen-cloud-award-300.csv", &csv_path).unwrap();
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let mut lines = String::new();
    for row in reader.records() {
        let row = row.unwrap();
        let mut map = serde_json::Map::new();
        for (h, cell) in headers.iter().zip(row.iter()) {
            map.insert(h.to_string(), serde_json::Value::String(cell.to_string()));
        }
        lines.push_str(&serde_json::Value::Object(map).to_string());
        lines.push('\n');
    }
    std::fs::write(&jsonl_path, lines).unwrap();
    let from_csv = evaluate("cloud-award", csv_path.to_str().unwrap(), "json");
    let from_jsonl = evaluate("cloud-award", jsonl_path.to_str().unwrap(), "json");
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&from_csv).unwrap(),
        serde_json::from_str(&from_jsonl).unwrap(),
    );
    let (ra, rb) = (
        a["results"].as_array().unwrap(),
        b["results"].as_array().unwrap(),
    );
    assert_eq!(ra.len(), rb.len());
    if let Some((x, y)) = ra.iter().zip(rb).find(|(x, y)| x != y) {
        panic!("CSV and JSON Lines differ:\n{x}\n{y}");
    }
    assert_eq!(a["summary"], b["summary"]);
    let doc = a;
    assert_eq!(doc["summary"]["records"], 300);
    assert!(doc["summary"]["eligible"].as_u64().unwrap() > 100);
}

#[test]
fn several_inputs_form_one_batch() {
    let out = Command::cargo_bin("fundpolicy")
        .unwrap()
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "cloud-award",
            "--format",
            "json",
        ])
        .args([
            "policies/2020/examples/cloud-award.yaml",
            "tests/data/gen-cloud-award-300.csv",
        ])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["summary"]["records"], 316);
    // One ranking over both files: ranks run from 1 without gaps.
    let mut ranks: Vec<u64> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["rank"].as_u64())
        .collect();
    ranks.sort_unstable();
    assert!(ranks.iter().enumerate().all(|(i, r)| *r == i as u64 + 1));
}

/// `evaluate` (or any command) against the rounding fixture, in English.
fn rounding(args: &[&str]) -> String {
    let out = fundpolicy()
        .args(["--policies", "tests/data/rounding", "--lang", "en"])
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn every_number_shown_rounds_half_away_from_zero_as_the_engine_does() {
    // tests/data/rounding: H1's award is 100.125元 and its item score 1.125; H2's award is
    // 12250元 = 1.225万元. Half to even (`round_dp`) would show 100.12 and 1.12.
    let input = "tests/data/rounding/batch.yaml";
    let base = ["evaluate", "--year", "2020", "--programme", "shown", input];
    let doc: serde_json::Value =
        serde_json::from_str(&rounding(&[&base[..], &["--format", "json"]].concat())).unwrap();
    assert_eq!(result(&doc, "H1")["award"], "100.13");
    assert_eq!(doc["summary"]["total_award"], "12350.13");
    let csv = rounding(&[&base[..], &["--format", "csv"]].concat());
    assert!(
        csv.lines()
            .any(|l| l.starts_with("H1,") && l.contains(",100.13,")),
        "{csv}"
    );
    // The table shows the award as published, to the fen: 100.125元 is 100.13.
    let table = rounding(&[&base[..], &["--format", "table"]].concat());
    let h1 = table.lines().find(|l| l.starts_with("H1")).unwrap();
    assert!(h1.contains(" 100.13 yuan"), "{table}");
    assert!(
        table.contains("12,350.13 yuan in total"),
        "the total as the JSON's: {table}"
    );
    let explain = rounding(&[
        "explain",
        "--year",
        "2020",
        "--programme",
        "shown",
        input,
        "--id",
        "H1",
    ]);
    assert!(explain.contains("award: 100.13 yuan"), "{explain}");

    // The workbook's cells hold what they show: rounded before Excel's double.
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("r.xlsx");
    rounding(
        &[
            &base[..],
            &["--format", "xlsx", "--output", book.to_str().unwrap()],
        ]
        .concat(),
    );
    use calamine::{DataType, Reader};
    let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = xlsx.worksheet_range("Results").unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    let at = |row: usize, col: usize| rows[row][col].get_float().unwrap();
    assert_eq!(rows[1][0].to_string(), "H1");
    assert_eq!(at(1, 2), 1.13, "the item score 1.125");
    let award = rows[0]
        .iter()
        .position(|h| *h == calamine::Data::String("award (10,000 yuan)".into()))
        .unwrap();
    // 万元 cells are exact to the fen (12250元 is 1.225万元), never rounded to 0.01万元.
    assert_eq!(at(2, award), 1.225, "12250元 in 万元");
    let summary = xlsx.worksheet_range("Summary").unwrap();
    let policy: Vec<String> = summary
        .rows()
        .filter(|r| r[0].to_string().starts_with("policy"))
        .map(|r| format!("{}: {}", r[0], r[1]))
        .collect();
    assert_eq!(policy.len(), 3, "{policy:?}");
    assert_eq!(policy[0], "policy year: 2020");
    assert_eq!(policy[1], "policy source: tests/data/rounding");
    assert!(
        policy[2].starts_with("policy digest (SHA-256): sha256:"),
        "{policy:?}"
    );
    assert_eq!(
        policy[2].len(),
        "policy digest (SHA-256): sha256:".len() + 64
    );

    // A compare of two years: 12250元 → 22250元 shows 1.23万元 → 2.23万元.
    let compare = [
        "evaluate",
        "--year",
        "2021",
        "--compare",
        "2020",
        "--programme",
        "shown",
        input,
    ];
    let text = rounding(&[&compare[..], &["--format", "table"]].concat());
    assert!(
        text.contains("H1: eligible 2020 → eligible 2021; score 1.13 → 1.13; award 100.13 yuan → 10,100.13 yuan"),
        "{text}"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&rounding(&[&compare[..], &["--format", "json"]].concat())).unwrap();
    assert_eq!(result(&doc, "H1")["2020"]["award"], "100.13");
    assert_eq!(result(&doc, "H1")["2021"]["award"], "10100.13");
    assert_eq!(doc["policy"]["year"], 2021);
    assert_eq!(doc["compare_policy"]["year"], 2020);
    assert_eq!(doc["compare_policy"]["source"], "tests/data/rounding");
}

#[test]
fn a_csv_stays_a_table_and_names_its_policy_on_standard_error() {
    let out = fundpolicy()
        .args(["--policies", "tests/data/rounding", "--lang", "en"])
        .args(["evaluate", "--year", "2020", "--programme", "shown"])
        .args(["tests/data/rounding/batch.yaml", "--format", "csv"])
        .assert()
        .success();
    let csv = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(csv.starts_with("id,status,score"), "{csv}");
    assert!(!csv.contains("sha256"), "{csv}");
    assert!(
        err.starts_with("Policy: 2020, tests/data/rounding (sha256:"),
        "{err}"
    );
}

/// `explain` of one record of a batch, in a language.
fn explain_in(policies: &str, programme: &str, input: &str, id: &str, lang: &str) -> String {
    let out = fundpolicy()
        .args(["--policies", policies, "explain", "--year", "2020"])
        .args(["--programme", programme, input, "--id", id, "--lang", lang])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn explain_tells_a_ranked_cloud_award_record_its_allocation_story_in_chinese() {
    // C016 and C033 of the example batch share a score of 59.61; C016 invested more.
    let batch = "policies/2020/examples/cloud-award-batch.jsonl";
    let text = explain_in("policies", "cloud-award", batch, "C016", "zh");
    for said in [
        "结论：符合条件",
        "排名与分配〔二（三）〕：",
        // Rank among how many eligible.
        "在289家符合条件的申报中排第14名。",
        // The score of the last award, after the quota's swaps, and of tier 1's cut-off.
        "获奖补200家，末位获奖补为第272名 C064（总分 21.52）。",
        "第一级末位为第100名 C275（总分 43.59）。",
        // The tie-break against the neighbour with the same score.
        "与第15名 C033 的总分同为59.61，按上云投入（以发票为准）（cloud_investment）从高到低（本申报258万元，对方234万元）排在其前。",
        // The quota's count before and after the swaps.
        "名额：获奖补中至少67家须满足名额条件 lookup(regions, district) in [\"渝东北\", \"渝东南\"]（比例 1 / 3）；按排名前200名中有44家，换入23家后为67家。",
        // 酉阳 is in 渝东南.
        "本申报满足名额条件。",
        // Labels first, amounts as staff write them, scores to the policy's places.
        "2019年营业收入（revenue_2019）",
        "奖补金额：20万元",
    ] {
        assert!(text.contains(said), "missing {said:?} in:\n{text}");
    }
    for english in ["status:", "with ", "(not given)", "capped at", "eligible"] {
        assert!(!text.contains(english), "{english:?} in:\n{text}");
    }
    insta::assert_snapshot!("explain_cloud_award_c016_zh", redacted(&text));
    // The neighbour tells the same tie from the other side.
    let other = explain_in("policies", "cloud-award", batch, "C033", "zh");
    assert!(
        other.contains("与第14名 C016 的总分同为59.61，按上云投入（以发票为准）（cloud_investment）从高到低（本申报234万元，对方258万元）排在其后。"),
        "{other}"
    );
}

#[test]
fn explain_says_who_the_quota_swapped_and_who_was_demoted() {
    // The hand-worked batch of `a_hand_worked_batch_with_quota_demotion_and_tie_breaks`.
    let story = |id: &str| {
        explain_in(
            "tests/data/alloc",
            "ranked",
            "tests/data/alloc/batch.yaml",
            id,
            "zh",
        )
    };
    let r2 = story("R2");
    assert!(r2.contains("在8家符合条件的申报中排第3名。"), "{r2}");
    assert!(
        r2.contains(
            "与第2名 R3 的总分同为80.00，按investment从高到低（本申报30万元，对方40万元）排在其后。"
        ),
        "{r2}"
    );
    assert!(r2.contains("按排名前4名中有0家，换入2家后为2家。"), "{r2}");
    assert!(r2.contains("为满足名额要求被换出"), "{r2}");
    let r5 = story("R5");
    assert!(r5.contains("按名额要求换入"), "{r5}");
    assert!(
        r5.contains("与第6名 R6 的总分同为60.00，按id从低到高"),
        "{r5}"
    );
    let r1 = story("R1");
    assert!(
        r1.contains("按名次应为第1级，因降档条件成立降为第2级。"),
        "{r1}"
    );
    // The same story as data: exact values, the key that decided, the quota's counts.
    let out = fundpolicy()
        .args([
            "--policies",
            "tests/data/alloc",
            "explain",
            "--year",
            "2020",
        ])
        .args(["--programme", "ranked", "tests/data/alloc/batch.yaml"])
        .args(["--id", "R2", "--format", "json", "--lang", "en"])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let a = &doc["allocation"];
    assert_eq!(a["rank"], 3);
    assert_eq!(a["eligible"], 8);
    assert_eq!(a["awards"], 4);
    assert_eq!(a["swapped_out"], true);
    assert_eq!(a["last_award"]["id"], "R7");
    assert_eq!(a["cutoffs"][0]["tier"], 1);
    assert_eq!(a["cutoffs"][0]["id"], "R3");
    assert_eq!(
        a["quota"],
        serde_json::json!({"need": 2, "before": 0, "after": 2, "swaps": 2})
    );
    assert_eq!(a["ties"][0]["id"], "R3");
    assert_eq!(a["ties"][0]["decided_by"], 1);
    assert_eq!(a["ties"][0]["mine"], "300000");
    assert_eq!(a["ties"][0]["theirs"], "400000");
    let story: Vec<&str> = a["story"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        story.contains(&"This record ranked within the awards and gave its place to the quota."),
        "{story:?}"
    );
}

/// Whether a character is Chinese text or full-width punctuation.
fn chinese(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303f | 0x3400..=0x9fff | 0xff00..=0xffef)
}

#[test]
fn explain_in_english_has_no_chinese_ui_text() {
    // Chinese may appear in English output only as policy data: citations (in brackets),
    // formulas, interpretations, and what the policy files and the record write.
    let data: String = ["common.yaml", "cloud-award.yaml"]
        .iter()
        .map(|f| std::fs::read_to_string(format!("policies/2020/{f}")).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
        + &std::fs::read_to_string("policies/2020/examples/cloud-award-batch.jsonl").unwrap();
    for id in ["C016", "C039", "C001", "C006", "C203"] {
        let text = explain_in(
            "policies",
            "cloud-award",
            "policies/2020/examples/cloud-award-batch.jsonl",
            id,
            "en",
        );
        for line in text.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("formula:") || trimmed.starts_with("interpretation:") {
                continue;
            }
            // Citations are the policy's own words.
            let mut rest = String::new();
            let mut depth = 0;
            for c in line.chars() {
                match c {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    c if depth == 0 => rest.push(c),
                    _ => {}
                }
            }
            let runs: Vec<String> = rest
                .split(|c: char| !chinese(c))
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect();
            for run in runs {
                assert!(
                    data.contains(&run) && run != "元" && run != "万元",
                    "{id}: {run:?} is not policy data in English output:\n{line}"
                );
            }
        }
    }
}

#[test]
fn the_table_names_flags_tiers_and_amounts_in_the_chosen_language() {
    let batch = "policies/2020/examples/cloud-award-batch.jsonl";
    let zh = evaluate_in("cloud-award", batch, "table", "zh");
    // C039 entered by the quota, C001 was demoted; tiers by the policy's labels, amounts in 万元.
    let row = |table: &str, id: &str| {
        table
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap()
            .to_string()
    };
    let c039 = row(&zh, "C039");
    assert!(
        c039.contains("符合条件") && c039.contains("第二级") && c039.contains("10万元"),
        "{c039}"
    );
    assert!(c039.contains("名额换入"), "{c039}");
    assert!(row(&zh, "C001").contains("降档"), "{zh}");
    assert!(zh.contains("合计2540万元。"), "{zh}");
    for english in ["quota", "demoted", "eligible", "invalid"] {
        assert!(!zh.contains(english), "{english:?} in the zh table");
    }
    let en = evaluate_in("cloud-award", batch, "table", "en");
    let c039 = row(&en, "C039");
    assert!(
        c039.contains("eligible") && c039.contains("tier 2") && c039.contains("100,000.00 yuan"),
        "{c039}"
    );
    assert!(c039.contains("quota"), "{c039}");
    assert!(row(&en, "C001").contains("demoted"), "{en}");
    assert!(en.contains("25,400,000.00 yuan in total."), "{en}");
    for chinese in ["名额", "降档", "第二级", "万元", "符合"] {
        assert!(!en.contains(chinese), "{chinese:?} in the en table");
    }
}

/// Runs `evaluate` of loan-interest on `file` written with `content`; exit code and stderr.
fn evaluate_file(name: &str, content: &[u8], more: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    let out = Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(["evaluate", "--year", "2020", "--programme", "loan-interest"])
        .arg(&path)
        .args(more)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_file_with_no_application_is_unusable_not_one_invalid_record() {
    for (name, content) in [
        ("empty.yaml", &b""[..]),
        ("comments.yaml", b"# nothing yet\n"),
        ("null.json", b"null"),
    ] {
        let (code, out, err) = evaluate_file(name, content, &["--format", "json"]);
        assert_eq!(code, Some(1), "{name}: {out}{err}");
        assert!(out.is_empty(), "{name}: no results: {out}");
        assert!(err.contains("文件里没有申报记录"), "{name}: {err}");
    }
}

#[test]
fn a_file_whose_extension_names_no_format_is_refused_unless_the_format_is_given() {
    let (code, out, err) = evaluate_file("applications.pdf", b"%PDF-1.4\n", &[]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(
        err.contains("看不出") && err.contains("applications.pdf"),
        "{err}"
    );
    assert!(err.contains("--input-format"), "the way out: {err}");
    // The same bytes named as what they are: read.
    let yaml = std::fs::read("policies/2020/examples/loan-interest.yaml").unwrap();
    let (code, out, err) = evaluate_file(
        "applications.txt",
        &yaml,
        &["--input-format", "yaml", "--format", "json"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("\"results\""), "{out}");
}

#[test]
fn a_decimal_comma_in_a_flow_map_is_the_records_error_not_an_ignored_key() {
    let yaml = "- id: L1\n  loans:\n    - {bank: 工行, principal: 1,5, rate: 4.35%}\n";
    let (code, out, err) = evaluate_file("comma.yaml", yaml.as_bytes(), &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let result = &doc["results"][0];
    assert_eq!(result["status"], "invalid", "{result}");
    let errors = result["errors"].to_string();
    assert!(errors.contains("input::digit_key"), "{errors}");
    assert!(errors.contains("`1,5` 应写 `1.5`"), "{errors}");
    assert!(!err.contains("loans.5"), "no longer a mere warning: {err}");
}

#[test]
fn explain_shows_percentages_as_written_and_a_rounded_amount_once() {
    let out = Command::cargo_bin("fundpolicy")
        .unwrap()
        .args([
            "explain",
            "--year",
            "2020",
            "--programme",
            "loan-interest",
            "policies/2020/examples/loan-interest.yaml",
            "--id",
            "L01",
        ])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // A loan's rate (a percent item of a list of records) and a parameter written as 4.15%.
    assert!(text.contains("1000万元，4.35%，2019-12-01"), "{text}");
    assert!(text.contains("（lpr） = 4.15%"), "{text}");
    assert!(
        !text.contains("0.0435") && !text.contains("0.0415"),
        "{text}"
    );
    assert!(
        text.contains("≈ 103980.56元（显示的是约数；精确值见 JSON）"),
        "{text}"
    );
    assert!(!text.contains("= ≈"), "{text}");
}

#[test]
fn a_json_lines_line_holding_a_list_is_that_lines_error_not_several_records() {
    let jsonl = "{\"id\": \"A1\"}\n[{\"id\": \"A2\"}, {\"id\": \"A3\"}]\n";
    let (code, out, err) = evaluate_file("batch.jsonl", jsonl.as_bytes(), &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["summary"]["records"], 2, "{out}");
    let second = doc["results"][1].to_string();
    assert!(second.contains("JSON Lines 每行只写一条申报"), "{second}");
    assert!(!out.contains("\"A3\""), "{out}");
}

/// An id the input does not hold is refused with its code and the nearest id, in both
/// languages, and nothing on standard output (JSON too: no half answer to parse).
#[test]
fn explain_of_an_id_the_input_lacks_names_its_code_and_the_nearest_id() {
    let batch = "policies/2020/examples/cloud-award-batch.jsonl";
    for (lang, words) in [("zh", "没有编号为 `C01` 的记录"), ("en", "`C01`")] {
        for format in ["text", "json"] {
            let out = fundpolicy()
                .args([
                    "explain",
                    "--year",
                    "2020",
                    "--programme",
                    "cloud-award",
                    batch,
                ])
                .args(["--id", "C01", "--lang", lang, "--format", format])
                .assert()
                .code(1);
            let out = out.get_output();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("[api::unknown_record]"), "{err}");
            assert!(err.contains(words), "{err}");
            assert!(err.contains("C001") || err.contains("C010"), "{err}");
            assert!(out.stdout.is_empty(), "{format}");
        }
    }
}

/// An invalid record's explanation says its documents were not checked because it is
/// invalid, not that it did not say which it supplied (it did).
#[test]
fn explain_of_an_invalid_record_says_why_its_documents_were_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.yaml");
    std::fs::write(
        &path,
        "id: X1\nname: 甲\nrevenue_h1_2019: 很多\ndocuments: [application_form]\n",
    )
    .unwrap();
    for (lang, said, not) in [
        (
            "zh",
            "申报材料：未核对（申报无效",
            "申报未写明提交了哪些材料",
        ),
        (
            "en",
            "documents: not checked (the record is invalid",
            "does not say which",
        ),
    ] {
        let out = fundpolicy()
            .args(["explain", "--year", "2020", "--programme", "loan-interest"])
            .arg(&path)
            .args(["--id", "X1", "--lang", lang])
            .assert()
            .success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        assert!(text.contains(said), "{text}");
        assert!(!text.contains(not), "{text}");
    }
}
