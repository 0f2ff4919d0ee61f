//! The policy file format, as serde reads it. Every key is listed here; an unknown key is
//! an error (with a suggestion). Formulas and ids keep their YAML locations and the file
//! they were written in.
//!
//! Every key of an item is optional here, because a later layer (a programme file over a
//! common file, a year over the year it extends) states only what it changes. Which keys an
//! item must have is checked once the layers are merged (`lower`), at the item.

use crate::yaml::Spanned;
use serde::{Deserialize, Deserializer};
use std::cell::Cell;
use std::collections::BTreeMap;

/// The index of a file in the sources a year was read from (`sources::Sources::files`).
pub type FileId = u32;

thread_local! {
    /// The file being deserialized: set by `sources` around each `from_file`, so every
    /// spanned value knows the file it was written in, however the layers are merged later.
    static READING: Cell<FileId> = const { Cell::new(FileId::MAX) };
}

/// Deserializes `file` (index `id` of the sources) with every `S` stamped with `id`.
pub fn read_as<T: serde::de::DeserializeOwned>(
    file: &crate::diag::SourceFile,
    id: FileId,
) -> Result<T, crate::yaml::YamlError> {
    READING.with(|r| r.set(id));
    let result = crate::yaml::from_file(file);
    READING.with(|r| r.set(FileId::MAX));
    result
}

/// A value with the place it was written: its location and its file.
#[derive(Debug, Clone)]
pub struct S<T> {
    pub value: T,
    pub referenced: serde_saphyr::Location,
    pub file: FileId,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for S<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(d)?;
        Ok(S {
            value: spanned.value,
            referenced: spanned.referenced,
            file: READING.with(Cell::get),
        })
    }
}

/// A spanned value is described as the value itself: where it was written is not part of
/// the file format.
impl<T: schemars::JsonSchema> schemars::JsonSchema for S<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// Text in Chinese and English. Either may be missing; the other is then shown.
#[derive(Debug, Deserialize, Clone, Default, schemars::JsonSchema)]
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

    pub fn is_empty(&self) -> bool {
        self.zh.is_none() && self.en.is_none()
    }
}

/// A list of plain values that a later layer replaces whole when it states it; it reads as
/// a (possibly empty) list. Absent and `[]` differ: `[]` empties it.
#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Listed<T>(pub Option<Vec<T>>);

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed(None)
    }
}

impl<T> std::ops::Deref for Listed<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0.as_deref().unwrap_or(&[])
    }
}

impl<'a, T> IntoIterator for &'a Listed<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// `policies/<year>/policy.yaml`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
    /// Files (relative to the year folder) that are the lowest layers of every programme.
    #[serde(default)]
    pub common: Vec<S<String>>,
    /// Programme files, relative to the year folder.
    #[serde(default)]
    pub programmes: Vec<S<String>>,
    /// Programmes inherited from the extended year that this year drops.
    #[serde(default)]
    pub remove_programmes: Vec<S<String>>,
}

/// A programme file, or a common file (the same keys; no `id`).
#[derive(Debug, Deserialize, Default, Clone, schemars::JsonSchema)]
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
    pub scores: Option<S<Scores>>,
    #[serde(default)]
    pub award: Option<S<Award>>,
    #[serde(default)]
    pub allocation: Option<S<Allocation>>,
    #[serde(default)]
    pub flags: Vec<Flag>,
    #[serde(default)]
    pub documents: Vec<Document>,
    /// How batch summaries break the results down (by region, by district).
    #[serde(default)]
    pub summary_by: Vec<SummaryGroup>,
    /// Inherited items to drop: an id (`usage`), an id with its list when two lists have it
    /// (`params.deadline`), or a part (`scores`, `award`, `allocation`).
    #[serde(default)]
    pub remove: Vec<S<String>>,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: S<String>,
    #[serde(rename = "type", default)]
    pub ty: Option<S<String>>,
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
    /// Inherited enum values or item fields to drop, by id.
    #[serde(default)]
    pub remove: Vec<S<String>>,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub id: S<String>,
    #[serde(default)]
    pub zh: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
    #[serde(default)]
    pub aliases: Listed<String>,
}

/// A validation check on the input: a record failing it is invalid.
#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub id: S<String>,
    #[serde(default)]
    pub when: Option<S<String>>,
    /// The field the error is reported against.
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub message: Text,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub id: S<String>,
    /// A constant formula: `3亿元`, `50%`, `2020-06-30`, `lpr * 50%`.
    #[serde(default)]
    pub value: Option<S<String>>,
    #[serde(default)]
    pub label: Text,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub interpretation: Option<String>,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub id: S<String>,
    #[serde(default)]
    pub label: Text,
    #[serde(default)]
    pub cite: Option<S<String>>,
    /// Where the table comes from, when it is not a clause of the notice.
    #[serde(default)]
    pub source: Option<String>,
    /// value → the keys that map to it (`north: [a, b, …]`); a later layer replaces a
    /// group it states and keeps the others.
    #[serde(default)]
    pub groups: BTreeMap<String, Vec<S<String>>>,
    /// Inherited groups to drop, by value.
    #[serde(default)]
    pub remove: Vec<S<String>>,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: S<String>,
    #[serde(default)]
    pub when: Option<S<String>>,
    #[serde(default)]
    pub message: Text,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub interpretation: Option<String>,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Computed {
    pub id: S<String>,
    #[serde(default)]
    pub formula: Option<S<String>>,
    #[serde(default)]
    pub label: Text,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub interpretation: Option<String>,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scores {
    #[serde(default)]
    pub items: Vec<ScoreItem>,
    /// Decimal places of the total, rounded half up.
    #[serde(default)]
    pub round: Option<S<u32>>,
    #[serde(default)]
    pub max_score: Option<S<String>>,
    #[serde(default)]
    pub cite: Option<S<String>>,
    /// Inherited score items to drop, by id.
    #[serde(default)]
    pub remove: Vec<S<String>>,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreItem {
    pub id: S<String>,
    #[serde(default)]
    pub formula: Option<S<String>>,
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

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Award {
    #[serde(default)]
    pub formula: Option<S<String>>,
    #[serde(default)]
    pub cap: Option<S<String>>,
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

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    /// Sort keys, first decides: formulas with a direction. One ranking: a later layer
    /// that states it replaces it whole.
    #[serde(default)]
    pub order: Listed<OrderKey>,
    /// How many awards at most (a constant formula).
    #[serde(default)]
    pub awards: Option<S<String>>,
    #[serde(default)]
    pub quota: Option<S<Quota>>,
    #[serde(default)]
    pub tiers: Vec<Tier>,
    #[serde(default)]
    pub demotion: Option<S<Demotion>>,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub interpretation: Option<String>,
    /// Inherited tiers to drop by id, or `quota` / `demotion`.
    #[serde(default)]
    pub remove: Vec<S<String>>,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderKey {
    pub by: S<String>,
    /// `desc` or `asc`.
    pub direction: S<String>,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// Which records count towards the quota (a condition).
    #[serde(default)]
    pub counts: Option<S<String>>,
    /// The minimum share of the awards, a constant formula (`1 / 3`).
    #[serde(default)]
    pub share: Option<S<String>>,
    /// `ceil` or `floor` of share × awards.
    #[serde(default)]
    pub rounding: Option<S<String>>,
    #[serde(default)]
    pub flag: Option<S<String>>,
    #[serde(default)]
    pub cite: Option<S<String>>,
    #[serde(default)]
    pub interpretation: Option<String>,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// A tier's id is its position in its file's list (`1`, `2`, …) unless written.
    #[serde(default)]
    pub id: Option<S<String>>,
    /// How many awardees this tier takes; the last tier may omit it (the rest).
    #[serde(default)]
    pub size: Option<S<String>>,
    #[serde(default)]
    pub amount: Option<S<String>>,
    #[serde(default)]
    pub label: Text,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Demotion {
    /// A condition: an awardee meeting it moves down one tier (its place is not re-given).
    #[serde(default)]
    pub when: Option<S<String>>,
    #[serde(default)]
    pub flag: Option<S<String>>,
    #[serde(default)]
    pub cite: Option<S<String>>,
}

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
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

#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: S<String>,
    #[serde(default)]
    pub label: Text,
    /// A condition: the document is required only when it holds.
    #[serde(default)]
    pub when: Option<S<String>>,
    #[serde(default)]
    pub cite: Option<S<String>>,
}

/// One breakdown of a batch summary: a formula giving each record its group.
#[derive(Debug, Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryGroup {
    pub id: S<String>,
    #[serde(default)]
    pub formula: Option<S<String>>,
    #[serde(default)]
    pub label: Text,
}
