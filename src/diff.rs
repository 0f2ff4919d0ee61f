//! What changed between two policy years. Every programme is described as items (a kind and
//! an id: a field, an enum value, a parameter, a rule …), each item as keys a reader sees
//! (condition, message, label, help, interpretation, cite, a value as the policy writes it);
//! items are matched by kind and id and compared key by key. Nothing an applicant or a
//! reviewer reads may change without `diff` naming it.

use crate::Lang;
use crate::policy::model::Text;
use crate::policy::{FieldKind, FieldSpec, Policy, Programme};
use crate::value::{Value, plain};
use serde_json::{Map, Value as Json, json};
use std::collections::BTreeMap;
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Programme,
    Field,
    EnumValue,
    Param,
    Table,
    Check,
    Rule,
    Computed,
    ScoreItem,
    Scores,
    Award,
    Allocation,
    Flag,
    Document,
    Summary,
}

impl Kind {
    /// The order items are reported in.
    const ALL: [Kind; 15] = [
        Kind::Programme,
        Kind::Field,
        Kind::EnumValue,
        Kind::Param,
        Kind::Table,
        Kind::Check,
        Kind::Rule,
        Kind::Computed,
        Kind::ScoreItem,
        Kind::Scores,
        Kind::Award,
        Kind::Allocation,
        Kind::Flag,
        Kind::Document,
        Kind::Summary,
    ];

    fn name(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Kind::Programme => ("项目", "programme"),
            Kind::Field => ("字段", "field"),
            Kind::EnumValue => ("可选值", "enum value"),
            Kind::Param => ("参数", "parameter"),
            Kind::Table => ("对照表", "table"),
            Kind::Check => ("校验", "check"),
            Kind::Rule => ("资格规则", "eligibility rule"),
            Kind::Computed => ("计算值", "computed value"),
            Kind::ScoreItem => ("评分项", "score item"),
            Kind::Scores => ("评分", "scores"),
            Kind::Award => ("奖补", "award"),
            Kind::Allocation => ("分配", "allocation"),
            Kind::Flag => ("标记", "flag"),
            Kind::Document => ("申报材料", "document"),
            Kind::Summary => ("汇总分组", "summary group"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The name in `diff --format json`.
    fn code(self) -> &'static str {
        match self {
            Kind::Programme => "programme",
            Kind::Field => "field",
            Kind::EnumValue => "enum_value",
            Kind::Param => "param",
            Kind::Table => "table",
            Kind::Check => "check",
            Kind::Rule => "rule",
            Kind::Computed => "computed",
            Kind::ScoreItem => "score_item",
            Kind::Scores => "scores",
            Kind::Award => "award",
            Kind::Allocation => "allocation",
            Kind::Flag => "flag",
            Kind::Document => "document",
            Kind::Summary => "summary_by",
        }
    }
}

/// A key of an item: its id in JSON (`message.zh`) and what a reader calls it.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    id: String,
    zh: String,
    en: String,
}

impl Key {
    fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A key's id and its name in Chinese and English.
type K = (&'static str, &'static str, &'static str);

const TITLE: K = ("title", "标题", "title");
const STATUS: K = ("status", "状态", "status");
const CITE: K = ("cite", "出处", "cite");
const TYPE: K = ("type", "类型", "type");
const UNIT: K = ("unit", "单位", "unit");
const LABEL: K = ("label", "名称", "label");
const NAME: K = ("name", "名称", "name");
const HELP: K = ("help", "填写说明", "help");
const REQUIRED: K = ("required", "必填", "required");
const MIN: K = ("min", "下限", "minimum");
const MAX: K = ("max", "上限", "maximum");
const ALIASES: K = ("aliases", "别名", "aliases");
const UNIQUE: K = ("unique", "每批唯一", "unique in a batch");
const OPEN_FLAG: K = (
    "open",
    "开放目录（目录外标记）",
    "open list (flag for unlisted values)",
);
const SOURCE: K = ("source", "来源", "source");
const VALUE: K = ("value", "值", "value");
const INTERPRETATION: K = ("interpretation", "解释", "interpretation");
const CONDITION: K = ("condition", "条件", "condition");
const FIELD: K = ("field", "报错字段", "field");
const MESSAGE: K = ("message", "提示", "message");
const FORMULA: K = ("formula", "公式", "formula");
const CAP: K = ("cap", "封顶", "cap");
const MAX_SCORE: K = ("max_score", "满分", "max score");
const ROUND: K = ("round", "保留小数位", "decimal places");
const ORDER: K = ("order", "排序", "order");
const AWARDS: K = ("awards", "名额", "awards");
const QUOTA_COUNTS: K = ("quota.counts", "配额计入条件", "quota counts");
const QUOTA_SHARE: K = ("quota.share", "配额比例", "quota share");
const QUOTA_ROUNDING: K = ("quota.rounding", "配额取整", "quota rounding");
const QUOTA_FLAG: K = ("quota.flag", "配额标记", "quota flag");
const QUOTA_CITE: K = ("quota.cite", "配额出处", "quota cite");
const QUOTA_INTERPRETATION: K = ("quota.interpretation", "配额解释", "quota interpretation");
const DEMOTION: K = ("demotion.condition", "降档条件", "demotion condition");
const DEMOTION_FLAG: K = ("demotion.flag", "降档标记", "demotion flag");
const DEMOTION_CITE: K = ("demotion.cite", "降档出处", "demotion cite");

fn key((id, zh, en): K) -> Key {
    Key {
        id: id.into(),
        zh: zh.into(),
        en: en.into(),
    }
}

/// What a key says.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    /// Text as written; empty when not given.
    Text(String),
    /// Members of a set (aliases, a table group), sorted: their order means nothing.
    Set(Vec<String>),
    /// A constant as the policy writes it (`100万元`, `1 / 3`) and the value it computes
    /// to, so a change of spelling alone is told apart from a change of value.
    Written { text: String, value: String },
}

impl Shown {
    fn text(s: &str) -> Shown {
        Shown::Text(s.trim().to_string())
    }

    fn formula(s: &str) -> Shown {
        Shown::Text(crate::report::one_line(s))
    }

    fn set(items: impl IntoIterator<Item = String>) -> Shown {
        let mut v: Vec<String> = items.into_iter().collect();
        v.sort();
        v.dedup();
        Shown::Set(v)
    }

    fn written(text: &str, value: &Value) -> Shown {
        Shown::Written {
            text: crate::report::one_line(text),
            value: value.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Shown::Text(t) => t.is_empty(),
            Shown::Written { text, value } => text.is_empty() && value.is_empty(),
            Shown::Set(v) => v.is_empty(),
        }
    }

    /// A value the engine assumes where the policy writes none (a bound of 0).
    fn is_default(&self) -> bool {
        matches!(self, Shown::Written { text, value } if text.is_empty() && !value.is_empty())
    }

    fn display(&self, lang: Lang) -> String {
        match self {
            _ if self.is_empty() => none(lang).to_string(),
            Shown::Written { text, value } if text.is_empty() => match lang {
                Lang::Zh => format!("默认 {value}"),
                Lang::En => format!("default {value}"),
            },
            Shown::Text(t) | Shown::Written { text: t, .. } => t.clone(),
            Shown::Set(v) => v.join(match lang {
                Lang::Zh => "、",
                Lang::En => ", ",
            }),
        }
    }

    fn json(&self) -> Json {
        match self {
            _ if self.is_empty() => Json::Null,
            Shown::Written { text, value } if text.is_empty() => json!(value),
            Shown::Text(t) | Shown::Written { text: t, .. } => json!(t),
            Shown::Set(v) => json!(v),
        }
    }

    /// Whether only the spelling differs from `other`: the same value written otherwise.
    fn same_value(&self, other: &Shown) -> bool {
        matches!(
            (self, other),
            (Shown::Written { value: a, .. }, Shown::Written { value: b, .. }) if a == b
        )
    }
}

fn none(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "（无）",
        Lang::En => "(none)",
    }
}

/// One comparable item of a programme.
#[derive(Clone, Debug)]
struct Item {
    kind: Kind,
    id: String,
    keys: Vec<(Key, Shown)>,
}

impl Item {
    fn new(kind: Kind, id: impl Into<String>) -> Item {
        Item {
            kind,
            id: id.into(),
            keys: Vec::new(),
        }
    }

    fn put(&mut self, key: Key, shown: Shown) -> &mut Item {
        self.keys.push((key, shown));
        self
    }

    fn text(&mut self, k: K, text: &str) -> &mut Item {
        self.put(key(k), Shown::text(text))
    }

    fn maybe(&mut self, k: K, text: &Option<String>) -> &mut Item {
        self.text(k, text.as_deref().unwrap_or(""))
    }

    fn formula(&mut self, k: K, text: &str) -> &mut Item {
        self.put(key(k), Shown::formula(text))
    }

    /// A text in both languages: two keys, `label.zh` and `label.en`.
    fn words(&mut self, (id, zh, en): K, t: &Text) -> &mut Item {
        self.words_keyed(id.into(), zh.into(), en.into(), t)
    }

    fn words_keyed(&mut self, id: String, zh: String, en: String, t: &Text) -> &mut Item {
        for (code, text, zh_tag, en_tag) in [
            ("zh", &t.zh, "（中文）", " (zh)"),
            ("en", &t.en, "（英文）", " (en)"),
        ] {
            self.put(
                Key {
                    id: format!("{id}.{code}"),
                    zh: format!("{zh}{zh_tag}"),
                    en: format!("{en}{en_tag}"),
                },
                Shown::text(text.as_deref().unwrap_or("")),
            );
        }
        self
    }

    fn get(&self, id: &str) -> Option<&Shown> {
        self.keys.iter().find(|(k, _)| k.id == id).map(|(_, s)| s)
    }

    /// The first key, in the reader's language when it is a text in both.
    fn headline(&self, lang: Lang) -> Option<(&Key, &Shown)> {
        let (first, shown) = self.keys.first()?;
        let Some(base) = first
            .id
            .strip_suffix(".zh")
            .or_else(|| first.id.strip_suffix(".en"))
        else {
            return Some((first, shown));
        };
        let (want, other) = match lang {
            Lang::Zh => ("zh", "en"),
            Lang::En => ("en", "zh"),
        };
        [want, other]
            .iter()
            .filter_map(|code| {
                let id = format!("{base}.{code}");
                self.keys.iter().find(|(k, s)| k.id == id && !s.is_empty())
            })
            .map(|(k, s)| (k, s))
            .next()
            .or(Some((first, shown)))
    }
}

fn field_kind_text(kind: &FieldKind) -> String {
    match kind {
        FieldKind::Text => "text".into(),
        FieldKind::Number => "number".into(),
        FieldKind::Money(_) => "money".into(),
        FieldKind::Percent => "percent".into(),
        FieldKind::Bool => "bool".into(),
        FieldKind::Date => "date".into(),
        FieldKind::DateTime => "datetime".into(),
        FieldKind::Enum => "enum".into(),
        FieldKind::CreditCode => "credit_code".into(),
        FieldKind::List(inner) => format!("list of {}", field_kind_text(inner)),
        FieldKind::Records => "list of records".into(),
    }
}

/// A field, its enum values and its item fields (`loans.principal`).
fn field_items(f: &FieldSpec, prefix: &str, out: &mut Vec<Item>) {
    let id = format!("{prefix}{}", f.id);
    let bound = |written: &Option<String>, value: &Option<Value>| match (written, value) {
        (Some(w), Some(v)) => Shown::written(w, v),
        // An unwritten bound is the engine's default (0 for amounts and counts): shown as
        // its value, so writing it out later reads as the same value.
        (None, Some(v)) => Shown::Written {
            text: String::new(),
            value: v.to_string(),
        },
        (Some(w), None) => Shown::text(w),
        (None, None) => Shown::text(""),
    };
    let mut item = Item::new(Kind::Field, &id);
    item.text(TYPE, &field_kind_text(&f.kind))
        .maybe(UNIT, &f.unit)
        .words(LABEL, &f.label)
        .words(HELP, &f.help)
        // Not required is the usual case: only `true` is shown.
        .text(REQUIRED, if f.required { "true" } else { "" })
        .put(key(MIN), bound(&f.written_min, &f.min))
        .put(key(MAX), bound(&f.written_max, &f.max))
        .text(CITE, &f.cite)
        // Like `required`, only the unusual case is shown.
        .text(UNIQUE, if f.unique { "true" } else { "" })
        .maybe(OPEN_FLAG, &f.open_flag)
        .maybe(INTERPRETATION, &f.interpretation);
    out.push(item);
    for v in &f.values {
        let mut item = Item::new(Kind::EnumValue, format!("{id}.{}", v.id.value));
        item.words(
            NAME,
            &Text {
                zh: v.zh.clone(),
                en: v.en.clone(),
            },
        )
        .put(key(ALIASES), Shown::set(v.aliases.iter().cloned()));
        out.push(item);
    }
    for sub in &f.items {
        field_items(sub, &format!("{id}."), out);
    }
}

fn items(p: &Programme) -> Vec<Item> {
    let mut out = Vec::new();
    let mut own = Item::new(Kind::Programme, &p.id);
    own.words(TITLE, &p.title)
        .text(CITE, &p.cite)
        .maybe(SOURCE, &p.source);
    out.push(own);
    for f in &p.fields {
        field_items(f, "", &mut out);
    }
    for (id, value, label, cite, notes) in &p.params {
        let mut item = Item::new(Kind::Param, id);
        item.put(key(VALUE), Shown::written(&notes.written, value))
            .words(LABEL, label)
            .text(CITE, cite)
            .maybe(INTERPRETATION, &notes.interpretation);
        out.push(item);
    }
    for ((name, table), (label, cite, source)) in p
        .table_names
        .iter()
        .zip(&p.table_values)
        .zip(&p.table_notes)
    {
        let mut item = Item::new(Kind::Table, name);
        item.words(LABEL, label)
            .text(CITE, cite)
            .maybe(SOURCE, source);
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in table {
            let group = match v {
                Value::Text(t) => t.to_string(),
                other => other.to_string(),
            };
            groups.entry(group).or_default().push(k.to_string());
        }
        for (group, keys) in groups {
            item.put(
                Key {
                    id: format!("groups.{group}"),
                    zh: format!("分组「{group}」"),
                    en: format!("group {group}"),
                },
                Shown::set(keys),
            );
        }
        out.push(item);
    }
    for c in &p.checks {
        let mut item = Item::new(Kind::Check, &c.id);
        item.formula(CONDITION, &c.formula.text)
            .words(MESSAGE, &c.message)
            .maybe(FIELD, &c.field);
        out.push(item);
    }
    for r in &p.rules {
        let mut item = Item::new(Kind::Rule, &r.id);
        item.formula(CONDITION, &r.formula.text)
            .words(MESSAGE, &r.message)
            .text(CITE, &r.cite)
            .maybe(INTERPRETATION, &r.interpretation);
        out.push(item);
    }
    // The total score has no formula of its own: `scores` below stands for it.
    for v in p.values.iter().filter(|v| !v.formula.text.is_empty()) {
        let kind = if v.is_item {
            Kind::ScoreItem
        } else {
            Kind::Computed
        };
        let mut item = Item::new(kind, &v.id);
        item.formula(FORMULA, &v.formula.text);
        if v.is_item {
            item.text(CAP, &v.cap.map(plain).unwrap_or_default());
        }
        item.words(LABEL, &v.label)
            .text(CITE, &v.cite)
            .maybe(INTERPRETATION, &v.interpretation);
        out.push(item);
    }
    if let Some(s) = &p.scores {
        let mut item = Item::new(Kind::Scores, "scores");
        item.text(MAX_SCORE, &plain(s.max_score))
            .text(ROUND, &s.round.to_string())
            .text(
                CITE,
                p.values.get(s.total_slot).map_or("", |v| v.cite.as_str()),
            );
        out.push(item);
    }
    if let Some(a) = &p.award {
        let mut item = Item::new(Kind::Award, "award");
        item.formula(FORMULA, &a.formula.text)
            .put(
                key(CAP),
                Shown::written(&a.written_cap, &Value::Money(a.cap)),
            )
            .text(ROUND, &a.round.to_string())
            .text(CITE, &a.cite)
            .maybe(INTERPRETATION, &a.interpretation);
        out.push(item);
    }
    if let Some(a) = &p.allocation {
        let order: Vec<String> = a
            .order
            .iter()
            .map(|o| {
                format!(
                    "{} {}",
                    crate::report::one_line(&o.formula.text),
                    if o.descending { "desc" } else { "asc" }
                )
            })
            .collect();
        let mut item = Item::new(Kind::Allocation, "allocation");
        item.text(ORDER, &order.join(", "))
            .text(AWARDS, &a.awards.to_string())
            .text(CITE, &a.cite)
            .maybe(INTERPRETATION, &a.interpretation);
        let q = a.quota.as_ref();
        item.formula(QUOTA_COUNTS, q.map_or("", |q| &q.counts.text))
            .put(
                key(QUOTA_SHARE),
                match q {
                    Some(q) => Shown::written(&q.written_share, &Value::Number(q.share)),
                    None => Shown::text(""),
                },
            )
            .text(
                QUOTA_ROUNDING,
                q.map_or("", |q| if q.round_up { "ceil" } else { "floor" }),
            )
            .text(QUOTA_FLAG, q.map_or("", |q| &q.flag))
            .text(QUOTA_CITE, q.map_or("", |q| &q.cite))
            .text(
                QUOTA_INTERPRETATION,
                q.and_then(|q| q.interpretation.as_deref()).unwrap_or(""),
            );
        for (n, t) in a.tiers.iter().enumerate() {
            let n = n + 1;
            let amount = crate::report::one_line(&t.written_amount);
            // A tier is its size and amount; the last may take the rest of the awards.
            let (text, value, zh, en) = match t.size {
                Some(size) => (
                    format!("{size} × {amount}"),
                    format!("{size} × {}", plain(t.amount)),
                    format!("第{n}档"),
                    format!("tier {n}"),
                ),
                None => (
                    amount,
                    plain(t.amount),
                    format!("第{n}档（其余名额）"),
                    format!("tier {n} (the rest)"),
                ),
            };
            item.put(
                Key {
                    id: format!("tiers.{n}"),
                    zh,
                    en,
                },
                Shown::Written { text, value },
            );
            item.words_keyed(
                format!("tiers.{n}.label"),
                format!("第{n}档名称"),
                format!("tier {n} label"),
                &t.label,
            );
        }
        let d = a.demotion.as_ref();
        item.formula(DEMOTION, d.map_or("", |(f, _)| &f.text))
            .text(DEMOTION_FLAG, d.map_or("", |(_, flag)| flag))
            .text(DEMOTION_CITE, &a.demotion_cite);
        out.push(item);
    }
    for f in &p.flags {
        let mut item = Item::new(Kind::Flag, &f.id);
        item.formula(CONDITION, &f.formula.text)
            .words(MESSAGE, &f.message)
            .text(CITE, &f.cite);
        out.push(item);
    }
    for d in &p.documents {
        let mut item = Item::new(Kind::Document, &d.id);
        item.words(LABEL, &d.label)
            .formula(CONDITION, d.when.as_ref().map_or("", |w| &w.text))
            .text(CITE, &d.cite);
        out.push(item);
    }
    for g in &p.summary_by {
        let mut item = Item::new(Kind::Summary, &g.id);
        item.formula(FORMULA, &g.formula.text)
            .words(LABEL, &g.label);
        out.push(item);
    }
    out
}

/// A key that says something else in the later year.
#[derive(Clone, Debug)]
struct KeyChange {
    key: Key,
    old: Shown,
    new: Shown,
}

impl KeyChange {
    fn same_value(&self) -> bool {
        self.old.same_value(&self.new)
    }
}

#[derive(Clone, Debug)]
enum Change {
    Added(Item),
    Removed(Item),
    Changed {
        kind: Kind,
        id: String,
        keys: Vec<KeyChange>,
    },
}

/// The keys of two versions of an item that differ, in the later item's order.
fn key_changes(before: &Item, after: &Item) -> Vec<KeyChange> {
    let mut ids: Vec<&Key> = after.keys.iter().map(|(k, _)| k).collect();
    for (k, _) in &before.keys {
        if !ids.iter().any(|x| x.id == k.id) {
            ids.push(k);
        }
    }
    let nothing = Shown::Text(String::new());
    ids.into_iter()
        .filter_map(|k| {
            let old = before.get(&k.id).unwrap_or(&nothing);
            let new = after.get(&k.id).unwrap_or(&nothing);
            (old != new).then(|| KeyChange {
                key: k.clone(),
                old: old.clone(),
                new: new.clone(),
            })
        })
        .collect()
}

/// The changes between two lists of items, kind by kind, and how many items are unchanged.
fn compare(before: &[Item], after: &[Item]) -> (Vec<Change>, usize) {
    let mut changes = Vec::new();
    let mut unchanged = 0;
    for kind in Kind::ALL {
        for b in before.iter().filter(|b| b.kind == kind) {
            match after.iter().find(|a| a.kind == kind && a.id == b.id) {
                None => changes.push(Change::Removed(b.clone())),
                Some(a) => {
                    let keys = key_changes(b, a);
                    if keys.is_empty() {
                        unchanged += 1;
                    } else {
                        changes.push(Change::Changed {
                            kind,
                            id: a.id.clone(),
                            keys,
                        });
                    }
                }
            }
        }
        for a in after.iter().filter(|a| a.kind == kind) {
            if !before.iter().any(|b| b.kind == kind && b.id == a.id) {
                changes.push(Change::Added(a.clone()));
            }
        }
    }
    (changes, unchanged)
}

enum ProgrammeDiff<'a> {
    Added(&'a Programme),
    Removed(&'a Programme),
    Compared {
        programme: &'a Programme,
        changes: Vec<Change>,
        unchanged: usize,
    },
}

/// Everything that differs between two years.
struct YearDiff<'a> {
    /// The year's own title and status.
    own: Vec<KeyChange>,
    programmes: Vec<ProgrammeDiff<'a>>,
}

fn year_item(p: &Policy) -> Item {
    let mut item = Item::new(Kind::Programme, p.year.to_string());
    item.words(TITLE, &p.title)
        .text(STATUS, &p.status)
        .maybe(SOURCE, &p.source_document);
    item
}

fn compute<'a>(old: &'a Policy, new: &'a Policy) -> YearDiff<'a> {
    let mut ids: Vec<&str> = old.programmes.iter().map(|p| p.id.as_str()).collect();
    for p in &new.programmes {
        if !ids.contains(&p.id.as_str()) {
            ids.push(&p.id);
        }
    }
    let programmes = ids
        .into_iter()
        .filter_map(|id| match (old.programme(id), new.programme(id)) {
            (Some(p), None) => Some(ProgrammeDiff::Removed(p)),
            (None, Some(p)) => Some(ProgrammeDiff::Added(p)),
            (Some(a), Some(b)) => {
                let (changes, unchanged) = compare(&items(a), &items(b));
                Some(ProgrammeDiff::Compared {
                    programme: b,
                    changes,
                    unchanged,
                })
            }
            (None, None) => None,
        })
        .collect();
    YearDiff {
        own: key_changes(&year_item(old), &year_item(new)),
        programmes,
    }
}

fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// One changed key, as one line or, when long, as was/now lines.
fn push_key_change(out: &mut String, indent: &str, c: &KeyChange, lang: Lang) {
    let zh = lang == Lang::Zh;
    let label = c.key.label(lang);
    let sep = colon(lang);
    if let (Shown::Set(old), Shown::Set(new)) = (&c.old, &c.new)
        && !old.is_empty()
        && !new.is_empty()
    {
        let join = |v: Vec<&String>| {
            v.into_iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(if zh { "、" } else { ", " })
        };
        let added = join(new.iter().filter(|x| !old.contains(x)).collect());
        let removed = join(old.iter().filter(|x| !new.contains(x)).collect());
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("{}{added}", if zh { "增 " } else { "added " }));
        }
        if !removed.is_empty() {
            parts.push(format!("{}{removed}", if zh { "删 " } else { "removed " }));
        }
        out.push_str(&format!(
            "{indent}{label}{sep}{}\n",
            parts.join(if zh { "；" } else { "; " })
        ));
        return;
    }
    let (mut old, mut new) = (c.old.display(lang), c.new.display(lang));
    // A value written with a name (`subsidy_cap`, `lpr * 50%`), or the same text computing to
    // another value (a parameter it uses changed), is shown with what it computes to.
    let same_text = old == new;
    for (text, shown) in [(&mut old, &c.old), (&mut new, &c.new)] {
        if let Shown::Written { text: w, value } = shown
            && !w.is_empty()
            && (same_text || names_something(w))
        {
            text.push_str(&format!(" (= {value})"));
        }
    }
    let note = if c.same_value() {
        if zh {
            "（数值相同，仅写法不同）"
        } else {
            " (same value, written differently)"
        }
    } else {
        ""
    };
    // Long texts (counted in columns: a Chinese character takes two) get a line each.
    if old.width() + new.width() > 72 {
        let (was, now) = if zh {
            ("原：", "现：")
        } else {
            ("was: ", "now: ")
        };
        out.push_str(&format!(
            "{indent}{label}{}\n{indent}  {was}{old}\n{indent}  {now}{new}{note}\n",
            sep.trim_end()
        ));
    } else {
        out.push_str(&format!("{indent}{label}{sep}{old} → {new}{note}\n"));
    }
}

/// Whether a written value uses a name (two letters in a row: `lpr`, not the `T` of a time).
fn names_something(text: &str) -> bool {
    let mut run = 0;
    text.chars().any(|c| {
        run = if c.is_ascii_alphabetic() || c == '_' {
            run + 1
        } else {
            0
        };
        run >= 2
    })
}

fn headline(item: &Item, lang: Lang) -> String {
    match item.headline(lang) {
        Some((_, s)) if !s.is_empty() => format!("{}{}", colon(lang), s.display(lang)),
        _ => String::new(),
    }
}

/// The changes from `old` to `new`, in words.
pub fn diff(old: &Policy, new: &Policy, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let d = compute(old, new);
    // Which rules were compared, as every command names them: the earlier year first.
    let mut out = crate::report::policy_line(old, lang);
    out.push_str(&crate::report::policy_line(new, lang));
    out.push_str(&format!("{} → {}\n", old.year, new.year));
    for c in &d.own {
        push_key_change(&mut out, "  ", c, lang);
    }
    for p in &d.programmes {
        match p {
            ProgrammeDiff::Removed(p) => out.push_str(&format!(
                "- {} {} {}\n",
                if zh {
                    "删除项目"
                } else {
                    "removed programme"
                },
                p.id,
                p.title.get(lang)
            )),
            ProgrammeDiff::Added(p) => out.push_str(&format!(
                "+ {} {} {}\n",
                if zh {
                    "新增项目"
                } else {
                    "added programme"
                },
                p.id,
                p.title.get(lang)
            )),
            ProgrammeDiff::Compared {
                programme,
                changes,
                unchanged,
            } => {
                out.push_str(&format!(
                    "  {} {}\n",
                    programme.id,
                    programme.title.get(lang)
                ));
                for c in changes {
                    match c {
                        Change::Removed(item) => out.push_str(&format!(
                            "    - {} {}{}\n",
                            item.kind.name(lang),
                            item.id,
                            headline(item, lang)
                        )),
                        Change::Added(item) => {
                            out.push_str(&format!(
                                "    + {} {}{}\n",
                                item.kind.name(lang),
                                item.id,
                                headline(item, lang)
                            ));
                            let first = item.headline(lang).map(|(k, _)| k.id.as_str());
                            for (k, s) in &item.keys {
                                // A default nobody wrote (a bound of 0) is not news.
                                if Some(k.id.as_str()) != first && !s.is_empty() && !s.is_default()
                                {
                                    out.push_str(&format!(
                                        "        {}{}{}\n",
                                        k.label(lang),
                                        colon(lang),
                                        s.display(lang)
                                    ));
                                }
                            }
                        }
                        Change::Changed { kind, id, keys } => {
                            out.push_str(&format!("    ~ {} {id}\n", kind.name(lang)));
                            for k in keys {
                                push_key_change(&mut out, "        ", k, lang);
                            }
                        }
                    }
                }
                out.push_str(&format!(
                    "    ({unchanged} {})\n",
                    if zh { "项未变" } else { "unchanged" }
                ));
            }
        }
    }
    out
}

fn keys_json(item: &Item) -> Json {
    let mut map = Map::new();
    for (k, s) in &item.keys {
        if !s.is_empty() {
            map.insert(k.id.clone(), s.json());
        }
    }
    Json::Object(map)
}

fn policy_json(p: &Policy) -> Json {
    json!({"year": p.year, "source": p.source, "digest": p.digest})
}

/// `diff --format json`: every change as `{programme, kind, id, change, key, old, new}`;
/// `programme` is null for the year's own title and status, `key` null for a whole item
/// added or removed (then `old` or `new` holds all its keys).
pub fn json(old: &Policy, new: &Policy) -> Json {
    let d = compute(old, new);
    let mut changes = Vec::new();
    let key_json = |programme: Json, kind: &str, id: &str, c: &KeyChange| {
        json!({
            "programme": programme, "kind": kind, "id": id, "change": "changed",
            "key": c.key.id, "old": c.old.json(), "new": c.new.json(),
            "same_value": c.same_value(),
        })
    };
    let year = new.year.to_string();
    for c in &d.own {
        changes.push(key_json(Json::Null, "year", &year, c));
    }
    let mut unchanged = Map::new();
    for p_diff in &d.programmes {
        match p_diff {
            ProgrammeDiff::Removed(p) | ProgrammeDiff::Added(p) => {
                let added = matches!(p_diff, ProgrammeDiff::Added(_));
                let mut title = Item::new(Kind::Programme, &p.id);
                title.words(TITLE, &p.title);
                changes.push(json!({
                    "programme": p.id, "kind": "programme", "id": p.id,
                    "change": if added { "added" } else { "removed" },
                    "key": null,
                    "old": if added { Json::Null } else { keys_json(&title) },
                    "new": if added { keys_json(&title) } else { Json::Null },
                }));
            }
            ProgrammeDiff::Compared {
                programme,
                changes: list,
                unchanged: n,
            } => {
                unchanged.insert(programme.id.clone(), json!(n));
                for c in list {
                    match c {
                        Change::Added(item) | Change::Removed(item) => {
                            let added = matches!(c, Change::Added(_));
                            changes.push(json!({
                                "programme": programme.id, "kind": item.kind.code(),
                                "id": item.id, "change": if added { "added" } else { "removed" },
                                "key": null,
                                "old": if added { Json::Null } else { keys_json(item) },
                                "new": if added { keys_json(item) } else { Json::Null },
                            }));
                        }
                        Change::Changed { kind, id, keys } => {
                            for k in keys {
                                changes.push(key_json(json!(programme.id), kind.code(), id, k));
                            }
                        }
                    }
                }
            }
        }
    }
    json!({
        "from": policy_json(old),
        "to": policy_json(new),
        "changes": changes,
        "unchanged": unchanged,
    })
}
