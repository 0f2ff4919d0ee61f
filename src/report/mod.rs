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

/// An amount of money as staff write it, exactly (never rounded).
///
/// Chinese: in 万元 when the amount is at least 1万元 in size and a whole number of hundreds
/// of 元 (so at most two decimals of 万元), without trailing zeros (`5000万元`, `12.35万元`,
/// `-20万元`); otherwise in 元 with two decimals, or more when the amount has them
/// (`850.50元`, `0.00元`, `123456.00元`, `0.125元`). English: yuan with thousands separated
/// by commas and the same decimals (`50,000,000.00 yuan`).
pub fn money(d: Decimal, lang: Lang) -> String {
    const HUNDRED: Decimal = Decimal::from_parts(100, 0, 0, false, 0);
    if lang == Lang::Zh
        && d.abs() >= WAN
        && d.checked_rem(HUNDRED).is_some_and(|r| r.is_zero())
        && let Some(w) = d.checked_div(WAN)
    {
        return crate::t!(lang, "money-wan", amount = plain(w));
    }
    let mut digits = if d.normalize().scale() <= 2 {
        fixed(d, 2)
    } else {
        plain(d)
    };
    if lang == Lang::En {
        digits = thousands(&digits);
    }
    crate::t!(lang, "money-yuan", amount = digits)
}

/// An award or a total of awards as [`money`] shows it, to the fen as the JSON publishes it
/// (rounded half away from zero, as the engine rounds).
pub fn award_money(d: Decimal, lang: Lang) -> String {
    money(round_half_away(d, 2), lang)
}

/// `1234567.5` → `1,234,567.5`.
fn thousands(digits: &str) -> String {
    let (sign, rest) = match digits.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", digits),
    };
    let (whole, frac) = match rest.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (rest, None),
    };
    let mut out = String::from(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
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
    // The words are the catalogue's, looked up once per language.
    static BUILTIN: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    let words = BUILTIN.get_or_init(|| {
        [
            crate::t!(Lang::Zh, "policy-builtin"),
            crate::t!(Lang::En, "policy-builtin"),
        ]
    });
    match (source, lang) {
        ("builtin", Lang::Zh) => &words[0],
        ("builtin", Lang::En) => &words[1],
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
    let mut line = crate::t!(
        lang,
        "policy-line",
        year = policy.year.to_string(),
        source = source,
        digest = digest
    );
    line.push('\n');
    line
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

/// A status in words: `符合条件` / `eligible`.
pub(crate) fn status_text(s: Status, lang: Lang) -> String {
    match s {
        Status::Eligible => crate::t!(lang, "status-eligible"),
        Status::Ineligible => crate::t!(lang, "status-ineligible"),
        Status::Invalid => crate::t!(lang, "status-invalid"),
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

/// A flag in words: the allocation's quota and demotion flags by what they mean, a flag of
/// the policy by its message (its id where it has none).
pub(crate) fn flag_text(programme: &Programme, flag: &str, lang: Lang) -> String {
    match programme.allocation.as_ref() {
        Some(a) if a.quota.as_ref().is_some_and(|q| q.flag == *flag) => {
            crate::t!(lang, "flag-quota")
        }
        Some(a) if a.demotion.as_ref().is_some_and(|(_, f)| f == flag) => {
            crate::t!(lang, "flag-demoted")
        }
        _ => described(&[flag.to_string()], &programme.flags, lang, ""),
    }
}

/// The flags of an outcome in words, joined by `sep`.
pub(crate) fn flags_text(programme: &Programme, o: &Outcome, lang: Lang, sep: &str) -> String {
    o.flags()
        .iter()
        .map(|f| flag_text(programme, f, lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// A tier by its label in the policy (`第一级`), or its number where it has none.
pub(crate) fn tier_label(programme: &Programme, tier: u32, lang: Lang) -> String {
    programme
        .allocation
        .as_ref()
        .and_then(|a| a.tiers.get(tier.saturating_sub(1) as usize))
        .map(|t| t.label.get(lang).to_string())
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| crate::t!(lang, "tier-number", n = tier))
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

/// An error as a reader sees it: its place, the field by its label (the id after it) and the
/// message, in the report's language (`a.csv:12：2019年营业收入（revenue_2019）：…`).
pub fn error_words(programme: &Programme, e: &crate::records::FieldError, lang: Lang) -> String {
    let field = programme
        .field_slot(&e.field)
        .map(|i| crate::engine::named(&programme.fields[i].label, &e.field, lang))
        .unwrap_or_else(|| e.field.clone());
    let place = e.location.as_ref().map(|l| l.to_string());
    match (place, field.is_empty()) {
        (Some(place), false) => crate::t!(
            lang,
            "error-at-field",
            place = place,
            field = field,
            message = &e.message
        ),
        (Some(place), true) => {
            crate::t!(lang, "error-at", place = place, message = &e.message)
        }
        (None, false) => crate::t!(lang, "error-field", field = field, message = &e.message),
        (None, true) => e.message.clone(),
    }
}

/// Why a record is not eligible or not valid, in words.
fn reasons(programme: &Programme, o: &Outcome, lang: Lang) -> String {
    let sep = crate::t!(lang, "sep-reasons");
    if o.status == Status::Invalid {
        // A place said once for the errors that follow at the same place.
        let mut last: Option<&crate::location::Location> = None;
        let mut texts = Vec::new();
        for e in o.errors() {
            if e.location.is_some() && e.location.as_ref() == last {
                let mut same = e.clone();
                same.location = None;
                texts.push(error_words(programme, &same, lang));
            } else {
                texts.push(error_words(programme, e, lang));
            }
            last = e.location.as_ref();
        }
        return texts.join(&sep);
    }
    described(o.failed_rules(), &programme.rules, lang, &sep)
}

/// The terminal table: the policy line, a row per record, the summary.
pub fn table(policy: &Policy, programme: &Programme, outcomes: &[Outcome], lang: Lang) -> String {
    let head = |key: &str| crate::t!(lang, key);
    let mut headers: Vec<String> = [
        "table-id",
        "table-status",
        "table-score",
        "table-rank",
        "table-tier",
        "table-award",
        "table-flags",
        "table-notes",
    ]
    .iter()
    .map(|k| head(k))
    .collect();
    // Missing documents, by their labels, when any record said which it supplied; a record
    // that did not is shown as not checked.
    let documents = !programme.documents.is_empty() && outcomes.iter().any(|o| o.documents_checked);
    if documents {
        headers.insert(headers.len() - 1, head("table-documents"));
    }
    let list_sep = crate::t!(lang, "sep-list");
    // Ids, flags and reasons come from applications: each cell is shown escaped on one line,
    // so a record cannot send escape sequences or break the table's rows.
    let rows: Vec<Vec<String>> = outcomes
        .iter()
        .map(|o| {
            let mut row = vec![
                crate::neutral::terminal(&o.id).into_owned(),
                status_text(o.status, lang),
                o.score
                    .map(|s| score_text(programme, s))
                    .unwrap_or_default(),
                o.rank.map(|r| r.to_string()).unwrap_or_default(),
                o.tier
                    .map(|t| tier_label(programme, t, lang))
                    .unwrap_or_default(),
                o.award
                    .filter(|_| o.awarded)
                    .map(|a| award_money(a, lang))
                    .unwrap_or_default(),
                crate::neutral::terminal(&flags_text(programme, o, lang, &list_sep)).into_owned(),
                crate::neutral::terminal(&reasons(programme, o, lang)).into_owned(),
            ];
            if documents {
                let cell = match o.checked_documents() {
                    None => crate::t!(lang, "documents-not-checked"),
                    Some(missing) => described(missing, &programme.documents, lang, &list_sep),
                };
                row.insert(row.len() - 1, crate::neutral::terminal(&cell).into_owned());
            }
            row
        })
        .collect();
    let mut widths: Vec<usize> = headers
        .iter()
        .map(|h| UnicodeWidthStr::width(h.as_str()))
        .collect();
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
    out.push_str(&line(headers));
    out.push('\n');
    for row in rows {
        out.push_str(&line(row));
        out.push('\n');
    }
    let sum = summary(outcomes);
    out.push_str(&crate::t!(
        lang,
        "table-summary",
        records = sum.records,
        eligible = sum.eligible,
        ineligible = sum.ineligible,
        invalid = sum.invalid,
        awarded = sum.awarded,
        total = sum
            .total_award
            .map_or_else(|| NO_TOTAL.to_string(), |t| award_money(t, lang)),
    ));
    out.push('\n');
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
    let format = |chunk: &[Outcome]| -> String {
        chunk
            .par_chunks(256)
            .map(|part| {
                let mut lines = String::with_capacity(part.len() * 160);
                for o in part {
                    csv_row(programme, o, &mut lines);
                }
                lines
            })
            .collect()
    };
    // Each chunk is formatted on the pool while this thread writes the one before: the
    // writing (a copy into the kernel, a tenth of the whole on a large batch) no longer
    // waits for the formatting, nor the formatting for it.
    let mut written: Option<String> = None;
    for chunk in outcomes.chunks(16_384) {
        let mut next = String::new();
        let mut wrote = Ok(());
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| next = format(chunk));
            if let Some(text) = written.take() {
                wrote = out.write_all(text.as_bytes());
            }
        });
        wrote?;
        written = Some(next);
    }
    if let Some(text) = written {
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

/// The label the policy gives a name (a field, a parameter or a computed value).
fn label_of<'a>(programme: &'a Programme, name: &str) -> Option<&'a crate::policy::model::Text> {
    if let Some(i) = programme.field_slot(name) {
        return Some(&programme.fields[i].label);
    }
    if let Some((_, _, label, ..)) = programme.params.iter().find(|(n, ..)| n == name) {
        return Some(label);
    }
    programme
        .values
        .iter()
        .find(|v| v.id == name)
        .map(|v| &v.label)
}

/// A name as a reader wants it: its label first, the id after it.
pub(crate) fn name_words(programme: &Programme, name: &str, lang: Lang) -> String {
    match label_of(programme, name) {
        Some(label) => crate::engine::named(label, name, lang),
        None => name.to_string(),
    }
}

/// Whether `name` is a score item or the score total (shown to the policy's places).
fn is_score(programme: &Programme, name: &str) -> bool {
    programme.values.iter().enumerate().any(|(slot, v)| {
        v.id == name
            && (v.is_item
                || programme
                    .scores
                    .as_ref()
                    .is_some_and(|s| s.total_slot == slot))
    })
}

/// A score to the policy's places, marked `≈` when those places do not hold it exactly (the
/// exact value stays in the JSON).
fn score_words(programme: &Programme, d: Decimal) -> String {
    let places = score_places(programme);
    let shown = score_text(programme, d);
    if round_half_away(d, places) == d {
        shown
    } else {
        format!("≈{shown}")
    }
}

/// How many decimals an explanation shows of a number that is not a score: enough for
/// every rate and coefficient a policy writes, never 28.
const NUMBER_PLACES: u32 = 6;

/// Decimals of 元 an explanation shows exactly; past them an amount is shown to the fen.
const MONEY_PLACES: u32 = 4;

fn number_words(d: Decimal) -> String {
    if d.normalize().scale() <= NUMBER_PLACES {
        plain(d)
    } else {
        format!("≈{}", plain(round_half_away(d, NUMBER_PLACES)))
    }
}

/// A value in words: amounts as staff write them, truth values as yes/no, enum values by
/// their names in the policy, scores to the policy's places, `（未填）` for none.
pub(crate) fn value_words(programme: &Programme, name: &str, v: &Value, lang: Lang) -> String {
    let field = programme.field_slot(name).map(|i| &programme.fields[i]);
    // A parameter written as a percentage (`lpr: 4.15%`) is shown as written, not as 0.0415.
    if let Some((.., notes)) = programme.params.iter().find(|(n, ..)| n == name)
        && notes.written.trim_end().ends_with('%')
    {
        return notes.written.trim().to_string();
    }
    spec_value_words(programme, name, field, v, lang)
}

/// [`value_words`] of a value whose field is `field` (an item of a list of records has its
/// item's field, so a loan's rate reads `4.35%`).
fn spec_value_words(
    programme: &Programme,
    name: &str,
    field: Option<&crate::policy::FieldSpec>,
    v: &Value,
    lang: Lang,
) -> String {
    let item = |v: &Value| -> String {
        match v {
            // An enum value by its name in the policy (its id where it has none); other
            // text quoted, so where it starts and ends is seen.
            Value::Text(t) => {
                match field.and_then(|f| f.values.iter().find(|e| *e.id.value == **t)) {
                    Some(e) => match lang {
                        Lang::Zh => e.zh.as_deref().or(e.en.as_deref()),
                        Lang::En => e.en.as_deref().or(e.zh.as_deref()),
                    }
                    .unwrap_or(t)
                    .to_string(),
                    None => format!("\"{t}\""),
                }
            }
            Value::Record(_) => spec_value_words(programme, "", field, v, lang),
            other => value_words(programme, "", other, lang),
        }
    };
    match v {
        Value::Null => crate::t!(lang, "value-not-given"),
        // An amount a formula computed past the fen (a share of interest) is shown to the
        // fen and marked; the exact value stays in the JSON.
        Value::Money(d) if d.normalize().scale() > MONEY_PLACES => {
            format!("≈{}", money(round_half_away(*d, 2), lang))
        }
        Value::Money(d) => money(*d, lang),
        Value::Number(d) if is_score(programme, name) => score_words(programme, *d),
        // A percent field holds its fraction (12% is 0.12); it is shown as the form asks it.
        Value::Number(d)
            if field.is_some_and(|f| matches!(f.kind, crate::policy::FieldKind::Percent)) =>
        {
            match d.checked_mul(Decimal::ONE_HUNDRED) {
                Some(p) => format!("{}%", number_words(p)),
                None => number_words(*d),
            }
        }
        Value::Number(d) => number_words(*d),
        Value::Bool(true) => crate::t!(lang, "value-yes"),
        Value::Bool(false) => crate::t!(lang, "value-no"),
        Value::List(items) if items.is_empty() => crate::t!(lang, "value-none"),
        Value::List(items) => items
            .iter()
            .map(item)
            .collect::<Vec<_>>()
            .join(&crate::t!(lang, "sep-list")),
        Value::Text(_) => item(v),
        // An item of a list of records (a loan): its values in order.
        Value::Record(values) => crate::t!(
            lang,
            "value-record",
            values = values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let spec = field.and_then(|f| f.items.get(i));
                    spec_value_words(programme, "", spec, v, lang)
                })
                .collect::<Vec<_>>()
                .join(&crate::t!(lang, "sep-values"))
        ),
        other => other.to_string(),
    }
}

/// Why an outcome carries a flag: the allocation's quota or demotion, or the flag's message.
pub(crate) fn flag_reason(programme: &Programme, flag: &str, lang: Lang) -> String {
    match programme.allocation.as_ref() {
        Some(a) if a.quota.as_ref().is_some_and(|q| q.flag == *flag) => {
            crate::t!(lang, "flag-quota-reason")
        }
        Some(a) if a.demotion.as_ref().is_some_and(|(_, f)| f == flag) => {
            crate::t!(lang, "flag-demoted-reason")
        }
        _ => programme
            .flags
            .iter()
            .find(|f| f.id == *flag)
            .map_or_else(String::new, |f| f.message.get(lang).to_string()),
    }
}

/// The values a formula reads, each as `label（id）= value`.
fn substituted(programme: &Programme, o: &Outcome, names: &[String], lang: Lang) -> String {
    names
        .iter()
        .filter_map(|n| {
            value_of(programme, o, n).map(|v| {
                // A value the record gave but could not be read is no value "not given".
                let invalid = *v == Value::Null && o.errors().iter().any(|e| e.field == *n);
                let words = if invalid {
                    crate::t!(lang, "value-invalid")
                } else {
                    value_words(programme, n, v, lang)
                };
                format!("{} = {words}", name_words(programme, n, lang))
            })
        })
        .collect::<Vec<_>>()
        .join(&crate::t!(lang, "sep-values"))
}

/// An order key in words: the name it ranks by (its label first) or its formula, and the
/// direction.
fn order_key_words(programme: &Programme, k: usize, lang: Lang) -> Option<String> {
    let key = programme.allocation.as_ref()?.order.get(k)?;
    let key_name = key_name(programme, k, lang)?;
    Some(if key.descending {
        crate::t!(lang, "order-desc", key = key_name)
    } else {
        crate::t!(lang, "order-asc", key = key_name)
    })
}

/// What an order key ranks by: a single name as `label（id）`, else the formula.
fn key_name(programme: &Programme, k: usize, lang: Lang) -> Option<String> {
    let key = programme.allocation.as_ref()?.order.get(k)?;
    let text = one_line(&key.formula.text);
    Some(match key.formula.names.as_slice() {
        [name] if *name == text => name_words(programme, name, lang),
        _ => text,
    })
}

/// The first order key by its label, or its formula.
fn short_key_name(programme: &Programme, lang: Lang) -> String {
    let Some(key) = programme.allocation.as_ref().and_then(|a| a.order.first()) else {
        return String::new();
    };
    let text = one_line(&key.formula.text);
    label_of(programme, &text)
        .map(|l| l.get(lang))
        .filter(|l| !l.is_empty())
        .map_or(text.clone(), str::to_string)
}

/// The value of order key `k` in words.
fn key_value(programme: &Programme, k: usize, v: &Value, lang: Lang) -> String {
    let name = programme
        .allocation
        .as_ref()
        .and_then(|a| a.order.get(k))
        .map(|key| one_line(&key.formula.text))
        .unwrap_or_default();
    value_words(programme, &name, v, lang)
}

/// A ranked record named in the story: `第12名 K07（总分 73.25）` (the first order key by its
/// label alone: the id was given with the order).
fn mark_words(programme: &Programme, m: &crate::engine::Mark, lang: Lang) -> String {
    let key = short_key_name(programme, lang);
    let value = m
        .keys
        .first()
        .map(|v| key_value(programme, 0, v, lang))
        .unwrap_or_default();
    crate::t!(
        lang,
        "story-mark",
        rank = m.rank,
        id = &*m.id,
        key = key,
        value = value
    )
}

/// How a ranked record's rank, tier and award came about, one sentence a line: its rank among
/// the eligible, the order, the last award and each tier's cut-off, the neighbours with the
/// same first key and what decided between them, the quota's count before and after its
/// swaps and the record's part in them, and a demotion. Empty for a record not ranked.
pub fn allocation_story(programme: &Programme, o: &Outcome, lang: Lang) -> Vec<String> {
    let (Some(alloc), Some(standing)) = (
        programme.allocation.as_ref(),
        o.detail.as_ref().and_then(|d| d.standing.as_deref()),
    ) else {
        return Vec::new();
    };
    let batch = &standing.batch;
    let mut lines = Vec::new();
    let keys: Vec<String> = (0..alloc.order.len())
        .filter_map(|k| order_key_words(programme, k, lang))
        .collect();
    if !keys.is_empty() {
        lines.push(crate::t!(
            lang,
            "story-order",
            keys = keys.join(&crate::t!(lang, "sep-then"))
        ));
    }
    if let Some(rank) = o.rank {
        lines.push(crate::t!(
            lang,
            "story-rank",
            rank = rank,
            eligible = batch.eligible
        ));
    }
    match &batch.last_award {
        Some(last) => lines.push(crate::t!(
            lang,
            "story-last-award",
            awards = batch.awards,
            mark = mark_words(programme, last, lang)
        )),
        None => lines.push(crate::t!(lang, "story-no-awards")),
    }
    for (tier, cut) in &batch.cutoffs {
        let tier = u32::try_from(tier + 1).unwrap_or(u32::MAX);
        lines.push(crate::t!(
            lang,
            "story-cutoff",
            tier = tier_label(programme, tier, lang),
            mark = mark_words(programme, cut, lang)
        ));
    }
    for tie in &standing.ties {
        let first_key = short_key_name(programme, lang);
        let value = o
            .order_keys
            .first()
            .map(|v| key_value(programme, 0, v, lang))
            .unwrap_or_default();
        let place = if tie.above { "below" } else { "above" };
        lines.push(match tie.key {
            Some(k) => crate::t!(
                lang,
                "story-tie",
                rank = tie.rank,
                id = &*tie.neighbour,
                key = first_key,
                value = value,
                decider = order_key_words(programme, k, lang).unwrap_or_default(),
                mine = key_value(programme, k, &tie.mine, lang),
                theirs = key_value(programme, k, &tie.theirs, lang),
                place = place
            ),
            None => crate::t!(
                lang,
                "story-tie-input",
                rank = tie.rank,
                id = &*tie.neighbour,
                key = first_key,
                value = value,
                place = place
            ),
        });
    }
    if let (Some(q), Some(spec)) = (batch.quota, alloc.quota.as_ref()) {
        lines.push(crate::t!(
            lang,
            "story-quota",
            condition = one_line(&spec.counts.text),
            share = one_line(&spec.written_share),
            need = q.need,
            awards = batch.awards,
            before = q.before,
            after = q.after,
            swaps = q.swaps
        ));
    }
    if batch.quota.is_some() {
        lines.push(if o.in_quota_group {
            crate::t!(lang, "story-in-quota-group")
        } else {
            crate::t!(lang, "story-not-in-quota-group")
        });
    }
    if standing.swapped_in {
        lines.push(crate::t!(lang, "story-swapped-in"));
    }
    if standing.swapped_out {
        lines.push(crate::t!(lang, "story-swapped-out"));
    }
    if let (Some(placed), Some(tier)) = (standing.placed_tier, o.tier)
        && placed != tier
    {
        lines.push(crate::t!(
            lang,
            "story-demoted",
            placed = tier_label(programme, placed, lang),
            tier = tier_label(programme, tier, lang)
        ));
    }
    if o.rank.is_some() && !o.awarded && !standing.swapped_out {
        lines.push(crate::t!(lang, "story-outside"));
    }
    lines
}

/// How every value of one record was computed.
pub fn explain(policy: &Policy, programme: &Programme, o: &Outcome, lang: Lang) -> String {
    let t = |key: &str| crate::t!(lang, key);
    let mut out = policy_line(policy, lang);
    let mut line = |indent: usize, text: String| {
        out.push_str(&" ".repeat(indent));
        out.push_str(&text);
        out.push('\n');
    };
    line(
        0,
        crate::t!(
            lang,
            "explain-title",
            id = &*o.id,
            title = programme.title.get(lang),
            programme = &programme.id
        ),
    );
    line(
        0,
        crate::t!(lang, "explain-status", status = status_text(o.status, lang)),
    );
    for e in o.errors() {
        line(
            2,
            crate::t!(
                lang,
                "explain-error",
                error = error_words(programme, e, lang)
            ),
        );
    }
    line(0, String::new());
    line(0, t("explain-eligibility"));
    for rule in &programme.rules {
        let passed = !o.failed_rules().contains(&rule.id);
        let mark = if o.status == Status::Invalid {
            "?"
        } else if passed {
            "✓"
        } else {
            "✗"
        };
        line(
            2,
            crate::t!(
                lang,
                "explain-item",
                mark = mark,
                name = crate::engine::named(&rule.message, &rule.id, lang),
                cite = &rule.cite
            ),
        );
        line(
            6,
            crate::t!(
                lang,
                "explain-formula",
                formula = one_line(&rule.formula.text)
            ),
        );
        line(
            6,
            crate::t!(
                lang,
                "explain-with",
                values = substituted(programme, o, &rule.formula.names, lang)
            ),
        );
        if !passed && o.status != Status::Invalid {
            line(6, t("explain-not-met"));
        }
        if let Some(i) = &rule.interpretation {
            line(6, crate::t!(lang, "explain-interpretation", text = i));
        }
    }
    if !programme.values.is_empty() {
        line(0, String::new());
        line(0, t("explain-values"));
    }
    for (slot, spec) in programme.values.iter().enumerate() {
        let value = o
            .detail
            .as_ref()
            .and_then(|d| d.computed.get(slot))
            .filter(|v| **v != Value::Null)
            .map_or_else(
                // A computed value that could not be had was not given by anyone.
                || crate::t!(lang, "value-not-computed"),
                |v| value_words(programme, &spec.id, v, lang),
            );
        let name = crate::engine::named(&spec.label, &spec.id, lang);
        if spec.formula.text.is_empty() {
            line(
                2,
                crate::t!(lang, "explain-value-plain", name = name, value = value),
            );
            continue;
        }
        line(
            2,
            crate::t!(
                lang,
                "explain-item",
                mark = "·",
                name = name,
                cite = &spec.cite
            ),
        );
        line(
            6,
            crate::t!(
                lang,
                "explain-formula",
                formula = one_line(&spec.formula.text)
            ),
        );
        line(
            6,
            crate::t!(
                lang,
                "explain-with",
                values = substituted(programme, o, &spec.formula.names, lang)
            ),
        );
        let uncapped = o
            .detail
            .as_ref()
            .and_then(|d| d.uncapped.iter().find(|(s, _)| *s == slot));
        match (spec.cap, uncapped) {
            (Some(cap), Some((_, raw))) if *raw > cap => line(
                6,
                crate::t!(
                    lang,
                    "explain-capped",
                    raw = score_words(programme, *raw),
                    cap = plain(cap),
                    value = value
                ),
            ),
            // A value shown rounded (`≈103980.56元`, a score `≈6.87`) is said to be, once.
            _ => line(
                6,
                match value.strip_prefix('≈') {
                    Some(shown) => crate::t!(lang, "explain-approx", value = shown),
                    None => crate::t!(lang, "explain-equals", value = value),
                },
            ),
        }
    }
    line(0, String::new());
    line(0, t("explain-result"));
    if let Some(s) = o.score {
        line(
            2,
            crate::t!(lang, "explain-score", score = score_text(programme, s)),
        );
    }
    if let Some(r) = o.rank {
        line(2, crate::t!(lang, "explain-rank", rank = r));
    }
    if let Some(tier) = o.tier {
        line(
            2,
            crate::t!(
                lang,
                "explain-tier",
                tier = tier_label(programme, tier, lang)
            ),
        );
    }
    line(
        2,
        crate::t!(
            lang,
            "explain-awarded",
            awarded = if o.awarded { "yes" } else { "no" }
        ),
    );
    if let Some(a) = o.award {
        line(
            2,
            crate::t!(lang, "explain-award", amount = award_money(a, lang)),
        );
    }
    if let Some(award) = &programme.award {
        line(
            6,
            crate::t!(
                lang,
                "explain-award-rule",
                cite = &award.cite,
                formula = one_line(&award.formula.text),
                cap = money(award.cap, lang)
            ),
        );
    }
    for flag in o.flags() {
        line(
            2,
            crate::t!(
                lang,
                "explain-flag",
                flag = flag_text(programme, flag, lang),
                reason = flag_reason(programme, flag, lang)
            ),
        );
    }
    match o.checked_documents() {
        // An invalid record is decided no further than its errors: its documents were not
        // looked at, whatever it says it supplied.
        None if !programme.documents.is_empty() && o.status == crate::engine::Status::Invalid => {
            line(2, t("explain-documents-not-checked-invalid"))
        }
        None if !programme.documents.is_empty() => line(2, t("explain-documents-not-checked")),
        Some(missing) if !missing.is_empty() => line(
            2,
            crate::t!(
                lang,
                "explain-missing-documents",
                documents = described(
                    missing,
                    &programme.documents,
                    lang,
                    &crate::t!(lang, "sep-list")
                )
            ),
        ),
        _ => {}
    }
    let story = allocation_story(programme, o, lang);
    if !story.is_empty() {
        let cite = programme
            .allocation
            .as_ref()
            .map_or("", |a| a.cite.as_str());
        line(0, String::new());
        line(
            0,
            if cite.is_empty() {
                t("explain-allocation-uncited")
            } else {
                crate::t!(lang, "explain-allocation", cite = cite)
            },
        );
        for s in story {
            line(2, s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn amounts_are_written_as_staff_write_them_in_chinese() {
        let zh = |s: &str| money(d(s), Lang::Zh);
        // 万元 for a whole number of hundreds of 元 from 1万元 up, without trailing zeros.
        assert_eq!(zh("50000000"), "5000万元");
        assert_eq!(zh("123500"), "12.35万元");
        assert_eq!(zh("123000.00"), "12.3万元");
        assert_eq!(zh("10000"), "1万元");
        assert_eq!(zh("300000000"), "30000万元");
        // Below 1万元, or not a whole hundred: 元 with two decimals, more only when exact.
        assert_eq!(zh("850.5"), "850.50元");
        assert_eq!(zh("9999"), "9999.00元");
        assert_eq!(zh("123456"), "123456.00元");
        assert_eq!(zh("10000.5"), "10000.50元");
        assert_eq!(zh("0.125"), "0.125元");
        // Zero and negative amounts.
        assert_eq!(zh("0"), "0.00元");
        assert_eq!(zh("0.00"), "0.00元");
        assert_eq!(zh("-123500"), "-12.35万元");
        assert_eq!(zh("-850.5"), "-850.50元");
        // Large amounts stay exact.
        assert_eq!(
            zh("79228162514264337593543950300"),
            "7922816251426433759354395.03万元"
        );
        // The largest decimals have no room for two decimals: the whole yuan are exact.
        assert_eq!(
            zh("79228162514264337593543950335"),
            "79228162514264337593543950335元"
        );
        assert_eq!(
            zh("-79228162514264337593543950335"),
            "-79228162514264337593543950335元"
        );
        assert_eq!(zh("12345678901234567890.5"), "12345678901234567890.50元");
    }

    #[test]
    fn amounts_in_english_are_yuan_with_thousands_separated() {
        let en = |s: &str| money(d(s), Lang::En);
        assert_eq!(en("50000000"), "50,000,000.00 yuan");
        assert_eq!(en("123500"), "123,500.00 yuan");
        assert_eq!(en("850.5"), "850.50 yuan");
        assert_eq!(en("0"), "0.00 yuan");
        assert_eq!(en("-1234567.125"), "-1,234,567.125 yuan");
        assert_eq!(en("100"), "100.00 yuan");
    }

    #[test]
    fn long_numbers_are_shown_to_six_places_and_marked() {
        assert_eq!(number_words(d("3.237")), "3.237");
        assert_eq!(
            number_words(d("0.4166666666666666666666666665")),
            "≈0.416667"
        );
        assert_eq!(number_words(d("2.50")), "2.5");
    }
}
