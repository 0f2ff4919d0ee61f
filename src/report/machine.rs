//! Machine-readable reports of `check`, `test` and `explain`: JSON for programs (and JUnit
//! XML for CI servers, from the same data), beside the text each command prints by default.

use super::{one_line, policy_json, score_text, wan, yuan};
use crate::Lang;
use crate::diag::Report;
use crate::engine::{Outcome, Status};
use crate::location::Location;
use crate::policy::{Checked, Policy, Programme, Reports};
use crate::value::{Value, plain};
use serde_json::{Map, Value as Json, json};

/// A diagnostic as data: `{code, severity, message, help, location}`; the location is the
/// file, line and column of its first label (1-based; the column counts characters), or
/// `null` when it points at no text.
pub fn report_json(r: &Report) -> Json {
    json!({
        "code": r.code,
        "severity": if r.warning { "warning" } else { "error" },
        "message": r.message,
        "help": r.help,
        "location": report_location(r),
    })
}

/// Where a diagnostic points: its first label's start in its file.
pub fn report_location(r: &Report) -> Option<Location> {
    let file = r.source.as_ref()?;
    let (span, _) = r.labels.first()?;
    let text = &*file.text;
    let at = (span.start as usize).min(text.len());
    let before = text.get(..at)?;
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() as u64 + 1;
    Some(Location::line_column(&*file.name, line, column))
}

/// `check --format json`: per year its policy, programmes with what was proven of them, and
/// every error and warning; a year that could not be loaded has `policy: null`.
pub fn check_json(years: &[(u32, Result<Checked, Reports>)], lang: Lang) -> Json {
    let (mut errors, mut warnings) = (0, 0);
    let years: Vec<Json> = years
        .iter()
        .map(|(year, checked)| match checked {
            Ok(c) => {
                warnings += c.warnings.len();
                let p = &c.policy;
                let programmes: Vec<Json> = p
                    .programmes
                    .iter()
                    .map(|prog| {
                        let scores = prog.scores.as_ref();
                        let award = prog.award.as_ref();
                        json!({
                            "id": prog.id,
                            "title": prog.title.get(lang),
                            "fields": prog.fields.len(),
                            "rules": prog.rules.len(),
                            "values": prog.values.len(),
                            "max_score": scores.map(|s| plain(s.max_score)),
                            "proven_max_score": scores.and_then(|s| s.proven_max).map(plain),
                            "award_cap": award.map(|a| yuan(a.cap)),
                            "proven_max_award": award.and_then(|a| a.proven_max).map(yuan),
                            "inheritance": c
                                .inheritance
                                .iter()
                                .filter(|i| i.programme == prog.id)
                                .flat_map(|i| i.lines(lang))
                                .collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                json!({
                    "year": year,
                    "ok": true,
                    "policy": {
                        "year": p.year,
                        "source": p.source,
                        "digest": p.digest,
                        "fundpolicy_version": env!("CARGO_PKG_VERSION"),
                    },
                    "programmes": programmes,
                    "removed_programmes": c.removed_programmes,
                    "errors": [],
                    "warnings": c.warnings.iter().map(report_json).collect::<Vec<_>>(),
                })
            }
            Err(reports) => {
                let (w, e): (Vec<&Report>, Vec<&Report>) = reports.iter().partition(|r| r.warning);
                errors += e.len();
                warnings += w.len();
                json!({
                    "year": year,
                    "ok": false,
                    "policy": null,
                    "programmes": [],
                    "removed_programmes": [],
                    "errors": e.into_iter().map(report_json).collect::<Vec<_>>(),
                    "warnings": w.into_iter().map(report_json).collect::<Vec<_>>(),
                })
            }
        })
        .collect();
    json!({
        "years": years,
        "summary": { "errors": errors, "warnings": warnings },
    })
}

/// The tally of a `test` run: cases passed, and failures (a failed case, a test file that
/// could not be used, a year that could not be loaded or has no cases, a filter that matched
/// nothing).
pub fn test_tally(years: &[YearTests], filter: Option<&str>) -> (usize, usize) {
    let (mut passed, mut failed, mut ran) = (0, 0, 0);
    for y in years {
        match &y.loaded {
            Err(_) => failed += 1,
            Ok((_, run)) => {
                if no_cases(run) {
                    failed += 1;
                }
                ran += run.results.len();
                failed += run.failed();
                passed += run.results.iter().filter(|r| r.failures.is_empty()).count();
            }
        }
    }
    if filter.is_some() && ran == 0 {
        failed += 1;
    }
    (passed, failed)
}

/// A year without cases has tested nothing: that is not a pass.
pub fn no_cases(run: &crate::policytest::Run) -> bool {
    run.results.is_empty() && run.skipped == 0 && run.problems.is_empty()
}

/// One year of `fundpolicy test`: its policy and the run, or why it could not be loaded.
pub struct YearTests {
    pub year: u32,
    pub loaded: Result<(Policy, crate::policytest::Run), Reports>,
}

/// What a year without cases is told to do.
pub fn no_cases_text(year: u32, lang: Lang) -> String {
    crate::t!(lang, "test-no-cases", year = year.to_string())
}

/// What a filter that matched no case is told.
pub fn unmatched_filter_text(filter: &str, lang: Lang) -> String {
    crate::t!(lang, "test-unmatched-filter", filter = filter)
}

/// `test --format json`: per year its policy, each case with its place and failures, the
/// test files that could not be used; then the tally.
pub fn test_json(years: &[YearTests], filter: Option<&str>, lang: Lang) -> Json {
    let (passed, failed) = test_tally(years, filter);
    let mut ran = 0;
    let years: Vec<Json> = years
        .iter()
        .map(|y| match &y.loaded {
            Err(reports) => json!({
                "year": y.year,
                "policy": null,
                "errors": reports.iter().map(report_json).collect::<Vec<_>>(),
                "no_cases": null,
                "problems": [],
                "cases": [],
                "skipped": 0,
            }),
            Ok((policy, run)) => {
                ran += run.results.len();
                let cases: Vec<Json> = run
                    .results
                    .iter()
                    .map(|r| {
                        json!({
                            "file": r.file,
                            "line": r.line,
                            "programme": r.programme,
                            "name": r.name,
                            "passed": r.failures.is_empty(),
                            "failures": r.failures,
                        })
                    })
                    .collect();
                json!({
                    "year": y.year,
                    "policy": {
                        "year": policy.year,
                        "source": policy.source,
                        "digest": policy.digest,
                        "fundpolicy_version": env!("CARGO_PKG_VERSION"),
                    },
                    "errors": [],
                    "no_cases": no_cases(run).then(|| no_cases_text(y.year, lang)),
                    "problems": run.problems,
                    "cases": cases,
                    "skipped": run.skipped,
                })
            }
        })
        .collect();
    json!({
        "years": years,
        "unmatched_filter": filter
            .filter(|_| ran == 0)
            .map(|f| unmatched_filter_text(f, lang)),
        "summary": { "passed": passed, "failed": failed },
    })
}

/// Text as XML 1.0 allows it in attributes and content: markup characters escaped, and
/// the control characters XML cannot hold at all shown as `\u{1b}`.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// A JUnit testcase before it is written: class, name, file and line, failures.
type Case = (String, String, Option<(String, Option<usize>)>, Vec<String>);

/// One `<testcase>`: passed when `failures` is empty, else with a `<failure>` whose message
/// is the first and whose text is all of them.
fn testcase(
    out: &mut String,
    class: &str,
    name: &str,
    place: Option<(&str, Option<usize>)>,
    failures: &[String],
) {
    out.push_str(&format!(
        "    <testcase classname=\"{}\" name=\"{}\"",
        xml(class),
        xml(name)
    ));
    if let Some((file, line)) = place {
        out.push_str(&format!(" file=\"{}\"", xml(file)));
        if let Some(line) = line {
            out.push_str(&format!(" line=\"{line}\""));
        }
    }
    match failures.first() {
        None => out.push_str("/>\n"),
        Some(first) => {
            out.push_str(&format!(
                ">\n      <failure message=\"{}\" type=\"failure\">{}</failure>\n    </testcase>\n",
                xml(first),
                xml(&failures.join("\n"))
            ));
        }
    }
}

/// `test --format junit`: JUnit XML as CI servers read it. One `<testsuite>` per test file
/// of each year (and one named by the year for what concerns the year as a whole: a policy
/// that could not be loaded, no cases, a test file that could not be used), a `<testcase>`
/// per case.
pub fn test_junit(years: &[YearTests], filter: Option<&str>, lang: Lang) -> String {
    let (passed, failed) = test_tally(years, filter);
    let mut suites = String::new();
    let mut ran = 0;
    let mut suite = |name: &str, cases: &[Case]| {
        let failures = cases.iter().filter(|c| !c.3.is_empty()).count();
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
            xml(name),
            cases.len()
        ));
        for (class, case, place, fails) in cases {
            testcase(
                &mut suites,
                class,
                case,
                place.as_ref().map(|(f, l)| (f.as_str(), *l)),
                fails,
            );
        }
        suites.push_str("  </testsuite>\n");
    };
    for y in years {
        let year = y.year.to_string();
        match &y.loaded {
            Err(reports) => {
                let messages: Vec<String> = reports
                    .iter()
                    .filter(|r| !r.warning)
                    .map(|r| {
                        let error = crate::t!(
                            lang,
                            "junit-error",
                            code = r.code.as_str(),
                            message = &r.message
                        );
                        match report_location(r) {
                            Some(l) => format!("{l}: {error}"),
                            None => error,
                        }
                    })
                    .collect();
                suite(
                    &year,
                    &[(
                        year.clone(),
                        crate::t!(lang, "junit-policy"),
                        None,
                        messages,
                    )],
                );
            }
            Ok((_, run)) => {
                ran += run.results.len();
                let mut whole = Vec::new();
                if no_cases(run) {
                    whole.push((
                        year.clone(),
                        crate::t!(lang, "junit-test-cases"),
                        None,
                        vec![no_cases_text(y.year, lang)],
                    ));
                }
                for p in &run.problems {
                    whole.push((
                        year.clone(),
                        crate::t!(lang, "junit-test-file"),
                        None,
                        vec![p.clone()],
                    ));
                }
                if !whole.is_empty() {
                    suite(&year, &whole);
                }
                let mut files: Vec<&str> = Vec::new();
                for r in &run.results {
                    if !files.contains(&r.file.as_str()) {
                        files.push(&r.file);
                    }
                }
                for file in files {
                    let cases: Vec<_> = run
                        .results
                        .iter()
                        .filter(|r| r.file == file)
                        .map(|r| {
                            (
                                format!("{year}.{}", r.programme),
                                r.name.clone(),
                                Some((r.file.clone(), r.line)),
                                r.failures.clone(),
                            )
                        })
                        .collect();
                    suite(file, &cases);
                }
            }
        }
    }
    if let Some(f) = filter.filter(|_| ran == 0) {
        suite(
            "filter",
            &[(
                "filter".into(),
                f.to_string(),
                None,
                vec![unmatched_filter_text(f, lang)],
            )],
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"fundpolicy test\" tests=\"{}\" failures=\"{failed}\">\n{suites}</testsuites>\n",
        passed + failed
    )
}

/// A value as data: numbers and amounts (in 元) as decimal strings written exactly, truth
/// values as booleans, dates as `YYYY-MM-DD`, lists and list items as arrays.
pub fn value_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Number(d) | Value::Money(d) => Json::String(plain(*d)),
        Value::Bool(b) => Json::Bool(*b),
        Value::Text(t) => Json::String(t.to_string()),
        Value::List(items) | Value::Record(items) => {
            Json::Array(items.iter().map(value_json).collect())
        }
        other => Json::String(other.to_string()),
    }
}

/// The values a formula reads, by name (fields, parameters, computed values).
fn inputs(programme: &Programme, o: &Outcome, names: &[String]) -> Json {
    let mut map = Map::new();
    for n in names {
        if let Some(v) = super::value_of(programme, o, n) {
            map.insert(n.clone(), value_json(v));
        }
    }
    Json::Object(map)
}

/// A ranked record named by the allocation: id, rank and its order-key values (exact).
fn mark_json(m: &crate::engine::Mark) -> Json {
    json!({
        "id": &*m.id,
        "rank": m.rank,
        "keys": m.keys.iter().map(value_json).collect::<Vec<_>>(),
    })
}

/// The allocation part of an explanation: rank and tier, flags with their reasons, and for a
/// ranked record the story the text tells (`story`, in the report's language) with its data:
/// how many were eligible and awarded, the last award and each tier's cut-off, the neighbours
/// with the same first order key and the key that decided (`decided_by`: the order key's index,
/// null for the input order), the quota's count before and after its swaps.
fn allocation_json(programme: &Programme, o: &Outcome, flags: Vec<Json>, lang: Lang) -> Json {
    let standing = o.detail.as_ref().and_then(|d| d.standing.as_deref());
    let batch = standing.map(|s| &s.batch);
    json!({
        "rank": o.rank,
        "tier": o.tier,
        "flags": flags,
        "eligible": batch.map(|b| b.eligible),
        "awards": batch.map(|b| b.awards),
        "placed_tier": standing.and_then(|s| s.placed_tier),
        "swapped_in": standing.map(|s| s.swapped_in),
        "swapped_out": standing.map(|s| s.swapped_out),
        "last_award": batch.and_then(|b| b.last_award.as_ref()).map(mark_json),
        "cutoffs": batch.map(|b| {
            b.cutoffs
                .iter()
                .map(|(t, m)| {
                    let mut j = mark_json(m);
                    j["tier"] = json!(t + 1);
                    j
                })
                .collect::<Vec<_>>()
        }),
        "ties": standing.map(|s| {
            s.ties
                .iter()
                .map(|t| {
                    json!({
                        "id": &*t.neighbour,
                        "rank": t.rank,
                        "above": t.above,
                        "decided_by": t.key,
                        "mine": value_json(&t.mine),
                        "theirs": value_json(&t.theirs),
                    })
                })
                .collect::<Vec<_>>()
        }),
        "quota": batch.and_then(|b| b.quota).map(|q| json!({
            "need": q.need,
            "before": q.before,
            "after": q.after,
            "swaps": q.swaps,
        })),
        "story": super::allocation_story(programme, o, lang),
    })
}

/// `explain --format json`: the explanation of one record as data. Every field's value;
/// each rule with its formula, the values it read and its outcome (`held`, `failed`, or
/// `not_evaluated` for an invalid record); each computed value with its formula, inputs,
/// result and cap; the scores, award and allocation (rank, tier, flags with their reasons);
/// and the policy.
pub fn explain_json(policy: &Policy, programme: &Programme, o: &Outcome, lang: Lang) -> Json {
    let detail = o.detail.as_ref();
    let mut fields = Map::new();
    for (i, f) in programme.fields.iter().enumerate() {
        let v = detail
            .and_then(|d| d.fields.get(i))
            .map_or(Json::Null, value_json);
        fields.insert(f.id.clone(), v);
    }
    let invalid = o.status == Status::Invalid;
    let rules: Vec<Json> = programme
        .rules
        .iter()
        .map(|rule| {
            let failed = o.failed_rules().contains(&rule.id);
            json!({
                "id": rule.id,
                "cite": rule.cite,
                "formula": one_line(&rule.formula.text),
                "inputs": inputs(programme, o, &rule.formula.names),
                "outcome": if invalid { "not_evaluated" } else if failed { "failed" } else { "held" },
                "message": failed.then(|| rule.message.get(lang)),
                "interpretation": rule.interpretation,
            })
        })
        .collect();
    let values: Vec<Json> = programme
        .values
        .iter()
        .enumerate()
        .map(|(slot, spec)| {
            let uncapped = detail.and_then(|d| d.uncapped.iter().find(|(s, _)| *s == slot));
            json!({
                "id": spec.id,
                "label": spec.label.get(lang),
                "cite": spec.cite,
                "formula": (!spec.formula.text.is_empty()).then(|| one_line(&spec.formula.text)),
                "inputs": inputs(programme, o, &spec.formula.names),
                "result": detail.and_then(|d| d.computed.get(slot)).map_or(Json::Null, value_json),
                "cap": spec.cap.map(plain),
                "uncapped": uncapped.map(|(_, d)| plain(*d)),
                "capped": matches!((spec.cap, uncapped), (Some(cap), Some((_, raw))) if *raw > cap),
                "interpretation": spec.interpretation,
            })
        })
        .collect();
    let mut scores = Map::new();
    for (id, d) in super::item_scores(programme, o) {
        scores.insert(id, Json::String(plain(d)));
    }
    let flags: Vec<Json> = o
        .flags()
        .iter()
        .map(|f| json!({"id": f, "reason": super::flag_reason(programme, f, lang)}))
        .collect();
    json!({
        "policy": policy_json(policy, &programme.id),
        "id": &*o.id,
        "programme": programme.id,
        "title": programme.title.get(lang),
        "status": o.status.as_str(),
        "errors": o.errors(),
        "fields": fields,
        "rules": rules,
        "failed_rules": o.failed_rules(),
        "values": values,
        "scores": scores,
        "score": o.score.map(|s| score_text(programme, s)),
        "award": {
            "awarded": o.awarded,
            "amount": o.award.map(yuan),
            "amount_wan": o.award.map(wan),
            "cite": programme.award.as_ref().map(|a| a.cite.clone()),
            "formula": programme.award.as_ref().map(|a| one_line(&a.formula.text)),
            "cap": programme.award.as_ref().map(|a| yuan(a.cap)),
        },
        "allocation": allocation_json(programme, o, flags, lang),
        "missing_documents": o.missing_documents(),
    })
}
