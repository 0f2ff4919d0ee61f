//! Policy test cases (`policies/<year>/tests/*.yaml`): records or batches with the outcome
//! the notice requires, run by `fundpolicy test`, with clause coverage.
//!
//! ```yaml
//! programme: some-programme
//! base: {region: north, size: small, …}        # merged under every record
//! cases:
//!   - name: an investment exactly at the threshold (以上 includes the bound)
//!     record: {id: K1, investment: 10}
//!     expect: {status: eligible}
//!   - name: tier boundary at 100/101
//!     generate: [{count: 201, id: "T{n:03}", record: {…}}]
//!     expect: {T100: {tier: 1}, T101: {tier: 2}}
//! ```

use crate::Lang;
use crate::diag::{SourceFile, Span};
use crate::engine::{self, Observer, Outcome};
use crate::input::Raw;
use crate::input::text::{parse_decimal, parse_money};
use crate::policy::{self, Policy, Programme, Source};
use crate::records;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where each case starts, read separately so failures can name a line.
#[derive(Deserialize)]
struct CaseLines {
    #[serde(default)]
    cases: Vec<crate::yaml::Spanned<serde::de::IgnoredAny>>,
}

/// The result of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub file: String,
    /// The line the case starts on, when its file could be read for lines.
    pub line: Option<usize>,
    pub programme: String,
    pub name: String,
    /// Each difference: "record R1: tier: expected 1, got 2".
    pub failures: Vec<String>,
}

/// What the tests of one programme exercised.
#[derive(Debug, Default, Clone)]
pub struct Coverage {
    /// rule id → (times held, times failed)
    pub rules: BTreeMap<String, (usize, usize)>,
    /// (owner, span) → (seen true, seen false), for comparisons
    pub comparisons: BTreeMap<(String, (u32, u32)), (bool, bool)>,
    /// (owner, span) → (then taken, else taken)
    pub branches: BTreeMap<(String, (u32, u32)), (bool, bool)>,
    /// score item → (cap bound, cap not bound)
    pub caps: BTreeMap<String, (bool, bool)>,
    owner: String,
}

impl crate::formula::eval::Tracer for Coverage {
    fn comparison(&mut self, span: Span, outcome: bool) {
        let e = self
            .comparisons
            .entry((self.owner.clone(), (span.start, span.end)))
            .or_default();
        if outcome { e.0 = true } else { e.1 = true }
    }
    fn branch(&mut self, span: Span, then: bool) {
        let e = self
            .branches
            .entry((self.owner.clone(), (span.start, span.end)))
            .or_default();
        if then { e.0 = true } else { e.1 = true }
    }
}

impl Observer for Coverage {
    fn formula(&mut self, owner: &str) {
        owner.clone_into(&mut self.owner);
    }
    fn rule(&mut self, id: &str, held: bool) {
        let e = self.rules.entry(id.to_string()).or_default();
        if held { e.0 += 1 } else { e.1 += 1 }
    }
    fn cap(&mut self, item: &str, bound: bool) {
        let e = self.caps.entry(item.to_string()).or_default();
        if bound { e.0 = true } else { e.1 = true }
    }
}

/// The outcome of `fundpolicy test` for one year.
#[derive(Debug, Default)]
pub struct Run {
    pub results: Vec<CaseResult>,
    pub coverage: BTreeMap<String, Coverage>,
    /// Test files that could not be used at all.
    pub problems: Vec<String>,
    /// Cases left out by the filter: a year whose cases were all filtered out still has
    /// cases.
    pub skipped: usize,
}

impl Run {
    pub fn failed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| !r.failures.is_empty())
            .count()
            + self.problems.len()
    }
}

fn get<'a>(raw: &'a Raw, key: &str) -> Option<&'a Raw> {
    match raw {
        Raw::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

fn text(raw: Option<&Raw>) -> Option<&str> {
    match raw {
        Some(Raw::Text(t)) => Some(t),
        _ => None,
    }
}

/// `over` on top of `base`: keys of `over` replace those of `base`.
fn merge(base: Option<&Raw>, over: &Raw) -> Raw {
    match (base, over) {
        (Some(Raw::Map(b)), Raw::Map(o)) => {
            let mut entries: Vec<(String, Raw)> = b
                .iter()
                .filter(|(k, _)| !o.iter().any(|(ok, _)| ok == k))
                .cloned()
                .collect();
            entries.extend(o.iter().cloned());
            Raw::Map(entries)
        }
        _ => over.clone(),
    }
}

/// The most records one `generate` makes: enough for any ranking a case needs to show.
const MAX_GENERATED: usize = 100_000;

/// `T{n:03}` with n = 7 → `T007`; `{n}` without width (at most 20: no id needs more, and a
/// width of billions would be as many bytes). A width that is not a number is an error, not
/// no width.
fn numbered(pattern: &str, n: usize) -> Result<String, String> {
    let Some(start) = pattern.find("{n") else {
        return Ok(format!("{pattern}{n}"));
    };
    let Some(end) = pattern[start..].find('}') else {
        return Ok(format!("{pattern}{n}"));
    };
    let spec = &pattern[start + 2..start + end];
    let width = match spec.strip_prefix(':') {
        None if spec.is_empty() => 0,
        Some(w) if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) => w
            .bytes()
            .fold(0usize, |acc, b| (acc * 10 + usize::from(b - b'0')).min(20)),
        _ => return Err(crate::msg!("test-generate-bad-width", pattern = pattern)),
    };
    Ok(format!(
        "{}{n:0width$}{}",
        &pattern[..start],
        &pattern[start + end + 1..]
    ))
}

/// The records of a case: `record`, or `batch` and `generate`.
fn case_records(case: &Raw, base: Option<&Raw>) -> Result<Vec<Raw>, String> {
    let mut out = Vec::new();
    if let Some(r) = get(case, "record") {
        out.push(merge(base, r));
    }
    if let Some(Raw::List(items)) = get(case, "batch") {
        out.extend(items.iter().map(|r| merge(base, r)));
    }
    if let Some(Raw::List(groups)) = get(case, "generate") {
        for g in groups {
            let count: usize = match text(get(g, "count")) {
                None => return Err(crate::msg!("test-generate-no-count")),
                Some(c) => c
                    .parse()
                    .map_err(|_| crate::msg!("test-generate-bad-count", count = c))?,
            };
            if count > MAX_GENERATED {
                return Err(crate::msg!(
                    "test-generate-too-many",
                    count = count.to_string(),
                    max = MAX_GENERATED.to_string()
                ));
            }
            let id = text(get(g, "id")).ok_or_else(|| crate::msg!("test-generate-no-id"))?;
            let record = get(g, "record").cloned().unwrap_or(Raw::Map(Vec::new()));
            for n in 1..=count {
                let with_id = merge(
                    Some(&record),
                    &Raw::Map(vec![("id".into(), Raw::Text(numbered(id, n)?))]),
                );
                out.push(merge(base, &with_id));
            }
        }
    }
    if out.is_empty() {
        return Err(crate::msg!("test-no-records"));
    }
    Ok(out)
}

fn list_of(raw: Option<&Raw>) -> Option<Vec<String>> {
    match raw {
        Some(Raw::List(items)) => Some(
            items
                .iter()
                .filter_map(|i| text(Some(i)).map(String::from))
                .collect(),
        ),
        Some(Raw::Text(t)) => Some(vec![t.clone()]),
        Some(Raw::Null) => Some(Vec::new()),
        _ => None,
    }
}

/// An expected and an observed number shown alike: with as many decimals as either needs
/// and at least `min` (two for yuan, as the JSON shows them; the programme's for a score), so
/// equal values read equal and different ones different at a glance (`200000.00`, not
/// `200000` beside `200000.00`).
fn pair_text(want: Option<Decimal>, got: Option<Decimal>, min: u32) -> (String, String) {
    let dp = [want, got]
        .into_iter()
        .flatten()
        .map(|d| d.normalize().scale())
        .fold(min, u32::max);
    // `dp` is at least every scale shown: nothing is rounded away.
    let show = |d: Option<Decimal>| d.map_or("null".into(), |d| crate::report::fixed(d, dp));
    (show(want), show(got))
}

const EXPECT_KEYS: &[&str] = &[
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
    "missing_documents",
    "tolerance",
];

/// A value of a test file as it reads there (`[invalid]`, `{quota: 1}`), for messages.
fn raw_text(raw: &Raw) -> String {
    match raw {
        Raw::Null => "null".into(),
        Raw::Text(t) => crate::diag::echo(t).into_owned(),
        Raw::List(items) => format!(
            "[{}]",
            items.iter().map(raw_text).collect::<Vec<_>>().join(", ")
        ),
        Raw::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", raw_text(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A status as a test file writes it, and in Chinese its name before (`符合（eligible）`).
fn status_text(status: engine::Status, lang: Lang) -> String {
    match lang {
        Lang::Zh => crate::diff::named(
            status.as_str(),
            Some(&crate::report::status_text(status, lang)),
            lang,
        ),
        Lang::En => status.as_str().to_string(),
    }
}

/// A status named in a test file.
fn status_of(code: &str) -> Option<engine::Status> {
    match code {
        "eligible" => Some(engine::Status::Eligible),
        "ineligible" => Some(engine::Status::Ineligible),
        "invalid" => Some(engine::Status::Invalid),
        _ => None,
    }
}

/// Nothing (`null` in a test file), in words.
fn nothing(lang: Lang) -> String {
    crate::t!(lang, "test-null")
}

/// An amount expected or found: in Chinese as staff write it (`25万元`), in English yuan
/// with two decimals as JSON carries it.
fn amount_text(d: Option<Decimal>, lang: Lang) -> String {
    match (d, lang) {
        (None, _) => nothing(lang),
        (Some(d), Lang::Zh) => crate::report::money(d, lang),
        (Some(d), Lang::En) => pair_text(Some(d), None, 2).0,
    }
}

/// Every difference between an expectation and an outcome, in the language of messages.
fn compare(programme: &Programme, expect: &Raw, o: &Outcome, tolerance: Decimal) -> Vec<String> {
    let lang = Lang::for_messages();
    let mut diffs = Vec::new();
    let Raw::Map(entries) = expect else {
        return vec![crate::msg!("test-expect-not-map")];
    };
    let close = |want: Decimal, got: Option<Decimal>| {
        got.and_then(|g| g.checked_sub(want))
            .is_some_and(|d| d.abs() <= tolerance)
    };
    let (list_sep, colon, semicolon) = match lang {
        Lang::Zh => ("、", "：", "；"),
        Lang::En => (", ", ": ", "; "),
    };
    for (key, want) in entries {
        match key.as_str() {
            "status" => {
                let Some(w) = text(Some(want)).and_then(status_of) else {
                    diffs.push(crate::msg!("test-bad-status", value = raw_text(want)));
                    continue;
                };
                if o.status != w {
                    let why = if o.failed_rules().is_empty() {
                        o.errors()
                            .iter()
                            .map(|e| format!("{}{}{}", e.field, colon, e.message))
                            .collect::<Vec<_>>()
                            .join(semicolon)
                    } else {
                        crate::msg!(
                            "test-status-failed-rules",
                            rules = o.failed_rules().join(list_sep)
                        )
                    };
                    diffs.push(crate::msg!(
                        "test-status",
                        expected = status_text(w, lang),
                        actual = status_text(o.status, lang),
                        why = why
                    ));
                }
            }
            "failed_rules" | "flags" | "missing_documents" | "errors" => {
                // Anything but a list (or one id, or null) tests nothing: say so.
                let Some(w) = list_of(Some(want)) else {
                    diffs.push(crate::msg!(
                        "test-bad-list",
                        key = key.as_str(),
                        value = raw_text(want)
                    ));
                    continue;
                };
                let (got, name): (Vec<String>, String) = match key.as_str() {
                    "failed_rules" => (
                        o.failed_rules().to_vec(),
                        crate::msg!("test-key-failed_rules"),
                    ),
                    "flags" => (o.flags().to_vec(), crate::msg!("test-key-flags")),
                    "missing_documents" => (
                        o.missing_documents().to_vec(),
                        crate::msg!("test-key-missing_documents"),
                    ),
                    _ => (
                        o.errors().iter().map(|e| e.field.clone()).collect(),
                        crate::msg!("test-key-errors"),
                    ),
                };
                if w != got {
                    diffs.push(crate::msg!(
                        "test-list",
                        key = name,
                        expected = w.join(list_sep),
                        actual = got.join(list_sep)
                    ));
                }
            }
            "scores" => {
                if !matches!(want, Raw::Map(_)) {
                    diffs.push(crate::msg!("test-bad-scores", value = raw_text(want)));
                }
                if let Raw::Map(items) = want {
                    for (item, value) in items {
                        let slot = programme.values.iter().position(|v| v.id == *item);
                        let got = slot
                            .and_then(|s| o.detail.as_ref().and_then(|d| d.computed.get(s)))
                            .and_then(crate::value::Value::as_decimal);
                        // In Chinese the item's label first, its id after.
                        let label = slot
                            .and_then(|s| programme.values.get(s))
                            .and_then(|v| v.label.zh.as_deref())
                            .filter(|_| lang == Lang::Zh);
                        let name = crate::diff::named(item, label, lang);
                        match text(Some(value)).and_then(parse_decimal) {
                            Some(w) if close(w, got) => {}
                            Some(w) => {
                                let (w, g) = pair_text(Some(w), got, 0);
                                diffs.push(crate::msg!(
                                    "test-score-item",
                                    item = name,
                                    expected = w,
                                    actual = if got.is_some() { g } else { nothing(lang) }
                                ))
                            }
                            None => diffs.push(crate::msg!(
                                "test-bad-score-value",
                                item = name,
                                value = raw_text(value)
                            )),
                        }
                    }
                }
            }
            "score" => match text(Some(want)).and_then(parse_decimal) {
                Some(w) if close(w, o.score) => {}
                w => {
                    let places = crate::report::score_places(programme);
                    let (ws, gs) = pair_text(w, o.score, places);
                    diffs.push(crate::msg!(
                        "test-score",
                        expected = if w.is_some() { ws } else { raw_text(want) },
                        actual = if o.score.is_some() { gs } else { nothing(lang) }
                    ))
                }
            },
            "award" => {
                let w = text(Some(want)).and_then(|t| parse_money(t, Decimal::ONE));
                let got = o.award.filter(|_| o.awarded);
                let ok = match (w, got) {
                    (None, None) => matches!(want, Raw::Null),
                    (Some(w), got) => close(w, got),
                    _ => false,
                };
                if !ok {
                    // Both sides alike (in English yuan with two decimals, as the JSON
                    // carries money; in Chinese as staff write amounts); an amount written
                    // otherwise (`20万元`, `200000`) is named as written too.
                    let written = raw_text(want);
                    let (expected, actual) = match lang {
                        Lang::En => {
                            let (shown, got) = pair_text(w, got, 2);
                            let got = if got == "null" { nothing(lang) } else { got };
                            (if w.is_some() { shown } else { written.clone() }, got)
                        }
                        Lang::Zh => (
                            if w.is_some() {
                                amount_text(w, lang)
                            } else {
                                written.clone()
                            },
                            amount_text(got, lang),
                        ),
                    };
                    let expected = if w.is_some() && written != expected {
                        crate::msg!("test-as-written", value = expected, written = written)
                    } else {
                        expected
                    };
                    diffs.push(crate::msg!(
                        "test-award",
                        expected = expected,
                        actual = actual
                    ));
                }
            }
            "rank" | "tier" => {
                let got = if key == "rank" { o.rank } else { o.tier };
                // null expects none; anything but a whole number is a mistake in the case,
                // not an expectation of none.
                let w = match want {
                    Raw::Null => None,
                    _ => match text(Some(want)).map(str::parse::<u32>) {
                        Some(Ok(w)) => Some(w),
                        _ => {
                            diffs.push(crate::msg!(
                                "test-bad-whole",
                                key = key.as_str(),
                                value = raw_text(want)
                            ));
                            continue;
                        }
                    },
                };
                if w != got {
                    let show = |x: Option<u32>| x.map_or(nothing(lang), |x| x.to_string());
                    let (expected, actual) = (show(w), show(got));
                    diffs.push(if key == "rank" {
                        crate::msg!("test-rank", expected = expected, actual = actual)
                    } else {
                        crate::msg!("test-tier", expected = expected, actual = actual)
                    });
                }
            }
            "awarded" => {
                let w = match text(Some(want)) {
                    Some("true") => true,
                    Some("false") => false,
                    _ => {
                        diffs.push(crate::msg!("test-bad-awarded", value = raw_text(want)));
                        continue;
                    }
                };
                if w != o.awarded {
                    let show = |b: bool| {
                        if b {
                            crate::msg!("test-true")
                        } else {
                            crate::msg!("test-false")
                        }
                    };
                    diffs.push(crate::msg!(
                        "test-awarded",
                        expected = show(w),
                        actual = show(o.awarded)
                    ));
                }
            }
            "tolerance" => {}
            other => diffs.push(
                match crate::diag::did_you_mean(other, EXPECT_KEYS.iter().copied()) {
                    Some(hint) => {
                        crate::msg!("test-unknown-expectation-hint", key = other, hint = hint)
                    }
                    None => crate::msg!("test-unknown-expectation", key = other),
                },
            ),
        }
    }
    diffs
}

/// Runs one test file against its programme.
fn run_file(policy: &Policy, file: &SourceFile, filter: Option<&str>, run: &mut Run) {
    let doc = match crate::yaml::raw_from_file(file) {
        Ok(d) => d,
        Err(e) => {
            run.problems.push(crate::msg!(
                "test-problem",
                file = &*file.name,
                message = e.message()
            ));
            return;
        }
    };
    let lines: Vec<usize> = crate::yaml::from_file::<CaseLines>(file)
        .map(|c| {
            c.cases
                .iter()
                .map(|case| case.referenced.line() as usize)
                .collect()
        })
        .unwrap_or_default();
    let Some(programme_id) = text(get(&doc, "programme")) else {
        run.problems
            .push(crate::msg!("test-problem-no-programme", file = &*file.name));
        return;
    };
    let Some(programme) = policy.programme(programme_id) else {
        run.problems.push(crate::msg!(
            "test-problem-unknown-programme",
            file = &*file.name,
            year = policy.year.to_string(),
            programme = programme_id
        ));
        return;
    };
    let base = get(&doc, "base");
    let Some(Raw::List(cases)) = get(&doc, "cases") else {
        run.problems
            .push(crate::msg!("test-problem-no-cases", file = &*file.name));
        return;
    };
    for (n, case) in cases.iter().enumerate() {
        let name =
            text(get(case, "name")).map_or_else(|| crate::msg!("test-unnamed"), String::from);
        if filter.is_some_and(|f| !name.contains(f) && !file.name.contains(f)) {
            run.skipped += 1;
            continue;
        }
        let mut result = CaseResult {
            file: file.name.to_string(),
            line: lines.get(n).copied(),
            programme: programme.id.clone(),
            name,
            failures: Vec::new(),
        };
        let raws = match case_records(case, base) {
            Ok(r) => r,
            Err(e) => {
                result.failures.push(e);
                run.results.push(result);
                continue;
            }
        };
        let single = get(case, "record").is_some() && raws.len() == 1;
        let records: Vec<records::Record> = raws
            .iter()
            .map(|r| records::from_raw(programme, r))
            .collect();
        let coverage = run.coverage.entry(programme.id.clone()).or_default();
        let outcomes =
            engine::evaluate_batch_observed(programme, records, Lang::for_messages(), coverage);
        // A case without expectations would pass whatever the outcome.
        let Some(expect) = get(case, "expect").cloned() else {
            result.failures.push(crate::msg!("test-no-expect"));
            run.results.push(result);
            continue;
        };
        let tolerance = match get(&expect, "tolerance") {
            None => Decimal::ZERO,
            Some(t) => match text(Some(t)).and_then(parse_decimal) {
                Some(t) => t,
                None => {
                    result
                        .failures
                        .push(crate::msg!("test-bad-tolerance", value = raw_text(t)));
                    run.results.push(result);
                    continue;
                }
            },
        };
        if single {
            let o = &outcomes[0];
            result.failures.extend(
                compare(programme, &expect, o, tolerance)
                    .into_iter()
                    .map(|d| crate::msg!("test-record", id = &o.id, failure = d)),
            );
        } else if let Raw::Map(by_id) = &expect {
            for (id, want) in by_id.iter().filter(|(k, _)| k != "tolerance") {
                match outcomes.iter().find(|o| *o.id == **id) {
                    Some(o) => result.failures.extend(
                        compare(programme, want, o, tolerance)
                            .into_iter()
                            .map(|d| crate::msg!("test-record", id = id, failure = d)),
                    ),
                    None => result
                        .failures
                        .push(crate::msg!("test-no-record-in-batch", id = id)),
                }
            }
        }
        run.results.push(result);
    }
}

/// Runs every test file of a year.
pub fn run_year(source: &Source, policy: &Policy, filter: Option<&str>) -> Run {
    let mut run = Run::default();
    for rel in source.list(&format!("{}/tests", policy.year)) {
        match source.read(&rel) {
            Ok(file) => run_file(policy, &file, filter, &mut run),
            Err(e) => run.problems.push(e),
        }
    }
    run
}

/// `text` padded with spaces to `width` columns (a Chinese character takes two).
fn pad(text: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// The coverage report: per programme, rules and their sides, comparisons, branches,
/// caps, and clauses no test reaches.
pub fn coverage_report(policy: &Policy, run: &Run, lang: Lang) -> String {
    let mut out = String::new();
    for programme in &policy.programmes {
        let empty = Coverage::default();
        let cov = run.coverage.get(&programme.id).unwrap_or(&empty);
        out.push_str(&format!("{} {}\n", policy.year, programme.id));
        let mut untested_clauses: BTreeSet<String> = BTreeSet::new();
        let mut tested_clauses: BTreeSet<String> = BTreeSet::new();
        out.push_str(&format!("  {}\n", crate::t!(lang, "test-coverage-rules")));
        for rule in &programme.rules {
            let (held, failed) = cov.rules.get(&rule.id).copied().unwrap_or((0, 0));
            let mark = match (held > 0, failed > 0) {
                (true, true) => crate::t!(lang, "test-coverage-both-sides"),
                (true, false) => crate::t!(lang, "test-coverage-never-fails"),
                (false, true) => crate::t!(lang, "test-coverage-never-holds"),
                (false, false) => crate::t!(lang, "test-coverage-not-tested"),
            };
            out.push_str(&format!(
                "    {} {held:>4} / {failed:<4} {mark}  [{}]\n",
                pad(&rule.id, 26),
                rule.cite
            ));
            if held + failed > 0 {
                tested_clauses.insert(rule.cite.clone());
            } else {
                untested_clauses.insert(rule.cite.clone());
            }
        }
        let formulas: Vec<(&str, &policy::Formula)> = programme
            .rules
            .iter()
            .map(|r| (r.id.as_str(), &r.formula))
            .chain(
                programme
                    .values
                    .iter()
                    .filter(|v| !v.formula.text.is_empty())
                    .map(|v| (v.id.as_str(), &v.formula)),
            )
            .chain(programme.award.iter().map(|a| ("award", &a.formula)))
            .collect();
        let mut lines = Vec::new();
        for (owner, f) in &formulas {
            for ((_, (start, end)), (t, e), is_if) in cov
                .comparisons
                .iter()
                .map(|(k, v)| (k, v, false))
                .chain(cov.branches.iter().map(|(k, v)| (k, v, true)))
                .filter(|((o, _), _, _)| o == owner)
            {
                let part = f
                    .text
                    .get(*start as usize..*end as usize)
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let part: String = part.chars().take(60).collect();
                let kind = if is_if {
                    crate::t!(lang, "test-coverage-if")
                } else {
                    crate::t!(lang, "test-coverage-comparison")
                };
                let sides = match (is_if, t, e) {
                    (_, true, true) => crate::t!(lang, "test-coverage-both-sides"),
                    (true, true, false) => crate::t!(lang, "test-coverage-only-then"),
                    (true, false, true) => crate::t!(lang, "test-coverage-only-else"),
                    (_, true, false) => crate::t!(lang, "test-coverage-only-true"),
                    _ => crate::t!(lang, "test-coverage-only-false"),
                };
                // The widest of the words for sides sets the column.
                let widest = unicode_width::UnicodeWidthStr::width(
                    crate::t!(lang, "test-coverage-both-sides").as_str(),
                );
                lines.push(format!(
                    "    {} {} {} {part}\n",
                    pad(owner, 16),
                    pad(&kind, 10),
                    pad(&sides, widest.max(12))
                ));
            }
        }
        if !lines.is_empty() {
            out.push_str(&format!(
                "  {}\n",
                crate::t!(lang, "test-coverage-branches")
            ));
            lines.iter().for_each(|l| out.push_str(l));
        }
        if let Some(scores) = &programme.scores {
            out.push_str(&format!("  {}\n", crate::t!(lang, "test-coverage-caps")));
            for &slot in &scores.items {
                let item = &programme.values[slot];
                let (bound, free) = cov.caps.get(&item.id).copied().unwrap_or((false, false));
                let mark = match (bound, free) {
                    (true, true) => crate::t!(lang, "test-coverage-cap-both"),
                    (true, false) => crate::t!(lang, "test-coverage-cap-only-bound"),
                    (false, true) => crate::t!(lang, "test-coverage-cap-never-reached"),
                    _ => crate::t!(lang, "test-coverage-not-tested"),
                };
                out.push_str(&format!("    {:<16} {mark}  [{}]\n", item.id, item.cite));
                if bound || free {
                    tested_clauses.insert(item.cite.clone());
                } else {
                    untested_clauses.insert(item.cite.clone());
                }
            }
        }
        let untested: Vec<String> = untested_clauses
            .difference(&tested_clauses)
            .cloned()
            .collect();
        let line = if untested.is_empty() {
            crate::t!(lang, "test-coverage-every-clause")
        } else {
            crate::t!(
                lang,
                "test-coverage-untested",
                clauses = untested.join(match lang {
                    Lang::Zh => "；",
                    Lang::En => "; ",
                })
            )
        };
        out.push_str(&format!("  {line}\n"));
    }
    out
}

/// What `fundpolicy test` prints by default: the policy line of each year, a line per case
/// (its failures below it), the coverage when asked, and the tally.
pub fn report_text(
    runs: &[crate::report::machine::YearTests],
    filter: Option<&str>,
    coverage: bool,
    lang: Lang,
) -> String {
    use crate::report::machine;
    let mut out = String::new();
    let line = |out: &mut String, text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let mut ran = 0;
    for y in runs {
        let Ok((policy, run)) = &y.loaded else {
            continue;
        };
        // Which rules the cases ran against: the folder and the digest.
        out.push_str(&crate::report::policy_line(policy, lang));
        if machine::no_cases(run) {
            let problem = machine::no_cases_text(y.year, lang);
            line(&mut out, crate::t!(lang, "test-fail", problem = problem));
        }
        ran += run.results.len();
        for problem in &run.problems {
            line(&mut out, crate::t!(lang, "test-fail", problem = problem));
        }
        for r in &run.results {
            let place = match r.line {
                Some(line) => format!("{}:{line}", r.file),
                None => r.file.clone(),
            };
            let args = (place.as_str(), r.programme.as_str(), r.name.as_str());
            if r.failures.is_empty() {
                line(
                    &mut out,
                    crate::t!(
                        lang,
                        "test-case-ok",
                        place = args.0,
                        programme = args.1,
                        name = args.2
                    ),
                );
            } else {
                line(
                    &mut out,
                    crate::t!(
                        lang,
                        "test-case-failed",
                        place = args.0,
                        programme = args.1,
                        name = args.2
                    ),
                );
                for f in &r.failures {
                    line(&mut out, format!("       {f}"));
                }
            }
        }
        if coverage {
            out.push('\n');
            out.push_str(&coverage_report(policy, run, lang));
        }
    }
    if let Some(f) = filter
        && ran == 0
    {
        let problem = machine::unmatched_filter_text(f, lang);
        line(&mut out, crate::t!(lang, "test-fail", problem = problem));
    }
    let (passed, failed) = machine::test_tally(runs, filter);
    line(
        &mut out,
        crate::t!(lang, "test-tally", passed = passed, failed = failed),
    );
    out
}

/// Loads a year and runs its tests (for `cargo test` and the CLI).
pub fn load_and_run(
    source: &Source,
    year: u32,
    filter: Option<&str>,
) -> Result<(Policy, Run), Vec<crate::diag::Report>> {
    let policy = policy::load(source, year)?;
    let run = run_year(source, &policy, filter);
    Ok((policy, run))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_ids_pad_to_a_bounded_width() {
        assert_eq!(numbered("T{n:03}", 7).unwrap(), "T007");
        assert_eq!(numbered("T{n}-x", 7).unwrap(), "T7-x");
        assert_eq!(numbered("T{n:0}", 7).unwrap(), "T7");
        assert_eq!(numbered("T", 7).unwrap(), "T7");
        assert_eq!(
            numbered("T{n:099999999999}", 7).unwrap(),
            format!("T{:020}", 7)
        );
        // Not a width: an error, not an id without padding.
        assert!(numbered("T{n:abc}", 7).is_err());
        assert!(numbered("T{n3}", 7).is_err());
    }

    #[test]
    fn a_generate_count_beyond_the_limit_is_an_error_not_a_flood() {
        let case = |count: usize| {
            Raw::Map(vec![(
                "generate".into(),
                Raw::List(vec![Raw::Map(vec![
                    ("count".into(), Raw::Text(count.to_string())),
                    ("id".into(), Raw::Text("T{n}".into())),
                ])]),
            )])
        };
        assert_eq!(case_records(&case(3), None).map(|r| r.len()), Ok(3));
        let err =
            Lang::En.with_messages(|| case_records(&case(MAX_GENERATED + 1), None).unwrap_err());
        assert!(err.contains("at most 100000 records"), "{err}");
    }
}
