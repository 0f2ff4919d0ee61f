//! CSV applications read straight into records: the header is matched to the programme's
//! fields once, so a row costs no lookup by name. Adjacent rows sharing an `id` form one
//! record; columns `loans.principal` fill one item of a list field per row.
//!
//! The text is cut into pieces where a line ends outside quotes ([`Splitter`], on the
//! reading thread: a scan for quotes and line ends, no parsing), the pieces are parsed on
//! all cores ([`parse`]), and their rows joined into row groups in order ([`Stitch`]: a
//! record's rows may lie on both sides of a cut).

use super::columns::{self, ReadWarning, Reading, StatedUnit};
pub use super::pieces::{Parsed, Piece, RowGroup, Stitch, parse};
use super::pieces::{Splitter, Stop};
use super::{FieldError, Record, text_value};
use crate::diag::Code;
use crate::input::text::trimmed;
use crate::location::Location;
use crate::msg;
use crate::policy::{FieldKind, Programme};
use crate::value::Value;
use std::io::Read;
use std::sync::Arc;

/// Where a column's cells go.
#[derive(Clone, Debug)]
enum Column {
    Field(usize),
    /// (list field slot, item field slot)
    Item(usize, usize),
    Unknown(String),
}

/// A CSV file that cannot be read at all.
#[derive(Debug, Clone)]
pub struct CsvError {
    pub message: String,
    pub help: String,
}

fn error(message: String) -> CsvError {
    CsvError {
        message,
        help: msg!("input-csv-help"),
    }
}

/// How the columns of one CSV file map to a programme's fields: built once from the
/// header, used (from any thread) to turn each record's rows into a `Record`.
pub struct CsvSchema<'p> {
    programme: &'p Programme,
    columns: Vec<Column>,
    /// The unit a column's header states when it differs from its field's.
    units: Vec<Option<StatedUnit>>,
    /// List fields that have a column (their own, or their items').
    list_slots: Vec<usize>,
    /// Unknown columns are errors on every record.
    strict: bool,
    /// Headers that name no field (ignored unless `strict`).
    ignored: Vec<String>,
    warnings: Vec<ReadWarning>,
    /// The headers as written, for what is said about a column after reading.
    headers: Vec<String>,
    /// The bare numbers under 1 of percent columns.
    fractions: columns::Fractions,
}

/// The row groups of a CSV file, read as they are needed (one piece at a time, on this
/// thread; [`CsvRows::into_pieces`] gives the pieces to parse elsewhere).
pub struct CsvRows<R: Read> {
    pieces: Pieces<R>,
    stitch: Stitch,
    ready: std::collections::VecDeque<RowGroup>,
    done: bool,
}

/// The pieces of a CSV file after its header, in order.
pub struct Pieces<R: Read> {
    /// What followed the header in its piece.
    rest: Option<Piece>,
    splitter: Splitter<R>,
}

impl<R: Read> Iterator for Pieces<R> {
    type Item = Result<Piece, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(rest) = self.rest.take() {
            return Some(Ok(rest));
        }
        Some(self.splitter.next()?.map_err(|stop| {
            error(msg!(
                "input-csv-line",
                line = stop.line,
                reason = stop.reason
            ))
        }))
    }
}

/// Records of a CSV file, read and built one at a time.
pub struct CsvRecords<'p, R: Read> {
    schema: CsvSchema<'p>,
    rows: CsvRows<R>,
}

/// The column a header names (`columns::names`: by id or label, with or without a unit),
/// and the unit it states when that differs from its field's.
fn column_for(programme: &Programme, header: &str) -> (Column, Option<StatedUnit>) {
    if let Some((i, unit)) = columns::find(&programme.fields, header) {
        return (Column::Field(i), unit);
    }
    if let Some((list, item)) = header.split_once('.') {
        for (i, f) in programme.fields.iter().enumerate() {
            if f.kind == FieldKind::Records
                && (f.id == list || f.label.zh.as_deref() == Some(list))
                && let Some((j, unit)) = columns::find(&f.items, item)
            {
                return (Column::Item(i, j), unit);
            }
        }
    }
    (Column::Unknown(header.to_string()), None)
}

/// What the csv crate says is wrong: a failed read's own message (a limit, the system's
/// words), or text that is not UTF-8.
pub fn reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => crate::input::io_reason(io),
        csv::ErrorKind::Utf8 { .. } => msg!("input-csv-header_encoding"),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => msg!("input-ragged_row", cells = *len, headers = *expected_len),
        _ => e.to_string(),
    }
}

/// Why the header row cannot be read.
pub fn header_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => msg!("input-csv-header_encoding"),
        _ => msg!("input-csv-header", reason = reason(e)),
    }
}

/// Why a file is refused for a cell of column `header` with text after its closing quote
/// (`cell`, as it would be read joined): the words of both CSV readers.
pub fn stray_quote_reason(header: &str, cell: &str) -> String {
    msg!(
        "input-csv-column",
        header = crate::diag::echo(header),
        reason = msg!("input-stray_quote", cell = crate::diag::echo(cell))
    )
}

/// Reads the header of a CSV file and matches it to the programme's fields.
pub fn open<'p, R: Read>(
    programme: &'p Programme,
    source: R,
    reading: Reading,
) -> Result<(CsvSchema<'p>, CsvRows<R>), CsvError> {
    let limit = crate::input::limits::ROW_BYTES.get().map_err(error)?;
    let mut splitter = Splitter::new(source, limit);
    // The header is the first record that is not blank (pieces of blank lines before it
    // hold none; a row of blank cells is skipped, as it is among the rows).
    let mut pending: Option<Piece> = None;
    let (header, rest) = loop {
        let piece = match pending.take() {
            Some(piece) => piece,
            None => match splitter.next() {
                None => break (Vec::new(), None),
                Some(Err(Stop { reason, .. })) => {
                    return Err(error(msg!("input-csv-header", reason = reason)));
                }
                Some(Ok(piece)) => piece,
            },
        };
        let Some(first) = super::pieces::first_record(piece) else {
            continue;
        };
        if first.cells.iter().all(|c| super::pieces::blank(c)) {
            pending = Some(first.rest);
            continue;
        }
        // A header cell is not joined across a stray quote any more than a value is.
        if let Some(c) = first.stray {
            let cell = first
                .cells
                .get(c)
                .map(|h| String::from_utf8_lossy(h).trim().to_string())
                .unwrap_or_default();
            return Err(error(msg!(
                "input-csv-header",
                reason = stray_quote_reason(&cell, &cell)
            )));
        }
        break (first.cells, Some(first.rest));
    };
    let headers: Vec<String> = header
        .into_iter()
        .map(|h| {
            String::from_utf8(h)
                .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
                .map_err(|_| error(msg!("input-csv-header_encoding")))
        })
        .collect::<Result<_, _>>()?;
    if headers.iter().all(String::is_empty) {
        return Err(error(msg!("input-csv-empty")));
    }
    // A set: a header may have many thousands of columns.
    let mut seen = std::collections::HashSet::with_capacity(headers.len());
    if let Some(h) = headers.iter().find(|h| !seen.insert(h.as_str())) {
        return Err(error(msg!(
            "input-csv-header_twice",
            header = crate::diag::echo(h)
        )));
    }
    let (columns, units): (Vec<Column>, Vec<Option<StatedUnit>>) =
        headers.iter().map(|h| column_for(programme, h)).unzip();
    let mut warnings: Vec<ReadWarning> = Vec::new();
    for ((column, unit), header) in columns.iter().zip(&units).zip(&headers) {
        let spec = match column {
            Column::Field(i) => &programme.fields[*i],
            Column::Item(l, j) => &programme.fields[*l].items[*j],
            Column::Unknown(_) => continue,
        };
        if let Some(unit) = unit {
            warnings.push(columns::unit_warning(header, spec, unit));
        }
    }
    let ignored: Vec<String> = columns
        .iter()
        .filter_map(|c| match c {
            Column::Unknown(name) if !name.is_empty() => Some(name.clone()),
            _ => None,
        })
        .collect();
    if !reading.strict {
        let named: Vec<(String, usize)> = ignored.iter().map(|n| (n.clone(), 0)).collect();
        warnings.extend(columns::unknown_warning(programme, "column", &named));
    }
    // A column without a header cannot name a field: its cells are not read, and that is
    // said (with --strict a cell there is its record's error).
    if !reading.strict
        && let Some(c) = headers.iter().position(String::is_empty)
    {
        warnings.push(ReadWarning {
            code: Code::InputUnknownColumn,
            message: msg!(
                "input-unknown_column-blank",
                column = crate::records::xlsx::column_letters(c as u32)
            ),
            help: msg!("input-unknown_column-blank.help"),
        });
    }
    // One field from two columns (its id and its label) would keep one of them silently.
    let mut first_of = std::collections::HashMap::new();
    for (i, c) in columns.iter().enumerate() {
        let target = match c {
            Column::Field(a) => (*a, usize::MAX),
            Column::Item(a, x) => (*a, *x),
            Column::Unknown(_) => continue,
        };
        let j = *first_of.entry(target).or_insert(i);
        if j != i {
            let field = match c {
                Column::Field(f) => super::field_name(&programme.fields[*f]),
                Column::Item(l, x) => format!(
                    "{}.{}",
                    super::field_name(&programme.fields[*l]),
                    super::field_name(&programme.fields[*l].items[*x])
                ),
                Column::Unknown(name) => name.clone(),
            };
            return Err(error(msg!(
                "input-csv-same_field",
                first_column = crate::records::xlsx::column_letters(j as u32),
                first = crate::diag::echo(&headers[j]),
                second_column = crate::records::xlsx::column_letters(i as u32),
                second = crate::diag::echo(&headers[i]),
                field = field
            )));
        }
    }
    let id_slot = programme.id_slot;
    let id_column = columns
        .iter()
        .position(|c| matches!(c, Column::Field(i) if Some(*i) == id_slot));
    let mut list_slots: Vec<usize> = columns
        .iter()
        .filter_map(|c| match c {
            Column::Field(i) if matches!(programme.fields[*i].kind, FieldKind::List(_)) => Some(*i),
            Column::Item(i, _) => Some(*i),
            _ => None,
        })
        .collect();
    list_slots.sort_unstable();
    list_slots.dedup();
    let fractions = columns::Fractions::new(columns.len());
    Ok((
        CsvSchema {
            programme,
            columns,
            units,
            list_slots,
            strict: reading.strict,
            ignored,
            warnings,
            headers,
            fractions,
        },
        CsvRows {
            pieces: Pieces { rest, splitter },
            stitch: Stitch::new(id_column),
            ready: std::collections::VecDeque::new(),
            done: false,
        },
    ))
}

impl<'p, R: Read> CsvRecords<'p, R> {
    /// Records read strictly: a column that names no field is an error on every record.
    pub fn new(programme: &'p Programme, source: R) -> Result<Self, CsvError> {
        Self::with(programme, source, Reading { strict: true })
    }

    pub fn with(programme: &'p Programme, source: R, reading: Reading) -> Result<Self, CsvError> {
        let (schema, rows) = open(programme, source, reading)?;
        Ok(CsvRecords { schema, rows })
    }

    /// What is said once about the file (ignored columns, units), known from its header.
    pub fn warnings(&self) -> &[ReadWarning] {
        self.schema.warnings()
    }

    /// What is said once about a column after the records read so far (see
    /// [`CsvSchema::read_warnings`]).
    pub fn read_warnings(&self) -> Vec<(u64, ReadWarning)> {
        self.schema.read_warnings()
    }
}

impl<R: Read> Iterator for CsvRecords<'_, R> {
    type Item = Result<Record, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        Some(self.rows.next()?.map(|g| self.schema.build(g)))
    }
}

impl<R: Read> CsvRows<R> {
    /// The pieces still to read, and what joins their rows into groups (in order, after
    /// each is parsed with [`super::pieces::parse`]).
    pub fn into_pieces(self) -> (Pieces<R>, Stitch) {
        (self.pieces, self.stitch)
    }
}

impl CsvSchema<'_> {
    /// What is said once about the file (ignored columns, units), known from its header.
    pub fn warnings(&self) -> &[ReadWarning] {
        &self.warnings
    }

    /// What is said once about a column after its cells are read (bare percents under 1),
    /// each with the line of its first case.
    pub fn read_warnings(&self) -> Vec<(u64, ReadWarning)> {
        self.fractions
            .found()
            .into_iter()
            .map(|(c, count, line, text)| {
                let header = self.headers.get(c).map_or("", String::as_str);
                (line, columns::fraction_warning(header, count, &text))
            })
            .collect()
    }

    /// The headers that name no field.
    pub fn ignored(&self) -> &[String] {
        &self.ignored
    }

    /// A cell of `row` holding a line with as many cells as the header (from its second
    /// line on): a quote that opened and did not close where it should, joining whole rows
    /// into one cell (the applications in them lost, and the row that closes it read into
    /// the rest of this one). The column, the line's cells and the line.
    fn row_in_cell(&self, row: &super::pieces::Row<'_>) -> Option<(usize, usize, String)> {
        let width = self.columns.len();
        if width < 3 {
            return None;
        }
        (0..row.len().min(width)).find_map(|c| {
            let cell = String::from_utf8_lossy(row.get(c)?);
            cell.split(['\r', '\n']).skip(1).find_map(|line| {
                let cells = line.matches(',').count() + 1;
                (cells >= width).then(|| (c, cells, line.to_string()))
            })
        })
    }

    /// What an error about a column's cell names: its field, list item or header.
    fn column_name(&self, column: &Column) -> String {
        let fields = &self.programme.fields;
        match column {
            Column::Field(i) => fields[*i].id.clone(),
            Column::Item(list, item) => {
                format!("{}.{}", fields[*list].id, fields[*list].items[*item].id)
            }
            Column::Unknown(name) => name.clone(),
        }
    }

    /// Builds the record of one row group.
    pub fn build(&self, group: RowGroup) -> Record {
        let fields = &self.programme.fields;
        // Written, not cloned: `vec![Value::Null; n]` clones a value per slot.
        let mut values: Vec<Value> = std::iter::repeat_with(|| Value::Null)
            .take(fields.len())
            .collect();
        let mut errors: Vec<FieldError> = Vec::new();
        if let Some(first) = group.apart_from {
            let line = group.line();
            errors.push(FieldError::new(
                Code::InputRowsApart,
                "id",
                msg!("input-rows_apart", line = line, first = first),
            ));
        }
        let mut items: Vec<(usize, Vec<Vec<Value>>)> = Vec::new();
        // The text and line that gave each one-value field, for comparing the rows of a
        // record (a record of one row has nothing to compare).
        let mut first: Vec<Option<(&str, u64)>> = if group.is_one_row() {
            Vec::new()
        } else {
            vec![None; fields.len()]
        };
        for (r, row) in group.rows().enumerate() {
            let line = row.line();
            let row_start = errors.len();
            if row.len() != self.columns.len() {
                errors.push(FieldError::new(
                    Code::InputRaggedRow,
                    "",
                    msg!(
                        "input-ragged_row",
                        cells = row.len(),
                        headers = self.columns.len()
                    ),
                ));
            }
            // Errors of this row's values are at its line (the file is named by the caller).
            let at_line = |errors: &mut Vec<FieldError>, from: usize| {
                for e in &mut errors[from..] {
                    e.location = Some(Location::line("", line));
                }
            };
            at_line(&mut errors, row_start);
            let mut row_items: Vec<(usize, Vec<Value>)> = Vec::new();
            if row.spans_lines()
                && let Some((c, cells, text)) = self.row_in_cell(&row)
            {
                errors.push(
                    FieldError::new(
                        Code::InputRowInCell,
                        self.column_name(&self.columns[c]),
                        msg!(
                            "input-row_in_cell",
                            cells = cells,
                            text = crate::diag::echo(&text)
                        ),
                    )
                    .at(Location::line("", line)),
                );
            }
            // One UTF-8 check for the whole row (SIMD: rows of Chinese text are most of the
            // reading); a cell is checked alone only when the row fails it, to name it. A row
            // with a stray quote (rare) takes that path too, where the cell with the quote is
            // its error: the common path pays nothing for it.
            let bytes = row.bytes();
            let stray = row.stray_quote();
            let whole = match stray {
                None => simdutf8::basic::from_utf8(bytes).ok(),
                Some(_) => None,
            };
            let mut ranges = row.ranges();
            for (c, column) in self.columns.iter().enumerate() {
                // A row with fewer cells than headers has empty ones (and its error).
                let range = ranges.next().unwrap_or_default();
                let checked = match whole {
                    Some(w) => w.get(range).map(trimmed),
                    None => {
                        let raw = bytes.get(range);
                        if stray == Some(c) {
                            let cell = raw.map(String::from_utf8_lossy).unwrap_or_default();
                            errors.push(
                                FieldError::new(
                                    Code::InputStrayQuote,
                                    self.column_name(column),
                                    msg!(
                                        "input-stray_quote",
                                        cell = crate::diag::echo(cell.trim())
                                    ),
                                )
                                .at(Location::line("", line)),
                            );
                            continue;
                        }
                        raw.map(std::str::from_utf8)
                            .and_then(Result::ok)
                            .map(trimmed)
                    }
                };
                let cell = match checked {
                    Some(text) => text,
                    None => {
                        errors.push(
                            FieldError::new(
                                Code::InputEncoding,
                                self.column_name(column),
                                msg!("input-encoding"),
                            )
                            .at(Location::line("", line)),
                        );
                        continue;
                    }
                };
                // As written, for comparing the rows of one record; `cell` is read in the
                // unit its header states.
                let written = cell;
                let stated;
                let cell = match &self.units[c] {
                    Some(unit) if !cell.is_empty() => {
                        stated = columns::in_unit(cell, unit);
                        stated.as_str()
                    }
                    _ => cell,
                };
                match column {
                    Column::Field(i) => match first.get(*i).copied().flatten() {
                        _ if cell.is_empty() => {}
                        None => {
                            if let Some(slot) = first.get_mut(*i) {
                                *slot = Some((written, line));
                            }
                            let from = errors.len();
                            values[*i] = text_value(&fields[*i], cell, &mut errors, &fields[*i].id);
                            at_line(&mut errors, from);
                            if columns::bare_fraction(&fields[*i].kind, cell, &values[*i]) {
                                self.fractions.note(c, line, written);
                            }
                        }
                        // Rows of one record repeating a value must agree; a different one
                        // would be dropped.
                        Some((before, at)) if before != written => errors.push(
                            FieldError::new(
                                Code::InputRowsDisagree,
                                fields[*i].id.clone(),
                                msg!(
                                    "input-rows_disagree",
                                    first = at,
                                    before = crate::diag::echo(before),
                                    line = line,
                                    now = crate::diag::echo(written)
                                ),
                            )
                            .at(Location::line("", line)),
                        ),
                        Some(_) => {}
                    },
                    Column::Item(list, item) => {
                        if cell.is_empty() {
                            continue;
                        }
                        let spec = &fields[*list];
                        let slot = match row_items.iter().position(|(l, _)| l == list) {
                            Some(p) => p,
                            None => {
                                row_items.push((*list, vec![Value::Null; spec.items.len()]));
                                row_items.len() - 1
                            }
                        };
                        let path = format!("{}[{}].{}", spec.id, r + 1, spec.items[*item].id);
                        let from = errors.len();
                        let item_spec = &spec.items[*item];
                        let value = text_value(item_spec, cell, &mut errors, &path);
                        at_line(&mut errors, from);
                        if columns::bare_fraction(&item_spec.kind, cell, &value) {
                            self.fractions.note(c, line, written);
                        }
                        row_items[slot].1[*item] = value;
                    }
                    Column::Unknown(name) => {
                        if self.strict && r == 0 && !cell.is_empty() {
                            errors.push(
                                FieldError::new(
                                    Code::InputUnknownField,
                                    name.clone(),
                                    columns::unknown_field(fields, name),
                                )
                                .at(Location::line("", line)),
                            );
                        }
                    }
                }
            }
            for (list, item) in row_items {
                match items.iter_mut().find(|(l, _)| *l == list) {
                    Some((_, v)) => v.push(item),
                    None => items.push((list, vec![item])),
                }
            }
        }
        // A list column left empty is a list with no items, as in the other formats; a list
        // with no column at all is not given.
        for &i in &self.list_slots {
            if matches!(values[i], Value::Null) {
                values[i] = Value::List(Vec::new().into());
            }
        }
        for (list, records) in items {
            let records: Vec<Value> = records
                .into_iter()
                .map(|r| Value::Record(r.into()))
                .collect();
            values[list] = Value::List(records.into());
        }
        super::require(fields, &values, &mut errors, "", &self.ignored, "column");
        // An error about the record as a whole (a required field missing) is at its first line.
        let first = group.line();
        for e in errors.iter_mut().filter(|e| e.location.is_none()) {
            e.location = Some(Location::line("", first));
        }
        Record::new(self.programme, values, errors)
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<RowGroup, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(group) = self.ready.pop_front() {
                return Some(Ok(group));
            }
            if self.done {
                return None;
            }
            let mut groups = Vec::new();
            match self.pieces.next() {
                Some(Ok(piece)) => {
                    let parsed = Arc::new(super::pieces::parse(piece));
                    self.stitch.push(&parsed, &mut groups);
                }
                Some(Err(e)) => {
                    self.done = true;
                    return Some(Err(e));
                }
                None => {
                    self.stitch.finish(&mut groups);
                    self.done = true;
                }
            }
            self.ready.extend(groups);
        }
    }
}
