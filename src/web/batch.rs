//! A batch: the upload form, and the results as a table to sort and filter, with the counts
//! and totals of the results workbook's summary sheet and each record's explanation.

use super::form::{explanation_html, outcome_html, status_badge};
use super::{Ctx, el, escape, programme_page, url};
use crate::Lang;
use crate::engine::{Outcome, Status};
use crate::policy::{Policy, Programme};
use rust_decimal::Decimal;

/// Records past this many are listed without their explanation: a page of a million
/// explanations helps nobody (the command line's `explain` gives any one).
pub const EXPLAINED: usize = 500;

/// A batch evaluated, as the results page shows it.
pub struct Batch<'a> {
    /// The uploaded file's name as the browser gave it (shown, never used as a path).
    pub file_name: &'a str,
    pub outcomes: &'a [Outcome],
    pub warnings: &'a [crate::warning::Warning],
    /// The results workbook (`report::xlsx::workbook`), offered as a download.
    pub workbook: Option<&'a [u8]>,
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

/// The upload form of a batch.
fn upload_form(action: &str, lang: Lang, extra: &str) -> String {
    format!(
        "<form class=\"upload\" method=\"post\" enctype=\"multipart/form-data\" action=\"{}\">\
<input type=\"hidden\" name=\"lang\" value=\"{}\">{extra}\
<label for=\"batch-file\">{}</label> \
<input type=\"file\" id=\"batch-file\" name=\"file\" required accept=\".xlsx,.csv,.json,.jsonl,.yaml,.yml\"> \
<button type=\"submit\" class=\"primary\">{}</button></form>\n",
        escape(action),
        lang_code(lang),
        escape(&crate::t!(lang, "web-batch-file")),
        escape(&crate::t!(lang, "web-batch-submit")),
    )
}

/// The batch page of a programme: upload an application file (xlsx, CSV, JSON, JSON Lines).
/// `None` when the year has no such programme.
pub fn batch_form(policy: &Policy, programme: &str, ctx: &Ctx) -> Option<String> {
    let p = policy.programme(programme)?;
    let lang = ctx.lang;
    let mut page = programme_page(
        ctx,
        policy,
        p,
        "batch",
        format!("{}/batch", url::programme_path(policy.year, &p.id)),
    );
    page.el("p", "lead", &crate::t!(lang, "web-batch-lead"));
    page.raw(&upload_form(
        &url::batch(policy.year, &p.id, lang),
        lang,
        "",
    ));
    page.raw("<p>");
    page.raw(&format!(
        "<a href=\"/api/v1/years/{}/programmes/{}/template.xlsx{}\">{}</a>",
        policy.year,
        escape(&url::segment(&p.id)),
        url::lang_query(lang),
        escape(&crate::t!(lang, "web-template"))
    ));
    page.raw("</p>\n");
    Some(page.finish())
}

/// Base64 (RFC 4648, with padding) for a `data:` URL.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A sum of awards, or the dash every report shows past the largest decimal.
fn total_words(total: Option<Decimal>, lang: Lang) -> String {
    total.map_or_else(|| "—".to_string(), |t| crate::report::award_money(t, lang))
}

/// The counts and totals of the summary sheet: records by status, awards and their total,
/// per tier, and per group of the programme's `summary_by`.
fn summary_html(p: &Programme, outcomes: &[Outcome], lang: Lang) -> String {
    let count = |s: Status| outcomes.iter().filter(|o| o.status == s).count();
    let awarded: Vec<&Outcome> = outcomes.iter().filter(|o| o.awarded).collect();
    let total = crate::value::checked_sum(awarded.iter().filter_map(|o| o.award));
    let mut out = String::from("<section class=\"summary\"><table class=\"counts\"><tbody>");
    let rows = [
        ("xlsx-applications", outcomes.len().to_string(), "all"),
        (
            "xlsx-eligible",
            count(Status::Eligible).to_string(),
            "eligible",
        ),
        (
            "xlsx-ineligible",
            count(Status::Ineligible).to_string(),
            "ineligible",
        ),
        (
            "xlsx-invalid",
            count(Status::Invalid).to_string(),
            "invalid",
        ),
        ("xlsx-awarded-summary", awarded.len().to_string(), "awarded"),
    ];
    for (key, n, class) in rows {
        out.push_str(&format!("<tr class=\"count-{class}\">"));
        out.push_str(&el("th", "", &crate::t!(lang, key)));
        out.push_str(&el("td", "num", &n));
        out.push_str("</tr>");
    }
    out.push_str("<tr class=\"count-total\">");
    out.push_str(&el("th", "", &crate::t!(lang, "web-total-award")));
    out.push_str(&el("td", "num", &total_words(total, lang)));
    out.push_str("</tr></tbody></table>");

    if let Some(a) = p.allocation.as_ref().filter(|a| !a.tiers.is_empty()) {
        out.push_str("<table class=\"by-tier\"><thead><tr>");
        for key in ["web-col-tier", "xlsx-awarded-count", "web-total-award"] {
            out.push_str(&el("th", "", &crate::t!(lang, key)));
        }
        out.push_str("</tr></thead><tbody>");
        for k in 0..a.tiers.len() {
            let tier = u32::try_from(k + 1).unwrap_or(u32::MAX);
            let in_tier: Vec<&&Outcome> = awarded.iter().filter(|o| o.tier == Some(tier)).collect();
            let sum = crate::value::checked_sum(in_tier.iter().filter_map(|o| o.award));
            out.push_str("<tr>");
            out.push_str(&el("td", "", &crate::report::tier_label(p, tier, lang)));
            out.push_str(&el("td", "num", &in_tier.len().to_string()));
            out.push_str(&el("td", "num", &total_words(sum, lang)));
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }

    let groups: Vec<Vec<Option<String>>> = outcomes
        .iter()
        .map(|o| crate::engine::summary_groups(p, o))
        .collect();
    let none = crate::t!(lang, "xlsx-none");
    for (g, spec) in p.summary_by.iter().enumerate() {
        // (group, applications, eligible, awarded, total)
        let mut totals: Vec<(String, usize, usize, usize, Option<Decimal>)> = Vec::new();
        for (o, keys) in outcomes.iter().zip(&groups) {
            let key = keys
                .get(g)
                .cloned()
                .flatten()
                .unwrap_or_else(|| none.clone());
            let at = match totals.iter().position(|t| t.0 == key) {
                Some(i) => i,
                None => {
                    totals.push((key, 0, 0, 0, Some(Decimal::ZERO)));
                    totals.len() - 1
                }
            };
            let t = &mut totals[at];
            t.1 += 1;
            if o.status == Status::Eligible {
                t.2 += 1;
            }
            if o.awarded
                && let Some(a) = o.award
            {
                t.3 += 1;
                t.4 = t.4.and_then(|s| s.checked_add(a));
            }
        }
        totals.sort_by(|a, b| a.0.cmp(&b.0));
        out.push_str("<table class=\"by-group\"><thead><tr>");
        out.push_str(&el(
            "th",
            "",
            &crate::engine::named(&spec.label, &spec.id, lang),
        ));
        for key in [
            "xlsx-applications",
            "xlsx-eligible",
            "xlsx-awarded-count",
            "web-total-award",
        ] {
            out.push_str(&el("th", "", &crate::t!(lang, key)));
        }
        out.push_str("</tr></thead><tbody>");
        for (key, apps, eligible, n, sum) in &totals {
            out.push_str("<tr>");
            out.push_str(&el("td", "", key));
            out.push_str(&el("td", "num", &apps.to_string()));
            out.push_str(&el("td", "num", &eligible.to_string()));
            out.push_str(&el("td", "num", &n.to_string()));
            out.push_str(&el("td", "num", &total_words(*sum, lang)));
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>\n");
    out
}

/// A `<select>` filtering the results table by one column (the script reads `data-filter`).
fn filter_select(column: &str, label: &str, options: &[(String, String)], lang: Lang) -> String {
    let mut out = format!(
        "<label class=\"filter\">{} <select data-filter=\"{}\"><option value=\"\">{}</option>",
        escape(label),
        escape(column),
        escape(&crate::t!(lang, "web-filter-all"))
    );
    for (value, words) in options {
        out.push_str(&format!(
            "<option value=\"{}\">{}</option>",
            escape(value),
            escape(words)
        ));
    }
    out.push_str("</select></label> ");
    out
}

/// The results of a batch: counts and totals as in the summary sheet, the workbook to
/// download, a table of every record (sortable, filtered by status, tier and each summary
/// group), each record's explanation (the first [`EXPLAINED`]).
pub fn batch_result(policy: &Policy, programme: &Programme, batch: &Batch, ctx: &Ctx) -> String {
    let lang = ctx.lang;
    let p = programme;
    let mut page = programme_page(
        ctx,
        policy,
        p,
        "batch",
        format!("{}/batch", url::programme_path(policy.year, &p.id)),
    );
    page.el(
        "h2",
        "",
        &crate::t!(
            lang,
            "web-batch-results",
            file = batch.file_name,
            n = batch.outcomes.len()
        ),
    );
    page.raw(&summary_html(p, batch.outcomes, lang));
    if let Some(book) = batch.workbook {
        let name = format!("{}-{}-results.xlsx", policy.year, p.id);
        page.raw(&format!(
            "<p><a class=\"download\" download=\"{}\" href=\"data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,{}\">{}</a></p>\n",
            escape(&name),
            base64(book),
            escape(&crate::t!(lang, "web-download-workbook"))
        ));
    }
    if !batch.warnings.is_empty() {
        page.el("h3", "", &crate::t!(lang, "web-warnings"));
        page.raw("<ul class=\"warnings\">");
        for w in batch.warnings {
            page.el("li", "", &w.to_string());
        }
        page.raw("</ul>\n");
    }

    // Filters (shown by the script, which does the filtering).
    let groups: Vec<Vec<Option<String>>> = batch
        .outcomes
        .iter()
        .map(|o| crate::engine::summary_groups(p, o))
        .collect();
    page.raw("<div class=\"filters\" hidden>");
    let statuses: Vec<(String, String)> = [Status::Eligible, Status::Ineligible, Status::Invalid]
        .iter()
        .map(|s| (s.as_str().to_string(), crate::report::status_text(*s, lang)))
        .collect();
    page.raw(&filter_select(
        "status",
        &crate::t!(lang, "web-col-status"),
        &statuses,
        lang,
    ));
    if let Some(a) = p.allocation.as_ref().filter(|a| !a.tiers.is_empty()) {
        let tiers: Vec<(String, String)> = (1..=a.tiers.len())
            .map(|k| {
                let t = u32::try_from(k).unwrap_or(u32::MAX);
                (k.to_string(), crate::report::tier_label(p, t, lang))
            })
            .collect();
        page.raw(&filter_select(
            "tier",
            &crate::t!(lang, "web-col-tier"),
            &tiers,
            lang,
        ));
    }
    for (g, spec) in p.summary_by.iter().enumerate() {
        let mut values: Vec<String> = groups
            .iter()
            .filter_map(|keys| keys.get(g).cloned().flatten())
            .collect();
        values.sort();
        values.dedup();
        let options: Vec<(String, String)> = values.into_iter().map(|v| (v.clone(), v)).collect();
        page.raw(&filter_select(
            &format!("g{g}"),
            &crate::engine::named(&spec.label, &spec.id, lang),
            &options,
            lang,
        ));
    }
    page.raw(&format!(
        "<span class=\"shown\" data-shown-words=\"{}\"></span>",
        escape(&crate::t!(lang, "web-shown", n = "{n}"))
    ));
    page.raw("</div>\n");

    // The table.
    page.raw("<table class=\"results sortable\"><thead><tr>");
    let heads = [
        ("text", "web-col-id"),
        ("text", "web-col-status"),
        ("num", "web-col-score"),
        ("num", "web-col-rank"),
        ("num", "web-col-tier"),
        ("num", "web-col-award"),
        ("text", "web-col-reasons"),
    ];
    for (sort, key) in heads {
        page.raw(&format!(
            "<th data-sort=\"{sort}\" tabindex=\"0\">{}</th>",
            escape(&crate::t!(lang, key))
        ));
    }
    for spec in &p.summary_by {
        page.raw(&format!(
            "<th data-sort=\"text\" tabindex=\"0\">{}</th>",
            escape(&crate::engine::named(&spec.label, &spec.id, lang))
        ));
    }
    page.raw("</tr></thead><tbody>\n");
    let places = p.scores.as_ref().map_or(2, |s| s.round);
    for (i, (o, keys)) in batch.outcomes.iter().zip(&groups).enumerate() {
        let mut data = format!(
            " data-status=\"{}\" data-tier=\"{}\"",
            o.status.as_str(),
            o.tier.map(|t| t.to_string()).unwrap_or_default()
        );
        for (g, k) in keys.iter().enumerate() {
            data.push_str(&format!(
                " data-g{g}=\"{}\"",
                escape(k.as_deref().unwrap_or(""))
            ));
        }
        page.raw(&format!("<tr{data}>"));
        // The id opens the record's explanation below the table.
        if i < EXPLAINED {
            page.raw(&format!(
                "<td><a class=\"open-explain\" href=\"#x{i}\">{}</a></td>",
                escape(&o.id)
            ));
        } else {
            page.el("td", "", &o.id);
        }
        page.raw(&format!(
            "<td data-value=\"{}\">{}</td>",
            o.status.as_str(),
            status_badge(o.status, lang)
        ));
        let score = o.score.map(|s| crate::report::fixed(s, places));
        page.raw(&format!(
            "<td class=\"num\" data-value=\"{0}\">{0}</td>",
            escape(score.as_deref().unwrap_or(""))
        ));
        page.raw(&format!(
            "<td class=\"num\" data-value=\"{0}\">{0}</td>",
            o.rank.map(|r| r.to_string()).unwrap_or_default()
        ));
        page.raw(&format!(
            "<td class=\"num\" data-value=\"{}\">{}</td>",
            o.tier.map(|t| t.to_string()).unwrap_or_default(),
            escape(
                &o.tier
                    .map(|t| crate::report::tier_label(p, t, lang))
                    .unwrap_or_default()
            )
        ));
        let award = o.award.filter(|_| o.awarded);
        page.raw(&format!(
            "<td class=\"num\" data-value=\"{}\">{}</td>",
            award.map(crate::report::yuan).unwrap_or_default(),
            escape(
                &award
                    .map(|a| crate::report::award_money(a, lang))
                    .unwrap_or_default()
            )
        ));
        page.el("td", "reasons", &reasons(p, o, lang));
        for k in keys {
            page.el("td", "", k.as_deref().unwrap_or(""));
        }
        page.raw("</tr>\n");
    }
    page.raw("</tbody></table>\n");
    if batch.outcomes.len() > EXPLAINED {
        page.el(
            "p",
            "note",
            &crate::t!(lang, "web-explained-first", n = EXPLAINED),
        );
    }
    // The explanations, each closed until its record is opened.
    page.raw("<section class=\"explanations\">\n");
    for (i, o) in batch.outcomes.iter().take(EXPLAINED).enumerate() {
        page.raw(&format!(
            "<details class=\"explanation\" id=\"x{i}\"><summary>"
        ));
        page.text(&crate::t!(lang, "web-explanation-of", id = &*o.id));
        page.raw("</summary>");
        page.raw(&outcome_html(p, o, lang));
        page.raw(&explanation_html(policy, p, o, lang));
        page.raw("</details>\n");
    }
    page.raw("</section>\n");
    page.el("h2", "", &crate::t!(lang, "web-batch-again"));
    page.raw(&upload_form(
        &url::batch(policy.year, &p.id, lang),
        lang,
        "",
    ));
    page.finish()
}

/// Why a record is not eligible or valid, briefly: its failed rules by their messages, or its
/// errors; and its flags.
fn reasons(p: &Programme, o: &Outcome, lang: Lang) -> String {
    let sep = crate::t!(lang, "sep-list");
    let mut parts: Vec<String> = Vec::new();
    if !o.failed_rules().is_empty() {
        parts.push(crate::report::described(
            o.failed_rules(),
            &p.rules,
            lang,
            &sep,
        ));
    }
    for e in o.errors() {
        parts.push(crate::report::error_words(p, e, lang));
    }
    let flags = crate::report::flags_text(p, o, lang, &sep);
    if !flags.is_empty() {
        parts.push(flags);
    }
    parts.join(&crate::t!(lang, "sep-reasons"))
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_is_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64(b"fooba"), "Zm9vYmE=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
