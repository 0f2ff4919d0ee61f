//! `fundpolicy verify RESULTS.json INPUT…`: published results (the JSON contract) read back
//! and compared with a fresh evaluation of the same inputs under the policy they name.
//!
//! The results' `policy` object says which year and programme, and the digest of the rules
//! they were computed under; a policy whose digest differs now is refused, naming both
//! digests: the results cannot be checked against other rules. Outcomes are paired by id
//! (the k-th record of an id with the k-th) and compared key by key; decimal strings by
//! value, so `"200000.0"` and `"200000.00"` agree. Errors are compared by their field only:
//! their messages are in the language of the run that wrote them. A value the results hold
//! and evaluating again does not give is a difference too.
//!
//! The top-level `year` and `programme` must say what the `policy` object says, and no key
//! may be given twice: a file that reads two ways is refused. Top-level keys this version
//! does not know are not refused (the contract only grows) but named as not verified.
//! The `inputs` list (each file's SHA-256 and records) is compared with the inputs given,
//! matched by their bytes whatever their names: inputs that are not the published ones are
//! warnings, and when every outcome still matches the command exits 3, not 0.

use super::{result_json, source_text, summary_json};
use crate::Lang;
use crate::diag::Code;
use crate::diag::{Diagnostic, Words};
use crate::engine::Outcome;
use crate::input::fingerprint::InputPrint;
use crate::policy::{Policy, Programme};
use rust_decimal::Decimal;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

/// Results that cannot be verified: not the JSON contract, or without a `policy` object.
/// Worded when made, in the language of the command (the file put before the message).
pub type VerifyError = Diagnostic;

/// What published results say about the policy that computed them (`evaluate --format
/// json` writes it in its `policy` object) and the inputs they were computed from.
#[derive(Debug)]
pub struct Published {
    pub year: u32,
    pub programme: String,
    /// `None` when the policy object does not say (it is only shown).
    pub source: Option<String>,
    pub digest: String,
    /// The fundpolicy that wrote them; `None` when the policy object does not say.
    pub version: Option<String>,
    /// The `inputs` list; `None` in results written before inputs were fingerprinted.
    pub inputs: Option<Vec<InputPrint>>,
    /// Top-level keys this version does not know: not verified, and said so.
    pub unknown: Vec<String>,
}

/// The top-level keys of the JSON contract that `verify` reads. Any other key is not
/// refused (the contract only grows: results of a later version may hold more), but
/// reported as not verified. `warnings` decide nothing: evaluating the inputs again says
/// them again, on standard error.
pub const KNOWN_KEYS: [&str; 7] = [
    "year",
    "programme",
    "policy",
    "inputs",
    "warnings",
    "results",
    "summary",
];

/// A refusal worded by the catalogue: `key` and its `.help`.
fn refuse(
    file: &str,
    code: Code,
    lang: Lang,
    key: &str,
    args: &[(&str, crate::i18n::Arg<'_>)],
) -> VerifyError {
    let message = crate::i18n::text(lang, key, args);
    let message = crate::t!(lang, "verify-in_file", file = file, message = &message);
    let help = crate::i18n::text(lang, &format!("{key}.help"), args);
    Diagnostic::new(code, Words::worded(message)).help_by(Words::worded(help))
}

fn not_results(path: &Path, lang: Lang, reason: String) -> VerifyError {
    refuse(
        &path.display().to_string(),
        Code::VerifyNotResults,
        lang,
        "verify-not_results",
        &[("reason", reason.into())],
    )
}

/// Why a file could not be read as results, in words: a file that cannot be opened, JSON
/// that does not parse, or JSON that is not the results' shape (with its line and column).
fn reason(lang: Lang, e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    // serde_json ends its message with the place; the place is said in words here.
    let detail = e.to_string();
    // Its own backticks are taken out: the detail is shown as one piece of code.
    let detail = match detail.rfind(" at line ") {
        Some(at) => detail[..at].replace('`', "'"),
        None => detail.replace('`', "'"),
    };
    let (line, column) = (e.line(), e.column());
    match e.classify() {
        Category::Io => crate::t!(lang, "verify-reason-io", detail = detail),
        Category::Syntax | Category::Eof => crate::t!(
            lang,
            "verify-reason-syntax",
            line = line,
            column = column,
            detail = detail
        ),
        Category::Data => crate::t!(
            lang,
            "verify-reason-data",
            line = line,
            column = column,
            detail = detail
        ),
    }
}

fn io_reason(lang: Lang, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => crate::t!(lang, "verify-reason-io-not_found"),
        std::io::ErrorKind::PermissionDenied => crate::t!(lang, "verify-reason-io-denied"),
        _ => crate::t!(lang, "verify-reason-io", detail = e.to_string()),
    }
}

/// A results file is read as it streams (a million results are never held as JSON
/// values): once for the policy, once to compare.
fn open(path: &Path, lang: Lang) -> Result<std::io::BufReader<std::fs::File>, VerifyError> {
    std::fs::File::open(path)
        .map(|f| std::io::BufReader::with_capacity(1 << 20, f))
        .map_err(|e| not_results(path, lang, io_reason(lang, &e)))
}

/// The top of a results file: the policy object, the top-level year and programme, the
/// inputs and the names of unknown keys; the results are skipped unread.
#[derive(Default)]
struct Head {
    policy: Option<Json>,
    year: Option<Json>,
    programme: Option<Json>,
    inputs: Option<Json>,
    unknown: Vec<String>,
    /// A key given twice: reading stops there, and the refusal names it.
    twice: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Head {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Head, D::Error> {
        d.deserialize_map(HeadVisitor)
    }
}

struct HeadVisitor;

impl<'de> Visitor<'de> for HeadVisitor {
    type Value = Head;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object with `policy` and `results`")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head, A::Error> {
        let mut head = Head::default();
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            // A key given twice would let two readers of one file see two answers.
            if seen.contains(&key) {
                head.twice = Some(key);
                map.next_value::<IgnoredAny>()?;
                while map.next_key::<IgnoredAny>()?.is_some() {
                    map.next_value::<IgnoredAny>()?;
                }
                return Ok(head);
            }
            let slot = match key.as_str() {
                "policy" => &mut head.policy,
                "year" => &mut head.year,
                "programme" => &mut head.programme,
                "inputs" => &mut head.inputs,
                known => {
                    if !KNOWN_KEYS.contains(&known) {
                        head.unknown.push(key.clone());
                    }
                    map.next_value::<IgnoredAny>()?;
                    seen.push(key);
                    continue;
                }
            };
            *slot = Some(map.next_value()?);
            seen.push(key);
        }
        Ok(head)
    }
}

/// Reads the policy that published results name; refuses a file that is not the JSON
/// contract, names no policy, or whose top-level year and programme are not its policy's.
pub fn read(path: &Path, lang: Lang) -> Result<Published, VerifyError> {
    let file = path.display().to_string();
    let head: Head = serde_json::from_reader(open(path, lang)?)
        .map_err(|e| not_results(path, lang, reason(lang, &e)))?;
    if let Some(key) = &head.twice {
        return Err(not_results(
            path,
            lang,
            crate::t!(lang, "verify-reason-twice", key = key),
        ));
    }
    let Some(Json::Object(policy)) = head.policy else {
        return Err(refuse(
            &file,
            Code::VerifyNoPolicy,
            lang,
            "verify-no_policy",
            &[],
        ));
    };
    let text_of = |key: &str| policy.get(key).and_then(Json::as_str).map(str::to_string);
    let year = policy
        .get("year")
        .and_then(|y| y.as_u64())
        .and_then(|y| u32::try_from(y).ok());
    let (Some(year), Some(programme), Some(digest)) =
        (year, text_of("programme"), text_of("digest"))
    else {
        return Err(refuse(
            &file,
            Code::VerifyNoPolicy,
            lang,
            "verify-no_policy-incomplete",
            &[],
        ));
    };
    // The top-level year and programme are what a reader of the file sees first: they must
    // say what the policy object says.
    let top_year = head.year.as_ref().and_then(Json::as_u64);
    let top_programme = head.programme.as_ref().and_then(Json::as_str);
    if top_year != Some(u64::from(year)) || top_programme != Some(programme.as_str()) {
        let shown = |j: &Option<Json>| match j {
            None => crate::t!(lang, "verify-absent"),
            Some(j) => j.to_string(),
        };
        return Err(refuse(
            &file,
            Code::VerifyInconsistent,
            lang,
            "verify-inconsistent",
            &[
                ("top_year", shown(&head.year).into()),
                ("top_programme", shown(&head.programme).into()),
                ("year", year.to_string().into()),
                ("programme", programme.as_str().into()),
            ],
        ));
    }
    let inputs = match head.inputs {
        None => None,
        Some(list) => Some(
            serde_json::from_value::<Vec<InputPrint>>(list).map_err(|e| {
                not_results(
                    path,
                    lang,
                    crate::t!(
                        lang,
                        "verify-reason-inputs",
                        detail = e.to_string().replace('`', "'")
                    ),
                )
            })?,
        ),
    };
    Ok(Published {
        year,
        programme,
        source: text_of("source"),
        digest,
        version: text_of("fundpolicy_version"),
        inputs,
        unknown: head.unknown,
    })
}

/// An input given to `verify` that is not one the results name, or the reverse. Inputs are
/// matched by their bytes (SHA-256 and records), whatever their names; what is left is
/// paired by name.
#[derive(Debug, Clone, PartialEq)]
pub enum InputDifference {
    /// The results hold no `inputs` list (written before inputs were fingerprinted).
    Unrecorded,
    /// A file of the same name with other bytes.
    Changed {
        published: InputPrint,
        now: InputPrint,
    },
    /// In the results, not given.
    Missing(InputPrint),
    /// Given, not in the results.
    Extra(InputPrint),
}

/// The inputs given beside those the results name.
pub fn compare_inputs(
    published: Option<&[InputPrint]>,
    given: &[InputPrint],
) -> Vec<InputDifference> {
    let Some(published) = published else {
        return vec![InputDifference::Unrecorded];
    };
    let mut left: Vec<&InputPrint> = published.iter().collect();
    let mut unmatched = Vec::new();
    for g in given {
        match left
            .iter()
            .position(|p| p.sha256 == g.sha256 && p.records == g.records)
        {
            Some(i) => {
                left.remove(i);
            }
            None => unmatched.push(g),
        }
    }
    let mut out = Vec::new();
    for g in unmatched {
        match left.iter().position(|p| p.file == g.file) {
            Some(i) => out.push(InputDifference::Changed {
                published: left.remove(i).clone(),
                now: g.clone(),
            }),
            None => out.push(InputDifference::Extra(g.clone())),
        }
    }
    out.extend(left.into_iter().cloned().map(InputDifference::Missing));
    out
}

/// The lines that say what is known but not verified: keys of the results this version
/// does not read, and inputs that are not the files the results name.
pub fn notes(published: &Published, inputs: &[InputDifference], lang: Lang) -> String {
    let mut out = String::new();
    if !published.unknown.is_empty() {
        let keys = published.unknown.join(", ");
        out.push_str(&crate::t!(lang, "verify-note-unknown_keys", keys = keys));
        out.push('\n');
    }
    let print = |p: &InputPrint| {
        crate::t!(
            lang,
            "verify-input-print",
            sha256 = &p.sha256,
            records = p.records
        )
    };
    for d in inputs {
        out.push_str(&match d {
            InputDifference::Unrecorded => crate::t!(lang, "verify-input-unrecorded"),
            InputDifference::Changed { published, now } => crate::t!(
                lang,
                "verify-input-changed",
                file = &now.file,
                published = print(published),
                now = print(now)
            ),
            InputDifference::Missing(p) => crate::t!(
                lang,
                "verify-input-missing",
                file = &p.file,
                print = print(p)
            ),
            InputDifference::Extra(p) => {
                crate::t!(lang, "verify-input-extra", file = &p.file, print = print(p))
            }
        });
        out.push('\n');
    }
    out
}

/// The refusal when the rules have changed since the results: both digests named.
pub fn policy_changed(file: &str, published: &Published, now: &Policy, lang: Lang) -> VerifyError {
    let then = match &published.source {
        Some(s) => source_text(s, lang).to_string(),
        None => crate::t!(lang, "verify-source-unstated"),
    };
    let here = source_text(&now.source, lang);
    refuse(
        file,
        Code::VerifyPolicyChanged,
        lang,
        "verify-policy_changed",
        &[
            ("year", published.year.to_string().into()),
            ("then", then.into()),
            ("published", published.digest.as_str().into()),
            ("here", here.into()),
            ("now", now.digest.as_str().into()),
        ],
    )
}

/// One value that differs: the record, the key (`award`, `scores.usage`), then and now.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub id: String,
    pub field: String,
    pub published: String,
    pub now: String,
}

/// What verifying found.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Records in both the results and the inputs.
    pub compared: usize,
    /// Records with at least one difference.
    pub differing: usize,
    pub differences: Vec<Difference>,
    /// Ids in the results with no record in the inputs.
    pub only_published: Vec<String>,
    /// Ids in the inputs the results do not hold.
    pub only_inputs: Vec<String>,
    /// Differences in the summary (counts and total award).
    pub summary: Vec<Difference>,
}

impl Verdict {
    pub fn matches(&self) -> bool {
        self.differences.is_empty()
            && self.only_published.is_empty()
            && self.only_inputs.is_empty()
            && self.summary.is_empty()
    }
}

fn decimal(j: &Json) -> Option<Decimal> {
    match j {
        Json::String(s) => Decimal::from_str(s).ok(),
        Json::Number(n) => Decimal::from_str(&n.to_string()).ok(),
        _ => None,
    }
}

/// Equal as the contract means it: decimals by value, lists item by item, errors by field.
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Json::Object(x), Json::Object(y)) if x.contains_key("field") => {
            x.get("field") == y.get("field")
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => match (decimal(a), decimal(b)) {
            (Some(p), Some(q)) => p == q,
            _ => a == b,
        },
    }
}

/// A value as a difference line shows it.
fn show(j: Option<&Json>, lang: Lang) -> String {
    match j {
        None => crate::t!(lang, "verify-absent"),
        Some(Json::Null) => "null".into(),
        Some(Json::String(s)) => s.clone(),
        Some(Json::Array(items)) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| match i {
                    Json::Object(e) => show(e.get("field"), lang),
                    other => show(Some(other), lang),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Some(other) => other.to_string(),
    }
}

/// Each key of `now` that `published` does not hold the same, as differences of `id`
/// (item scores one by one, as `scores.ITEM`).
fn differences(
    id: &str,
    published: &Map<String, Json>,
    now: &Map<String, Json>,
    lang: Lang,
    out: &mut Vec<Difference>,
) {
    for (key, value) in now {
        if key == "id" {
            continue;
        }
        match (key.as_str(), published.get(key), value) {
            ("scores", Some(Json::Object(old)), Json::Object(new)) => {
                let mut items: Vec<&String> = new.keys().collect();
                items.extend(old.keys().filter(|k| !new.contains_key(*k)));
                for item in items {
                    let (a, b) = (old.get(item), new.get(item));
                    if !matches!((a, b), (Some(a), Some(b)) if same(a, b)) {
                        out.push(Difference {
                            id: id.to_string(),
                            field: format!("scores.{item}"),
                            published: show(a, lang),
                            now: show(b, lang),
                        });
                    }
                }
            }
            (_, Some(old), new) if same(old, new) => {}
            (_, old, new) => out.push(Difference {
                id: id.to_string(),
                field: key.clone(),
                published: show(old, lang),
                now: show(Some(new), lang),
            }),
        }
    }
    // A value the results hold that evaluating again does not give is not verified: it
    // differs.
    for (key, value) in published {
        if key != "id" && !now.contains_key(key) {
            out.push(Difference {
                id: id.to_string(),
                field: key.clone(),
                published: show(Some(value), lang),
                now: show(None, lang),
            });
        }
    }
}

/// No further record of this id.
const NONE: usize = usize::MAX;

/// The outcomes by id, and what comparing has found so far.
struct Pairing<'a> {
    programme: &'a Programme,
    outcomes: &'a [Outcome],
    /// The first outcome of each id not yet paired.
    first: HashMap<&'a str, usize>,
    /// The next outcome of the same id after each (`NONE` after the last).
    next: Vec<usize>,
    paired: Vec<bool>,
    lang: Lang,
    verdict: Verdict,
    results: bool,
    summary: Option<Json>,
    /// The number of a result without an `id` (reading stops there).
    no_id: Option<usize>,
}

impl Pairing<'_> {
    /// One published result, paired with the first unpaired outcome of its id: the k-th
    /// published record of an id with the k-th evaluated one (duplicate ids are each
    /// reported `invalid`, and still compared).
    fn one(&mut self, old: &Map<String, Json>, id: &str) {
        let Some(slot) = self.first.get_mut(id).filter(|at| **at != NONE) else {
            self.verdict.only_published.push(id.to_string());
            return;
        };
        let at = *slot;
        *slot = self.next[at];
        self.paired[at] = true;
        let Json::Object(now) = result_json(self.programme, &self.outcomes[at]) else {
            return;
        };
        self.verdict.compared += 1;
        let before = self.verdict.differences.len();
        differences(id, old, &now, self.lang, &mut self.verdict.differences);
        if self.verdict.differences.len() > before {
            self.verdict.differing += 1;
        }
    }
}

/// The document: `results` compared one by one as they are read, `summary` kept, the
/// rest skipped.
struct Document<'p, 'a>(&'p mut Pairing<'a>);

impl<'de> DeserializeSeed<'de> for Document<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object with `results`")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "results" => {
                    map.next_value_seed(Results(&mut *self.0))?;
                    self.0.results = true;
                }
                "summary" => self.0.summary = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The `results` list, each compared as soon as it is read.
struct Results<'p, 'a>(&'p mut Pairing<'a>);

impl<'de> DeserializeSeed<'de> for Results<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Results<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of results")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        while let Some(r) = seq.next_element::<Map<String, Json>>()? {
            n += 1;
            let Some(Json::String(id)) = r.get("id") else {
                // Said in the run's language once reading has stopped.
                self.0.no_id = Some(n);
                return Err(serde::de::Error::custom("no id"));
            };
            self.0.one(&r, id);
        }
        Ok(())
    }
}

/// Compares published results with the outcomes of evaluating the inputs again, reading
/// the results as they stream.
pub fn compare(
    path: &Path,
    programme: &Programme,
    outcomes: &[Outcome],
    lang: Lang,
) -> Result<Verdict, VerifyError> {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(outcomes.len());
    let mut next = vec![NONE; outcomes.len()];
    // Chained from the last, so each id's chain runs in input order.
    for (i, o) in outcomes.iter().enumerate().rev() {
        if let Some(later) = first.insert(&o.id, i) {
            next[i] = later;
        }
    }
    let mut pairing = Pairing {
        programme,
        outcomes,
        first,
        next,
        paired: vec![false; outcomes.len()],
        lang,
        verdict: Verdict::default(),
        results: false,
        summary: None,
        no_id: None,
    };
    let mut reader = serde_json::Deserializer::from_reader(open(path, lang)?);
    Document(&mut pairing)
        .deserialize(&mut reader)
        .and_then(|()| reader.end())
        .map_err(|e| match pairing.no_id {
            Some(n) => not_results(path, lang, crate::t!(lang, "verify-reason-no_id", n = n)),
            None => not_results(path, lang, reason(lang, &e)),
        })?;
    if !pairing.results {
        return Err(not_results(
            path,
            lang,
            crate::t!(lang, "verify-reason-no_results"),
        ));
    }
    let mut verdict = pairing.verdict;
    verdict.only_inputs = outcomes
        .iter()
        .zip(&pairing.paired)
        .filter(|(_, paired)| !**paired)
        .map(|(o, _)| o.id.to_string())
        .collect();
    if let (Some(Json::Object(old)), Json::Object(now)) = (&pairing.summary, summary_json(outcomes))
    {
        differences("summary", old, &now, lang, &mut verdict.summary);
    }
    Ok(verdict)
}

/// The label of a result key in the report's language: `奖补金额（award）`, or the key in
/// English.
fn label(field: &str, lang: Lang) -> String {
    let (key, item) = field
        .split_once('.')
        .map_or((field, None), |(k, i)| (k, Some(i)));
    let name = match key {
        "status" => "verify-field-status",
        "failed_rules" => "verify-field-failed_rules",
        "errors" => "verify-field-errors",
        "scores" => "verify-field-scores",
        "score" => "verify-field-score",
        "rank" => "verify-field-rank",
        "awarded" => "verify-field-awarded",
        "tier" => "verify-field-tier",
        "award" => "verify-field-award",
        "flags" => "verify-field-flags",
        "missing_documents" => "verify-field-missing_documents",
        "records" => "verify-field-records",
        "eligible" => "verify-field-eligible",
        "ineligible" => "verify-field-ineligible",
        "invalid" => "verify-field-invalid",
        "total_award" => "verify-field-total_award",
        _ => return field.to_string(),
    };
    let label = match item {
        Some(item) => format!("{} {item}", crate::t!(lang, name)),
        None => crate::t!(lang, name),
    };
    crate::t!(lang, "verify-labelled", label = label, field = field)
}

/// The report: every difference, the ids found on one side only, and a summary line.
pub fn text(verdict: &Verdict, lang: Lang) -> String {
    let mut out = String::new();
    for d in verdict.differences.iter().chain(&verdict.summary) {
        let id = if d.id == "summary" {
            crate::t!(lang, "verify-summary-id")
        } else {
            d.id.clone()
        };
        out.push_str(&crate::t!(
            lang,
            "verify-difference",
            id = id,
            field = label(&d.field, lang),
            published = &d.published,
            now = &d.now
        ));
        out.push('\n');
    }
    for id in &verdict.only_published {
        out.push_str(&crate::t!(lang, "verify-only_published", id = id));
        out.push('\n');
    }
    for id in &verdict.only_inputs {
        out.push_str(&crate::t!(lang, "verify-only_inputs", id = id));
        out.push('\n');
    }
    let (n, d, p, i) = (
        verdict.compared,
        verdict.differing,
        verdict.only_published.len(),
        verdict.only_inputs.len(),
    );
    let summary = if verdict.summary.is_empty() {
        "no"
    } else {
        "yes"
    };
    out.push_str(&if verdict.matches() {
        crate::t!(lang, "verify-match", n = n)
    } else {
        crate::t!(
            lang,
            "verify-different",
            n = n,
            differ = d,
            published = p,
            inputs = i,
            summary = summary
        )
    });
    out.push('\n');
    out
}
