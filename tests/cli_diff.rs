#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `diff` names every change a reader would see: a year copied from 2020 with its texts,
//! values and their spellings edited lists each edit, old → new, and says when only the
//! spelling of a value changed.

use assert_cmd::Command;
use std::path::Path;

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

/// Replaces the first `old` after `anchor` (which must occur exactly once) by `new`: anchored,
/// so that the edit survives the 2020 files being reformatted or gaining keys.
fn edit(file: &Path, anchor: &str, old: &str, new: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert_eq!(
        text.matches(anchor).count(),
        1,
        "`{anchor}` should occur once in {} (has the 2020 policy changed? update this edit)",
        file.display()
    );
    let from = text.find(anchor).unwrap();
    let at = from
        + text[from..]
            .find(old)
            .unwrap_or_else(|| panic!("no `{old}` after `{anchor}` in {}", file.display()));
    let edited = format!("{}{new}{}", &text[..at], &text[at + old.len()..]);
    std::fs::write(file, edited).unwrap();
}

/// Removes the one line holding `text`.
fn remove_line(file: &Path, text: &str) {
    let all = std::fs::read_to_string(file).unwrap();
    assert_eq!(
        all.lines().filter(|l| l.contains(text)).count(),
        1,
        "{text}"
    );
    let kept: Vec<&str> = all.lines().filter(|l| !l.contains(text)).collect();
    std::fs::write(file, kept.join("\n") + "\n").unwrap();
}

fn diff(policies: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("--policies")
        .arg(policies)
        .args(["diff", "2020", "2023"])
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// policies/2020 as 2020 and as 2023, the 2023 copy edited as policy staff would.
fn edited_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("policies/2020"), &dir.path().join("2020"));
    let y = dir.path().join("2023");
    copy_dir(Path::new("policies/2020"), &y);
    let manifest = y.join("policy.yaml");
    edit(&manifest, "year: 2020", "2020", "2023");
    edit(&manifest, "zh: 2020年重庆市", "2020", "2023");
    let cloud = y.join("cloud-award.yaml");
    // A rule message and the value it states.
    edit(&cloud, "上云投入须在10万元以上", "10万元", "100万元");
    edit(&cloud, "id: investment_min", "10万元", "100万元");
    // A score label, a document label, a check message.
    edit(&cloud, "id: usage\n", "zh: 企业用云量", "zh: 企业用云规模");
    edit(
        &cloud,
        "id: business_license",
        "营业执照复印件",
        "营业执照副本复印件",
    );
    edit(&cloud, "id: core_count", "than in total", "than there are");
    // The same values written otherwise.
    edit(&cloud, "share: 1 / 3", "1 / 3", "2 / 6");
    edit(&cloud, "size: 100", "20万元", "200000元");
    // A removed enum value.
    remove_line(&cloud, "id: 云桌面");
    let software = y.join("software-integration.yaml");
    edit(&software, "id: subsidy_cap", "100万元", "1000000元");
    // A rule's cite, a flag's message, the programme's English title.
    edit(&software, "id: audit_report\n", "（5）", "（五）");
    edit(
        &software,
        "priority: reported to the monitoring platform",
        "reported to",
        "reports filed on",
    );
    edit(
        &software,
        "Software integration subsidy",
        "subsidy",
        "grant",
    );
    // A value another item names: the award's cap reads `subsidy_cap`.
    let loan = y.join("loan-interest.yaml");
    edit(&loan, "id: subsidy_cap", "30万元", "40万元");
    // An interpretation.
    edit(
        &loan,
        "「7月10日前报送」",
        "当天报送仍有效",
        "当天报送已逾期",
    );
    let common = y.join("common.yaml");
    // An enum alias, a field's help, a table group.
    edit(&common, "id: 万州,", "万州区]", "万州区, 万县]");
    edit(
        &common,
        "18位，符合GB 32100-2015校验码",
        "18位，符合GB 32100-2015校验码",
        "18位统一社会信用代码",
    );
    edit(&common, "渝东北:", "巫溪]", "巫溪, 黔江]");
    edit(&common, "渝东南:", "黔江, ", "");
    dir
}

#[test]
fn every_edit_of_a_copied_year_is_listed_old_and_new() {
    let dir = edited_copy();
    let zh = diff(dir.path(), &[]);
    let expected = [
        "  标题（中文）：\n    原：2020年重庆市中小微企业发展专项资金项目申报\n    现：2023年重庆市中小微企业发展专项资金项目申报\n",
        "~ 资格规则 investment\n        提示（中文）：上云投入须在10万元以上 → 上云投入须在100万元以上\n",
        "~ 参数 上云投入下限（10万元以上）（investment_min）\n        值：10万元 → 100万元\n",
        "~ 评分项 企业用云规模（usage）\n        名称（中文）：企业用云量 → 企业用云规模\n",
        "~ 申报材料 营业执照副本复印件（business_license）\n        名称（中文）：营业执照复印件 → 营业执照副本复印件\n",
        "~ 校验 core_count\n        提示（英文）：\n          原：more core systems on the cloud than in total\n          现：more core systems on the cloud than there are\n",
        "配额比例：1 / 3 → 2 / 6（数值相同，仅写法不同）",
        "第1档：100 × 20万元 → 100 × 200000元（数值相同，仅写法不同）",
        "~ 参数 每个项目补助上限（subsidy_cap）\n        值：100万元 → 1000000元（数值相同，仅写法不同）\n",
        "~ 资格规则 audit_report\n        出处：",
        "~ 标记 priority\n        提示（英文）：\n          原：priority: reported to the monitoring platform\n          现：priority: reports filed on the monitoring platform\n",
        "~ 项目 软件集成应用（software-integration）\n        标题（英文）：Software integration subsidy → Software integration grant\n",
        "~ 参数 报送截止日（deadline）\n        解释：\n          原：「7月10日前报送」读作7月10日当天报送仍有效。\n          现：「7月10日前报送」读作7月10日当天报送已逾期。\n",
        "~ 可选值 district.万州\n        别名：增 万县\n",
        "~ 字段 统一社会信用代码（credit_code）\n        填写说明（中文）：18位，符合GB 32100-2015校验码 → 18位统一社会信用代码\n",
        "~ 对照表 一区两群（regions）\n        分组「渝东北」：增 黔江\n        分组「渝东南」：删 黔江\n",
        "- 可选值 mgmt_systems_on_cloud.云桌面\n",
        "~ 参数 每户贴息上限（subsidy_cap）\n        值：30万元 → 40万元\n",
        "~ 奖补 award\n        封顶：subsidy_cap（= 30万元） → subsidy_cap（= 40万元）\n",
    ];
    for line in expected {
        assert!(zh.contains(line), "missing\n{line}\nin\n{zh}");
    }
    // Each programme still counts what did not change; nothing else is reported.
    assert_eq!(zh.matches("项未变）").count(), 3, "{zh}");
    assert_eq!(zh.matches("\n    ~ ").count(), 22, "{zh}");
    assert!(!zh.contains("\n    + "), "{zh}");
    assert_eq!(zh.matches("\n    - ").count(), 1, "{zh}");

    let en = diff(dir.path(), &["--lang", "en"]);
    for line in [
        "message (zh): 上云投入须在10万元以上 → 上云投入须在100万元以上",
        "value: 100万元 → 1000000元 (same value, written differently)",
        "quota share: 1 / 3 → 2 / 6 (same value, written differently)",
        "aliases: added 万县",
        "group 渝东南: removed 黔江",
        "help (zh): 18位，符合GB 32100-2015校验码 → 18位统一社会信用代码",
    ] {
        assert!(en.contains(line), "missing\n{line}\nin\n{en}");
    }
}

#[test]
fn diff_as_json_lists_each_change_with_programme_kind_id_key_old_and_new() {
    let dir = edited_copy();
    let doc: serde_json::Value =
        serde_json::from_str(&diff(dir.path(), &["--format", "json"])).unwrap();
    assert_eq!(doc["from"]["year"], 2020);
    assert_eq!(doc["to"]["year"], 2023);
    assert_ne!(doc["from"]["digest"], doc["to"]["digest"]);
    let changes = doc["changes"].as_array().unwrap();
    let find = |programme: &str, kind: &str, id: &str, key: &str| {
        changes
            .iter()
            .find(|c| {
                c["programme"] == programme && c["kind"] == kind && c["id"] == id && c["key"] == key
            })
            .unwrap_or_else(|| panic!("no change {programme} {kind} {id} {key} in {changes:#?}"))
    };
    let c = find("cloud-award", "rule", "investment", "message.zh");
    assert_eq!(c["change"], "changed");
    assert_eq!(c["old"], "上云投入须在10万元以上");
    assert_eq!(c["new"], "上云投入须在100万元以上");
    let c = find("software-integration", "param", "subsidy_cap", "value");
    assert_eq!(
        (&c["old"], &c["new"]),
        (&"100万元".into(), &"1000000元".into())
    );
    assert_eq!(c["same_value"], true);
    let c = find("cloud-award", "param", "investment_min", "value");
    assert_eq!(c["same_value"], false);
    let c = find("cloud-award", "allocation", "allocation", "quota.share");
    assert_eq!((&c["old"], &c["new"]), (&"1 / 3".into(), &"2 / 6".into()));
    let c = find("loan-interest", "enum_value", "district.万州", "aliases");
    assert_eq!(c["old"], serde_json::json!(["万州区"]));
    assert_eq!(c["new"], serde_json::json!(["万县", "万州区"]));
    find("cloud-award", "document", "business_license", "label.zh");
    find("cloud-award", "score_item", "usage", "label.zh");
    find("loan-interest", "param", "deadline", "interpretation");
    let c = find("software-integration", "rule", "audit_report", "cite");
    assert!(c["old"].as_str().unwrap().ends_with("（5）"), "{c}");
    assert!(c["new"].as_str().unwrap().ends_with("（五）"), "{c}");
    find("software-integration", "field", "credit_code", "help.zh");
    let year = changes
        .iter()
        .find(|c| c["kind"] == "year" && c["key"] == "title.zh")
        .unwrap();
    assert!(year["programme"].is_null());
    assert!(doc["unchanged"]["cloud-award"].as_u64().unwrap() > 100);
}

#[test]
fn the_same_year_shows_no_change() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("policies/2020"), &dir.path().join("2020"));
    copy_dir(Path::new("policies/2020"), &dir.path().join("2023"));
    edit(
        &dir.path().join("2023/policy.yaml"),
        "year: 2020",
        "2020",
        "2023",
    );
    let out = diff(dir.path(), &["--lang", "en"]);
    // The two policy lines, the years, the title's two languages and each programme's count.
    assert_eq!(out.lines().count(), 9, "{out}");
    assert!(!out.contains(" ~ ") && !out.contains(" + ") && !out.contains(" - "));
}

#[test]
fn json_names_programmes_added_and_removed_and_the_keys_of_a_new_item() {
    let json = |from: &str, to: &str| -> serde_json::Value {
        let out = Command::cargo_bin("fundpolicy")
            .unwrap()
            .args(["diff", from, to, "--format", "json"])
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    let forward = json("2020", "2021");
    let changes = forward["changes"].as_array().unwrap();
    let removed = changes
        .iter()
        .find(|c| c["kind"] == "programme" && c["id"] == "cloud-award")
        .unwrap();
    assert_eq!(removed["change"], "removed");
    assert!(removed["new"].is_null());
    assert!(
        removed["old"]["title.zh"]
            .as_str()
            .unwrap()
            .contains("上云")
    );
    // A new rule comes with everything it says.
    let added = changes
        .iter()
        .find(|c| c["kind"] == "rule" && c["change"] == "added")
        .unwrap();
    assert!(added["key"].is_null() && added["old"].is_null());
    for key in ["condition", "message.zh", "message.en", "cite"] {
        assert!(added["new"][key].is_string(), "{key} in {added}");
    }
    let status = changes.iter().find(|c| c["key"] == "status").unwrap();
    assert_eq!(
        (&status["old"], &status["new"]),
        (&"published".into(), &"draft".into())
    );

    let backward = json("2021", "2020");
    let added = backward["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "programme" && c["id"] == "loan-interest")
        .unwrap();
    assert_eq!(added["change"], "added");
    assert!(added["old"].is_null());
}

/// The keys that decide who may be paid more than once, which catalogue is open, and where
/// a table comes from are changes a reader must see too.
#[test]
fn unique_open_lists_interpretations_and_table_sources_are_compared() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("policies/2020"), &dir.path().join("2020"));
    let y = dir.path().join("2023");
    copy_dir(Path::new("policies/2020"), &y);
    edit(&y.join("policy.yaml"), "year: 2020", "2020", "2023");
    let cloud = y.join("cloud-award.yaml");
    edit(
        &cloud,
        "  - id: credit_code\n",
        "unique: true",
        "unique: false",
    );
    edit(
        &cloud,
        "id: mgmt_systems_on_cloud",
        "open: true",
        "open: false",
    );
    edit(
        &cloud,
        "id: mgmt_systems_on_cloud",
        "flag: uncatalogued",
        "",
    );
    edit(
        &cloud,
        "id: mgmt_systems_on_cloud",
        "interpretation: ",
        "interpretation: 修订：",
    );
    edit(
        &y.join("common.yaml"),
        "  - id: regions",
        "source: >-",
        "source: >-\n      修订：",
    );
    let en = diff(dir.path(), &["--lang", "en"]);
    for line in [
        "~ field credit_code (Unified social credit code)\n        unique in a batch: yes → (none)",
        "~ field mgmt_systems_on_cloud (management systems on the cloud)\n        open list (flag for unlisted values): uncatalogued → (none)",
        "~ table regions (Regions of Chongqing)",
    ] {
        assert!(en.contains(line), "missing\n{line}\nin\n{en}");
    }
    assert!(en.contains("interpretation:"), "{en}");
    assert!(en.contains("source:"), "{en}");
}

/// The document a year or a programme is drawn from is a change a reader must see; the
/// text starts with both years' policy lines, in both languages.
#[test]
fn the_years_and_a_programmes_source_are_compared_and_both_policies_named() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("policies/2020"), &dir.path().join("2020"));
    let y = dir.path().join("2023");
    copy_dir(Path::new("policies/2020"), &y);
    let manifest = y.join("policy.yaml");
    edit(&manifest, "year: 2020", "2020", "2023");
    edit(&manifest, "source: ", "notice-2020.txt", "notice-2023.txt");
    edit(
        &y.join("loan-interest.yaml"),
        "source: 渝财产业〔2020〕10号",
        "（公开摘要）",
        "（全文）",
    );
    let en = diff(dir.path(), &["--lang", "en"]);
    let root = dir.path().display().to_string();
    let mut lines = en.lines();
    for year in ["2020", "2023"] {
        let line = lines.next().unwrap();
        assert!(
            line.starts_with(&format!("Policy: {year}, {root} (sha256:")),
            "{line}"
        );
    }
    assert_eq!(lines.next(), Some("2020 → 2023"));
    for line in [
        "  source:\n    was: 重庆市经济和信息化委员会 2020年中小微企业发展专项资金项目申报通知（notice-2020.txt）\n    now: 重庆市经济和信息化委员会 2020年中小微企业发展专项资金项目申报通知（notice-2023.txt）\n",
        "~ programme loan-interest (COVID-period loan interest subsidy)\n        source: 渝财产业〔2020〕10号（公开摘要） → 渝财产业〔2020〕10号（全文）\n",
    ] {
        assert!(en.contains(line), "missing\n{line}\nin\n{en}");
    }
    let zh = diff(dir.path(), &[]);
    assert!(
        zh.starts_with(&format!("政策：2020年 {root}（sha256:")),
        "{zh}"
    );
    assert!(
        zh.lines()
            .nth(1)
            .unwrap()
            .starts_with(&format!("政策：2023年 {root}（sha256:")),
        "{zh}"
    );
    assert!(
        zh.contains(
            "~ 项目 新冠肺炎疫情期间制造类中小微企业贷款贴息（loan-interest）\n        来源："
        ),
        "{zh}"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&diff(dir.path(), &["--format", "json"])).unwrap();
    let changes = doc["changes"].as_array().unwrap();
    let year = changes
        .iter()
        .find(|c| c["kind"] == "year" && c["key"] == "source")
        .unwrap();
    assert!(
        year["new"]
            .as_str()
            .unwrap()
            .ends_with("（notice-2023.txt）")
    );
    let programme = changes
        .iter()
        .find(|c| c["kind"] == "programme" && c["key"] == "source")
        .unwrap();
    assert_eq!(programme["programme"], "loan-interest");
    assert_eq!(programme["new"], "渝财产业〔2020〕10号（全文）");
}
