//! Every page for every bundled programme in both languages: it renders, its markup holds no
//! script but the static file and no event-handler attribute, and applicant text in it is
//! text, never markup.

use super::*;
use crate::diag::Code;
use crate::diag::SourceFile;
use crate::engine::{Outcome, Status};
use crate::policy::{Source, load};

fn years() -> Vec<Policy> {
    Source::Builtin
        .years()
        .into_iter()
        .map(|y| load(&Source::Builtin, y).unwrap_or_else(|e| panic!("{y}: {e:?}")))
        .collect()
}

/// Records from JSON or YAML text, read as `evaluate` reads a file of that name.
fn records(p: &Programme, name: &str, text: &str) -> Vec<crate::records::Record> {
    let file = SourceFile::new(name, text);
    let docs = crate::input::read_documents(name, &file, &[]).unwrap();
    docs.iter()
        .flat_map(|d| crate::records::records_of(p, d))
        .collect()
}

fn evaluate(p: &Programme, name: &str, text: &str) -> Vec<Outcome> {
    crate::engine::evaluate_batch(p, records(p, name, text), Lang::Zh)
}

/// The bundled example applications of a programme (YAML), if there are any.
fn examples(year: u32, p: &Programme) -> Option<(String, String)> {
    let name = format!(
        "{}/policies/{year}/examples/{}.yaml",
        env!("CARGO_MANIFEST_DIR"),
        p.id
    );
    std::fs::read_to_string(&name).ok().map(|t| (name, t))
}

/// One tag's name and attributes, read from the text after `<` up to `>`.
fn tag(text: &str) -> (String, Vec<(String, String)>) {
    let mut chars = text.trim_end_matches('/').chars().peekable();
    let mut name = String::new();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            break;
        }
        name.push(c);
        chars.next();
    }
    let mut attrs = Vec::new();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut attr = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            attr.push(c);
            chars.next();
        }
        if attr.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            let quote = chars.next().unwrap();
            assert!(quote == '"', "unquoted attribute {attr} in <{text}>");
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                value.push(c);
            }
        }
        attrs.push((attr.to_ascii_lowercase(), value));
    }
    (name.to_ascii_lowercase(), attrs)
}

/// The page's markup is safe: the one script is the static file, no attribute is an event
/// handler, a style or a `javascript:` URL, and every `<` starts a tag this module writes.
fn check_markup(html: &str) {
    assert!(html.starts_with("<!doctype html>"));
    let mut scripts = 0;
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let end = after
            .find('>')
            .unwrap_or_else(|| panic!("unclosed tag: {}", &after[..after.len().min(80)]));
        let inside = &after[..end];
        rest = &after[end + 1..];
        if inside.starts_with('/') || inside.starts_with('!') {
            continue;
        }
        let (name, attrs) = tag(inside);
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric()),
            "odd tag <{inside}>"
        );
        if name == "script" {
            scripts += 1;
            assert_eq!(inside, "script src=\"/static/workbench.js\"");
        }
        for (attr, value) in &attrs {
            assert!(!attr.starts_with("on"), "event handler in <{inside}>");
            assert_ne!(attr, "style", "inline style in <{inside}>");
            assert!(
                !value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:"),
                "script URL in <{inside}>"
            );
            assert!(!value.contains('<'), "markup in an attribute: <{inside}>");
        }
    }
    assert_eq!(scripts, 1, "one script, the static file");
}

fn ctx<'a>(lang: Lang, years: &'a [&'a Policy], problems: &'a [String]) -> Ctx<'a> {
    Ctx {
        lang,
        problems,
        years,
    }
}

#[test]
fn escaping_covers_text_and_attributes() {
    assert_eq!(
        escape("<script>alert('x')</script>"),
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
    );
    assert_eq!(
        escape("\"><img src=x onerror=alert(1)>"),
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    );
    assert_eq!(escape("a & b"), "a &amp; b");
    assert_eq!(escape("中文（全角）"), "中文（全角）");
    assert_eq!(escape("nul\0"), "nul\\u{0}");
    // Text that would reorder itself or carry a terminal escape is shown as its escapes.
    assert_eq!(escape("X4\u{202e}evil"), "X4\\u{202e}evil");
    assert_eq!(escape("E\u{1b}[31mRED"), "E\\u{1b}[31mRED");
    assert_eq!(escape("two\nlines"), "two\nlines");
}

#[test]
fn language_comes_from_the_query() {
    assert_eq!(lang(Some("en")), Lang::En);
    assert_eq!(lang(Some("EN")), Lang::En);
    assert_eq!(lang(Some("zh")), Lang::Zh);
    assert_eq!(lang(Some("fr")), Lang::Zh);
    assert_eq!(lang(None), Lang::Zh);
}

#[test]
fn assets_are_served_by_name_only() {
    let (ty, css) = asset("workbench.css").unwrap();
    assert!(ty.starts_with("text/css"));
    assert!(!css.is_empty());
    let (ty, js) = asset("workbench.js").unwrap();
    assert!(ty.starts_with("text/javascript"));
    assert!(std::str::from_utf8(js).unwrap().contains("sortable"));
    assert!(asset("../Cargo.toml").is_none());
    assert!(asset("").is_none());
}

#[test]
fn every_page_renders_for_every_programme_in_both_languages() {
    let years = years();
    let refs: Vec<&Policy> = years.iter().collect();
    let problems = vec!["policies/2021/x.yaml:3: <b>broken</b>".to_string()];
    for lang in [Lang::Zh, Lang::En] {
        let c = ctx(lang, &refs, &[]);
        let index = index_page(&c);
        check_markup(&index);
        for policy in &years {
            for p in &policy.programmes {
                assert!(index.contains(&escape(&url::rules(policy.year, &p.id, lang))));
                let rules = rules_page(policy, &p.id, &c).unwrap();
                check_markup(&rules);
                assert!(rules.contains(&escape(p.title.get(lang))), "{}", p.id);
                for r in &p.rules {
                    assert!(rules.contains(&format!("id=\"rule-{}\"", r.id)));
                    assert!(
                        rules.contains(&escape(&crate::engine::named(&r.message, &r.id, lang))),
                        "{} {}",
                        p.id,
                        r.id
                    );
                }
                // Every file the rules link to has its page, and the lines they name exist.
                let files = rules::files(p);
                for (n, f) in files.iter().enumerate() {
                    let source = source_page(policy, &p.id, n, &c).unwrap();
                    check_markup(&source);
                    let lines = f.text.lines().count();
                    assert!(source.contains(&format!("id=\"L{lines}\"")));
                }
                assert!(source_page(policy, &p.id, files.len(), &c).is_none());

                let form = evaluate_form(policy, &p.id, &c).unwrap();
                check_markup(&form);
                for f in &p.fields {
                    assert!(form.contains(&format!("data-field=\"{}\"", escape(&f.id))));
                }
                check_markup(&batch_form(policy, &p.id, &c).unwrap());

                // An empty form evaluates to a record; its result page renders.
                let record = form_to_record(p, &[("lang".into(), "zh".into())]).unwrap();
                let outcomes = evaluate(p, "form.json", &record.to_string());
                assert_eq!(outcomes.len(), 1);
                check_markup(&evaluate_result(policy, p, &[], &outcomes[0], &c));

                if let Some((name, text)) = examples(policy.year, p) {
                    let outcomes = evaluate(p, &name, &text);
                    let book = crate::report::xlsx::workbook(policy, p, &outcomes, lang).unwrap();
                    let page = batch_result(
                        policy,
                        p,
                        &Batch {
                            file_name: "examples.yaml",
                            outcomes: &outcomes,
                            warnings: &[],
                            workbook: Some(&book),
                        },
                        &c,
                    );
                    check_markup(&page);
                    for o in &outcomes {
                        assert!(page.contains(&escape(&o.id)));
                    }
                    assert!(page.contains("download=\""));
                    let first = &outcomes[0];
                    check_markup(&evaluate_result(policy, p, &[], first, &c));
                }
            }
        }
        for pair in refs.windows(2) {
            check_markup(&compare_page(pair[0], pair[1], &c));
        }
        check_markup(&error_page(404, "<nothing here>", &c));
        let with_banner = index_page(&ctx(lang, &refs, &problems));
        check_markup(&with_banner);
        assert!(with_banner.contains("&lt;b&gt;broken&lt;/b&gt;"));
    }
    assert!(rules_page(&years[0], "no-such-programme", &ctx(Lang::Zh, &refs, &[])).is_none());
}

#[test]
fn the_rules_page_shows_clauses_interpretations_and_links_to_lines() {
    let years = years();
    let policy = years.iter().find(|p| p.year == 2020).unwrap();
    let p = policy.programme("cloud-award").unwrap();
    let refs = [policy];
    let page = rules_page(policy, "cloud-award", &ctx(Lang::Zh, &refs, &[])).unwrap();
    // A rule's clause, and the line of the policy file it is written on.
    let rule = p.rules.iter().find(|r| r.id == "investment").unwrap();
    let start = rule.formula.origin.map(crate::diag::Span::new(0, 0)).start as usize;
    let (line, _) = rule.formula.origin.file.line_col(start);
    assert!(
        policy.programmes.iter().any(|_| true)
            && page.contains(&format!("cloud-award.yaml:{line}<")),
        "no link to cloud-award.yaml:{line}"
    );
    assert!(page.contains(&format!("/source/0?lang=zh#L{line}")));
    let yaml = std::fs::read_to_string(format!(
        "{}/policies/2020/cloud-award.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    assert!(
        yaml.lines()
            .nth(line - 1)
            .unwrap()
            .contains("cloud_investment >= investment_min")
    );
    assert!(page.contains("〔二（二）2〕"));
    // Interpretations are highlighted; the score table shows the proven maximum.
    assert!(page.contains("<aside class=\"interp\">"));
    assert!(page.contains("class=\"proven\""));
    // The allocation: awards, tiers, quota and demotion.
    let a = p.allocation.as_ref().unwrap();
    assert!(page.contains(&crate::t!(Lang::Zh, "web-allocation-awards", n = a.awards)));
    assert!(page.contains(&escape(&crate::t!(Lang::Zh, "web-quota"))));
    assert!(page.contains(&escape(&crate::t!(Lang::Zh, "web-demotion"))));
    // The language switch keeps the page.
    assert!(page.contains("href=\"/web/2020/cloud-award?lang=en\""));
    let en = rules_page(policy, "cloud-award", &ctx(Lang::En, &refs, &[])).unwrap();
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("SME cloud-adoption award"));
    assert!(en.contains("href=\"/web/2020/cloud-award?lang=zh\""));
}

#[test]
fn a_filled_form_becomes_the_record_evaluate_reads() {
    let years = years();
    let policy = years.iter().find(|p| p.year == 2020).unwrap();
    let p = policy.programme("cloud-award").unwrap();
    let pairs: Vec<(String, String)> = [
        ("lang", "en"),
        ("id", "W1"),
        ("name", " 某某科技有限公司 "),
        ("company_size", "small"),
        ("is_industrial", "false"),
        ("revenue_2019", "5000"),
        ("cloud_investment", ""),
        ("mgmt_systems_on_cloud", "云办公"),
        ("mgmt_systems_on_cloud", "云桌面"),
        ("mgmt_systems_on_cloud", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let record = form_to_record(p, &pairs).unwrap();
    assert_eq!(
        record,
        serde_json::json!({
            "id": "W1", "name": "某某科技有限公司", "company_size": "small",
            "is_industrial": "false", "revenue_2019": "5000",
            "mgmt_systems_on_cloud": ["云办公", "云桌面"],
        })
    );
    // Unknown names and a value given twice are refused, not guessed.
    let unknown = form_to_record(p, &[("revenue".into(), "1".into())]).unwrap_err();
    assert_eq!(unknown.name, "revenue");
    assert!(unknown.words(Lang::En).contains("not a field"));
    let twice =
        form_to_record(p, &[("id".into(), "A".into()), ("id".into(), "B".into())]).unwrap_err();
    assert!(twice.words(Lang::Zh).contains("只能填一个值"));
}

#[test]
fn rows_of_a_list_of_records_are_read_in_order_and_empty_ones_dropped() {
    let years = years();
    let policy = years.iter().find(|p| p.year == 2020).unwrap();
    let p = policy.programme("loan-interest").unwrap();
    let f = p
        .fields
        .iter()
        .find(|f| f.kind == crate::policy::FieldKind::Records)
        .expect("loan-interest has a list of records");
    let (a, b) = (&f.items[0].id, &f.items[1].id);
    let name = |row: u32, item: &str| format!("{}.{row}.{item}", f.id);
    let pairs = vec![
        (name(2, a), "x2".to_string()),
        (name(0, a), "x0".to_string()),
        (name(0, b), "y0".to_string()),
        (name(1, a), String::new()),
        (name(1, b), " ".to_string()),
    ];
    let record = form_to_record(p, &pairs).unwrap();
    let mut first = serde_json::Map::new();
    first.insert(a.clone(), "x0".into());
    first.insert(b.clone(), "y0".into());
    let mut second = serde_json::Map::new();
    second.insert(a.clone(), "x2".into());
    assert_eq!(
        record[&f.id],
        serde_json::json!([first, second]),
        "{record}"
    );
    let bad = form_to_record(p, &[(format!("{}.x.{a}", f.id), "1".into())]).unwrap_err();
    assert_eq!(bad.kind, form::FormErrorKind::BadRow);
    let bad_item = form_to_record(p, &[(format!("{}.0.nothing", f.id), "1".into())]);
    assert!(bad_item.is_err());
    // The form offers the rows with a template the script copies, and no inline handler.
    let refs = [policy];
    let form = evaluate_form(policy, "loan-interest", &ctx(Lang::Zh, &refs, &[])).unwrap();
    assert!(form.contains(&format!("name=\"{}.0.{a}\"", f.id)));
    assert!(form.contains(&format!("name=\"{}.__ROW__.{a}\"", f.id)));
    assert!(form.contains("class=\"add-row\""));
}

#[test]
fn a_posted_form_is_evaluated_and_explained() {
    let years = years();
    let policy = years.iter().find(|p| p.year == 2020).unwrap();
    let p = policy.programme("cloud-award").unwrap();
    let (name, text) = examples(2020, p).unwrap();
    // K09 is a large enterprise: not eligible, by the rule `sme`.
    let outcomes = evaluate(p, &name, &text);
    let k09 = outcomes.iter().find(|o| &*o.id == "K09").unwrap();
    assert_eq!(k09.status, Status::Ineligible);
    let refs = [policy];
    for lang in [Lang::Zh, Lang::En] {
        let page = evaluate_result(policy, p, &[], k09, &ctx(lang, &refs, &[]));
        check_markup(&page);
        let sme = p.rules.iter().find(|r| r.id == "sme").unwrap();
        assert!(page.contains(&escape(&crate::engine::named(&sme.message, "sme", lang))));
        assert!(page.contains("status-ineligible"));
        assert!(page.contains(&escape(&crate::report::status_text(
            Status::Ineligible,
            lang
        ))));
        // The full explanation, its failed rule marked.
        assert!(page.contains("<div class=\"l i2 fail\">✗"));
    }
    // An awarded record shows its award and score items.
    let k01 = outcomes.iter().find(|o| &*o.id == "K01").unwrap();
    assert!(k01.awarded);
    let page = evaluate_result(policy, p, &[], k01, &ctx(Lang::Zh, &refs, &[]));
    let award = crate::report::award_money(k01.award.unwrap(), Lang::Zh);
    assert!(page.contains(&escape(&award)), "{award}");
    assert!(page.contains("<table class=\"scores\">"));
}

#[test]
fn hostile_applicant_text_shows_as_text() {
    let years = years();
    let policy = years.iter().find(|p| p.year == 2020).unwrap();
    let p = policy.programme("cloud-award").unwrap();
    let id = "<script>alert(1)</script>";
    let name = "\"><img src=x onerror=alert(2)>";
    let district = "'><svg onload=alert(3)>";
    let pairs: Vec<(String, String)> = vec![
        ("id".into(), id.into()),
        ("name".into(), name.into()),
        ("district".into(), district.into()),
        ("company_size".into(), "\"><b>x</b>".into()),
        ("revenue_2019".into(), "<i>5000</i>".into()),
        ("mgmt_systems_on_cloud".into(), "<u>u</u>".into()),
    ];
    let record = form_to_record(p, &pairs).unwrap();
    let outcomes = evaluate(p, "form.json", &serde_json::json!([record]).to_string());
    let refs = [policy];
    for lang in [Lang::Zh, Lang::En] {
        let c = ctx(lang, &refs, &[]);
        let result = evaluate_result(policy, p, &pairs, &outcomes[0], &c);
        check_markup(&result);
        assert!(result.contains(&escape(id)));
        assert!(!result.contains(id));
        assert!(!result.contains("<img"));
        assert!(!result.contains("<svg"));
        assert!(!result.contains("<b>x"));
        assert!(!result.contains("<i>5000"));
        let form = evaluate_form_with(
            policy,
            "cloud-award",
            &pairs,
            Some(&form_to_record(p, &[(name.into(), "1".into())]).unwrap_err()),
            &c,
        )
        .unwrap();
        check_markup(&form);
        assert!(!form.contains("<img"));
        let batch = batch_result(
            policy,
            p,
            &Batch {
                file_name: "<script>x</script>.csv",
                outcomes: &outcomes,
                warnings: &[],
                workbook: None,
            },
            &c,
        );
        check_markup(&batch);
        assert!(!batch.contains("<script>x"));
        assert!(!batch.contains(id));
        check_markup(&error_page(400, name, &c));
    }
}

#[test]
fn a_batch_page_has_counts_filters_and_explanations() {
    let years = years();
    let policy = years.iter().find(|p| p.year == 2020).unwrap();
    let p = policy.programme("cloud-award").unwrap();
    let (name, text) = examples(2020, p).unwrap();
    let outcomes = evaluate(p, &name, &text);
    let refs = [policy];
    let page = batch_result(
        policy,
        p,
        &Batch {
            file_name: "cloud-award.yaml",
            outcomes: &outcomes,
            warnings: &[],
            workbook: None,
        },
        &ctx(Lang::Zh, &refs, &[]),
    );
    let eligible = outcomes
        .iter()
        .filter(|o| o.status == Status::Eligible)
        .count();
    assert!(page.contains(&format!(
        "<tr class=\"count-eligible\"><th>{}</th><td class=\"num\">{eligible}</td></tr>",
        crate::t!(Lang::Zh, "xlsx-eligible")
    )));
    assert!(page.contains("data-filter=\"status\""));
    assert!(page.contains("data-filter=\"tier\""));
    // The region breakdown of summary_by is a filter and a table.
    assert!(page.contains("data-filter=\"g0\""));
    assert!(page.contains("<table class=\"by-group\">"));
    for (i, o) in outcomes.iter().enumerate() {
        assert!(page.contains(&format!("href=\"#x{i}\">{}</a>", escape(&o.id))));
        assert!(page.contains(&format!("<details class=\"explanation\" id=\"x{i}\">")));
    }
    assert!(!page.contains("download=\""));
}

#[test]
fn the_compare_page_shows_the_diff_and_changed_records() {
    let years = years();
    let (old, new) = (&years[0], &years[1]);
    let refs = [old, new];
    let c = ctx(Lang::Zh, &refs, &[]);
    let page = compare_page(old, new, &c);
    assert!(page.contains("<div class=\"diff\">"));
    assert!(page.contains("name=\"programme\""));
    assert!(page.contains("enctype=\"multipart/form-data\""));
    let programme = new
        .programmes
        .iter()
        .find(|p| old.programme(&p.id).is_some())
        .unwrap();
    let path = format!(
        "{}/policies/{}/examples/{}.yaml",
        env!("CARGO_MANIFEST_DIR"),
        new.year,
        programme.id
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let file = SourceFile::new(path.as_str(), text.as_str());
    let docs: Vec<(String, crate::input::Raw)> = crate::input::read_documents(&path, &file, &[])
        .unwrap()
        .into_iter()
        .map(|d| (path.clone(), d))
        .collect();
    let old_p = old.programme(&programme.id).unwrap();
    let comparisons = crate::compare::compare(old_p, programme, &docs, Lang::Zh);
    let page = compare_result(old, new, &programme.id, &comparisons, &c);
    check_markup(&page);
    let changed = comparisons.iter().filter(|x| x.changed()).count();
    assert!(page.contains(&escape(&crate::t!(
        Lang::Zh,
        "compare-summary",
        records = comparisons.len(),
        changed = changed,
        year_before = old.year.to_string(),
        year_after = new.year.to_string()
    ))));
    if changed > 0 {
        assert!(page.contains("<table class=\"changes sortable\">"));
    }
    // The language switch keeps both years.
    assert!(page.contains(&format!(
        "href=\"/web/compare?from={}&amp;to={}&amp;lang=en\"",
        old.year, new.year
    )));
}

#[test]
fn a_form_goes_through_the_library_api_as_the_server_sends_it() {
    use crate::api::{EvaluateOptions, Input, InputFormat, Policies};
    let policies = Policies::builtin();
    let year = policies.load(2020).unwrap();
    let p = year.programme("cloud-award").unwrap();
    let (name, text) = examples(2020, p).unwrap();
    // K01 of the examples, as the form would post it.
    let k01 = evaluate(p, &name, &text)
        .into_iter()
        .find(|o| &*o.id == "K01")
        .unwrap();
    let pairs: Vec<(String, String)> = p
        .fields
        .iter()
        .enumerate()
        .flat_map(|(slot, f)| {
            let v = &k01.detail.as_ref().unwrap().fields[slot];
            match v {
                crate::value::Value::Null => Vec::new(),
                crate::value::Value::List(items) => items
                    .iter()
                    .map(|i| (f.id.clone(), form_value(f, i)))
                    .collect(),
                v => vec![(f.id.clone(), form_value(f, v))],
            }
        })
        .collect();
    let record = form_to_record(p, &pairs).unwrap();
    let input = Input::bytes("form.json", InputFormat::Json, record.to_string());
    let options = EvaluateOptions {
        lang: Lang::En,
        ..EvaluateOptions::default()
    };
    let evaluation = crate::api::evaluate(&year, "cloud-award", &[input], &options).unwrap();
    let o = &evaluation.outcomes()[0];
    assert_eq!(o.status, Status::Eligible, "{record}");
    assert_eq!(o.score, k01.score);
    let years = [year.policy()];
    let page = evaluation_page(&evaluation, &pairs, &ctx(Lang::En, &years, &[]));
    check_markup(&page);
    assert!(page.contains("status-eligible"));
    let batch = batch_page(&evaluation, "form.json", &ctx(Lang::En, &years, &[]));
    check_markup(&batch);
    assert!(batch.contains("download=\"2020-cloud-award-results.xlsx\""));
}

/// A value as a form posts it: amounts in 元 with the unit said (the form's field may be in
/// 万元), percents as percents.
fn form_value(f: &crate::policy::FieldSpec, v: &crate::value::Value) -> String {
    match v {
        crate::value::Value::Number(d) if f.kind == crate::policy::FieldKind::Percent => {
            format!(
                "{}%",
                crate::value::plain(*d * rust_decimal::Decimal::ONE_HUNDRED)
            )
        }
        crate::value::Value::Bool(b) => b.to_string(),
        crate::value::Value::Money(d) => format!("{}元", crate::value::plain(*d)),
        crate::value::Value::Number(d) => crate::value::plain(*d),
        other => other.to_string().trim_matches('"').to_string(),
    }
}

#[test]
fn a_batch_compared_through_the_api_shows_changes_and_warnings_as_text() {
    use crate::api::{Input, Policies};
    let policies = Policies::builtin();
    let (old, new) = (policies.load(2020).unwrap(), policies.load(2021).unwrap());
    let path = format!(
        "{}/policies/2021/examples/software-integration.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let comparison = crate::api::compare(
        &old,
        &new,
        "software-integration",
        &[Input::path(&path)],
        Lang::En,
    )
    .unwrap();
    let years = [old.policy(), new.policy()];
    let c = ctx(Lang::En, &years, &[]);
    let page = comparison_page(&old, &new, "software-integration", &comparison, &c);
    check_markup(&page);
    assert!(comparison.records().iter().any(|r| r.changed()));
    for changed in comparison.records().iter().filter(|r| r.changed()) {
        assert!(page.contains(&format!("<td>{}</td>", escape(&changed.id))));
    }
    // What reading went on despite is listed, as text.
    let warning = crate::warning::Warning {
        code: Code::InputUnknownColumn,
        message: "<b>nonsense</b>".into(),
        help: None,
        location: None,
    };
    let page = compare::compare_result_with(
        old.policy(),
        new.policy(),
        "software-integration",
        comparison.records(),
        &[warning],
        &c,
    );
    check_markup(&page);
    assert!(page.contains("<ul class=\"warnings\">"));
    assert!(page.contains("&lt;b&gt;nonsense&lt;/b&gt;"));
    assert!(!page.contains("<b>nonsense"));
}

/// A form's errors are placed by their field, not at `form.json:1`: the user never had a file.
#[test]
fn a_form_result_names_no_file() {
    use crate::api::{EvaluateOptions, Input, InputFormat, Policies};
    let policies = Policies::builtin();
    let year = policies.load(2020).unwrap();
    let p = year.programme("loan-interest").unwrap();
    let pairs: Vec<(String, String)> = vec![
        ("id".into(), "W1".into()),
        ("revenue_h1_2019".into(), "1.2E+3".into()),
    ];
    let record = form_to_record(p, &pairs).unwrap();
    let input = Input::bytes("form.json", InputFormat::Json, record.to_string());
    let options = EvaluateOptions {
        lang: Lang::En,
        ..EvaluateOptions::default()
    };
    let evaluation = crate::api::evaluate(&year, "loan-interest", &[input], &options).unwrap();
    let o = &evaluation.outcomes()[0];
    assert_eq!(o.status, Status::Invalid);
    assert!(
        o.errors().iter().any(|e| e.location.is_some()),
        "the reader places it in the file"
    );
    let years = [year.policy()];
    let page = evaluation_page(&evaluation, &pairs, &ctx(Lang::En, &years, &[]));
    check_markup(&page);
    assert!(page.contains("scientific notation"), "{page}");
    assert!(!page.contains("form.json"), "{page}");
}
