//! `evaluate --compare`: the same applications under two policy years, and what changes —
//! status, failed rules, score, award — with the rules and parameters behind each change.

use crate::Lang;
use crate::engine::{self, Outcome};
use crate::input::Raw;
use crate::policy::{Policy, Programme};
use crate::records;
use crate::value::{plain, round_half_away};
use rust_decimal::Decimal;
use serde_json::{Value as Json, json};

/// One rule whose outcome differs between the years, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleChange {
    pub rule: String,
    /// held / failed / absent
    pub before: &'static str,
    pub after: &'static str,
    /// "new rule", "rule removed", "condition changed", "parameter deadline changed", …
    pub why: Vec<String>,
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

/// Keeps only the keys a programme knows, so fields new in one year do not make a record
/// invalid in the other.
fn known_only(programme: &Programme, raw: &Raw) -> Raw {
    match raw {
        Raw::Map(entries) => Raw::Map(
            entries
                .iter()
                .filter(|(k, _)| {
                    programme
                        .fields
                        .iter()
                        .any(|f| crate::records::columns::names(f, k).is_some())
                })
                .cloned()
                .collect(),
        ),
        Raw::List(items) => Raw::List(items.iter().map(|i| known_only(programme, i)).collect()),
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
fn reasons(old: &Programme, new: &Programme, id: &str) -> Vec<String> {
    let (a, b) = (
        old.rules.iter().find(|r| r.id == id),
        new.rules.iter().find(|r| r.id == id),
    );
    match (a, b) {
        (None, Some(_)) => vec!["new rule".into()],
        (Some(_), None) => vec!["rule removed".into()],
        (Some(a), Some(b)) => {
            let mut why = Vec::new();
            if a.formula
                .text
                .split_whitespace()
                .ne(b.formula.text.split_whitespace())
            {
                why.push("condition changed".into());
            }
            for name in &b.formula.names {
                let pa = old
                    .params
                    .iter()
                    .find(|(n, ..)| n == name)
                    .map(|(_, v, ..)| v);
                let pb = new
                    .params
                    .iter()
                    .find(|(n, ..)| n == name)
                    .map(|(_, v, ..)| v);
                if pa != pb {
                    let show = |v: Option<&crate::value::Value>| {
                        v.map_or("(none)".into(), ToString::to_string)
                    };
                    why.push(format!("parameter {name}: {} → {}", show(pa), show(pb)));
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
    let read = |p: &Programme| -> Vec<records::Record> {
        docs.iter()
            .flat_map(|(_, doc)| records::records_of(p, &known_only(p, doc)))
            .collect()
    };
    let before = engine::evaluate_batch(old, read(old), lang);
    let after = engine::evaluate_batch(new, read(new), lang);
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
            let rules = rule_ids
                .iter()
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
                "rules": c.rules.iter().map(|r| json!({"rule": r.rule, "before": r.before, "after": r.after, "why": r.why})).collect::<Vec<_>>(),
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

/// A readable account of what changes, record by record.
pub fn text(old: &Policy, new: &Policy, comparisons: &[Comparison], lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = crate::report::policy_line(new, lang);
    out.push_str(&crate::report::policy_line(old, lang));
    let (y0, y1) = (old.year, new.year);
    for c in comparisons {
        if !c.changed() {
            continue;
        }
        let award = |o: &Outcome| {
            // To the 元, rounded as every report rounds; trailing zeros dropped (40万元).
            money(o).map_or("—".into(), |d| {
                format!(
                    "{}万元",
                    plain(round_half_away(d / Decimal::from(10_000), 2))
                )
            })
        };
        let score = |o: &Outcome| o.score.map_or("—".into(), plain);
        let scores = if c.before.score.is_none() && c.after.score.is_none() {
            String::new()
        } else {
            format!(
                "; {} {} → {}",
                if zh { "得分" } else { "score" },
                score(&c.before),
                score(&c.after)
            )
        };
        out.push_str(&format!(
            "{}: {} {y0} → {} {y1}{scores}; {} {} → {}\n",
            c.id,
            c.before.status.as_str(),
            c.after.status.as_str(),
            if zh { "奖补" } else { "award" },
            award(&c.before),
            award(&c.after),
        ));
        for r in &c.rules {
            let why = if r.why.is_empty() {
                String::new()
            } else {
                format!(" ({})", r.why.join("; "))
            };
            out.push_str(&format!(
                "    {}: {} → {}{why}\n",
                r.rule, r.before, r.after
            ));
        }
    }
    let changed = comparisons.iter().filter(|c| c.changed()).count();
    out.push_str(&if zh {
        format!(
            "共{}条，{}条在{y1}年与{y0}年结果不同\n",
            comparisons.len(),
            changed
        )
    } else {
        format!(
            "{}, {changed} with a different outcome in {y1} than in {y0}\n",
            crate::report::counted(comparisons.len(), "record", "records")
        )
    });
    out
}
