//! A programme as data: what a rules page shows. Built from the compiled programme, with the
//! words `diff` and `check` already use for types, amounts and proven bounds.

use super::{Lang, Year};
use crate::diag::Span;
use crate::policy::model::Text;
use crate::policy::{FieldSpec, Formula, Programme, RuleSpec};
use crate::report::machine::value_json;
use crate::value::{Value, plain};
use serde_json::{Value as Json, json};

/// Both languages of a text, and the one asked for (`text`).
fn words(t: &Text, lang: Lang) -> Json {
    json!({"zh": t.zh, "en": t.en, "text": t.get(lang)})
}

/// Where a formula is written: its file (inside the policies) and line.
fn written_at(f: &Formula) -> Json {
    let span = f.origin.map(Span::new(0, 0));
    let (line, column) = f.origin.file.line_col(span.start as usize);
    json!({"file": &*f.origin.file.name, "line": line, "column": column})
}

fn formula(f: &Formula) -> Json {
    json!({"text": f.text, "names": f.names, "at": written_at(f)})
}

fn optional_text(t: &Option<String>) -> Json {
    t.as_deref()
        .map_or(Json::Null, |s| Json::String(s.to_string()))
}

fn field(f: &FieldSpec, lang: Lang) -> Json {
    json!({
        "id": f.id,
        "type": crate::diff::field_kind_text(&f.kind),
        "type_words": crate::diff::field_kind_words(&f.kind, lang),
        "unit": f.unit,
        "label": words(&f.label, lang),
        "help": words(&f.help, lang),
        "required": f.required,
        "min": f.min.as_ref().map(value_json),
        "max": f.max.as_ref().map(value_json),
        "written_min": f.written_min,
        "written_max": f.written_max,
        "cite": f.cite,
        "interpretation": optional_text(&f.interpretation),
        "unique": f.unique,
        "open_flag": f.open_flag,
        "values": f.values.iter().map(|v| {
            let name = Text { zh: v.zh.clone(), en: v.en.clone() };
            json!({
                "id": v.id.value,
                "label": words(&name, lang),
                "aliases": v.aliases.iter().collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "items": f.items.iter().map(|i| field(i, lang)).collect::<Vec<_>>(),
    })
}

fn rule(r: &RuleSpec, lang: Lang) -> Json {
    json!({
        "id": r.id,
        "condition": formula(&r.formula),
        "message": words(&r.message, lang),
        "cite": r.cite,
        "interpretation": optional_text(&r.interpretation),
        "field": r.field,
    })
}

/// The programme `programme` of `year` as data, in `lang` (each text also in both
/// languages): its fields (type, unit, bounds, enum values with their names), checks and
/// eligibility rules in order (condition, message, cite, interpretation, where written),
/// parameters (value as written and as computed), tables, computed values, the score table
/// (items with caps, the maximum and the maximum proven from the field ranges), the award
/// (formula, cap, proven maximum), the allocation (order keys, awards, tiers, quota,
/// demotion), flags, documents and summary groups. `None` when the year has no such
/// programme.
pub fn describe(year: &Year, programme: &str, lang: Lang) -> Option<Json> {
    let p = year.programme(programme)?;
    Some(programme_json(year, p, lang))
}

fn programme_json(year: &Year, p: &Programme, lang: Lang) -> Json {
    let computed: Vec<Json> = p
        .values
        .iter()
        .filter(|v| !v.is_item)
        .filter(|v| {
            p.scores
                .as_ref()
                .is_none_or(|s| s.total_slot != index_of(p, &v.id))
        })
        .map(|v| {
            json!({
                "id": v.id,
                "label": words(&v.label, lang),
                "formula": formula(&v.formula),
                "cite": v.cite,
                "interpretation": optional_text(&v.interpretation),
            })
        })
        .collect();
    let scores = p.scores.as_ref().map(|s| {
        json!({
            "items": s.items.iter().map(|&i| {
                let v = &p.values[i];
                json!({
                    "id": v.id,
                    "label": words(&v.label, lang),
                    "formula": formula(&v.formula),
                    "cap": v.cap.map(plain),
                    "cite": v.cite,
                    "interpretation": optional_text(&v.interpretation),
                })
            }).collect::<Vec<_>>(),
            "max": plain(s.max_score),
            "proven_max": s.proven_max.map(plain),
            "round": s.round,
        })
    });
    let award = p.award.as_ref().map(|a| {
        json!({
            "formula": formula(&a.formula),
            "cap": crate::report::yuan(a.cap),
            "cap_words": crate::report::money(a.cap, lang),
            "written_cap": a.written_cap,
            "proven_max": a.proven_max.map(crate::report::yuan),
            "round": a.round,
            "cite": a.cite,
            "interpretation": optional_text(&a.interpretation),
        })
    });
    let allocation = p.allocation.as_ref().map(|a| {
        json!({
            "awards": a.awards,
            "order": a.order.iter().map(|o| json!({
                "key": formula(&o.formula),
                "descending": o.descending,
            })).collect::<Vec<_>>(),
            "tiers": a.tiers.iter().map(|t| json!({
                "label": words(&t.label, lang),
                "size": t.size,
                "amount": crate::report::yuan(t.amount),
                "amount_words": crate::report::money(t.amount, lang),
                "written_amount": t.written_amount,
            })).collect::<Vec<_>>(),
            "quota": a.quota.as_ref().map(|q| json!({
                "counts": formula(&q.counts),
                "share": plain(q.share),
                "written_share": q.written_share,
                "round_up": q.round_up,
                "flag": q.flag,
                "cite": q.cite,
                "interpretation": optional_text(&q.interpretation),
            })),
            "demotion": a.demotion.as_ref().map(|(f, flag)| json!({
                "condition": formula(f),
                "flag": flag,
                "cite": a.demotion_cite,
            })),
            "cite": a.cite,
            "interpretation": optional_text(&a.interpretation),
        })
    });
    json!({
        "year": year.year(),
        "id": p.id,
        "title": words(&p.title, lang),
        "cite": p.cite,
        "source": p.source,
        "policy": crate::report::policy_json(year.policy(), &p.id),
        "fields": p.fields.iter().map(|f| field(f, lang)).collect::<Vec<_>>(),
        "params": p.params.iter().map(|(id, value, label, cite, notes)| json!({
            "id": id,
            "value": value_json(value),
            "type": value_type(value),
            // An amount in words with its unit (`100万元`, `1,000,000.00 yuan`).
            "shown": match value {
                Value::Money(d) => crate::report::money(*d, lang),
                other => super::show(other, lang),
            },
            "written": notes.written,
            "label": words(label, lang),
            "cite": cite,
            "interpretation": optional_text(&notes.interpretation),
        })).collect::<Vec<_>>(),
        "tables": p.table_names.iter().zip(&p.table_notes).map(|(name, (label, cite, source))| json!({
            "id": name,
            "label": words(label, lang),
            "cite": cite,
            "source": source,
        })).collect::<Vec<_>>(),
        "checks": p.checks.iter().map(|r| rule(r, lang)).collect::<Vec<_>>(),
        "rules": p.rules.iter().map(|r| rule(r, lang)).collect::<Vec<_>>(),
        "computed": computed,
        "scores": scores,
        "award": award,
        "allocation": allocation,
        "flags": p.flags.iter().map(|r| rule(r, lang)).collect::<Vec<_>>(),
        "documents": p.documents.iter().map(|d| json!({
            "id": d.id,
            "label": words(&d.label, lang),
            "when": d.when.as_ref().map(formula),
            "cite": d.cite,
        })).collect::<Vec<_>>(),
        "summary_by": p.summary_by.iter().map(|g| json!({
            "id": g.id,
            "label": words(&g.label, lang),
            "formula": formula(&g.formula),
        })).collect::<Vec<_>>(),
    })
}

fn index_of(p: &Programme, id: &str) -> usize {
    p.values
        .iter()
        .position(|v| v.id == id)
        .unwrap_or(usize::MAX)
}

/// A parameter's type as the policy format names it; a money parameter's value is in 元.
fn value_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Number(_) => "number",
        Value::Money(_) => "money",
        Value::Bool(_) => "bool",
        Value::Text(_) => "text",
        Value::Date(_) => "date",
        Value::DateTime(_) => "datetime",
        Value::List(_) => "list",
        Value::Record(_) => "record",
    }
}
