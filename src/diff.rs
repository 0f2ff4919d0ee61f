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

    fn name(self, lang: Lang) -> String {
        match self {
            Kind::Programme => crate::t!(lang, "diff-kind-programme"),
            Kind::Field => crate::t!(lang, "diff-kind-field"),
            Kind::EnumValue => crate::t!(lang, "diff-kind-enum_value"),
            Kind::Param => crate::t!(lang, "diff-kind-param"),
            Kind::Table => crate::t!(lang, "diff-kind-table"),
            Kind::Check => crate::t!(lang, "diff-kind-check"),
            Kind::Rule => crate::t!(lang, "diff-kind-rule"),
            Kind::Computed => crate::t!(lang, "diff-kind-computed"),
            Kind::ScoreItem => crate::t!(lang, "diff-kind-score_item"),
            Kind::Scores => crate::t!(lang, "diff-kind-scores"),
            Kind::Award => crate::t!(lang, "diff-kind-award"),
            Kind::Allocation => crate::t!(lang, "diff-kind-allocation"),
            Kind::Flag => crate::t!(lang, "diff-kind-flag"),
            Kind::Document => crate::t!(lang, "diff-kind-document"),
            Kind::Summary => crate::t!(lang, "diff-kind-summary_by"),
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

/// What a reader calls a key of an item.
#[derive(Clone, Debug, PartialEq)]
enum Label {
    /// A catalogue key (`diff-key-cite`).
    Word(&'static str),
    /// A group of a table, by its name.
    Group(String),
    /// A tier, its size and amount; `rest` when it takes the rest of the awards.
    Tier {
        n: usize,
        rest: bool,
    },
    TierName(usize),
    /// The Chinese (`true`) or English text of a key written in both languages.
    In(Box<Label>, bool),
}

impl Label {
    fn text(&self, lang: Lang) -> String {
        match self {
            Label::Word(key) => crate::i18n::text(lang, key, &[]),
            Label::Group(group) => crate::t!(lang, "diff-key-group", group = group.as_str()),
            Label::Tier { n, rest: false } => crate::t!(lang, "diff-key-tier", n = *n),
            Label::Tier { n, rest: true } => crate::t!(lang, "diff-key-tier-rest", n = *n),
            Label::TierName(n) => crate::t!(lang, "diff-key-tier-label", n = *n),
            Label::In(label, true) => crate::t!(lang, "diff-key-in-zh", label = label.text(lang)),
            Label::In(label, false) => {
                crate::t!(lang, "diff-key-in-en", label = label.text(lang))
            }
        }
    }
}

/// A key of an item: its id in JSON (`message.zh`) and what a reader calls it.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    id: String,
    label: Label,
}

impl Key {
    fn label(&self, lang: Lang) -> String {
        self.label.text(lang)
    }
}

/// A key's id and the catalogue key of its name.
type K = (&'static str, &'static str);

const TITLE: K = ("title", "diff-key-title");
const STATUS: K = ("status", "diff-key-status");
const CITE: K = ("cite", "diff-key-cite");
const TYPE: K = ("type", "diff-key-type");
const UNIT: K = ("unit", "diff-key-unit");
const LABEL: K = ("label", "diff-key-label");
const NAME: K = ("name", "diff-key-name");
const HELP: K = ("help", "diff-key-help");
const REQUIRED: K = ("required", "diff-key-required");
const MIN: K = ("min", "diff-key-min");
const MAX: K = ("max", "diff-key-max");
const ALIASES: K = ("aliases", "diff-key-aliases");
const UNIQUE: K = ("unique", "diff-key-unique");
const OPEN_FLAG: K = ("open", "diff-key-open");
const SOURCE: K = ("source", "diff-key-source");
const VALUE: K = ("value", "diff-key-value");
const INTERPRETATION: K = ("interpretation", "diff-key-interpretation");
const CONDITION: K = ("condition", "diff-key-condition");
const FIELD: K = ("field", "diff-key-field");
const MESSAGE: K = ("message", "diff-key-message");
const FORMULA: K = ("formula", "diff-key-formula");
const CAP: K = ("cap", "diff-key-cap");
const MAX_SCORE: K = ("max_score", "diff-key-max_score");
const ROUND: K = ("round", "diff-key-round");
const ORDER: K = ("order", "diff-key-order");
const AWARDS: K = ("awards", "diff-key-awards");
const QUOTA_COUNTS: K = ("quota.counts", "diff-key-quota_counts");
const QUOTA_SHARE: K = ("quota.share", "diff-key-quota_share");
const QUOTA_ROUNDING: K = ("quota.rounding", "diff-key-quota_rounding");
const QUOTA_FLAG: K = ("quota.flag", "diff-key-quota_flag");
const QUOTA_CITE: K = ("quota.cite", "diff-key-quota_cite");
const QUOTA_INTERPRETATION: K = ("quota.interpretation", "diff-key-quota_interpretation");
const DEMOTION: K = ("demotion.condition", "diff-key-demotion_condition");
const DEMOTION_FLAG: K = ("demotion.flag", "diff-key-demotion_flag");
const DEMOTION_CITE: K = ("demotion.cite", "diff-key-demotion_cite");

/// Every fixed key, for the test that each has its words.
#[cfg(test)]
const ALL_KEYS: [K; 35] = [
    TITLE,
    STATUS,
    CITE,
    TYPE,
    UNIT,
    LABEL,
    NAME,
    HELP,
    REQUIRED,
    MIN,
    MAX,
    ALIASES,
    UNIQUE,
    OPEN_FLAG,
    SOURCE,
    VALUE,
    INTERPRETATION,
    CONDITION,
    FIELD,
    MESSAGE,
    FORMULA,
    CAP,
    MAX_SCORE,
    ROUND,
    ORDER,
    AWARDS,
    QUOTA_COUNTS,
    QUOTA_SHARE,
    QUOTA_ROUNDING,
    QUOTA_FLAG,
    QUOTA_CITE,
    QUOTA_INTERPRETATION,
    DEMOTION,
    DEMOTION_FLAG,
    DEMOTION_CITE,
];

fn key((id, words): K) -> Key {
    Key {
        id: id.into(),
        label: Label::Word(words),
    }
}

/// What a key says.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    /// Text as written; empty when not given.
    Text(String),
    /// A word of the policy format (a field type, `true`, an order): its code, which JSON
    /// carries and years are compared by, and how each language says it.
    Word {
        code: String,
        zh: String,
        en: String,
    },
    /// Members of a set (aliases, a table group), sorted: their order means nothing.
    Set(Vec<String>),
    /// A constant as the policy writes it (`100万元`, `1 / 3`) and the value it computes
    /// to (`value`, as JSON carries it; `zh`, as a Chinese reader writes it: `30万元`), so
    /// a change of spelling alone is told apart from a change of value.
    Written {
        text: String,
        value: String,
        zh: String,
    },
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
            zh: value_words(value, Lang::Zh),
        }
    }

    /// A value the policy does not write (the engine's default).
    fn unwritten(value: &Value) -> Shown {
        Shown::Written {
            text: String::new(),
            value: value.to_string(),
            zh: value_words(value, Lang::Zh),
        }
    }

    /// A word of the format, said by `words` in each language.
    fn word(code: impl Into<String>, words: impl Fn(Lang) -> String) -> Shown {
        Shown::Word {
            code: code.into(),
            zh: words(Lang::Zh),
            en: words(Lang::En),
        }
    }

    /// `true` for a key whose usual value is false (only the unusual case is shown).
    fn flag(on: bool) -> Shown {
        if on {
            Shown::word("true", |lang| crate::t!(lang, "diff-yes"))
        } else {
            Shown::text("")
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Shown::Text(t) => t.is_empty(),
            Shown::Word { code, .. } => code.is_empty(),
            Shown::Written { text, value, .. } => text.is_empty() && value.is_empty(),
            Shown::Set(v) => v.is_empty(),
        }
    }

    /// A value the engine assumes where the policy writes none (a bound of 0).
    fn is_default(&self) -> bool {
        matches!(self, Shown::Written { text, value, .. } if text.is_empty() && !value.is_empty())
    }

    /// What the value computes to, in the reader's language.
    fn value(&self, lang: Lang) -> Option<&str> {
        match (self, lang) {
            (Shown::Written { zh, .. }, Lang::Zh) => Some(zh),
            (Shown::Written { value, .. }, Lang::En) => Some(value),
            _ => None,
        }
    }

    fn display(&self, lang: Lang) -> String {
        match self {
            _ if self.is_empty() => none(lang),
            Shown::Written { text, .. } if text.is_empty() => crate::t!(
                lang,
                "diff-default",
                value = self.value(lang).unwrap_or_default()
            ),
            Shown::Text(t) | Shown::Written { text: t, .. } => t.clone(),
            Shown::Word { zh, en, .. } => match lang {
                Lang::Zh => zh.clone(),
                Lang::En => en.clone(),
            },
            Shown::Set(v) => v.join(match lang {
                Lang::Zh => "、",
                Lang::En => ", ",
            }),
        }
    }

    fn json(&self) -> Json {
        match self {
            _ if self.is_empty() => Json::Null,
            Shown::Written { text, value, .. } if text.is_empty() => json!(value),
            Shown::Text(t) | Shown::Written { text: t, .. } | Shown::Word { code: t, .. } => {
                json!(t)
            }
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

fn none(lang: Lang) -> String {
    crate::t!(lang, "diff-none")
}

/// A value as the reader's language says it (amounts as staff write them).
pub(crate) fn value_words(v: &Value, lang: Lang) -> String {
    match v {
        Value::Money(d) => crate::report::money(*d, lang),
        Value::Bool(true) => crate::t!(lang, "diff-yes"),
        Value::Bool(false) => crate::t!(lang, "diff-no"),
        Value::Null => none(lang),
        other => other.to_string(),
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
    fn words(&mut self, (id, words): K, t: &Text) -> &mut Item {
        self.words_keyed(id.into(), Label::Word(words), t)
    }

    fn words_keyed(&mut self, id: String, label: Label, t: &Text) -> &mut Item {
        for (code, text, zh) in [("zh", &t.zh, true), ("en", &t.en, false)] {
            self.put(
                Key {
                    id: format!("{id}.{code}"),
                    label: Label::In(Box::new(label.clone()), zh),
                },
                Shown::text(text.as_deref().unwrap_or("")),
            );
        }
        self
    }

    /// The key holding the item's name in `lang` (`label.zh`, a programme's `title.en`), if
    /// it has one that is not empty.
    fn name_key(&self, lang: Lang) -> Option<(&Key, &str)> {
        let code = match lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        };
        ["label", "name", "title"].iter().find_map(|base| {
            let id = format!("{base}.{code}");
            self.keys.iter().find_map(|(k, s)| match s {
                Shown::Text(t) if k.id == id && !t.is_empty() => Some((k, t.as_str())),
                _ => None,
            })
        })
    }

    /// How a line names the item: its name first and its id after (`2019年营业收入（revenue_2019）`),
    /// or the id alone when it has no name.
    fn named(&self, lang: Lang) -> String {
        named(&self.id, self.name_key(lang).map(|(_, name)| name), lang)
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

/// A field's type as the policy format names it (`list of money`), and as each language
/// says it.
fn field_kind(kind: &FieldKind) -> Shown {
    Shown::word(field_kind_text(kind), |lang| field_kind_words(kind, lang))
}

pub(crate) fn field_kind_words(kind: &FieldKind, lang: Lang) -> String {
    match kind {
        FieldKind::Text => crate::t!(lang, "diff-type-text"),
        FieldKind::Number => crate::t!(lang, "diff-type-number"),
        FieldKind::Money(_) => crate::t!(lang, "diff-type-money"),
        FieldKind::Percent => crate::t!(lang, "diff-type-percent"),
        FieldKind::Bool => crate::t!(lang, "diff-type-bool"),
        FieldKind::Date => crate::t!(lang, "diff-type-date"),
        FieldKind::DateTime => crate::t!(lang, "diff-type-datetime"),
        FieldKind::Enum => crate::t!(lang, "diff-type-enum"),
        FieldKind::CreditCode => crate::t!(lang, "diff-type-credit_code"),
        FieldKind::List(inner) => {
            crate::t!(lang, "diff-type-list", item = field_kind_words(inner, lang))
        }
        FieldKind::Records => crate::t!(lang, "diff-type-records"),
    }
}

/// A name and its id, as a line of `diff` shows an item or a programme.
pub(crate) fn named(id: &str, name: Option<&str>, lang: Lang) -> String {
    match name {
        Some(name) if !name.is_empty() && name != id => {
            crate::t!(lang, "diff-named", name = name, id = id)
        }
        _ => id.to_string(),
    }
}

pub(crate) fn field_kind_text(kind: &FieldKind) -> String {
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
        (None, Some(v)) => Shown::unwritten(v),
        (Some(w), None) => Shown::text(w),
        (None, None) => Shown::text(""),
    };
    let mut item = Item::new(Kind::Field, &id);
    item.put(key(TYPE), field_kind(&f.kind))
        .maybe(UNIT, &f.unit)
        .words(LABEL, &f.label)
        .words(HELP, &f.help)
        // Not required is the usual case: only `true` is shown.
        .put(key(REQUIRED), Shown::flag(f.required))
        .put(key(MIN), bound(&f.written_min, &f.min))
        .put(key(MAX), bound(&f.written_max, &f.max))
        .text(CITE, &f.cite)
        // Like `required`, only the unusual case is shown.
        .put(key(UNIQUE), Shown::flag(f.unique))
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
                    label: Label::Group(group.clone()),
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
        // The order as the policy format writes it (`score desc`), and as each language says it.
        let order = |lang: Option<Lang>| -> String {
            let keys: Vec<String> = a
                .order
                .iter()
                .map(|o| {
                    let formula = crate::report::one_line(&o.formula.text);
                    match (lang, o.descending) {
                        (None, true) => format!("{formula} desc"),
                        (None, false) => format!("{formula} asc"),
                        (Some(lang), true) => {
                            crate::t!(lang, "diff-order-descending", formula = formula)
                        }
                        (Some(lang), false) => {
                            crate::t!(lang, "diff-order-ascending", formula = formula)
                        }
                    }
                })
                .collect();
            keys.join(match lang {
                Some(Lang::Zh) => "；",
                _ => ", ",
            })
        };
        let mut item = Item::new(Kind::Allocation, "allocation");
        item.put(
            key(ORDER),
            Shown::word(order(None), |lang| order(Some(lang))),
        )
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
            .put(
                key(QUOTA_ROUNDING),
                match q {
                    Some(q) if q.round_up => {
                        Shown::word("ceil", |lang| crate::t!(lang, "diff-rounding-ceil"))
                    }
                    Some(_) => Shown::word("floor", |lang| crate::t!(lang, "diff-rounding-floor")),
                    None => Shown::text(""),
                },
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
            let (text, value, zh, rest) = match t.size {
                Some(size) => (
                    format!("{size} × {amount}"),
                    format!("{size} × {}", plain(t.amount)),
                    format!("{size} × {}", crate::report::money(t.amount, Lang::Zh)),
                    false,
                ),
                None => (
                    amount,
                    plain(t.amount),
                    crate::report::money(t.amount, Lang::Zh),
                    true,
                ),
            };
            item.put(
                Key {
                    id: format!("tiers.{n}"),
                    label: Label::Tier { n, rest },
                },
                Shown::Written { text, value, zh },
            );
            item.words_keyed(format!("tiers.{n}.label"), Label::TierName(n), &t.label);
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
    /// The item as the later year has it, and its keys that differ.
    Changed {
        item: Item,
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
                            item: a.clone(),
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
        .put(key(STATUS), status(&p.status))
        .maybe(SOURCE, &p.source_document);
    item
}

/// A year's status: the three the format documents by their names, any other as written.
fn status(code: &str) -> Shown {
    let code = code.trim();
    match code {
        "draft" => Shown::word(code, |lang| crate::t!(lang, "diff-status-draft")),
        "published" => Shown::word(code, |lang| crate::t!(lang, "diff-status-published")),
        "superseded" => Shown::word(code, |lang| crate::t!(lang, "diff-status-superseded")),
        _ => Shown::text(code),
    }
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

/// One changed key, as one line or, when long, as was/now lines.
fn push_key_change(out: &mut String, indent: &str, c: &KeyChange, lang: Lang) {
    let zh = lang == Lang::Zh;
    let label = c.key.label(lang);
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
            parts.push(crate::t!(lang, "diff-set-added", items = added));
        }
        if !removed.is_empty() {
            parts.push(crate::t!(lang, "diff-set-removed", items = removed));
        }
        let parts = parts.join(if zh { "；" } else { "; " });
        out.push_str(&format!(
            "{indent}{}\n",
            crate::t!(lang, "diff-line", key = label, value = parts)
        ));
        return;
    }
    let (mut old, mut new) = (c.old.display(lang), c.new.display(lang));
    // A value written with a name (`subsidy_cap`, `lpr * 50%`), or the same text computing to
    // another value (a parameter it uses changed), is shown with what it computes to.
    let same_text = old == new;
    for (text, shown) in [(&mut old, &c.old), (&mut new, &c.new)] {
        if let (Shown::Written { text: w, .. }, Some(value)) = (shown, shown.value(lang))
            && !w.is_empty()
            && (same_text || names_something(w))
        {
            *text = crate::t!(
                lang,
                "diff-computes-to",
                text = text.as_str(),
                value = value
            );
        }
    }
    let same_value = c.same_value();
    // Long texts (counted in columns: a Chinese character takes two) get a line each.
    if old.width() + new.width() > 72 {
        let now = if same_value {
            crate::t!(lang, "diff-now-same-value", value = new)
        } else {
            crate::t!(lang, "diff-now", value = new)
        };
        out.push_str(&format!(
            "{indent}{}\n{indent}  {}\n{indent}  {now}\n",
            crate::t!(lang, "diff-change-long", key = label),
            crate::t!(lang, "diff-was", value = old),
        ));
    } else if same_value {
        out.push_str(&format!(
            "{indent}{}\n",
            crate::t!(
                lang,
                "diff-change-same-value",
                key = label,
                old = old,
                new = new
            )
        ));
    } else {
        out.push_str(&format!(
            "{indent}{}\n",
            crate::t!(lang, "diff-change", key = label, old = old, new = new)
        ));
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

/// The line of an item added or removed: its kind, its name and id, and its first key
/// (unless that is the name already shown). Returns the ids of the keys it showed.
fn item_line(sign: char, item: &Item, lang: Lang) -> (String, Vec<String>) {
    let name = item.name_key(lang).map(|(k, _)| k.id.clone());
    let what = item.named(lang);
    let kind = item.kind.name(lang);
    let mut shown: Vec<String> = name.into_iter().collect();
    let line = match item.headline(lang) {
        Some((k, s)) if !s.is_empty() && !shown.contains(&k.id) => {
            shown.push(k.id.clone());
            crate::t!(
                lang,
                "diff-item-head",
                kind = kind,
                item = what,
                value = s.display(lang)
            )
        }
        _ => crate::t!(lang, "diff-item", kind = kind, item = what),
    };
    (format!("    {sign} {line}\n"), shown)
}

/// The changes from `old` to `new`, in words.
pub fn diff(old: &Policy, new: &Policy, lang: Lang) -> String {
    let d = compute(old, new);
    // Which rules were compared, as every command names them: the earlier year first.
    let mut out = crate::report::policy_line(old, lang);
    out.push_str(&crate::report::policy_line(new, lang));
    out.push_str(&format!("{} → {}\n", old.year, new.year));
    for c in &d.own {
        push_key_change(&mut out, "  ", c, lang);
    }
    let programme_named = |p: &Programme| named(&p.id, Some(p.title.get(lang)), lang);
    for p in &d.programmes {
        match p {
            ProgrammeDiff::Removed(p) => out.push_str(&format!(
                "- {}\n",
                crate::t!(
                    lang,
                    "diff-programme-removed",
                    programme = programme_named(p)
                )
            )),
            ProgrammeDiff::Added(p) => out.push_str(&format!(
                "+ {}\n",
                crate::t!(lang, "diff-programme-added", programme = programme_named(p))
            )),
            ProgrammeDiff::Compared {
                programme,
                changes,
                unchanged,
            } => {
                out.push_str(&format!("  {}\n", programme_named(programme)));
                for c in changes {
                    match c {
                        Change::Removed(item) => out.push_str(&item_line('-', item, lang).0),
                        Change::Added(item) => {
                            let (line, shown) = item_line('+', item, lang);
                            out.push_str(&line);
                            for (k, s) in &item.keys {
                                // A default nobody wrote (a bound of 0) is not news.
                                if !shown.contains(&k.id) && !s.is_empty() && !s.is_default() {
                                    out.push_str(&format!(
                                        "        {}\n",
                                        crate::t!(
                                            lang,
                                            "diff-line",
                                            key = k.label(lang),
                                            value = s.display(lang)
                                        )
                                    ));
                                }
                            }
                        }
                        Change::Changed { item, keys } => {
                            out.push_str(&format!(
                                "    ~ {}\n",
                                crate::t!(
                                    lang,
                                    "diff-item",
                                    kind = item.kind.name(lang),
                                    item = item.named(lang)
                                )
                            ));
                            for k in keys {
                                push_key_change(&mut out, "        ", k, lang);
                            }
                        }
                    }
                }
                out.push_str(&format!(
                    "    {}\n",
                    crate::t!(lang, "diff-unchanged", n = *unchanged)
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
                        Change::Changed { item, keys } => {
                            for k in keys {
                                changes.push(key_json(
                                    json!(programme.id),
                                    item.kind.code(),
                                    &item.id,
                                    k,
                                ));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Key names are looked up by a key held in a constant, which the catalogue's own test
    /// cannot see: each is checked here, in both languages.
    #[test]
    fn every_key_has_its_words_in_both_languages() {
        for (_, words) in ALL_KEYS {
            for lang in [Lang::Zh, Lang::En] {
                assert!(crate::i18n::has(lang, words), "{words} in {lang:?}");
            }
        }
    }
}
