//! Policy folders: loading the YAML (through `crate::yaml`), checking every formula against
//! the programme's fields, params and tables, and compiling each programme for evaluation.
//! All problems are collected, not just the first.

pub mod bounds;
mod field_keys;
pub mod model;

use crate::Lang;
use crate::diag::{FormulaOrigin, Report, SourceFile, Span, did_you_mean};
use crate::formula::{self, Binding, Code, Env, Expr, Scope, Target};
use crate::value::{RecordType, Type, Value};
use model::{ProgrammeFile, S, Text};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A problem found in a policy file, as a printable report.
#[derive(Debug, Clone)]
pub struct PolicyProblem {
    pub code: &'static str,
    pub message: String,
    pub help: String,
    pub span: Option<Span>,
}

impl crate::diag::Problem for PolicyProblem {
    fn code(&self) -> &'static str {
        self.code
    }
    fn message(&self) -> String {
        self.message.clone()
    }
    fn help(&self) -> Option<String> {
        Some(self.help.clone())
    }
    fn labels(&self) -> Vec<(Span, String)> {
        self.span
            .map(|s| vec![(s, "here".into())])
            .unwrap_or_default()
    }
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
    /// Every spelling of an enum value (id, aliases, Chinese name) → the id, shared.
    pub spellings: crate::fasthash::PolicyMap<String, Arc<str>>,
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
}

/// A compiled formula with what explains it.
#[derive(Clone, Debug)]
pub struct Formula {
    pub text: String,
    pub code: Code,
    /// The same code typed for batch evaluation.
    pub fast: formula::fast::Fast,
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

#[derive(Clone, Debug)]
pub struct QuotaSpec {
    pub counts: Formula,
    pub share: Decimal,
    pub round_up: bool,
    pub flag: String,
    pub cite: String,
}

#[derive(Clone, Debug)]
pub struct TierSpec {
    pub size: Option<usize>,
    pub amount: Decimal,
    pub label: Text,
}

#[derive(Clone, Debug)]
pub struct AllocationSpec {
    pub order: Vec<OrderSpec>,
    pub awards: usize,
    pub quota: Option<QuotaSpec>,
    pub tiers: Vec<TierSpec>,
    pub demotion: Option<(Formula, String)>,
    pub cite: String,
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
}

/// One programme, checked and compiled.
#[derive(Clone, Debug)]
pub struct Programme {
    pub id: String,
    pub title: Text,
    pub cite: String,
    pub fields: Vec<FieldSpec>,
    pub params: Vec<(String, Value, Text, String)>,
    pub table_names: Vec<String>,
    pub table_values: Vec<formula::Table>,
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
    pub status: String,
    pub programmes: Vec<Programme>,
    /// Where the rules were read: `builtin`, or the policies folder as given.
    pub source: String,
    /// `sha256:` and the hex SHA-256 of the year's files and those of every year it extends
    /// (see [`digest`]): the same rules give the same digest on any machine.
    pub digest: String,
}

impl Policy {
    pub fn programme(&self, id: &str) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.id == id)
    }
}

/// Where policies are read from: a folder, or the copy built into the binary.
#[derive(Clone, Debug)]
pub enum Source {
    Dir(PathBuf),
    Builtin,
}

include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));

impl Source {
    /// `--policies DIR`, else `./policies` when present, else the built-in copy. A folder
    /// that was asked for and does not exist, is not a folder or holds no policy year is an
    /// error naming it: checking staff's rules against other rules without a word would be
    /// a silent wrong answer.
    pub fn choose(dir: Option<&Path>) -> Result<Source, SourceError> {
        match dir {
            Some(d) => {
                let meta = std::fs::metadata(d).map_err(|e| SourceError {
                    path: d.to_path_buf(),
                    reason: SourceErrorKind::Missing(e.to_string()),
                })?;
                if !meta.is_dir() {
                    return Err(SourceError {
                        path: d.to_path_buf(),
                        reason: SourceErrorKind::NotAFolder,
                    });
                }
                let source = Source::Dir(d.to_path_buf());
                if source.years().is_empty() {
                    return Err(SourceError {
                        path: d.to_path_buf(),
                        reason: SourceErrorKind::NoYear,
                    });
                }
                Ok(source)
            }
            None if Path::new("policies").is_dir() => Ok(Source::Dir(PathBuf::from("policies"))),
            None => Ok(Source::Builtin),
        }
    }

    /// `builtin`, or the folder as it was given.
    pub fn label(&self) -> String {
        match self {
            Source::Dir(root) => root.display().to_string(),
            Source::Builtin => "builtin".to_string(),
        }
    }

    /// The `.yaml` files directly inside folder `rel` of the policies, sorted.
    pub fn list(&self, rel: &str) -> Vec<String> {
        let mut names: Vec<String> = match self {
            Source::Dir(root) => std::fs::read_dir(root.join(rel))
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .filter_map(|e| e.file_name().to_str().map(String::from))
                        .filter(|n| n.ends_with(".yaml"))
                        .map(|n| format!("{rel}/{n}"))
                        .collect()
                })
                .unwrap_or_default(),
            Source::Builtin => BUILTIN_POLICIES
                .iter()
                .map(|(n, _)| (*n).to_string())
                .filter(|n| {
                    n.strip_prefix(&format!("{rel}/"))
                        .is_some_and(|rest| !rest.contains('/'))
                })
                .collect(),
        };
        names.sort();
        names
    }

    /// Reads `rel` (a path inside the policies folder, with `/`).
    pub fn read(&self, rel: &str) -> Result<SourceFile, String> {
        if rel.split('/').any(|part| part == ".." || part.is_empty()) || rel.starts_with('/') {
            return Err(format!("`{rel}` leaves the policies folder"));
        }
        match self {
            Source::Dir(root) => {
                let path = root.join(rel);
                let meta = std::fs::metadata(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                if !meta.is_file() {
                    return Err(format!("{} is not a file", path.display()));
                }
                if meta.len() > crate::yaml::MAX_YAML_BYTES as u64 {
                    return Err(format!("{} is too large for a policy file", path.display()));
                }
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                Ok(SourceFile::new(path.display().to_string(), text))
            }
            Source::Builtin => BUILTIN_POLICIES
                .iter()
                .find(|(name, _)| *name == rel)
                .map(|(name, text)| SourceFile::new(format!("policies/{name}"), *text))
                .ok_or_else(|| format!("no built-in policy file {rel}")),
        }
    }

    /// The policy years present.
    pub fn years(&self) -> Vec<u32> {
        let mut years: Vec<u32> = match self {
            Source::Dir(root) => std::fs::read_dir(root)
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .filter(|e| e.path().join("policy.yaml").is_file())
                        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
                        .collect()
                })
                .unwrap_or_default(),
            Source::Builtin => BUILTIN_POLICIES
                .iter()
                .filter_map(|(n, _)| n.strip_suffix("/policy.yaml").and_then(|y| y.parse().ok()))
                .collect(),
        };
        years.sort_unstable();
        years
    }
}

/// Why `--policies DIR` cannot be used.
#[derive(Debug)]
pub struct SourceError {
    pub path: PathBuf,
    pub reason: SourceErrorKind,
}

#[derive(Debug)]
pub enum SourceErrorKind {
    Missing(String),
    NotAFolder,
    NoYear,
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display();
        match &self.reason {
            SourceErrorKind::Missing(e) => {
                write!(f, "the policies folder {path} cannot be used: {e}")
            }
            SourceErrorKind::NotAFolder => write!(f, "the policies folder {path} is not a folder"),
            SourceErrorKind::NoYear => write!(
                f,
                "the policies folder {path} holds no policy year (a folder such as 2020/ with a policy.yaml)"
            ),
        }
    }
}

/// The files that make up `year`: its manifest and the files it lists, and those of every
/// year it extends, as paths inside the policies folder, sorted. A file that cannot be read
/// or parsed ends the walk (loading reports it).
fn year_files(source: &Source, year: u32, depth: usize, out: &mut Vec<String>) {
    let rel = format!("{year}/policy.yaml");
    let Ok(file) = source.read(&rel) else {
        return;
    };
    out.push(rel);
    let Ok(manifest) = crate::yaml::from_file::<model::Manifest>(&file) else {
        return;
    };
    for listed in manifest.common.iter().chain(&manifest.programmes) {
        out.push(format!("{year}/{}", listed.value));
    }
    if let Some(base) = &manifest.extends
        && base.value != year
        && depth <= 8
    {
        year_files(source, base.value, depth + 1, out);
    }
}

/// `sha256:` and the SHA-256 over the files of `year` and the years it extends, each as its
/// path inside the policies folder, its length and its bytes, in sorted path order: a
/// canonical order, so the built-in copy and a folder with the same files agree.
pub fn digest(source: &Source, year: u32) -> Result<String, String> {
    use sha2::Digest;
    let mut files = Vec::new();
    year_files(source, year, 0, &mut files);
    files.sort();
    files.dedup();
    let mut hasher = sha2::Sha256::new();
    for rel in &files {
        // Loading read every one of these files; one gone since is an error, not a digest of less.
        let text = source.read(rel)?.text;
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(format!("sha256:{hex}"))
}

/// Every problem found while loading a year, ready to print.
pub type Reports = Vec<Report>;

/// Decimal places of a rounding the policy states: 0 to 20, as for `round()` in formulas.
fn places_of(ctx: &mut Ctx<'_>, places: &S<u32>, what: &str) -> Option<u32> {
    if places.value > 20 {
        ctx.report(problem(
            "policy::round",
            format!("{what} is rounded to {} decimal places", places.value),
            "write 0 to 20 decimal places (amounts in yuan use 2)",
            Some(ctx.span(places)),
        ));
        return None;
    }
    Some(places.value)
}

/// A count written as a constant (the awards, a tier's size): a whole number, 0 or more,
/// or a problem pointing at it.
fn count_of(ctx: &mut Ctx<'_>, at: &S<String>, d: Decimal, what: &str) -> Option<usize> {
    let whole = (d.fract().is_zero() && d >= Decimal::ZERO)
        .then(|| usize::try_from(d.trunc().mantissa()).ok())
        .flatten();
    if whole.is_none() {
        ctx.report(problem(
            "policy::count",
            format!("{d} is not a number of {what}"),
            format!("write how many {what} as a whole number, 0 or more"),
            Some(ctx.span(at)),
        ));
    }
    whole
}

fn problem(
    code: &'static str,
    message: impl Into<String>,
    help: impl Into<String>,
    span: Option<Span>,
) -> PolicyProblem {
    PolicyProblem {
        code,
        message: message.into(),
        help: help.into(),
        span,
    }
}

fn cite_text(cite: &Option<S<String>>, source: &Option<String>) -> Option<String> {
    cite.as_ref()
        .map(|c| c.value.clone())
        .or_else(|| source.clone())
        .filter(|c| !c.trim().is_empty())
}

/// Loads and compiles a policy year, reporting every problem.
pub fn load(source: &Source, year: u32) -> Result<Policy, Reports> {
    let mut reports = Vec::new();
    let policy = load_year(source, year, &mut reports, 0);
    match policy {
        Some(mut p) if reports.is_empty() => match digest(source, year) {
            Ok(d) => {
                p.source = source.label();
                p.digest = d;
                Ok(p)
            }
            Err(e) => Err(vec![Report::new(
                &problem(
                    "policy::changed_while_read",
                    format!("a policy file changed while it was read: {e}"),
                    "run the command again once the policy files are saved",
                    None,
                ),
                None,
            )]),
        },
        _ => {
            if reports.is_empty() {
                reports.push(Report::new(
                    &problem(
                        "policy::unusable",
                        format!("the {year} policy could not be loaded"),
                        "see the errors above",
                        None,
                    ),
                    None,
                ));
            }
            Err(reports)
        }
    }
}

/// The files of a year with the extended years' files first, each programme's parts merged.
fn load_year(source: &Source, year: u32, reports: &mut Reports, depth: usize) -> Option<Policy> {
    let manifest_file = match source.read(&format!("{year}/policy.yaml")) {
        Ok(f) => f,
        Err(e) => {
            let known = source
                .years()
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            reports.push(Report::new(
                &problem(
                    "policy::unknown_year",
                    format!("no policy for {year}: {e}"),
                    format!("the policy years found are: {known}"),
                    None,
                ),
                None,
            ));
            return None;
        }
    };
    let manifest: model::Manifest = match crate::yaml::from_file(&manifest_file) {
        Ok(m) => m,
        Err(e) => {
            reports.push(Report::new(&e, Some(&manifest_file)));
            return None;
        }
    };
    // An extended year contributes its parsed programme files, which this year's override.
    let mut parts: Vec<(SourceFile, ProgrammeFile)> = Vec::new();
    let mut common: Vec<(SourceFile, ProgrammeFile)> = Vec::new();
    if let Some(base) = &manifest.extends {
        if base.value == year || depth > 8 {
            reports.push(Report::new(
                &problem(
                    "policy::extends_cycle",
                    format!("{year} extends {}, which leads back to itself", base.value),
                    "a year may extend an earlier year only",
                    Some(crate::yaml::span_of(&manifest_file.text, base)),
                ),
                Some(&manifest_file),
            ));
            return None;
        }
        let (base_common, base_parts) = read_parts(source, base.value, reports, depth + 1)?;
        common.extend(base_common);
        parts.extend(base_parts);
    }
    let read = |rel: &S<String>, reports: &mut Reports| -> Option<(SourceFile, ProgrammeFile)> {
        let path = format!("{year}/{}", rel.value);
        match source.read(&path) {
            Ok(file) => match crate::yaml::from_file::<ProgrammeFile>(&file) {
                Ok(p) => Some((file, p)),
                Err(e) => {
                    reports.push(Report::new(&e, Some(&file)));
                    None
                }
            },
            Err(e) => {
                reports.push(Report::new(
                    &problem(
                        "policy::missing_file",
                        e,
                        "list files that exist in the year folder",
                        Some(crate::yaml::span_of(&manifest_file.text, rel)),
                    ),
                    Some(&manifest_file),
                ));
                None
            }
        }
    };
    for c in &manifest.common {
        if let Some(part) = read(c, reports) {
            common.push(part);
        }
    }
    for p in &manifest.programmes {
        if let Some(part) = read(p, reports) {
            parts.push(part);
        }
    }
    for removed in &manifest.remove_programmes {
        let before = parts.len();
        parts.retain(|(_, p)| p.id.as_ref().map(|i| &i.value) != Some(&removed.value));
        if parts.len() == before {
            reports.push(Report::new(
                &problem(
                    "policy::unknown_programme",
                    format!("cannot remove `{}`: no such programme", removed.value),
                    "name a programme of the extended year",
                    Some(crate::yaml::span_of(&manifest_file.text, removed)),
                ),
                Some(&manifest_file),
            ));
        }
    }
    let mut programmes = Vec::new();
    for group in group_parts(parts, reports) {
        if let Some(p) = compile_programme(&group, &common, reports) {
            programmes.push(p);
        }
    }
    Some(Policy {
        year: manifest.year.value,
        title: manifest.title,
        status: manifest.status.value,
        programmes,
        source: String::new(),
        digest: String::new(),
    })
}

type Parts = (
    Vec<(SourceFile, ProgrammeFile)>,
    Vec<(SourceFile, ProgrammeFile)>,
);

/// The parsed common and programme files of a year (for a later year to extend).
fn read_parts(source: &Source, year: u32, reports: &mut Reports, depth: usize) -> Option<Parts> {
    let _ = load_year(source, year, reports, depth)?;
    // Re-read the files themselves: a later year overrides their parts, not compiled output.
    let manifest_file = source.read(&format!("{year}/policy.yaml")).ok()?;
    let manifest: model::Manifest = crate::yaml::from_file(&manifest_file).ok()?;
    let mut common = Vec::new();
    let mut parts = Vec::new();
    if let Some(base) = &manifest.extends {
        let (c, p) = read_parts(source, base.value, reports, depth + 1)?;
        common.extend(c);
        parts.extend(p);
    }
    for (list, out) in [
        (&manifest.common, &mut common),
        (&manifest.programmes, &mut parts),
    ] {
        for rel in list {
            let file = source.read(&format!("{year}/{}", rel.value)).ok()?;
            let part: ProgrammeFile = crate::yaml::from_file(&file).ok()?;
            out.push((file, part));
        }
    }
    for removed in &manifest.remove_programmes {
        parts.retain(|(_, p)| p.id.as_ref().map(|i| &i.value) != Some(&removed.value));
    }
    Some((common, parts))
}

/// Programme files with the same id are one programme, its files in override order.
fn group_parts(
    parts: Vec<(SourceFile, ProgrammeFile)>,
    reports: &mut Reports,
) -> Vec<Vec<(SourceFile, ProgrammeFile)>> {
    let mut groups: Vec<Vec<(SourceFile, ProgrammeFile)>> = Vec::new();
    for (file, part) in parts {
        let Some(id) = part.id.as_ref().map(|i| i.value.clone()) else {
            reports.push(Report::new(
                &problem(
                    "policy::missing_key",
                    "a programme file needs an `id`",
                    "add `id: programme-name` at the top",
                    Some(Span::new(0, 0)),
                ),
                Some(&file),
            ));
            continue;
        };
        let same = |g: &&mut Vec<(SourceFile, ProgrammeFile)>| {
            g.first()
                .and_then(|(_, p)| p.id.as_ref())
                .is_some_and(|i| i.value == id)
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(group) => group.push((file, part)),
            None => groups.push(vec![(file, part)]),
        }
    }
    groups
}

/// Something a later file can override or remove by its id.
trait HasId {
    fn id(&self) -> &str;
}

macro_rules! has_id {
    ($($t:ty),*) => {$(
        impl HasId for $t {
            fn id(&self) -> &str {
                &self.id.value
            }
        }
    )*};
}

has_id!(
    model::Field,
    model::Check,
    model::Param,
    model::TableDef,
    model::Rule,
    model::Computed,
    model::Flag,
    model::Document,
    model::SummaryGroup
);

/// The items of one kind across a programme's files: a later file's item replaces the one
/// of the same id, `remove:` drops inherited ones; each item keeps the file it is written in.
fn merged<'a, T: HasId>(
    parts: &'a [(SourceFile, ProgrammeFile)],
    items: impl Fn(&'a ProgrammeFile) -> &'a [T],
) -> Vec<(&'a SourceFile, &'a T)> {
    let sources: Vec<&(SourceFile, ProgrammeFile)> = parts.iter().collect();
    merged_in(&sources, items)
}

/// A part a programme has once (`scores`, `award`, `allocation`): the last file's, unless a
/// later file removes it by name.
fn last<'a, T>(
    parts: &'a [(SourceFile, ProgrammeFile)],
    name: &str,
    item: impl Fn(&'a ProgrammeFile) -> Option<&'a T>,
) -> Option<(&'a SourceFile, &'a T)> {
    let mut found = None;
    for (file, part) in parts {
        if part.remove.iter().any(|r| r.value == name) {
            found = None;
        }
        if let Some(x) = item(part) {
            found = Some((file, x));
        }
    }
    found
}

impl Programme {
    /// The names its formulas see: for trying a formula against it (`calc`).
    pub fn scope(&self) -> impl Scope + use<> {
        ProgrammeScope {
            fields: self
                .fields
                .iter()
                .map(|f| (f.id.clone(), f.ty.clone()))
                .collect(),
            params: self
                .params
                .iter()
                .map(|(n, v, ..)| (n.clone(), crate::input::text::type_of(v), v.clone()))
                .collect(),
            tables: self.table_names.clone(),
            values: self
                .values
                .iter()
                .map(|v| (v.id.clone(), v.ty.clone()))
                .collect(),
        }
    }
}

/// The names a formula sees while its programme is compiled.
struct ProgrammeScope {
    fields: Vec<(String, Type)>,
    params: Vec<(String, Type, Value)>,
    tables: Vec<String>,
    values: Vec<(String, Type)>,
}

impl Scope for ProgrammeScope {
    fn resolve(&self, name: &str) -> Option<Binding> {
        if let Some(i) = self.fields.iter().position(|(n, _)| n == name) {
            return Some(Binding::Value {
                ty: self.fields[i].1.clone(),
                target: Target::Field(i),
            });
        }
        if let Some((_, ty, v)) = self.params.iter().find(|(n, ..)| n == name) {
            return Some(Binding::Value {
                ty: ty.clone(),
                target: Target::Const(v.clone()),
            });
        }
        if let Some(i) = self.values.iter().position(|(n, _)| n == name) {
            return Some(Binding::Value {
                ty: self.values[i].1.clone(),
                target: Target::Computed(i),
            });
        }
        self.tables
            .iter()
            .position(|n| n == name)
            .map(|index| Binding::Table {
                index,
                key: Type::Text,
                value: Type::Text,
            })
    }
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.fields.iter().map(|(n, _)| n.clone()).collect();
        names.extend(self.params.iter().map(|(n, ..)| n.clone()));
        names.extend(self.values.iter().map(|(n, _)| n.clone()));
        names.extend(self.tables.iter().cloned());
        names
    }
}

struct Ctx<'a> {
    file: &'a SourceFile,
    reports: &'a mut Reports,
}

impl Ctx<'_> {
    fn report(&mut self, p: PolicyProblem) {
        self.reports.push(Report::new(&p, Some(self.file)));
    }

    fn span<T>(&self, s: &S<T>) -> Span {
        crate::yaml::span_of(&self.file.text, s)
    }

    fn origin(&self, s: &S<String>) -> FormulaOrigin {
        let start = crate::yaml::offset_of(&self.file.text, &s.referenced).unwrap_or(0);
        FormulaOrigin::in_file(self.file.clone(), start, &s.value)
    }

    fn parse(&mut self, s: &S<String>) -> Option<(Expr, FormulaOrigin)> {
        let origin = self.origin(s);
        match formula::parse(&s.value) {
            Ok(e) => Some((e, origin)),
            Err(e) => {
                self.reports.push(Report::in_formula(&e, &origin));
                None
            }
        }
    }

    /// Parses, checks as `want` (None: any type) and compiles a formula.
    fn formula(
        &mut self,
        s: &S<String>,
        scope: &ProgrammeScope,
        want: Option<&Type>,
        what: &str,
    ) -> Option<(Formula, Type)> {
        let (expr, origin) = self.parse(s)?;
        let checked = match want {
            Some(t) => formula::check_as(&expr, scope, t, what),
            None => formula::check(&expr, scope),
        };
        let checked = match checked {
            Ok(c) => c,
            Err(errors) => {
                for e in errors {
                    self.reports.push(Report::in_formula(&e, &origin));
                }
                return None;
            }
        };
        match formula::compile(&expr, &checked, scope) {
            Ok(code) => {
                let ty = checked.ty.clone();
                let fast = formula::fast::compile(
                    &code,
                    &formula::fast::SlotTypes {
                        field: &|i| scope.fields.get(i).map(|(_, t)| t.clone()),
                        computed: &|i| scope.values.get(i).map(|(_, t)| t.clone()),
                    },
                );
                Some((
                    Formula {
                        text: s.value.clone(),
                        code,
                        fast,
                        origin,
                        names: referenced_names(&expr),
                    },
                    ty,
                ))
            }
            Err(e) => {
                self.reports.push(Report::in_formula(&e, &origin));
                None
            }
        }
    }

    /// A formula that must be a constant (a cap, a share, a tier amount).
    fn constant(
        &mut self,
        s: &S<String>,
        scope: &ProgrammeScope,
        want: &Type,
        what: &str,
    ) -> Option<Value> {
        let (f, _) = self.formula(s, scope, Some(want), what)?;
        match f.code {
            Code::Const(v) => Some(v),
            _ => {
                self.report(problem(
                    "policy::not_constant",
                    format!("{what} must be a constant, not depend on a record"),
                    "write a number or amount, or use parameters only",
                    Some(self.span(s)),
                ));
                None
            }
        }
    }

    fn require_cite(
        &mut self,
        what: &str,
        id: &S<String>,
        cite: &Option<S<String>>,
        source: &Option<String>,
    ) -> String {
        match cite_text(cite, source) {
            Some(c) => c,
            None => {
                self.report(problem(
                    "policy::missing_cite",
                    format!("{what} `{}` cites no clause of the notice", id.value),
                    "add `cite:` with the clause it encodes, e.g. `cite: 二（二）1`, or `source:` for another document",
                    Some(self.span(id)),
                ));
                String::new()
            }
        }
    }
}

/// The names a formula reads (not aggregate variables), in order of first use.
pub fn referenced_names(expr: &Expr) -> Vec<String> {
    let mut locals = Vec::new();
    expr.walk(&mut |e| {
        if let formula::ast::ExprKind::Aggregate { var, .. } = &e.kind {
            locals.push(var.name.clone());
        }
    });
    let mut names: Vec<String> = Vec::new();
    expr.walk(&mut |e| {
        if let formula::ast::ExprKind::Name(n) = &e.kind
            && !locals.contains(n)
            && !names.contains(n)
        {
            names.push(n.clone());
        }
    });
    names
}

fn field_kind(
    ctx: &mut Ctx<'_>,
    ty: &S<String>,
    unit: &Option<S<String>>,
    of: Option<&S<String>>,
) -> Option<FieldKind> {
    const KINDS: &[&str] = &[
        "text",
        "number",
        "money",
        "percent",
        "bool",
        "date",
        "datetime",
        "enum",
        "credit_code",
        "list",
    ];
    Some(match ty.value.as_str() {
        "text" => FieldKind::Text,
        "number" => FieldKind::Number,
        "money" => match unit.as_ref().map(|u| u.value.as_str()) {
            Some("元") => FieldKind::Money(Decimal::ONE),
            Some("万元") => FieldKind::Money(Decimal::from(10_000)),
            Some("亿元") => FieldKind::Money(Decimal::from(100_000_000)),
            other => {
                let span = unit.as_ref().map_or(ctx.span(ty), |u| ctx.span(u));
                ctx.report(problem(
                    "policy::money_unit",
                    match other {
                        Some(u) => format!("unknown money unit `{u}`"),
                        None => "a money field needs a `unit`".into(),
                    },
                    "write `unit: 元` or `unit: 万元` (the unit the application form uses)",
                    Some(span),
                ));
                return None;
            }
        },
        "percent" => FieldKind::Percent,
        "bool" => FieldKind::Bool,
        "date" => FieldKind::Date,
        "datetime" => FieldKind::DateTime,
        "enum" => FieldKind::Enum,
        "credit_code" => FieldKind::CreditCode,
        "list" => match of {
            Some(of) => FieldKind::List(Box::new(field_kind(ctx, of, unit, None)?)),
            None => FieldKind::Records,
        },
        other => {
            let help = match did_you_mean(other, KINDS.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the field types are: {}", KINDS.join(", ")),
            };
            ctx.report(problem(
                "policy::field_type",
                format!("unknown field type `{other}`"),
                help,
                Some(ctx.span(ty)),
            ));
            return None;
        }
    })
}

fn kind_type(kind: &FieldKind, items: &[FieldSpec]) -> Type {
    match kind {
        FieldKind::Text | FieldKind::Enum | FieldKind::CreditCode => Type::Text,
        FieldKind::Number | FieldKind::Percent => Type::Number,
        FieldKind::Money(_) => Type::Money,
        FieldKind::Bool => Type::Bool,
        FieldKind::Date => Type::Date,
        FieldKind::DateTime => Type::DateTime,
        FieldKind::List(inner) => Type::List(Box::new(kind_type(inner, &[]))),
        FieldKind::Records => Type::List(Box::new(Type::Record(Arc::new(RecordType {
            fields: items.iter().map(|f| (f.id.clone(), f.ty.clone())).collect(),
        })))),
    }
}

fn field_spec(ctx: &mut Ctx<'_>, f: &model::Field) -> Option<FieldSpec> {
    let kind = field_kind(ctx, &f.ty, &f.unit, f.of.as_ref())?;
    let mut items = Vec::new();
    for item in &f.fields {
        let spec = field_spec(ctx, item)?;
        field_keys::item_keys(ctx, f, item, &spec);
        items.push(spec);
    }
    if kind == FieldKind::Records && items.is_empty() {
        ctx.report(problem(
            "policy::list_items",
            format!(
                "list field `{}` says neither `of:` (plain items) nor `fields:` (record items)",
                f.id.value
            ),
            "add `of: enum` with `values:`, or `fields:` describing each item",
            Some(ctx.span(&f.id)),
        ));
        return None;
    }
    let mut seen: HashMap<&str, &S<String>> = HashMap::new();
    for v in &f.values {
        for name in std::iter::once(v.id.value.as_str()).chain(v.aliases.iter().map(String::as_str))
        {
            if let Some(first) = seen.insert(name, &v.id)
                && first.value != v.id.value
            {
                ctx.report(problem(
                    "policy::duplicate_enum",
                    format!(
                        "`{name}` names two values of `{}`: `{}` and `{}`",
                        f.id.value, first.value, v.id.value
                    ),
                    "each value and alias may appear once",
                    Some(ctx.span(&v.id)),
                ));
            } else if first_dup(&f.values, &v.id) {
                ctx.report(problem(
                    "policy::duplicate_enum",
                    format!("`{}` is listed twice in `{}`", v.id.value, f.id.value),
                    "each value may appear once",
                    Some(ctx.span(&v.id)),
                ));
                break;
            }
        }
    }
    let is_enum = matches!(kind, FieldKind::Enum)
        || matches!(&kind, FieldKind::List(k) if **k == FieldKind::Enum);
    if is_enum && f.values.is_empty() {
        ctx.report(problem(
            "policy::enum_values",
            format!("enum field `{}` lists no `values`", f.id.value),
            "add `values:` with an `id` for each allowed value",
            Some(ctx.span(&f.id)),
        ));
    }
    let unique = field_keys::unique(ctx, f, &kind);
    let open_flag = field_keys::open_flag(ctx, f, is_enum);
    let ty = kind_type(&kind, &items);
    let empty = ProgrammeScope {
        fields: Vec::new(),
        params: Vec::new(),
        tables: Vec::new(),
        values: Vec::new(),
    };
    let bound_type = match &ty {
        Type::List(_) => Type::Number,
        t => t.clone(),
    };
    let bound = |b: &Option<S<String>>, ctx: &mut Ctx<'_>| {
        b.as_ref()
            .and_then(|b| ctx.constant(b, &empty, &bound_type, "a field bound"))
    };
    let min = bound(&f.min, ctx).or(match kind {
        // Amounts and counts are not negative unless a policy says otherwise.
        FieldKind::Money(_) => Some(Value::Money(Decimal::ZERO)),
        FieldKind::Number | FieldKind::Percent => Some(Value::Number(Decimal::ZERO)),
        _ => None,
    });
    let max = bound(&f.max, ctx);
    // Ids first, so an alias never shadows another value's id.
    let ids: Vec<Arc<str>> = f
        .values
        .iter()
        .map(|v| Arc::from(v.id.value.as_str()))
        .collect();
    let mut spellings: crate::fasthash::PolicyMap<String, Arc<str>> =
        ids.iter().map(|id| (id.to_string(), id.clone())).collect();
    for (v, id) in f.values.iter().zip(&ids) {
        for name in v.aliases.iter().chain(v.zh.iter()) {
            spellings.entry(name.clone()).or_insert_with(|| id.clone());
        }
    }
    Some(FieldSpec {
        spellings,
        id: f.id.value.clone(),
        kind,
        ty,
        label: f.label.clone(),
        help: f.help.clone(),
        unit: f.unit.as_ref().map(|u| u.value.clone()),
        required: f.required.unwrap_or(false),
        values: f.values.clone(),
        items,
        min,
        max,
        unique,
        open_flag,
        interpretation: f.interpretation.clone(),
    })
}

fn first_dup(values: &[model::EnumValue], id: &S<String>) -> bool {
    let n = values.iter().filter(|v| v.id.value == id.value).count();
    n > 1
        && values
            .iter()
            .rposition(|v| v.id.value == id.value)
            .is_some_and(|last| std::ptr::eq(&values[last].id, id))
}

fn compile_programme(
    parts: &[(SourceFile, ProgrammeFile)],
    common: &[(SourceFile, ProgrammeFile)],
    reports: &mut Reports,
) -> Option<Programme> {
    let before = reports.len();
    let (last_file, _) = parts.last()?;
    // Common files first; the programme's own items of the same id override them.
    let sources: Vec<&(SourceFile, ProgrammeFile)> = common.iter().chain(parts.iter()).collect();
    report_duplicate_ids(reports, &sources);
    let mut fields: Vec<FieldSpec> = Vec::new();
    let mut tables: Vec<(String, formula::Table)> = Vec::new();
    let mut params: Vec<(String, Type, Value)> = Vec::new();
    let mut param_info: Vec<(String, Value, Text, String)> = Vec::new();
    let mut ctx = Ctx {
        file: last_file,
        reports,
    };
    let field_items = merged_in(&sources, |p| &p.fields);
    for (file, f) in field_items {
        ctx.file = file;
        if let Some(spec) = field_spec(&mut ctx, f) {
            fields.push(spec);
        }
    }
    for (file, t) in merged_in(&sources, |p| &p.tables) {
        ctx.file = file;
        let mut table = formula::Table::default();
        for (value, keys) in &t.groups {
            for key in keys {
                if let Some(previous) = table.insert(
                    key.value.as_str().into(),
                    Value::Text(value.as_str().into()),
                ) {
                    ctx.report(problem(
                        "policy::duplicate_key",
                        format!(
                            "`{}` is in table `{}` twice ({previous} and \"{value}\")",
                            key.value, t.id.value
                        ),
                        "each key may map to one value",
                        Some(ctx.span(key)),
                    ));
                }
            }
        }
        tables.push((t.id.value.clone(), table));
    }
    // Parameters: constants, each may use the ones before it.
    for (file, param) in merged_in(&sources, |p| &p.params) {
        ctx.file = file;
        let scope = ProgrammeScope {
            fields: Vec::new(),
            params: params.clone(),
            tables: Vec::new(),
            values: Vec::new(),
        };
        let cite = cite_text(&param.cite, &param.source).unwrap_or_default();
        if let Some((f, ty)) = ctx.formula(&param.value, &scope, None, "a parameter") {
            let env = Env {
                fields: &[],
                computed: &[],
                tables: &[],
            };
            match formula::eval(&f.code, &env, &mut Vec::new()) {
                Ok(v) => {
                    params.push((param.id.value.clone(), ty, v.clone()));
                    param_info.push((param.id.value.clone(), v, param.label.clone(), cite));
                }
                Err(e) => ctx.reports.push(Report::in_formula(&e, &f.origin)),
            }
        }
    }
    // Common rules, checks, flags and documents come first, for every programme.
    let rules_in = merged_in(&sources, |p| &p.eligibility);
    let computed_in = merged(parts, |p| &p.computed);
    let allocation_in = last(parts, "allocation", |p| p.allocation.as_ref());
    // Every value of a field whose table lookup a formula makes must have an entry.
    check_table_coverage(
        &mut ctx,
        &rules_in,
        &computed_in,
        allocation_in,
        &fields,
        &tables,
    );

    let mut scope = ProgrammeScope {
        fields: fields
            .iter()
            .map(|f| (f.id.clone(), f.ty.clone()))
            .collect(),
        params,
        tables: tables.iter().map(|(n, _)| n.clone()).collect(),
        values: Vec::new(),
    };
    let mut values: Vec<ValueSpec> = Vec::new();
    for (file, c) in order_computed(&mut ctx, &computed_in) {
        ctx.file = file;
        let cite = cite_text(&c.cite, &c.source).unwrap_or_default();
        if let Some((f, ty)) = ctx.formula(&c.formula, &scope, None, "a computed value") {
            scope.values.push((c.id.value.clone(), ty.clone()));
            values.push(ValueSpec {
                id: c.id.value.clone(),
                formula: f,
                label: c.label.clone(),
                cite,
                interpretation: c.interpretation.clone(),
                cap: None,
                ty,
                is_item: false,
            });
        } else {
            // Keep the slot so later formulas report their own errors, not this one's.
            scope.values.push((c.id.value.clone(), Type::Any));
        }
    }
    let scores = last(parts, "scores", |p| p.scores.as_ref()).and_then(|(file, s)| {
        ctx.file = file;
        compile_scores(&mut ctx, s, &mut scope, &mut values, &fields)
    });
    let rules = compile_rules(&mut ctx, &rules_in, &scope);
    let checks = compile_checks(&mut ctx, &merged_in(&sources, |p| &p.checks), &scope);
    let mut flags: Vec<RuleSpec> = Vec::new();
    let flags_in = merged_in(&sources, |p| &p.flags);
    field_keys::check_open_flags(&mut ctx, &flags_in, &merged_in(&sources, |p| &p.fields));
    for (file, fl) in flags_in {
        ctx.file = file;
        // A flag without a condition is raised only by the open fields naming it.
        let never = S {
            value: "false".to_string(),
            ..fl.id.clone()
        };
        let when = fl.when.as_ref().unwrap_or(&never);
        if let Some((f, _)) = ctx.formula(when, &scope, Some(&Type::Bool), "a flag's condition") {
            flags.push(RuleSpec {
                id: fl.id.value.clone(),
                formula: f,
                message: fl.message.clone(),
                cite: fl
                    .cite
                    .as_ref()
                    .map(|c| c.value.clone())
                    .unwrap_or_default(),
                interpretation: None,
                field: None,
            });
        }
    }
    let award = last(parts, "award", |p| p.award.as_ref()).and_then(|(file, a)| {
        ctx.file = file;
        compile_award(&mut ctx, a, &scope, &fields, &values)
    });
    let allocation = allocation_in.and_then(|(file, a)| {
        ctx.file = file;
        compile_allocation(&mut ctx, a, &scope)
    });
    let mut documents = Vec::new();
    for (file, d) in merged_in(&sources, |p| &p.documents) {
        ctx.file = file;
        documents.push(DocumentSpec {
            id: d.id.value.clone(),
            label: d.label.clone(),
            when: d.when.as_ref().and_then(|w| {
                ctx.formula(w, &scope, Some(&Type::Bool), "a document's condition")
                    .map(|(f, _)| f)
            }),
        });
    }
    let mut summary_by = Vec::new();
    for (file, g) in merged_in(&sources, |p| &p.summary_by) {
        ctx.file = file;
        if let Some((formula, _)) = ctx.formula(&g.formula, &scope, None, "a summary group") {
            summary_by.push(GroupSpec {
                id: g.id.value.clone(),
                label: g.label.clone(),
                formula,
            });
        }
    }
    if reports.len() > before {
        return None;
    }
    let text = |get: fn(&ProgrammeFile) -> Option<String>| {
        parts
            .iter()
            .rev()
            .find_map(|(_, p)| get(p))
            .unwrap_or_default()
    };
    let id_slot = fields.iter().position(|f| f.id == "id");
    let unique_slots = (0..fields.len()).filter(|&i| fields[i].unique).collect();
    let open_slots = (fields.iter().enumerate())
        .filter_map(|(i, f)| Some((i, f.open_flag.clone()?)))
        .collect();
    let documents_slot = fields.iter().position(|f| f.id == "documents");
    Some(Programme {
        id: text(|p| p.id.as_ref().map(|i| i.value.clone())),
        title: parts
            .iter()
            .rev()
            .map(|(_, p)| p.title.clone())
            .find(|t| t.zh.is_some() || t.en.is_some())
            .unwrap_or_default(),
        cite: text(|p| p.cite.as_ref().map(|c| c.value.clone())),
        fields,
        params: param_info,
        table_names: tables.iter().map(|(n, _)| n.clone()).collect(),
        table_values: tables.into_iter().map(|(_, t)| t).collect(),
        checks,
        rules,
        values,
        scores,
        award,
        allocation,
        flags,
        documents,
        summary_by,
        unique_slots,
        open_slots,
        id_slot,
        documents_slot,
        file: last_file.clone(),
    })
}

/// `merged` over common and programme files together.
fn merged_in<'a, T: HasId>(
    sources: &[&'a (SourceFile, ProgrammeFile)],
    items: impl Fn(&'a ProgrammeFile) -> &'a [T],
) -> Vec<(&'a SourceFile, &'a T)> {
    let mut out: Vec<(&SourceFile, &T)> = Vec::new();
    for (file, part) in sources.iter().map(|x| (&x.0, &x.1)) {
        out.retain(|(_, item)| !part.remove.iter().any(|r| r.value == item.id()));
        for item in items(part) {
            match out.iter_mut().find(|(_, x)| x.id() == item.id()) {
                Some(slot) => *slot = (file, item),
                None => out.push((file, item)),
            }
        }
    }
    out
}

fn compile_award(
    ctx: &mut Ctx<'_>,
    a: &model::Award,
    scope: &ProgrammeScope,
    fields: &[FieldSpec],
    values: &[ValueSpec],
) -> Option<AwardSpec> {
    let cite = ctx.require_cite("the award", &a.formula, &a.cite, &a.source);
    let (f, _) = ctx.formula(&a.formula, scope, Some(&Type::Money), "the award")?;
    let cap = ctx
        .constant(&a.cap, scope, &Type::Money, "the award cap")?
        .as_decimal()?;
    let known_fields = field_ranges(fields);
    let ranges = value_ranges(&known_fields, values);
    let proven = bounds::range(
        &f.code,
        &bounds::Ranges {
            fields: &known_fields,
            computed: &ranges,
        },
    );
    if proven.hi.is_none_or(|h| h > cap) {
        ctx.report(problem(
            "policy::award_bound",
            format!(
                "the award can exceed its cap of {}元: its formula ranges over {}",
                plain_decimal(cap),
                bounds::show(proven)
            ),
            "bound the formula, e.g. `min(…, cap)`, so the cap is part of the rule as written",
            Some(ctx.span(&a.formula)),
        ));
    }
    Some(AwardSpec {
        proven_max: proven.hi,
        formula: f,
        cap,
        round: match &a.round {
            Some(r) => places_of(ctx, r, "the award")?,
            None => 2,
        },
        cite,
        interpretation: a.interpretation.clone(),
    })
}

fn check_table_coverage<'a>(
    ctx: &mut Ctx<'a>,
    rules: &[(&'a SourceFile, &'a model::Rule)],
    computed: &[(&'a SourceFile, &'a model::Computed)],
    allocation: Option<(&'a SourceFile, &'a model::Allocation)>,
    fields: &[FieldSpec],
    tables: &[(String, formula::Table)],
) {
    let mut formulas: Vec<(&SourceFile, &S<String>)> =
        rules.iter().map(|(f, r)| (*f, &r.when)).collect();
    formulas.extend(computed.iter().map(|(f, c)| (*f, &c.formula)));
    if let Some((f, q)) = allocation.and_then(|(f, a)| a.quota.as_ref().map(|q| (f, q))) {
        formulas.push((f, &q.counts));
    }
    for (file, s) in formulas {
        ctx.file = file;
        for (table, key_field) in lookups(&s.value) {
            let (Some((_, t)), Some(field)) = (
                tables.iter().find(|(n, _)| *n == table),
                fields.iter().find(|f| f.id == key_field),
            ) else {
                continue;
            };
            let missing: Vec<&str> = field
                .values
                .iter()
                .map(|v| v.id.value.as_str())
                .filter(|v| !t.contains_key(*v))
                .collect();
            if !missing.is_empty() {
                let span = ctx.span(s);
                ctx.report(problem(
                    "policy::table_coverage",
                    format!(
                        "table `{table}` has no entry for {} value(s) of `{key_field}`: {}",
                        missing.len(),
                        missing.join(", ")
                    ),
                    format!("add them to a group of `{table}`"),
                    Some(span),
                ));
            }
        }
    }
}

/// `lookup(table, field)` pairs written in a formula.
fn lookups(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    if let Ok(expr) = formula::parse(text) {
        expr.walk(&mut |e| {
            if let formula::ast::ExprKind::Call(f, args) = &e.kind
                && f.name == "lookup"
                && let [a, b] = args.as_slice()
                && let (formula::ast::ExprKind::Name(t), formula::ast::ExprKind::Name(k)) =
                    (&a.kind, &b.kind)
            {
                found.push((t.clone(), k.clone()));
            }
        });
    }
    found
}

/// Computed values in dependency order; a cycle is reported with its path.
fn order_computed<'a>(
    ctx: &mut Ctx<'a>,
    computed: &[(&'a SourceFile, &'a model::Computed)],
) -> Vec<(&'a SourceFile, &'a model::Computed)> {
    let ids: Vec<&str> = computed.iter().map(|(_, c)| c.id.value.as_str()).collect();
    let deps: Vec<Vec<usize>> = computed
        .iter()
        .map(|(_, c)| {
            formula::parse(&c.formula.value)
                .map(|e| {
                    referenced_names(&e)
                        .iter()
                        .filter_map(|n| ids.iter().position(|i| i == n))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; computed.len()];
    let mut order = Vec::new();
    let mut reported = false;
    fn visit(
        i: usize,
        deps: &[Vec<usize>],
        state: &mut [u8],
        order: &mut Vec<usize>,
        path: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        match state[i] {
            2 => return None,
            1 => {
                let start = path.iter().position(|p| *p == i).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(i);
                return Some(cycle);
            }
            _ => {}
        }
        state[i] = 1;
        path.push(i);
        for &d in &deps[i] {
            if let Some(cycle) = visit(d, deps, state, order, path) {
                return Some(cycle);
            }
        }
        path.pop();
        state[i] = 2;
        order.push(i);
        None
    }
    for i in 0..computed.len() {
        let mut path = Vec::new();
        if let Some(cycle) = visit(i, &deps, &mut state, &mut order, &mut path) {
            if !reported {
                let names: Vec<&str> = cycle.iter().map(|c| ids[*c]).collect();
                ctx.file = computed[cycle[0]].0;
                let span = ctx.span(&computed[cycle[0]].1.formula);
                ctx.report(problem(
                    "policy::cycle",
                    format!("computed values depend on each other in a circle: {}", names.join(" → ")),
                    "break the circle: one of them must be computed from fields and parameters only",
                    Some(span),
                ));
                reported = true;
            }
            for c in cycle {
                state[c] = 2;
            }
        }
    }
    order.into_iter().map(|i| computed[i]).collect()
}

fn compile_rules<'a>(
    ctx: &mut Ctx<'a>,
    rules: &[(&'a SourceFile, &'a model::Rule)],
    scope: &ProgrammeScope,
) -> Vec<RuleSpec> {
    let mut out = Vec::new();
    for (file, r) in rules {
        ctx.file = file;
        let cite = ctx.require_cite("eligibility rule", &r.id, &r.cite, &r.source);
        let what = format!("the condition of eligibility rule `{}`", r.id.value);
        if let Some((f, _)) = ctx.formula(&r.when, scope, Some(&Type::Bool), &what) {
            out.push(RuleSpec {
                id: r.id.value.clone(),
                formula: f,
                message: r.message.clone(),
                cite,
                interpretation: r.interpretation.clone(),
                field: None,
            });
        }
    }
    out
}

fn compile_checks<'a>(
    ctx: &mut Ctx<'a>,
    checks: &[(&'a SourceFile, &'a model::Check)],
    scope: &ProgrammeScope,
) -> Vec<RuleSpec> {
    let mut out = Vec::new();
    for (file, c) in checks {
        ctx.file = file;
        let what = format!("the check `{}`", c.id.value);
        if let Some((f, _)) = ctx.formula(&c.when, scope, Some(&Type::Bool), &what) {
            out.push(RuleSpec {
                id: c.id.value.clone(),
                field: c.field.clone().or_else(|| f.names.first().cloned()),
                formula: f,
                message: c.message.clone(),
                cite: String::new(),
                interpretation: None,
            });
        }
    }
    out
}

/// Two items of one kind with the same id in one file: the second would silently replace
/// the first.
fn report_duplicate_ids(reports: &mut Reports, parts: &[&(SourceFile, ProgrammeFile)]) {
    fn dups<'a, T: HasId>(
        items: &'a [T],
        ids: impl Fn(&'a T) -> &'a S<String>,
    ) -> Vec<&'a S<String>> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for item in items {
            if seen.contains(&item.id()) {
                out.push(ids(item));
            }
            seen.push(item.id());
        }
        out
    }
    for (file, p) in parts.iter().map(|x| (&x.0, &x.1)) {
        let mut found = dups(&p.eligibility, |r| &r.id);
        found.extend(dups(&p.computed, |c| &c.id));
        found.extend(dups(&p.params, |c| &c.id));
        found.extend(dups(&p.fields, |c| &c.id));
        found.extend(dups(&p.checks, |c| &c.id));
        for id in found {
            reports.push(Report::new(
                &problem(
                    "policy::duplicate_id",
                    format!("`{}` is defined twice in this file", id.value),
                    "give each item its own id; to change an inherited item, write it once in the later year's file",
                    Some(crate::yaml::span_of(&file.text, id)),
                ),
                Some(file),
            ));
        }
    }
}

fn field_ranges(fields: &[FieldSpec]) -> Vec<bounds::Interval> {
    fields
        .iter()
        .map(|f| bounds::Interval {
            lo: f.min.as_ref().and_then(Value::as_decimal),
            hi: f.max.as_ref().and_then(Value::as_decimal),
        })
        .collect()
}

/// The proven range of each value: score items within their caps, the total the sum of
/// the items.
fn value_ranges(fields: &[bounds::Interval], values: &[ValueSpec]) -> Vec<bounds::Interval> {
    let mut ranges: Vec<bounds::Interval> = Vec::with_capacity(values.len());
    for spec in values {
        let r = if spec.formula.text.is_empty() {
            // The total: the sum of the capped items before it.
            values
                .iter()
                .zip(&ranges)
                .filter(|(v, _)| v.cap.is_some() || v.is_item)
                .fold(bounds::Interval::point(Decimal::ZERO), |acc, (_, r)| {
                    bounds::Interval {
                        lo: acc.lo.zip(r.lo).and_then(|(a, b)| a.checked_add(b)),
                        hi: acc.hi.zip(r.hi).and_then(|(a, b)| a.checked_add(b)),
                    }
                })
        } else {
            let raw = bounds::range(
                &spec.formula.code,
                &bounds::Ranges {
                    fields,
                    computed: &ranges,
                },
            );
            match spec.cap {
                Some(cap) => bounds::Interval {
                    lo: raw.lo.map(|l| l.min(cap)),
                    hi: Some(raw.hi.map_or(cap, |h| h.min(cap))),
                },
                None => raw,
            }
        };
        ranges.push(r);
    }
    ranges
}

fn compile_scores(
    ctx: &mut Ctx<'_>,
    s: &model::Scores,
    scope: &mut ProgrammeScope,
    values: &mut Vec<ValueSpec>,
    fields: &[FieldSpec],
) -> Option<ScoreSpec> {
    let mut items = Vec::new();
    let mut item_spans = Vec::new();
    for item in &s.items {
        let cite = ctx.require_cite("score item", &item.id, &item.cite, &None);
        let f = ctx.formula(
            &item.formula,
            scope,
            Some(&Type::Number),
            &format!("score item `{}`", item.id.value),
        );
        let cap = match &item.cap {
            Some(c) => match ctx
                .constant(c, scope, &Type::Number, "a score cap")
                .and_then(|v| v.as_decimal())
            {
                Some(d) => Some(d),
                None => {
                    scope.values.push((item.id.value.clone(), Type::Number));
                    continue;
                }
            },
            None => None,
        };
        scope.values.push((item.id.value.clone(), Type::Number));
        let Some((f, _)) = f else {
            continue;
        };
        items.push(values.len());
        item_spans.push(ctx.span(&item.id));
        values.push(ValueSpec {
            id: item.id.value.clone(),
            formula: f,
            label: item.label.clone(),
            cite,
            interpretation: item.interpretation.clone(),
            cap,
            ty: Type::Number,
            is_item: true,
        });
    }
    let max_score = ctx
        .constant(&s.max_score, scope, &Type::Number, "max_score")
        .and_then(|v| v.as_decimal())?;
    // The total is a value too, so ordering and awards can use it by name.
    let total_slot = values.len();
    scope.values.push(("score".into(), Type::Number));
    values.push(ValueSpec {
        id: "score".into(),
        formula: Formula {
            text: String::new(),
            code: Code::Const(Value::Null),
            fast: formula::fast::Fast::Untyped,
            origin: FormulaOrigin::whole(SourceFile::new("", "")),
            names: Vec::new(),
        },
        label: Text {
            zh: Some("总分".into()),
            en: Some("total score".into()),
        },
        cite: s.cite.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
        interpretation: None,
        cap: None,
        ty: Type::Number,
        is_item: false,
    });
    let ranges = value_ranges(&field_ranges(fields), values);
    let mut unbounded = false;
    for (&slot, span) in items.iter().zip(&item_spans) {
        if ranges[slot].hi.is_none() {
            unbounded = true;
            ctx.report(problem(
                "policy::unbounded_score",
                format!(
                    "score item `{}` has no proven maximum: its formula can grow without limit",
                    values[slot].id
                ),
                "add `cap:` with the most the item may give, as the scoring standard states it",
                Some(*span),
            ));
        }
    }
    let proven = ranges[total_slot].hi;
    if let Some(p) = proven
        && p > max_score
        && !unbounded
    {
        let parts: Vec<String> = items
            .iter()
            .map(|&i| {
                format!(
                    "{} ≤ {}",
                    values[i].id,
                    ranges[i].hi.map(plain_decimal).unwrap_or_default()
                )
            })
            .collect();
        ctx.report(problem(
            "policy::score_bound",
            format!("the total can reach {}, more than max_score {}", plain_decimal(p), plain_decimal(max_score)),
            format!("items: {}; lower a cap or raise max_score — a total above the maximum reorders the ranking", parts.join(", ")),
            Some(ctx.span(&s.max_score)),
        ));
    }
    Some(ScoreSpec {
        items,
        round: places_of(ctx, &s.round, "the score total")?,
        max_score,
        total_slot,
        proven_max: proven,
    })
}

fn plain_decimal(d: Decimal) -> String {
    d.normalize().to_string()
}

fn compile_allocation(
    ctx: &mut Ctx<'_>,
    a: &model::Allocation,
    scope: &ProgrammeScope,
) -> Option<AllocationSpec> {
    let mut order = Vec::new();
    for key in &a.order {
        let (f, ty) = ctx.formula(&key.by, scope, None, "an ordering key")?;
        if matches!(ty, Type::List(_) | Type::Record(_) | Type::Any) {
            ctx.report(problem(
                "policy::order_key",
                format!("the ranking cannot be ordered by {ty}"),
                "order by a number, an amount, a text, a date or a yes/no, e.g. `count(…)` of a list",
                Some(ctx.span(&key.by)),
            ));
            return None;
        }
        let descending = match key.direction.value.as_str() {
            "desc" => true,
            "asc" => false,
            other => {
                ctx.report(problem(
                    "policy::direction",
                    format!("unknown direction `{other}`"),
                    "write `desc` (largest first) or `asc`",
                    Some(ctx.span(&key.direction)),
                ));
                return None;
            }
        };
        order.push(OrderSpec {
            formula: f,
            descending,
        });
    }
    let awards = ctx
        .constant(&a.awards, scope, &Type::Number, "the number of awards")?
        .as_decimal()?;
    let awards = count_of(ctx, &a.awards, awards, "awards")?;
    let quota = match &a.quota {
        None => None,
        Some(q) => {
            let (counts, _) =
                ctx.formula(&q.counts, scope, Some(&Type::Bool), "the quota's condition")?;
            let share = ctx
                .constant(&q.share, scope, &Type::Number, "the quota's share")?
                .as_decimal()?;
            if share < Decimal::ZERO || share > Decimal::ONE {
                ctx.report(problem(
                    "policy::share",
                    format!("the quota's share is {share}, not a part of the awards"),
                    "write the share as a fraction from 0 to 1, e.g. `1 / 3`",
                    Some(ctx.span(&q.share)),
                ));
                return None;
            }
            let round_up = match q.rounding.value.as_str() {
                "ceil" => true,
                "floor" => false,
                other => {
                    ctx.report(problem(
                        "policy::rounding",
                        format!("unknown rounding `{other}`"),
                        "write `ceil` or `floor`",
                        Some(ctx.span(&q.rounding)),
                    ));
                    return None;
                }
            };
            Some(QuotaSpec {
                counts,
                share,
                round_up,
                flag: q.flag.clone(),
                cite: q.cite.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
            })
        }
    };
    let mut tiers = Vec::new();
    for t in &a.tiers {
        let amount = ctx
            .constant(&t.amount, scope, &Type::Money, "a tier amount")?
            .as_decimal()?;
        if amount < Decimal::ZERO {
            ctx.report(problem(
                "policy::amount",
                format!("a tier amount of {amount}元 takes money from its applicants"),
                "write the amount awarded, 0 or more",
                Some(ctx.span(&t.amount)),
            ));
            return None;
        }
        let size = match &t.size {
            Some(s) => {
                let d = ctx
                    .constant(s, scope, &Type::Number, "a tier size")?
                    .as_decimal()?;
                Some(count_of(ctx, s, d, "awards in a tier")?)
            }
            None => None,
        };
        tiers.push(TierSpec {
            size,
            amount,
            label: t.label.clone(),
        });
    }
    if tiers.is_empty() {
        ctx.report(problem(
            "policy::tiers",
            format!("{awards} awards but no tier says what an award is"),
            "add `tiers:` with at least one `{amount: …}` (the last tier takes the rest)",
            Some(ctx.span(&a.awards)),
        ));
        return None;
    }
    if let (Some(d), 1) = (&a.demotion, tiers.len()) {
        ctx.report(problem(
            "policy::demotion",
            "a demotion moves an awardee down one tier, but there is only one tier",
            "add the tier it moves to, or remove `demotion`",
            Some(ctx.span(&d.when)),
        ));
        return None;
    }
    let demotion = match &a.demotion {
        None => None,
        Some(d) => Some((
            ctx.formula(&d.when, scope, Some(&Type::Bool), "the demotion condition")?
                .0,
            d.flag.clone(),
        )),
    };
    Some(AllocationSpec {
        order,
        awards,
        quota,
        tiers,
        demotion,
        cite: a.cite.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
    })
}

/// A short line per programme, for `fundpolicy list`.
pub fn describe(p: &Programme, lang: Lang) -> String {
    format!("{:<22} {}", p.id, p.title.get(lang))
}
