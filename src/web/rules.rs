//! The rules of a programme as a legislation explorer shows them, and its policy files with
//! numbered lines for the links each rule carries to where it is written.

use super::{Ctx, Page, el, escape, link, programme_page, url};
use crate::Lang;
use crate::diag::{SourceFile, Span};
use crate::policy::{FieldKind, FieldSpec, Formula, Policy, Programme};
use crate::report::{money, one_line};

/// The policy files a programme was read from, in the order they are first met (the
/// programme's own file first, then the files its inherited items come from). A file is
/// named in URLs by its position here, never by a path.
pub(crate) fn files(programme: &Programme) -> Vec<&SourceFile> {
    let mut out: Vec<&SourceFile> = vec![&programme.file];
    let mut formulas: Vec<&Formula> = Vec::new();
    formulas.extend(programme.checks.iter().map(|r| &r.formula));
    formulas.extend(programme.rules.iter().map(|r| &r.formula));
    formulas.extend(programme.values.iter().map(|v| &v.formula));
    formulas.extend(programme.award.iter().map(|a| &a.formula));
    if let Some(a) = &programme.allocation {
        formulas.extend(a.order.iter().map(|o| &o.formula));
        formulas.extend(a.quota.iter().map(|q| &q.counts));
        formulas.extend(a.demotion.iter().map(|d| &d.0));
    }
    formulas.extend(programme.flags.iter().map(|r| &r.formula));
    formulas.extend(programme.documents.iter().filter_map(|d| d.when.as_ref()));
    formulas.extend(programme.summary_by.iter().map(|g| &g.formula));
    for f in formulas {
        if !f.text.is_empty() && !out.iter().any(|o| o.name == f.origin.file.name) {
            out.push(&f.origin.file);
        }
    }
    out
}

/// The short name of a policy file (`cloud-award.yaml`), as the links show it.
fn base_name(file: &SourceFile) -> &str {
    file.name.rsplit(['/', '\\']).next().unwrap_or(&file.name)
}

/// A link to the line a formula is written on: `cloud-award.yaml:122`.
fn source_link(policy: &Policy, programme: &Programme, f: &Formula, lang: Lang) -> String {
    if f.text.is_empty() {
        return String::new();
    }
    let files = files(programme);
    let Some(n) = files.iter().position(|o| o.name == f.origin.file.name) else {
        return String::new();
    };
    let start = f.origin.map(Span::new(0, 0)).start as usize;
    let (line, _) = f.origin.file.line_col(start);
    let href = url::source(policy.year, &programme.id, n, line, lang);
    format!(
        "<a class=\"src\" href=\"{}\">{}</a>",
        escape(&href),
        escape(&format!("{}:{line}", base_name(&f.origin.file)))
    )
}

/// A clause citation as a badge (nothing when the policy cites none).
fn cite(text: &str, lang: Lang) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    format!(
        "<span class=\"cite\" title=\"{}\">{}</span>",
        escape(&crate::t!(lang, "web-cite")),
        escape(&crate::t!(lang, "web-cite-text", cite = text))
    )
}

/// An interpretation, highlighted.
fn interpretation(text: Option<&str>, lang: Lang) -> String {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => format!(
            "<aside class=\"interp\"><strong>{}</strong> {}</aside>",
            escape(&crate::t!(lang, "web-interpretation")),
            escape(t)
        ),
        None => String::new(),
    }
}

/// A formula as the policy writes it, on one line.
fn formula(f: &Formula) -> String {
    el("code", "formula", &one_line(&f.text))
}

/// The kind of a field in words, with its unit for money.
pub(crate) fn kind_words(f: &FieldSpec, kind: &FieldKind, lang: Lang) -> String {
    match kind {
        FieldKind::Text => crate::t!(lang, "web-kind-text"),
        FieldKind::Number => crate::t!(lang, "web-kind-number"),
        FieldKind::Money(_) => crate::t!(
            lang,
            "web-kind-money",
            unit = f.unit.as_deref().unwrap_or("元")
        ),
        FieldKind::Percent => crate::t!(lang, "web-kind-percent"),
        FieldKind::Bool => crate::t!(lang, "web-kind-bool"),
        FieldKind::Date => crate::t!(lang, "web-kind-date"),
        FieldKind::DateTime => crate::t!(lang, "web-kind-datetime"),
        FieldKind::Enum => crate::t!(lang, "web-kind-enum"),
        FieldKind::CreditCode => crate::t!(lang, "web-kind-credit-code"),
        FieldKind::List(inner) => {
            crate::t!(lang, "web-kind-list", item = kind_words(f, inner, lang))
        }
        FieldKind::Records => crate::t!(lang, "web-kind-records"),
    }
}

/// An enum value's name in a language (its id where the policy gives none).
pub(crate) fn enum_label(v: &crate::policy::model::EnumValue, lang: Lang) -> &str {
    let label = match lang {
        Lang::Zh => v.zh.as_deref().or(v.en.as_deref()),
        Lang::En => v.en.as_deref().or(v.zh.as_deref()),
    };
    label.unwrap_or(&v.id.value)
}

/// A section heading with an anchor.
fn section(page: &mut Page, id: &str, key: &str, lang: Lang) {
    page.raw(&format!(
        "<h2 id=\"{}\">{}</h2>\n",
        escape(id),
        escape(&crate::t!(lang, key))
    ));
}

/// The rules page of a programme: eligibility rules in order with their clauses and
/// interpretations, parameters, the score table with caps and the proven maximum, the award,
/// the allocation, the documents, and the fields an application gives. `None` when the year
/// has no such programme.
pub fn rules_page(policy: &Policy, programme: &str, ctx: &Ctx) -> Option<String> {
    let p = policy.programme(programme)?;
    let lang = ctx.lang;
    let mut page = programme_page(
        ctx,
        policy,
        p,
        "rules",
        url::programme_path(policy.year, &p.id),
    );
    if !p.cite.trim().is_empty() || p.source.is_some() {
        page.raw("<p class=\"about\">");
        page.text(&crate::t!(lang, "web-programme-cite"));
        page.raw(" ");
        page.raw(&cite(&p.cite, lang));
        if let Some(s) = &p.source {
            page.raw(" ");
            page.text(&crate::t!(lang, "web-source-document", source = s));
        }
        page.raw("</p>\n");
    }
    // Contents: the sections below.
    let mut toc = vec![("eligibility", "web-eligibility")];
    if !p.params.is_empty() {
        toc.push(("params", "web-params"));
    }
    if !p.values.is_empty() {
        toc.push(("scores", "web-scores"));
    }
    if p.award.is_some() {
        toc.push(("award", "web-award"));
    }
    if p.allocation.is_some() {
        toc.push(("allocation", "web-allocation"));
    }
    if !p.documents.is_empty() {
        toc.push(("documents", "web-documents"));
    }
    toc.push(("fields", "web-fields"));
    page.raw("<nav class=\"toc\"><ul>");
    for (id, key) in &toc {
        page.raw(&format!(
            "<li><a href=\"#{}\">{}</a></li>",
            escape(id),
            escape(&crate::t!(lang, key))
        ));
    }
    page.raw("</ul></nav>\n");

    eligibility(&mut page, policy, p, lang);
    params(&mut page, p, lang);
    scores(&mut page, policy, p, lang);
    award(&mut page, policy, p, lang);
    allocation(&mut page, policy, p, lang);
    documents(&mut page, policy, p, lang);
    fields(&mut page, p, lang);
    Some(page.finish())
}

fn eligibility(page: &mut Page, policy: &Policy, p: &Programme, lang: Lang) {
    section(page, "eligibility", "web-eligibility", lang);
    if p.rules.is_empty() {
        page.el("p", "empty", &crate::t!(lang, "web-no-rules"));
    }
    page.raw("<ol class=\"rules\">\n");
    for r in &p.rules {
        page.raw(&format!(
            "<li class=\"rule\" id=\"rule-{}\">",
            escape(&r.id)
        ));
        page.raw("<div class=\"rule-head\">");
        page.el(
            "span",
            "rule-name",
            &crate::engine::named(&r.message, &r.id, lang),
        );
        page.raw(" ");
        page.raw(&cite(&r.cite, lang));
        page.raw(" ");
        page.raw(&source_link(policy, p, &r.formula, lang));
        page.raw("</div>");
        page.raw(&formula(&r.formula));
        page.raw(&interpretation(r.interpretation.as_deref(), lang));
        page.raw("</li>\n");
    }
    page.raw("</ol>\n");
    if !p.checks.is_empty() {
        page.el("h3", "", &crate::t!(lang, "web-checks"));
        page.el("p", "note", &crate::t!(lang, "web-checks-note"));
        page.raw("<ul class=\"rules checks\">\n");
        for r in &p.checks {
            page.raw("<li class=\"rule\">");
            page.raw("<div class=\"rule-head\">");
            page.el(
                "span",
                "rule-name",
                &crate::engine::named(&r.message, &r.id, lang),
            );
            page.raw(" ");
            page.raw(&cite(&r.cite, lang));
            page.raw(" ");
            page.raw(&source_link(policy, p, &r.formula, lang));
            page.raw("</div>");
            page.raw(&formula(&r.formula));
            page.raw(&interpretation(r.interpretation.as_deref(), lang));
            page.raw("</li>\n");
        }
        page.raw("</ul>\n");
    }
    if !p.flags.is_empty() {
        page.el("h3", "", &crate::t!(lang, "web-flags"));
        page.raw("<ul class=\"rules flags\">\n");
        for r in &p.flags {
            page.raw("<li class=\"rule\">");
            page.raw("<div class=\"rule-head\">");
            page.el(
                "span",
                "rule-name",
                &crate::engine::named(&r.message, &r.id, lang),
            );
            page.raw(" ");
            page.raw(&cite(&r.cite, lang));
            page.raw(" ");
            page.raw(&source_link(policy, p, &r.formula, lang));
            page.raw("</div>");
            page.raw(&formula(&r.formula));
            page.raw("</li>\n");
        }
        page.raw("</ul>\n");
    }
}

/// Starts a table with the given column headings (catalogue keys).
fn table_head(page: &mut Page, class: &str, heads: &[&str], lang: Lang) {
    page.raw(&format!("<table class=\"{}\"><thead><tr>", escape(class)));
    for h in heads {
        page.el("th", "", &crate::t!(lang, h));
    }
    page.raw("</tr></thead><tbody>\n");
}

fn params(page: &mut Page, p: &Programme, lang: Lang) {
    if p.params.is_empty() {
        return;
    }
    section(page, "params", "web-params", lang);
    table_head(
        page,
        "params",
        &[
            "web-col-name",
            "web-col-written",
            "web-col-value",
            "web-col-cite",
        ],
        lang,
    );
    for (id, value, label, cite_text, notes) in &p.params {
        page.raw(&format!("<tr id=\"param-{}\"><td>", escape(id)));
        page.text(&crate::engine::named(label, id, lang));
        page.raw(&interpretation(notes.interpretation.as_deref(), lang));
        page.raw("</td>");
        page.raw(&el("td", "", &notes.written));
        page.raw(&el(
            "td",
            "num",
            &crate::report::value_words(p, id, value, lang),
        ));
        page.raw("<td>");
        page.raw(&cite(cite_text, lang));
        page.raw("</td></tr>\n");
    }
    page.raw("</tbody></table>\n");
}

fn scores(page: &mut Page, policy: &Policy, p: &Programme, lang: Lang) {
    if p.values.is_empty() {
        return;
    }
    section(page, "scores", "web-scores", lang);
    if let Some(s) = &p.scores {
        page.raw("<p class=\"score-max\">");
        page.text(&crate::t!(
            lang,
            "web-score-max",
            max = crate::value::plain(s.max_score),
            places = s.round
        ));
        if let Some(proven) = s.proven_max {
            page.raw(" ");
            page.el(
                "span",
                "proven",
                &crate::t!(lang, "web-proven-max", max = crate::value::plain(proven)),
            );
        }
        page.raw("</p>\n");
    }
    table_head(
        page,
        "values",
        &[
            "web-col-name",
            "web-col-formula",
            "web-col-cap",
            "web-col-cite",
        ],
        lang,
    );
    for v in &p.values {
        let class = if v.is_item { "score-item" } else { "computed" };
        page.raw(&format!(
            "<tr class=\"{class}\" id=\"value-{}\"><td>",
            escape(&v.id)
        ));
        page.text(&crate::engine::named(&v.label, &v.id, lang));
        if v.is_item {
            page.raw(" ");
            page.el("span", "tag", &crate::t!(lang, "web-score-item"));
        }
        page.raw("</td><td>");
        if !v.formula.text.is_empty() {
            page.raw(&formula(&v.formula));
            page.raw(" ");
            page.raw(&source_link(policy, p, &v.formula, lang));
        }
        page.raw(&interpretation(v.interpretation.as_deref(), lang));
        page.raw("</td>");
        page.el(
            "td",
            "num",
            &v.cap.map(crate::value::plain).unwrap_or_default(),
        );
        page.raw("<td>");
        page.raw(&cite(&v.cite, lang));
        page.raw("</td></tr>\n");
    }
    page.raw("</tbody></table>\n");
}

fn award(page: &mut Page, policy: &Policy, p: &Programme, lang: Lang) {
    let Some(a) = &p.award else { return };
    section(page, "award", "web-award", lang);
    page.raw("<div class=\"rule\"><div class=\"rule-head\">");
    page.raw(&cite(&a.cite, lang));
    page.raw(" ");
    page.raw(&source_link(policy, p, &a.formula, lang));
    page.raw("</div>");
    page.raw(&formula(&a.formula));
    page.raw("<ul class=\"facts\">");
    page.el(
        "li",
        "",
        &crate::t!(
            lang,
            "web-award-cap",
            cap = money(a.cap, lang),
            written = &a.written_cap
        ),
    );
    if let Some(max) = a.proven_max {
        page.el(
            "li",
            "proven",
            &crate::t!(lang, "web-award-proven", max = money(max, lang)),
        );
    }
    page.el(
        "li",
        "",
        &crate::t!(lang, "web-award-round", places = a.round),
    );
    page.raw("</ul>");
    page.raw(&interpretation(a.interpretation.as_deref(), lang));
    page.raw("</div>\n");
}

fn allocation(page: &mut Page, policy: &Policy, p: &Programme, lang: Lang) {
    let Some(a) = &p.allocation else { return };
    section(page, "allocation", "web-allocation", lang);
    page.raw("<p class=\"about\">");
    page.raw(&cite(&a.cite, lang));
    page.raw("</p>");
    page.raw(&interpretation(a.interpretation.as_deref(), lang));
    page.raw("<ul class=\"facts\">");
    page.el(
        "li",
        "",
        &crate::t!(lang, "web-allocation-awards", n = a.awards),
    );
    page.raw("</ul>");
    if !a.order.is_empty() {
        page.el("h3", "", &crate::t!(lang, "web-order"));
        page.raw("<ol class=\"order\">");
        for o in &a.order {
            page.raw("<li>");
            page.raw(&formula(&o.formula));
            page.raw(" ");
            page.el(
                "span",
                "tag",
                &crate::t!(
                    lang,
                    if o.descending {
                        "web-descending"
                    } else {
                        "web-ascending"
                    }
                ),
            );
            page.raw(" ");
            page.raw(&source_link(policy, p, &o.formula, lang));
            page.raw("</li>");
        }
        page.el("li", "tie-last", &crate::t!(lang, "web-order-input"));
        page.raw("</ol>\n");
    }
    if !a.tiers.is_empty() {
        page.el("h3", "", &crate::t!(lang, "web-tiers"));
        table_head(
            page,
            "tiers",
            &["web-col-tier", "web-col-size", "web-col-amount"],
            lang,
        );
        for (k, t) in a.tiers.iter().enumerate() {
            let n = u32::try_from(k + 1).unwrap_or(u32::MAX);
            page.raw("<tr>");
            page.el("td", "", &crate::report::tier_label(p, n, lang));
            page.el(
                "td",
                "num",
                &t.size
                    .map_or_else(|| crate::t!(lang, "web-tier-rest"), |s| s.to_string()),
            );
            page.el(
                "td",
                "num",
                &crate::t!(
                    lang,
                    "web-tier-amount",
                    amount = money(t.amount, lang),
                    written = &t.written_amount
                ),
            );
            page.raw("</tr>\n");
        }
        page.raw("</tbody></table>\n");
    }
    if let Some(q) = &a.quota {
        page.el("h3", "", &crate::t!(lang, "web-quota"));
        page.raw("<div class=\"rule\"><div class=\"rule-head\">");
        page.raw(&cite(&q.cite, lang));
        page.raw(" ");
        page.raw(&source_link(policy, p, &q.counts, lang));
        page.raw("</div>");
        page.raw(&formula(&q.counts));
        page.el(
            "p",
            "",
            &crate::t!(
                lang,
                "web-quota-share",
                share = &q.written_share,
                rounding = if q.round_up { "up" } else { "down" },
                flag = crate::report::flag_text(p, &q.flag, lang)
            ),
        );
        page.raw(&interpretation(q.interpretation.as_deref(), lang));
        page.raw("</div>\n");
    }
    if let Some((f, flag)) = &a.demotion {
        page.el("h3", "", &crate::t!(lang, "web-demotion"));
        page.raw("<div class=\"rule\"><div class=\"rule-head\">");
        page.raw(&cite(&a.demotion_cite, lang));
        page.raw(" ");
        page.raw(&source_link(policy, p, f, lang));
        page.raw("</div>");
        page.raw(&formula(f));
        page.el(
            "p",
            "",
            &crate::t!(
                lang,
                "web-demotion-flag",
                flag = crate::report::flag_text(p, flag, lang)
            ),
        );
        page.raw("</div>\n");
    }
}

fn documents(page: &mut Page, policy: &Policy, p: &Programme, lang: Lang) {
    if p.documents.is_empty() {
        return;
    }
    section(page, "documents", "web-documents", lang);
    page.raw("<ul class=\"documents\">\n");
    for d in &p.documents {
        page.raw("<li>");
        page.text(&crate::engine::named(&d.label, &d.id, lang));
        page.raw(" ");
        page.raw(&cite(&d.cite, lang));
        if let Some(w) = &d.when {
            page.raw(" ");
            page.el("span", "when", &crate::t!(lang, "web-document-when"));
            page.raw(" ");
            page.raw(&formula(w));
            page.raw(" ");
            page.raw(&source_link(policy, p, w, lang));
        }
        page.raw("</li>\n");
    }
    page.raw("</ul>\n");
}

fn fields(page: &mut Page, p: &Programme, lang: Lang) {
    section(page, "fields", "web-fields", lang);
    table_head(
        page,
        "fields",
        &[
            "web-col-name",
            "web-col-kind",
            "web-col-values",
            "web-col-cite",
        ],
        lang,
    );
    for f in &p.fields {
        field_row(page, f, lang);
    }
    page.raw("</tbody></table>\n");
}

fn field_row(page: &mut Page, f: &FieldSpec, lang: Lang) {
    page.raw(&format!("<tr id=\"field-{}\"><td>", escape(&f.id)));
    page.text(&crate::engine::named(&f.label, &f.id, lang));
    if f.required {
        page.raw(" ");
        page.el("span", "tag required", &crate::t!(lang, "web-required"));
    }
    let help = f.help.get(lang);
    if !help.is_empty() {
        page.el("div", "help", help);
    }
    page.raw(&interpretation(f.interpretation.as_deref(), lang));
    page.raw("</td>");
    page.el("td", "", &kind_words(f, &f.kind, lang));
    page.raw("<td>");
    let mut about: Vec<String> = f
        .values
        .iter()
        .map(|v| enum_label(v, lang).to_string())
        .collect();
    if !f.items.is_empty() {
        about.extend(f.items.iter().map(|i| {
            format!(
                "{}: {}",
                crate::engine::named(&i.label, &i.id, lang),
                kind_words(i, &i.kind, lang)
            )
        }));
    }
    page.text(&about.join(&crate::t!(lang, "sep-list")));
    let bounds = match (&f.written_min, &f.written_max) {
        (Some(a), Some(b)) => Some(crate::t!(lang, "web-bounds", min = a, max = b)),
        (Some(a), None) => Some(crate::t!(lang, "web-bound-min", min = a)),
        (None, Some(b)) => Some(crate::t!(lang, "web-bound-max", max = b)),
        (None, None) => None,
    };
    if let Some(b) = bounds {
        page.el("div", "bounds", &b);
    }
    page.raw("</td><td>");
    page.raw(&cite(&f.cite, lang));
    page.raw("</td></tr>\n");
}

/// The `n`-th policy file of a programme (as [`rules_page`] links them) with numbered lines,
/// each with an anchor `#L{line}`. `None` when there is no such programme or file.
pub fn source_page(policy: &Policy, programme: &str, n: usize, ctx: &Ctx) -> Option<String> {
    let p = policy.programme(programme)?;
    let file = *files(p).get(n)?;
    let lang = ctx.lang;
    let mut page = programme_page(
        ctx,
        policy,
        p,
        "source",
        format!("{}/source/{n}", url::programme_path(policy.year, &p.id)),
    );
    page.el("h2", "", base_name(file));
    page.raw("<table class=\"source\"><tbody>\n");
    for (i, line) in file.text.lines().enumerate() {
        let no = i + 1;
        page.raw(&format!(
            "<tr id=\"L{no}\"><td class=\"ln\"><a href=\"#L{no}\">{no}</a></td><td class=\"code\">"
        ));
        page.text(line);
        page.raw("</td></tr>\n");
    }
    page.raw("</tbody></table>\n");
    page.raw("<p>");
    page.raw(&link(
        &url::rules(policy.year, &p.id, lang),
        &crate::t!(lang, "web-back-rules"),
    ));
    page.raw("</p>\n");
    Some(page.finish())
}
