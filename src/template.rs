//! Blank application workbooks generated from a programme's fields: Chinese labels as
//! headers with English under them, each field's type, unit and help as a cell note,
//! drop-downs for enums and booleans, number and date validation, one sheet per list field
//! (one row per item, keyed by the application id) and a sheet of the required documents.
//! Also a CSV template: the header row the CSV reader expects.

use crate::Lang;
use crate::policy::{FieldKind, FieldSpec, Programme};
use crate::records::xlsx::{column_letters, sheet_name};
use crate::value::Value;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Workbook, Worksheet,
    XlsxError,
};
use unicode_width::UnicodeWidthStr;

/// Rows below the headers that carry the validations and drop-downs.
const DATA_ROWS: u32 = 10_000;
/// The two header rows: Chinese labels, then English.
const HEADER_ROWS: u32 = 2;

/// A column index as the writer takes it. Past `u16` it is an error, never column 0 (nor
/// `u16::MAX`); the writer itself refuses columns past Excel's 16,384.
fn column(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

/// A row index as the writer takes it; past `u32` an error, never row 0.
fn row(r: usize) -> Result<u32, XlsxError> {
    u32::try_from(r).map_err(|_| XlsxError::RowColumnLimitError)
}

/// A template that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::msg!("template-cannot-write", reason = .0.to_string()))]
pub struct TemplateError(#[from] XlsxError);

/// The words of a template in one language.
fn words(lang: Lang) -> Words {
    Words {
        main: crate::t!(lang, "template-sheet-main"),
        documents: crate::t!(lang, "template-sheet-documents"),
        lists: crate::t!(lang, "template-sheet-lists"),
        required: crate::t!(lang, "template-required"),
        always: crate::t!(lang, "template-doc-always"),
        when: crate::t!(lang, "template-doc-when"),
        doc_id: crate::t!(lang, "template-doc-id"),
        doc_label: crate::t!(lang, "template-doc-label-zh"),
        doc_label_en: crate::t!(lang, "template-doc-label-en"),
        choose: crate::t!(lang, "template-choose"),
        yes_no: [
            crate::t!(lang, "template-yes"),
            crate::t!(lang, "template-no"),
        ],
    }
}

struct Words {
    main: String,
    documents: String,
    /// The hidden sheet holding the drop-down lists.
    lists: String,
    required: String,
    always: String,
    when: String,
    doc_id: String,
    doc_label: String,
    doc_label_en: String,
    choose: String,
    /// The drop-down of a yes/no cell (the reader takes 是/否 and TRUE/FALSE alike).
    yes_no: [String; 2],
}

/// What a cell of this kind holds, in words. It promises only what the cell's validation
/// takes (a money cell takes numbers only, a yes/no cell its drop-down's two values).
fn kind_text(f: &FieldSpec, kind: &FieldKind, lang: Lang) -> String {
    let unit = f.unit.as_deref().unwrap_or("元");
    match kind {
        FieldKind::Text => crate::t!(lang, "template-kind-text"),
        FieldKind::Number => crate::t!(lang, "template-kind-number"),
        FieldKind::Money(_) => crate::t!(lang, "template-kind-money", unit = unit),
        FieldKind::Percent => crate::t!(lang, "template-kind-percent"),
        FieldKind::Bool => crate::t!(lang, "template-kind-bool"),
        FieldKind::Date => crate::t!(lang, "template-kind-date"),
        FieldKind::DateTime => crate::t!(lang, "template-kind-datetime"),
        FieldKind::Enum => crate::t!(lang, "template-kind-enum"),
        FieldKind::CreditCode => crate::t!(lang, "template-kind-credit_code"),
        FieldKind::List(inner) => {
            crate::t!(lang, "template-kind-list", item = kind_text(f, inner, lang))
        }
        FieldKind::Records => crate::t!(lang, "template-kind-records"),
    }
}

/// A column's header: the label, and for money the unit its numbers are in
/// (`2019年营业收入（万元）`), unless the label already ends by saying it. The reader takes the
/// header with or without it.
pub fn header(f: &FieldSpec, kind: &FieldKind, label: &str, zh: bool) -> String {
    let FieldKind::Money(_) = kind else {
        return label.to_string();
    };
    let unit = f.unit.as_deref().unwrap_or("元");
    // `贷款本金（元）`, `云主机单价（元/核，Y0）`: the label already says it.
    if crate::records::columns::split_unit(label)
        .1
        .is_some_and(|said| said.contains(unit))
    {
        return label.to_string();
    }
    if zh {
        format!("{label}（{unit}）")
    } else {
        format!("{label} ({unit})")
    }
}

/// A bound in the units a cell is written in (万元 for a 万元 money field), exactly.
fn bound_decimal(bound: &Option<Value>, kind: &FieldKind) -> Option<Decimal> {
    let d = bound.as_ref()?.as_decimal()?;
    match kind {
        FieldKind::Money(unit) if !unit.is_zero() => d.checked_div(*unit),
        FieldKind::Percent => d.checked_mul(Decimal::ONE_HUNDRED),
        _ => Some(d),
    }
}

/// The same bound as the double Excel's validation takes.
fn bound_in_cell_units(bound: &Option<Value>, kind: &FieldKind) -> Option<f64> {
    bound_decimal(bound, kind)?.to_f64()
}

fn note_text(f: &FieldSpec, kind: &FieldKind, lang: Lang, required: bool) -> String {
    let w = words(lang);
    let mut lines = Vec::new();
    let zh = f.label.zh.as_deref().unwrap_or(&f.id);
    lines.push(match f.label.en.as_deref() {
        Some(en) if en != zh => format!("{zh} / {en}"),
        _ => zh.to_string(),
    });
    let mut what = crate::t!(
        lang,
        "template-note-field",
        id = f.id.as_str(),
        kind = kind_text(f, kind, lang)
    );
    if required {
        what.push_str(&format!(" · {}", w.required));
    }
    lines.push(what);
    let help = f.help.get(lang);
    if !help.is_empty() {
        lines.push(help.to_string());
    }
    // The note shows the bounds as exact decimals (not a double's digits), unrounded.
    let show = |b: Decimal| crate::value::plain(b);
    match (bound_decimal(&f.min, kind), bound_decimal(&f.max, kind)) {
        (Some(min), Some(max)) => lines.push(crate::t!(
            lang,
            "template-range",
            min = show(min),
            max = show(max)
        )),
        (Some(min), None) => lines.push(crate::t!(lang, "template-range-min", min = show(min))),
        (None, Some(max)) => lines.push(crate::t!(lang, "template-range-max", max = show(max))),
        (None, None) => {}
    }
    lines.join("\n")
}

/// Keeps text within a limit Excel sets (validation titles and messages).
fn clip(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// The drop-down values of an enum field: its Chinese names (or ids), which the reader
/// accepts like the ids.
fn choices(f: &FieldSpec) -> Vec<String> {
    f.values
        .iter()
        .map(|v| v.zh.clone().unwrap_or_else(|| v.id.value.clone()))
        .collect()
}

struct Styles {
    header: Format,
    header_required: Format,
    header_en: Format,
    text: Format,
    date: Format,
    date_time: Format,
    general: Format,
}

fn styles() -> Styles {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    Styles {
        header_required: header.clone().set_font_color(Color::RGB(0xC00000)),
        header,
        header_en: Format::new()
            .set_italic()
            .set_font_color(Color::RGB(0x7F7F7F))
            .set_align(FormatAlign::Center)
            .set_text_wrap()
            .set_border(FormatBorder::Thin),
        text: Format::new().set_num_format("@"),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        date_time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        general: Format::new(),
    }
}

/// One column of a template sheet.
struct Column<'a> {
    field: &'a FieldSpec,
    /// The kind of one cell (a list's item kind).
    kind: &'a FieldKind,
    required: bool,
    /// A drop-down list from a range (enums, document ids, application ids).
    list: Option<String>,
}

/// Display width of a header in Excel's units (a CJK character counts two).
fn width_of(text: &str) -> f64 {
    (UnicodeWidthStr::width(text) as f64 + 4.0).clamp(10.0, 36.0)
}

fn write_columns(
    sheet: &mut Worksheet,
    columns: &[Column<'_>],
    lang: Lang,
    s: &Styles,
) -> Result<(), XlsxError> {
    let w = words(lang);
    let last_row = HEADER_ROWS + DATA_ROWS - 1;
    for (c, col) in columns.iter().enumerate() {
        let c = column(c)?;
        let f = col.field;
        let zh = f.label.zh.as_deref().unwrap_or(&f.id);
        let en = f.label.en.as_deref().unwrap_or(&f.id);
        let (zh_head, en_head) = (
            header(f, col.kind, zh, true),
            header(f, col.kind, en, false),
        );
        let head = if col.required {
            &s.header_required
        } else {
            &s.header
        };
        sheet.write_string_with_format(0, c, &zh_head, head)?;
        sheet.write_string_with_format(1, c, &en_head, &s.header_en)?;
        // Excel names a note's author where it shows the note (`Author` unless told).
        sheet.set_default_note_author(crate::t!(lang, "template-note-author"));
        let note = Note::new(note_text(f, col.kind, lang, col.required))
            .add_author_prefix(false)
            .set_width(320)
            .set_height(140);
        sheet.insert_note(0, c, &note)?;
        let format = match col.kind {
            FieldKind::Text | FieldKind::Enum | FieldKind::CreditCode => &s.text,
            FieldKind::Date => &s.date,
            FieldKind::DateTime => &s.date_time,
            _ => &s.general,
        };
        sheet.set_column_format(c, format)?;
        sheet.set_column_width(c, width_of(&zh_head).max(width_of(&en_head) * 0.8))?;
        let kind = kind_text(f, col.kind, lang);
        let message = format!(
            "{}{}",
            kind,
            if f.help.get(lang).is_empty() {
                String::new()
            } else {
                format!("\n{}", f.help.get(lang))
            }
        );
        let validation = match (&col.list, col.kind) {
            (Some(range), _) => Some(
                DataValidation::new()
                    .allow_list_formula(Formula::new(range))
                    .set_error_message(clip(&w.choose, 225))?,
            ),
            (None, FieldKind::Bool) => Some(DataValidation::new().allow_list_strings(&w.yes_no)?),
            (None, FieldKind::Number | FieldKind::Money(_) | FieldKind::Percent) => {
                let lo = bound_in_cell_units(&f.min, col.kind).unwrap_or(-1e15);
                let hi = bound_in_cell_units(&f.max, col.kind).unwrap_or(1e15);
                Some(
                    DataValidation::new()
                        .allow_decimal_number(DataValidationRule::Between(lo, hi))
                        .set_error_message(clip(&kind, 225))?,
                )
            }
            (None, FieldKind::Date | FieldKind::DateTime) => Some(
                DataValidation::new()
                    .allow_date(DataValidationRule::GreaterThanOrEqualTo(
                        ExcelDateTime::from_ymd(1900, 1, 1)?,
                    ))
                    .set_error_message(clip(&kind, 225))?,
            ),
            (None, FieldKind::CreditCode) => Some(
                DataValidation::new()
                    .allow_text_length(DataValidationRule::EqualTo(18))
                    .set_error_message(clip(&kind, 225))?,
            ),
            _ => None,
        };
        if let Some(v) = validation {
            let v = v
                .set_input_title(clip(zh, 30))?
                .set_input_message(clip(&message, 250))?
                .set_error_style(DataValidationErrorStyle::Stop);
            sheet.add_data_validation(HEADER_ROWS, c, last_row, c, &v)?;
        }
    }
    sheet.set_row_height(0, 32)?;
    sheet.set_freeze_panes(HEADER_ROWS, 1)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, HEADER_ROWS - 1)?;
    Ok(())
}

/// Sheet names are unique in a workbook: a repeated one gets a number.
fn unique_name(taken: &mut Vec<String>, wanted: String) -> String {
    let mut name = wanted.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({n})");
        name = format!(
            "{}{suffix}",
            wanted.chars().take(31 - suffix.len()).collect::<String>()
        );
        n += 1;
    }
    taken.push(name.clone());
    name
}

fn quoted(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

/// The application workbook of a programme.
pub fn xlsx(programme: &Programme, year: u32, lang: Lang) -> Result<Vec<u8>, TemplateError> {
    let w = words(lang);
    let s = styles();
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{year} {}", programme.title.get(lang)))
            .set_subject(programme.id.as_str())
            .set_comment(crate::t!(lang, "template-comment")),
    );
    let fields = &programme.fields;
    let mut taken = vec![w.lists.clone()];
    let main_name = unique_name(&mut taken, w.main.clone());
    let list_fields: Vec<&FieldSpec> = fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::List(_) | FieldKind::Records))
        .collect();
    let list_names: Vec<String> = list_fields
        .iter()
        .map(|f| unique_name(&mut taken, sheet_name(f, lang)))
        .collect();
    let documents_name =
        (!programme.documents.is_empty()).then(|| unique_name(&mut taken, w.documents.clone()));

    // Drop-down sources: one column per enum on the hidden sheet.
    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    let mut list_range = |key: String, values: Vec<String>| -> String {
        let col = match lists.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                lists.push((key, values));
                lists.len() - 1
            }
        };
        // Unreachable fallback: one list per enum field, far fewer than u32::MAX; and a list
        // past Excel's 16,384 columns fails the template when the hidden sheet is written
        // (`column`), so no drop-down can point at a wrong column.
        let letters = column_letters(u32::try_from(col).unwrap_or(0));
        let n = lists[col].1.len() + 1;
        format!("={}!${letters}$2:${letters}${n}", quoted(&w.lists))
    };
    // List sheets offer the ids typed on the main sheet.
    let main_fields: Vec<&FieldSpec> = fields
        .iter()
        .filter(|f| !matches!(f.kind, FieldKind::List(_) | FieldKind::Records))
        .collect();
    let id_spec = main_fields.iter().copied().find(|f| f.id == "id");
    // The fallback is never used: `ids_range` is offered only when there is an id field
    // (`id_spec`), whose position this is; fields are far fewer than u32::MAX.
    let id_letters = column_letters(
        main_fields
            .iter()
            .position(|f| f.id == "id")
            .and_then(|p| u32::try_from(p).ok())
            .unwrap_or(0),
    );
    let ids_range = format!(
        "={}!${id_letters}${}:${id_letters}${}",
        quoted(&main_name),
        HEADER_ROWS + 1,
        HEADER_ROWS + DATA_ROWS
    );
    let documents_range = documents_name
        .as_ref()
        .map(|d| format!("={}!$A$3:$A${}", quoted(d), programme.documents.len() + 2));
    let mut column_of = |f: &'_ FieldSpec, kind: &FieldKind| -> Option<String> {
        match kind {
            FieldKind::Enum => Some(list_range(f.id.clone(), choices(f))),
            // The engine's documents field holds document ids: offer the programme's.
            FieldKind::Text if f.id == "documents" => documents_range.clone(),
            _ => None,
        }
    };

    let main_columns: Vec<Column<'_>> = main_fields
        .iter()
        .map(|f| Column {
            field: f,
            kind: &f.kind,
            required: f.required,
            list: column_of(f, &f.kind),
        })
        .collect();
    let mut list_sheets: Vec<(String, Vec<Column<'_>>)> = Vec::new();
    for (f, name) in list_fields.iter().zip(&list_names) {
        let mut columns = Vec::new();
        if let Some(id) = id_spec {
            columns.push(Column {
                field: id,
                kind: &id.kind,
                required: true,
                list: Some(ids_range.clone()),
            });
        }
        match &f.kind {
            FieldKind::List(inner) => columns.push(Column {
                field: f,
                kind: inner,
                required: false,
                list: column_of(f, inner),
            }),
            _ => {
                for item in &f.items {
                    columns.push(Column {
                        field: item,
                        kind: &item.kind,
                        required: item.required,
                        list: column_of(item, &item.kind),
                    });
                }
            }
        }
        list_sheets.push((name.clone(), columns));
    }

    let main = book.add_worksheet();
    main.set_name(&main_name)?;
    main.set_active(true);
    write_columns(main, &main_columns, lang, &s)?;
    for (name, columns) in &list_sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        write_columns(sheet, columns, lang, &s)?;
    }
    if let Some(name) = &documents_name {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        let heads = [&w.doc_id, &w.doc_label, &w.doc_label_en, &w.when];
        for (c, h) in heads.iter().enumerate() {
            let c = column(c)?;
            sheet.write_string_with_format(0, c, h.as_str(), &s.header)?;
            sheet.write_string_with_format(1, c, "", &s.header_en)?;
        }
        let (mut wid, mut wlabel, mut wen, mut wwhen) = (
            width_of(&w.doc_id),
            width_of(&w.doc_label),
            width_of(&w.doc_label_en),
            width_of(&w.when),
        );
        for (r, d) in programme.documents.iter().enumerate() {
            let r = HEADER_ROWS + row(r)?;
            let zh = d.label.zh.as_deref().unwrap_or("");
            let en = d.label.en.as_deref().unwrap_or("");
            let when = d
                .when
                .as_ref()
                .map_or(w.always.to_string(), |f| crate::report::one_line(&f.text));
            sheet.write_string(r, 0, &d.id)?;
            sheet.write_string(r, 1, zh)?;
            sheet.write_string(r, 2, en)?;
            sheet.write_string(r, 3, &when)?;
            wid = wid.max(width_of(&d.id));
            wlabel = wlabel.max(width_of(zh));
            wen = wen.max(width_of(en));
            wwhen = wwhen.max(width_of(&when));
        }
        for (c, width) in [wid, wlabel, wen, wwhen].into_iter().enumerate() {
            sheet.set_column_width(column(c)?, width)?;
        }
        sheet.set_freeze_panes(HEADER_ROWS, 0)?;
    }
    let hidden = book.add_worksheet();
    hidden.set_name(&w.lists)?;
    for (c, (key, values)) in lists.iter().enumerate() {
        let c = column(c)?;
        hidden.write_string(0, c, key)?;
        for (r, v) in values.iter().enumerate() {
            hidden.write_string(row(r + 1)?, c, v)?;
        }
    }
    hidden.set_hidden(true);
    Ok(book.save_to_buffer()?)
}

/// The CSV template: one header row of Chinese labels, money with its unit
/// (`2019年营业收入（万元）`, `贷款.贷款本金（元）` for the items of a list of records), with a
/// byte-order mark so Excel and WPS read it as UTF-8.
pub fn csv(programme: &Programme) -> String {
    let label = |f: &FieldSpec| f.label.zh.clone().unwrap_or_else(|| f.id.clone());
    let mut headers = Vec::new();
    for f in &programme.fields {
        match f.kind {
            FieldKind::Records => {
                for item in &f.items {
                    let item_label = header(item, &item.kind, &label(item), true);
                    headers.push(format!("{}.{item_label}", label(f)));
                }
            }
            _ => headers.push(header(f, &f.kind, &label(f), true)),
        }
    }
    let escaped: Vec<_> = headers
        .iter()
        .map(|h| crate::neutral::csv_field(h))
        .collect();
    format!("\u{feff}{}\n", escaped.join(","))
}
