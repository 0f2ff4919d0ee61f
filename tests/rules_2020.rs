#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The engine features the revised 2020 rules need, end to end: one application per credit
//! code in every input format and on both evaluation paths, enum lists as sets, open enums and
//! their flag, rules shared by every programme from a common file, every enum spelling read.

use assert_cmd::Command;
use fundpolicy::Lang;
use fundpolicy::engine::{self, Outcome, Status};
use fundpolicy::input::Raw;
use fundpolicy::policy::{self, FieldKind, FieldSpec, Programme, Source};
use fundpolicy::records;
use fundpolicy::value::Value;
use serde_json::Value as Json;
use std::path::Path;

fn programme(year: u32, id: &str) -> Programme {
    let policy = policy::load(&Source::Dir("policies".into()), year).unwrap();
    policy.programme(id).unwrap().clone()
}

// ---------------------------------------------------------------------------------------
// One application per enterprise: `unique: true` on credit_code.

const HEADER: &[&str] = &[
    "id",
    "credit_code",
    "district",
    "registered_in_chongqing",
    "independent_legal_person",
    "credit_blacklisted",
    "other_fiscal_support",
    "company_size",
    "is_industrial",
    "revenue_2019",
    "cloud_investment",
    "cloud_contract_date",
    "smart_mfg_registered",
    "cloud_months",
    "cpu_cores",
    "price_per_core",
    "storage_tb",
    "price_per_tb",
    "spend_network",
    "spend_security",
    "spend_database",
    "spend_mgmt_systems",
    "spend_biz_systems",
    "mgmt_systems_on_cloud",
    "mgmt_systems_total",
    "biz_systems_on_cloud",
    "biz_systems_total",
    "core_systems_on_cloud",
    "core_systems_total",
    "cost_infra_before",
    "cost_infra_after",
    "cost_mgmt_before",
    "cost_mgmt_after",
    "cost_biz_before",
    "cost_biz_after",
    "efficiency_gain",
    "yield_gain",
];

/// A cloud-award application scoring 41.3 (policies/2020/tests/cloud-award.yaml's base),
/// with its id, credit code (empty: none) and yield gain (to order the ranking).
fn cloud_row(id: &str, code: &str, yield_gain: &str) -> Vec<String> {
    [
        id,
        code,
        "万州",
        "true",
        "true",
        "false",
        "false",
        "small",
        "true",
        "5000",
        "25",
        "2019-05-01",
        "true",
        "18",
        "100",
        "800",
        "20",
        "2400",
        "20",
        "10",
        "10",
        "30",
        "50",
        "云办公;云桌面",
        "4",
        "MES制造执行系统;采购管理",
        "5",
        "1",
        "2",
        "100",
        "60",
        "50",
        "40",
        "50",
        "30",
        "12",
        yield_gain,
    ]
    .map(String::from)
    .to_vec()
}

const CODE: &str = "91350100M000100Y43";
const OTHER: &str = "91110000600037341L";

/// A batch in which B and D repeat A's code (D in lower case), C and E give none, F has its
/// own: B and D are invalid naming A, whatever their scores.
fn batch() -> Vec<Vec<String>> {
    vec![
        cloud_row("A", CODE, "8"),
        cloud_row("B", CODE, "30"),
        cloud_row("C", "", "8"),
        cloud_row("D", &CODE.to_lowercase(), "8"),
        cloud_row("E", "", "8"),
        cloud_row("F", OTHER, "8"),
    ]
}

fn cells_json(row: &[String]) -> Json {
    let map: serde_json::Map<String, Json> = HEADER
        .iter()
        .zip(row)
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| ((*k).to_string(), Json::String(v.clone())))
        .collect();
    Json::Object(map)
}

/// The batch written in `format`.
fn write_batch(dir: &Path, format: &str) -> std::path::PathBuf {
    let path = dir.join(format!("apps.{format}"));
    let rows = batch();
    match format {
        "csv" => {
            let mut text = HEADER.join(",");
            for r in &rows {
                text.push('\n');
                text.push_str(&r.join(","));
            }
            std::fs::write(&path, text).unwrap();
        }
        "json" => {
            let all: Vec<Json> = rows.iter().map(|r| cells_json(r)).collect();
            std::fs::write(&path, serde_json::to_string(&all).unwrap()).unwrap();
        }
        "jsonl" => {
            let lines: Vec<String> = rows.iter().map(|r| cells_json(r).to_string()).collect();
            std::fs::write(&path, lines.join("\n")).unwrap();
        }
        "yaml" => {
            let mut text = String::new();
            for r in &rows {
                let entries: Vec<String> = HEADER
                    .iter()
                    .zip(r)
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| format!("{k}: \"{v}\""))
                    .collect();
                text.push_str(&format!("- {{{}}}\n", entries.join(", ")));
            }
            std::fs::write(&path, text).unwrap();
        }
        "xlsx" => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            for (c, h) in HEADER.iter().enumerate() {
                sheet.write_string(0, c as u16, *h).unwrap();
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    if !v.is_empty() {
                        sheet.write_string(r as u32 + 1, c as u16, v).unwrap();
                    }
                }
            }
            book.save(&path).unwrap();
        }
        other => panic!("no format {other}"),
    }
    path
}

fn evaluate_json(programme: &str, input: &Path, lang: &str) -> Json {
    let out = Command::cargo_bin("fundpolicy")
        .unwrap()
        .args(["evaluate", "--year", "2020", "--programme", programme])
        .arg(input)
        .args(["--format", "json", "--lang", lang])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn result<'a>(doc: &'a Json, id: &str) -> &'a Json {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no result {id}"))
}

#[test]
fn a_repeated_credit_code_is_invalid_in_every_input_format() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "json", "jsonl", "yaml", "xlsx"] {
        let path = write_batch(dir.path(), format);
        let doc = evaluate_json("cloud-award", &path, "en");
        for id in ["A", "C", "E", "F"] {
            let r = result(&doc, id);
            assert_eq!(r["status"], "eligible", "{format} {id}: {r}");
            assert_eq!(r["awarded"], true, "{format} {id}");
        }
        // B scores higher than A, but is the second application of A's enterprise.
        for (id, n) in [("B", 2), ("D", 4)] {
            let r = result(&doc, id);
            assert_eq!(r["status"], "invalid", "{format} {id}: {r}");
            assert_eq!(r["awarded"], false);
            assert_eq!(r["rank"], Json::Null);
            assert_eq!(r["score"], Json::Null);
            let e = &r["errors"][0];
            assert_eq!(e["code"], "input::unique", "{format} {id}");
            assert_eq!(e["field"], "credit_code");
            assert_eq!(
                e["message"],
                format!(
                    "Unified social credit code `{CODE}` is already given by application `A` (record 1): one application per value in a batch"
                ),
                "{format} {id} (record {n})"
            );
        }
        assert_eq!(result(&doc, "A")["rank"], 1, "{format}");
        assert_eq!(doc["summary"]["invalid"], 2, "{format}");
    }
    let doc = evaluate_json("cloud-award", &write_batch(dir.path(), "csv"), "zh");
    let message = result(&doc, "B")["errors"][0]["message"].as_str().unwrap();
    assert_eq!(
        message,
        format!(
            "统一社会信用代码 `{CODE}` 已由申报 `A`（第1条）填报：同一统一社会信用代码在一批申报中只能申报一次"
        )
    );
}

#[test]
fn loan_interest_is_one_application_per_enterprise_and_software_integration_per_project() {
    assert_eq!(
        programme(2020, "loan-interest")
            .unique_slots
            .iter()
            .map(|&s| programme(2020, "loan-interest").fields[s].id.clone())
            .collect::<Vec<_>>(),
        ["credit_code"]
    );
    assert!(
        programme(2020, "software-integration")
            .unique_slots
            .is_empty()
    );
    assert!(
        programme(2021, "software-integration")
            .unique_slots
            .is_empty()
    );
}

/// A non-lean observer: it sees everything, so evaluation takes the tree.
#[derive(Default)]
struct Sees;

impl fundpolicy::formula::eval::Tracer for Sees {
    fn comparison(&mut self, _: fundpolicy::diag::Span, _: bool) {}
    fn branch(&mut self, _: fundpolicy::diag::Span, _: bool) {}
}

impl engine::Observer for Sees {
    fn formula(&mut self, _: &str) {}
    fn rule(&mut self, _: &str, _: bool) {}
    fn cap(&mut self, _: &str, _: bool) {}
}

fn records_of(p: &Programme) -> Vec<records::Record> {
    batch()
        .iter()
        .map(|row| {
            let entries = HEADER
                .iter()
                .zip(row)
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| ((*k).to_string(), Raw::Text(v.clone())))
                .collect();
            records::from_raw(p, &Raw::Map(entries))
        })
        .collect()
}

fn summary(outcomes: &[Outcome]) -> Vec<(String, Status, Vec<String>, Option<u32>)> {
    outcomes
        .iter()
        .map(|o| {
            (
                o.id.to_string(),
                o.status,
                o.errors().iter().map(|e| e.message.clone()).collect(),
                o.rank,
            )
        })
        .collect()
}

#[test]
fn the_typed_batch_path_and_the_tree_agree_on_repeated_codes() {
    let p = programme(2020, "cloud-award");
    let typed = engine::evaluate_stream(
        &p,
        records_of(&p).into_iter().map(Ok::<_, ()>),
        Lang::En,
        true,
        &|_| {},
    )
    .unwrap();
    let tree = engine::evaluate_batch_observed(&p, records_of(&p), Lang::En, &mut Sees);
    assert_eq!(summary(&typed), summary(&tree));
    let invalid: Vec<&str> = typed
        .iter()
        .filter(|o| o.status == Status::Invalid)
        .map(|o| &*o.id)
        .collect();
    assert_eq!(invalid, ["B", "D"]);
}

// ---------------------------------------------------------------------------------------
// Catalogue lists: sets, and the 附件3 catalogue open.

fn one_cloud(over: &[(&str, &str)]) -> Outcome {
    let p = programme(2020, "cloud-award");
    let mut row = cloud_row("K", "", "8");
    for (k, v) in over {
        let i = HEADER.iter().position(|h| h == k).unwrap();
        row[i] = (*v).to_string();
    }
    let entries = HEADER
        .iter()
        .zip(&row)
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| ((*k).to_string(), Raw::Text(v.clone())))
        .collect();
    engine::evaluate(&p, records::from_raw(&p, &Raw::Map(entries)), Lang::En)
}

#[test]
fn an_item_given_twice_is_an_input_error_naming_it() {
    let o = one_cloud(&[
        ("mgmt_systems_on_cloud", "云办公;云办公"),
        ("mgmt_systems_total", "2"),
    ]);
    assert_eq!(o.status, Status::Invalid);
    assert_eq!(o.errors()[0].code.as_str(), "input::duplicate_item");
    assert_eq!(o.errors()[0].field, "mgmt_systems_on_cloud");
    assert_eq!(o.errors()[0].message, "`云办公` 填了两次：每项只能填一次");
    // By its alias, the same system.
    let o = one_cloud(&[("mgmt_systems_on_cloud", "绩效管理、绩效管理系统")]);
    assert_eq!(
        o.errors()[0].message,
        "`绩效管理系统` 填了两次（即 `绩效管理`）：每项只能填一次"
    );
    // In a YAML list as well as in one cell.
    let p = programme(2020, "software-integration");
    let raw = Raw::Map(vec![
        ("id".into(), Raw::Text("S".into())),
        (
            "platform_services".into(),
            Raw::List(vec![
                Raw::Text("software_testing".into()),
                Raw::Text("软件测评".into()),
            ]),
        ),
    ]);
    let r = records::from_raw(&p, &raw);
    assert_eq!(r.errors[0].code.as_str(), "input::duplicate_item");
    assert!(r.errors[0].message.contains("`软件测评`"), "{:?}", r.errors);
    // Long lists too (past the length where items are hashed, not scanned): a repeat far
    // down is found, and twenty thousand distinct items are read in linear time.
    let p = programme(2020, "cloud-award");
    let cell = |n: usize, repeat: Option<usize>| {
        let mut items: Vec<String> = (0..n).map(|i| format!("系统{i}")).collect();
        items.extend(repeat.map(|i| format!("系统{i}")));
        Raw::Map(vec![
            ("id".into(), Raw::Text("K".into())),
            ("biz_systems_on_cloud".into(), Raw::Text(items.join(";"))),
        ])
    };
    let r = records::from_raw(&p, &cell(100, Some(3)));
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].message, "`系统3` 填了两次：每项只能填一次");
    let r = records::from_raw(&p, &cell(20_000, None));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

#[test]
fn an_item_outside_the_open_catalogue_is_counted_and_flagged() {
    let o = one_cloud(&[(
        "biz_systems_on_cloud",
        "MES制造执行系统;采购管理;数字孪生平台",
    )]);
    assert_eq!(o.status, Status::Eligible);
    assert_eq!(o.flags(), ["uncatalogued"]);
    // 3 of 5 business systems: 9 points (2 of 5 gave 6).
    assert_eq!(o.scores[3].normalize().to_string(), "9");
    let d = o.detail.as_ref().unwrap();
    let p = programme(2020, "cloud-award");
    let slot = p.field_slot("biz_systems_on_cloud").unwrap();
    assert_eq!(
        d.fields[slot],
        Value::List(
            vec![
                Value::Text("MES制造执行系统".into()),
                Value::Text("采购管理".into()),
                Value::Text("数字孪生平台".into())
            ]
            .into()
        ),
        "kept as written"
    );
    // Listed items, by id or alias, raise nothing.
    let o = one_cloud(&[("biz_systems_on_cloud", "产品开发;资产全流程优化")]);
    assert_eq!(o.status, Status::Eligible);
    assert!(o.flags().is_empty());
    // A closed enum still refuses what it does not list.
    let o = one_cloud(&[("company_size", "巨型")]);
    assert_eq!(o.status, Status::Invalid);
    assert_eq!(o.errors()[0].code.as_str(), "input::enum");
}

// ---------------------------------------------------------------------------------------
// Every spelling of every enum value reads as its id.

fn enum_fields(fields: &[FieldSpec]) -> Vec<&FieldSpec> {
    fields
        .iter()
        .filter(|f| match &f.kind {
            FieldKind::Enum => true,
            FieldKind::List(k) => **k == FieldKind::Enum,
            _ => false,
        })
        .collect()
}

/// The value of item field `field` in the first item of a list of records.
fn item_value(list_value: &Value, list: &FieldSpec, field: &str) -> Value {
    let slot = list.items.iter().position(|i| i.id == field).unwrap();
    match list_value {
        Value::List(items) => match &items[0] {
            Value::Record(slots) => slots[slot].clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_alias_of_every_enum_of_every_programme_reads_as_its_id() {
    let source = Source::Dir("policies".into());
    let mut read = 0;
    for year in source.years() {
        let policy = policy::load(&source, year).unwrap();
        for p in &policy.programmes {
            let mut checked: Vec<(Option<&FieldSpec>, &FieldSpec)> = enum_fields(&p.fields)
                .into_iter()
                .map(|f| (None, f))
                .collect();
            for list in p.fields.iter().filter(|f| f.kind == FieldKind::Records) {
                checked.extend(
                    enum_fields(&list.items)
                        .into_iter()
                        .map(|f| (Some(list), f)),
                );
            }
            for (list, f) in checked {
                for v in &f.values {
                    // Aliases typed inside a label (`en: "…, aliases: […]"`) are never read.
                    for text in v.zh.iter().chain(&v.en) {
                        assert!(
                            !text.contains("aliases"),
                            "{year} {} {} `{}`: a label holds `{text}`",
                            p.id,
                            f.id,
                            v.id.value
                        );
                    }
                    let id = &v.id.value;
                    for spelling in std::iter::once(id).chain(&v.aliases).chain(&v.zh) {
                        let given = match f.kind {
                            FieldKind::List(_) => Raw::List(vec![Raw::Text(spelling.clone())]),
                            _ => Raw::Text(spelling.clone()),
                        };
                        let want = match f.kind {
                            FieldKind::List(_) => {
                                Value::List(vec![Value::Text(id.as_str().into())].into())
                            }
                            _ => Value::Text(id.as_str().into()),
                        };
                        let raw = match list {
                            None => Raw::Map(vec![(f.id.clone(), given)]),
                            Some(list) => Raw::Map(vec![(
                                list.id.clone(),
                                Raw::List(vec![Raw::Map(vec![(f.id.clone(), given)])]),
                            )]),
                        };
                        let r = records::from_raw(p, &raw);
                        assert!(
                            r.errors.iter().all(|e| !e.field.contains(f.id.as_str())),
                            "{year} {} {}: `{spelling}` refused: {:?}",
                            p.id,
                            f.id,
                            r.errors
                        );
                        let value = match list {
                            None => r.values[p.field_slot(&f.id).unwrap()].clone(),
                            Some(list) => {
                                item_value(&r.values[p.field_slot(&list.id).unwrap()], list, &f.id)
                            }
                        };
                        assert_eq!(value, want, "{year} {} {}: `{spelling}`", p.id, f.id);
                        read += 1;
                    }
                }
            }
        }
    }
    assert!(read > 300, "{read} spellings read");
    // The two the issue found rejected.
    let si = programme(2020, "software-integration");
    let f = &si.fields[si.field_slot("applicant_type").unwrap()];
    assert_eq!(f.enum_id("成长型").map(|s| &**s), Some("growth"));
    assert_eq!(f.enum_id("公共服务平台").map(|s| &**s), Some("platform"));
}

// ---------------------------------------------------------------------------------------
// Rules shared by every programme from a common file; the policy checks of the new keys.

/// A policies folder with one year of two programmes, `common` as its common file and
/// `extra` added to programme `a`.
fn year_with(common: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2030");
    std::fs::create_dir(&year).unwrap();
    std::fs::write(
        year.join("policy.yaml"),
        "year: 2030\ntitle: {zh: 测试}\nstatus: draft\ncommon: [common.yaml]\nprogrammes: [a.yaml, b.yaml]\n",
    )
    .unwrap();
    std::fs::write(year.join("common.yaml"), common).unwrap();
    std::fs::write(
        year.join("a.yaml"),
        format!(
            "id: a\neligibility:\n  - {{id: own, when: n > 1, cite: a, message: {{zh: a}}}}\n{extra}"
        ),
    )
    .unwrap();
    std::fs::write(
        year.join("b.yaml"),
        "id: b\neligibility:\n  - {id: own, when: n > 2, cite: b, message: {zh: b}}\n",
    )
    .unwrap();
    dir
}

const COMMON: &str = "fields:\n  - {id: id, type: text, required: true}\n  - {id: n, type: number}\n  - {id: ok, type: bool}\n  - {id: kinds, type: list, of: enum, values: [{id: x}, {id: y}]}\n";

fn load(dir: &tempfile::TempDir) -> Result<policy::Policy, Vec<fundpolicy::diag::Report>> {
    policy::load(&Source::Dir(dir.path().to_path_buf()), 2030)
}

fn codes(dir: &tempfile::TempDir) -> Vec<&'static str> {
    load(dir)
        .unwrap_err()
        .iter()
        .map(|r| r.code.as_str())
        .collect()
}

#[test]
fn common_rules_checks_flags_and_documents_apply_to_every_programme_first() {
    let dir = year_with(
        &format!(
            "{COMMON}eligibility:\n  - {{id: basic, when: ok, cite: 84号 二（一）1, message: {{zh: 基本条件}}}}\nchecks:\n  - {{id: small, when: n < 100, field: n, message: {{zh: 太大}}}}\nflags:\n  - {{id: big, when: n > 50, cite: x}}\ndocuments:\n  - {{id: form, label: {{zh: 申报表}}, cite: x}}\n"
        ),
        "",
    );
    let policy = load(&dir).unwrap();
    for p in &policy.programmes {
        let ids: Vec<&str> = p.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["basic", "own"], "{}", p.id);
        assert_eq!(p.checks[0].id, "small");
        assert_eq!(p.flags[0].id, "big");
        assert_eq!(p.documents[0].id, "form");
    }
    let b = policy.programme("b").unwrap();
    let raw = |n: &str, ok: &str| {
        Raw::Map(vec![
            ("id".into(), Raw::Text("R".into())),
            ("n".into(), Raw::Text(n.into())),
            ("ok".into(), Raw::Text(ok.into())),
        ])
    };
    let o = engine::evaluate(b, records::from_raw(b, &raw("60", "false")), Lang::En);
    assert_eq!(o.failed_rules(), ["basic"]);
    assert_eq!(o.flags(), ["big"]);
    let o = engine::evaluate(b, records::from_raw(b, &raw("100", "true")), Lang::En);
    assert_eq!(o.status, Status::Invalid);
    assert_eq!(o.errors()[0].code.as_str(), "input::check");
    // A programme may drop a shared rule by its id.
    let dir = year_with(
        &format!(
            "{COMMON}eligibility:\n  - {{id: basic, when: ok, cite: x, message: {{zh: 基本条件}}}}\n"
        ),
        "remove: [basic]\n",
    );
    let policy = load(&dir).unwrap();
    assert_eq!(policy.programme("a").unwrap().rules.len(), 1);
    assert_eq!(policy.programme("b").unwrap().rules.len(), 2);
}

#[test]
fn open_unique_and_flag_keys_are_checked_with_the_policy() {
    let with_fields =
        |fields: &str, flags: &str| year_with(&format!("{COMMON}{fields}{flags}"), "");
    // open without a flag: a value outside the list would pass unseen.
    let dir = with_fields(
        "  - {id: tags, type: list, of: enum, open: true, values: [{id: p}]}\n",
        "",
    );
    assert!(codes(&dir).contains(&"policy::open_flag"));
    // a flag without open
    let dir = with_fields(
        "  - {id: tags, type: list, of: enum, flag: odd, values: [{id: p}]}\n",
        "flags:\n  - {id: odd, cite: x}\n",
    );
    assert!(codes(&dir).contains(&"policy::open_flag"));
    // open on a field that is not an enum
    let dir = with_fields(
        "  - {id: note, type: text, open: true, flag: odd}\n",
        "flags:\n  - {id: odd, cite: x}\n",
    );
    assert!(codes(&dir).contains(&"policy::open"));
    // a flag that flags: does not declare, with a suggestion
    let dir = with_fields(
        "  - {id: tags, type: list, of: enum, open: true, flag: uncatalogue, values: [{id: p}]}\n",
        "flags:\n  - {id: uncatalogued, cite: x}\n",
    );
    let reports = load(&dir).unwrap_err();
    let r = reports
        .iter()
        .find(|r| r.code.as_str() == "policy::unknown_flag")
        .unwrap();
    assert!(
        r.help.as_deref().unwrap().contains("`uncatalogued`"),
        "{r:?}"
    );
    // a flag with no condition that no field raises
    let dir = with_fields("", "flags:\n  - {id: odd, cite: x}\n");
    assert!(codes(&dir).contains(&"policy::flag_never"));
    // unique on a list
    let dir = with_fields(
        "  - {id: tags, type: list, of: enum, unique: true, values: [{id: p}]}\n",
        "",
    );
    assert!(codes(&dir).contains(&"policy::unique"));
    // unique on an item of a list of records
    let dir = with_fields(
        "  - {id: loans, type: list, fields: [{id: bank, type: text, unique: true}]}\n",
        "",
    );
    assert!(codes(&dir).contains(&"policy::item_field"));
    // And a well-formed open field with its flag loads and raises it.
    let dir = with_fields(
        "  - {id: tags, type: list, of: enum, open: true, flag: odd, values: [{id: p}]}\n",
        "flags:\n  - {id: odd, cite: x, message: {zh: 目录外}}\n",
    );
    let policy = load(&dir).unwrap();
    let a = policy.programme("a").unwrap();
    let raw = Raw::Map(vec![
        ("id".into(), Raw::Text("R".into())),
        ("n".into(), Raw::Text("5".into())),
        ("tags".into(), Raw::Text("p;q".into())),
    ]);
    let o = engine::evaluate(a, records::from_raw(a, &raw), Lang::En);
    assert_eq!(o.status, Status::Eligible);
    assert_eq!(o.flags(), ["odd"]);
}

#[test]
fn the_2020_files_cite_their_documents() {
    let source = Source::Dir("policies".into());
    let policy = policy::load(&source, 2020).unwrap();
    for p in &policy.programmes {
        let basic: Vec<&str> = p.rules[..3].iter().map(|r| r.cite.as_str()).collect();
        assert_eq!(
            basic,
            ["84号 二（一）1", "84号 二（一）2", "84号 二（一）3"],
            "{}",
            p.id
        );
    }
    let loans = policy.programme("loan-interest").unwrap();
    for id in [
        "not_restricted",
        "credit",
        "operating_normally",
        "kept_staff",
        "revenue_drop",
        "interest_paid",
        "loan_in_period",
    ] {
        let rule = loans.rules.iter().find(|r| r.id == id).unwrap();
        assert!(
            rule.cite.starts_with("10号（公开摘要）"),
            "{id}: {}",
            rule.cite
        );
    }
    let cloud = policy.programme("cloud-award").unwrap();
    let scores = cloud.scores.as_ref().unwrap();
    for &slot in &scores.items {
        assert!(cloud.values[slot].cite.starts_with("附件3之附件2 评分标准"));
    }
    let text = source.read("2020/common.yaml").unwrap();
    let common: policy::model::ProgrammeFile = fundpolicy::yaml::from_file(&text).unwrap();
    assert!(
        common.tables[0].source.is_some(),
        "the regions table has a source"
    );
}
