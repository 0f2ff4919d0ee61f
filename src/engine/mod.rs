//! Evaluation: each record through a compiled programme, then ranking and allocation over
//! the batch for programmes that declare `allocation`.

use crate::Lang;
use crate::diag::Code;
use crate::formula::{self, Env, EvalError};
use crate::policy::{Formula, Programme, ValueSpec};
use crate::records::{FieldError, Record};
use crate::value::{Value, round_half_away};
use rust_decimal::Decimal;
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Eligible,
    Ineligible,
    Invalid,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Eligible => "eligible",
            Status::Ineligible => "ineligible",
            Status::Invalid => "invalid",
        }
    }
}

/// Everything decided about one record.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub id: std::sync::Arc<str>,
    pub status: Status,
    /// Failed rules, errors, flags, missing documents: boxed, and only when there are any,
    /// since most of a million outcomes have none.
    pub notes: Option<Box<Notes>>,
    /// The record's values and every computed value, for explanations; `None` once lean.
    pub detail: Option<Box<Detail>>,
    pub score: Option<Decimal>,
    pub rank: Option<u32>,
    pub awarded: bool,
    pub tier: Option<u32>,
    pub award: Option<Decimal>,
    pub order_keys: Box<[Value]>,
    pub in_quota_group: bool,
    /// Whether the record said which documents it supplied (even none): only then are
    /// missing documents known (`missing_documents: null` in JSON otherwise).
    pub documents_checked: bool,
    /// Score items, capped, in the order of the programme's `scores.items`.
    pub scores: Box<[Decimal]>,
    /// Whether the allocation's demotion condition holds (decided with the record, so the
    /// batch need not keep its fields).
    pub demote: bool,
    /// The values of the programme's `unique` fields (`Programme::unique_slots`), kept for
    /// the batch to compare: empty, with no allocation, when it has none or the record
    /// gives none of them.
    pub unique: Box<[Value]>,
}

/// What an outcome says besides its numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notes {
    /// Ids of the eligibility rules that failed.
    pub failed_rules: Vec<String>,
    pub errors: Vec<FieldError>,
    pub flags: Vec<String>,
    pub missing_documents: Vec<String>,
}

impl Outcome {
    pub fn failed_rules(&self) -> &[String] {
        self.notes.as_ref().map_or(&[], |n| &n.failed_rules)
    }
    pub fn errors(&self) -> &[FieldError] {
        self.notes.as_ref().map_or(&[], |n| &n.errors)
    }
    pub fn flags(&self) -> &[String] {
        self.notes.as_ref().map_or(&[], |n| &n.flags)
    }
    pub fn missing_documents(&self) -> &[String] {
        self.notes.as_ref().map_or(&[], |n| &n.missing_documents)
    }
    /// The missing documents, or `None` when the record did not say which it supplied.
    pub fn checked_documents(&self) -> Option<&[String]> {
        self.documents_checked.then(|| self.missing_documents())
    }
    /// The notes, made when first needed.
    pub fn notes_mut(&mut self) -> &mut Notes {
        self.notes.get_or_insert_with(Box::default)
    }
    pub fn errors_mut(&mut self) -> &mut [FieldError] {
        self.notes.as_deref_mut().map_or(&mut [], |n| &mut n.errors)
    }
}

/// What only an explanation needs.
#[derive(Clone, Debug, Default)]
pub struct Detail {
    /// The record's field values, in the programme's field slots.
    pub fields: Vec<Value>,
    /// Computed values, score items and the total (slots of `Programme::values`).
    pub computed: Vec<Value>,
    /// Score items before their caps.
    pub uncapped: Vec<(usize, Decimal)>,
    /// Where the record stands in its batch's allocation (ranked records only), for the
    /// explanation to tell how its rank, tier and award came about.
    pub standing: Option<Box<Standing>>,
}

/// A record's place in the allocation of its batch. Generic: positions, order-key values and
/// counts, never what the keys mean.
#[derive(Clone, Debug)]
pub struct Standing {
    /// What is the same for every record of the batch.
    pub batch: std::sync::Arc<Allocated>,
    /// The tier its place gave, before any demotion (1-based).
    pub placed_tier: Option<u32>,
    /// Within the awards by rank, but its place went to a record the quota brought in.
    pub swapped_out: bool,
    /// Below the awards by rank, brought in by the quota.
    pub swapped_in: bool,
    /// The records ranked just above and just below it with the same first order key, and
    /// what decided between them.
    pub ties: Vec<Tie>,
}

/// A ranked record named by the allocation story: its id, rank and order-key values.
#[derive(Clone, Debug)]
pub struct Mark {
    pub id: std::sync::Arc<str>,
    pub rank: u32,
    pub keys: Box<[Value]>,
}

/// The allocation of a batch as a whole.
#[derive(Clone, Debug)]
pub struct Allocated {
    /// Eligible (ranked) records.
    pub eligible: usize,
    /// Awards to give: the policy's number, or fewer when fewer are eligible.
    pub awards: usize,
    /// The lowest-ranked record awarded (after the quota's swaps).
    pub last_award: Option<Mark>,
    /// For each tier with a size, the last record its places took (before demotion).
    pub cutoffs: Vec<(usize, Mark)>,
    pub quota: Option<QuotaCount>,
}

/// The quota's count: how many awards it asks for, how many of its group the ranking gave
/// before the swaps and after them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotaCount {
    pub need: usize,
    pub before: usize,
    pub after: usize,
    pub swaps: usize,
}

/// A neighbour in the ranking with the same first order key, and the key that decided.
#[derive(Clone, Debug)]
pub struct Tie {
    pub neighbour: std::sync::Arc<str>,
    pub rank: u32,
    /// Whether the neighbour ranks above this record.
    pub above: bool,
    /// The index of the order key that decided, or `None` when every key was equal and the
    /// input order decided.
    pub key: Option<usize>,
    /// This record's and the neighbour's values of that key.
    pub mine: Value,
    pub theirs: Value,
}

/// Sees what evaluation decides, for the coverage of policy tests.
pub trait Observer: formula::eval::Tracer {
    /// The formulas evaluated from now on belong to `owner` (a rule, value or check id).
    fn formula(&mut self, owner: &str);
    /// An eligibility rule held (`true`) or failed.
    fn rule(&mut self, id: &str, held: bool);
    /// A score item's cap bound its value (`true`) or did not.
    fn cap(&mut self, item: &str, bound: bool);
    /// Whether it records anything: when not, what is only worked out for it (whether a
    /// cap bound) is not worked out at all.
    const SEES: bool = true;
}

/// The observer of ordinary evaluation: sees nothing.
pub struct Unobserved;

impl formula::eval::Tracer for Unobserved {
    #[inline]
    fn comparison(&mut self, _: crate::diag::Span, _: bool) {}
    #[inline]
    fn branch(&mut self, _: crate::diag::Span, _: bool) {}
}

impl Observer for Unobserved {
    #[inline]
    fn formula(&mut self, _: &str) {}
    #[inline]
    fn rule(&mut self, _: &str, _: bool) {}
    #[inline]
    fn cap(&mut self, _: &str, _: bool) {}
    const SEES: bool = false;
}

/// What a formula of `programme` reads for one record.
fn env_of<'a>(programme: &'a Programme, fields: &'a [Value], computed: &'a [Value]) -> Env<'a> {
    Env {
        fields,
        computed,
        tables: &programme.table_values,
    }
}

/// A formula's value for one record, observed.
fn run<O: Observer>(
    f: &Formula,
    fields: &[Value],
    computed: &[Value],
    programme: &Programme,
    obs: &mut O,
    owner: &str,
) -> Result<Value, EvalError> {
    obs.formula(owner);
    formula::eval::eval_traced(&f.ir, &env_of(programme, fields, computed), obs)
}

/// Whether a condition held for one record (any value but `true` is a no), observed.
fn holds<O: Observer>(
    f: &Formula,
    fields: &[Value],
    computed: &[Value],
    programme: &Programme,
    obs: &mut O,
    owner: &str,
) -> Result<bool, EvalError> {
    obs.formula(owner);
    formula::eval::holds_traced(&f.ir, &env_of(programme, fields, computed), obs)
}

/// Each of the programme's `summary_by` groups for one record: the formula's value as text,
/// or `None` when it cannot be had (no record values kept, a missing field).
pub fn summary_groups(programme: &Programme, o: &Outcome) -> Vec<Option<String>> {
    programme
        .summary_by
        .iter()
        .map(|g| {
            let d = o.detail.as_ref()?;
            match run(
                &g.formula,
                &d.fields,
                &d.computed,
                programme,
                &mut Unobserved,
                &g.id,
            ) {
                Ok(Value::Null) | Err(_) => None,
                Ok(Value::Text(t)) => Some(t.to_string()),
                Ok(v) => Some(v.to_string()),
            }
        })
        .collect()
}

/// The name of what a formula error points at (a field name, when it is one).
fn error_field(f: &Formula, e: &EvalError) -> String {
    let text = f
        .text
        .get(e.span().unwrap_or_default().range())
        .unwrap_or("");
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && !text.is_empty()
    {
        text.rsplit('.').next().unwrap_or(text).to_string()
    } else {
        String::new()
    }
}

/// A formula that failed for this record, reported against the field it points at, or
/// else against the rule or value (`owner`) whose formula it is; `what` names that owner.
fn eval_error(f: &Formula, e: &EvalError, owner: &str, what: &str, lang: Lang) -> FieldError {
    let field = Some(error_field(f, e))
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| owner.to_string());
    let message = if e.code == crate::diag::Code::EvalMissingValue {
        crate::t!(lang, "engine-missing-value", what = what)
    } else if field == owner {
        e.message()
    } else {
        crate::t!(lang, "engine-in", what = what, message = e.message())
    };
    FieldError::new(e.code, field, message)
}

/// A name as a reader wants it: the policy's label first and the id after it
/// (`2019年营业收入（revenue_2019）`), or the id alone when there is no label.
pub fn named(label: &crate::policy::model::Text, id: &str, lang: Lang) -> String {
    let words = label.get(lang);
    if words.is_empty() || words == id {
        id.to_string()
    } else {
        crate::t!(lang, "named", label = words, id = id)
    }
}

/// Evaluates one record (everything except the batch-wide ranking and allocation).
pub fn evaluate(programme: &Programme, record: Record, lang: Lang) -> Outcome {
    evaluate_observed(programme, record, lang, &mut Unobserved)
}

/// Evaluates one record, telling `obs` what was decided.
pub fn evaluate_observed<O: Observer>(
    programme: &Programme,
    record: Record,
    lang: Lang,
    obs: &mut O,
) -> Outcome {
    evaluate_with(programme, record, lang, obs, &mut Detail::default(), true)
}

/// Evaluates one record with `scratch` holding its working values; the outcome keeps them
/// (for explanations) only when `keep`, so a batch reuses one allocation per thread.
fn evaluate_with<O: Observer>(
    programme: &Programme,
    record: Record,
    lang: Lang,
    obs: &mut O,
    scratch: &mut Detail,
    keep: bool,
) -> Outcome {
    let mut errors = record.errors;
    if !keep {
        bounded(&mut errors);
    }
    let mut out = fresh_outcome(record.id, errors);
    out.unique = unique_values(programme, &record.values);
    decide(programme, &mut out, &record.values, scratch, lang, obs);
    if keep {
        scratch.fields = record.values;
        out.detail = Some(Box::new(std::mem::take(scratch)));
    }
    out
}

/// A supplied document that is none of the programme's: what it may be instead.
fn unknown_document(programme: &Programme, text: &str, lang: Lang) -> FieldError {
    let choices = programme
        .documents
        .iter()
        .map(|d| match d.label.get(lang) {
            "" => format!("`{}`", d.id),
            label => format!("`{}`（{label}）", d.id),
        })
        .collect::<Vec<_>>()
        .join(crate::records::separator());
    FieldError::new(
        Code::InputUnknownDocument,
        "documents",
        crate::t!(
            lang,
            "input-unknown_document",
            text = crate::diag::echo(text),
            choices = choices
        ),
    )
}

/// The errors a batch keeps of one record: a record of a wrong or garbled file can have one
/// for every field, and a million of them would hold gigabytes of messages.
pub const KEPT_ERRORS: usize = 5;

/// Keeps the first [`KEPT_ERRORS`] errors, and one more that counts the rest and names
/// their fields (an explanation of the record shows them all).
fn bounded(errors: &mut Vec<FieldError>) {
    if errors.len() <= KEPT_ERRORS {
        return;
    }
    let rest = errors.split_off(KEPT_ERRORS);
    // Each field once, twenty named (under --strict a record may give thousands of keys).
    let mut seen = std::collections::HashSet::new();
    let fields: Vec<&str> = rest
        .iter()
        .map(|e| e.field.as_str())
        .filter(|f| !f.is_empty() && seen.insert(*f))
        .collect();
    let mut named: Vec<String> = fields
        .iter()
        .take(20)
        .map(|f| format!("`{}`", crate::diag::echo(f)))
        .collect();
    if fields.len() > 20 {
        named.push(crate::msg!(
            "input-unknown_column-more",
            count = fields.len() - 20
        ));
    }
    let fields = named.join(crate::records::separator());
    errors.push(FieldError::new(
        Code::InputMoreErrors,
        String::new(),
        crate::msg!("input-more_errors", count = rest.len(), fields = fields),
    ));
}

/// An outcome not yet decided: invalid, with the record's own errors.
fn fresh_outcome(id: std::sync::Arc<str>, errors: Vec<FieldError>) -> Outcome {
    Outcome {
        id,
        status: Status::Invalid,
        notes: (!errors.is_empty()).then(|| {
            Box::new(Notes {
                errors,
                ..Notes::default()
            })
        }),
        detail: None,
        score: None,
        rank: None,
        awarded: false,
        tier: None,
        award: None,
        order_keys: Box::new([]),
        in_quota_group: false,
        documents_checked: false,
        scores: Box::new([]),
        demote: false,
        unique: Box::new([]),
    }
}

/// The record's values of the programme's `unique` fields; none, with no allocation, when
/// the record has none of them (a million records often leave such a field empty).
fn unique_values(programme: &Programme, values: &[Value]) -> Box<[Value]> {
    let slots = &programme.unique_slots;
    if slots.iter().all(|&slot| values[slot] == Value::Null) {
        return Box::new([]);
    }
    slots.iter().map(|&slot| values[slot].clone()).collect()
}

/// Whether a value of an open enum field holds an item outside the field's list (an item
/// kept as written: listed ones are read as their ids).
fn outside_list(spec: &crate::policy::FieldSpec, value: &Value) -> bool {
    let unlisted = |v: &Value| matches!(v, Value::Text(t) if !spec.is_listed(t));
    match value {
        Value::List(items) => items.iter().any(unlisted),
        v => unlisted(v),
    }
}

/// A value's cap, if it has one (score items do): the item is kept uncapped for the
/// explanation and added, capped, to the score `total`.
#[allow(clippy::too_many_arguments)]
fn cap_item<O: Observer>(
    spec: &ValueSpec,
    slot: usize,
    d: Decimal,
    total: &mut Decimal,
    uncapped: &mut Vec<(usize, Decimal)>,
    out: &mut Outcome,
    obs: &mut O,
    lang: Lang,
) -> Decimal {
    let Some(cap) = spec.cap else {
        return d;
    };
    if O::SEES {
        obs.cap(&spec.id, d > cap);
    }
    uncapped.push((slot, d));
    let capped = crate::value::min_decimal(d, cap);
    match total.checked_add(capped) {
        Some(sum) => *total = sum,
        // Caps bound the total from above only; a policy whose items can go far below zero
        // could overflow it.
        None => out.notes_mut().errors.push(FieldError::new(
            Code::EvalOverflow,
            spec.id.clone(),
            crate::t!(lang, "engine-overflow"),
        )),
    }
    capped
}

/// Everything decided about one record, in order: checks, values and scores, rules, flags,
/// documents, award, the keys its batch ranks by.
fn decide<O: Observer>(
    programme: &Programme,
    out: &mut Outcome,
    fields: &[Value],
    w: &mut Detail,
    lang: Lang,
    obs: &mut O,
) {
    w.computed.clear();
    w.computed.resize(programme.values.len(), Value::Null);
    w.uncapped.clear();
    if !out.errors().is_empty() {
        return;
    }
    for check in &programme.checks {
        match holds(
            &check.formula,
            fields,
            &w.computed,
            programme,
            obs,
            &check.id,
        ) {
            Ok(true) => {}
            Ok(_) => out.notes_mut().errors.push(FieldError::new(
                Code::InputCheck,
                check.field.clone().unwrap_or_default(),
                check.message.get(lang),
            )),
            Err(e) => out.notes_mut().errors.push(eval_error(
                &check.formula,
                &e,
                &check.id,
                &crate::t!(lang, "engine-what-check", id = &check.id),
                lang,
            )),
        }
    }
    if !out.errors().is_empty() {
        return;
    }
    let total_slot = programme.scores.as_ref().map(|s| s.total_slot);
    let mut total = Decimal::ZERO;
    for (slot, spec) in programme.values.iter().enumerate() {
        if Some(slot) == total_slot {
            let dp = programme.scores.as_ref().map_or(2, |s| s.round);
            let t = round_half_away(total, dp);
            out.score = Some(t);
            w.computed[slot] = Value::Number(t);
            continue;
        }
        let number = match run(&spec.formula, fields, &w.computed, programme, obs, &spec.id) {
            // A plain number (a score item has a cap); anything else is stored as it is.
            Ok(Value::Number(d)) => d,
            Ok(v) => {
                w.computed[slot] = v;
                continue;
            }
            Err(e) => {
                out.notes_mut().errors.push(eval_error(
                    &spec.formula,
                    &e,
                    &spec.id,
                    &named(&spec.label, &spec.id, lang),
                    lang,
                ));
                // The slot stays empty, as a value that could not be had.
                continue;
            }
        };
        let number = cap_item(
            spec,
            slot,
            number,
            &mut total,
            &mut w.uncapped,
            out,
            obs,
            lang,
        );
        w.computed[slot] = Value::Number(number);
    }
    if let Some(scores) = &programme.scores {
        // Sized up front: collected from a filter, the box was grown twice and shrunk.
        let mut items = Vec::with_capacity(scores.items.len());
        items.extend(
            scores
                .items
                .iter()
                .filter_map(|&i| w.computed.get(i).and_then(Value::as_decimal)),
        );
        out.scores = items.into_boxed_slice();
    }
    for rule in &programme.rules {
        match holds(&rule.formula, fields, &w.computed, programme, obs, &rule.id) {
            Ok(true) => obs.rule(&rule.id, true),
            Ok(false) => {
                obs.rule(&rule.id, false);
                out.notes_mut().failed_rules.push(rule.id.clone());
            }
            Err(e) => out.notes_mut().errors.push(eval_error(
                &rule.formula,
                &e,
                &rule.id,
                &crate::t!(lang, "engine-what-rule", id = &rule.id),
                lang,
            )),
        }
    }
    // A condition that cannot be decided (a value it needs is missing) is the record's error,
    // never a flag not raised or a document not asked for.
    for flag in &programme.flags {
        match holds(&flag.formula, fields, &w.computed, programme, obs, &flag.id) {
            Ok(true) => out.notes_mut().flags.push(flag.id.clone()),
            Ok(false) => {}
            Err(e) => out.notes_mut().errors.push(eval_error(
                &flag.formula,
                &e,
                &flag.id,
                &crate::t!(lang, "engine-what-flag", id = &flag.id),
                lang,
            )),
        }
    }
    for (slot, flag) in &programme.open_slots {
        if outside_list(&programme.fields[*slot], &fields[*slot]) && !out.flags().contains(flag) {
            out.notes_mut().flags.push(flag.clone());
        }
    }
    // Documents are checked when the record says which it supplied (even none).
    let supplied = programme.documents_slot.and_then(|i| match &fields[i] {
        Value::List(items) => Some(&items[..]),
        Value::Null => None,
        _ => Some(&[][..]),
    });
    if let Some(supplied) = supplied {
        out.documents_checked = true;
        // A document is named by its id or by its label (as the outcome names a missing
        // one); any other name is the record's error, never a document silently not given.
        let named = |text: &str| {
            programme.documents.iter().position(|d| {
                d.id == text
                    || d.label.zh.as_deref() == Some(text)
                    || d.label.en.as_deref() == Some(text)
            })
        };
        let mut supplied_docs = Vec::with_capacity(supplied.len());
        for item in supplied {
            let text = match item {
                Value::Text(t) => t.to_string(),
                other => other.to_string(),
            };
            match named(text.trim()) {
                Some(d) => supplied_docs.push(d),
                None => out
                    .notes_mut()
                    .errors
                    .push(unknown_document(programme, &text, lang)),
            }
        }
        let given = |id: &str| {
            supplied_docs
                .iter()
                .any(|&d| programme.documents[d].id == id)
        };
        for doc in &programme.documents {
            let needed = match &doc.when {
                None => true,
                Some(f) => match holds(f, fields, &w.computed, programme, obs, &doc.id) {
                    Ok(needed) => needed,
                    Err(e) => {
                        out.notes_mut().errors.push(eval_error(
                            f,
                            &e,
                            &doc.id,
                            &crate::t!(lang, "engine-what-document", id = &doc.id),
                            lang,
                        ));
                        false
                    }
                },
            };
            if needed && !given(&doc.id) {
                out.notes_mut().missing_documents.push(doc.id.clone());
            }
        }
    }
    if !out.errors().is_empty() {
        // An invalid record has no outcome but its errors.
        if let Some(n) = out.notes.as_deref_mut() {
            n.failed_rules.clear();
            n.flags.clear();
            n.missing_documents.clear();
        }
        out.documents_checked = false;
        out.score = None;
        out.scores = Box::new([]);
        return;
    }
    out.status = if out.failed_rules().is_empty() {
        Status::Eligible
    } else {
        Status::Ineligible
    };
    if out.status == Status::Eligible {
        if let Some(award) = &programme.award {
            match run(&award.formula, fields, &w.computed, programme, obs, "award") {
                Ok(v) => match v.as_decimal() {
                    Some(amount) => {
                        let amount = round_half_away(amount.min(award.cap), award.round);
                        out.awarded = amount > Decimal::ZERO;
                        out.award = Some(amount);
                    }
                    // Checked as money when loaded; only a value the record lacks gets here.
                    None => {
                        out.notes_mut().errors.push(FieldError::new(
                            Code::EvalMissingValue,
                            "award".to_string(),
                            crate::t!(
                                lang,
                                "engine-missing-value",
                                what = crate::t!(lang, "engine-what-award")
                            ),
                        ));
                        out.status = Status::Invalid;
                    }
                },
                Err(e) => {
                    out.notes_mut().errors.push(eval_error(
                        &award.formula,
                        &e,
                        "award",
                        &crate::t!(lang, "engine-what-award"),
                        lang,
                    ));
                    out.status = Status::Invalid;
                }
            }
        }
        if let Some(alloc) = &programme.allocation {
            // What the batch ranks and allocates by: a key or condition that cannot be had
            // makes the record invalid, never last in the ranking, undemoted or outside
            // the quota without a word.
            let mut failed = Vec::new();
            let mut keys = Vec::with_capacity(alloc.order.len());
            for key in &alloc.order {
                match run(&key.formula, fields, &w.computed, programme, obs, "order") {
                    Ok(v) => keys.push(v),
                    Err(e) => {
                        failed.push((&key.formula, e, "order", "engine-what-order"));
                        keys.push(Value::Null);
                    }
                }
            }
            out.order_keys = keys.into_boxed_slice();
            if let Some((when, _)) = &alloc.demotion {
                match holds(when, fields, &w.computed, programme, obs, "demotion") {
                    Ok(d) => out.demote = d,
                    Err(e) => failed.push((when, e, "demotion", "engine-what-demotion")),
                }
            }
            if let Some(q) = &alloc.quota {
                match holds(&q.counts, fields, &w.computed, programme, obs, "quota") {
                    Ok(c) => out.in_quota_group = c,
                    Err(e) => failed.push((&q.counts, e, "quota", "engine-what-quota")),
                }
            }
            for (formula, e, owner, what) in failed {
                let error = eval_error(formula, &e, owner, &crate::t!(lang, what), lang);
                out.notes_mut().errors.push(error);
                out.status = Status::Invalid;
            }
        }
    }
}

/// One order key of every ranked record, made cheap to compare: numbers brought to one
/// scale become plain integers (in 64 bits when they fit: a million keys take 8 MB, not
/// 16), text stays text, anything else is compared as a value.
enum KeyColumn<'a> {
    Small(Vec<i64>),
    Ints(Vec<i128>),
    Texts(Vec<&'a std::sync::Arc<str>>),
    Values(Vec<&'a Value>),
}

impl<'a> KeyColumn<'a> {
    /// The column of the `n` values `value(i)`, each read on all cores (a ranking reads every
    /// eligible record's keys once per key, and those reads are cache misses). Columns are
    /// collected at their length (no list of the values first, nor a collect of options
    /// that grows twice its size).
    fn new(n: usize, value: impl Fn(usize) -> &'a Value + Sync) -> KeyColumn<'a> {
        use rayon::prelude::*;
        use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
        let decimal = |v: &Value| match v {
            Value::Number(d) | Value::Money(d) => Some(*d),
            _ => None,
        };
        let scale = (0..n)
            .into_par_iter()
            .map(|i| decimal(value(i)).map(|d| d.scale()))
            .try_reduce(|| 0, |a, b| Some(a.max(b)));
        let int = |i: usize| {
            let d = decimal(value(i))?;
            10i128
                .checked_pow(scale? - d.scale())
                .and_then(|f| d.mantissa().checked_mul(f))
        };
        let failed = AtomicBool::new(false);
        if scale.is_some() {
            let small: Vec<i64> = (0..n)
                .into_par_iter()
                .map(|i| {
                    int(i)
                        .and_then(|x| i64::try_from(x).ok())
                        .unwrap_or_else(|| {
                            failed.store(true, Relaxed);
                            0
                        })
                })
                .collect();
            if !failed.load(Relaxed) {
                return KeyColumn::Small(small);
            }
            drop(small);
            failed.store(false, Relaxed);
            let ints: Vec<i128> = (0..n)
                .into_par_iter()
                .map(|i| {
                    int(i).unwrap_or_else(|| {
                        failed.store(true, Relaxed);
                        0
                    })
                })
                .collect();
            if !failed.load(Relaxed) {
                return KeyColumn::Ints(ints);
            }
        }
        if (0..n)
            .into_par_iter()
            .all(|i| matches!(value(i), Value::Text(_)))
        {
            // Every value is text (the stand-in is never taken).
            static NONE: std::sync::LazyLock<std::sync::Arc<str>> =
                std::sync::LazyLock::new(|| std::sync::Arc::from(""));
            let texts = (0..n)
                .into_par_iter()
                .map(|i| match value(i) {
                    Value::Text(t) => t,
                    _ => &*NONE,
                })
                .collect();
            return KeyColumn::Texts(texts);
        }
        KeyColumn::Values((0..n).into_par_iter().map(&value).collect())
    }

    fn cmp(&self, a: usize, b: usize) -> Ordering {
        match self {
            KeyColumn::Small(v) => v[a].cmp(&v[b]),
            KeyColumn::Ints(v) => v[a].cmp(&v[b]),
            KeyColumn::Texts(v) => v[a].cmp(v[b]),
            KeyColumn::Values(v) => compare_values(v[a], v[b]),
        }
    }
}

/// `x` as an unsigned integer in the order the ranking wants: ascending, or descending.
fn ascending_bits(x: i64, descending: bool) -> u64 {
    // Flipping the sign bit keeps the order of signed integers among unsigned ones.
    let bits = (x as u64) ^ (1 << 63);
    if descending { !bits } else { bits }
}

fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x) | Value::Money(x), Value::Number(y) | Value::Money(y)) => x.cmp(y),
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        (Value::DateTime(x), Value::DateTime(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Greater,
        (_, Value::Null) => Ordering::Less,
        _ => Ordering::Equal,
    }
}

/// Ranks the eligible records and allocates awards, quota, tiers and demotion.
pub fn allocate(programme: &Programme, outcomes: &mut [Outcome]) {
    let Some(alloc) = &programme.allocation else {
        return;
    };
    use rayon::prelude::*;
    // An entry per eligible record: the leading order keys that are small integers (a
    // score, an amount; two at most) in ranking order, its position among the eligible (the
    // columns' index, and the input order that decides last) and its index. Most pairs are
    // decided by the keys the entry carries, without reading columns at random places.
    // Indexes fit 32 bits: four billion outcomes would take 600 GB (`--max-records` stops a
    // batch long before).
    let index = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    // The indexes first: a filtered collect gathers pieces and holds twice its size, so it
    // is made of the smallest items; the entries are then collected at their length.
    let eligible: Vec<u32> = (0..outcomes.len())
        .into_par_iter()
        .filter(|&i| outcomes[i].status == Status::Eligible)
        .map(index)
        .collect();
    let mut entries: Vec<([u64; 2], u32, u32)> = eligible
        .par_iter()
        .enumerate()
        .map(|(p, &i)| ([0, 0], index(p), i))
        .collect();
    drop(eligible);
    // Each other key as a column of values that compare cheaply, indexed by position. A
    // key carried by the entries is written into them and its column freed at once (a
    // ranking of a million records is the batch's peak of memory).
    let mut columns: Vec<KeyColumn<'_>> = Vec::new();
    for (k, key) in alloc.order.iter().enumerate() {
        let outcomes = &*outcomes;
        let at = &entries;
        let column = KeyColumn::new(entries.len(), |p| &outcomes[at[p].2 as usize].order_keys[k]);
        match column {
            KeyColumn::Small(v) if columns.is_empty() && k < 2 => {
                entries
                    .par_iter_mut()
                    .zip(v.par_iter())
                    .for_each(|(e, &x)| {
                        e.0[k] = ascending_bits(x, key.descending);
                    });
            }
            column => columns.push(column),
        }
    }
    let rest = alloc.order.len() - columns.len();
    // The keys and, last, the input position decide every pair: an unstable sort is exact.
    entries.par_sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            for (column, key) in columns.iter().zip(alloc.order.iter().skip(rest)) {
                let ord = column.cmp(a.1 as usize, b.1 as usize);
                let ord = if key.descending { ord.reverse() } else { ord };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            a.1.cmp(&b.1)
        })
    });
    drop(columns);
    let order: Vec<usize> = entries.iter().map(|e| e.2 as usize).collect();
    drop(entries);
    for (pos, &i) in order.iter().enumerate() {
        outcomes[i].rank = u32::try_from(pos + 1).ok();
    }
    let n = alloc.awards.min(order.len());
    let mut awarded = vec![false; order.len()];
    awarded.iter_mut().take(n).for_each(|a| *a = true);
    let mut quota_count = None;
    // By ranking position: `Some(true)` brought in by the quota, `Some(false)` swapped out.
    let mut swapped: Vec<Option<bool>> = Vec::new();
    if let Some(q) = &alloc.quota {
        // Counted in integers from the exact fraction: a decimal share would round first.
        let need = q.fraction.of(n, q.round_up);
        let in_group = |p: usize| outcomes[order[p]].in_quota_group;
        let mut have = (0..n).filter(|&p| in_group(p)).count();
        let before = have;
        swapped = vec![None; order.len()];
        // Each swap's leaver is above the last one's and its entrant below the last one's:
        // the two searches resume where they stopped, one pass over the ranking in all.
        let (mut leave_below, mut enter_from) = (n, n);
        let mut entering_ones = Vec::new();
        while have < need {
            let leaving = (0..leave_below).rev().find(|&p| awarded[p] && !in_group(p));
            let entering = (enter_from..order.len()).find(|&p| !awarded[p] && in_group(p));
            let (Some(l), Some(e)) = (leaving, entering) else {
                break;
            };
            awarded[l] = false;
            awarded[e] = true;
            entering_ones.push(order[e]);
            (swapped[l], swapped[e]) = (Some(false), Some(true));
            (leave_below, enter_from) = (l, e + 1);
            have += 1;
        }
        quota_count = Some(QuotaCount {
            need,
            before,
            after: have,
            swaps: entering_ones.len(),
        });
        for i in entering_ones {
            outcomes[i].notes_mut().flags.push(q.flag.clone());
        }
    }
    let mut placed_tiers: Vec<Option<u32>> = vec![None; order.len()];
    let mut cutoffs: Vec<(usize, usize)> = Vec::new();
    let mut place = 0usize;
    for (p, &i) in order.iter().enumerate() {
        if !awarded[p] {
            continue;
        }
        let mut tier = 0;
        let mut bound = 0;
        for (t, spec) in alloc.tiers.iter().enumerate() {
            tier = t;
            match spec.size {
                Some(size) if place >= bound + size => bound += size,
                _ => break,
            }
        }
        place += 1;
        placed_tiers[p] = u32::try_from(tier + 1).ok();
        if alloc.tiers.get(tier).is_some_and(|t| t.size.is_some()) {
            match cutoffs.last_mut() {
                Some((t, last)) if *t == tier => *last = p,
                _ => cutoffs.push((tier, p)),
            }
        }
        if let Some((_, flag)) = &alloc.demotion
            && tier + 1 < alloc.tiers.len()
            && outcomes[i].demote
        {
            tier += 1;
            outcomes[i].notes_mut().flags.push(flag.clone());
        }
        let o = &mut outcomes[i];
        o.awarded = true;
        o.tier = u32::try_from(tier + 1).ok();
        o.award = Some(round_half_away(alloc.tiers[tier].amount, 2));
    }
    // The story is kept only where an explanation can be asked for (records that keep their
    // detail): a lean batch of a million records pays nothing for it.
    if !order.iter().any(|&i| outcomes[i].detail.is_some()) {
        return;
    }
    let mark = |outcomes: &[Outcome], p: usize| {
        let o = &outcomes[order[p]];
        Mark {
            id: o.id.clone(),
            rank: u32::try_from(p + 1).unwrap_or(u32::MAX),
            keys: o.order_keys.clone(),
        }
    };
    let batch = std::sync::Arc::new(Allocated {
        eligible: order.len(),
        awards: n,
        last_award: awarded.iter().rposition(|&a| a).map(|p| mark(outcomes, p)),
        cutoffs: cutoffs
            .iter()
            .map(|&(t, p)| (t, mark(outcomes, p)))
            .collect(),
        quota: quota_count,
    });
    // Whether the first key of two positions is equal, and which key decided between them.
    let first_equal = |a: usize, b: usize| columns_equal(outcomes, &order, a, b, 0);
    let decider = |a: usize, b: usize| {
        (1..alloc.order.len()).find(|&k| !columns_equal(outcomes, &order, a, b, k))
    };
    let mut standings = Vec::new();
    for p in 0..order.len() {
        if outcomes[order[p]].detail.is_none() {
            continue;
        }
        let mut ties = Vec::new();
        let neighbours = [p.checked_sub(1), Some(p + 1).filter(|&q| q < order.len())];
        for q in neighbours.into_iter().flatten() {
            if alloc.order.is_empty() || !first_equal(p, q) {
                continue;
            }
            let key = decider(p, q);
            let value = |at: usize| {
                key.and_then(|k| outcomes[order[at]].order_keys.get(k).cloned())
                    .unwrap_or(Value::Null)
            };
            ties.push(Tie {
                neighbour: outcomes[order[q]].id.clone(),
                rank: u32::try_from(q + 1).unwrap_or(u32::MAX),
                above: q < p,
                key,
                mine: value(p),
                theirs: value(q),
            });
        }
        let standing = Standing {
            batch: batch.clone(),
            placed_tier: placed_tiers[p],
            swapped_out: swapped.get(p) == Some(&Some(false)),
            swapped_in: swapped.get(p) == Some(&Some(true)),
            ties,
        };
        standings.push((order[p], standing));
    }
    for (i, standing) in standings {
        if let Some(d) = outcomes[i].detail.as_deref_mut() {
            d.standing = Some(Box::new(standing));
        }
    }
}

/// Whether the records at ranking positions `a` and `b` have equal values of order key `k`.
fn columns_equal(outcomes: &[Outcome], order: &[usize], a: usize, b: usize, k: usize) -> bool {
    match (
        outcomes[order[a]].order_keys.get(k),
        outcomes[order[b]].order_keys.get(k),
    ) {
        (Some(x), Some(y)) => compare_values(x, y) == Ordering::Equal,
        _ => true,
    }
}

/// Evaluates records one after another on this thread into lean outcomes, reusing one
/// scratch: what a batch does per core, without ranking. The records are only read, so one
/// population can be evaluated under several policies (and measured without its drop).
pub fn evaluate_lean<'r>(
    programme: &Programme,
    records: impl IntoIterator<Item = &'r Record>,
    lang: Lang,
) -> Vec<Outcome> {
    let mut scratch = Detail::default();
    records
        .into_iter()
        .map(|r| {
            let mut out = fresh_outcome(r.id.clone(), r.errors.clone());
            out.unique = unique_values(programme, &r.values);
            decide(
                programme,
                &mut out,
                &r.values,
                &mut scratch,
                lang,
                &mut Unobserved,
            );
            out
        })
        .collect()
}

/// Evaluates a batch: every record, then the allocation.
pub fn evaluate_batch(programme: &Programme, records: Vec<Record>, lang: Lang) -> Vec<Outcome> {
    let all: Result<Vec<Outcome>, std::convert::Infallible> =
        evaluate_stream(programme, records.into_iter().map(Ok), lang, false, &|_| {});
    all.unwrap_or_else(|never| match never {})
}

/// How many records are read before a chunk is evaluated in parallel.
const CHUNK: usize = 8192;

/// Evaluates records as they are read: each chunk on all cores (results keep the input
/// order), each outcome made lean when `lean`; then ids are checked and the batch allocated.
/// `progress` is told the number of records done.
pub fn evaluate_stream<E: Send>(
    programme: &Programme,
    records: impl Iterator<Item = Result<Record, E>> + Send,
    lang: Lang,
    lean: bool,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Vec<Outcome>, E> {
    let mut outcomes = Vec::new();
    evaluate_into(
        programme,
        records,
        &|r| r,
        lang,
        lean,
        &mut outcomes,
        progress,
    )?;
    finish(programme, &mut outcomes, lang);
    Ok(outcomes)
}

/// Appends the outcomes of `items` to `outcomes`, reading a chunk, then building its records
/// (`to_record`) and evaluating them on all cores. The batch is not finished: call
/// [`finish`] once every input is in.
#[allow(clippy::too_many_arguments)]
pub fn evaluate_into<T: Send, E: Send>(
    programme: &Programme,
    items: impl Iterator<Item = Result<T, E>> + Send,
    to_record: &(dyn Fn(T) -> Record + Sync),
    lang: Lang,
    lean: bool,
    outcomes: &mut Vec<Outcome>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<(), E> {
    use rayon::prelude::*;
    // A reader thread parses chunks ahead (four at most) while the pool builds and evaluates
    // the current one: no chunk waits for the slower of the two, and both cores stay busy.
    // Reading and building records words their errors on other threads: in the language of
    // messages of this one (a server answers each request in its own).
    let words = crate::Lang::for_messages();
    std::thread::scope(|scope| {
        let received = read_ahead(scope, items, CHUNK, 4, words);
        for chunk in received {
            let chunk = chunk?;
            if chunk.is_empty() {
                break;
            }
            // Written straight into the batch: no chunk-sized vector made and freed per chunk.
            outcomes.par_extend(chunk.into_par_iter().map_init(
                Detail::default,
                |scratch, item| {
                    words.with_messages(|| {
                        let record = to_record(item);
                        evaluate_with(programme, record, lang, &mut Unobserved, scratch, !lean)
                    })
                },
            ));
            progress(outcomes.len());
        }
        Ok(())
    })
}

/// An outcome's notes at their length: a list grown by one push holds room for four (a
/// failed rule's name costs 96 bytes instead of 24), and a batch keeps every outcome.
fn kept_small(o: &mut Outcome) {
    if let Some(notes) = o.notes.as_deref_mut() {
        notes.failed_rules.shrink_to_fit();
        notes.errors.shrink_to_fit();
        notes.flags.shrink_to_fit();
        notes.missing_documents.shrink_to_fit();
    }
}

/// Reads `items` ahead on a thread of `scope`, `size` at a time, at most `queued` batches
/// waiting; an empty batch (or an error) is the last. A closed channel means the evaluation
/// stopped: the reading stops too. The thread words its errors in `words`.
fn read_ahead<'scope, T: Send + 'scope, E: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    mut items: impl Iterator<Item = Result<T, E>> + Send + 'scope,
    size: usize,
    queued: usize,
    words: Lang,
) -> std::sync::mpsc::Receiver<Result<Vec<T>, E>> {
    let (batches, received) = std::sync::mpsc::sync_channel(queued);
    scope.spawn(move || {
        words.with_messages(|| {
            loop {
                let batch = items.by_ref().take(size).collect::<Result<Vec<T>, E>>();
                let last = !matches!(&batch, Ok(b) if !b.is_empty());
                if batches.send(batch).is_err() || last {
                    break;
                }
            }
        });
    });
    received
}

/// How many pieces (about a megabyte each) are parsed together: one per core, and memory
/// held in flight stays small.
const PIECES: usize = 2;

/// [`evaluate_into`] for input read in pieces (CSV text cut where records end): a reader
/// thread reads the pieces ahead; each batch of them is parsed on all cores while the
/// items of the batch before are built and evaluated; `join` turns parsed pieces into items
/// in input order on this thread (what spans two pieces is joined there; `true` once no
/// pieces follow).
#[allow(clippy::too_many_arguments)]
pub fn evaluate_pieces_into<P: Send, Q: Send, T: Send, E: Send>(
    programme: &Programme,
    pieces: impl Iterator<Item = Result<P, E>> + Send,
    parse: &(dyn Fn(P) -> Q + Sync),
    join: &mut (dyn FnMut(Vec<Q>, bool) -> Result<Vec<T>, E> + Send),
    to_record: &(dyn Fn(T) -> Record + Sync),
    lang: Lang,
    lean: bool,
    outcomes: &mut Vec<Outcome>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<(), E> {
    use rayon::prelude::*;
    let words = crate::Lang::for_messages();
    let evaluate = |items: Vec<T>, outcomes: &mut Vec<Outcome>| {
        outcomes.par_extend(
            items
                .into_par_iter()
                .map_init(Detail::default, |scratch, item| {
                    words.with_messages(|| {
                        let record = to_record(item);
                        let mut o =
                            evaluate_with(programme, record, lang, &mut Unobserved, scratch, !lean);
                        kept_small(&mut o);
                        o
                    })
                }),
        );
    };
    std::thread::scope(|scope| {
        let received = read_ahead(scope, pieces, PIECES, 1, words);
        let mut items: Vec<T> = Vec::new();
        loop {
            let batch = received.recv().unwrap_or_else(|_| Ok(Vec::new()))?;
            let last = batch.is_empty();
            // The next batch is parsed and joined (one core) while the items before are
            // evaluated (all cores; the core that joined takes its share once done).
            let (next, ()) = rayon::join(
                || {
                    let parsed = batch
                        .into_par_iter()
                        .map(|p| words.with_messages(|| parse(p)))
                        .collect::<Vec<Q>>();
                    words.with_messages(|| join(parsed, last))
                },
                || evaluate(std::mem::take(&mut items), outcomes),
            );
            progress(outcomes.len());
            items = next?;
            if last {
                evaluate(items, outcomes);
                progress(outcomes.len());
                return Ok(());
            }
        }
    })
}

/// Evaluates a batch, telling `obs` what each record's evaluation decided.
pub fn evaluate_batch_observed<O: Observer>(
    programme: &Programme,
    records: Vec<Record>,
    lang: Lang,
    obs: &mut O,
) -> Vec<Outcome> {
    let mut outcomes: Vec<Outcome> = records
        .into_iter()
        .map(|r| evaluate_observed(programme, r, lang, obs))
        .collect();
    finish(programme, &mut outcomes, lang);
    outcomes
}

/// Batch-wide steps: a repeated id makes every record of it invalid (each naming another);
/// a repeated value of a `unique` field makes the later records invalid (naming the first);
/// then ranking and allocation.
pub fn finish(programme: &Programme, outcomes: &mut [Outcome], lang: Lang) {
    let mut found: Vec<(usize, FieldError)> = Vec::new();
    // Every record of a repeated id is invalid, the first too: which one is right is not
    // known, and the rows of one application given apart (a loan further down a CSV) must
    // never be paid on the part read first.
    let mut firsts: Vec<(usize, usize)> = Vec::new();
    let duplicate = |id: &str, n: usize| crate::t!(lang, "engine-duplicate-id", id = id, n = n);
    // A record without an id has its own error; ids not given are not one id given twice.
    for (i, first) in duplicates(outcomes, |o| (!o.id.is_empty()).then_some(&*o.id)) {
        let message = duplicate(&outcomes[i].id, first + 1);
        found.push((i, FieldError::new(Code::InputDuplicateId, "id", message)));
        if !firsts.iter().any(|(f, _)| *f == first) {
            firsts.push((first, i));
        }
    }
    for (first, repeat) in firsts {
        let message = duplicate(&outcomes[first].id, repeat + 1);
        found.push((
            first,
            FieldError::new(Code::InputDuplicateId, "id", message),
        ));
    }
    for (k, &slot) in programme.unique_slots.iter().enumerate() {
        let spec = &programme.fields[slot];
        for (i, first) in duplicates(outcomes, |o| unique_key(o, k)) {
            let value = match &outcomes[i].unique[k] {
                Value::Text(t) => t.to_string(),
                v => v.to_string(),
            };
            let (first_id, n) = (&outcomes[first].id, first + 1);
            let label = Some(spec.label.get(lang))
                .filter(|l| !l.is_empty())
                .unwrap_or(&spec.id);
            let message = crate::t!(
                lang,
                "engine-unique",
                label = label,
                value = value,
                first = &**first_id,
                n = n
            );
            found.push((i, FieldError::new(Code::InputUnique, &spec.id, message)));
        }
    }
    found.sort_by_key(|(i, _)| *i);
    for (i, error) in found {
        invalidate(&mut outcomes[i], error);
    }
    allocate(programme, outcomes);
}

/// An outcome made invalid by the batch: only its errors remain, as for a record invalid
/// on its own.
fn invalidate(o: &mut Outcome, error: FieldError) {
    o.status = Status::Invalid;
    let notes = o.notes_mut();
    notes.failed_rules.clear();
    notes.flags.clear();
    notes.errors.push(error);
    o.award = None;
    o.awarded = false;
    o.score = None;
    o.scores = Box::new([]);
}

/// The record's value of the `k`th unique field, unless it has none.
fn unique_key(o: &Outcome, k: usize) -> Option<Same<'_>> {
    o.unique.get(k).filter(|v| **v != Value::Null).map(Same)
}

/// A value compared as a key: equal values (`1.5` and `1.50`) hash alike.
#[derive(PartialEq)]
struct Same<'a>(&'a Value);

impl Eq for Same<'_> {}

impl std::hash::Hash for Same<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self.0).hash(state);
        match self.0 {
            Value::Number(d) | Value::Money(d) => d.normalize().hash(state),
            Value::Text(t) => t.hash(state),
            Value::Bool(b) => b.hash(state),
            Value::Date(d) => d.hash(state),
            Value::DateTime(d) => d.hash(state),
            // Lists and records are never unique keys (the policy refuses them); equal
            // ones still hash alike.
            Value::Null | Value::List(_) | Value::Record(_) => {}
        }
    }
}

/// Each record whose key an earlier record has, with the first record of that key, in
/// record order; records without a key are not compared. The keys are hashed on all cores
/// with a per-process random key (keys come from the applicants: no one can line up
/// collisions) and sorted by hash, so equal keys meet without a million-entry map walked one
/// record at a time; keys that share a hash are compared.
fn duplicates<'a, K: std::hash::Hash + Eq>(
    outcomes: &'a [Outcome],
    key: impl Fn(&'a Outcome) -> Option<K> + Sync,
) -> Vec<(usize, usize)> {
    use rayon::prelude::*;
    use std::hash::BuildHasher;
    let hasher = std::collections::hash_map::RandomState::new();
    // When every record has a key (ids), collected at its length: a filtered collect
    // gathers pieces first and holds twice the 16 MB of a million keys.
    let all = outcomes.par_iter().all(|o| key(o).is_some());
    let mut hashed: Vec<(u64, usize)> = if all {
        outcomes
            .par_iter()
            .enumerate()
            .map(|(i, o)| (key(o).map_or(0, |k| hasher.hash_one(k)), i))
            .collect()
    } else {
        outcomes
            .par_iter()
            .enumerate()
            .filter_map(|(i, o)| Some((hasher.hash_one(key(o)?), i)))
            .collect()
    };
    hashed.par_sort_unstable();
    let mut found = Vec::new();
    for group in hashed.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        // In record order within the group: the first of each key comes before its repeats.
        let mut firsts: Vec<usize> = Vec::new();
        for &(_, i) in group {
            match firsts
                .iter()
                .find(|&&f| key(&outcomes[f]) == key(&outcomes[i]))
            {
                Some(&first) => found.push((i, first)),
                None => firsts.push(i),
            }
        }
    }
    found.sort_unstable();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(values: &[Value]) -> Vec<usize> {
        let column = KeyColumn::new(values.len(), |i| &values[i]);
        let mut positions: Vec<usize> = (0..values.len()).collect();
        positions.sort_by(|&a, &b| column.cmp(a, b).then(a.cmp(&b)));
        positions
    }

    #[test]
    fn ascending_bits_keep_the_order_of_integers_and_reverse_it_descending() {
        let xs = [
            i64::MIN,
            i64::MIN + 1,
            -100,
            -1,
            0,
            1,
            7,
            i64::MAX - 1,
            i64::MAX,
        ];
        for (i, &a) in xs.iter().enumerate() {
            for (j, &b) in xs.iter().enumerate() {
                assert_eq!(
                    ascending_bits(a, false).cmp(&ascending_bits(b, false)),
                    i.cmp(&j)
                );
                assert_eq!(
                    ascending_bits(a, true).cmp(&ascending_bits(b, true)),
                    j.cmp(&i)
                );
            }
        }
    }

    #[test]
    fn duplicate_ids_name_the_first_record_of_each_id_in_record_order() {
        let outcomes: Vec<Outcome> = ["a", "b", "a", "c", "b", "a", "d"]
            .iter()
            .map(|id| fresh_outcome((*id).into(), Vec::new()))
            .collect();
        let ids = |o: &Outcome| Some(o.id.to_string());
        assert_eq!(duplicates(&outcomes, ids), [(2, 0), (4, 1), (5, 0)]);
        assert!(duplicates(&outcomes[..2], ids).is_empty());
    }

    #[test]
    fn key_columns_order_like_the_values_they_stand_for() {
        let n = |s: &str| Value::Number(s.parse().unwrap_or_default());
        let m = |s: &str| Value::Money(s.parse().unwrap_or_default());
        // Numbers of different scales become integers at one scale.
        let numbers = [n("1.5"), n("1.25"), m("2"), n("-0.001"), n("1.50")];
        assert!(matches!(
            KeyColumn::new(numbers.len(), |i| &numbers[i]),
            KeyColumn::Small(_)
        ));
        assert_eq!(order(&numbers), [3, 1, 0, 4, 2]);
        // Beyond 64 bits at one scale: 128-bit integers, the same order.
        let big = [
            n("12345678901234567890.5"),
            n("0.0001"),
            n("-12345678901234567890.25"),
        ];
        assert!(matches!(
            KeyColumn::new(big.len(), |i| &big[i]),
            KeyColumn::Ints(_)
        ));
        assert_eq!(order(&big), [2, 1, 0]);
        let texts = [Value::Text("b".into()), Value::Text("a".into())];
        assert!(matches!(
            KeyColumn::new(texts.len(), |i| &texts[i]),
            KeyColumn::Texts(_)
        ));
        assert_eq!(order(&texts), [1, 0]);
        // A missing value sorts last, compared as a value.
        let mixed = [n("3"), Value::Null, n("1")];
        assert!(matches!(
            KeyColumn::new(mixed.len(), |i| &mixed[i]),
            KeyColumn::Values(_)
        ));
        assert_eq!(order(&mixed), [2, 0, 1]);
        // Scales too far apart to share an integer fall back to comparing values.
        let wide = [
            n("79228162514264337593543950335"),
            n("0.0000000000000000000000000001"),
        ];
        assert!(matches!(
            KeyColumn::new(wide.len(), |i| &wide[i]),
            KeyColumn::Values(_)
        ));
        assert_eq!(order(&wide), [1, 0]);
    }
}
