#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The JSON Schemas editors use for the policy files: generated from the model, checked in
//! under `policies/schema/`, named on each policy file's first line, and true of every
//! bundled policy file.

use fundpolicy::schema::{self, Kind};
use serde_json::Value;
use std::path::Path;

fn checked_in(kind: Kind) -> String {
    std::fs::read_to_string(Path::new("policies/schema").join(kind.file_name())).unwrap()
}

#[test]
fn the_checked_in_schemas_are_the_generated_ones() {
    for kind in [Kind::Manifest, Kind::Programme] {
        assert!(
            checked_in(kind) == schema::text(kind),
            "policies/schema/{} differs from the model: run `fundpolicy schema {} --output policies/schema/{}`",
            kind.file_name(),
            format!("{kind:?}").to_lowercase(),
            kind.file_name(),
        );
    }
}

#[test]
fn every_key_has_a_chinese_and_an_english_description() {
    for kind in [Kind::Manifest, Kind::Programme] {
        let missing = schema::keys_without_chinese(&schema::generate(kind));
        assert!(
            missing.is_empty(),
            "{kind:?}: no zh description for {missing:?}"
        );
    }
}

fn validator(kind: Kind) -> jsonschema::Validator {
    jsonschema::validator_for(&schema::generate(kind)).unwrap()
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap()
}

/// Every bundled year's manifest and the common and programme files it lists, with the
/// schema each is checked against.
fn policy_files() -> Vec<(String, Kind)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("policies").unwrap() {
        let dir = entry.unwrap().path();
        let manifest = dir.join("policy.yaml");
        if !manifest.is_file() {
            continue;
        }
        let m = yaml(&std::fs::read_to_string(&manifest).unwrap());
        out.push((manifest.display().to_string(), Kind::Manifest));
        for list in ["common", "programmes"] {
            for name in m[list].as_array().into_iter().flatten() {
                let path = dir.join(name.as_str().unwrap());
                out.push((path.display().to_string(), Kind::Programme));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 8, "{out:?}");
    out
}

#[test]
fn every_bundled_policy_file_is_valid_against_its_schema() {
    let mut failures = Vec::new();
    for (path, kind) in policy_files() {
        let doc = yaml(&std::fs::read_to_string(&path).unwrap());
        for error in validator(kind).iter_errors(&doc) {
            failures.push(format!("{path}: {} at {}", error, error.instance_path()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_bundled_policy_file_names_its_schema_on_its_first_line() {
    for (path, kind) in policy_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap_or("");
        assert_eq!(
            first,
            format!(
                "# yaml-language-server: $schema=../schema/{}",
                kind.file_name()
            ),
            "{path}"
        );
    }
}

#[test]
fn a_misspelt_key_is_flagged_by_the_schema() {
    let text = std::fs::read_to_string("policies/2020/cloud-award.yaml").unwrap();
    assert!(validator(Kind::Programme).is_valid(&yaml(&text)));
    let misspelt = text.replacen("eligibility:", "eligibilty:", 1);
    let errors: Vec<String> = validator(Kind::Programme)
        .iter_errors(&yaml(&misspelt))
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.iter().any(|e| e.contains("eligibilty")),
        "{errors:?}"
    );
    // A misspelt key inside an item is flagged too.
    let inner = text.replacen("    cite:", "    cit:", 1);
    assert!(!validator(Kind::Programme).is_valid(&yaml(&inner)));
    let manifest = "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogramme: [a.yaml]\n";
    assert!(!validator(Kind::Manifest).is_valid(&yaml(manifest)));
}

#[test]
fn the_schema_command_writes_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.json");
    assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(["schema", "programme", "--output"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        schema::text(Kind::Programme)
    );
}

/// The words the schema offers for a key.
fn words(kind: Kind, def: &str, key: &str) -> Vec<String> {
    let schema = schema::generate(kind);
    schema["definitions"][def]["properties"][key]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{def}.{key} has no enum"))
        .iter()
        .filter_map(|w| w.as_str().map(String::from))
        .collect()
}

/// Checks a one-programme year whose programme file is `programme`.
fn check(programme: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir(&year).unwrap();
    std::fs::write(
        year.join("policy.yaml"),
        "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n",
    )
    .unwrap();
    std::fs::write(year.join("p.yaml"), programme).unwrap();
    fundpolicy::policy::check(
        &fundpolicy::policy::Source::Dir(dir.path().to_path_buf()),
        2020,
    )
    .map(|_| ())
    .map_err(|reports| {
        reports
            .iter()
            .map(|r| format!("{}: {}", r.code, r.message))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[test]
fn the_words_the_schema_offers_are_the_ones_loading_accepts() {
    let types = words(Kind::Programme, "Field", "type");
    assert!(types.len() >= 10, "{types:?}");
    for ty in &types {
        let extra = match ty.as_str() {
            "money" => ", unit: 万元",
            "enum" => ", values: [{id: a}]",
            "list" => ", of: text",
            _ => "",
        };
        let programme = format!(
            "id: p\ntitle: {{zh: 测试}}\nfields:\n  - {{id: id, type: text, required: true}}\n  - {{id: x, type: {ty}{extra}}}\neligibility:\n  - {{id: a, when: 'given(x)', cite: 一, message: {{zh: a}}}}\n"
        );
        assert_eq!(check(&programme), Ok(()), "type: {ty}");
        let doc = yaml(&programme);
        assert!(validator(Kind::Programme).is_valid(&doc), "type: {ty}");
    }
    let wrong = "id: p\ntitle: {zh: 测试}\nfields:\n  - {id: id, type: text, required: true}\n  - {id: x, type: mony, unit: 万元}\n";
    assert!(check(wrong).is_err_and(|e| e.contains("policy::field_type")));
    assert!(!validator(Kind::Programme).is_valid(&yaml(wrong)));
    assert_eq!(
        words(Kind::Programme, "OrderKey", "direction"),
        ["desc", "asc"]
    );
    assert_eq!(
        words(Kind::Programme, "Quota", "rounding"),
        ["ceil", "floor"]
    );
}
