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
use crate::diag::{Problem, Span};
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
#[derive(Debug, Clone)]
pub struct VerifyError {
    pub code: &'static str,
    pub file: String,
    pub message: String,
    pub help: String,
}

impl Problem for VerifyError {
    fn code(&self) -> &'static str {
        self.code
    }
    fn message(&self) -> String {
        format!("{}: {}", self.file, self.message)
    }
    fn help(&self) -> Option<String> {
        Some(self.help.clone())
    }
    fn labels(&self) -> Vec<(Span, String)> {
        Vec::new()
    }
}

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

fn refuse(file: &str, code: &'static str, lang: Lang, zh: String, en: String) -> VerifyError {
    let (message, help) = match (code, lang) {
        ("verify::no_policy", Lang::Zh) => (
            zh,
            "只能核验带有 `policy` 对象（年度、项目、摘要）的结果：用当前版本的 `fundpolicy evaluate --format json` 重新生成".to_string(),
        ),
        ("verify::no_policy", Lang::En) => (
            en,
            "only results with a `policy` object (year, programme, digest) can be verified: write them again with `fundpolicy evaluate --format json` of this version".to_string(),
        ),
        (_, Lang::Zh) => (
            zh,
            "给出 `fundpolicy evaluate --format json` 写出的结果文件".to_string(),
        ),
        (_, Lang::En) => (
            en,
            "give the results file `fundpolicy evaluate --format json` wrote".to_string(),
        ),
    };
    VerifyError {
        code,
        file: file.to_string(),
        message,
        help,
    }
}

fn not_results(path: &Path, lang: Lang, e: impl std::fmt::Display) -> VerifyError {
    refuse(
        &path.display().to_string(),
        "verify::not_results",
        lang,
        format!("不是评审结果：{e}"),
        format!("not results: {e}"),
    )
}

/// A results file is read as it streams (a million results are never held as JSON
/// values): once for the policy, once to compare.
fn open(path: &Path, lang: Lang) -> Result<std::io::BufReader<std::fs::File>, VerifyError> {
    std::fs::File::open(path)
        .map(|f| std::io::BufReader::with_capacity(1 << 20, f))
        .map_err(|e| not_results(path, lang, e))
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
                return Err(serde::de::Error::custom(format!(
                    "the key `{key}` is given twice"
                )));
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
    let head: Head =
        serde_json::from_reader(open(path, lang)?).map_err(|e| not_results(path, lang, e))?;
    let Some(Json::Object(policy)) = head.policy else {
        return Err(refuse(
            &file,
            "verify::no_policy",
            lang,
            "结果没有 `policy` 对象，无法得知它按哪一版政策计算".into(),
            "the results have no `policy` object: which policy computed them is unknown".into(),
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
            "verify::no_policy",
            lang,
            "`policy` 对象缺少 year、programme 或 digest".into(),
            "the `policy` object lacks its year, programme or digest".into(),
        ));
    };
    // The top-level year and programme are what a reader of the file sees first: they must
    // say what the policy object says.
    let top_year = head.year.as_ref().and_then(Json::as_u64);
    let top_programme = head.programme.as_ref().and_then(Json::as_str);
    if top_year != Some(u64::from(year)) || top_programme != Some(programme.as_str()) {
        let shown = |j: &Option<Json>| match j {
            None => match lang {
                Lang::Zh => "（缺）".to_string(),
                Lang::En => "(absent)".to_string(),
            },
            Some(j) => j.to_string(),
        };
        let (y, p) = (shown(&head.year), shown(&head.programme));
        return Err(VerifyError {
            code: "verify::inconsistent",
            file,
            message: match lang {
                Lang::Zh => format!(
                    "结果顶层写的是年度 {y}、项目 {p}，其 `policy` 对象写的是年度 {year}、项目 \"{programme}\"：无法确定它们按哪项政策计算"
                ),
                Lang::En => format!(
                    "the results say year {y} and programme {p} at the top, but their `policy` object says year {year} and programme \"{programme}\": which policy computed them is unclear"
                ),
            },
            help: match lang {
                Lang::Zh => "结果文件经过改动：用 `fundpolicy evaluate --format json` 写出的原文件核验".into(),
                Lang::En => "the results file has been edited: verify the file `fundpolicy evaluate --format json` wrote".into(),
            },
        });
    }
    let inputs = match head.inputs {
        None => None,
        Some(list) => Some(
            serde_json::from_value::<Vec<InputPrint>>(list).map_err(|e| {
                not_results(
                    path,
                    lang,
                    format!("the `inputs` list is not [{{file, sha256, records}}]: {e}"),
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
        out.push_str(&match lang {
            Lang::Zh => format!("注意：结果中的这些键本版本不认识，未核验：{keys}\n"),
            Lang::En => {
                format!("note: these keys of the results are unknown to this version and not verified: {keys}\n")
            }
        });
    }
    let print = |p: &InputPrint| match lang {
        Lang::Zh => format!("sha256 {}，{}条", p.sha256, p.records),
        Lang::En => format!(
            "sha256 {}, {}",
            p.sha256,
            super::counted(p.records, "record", "records")
        ),
    };
    for d in inputs {
        out.push_str(&match (d, lang) {
            (InputDifference::Unrecorded, Lang::Zh) => {
                "警告：结果没有 `inputs` 列表，无法核对它们由哪些输入文件算出\n".to_string()
            }
            (InputDifference::Unrecorded, Lang::En) => {
                "warning: the results have no `inputs` list: which files they were computed from cannot be checked\n".to_string()
            }
            (InputDifference::Changed { published, now }, Lang::Zh) => format!(
                "警告：输入 {} 不是结果所用的文件：结果中为 {}，现在为 {}\n",
                now.file,
                print(published),
                print(now)
            ),
            (InputDifference::Changed { published, now }, Lang::En) => format!(
                "warning: input {} is not the file the results were computed from: {} in the results, {} now\n",
                now.file,
                print(published),
                print(now)
            ),
            (InputDifference::Missing(p), Lang::Zh) => {
                format!("警告：输入 {}（{}）在结果中，但没有给出\n", p.file, print(p))
            }
            (InputDifference::Missing(p), Lang::En) => format!(
                "warning: input {} ({}) is in the results but was not given\n",
                p.file,
                print(p)
            ),
            (InputDifference::Extra(p), Lang::Zh) => {
                format!("警告：给出的输入 {}（{}）不在结果中\n", p.file, print(p))
            }
            (InputDifference::Extra(p), Lang::En) => format!(
                "warning: input {} ({}) was given but is not in the results\n",
                p.file,
                print(p)
            ),
        });
    }
    out
}

/// The refusal when the rules have changed since the results: both digests named.
pub fn policy_changed(file: &str, published: &Published, now: &Policy, lang: Lang) -> VerifyError {
    let then = match (&published.source, lang) {
        (Some(s), _) => source_text(s, lang),
        (None, Lang::Zh) => "（未注明来源）",
        (None, Lang::En) => "(source not stated)",
    };
    let here = source_text(&now.source, lang);
    let (message, help) = match lang {
        Lang::Zh => (
            format!(
                "政策在这些结果之后有了改动：结果按 {then} 的{year}年政策 {} 计算，{here} 中的{year}年政策现在是 {}",
                published.digest,
                now.digest,
                year = published.year
            ),
            "用计算这些结果时的政策文件夹核验（--policies），或重新评审并发布新结果".to_string(),
        ),
        Lang::En => (
            format!(
                "the policy has changed since these results: they were computed under {year} {then} {}, and {year} in {here} is now {}",
                published.digest,
                now.digest,
                year = published.year
            ),
            "verify against the policy folder the results were computed under (--policies), or evaluate again and publish new results".to_string(),
        ),
    };
    VerifyError {
        code: "verify::policy_changed",
        file: file.to_string(),
        message,
        help,
    }
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
        None => match lang {
            Lang::Zh => "（缺）".into(),
            Lang::En => "(absent)".into(),
        },
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
                return Err(serde::de::Error::custom(format!("result {n} has no `id`")));
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
    };
    let mut reader = serde_json::Deserializer::from_reader(open(path, lang)?);
    Document(&mut pairing)
        .deserialize(&mut reader)
        .and_then(|()| reader.end())
        .map_err(|e| not_results(path, lang, e))?;
    if !pairing.results {
        return Err(not_results(path, lang, "no `results` list"));
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

/// The label of a result key in the report's language.
fn label(field: &str, lang: Lang) -> String {
    let (key, item) = field
        .split_once('.')
        .map_or((field, None), |(k, i)| (k, Some(i)));
    let zh = match key {
        "status" => "状态",
        "failed_rules" => "未通过的条件",
        "errors" => "数据错误",
        "scores" => "分项得分",
        "score" => "总分",
        "rank" => "排名",
        "awarded" => "是否获奖补",
        "tier" => "等级",
        "award" => "奖补金额",
        "flags" => "标记",
        "missing_documents" => "缺少的材料",
        "records" => "申报数",
        "eligible" => "符合条件",
        "ineligible" => "不符合条件",
        "invalid" => "无效",
        "total_award" => "奖补总额",
        _ => "",
    };
    match (lang, item) {
        (Lang::Zh, Some(item)) if !zh.is_empty() => format!("{zh} {item}（{field}）"),
        (Lang::Zh, None) if !zh.is_empty() => format!("{zh}（{field}）"),
        _ => field.to_string(),
    }
}

/// The report: every difference, the ids found on one side only, and a summary line.
pub fn text(verdict: &Verdict, lang: Lang) -> String {
    let mut out = String::new();
    let zh = lang == Lang::Zh;
    for d in verdict.differences.iter().chain(&verdict.summary) {
        let id = if d.id == "summary" && zh {
            "汇总"
        } else {
            &d.id
        };
        let sep = if zh { "：" } else { ": " };
        out.push_str(&format!(
            "{id}{sep}{} {} → {}\n",
            label(&d.field, lang),
            d.published,
            d.now
        ));
    }
    for id in &verdict.only_published {
        out.push_str(&if zh {
            format!("{id}：在结果中，输入中没有\n")
        } else {
            format!("{id}: in the results, not in the inputs\n")
        });
    }
    for id in &verdict.only_inputs {
        out.push_str(&if zh {
            format!("{id}：在输入中，结果中没有\n")
        } else {
            format!("{id}: in the inputs, not in the results\n")
        });
    }
    let (n, d, p, i) = (
        verdict.compared,
        verdict.differing,
        verdict.only_published.len(),
        verdict.only_inputs.len(),
    );
    let summary_differs = !verdict.summary.is_empty();
    out.push_str(&match (verdict.matches(), zh) {
        (true, true) => format!("一致：{n}条结果全部与重新评审相同\n"),
        (true, false) if n == 1 => "match: the result is the same when evaluated again\n".into(),
        (true, false) => format!("match: all {n} results are the same when evaluated again\n"),
        (false, true) => format!(
            "不一致：核对{n}条，{d}条不同，{p}条只在结果中，{i}条只在输入中{}\n",
            if summary_differs { "，汇总不同" } else { "" }
        ),
        (false, false) => format!(
            "DIFFERENT: {n} compared, {d} differ, {p} only in the results, {i} only in the inputs{}\n",
            if summary_differs {
                ", the summary differs"
            } else {
                ""
            }
        ),
    });
    out
}
