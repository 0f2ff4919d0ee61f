#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The library's API gives what the command line prints: the same JSON for every bundled
//! example, the same outcome from a file and from its bytes, located problems for a bad
//! input, and a description of every programme that names each of its fields and rules.

use fundpolicy::Lang;
use fundpolicy::api::{self, EvaluateOptions, Input, InputFormat, Policies};
use std::path::{Path, PathBuf};

/// Every bundled example (`policies/<year>/examples/*`), with its year and the programme it
/// is for (the programme whose id begins its file name).
fn examples(policies: &Policies) -> Vec<(u32, String, PathBuf)> {
    let mut out = Vec::new();
    for year in policies.year_numbers() {
        let loaded = policies.load(year).unwrap();
        let dir = Path::new("policies")
            .join(year.to_string())
            .join("examples");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().unwrap().to_str().unwrap().to_string();
            let programme = loaded
                .programmes()
                .iter()
                .map(|p| p.id.clone())
                .find(|id| stem.starts_with(id.as_str()))
                .unwrap_or_else(|| panic!("no programme for example {}", file.display()));
            out.push((year, programme, file));
        }
    }
    assert!(out.len() >= 5, "the bundled examples: {out:?}");
    out
}

/// The command line's bytes, as `evaluate --format json` writes them.
fn cli_json(year: u32, programme: &str, file: &Path) -> Vec<u8> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fundpolicy"))
        .args([
            "--policies",
            "policies",
            "--lang",
            "zh",
            "evaluate",
            "--format",
            "json",
        ])
        .args(["--year", &year.to_string(), "--programme", programme])
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The API's JSON, serialised as the command line writes it.
fn api_bytes(json: &serde_json::Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(json).unwrap();
    bytes.push(b'\n');
    bytes
}

#[test]
fn evaluate_gives_the_command_lines_json_for_every_bundled_example() {
    let policies = Policies::folder("policies").unwrap();
    for (year, programme, file) in examples(&policies) {
        let loaded = policies.load(year).unwrap();
        let evaluation = api::evaluate(
            &loaded,
            &programme,
            &[Input::path(&file)],
            &EvaluateOptions::default(),
        )
        .unwrap();
        let cli = cli_json(year, &programme, &file);
        let ours = api_bytes(&evaluation.to_json(Lang::Zh));
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&cli),
            "{}",
            file.display()
        );
        // Streamed, the same bytes.
        let mut streamed = Vec::new();
        evaluation.write_json(&mut streamed).unwrap();
        assert_eq!(streamed, cli, "{}", file.display());
        assert!(!evaluation.outcomes().is_empty());
    }
}

#[test]
fn bytes_and_a_path_give_the_same_outcome() {
    let policies = Policies::folder("policies").unwrap();
    for (year, programme, file) in examples(&policies) {
        let loaded = policies.load(year).unwrap();
        let by_path = Input::path(&file);
        let bytes = std::fs::read(&file).unwrap();
        let by_bytes = Input::bytes(by_path.name.clone(), by_path.format, bytes);
        let options = EvaluateOptions::default();
        let a = api::evaluate(&loaded, &programme, &[by_path], &options).unwrap();
        let b = api::evaluate(&loaded, &programme, &[by_bytes], &options).unwrap();
        assert_eq!(
            a.to_json(Lang::Zh),
            b.to_json(Lang::Zh),
            "{}",
            file.display()
        );
        assert_eq!(a.to_csv(Lang::En), b.to_csv(Lang::En), "{}", file.display());
    }
}

/// One record of each bundled example explained, as text and as data.
#[test]
fn explain_names_the_record_and_its_policy() {
    let policies = Policies::folder("policies").unwrap();
    for (year, programme, file) in examples(&policies) {
        let loaded = policies.load(year).unwrap();
        let options = EvaluateOptions::default();
        let evaluation =
            api::evaluate(&loaded, &programme, &[Input::path(&file)], &options).unwrap();
        let id = evaluation.outcomes()[0].id.to_string();
        let explanation = api::explain(&evaluation, &id, Lang::En).unwrap();
        assert!(explanation.to_text().contains(&id), "{}", file.display());
        assert_eq!(explanation.to_json()["id"], serde_json::json!(id));
        assert!(api::explain(&evaluation, "no such id", Lang::En).is_none());
    }
}

const PROGRAMME: &str = "software-integration";

fn year_2020() -> api::Year {
    Policies::builtin().load(2020).unwrap()
}

#[test]
fn an_unusable_input_is_a_located_problem() {
    let year = year_2020();
    // A tab where YAML wants spaces: the problem points at it.
    let bad = Input::bytes("bad.yaml", InputFormat::Yaml, "id: A\n\tname: x\n");
    let problems =
        api::evaluate(&year, PROGRAMME, &[bad], &EvaluateOptions::default()).unwrap_err();
    assert_eq!(
        problems[0].code.as_str(),
        "input::unreadable",
        "{problems:?}"
    );
    let at = problems[0].location().unwrap();
    assert!(at.starts_with("bad.yaml:2:"), "{at}");

    let empty = Input::bytes("empty.csv", InputFormat::Csv, "");
    let problems =
        api::evaluate(&year, PROGRAMME, &[empty], &EvaluateOptions::default()).unwrap_err();
    assert!(problems[0].message.contains("empty.csv"), "{problems:?}");

    let unknown = api::evaluate(
        &year,
        "software-integratoin",
        &[],
        &EvaluateOptions::default(),
    )
    .unwrap_err();
    assert_eq!(unknown[0].code.as_str(), "api::unknown_programme");
    assert!(
        unknown[0].message.contains("software-integration"),
        "{unknown:?}"
    );
}

/// A bad value inside a usable file is the record's error, placed at its key's line; a CSV
/// record's at its row.
#[test]
fn a_bad_record_is_invalid_with_its_error_at_its_line() {
    let year = year_2020();
    let yaml = "- id: A\n  revenue_2019: lots\n- id: B\n  company_size: nope\n";
    let input = Input::bytes("apps.yaml", InputFormat::Yaml, yaml);
    let evaluation =
        api::evaluate(&year, PROGRAMME, &[input], &EvaluateOptions::default()).unwrap();
    let at = |id: &str, field: &str| {
        let o = evaluation.outcome(id).unwrap();
        assert_eq!(o.status, api::Status::Invalid);
        let e = o.errors().iter().find(|e| e.field == field).unwrap();
        let l = e.location.clone().unwrap();
        (l.file, l.line)
    };
    assert_eq!(at("A", "revenue_2019"), ("apps.yaml".to_string(), Some(2)));
    assert_eq!(at("B", "company_size"), ("apps.yaml".to_string(), Some(4)));

    let csv = "id,revenue_2019\nA,1\nB,lots\n";
    let input = Input::bytes("apps.csv", InputFormat::Csv, csv);
    let evaluation =
        api::evaluate(&year, PROGRAMME, &[input], &EvaluateOptions::default()).unwrap();
    let b = evaluation.outcome("B").unwrap();
    let e = b
        .errors()
        .iter()
        .find(|e| e.field == "revenue_2019")
        .unwrap();
    let l = e.location.clone().unwrap();
    assert_eq!((l.file.as_str(), l.line), ("apps.csv", Some(3)), "{e:?}");
}

#[test]
fn input_formats_are_named_by_extension_content_type_and_first_bytes() {
    assert_eq!(InputFormat::from_extension("CSV"), Some(InputFormat::Csv));
    assert_eq!(
        InputFormat::from_extension(".ndjson"),
        Some(InputFormat::JsonLines)
    );
    assert_eq!(InputFormat::from_extension("txt"), None);
    assert_eq!(InputFormat::of_path(Path::new("a.txt")), InputFormat::Yaml);
    assert_eq!(
        InputFormat::from_content_type("text/csv; charset=utf-8"),
        Some(InputFormat::Csv)
    );
    assert_eq!(
        InputFormat::from_content_type(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
        Some(InputFormat::Xlsx)
    );
    assert_eq!(InputFormat::from_content_type("text/html"), None);
    for f in InputFormat::ALL {
        assert_eq!(InputFormat::from_content_type(f.content_type()), Some(f));
        assert_eq!(InputFormat::from_extension(f.name()), Some(f));
    }
    assert_eq!(InputFormat::sniff(b"[{\"id\": \"A\"}]"), InputFormat::Json);
    assert_eq!(InputFormat::sniff(b"id,name\nA,x\n"), InputFormat::Csv);
}

/// Every field (with its item fields), check, rule, parameter, score item and document of
/// every programme is in its description, in order.
#[test]
fn describe_lists_every_field_and_rule_of_each_programme() {
    let policies = Policies::folder("policies").unwrap();
    for year in policies.year_numbers() {
        let loaded = policies.load(year).unwrap();
        for p in loaded.programmes() {
            let d = api::describe(&loaded, &p.id, Lang::Zh).unwrap();
            let ids = |key: &str| -> Vec<String> {
                d[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x["id"].as_str().unwrap().to_string())
                    .collect()
            };
            let fields: Vec<String> = p.fields.iter().map(|f| f.id.clone()).collect();
            assert_eq!(ids("fields"), fields, "{year} {}", p.id);
            let rules: Vec<String> = p.rules.iter().map(|r| r.id.clone()).collect();
            assert_eq!(ids("rules"), rules, "{year} {}", p.id);
            let checks: Vec<String> = p.checks.iter().map(|r| r.id.clone()).collect();
            assert_eq!(ids("checks"), checks);
            let params: Vec<String> = p.params.iter().map(|x| x.0.clone()).collect();
            assert_eq!(ids("params"), params);
            let documents: Vec<String> = p.documents.iter().map(|x| x.id.clone()).collect();
            assert_eq!(ids("documents"), documents);
            for (f, shown) in p.fields.iter().zip(d["fields"].as_array().unwrap()) {
                let items: Vec<&str> = f.items.iter().map(|i| i.id.as_str()).collect();
                let shown_items: Vec<&str> = shown["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["id"].as_str().unwrap())
                    .collect();
                assert_eq!(shown_items, items);
                let values: Vec<&str> = f.values.iter().map(|v| v.id.value.as_str()).collect();
                let shown_values: Vec<&str> = shown["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v["id"].as_str().unwrap())
                    .collect();
                assert_eq!(shown_values, values);
            }
            // Each rule says where it is written, its clause and its message.
            for (r, shown) in p.rules.iter().zip(d["rules"].as_array().unwrap()) {
                assert_eq!(shown["cite"], serde_json::json!(r.cite));
                assert_eq!(
                    shown["condition"]["text"],
                    serde_json::json!(r.formula.text)
                );
                assert!(shown["condition"]["at"]["line"].as_u64().unwrap() > 0);
                assert!(
                    shown["condition"]["at"]["file"]
                        .as_str()
                        .unwrap()
                        .ends_with(".yaml")
                );
            }
            if let Some(scores) = &p.scores {
                assert_eq!(
                    d["scores"]["items"].as_array().unwrap().len(),
                    scores.items.len()
                );
            }
        }
        assert!(api::describe(&loaded, "no-such-programme", Lang::Zh).is_none());
    }
}

#[test]
fn years_diff_check_and_template_answer_as_the_commands_do() {
    let policies = Policies::folder("policies").unwrap();
    let years = policies.years();
    assert!(years.iter().all(|y| y.problems.is_empty()));
    let y2020 = years.iter().find(|y| y.year == 2020).unwrap();
    assert!(y2020.programmes.iter().any(|(id, _)| id == PROGRAMME));
    assert!(y2020.digest.starts_with("sha256:"));

    let diff = api::diff(&policies, 2020, 2021).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fundpolicy"))
        .args([
            "--policies",
            "policies",
            "--lang",
            "en",
            "diff",
            "2020",
            "2021",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(format!("{:#}\n", diff.to_json()).as_bytes(), out.stdout);
    assert!(api::diff(&policies, 2020, 1999).is_err());

    let checked = api::check(&policies, 2020).unwrap();
    assert_eq!(checked.policy.year, 2020);

    let year = policies.load(2020).unwrap();
    let xlsx = api::template(&year, PROGRAMME, Lang::Zh).unwrap();
    assert!(xlsx.starts_with(b"PK\x03\x04"));
    assert!(api::template(&year, "nothing", Lang::Zh).is_err());
}

/// A server shares loaded years and evaluations between threads.
#[test]
fn the_api_types_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Policies>();
    shared::<api::Year>();
    shared::<api::Evaluation>();
    shared::<Input>();
    shared::<EvaluateOptions>();
    shared::<api::Diff>();
    shared::<api::Comparison>();
}

/// Problems of an unusable input are worded in the language of the evaluation.
#[test]
fn problems_are_worded_in_the_language_asked_for() {
    let year = year_2020();
    // A header and no applications: most often the blank template.
    let empty = || vec![Input::bytes("blank.csv", InputFormat::Csv, "id\n")];
    let said = |lang| {
        let options = EvaluateOptions {
            lang,
            ..EvaluateOptions::default()
        };
        match api::evaluate(&year, PROGRAMME, &empty(), &options) {
            Ok(_) => panic!("a file without applications was evaluated"),
            Err(problems) => problems[0].message.clone(),
        }
    };
    let (zh, en) = (said(Lang::Zh), said(Lang::En));
    assert_ne!(zh, en);
    assert!(en.is_ascii(), "{en}");
    assert!(
        zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{zh}"
    );
}
