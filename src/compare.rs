//! `evaluate --compare`: the same applications under two policy years, and what changes —
//! status, failed rules, score, award — with the rules and parameters behind each change.

use crate::Lang;
use crate::engine::{self, Outcome};
use crate::input::Raw;
use crate::policy::{Policy, Programme};
use crate::records;
use crate::value::{Value, plain};
use rust_decimal::Decimal;
use serde_json::{Value as Json, json};

/// One rule whose outcome differs between the years, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleChange {
    pub rule: String,
    /// held / failed / absent / not evaluated
    pub before: &'static str,
    pub after: &'static str,
    pub why: Vec<Why>,
}

/// Why a rule may decide otherwise in the later year.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    NewRule,
    RuleRemoved,
    ConditionChanged,
    /// A parameter the rule reads has another value; `label` its name (zh, en).
    Parameter {
        name: String,
        label: (Option<String>, Option<String>),
        before: Option<Value>,
        after: Option<Value>,
    },
}

impl Why {
    /// As the JSON carries it: a fixed English phrase programs may match.
    pub fn code(&self) -> String {
        match self {
            Why::NewRule => "new rule".into(),
            Why::RuleRemoved => "rule removed".into(),
            Why::ConditionChanged => "condition changed".into(),
            Why::Parameter {
                name,
                before,
                after,
                ..
            } => {
                let show =
                    |v: &Option<Value>| v.as_ref().map_or("(none)".into(), ToString::to_string);
                format!("parameter {name}: {} → {}", show(before), show(after))
            }
        }
    }

    /// As a reader of the text report is told it.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            Why::NewRule => crate::t!(lang, "compare-why-new_rule"),
            Why::RuleRemoved => crate::t!(lang, "compare-why-rule_removed"),
            Why::ConditionChanged => crate::t!(lang, "compare-why-condition_changed"),
            Why::Parameter {
                name,
                label,
                before,
                after,
            } => {
                let label = match lang {
                    Lang::Zh => label.0.as_deref().or(label.1.as_deref()),
                    Lang::En => label.1.as_deref().or(label.0.as_deref()),
                };
                let show = |v: &Option<Value>| match v {
                    Some(v) => crate::diff::value_words(v, lang),
                    None => crate::t!(lang, "diff-none"),
                };
                crate::t!(
                    lang,
                    "compare-why-parameter",
                    parameter = crate::diff::named(name, label, lang),
                    before = show(before),
                    after = show(after)
                )
            }
        }
    }
}

/// A rule's state (`held`, `failed`, …) in words.
pub(crate) fn state_words(state: &str, lang: Lang) -> String {
    match state {
        "held" => crate::t!(lang, "compare-state-held"),
        "failed" => crate::t!(lang, "compare-state-failed"),
        "absent" => crate::t!(lang, "compare-state-absent"),
        "not evaluated" => crate::t!(lang, "compare-state-not_evaluated"),
        other => other.to_string(),
    }
}

#[derive(Debug, Clone)]
pub struct Comparison {
    pub id: String,
    pub before: Outcome,
    pub after: Outcome,
    pub rules: Vec<RuleChange>,
}

impl Comparison {
    pub fn changed(&self) -> bool {
        self.before.status != self.after.status
            || self.before.score != self.after.score
            || self.before.award.filter(|_| self.before.awarded)
                != self.after.award.filter(|_| self.after.awarded)
            || !self.rules.is_empty()
    }
}

/// The document as `programme` reads it, where a key names a field of `only` and none of
/// `programme`: the key of a field both years have (its label changed) is written as the
/// field's id, with the unit it states; a key of a field new in `only` is left out (neither
/// ignored with a warning nor an error in the year that does not have it).
fn without_keys_of_only(only: &Programme, programme: &Programme, raw: &Raw) -> Raw {
    let known = |key: &str| {
        programme
            .fields
            .iter()
            .any(|f| records::columns::names(f, key).is_some())
    };
    // What `programme` calls the field of `only` that `key` names, if it has that field.
    let renamed = |key: &str| -> Option<Option<String>> {
        let (f, unit) = only
            .fields
            .iter()
            .find_map(|f| records::columns::names(f, key).map(|u| (f, u)))?;
        let same = programme
            .fields
            .iter()
            .any(|g| g.id == f.id && g.kind == f.kind);
        Some(same.then(|| match unit {
            Some(unit) => format!("{}（{}）", f.id, unit.text),
            None => f.id.clone(),
        }))
    };
    match raw {
        Raw::Map(entries) => Raw::Map(
            entries
                .iter()
                .filter_map(|(k, v)| {
                    if known(k) {
                        return Some((k.clone(), v.clone()));
                    }
                    match renamed(k) {
                        None => Some((k.clone(), v.clone())),
                        Some(Some(id)) => Some((id, v.clone())),
                        Some(None) => None,
                    }
                })
                .collect(),
        ),
        Raw::List(items) => Raw::List(
            items
                .iter()
                .map(|i| without_keys_of_only(only, programme, i))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn rule_state(p: &Programme, o: &Outcome, id: &str) -> &'static str {
    if !p.rules.iter().any(|r| r.id == id) {
        "absent"
    } else if o.status == engine::Status::Invalid {
        "not evaluated"
    } else if o.failed_rules().iter().any(|r| r == id) {
        "failed"
    } else {
        "held"
    }
}

/// Why a rule may decide differently: its own change, or the parameters it reads.
fn reasons(old: &Programme, new: &Programme, id: &str) -> Vec<Why> {
    let (a, b) = (
        old.rules.iter().find(|r| r.id == id),
        new.rules.iter().find(|r| r.id == id),
    );
    match (a, b) {
        (None, Some(_)) => vec![Why::NewRule],
        (Some(_), None) => vec![Why::RuleRemoved],
        (Some(a), Some(b)) => {
            let mut why = Vec::new();
            if a.formula
                .text
                .split_whitespace()
                .ne(b.formula.text.split_whitespace())
            {
                why.push(Why::ConditionChanged);
            }
            for name in &b.formula.names {
                let find = |p: &Programme| {
                    p.params
                        .iter()
                        .find(|(n, ..)| n == name)
                        .map(|(_, v, label, ..)| (v.clone(), label.clone()))
                };
                let (pa, pb) = (find(old), find(new));
                if pa.as_ref().map(|p| &p.0) != pb.as_ref().map(|p| &p.0) {
                    let label = pb
                        .as_ref()
                        .or(pa.as_ref())
                        .map(|p| p.1.clone())
                        .unwrap_or_default();
                    why.push(Why::Parameter {
                        name: name.clone(),
                        label: (label.zh, label.en),
                        before: pa.map(|p| p.0),
                        after: pb.map(|p| p.0),
                    });
                }
            }
            why
        }
        (None, None) => Vec::new(),
    }
}

/// Evaluates the same documents under both programmes.
pub fn compare(
    old: &Programme,
    new: &Programme,
    docs: &[(String, Raw)],
    lang: Lang,
) -> Vec<Comparison> {
    compare_read(
        old,
        new,
        docs,
        lang,
        &|_| "key",
        records::Reading::default(),
    )
    .0
}

/// [`compare`], and what reading the documents said, file by file: the keys (or columns,
/// as `noun` calls them in a file) that name a field of neither year, ignored, and keys
/// read in another unit than the new year's field. A key one year has and the other has
/// not is what a comparison is about, and not said.
pub fn compare_read(
    old: &Programme,
    new: &Programme,
    docs: &[(String, Raw)],
    lang: Lang,
    noun: &dyn Fn(&str) -> &'static str,
    reading: records::Reading,
) -> (Vec<Comparison>, Vec<crate::warning::Warning>) {
    // Each file's records under one programme, and what its keys said; a key of the other
    // year's fields only is left out first (neither ignored nor, under `--strict`, an error).
    let read =
        |p: &Programme, other: &Programme| -> (Vec<records::Record>, Vec<records::KeyNotes>) {
            let mut all = Vec::new();
            let mut notes = Vec::new();
            for file in docs.chunk_by(|a, b| a.0 == b.0) {
                let noted = std::sync::Mutex::new(records::KeyNotes::default());
                let ctx = records::Context {
                    noun: noun(&file[0].0),
                    ..records::Context::keys(reading, &noted)
                };
                for (_, doc) in file {
                    let doc = without_keys_of_only(other, p, doc);
                    all.extend(records::records_in(p, &doc, ctx));
                }
                notes.push(noted.into_inner().unwrap_or_else(|e| e.into_inner()));
            }
            (all, notes)
        };
    let (old_records, _) = read(old, new);
    let (new_records, new_notes) = read(new, old);
    let mut warnings = Vec::new();
    let files = docs.chunk_by(|a, b| a.0 == b.0);
    for (file, notes) in files.zip(new_notes) {
        let name = &file[0].0;
        // Keys of neither year's fields (under `--strict`, every record's error instead).
        let (neither, units) = notes.into_parts();
        let ignored = (!reading.strict)
            .then(|| records::columns::unknown_warning(new, noun(name), &neither))
            .flatten();
        warnings.extend(units.into_iter().chain(ignored).map(|w| w.in_file(name)));
    }
    (
        compare_records(old, new, old_records, new_records, lang),
        warnings,
    )
}

fn compare_records(
    old: &Programme,
    new: &Programme,
    old_records: Vec<records::Record>,
    new_records: Vec<records::Record>,
    lang: Lang,
) -> Vec<Comparison> {
    let before = engine::evaluate_batch(old, old_records, lang);
    let after = engine::evaluate_batch(new, new_records, lang);
    let mut rule_ids: Vec<&str> = old.rules.iter().map(|r| r.id.as_str()).collect();
    for r in &new.rules {
        if !rule_ids.contains(&r.id.as_str()) {
            rule_ids.push(&r.id);
        }
    }
    before
        .into_iter()
        .zip(after)
        .map(|(b, a)| {
            // Invalid in both years, no rule was evaluated in either: none changed.
            let neither_evaluated =
                b.status == engine::Status::Invalid && a.status == engine::Status::Invalid;
            let rules = rule_ids
                .iter()
                .filter(|_| !neither_evaluated)
                .filter_map(|id| {
                    let (sb, sa) = (rule_state(old, &b, id), rule_state(new, &a, id));
                    let differs = sb != sa
                        && !(sb == "absent" && sa == "held")
                        && !(sb == "held" && sa == "absent");
                    differs.then(|| RuleChange {
                        rule: (*id).to_string(),
                        before: sb,
                        after: sa,
                        why: reasons(old, new, id),
                    })
                })
                .collect();
            Comparison {
                id: a.id.to_string(),
                before: b,
                after: a,
                rules,
            }
        })
        .collect()
}

fn money(o: &Outcome) -> Option<Decimal> {
    o.award.filter(|_| o.awarded)
}

/// Yuan with two decimals, rounded as every report rounds (half away from zero).
fn yuan(d: Option<Decimal>) -> Json {
    d.map_or(Json::Null, |d| Json::String(crate::report::yuan(d)))
}

pub fn json(old: &Policy, new: &Policy, programme: &str, comparisons: &[Comparison]) -> Json {
    let side = |o: &Outcome| {
        json!({
            "status": o.status.as_str(),
            "failed_rules": o.failed_rules(),
            // Why a record is invalid that year, as `evaluate --format json` says it.
            "errors": o.errors(),
            "score": o.score.map(plain),
            "award": yuan(money(o)),
        })
    };
    let results: Vec<Json> = comparisons
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "changed": c.changed(),
                old.year.to_string(): side(&c.before),
                new.year.to_string(): side(&c.after),
                "rules": c.rules.iter().map(|r| json!({"rule": r.rule, "before": r.before, "after": r.after, "why": r.why.iter().map(Why::code).collect::<Vec<_>>()})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let total = |f: &dyn Fn(&Comparison) -> Option<Decimal>| {
        crate::value::checked_sum(comparisons.iter().filter_map(f))
    };
    json!({
        "programme": programme,
        "year": new.year,
        "compare": old.year,
        // The policies of both years, as `evaluate` names its one.
        "policy": crate::report::policy_json(new, programme),
        "compare_policy": crate::report::policy_json(old, programme),
        "results": results,
        "summary": {
            "records": comparisons.len(),
            "changed": comparisons.iter().filter(|c| c.changed()).count(),
            "status_changed": comparisons.iter().filter(|c| c.before.status != c.after.status).count(),
            "total_award_before": yuan(total(&|c| money(&c.before))),
            "total_award_after": yuan(total(&|c| money(&c.after))),
        }
    })
}

/// Why a record is invalid in a year where it is: each of its errors, with the year. A
/// record that turns invalid (a field the new year needs and the batch lacks) is otherwise
/// told only as rules "not evaluated", which hides the one thing to fix.
pub fn invalid_reasons(c: &Comparison, years: (u32, u32), lang: Lang) -> Vec<String> {
    [(years.0, &c.before), (years.1, &c.after)]
        .into_iter()
        .filter(|(_, o)| o.status == engine::Status::Invalid)
        .flat_map(|(year, o)| {
            o.errors().iter().map(move |e| {
                crate::t!(
                    lang,
                    "compare-invalid",
                    year = year.to_string(),
                    error = crate::report::error_text(e)
                )
            })
        })
        .collect()
}

/// A readable account of what changes, record by record.
pub fn text(old: &Policy, new: &Policy, comparisons: &[Comparison], lang: Lang) -> String {
    let mut out = crate::report::policy_line(new, lang);
    out.push_str(&crate::report::policy_line(old, lang));
    let (y0, y1) = (old.year.to_string(), new.year.to_string());
    let invalid_in_both = |c: &&Comparison| {
        c.before.status == engine::Status::Invalid && c.after.status == engine::Status::Invalid
    };
    // The records whose outcome changed, and those invalid in both years (with their errors:
    // an unchanged "invalid" still needs its reasons seen).
    for c in comparisons {
        if !c.changed() && !invalid_in_both(&c) {
            continue;
        }
        // As every report shows an award: to the fen, 万元 in Chinese (40万元), yuan in English.
        let award =
            |o: &Outcome| money(o).map_or("—".into(), |d| crate::report::award_money(d, lang));
        let score = |o: &Outcome| o.score.map_or("—".into(), plain);
        let (before, after) = (
            crate::report::status_text(c.before.status, lang),
            crate::report::status_text(c.after.status, lang),
        );
        let (award_before, award_after) = (award(&c.before), award(&c.after));
        let line = if c.before.score.is_none() && c.after.score.is_none() {
            crate::t!(
                lang,
                "compare-record",
                id = c.id.as_str(),
                year_before = y0.as_str(),
                before = before,
                year_after = y1.as_str(),
                after = after,
                award_before = award_before,
                award_after = award_after
            )
        } else {
            crate::t!(
                lang,
                "compare-record-scored",
                id = c.id.as_str(),
                year_before = y0.as_str(),
                before = before,
                year_after = y1.as_str(),
                after = after,
                score_before = score(&c.before),
                score_after = score(&c.after),
                award_before = award_before,
                award_after = award_after
            )
        };
        out.push_str(&line);
        out.push('\n');
        for reason in invalid_reasons(c, (old.year, new.year), lang) {
            out.push_str(&format!("    {reason}\n"));
        }
        for r in &c.rules {
            let (before, after) = (state_words(r.before, lang), state_words(r.after, lang));
            let line = if r.why.is_empty() {
                crate::t!(
                    lang,
                    "compare-rule",
                    rule = r.rule.as_str(),
                    before = before,
                    after = after
                )
            } else {
                let why: Vec<String> = r.why.iter().map(|w| w.words(lang)).collect();
                crate::t!(
                    lang,
                    "compare-rule-why",
                    rule = r.rule.as_str(),
                    before = before,
                    after = after,
                    why = why.join(match lang {
                        Lang::Zh => "；",
                        Lang::En => "; ",
                    })
                )
            };
            out.push_str(&format!("    {line}\n"));
        }
    }
    let changed = comparisons.iter().filter(|c| c.changed()).count();
    out.push_str(&crate::t!(
        lang,
        "compare-summary",
        records = comparisons.len(),
        changed = changed,
        year_before = y0.as_str(),
        year_after = y1.as_str()
    ));
    let invalid = comparisons.iter().filter(invalid_in_both).count();
    if invalid > 0 {
        out.push_str(&crate::t!(
            lang,
            "compare-summary-invalid",
            invalid = invalid
        ));
    }
    out.push('\n');
    out
}
