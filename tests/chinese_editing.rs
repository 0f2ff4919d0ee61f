#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! What staff typing with a Chinese input method meet: full-width punctuation in YAML keys
//! and formulas, tabs, policy files saved as GBK or UTF-16, and YAML syntax errors in plain
//! words, each in zh and en.

use fundpolicy::Lang;
use fundpolicy::api::{calc_value, show};
use fundpolicy::diag::{FormulaOrigin, Report, SourceFile};
use fundpolicy::formula::{Binding, Scope};
use fundpolicy::policy::{self, Source};

struct NoFields;

impl Scope for NoFields {
    fn resolve(&self, _: &str) -> Option<Binding> {
        None
    }
    fn names(&self) -> Vec<String> {
        Vec::new()
    }
}

fn calc(expr: &str) -> String {
    match calc_value(expr, &NoFields, &[]) {
        Ok(v) => show(&v, fundpolicy::Lang::Zh),
        Err(p) => format!("error {}", p[0].code),
    }
}

#[test]
fn formulas_read_full_width_brackets_and_commas_as_ascii() {
    assert_eq!(calc("min（1，2）"), calc("min(1, 2)"));
    assert_eq!(calc("min（1，2）"), "1");
    assert_eq!(calc("（1 + 2）* 3"), "9");
    assert_eq!(calc("2 in [1，2]"), "是");
    assert_eq!(calc("max(1, (2 + 3）)"), "5");
}

fn formula_diagnostic(expr: &str, lang: Lang) -> String {
    lang.with_messages(|| {
        let Err(problems) = calc_value(expr, &NoFields, &[]) else {
            panic!("the formula should fail: {expr}")
        };
        let origin = FormulaOrigin::whole(SourceFile::new("formula", expr));
        Report::in_formula(&problems[0], &origin).render_plain()
    })
}

#[test]
fn full_width_characters_in_a_formula_are_named() {
    for (name, expr) in [
        ("bracket", "2 in 【1, 2】"),
        ("digit", "１００ > 1"),
        ("quote", "“甲” == \"甲\""),
        ("colon", "sum(l in [1, 2]： l)"),
    ] {
        for lang in [Lang::Zh, Lang::En] {
            let out = formula_diagnostic(expr, lang);
            assert!(out.contains("formula::full_width"), "{out}");
            insta::assert_snapshot!(format!("formula_{name}_{lang:?}"), out);
        }
    }
}

/// Loads a year whose programme file is `programme` (bytes as given) and renders every
/// problem in `lang`.
fn broken(programme: &[u8], lang: Lang) -> String {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir(&year).unwrap();
    std::fs::write(
        year.join("policy.yaml"),
        "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n",
    )
    .unwrap();
    std::fs::write(year.join("p.yaml"), programme).unwrap();
    let name = year.join("p.yaml").display().to_string();
    lang.with_messages(|| {
        let reports = policy::load(&Source::Dir(dir.path().to_path_buf()), 2020)
            .expect_err("the policy should not load");
        reports
            .iter()
            .map(|r| {
                // `location` is line and character column, as the header of the drawing.
                let at = r.location().unwrap_or_default();
                format!("at {at}\n{}", r.render_plain()).replace(&name, "p.yaml")
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

const HEAD: &str = "id: p\ntitle: {zh: 测试}\nfields:\n  - {id: id, type: text, required: true}\n  - {id: revenue, type: money, unit: 万元, label: {zh: 营业收入（万元）}}\n";

fn both(name: &str, programme: &str, must: &[&str]) {
    for lang in [Lang::Zh, Lang::En] {
        let out = broken(programme.as_bytes(), lang);
        for m in must {
            assert!(out.contains(m), "{name} {lang:?}: no {m:?} in\n{out}");
        }
        insta::assert_snapshot!(format!("yaml_{name}_{lang:?}"), out);
    }
}

#[test]
fn a_full_width_colon_after_a_key_is_named_at_its_place() {
    both(
        "colon",
        &format!("{HEAD}eligibility:\n  - id: big\n    when： revenue > 1\n    cite: 二\n"),
        &["at p.yaml:8:9", "：", "`:`"],
    );
}

#[test]
fn a_full_width_comma_in_braces_is_named_at_its_place() {
    both(
        "comma",
        &format!(
            "{HEAD}eligibility:\n  - id: big\n    when: revenue > 1\n    message: {{zh: 收入不足，en: too small}}\n"
        ),
        &["at p.yaml:9:23", "，", "`,`"],
    );
}

#[test]
fn a_full_width_colon_in_a_flow_key_is_named() {
    both(
        "flow_key",
        &format!("{HEAD}eligibility:\n  - {{id: big, when： revenue > 1}}\n"),
        &["at p.yaml:7:19", "：", "`:`"],
    );
}

#[test]
fn full_width_brackets_digits_and_spaces_in_yaml_are_named() {
    both(
        "brackets",
        &format!("{HEAD}  - {{id: kind, type: enum, values: 【a, b】}}\n"),
        &["at p.yaml:6:36", "【", "`[`"],
    );
    both(
        "space_indent",
        &format!("{HEAD}eligibility:\n  - id: big\n　　when: revenue > 1\n"),
        &["at p.yaml:8:1"],
    );
    let manifest = "year: ２０２０\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("2020")).unwrap();
    std::fs::write(dir.path().join("2020/policy.yaml"), manifest).unwrap();
    let out = Lang::En.with_messages(|| {
        policy::load(&Source::Dir(dir.path().to_path_buf()), 2020)
            .expect_err("the policy should not load")
            .iter()
            .map(|r| format!("{:?} {} {:?}", r.location(), r.message, r.help))
            .collect::<Vec<_>>()
            .join("\n")
    });
    assert!(out.contains("policy.yaml:1:7"), "{out}");
    assert!(
        out.contains("full-width digit: type the half-width `2`"),
        "{out}"
    );
}

#[test]
fn a_tab_is_pointed_at_on_its_own_line() {
    both(
        "tab_indent",
        &format!("{HEAD}eligibility:\n  - id: big\n\twhen: revenue > 1\n"),
        &["at p.yaml:8:1"],
    );
    both(
        "tab_block",
        &format!("{HEAD}eligibility:\n\t- id: big\n"),
        &["at p.yaml:7:1"],
    );
}

#[test]
fn yaml_syntax_errors_are_said_in_plain_words() {
    both(
        "indent",
        &format!("{HEAD}eligibility:\n  - id: big\n     when: revenue > 1\n"),
        &["p.yaml:8:"],
    );
    both(
        "unclosed_bracket",
        &format!("{HEAD}eligibility:\n  - {{id: big, when: revenue > 1\n"),
        &["p.yaml:7:"],
    );
    both(
        "missing_colon",
        &format!("{HEAD}eligibility:\n  - id: big\n    when revenue > 1\n    cite: 二\n"),
        &["p.yaml:8:"],
    );
}

#[test]
fn a_value_with_full_width_text_is_not_blamed_for_another_error() {
    // `：` and `，` inside a value are text; the missing `:` is the problem.
    let out = broken(
        format!("{HEAD}eligibility:\n  - id: big\n    message: {{zh: 注意：收入，利润}}\n    when revenue > 1\n    cite: 二\n").as_bytes(),
        Lang::En,
    );
    assert!(!out.contains("full-width"), "{out}");
    assert!(out.contains("at p.yaml:9:"), "{out}");
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    bytes.into_owned()
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    for unit in text.encode_utf16() {
        out.extend(unit.to_le_bytes());
    }
    out
}

#[test]
fn a_policy_file_that_is_not_utf8_is_an_encoding_problem() {
    let text = format!("{HEAD}eligibility:\n  - id: big\n    when: revenue > 1\n");
    for (name, bytes, must) in [
        ("gbk", gbk(&text), "GBK/GB18030"),
        ("utf16_bom", utf16le(&text, true), "UTF-16 LE"),
        ("utf16", utf16le(&text, false), "BOM"),
    ] {
        for lang in [Lang::Zh, Lang::En] {
            let out = broken(&bytes, lang);
            assert!(out.contains("policy::encoding"), "{out}");
            assert!(!out.contains("missing_file"), "{out}");
            assert!(out.contains(must), "{out}");
            assert!(out.contains("UTF-8"), "{out}");
            let out = out.replace(std::env::temp_dir().to_str().unwrap(), "TMP");
            insta::assert_snapshot!(format!("encoding_{name}_{lang:?}"), redact(&out));
        }
    }
}

/// The temporary folder's random name, cut out.
fn redact(out: &str) -> String {
    out.lines()
        .map(|l| match (l.find("TMP"), l.find("p.yaml")) {
            (Some(a), Some(b)) if a < b => format!("{}p.yaml{}", &l[..a], &l[b + 6..]),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_command_line_chooses_the_language_of_yaml_errors() {
    let dir = tempfile::tempdir().unwrap();
    let year = dir.path().join("2020");
    std::fs::create_dir(&year).unwrap();
    std::fs::write(
        year.join("policy.yaml"),
        "year: 2020\ntitle：{zh: 测试}\nstatus: draft\n",
    )
    .unwrap();
    for (lang, want) in [("zh", "全角冒号"), ("en", "full-width colon")] {
        let out = assert_cmd::Command::cargo_bin("fundpolicy")
            .unwrap()
            .args(["--lang", lang, "--policies"])
            .arg(dir.path())
            .args(["check", "--year", "2020"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(text.contains(want), "{lang}: {text}");
        assert!(text.contains("2 │ title：{zh: 测试}"), "{lang}: {text}");
    }
}
