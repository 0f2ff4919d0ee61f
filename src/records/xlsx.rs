//! Excel workbooks (`.xlsx`) read against a programme's fields. Any visible sheet whose
//! header row names the id field (by id or label) holds applications; its other headers
//! are field ids or labels. Rows of every sheet are joined by id, so list fields can sit on
//! sheets of their own (one loan per row). Every value remembers its cell, and a value that
//! does not fit its field is reported at its cell (`申报表!F12`).

use super::columns::{self, ReadWarning, Reading, StatedUnit};
use super::{Context, FieldError, Record, from_raw_in};
use crate::diag::Code;
use crate::input::Raw;
use crate::location::Location;
use crate::msg;
use crate::policy::{FieldKind, FieldSpec, Programme};
use calamine::{Data, Reader, SheetVisible, Xlsx};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::io::Cursor;

/// A workbook that cannot be used at all.
#[derive(Clone, Debug)]
pub struct WorkbookError {
    pub message: String,
    pub help: String,
}

fn error(message: impl Into<String>, help: impl Into<String>) -> WorkbookError {
    WorkbookError {
        message: message.into(),
        help: help.into(),
    }
}

/// One application as read from a workbook: its document, where each value came from, and
/// the cells that could not be read at all (an Excel error such as `#DIV/0!`).
#[derive(Clone, Debug)]
pub struct SheetRecord {
    pub raw: Raw,
    /// Field path (`revenue_2019`, `loans[2].principal`) → cell (`申报表!F12`).
    pub cells: HashMap<String, String>,
    pub errors: Vec<FieldError>,
    /// The workbook's headers that name no field (a missing required field names one that
    /// looks like it).
    pub ignored: std::sync::Arc<[String]>,
}

/// The applications of a workbook and what is said once about it.
#[derive(Clone, Debug)]
pub struct Workbook {
    pub records: Vec<SheetRecord>,
    pub warnings: Vec<ReadWarning>,
    /// What is said once about a column, at the cell of its first case (`sheet!cell`).
    pub cell_warnings: Vec<(String, ReadWarning)>,
}

impl SheetRecord {
    /// The record, its errors naming their cells.
    pub fn record(&self, programme: &Programme) -> Record {
        // Unknown headers reach the document only when read strictly.
        let ctx = Context {
            strict: true,
            ignored: &self.ignored,
            noun: "column",
            notes: None,
            list: "",
        };
        let mut record = from_raw_in(programme, &self.raw, ctx);
        record.errors.extend(self.errors.iter().cloned());
        locate(&mut record.errors, &self.cells, programme);
        record
    }
}

/// Places each error on a field read from a cell at that cell (`申报表!F12`), and any other
/// error of the record at its id's cell; the file is named by the caller.
pub fn locate(errors: &mut [FieldError], cells: &HashMap<String, String>, programme: &Programme) {
    let id = programme.id_slot.map(|i| programme.fields[i].id.as_str());
    for e in errors.iter_mut().filter(|e| e.location.is_none()) {
        let cell = cells.get(&e.field).or_else(|| cells.get(id?));
        e.location = cell.map(|c| Location::sheet_cell("", c));
    }
}

/// `A`, `B`, … `Z`, `AA`: a column's letters.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// `申报表!F12` for the zero-based (row, column).
pub fn cell_ref(sheet: &str, row: u32, col: u32) -> String {
    format!("{sheet}!{}{}", column_letters(col), row + 1)
}

/// The bare percents under 1 of one column (`columns::bare_fraction`): its sheet and column,
/// its field's name, how many, and the first's cell and text (rows are read in order).
struct ColumnFractions {
    sheet: String,
    column: u32,
    name: String,
    count: u64,
    first_cell: String,
    first_text: String,
}

/// The field or list item a column fills.
fn spec_of<'p>(programme: &'p Programme, column: &Target) -> Option<&'p FieldSpec> {
    match column {
        Target::Field(i) | Target::List(i) => programme.fields.get(*i),
        Target::Item(i, j) => programme.fields.get(*i)?.items.get(*j),
        Target::Unknown(_) => None,
    }
}

/// Where a column's cells go.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    /// A field holding one value.
    Field(usize),
    /// A list of plain values: every cell of the record's rows adds items.
    List(usize),
    /// (list-of-records field, item field): each row adds one item.
    Item(usize, usize),
    Unknown(String),
}

fn names(f: &FieldSpec, text: &str) -> bool {
    columns::names(f, text).is_some()
}

/// The unit a header states for the field of `target` when it differs from the field's.
fn stated_unit(programme: &Programme, target: &Target, header: &str) -> Option<StatedUnit> {
    let fields = &programme.fields;
    let spec = match target {
        Target::Field(i) | Target::List(i) => &fields[*i],
        Target::Item(i, j) => &fields[*i].items[*j],
        Target::Unknown(_) => return None,
    };
    let item = header.split_once('.').map_or(header, |(_, item)| item);
    columns::names(spec, header)
        .or_else(|| columns::names(spec, item))
        .flatten()
}

/// The field a header names. Item fields of a list of records are found as `贷款.贷款本金`,
/// or by their own name on a sheet named after the list, or when only one list has them.
fn target(programme: &Programme, sheet: &str, header: &str) -> Option<Target> {
    let fields = &programme.fields;
    if let Some((i, _)) = columns::find(fields, header) {
        return Some(match fields[i].kind {
            FieldKind::List(_) => Target::List(i),
            _ => Target::Field(i),
        });
    }
    let record_lists = || {
        fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == FieldKind::Records)
    };
    if let Some((list, item)) = header.split_once('.') {
        for (i, f) in record_lists() {
            if names(f, list)
                && let Some(j) = f.items.iter().position(|x| names(x, item))
            {
                return Some(Target::Item(i, j));
            }
        }
    }
    let sheet_list = record_lists().find(|(_, f)| {
        names(f, sheet)
            || sheet_name(f, crate::Lang::Zh) == sheet
            || sheet_name(f, crate::Lang::En) == sheet
    });
    if let Some((i, f)) = sheet_list
        && let Some(j) = f.items.iter().position(|x| names(x, header))
    {
        return Some(Target::Item(i, j));
    }
    let mut found = record_lists().filter_map(|(i, f)| {
        f.items
            .iter()
            .position(|x| names(x, header))
            .map(|j| (i, j))
    });
    match (found.next(), found.next()) {
        (Some((i, j)), None) => Some(Target::Item(i, j)),
        _ => None,
    }
}

/// The name of the sheet a list field gets in a template of `lang`: its label in that
/// language (else the other's, else its id), made a valid sheet name (at most 31
/// characters, none of `[]:*?/\`). Reading knows the sheet by either language's name.
pub fn sheet_name(f: &FieldSpec, lang: crate::Lang) -> String {
    let label = match lang {
        crate::Lang::Zh => f.label.zh.as_deref().or(f.label.en.as_deref()),
        crate::Lang::En => f.label.en.as_deref().or(f.label.zh.as_deref()),
    }
    .unwrap_or(&f.id);
    label
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

/// The trimmed text of a string cell; `""` for any other.
fn text_of(d: &Data) -> &str {
    match d {
        Data::String(s) => s.trim(),
        _ => "",
    }
}

/// How many rows from the top of a sheet are searched for its header row.
const HEADER_SEARCH_ROWS: usize = 10;

/// The text of a cell for the field it fills, exactly as shown: numbers by their shortest
/// decimal form, dates as ISO text, a percentage-formatted `0.0435` as `4.35`.
fn cell_text(data: &Data, kind: &FieldKind, percent_style: bool) -> Result<Option<String>, String> {
    let number = |text: String| -> String {
        if percent_style
            && *kind == FieldKind::Percent
            && let Ok(d) = text.parse::<Decimal>()
            && let Some(p) = d.checked_mul(Decimal::ONE_HUNDRED)
        {
            return p.normalize().to_string();
        }
        text
    };
    Ok(match data {
        Data::Empty => None,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Data::Int(i) => Some(number(i.to_string())),
        Data::Float(f) => Some(number(excel_digits(*f))),
        Data::Bool(b) => Some(b.to_string()),
        // A number in a date-formatted cell that is no day of Excel's calendar (`20200703`
        // typed into a date cell, shown as `#####`; 0 or below; a time of no day) is
        // refused: the reader would otherwise pin it to 1899-12-31 or 9999-12-31.
        Data::DateTime(dt)
            if dt.is_datetime() && !(1.0..EXCEL_LAST_DAY + 1.0).contains(&dt.as_f64()) =>
        {
            let n = dt.as_f64();
            return Err(if n > 0.0 && n < 1.0 {
                msg!("input-cell-time_only")
            } else {
                msg!("input-cell-no_day", number = excel_digits(n))
            });
        }
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            // Seconds are kept (a deadline of 18:00 is missed at 18:00:30); a fraction of a
            // second cannot be written in a date-time and is not dropped in silence.
            if ms != 0 {
                return Err(msg!("input-cell-milliseconds"));
            }
            Some(match kind {
                FieldKind::DateTime if s == 0 => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}"),
                FieldKind::DateTime => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
                _ if (h, mi, s) == (0, 0, 0) => format!("{y:04}-{mo:02}-{d:02}"),
                _ => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
            })
        }
        Data::DateTime(dt) => Some(dt.as_f64().to_string()),
        Data::Error(e) => return Err(msg!("input-cell", error = e.to_string())),
    })
}

/// Whether a number format shows its value times 100: a `%` that is a code of the format,
/// not one written as text (`0.00"%"` or `0.00\%` shows 4.35 as `4.35%`, the value typed).
fn scales_by_100(format_code: &str) -> bool {
    let mut chars = format_code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            // `\x` shows x as it is, `_x` leaves the width of x and shows nothing, `*x`
            // repeats x to fill the cell: none of them is a code.
            '\\' | '_' | '*' => {
                chars.next();
            }
            '%' => return true,
            _ => {}
        }
    }
    false
}

/// The last day Excel has: 9999-12-31 is day 2,958,465.
const EXCEL_LAST_DAY: f64 = 2_958_465.0;

/// A number cell as Excel holds it: to 15 significant digits, Excel's precision. A cell
/// computed by a formula (`=A1*3`) or saved by another program often carries binary
/// leftovers past them (`30000.000000000004`, `9.9999999999999982`), which Excel never shows
/// and which would put an applicant on the wrong side of a threshold; the value typed,
/// `30000` or `10`, is what is read. A number past the decimal range is left in its shortest
/// scientific form (`1e300`, not 301 digits), to be refused as too large (or too small) where
/// it is read.
fn excel_digits(f: f64) -> String {
    let scientific = format!("{f:.14e}");
    match Decimal::from_scientific(&scientific) {
        Ok(d) => d.normalize().to_string(),
        Err(_) => format!("{f:e}"),
    }
}

/// The kind of the field a column fills (for lists, the kind of their items).
fn kind_of<'a>(programme: &'a Programme, target: &Target) -> Option<&'a FieldKind> {
    let fields = &programme.fields;
    match target {
        Target::Field(i) => Some(&fields[*i].kind),
        Target::List(i) => match &fields[*i].kind {
            FieldKind::List(inner) => Some(inner),
            other => Some(other),
        },
        Target::Item(i, j) => Some(&fields[*i].items[*j].kind),
        Target::Unknown(_) => None,
    }
}

/// A record being gathered from the rows of every sheet.
#[derive(Default)]
struct Draft {
    entries: Vec<(String, Raw)>,
    /// Where each key is in `entries` (a sheet may have many thousands of columns).
    entry_at: HashMap<String, usize>,
    /// Plain list field slot → its items' texts.
    lists: Vec<(usize, Vec<String>)>,
    /// Record list field slot → its items.
    items: Vec<(usize, Vec<Raw>)>,
    cells: HashMap<String, String>,
    errors: Vec<FieldError>,
    /// Whether a row of a sheet with fields of its own (not only list columns) gave it.
    on_main: bool,
    /// The first row that gave it on a sheet of list columns only (`贷款!A5`).
    list_row: Option<String>,
}

impl Draft {
    /// A one-value field: the first cell that fills it gives it, as in CSV; a later cell
    /// with another value is an error naming both (it would be dropped).
    fn set(&mut self, key: &str, value: Option<String>, cell: String) {
        match self.entry_at.get(key).copied() {
            None => {
                self.entry_at.insert(key.to_string(), self.entries.len());
                self.entries
                    .push((key.to_string(), value.map_or(Raw::Null, Raw::Text)));
                self.cells.insert(key.to_string(), cell);
            }
            Some(p) if self.entries[p].1 == Raw::Null && value.is_some() => {
                self.entries[p].1 = value.map_or(Raw::Null, Raw::Text);
                self.cells.insert(key.to_string(), cell);
            }
            Some(p) => {
                if let (Raw::Text(before), Some(now)) = (&self.entries[p].1, &value)
                    && before != now
                {
                    let first = self.cells.get(key).cloned().unwrap_or_default();
                    self.errors.push(
                        FieldError::new(
                            Code::InputRowsDisagree,
                            key,
                            msg!(
                                "input-rows_disagree-cells",
                                first = first,
                                before = crate::diag::echo(before),
                                cell = &cell,
                                now = crate::diag::echo(now)
                            ),
                        )
                        .at(crate::location::Location::sheet_cell("", &cell)),
                    );
                }
            }
        }
    }
}

/// A sheet row: its index and its filled cells by column, in column order.
type SheetRow = (u32, Vec<(u32, Data)>);

static EMPTY: Data = Data::Empty;

/// The cell of a row at a column, or an empty one.
fn cell_at(cells: &[(u32, Data)], col: u32) -> &Data {
    match cells.binary_search_by_key(&col, |(c, _)| *c) {
        Ok(i) => &cells[i].1,
        Err(_) => &EMPTY,
    }
}

/// A sheet's filled cells, row by row in order. Cells are kept per row as they are read, so
/// memory follows what the workbook holds, never its used range (two far-apart cells make a
/// range of billions); `budget` is what is left of the cell limit (`limit`).
fn sparse_rows<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
    budget: &mut usize,
    limit: usize,
) -> Result<Vec<SheetRow>, WorkbookError> {
    let unreadable = |e: calamine::XlsxError| {
        error(
            msg!(
                "input-workbook-sheet",
                sheet = name,
                reason = xlsx_reason(&e)
            ),
            msg!("input-workbook-sheet.help"),
        )
    };
    let mut reader = book.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut rows: Vec<SheetRow> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (r, c) = cell.get_position();
        let data = Data::from(cell.get_value().clone());
        if data == Data::Empty {
            continue;
        }
        if *budget == 0 {
            return Err(error(
                msg!("input-workbook-cells", limit = limit),
                msg!(
                    "input-workbook-cells.help",
                    raise = crate::input::limits::CELLS.help(limit as u64)
                ),
            ));
        }
        *budget -= 1;
        match rows.last_mut() {
            Some((last, cells)) if *last == r => cells.push((c, data)),
            _ => rows.push((r, vec![(c, data)])),
        }
    }
    // Writers put rows and cells in order; a file that does not is put in order here.
    rows.sort_by_key(|(r, _)| *r);
    let mut merged: Vec<SheetRow> = Vec::with_capacity(rows.len());
    for (r, cells) in rows {
        match merged.last_mut() {
            Some((last, existing)) if *last == r => existing.extend(cells),
            _ => merged.push((r, cells)),
        }
    }
    for (_, cells) in &mut merged {
        cells.sort_by_key(|(c, _)| *c);
        cells.dedup_by_key(|(c, _)| *c);
    }
    Ok(merged)
}

/// One row's item of a list of records: its values and the cells they came from.
struct RowItem {
    list: usize,
    entries: Vec<(String, Raw)>,
    cells: Vec<(String, String)>,
}

/// Reads every application in a workbook's bytes.
///
/// The zip and XML parsing is a dependency's; a workbook that makes it panic (the fuzzer
/// found a cell reference whose column letters overflow in calamine 0.38) is reported as
/// damaged instead of ending the process. The panic's own message is kept off the terminal
/// meanwhile: this runs before any evaluation thread exists.
pub fn read(programme: &Programme, bytes: Vec<u8>) -> Result<Vec<SheetRecord>, WorkbookError> {
    read_with(programme, bytes, Reading { strict: true }).map(|book| book.records)
}

/// Reads every application in a workbook's bytes; a header that names no field is ignored
/// with a warning unless `reading.strict`.
pub fn read_with(
    programme: &Programme,
    bytes: Vec<u8>,
    reading: Reading,
) -> Result<Workbook, WorkbookError> {
    let read = quietly(|| read_workbook(programme, bytes, reading));
    read.unwrap_or_else(|_| {
        Err(error(
            msg!("input-workbook-damaged"),
            msg!("input-workbook-damaged.help"),
        ))
    })
}

thread_local! {
    /// Whether a panic on this thread is caught and reported by [`quietly`].
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, catching a panic (calamine's, on a damaged workbook) without the panic hook
/// printing it. The hook is wrapped once for the process and stays quiet only on a thread
/// inside `quietly`: swapping the process's hook for each read would race when workbooks
/// are read on several threads at once (a server), and could leave the quiet hook in place.
fn quietly<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    static WRAPPED: std::sync::Once = std::sync::Once::new();
    WRAPPED.call_once(|| {
        let outer = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                outer(info);
            }
        }));
    });
    let before = QUIET.with(|q| q.replace(true));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(before));
    read
}

/// Unzips every part of the workbook into nothing, counting the bytes that come out, and
/// stops at the limit: calamine reads the shared strings whole and the sheets as they
/// unzip, so a bomb (megabytes that unzip to gigabytes) is refused before it is handed over.
/// The sizes the archive declares are not trusted; the bytes are counted.
fn check_unzipped(bytes: &[u8]) -> Result<(), WorkbookError> {
    let limit_spec = crate::input::limits::UNZIPPED_BYTES;
    let limit = limit_spec
        .get()
        .map_err(|m| error(m, msg!("input-limit-help")))?;
    let damaged = |e: &dyn std::fmt::Display| not_xlsx(e);
    // Said by what the file starts as: a zip archive that cannot be opened was cut short
    // (a download or copy that did not finish); an old binary workbook (.xls, .et) starts
    // with the compound-file signature; anything else is no workbook at all.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        if bytes.starts_with(b"PK") {
            error(
                msg!(
                    "input-workbook-not_xlsx",
                    reason = msg!("input-workbook-truncated")
                ),
                msg!("input-workbook-truncated.help"),
            )
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            damaged(&msg!("input-workbook-xls"))
        } else {
            damaged(&msg!("input-workbook-not_zip"))
        }
    })?;
    let mut left = limit;
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|e| damaged(&e))?;
        let name = part.name().map_or_else(
            |_| msg!("input-workbook-part", n = i + 1),
            |n| n.to_string(),
        );
        let mut counted = std::io::Read::take(&mut part, left.saturating_add(1));
        let n = match std::io::copy(&mut counted, &mut std::io::sink()) {
            Ok(n) => n,
            Err(e) => return Err(damaged(&format!("{name}: {e}"))),
        };
        if n > left {
            return Err(error(
                msg!(
                    "input-workbook-unzipped",
                    limit = limit_spec.show(limit),
                    part = &name
                ),
                limit_spec.help(limit),
            ));
        }
        left -= n;
    }
    Ok(())
}

/// Why the workbook reader gave up, in the catalogue's words: its own messages are English
/// and name its internals. A missing part is named (it tells a reader what saved the file).
fn xlsx_reason(e: &calamine::XlsxError) -> String {
    match e {
        calamine::XlsxError::FileNotFound(part) => {
            msg!("input-workbook-missing_part", part = part.as_str())
        }
        calamine::XlsxError::Io(io) => crate::diag::os_reason(&io.to_string()),
        _ => msg!("input-workbook-damaged"),
    }
}

/// A file that is not a workbook this reader can open (the zip or XML reader's words after).
fn not_xlsx(e: &dyn std::fmt::Display) -> WorkbookError {
    error(
        msg!("input-workbook-not_xlsx", reason = e.to_string()),
        msg!("input-workbook-not_xlsx.help"),
    )
}

fn read_workbook(
    programme: &Programme,
    bytes: Vec<u8>,
    reading: Reading,
) -> Result<Workbook, WorkbookError> {
    check_unzipped(&bytes)?;
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| not_xlsx(&xlsx_reason(&e)))?;
    let id_slot = programme.id_slot;
    let sheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut drafts: Vec<(String, Draft)> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut any_sheet = false;
    let cell_limit = crate::input::limits::CELLS
        .get()
        .map_err(|m| error(m, msg!("input-limit-cells-help")))
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))?;
    let mut cell_budget = cell_limit;
    // List fields with a column somewhere in the workbook: a record with no rows for one has
    // no items. A list with no column at all is not given.
    let mut list_slots: Vec<usize> = Vec::new();
    let mut warnings: Vec<ReadWarning> = Vec::new();
    let mut fractions: Vec<ColumnFractions> = Vec::new();
    let mut ignored: Vec<String> = Vec::new();
    let mut unit_columns: Vec<String> = Vec::new();
    // Sheets of applications (not of list columns only), for naming them.
    let mut main_sheets: Vec<&str> = Vec::new();
    for name in &sheets {
        let rows = sparse_rows(&mut book, name, &mut cell_budget, cell_limit)?;
        let is_id = |d: &Data| id_slot.is_some_and(|i| names(&programme.fields[i], text_of(d)));
        let Some(header) = rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .position(|(_, cells)| cells.iter().any(|(_, d)| is_id(d)))
        else {
            continue;
        };
        any_sheet = true;
        // Header rows: the one naming the id and those under it that only hold names
        // (the template's English labels).
        let mut header_rows = vec![&rows[header].1];
        for (_, cells) in &rows[header + 1..] {
            let only_names = cells.iter().all(|(_, d)| {
                let t = text_of(d);
                !t.is_empty() && target(programme, name, t).is_some()
            });
            if !only_names {
                break;
            }
            header_rows.push(cells);
        }
        let mut header_columns: Vec<u32> = header_rows
            .iter()
            .flat_map(|cells| cells.iter().map(|(c, _)| *c))
            .collect();
        header_columns.sort_unstable();
        header_columns.dedup();
        let mut units: HashMap<u32, StatedUnit> = HashMap::new();
        let columns: Vec<(u32, Target)> = header_columns
            .into_iter()
            .filter_map(|c| {
                let texts: Vec<&str> = header_rows
                    .iter()
                    .map(|cells| text_of(cell_at(cells, c)))
                    .filter(|t| !t.is_empty())
                    .collect();
                let first = texts.first()?;
                let found = texts
                    .iter()
                    .find_map(|t| target(programme, name, t).map(|x| (x, *t)));
                let t = match found {
                    Some((t, text)) => {
                        if let Some(unit) = stated_unit(programme, &t, text) {
                            let spec = match &t {
                                Target::Field(i) | Target::List(i) => &programme.fields[*i],
                                Target::Item(i, j) => &programme.fields[*i].items[*j],
                                Target::Unknown(_) => return None,
                            };
                            let place = cell_ref(name, rows[header].0, c);
                            if !unit_columns.contains(&place) {
                                unit_columns.push(place.clone());
                                warnings.push(columns::unit_warning(text, spec, &unit));
                            }
                            units.insert(c, unit);
                        }
                        t
                    }
                    None => {
                        if !ignored.iter().any(|i| i == first) {
                            ignored.push(first.to_string());
                        }
                        Target::Unknown(first.to_string())
                    }
                };
                Some((c, t))
            })
            .collect();
        // One field from two columns (its id and its label) would keep one of them silently.
        for (k, (c, t)) in columns.iter().enumerate() {
            if matches!(t, Target::Unknown(_)) {
                continue;
            }
            if let Some((first, _)) = columns[..k].iter().find(|(_, u)| u == t) {
                let header = |col: u32| {
                    header_rows
                        .iter()
                        .map(|cells| text_of(cell_at(cells, col)))
                        .find(|t| !t.is_empty())
                        .map(|t| crate::diag::echo(t).into_owned())
                        .unwrap_or_default()
                };
                let field = match t {
                    Target::Field(i) | Target::List(i) => super::field_name(&programme.fields[*i]),
                    Target::Item(l, j) => format!(
                        "{}.{}",
                        super::field_name(&programme.fields[*l]),
                        super::field_name(&programme.fields[*l].items[*j])
                    ),
                    Target::Unknown(h) => h.clone(),
                };
                return Err(error(
                    msg!(
                        "input-workbook-same_field",
                        sheet = name,
                        first_column = column_letters(*first),
                        first = header(*first),
                        second_column = column_letters(*c),
                        second = header(*c),
                        field = field
                    ),
                    msg!("input-workbook-same_field.help"),
                ));
            }
        }
        let id_column = columns
            .iter()
            .find(|(_, t)| matches!(t, Target::Field(i) if Some(*i) == id_slot))
            .map(|(c, _)| *c);
        // A list with a column (or sheet) is stated for every application, as in CSV: one
        // with no rows there has no items (no documents supplied, say).
        for (_, t) in &columns {
            if let Target::List(i) | Target::Item(i, _) = t
                && !list_slots.contains(i)
            {
                list_slots.push(*i);
            }
        }
        let has_lists = columns
            .iter()
            .any(|(_, t)| matches!(t, Target::List(_) | Target::Item(..)));
        let needs_styles = columns.iter().map(|(_, t)| t).any(|t| {
            matches!(t, Target::Field(_) | Target::Item(..))
                && kind_of(programme, t) == Some(&FieldKind::Percent)
        });
        let styles = if needs_styles {
            book.worksheet_style(name).ok()
        } else {
            None
        };
        let percent_style = |row: u32, col: u32| {
            styles
                .as_ref()
                .and_then(|s| s.get((row, col)))
                .and_then(|s| s.number_format.as_ref())
                .is_some_and(|f| {
                    scales_by_100(&f.format_code) || matches!(f.format_id, Some(9 | 10))
                })
        };
        // A sheet of list columns only (one loan per row) adds items to applications
        // given elsewhere; a row there whose id has no application is an orphan.
        let list_only = has_lists
            && columns.iter().all(|(_, t)| match t {
                Target::Field(i) => Some(*i) == id_slot,
                Target::List(_) | Target::Item(..) | Target::Unknown(_) => true,
            });
        if !list_only {
            main_sheets.push(name);
        }
        let mut seen_here: HashMap<String, usize> = HashMap::new();
        let first_data = header + header_rows.len();
        for (abs_row, row) in rows.iter().skip(first_data) {
            let abs_row = *abs_row;
            // Only cells under a header count: a row with nothing there is not an application.
            let blank = columns.iter().all(|(c, _)| {
                let d = cell_at(row, *c);
                *d == Data::Empty || (matches!(d, Data::String(_)) && text_of(d).is_empty())
            });
            if blank {
                continue;
            }
            let id = id_column
                .map(|c| cell_at(row, c))
                .and_then(|d| cell_text(d, &FieldKind::Text, false).ok().flatten())
                .unwrap_or_default();
            // Rows sharing an id join one record, across sheets; on a sheet without list
            // columns a repeated id is a second record (reported as a duplicate).
            let joins = !id.is_empty()
                && (has_lists || !seen_here.contains_key(&id))
                && by_id.contains_key(&id);
            let at = if joins {
                by_id[&id]
            } else {
                drafts.push((id.clone(), Draft::default()));
                let at = drafts.len() - 1;
                by_id.entry(id.clone()).or_insert(at);
                at
            };
            seen_here.entry(id.clone()).or_insert(at);
            let draft = &mut drafts[at].1;
            if list_only {
                if draft.list_row.is_none() {
                    draft.list_row = Some(cell_ref(name, abs_row, id_column.unwrap_or(0)));
                }
            } else {
                draft.on_main = true;
            }
            let mut row_items: Vec<RowItem> = Vec::new();
            for (abs_col, column) in &columns {
                let abs_col = *abs_col;
                let data = cell_at(row, abs_col);
                let cell = cell_ref(name, abs_row, abs_col);
                let kind = kind_of(programme, column).unwrap_or(&FieldKind::Text);
                let styled = percent_style(abs_row, abs_col);
                let read = cell_text(data, kind, styled);
                // A percent-formatted cell says what it means; a bare number under 1 may be
                // a fraction someone meant as a percent.
                // Counted as a CSV counts it: among the values read (a negative rate or
                // `1e-2` is an error of its own, not a fraction).
                if let Ok(Some(t)) = &read
                    && *kind == FieldKind::Percent
                    && !styled
                    && let Some(spec) = spec_of(programme, column)
                    && let Ok(value) = super::scalar(spec, kind, t)
                    && columns::bare_fraction(kind, t, &value)
                {
                    match fractions
                        .iter_mut()
                        .find(|f| f.sheet == *name && f.column == abs_col)
                    {
                        Some(f) => f.count += 1,
                        None => fractions.push(ColumnFractions {
                            sheet: name.to_string(),
                            column: abs_col,
                            // The header as written, as a CSV names the column.
                            name: header_rows
                                .iter()
                                .map(|cells| text_of(cell_at(cells, abs_col)))
                                .find(|t| !t.is_empty())
                                .unwrap_or_default()
                                .to_string(),
                            count: 1,
                            first_cell: cell.clone(),
                            first_text: t.clone(),
                        }),
                    }
                }
                let text = match read {
                    Ok(Some(t)) if units.contains_key(&abs_col) => {
                        Some(columns::in_unit(&t, &units[&abs_col]))
                    }
                    Ok(t) => t,
                    Err(message) => {
                        let field = match column {
                            Target::Field(i) | Target::List(i) => programme.fields[*i].id.clone(),
                            Target::Item(i, j) => format!(
                                "{}.{}",
                                programme.fields[*i].id, programme.fields[*i].items[*j].id
                            ),
                            Target::Unknown(h) => h.clone(),
                        };
                        draft.errors.push(
                            FieldError::new(Code::InputCell, field, message)
                                .at(Location::sheet_cell("", &cell)),
                        );
                        continue;
                    }
                };
                match column {
                    Target::Field(i) => draft.set(&programme.fields[*i].id, text, cell),
                    // Read strictly, an unknown column reaches the record (an error there);
                    // otherwise the warning about the workbook says it was ignored.
                    Target::Unknown(header) => {
                        if reading.strict && text.is_some() {
                            draft.set(header, text, cell);
                        }
                    }
                    Target::List(i) => {
                        let list = match draft.lists.iter().position(|(l, _)| l == i) {
                            Some(p) => p,
                            None => {
                                draft.lists.push((*i, Vec::new()));
                                draft.lists.len() - 1
                            }
                        };
                        if let Some(t) = text {
                            draft.lists[list].1.push(t);
                            draft
                                .cells
                                .entry(programme.fields[*i].id.clone())
                                .or_insert(cell);
                        }
                    }
                    Target::Item(i, j) => {
                        let slot = match row_items.iter().position(|x| x.list == *i) {
                            Some(p) => p,
                            None => {
                                row_items.push(RowItem {
                                    list: *i,
                                    entries: Vec::new(),
                                    cells: Vec::new(),
                                });
                                row_items.len() - 1
                            }
                        };
                        let item_id = programme.fields[*i].items[*j].id.clone();
                        row_items[slot].cells.push((item_id.clone(), cell));
                        if let Some(t) = text {
                            row_items[slot].entries.push((item_id, Raw::Text(t)));
                        }
                    }
                }
            }
            for RowItem {
                list,
                entries,
                cells,
            } in row_items
            {
                let at = match draft.items.iter().position(|(l, _)| *l == list) {
                    Some(p) => p,
                    None => {
                        draft.items.push((list, Vec::new()));
                        draft.items.len() - 1
                    }
                };
                if entries.is_empty() {
                    continue;
                }
                let n = draft.items[at].1.len() + 1;
                let list_id = &programme.fields[list].id;
                for (item, cell) in cells {
                    draft.cells.insert(format!("{list_id}[{n}].{item}"), cell);
                }
                draft.items[at].1.push(Raw::Map(entries));
            }
        }
    }
    if !any_sheet {
        let id_names = id_slot
            .map(|i| {
                let f = &programme.fields[i];
                [
                    Some(f.id.as_str()),
                    f.label.zh.as_deref(),
                    f.label.en.as_deref(),
                ]
                .into_iter()
                .flatten()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" / ")
            })
            .unwrap_or_default();
        return Err(error(
            msg!("input-workbook-no_header"),
            msg!(
                "input-workbook-no_header.help",
                rows = HEADER_SEARCH_ROWS,
                names = id_names
            ),
        ));
    }
    // A list row whose id no application has (a typo in the id, or a deleted application)
    // would become a record of its own, or leave the application it meant without an
    // item: the workbook is refused, naming each such row.
    let orphans: Vec<String> = drafts
        .iter()
        .filter(|(_, d)| !d.on_main)
        .filter_map(|(id, d)| {
            let at = d.list_row.as_ref()?;
            Some(msg!(
                "input-workbook-orphan",
                cell = at,
                id = crate::diag::echo(id)
            ))
        })
        .collect();
    if let Some(first) = orphans.first() {
        let on = match &main_sheets[..] {
            [] => msg!("input-workbook-no_main"),
            names => msg!(
                "input-workbook-no_application",
                sheets = names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(super::separator())
            ),
        };
        let rest = orphans
            .get(1..orphans.len().min(10))
            .unwrap_or_default()
            .join(super::separator());
        return Err(error(
            msg!(
                "input-workbook-orphan_rows",
                first = first,
                more = orphans.len() - 1,
                count = orphans.len(),
                rest = rest,
                why = on
            ),
            msg!("input-workbook-orphan_rows.help"),
        ));
    }
    let ignored: std::sync::Arc<[String]> = ignored.into();
    if !reading.strict {
        let named: Vec<(String, usize)> = ignored.iter().map(|n| (n.clone(), 0)).collect();
        warnings.extend(columns::unknown_warning(programme, "column", &named));
    }
    let records = drafts
        .into_iter()
        .map(|(_, mut d)| {
            for &slot in &list_slots {
                let given = d.lists.iter().any(|(l, _)| *l == slot)
                    || d.items.iter().any(|(l, _)| *l == slot);
                if !given {
                    match programme.fields[slot].kind {
                        FieldKind::Records => d.items.push((slot, Vec::new())),
                        _ => d.lists.push((slot, Vec::new())),
                    }
                }
            }
            let mut entries = d.entries;
            for (i, texts) in d.lists {
                entries.push((programme.fields[i].id.clone(), Raw::Text(texts.join(";"))));
            }
            for (i, items) in d.items {
                entries.push((programme.fields[i].id.clone(), Raw::List(items)));
            }
            SheetRecord {
                raw: Raw::Map(entries),
                cells: d.cells,
                errors: d.errors,
                ignored: ignored.clone(),
            }
        })
        .collect();
    let cell_warnings = fractions
        .into_iter()
        .map(|f| {
            let warning = columns::fraction_warning(&f.name, f.count, &f.first_text);
            (f.first_cell, warning)
        })
        .collect();
    Ok(Workbook {
        records,
        warnings,
        cell_warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::text::NumberError;

    #[test]
    fn cells_read_as_the_text_excel_shows() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let money = FieldKind::Money(Decimal::from(10_000));
        let read = |d: Data, k: &FieldKind, percent: bool| cell_text(&d, k, percent);
        assert_eq!(
            read(Data::Float(36433.87), &money, false),
            Ok(Some("36433.87".into()))
        );
        assert_eq!(
            read(Data::Int(5), &FieldKind::Number, false),
            Ok(Some("5".into()))
        );
        // `4.35%` typed into a cell is the fraction 0.0435 with a percentage format.
        assert_eq!(
            read(Data::Float(0.0435), &FieldKind::Percent, true),
            Ok(Some("4.35".into()))
        );
        assert_eq!(
            read(Data::Float(4.35), &FieldKind::Percent, false),
            Ok(Some("4.35".into()))
        );
        // A percentage format on a money column is only a display choice.
        assert_eq!(read(Data::Float(0.5), &money, true), Ok(Some("0.5".into())));
        // Excel's 15 significant digits: binary leftovers of a formula are not read.
        for (cell, text) in [
            (30000.000000000004, "30000"),
            (9.999_999_999_999_998, "10"),
            (0.1 + 0.2, "0.3"),
            (36433.87, "36433.87"),
            (-0.000_123_456_789_012_345_67, "-0.000123456789012346"),
            (
                123_456_789_012_345_680_000_000.0,
                "123456789012346000000000",
            ),
        ] {
            assert_eq!(
                read(Data::Float(cell), &money, false),
                Ok(Some(text.into()))
            );
        }
        // Past the decimal range: its shortest form, which the number reader calls too large
        // or too small (301 digits were "longer than 64 characters").
        for (cell, text, why) in [
            (1e300, "1e300", NumberError::TooLarge),
            (-1.5e40, "-1.5e40", NumberError::TooLarge),
            (1e-40, "1e-40", NumberError::TooSmall),
        ] {
            assert_eq!(
                read(Data::Float(cell), &money, false),
                Ok(Some(text.into()))
            );
            assert_eq!(crate::input::text::read_decimal(text), Err(why), "{text}");
        }
        let date = ExcelDateTime::new(44022.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            read(Data::DateTime(date), &FieldKind::Date, false),
            Ok(Some("2020-07-10".into()))
        );
        let noon = ExcelDateTime::new(44022.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            read(Data::DateTime(noon), &FieldKind::DateTime, false),
            Ok(Some("2020-07-10T12:00".into()))
        );
        assert_eq!(
            read(Data::DateTime(noon), &FieldKind::Date, false),
            Ok(Some("2020-07-10 12:00:00".into()))
        );
        assert_eq!(
            read(Data::Bool(true), &FieldKind::Bool, false),
            Ok(Some("true".into()))
        );
        assert_eq!(
            read(Data::String("  ".into()), &FieldKind::Text, false),
            Ok(None)
        );
        assert!(read(Data::Error(calamine::CellErrorType::Div0), &money, false).is_err());
        // Seconds are kept: 18:00:30 is past a deadline of 18:00.
        let late = ExcelDateTime::new(
            44406.0 + (18.0 * 3600.0 + 30.0) / 86400.0,
            ExcelDateTimeType::DateTime,
            false,
        );
        assert_eq!(
            read(Data::DateTime(late), &FieldKind::DateTime, false),
            Ok(Some("2021-07-29T18:00:30".into()))
        );
        let fraction =
            ExcelDateTime::new(44406.0 + 0.5 / 86400.0, ExcelDateTimeType::DateTime, false);
        assert!(read(Data::DateTime(fraction), &FieldKind::DateTime, false).is_err());
        // A date-formatted number that is no day of Excel's calendar is refused, never pinned
        // to its first or last day.
        for serial in [20_200_703.0, 2_958_466.0, 0.0, -100.0, 0.5] {
            let cell = ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false);
            let read = read(Data::DateTime(cell), &FieldKind::Date, false);
            assert!(read.is_err(), "{serial}: {read:?}");
        }
        let last = ExcelDateTime::new(2_958_465.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            read(Data::DateTime(last), &FieldKind::Date, false),
            Ok(Some("9999-12-31".into()))
        );
    }

    #[test]
    fn only_a_percent_code_of_the_format_scales_by_100() {
        for code in ["0%", "0.00%", "0.0%;[Red]-0.0%", "#,##0.00 %"] {
            assert!(scales_by_100(code), "{code}");
        }
        // `_%` leaves the width of a % (no % is shown), `*%` fills the cell with them.
        for code in [
            "0.00\"%\"",
            "0.00\\%",
            "General",
            "0.00",
            "\"%\"0",
            "0.00_%",
            "0*%",
        ] {
            assert!(!scales_by_100(code), "{code}");
        }
    }

    #[test]
    fn cell_references_use_excel_letters() {
        assert_eq!(cell_ref("申报表", 11, 5), "申报表!F12");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
