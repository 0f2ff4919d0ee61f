#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `fundpolicy verify RESULTS.json INPUT…`: published results checked in one command.

use assert_cmd::Command;
use std::path::Path;

// A small fixture policy, worked by hand in tests/cli_evaluate.rs: these tests do not move
// when the 2020 rules are revised.
const POLICIES: &str = "tests/data/alloc";
const INPUT: &str = "tests/data/alloc/batch.yaml";

fn fundpolicy() -> Command {
    Command::cargo_bin("fundpolicy").unwrap()
}

/// Results of the fixture batch, as `evaluate --format json` publishes them.
fn publish(dir: &Path, policies: &Path) -> std::path::PathBuf {
    let out = dir.join("results.json");
    fundpolicy()
        .arg("--policies")
        .arg(policies)
        .args([
            "evaluate",
            "--year",
            "2020",
            "--programme",
            "ranked",
            INPUT,
            "--format",
            "json",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success();
    out
}

fn verify(policies: &Path, results: &Path, lang: &str) -> (i32, String, String) {
    let out = fundpolicy()
        .arg("--policies")
        .arg(policies)
        .args(["--lang", lang, "verify"])
        .arg(results)
        .arg(INPUT)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn edit(path: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    f(&mut doc);
    std::fs::write(path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_clean_round_trip_matches_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let results = publish(dir.path(), Path::new(POLICIES));
    let (code, out, err) = verify(Path::new(POLICIES), &results, "en");
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("Policy: 2020, tests/data/alloc (sha256:"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("match: all 9 results are the same when evaluated again"),
        "{out}"
    );
    let (code, out, _) = verify(Path::new(POLICIES), &results, "zh");
    assert_eq!(code, 0);
    assert!(out.contains("一致：9条结果全部与重新评审相同"), "{out}");
}

#[test]
fn a_hand_edited_award_rank_and_flag_are_each_reported() {
    let dir = tempfile::tempdir().unwrap();
    let results = publish(dir.path(), Path::new(POLICIES));
    let mut award = String::new();
    edit(&results, |doc| {
        let r1 = &mut doc["results"][0];
        assert_eq!(r1["id"], "R1");
        award = r1["award"].as_str().unwrap().to_string();
        r1["award"] = "250000.00".into();
        r1["rank"] = 99.into();
        r1["flags"] = serde_json::json!(["priority"]);
        // The same amount written with fewer decimals is not a difference.
        let r3 = &mut doc["results"][2];
        assert_eq!(r3["award"], "200000.00");
        r3["award"] = "200000.0".into();
        doc["summary"]["awarded"] = 1000.into();
    });
    let (code, out, err) = verify(Path::new(POLICIES), &results, "en");
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!("R1: award 250000.00 → {award}")),
        "{out}"
    );
    assert!(out.contains("R1: rank 99 → 1"), "{out}");
    assert!(out.contains("R1: flags [priority] → [demoted]"), "{out}");
    assert!(out.contains("summary: awarded 1000 → 4"), "{out}");
    assert!(!out.contains("R3"), "{out}");
    assert!(
        out.trim_end().ends_with(
            "DIFFERENT: 9 compared, 1 differs, 0 only in the results, 0 only in the inputs, the summary differs"
        ),
        "{out}"
    );
    let (code, out, _) = verify(Path::new(POLICIES), &results, "zh");
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("R1：奖补金额（award） 250000.00 → {award}")),
        "{out}"
    );
    assert!(out.contains("不一致：核对9条，1条不同"), "{out}");
}

#[test]
fn ids_on_one_side_only_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let results = publish(dir.path(), Path::new(POLICIES));
    edit(&results, |doc| {
        let list = doc["results"].as_array_mut().unwrap();
        let removed = list.remove(2);
        assert_eq!(removed["id"], "R3");
        let mut extra = list[0].clone();
        extra["id"] = "R99".into();
        list.push(extra);
    });
    let (code, out, _) = verify(Path::new(POLICIES), &results, "en");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("R99: in the results, not in the inputs"),
        "{out}"
    );
    assert!(
        out.contains("R3: in the inputs, not in the results"),
        "{out}"
    );
}

#[test]
fn a_changed_policy_is_refused_naming_both_digests() {
    let dir = tempfile::tempdir().unwrap();
    let results = publish(dir.path(), Path::new(POLICIES));
    let published: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    let old = published["policy"]["digest"].as_str().unwrap().to_string();
    // A copy of the policies with one parameter edited.
    let copy = dir.path().join("edited");
    copy_dir(Path::new(POLICIES), &copy);
    let file = copy.join("2020/ranked.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("{size: 2, amount: 20万元}"));
    std::fs::write(
        &file,
        text.replacen("{size: 2, amount: 20万元}", "{size: 2, amount: 25万元}", 1),
    )
    .unwrap();
    let (code, out, err) = verify(&copy, &results, "en");
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("verify::policy_changed"), "{err}");
    let new = out
        .lines()
        .next()
        .and_then(|l| l.split("(sha256:").nth(1))
        .map(|d| d.trim_end_matches("…)").to_string())
        .unwrap();
    let flat = err.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&old), "the results' digest: {err}");
    assert!(
        flat.contains(&format!("sha256:{new}")),
        "the policy's digest now: {err}"
    );
    assert_ne!(old, format!("sha256:{new}"));
    // Nothing was compared. (Only lines are looked at: the temporary folder's random name
    // in the policy line may hold "R1".)
    assert!(
        !out.lines().any(|l| l.trim_start().starts_with("R1")),
        "{out}"
    );
    let (code, _, err) = verify(&copy, &results, "zh");
    assert_eq!(code, 1);
    assert!(err.contains("政策在这些结果之后有了改动"), "{err}");
    // The unchanged copy verifies: the digest is over the rules, not where they are.
    let same = dir.path().join("same");
    copy_dir(Path::new(POLICIES), &same);
    let (code, out, err) = verify(&same, &results, "en");
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn results_without_a_policy_object_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let results = publish(dir.path(), Path::new(POLICIES));
    edit(&results, |doc| {
        doc.as_object_mut().unwrap().remove("policy");
    });
    let (code, out, err) = verify(Path::new(POLICIES), &results, "en");
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("verify::no_policy"), "{err}");
    assert!(err.contains("no `policy` object"), "{err}");
    let (_, _, err) = verify(Path::new(POLICIES), &results, "zh");
    assert!(err.contains("结果没有 `policy` 对象"), "{err}");
    // A policy and a result without an id: not results either.
    let good = publish(dir.path(), Path::new(POLICIES));
    edit(&good, |doc| {
        doc["results"][3].as_object_mut().unwrap().remove("id");
    });
    let (code, _, err) = verify(Path::new(POLICIES), &good, "en");
    assert_eq!(code, 1);
    assert!(err.contains("verify::not_results"), "{err}");
    assert!(err.contains("result 4 has no `id`"), "{err}");
    std::fs::write(&results, "not json").unwrap();
    let (code, _, err) = verify(Path::new(POLICIES), &results, "en");
    assert_eq!(code, 1);
    assert!(err.contains("verify::not_results"), "{err}");
}

/// `evaluate --format json` of `input` (a path as given) and `verify` of it against `inputs`.
fn publish_from(dir: &Path, input: &Path) -> std::path::PathBuf {
    let out = dir.join("results-of-copy.json");
    fundpolicy()
        .args(["--policies", POLICIES, "evaluate", "--year", "2020"])
        .args(["--programme", "ranked", "--format", "json", "--output"])
        .arg(&out)
        .arg(input)
        .assert()
        .success();
    out
}

fn verify_with(results: &Path, inputs: &[&Path], lang: &str) -> (i32, String, String) {
    let out = fundpolicy()
        .args(["--policies", POLICIES, "--lang", lang, "verify"])
        .arg(results)
        .args(inputs)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn sha256_of(path: &Path) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_top_level_year_or_programme_that_disagrees_with_the_policy_object_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (key, value, named) in [
        ("year", serde_json::json!(2021), "year 2021"),
        (
            "programme",
            serde_json::json!("other"),
            "programme \"other\"",
        ),
    ] {
        let results = publish(dir.path(), Path::new(POLICIES));
        edit(&results, |doc| doc[key] = value.clone());
        let (code, out, err) = verify(Path::new(POLICIES), &results, "en");
        assert_eq!(code, 1, "{key}: {out}{err}");
        assert!(err.contains("verify::inconsistent"), "{err}");
        let flat = err.split_whitespace().collect::<Vec<_>>().join(" ");
        // Both sides named: what the top says and what the policy object says.
        assert!(flat.contains(named), "{flat}");
        assert!(
            flat.contains("policy` object says year 2020 and programme \"ranked\""),
            "{flat}"
        );
        assert!(!out.contains("match"), "nothing compared: {out}");
    }
    // Missing at the top is refused too.
    let results = publish(dir.path(), Path::new(POLICIES));
    edit(&results, |doc| {
        doc.as_object_mut().unwrap().remove("year");
    });
    let (code, _, err) = verify(Path::new(POLICIES), &results, "en");
    assert_eq!(code, 1);
    assert!(err.contains("year (absent)"), "{err}");
    let (_, _, err) = verify(Path::new(POLICIES), &results, "zh");
    assert!(err.contains("年度 （缺）"), "{err}");
    // A key given twice would let two readers see two policies.
    let results = publish(dir.path(), Path::new(POLICIES));
    let text = std::fs::read_to_string(&results).unwrap();
    std::fs::write(
        &results,
        text.replacen("\"year\": 2020,", "\"year\": 2020, \"year\": 2021,", 1),
    )
    .unwrap();
    let (code, _, err) = verify(Path::new(POLICIES), &results, "en");
    assert_eq!(code, 1);
    assert!(err.contains("the key `year` is given twice"), "{err}");
}

#[test]
fn unknown_keys_are_named_as_not_verified_and_a_result_key_only_published_differs() {
    let dir = tempfile::tempdir().unwrap();
    let results = publish(dir.path(), Path::new(POLICIES));
    edit(&results, |doc| {
        doc["approved_by"] = "the board".into();
    });
    let (code, out, err) = verify(Path::new(POLICIES), &results, "en");
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(
            "note: these keys of the results are unknown to this version and not verified: approved_by"
        ),
        "{out}"
    );
    let (_, out, _) = verify(Path::new(POLICIES), &results, "zh");
    assert!(out.contains("未核验：approved_by"), "{out}");
    // Inside a result, a value evaluating again does not give is a difference.
    edit(&results, |doc| {
        doc["results"][0]["bonus"] = "50000.00".into()
    });
    let (code, out, _) = verify(Path::new(POLICIES), &results, "en");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("R1: bonus 50000.00 → (absent)"), "{out}");
}

#[test]
fn inputs_are_fingerprinted_and_verify_says_when_they_are_not_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("batch.yaml");
    std::fs::copy(INPUT, &copy).unwrap();
    let results = publish_from(dir.path(), &copy);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&results).unwrap()).unwrap();
    let before = sha256_of(&copy);
    assert_eq!(
        doc["inputs"],
        serde_json::json!([{"file": copy.display().to_string(), "sha256": before, "records": 9}])
    );
    // The same bytes under another name: the same input.
    let (code, out, err) = verify_with(&results, &[Path::new(INPUT)], "en");
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("warning"), "{out}");

    // The file edited without changing any outcome (a comment): the outcomes match, the
    // input is not the one published: exit 3, both fingerprints named.
    let text = std::fs::read_to_string(&copy).unwrap();
    std::fs::write(&copy, format!("# checked by the auditor\n{text}")).unwrap();
    let after = sha256_of(&copy);
    let (code, out, err) = verify_with(&results, &[&copy], "en");
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        out.contains(&format!(
            "warning: input {} is not the file the results were computed from: sha256 {before}, 9 records in the results, sha256 {after}, 9 records now",
            copy.display()
        )),
        "{out}"
    );
    assert!(out.contains("match: all 9 results are the same"), "{out}");
    assert!(
        out.trim_end().ends_with(
            "the outcomes match, but the inputs given are not the files the results name (exit status 3)"
        ),
        "{out}"
    );
    let (code, out, _) = verify_with(&results, &[&copy], "zh");
    assert_eq!(code, 3);
    assert!(out.contains("不是结果所用的文件"), "{out}");

    // A file missing and one extra: each named.
    let other = dir.path().join("other.yaml");
    std::fs::copy(INPUT, &other).unwrap();
    std::fs::write(&copy, &text).unwrap();
    let (code, out, _) = verify_with(&results, &[&copy, &other], "en");
    assert_eq!(code, 1, "9 records more than published: {out}");
    assert!(
        out.contains(&format!(
            "warning: input {} (sha256 {before}, 9 records) was given but is not in the results",
            other.display()
        )),
        "{out}"
    );
    edit(&results, |doc| {
        let list = doc["inputs"].as_array_mut().unwrap();
        let mut second = list[0].clone();
        second["file"] = "elsewhere.csv".into();
        second["sha256"] = "0".repeat(64).into();
        list.push(second);
    });
    let (code, out, _) = verify_with(&results, &[&copy], "en");
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains(&format!(
            "warning: input elsewhere.csv (sha256 {}, 9 records) is in the results but was not given",
            "0".repeat(64)
        )),
        "{out}"
    );

    // Results without the list (an older version's) cannot be matched to files.
    edit(&results, |doc| {
        doc.as_object_mut().unwrap().remove("inputs");
    });
    let (code, out, _) = verify_with(&results, &[&copy], "en");
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("warning: the results have no `inputs` list"),
        "{out}"
    );
    // A list that is not the contract's is refused.
    edit(&results, |doc| {
        doc["inputs"] = serde_json::json!([{"file": 1}])
    });
    let (code, _, err) = verify_with(&results, &[&copy], "en");
    assert_eq!(code, 1);
    assert!(err.contains("the `inputs` list is not"), "{err}");
}

#[test]
fn standard_input_is_fingerprinted_as_dash_and_verifies_against_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results.json");
    let csv = "tests/data/gen-cloud-award-300.csv";
    fundpolicy()
        .args(["evaluate", "--year", "2020", "--programme", "cloud-award"])
        .args(["--format", "json", "--output"])
        .arg(&out)
        .arg("-")
        .pipe_stdin(csv)
        .unwrap()
        .assert()
        .success();
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        doc["inputs"],
        serde_json::json!([{"file": "-", "sha256": sha256_of(Path::new(csv)), "records": 300}])
    );
    let run = fundpolicy()
        .args(["--lang", "en", "verify"])
        .arg(&out)
        .arg(csv)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{text}");
    assert!(!text.contains("warning"), "{text}");
}
