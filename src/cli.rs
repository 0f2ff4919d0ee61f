//! The command line: a thin layer that reads arguments, calls the library and prints.

use crate::Lang;
use crate::diag::{FormulaOrigin, Report, SourceFile};
use crate::formula::{self, Binding, Env, Scope, Target};
use crate::input;
use crate::input::fingerprint::InputPrint;
use crate::policy;
use crate::value::{Type, Value, money_text, plain};
use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// `eprintln!` for every message of the command line: what it prints may quote a file name,
/// an id or a value from an application, and nothing in it that a terminal would act on is
/// sent as is (see `neutral::terminal_lines`).
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::neutral::terminal_lines(&format!($($arg)*)))
    };
}

#[derive(Parser, Debug)]
#[command(
    name = "fundpolicy",
    version,
    about = "Evaluate funding applications against policy rules kept as data"
)]
pub struct Cli {
    /// The policy folder (default: ./policies when present, else the built-in policies).
    #[arg(long, global = true)]
    pub policies: Option<std::path::PathBuf>,
    /// Language of messages and labels.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    pub lang: Lang,
    /// Read every input in this format (default: by extension; standard input is recognised
    /// from its first bytes).
    #[arg(long, global = true, value_enum)]
    pub input_format: Option<input::Format>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// The policy years and their programmes.
    List,
    /// Evaluate applications against a programme.
    Evaluate {
        /// The policy year (a folder of the policies, e.g. 2020).
        #[arg(long)]
        year: u32,
        /// The programme's id (`fundpolicy list` shows them).
        #[arg(long)]
        programme: String,
        /// Application files: .yaml/.yml, .json, .jsonl, .csv, .xlsx (a filled-in template);
        /// `-` reads standard input.
        #[arg(required = true)]
        inputs: Vec<String>,
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Write here (atomically) instead of standard output (`-`: standard output). Without
        /// --format, the extension chooses: .json, .csv, .xlsx, .txt (table).
        #[arg(long)]
        output: Option<std::path::PathBuf>,
        /// Also evaluate under this year and report what changes for each application.
        #[arg(long)]
        compare: Option<u32>,
        /// Refuse batches with more records than this (a guard against a wrong file, and the
        /// bound on memory: about 0.6 KB a record kept, up to 1.4 KB for one with many errors).
        #[arg(long, default_value_t = 1_500_000)]
        max_records: usize,
        /// A column or key that names no field makes every record invalid (without it, it is
        /// ignored with one warning per file).
        #[arg(long)]
        strict: bool,
    },
    /// How every value of one record was computed.
    Explain {
        /// The policy year (a folder of the policies, e.g. 2020).
        #[arg(long)]
        year: u32,
        /// The programme's id (`fundpolicy list` shows them).
        #[arg(long)]
        programme: String,
        /// The application file that holds the record (any format evaluate reads).
        input: String,
        /// The record's application id (the `id` field, 申报编号).
        #[arg(long)]
        id: String,
        /// `text` (default) or `json`: every value with its formula, inputs and result, the
        /// rules with their outcome, scores, award and allocation, and the policy.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
        /// A column or key that names no field makes the record invalid (without it, it is
        /// ignored with a warning).
        #[arg(long)]
        strict: bool,
    },
    /// Run the policy test cases (policies/<year>/tests/*.yaml).
    Test {
        /// Only this policy year (default: every year).
        #[arg(long)]
        year: Option<u32>,
        /// Only cases whose name or file contains this text.
        #[arg(long)]
        filter: Option<String>,
        /// Report which rules, comparison sides, branches and caps the tests exercised
        /// (text only).
        #[arg(long)]
        coverage: bool,
        /// `text` (default), `json` (each case with its place and failures) or `junit`
        /// (JUnit XML for CI servers).
        #[arg(long, value_enum, default_value = "text")]
        format: TestFormat,
    },
    /// What changed between two policy years, item by item: rules, formulas, values as
    /// written, messages, labels, help, interpretations, cites, enum values and aliases.
    Diff {
        /// The earlier policy year.
        from: u32,
        /// The later policy year.
        to: u32,
        /// `text` (default) or `json`: a list of changes {programme, kind, id, change, key, old, new}.
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormat,
    },
    /// Validate policies; exits 1 on any error.
    Check {
        /// Only this policy year (default: every year).
        #[arg(long)]
        year: Option<u32>,
        /// `text` (default) or `json`: per year the policy, its programmes with their
        /// proven bounds, and every error and warning with its code, help and place.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// A blank application workbook (.xlsx) or CSV (.csv) generated from a programme.
    Template {
        /// The policy year (a folder of the policies, e.g. 2020).
        #[arg(long)]
        year: u32,
        /// The programme's id (`fundpolicy list` shows them).
        #[arg(long)]
        programme: String,
        /// The file to write: its extension (.xlsx or .csv) chooses the format.
        #[arg(long)]
        output: std::path::PathBuf,
        /// Replace the file when it exists (a filled-in workbook is not overwritten without it).
        #[arg(long)]
        force: bool,
    },
    /// Re-evaluate published results (`evaluate --format json`) and report every outcome
    /// that differs; refuses when the policy has changed since.
    Verify {
        /// The published results (JSON, with the `policy` object naming year, programme
        /// and digest).
        results: std::path::PathBuf,
        /// The application files the results were computed from.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// Refuse batches with more records than this (a guard against a wrong file, and the
        /// bound on memory: about 0.6 KB a record kept, up to 1.4 KB for one with many errors).
        #[arg(long, default_value_t = 1_500_000)]
        max_records: usize,
    },
    /// The JSON Schema of a policy file, for editors that complete and check YAML keys
    /// (`policies/schema/` holds the copies the policy files name on their first line).
    Schema {
        /// `manifest` (a year's policy.yaml) or `programme` (programme and common files).
        #[arg(value_enum)]
        kind: crate::schema::Kind,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// Evaluate one formula: how policy staff try a formula.
    Calc {
        /// The formula, e.g. 'min(1500万元 * 10%, 100万元)'.
        expr: String,
        /// A record (YAML, JSON or CSV) whose fields the formula may use.
        #[arg(long)]
        record: Option<String>,
        /// Check and evaluate against this year's programme (with --programme).
        #[arg(long, requires = "programme")]
        year: Option<u32>,
        #[arg(long, requires = "year")]
        programme: Option<String>,
    },
}

/// Exit status when a policy or an input could not be used.
pub const EXIT_UNUSABLE: u8 = 1;

/// Prints a report to standard error.
/// Prints a report to standard error. Its lines may quote an application's text: anything in
/// them a terminal would act on is shown escaped.
pub fn print_report(report: &Report) {
    say!("{}", report.render_plain());
}

pub fn run(cli: Cli) -> ExitCode {
    input::set_format(cli.input_format);
    cli.lang.set_for_messages();
    let source = match policy::Source::choose(cli.policies.as_deref()) {
        Ok(source) => source,
        Err(e) => {
            say!(
                "error[policy::source]: {e}\n  help: give --policies the folder that holds the year folders (2020/, 2021/ …), or leave it out to use ./policies or the built-in policies"
            );
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match cli.command {
        Command::Calc {
            expr,
            record,
            year: Some(year),
            programme: Some(programme),
        } => calc_in_programme(&source, year, &programme, &expr, record.as_deref()),
        Command::Calc { expr, record, .. } => calc(&expr, record.as_deref()),
        Command::List => list(&source, cli.lang),
        Command::Evaluate {
            year,
            programme,
            inputs,
            format,
            output,
            compare,
            max_records,
            strict,
        } => {
            let reading = crate::records::Reading { strict };
            let output = output.filter(|o| o.as_os_str() != "-");
            let format = match output_format(format, output.as_deref()) {
                Ok(f) => f,
                Err(e) => {
                    say!("{e}");
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            let paths: Vec<&std::path::Path> = inputs.iter().map(std::path::Path::new).collect();
            match &output {
                Some(target) => {
                    if let Err(refusal) = crate::output::check_target(target, &paths, true) {
                        return refused(target, &refusal);
                    }
                }
                None => {
                    if let Some(input) = crate::output::stdout_input(&paths) {
                        say!(
                            "error[output::refused]: standard output is the input {}: writing to it would destroy the applications\n  help: redirect standard output to another file, or use --output",
                            input.display()
                        );
                        return ExitCode::from(EXIT_UNUSABLE);
                    }
                }
            }
            match compare {
                Some(_) if format == Format::Xlsx => {
                    say!(
                        "error: --compare reports changes as a table or JSON, not a workbook\n  help: use --format table or --format json with --compare"
                    );
                    ExitCode::from(EXIT_USAGE)
                }
                Some(old) => evaluate_compare(
                    &source,
                    old,
                    year,
                    &programme,
                    &inputs,
                    format,
                    output.as_deref(),
                    cli.lang,
                ),
                None => evaluate(
                    &source,
                    year,
                    &programme,
                    &inputs,
                    format,
                    output.as_deref(),
                    cli.lang,
                    max_records,
                    reading,
                ),
            }
        }
        Command::Explain {
            year,
            programme,
            input,
            id,
            format,
            strict,
        } => explain(
            &source,
            year,
            &programme,
            &input,
            &id,
            format,
            cli.lang,
            crate::records::Reading { strict },
        ),
        Command::Check { year, format } => check(&source, year, format, cli.lang),
        Command::Schema { kind, output } => emit(&crate::schema::text(kind), output.as_deref()),
        Command::Template {
            year,
            programme,
            output,
            force,
        } => template(&source, year, &programme, &output, force, cli.lang),
        Command::Diff { from, to, format } => diff(&source, from, to, format, cli.lang),
        Command::Test {
            year,
            filter,
            coverage,
            format,
        } => test(&source, year, filter.as_deref(), coverage, format, cli.lang),
        Command::Verify {
            results,
            inputs,
            max_records,
        } => verify(&source, &results, &inputs, max_records, cli.lang),
    }
}

fn list(source: &policy::Source, lang: Lang) -> ExitCode {
    let mut ok = true;
    for year in source.years() {
        match policy::load(source, year) {
            Ok(p) => {
                println!("{year}  {} [{}]", p.title.get(lang), p.status);
                print!("  {}", crate::report::policy_line(&p, lang));
                for prog in &p.programmes {
                    println!("  {}", policy::describe(prog, lang));
                }
            }
            Err(_) => {
                ok = false;
                println!("{year}  (has errors: run `fundpolicy check --year {year}`)");
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_UNUSABLE)
    }
}

fn check(source: &policy::Source, year: Option<u32>, format: ReportFormat, lang: Lang) -> ExitCode {
    let years = match year {
        Some(y) => vec![y],
        None => source.years(),
    };
    if format == ReportFormat::Json {
        let checked: Vec<_> = years
            .iter()
            .map(|&y| (y, policy::check(source, y)))
            .collect();
        let doc = crate::report::machine::check_json(&checked, lang);
        let failed = checked.iter().any(|(_, c)| c.is_err());
        let written = emit(&format!("{doc:#}\n"), None);
        return if failed {
            ExitCode::from(EXIT_UNUSABLE)
        } else {
            written
        };
    }
    let mut problems = 0;
    let mut warnings = 0;
    for y in years {
        match policy::check(source, y) {
            Ok(checked) => {
                let p = &checked.policy;
                print!("{}", crate::report::policy_line(p, lang));
                for prog in &p.programmes {
                    let bound = match prog.scores.as_ref() {
                        Some(s) => match s.proven_max {
                            Some(m) => format!(
                                ", score at most {} (max_score {})",
                                plain(m),
                                plain(s.max_score)
                            ),
                            None => String::new(),
                        },
                        None => String::new(),
                    };
                    let bound = match prog.award.as_ref().and_then(|a| a.proven_max) {
                        Some(m) => format!("{bound}, award at most {}", money_text(m)),
                        None => bound,
                    };
                    println!(
                        "{y} {}: ok — {}, {}, {}{bound}",
                        prog.id,
                        crate::report::counted(prog.fields.len(), "field", "fields"),
                        crate::report::counted(prog.rules.len(), "rule", "rules"),
                        crate::report::counted(prog.values.len(), "value", "values")
                    );
                    for line in checked
                        .inheritance
                        .iter()
                        .filter(|i| i.programme == prog.id)
                        .flat_map(|i| i.lines(lang))
                    {
                        println!("  {line}");
                    }
                }
                for removed in &checked.removed_programmes {
                    match lang {
                        Lang::Zh => println!("{y} {removed}：本年不再设立（remove_programmes）"),
                        Lang::En => {
                            println!("{y} {removed}: removed this year (remove_programmes)")
                        }
                    }
                }
                // Warnings are shown, never dropped, but do not fail the check.
                warnings += checked.warnings.len();
                for w in &checked.warnings {
                    print_report(w);
                }
            }
            Err(reports) => {
                problems += reports.len();
                for r in &reports {
                    print_report(r);
                }
            }
        }
    }
    if warnings > 0 {
        eprintln!(
            "{}",
            crate::report::counted(warnings, "warning", "warnings")
        );
    }
    if problems == 0 {
        ExitCode::SUCCESS
    } else {
        say!(
            "{} found",
            crate::report::counted(problems, "problem", "problems")
        );
        ExitCode::from(EXIT_UNUSABLE)
    }
}

/// The fields of one record, each a slot, for formulas tried without a policy.
struct RecordScope {
    fields: Vec<(String, Type)>,
}

impl Scope for RecordScope {
    fn resolve(&self, name: &str) -> Option<Binding> {
        let i = self.fields.iter().position(|(n, _)| n == name)?;
        Some(Binding::Value {
            ty: self.fields[i].1.clone(),
            target: Target::Field(i),
        })
    }
    fn names(&self) -> Vec<String> {
        self.fields.iter().map(|(n, _)| n.clone()).collect()
    }
}

fn calc(expr: &str, record: Option<&str>) -> ExitCode {
    let (scope, values) = match record {
        None => (RecordScope { fields: Vec::new() }, Vec::new()),
        Some(path) => match read_inferred(path) {
            Ok(r) => (RecordScope { fields: r.fields }, r.values),
            Err(report) => {
                print_report(&report);
                return ExitCode::from(EXIT_UNUSABLE);
            }
        },
    };
    print_calc(expr, calc_value(expr, &scope, &values))
}

/// Prints what `calc` computed, or its diagnostics against the formula text.
fn print_calc(expr: &str, result: Result<Value, Problems>) -> ExitCode {
    match result {
        Ok(v) => {
            println!("{}", show(&v));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            let origin = FormulaOrigin::whole(SourceFile::new("formula", expr));
            for p in problems {
                print_report(&Report::in_formula(p.as_ref(), &origin));
            }
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

type Problems = Vec<Box<dyn crate::diag::Problem>>;

fn boxed<P: crate::diag::Problem + 'static>(p: P) -> Box<dyn crate::diag::Problem> {
    Box::new(p)
}

/// Parses, checks, compiles and evaluates a formula against one record.
pub fn calc_value(expr: &str, scope: &dyn Scope, fields: &[Value]) -> Result<Value, Problems> {
    let env = Env {
        fields,
        computed: &[],
        tables: &[],
    };
    calc_in(expr, scope, &env)
}

/// Parses, checks, compiles and evaluates a formula in an environment.
pub fn calc_in(expr: &str, scope: &dyn Scope, env: &Env<'_>) -> Result<Value, Problems> {
    let ast = formula::parse(expr).map_err(|e| vec![boxed(e)])?;
    let checked = formula::check(&ast, scope)
        .map_err(|es| es.into_iter().map(boxed).collect::<Problems>())?;
    let code = formula::compile(&ast, &checked, scope).map_err(|e| vec![boxed(e)])?;
    formula::eval(&code, env, &mut Vec::new()).map_err(|e| vec![boxed(e)])
}

/// `calc` against a programme: its fields, parameters, tables and computed values, and
/// optionally one record read by its schema.
fn calc_in_programme(
    source: &policy::Source,
    year: u32,
    programme: &str,
    expr: &str,
    record: Option<&str>,
) -> ExitCode {
    let (policy, index) = match load_programme(source, year, programme) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let programme = &policy.programmes[index];
    let (fields, computed) = match record {
        None => (
            vec![Value::Null; programme.fields.len()],
            vec![Value::Null; programme.values.len()],
        ),
        Some(path) => {
            let reading = crate::records::Reading { strict: true };
            let mut records = match read_records(programme, &[path.to_string()], reading) {
                Ok(r) => r,
                Err(code) => return code,
            };
            if records.len() != 1 {
                say!(
                    "error: {path} holds {} records; give a file with one",
                    records.len()
                );
                return ExitCode::from(EXIT_UNUSABLE);
            }
            let outcome = crate::engine::evaluate(programme, records.remove(0), Lang::En);
            for e in outcome.errors() {
                match &e.location {
                    Some(_) => say!("error: {}", crate::report::error_text(e)),
                    None => say!("error: {path}: {}", crate::report::error_text(e)),
                }
            }
            if !outcome.errors().is_empty() {
                return ExitCode::from(EXIT_UNUSABLE);
            }
            match outcome.detail {
                Some(d) => (d.fields, d.computed),
                None => return ExitCode::from(EXIT_UNUSABLE),
            }
        }
    };
    let env = Env {
        fields: &fields,
        computed: &computed,
        tables: &programme.table_values,
    };
    print_calc(expr, calc_in(expr, &programme.scope(), &env))
}

fn read_inferred(path: &str) -> Result<input::InferredRecord, Box<Report>> {
    let bytes = input::read_bytes(path).map_err(|e| Box::new(Report::new(&e, None)))?;
    let text = input::decode(path, bytes).map_err(|e| Box::new(Report::new(&e, None)))?;
    let file = SourceFile::new(path, text);
    let docs = input::read_documents(path, &file, &["id".to_string()])
        .map_err(|e| Box::new(Report::new(&e, Some(&file))))?;
    docs.first().and_then(input::infer_record).ok_or_else(|| {
        let e = input::InputError {
            file: path.to_string(),
            message: "expected one record: a mapping of field names to values".into(),
            help: "write the record as `field: value` lines".into(),
            span: None,
        };
        Box::new(Report::new(&e, None))
    })
}

/// How `calc` shows a value: money in 元 and 万元.
pub fn show(v: &Value) -> String {
    match v {
        Value::Money(d) => money_text(*d),
        Value::Number(d) => plain(*d),
        other => other.to_string(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    /// An Excel workbook of results with a summary sheet (needs --output).
    Xlsx,
}

impl Format {
    /// As written after `--format`.
    fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// The extension of a file in this format.
    fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            other => other.name(),
        }
    }
}

/// How `check` and `explain` print.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
}

/// How `test` prints.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestFormat {
    Text,
    Json,
    /// JUnit XML, as CI servers read test results.
    Junit,
}

/// How `diff` prints.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
}

/// Loads a programme, printing the problems when it cannot be used.
fn load_programme(
    source: &policy::Source,
    year: u32,
    id: &str,
) -> Result<(policy::Policy, usize), ExitCode> {
    let policy = policy::load(source, year).map_err(|reports| {
        for r in &reports {
            print_report(r);
        }
        ExitCode::from(EXIT_UNUSABLE)
    })?;
    match policy.programmes.iter().position(|p| p.id == id) {
        Some(i) => Ok((policy, i)),
        None => {
            let ids: Vec<&str> = policy.programmes.iter().map(|p| p.id.as_str()).collect();
            let hint = crate::diag::did_you_mean(id, ids.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            say!(
                "error: {year} has no programme `{id}`{hint}; it has: {}",
                ids.join(", ")
            );
            Err(ExitCode::from(EXIT_UNUSABLE))
        }
    }
}

/// Reads every input file into records of the programme.
/// Reads every input file into documents (a record or a list of records each).
fn read_documents(
    programme: &policy::Programme,
    inputs: &[String],
) -> Result<Vec<(String, input::Raw)>, ExitCode> {
    let id_headers = id_headers(programme);
    let mut docs = Vec::new();
    for path in inputs {
        if is_xlsx(path) {
            match read_workbook(programme, path, crate::records::Reading::default()) {
                Ok((rows, warnings)) => {
                    warn_file(path, warnings);
                    docs.extend(rows.into_iter().map(|r| (path.clone(), r.raw)));
                }
                Err(report) => {
                    print_report(&report);
                    return Err(ExitCode::from(EXIT_UNUSABLE));
                }
            }
            continue;
        }
        let text = match input::read_bytes(path).and_then(|b| input::decode(path, b)) {
            Ok(t) => t,
            Err(e) => {
                print_report(&Report::new(&e, None));
                return Err(ExitCode::from(EXIT_UNUSABLE));
            }
        };
        let file = SourceFile::new(path.as_str(), text);
        match input::read_documents(path, &file, &id_headers) {
            Ok(found) => docs.extend(found.into_iter().map(|d| (path.clone(), d))),
            Err(e) => {
                print_report(&Report::new(&e, Some(&file)));
                return Err(ExitCode::from(EXIT_UNUSABLE));
            }
        }
    }
    Ok(docs)
}

/// Reads every input file into records of the programme.
fn read_records(
    programme: &policy::Programme,
    inputs: &[String],
    reading: crate::records::Reading,
) -> Result<Vec<crate::records::Record>, ExitCode> {
    let mut records = Vec::new();
    for r in record_stream(programme, inputs, reading) {
        match r {
            Ok(r) => records.push(r),
            Err(report) => {
                print_report(&report);
                return Err(ExitCode::from(EXIT_UNUSABLE));
            }
        }
    }
    Ok(records)
}

fn is_csv(path: &str) -> bool {
    input::Format::of(path) == input::Format::Csv
}

fn is_xlsx(path: &str) -> bool {
    input::Format::of(path) == input::Format::Xlsx
}

/// The applications of an Excel workbook, each knowing the cells it was read from.
fn read_workbook(
    programme: &policy::Programme,
    path: &str,
    reading: crate::records::Reading,
) -> Result<
    (
        Vec<crate::records::xlsx::SheetRecord>,
        Vec<crate::records::ReadWarning>,
    ),
    Box<Report>,
> {
    let bytes = input::read_bytes(path).map_err(|e| Box::new(Report::new(&e, None)))?;
    workbook_of(programme, path, bytes, reading)
}

/// [`read_workbook`] of bytes already read (and fingerprinted).
fn workbook_of(
    programme: &policy::Programme,
    path: &str,
    bytes: Vec<u8>,
    reading: crate::records::Reading,
) -> Result<
    (
        Vec<crate::records::xlsx::SheetRecord>,
        Vec<crate::records::ReadWarning>,
    ),
    Box<Report>,
> {
    let book = crate::records::xlsx::read_with(programme, bytes, reading)
        .map_err(|e| unusable(path, e.message, e.help))?;
    Ok((book.records, book.warnings))
}

/// What a reader says once about a file, on standard error (the records' own errors are in
/// the results).
fn warn_file(path: &str, warnings: Vec<crate::records::ReadWarning>) {
    for w in warnings {
        say!("{}", w.in_file(path));
    }
}

fn unusable(path: &str, message: String, help: String) -> Box<Report> {
    let problem = input::InputError {
        file: path.to_string(),
        message,
        help,
        span: None,
    };
    Box::new(Report::new(&problem, None))
}

type RecordResult = Result<crate::records::Record, Box<Report>>;

/// The records of every input, in order, read as they are needed: CSV row by row, other
/// formats a file at a time. An input that cannot be used ends the stream with its report.
fn record_stream<'p>(
    programme: &'p policy::Programme,
    inputs: &'p [String],
    reading: crate::records::Reading,
) -> impl Iterator<Item = RecordResult> + 'p {
    inputs
        .iter()
        .flat_map(move |path| -> Box<dyn Iterator<Item = RecordResult> + 'p> {
            if is_csv(path) {
                let rows = input::open_csv(path)
                    .map_err(|e| Box::new(Report::new(&e, None)))
                    .and_then(|reader| {
                        crate::records::csv::CsvRecords::with(programme, reader, reading)
                            .map_err(|e| unusable(path, e.message, e.help))
                    });
                if let Ok(rows) = &rows {
                    warn_file(path, rows.warnings().to_vec());
                }
                return match rows {
                    Ok(rows) => Box::new(
                        rows.map(move |r| r.map_err(|e| unusable(path, e.message, e.help))),
                    ),
                    Err(report) => Box::new(std::iter::once(Err(report))),
                };
            }
            if is_xlsx(path) {
                return match read_workbook(programme, path, reading) {
                    Ok((rows, warnings)) => {
                        warn_file(path, warnings);
                        Box::new(rows.into_iter().map(move |r| Ok(r.record(programme))))
                    }
                    Err(report) => Box::new(std::iter::once(Err(report))),
                };
            }
            // Read whole here (explain and calc read small files): what the records say
            // about their keys is known, and said, once they all are.
            match read_file_documents(programme, path) {
                Ok(docs) => {
                    let notes = std::sync::Mutex::new(crate::records::KeyNotes::default());
                    let ctx = crate::records::Context::keys(reading, &notes);
                    let records: Vec<_> = docs
                        .into_iter()
                        .flat_map(|doc| documents_records(programme, path, doc, ctx))
                        .collect();
                    let notes = notes.into_inner().unwrap_or_else(|e| e.into_inner());
                    warn_file(path, notes.warnings(programme, reading.strict).0);
                    Box::new(records.into_iter().map(Ok))
                }
                Err(report) => Box::new(std::iter::once(Err(report))),
            }
        })
}

/// The documents of one YAML, JSON or JSON Lines file (a line of JSON Lines that cannot be
/// read is its own `Err`), each with where its records are.
fn read_file_documents(
    programme: &policy::Programme,
    path: &str,
) -> Result<Vec<(DocResult, DocPlaces)>, Box<Report>> {
    let bytes = input::read_bytes(path).map_err(|e| Box::new(Report::new(&e, None)))?;
    file_documents(programme, path, bytes)
}

/// [`read_file_documents`] of bytes already read (and fingerprinted).
fn file_documents(
    programme: &policy::Programme,
    path: &str,
    bytes: Vec<u8>,
) -> Result<Vec<(DocResult, DocPlaces)>, Box<Report>> {
    let id_headers = id_headers(programme);
    let text = input::decode(path, bytes).map_err(|e| Box::new(Report::new(&e, None)))?;
    let file = SourceFile::new(path, text);
    let docs = input::documents(path, &file, &id_headers)
        .map_err(|e| Box::new(Report::new(&e, Some(&file))))?;
    let places = doc_places(path, &file, &docs);
    Ok(docs.into_iter().zip(places).collect())
}

type DocResult = Result<input::Raw, input::InputError>;

/// Where the records of one document are: each record's line and, for YAML, its keys'.
struct DocPlaces {
    records: Vec<(u64, Option<crate::location::Tree>)>,
}

/// The places of each document's records, read from the text while it is at hand.
fn doc_places(path: &str, file: &SourceFile, docs: &[DocResult]) -> Vec<DocPlaces> {
    use crate::location::{json_record_lines, yaml_records};
    let count = |doc: &DocResult| match doc {
        Ok(input::Raw::List(items)) => items.len(),
        _ => 1,
    };
    let lines_only = |lines: Vec<u64>| DocPlaces {
        records: lines.into_iter().map(|l| (l, None)).collect(),
    };
    match input::Format::of(path) {
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
    programme: &policy::Programme,
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
            e.message,
        )],
    }
}

#[allow(clippy::too_many_arguments)]
fn evaluate(
    source: &policy::Source,
    year: u32,
    programme: &str,
    inputs: &[String],
    format: Format,
    output: Option<&std::path::Path>,
    lang: Lang,
    max_records: usize,
    reading: crate::records::Reading,
) -> ExitCode {
    let (policy, index) = match load_programme(source, year, programme) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let programme = &policy.programmes[index];
    let bar = progress_bar();
    let report_progress = |n: usize| {
        if let Some(bar) = &bar {
            bar.set_position(n as u64);
        }
    };
    let lean = format != Format::Xlsx;
    if format == Format::Xlsx && output.is_none() {
        say!(
            "error: --format xlsx writes a workbook: give --output FILE.xlsx\n  help: or use --format csv to write to standard output"
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let outcomes = evaluate_inputs(
        programme,
        inputs,
        lang,
        max_records,
        lean,
        &report_progress,
        reading,
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let crate::cli::Batch {
        outcomes,
        warnings,
        inputs,
    } = match outcomes {
        Ok(o) => o,
        Err(report) => {
            print_report(&report);
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    // Said on standard error whatever the format (the JSON carries them too).
    for w in &warnings {
        say!("{w}");
    }
    if format == Format::Csv {
        // A CSV is a header row and a row per record for spreadsheets and tools: a line
        // above the header would break them, and a column would repeat the policy on
        // every row of a million. The policy is named on standard error instead (the
        // JSON and the workbook carry it inside).
        eprint!("{}", crate::report::policy_line(&policy, lang));
    }
    let written = emit_with(output, |out| match format {
        Format::Json => {
            crate::report::write_json(&policy, programme, &inputs, &outcomes, &warnings, out)
        }
        Format::Table => {
            out.write_all(crate::report::table(&policy, programme, &outcomes, lang).as_bytes())
        }
        Format::Csv => crate::report::write_csv(programme, &outcomes, out),
        Format::Xlsx => crate::report::xlsx::write(&policy, programme, &outcomes, lang, out),
    });
    // The process ends here: freeing a million small allocations one by one would only
    // delay the exit.
    std::mem::forget(outcomes);
    written
}

/// Exit status for bad command-line use.
pub const EXIT_USAGE: u8 = 2;

/// A file's extension in lower case (`""` when it has none, or one that is not UTF-8, which
/// no format has): what decides its format.
fn extension(path: &std::path::Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

fn template(
    source: &policy::Source,
    year: u32,
    programme: &str,
    output: &std::path::Path,
    force: bool,
    lang: Lang,
) -> ExitCode {
    if let Err(refusal) = crate::output::check_target(output, &[], force) {
        return refused(output, &refusal);
    }
    let (policy, index) = match load_programme(source, year, programme) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let programme = &policy.programmes[index];
    let bytes = match extension(output).as_str() {
        "xlsx" => match crate::template::xlsx(programme, year, lang) {
            Ok(b) => b,
            Err(e) => {
                say!("error: {e}");
                return ExitCode::from(EXIT_UNUSABLE);
            }
        },
        "csv" => crate::template::csv(programme).into_bytes(),
        _ => {
            say!(
                "error: cannot tell the template's format from `{}`\n  help: name the output FILE.xlsx (a workbook) or FILE.csv",
                output.display()
            );
            return ExitCode::from(EXIT_USAGE);
        }
    };
    write_output(Some(output), force, |out| out.write_all(&bytes))
}

/// An output path refused before any work (exit 1: nothing was written).
fn refused(target: &std::path::Path, refusal: &crate::output::Refusal) -> ExitCode {
    let help = match refusal {
        crate::output::Refusal::Exists => "add --force to replace it, or name another file",
        crate::output::Refusal::ReadOnly => {
            "make it writable first if it is to be replaced, or name another file"
        }
        _ => "name a new file, or a regular file that is not one of the inputs",
    };
    say!(
        "error[output::refused]: will not write {}: {refusal}\n  help: {help}",
        target.display()
    );
    ExitCode::from(EXIT_UNUSABLE)
}

/// The format of `evaluate`'s results: `--format`, else the output file's extension, else a
/// table on a terminal and JSON in a pipe. A format that contradicts the extension is an
/// error rather than, say, JSON inside `results.xlsx`.
fn output_format(
    format: Option<Format>,
    output: Option<&std::path::Path>,
) -> Result<Format, String> {
    let by_extension = output.map(|o| (extension(o), o));
    let implied = match &by_extension {
        Some((ext, _)) => match ext.as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "txt" => Some(Format::Table),
            _ => None,
        },
        None => None,
    };
    match (format, implied, by_extension) {
        (Some(f), Some(i), Some((ext, o))) if f != i => Err(format!(
            "error[output::format]: --format {} does not match the output {} (.{ext})\n  help: name the file .{} or leave out --format",
            f.name(),
            o.display(),
            f.extension()
        )),
        (Some(f), _, _) => Ok(f),
        (None, Some(i), _) => Ok(i),
        (None, None, Some((_, o))) => Err(format!(
            "error[output::format]: cannot tell the format from the output name {}\n  help: name it .json, .csv, .xlsx or .txt, or give --format",
            o.display()
        )),
        (None, None, None) => Ok(if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            Format::Table
        } else {
            Format::Json
        }),
    }
}

#[allow(clippy::too_many_arguments)]
fn explain(
    source: &policy::Source,
    year: u32,
    programme: &str,
    input: &str,
    id: &str,
    format: ReportFormat,
    lang: Lang,
    reading: crate::records::Reading,
) -> ExitCode {
    let (policy, index) = match load_programme(source, year, programme) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let programme = &policy.programmes[index];
    // Read and evaluated as `evaluate` does (errors placed in the file), keeping every
    // record's values for the explanation.
    let batch = evaluate_inputs(
        programme,
        &[input.to_string()],
        lang,
        usize::MAX,
        false,
        &|_| {},
        reading,
    );
    let outcomes = match batch {
        Ok(b) => {
            for w in &b.warnings {
                say!("{w}");
            }
            b.outcomes
        }
        Err(report) => {
            print_report(&report);
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    match outcomes.iter().find(|o| *o.id == *id) {
        Some(o) if format == ReportFormat::Json => {
            let doc = crate::report::machine::explain_json(&policy, programme, o, lang);
            emit(&format!("{doc:#}\n"), None)
        }
        // The explanation quotes the record's values: escaped, line by line.
        Some(o) => emit(
            &crate::neutral::terminal_lines(&crate::report::explain(&policy, programme, o, lang)),
            None,
        ),
        None => {
            let ids: Vec<&str> = outcomes.iter().map(|o| &*o.id).collect();
            let hint = crate::diag::did_you_mean(id, ids.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            say!("error: no record with id `{id}` in {input}{hint}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

fn test(
    source: &policy::Source,
    year: Option<u32>,
    filter: Option<&str>,
    coverage: bool,
    format: TestFormat,
    lang: Lang,
) -> ExitCode {
    use crate::report::machine::{self, YearTests};
    if coverage && format != TestFormat::Text {
        say!(
            "error: --coverage is shown in the text report only\n  help: leave out --format to see the coverage, or leave out --coverage"
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let years = match year {
        Some(y) => vec![y],
        None => source.years(),
    };
    let runs: Vec<YearTests> = years
        .into_iter()
        .map(|year| YearTests {
            year,
            loaded: crate::policytest::load_and_run(source, year, filter),
        })
        .collect();
    // A policy that cannot be loaded is shown in full on standard error whatever the format.
    for r in runs
        .iter()
        .filter_map(|y| y.loaded.as_ref().err())
        .flatten()
    {
        print_report(r);
    }
    let (_, failed) = machine::test_tally(&runs, filter);
    // Written at the end through `emit`: a closed pipe (`| head`) is not a panic.
    let out = match format {
        TestFormat::Json => format!("{:#}\n", machine::test_json(&runs, filter, lang)),
        TestFormat::Junit => machine::test_junit(&runs, filter, lang),
        TestFormat::Text => crate::policytest::report_text(&runs, filter, coverage, lang),
    };
    let written = emit(&out, None);
    if failed == 0 {
        written
    } else {
        ExitCode::from(EXIT_UNUSABLE)
    }
}

/// `verify`: the published results' policy loaded by year and programme, refused when its
/// digest differs, then the inputs evaluated again and compared outcome by outcome.
fn verify(
    source: &policy::Source,
    results: &std::path::Path,
    inputs: &[String],
    max_records: usize,
    lang: Lang,
) -> ExitCode {
    use crate::report::verify;
    let file = results.display().to_string();
    let published = match verify::read(results, lang) {
        Ok(p) => p,
        Err(e) => {
            print_report(&Report::new(&e, None));
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    let (policy, index) = match load_programme(source, published.year, &published.programme) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let line = crate::report::policy_line(&policy, lang);
    if policy.digest != published.digest {
        emit(&line, None);
        print_report(&Report::new(
            &verify::policy_changed(&file, &published, &policy, lang),
            None,
        ));
        return ExitCode::from(EXIT_UNUSABLE);
    }
    let version = env!("CARGO_PKG_VERSION");
    if published.version.as_deref() != Some(version) {
        // The rules are the same; the engine that applied them may not be.
        let then = published.version.as_deref().unwrap_or("?");
        say!(
            "{}",
            match lang {
                Lang::Zh =>
                    format!("注意：结果由 fundpolicy {then} 写出，本次用 {version} 重新评审"),
                Lang::En => format!(
                    "note: the results were written by fundpolicy {then}; this is {version}"
                ),
            }
        );
    }
    let programme = &policy.programmes[index];
    // Published results were written by `evaluate`: its default reading is repeated.
    let reading = crate::records::Reading::default();
    let (outcomes, prints) =
        match evaluate_inputs(programme, inputs, lang, max_records, true, &|_| {}, reading) {
            Ok(batch) => {
                for w in &batch.warnings {
                    say!("{w}");
                }
                (batch.outcomes, batch.inputs)
            }
            Err(report) => {
                print_report(&report);
                return ExitCode::from(EXIT_UNUSABLE);
            }
        };
    let verdict = match verify::compare(results, programme, &outcomes, lang) {
        Ok(v) => v,
        Err(e) => {
            print_report(&Report::new(&e, None));
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    let inputs_differ = verify::compare_inputs(published.inputs.as_deref(), &prints);
    let mut text = line + &verify::notes(&published, &inputs_differ, lang);
    text.push_str(&verify::text(&verdict, lang));
    if verdict.matches() && !inputs_differ.is_empty() {
        text.push_str(match lang {
            Lang::Zh => "结果一致，但所给输入不是结果所用的文件（退出码 3）\n",
            Lang::En => "the outcomes match, but the inputs given are not the files the results name (exit status 3)\n",
        });
    }
    let code = emit(&text, None);
    if code != ExitCode::SUCCESS || !verdict.matches() {
        ExitCode::from(EXIT_UNUSABLE)
    } else if !inputs_differ.is_empty() {
        ExitCode::from(EXIT_INPUTS_DIFFER)
    } else {
        ExitCode::SUCCESS
    }
}

/// `verify`: every outcome matches, but the inputs are not byte for byte the files the
/// results name (or the results name none). Not 0, so a script does not take it for a
/// clean check; not 1, so it is told apart from a difference.
pub const EXIT_INPUTS_DIFFER: u8 = 3;

fn load_or_print(source: &policy::Source, year: u32) -> Result<policy::Policy, ExitCode> {
    policy::load(source, year).map_err(|reports| {
        for r in &reports {
            print_report(r);
        }
        ExitCode::from(EXIT_UNUSABLE)
    })
}

fn diff(source: &policy::Source, from: u32, to: u32, format: DiffFormat, lang: Lang) -> ExitCode {
    let (old, new) = match (load_or_print(source, from), load_or_print(source, to)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let text = match format {
        DiffFormat::Text => crate::diff::diff(&old, &new, lang),
        // `{:#}` of a JSON value is pretty-printed and cannot fail.
        DiffFormat::Json => format!("{:#}\n", crate::diff::json(&old, &new)),
    };
    emit(&text, None)
}

/// Prints or writes (atomically) a report.
fn emit(text: &str, output: Option<&std::path::Path>) -> ExitCode {
    emit_with(output, |out| out.write_all(text.as_bytes()))
}

/// Writes a report to standard output, or atomically to `output` (replacing it).
fn emit_with(
    output: Option<&std::path::Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> ExitCode {
    write_output(output, true, write)
}

/// Writes to standard output, or atomically to `output`; `overwrite: false` never replaces
/// an existing file.
fn write_output(
    output: Option<&std::path::Path>,
    overwrite: bool,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> ExitCode {
    use std::io::Write as _;
    let result = match output {
        // On a terminal every report is shown, not acted on: text from applications (a CSV
        // cell, a test name) cannot send escape sequences there. Into a pipe or a file the
        // bytes are exact.
        None if std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            let mut bytes = Vec::new();
            write(&mut bytes).and_then(|_| {
                let shown = crate::neutral::terminal_lines(&String::from_utf8_lossy(&bytes));
                let mut out = std::io::stdout().lock();
                out.write_all(shown.as_bytes()).and_then(|_| out.flush())
            })
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
            write(&mut out).and_then(|_| out.flush())
        }
        Some(path) => crate::output::write_atomically(path, overwrite, write),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            match output {
                Some(path) => say!("error: cannot write {}: {e}", path.display()),
                None => say!("{}", stdout_unwritable(&e)),
            }
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

/// The one message for a standard output that cannot be written, whether a report found it
/// or the binary's last-resort hook did (a `print!` that failed).
pub fn stdout_unwritable(cause: &dyn std::fmt::Display) -> String {
    format!("错误 error: 无法写入标准输出 cannot write to standard output: {cause}")
}

#[allow(clippy::too_many_arguments)]
fn evaluate_compare(
    source: &policy::Source,
    old_year: u32,
    new_year: u32,
    programme: &str,
    inputs: &[String],
    format: Format,
    output: Option<&std::path::Path>,
    lang: Lang,
) -> ExitCode {
    let (old, oi) = match load_programme(source, old_year, programme) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (new, ni) = match load_programme(source, new_year, programme) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let docs = match read_documents(&new.programmes[ni], inputs) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let comparisons =
        crate::compare::compare(&old.programmes[oi], &new.programmes[ni], &docs, lang);
    match format {
        // Serialising a `serde_json::Value` cannot fail (its keys are strings); were it to,
        // the error is reported as a failed write, never an empty output.
        Format::Json => emit_with(output, |out| {
            let doc = crate::compare::json(&old, &new, programme, &comparisons);
            serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        }),
        _ => emit(
            &crate::compare::text(&old, &new, &comparisons, lang),
            output,
        ),
    }
}

/// A progress bar on standard error for long runs, only when it is a terminal.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    // indicatif's own {per_sec} prints four decimals (`2,976.4993/s`): a whole rate reads better.
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {pos} records evaluated ({rate}/s)")
    {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}", state.per_sec());
            },
        ));
    }
    Some(bar)
}

/// What a batch of inputs gave: an outcome per record, and what the readers warned about.
pub struct Batch {
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
/// batch finished. Lean outcomes keep only what reports and ranking need; the workbook's
/// summary also needs each record's values. What is said about the files (ignored columns)
/// goes to `warned`, for the caller to print once its progress bar is cleared.
#[allow(clippy::too_many_arguments)]
fn evaluate_inputs(
    programme: &policy::Programme,
    inputs: &[String],
    lang: Lang,
    max_records: usize,
    lean: bool,
    progress: &(dyn Fn(usize) + Sync),
    reading: crate::records::Reading,
) -> Result<Batch, Box<Report>> {
    let mut outcomes = Vec::new();
    // What the readers warn about (an unknown column …), each with its file named.
    let mut warnings = crate::warning::Warnings::new();
    let mut files = Vec::new();
    let mut prints = Vec::with_capacity(inputs.len());
    let too_many = |path: &str| {
        unusable(
            path,
            format!("the batch has more than {max_records} records"),
            "raise --max-records if a batch this large is intended".into(),
        )
    };
    for path in inputs {
        let before = outcomes.len();
        // Each input's SHA-256 over the bytes read: a stream as it passes, a whole file
        // from its bytes.
        let sha256 = if is_csv(path) {
            let (reader, print) =
                input::open_csv_printed(path).map_err(|e| Box::new(Report::new(&e, None)))?;
            let (schema, rows) = crate::records::csv::open(programme, reader, reading)
                .map_err(|e| unusable(path, e.message, e.help))?;
            // What the header says is said at the header's line.
            let header = crate::location::Location::line(path.as_str(), 1);
            warnings.extend(
                schema
                    .warnings()
                    .iter()
                    .map(|w| w.clone().at(header.clone())),
            );
            let build = |group| schema.build(group);
            let room = max_records.saturating_sub(outcomes.len());
            let limit = crate::records::csv::CsvError {
                message: format!("the batch has more than {max_records} records"),
                help: "raise --max-records if a batch this large is intended".into(),
            };
            // Each record's first line, taken as the reader thread passes it on.
            let lines = std::sync::Mutex::new(Vec::new());
            let seen = &lines;
            let rows = rows.enumerate().map(move |(n, r)| {
                let r = if n >= room { Err(limit.clone()) } else { r };
                if let (Ok(group), Ok(mut lines)) = (&r, seen.lock()) {
                    lines.push(group.line());
                }
                r
            });
            crate::engine::evaluate_into(
                programme,
                rows,
                &build,
                lang,
                lean,
                &mut outcomes,
                progress,
            )
            .map_err(|e| unusable(path, e.message, e.help))?;
            let lines = lines.into_inner().unwrap_or_else(|p| p.into_inner());
            files.push(FromFile {
                path: path.clone(),
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
                    "the file was not read to its end, so its fingerprint cannot be given".into(),
                    "report this: every input is read whole".into(),
                )
            })?
        } else if is_xlsx(path) {
            let bytes = input::read_bytes(path).map_err(|e| Box::new(Report::new(&e, None)))?;
            let sha256 = input::fingerprint::sha256(&bytes);
            let (rows, read) = workbook_of(programme, path, bytes, reading)?;
            warnings.extend(read.into_iter().map(|w| w.in_file(path)));
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
                path: path.clone(),
                start,
                starts: Starts::Cells(cells),
            });
            sha256
        } else {
            let bytes = input::read_bytes(path).map_err(|e| Box::new(Report::new(&e, None)))?;
            let sha256 = input::fingerprint::sha256(&bytes);
            let docs = file_documents(programme, path, bytes)?;
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
                path: path.clone(),
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
        };
        prints.push(InputPrint {
            file: path.clone(),
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
                "the file holds no applications".to_string(),
                "fill in the file first (one application per row below the header, or one record per entry), or check that it is the right file".into(),
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

use crate::records::columns::point_at_ignored;

/// The headers that may name the id column of a CSV file: the id field's id and labels.
fn id_headers(programme: &policy::Programme) -> Vec<String> {
    programme
        .fields
        .iter()
        .filter(|f| f.id == "id")
        .flat_map(|f| [Some(f.id.clone()), f.label.zh.clone(), f.label.en.clone()])
        .flatten()
        .collect()
}
