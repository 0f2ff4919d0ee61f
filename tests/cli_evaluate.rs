#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `fundpolicy evaluate` on the bundled 2020 examples: results checked by hand against the spec.

use assert_cmd::Command;

fn evaluate(programme: &str, input: &str, format: &str) -> String {
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
        ])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
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
    assert_eq!(doc["summary"]["total_award"], "3960000.00");
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
    assert_eq!(keys, ["year", "programme", "results", "summary"]);
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
    insta::assert_snapshot!(table);
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
    assert_eq!(text.lines().count(), 5);
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
