//! Policy folders, as a pipeline of stages, one module each:
//! 1. `sources`: every file of a year and of the years it extends, read and parsed once;
//! 2. `layers`: each programme's layers (common files, then programme files, year by year)
//!    merged by id, key by key;
//! 3. `lower`: the merged programme typed and compiled — every formula parsed, checked and
//!    compiled once, the bounds proofs (`bounds`) on the merged programme;
//! 4. `lint`: warnings about what is valid but probably not meant.
//!
//! All problems are collected, not just the first.

pub mod bounds;
pub mod exact;
pub mod layers;
pub mod lint;
pub mod lower;
pub mod model;
pub mod sources;

use crate::Lang;
use crate::diag::Code;
use crate::diag::{FormulaOrigin, Report, SourceFile, Span};
use crate::formula::{self, Node};
use crate::value::{Type, Value};
use model::{FileId, Text};
use rust_decimal::Decimal;
use std::sync::Arc;

pub use layers::{Change, Inheritance, What};
pub use lower::referenced_names;
pub use sources::{Source, SourceError, SourceErrorKind, digest};

/// A problem found in a policy file: the one diagnostic type, and the file its span is in
/// when the problem was found after the files were merged.
#[derive(Debug, Clone)]
pub struct PolicyProblem {
    pub diagnostic: crate::diag::Diagnostic,
    pub file: Option<FileId>,
}

/// A place in one of the files a year was read from.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub file: FileId,
    pub span: Span,
}

/// The kind of value a field holds, and how its text is read.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldKind {
    Text,
    Number,
    /// Money; bare numbers are in this many yuan (1 for 元, 10000 for 万元).
    Money(Decimal),
    Percent,
    Bool,
    Date,
    DateTime,
    Enum,
    CreditCode,
    /// A list of plain values of the inner kind.
    List(Box<FieldKind>),
    /// A list of records with item fields.
    Records,
}

#[derive(Clone, Debug)]
pub struct FieldSpec {
    pub id: String,
    pub kind: FieldKind,
    pub ty: Type,
    pub label: Text,
    pub help: Text,
    pub unit: Option<String>,
    pub required: bool,
    pub values: Vec<model::EnumValue>,
    pub items: Vec<FieldSpec>,
    pub min: Option<Value>,
    pub max: Option<Value>,
    /// The bounds and citation as the policy writes them, for `diff`.
    pub written_min: Option<String>,
    pub written_max: Option<String>,
    pub cite: String,
    /// Every spelling of an enum value (id, aliases, Chinese name) → the id, shared.
    pub spellings: crate::fasthash::PolicyTexts<Arc<str>>,
    /// The ids of the enum values, in the policy's order: the very `Arc`s records hold for
    /// them (a million records share one copy of each).
    pub ids: Vec<Arc<str>>,
    /// The addresses of `ids`' text, sorted: a record's value is one of them exactly when
    /// it is that id's shared `Arc` (they live as long as this spec).
    id_addresses: Vec<usize>,
    /// `unique: true`: a value may be given by one record of a batch only.
    pub unique: bool,
    /// `open: true`: the flag a value outside `values` raises (the value is kept as written).
    pub open_flag: Option<String>,
    pub interpretation: Option<String>,
}

impl FieldSpec {
    /// The canonical enum id for a value or one of its aliases.
    pub fn enum_id(&self, text: &str) -> Option<&Arc<str>> {
        self.spellings.get(crate::input::text::trimmed(text))
    }

    /// Whether `text` is one of the listed values. Records hold a listed value as its id's
    /// shared `Arc`, found by its address among the ids' (a binary search of a few words);
    /// text made elsewhere is looked up among the spellings.
    pub fn is_listed(&self, text: &Arc<str>) -> bool {
        let address = Arc::as_ptr(text).cast::<u8>() as usize;
        self.id_addresses.binary_search(&address).is_ok() || self.spellings.contains_key(text)
    }
}

/// A compiled formula with what explains it.
#[derive(Clone, Debug)]
pub struct Formula {
    pub text: String,
    /// The typed form every evaluation runs.
    pub ir: Node,
    pub origin: FormulaOrigin,
    /// The names the formula reads, for explanations.
    pub names: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct RuleSpec {
    pub id: String,
    pub formula: Formula,
    pub message: Text,
    pub cite: String,
    pub interpretation: Option<String>,
    pub field: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ValueSpec {
    pub id: String,
    pub formula: Formula,
    pub label: Text,
    pub cite: String,
    pub interpretation: Option<String>,
    /// For score items: the cap.
    pub cap: Option<Decimal>,
    pub ty: Type,
    /// Whether this is a score item (its capped value counts towards the total).
    pub is_item: bool,
}

#[derive(Clone, Debug)]
pub struct ScoreSpec {
    /// Indexes into `Programme::values` of the score items.
    pub items: Vec<usize>,
    pub round: u32,
    pub max_score: Decimal,
    /// The slot of the total in the computed values.
    pub total_slot: usize,
    pub proven_max: Option<Decimal>,
}

#[derive(Clone, Debug)]
pub struct AwardSpec {
    pub formula: Formula,
    pub cap: Decimal,
    /// The cap as the policy writes it (`subsidy_cap`, `100万元`), for `diff`.
    pub written_cap: String,
    /// The largest award the formula can give, proven from the field ranges.
    pub proven_max: Option<Decimal>,
    pub round: u32,
    pub cite: String,
    pub interpretation: Option<String>,
}

#[derive(Clone, Debug)]
pub struct OrderSpec {
    pub formula: Formula,
    pub descending: bool,
}

/// A quota's share as an exact fraction `num / den` (`0 <= num <= den <= 10^18`), so the
/// number it asks for is computed in integers: `ceil(3 × 2/3)` is 2, where the decimal
/// 0.6666…67 would give 3.
#[derive(Clone, Copy, Debug)]
pub struct Fraction {
    num: u128,
    den: u128,
}

impl Fraction {
    /// The share, if it is from 0 to 1 with a denominator up to 10^18.
    pub fn new(r: exact::Ratio) -> Option<Fraction> {
        let (num, den) = (u128::try_from(r.num).ok()?, u128::try_from(r.den).ok()?);
        (num <= den && den <= 10u128.pow(18)).then_some(Fraction { num, den })
    }

    /// The share of `n`, rounded up or down. `n × num` is below 2^64 × 10^18 < 2^128, and
    /// the result is at most `n`, so neither step can overflow or truncate.
    pub fn of(self, n: usize, round_up: bool) -> usize {
        let product = n as u128 * self.num;
        let need = if round_up {
            product.div_ceil(self.den)
        } else {
            product / self.den
        };
        need.min(n as u128) as usize
    }
}

#[derive(Clone, Debug)]
pub struct QuotaSpec {
    pub counts: Formula,
    /// The share rounded to a decimal, for showing it; [`QuotaSpec::fraction`] decides.
    pub share: Decimal,
    pub fraction: Fraction,
    /// The share as the policy writes it (`1 / 3`), for `diff`.
    pub written_share: String,
    pub round_up: bool,
    pub flag: String,
    pub cite: String,
    pub interpretation: Option<String>,
}

#[derive(Clone, Debug)]
pub struct TierSpec {
    pub size: Option<usize>,
    pub amount: Decimal,
    /// The amount as the policy writes it (`20万元`), for `diff`.
    pub written_amount: String,
    pub label: Text,
}

#[derive(Clone, Debug)]
pub struct AllocationSpec {
    pub order: Vec<OrderSpec>,
    pub awards: usize,
    pub quota: Option<QuotaSpec>,
    pub tiers: Vec<TierSpec>,
    pub demotion: Option<(Formula, String)>,
    pub demotion_cite: String,
    pub cite: String,
    pub interpretation: Option<String>,
}

/// A breakdown of batch summaries: each record's group is the formula's value.
#[derive(Clone, Debug)]
pub struct GroupSpec {
    pub id: String,
    pub label: Text,
    pub formula: Formula,
}

#[derive(Clone, Debug)]
pub struct DocumentSpec {
    pub id: String,
    pub label: Text,
    pub when: Option<Formula>,
    pub cite: String,
}

/// What a parameter says besides its value, as the policy writes it.
#[derive(Clone, Debug)]
pub struct ParamNotes {
    /// The value as written (`100万元`, `1 / 3`, `lpr * 50%`).
    pub written: String,
    pub interpretation: Option<String>,
}

/// One programme, checked and compiled.
#[derive(Clone, Debug)]
pub struct Programme {
    pub id: String,
    pub title: Text,
    pub cite: String,
    /// The document the programme is drawn from (`source:`), for `diff`.
    pub source: Option<String>,
    pub fields: Vec<FieldSpec>,
    /// id, value, label, cite, and what `diff` shows besides.
    pub params: Vec<(String, Value, Text, String, ParamNotes)>,
    pub table_names: Vec<String>,
    pub table_values: Vec<formula::Table>,
    /// Each table's label, citation and source, beside `table_names`.
    pub table_notes: Vec<(Text, String, Option<String>)>,
    pub checks: Vec<RuleSpec>,
    pub rules: Vec<RuleSpec>,
    /// Computed values then score items then the total, in evaluation order; the index
    /// is the slot.
    pub values: Vec<ValueSpec>,
    pub scores: Option<ScoreSpec>,
    pub award: Option<AwardSpec>,
    pub allocation: Option<AllocationSpec>,
    pub flags: Vec<RuleSpec>,
    pub documents: Vec<DocumentSpec>,
    pub summary_by: Vec<GroupSpec>,
    /// The slots of the `unique` fields, and of the open enum fields with their flag.
    pub unique_slots: Vec<usize>,
    pub open_slots: Vec<(usize, String)>,
    /// The slots of the fields the engine gives a meaning: `id` and `documents`.
    pub id_slot: Option<usize>,
    pub documents_slot: Option<usize>,
    pub file: SourceFile,
}

impl Programme {
    pub fn field_slot(&self, id: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }
}

/// A policy year.
#[derive(Clone, Debug)]
pub struct Policy {
    pub year: u32,
    pub title: Text,
    /// The document the year is drawn from (`policy.yaml`'s `source:`), for `diff`.
    pub source_document: Option<String>,
    pub status: String,
    pub programmes: Vec<Programme>,
    /// Where the rules were read: `builtin`, or the policies folder as given.
    pub source: String,
    /// `sha256:` and the hex SHA-256 of the year's files and those of every year it extends
    /// (see [`digest`]): the same rules give the same digest on any machine.
    pub digest: String,
}

impl Policy {
    /// The year's status in words of `lang` (`已发布`, `draft`…); a status the catalogue has
    /// no word for is shown as written.
    pub fn status_words(&self, lang: crate::Lang) -> String {
        match self.status.as_str() {
            "draft" => crate::t!(lang, "diff-status-draft"),
            "published" => crate::t!(lang, "diff-status-published"),
            "superseded" => crate::t!(lang, "diff-status-superseded"),
            other => other.to_string(),
        }
    }

    pub fn programme(&self, id: &str) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.id == id)
    }
}

/// Every problem found while loading a year, ready to print.
pub type Reports = Vec<Report>;

/// The named values a problem's words take: `words!(name = value, …)`.
macro_rules! words {
    ($($name:ident = $value:expr),* $(,)?) => {
        &[$((stringify!($name), $crate::i18n::Arg::from($value))),*]
    };
}
pub(crate) use words;

/// A problem whose message and help are the catalogue's words for `code` (its key and
/// `.help`), so each code declares its words once, in `locales/*/policy.ftl` or `lint.ftl`.
fn problem(
    code: Code,
    args: &[(&str, crate::i18n::Arg<'_>)],
    place: Option<Place>,
) -> PolicyProblem {
    PolicyProblem {
        diagnostic: problem_at(code, args, place.map(|p| p.span)),
        file: place.map(|p| p.file),
    }
}

/// A problem at a span of a file the caller names.
fn problem_at(
    code: Code,
    args: &[(&str, crate::i18n::Arg<'_>)],
    span: Option<Span>,
) -> crate::diag::Diagnostic {
    use crate::formula::words::Words;
    let lang = Lang::for_messages();
    let key = code.key();
    let mut diagnostic =
        crate::diag::Diagnostic::new(code, Words::worded(crate::i18n::text(lang, &key, args)))
            .help_by(Words::worded(crate::i18n::text(
                lang,
                &format!("{key}.help"),
                args,
            )));
    if let Some(span) = span {
        diagnostic = diagnostic.label(span, Words::new("here"));
    }
    diagnostic
}

/// An item as a diagnostic names it: its label in the language of diagnostics and its id
/// (`2019年营业收入（revenue_2019）`), or the id alone when the policy gives no such label.
fn named(label: &Text, id: &str) -> String {
    let lang = Lang::for_messages();
    let label = match lang {
        Lang::Zh => label.zh.as_deref(),
        Lang::En => label.en.as_deref(),
    };
    match label.map(str::trim).filter(|l| !l.is_empty()) {
        Some(label) => crate::t!(lang, "policy-named", label = label, id = id),
        None => format!("`{id}`"),
    }
}

/// One item of a kind (`kind` as `policy-item` knows it: `rule`, `field`, …), named.
fn item(kind: &str, label: &Text, id: &str) -> String {
    crate::msg!("policy-item", kind = kind, name = named(label, id))
}

/// A loaded year with what `check` shows besides it.
pub struct Checked {
    pub policy: Policy,
    /// Valid but probably not meant (`lint`); they do not stop the policy from loading.
    pub warnings: Reports,
    /// For a year that extends another: what each programme inherits, changes, adds and
    /// removes.
    pub inheritance: Vec<Inheritance>,
    /// Programmes of the extended year this year drops (`remove_programmes`).
    pub removed_programmes: Vec<String>,
}

/// Loads and compiles a policy year, reporting every problem.
pub fn load(source: &Source, year: u32) -> Result<Policy, Reports> {
    check(source, year).map(|c| c.policy)
}

/// [`load`], with the warnings and the inheritance summary `fundpolicy check` prints.
pub fn check(source: &Source, year: u32) -> Result<Checked, Reports> {
    let mut reports = Vec::new();
    let mut warnings = Vec::new();
    let mut checked = sources::read(source, year, &mut reports).and_then(|sources| {
        let layered = layers::merge(&sources, &mut reports, &mut warnings);
        let mut programmes = Vec::new();
        let mut inheritance = Vec::new();
        for l in layered {
            if let Some(p) = lower::programme(&sources, &l, &mut reports, &mut warnings) {
                programmes.push(p);
            }
            inheritance.extend(l.inheritance);
        }
        warnings.extend(lint::texts(&sources));
        warnings.extend(lint::unlisted(source, &sources));
        let manifest = &sources.years.last()?.manifest;
        let removed_programmes = manifest
            .remove_programmes
            .iter()
            .map(|r| r.value.clone())
            .collect();
        Some(Checked {
            removed_programmes,
            policy: Policy {
                year: manifest.year.value,
                title: manifest.title.clone(),
                source_document: manifest.source.clone(),
                status: manifest.status.value.clone(),
                programmes,
                source: source.label(),
                digest: sources.digest(),
            },
            warnings,
            inheritance,
        })
    });
    // A common file is a layer of every programme: what is wrong in it is found once per
    // programme, and said once.
    if let Some(c) = &mut checked {
        once_each(&mut c.warnings);
    }
    once_each(&mut reports);
    match checked {
        Some(c) if reports.is_empty() => Ok(c),
        _ => {
            if reports.is_empty() {
                reports.push(Report::new(
                    &problem_at(Code::PolicyUnusable, words!(year = year.to_string()), None),
                    None,
                ));
            }
            Err(reports)
        }
    }
}

/// Drops repeated reports (same code, message and place), keeping the first.
fn once_each(reports: &mut Reports) {
    let mut seen = std::collections::HashSet::new();
    reports.retain(|r| seen.insert((r.code, r.message.clone(), r.location())));
}

/// A short line per programme, for `fundpolicy list`.
pub fn describe(p: &Programme, lang: Lang) -> String {
    format!("{:<22} {}", p.id, p.title.get(lang))
}
