//! The policy file format, as serde reads it. Every key is listed here; an unknown key is
//! an error (with a suggestion). Formulas and ids keep their YAML locations.

use crate::yaml::Spanned;
use serde::Deserialize;
use std::collections::BTreeMap;

pub type S<T> = Spanned<T>;

/// Text in Chinese and English. Either may be missing; the other is then shown.
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub zh: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

impl Text {
    pub fn get(&self, lang: crate::Lang) -> &str {
        let (first, second) = match lang {
            crate::Lang::Zh => (&self.zh, &self.en),
            crate::Lang::En => (&self.en, &self.zh),
        };
        first.as_deref().or(second.as_deref()).unwrap_or("")
    }
}

/// `policies/<year>/policy.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub year: S<u32>,
    pub title: Text,
    #[serde(default)]
    pub source: Option<String>,
    /// draft | published | superseded
    pub status: S<String>,
    /// Another year folder this one starts from.
    #[serde(default)]
    pub extends: Option<S<u32>>,
    /// Files (relative to the year folder) whose fields, params and tables every programme
    /// shares.
    #[serde(default)]
    pub common: Vec<S<String>>,
    /// Programme files, relative to the year folder.
    #[serde(default)]
    pub programmes: Vec<S<String>>,
    /// Programmes inherited from the extended year that this year drops.
    #[serde(default)]
    pub remove_programmes: Vec<S<String>>,
}

/// A programme file, or a common file (whose fields, params, tables, eligibility rules,
/// checks, flags and documents every programme of the year shares).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeFile {
    #[serde(default)]
    pub id: Option<S<String>>,
    #[serde(default)]
    pub title: Text,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub checks: Vec<Check>,
    #[serde(default)]
    pub params: Vec<Param>,
    #[serde(default)]
    pub tables: Vec<TableDef>,
    #[serde(default)]
    pub eligibility: Vec<Rule>,
    #[serde(default)]
    pub computed: Vec<Computed>,
    #[serde(default)]
    pub scores: Option<Scores>,
    #[serde(default)]
    pub award: Option<Award>,
    #[serde(default)]
    pub allocation: Option<Allocation>,
    #[serde(default)]
    pub flags: Vec<Flag>,
    #[serde(default)]
    pub documents: Vec<Document>,
    /// How batch summaries break the results down (by region, by district).
    #[serde(default)]
    pub summary_by: Vec<SummaryGroup>,
    /// In a later year's file: ids of inherited items to drop.
    #[serde(default)]
    pub remove: Vec<S<String>>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: S<String>,
    #[serde(rename = "type")]
    pub ty: S<String>,
    #[serde(default)]
    pub unit: Option<S<String>>,
    #[serde(default)]
    pub label: Text,
    #[serde(default)]
    pub help: Text,
    /// Whether a record must give it; by default only `id`-like fields marked so are.
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    pub values: Vec<EnumValue>,
    /// For `type: list`: the item type (`enum`, `text`, `number`, …) when items are plain.
    #[serde(default)]
    pub of: Option<S<String>>,
    /// For `type: list`: the fields of each item when items are records.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Lowest and highest allowed value, as formulas (`0`, `0元`, `100%`).
    #[serde(default)]
    pub min: Option<S<String>>,
    #[serde(default)]
    pub max: Option<S<String>>,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub interpretation: Option<String>,
    /// Within a batch, a value may be given by one record only (one application per
    /// enterprise): later records with the same value are invalid.
    #[serde(default)]
    pub unique: Option<S<bool>>,
    /// An enum (or list of enum) whose list is partial: a value outside it is accepted as
    /// written and raises the field's `flag`.
    #[serde(default)]
    pub open: Option<S<bool>>,
    /// With `open: true`: the id of the flag (declared under `flags:`) a record gets when it
    /// gives a value outside the list.
    #[serde(default)]
    pub flag: Option<S<String>>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub id: S<String>,
    #[serde(default)]
    pub zh: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A validation check on the input: a record failing it is invalid.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub id: S<String>,
    pub when: S<String>,
    /// The field the error is reported against.
    #[serde(default)]
    pub field: Option<String>,
    pub message: Text,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub id: S<String>,
    /// A constant formula: `3亿元`, `50%`, `2020-06-30`, `lpr * 50%`.
    pub value: S<String>,
    #[serde(default)]
    pub label: Text,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub interpretation: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub id: S<String>,
    #[serde(default)]
    pub label: Text,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub source: Option<String>,
    /// value → the keys that map to it (`north: [a, b, …]`).
    pub groups: BTreeMap<String, Vec<S<String>>>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: S<String>,
    pub when: S<String>,
    pub message: Text,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub interpretation: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Computed {
    pub id: S<String>,
    pub formula: S<String>,
    #[serde(default)]
    pub label: Text,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub interpretation: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Scores {
    pub items: Vec<ScoreItem>,
    /// Decimal places of the total, rounded half up.
    pub round: S<u32>,
    pub max_score: S<String>,
    #[serde(default)]
    pub cite: Option<S<String>>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ScoreItem {
    pub id: S<String>,
    pub formula: S<String>,
    /// The most the item may give; `check` proves the total from these.
    #[serde(default)]
    pub cap: Option<S<String>>,
    #[serde(default)]
    pub label: Text,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub interpretation: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Award {
    pub formula: S<String>,
    pub cap: S<String>,
    /// Decimal places of the amount in yuan, rounded half up (2 when not given).
    #[serde(default)]
    pub round: Option<S<u32>>,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub interpretation: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    /// Sort keys, first decides: formulas with a direction.
    pub order: Vec<OrderKey>,
    /// How many awards at most (a constant formula).
    pub awards: S<String>,
    #[serde(default)]
    pub quota: Option<Quota>,
    pub tiers: Vec<Tier>,
    #[serde(default)]
    pub demotion: Option<Demotion>,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub interpretation: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct OrderKey {
    pub by: S<String>,
    /// `desc` or `asc`.
    pub direction: S<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// Which records count towards the quota (a condition).
    pub counts: S<String>,
    /// The minimum share of the awards, a constant formula (`1 / 3`).
    pub share: S<String>,
    /// `ceil` or `floor` of share × awards.
    pub rounding: S<String>,
    pub flag: String,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub interpretation: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// How many awardees this tier takes; the last tier may omit it (the rest).
    #[serde(default)]
    pub size: Option<S<String>>,
    pub amount: S<String>,
    #[serde(default)]
    pub label: Text,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Demotion {
    /// A condition: an awardee meeting it moves down one tier (its place is not re-given).
    pub when: S<String>,
    pub flag: String,
    #[serde(default)]
    pub cite: Option<S<String>>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    pub id: S<String>,
    /// A condition raising the flag; without one, the flag is raised only by the open
    /// fields that name it (`open: true, flag: …`).
    #[serde(default)]
    pub when: Option<S<String>>,
    #[serde(default)]
    pub message: Text,
    #[serde(default)]
    pub cite: Option<S<String>>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: S<String>,
    pub label: Text,
    /// A condition: the document is required only when it holds.
    #[serde(default)]
    pub when: Option<S<String>>,
    #[serde(default)]
    pub cite: Option<S<String>>,
}

/// One breakdown of a batch summary: a formula giving each record its group.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SummaryGroup {
    pub id: S<String>,
    pub formula: S<String>,
    #[serde(default)]
    pub label: Text,
}
