//! The web workbench: server-rendered HTML pages over the same library the command line
//! calls — the rules of a programme as a reader browses them, one application evaluated
//! from a form, a batch evaluated from an uploaded file, two years compared.
//!
//! Plain functions returning whole pages as `String`s; the server (`src/server/`) owns the
//! routes and calls them (see `docs/web-pages.md` for which handler calls what). No page holds an
//! inline script or an `on…=` attribute: the server forbids them (`script-src 'self'`), and
//! the only script is the static file [`asset`] serves. Every text that goes into a page,
//! policy words and applicant data alike, passes through [`escape`].

mod batch;
mod compare;
mod form;
mod rules;

pub use batch::{Batch, batch_form, batch_result};
pub use compare::{compare_page, compare_result};
pub use form::{FormError, evaluate_form, evaluate_form_with, evaluate_result, form_to_record};
pub use rules::{rules_page, source_page};

use crate::Lang;
use crate::policy::{Policy, Programme};

/// What every page shows besides its content.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub lang: Lang,
    /// Problems of the last reload of the policies (the last good version stays in service):
    /// each a diagnostic as text, shown in a banner at the top of every page.
    pub problems: &'a [String],
    /// The years in service, for the navigation.
    pub years: &'a [&'a Policy],
}

/// The language a page asks for with `?lang=`: `en`, else Chinese (the default).
pub fn lang(query_value: Option<&str>) -> Lang {
    match query_value.map(str::trim) {
        Some(v) if v.eq_ignore_ascii_case("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Text made safe for HTML, in text and in (double- or single-quoted) attribute values: the
/// one function every page puts text through, so an applicant's name such as
/// `"><img onerror=…>` or `<script>` shows as the characters it is.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// [`escape`], appending to `out`.
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            // Controls and the marks that reorder text (an id `X4\u{202e}evil` would read
            // `X4live`) are shown as their escapes, as the command line shows them.
            c if crate::neutral::acts_on_terminal(c) => {
                out.push_str(&c.escape_unicode().to_string());
            }
            c => out.push(c),
        }
    }
}

const CSS: &str = include_str!("workbench.css");
const JS: &str = include_str!("workbench.js");

/// The static files of the pages by the name after `/static/`: content type and bytes.
pub fn asset(path: &str) -> Option<(&'static str, &'static [u8])> {
    match path {
        "workbench.css" => Some(("text/css; charset=utf-8", CSS.as_bytes())),
        "workbench.js" => Some(("text/javascript; charset=utf-8", JS.as_bytes())),
        _ => None,
    }
}

/// The URLs the pages link to; the server routes them (see `docs/web-pages.md`).
pub mod url {
    use crate::Lang;

    /// A path segment percent-encoded (an id from a policy folder could hold anything).
    pub fn segment(s: &str) -> String {
        let mut out = String::new();
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    /// `zh` / `en`.
    pub fn lang_code(lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// `?lang=zh` / `?lang=en`.
    pub fn lang_query(lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => "?lang=zh",
            Lang::En => "?lang=en",
        }
    }

    /// The path of a programme's pages, without query.
    pub fn programme_path(year: u32, programme: &str) -> String {
        format!("/web/{year}/{}", segment(programme))
    }

    pub fn index(lang: Lang) -> String {
        format!("/{}", lang_query(lang))
    }

    pub fn rules(year: u32, programme: &str, lang: Lang) -> String {
        format!("{}{}", programme_path(year, programme), lang_query(lang))
    }

    pub fn evaluate(year: u32, programme: &str, lang: Lang) -> String {
        format!(
            "{}/evaluate{}",
            programme_path(year, programme),
            lang_query(lang)
        )
    }

    pub fn batch(year: u32, programme: &str, lang: Lang) -> String {
        format!(
            "{}/batch{}",
            programme_path(year, programme),
            lang_query(lang)
        )
    }

    /// The `n`-th policy file of a programme, at a line.
    pub fn source(year: u32, programme: &str, n: usize, line: usize, lang: Lang) -> String {
        format!(
            "{}/source/{n}{}#L{line}",
            programme_path(year, programme),
            lang_query(lang)
        )
    }

    pub fn compare(from: u32, to: u32, lang: Lang) -> String {
        format!("/web/compare?from={from}&to={to}&lang={}", lang_code(lang))
    }
}

/// The code of a language as HTML's `lang` attribute takes it.
fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    }
}

/// A page under construction: the body is pushed to, then [`Page::finish`] wraps it.
pub(crate) struct Page<'a> {
    ctx: &'a Ctx<'a>,
    title: String,
    /// The path of this page (without query), for the language switch.
    path: String,
    /// Links leading to this page: (text, href).
    crumbs: Vec<(String, String)>,
    /// `path` ends in a query that takes the language last (`…&lang=`).
    pub path_has_query: bool,
    pub body: String,
}

impl<'a> Page<'a> {
    pub fn new(ctx: &'a Ctx<'a>, title: String, path: String) -> Page<'a> {
        Page {
            ctx,
            title,
            path,
            crumbs: Vec::new(),
            path_has_query: false,
            body: String::new(),
        }
    }

    pub fn crumb(&mut self, text: String, href: String) {
        self.crumbs.push((text, href));
    }

    /// Appends escaped text.
    pub fn text(&mut self, text: &str) {
        push_escaped(&mut self.body, text);
    }

    /// Appends markup written by this module (never data).
    pub fn raw(&mut self, markup: &str) {
        self.body.push_str(markup);
    }

    /// `<tag class="…">text</tag>`, the text escaped.
    pub fn el(&mut self, tag: &str, class: &str, text: &str) {
        self.body.push_str(&el(tag, class, text));
    }

    pub fn finish(self) -> String {
        let lang = self.ctx.lang;
        let mut out = String::with_capacity(self.body.len() + 2048);
        out.push_str("<!doctype html>\n<html lang=\"");
        out.push_str(html_lang(lang));
        out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.push_str("<title>");
        push_escaped(&mut out, &self.title);
        out.push_str(" · ");
        push_escaped(&mut out, &crate::t!(lang, "web-name"));
        out.push_str("</title>\n<link rel=\"stylesheet\" href=\"/static/workbench.css\">\n");
        out.push_str("</head>\n<body>\n<header class=\"top\">\n<nav class=\"crumbs\">");
        out.push_str(&link(&url::index(lang), &crate::t!(lang, "web-name")));
        for (text, href) in &self.crumbs {
            out.push_str(" <span class=\"sep\">›</span> ");
            out.push_str(&link(href, text));
        }
        out.push_str("</nav>\n<nav class=\"lang\">");
        for (l, key) in [(Lang::Zh, "web-lang-zh"), (Lang::En, "web-lang-en")] {
            let words = crate::t!(l, key);
            if l == lang {
                out.push_str(&el("strong", "lang-current", &words));
            } else {
                let href = if self.path_has_query {
                    format!("{}{}", self.path, url::lang_code(l))
                } else {
                    format!("{}{}", self.path, url::lang_query(l))
                };
                out.push_str(&format!(
                    "<a class=\"lang-switch\" hreflang=\"{}\" href=\"{}\">{}</a>",
                    html_lang(l),
                    escape(&href),
                    escape(&words)
                ));
            }
            out.push(' ');
        }
        out.push_str("</nav>\n</header>\n");
        if !self.ctx.problems.is_empty() {
            out.push_str("<section class=\"banner\" role=\"alert\">\n");
            out.push_str(&el("h2", "", &crate::t!(lang, "web-reload-problems")));
            for p in self.ctx.problems {
                out.push_str(&el("pre", "problem", p));
            }
            out.push_str("</section>\n");
        }
        out.push_str("<main>\n<h1>");
        push_escaped(&mut out, &self.title);
        out.push_str("</h1>\n");
        out.push_str(&self.body);
        out.push_str("</main>\n<footer>");
        push_escaped(
            &mut out,
            &crate::t!(lang, "web-footer", version = env!("CARGO_PKG_VERSION")),
        );
        out.push_str(
            "</footer>\n<script src=\"/static/workbench.js\"></script>\n</body>\n</html>\n",
        );
        out
    }
}

/// `<tag class="…">text</tag>`, the text escaped (no class attribute when `class` is empty).
pub(crate) fn el(tag: &str, class: &str, text: &str) -> String {
    let mut out = String::new();
    out.push('<');
    out.push_str(tag);
    if !class.is_empty() {
        out.push_str(" class=\"");
        push_escaped(&mut out, class);
        out.push('"');
    }
    out.push('>');
    push_escaped(&mut out, text);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
    out
}

/// `<a href="…">text</a>`, both escaped.
pub(crate) fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", escape(href), escape(text))
}

/// The year and programme a page is about, as its title names them.
pub(crate) fn programme_title(policy: &Policy, programme: &Programme, lang: Lang) -> String {
    crate::t!(
        lang,
        "web-programme-title",
        year = policy.year.to_string(),
        title = programme.title.get(lang),
        programme = &programme.id
    )
}

/// The tabs of a programme's pages: rules, evaluate one, evaluate a batch.
pub(crate) fn programme_tabs(page: &mut Page, policy: &Policy, programme: &Programme, here: &str) {
    let lang = page.ctx.lang;
    let (year, id) = (policy.year, programme.id.as_str());
    let tabs = [
        ("rules", url::rules(year, id, lang), "web-tab-rules"),
        (
            "evaluate",
            url::evaluate(year, id, lang),
            "web-tab-evaluate",
        ),
        ("batch", url::batch(year, id, lang), "web-tab-batch"),
    ];
    let mut out = String::from("<nav class=\"tabs\">");
    for (name, href, key) in tabs {
        let words = crate::t!(lang, key);
        if name == here {
            out.push_str(&el("span", "tab current", &words));
        } else {
            out.push_str(&format!(
                "<a class=\"tab\" href=\"{}\">{}</a>",
                escape(&href),
                escape(&words)
            ));
        }
    }
    out.push_str("</nav>\n");
    page.raw(&out);
    page.el(
        "p",
        "policy-line",
        crate::report::policy_line(policy, lang).trim_end(),
    );
}

/// The programme of a year, with the crumbs and tabs of its pages.
pub(crate) fn programme_page<'a>(
    ctx: &'a Ctx<'a>,
    policy: &Policy,
    programme: &Programme,
    here: &str,
    path: String,
) -> Page<'a> {
    let lang = ctx.lang;
    let mut page = Page::new(ctx, programme_title(policy, programme, lang), path);
    page.crumb(
        crate::t!(lang, "web-year", year = policy.year.to_string()),
        format!("{}#y{}", url::index(lang), policy.year),
    );
    page.crumb(
        programme.title.get(lang).to_string(),
        url::rules(policy.year, &programme.id, lang),
    );
    programme_tabs(&mut page, policy, programme, here);
    page
}

/// The front page: every year in service with its programmes, and the comparisons of
/// consecutive years.
pub fn index_page(ctx: &Ctx) -> String {
    let lang = ctx.lang;
    let mut page = Page::new(ctx, crate::t!(lang, "web-index-title"), "/".to_string());
    page.el("p", "lead", &crate::t!(lang, "web-index-lead"));
    if ctx.years.is_empty() {
        page.el("p", "empty", &crate::t!(lang, "web-no-years"));
    }
    for policy in ctx.years {
        page.raw(&format!(
            "<section class=\"year\" id=\"y{}\">\n",
            policy.year
        ));
        let title = policy.title.get(lang);
        page.el(
            "h2",
            "",
            &crate::t!(
                lang,
                "web-year-title",
                year = policy.year.to_string(),
                title = title,
                status = policy.status_words(lang)
            ),
        );
        page.el(
            "p",
            "policy-line",
            crate::report::policy_line(policy, lang).trim_end(),
        );
        page.raw("<ul class=\"programmes\">\n");
        for p in &policy.programmes {
            page.raw("<li>");
            page.raw(&link(
                &url::rules(policy.year, &p.id, lang),
                p.title.get(lang),
            ));
            page.raw(" ");
            page.el("code", "", &p.id);
            page.raw(" · ");
            page.raw(&link(
                &url::evaluate(policy.year, &p.id, lang),
                &crate::t!(lang, "web-tab-evaluate"),
            ));
            page.raw(" · ");
            page.raw(&link(
                &url::batch(policy.year, &p.id, lang),
                &crate::t!(lang, "web-tab-batch"),
            ));
            page.raw("</li>\n");
        }
        page.raw("</ul>\n</section>\n");
    }
    if ctx.years.len() > 1 {
        page.el("h2", "", &crate::t!(lang, "web-compare-years"));
        page.raw("<ul class=\"compare\">\n");
        for pair in ctx.years.windows(2) {
            let (a, b) = (pair[0].year, pair[1].year);
            page.raw("<li>");
            page.raw(&link(
                &url::compare(a, b, lang),
                &crate::t!(
                    lang,
                    "web-compare-link",
                    from = a.to_string(),
                    to = b.to_string()
                ),
            ));
            page.raw("</li>\n");
        }
        page.raw("</ul>\n");
    }
    page.finish()
}

/// The result page of one application evaluated by [`crate::api::evaluate`] from the posted
/// `pairs` (its first record: the form makes one). An evaluation without records (which a
/// form cannot make) is shown as an error page.
pub fn evaluation_page(
    evaluation: &crate::api::Evaluation,
    pairs: &[(String, String)],
    ctx: &Ctx,
) -> String {
    match evaluation.outcomes().first() {
        Some(o) => {
            // The form is no file: an error is placed by its field, which the page names, not
            // by the line of the JSON the form was turned into.
            let mut o = o.clone();
            for e in o.errors_mut() {
                e.location = None;
            }
            evaluate_result(evaluation.policy(), evaluation.programme(), pairs, &o, ctx)
        }
        None => error_page(400, &crate::t!(ctx.lang, "web-no-record"), ctx),
    }
}

/// The results page of a batch evaluated by [`crate::api::evaluate`] from an uploaded file,
/// with its results workbook to download.
pub fn batch_page(evaluation: &crate::api::Evaluation, file_name: &str, ctx: &Ctx) -> String {
    // A batch too large for a worksheet has no workbook; the page still shows the results.
    let book = evaluation.to_xlsx(ctx.lang).ok();
    batch_result(
        evaluation.policy(),
        evaluation.programme(),
        &Batch {
            file_name,
            outcomes: evaluation.outcomes(),
            warnings: evaluation.warnings(),
            workbook: book.as_deref(),
        },
        ctx,
    )
}

/// The page of a batch compared under two years by [`crate::api::compare`].
pub fn comparison_page(
    old: &crate::api::Year,
    new: &crate::api::Year,
    programme: &str,
    comparison: &crate::api::Comparison,
    ctx: &Ctx,
) -> String {
    compare::compare_result_with(
        old.policy(),
        new.policy(),
        programme,
        comparison.records(),
        comparison.warnings(),
        ctx,
    )
}

/// A page that says what went wrong (`status` is the HTTP status the server answers with).
pub fn error_page(status: u16, message: &str, ctx: &Ctx) -> String {
    let lang = ctx.lang;
    let mut page = Page::new(
        ctx,
        crate::t!(lang, "web-error-title", status = status.to_string()),
        "/".to_string(),
    );
    page.el("pre", "error-message", message);
    page.raw("<p>");
    page.raw(&link(&url::index(lang), &crate::t!(lang, "web-back-home")));
    page.raw("</p>\n");
    page.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
