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
    cases: Vec<CaseLine>,
}

#[derive(Deserialize)]
struct CaseLine {
    name: crate::yaml::Spanned<String>,
}

/// The result of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub file: String,
    pub line: usize,
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
        _ => {
            return Err(format!(
                "generate `id` pattern `{pattern}`: write `{{n}}` or a width such as `{{n:03}}`"
            ));
        }
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
                None => return Err("generate needs `count`".into()),
                Some(c) => c
                    .parse()
                    .map_err(|_| format!("generate `count` is `{c}`: it must be a whole number"))?,
            };
            if count > MAX_GENERATED {
                return Err(format!(
                    "generate `count` is {count}; a case may generate at most {MAX_GENERATED} records (evaluate a population with `fundpolicy evaluate`)"
                ));
            }
            let id =
                text(get(g, "id")).ok_or("generate needs an `id` pattern such as \"T{n:03}\"")?;
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
        return Err("a case needs `record`, `batch` or `generate`".into());
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

/// Every difference between an expectation and an outcome.
fn compare(programme: &Programme, expect: &Raw, o: &Outcome, tolerance: Decimal) -> Vec<String> {
    let mut diffs = Vec::new();
    let Raw::Map(entries) = expect else {
        return vec!["`expect` must be a mapping".into()];
    };
    let close = |want: Decimal, got: Option<Decimal>| {
        got.and_then(|g| g.checked_sub(want))
            .is_some_and(|d| d.abs() <= tolerance)
    };
    for (key, want) in entries {
        match key.as_str() {
            "status" => {
                let w = match text(Some(want)) {
                    Some(w @ ("eligible" | "ineligible" | "invalid")) => w,
                    _ => {
                        diffs.push(format!(
                            "`status` must be eligible, ineligible or invalid, not {want:?}"
                        ));
                        continue;
                    }
                };
                if o.status.as_str() != w {
                    let why = if o.failed_rules().is_empty() {
                        o.errors()
                            .iter()
                            .map(|e| format!("{}: {}", e.field, e.message))
                            .collect::<Vec<_>>()
                            .join("; ")
                    } else {
                        format!("failed {}", o.failed_rules().join(", "))
                    };
                    diffs.push(format!(
                        "status: expected {w}, got {} ({why})",
                        o.status.as_str()
                    ));
                }
            }
            "failed_rules" | "flags" | "missing_documents" | "errors" => {
                // Anything but a list (or one id, or null) tests nothing: say so.
                let Some(w) = list_of(Some(want)) else {
                    diffs.push(format!("`{key}` must be a list of ids, not {want:?}"));
                    continue;
                };
                let got: Vec<String> = match key.as_str() {
                    "failed_rules" => o.failed_rules().to_vec(),
                    "flags" => o.flags().to_vec(),
                    "missing_documents" => o.missing_documents().to_vec(),
                    _ => o.errors().iter().map(|e| e.field.clone()).collect(),
                };
                if w != got {
                    diffs.push(format!(
                        "{key}: expected [{}], got [{}]",
                        w.join(", "),
                        got.join(", ")
                    ));
                }
            }
            "scores" => {
                if !matches!(want, Raw::Map(_)) {
                    diffs.push(format!(
                        "`scores` must map score items to scores, not {want:?}"
                    ));
                }
                if let Raw::Map(items) = want {
                    for (item, value) in items {
                        let slot = programme.values.iter().position(|v| v.id == *item);
                        let got = slot
                            .and_then(|s| o.detail.as_ref().and_then(|d| d.computed.get(s)))
                            .and_then(crate::value::Value::as_decimal);
                        match text(Some(value)).and_then(parse_decimal) {
                            Some(w) if close(w, got) => {}
                            Some(w) => {
                                let (w, g) = pair_text(Some(w), got, 0);
                                diffs.push(format!("score {item}: expected {w}, got {g}"))
                            }
                            None => {
                                diffs.push(format!("score {item}: `{value:?}` is not a number"))
                            }
                        }
                    }
                }
            }
            "score" => match text(Some(want)).and_then(parse_decimal) {
                Some(w) if close(w, o.score) => {}
                w => {
                    let places = crate::report::score_places(programme);
                    let (w, g) = pair_text(w, o.score, places);
                    diffs.push(format!("score: expected {w}, got {g}"))
                }
            },
            "award" => {
                let w = text(Some(want)).and_then(|t| parse_money(t, Decimal::ONE));
                let ok = match (w, o.award.filter(|_| o.awarded)) {
                    (None, None) => matches!(want, Raw::Null),
                    (Some(w), got) => close(w, got),
                    _ => false,
                };
                if !ok {
                    // Yuan with two decimals on both sides, as the JSON carries money; an
                    // amount written otherwise (`20万元`) is named as written too.
                    let written = text(Some(want)).unwrap_or("null");
                    let (shown, got) = pair_text(w, o.award.filter(|_| o.awarded), 2);
                    let expected = match w {
                        Some(_) if written != shown => format!("{shown} ({written})"),
                        Some(_) => shown,
                        None => written.to_string(),
                    };
                    diffs.push(format!("award: expected {expected}, got {got}"));
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
                            diffs.push(format!(
                                "`{key}` must be a whole number or null, not {want:?}"
                            ));
                            continue;
                        }
                    },
                };
                if w != got {
                    diffs.push(format!(
                        "{key}: expected {}, got {}",
                        w.map_or("null".into(), |x| x.to_string()),
                        got.map_or("null".into(), |x| x.to_string())
                    ));
                }
            }
            "awarded" => {
                let w = match text(Some(want)) {
                    Some("true") => true,
                    Some("false") => false,
                    _ => {
                        diffs.push(format!("`awarded` must be true or false, not {want:?}"));
                        continue;
                    }
                };
                if w != o.awarded {
                    diffs.push(format!("awarded: expected {w}, got {}", o.awarded));
                }
            }
            "tolerance" => {}
            other => {
                let hint = crate::diag::did_you_mean(other, EXPECT_KEYS.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                diffs.push(format!("unknown expectation `{other}`{hint}"));
            }
        }
    }
    diffs
}

/// Runs one test file against its programme.
fn run_file(policy: &Policy, file: &SourceFile, filter: Option<&str>, run: &mut Run) {
    let doc = match crate::yaml::raw_from_file(file) {
        Ok(d) => d,
        Err(e) => {
            run.problems.push(format!("{}: {}", file.name, e.message));
            return;
        }
    };
    let lines: Vec<usize> = crate::yaml::from_file::<CaseLines>(file)
        .map(|c| {
            c.cases
                .iter()
                .map(|l| l.name.referenced.line() as usize)
                .collect()
        })
        .unwrap_or_default();
    let Some(programme_id) = text(get(&doc, "programme")) else {
        run.problems
            .push(format!("{}: no `programme:` named", file.name));
        return;
    };
    let Some(programme) = policy.programme(programme_id) else {
        run.problems.push(format!(
            "{}: {} has no programme `{programme_id}`",
            file.name, policy.year
        ));
        return;
    };
    let base = get(&doc, "base");
    let Some(Raw::List(cases)) = get(&doc, "cases") else {
        run.problems.push(format!("{}: no `cases:`", file.name));
        return;
    };
    for (n, case) in cases.iter().enumerate() {
        let name = text(get(case, "name")).unwrap_or("(unnamed)").to_string();
        if filter.is_some_and(|f| !name.contains(f) && !file.name.contains(f)) {
            run.skipped += 1;
            continue;
        }
        let mut result = CaseResult {
            file: file.name.to_string(),
            line: lines.get(n).copied().unwrap_or(0),
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
        let outcomes = engine::evaluate_batch_observed(programme, records, Lang::En, coverage);
        // A case without expectations would pass whatever the outcome.
        let Some(expect) = get(case, "expect").cloned() else {
            result
                .failures
                .push("a case needs `expect`: the outcome it requires".into());
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
                        .push(format!("`tolerance` must be a number, not {t:?}"));
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
                    .map(|d| format!("record {}: {d}", o.id)),
            );
        } else if let Raw::Map(by_id) = &expect {
            for (id, want) in by_id.iter().filter(|(k, _)| k != "tolerance") {
                match outcomes.iter().find(|o| *o.id == **id) {
                    Some(o) => result.failures.extend(
                        compare(programme, want, o, tolerance)
                            .into_iter()
                            .map(|d| format!("record {id}: {d}")),
                    ),
                    None => result
                        .failures
                        .push(format!("no record with id `{id}` in the batch")),
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

/// The coverage report: per programme, rules and their sides, comparisons, branches,
/// caps, and clauses no test reaches.
pub fn coverage_report(policy: &Policy, run: &Run) -> String {
    let mut out = String::new();
    for programme in &policy.programmes {
        let empty = Coverage::default();
        let cov = run.coverage.get(&programme.id).unwrap_or(&empty);
        out.push_str(&format!("{} {}\n", policy.year, programme.id));
        let mut untested_clauses: BTreeSet<String> = BTreeSet::new();
        let mut tested_clauses: BTreeSet<String> = BTreeSet::new();
        out.push_str("  rules (held / failed):\n");
        for rule in &programme.rules {
            let (held, failed) = cov.rules.get(&rule.id).copied().unwrap_or((0, 0));
            let mark = match (held > 0, failed > 0) {
                (true, true) => "both sides",
                (true, false) => "NEVER FAILS in tests",
                (false, true) => "NEVER HOLDS in tests",
                (false, false) => "NOT TESTED",
            };
            out.push_str(&format!(
                "    {:<26} {held:>4} / {failed:<4} {mark}  [{}]\n",
                rule.id, rule.cite
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
            for (((o, (start, end)), (t, e)), kind) in cov
                .comparisons
                .iter()
                .map(|x| (x, "comparison"))
                .chain(cov.branches.iter().map(|x| (x, "if")))
                .filter(|(((o, _), _), _)| o == owner)
            {
                let _ = o;
                let part = f
                    .text
                    .get(*start as usize..*end as usize)
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let part: String = part.chars().take(60).collect();
                let sides = match (kind, t, e) {
                    (_, true, true) => "both sides",
                    ("if", true, false) => "only `then`",
                    ("if", false, true) => "only `else`",
                    (_, true, false) => "only true",
                    _ => "only false",
                };
                lines.push(format!("    {owner:<16} {kind:<10} {sides:<12} {part}\n"));
            }
        }
        if !lines.is_empty() {
            out.push_str("  comparisons and branches:\n");
            lines.iter().for_each(|l| out.push_str(l));
        }
        if let Some(scores) = &programme.scores {
            out.push_str("  caps (bound / not bound):\n");
            for &slot in &scores.items {
                let item = &programme.values[slot];
                let (bound, free) = cov.caps.get(&item.id).copied().unwrap_or((false, false));
                let mark = match (bound, free) {
                    (true, true) => "both",
                    (true, false) => "only bound",
                    (false, true) => "never reached",
                    _ => "NOT TESTED",
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
        if untested.is_empty() {
            out.push_str("  every cited clause has a test\n");
        } else {
            out.push_str(&format!(
                "  clauses with no test: {}\n",
                untested.join("; ")
            ));
        }
    }
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
        let err = case_records(&case(MAX_GENERATED + 1), None).unwrap_err();
        assert!(err.contains("at most 100000 records"), "{err}");
    }
}
