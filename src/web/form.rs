//! One application: a form made from the programme's fields, the posted form read back into
//! a JSON record, and the outcome with its explanation.

use super::rules::{enum_label, kind_words};
use super::{Ctx, el, escape, programme_page, url};
use crate::Lang;
use crate::engine::{Outcome, Status};
use crate::policy::{FieldKind, FieldSpec, Policy, Programme};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// Rows a list-of-records field offers before any is filled (more are added by the script).
const EMPTY_ROWS: usize = 3;

/// A posted form that cannot be read as a record of the programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// The form field's name as posted.
    pub name: String,
    pub kind: FormErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormErrorKind {
    /// No field of the programme has this name.
    Unknown,
    /// A field that takes one value was given several.
    Repeated,
    /// `{field}.{row}.{item}` with a row that is not a number or an item the field lacks.
    BadRow,
}

impl FormError {
    /// What is wrong, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        let key = match self.kind {
            FormErrorKind::Unknown => "web-form-unknown",
            FormErrorKind::Repeated => "web-form-repeated",
            FormErrorKind::BadRow => "web-form-bad-row",
        };
        crate::i18n::text(lang, key, &[("name", self.name.as_str().into())])
    }
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words(Lang::for_messages()))
    }
}

impl std::error::Error for FormError {}

/// Whether a form field name is the page's own (the language, `_…`), not the record's.
fn is_page_field(name: &str) -> bool {
    name == "lang" || name.starts_with('_')
}

/// A posted evaluate form as one JSON record, as `evaluate` reads JSON: every value a string
/// (read exactly by the input layer), lists as arrays, list-of-records rows as objects in the
/// order of their numbers. Empty inputs are not given; a list with nothing in it is not given.
pub fn form_to_record(
    programme: &Programme,
    pairs: &[(String, String)],
) -> Result<Json, FormError> {
    let mut record = Map::new();
    let mut lists: BTreeMap<usize, Vec<Json>> = BTreeMap::new();
    // field slot → row number → item id → value
    let mut rows: BTreeMap<usize, BTreeMap<u64, Map<String, Json>>> = BTreeMap::new();
    for (name, value) in pairs {
        if is_page_field(name) {
            continue;
        }
        let value = value.trim();
        if let Some(slot) = programme.field_slot(name) {
            let f = &programme.fields[slot];
            match f.kind {
                FieldKind::List(_) => {
                    let list = lists.entry(slot).or_default();
                    if !value.is_empty() {
                        list.push(Json::String(value.to_string()));
                    }
                }
                FieldKind::Records => {
                    return Err(FormError {
                        name: name.clone(),
                        kind: FormErrorKind::BadRow,
                    });
                }
                _ if value.is_empty() => {}
                _ => {
                    if record
                        .insert(f.id.clone(), Json::String(value.to_string()))
                        .is_some()
                    {
                        return Err(FormError {
                            name: name.clone(),
                            kind: FormErrorKind::Repeated,
                        });
                    }
                }
            }
            continue;
        }
        // `{field}.{row}.{item}`: the field id may itself hold dots, the row and item not.
        let bad_row = || FormError {
            name: name.clone(),
            kind: FormErrorKind::BadRow,
        };
        let mut parts = name.rsplitn(3, '.');
        let (Some(item), Some(row), Some(field)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(FormError {
                name: name.clone(),
                kind: FormErrorKind::Unknown,
            });
        };
        let Some(slot) = programme.field_slot(field) else {
            return Err(FormError {
                name: name.clone(),
                kind: FormErrorKind::Unknown,
            });
        };
        let f = &programme.fields[slot];
        if f.kind != FieldKind::Records || !f.items.iter().any(|i| i.id == item) {
            return Err(bad_row());
        }
        let row: u64 = row.parse().map_err(|_| bad_row())?;
        let cells = rows.entry(slot).or_default().entry(row).or_default();
        if !value.is_empty()
            && cells
                .insert(item.to_string(), Json::String(value.to_string()))
                .is_some()
        {
            return Err(FormError {
                name: name.clone(),
                kind: FormErrorKind::Repeated,
            });
        }
    }
    for (slot, list) in lists {
        if !list.is_empty() {
            record.insert(programme.fields[slot].id.clone(), Json::Array(list));
        }
    }
    for (slot, by_row) in rows {
        let items: Vec<Json> = by_row
            .into_values()
            .filter(|cells| !cells.is_empty())
            .map(Json::Object)
            .collect();
        if !items.is_empty() {
            record.insert(programme.fields[slot].id.clone(), Json::Array(items));
        }
    }
    // Fields in the programme's order, as a reader of the JSON expects them.
    let mut ordered = Map::new();
    for f in &programme.fields {
        if let Some(v) = record.remove(&f.id) {
            ordered.insert(f.id.clone(), v);
        }
    }
    Ok(Json::Object(ordered))
}

/// The values posted under each name, to fill the form again.
struct Filled<'a>(BTreeMap<&'a str, Vec<&'a str>>);

impl<'a> Filled<'a> {
    fn new(pairs: &'a [(String, String)]) -> Filled<'a> {
        let mut map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (k, v) in pairs {
            map.entry(k.as_str()).or_default().push(v.as_str());
        }
        Filled(map)
    }

    fn one(&self, name: &str) -> &'a str {
        self.0
            .get(name)
            .and_then(|v| v.first())
            .copied()
            .unwrap_or("")
    }

    fn all(&self, name: &str) -> Vec<&'a str> {
        self.0.get(name).cloned().unwrap_or_default()
    }

    /// The row numbers posted for a list-of-records field, in order.
    fn rows(&self, field: &str) -> Vec<u64> {
        let prefix = format!("{field}.");
        let mut rows: Vec<u64> = self
            .0
            .keys()
            .filter_map(|k| k.strip_prefix(prefix.as_str()))
            .filter_map(|rest| rest.split_once('.'))
            .filter_map(|(row, _)| row.parse().ok())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }
}

/// `<option>`s of yes / no (`true` / `false`), with a first empty option for "not given".
fn bool_options(selected: &str, lang: Lang) -> String {
    let mut out = String::from("<option value=\"\"></option>");
    for (value, key) in [("true", "value-yes"), ("false", "value-no")] {
        let sel = if selected == value { " selected" } else { "" };
        out.push_str(&format!(
            "<option value=\"{value}\"{sel}>{}</option>",
            escape(&crate::t!(lang, key))
        ));
    }
    out
}

/// The input of one scalar value named `name` (a field, or an item of a row).
fn scalar_input(
    f: &FieldSpec,
    kind: &FieldKind,
    name: &str,
    value: &str,
    in_row: bool,
    lang: Lang,
) -> String {
    let attrs = format!(
        "name=\"{}\" id=\"{}\"",
        escape(name),
        escape(&format!("f-{name}"))
    );
    match kind {
        FieldKind::Bool => format!("<select {attrs}>{}</select>", bool_options(value, lang)),
        FieldKind::Enum if f.open_flag.is_none() => {
            let mut out = format!("<select {attrs}><option value=\"\"></option>");
            for v in &f.values {
                let sel = if *v.id.value == *value {
                    " selected"
                } else {
                    ""
                };
                out.push_str(&format!(
                    "<option value=\"{}\"{sel}>{}</option>",
                    escape(&v.id.value),
                    escape(enum_label(v, lang))
                ));
            }
            // A posted value outside the list is kept, so it is not lost on the way back.
            if !value.is_empty() && !f.values.iter().any(|v| *v.id.value == *value) {
                out.push_str(&format!(
                    "<option value=\"{0}\" selected>{0}</option>",
                    escape(value)
                ));
            }
            out.push_str("</select>");
            out
        }
        FieldKind::Enum => {
            // An open list: suggestions, and anything else may be typed.
            let list_id = format!("dl-{name}");
            let mut out = format!(
                "<input type=\"text\" {attrs} list=\"{}\" value=\"{}\">",
                escape(&list_id),
                escape(value)
            );
            out.push_str(&format!("<datalist id=\"{}\">", escape(&list_id)));
            for v in &f.values {
                out.push_str(&format!(
                    "<option value=\"{}\">{}</option>",
                    escape(&v.id.value),
                    escape(enum_label(v, lang))
                ));
            }
            out.push_str("</datalist>");
            out
        }
        FieldKind::Date => format!("<input type=\"date\" {attrs} value=\"{}\">", escape(value)),
        FieldKind::Number | FieldKind::Money(_) | FieldKind::Percent => {
            let unit = match kind {
                FieldKind::Money(_) => f.unit.clone().unwrap_or_else(|| "元".to_string()),
                FieldKind::Percent => "%".to_string(),
                _ => String::new(),
            };
            let mut out = format!(
                "<input type=\"text\" inputmode=\"decimal\" class=\"num\" {attrs} value=\"{}\">",
                escape(value)
            );
            // In a row the column's heading says the unit.
            if !unit.is_empty() && !in_row {
                out.push_str(&el("span", "unit", &unit));
            }
            out
        }
        _ => format!("<input type=\"text\" {attrs} value=\"{}\">", escape(value)),
    }
}

/// A field's label for a form: its label and id, `*` when required, its kind.
fn label(f: &FieldSpec, for_id: &str, lang: Lang) -> String {
    let mut out = format!("<label for=\"{}\">", escape(for_id));
    out.push_str(&escape(&crate::engine::named(&f.label, &f.id, lang)));
    if f.required {
        out.push_str(&el("span", "required", " *"));
    }
    out.push_str("</label>");
    out
}

/// Checkboxes of the documents a programme asks for, named as the documents field.
fn document_choices(f: &FieldSpec, p: &Programme, filled: &Filled, lang: Lang) -> String {
    let mut out = String::from("<fieldset class=\"choices\"><legend>");
    out.push_str(&escape(&crate::engine::named(&f.label, &f.id, lang)));
    out.push_str("</legend>");
    let chosen = filled.all(&f.id);
    for (k, d) in p.documents.iter().enumerate() {
        let id = format!("f-{}-{k}", f.id);
        let checked = if chosen.contains(&d.id.as_str()) {
            " checked"
        } else {
            ""
        };
        out.push_str(&format!(
            "<label class=\"choice\" for=\"{0}\"><input type=\"checkbox\" id=\"{0}\" name=\"{1}\" value=\"{2}\"{checked}> {3}</label>",
            escape(&id),
            escape(&f.id),
            escape(&d.id),
            escape(&crate::engine::named(&d.label, &d.id, lang))
        ));
    }
    out.push_str(&el("div", "help", &crate::t!(lang, "web-documents-help")));
    out.push_str("</fieldset>");
    out
}

/// The inputs of one field.
fn field_inputs(p: &Programme, slot: usize, filled: &Filled, lang: Lang) -> String {
    let f = &p.fields[slot];
    let mut out = format!("<div class=\"field\" data-field=\"{}\">", escape(&f.id));
    match &f.kind {
        // The documents the engine checks: one box per document the programme asks for.
        FieldKind::List(_) if p.documents_slot == Some(slot) && !p.documents.is_empty() => {
            // The boxes say all: the field's kind and help speak of typed ids.
            out.push_str(&document_choices(f, p, filled, lang));
            out.push_str("</div>\n");
            return out;
        }
        FieldKind::List(inner) if **inner == FieldKind::Enum => {
            out.push_str("<fieldset class=\"choices\"><legend>");
            out.push_str(&escape(&crate::engine::named(&f.label, &f.id, lang)));
            out.push_str("</legend>");
            let chosen = filled.all(&f.id);
            for (k, v) in f.values.iter().enumerate() {
                let id = format!("f-{}-{k}", f.id);
                let checked = if chosen.contains(&&*v.id.value) {
                    " checked"
                } else {
                    ""
                };
                out.push_str(&format!(
                    "<label class=\"choice\" for=\"{0}\"><input type=\"checkbox\" id=\"{0}\" name=\"{1}\" value=\"{2}\"{checked}> {3}</label>",
                    escape(&id),
                    escape(&f.id),
                    escape(&v.id.value),
                    escape(enum_label(v, lang))
                ));
            }
            // Values not in the list (an open list, or given before): one text input each.
            let others: Vec<&str> = chosen
                .iter()
                .copied()
                .filter(|c| !c.is_empty() && !f.values.iter().any(|v| *v.id.value == **c))
                .collect();
            if f.open_flag.is_some() || !others.is_empty() {
                out.push_str(&list_rows(f, &others, lang));
            }
            out.push_str("</fieldset>");
        }
        FieldKind::List(_) => {
            out.push_str(&label(f, &format!("f-{}", f.id), lang));
            out.push_str(&list_rows(f, &filled.all(&f.id), lang));
        }
        FieldKind::Records => out.push_str(&records_table(f, filled, lang)),
        kind => {
            let name = f.id.as_str();
            out.push_str(&label(f, &format!("f-{name}"), lang));
            out.push_str(&scalar_input(f, kind, name, filled.one(name), false, lang));
        }
    }
    out.push_str(&el("span", "kind", &kind_words(f, &f.kind, lang)));
    let help = f.help.get(lang);
    if !help.is_empty() {
        out.push_str(&el("div", "help", help));
    }
    out.push_str("</div>\n");
    out
}

/// Text inputs of a list of plain values, one per value, with add/remove buttons for the
/// script and a template row it copies.
fn list_rows(f: &FieldSpec, values: &[&str], lang: Lang) -> String {
    let mut out = format!(
        "<div class=\"rows plain-list\" data-rows=\"{}\">",
        escape(&f.id)
    );
    let one = |value: &str| {
        format!(
            "<div class=\"row\"><input type=\"text\" name=\"{}\" value=\"{}\"> <button type=\"button\" class=\"remove-row\">{}</button></div>",
            escape(&f.id),
            escape(value),
            escape(&crate::t!(lang, "web-remove-row"))
        )
    };
    for v in values {
        out.push_str(&one(v));
    }
    for _ in values.len()..1 {
        out.push_str(&one(""));
    }
    out.push_str(&format!("<template>{}</template>", one("")));
    out.push_str(&format!(
        "<button type=\"button\" class=\"add-row\">{}</button></div>",
        escape(&crate::t!(lang, "web-add-row"))
    ));
    out
}

/// A list-of-records field as a table: a row per item, a column per item field, inputs named
/// `{field}.{row}.{item}`; a template row (`__ROW__` for its number) the script copies.
fn records_table(f: &FieldSpec, filled: &Filled, lang: Lang) -> String {
    let mut out = String::from("<fieldset class=\"records\"><legend>");
    out.push_str(&escape(&crate::engine::named(&f.label, &f.id, lang)));
    out.push_str("</legend>");
    out.push_str(&format!(
        "<table class=\"rows records-table\" data-rows=\"{}\"><thead><tr>",
        escape(&f.id)
    ));
    for i in &f.items {
        out.push_str("<th>");
        out.push_str(&escape(&crate::engine::named(&i.label, &i.id, lang)));
        let unit = match i.kind {
            FieldKind::Money(_) => Some(i.unit.as_deref().unwrap_or("元")),
            FieldKind::Percent => Some("%"),
            _ => None,
        };
        if let Some(unit) = unit {
            out.push(' ');
            out.push_str(&el(
                "span",
                "unit",
                &crate::t!(lang, "web-unit", unit = unit),
            ));
        }
        out.push_str("</th>");
    }
    out.push_str("<th></th></tr></thead><tbody>");
    let row_html = |row: &str, values: &dyn Fn(&str) -> String| {
        let mut r = String::from("<tr class=\"row\">");
        for i in &f.items {
            let name = format!("{}.{row}.{}", f.id, i.id);
            r.push_str("<td>");
            r.push_str(&scalar_input(i, &i.kind, &name, &values(&name), true, lang));
            r.push_str("</td>");
        }
        r.push_str(&format!(
            "<td><button type=\"button\" class=\"remove-row\">{}</button></td></tr>",
            escape(&crate::t!(lang, "web-remove-row"))
        ));
        r
    };
    let mut rows = filled.rows(&f.id);
    let mut next = rows.last().map_or(0, |r| r + 1);
    while rows.len() < EMPTY_ROWS {
        rows.push(next);
        next += 1;
    }
    for row in &rows {
        out.push_str(&row_html(&row.to_string(), &|name| {
            filled.one(name).to_string()
        }));
    }
    out.push_str("</tbody></table>");
    out.push_str(&format!(
        "<template data-next=\"{next}\">{}</template>",
        row_html("__ROW__", &|_| String::new())
    ));
    out.push_str(&format!(
        "<button type=\"button\" class=\"add-row\" data-for=\"{}\">{}</button>",
        escape(&f.id),
        escape(&crate::t!(lang, "web-add-row"))
    ));
    out.push_str("</fieldset>");
    out
}

/// The form itself, filled with `pairs`.
fn form_html(policy: &Policy, p: &Programme, pairs: &[(String, String)], lang: Lang) -> String {
    let filled = Filled::new(pairs);
    let mut out = format!(
        "<form class=\"evaluate\" method=\"post\" action=\"{}\">\n",
        escape(&url::evaluate(policy.year, &p.id, lang))
    );
    out.push_str(&format!(
        "<input type=\"hidden\" name=\"lang\" value=\"{}\">\n",
        match lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    ));
    for slot in 0..p.fields.len() {
        out.push_str(&field_inputs(p, slot, &filled, lang));
    }
    out.push_str(&format!(
        "<p class=\"actions\"><button type=\"submit\" class=\"primary\">{}</button></p>\n</form>\n",
        escape(&crate::t!(lang, "web-evaluate-submit"))
    ));
    out
}

/// The evaluate form of a programme, empty. `None` when the year has no such programme.
pub fn evaluate_form(policy: &Policy, programme: &str, ctx: &Ctx) -> Option<String> {
    evaluate_form_with(policy, programme, &[], None, ctx)
}

/// The evaluate form filled with what was posted, with the error that kept it from being
/// read (the server answers 400 with it).
pub fn evaluate_form_with(
    policy: &Policy,
    programme: &str,
    pairs: &[(String, String)],
    error: Option<&FormError>,
    ctx: &Ctx,
) -> Option<String> {
    let p = policy.programme(programme)?;
    let lang = ctx.lang;
    let mut page = programme_page(
        ctx,
        policy,
        p,
        "evaluate",
        format!("{}/evaluate", url::programme_path(policy.year, &p.id)),
    );
    page.el("p", "lead", &crate::t!(lang, "web-evaluate-lead"));
    if let Some(e) = error {
        page.el("p", "form-error", &e.words(lang));
    }
    page.raw(&form_html(policy, p, pairs, lang));
    Some(page.finish())
}

/// A status as a badge.
pub(crate) fn status_badge(s: Status, lang: Lang) -> String {
    el(
        "span",
        &format!("status status-{}", s.as_str()),
        &crate::report::status_text(s, lang),
    )
}

/// The explanation text of one record (`report::explain`) as lines, failed rules marked.
pub(crate) fn explanation_html(policy: &Policy, p: &Programme, o: &Outcome, lang: Lang) -> String {
    let text = crate::report::explain(policy, p, o, lang);
    let mut out = String::from("<div class=\"explain\">");
    for line in text.lines() {
        let body = line.trim_start();
        let indent = (line.len() - body.len()).min(12);
        let class = if body.starts_with('✗') || body.starts_with('→') {
            "fail"
        } else if body.starts_with('✓') {
            "pass"
        } else if indent == 0 {
            "head"
        } else {
            ""
        };
        out.push_str(&format!("<div class=\"l i{indent} {class}\">"));
        out.push_str(&escape(body));
        out.push_str("</div>");
    }
    out.push_str("</div>");
    out
}

/// What was decided about one record, before its explanation: status, errors, each failed
/// rule with its clause, the score items with their caps, the total, tier and award, flags
/// and missing documents.
pub(crate) fn outcome_html(p: &Programme, o: &Outcome, lang: Lang) -> String {
    let mut out = String::from("<section class=\"outcome\">");
    out.push_str("<p class=\"verdict\">");
    out.push_str(&escape(&crate::t!(lang, "web-record", id = &*o.id)));
    out.push(' ');
    out.push_str(&status_badge(o.status, lang));
    out.push_str("</p>");
    if !o.errors().is_empty() {
        out.push_str(&el("h3", "", &crate::t!(lang, "web-errors")));
        out.push_str("<ul class=\"errors\">");
        for e in o.errors() {
            out.push_str(&el("li", "", &crate::report::error_words(p, e, lang)));
        }
        out.push_str("</ul>");
    }
    if !o.failed_rules().is_empty() {
        out.push_str(&el("h3", "", &crate::t!(lang, "web-failed-rules")));
        out.push_str("<ul class=\"failed\">");
        for id in o.failed_rules() {
            out.push_str("<li>");
            match p.rules.iter().find(|r| r.id == *id) {
                Some(r) => {
                    out.push_str(&escape(&crate::engine::named(&r.message, &r.id, lang)));
                    if !r.cite.trim().is_empty() {
                        out.push(' ');
                        out.push_str(&el(
                            "span",
                            "cite",
                            &crate::t!(lang, "web-cite-text", cite = &r.cite),
                        ));
                    }
                }
                None => out.push_str(&escape(id)),
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    if let Some(scores) = &p.scores
        && o.status != Status::Invalid
    {
        out.push_str(&el("h3", "", &crate::t!(lang, "web-score-items")));
        out.push_str("<table class=\"scores\"><thead><tr>");
        for h in ["web-col-name", "web-col-score", "web-col-cap"] {
            out.push_str(&el("th", "", &crate::t!(lang, h)));
        }
        out.push_str("</tr></thead><tbody>");
        for (&slot, d) in scores.items.iter().zip(o.scores.iter()) {
            let v = &p.values[slot];
            out.push_str("<tr>");
            out.push_str(&el("td", "", &crate::engine::named(&v.label, &v.id, lang)));
            out.push_str(&el("td", "num", &crate::report::fixed(*d, scores.round)));
            out.push_str(&el(
                "td",
                "num",
                &v.cap.map(crate::value::plain).unwrap_or_default(),
            ));
            out.push_str("</tr>");
        }
        out.push_str("</tbody>");
        if let Some(total) = o.score {
            out.push_str("<tfoot><tr>");
            out.push_str(&el("th", "", &crate::t!(lang, "web-score-total")));
            out.push_str(&el(
                "td",
                "num total",
                &crate::report::fixed(total, scores.round),
            ));
            out.push_str(&el("td", "num", &crate::value::plain(scores.max_score)));
            out.push_str("</tr></tfoot>");
        }
        out.push_str("</table>");
    }
    out.push_str("<ul class=\"facts\">");
    if let Some(r) = o.rank {
        out.push_str(&el("li", "", &crate::t!(lang, "web-rank", rank = r)));
    }
    if let Some(t) = o.tier {
        out.push_str(&el(
            "li",
            "",
            &crate::t!(
                lang,
                "web-tier",
                tier = crate::report::tier_label(p, t, lang)
            ),
        ));
    }
    let award = match (o.awarded, o.award) {
        (true, Some(a)) => crate::report::award_money(a, lang),
        (true, None) => crate::t!(lang, "value-yes"),
        (false, _) => crate::t!(lang, "web-not-awarded"),
    };
    out.push_str(&el(
        "li",
        "award",
        &crate::t!(lang, "web-award-result", award = award),
    ));
    for flag in o.flags() {
        out.push_str(&el(
            "li",
            "flag",
            &crate::t!(
                lang,
                "web-flag",
                flag = crate::report::flag_text(p, flag, lang),
                reason = crate::report::flag_reason(p, flag, lang)
            ),
        ));
    }
    if let Some(missing) = o.checked_documents()
        && !missing.is_empty()
    {
        out.push_str(&el(
            "li",
            "missing",
            &crate::t!(
                lang,
                "web-missing-documents",
                documents = crate::report::described(
                    missing,
                    &p.documents,
                    lang,
                    &crate::t!(lang, "sep-list")
                )
            ),
        ));
    }
    out.push_str("</ul></section>");
    out
}

/// The outcome of one application posted from the form: the decision, the full explanation,
/// and the form again with what was posted, to change and send again.
pub fn evaluate_result(
    policy: &Policy,
    programme: &Programme,
    pairs: &[(String, String)],
    outcome: &Outcome,
    ctx: &Ctx,
) -> String {
    let lang = ctx.lang;
    let p = programme;
    let mut page = programme_page(
        ctx,
        policy,
        p,
        "evaluate",
        format!("{}/evaluate", url::programme_path(policy.year, &p.id)),
    );
    page.el("h2", "", &crate::t!(lang, "web-result"));
    page.raw(&outcome_html(p, outcome, lang));
    // Alone, an application is ranked among itself only: said, so nobody reads the rank and
    // award as the batch's.
    if p.allocation.is_some() {
        page.el("p", "note", &crate::t!(lang, "web-alone-note"));
    }
    page.raw("<details class=\"explanation\" open><summary>");
    page.text(&crate::t!(lang, "web-explanation"));
    page.raw("</summary>");
    page.raw(&explanation_html(policy, p, outcome, lang));
    page.raw("</details>\n");
    page.el("h2", "", &crate::t!(lang, "web-evaluate-again"));
    page.raw(&form_html(policy, p, pairs, lang));
    page.finish()
}
