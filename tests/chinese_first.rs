#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! 中文优先 (issue 18): a corpus of broken policies and bad inputs — the guide's common
//! mistakes, the example applications, tests/data, bad CSV cells, unknown columns, hostile ids —
//! goes through `check`, `evaluate --format table`, `explain`, `diff` and `test`.
//!
//! In zh no English sentence may remain: no run of 3 or more ASCII words of letters, once
//! backticked text, ids and codes (`policy::score_bound`, `revenue_2019`, `cloud-award`), file
//! paths, numbers and policy data are taken out. Policy data is any text of the files read (the
//! policy files without their comments, the test cases, the inputs): a test case's English
//! name or an enum id is the staff's own words, not the program's.
//! In en no CJK text may remain outside policy data: a run of Chinese characters or full-width
//! punctuation that the files read do not hold. The units 元, 万元 and 亿元 may follow an amount.
//! Lines that quote a file (the numbered source lines under a diagnostic) are the file's text.

#[path = "support/mistakes.rs"]
mod mistakes;

use mistakes::{broken_folder, copy_dir, mistakes, root};
use std::collections::{BTreeMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

// ───────────────────────────── what counts as English / Chinese ─────────────────────────────

/// Text between backticks is what the user types or reads literally (a key, a character):
/// blanked out, byte for byte, so the places in the line stay where they were.
fn without_backticked(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut inside = false;
    for c in line.chars() {
        if c == '`' {
            inside = !inside;
            out.push(' ');
        } else if inside {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// The whitespace-separated tokens of a line with their byte ranges.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// A numbered line of a file under a diagnostic (` 126 │     when：…`), or a table border.
fn quotes_a_file(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && t[digits..].trim_start().starts_with('│')
}

/// An id, a code or a path: `a::b`, `snake_case`, `kebab-case`, `dir/file.yaml`, `sha256:…`,
/// a place in a file (`a.csv:3`, `book.xlsx:申报表!S14`).
fn is_code(token: &str) -> bool {
    let t = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
    t.contains("::")
        || t.contains('_')
        || t.contains('/')
        || t.contains('\\')
        || t.starts_with("sha256")
        || (t.contains('-')
            && t.split('-')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric())))
        || [
            ".yaml", ".yml", ".csv", ".json", ".jsonl", ".xlsx", ".txt", ".md",
        ]
        .iter()
        .any(|e| t.to_ascii_lowercase().contains(e))
}

/// An ASCII word of letters, once the punctuation around it is taken off.
fn word(token: &str) -> Option<&str> {
    let t = token.trim_matches(|c: char| c.is_ascii_punctuation());
    (!t.is_empty() && t.chars().all(|c| c.is_ascii_alphabetic() || c == '\''))
        .then_some(t)
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
}

/// The text of the files a run reads, and its runs of CJK characters.
struct Data {
    text: String,
    cjk: HashSet<String>,
    /// The keys of the files (`message`, `when`) and the ids they give (`id: growth`).
    idents: HashSet<String>,
}

impl Data {
    fn new(text: String) -> Self {
        let cjk = cjk_runs(&text).into_iter().collect();
        let idents = idents(&text);
        Data { text, cjk, idents }
    }
}

/// Every `key:` of the text and every value written after `id:`.
fn idents(text: &str) -> HashSet<String> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut out = HashSet::new();
    for (i, _) in text.match_indices(':') {
        let before = &text[..i];
        let key = &before[before.trim_end_matches(is_ident).len()..];
        if key.starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.insert(key.to_string());
        }
        if key == "id" {
            let after = text[i + 1..].trim_start_matches([' ', '"', '\'']);
            let value: String = after.chars().take_while(|c| is_ident(*c)).collect();
            if !value.is_empty() {
                out.insert(value);
            }
        }
    }
    out
}

/// The English sentences of a zh line: runs of 3+ words not found in the data.
fn english_runs(line: &str, data: &Data) -> Vec<String> {
    if quotes_a_file(line) {
        return Vec::new();
    }
    let text = without_backticked(line);
    let mut runs = Vec::new();
    // The words of the current run and where it starts and ends in the line.
    let mut run: Vec<&str> = Vec::new();
    let mut span = (0, 0);
    let mut close = |run: &mut Vec<&str>, span: (usize, usize)| {
        // Policy data is found as written, commas and brackets included.
        // A list of keys or ids (`id, when, message`) names things; it says nothing.
        if run.len() >= 3
            && !data.text.contains(&line[span.0..span.1])
            && !run.iter().all(|w| data.idents.contains(*w))
        {
            runs.push(run.join(" "));
        }
        run.clear();
    };
    for (start, end) in tokens(&text) {
        let token = &text[start..end];
        // A token with a mark inside (`(label、cite)`) is not English: it ends the run.
        match word(token) {
            Some(w) if !is_code(token) => {
                let lead = token.len()
                    - token
                        .trim_start_matches(|c: char| c.is_ascii_punctuation())
                        .len();
                let trail = token.len()
                    - token
                        .trim_end_matches(|c: char| c.is_ascii_punctuation())
                        .len();
                if run.is_empty() {
                    span.0 = start + lead;
                }
                span.1 = end - trail;
                run.push(w);
                // Punctuation that ends a sentence ends the run.
                if token.ends_with(['.', ';', ':', '?', '!']) {
                    close(&mut run, span);
                }
            }
            _ => close(&mut run, span),
        }
    }
    close(&mut run, span);
    runs
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'      // radicals
        | '\u{3000}'..='\u{303F}'    // CJK symbols and punctuation (、。「」【】…)
        | '\u{3040}'..='\u{30FF}'    // kana
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}') // full-width forms （），：
}

/// Runs of CJK characters, cut where an ASCII character or a non-CJK symbol stands.
fn cjk_runs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else if !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// The Chinese of an en line that the data does not hold (units after an amount aside), by
/// the whitespace-separated word holding it. A word of 4 characters or more, or one mixing
/// Chinese with other characters (`form、loan`, `条件1、3`), is data when the files hold it
/// anywhere; a short word of Chinese only (`无效`) must be a whole run of the files'
/// Chinese, so a word of the program's is not excused by a longer policy text holding it.
fn chinese_runs(line: &str, data: &Data) -> Vec<String> {
    if quotes_a_file(line) {
        return Vec::new();
    }
    let text = without_backticked(line);
    let mut out = Vec::new();
    for (start, end) in tokens(&text) {
        let token = &text[start..end];
        // A place such as `book.xlsx:申报表!S14` names the input's own sheet: a path, not words.
        if is_code(token) || !token.chars().any(is_cjk) {
            continue;
        }
        let core = token.trim_matches(|c: char| c.is_ascii_punctuation());
        let runs = cjk_runs(core);
        if runs
            .iter()
            .all(|r| matches!(r.as_str(), "元" | "万元" | "亿元"))
        {
            continue;
        }
        let short_chinese = core.chars().count() < 4 && core.chars().all(is_cjk);
        let held = if short_chinese {
            runs.iter().all(|r| data.cjk.contains(r))
        } else {
            data.text.contains(core)
        };
        if !held {
            out.push(core.to_string());
        }
    }
    out
}

#[test]
fn the_definitions_find_what_they_should() {
    let data = &Data::new(
        "a large enterprise is not an SME\n成长型企业 万州区\n申报无效，并指明 二（二）1".into(),
    );
    assert_eq!(
        english_runs("× the total can reach 105, more than max_score 100", data),
        ["the total can reach"]
    );
    assert_eq!(
        english_runs("  help: did you mean `revenue_max`?", data),
        ["did you mean"]
    );
    // Codes, ids, paths, backticked text, quoted file lines and policy data are not English.
    assert!(english_runs("policy::score_bound", data).is_empty());
    let keys = &Data::new("- {id: growth, when: x}\nmessage: y\ncite: z\n".into());
    assert!(english_runs("可用的键：id, when, message, cite", keys).is_empty());
    assert!(english_runs("allowed: growth, when, message", keys).is_empty());
    assert_eq!(english_runs("message at most", keys), ["message at most"]);
    assert!(english_runs("  × `cloud-award` 的 `max_score` 是 100", data).is_empty());
    assert!(english_runs("╭─[policies/2020/cloud-award.yaml:126:9]", data).is_empty());
    assert!(english_runs(" 126 │     mesage: it is not here at all", data).is_empty());
    assert!(english_runs("ok   测试 — a large enterprise is not an SME", data).is_empty());
    assert!(
        english_runs(
            "ok  x.yaml:3  p — every item, by hand",
            &Data::new("every item, by hand".into())
        )
        .is_empty()
    );
    assert_eq!(
        english_runs(
            "x — every item by hand",
            &Data::new("every item, by hand".into())
        ),
        ["every item by hand"]
    );
    assert!(english_runs("修改：字段 `credit_blacklisted`（label、cite）", data).is_empty());
    assert!(english_runs("2020 cloud-award：通过", data).is_empty());
    // In en, Chinese that the data holds and units pass; the program's own Chinese does not.
    assert!(chinese_runs("district: 万州区, applicant type 成长型企业", data).is_empty());
    assert!(chinese_runs("award at most 1000000元 (100万元)", data).is_empty());
    assert!(chinese_runs("`：` is a full-width colon", data).is_empty());
    assert!(chinese_runs("at book.xlsx:申报表!S14: no value", data).is_empty());
    assert_eq!(chinese_runs("政策：2020 policies", data), ["政策：2020"]);
    assert_eq!(
        chinese_runs("application form、loan contracts", data),
        ["form、loan"]
    );
    assert_eq!(
        chinese_runs("tier 1 [二（二）1] 万州区, 成长型企业", data),
        Vec::<String>::new()
    );
    // A short word of the program's is not excused by a longer text of the policy holding it.
    assert_eq!(chinese_runs("status 无效 (invalid)", data), ["无效"]);
}

// ───────────────────────────────────────── the corpus ─────────────────────────────────────────

/// One run of the binary: which command (for the counts), a name, where it runs and its
/// arguments (without `--lang`).
struct Case {
    command: &'static str,
    name: String,
    dir: PathBuf,
    args: Vec<OsString>,
}

fn args(list: &[&str]) -> Vec<OsString> {
    list.iter().map(OsString::from).collect()
}

/// The policies of the repository (2020, 2021) plus a 2023 draft made as the guide's section 7
/// shows, and the bad inputs, in one folder.
struct Workspace {
    dir: tempfile::TempDir,
    /// Broken policy folders of the guide's mistakes, kept alive while the cases run.
    broken: Vec<(String, tempfile::TempDir)>,
}

const BAD_CSV: &str = "\
id,district,company_size,revenue_2019,applicant_type,in_key_software_catalog,submitted_date,credit_code,audit_report,revenu_2019,
S01,渝北区,medium,not a number,growth,true,2020-01-01,91500000000000000X,maybe,100,
S02,火星,巨型,12.5亿,startup,yes,2020/13/45,123,true,1,
=cmd|' /C calc'!A0,南岸,small,100,growth,true,,,true,,
\u{202E}evil\u{202C},南岸,small,100,growth,true,,,true,,
\"A\u{1b}[31mred\",南岸,small,100,growth,true,,,true,,
S01,南岸,small,100,growth,true,,,true,,
,南岸,small,100,growth,true,,,true,,
S09,南岸,small,1e400,growth,true,,,true,,,,extra
S10,南岸,small,\"50\"00,growth,true,,,true,,
";

const BAD_JSON: &str = r#"[
 {"id": "J1", "id": "J2", "district": "万州", "revenue_2019": true, "company_size": ["small"]},
 {"id": "J3", "revenue_2019": "36433.87万元", "cloud_investment": "25万", "cloud_contract_date": "2019-02-30"},
 {"id": "J4", "loans": [{"principal": -5}], "mgmt_systems_on_cloud": ["云办公", "云办公"]},
 "not a record"
]"#;

const BAD_TESTS: &str = "\
programme: cloud-award
base: {id: K, district: 万州, company_size: small, revenue_2019: 5000, cloud_investment: 25}
cases:
  - name: 期望与结果不同
    record: {cloud_investment: 5}
    expect: {status: eligible, award: 200000.00, tier: 1, flags: [quota]}
  - name: 写错的预期
    record: {}
    expect: {tier: one, awarded: yes, flags: demoted, statuss: eligible}
  - name: 没有预期
    record: {}
  - name: 没有申报
    expect: {status: eligible}
  - name: 生成的编号写错
    generate: [{count: 3, id: \"T{n:x}\"}]
    expect: {}
";

/// The guide's 2023 example (section 7): a year extending 2020 with a few changes.
const Y2023_POLICY: &str = "year: 2023\ntitle: {zh: 2023年（草案）, en: 2023 (draft)}\nstatus: draft\nextends: 2020\nprogrammes: [cloud-award.yaml]\nremove_programmes: [loan-interest]\n";
const Y2023_CLOUD: &str = "\
id: cloud-award
params:
  - {id: investment_min, value: 15万元}
eligibility:
  - id: investment
    message: {zh: 上云投入须在15万元以上}
fields:
  - {id: green_certified, type: bool, label: {zh: 获得绿色数据中心认证, en: green data centre certified}}
scores:
  max_score: 105
  items:
    - {id: green, formula: 'if green_certified then 5 else 0', cap: 5, cite: 2023年通知 附件2, label: {zh: 绿色认证, en: green certification}}
allocation:
  tiers:
    - {amount: 25万元}
remove: [smart_mfg_form]
";

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        for year in ["2020", "2021"] {
            copy_dir(
                &root().join("policies").join(year),
                &p.join("policies").join(year),
            );
        }
        std::fs::create_dir_all(p.join("policies/2023")).unwrap();
        std::fs::write(p.join("policies/2023/policy.yaml"), Y2023_POLICY).unwrap();
        std::fs::write(p.join("policies/2023/cloud-award.yaml"), Y2023_CLOUD).unwrap();
        // A year folder whose tests are wrong and malformed (a copy of 2020).
        copy_dir(&root().join("policies/2020"), &p.join("badtests/2020"));
        std::fs::write(p.join("badtests/2020/tests/bad.yaml"), BAD_TESTS).unwrap();
        copy_dir(&root().join("tests/data/rounding"), &p.join("rounding"));
        let inputs = p.join("inputs");
        std::fs::create_dir_all(&inputs).unwrap();
        std::fs::write(inputs.join("bad.csv"), BAD_CSV).unwrap();
        std::fs::write(inputs.join("bad.json"), BAD_JSON).unwrap();
        std::fs::write(
            inputs.join("garbage.csv"),
            b"\xff\xfe\x00\x01binary\x00\x00",
        )
        .unwrap();
        let (gbk, _, _) =
            encoding_rs::GBK.encode("id,所属区县,企业规模\nG1,万州,小型\nG2,巫山,超大\n");
        std::fs::write(inputs.join("gbk.csv"), gbk).unwrap();
        for f in ["loans-zh.csv", "gen-cloud-award-300.csv"] {
            std::fs::copy(root().join("tests/data").join(f), inputs.join(f)).unwrap();
        }
        std::fs::copy(
            root().join("tests/data/fuzz/xlsx-cell-reference-overflow.xlsx"),
            inputs.join("overflow.xlsx"),
        )
        .unwrap();
        let broken = mistakes()
            .iter()
            .map(|m| (m.id.to_string(), broken_folder(m)))
            .collect();
        Workspace { dir, broken }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Every text the runs read: the policy files without comments, the test cases, inputs.
    fn data(&self) -> Data {
        let mut out = String::new();
        let mut files = Vec::new();
        walk(self.path(), &mut files);
        for (_, b) in &self.broken {
            walk(b.path(), &mut files);
        }
        for f in files {
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            let text = match std::str::from_utf8(&bytes) {
                Ok(t) => t.to_string(),
                Err(_) => encoding_rs::GBK.decode(&bytes).0.into_owned(),
            };
            let yaml = f.extension().is_some_and(|e| e == "yaml" || e == "yml");
            for line in text.lines() {
                // The comments of a policy file are for its authors; no program output quotes them.
                let line = if yaml && line.trim_start().starts_with('#') {
                    ""
                } else if yaml {
                    line.split(" # ").next().unwrap_or(line)
                } else {
                    line
                };
                out.push_str(line);
                out.push('\n');
            }
        }
        Data::new(out)
    }

    fn cases(&self) -> Vec<Case> {
        let here = self.path().to_path_buf();
        let mut cases = Vec::new();
        let mut add = |command: &'static str, name: &str, dir: &Path, a: &[&str]| {
            cases.push(Case {
                command,
                name: name.to_string(),
                dir: dir.to_path_buf(),
                args: args(a),
            });
        };
        for (id, dir) in &self.broken {
            add(
                "check",
                id,
                dir.path(),
                &["--policies", "policies", "check"],
            );
        }
        add(
            "check",
            "bundled",
            &here,
            &["--policies", "policies", "check"],
        );
        add(
            "check",
            "unknown year",
            &here,
            &["--policies", "policies", "check", "--year", "1999"],
        );
        add(
            "check",
            "no such folder",
            &here,
            &["--policies", "nowhere", "check"],
        );

        let ev = |p: &'static str, input: &'static str| -> Vec<&'static str> {
            vec![
                "--policies",
                "policies",
                "evaluate",
                "--year",
                "2020",
                "--programme",
                p,
                input,
                "--format",
                "table",
            ]
        };
        for (p, input) in [
            ("cloud-award", "policies/2020/examples/cloud-award.yaml"),
            (
                "cloud-award",
                "policies/2020/examples/cloud-award-batch.jsonl",
            ),
            ("loan-interest", "policies/2020/examples/loan-interest.yaml"),
            ("loan-interest", "policies/2020/examples/loan-interest.xlsx"),
            (
                "software-integration",
                "policies/2020/examples/software-integration.yaml",
            ),
            ("loan-interest", "inputs/loans-zh.csv"),
            ("cloud-award", "inputs/gen-cloud-award-300.csv"),
            ("software-integration", "inputs/bad.csv"),
            ("cloud-award", "inputs/bad.json"),
            ("loan-interest", "inputs/bad.json"),
            ("cloud-award", "inputs/gbk.csv"),
            ("cloud-award", "inputs/garbage.csv"),
            ("cloud-award", "inputs/overflow.xlsx"),
            ("cloud-award", "inputs/missing.csv"),
            ("cloud_award", "policies/2020/examples/cloud-award.yaml"),
        ] {
            add("evaluate", &format!("{p} {input}"), &here, &ev(p, input));
        }
        let mut strict = ev("software-integration", "inputs/bad.csv");
        strict.push("--strict");
        add("evaluate", "strict bad.csv", &here, &strict);

        let ex = |p: &'static str, input: &'static str, id: &'static str| -> Vec<&'static str> {
            vec![
                "--policies",
                "policies",
                "explain",
                "--year",
                "2020",
                "--programme",
                p,
                input,
                "--id",
                id,
            ]
        };
        for (p, input, id) in [
            (
                "cloud-award",
                "policies/2020/examples/cloud-award.yaml",
                "K01",
            ),
            (
                "cloud-award",
                "policies/2020/examples/cloud-award.yaml",
                "K05",
            ),
            (
                "cloud-award",
                "policies/2020/examples/cloud-award.yaml",
                "K10",
            ),
            (
                "loan-interest",
                "policies/2020/examples/loan-interest.yaml",
                "L01",
            ),
            (
                "loan-interest",
                "policies/2020/examples/loan-interest.yaml",
                "L04",
            ),
            (
                "software-integration",
                "policies/2020/examples/software-integration.yaml",
                "S05",
            ),
            (
                "software-integration",
                "policies/2020/examples/software-integration.yaml",
                "S11",
            ),
            ("software-integration", "inputs/bad.csv", "S02"),
            ("cloud-award", "inputs/bad.json", "J3"),
            (
                "cloud-award",
                "policies/2020/examples/cloud-award.yaml",
                "NOPE",
            ),
        ] {
            add(
                "explain",
                &format!("{p} {input} {id}"),
                &here,
                &ex(p, input, id),
            );
        }

        add(
            "diff",
            "2020 2021",
            &here,
            &["--policies", "policies", "diff", "2020", "2021"],
        );
        add(
            "diff",
            "2020 2023",
            &here,
            &["--policies", "policies", "diff", "2020", "2023"],
        );
        add(
            "diff",
            "rounding",
            &here,
            &["--policies", "rounding", "diff", "2020", "2021"],
        );
        add(
            "diff",
            "unknown year",
            &here,
            &["--policies", "policies", "diff", "2020", "1999"],
        );

        add(
            "test",
            "bundled",
            &here,
            &["--policies", "policies", "test"],
        );
        add(
            "test",
            "coverage",
            &here,
            &[
                "--policies",
                "policies",
                "test",
                "--year",
                "2020",
                "--coverage",
            ],
        );
        add(
            "test",
            "bad cases",
            &here,
            &["--policies", "badtests", "test"],
        );
        add(
            "test",
            "no cases",
            &here,
            &["--policies", "rounding", "test"],
        );
        cases
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_none_or(|e| e != "xlsx") {
            out.push(p);
        }
    }
}

/// Standard output and standard error of one run, as lines.
fn run(case: &Case, lang: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_fundpolicy"))
        .current_dir(&case.dir)
        .arg("--lang")
        .arg(lang)
        .args(&case.args)
        .env("NO_COLOR", "1")
        .env_remove("FUNDPOLICY_LANG")
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{} {}: crashed ({:?})",
        case.command,
        case.name,
        out.status
    );
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    text.lines().map(String::from).collect()
}

/// Runs the corpus in `lang` and returns the offending lines by command.
fn offending(
    lang: &str,
    find: fn(&str, &Data) -> Vec<String>,
) -> BTreeMap<&'static str, Vec<String>> {
    let ws = Workspace::new();
    let data = ws.data();
    let mut by_command: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for case in ws.cases() {
        let lines = by_command.entry(case.command).or_default();
        for line in run(&case, lang) {
            let found = find(&line, &data);
            if !found.is_empty() {
                lines.push(format!(
                    "[{}] {}    ⟵ {}",
                    case.name,
                    line.trim(),
                    found.join(" | ")
                ));
            }
        }
    }
    by_command
}

fn report(lang: &str, by_command: &BTreeMap<&'static str, Vec<String>>) -> String {
    let mut out = String::new();
    for (command, lines) in by_command {
        out.push_str(&format!(
            "{command} --lang {lang}: {} line(s)\n",
            lines.len()
        ));
    }
    for (command, lines) in by_command {
        for l in lines {
            out.push_str(&format!("  {command} {l}\n"));
        }
    }
    out
}

#[test]

fn zh_output_holds_no_english_sentence() {
    let found = offending("zh", english_runs);
    let total: usize = found.values().map(Vec::len).sum();
    assert!(
        total == 0,
        "{total} line(s) of zh output hold English:\n{}",
        report("zh", &found)
    );
}

#[test]

fn en_output_holds_no_chinese_outside_policy_data() {
    let found = offending("en", chinese_runs);
    let total: usize = found.values().map(Vec::len).sum();
    assert!(
        total == 0,
        "{total} line(s) of en output hold Chinese that is not policy data:\n{}",
        report("en", &found)
    );
}
