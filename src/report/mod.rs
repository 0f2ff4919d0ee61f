//! Reports of a batch: JSON (the stable contract in PRODUCT.md), a terminal table, CSV, and
//! the explanation of one record.

use crate::Lang;
use crate::engine::{Outcome, Status};
use crate::input::fingerprint::InputPrint;
use crate::policy::{Policy, Programme};
use crate::value::{Value, plain, push_fixed, push_plain, round_half_away};
use rust_decimal::Decimal;
use serde_json::{Map, Value as Json, json};
use std::io::Write;

pub mod machine;
pub mod verify;
pub mod xlsx;

/// `1 record`, `2 records`: a count with its English noun (Chinese needs no plural).
pub fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A formula as one line, however it was wrapped in its YAML file.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
use unicode_width::UnicodeWidthStr;

/// `d` with exactly `dp` decimals, rounded as the engine rounds (half away from zero): a
/// number shown anywhere agrees with the one a formula's `round` would give.
pub(crate) fn fixed(d: Decimal, dp: u32) -> String {
    let mut text = String::new();
    push_fixed(&mut text, round_half_away(d, dp), dp);
    text
}

/// Yuan with two decimals, as JSON and CSV carry money.
pub(crate) fn yuan(d: Decimal) -> String {
    fixed(d, 2)
}

const WAN: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

/// An amount in 万元, to the 元 (two decimals of 万元 are a hundred yuan).
pub(crate) fn wan(d: Decimal) -> String {
    // Dividing by 10⁴ cannot overflow, and a quotient past 28 decimals is rounded far
    // below the two shown.
    fixed(d / WAN, 2)
}

/// What a report shows for a total of amounts past the largest decimal.
pub(crate) const NO_TOTAL: &str = "—";

pub(crate) fn score_places(programme: &Programme) -> u32 {
    programme.scores.as_ref().map_or(2, |s| s.round)
}

pub(crate) fn score_text(programme: &Programme, d: Decimal) -> String {
    fixed(d, score_places(programme))
}

/// The policy a report was computed under, as the JSON contract carries it: year,
/// programme, where the rules were read (`builtin` or the folder as given), their digest
/// and the version of fundpolicy that applied them.
pub fn policy_json(policy: &Policy, programme: &str) -> Json {
    json!({
        "year": policy.year,
        "programme": programme,
        "source": policy.source,
        "digest": policy.digest,
        "fundpolicy_version": env!("CARGO_PKG_VERSION"),
    })
}

/// The policy source in words: `内置` / `built-in`, or the folder as given.
pub fn source_text(source: &str, lang: Lang) -> &str {
    match (source, lang) {
        ("builtin", Lang::Zh) => "内置",
        ("builtin", Lang::En) => "built-in",
        (folder, _) => folder,
    }
}

/// A digest as text shows it: `sha256:` and the first twelve hex digits.
pub fn short_digest(digest: &str) -> String {
    let (scheme, hex) = digest.split_once(':').unwrap_or(("", digest));
    let short: String = hex.chars().take(12).collect();
    let more = if hex.chars().count() > 12 { "…" } else { "" };
    if scheme.is_empty() {
        format!("{short}{more}")
    } else {
        format!("{scheme}:{short}{more}")
    }
}

/// The line every text report starts with: which policies it used.
/// `政策：2020年 内置（sha256:3f2a9c…）` / `Policy: 2020, built-in (sha256:3f2a9c…)`.
pub fn policy_line(policy: &Policy, lang: Lang) -> String {
    let source = source_text(&policy.source, lang);
    let digest = short_digest(&policy.digest);
    match lang {
        Lang::Zh => format!("政策：{}年 {source}（{digest}）\n", policy.year),
        Lang::En => format!("Policy: {}, {source} ({digest})\n", policy.year),
    }
}

/// The scoring items of an outcome, in the policy's order.
pub(crate) fn item_scores(programme: &Programme, o: &Outcome) -> Vec<(String, Decimal)> {
    let Some(scores) = &programme.scores else {
        return Vec::new();
    };
    scores
        .items
        .iter()
        .zip(&o.scores)
        .map(|(&slot, d)| (programme.values[slot].id.clone(), *d))
        .collect()
}

/// The counts every report ends with.
pub(crate) struct Summary {
    records: usize,
    eligible: usize,
    ineligible: usize,
    invalid: usize,
    awarded: usize,
    /// `None` past the largest decimal.
    total_award: Option<Decimal>,
}

pub(crate) fn summary(outcomes: &[Outcome]) -> Summary {
    let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    Summary {
        records: outcomes.len(),
        eligible: count(Status::Eligible),
        ineligible: count(Status::Ineligible),
        invalid: count(Status::Invalid),
        awarded: outcomes.iter().filter(|o| o.awarded).count(),
        total_award: crate::value::checked_sum(
            outcomes
                .iter()
                .filter(|o| o.awarded)
                .filter_map(|o| o.award),
        ),
    }
}

/// One result of the JSON contract.
pub(crate) fn result_json(programme: &Programme, o: &Outcome) -> Json {
    let mut scores = Map::new();
    for (id, d) in item_scores(programme, o) {
        scores.insert(id, Json::String(plain(d)));
    }
    json!({
        "id": &*o.id,
        "status": o.status.as_str(),
        "failed_rules": o.failed_rules(),
        "errors": o.errors(),
        "scores": scores,
        "score": o.score.map(|s| score_text(programme, s)),
        "rank": o.rank,
        "awarded": o.awarded,
        "tier": o.tier,
        "award": o.award.map(yuan),
        "flags": o.flags(),
        // null: the record did not say which documents it supplied, so none were checked.
        "missing_documents": o.checked_documents(),
    })
}

/// The summary of the JSON contract.
pub(crate) fn summary_json(outcomes: &[Outcome]) -> Json {
    let sum = summary(outcomes);
    json!({
        "records": sum.records,
        "eligible": sum.eligible,
        "ineligible": sum.ineligible,
        "invalid": sum.invalid,
        "awarded": sum.awarded,
        "total_award": sum.total_award.map(yuan),
    })
}

/// The results, serialized one at a time as the output is written.
struct Results<'a> {
    programme: &'a Programme,
    outcomes: &'a [Outcome],
}

impl serde::Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.outcomes.len()))?;
        for o in self.outcomes {
            seq.serialize_element(&result_json(self.programme, o))?;
        }
        seq.end()
    }
}

#[derive(serde::Serialize)]
struct Document<'a> {
    year: u32,
    programme: &'a str,
    policy: Json,
    /// The files the results were computed from, each with the SHA-256 of its bytes.
    inputs: &'a [InputPrint],
    warnings: &'a [crate::warning::Warning],
    results: Results<'a>,
    summary: Json,
}

/// Writes the JSON contract of PRODUCT.md, streaming the results.
pub fn write_json(
    policy: &Policy,
    programme: &Programme,
    inputs: &[InputPrint],
    outcomes: &[Outcome],
    warnings: &[crate::warning::Warning],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let doc = Document {
        year: policy.year,
        programme: &programme.id,
        policy: policy_json(policy, &programme.id),
        inputs,
        warnings,
        results: Results {
            programme,
            outcomes,
        },
        summary: summary_json(outcomes),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

pub(crate) fn status_text(s: Status, lang: Lang) -> &'static str {
    match (s, lang) {
        (Status::Eligible, Lang::Zh) => "符合",
        (Status::Ineligible, Lang::Zh) => "不符合",
        (Status::Invalid, Lang::Zh) => "无效",
        (s, Lang::En) => s.as_str(),
    }
}

fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// Something the policy names by id and describes in words: rules and flags by their
/// message, documents by their label.
pub(crate) trait Described {
    fn id(&self) -> &str;
    fn words(&self) -> &crate::policy::model::Text;
}

impl Described for crate::policy::RuleSpec {
    fn id(&self) -> &str {
        &self.id
    }
    fn words(&self) -> &crate::policy::model::Text {
        &self.message
    }
}

impl Described for crate::policy::DocumentSpec {
    fn id(&self) -> &str {
        &self.id
    }
    fn words(&self) -> &crate::policy::model::Text {
        &self.label
    }
}

/// The words for each id (the id itself where the policy has none), joined by `sep`.
pub(crate) fn described<D: Described>(
    ids: &[String],
    items: &[D],
    lang: Lang,
    sep: &str,
) -> String {
    ids.iter()
        .map(|id| {
            items
                .iter()
                .find(|item| item.id() == id)
                .map(|item| item.words().get(lang))
                .filter(|words| !words.is_empty())
                .map_or_else(|| id.clone(), str::to_string)
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// An error as the table, CSV and explanation show it: its place, field and message
/// (`a.csv:12: revenue_2019: …`; the field left out when the error is about the record).
pub fn error_text(e: &crate::records::FieldError) -> String {
    let mut text = String::new();
    if let Some(l) = &e.location {
        text.push_str(&format!("{l}: "));
    }
    if !e.field.is_empty() {
        text.push_str(&format!("{}: ", e.field));
    }
    text.push_str(&e.message);
    text
}

/// Why a record is not eligible or not valid, in words.
fn reasons(programme: &Programme, o: &Outcome, lang: Lang) -> String {
    if o.status == Status::Invalid {
        // A place said once for the errors that follow at the same place.
        let mut last: Option<&crate::location::Location> = None;
        let mut texts = Vec::new();
        for e in o.errors() {
            if e.location.is_some() && e.location.as_ref() == last {
                let mut same = e.clone();
                same.location = None;
                texts.push(error_text(&same));
            } else {
                texts.push(error_text(e));
            }
            last = e.location.as_ref();
        }
        return texts.join("; ");
    }
    described(o.failed_rules(), &programme.rules, lang, "; ")
}

/// The terminal table: the policy line, a row per record, the summary.
pub fn table(policy: &Policy, programme: &Programme, outcomes: &[Outcome], lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut headers: Vec<&str> = if zh {
        vec![
            "编号",
            "状态",
            "得分",
            "排名",
            "等级",
            "奖补(万元)",
            "标记",
            "说明",
        ]
    } else {
        vec![
            "id",
            "status",
            "score",
            "rank",
            "tier",
            "award (万元)",
            "flags",
            "notes",
        ]
    };
    // Missing documents, by their labels, when any record said which it supplied; a record
    // that did not is shown as not checked.
    let documents = !programme.documents.is_empty() && outcomes.iter().any(|o| o.documents_checked);
    if documents {
        headers.insert(
            headers.len() - 1,
            if zh {
                "缺少材料"
            } else {
                "missing documents"
            },
        );
    }
    // Ids, flags and reasons come from applications: each cell is shown escaped on one line,
    // so a record cannot send escape sequences or break the table's rows.
    let rows: Vec<Vec<String>> = outcomes
        .iter()
        .map(|o| {
            let mut row = vec![
                crate::neutral::terminal(&o.id).into_owned(),
                status_text(o.status, lang).to_string(),
                o.score
                    .map(|s| score_text(programme, s))
                    .unwrap_or_default(),
                o.rank.map(|r| r.to_string()).unwrap_or_default(),
                o.tier.map(|t| t.to_string()).unwrap_or_default(),
                o.award.filter(|_| o.awarded).map(wan).unwrap_or_default(),
                crate::neutral::terminal(&o.flags().join(",")).into_owned(),
                crate::neutral::terminal(&reasons(programme, o, lang)).into_owned(),
            ];
            if documents {
                let cell = match o.checked_documents() {
                    None if zh => "未核对".to_string(),
                    None => "not checked".to_string(),
                    Some(missing) => described(missing, &programme.documents, lang, "、"),
                };
                row.insert(row.len() - 1, crate::neutral::terminal(&cell).into_owned());
            }
            row
        })
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| UnicodeWidthStr::width(*h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(UnicodeWidthStr::width(cell.as_str()));
        }
    }
    let last = headers.len() - 1;
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == last {
                    c.clone()
                } else {
                    pad(c, widths[i])
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = policy_line(policy, lang);
    out.push_str(&line(headers.iter().map(|h| h.to_string()).collect()));
    out.push('\n');
    for row in rows {
        out.push_str(&line(row));
        out.push('\n');
    }
    let sum = summary(outcomes);
    let (n, e, ie, iv, a, t) = (
        sum.records,
        sum.eligible,
        sum.ineligible,
        sum.invalid,
        sum.awarded,
        sum.total_award.map_or_else(|| NO_TOTAL.to_string(), wan),
    );
    out.push_str(&if zh {
        format!("共{n}条：符合{e}，不符合{ie}，无效{iv}；获奖补{a}家，合计{t}万元\n")
    } else {
        format!(
            "{}: {e} eligible, {ie} ineligible, {iv} invalid; {a} awarded, {t} 万元 in total\n",
            counted(n, "record", "records")
        )
    });
    out
}

/// Writes one CSV row per record; rows are formatted on all cores, a chunk at a time.
pub fn write_csv(
    programme: &Programme,
    outcomes: &[Outcome],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let items: Vec<String> = programme
        .scores
        .as_ref()
        .map(|s| {
            s.items
                .iter()
                .map(|&i| programme.values[i].id.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut header = vec![
        "id",
        "status",
        "score",
        "rank",
        "awarded",
        "tier",
        "award",
        "flags",
        "failed_rules",
        "missing_documents",
        "errors",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    header.extend(items.iter().map(|i| format!("score_{i}")));
    let header: Vec<_> = header
        .iter()
        .map(|h| crate::neutral::csv_field(h))
        .collect();
    writeln!(out, "{}", header.join(","))?;
    for chunk in outcomes.chunks(16_384) {
        let text: String = chunk
            .par_chunks(256)
            .map(|part| {
                let mut lines = String::with_capacity(part.len() * 160);
                for o in part {
                    csv_row(programme, o, &mut lines);
                }
                lines
            })
            .collect();
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// Appends `cell` to a CSV line: neutral (a cell that begins like a formula is prefixed) and
/// quoted when it must be.
fn push_cell(line: &mut String, cell: &str) {
    line.push_str(&crate::neutral::csv_field(cell));
}

/// Appends cells joined by `sep` as one CSV cell.
fn push_joined<'a>(line: &mut String, cells: impl Iterator<Item = &'a str>, sep: &str) {
    let mut joined = String::new();
    for (i, c) in cells.enumerate() {
        if i > 0 {
            joined.push_str(sep);
        }
        joined.push_str(c);
    }
    push_cell(line, &joined);
}

/// One result as a CSV line, written straight into `line` (a million rows make every
/// intermediate string count).
fn csv_row(programme: &Programme, o: &Outcome, line: &mut String) {
    use std::fmt::Write as _;
    push_cell(line, &o.id);
    line.push(',');
    line.push_str(o.status.as_str());
    line.push(',');
    if let Some(s) = o.score {
        push_fixed(line, s, score_places(programme));
    }
    line.push(',');
    if let Some(r) = o.rank {
        let _ = write!(line, "{r}");
    }
    line.push(',');
    line.push_str(if o.awarded { "true" } else { "false" });
    line.push(',');
    if let Some(t) = o.tier {
        let _ = write!(line, "{t}");
    }
    line.push(',');
    if let Some(a) = o.award {
        line.push_str(&yuan(a));
    }
    line.push(',');
    push_joined(line, o.flags().iter().map(String::as_str), ";");
    line.push(',');
    push_joined(line, o.failed_rules().iter().map(String::as_str), ";");
    line.push(',');
    push_joined(line, o.missing_documents().iter().map(String::as_str), ";");
    line.push(',');
    let errors: Vec<String> = o.errors().iter().map(error_text).collect();
    push_joined(line, errors.iter().map(String::as_str), "; ");
    let items = programme.scores.as_ref().map_or(0, |s| s.items.len());
    for k in 0..items {
        line.push(',');
        if let Some(d) = o.scores.get(k) {
            push_plain(line, *d);
        }
    }
    line.push('\n');
}

/// The value of a name (a field, a parameter or a computed value) for one record, for
/// explanations.
pub(crate) fn value_of<'a>(
    programme: &'a Programme,
    o: &'a Outcome,
    name: &str,
) -> Option<&'a Value> {
    if let Some(i) = programme.field_slot(name) {
        return o.detail.as_ref().and_then(|d| d.fields.get(i));
    }
    if let Some((_, v, ..)) = programme.params.iter().find(|(n, ..)| n == name) {
        return Some(v);
    }
    programme
        .values
        .iter()
        .position(|v| v.id == name)
        .and_then(|i| o.detail.as_ref().and_then(|d| d.computed.get(i)))
}

/// Why an outcome carries a flag: the allocation's quota or demotion, or the flag's message.
pub(crate) fn flag_reason<'a>(programme: &'a Programme, flag: &str, lang: Lang) -> &'a str {
    let zh = lang == Lang::Zh;
    match programme.allocation.as_ref() {
        Some(a) if a.quota.as_ref().is_some_and(|q| q.flag == *flag) => {
            if zh {
                "经区域名额进入获奖补名单"
            } else {
                "entered the awards through the regional quota"
            }
        }
        Some(a) if a.demotion.as_ref().is_some_and(|(_, f)| f == flag) => {
            if zh {
                "降一档：降档条件成立"
            } else {
                "demoted one tier: the demotion condition holds"
            }
        }
        _ => programme
            .flags
            .iter()
            .find(|f| f.id == *flag)
            .map_or("", |f| f.message.get(lang)),
    }
}

pub(crate) fn show(v: &Value) -> String {
    match v {
        Value::Money(d) => format!("{}元", plain(*d)),
        other => other.to_string(),
    }
}

fn substituted(programme: &Programme, o: &Outcome, names: &[String]) -> String {
    names
        .iter()
        .filter_map(|n| value_of(programme, o, n).map(|v| format!("{n} = {}", show(v))))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How every value of one record was computed.
pub fn explain(policy: &Policy, programme: &Programme, o: &Outcome, lang: Lang) -> String {
    let mut out = policy_line(policy, lang);
    out += &format!(
        "{} — {} ({})\n",
        o.id,
        programme.title.get(lang),
        programme.id
    );
    out.push_str(&format!("status: {}\n", o.status.as_str()));
    for e in o.errors() {
        out.push_str(&format!("  error: {}\n", error_text(e)));
    }
    out.push_str("\neligibility:\n");
    for rule in &programme.rules {
        let passed = !o.failed_rules().contains(&rule.id);
        let mark = if o.status == Status::Invalid {
            "?"
        } else if passed {
            "✓"
        } else {
            "✗"
        };
        out.push_str(&format!(
            "  {mark} {} [{}]: {}\n",
            rule.id,
            rule.cite,
            one_line(&rule.formula.text)
        ));
        out.push_str(&format!(
            "      with {}\n",
            substituted(programme, o, &rule.formula.names)
        ));
        if !passed {
            out.push_str(&format!("      → {}\n", rule.message.get(lang)));
        }
        if let Some(i) = &rule.interpretation {
            out.push_str(&format!("      interpretation: {i}\n"));
        }
    }
    if !programme.values.is_empty() {
        out.push_str("\nvalues:\n");
    }
    for (slot, spec) in programme.values.iter().enumerate() {
        let value = o
            .detail
            .as_ref()
            .and_then(|d| d.computed.get(slot))
            .map(show)
            .unwrap_or_default();
        if spec.formula.text.is_empty() {
            out.push_str(&format!(
                "  {} ({}) = {value}\n",
                spec.id,
                spec.label.get(lang)
            ));
            continue;
        }
        out.push_str(&format!(
            "  {} ({}) [{}] = {}\n",
            spec.id,
            spec.label.get(lang),
            spec.cite,
            one_line(&spec.formula.text)
        ));
        out.push_str(&format!(
            "      with {}\n",
            substituted(programme, o, &spec.formula.names)
        ));
        let uncapped = o
            .detail
            .as_ref()
            .and_then(|d| d.uncapped.iter().find(|(s, _)| *s == slot));
        match (spec.cap, uncapped) {
            (Some(cap), Some((_, raw))) if *raw > cap => {
                out.push_str(&format!(
                    "      = {} → capped at {} = {value}\n",
                    plain(*raw),
                    plain(cap)
                ));
            }
            _ => out.push_str(&format!("      = {value}\n")),
        }
    }
    out.push_str("\nresult:\n");
    if let Some(s) = o.score {
        out.push_str(&format!("  score: {}\n", score_text(programme, s)));
    }
    if let Some(r) = o.rank {
        out.push_str(&format!("  rank: {r}\n"));
    }
    if let Some(t) = o.tier {
        out.push_str(&format!("  tier: {t}\n"));
    }
    out.push_str(&format!("  awarded: {}\n", o.awarded));
    if let Some(a) = o.award {
        out.push_str(&format!("  award: {}元 ({}万元)\n", yuan(a), wan(a)));
    }
    if let Some(award) = &programme.award {
        out.push_str(&format!(
            "      [{}] {} capped at {}元\n",
            award.cite,
            one_line(&award.formula.text),
            plain(award.cap)
        ));
    }
    for flag in o.flags() {
        let why = flag_reason(programme, flag, lang);
        out.push_str(&format!("  flag {flag}: {why}\n"));
    }
    match o.checked_documents() {
        None if !programme.documents.is_empty() => {
            out.push_str("  documents: not checked (the record does not say which it supplied)\n")
        }
        Some(missing) if !missing.is_empty() => {
            out.push_str(&format!("  missing documents: {}\n", missing.join(", ")));
        }
        _ => {}
    }
    out
}
