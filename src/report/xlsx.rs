//! The results of a batch as an Excel workbook: one row per application (status, the
//! messages of failed rules, every score item, total, rank, tier, award in 万元, flags,
//! missing documents, errors) and a summary sheet (counts, total award, awards by tier and
//! by each of the policy's `summary_by` groups).
//!
//! Excel holds numbers as binary doubles: scores and awards are written as numbers so they
//! can be summed, and the exact amounts remain in the JSON and CSV reports. Each is first
//! rounded as the engine rounds (half away from zero) to the places its cell shows, so the
//! cell holds what it shows: Excel rounding a double itself would show 1.005 as 1.00 (the
//! double is 1.00499…).

use super::{NO_TOTAL, described, flags_text, source_text, status_text, summary, tier_label};
use crate::Lang;
use crate::engine::{Outcome, Status, summary_groups};
use crate::policy::{Policy, Programme};
use crate::value::round_half_away;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

const WAN: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

struct Styles {
    header: Format,
    wan: Format,
    score: Format,
    wrap: Format,
    title: Format,
}

fn styles(score_places: u32) -> Styles {
    let places = "0".repeat(score_places as usize);
    Styles {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin),
        // 万元 to the fen (six places), shown with at least two: a cell rounded to 0.01万元
        // (100元) did not add up to the total, nor say the amount awarded.
        wan: Format::new().set_num_format("#,##0.00####"),
        score: Format::new().set_num_format(if places.is_empty() {
            "0".to_string()
        } else {
            format!("0.{places}")
        }),
        wrap: Format::new().set_text_wrap(),
        title: Format::new().set_bold().set_font_size(14),
    }
}

/// Widths that fit the text of each column (a CJK character counts two), within limits.
struct Widths(Vec<usize>);

impl Widths {
    fn see(&mut self, col: usize, text: &str) {
        let w = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
        if self.0.len() <= col {
            self.0.resize(col + 1, 0);
        }
        self.0[col] = self.0[col].max(w);
    }

    fn apply(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        for (c, w) in self.0.iter().enumerate() {
            let width = (*w as f64 + 2.0).clamp(6.0, 60.0);
            sheet.set_column_width(col(c), width)?;
        }
        Ok(())
    }
}

/// A column index for the writer. Past `u16` it becomes `u16::MAX`, past Excel's 16,384
/// columns, which the writer refuses with an error: never a cell in another column.
fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// A row index for the writer: past `u32`, `u32::MAX`, which the writer refuses (past
/// Excel's 1,048,576 rows; `write` refuses such a batch before).
fn row(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// A decimal as the double Excel stores. `Decimal::to_f64` answers for every decimal (it
/// has no failing case), so the fallback is never taken.
fn number(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// A score rounded to the places its cell shows.
fn score(d: Decimal, places: u32) -> f64 {
    number(round_half_away(d, places))
}

/// An amount in 万元, exact to the fen as the JSON publishes it. Dividing by 10⁴ cannot
/// overflow.
fn wan(d: Decimal) -> f64 {
    number(round_half_away(d, 2) / WAN)
}

/// A sum of award amounts in 万元, or `—` when it would pass the largest decimal (only
/// amounts no programme would write can get there; the sheet must not fail on them).
fn write_award_total(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    total: Option<Decimal>,
    format: &Format,
) -> Result<(), XlsxError> {
    match total {
        Some(t) => sheet.write_number_with_format(r, c, wan(t), format)?,
        None => sheet.write_string(r, c, NO_TOTAL)?,
    };
    Ok(())
}

/// Texts in the report's language, from the catalogue.
struct Words {
    results: String,
    summary: String,
    heads: [String; 11],
    yes: String,
    no: String,
    counts: [String; 6],
    item: String,
    count: String,
    tier: String,
    awarded: String,
    award: String,
    applications: String,
    eligible: String,
    none: String,
    /// Year, source, digest, fundpolicy version.
    policy: [String; 4],
}

fn words(lang: Lang) -> Words {
    let t = |key: &str| crate::t!(lang, key);
    Words {
        results: t("xlsx-results"),
        summary: t("xlsx-summary"),
        heads: [
            "xlsx-id",
            "xlsx-status",
            "xlsx-score",
            "xlsx-rank",
            "xlsx-awarded",
            "xlsx-tier",
            "xlsx-award",
            "xlsx-failed-rules",
            "xlsx-flags",
            "xlsx-documents",
            "xlsx-errors",
        ]
        .map(t),
        yes: t("xlsx-yes"),
        no: t("xlsx-no"),
        counts: [
            "xlsx-applications",
            "xlsx-eligible",
            "xlsx-ineligible",
            "xlsx-invalid",
            "xlsx-awarded-summary",
            "xlsx-total-award",
        ]
        .map(t),
        item: t("xlsx-item"),
        count: t("xlsx-count"),
        tier: t("xlsx-tier"),
        awarded: t("xlsx-awarded-count"),
        award: t("xlsx-award"),
        applications: t("xlsx-applications"),
        eligible: t("xlsx-eligible"),
        none: t("xlsx-none"),
        policy: [
            "xlsx-policy-year",
            "xlsx-policy-source",
            "xlsx-policy-digest",
            "xlsx-version",
        ]
        .map(t),
    }
}

fn results_sheet(
    sheet: &mut Worksheet,
    programme: &Programme,
    outcomes: &[Outcome],
    lang: Lang,
    s: &Styles,
) -> Result<(), XlsxError> {
    let w = words(lang);
    let places = super::score_places(programme);
    let items: Vec<String> = programme
        .scores
        .as_ref()
        .map(|sc| {
            sc.items
                .iter()
                .map(|&i| {
                    let v = &programme.values[i];
                    let label = v.label.get(lang);
                    if label.is_empty() {
                        v.id.clone()
                    } else {
                        label.to_string()
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    // id, status, the score items, then the rest of the headings.
    let mut heads: Vec<String> = vec![w.heads[0].clone(), w.heads[1].clone()];
    heads.extend(items.iter().cloned());
    heads.extend(w.heads[2..].iter().cloned());
    let mut widths = Widths(Vec::new());
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), h, &s.header)?;
        widths.see(c, h);
    }
    let after_items = 2 + items.len();
    for (r, o) in outcomes.iter().enumerate() {
        let r = row(r + 1);
        let mut text = |c: usize, t: &str, sheet: &mut Worksheet| -> Result<(), XlsxError> {
            if !t.is_empty() {
                sheet.write_string_with_format(r, col(c), t, &s.wrap)?;
                widths.see(c, t);
            }
            Ok(())
        };
        text(0, &o.id, sheet)?;
        text(1, &status_text(o.status, lang), sheet)?;
        if o.status != Status::Invalid {
            for (k, d) in o.scores.iter().enumerate() {
                sheet.write_number_with_format(r, col(2 + k), score(*d, places), &s.score)?;
            }
        }
        if let Some(total) = o.score {
            sheet.write_number_with_format(r, col(after_items), score(total, places), &s.score)?;
        }
        if let Some(rank) = o.rank {
            sheet.write_number(r, col(after_items + 1), f64::from(rank))?;
        }
        if o.status == Status::Eligible {
            text(
                after_items + 2,
                if o.awarded { &w.yes } else { &w.no },
                sheet,
            )?;
        }
        if let Some(tier) = o.tier {
            text(after_items + 3, &tier_label(programme, tier, lang), sheet)?;
        }
        if let Some(award) = o.award.filter(|_| o.awarded) {
            sheet.write_number_with_format(r, col(after_items + 4), wan(award), &s.wan)?;
        }
        text(
            after_items + 5,
            &described(o.failed_rules(), &programme.rules, lang, "\n"),
            sheet,
        )?;
        text(
            after_items + 6,
            &flags_text(programme, o, lang, "\n"),
            sheet,
        )?;
        // As in the table: a record that did not say which documents it supplied is shown
        // as not checked, not as missing none.
        let documents = match o.checked_documents() {
            None if !programme.documents.is_empty() => crate::t!(lang, "documents-not-checked"),
            _ => described(o.missing_documents(), &programme.documents, lang, "\n"),
        };
        text(after_items + 7, &documents, sheet)?;
        let errors = o
            .errors()
            .iter()
            .map(|e| {
                let mut e = e.clone();
                // The row is the place; the field and message are what the reader needs.
                e.location = None;
                super::error_words(programme, &e, lang)
            })
            .collect::<Vec<_>>()
            .join("\n");
        text(after_items + 8, &errors, sheet)?;
    }
    // Numbers need room for their digits, not their headings' full width.
    for c in 2..=after_items + 4 {
        if let Some(width) = widths.0.get_mut(c) {
            *width = (*width).clamp(8, 16);
        }
    }
    widths.apply(sheet)?;
    sheet.set_row_height(0, 32)?;
    sheet.set_freeze_panes(1, 1)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.autofilter(
        0,
        0,
        row(outcomes.len()),
        col(heads.len().saturating_sub(1)),
    )?;
    Ok(())
}

/// Applications, eligible, awarded and the award per group.
#[derive(Clone)]
struct GroupTotals {
    applications: usize,
    eligible: usize,
    awarded: usize,
    /// `None` once the sum passes the largest decimal.
    award: Option<Decimal>,
}

impl Default for GroupTotals {
    fn default() -> Self {
        GroupTotals {
            applications: 0,
            eligible: 0,
            awarded: 0,
            award: Some(Decimal::ZERO),
        }
    }
}

fn summary_sheet(
    sheet: &mut Worksheet,
    policy: &Policy,
    programme: &Programme,
    outcomes: &[Outcome],
    lang: Lang,
    s: &Styles,
) -> Result<(), XlsxError> {
    let w = words(lang);
    let mut widths = Widths(Vec::new());
    sheet.write_string_with_format(
        0,
        0,
        crate::t!(
            lang,
            "xlsx-title",
            year = policy.year.to_string(),
            title = programme.title.get(lang)
        ),
        &s.title,
    )?;
    // Which policies gave these results: the full digest, so the workbook can be checked
    // against the rules (`fundpolicy verify` does it for the JSON). The values are not
    // measured for the column width: a digest would widen the counts' column; the text
    // runs on into the empty cells beside it.
    let year = policy.year.to_string();
    let source = source_text(&policy.source, lang);
    let values = [
        year.as_str(),
        source,
        policy.digest.as_str(),
        env!("CARGO_PKG_VERSION"),
    ];
    let mut r = 1;
    for (label, value) in w.policy.iter().zip(values) {
        r += 1;
        sheet.write_string(r, 0, label)?;
        sheet.write_string(r, 1, value)?;
        widths.see(0, label);
    }
    let sum = summary(outcomes);
    r += 2;
    sheet.write_string_with_format(r, 0, &w.item, &s.header)?;
    sheet.write_string_with_format(r, 1, &w.count, &s.header)?;
    let counts = [
        sum.records,
        sum.eligible,
        sum.ineligible,
        sum.invalid,
        sum.awarded,
    ];
    for (label, n) in w.counts.iter().zip(counts) {
        r += 1;
        sheet.write_string(r, 0, label)?;
        sheet.write_number(r, 1, n as f64)?;
        widths.see(0, label);
    }
    r += 1;
    sheet.write_string(r, 0, &w.counts[5])?;
    write_award_total(sheet, r, 1, sum.total_award, &s.wan)?;
    widths.see(0, &w.counts[5]);

    let awarded = |o: &&Outcome| o.awarded && o.award.is_some();
    if let Some(alloc) = programme
        .allocation
        .as_ref()
        .filter(|a| !a.tiers.is_empty())
    {
        r += 2;
        for (c, h) in [&w.tier, &w.awarded, &w.award].iter().enumerate() {
            sheet.write_string_with_format(r, col(c), *h, &s.header)?;
            widths.see(c, h);
        }
        for k in 0..alloc.tiers.len() {
            // Tiers are numbered as `u32` by the engine: never past it.
            let tier = u32::try_from(k + 1).unwrap_or(u32::MAX);
            let in_tier: Vec<&Outcome> = outcomes
                .iter()
                .filter(awarded)
                .filter(|o| o.tier == Some(tier))
                .collect();
            let total = crate::value::checked_sum(in_tier.iter().filter_map(|o| o.award));
            r += 1;
            let label = tier_label(programme, tier, lang);
            sheet.write_string(r, 0, &label)?;
            sheet.write_number(r, 1, in_tier.len() as f64)?;
            write_award_total(sheet, r, 2, total, &s.wan)?;
            widths.see(0, &label);
        }
    }

    let groups: Vec<Vec<Option<String>>> = outcomes
        .iter()
        .map(|o| summary_groups(programme, o))
        .collect();
    for (g, spec) in programme.summary_by.iter().enumerate() {
        let mut totals: Vec<(String, GroupTotals)> = Vec::new();
        for (o, keys) in outcomes.iter().zip(&groups) {
            let key = keys
                .get(g)
                .cloned()
                .flatten()
                .unwrap_or_else(|| w.none.clone());
            let at = match totals.iter().position(|(k, _)| *k == key) {
                Some(p) => p,
                None => {
                    totals.push((key, GroupTotals::default()));
                    totals.len() - 1
                }
            };
            let t = &mut totals[at].1;
            t.applications += 1;
            if o.status == Status::Eligible {
                t.eligible += 1;
            }
            if let Some(a) = Some(o).filter(awarded).and_then(|o| o.award) {
                t.awarded += 1;
                t.award = t.award.and_then(|sum| sum.checked_add(a));
            }
        }
        totals.sort_by(|a, b| a.0.cmp(&b.0));
        r += 2;
        let label = spec.label.get(lang);
        let label = if label.is_empty() { &spec.id } else { label };
        let heads = [label, &w.applications, &w.eligible, &w.awarded, &w.award];
        for (c, h) in heads.iter().enumerate() {
            sheet.write_string_with_format(r, col(c), *h, &s.header)?;
            widths.see(c, h);
        }
        for (key, t) in &totals {
            r += 1;
            sheet.write_string(r, 0, key)?;
            sheet.write_number(r, 1, t.applications as f64)?;
            sheet.write_number(r, 2, t.eligible as f64)?;
            sheet.write_number(r, 3, t.awarded as f64)?;
            write_award_total(sheet, r, 4, t.award, &s.wan)?;
            widths.see(0, key);
        }
    }
    widths.see(1, "0000000000");
    widths.apply(sheet)?;
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Writes the results workbook.
pub fn write(
    policy: &Policy,
    programme: &Programme,
    outcomes: &[Outcome],
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // One row per application under one header row.
    const EXCEL_ROWS: usize = 1_048_576;
    if outcomes.len() >= EXCEL_ROWS {
        return Err(std::io::Error::other(crate::t!(
            lang,
            "xlsx-too-many",
            max = EXCEL_ROWS - 1,
            n = outcomes.len()
        )));
    }
    let bytes = workbook(policy, programme, outcomes, lang).map_err(std::io::Error::other)?;
    out.write_all(&bytes)
}

/// The results workbook's bytes.
pub fn workbook(
    policy: &Policy,
    programme: &Programme,
    outcomes: &[Outcome],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let w = words(lang);
    let s = styles(programme.scores.as_ref().map_or(2, |sc| sc.round));
    let mut book = Workbook::new();
    let results = book.add_worksheet();
    results.set_name(&w.results)?;
    results_sheet(results, programme, outcomes, lang, &s)?;
    let sheet = book.add_worksheet();
    sheet.set_name(&w.summary)?;
    summary_sheet(sheet, policy, programme, outcomes, lang, &s)?;
    book.save_to_buffer()
}
