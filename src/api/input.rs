//! The one input layer: a file, standard input or bytes received (an upload, a request
//! body) become the records of a programme the same way for every caller, with the limits of
//! `input::limits` and every error placed (a line, or `sheet!cell`).

use super::Problems;
use crate::diag::{Report, SourceFile};
use crate::input::fingerprint::InputPrint;
use crate::input::{self, InputError};
use crate::msg;
use crate::policy::Programme;
use crate::records::columns::point_at_ignored;
use crate::warning::Warning;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How an input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Comma-separated values with a header row; UTF-8 or GB18030/GBK.
    Csv,
    /// One JSON document: a record, or an array of records.
    Json,
    /// One JSON record per line (JSON Lines, NDJSON).
    JsonLines,
    /// One YAML document: a record, or a list of records.
    Yaml,
    /// An Excel workbook, read by its header rows.
    Xlsx,
}

impl InputFormat {
    /// Every format, in the order the command line lists them.
    pub const ALL: [InputFormat; 5] = [
        InputFormat::Csv,
        InputFormat::Json,
        InputFormat::JsonLines,
        InputFormat::Yaml,
        InputFormat::Xlsx,
    ];

    /// The format a file extension names (`csv`, `.CSV`, `json`, `jsonl`/`ndjson`, `yaml`/`yml`,
    /// `xlsx`), or `None` for any other.
    pub fn from_extension(ext: &str) -> Option<InputFormat> {
        match ext.trim_start_matches('.').to_ascii_lowercase().as_str() {
            "csv" => Some(InputFormat::Csv),
            "json" => Some(InputFormat::Json),
            "jsonl" | "ndjson" => Some(InputFormat::JsonLines),
            "yaml" | "yml" => Some(InputFormat::Yaml),
            "xlsx" => Some(InputFormat::Xlsx),
            _ => None,
        }
    }

    /// The format a file is read in by its name, as the command line decides it: by its
    /// extension, and YAML for any other (YAML is what applications are written in by hand).
    pub fn of_path(path: &Path) -> InputFormat {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(InputFormat::from_extension)
            .unwrap_or(InputFormat::Yaml)
    }

    /// The format an HTTP `Content-Type` names (parameters such as `; charset=utf-8` are
    /// ignored), or `None` for a type that is not an input.
    pub fn from_content_type(content_type: &str) -> Option<InputFormat> {
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "text/csv" | "application/csv" => Some(InputFormat::Csv),
            "application/json" | "text/json" => Some(InputFormat::Json),
            "application/jsonl"
            | "application/x-jsonlines"
            | "application/jsonlines"
            | "application/x-ndjson"
            | "application/ndjson" => Some(InputFormat::JsonLines),
            "application/yaml" | "application/x-yaml" | "text/yaml" | "text/x-yaml" => {
                Some(InputFormat::Yaml)
            }
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
                Some(InputFormat::Xlsx)
            }
            _ => None,
        }
    }

    /// The format the first bytes of an input look like (what the command line does for
    /// standard input): a zip is a workbook, `{`/`[` JSON (several objects on their own
    /// lines JSON Lines), `key: value` YAML, commas CSV.
    pub fn sniff(head: &[u8]) -> InputFormat {
        InputFormat::from(input::sniff(head).0)
    }

    /// The format as `--input-format` spells it: `csv`, `json`, `jsonl`, `yaml`, `xlsx`.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Csv => "csv",
            InputFormat::Json => "json",
            InputFormat::JsonLines => "jsonl",
            InputFormat::Yaml => "yaml",
            InputFormat::Xlsx => "xlsx",
        }
    }

    /// The HTTP `Content-Type` of an input in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            InputFormat::Csv => "text/csv",
            InputFormat::Json => "application/json",
            InputFormat::JsonLines => "application/jsonl",
            InputFormat::Yaml => "application/yaml",
            InputFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    pub(crate) fn raw(self) -> input::Format {
        match self {
            InputFormat::Csv => input::Format::Csv,
            InputFormat::Json => input::Format::Json,
            InputFormat::JsonLines => input::Format::Jsonl,
            InputFormat::Yaml => input::Format::Yaml,
            InputFormat::Xlsx => input::Format::Xlsx,
        }
    }
}

impl From<input::Format> for InputFormat {
    fn from(f: input::Format) -> InputFormat {
        match f {
            input::Format::Csv => InputFormat::Csv,
            input::Format::Json => InputFormat::Json,
            input::Format::Jsonl => InputFormat::JsonLines,
            input::Format::Yaml => InputFormat::Yaml,
            input::Format::Xlsx => InputFormat::Xlsx,
        }
    }
}

/// Where an input's bytes are.
#[derive(Clone, Debug)]
pub enum InputData {
    /// A file, opened when it is read (a CSV file is streamed, never read whole).
    Path(PathBuf),
    /// Bytes already received, such as an upload or a request body.
    Bytes(Vec<u8>),
    /// The process's standard input (the command line's `-`); see [`Input::sniff_stdin`].
    Stdin,
}

/// One input of a batch: its name (in messages, error locations and the JSON's `inputs`),
/// its format and its bytes.
#[derive(Clone, Debug)]
pub struct Input {
    /// What messages and locations call the input: a path as given, an upload's file name.
    pub name: String,
    /// How its bytes are read.
    pub format: InputFormat,
    /// Where its bytes are.
    pub data: InputData,
}

impl Input {
    /// A file, named as given and read in the format its extension names (YAML for any
    /// other extension).
    pub fn path(path: impl AsRef<Path>) -> Input {
        let path = path.as_ref();
        Input {
            name: path.display().to_string(),
            format: InputFormat::of_path(path),
            data: InputData::Path(path.to_path_buf()),
        }
    }

    /// Bytes received under a name, in a known format.
    pub fn bytes(name: impl Into<String>, format: InputFormat, bytes: impl Into<Vec<u8>>) -> Input {
        Input {
            name: name.into(),
            format,
            data: InputData::Bytes(bytes.into()),
        }
    }

    /// Standard input (named `-`), read in `format`.
    pub fn stdin(format: InputFormat) -> Input {
        Input {
            name: "-".to_string(),
            format,
            data: InputData::Stdin,
        }
    }

    /// The same input read in another format.
    pub fn with_format(mut self, format: InputFormat) -> Input {
        self.format = format;
        self
    }

    /// Reads the first bytes of standard input (kept: [`Input::stdin`] still reads them) and
    /// says what format they look like, with the sentence the command line shows about it.
    pub fn sniff_stdin() -> (InputFormat, String) {
        let (format, said) = input::sniff_stdin_quietly();
        (format.into(), said)
    }

    /// The input opened for reading, and whether its size is known and stays put.
    fn open(&self) -> Result<(Box<dyn Read + Send + '_>, bool), InputError> {
        match &self.data {
            InputData::Path(path) => input::open_file(&self.name, path),
            InputData::Bytes(bytes) => {
                input::check_size(&self.name, bytes)?;
                Ok((Box::new(bytes.as_slice()), true))
            }
            InputData::Stdin => Ok((input::stdin_reader(), false)),
        }
    }

    /// The input's bytes, whole, within the input limit.
    pub(crate) fn read_bytes(&self) -> Result<Vec<u8>, InputError> {
        match &self.data {
            InputData::Bytes(bytes) => {
                input::check_size(&self.name, bytes)?;
                Ok(bytes.clone())
            }
            _ => {
                crate::input::limits::INPUT_BYTES
                    .get()
                    .map_err(|m| unusable_error(&self.name, m, msg!("input-limit-help")))?;
                let (source, _) = self.open()?;
                input::read_from(&self.name, source)
            }
        }
    }

    /// A CSV input opened for streaming, with the fingerprint of its bytes as they pass.
    fn open_csv(
        &self,
    ) -> Result<(Box<dyn Read + Send + '_>, input::fingerprint::Fingerprint), InputError> {
        let (source, regular) = self.open()?;
        input::csv_reader(&self.name, source, regular)
    }
}

fn unusable_error(name: &str, message: String, help: String) -> InputError {
    input::input_error(name, message, help)
}

/// The report of an input that cannot be used at all.
pub(crate) fn unusable(name: &str, message: String, help: String) -> Problems {
    vec![Report::new(&unusable_error(name, message, help), None)]
}

fn plain(e: &InputError) -> Problems {
    vec![Report::new(e, None)]
}

/// The headers that may name the id column of a CSV file: the id field's id and labels.
fn id_headers(programme: &Programme) -> Vec<String> {
    programme
        .fields
        .iter()
        .filter(|f| f.id == "id")
        .flat_map(|f| [Some(f.id.clone()), f.label.zh.clone(), f.label.en.clone()])
        .flatten()
        .collect()
}

type DocResult = Result<input::Raw, InputError>;

/// Where the records of one document are: each record's line and, for YAML, its keys'.
struct DocPlaces {
    records: Vec<(u64, Option<crate::location::Tree>)>,
}

/// The documents of one YAML, JSON or JSON Lines input (a line of JSON Lines that cannot be
/// read is its own `Err`), each with where its records are.
fn file_documents(
    programme: &Programme,
    input: &Input,
    bytes: Vec<u8>,
) -> Result<Vec<(DocResult, DocPlaces)>, Problems> {
    let name = input.name.as_str();
    let format = input.format.raw();
    let id_headers = id_headers(programme);
    let text = input::decode_as(name, format, bytes).map_err(|e| plain(&e))?;
    let file = SourceFile::new(name, text);
    let docs = input::documents_as(name, format, &file, &id_headers)
        .map_err(|e| vec![Report::new(&e, Some(&file))])?;
    let places = doc_places(format, &file, &docs);
    Ok(docs.into_iter().zip(places).collect())
}

/// The places of each document's records, read from the text while it is at hand.
fn doc_places(format: input::Format, file: &SourceFile, docs: &[DocResult]) -> Vec<DocPlaces> {
    use crate::location::{json_record_lines, yaml_records};
    let count = |doc: &DocResult| match doc {
        Ok(input::Raw::List(items)) => items.len(),
        _ => 1,
    };
    let lines_only = |lines: Vec<u64>| DocPlaces {
        records: lines.into_iter().map(|l| (l, None)).collect(),
    };
    match format {
        input::Format::Jsonl => {
            // The lines `input::documents` read, one document each (blank lines skipped).
            let lines = file
                .text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, _)| i as u64 + 1);
            docs.iter()
                .zip(lines)
                .map(|(doc, line)| lines_only(vec![line; count(doc)]))
                .collect()
        }
        input::Format::Json => vec![lines_only(json_record_lines(&file.text))],
        _ => vec![DocPlaces {
            records: yaml_records(file)
                .unwrap_or_default()
                .into_iter()
                .map(|(line, tree)| (line, Some(tree)))
                .collect(),
        }],
    }
}

/// The records of a document, their errors at their places in `path`; one that could not be
/// read is one invalid record.
fn documents_records(
    programme: &Programme,
    path: &str,
    (doc, places): (DocResult, DocPlaces),
    ctx: crate::records::Context<'_>,
) -> Vec<crate::records::Record> {
    use crate::location::{Location, line_of};
    let first = places.records.first().map(|(line, _)| *line);
    match doc {
        Ok(doc) => {
            let mut records = crate::records::records_in(programme, &doc, ctx);
            for (k, r) in records.iter_mut().enumerate() {
                let Some((line, tree)) = places.records.get(k) else {
                    continue;
                };
                for e in r.errors.iter_mut().filter(|e| e.location.is_none()) {
                    let at = tree
                        .as_ref()
                        .and_then(|t| line_of(t, &e.field, &programme.fields))
                        .unwrap_or(*line);
                    e.location = Some(Location::line(path, at));
                }
            }
            records
        }
        Err(e) => vec![crate::records::unreadable(
            programme,
            first.map(|line| Location::line(path, line)),
            input::reason(&e),
        )],
    }
}

/// The applications of an Excel workbook, each knowing the cells it was read from.
fn workbook_of(
    programme: &Programme,
    name: &str,
    bytes: Vec<u8>,
    reading: crate::records::Reading,
) -> Result<(Vec<crate::records::xlsx::SheetRecord>, Vec<Warning>), Problems> {
    let book = crate::records::xlsx::read_with(programme, bytes, reading)
        .map_err(|e| unusable(name, e.message, e.help))?;
    let mut warnings: Vec<Warning> = book.warnings.into_iter().map(|w| w.in_file(name)).collect();
    warnings.extend(
        book.cell_warnings
            .into_iter()
            .map(|(cell, w)| w.at(crate::location::Location::sheet_cell(name, &cell))),
    );
    Ok((book.records, warnings))
}

/// Records read from inputs, and what the readers said about the files.
#[derive(Debug, Default)]
pub struct ReadRecords {
    /// The records, in input order.
    pub records: Vec<crate::records::Record>,
    /// What was said once about a file (a column that names no field …).
    pub warnings: Vec<Warning>,
}

/// Every input read into records of `programme` (each record's reading errors placed in its
/// file), without evaluating them. A file that cannot be used gives its problem together with
/// what was said about the files before it, so nothing said is lost.
pub fn read_records(
    programme: &Programme,
    inputs: &[Input],
    strict: bool,
) -> Result<ReadRecords, (Problems, Vec<Warning>)> {
    let reading = crate::records::Reading { strict };
    let mut out = ReadRecords::default();
    for input in inputs {
        let name = input.name.as_str();
        match input.format {
            InputFormat::Csv => {
                let rows = input
                    .open_csv()
                    .map_err(|e| plain(&e))
                    .and_then(|(reader, _)| {
                        crate::records::csv::CsvRecords::with(programme, reader, reading)
                            .map_err(|e| unusable(name, e.message, e.help))
                    });
                let mut rows = match rows {
                    Ok(rows) => rows,
                    Err(r) => return Err((r, out.warnings)),
                };
                out.warnings
                    .extend(rows.warnings().iter().map(|w| w.clone().in_file(name)));
                for r in rows.by_ref() {
                    match r {
                        Ok(r) => out.records.push(r),
                        Err(e) => {
                            return Err((unusable(name, e.message, e.help), out.warnings));
                        }
                    }
                }
                out.warnings.extend(
                    rows.read_warnings()
                        .into_iter()
                        .map(|(line, w)| w.at(crate::location::Location::line(name, line))),
                );
            }
            InputFormat::Xlsx => {
                let read = input
                    .read_bytes()
                    .map_err(|e| plain(&e))
                    .and_then(|bytes| workbook_of(programme, name, bytes, reading));
                match read {
                    Ok((rows, warnings)) => {
                        out.warnings.extend(warnings);
                        out.records
                            .extend(rows.into_iter().map(|r| r.record(programme)));
                    }
                    Err(r) => return Err((r, out.warnings)),
                }
            }
            _ => {
                let docs = input
                    .read_bytes()
                    .map_err(|e| plain(&e))
                    .and_then(|bytes| file_documents(programme, input, bytes));
                let docs = match docs {
                    Ok(d) => d,
                    Err(r) => return Err((r, out.warnings)),
                };
                let notes = std::sync::Mutex::new(crate::records::KeyNotes::default());
                let ctx = crate::records::Context::keys(reading, &notes);
                let records: Vec<_> = docs
                    .into_iter()
                    .flat_map(|doc| documents_records(programme, name, doc, ctx))
                    .collect();
                let notes = notes.into_inner().unwrap_or_else(|e| e.into_inner());
                out.warnings.extend(
                    notes
                        .warnings(programme, reading.strict)
                        .0
                        .into_iter()
                        .map(|w| w.in_file(name)),
                );
                out.records.extend(records);
            }
        }
    }
    Ok(out)
}

/// Every input read into documents as written (a record or a list of records each), with
/// the name of the input it came from: what `compare` evaluates under two years.
pub(crate) fn read_documents(
    programme: &Programme,
    inputs: &[Input],
    warnings: &mut Vec<Warning>,
) -> Result<Vec<(String, input::Raw)>, Problems> {
    let id_headers = id_headers(programme);
    let mut docs = Vec::new();
    for input in inputs {
        let name = input.name.as_str();
        if input.format == InputFormat::Xlsx {
            let bytes = input.read_bytes().map_err(|e| plain(&e))?;
            let (rows, read) =
                workbook_of(programme, name, bytes, crate::records::Reading::default())?;
            warnings.extend(read);
            docs.extend(rows.into_iter().map(|r| (name.to_string(), r.raw)));
            continue;
        }
        let format = input.format.raw();
        let text = input
            .read_bytes()
            .and_then(|b| input::decode_as(name, format, b))
            .map_err(|e| plain(&e))?;
        let file = SourceFile::new(name, text);
        let found = input::documents_as(name, format, &file, &id_headers)
            .and_then(|d| d.into_iter().collect::<Result<Vec<_>, _>>())
            .map_err(|e| vec![Report::new(&e, Some(&file))])?;
        docs.extend(found.into_iter().map(|d| (name.to_string(), d)));
    }
    Ok(docs)
}

/// What a batch of inputs gave: an outcome per record, and what the readers warned about.
pub(crate) struct Batch {
    pub outcomes: Vec<crate::engine::Outcome>,
    pub warnings: crate::warning::Warnings,
    /// Each input with the SHA-256 of the bytes read and how many records it held.
    pub inputs: Vec<InputPrint>,
}

/// Where each record of one input starts: errors found once the record was read (a check,
/// a formula, a repeated id) are placed there.
enum Starts {
    Lines(Vec<u64>),
    /// The cell of each record's id (`申报表!A5`).
    Cells(Vec<Option<String>>),
}

/// The records one input gave, from `start` in the batch.
struct FromFile {
    path: String,
    start: usize,
    starts: Starts,
}

/// Names the file of every error whose reader could not, and places each error still
/// without a place at its record's start.
fn place_errors(outcomes: &mut [crate::engine::Outcome], files: &[FromFile]) {
    use crate::location::Location;
    for (n, f) in files.iter().enumerate() {
        let end = files.get(n + 1).map_or(outcomes.len(), |next| next.start);
        for (k, o) in outcomes[f.start..end].iter_mut().enumerate() {
            if o.errors().is_empty() {
                continue;
            }
            let start = match &f.starts {
                Starts::Lines(lines) => lines.get(k).map(|&l| Location::line(&f.path, l)),
                Starts::Cells(cells) => (cells.get(k))
                    .and_then(Option::as_deref)
                    .map(|c| Location::sheet_cell(&f.path, c)),
            };
            for e in o.errors_mut() {
                match &mut e.location {
                    Some(l) => l.in_file(&f.path),
                    None => e.location.clone_from(&start),
                }
            }
        }
    }
}

/// Every input evaluated as it is read (CSV rows built into records on all cores), then the
/// batch finished. Lean outcomes keep only what reports and ranking need; explanations and
/// the workbook's summary also need each record's values.
#[allow(clippy::too_many_arguments)]
pub(crate) fn evaluate_inputs(
    programme: &Programme,
    inputs: &[Input],
    lang: crate::Lang,
    max_records: usize,
    lean: bool,
    progress: &(dyn Fn(usize) + Sync),
    reading: crate::records::Reading,
) -> Result<Batch, Problems> {
    let mut outcomes = Vec::new();
    // What the readers warn about (an unknown column …), each with its file named.
    let mut warnings = crate::warning::Warnings::new();
    let mut files = Vec::new();
    let mut prints = Vec::with_capacity(inputs.len());
    let too_many = |path: &str| {
        unusable(
            path,
            msg!("cli-too-many", max = max_records),
            msg!("cli-too-many.help"),
        )
    };
    for input in inputs {
        let path = input.name.as_str();
        let before = outcomes.len();
        // Each input's SHA-256 over the bytes read: a stream as it passes, a whole file
        // from its bytes.
        let sha256 = match input.format {
            InputFormat::Csv => {
                let (reader, print) = input.open_csv().map_err(|e| plain(&e))?;
                let (schema, rows) = crate::records::csv::open(programme, reader, reading)
                    .map_err(|e| unusable(path, e.message, e.help))?;
                // What the header says is said at the header's line.
                let header = crate::location::Location::line(path, 1);
                warnings.extend(
                    schema
                        .warnings()
                        .iter()
                        .map(|w| w.clone().at(header.clone())),
                );
                let build = |group| schema.build(group);
                let room = max_records.saturating_sub(outcomes.len());
                // Each record's first line, taken as the groups are joined.
                let mut lines: Vec<u64> = Vec::new();
                let (pieces, mut stitch) = rows.into_pieces();
                let mut join = |parsed: Vec<crate::records::csv::Parsed>, last: bool| {
                    let mut groups = Vec::new();
                    for p in parsed {
                        stitch.push(&std::sync::Arc::new(p), &mut groups);
                    }
                    if last {
                        stitch.finish(&mut groups);
                    }
                    if lines.len() + groups.len() > room {
                        return Err(crate::records::csv::CsvError {
                            message: msg!("cli-too-many", max = max_records),
                            help: msg!("cli-too-many.help"),
                        });
                    }
                    lines.extend(groups.iter().map(crate::records::csv::RowGroup::line));
                    Ok(groups)
                };
                crate::engine::evaluate_pieces_into(
                    programme,
                    pieces,
                    &crate::records::csv::parse,
                    &mut join,
                    &build,
                    lang,
                    lean,
                    &mut outcomes,
                    progress,
                )
                .map_err(|e| unusable(path, e.message, e.help))?;
                warnings.extend(
                    schema
                        .read_warnings()
                        .into_iter()
                        .map(|(line, w)| w.at(crate::location::Location::line(path, line))),
                );
                files.push(FromFile {
                    path: path.to_string(),
                    start: before,
                    starts: Starts::Lines(lines),
                });
                for o in &mut outcomes[before..] {
                    point_at_ignored(programme, o.errors_mut(), schema.ignored(), "column");
                }
                // Every row was read, so the stream was read to its end; were it not, no
                // fingerprint of part of a file is given.
                print.finish().ok_or_else(|| {
                    unusable(
                        path,
                        msg!("cli-not-read-whole"),
                        msg!("cli-not-read-whole.help"),
                    )
                })?
            }
            InputFormat::Xlsx => {
                let bytes = input.read_bytes().map_err(|e| plain(&e))?;
                let sha256 = input::fingerprint::sha256(&bytes);
                let (rows, read) = workbook_of(programme, path, bytes, reading)?;
                warnings.extend(read);
                let start = outcomes.len();
                let ok: Result<(), std::convert::Infallible> = crate::engine::evaluate_into(
                    programme,
                    rows.iter().map(Ok),
                    &|r| r.record(programme),
                    lang,
                    lean,
                    &mut outcomes,
                    progress,
                );
                ok.unwrap_or_else(|never| match never {});
                // Errors found while evaluating (checks) name their cells too.
                for (o, r) in outcomes[start..].iter_mut().zip(&rows) {
                    crate::records::xlsx::locate(o.errors_mut(), &r.cells, programme);
                    point_at_ignored(programme, o.errors_mut(), &r.ignored, "column");
                }
                let id = programme.id_slot.map(|i| programme.fields[i].id.as_str());
                let cells = rows
                    .iter()
                    .map(|r| id.and_then(|id| r.cells.get(id).cloned()))
                    .collect();
                files.push(FromFile {
                    path: path.to_string(),
                    start,
                    starts: Starts::Cells(cells),
                });
                sha256
            }
            _ => {
                let bytes = input.read_bytes().map_err(|e| plain(&e))?;
                let sha256 = input::fingerprint::sha256(&bytes);
                let docs = file_documents(programme, input, bytes)?;
                // Keys that name no field are noted as the records are read (no second pass
                // over a large file) and said once for the file afterwards.
                let notes = std::sync::Mutex::new(crate::records::KeyNotes::default());
                let ctx = crate::records::Context::keys(reading, &notes);
                let lines = docs
                    .iter()
                    .flat_map(|(_, places)| places.records.iter().map(|(line, _)| *line))
                    .collect();
                let records = docs
                    .into_iter()
                    .flat_map(|doc| documents_records(programme, path, doc, ctx));
                let ok: Result<(), std::convert::Infallible> = crate::engine::evaluate_into(
                    programme,
                    records.map(Ok),
                    &|r| r,
                    lang,
                    lean,
                    &mut outcomes,
                    progress,
                );
                ok.unwrap_or_else(|never| match never {});
                files.push(FromFile {
                    path: path.to_string(),
                    start: before,
                    starts: Starts::Lines(lines),
                });
                let notes = notes.into_inner().unwrap_or_else(|e| e.into_inner());
                let (read, ignored) = notes.warnings(programme, reading.strict);
                warnings.extend(read.into_iter().map(|w| w.in_file(path)));
                for o in &mut outcomes[before..] {
                    point_at_ignored(programme, o.errors_mut(), &ignored, "key");
                }
                sha256
            }
        };
        prints.push(InputPrint {
            file: path.to_string(),
            sha256,
            records: outcomes.len() - before,
        });
        if outcomes.len() > max_records {
            return Err(too_many(path));
        }
        // An empty file is most often the blank template or the wrong file: a result list
        // with nobody on it would look like a finished run.
        if outcomes.len() == before {
            return Err(unusable(
                path,
                msg!("cli-no-applications"),
                msg!("cli-no-applications.help"),
            ));
        }
    }
    crate::engine::finish(programme, &mut outcomes, lang);
    place_errors(&mut outcomes, &files);
    Ok(Batch {
        outcomes,
        warnings,
        inputs: prints,
    })
}

/// The one record of an input read without a programme (see [`super::read_inferred`]).
pub(crate) fn read_inferred(input: &Input) -> Result<input::InferredRecord, Problems> {
    let name = input.name.as_str();
    // A workbook's columns are read by a programme's fields (its sheets, units, lists):
    // without one there is nothing to read it by, and it is no text to decode either.
    if input.format == InputFormat::Xlsx {
        return Err(unusable(
            name,
            msg!("cli-calc-workbook"),
            msg!("cli-calc-workbook.help"),
        ));
    }
    let format = input.format.raw();
    let bytes = input.read_bytes().map_err(|e| plain(&e))?;
    let text = input::decode_as(name, format, bytes).map_err(|e| plain(&e))?;
    let file = SourceFile::new(name, text);
    let docs = input::documents_as(name, format, &file, &["id".to_string()])
        .and_then(|d| d.into_iter().collect::<Result<Vec<_>, _>>())
        .map_err(|e| vec![Report::new(&e, Some(&file))])?;
    // A CSV (or a list) is a list of records: one of them is the record.
    let record = match docs.first() {
        Some(crate::input::Raw::List(items)) if items.len() > 1 => {
            return Err(unusable(
                name,
                msg!("cli-calc-many", n = items.len()),
                msg!("cli-calc-one-record.help"),
            ));
        }
        Some(crate::input::Raw::List(items)) => items.first(),
        first => first,
    };
    record.and_then(input::infer_record).ok_or_else(|| {
        unusable(
            name,
            msg!("cli-calc-one-record"),
            msg!("cli-calc-one-record.help"),
        )
    })
}
