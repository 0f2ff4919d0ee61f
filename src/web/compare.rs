//! Two years side by side: what changed in the rules (`diff`), and a batch evaluated under
//! both with the changed outcomes and the rules and parameters behind each change.

use super::form::status_badge;
use super::{Ctx, Page, el, escape, url};
use crate::Lang;
use crate::compare::Comparison;
use crate::engine::Outcome;
use crate::policy::Policy;

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

fn compare_title(old: &Policy, new: &Policy, lang: Lang) -> String {
    crate::t!(
        lang,
        "web-compare-link",
        from = old.year.to_string(),
        to = new.year.to_string()
    )
}

fn page<'a>(ctx: &'a Ctx<'a>, old: &Policy, new: &Policy) -> Page<'a> {
    let lang = ctx.lang;
    // The language switch keeps the years: the path carries them as a query, so the switch
    // link is built from the whole compare URL without its language.
    let path = format!("/web/compare?from={}&to={}&lang=", old.year, new.year);
    let mut page = Page::new(ctx, compare_title(old, new, lang), path);
    page.path_has_query = true;
    page
}

/// The diff of two years as the `diff` command words it, a line per change, marked by
/// whether it adds, removes or changes.
fn diff_html(old: &Policy, new: &Policy, lang: Lang) -> String {
    let text = crate::diff::diff(old, new, lang);
    let mut out = String::from("<div class=\"diff\">");
    for line in text.lines() {
        let body = line.trim_start();
        let indent = (line.len() - body.len()).min(12);
        let class = match body.chars().next() {
            Some('+') => "add",
            Some('-') => "del",
            Some('~') => "chg",
            _ if indent == 0 => "head",
            _ => "",
        };
        // The diff's own indentation shows what belongs to what: kept as written.
        out.push_str(&format!("<div class=\"l {class}\">"));
        out.push_str(&escape(line));
        out.push_str("</div>");
    }
    out.push_str("</div>");
    out
}

/// The upload form of a batch to evaluate under both years: a programme both have, a file.
fn upload(old: &Policy, new: &Policy, lang: Lang, chosen: Option<&str>) -> String {
    let both: Vec<&crate::policy::Programme> = new
        .programmes
        .iter()
        .filter(|p| old.programme(&p.id).is_some())
        .collect();
    if both.is_empty() {
        return el("p", "empty", &crate::t!(lang, "web-compare-none-shared"));
    }
    let mut out = format!(
        "<form class=\"upload\" method=\"post\" enctype=\"multipart/form-data\" action=\"{}\">\
<input type=\"hidden\" name=\"lang\" value=\"{}\">",
        escape(&url::compare(old.year, new.year, lang)),
        lang_code(lang)
    );
    out.push_str(&format!(
        "<label for=\"compare-programme\">{}</label> <select id=\"compare-programme\" name=\"programme\">",
        escape(&crate::t!(lang, "web-programme"))
    ));
    for p in both {
        let sel = if chosen == Some(p.id.as_str()) {
            " selected"
        } else {
            ""
        };
        out.push_str(&format!(
            "<option value=\"{}\"{sel}>{}</option>",
            escape(&p.id),
            escape(p.title.get(lang))
        ));
    }
    out.push_str("</select> ");
    out.push_str(&format!(
        "<label for=\"compare-file\">{}</label> \
<input type=\"file\" id=\"compare-file\" name=\"file\" required accept=\".xlsx,.csv,.json,.jsonl,.yaml,.yml\"> \
<button type=\"submit\" class=\"primary\">{}</button></form>\n",
        escape(&crate::t!(lang, "web-batch-file")),
        escape(&crate::t!(lang, "web-compare-submit"))
    ));
    out
}

/// Two years compared: the diff of their rules, and a form to evaluate a batch under both.
pub fn compare_page(old: &Policy, new: &Policy, ctx: &Ctx) -> String {
    let lang = ctx.lang;
    let mut page = page(ctx, old, new);
    page.el("h2", "", &crate::t!(lang, "web-diff"));
    page.raw(&diff_html(old, new, lang));
    page.el("h2", "", &crate::t!(lang, "web-compare-batch"));
    page.el("p", "lead", &crate::t!(lang, "web-compare-lead"));
    page.raw(&upload(old, new, lang, None));
    page.finish()
}

/// A side's award, when it was awarded.
fn award(o: &Outcome, lang: Lang) -> String {
    o.award
        .filter(|_| o.awarded)
        .map(|a| crate::report::award_money(a, lang))
        .unwrap_or_else(|| "—".to_string())
}

/// A batch evaluated under both years: how many records changed, and for each changed record
/// its status, score and award in both years with the rules that decided otherwise and why;
/// then the diff of the rules.
pub fn compare_result(
    old: &Policy,
    new: &Policy,
    programme: &str,
    comparisons: &[Comparison],
    ctx: &Ctx,
) -> String {
    compare_result_with(old, new, programme, comparisons, &[], ctx)
}

/// [`compare_result`], with what reading the applications went on despite.
pub(crate) fn compare_result_with(
    old: &Policy,
    new: &Policy,
    programme: &str,
    comparisons: &[Comparison],
    warnings: &[crate::warning::Warning],
    ctx: &Ctx,
) -> String {
    let lang = ctx.lang;
    let mut page = page(ctx, old, new);
    if !warnings.is_empty() {
        page.el("h3", "", &crate::t!(lang, "web-warnings"));
        page.raw("<ul class=\"warnings\">");
        for w in warnings {
            page.el("li", "", &w.to_string());
        }
        page.raw("</ul>\n");
    }
    let changed: Vec<&Comparison> = comparisons.iter().filter(|c| c.changed()).collect();
    let (y0, y1) = (old.year.to_string(), new.year.to_string());
    page.el(
        "p",
        "lead compare-summary",
        &crate::t!(
            lang,
            "compare-summary",
            records = comparisons.len(),
            changed = changed.len(),
            year_before = y0.as_str(),
            year_after = y1.as_str()
        ),
    );
    if let Some(p) = new.programme(programme) {
        page.el(
            "p",
            "",
            &crate::t!(
                lang,
                "web-programme-named",
                programme = crate::engine::named(&p.title, &p.id, lang)
            ),
        );
    }
    if !changed.is_empty() {
        page.raw("<table class=\"changes sortable\"><thead><tr>");
        page.raw(&format!(
            "<th data-sort=\"text\" tabindex=\"0\">{}</th>",
            escape(&crate::t!(lang, "web-col-id"))
        ));
        for year in [&y0, &y1] {
            for key in ["web-col-status", "web-col-score", "web-col-award"] {
                page.raw(&format!(
                    "<th data-sort=\"text\" tabindex=\"0\">{}</th>",
                    escape(&crate::t!(
                        lang,
                        "web-col-in-year",
                        year = year.as_str(),
                        column = crate::t!(lang, key)
                    ))
                ));
            }
        }
        page.el("th", "", &crate::t!(lang, "web-col-why"));
        page.raw("</tr></thead><tbody>\n");
        for c in changed {
            page.raw("<tr>");
            page.el("td", "", &c.id);
            for o in [&c.before, &c.after] {
                page.raw(&format!("<td>{}</td>", status_badge(o.status, lang)));
                page.el(
                    "td",
                    "num",
                    &o.score
                        .map(crate::value::plain)
                        .unwrap_or_else(|| "—".to_string()),
                );
                page.el("td", "num", &award(o, lang));
            }
            page.raw("<td><ul class=\"why\">");
            for reason in crate::compare::invalid_reasons(c, (old.year, new.year), lang) {
                page.el("li", "", &reason);
            }
            for r in &c.rules {
                let (before, after) = (
                    crate::compare::state_words(r.before, lang),
                    crate::compare::state_words(r.after, lang),
                );
                let why: Vec<String> = r.why.iter().map(|w| w.words(lang)).collect();
                let line = if why.is_empty() {
                    crate::t!(
                        lang,
                        "compare-rule",
                        rule = r.rule.as_str(),
                        before = before,
                        after = after
                    )
                } else {
                    crate::t!(
                        lang,
                        "compare-rule-why",
                        rule = r.rule.as_str(),
                        before = before,
                        after = after,
                        why = why.join(&crate::t!(lang, "sep-reasons"))
                    )
                };
                page.el("li", "", &line);
            }
            page.raw("</ul></td></tr>\n");
        }
        page.raw("</tbody></table>\n");
    }
    page.el("h2", "", &crate::t!(lang, "web-compare-batch"));
    page.raw(&upload(old, new, lang, Some(programme)));
    page.raw("<details class=\"diff-box\"><summary>");
    page.text(&crate::t!(lang, "web-diff"));
    page.raw("</summary>");
    page.raw(&diff_html(old, new, lang));
    page.raw("</details>\n");
    page.finish()
}
