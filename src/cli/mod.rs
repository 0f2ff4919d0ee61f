//! The command line: a thin layer that reads arguments, calls the library's `api` and
//! prints. Binary-only: declared by `main.rs`, not part of the library.

mod help;

pub use help::parse;
#[cfg(test)]
use help::{choose_lang, command, help_key, value_key};

use clap::{Parser, Subcommand};
use fundpolicy::api::{self, Input, InputFormat, Policies, Problems, Year};
use fundpolicy::diag::{Code, FormulaOrigin, Report, SourceFile};
use fundpolicy::formula::{Binding, Env, Scope, Target};
use fundpolicy::input;
use fundpolicy::value::{Type, Value, plain};
use fundpolicy::{Lang, msg, t};
use std::process::ExitCode;

/// A line on standard error for every message of the command line: what it prints may quote a file name,
/// an id or a value from an application, and nothing in it that a terminal would act on is
/// sent as is (see `neutral::terminal_lines`).
macro_rules! say {
    ($($arg:tt)*) => {
        fundpolicy::neutral::line_to_stderr(&fundpolicy::neutral::terminal_lines(&format!($($arg)*)))
    };
}

// The words of `--help` are not the doc comments: `command` replaces every about and help
// from locales/<lang>/help.ftl, in the language chosen before parsing (see `parse`).
/// An error as the command line says it, in the language of messages: `错误[code]：message`
/// (`error[code]: message`), and its help on the line below.
fn error_text(code: Option<Code>, message: &str, help: Option<&str>) -> String {
    let lang = Lang::for_messages();
    let mut out = t!(lang, "cli-error");
    if let Some(code) = code {
        out.push_str(&format!("[{code}]"));
    }
    out.push_str(help::colon(lang));
    out.push_str(message);
    if let Some(help) = help {
        out.push_str(&format!(
            "\n  {}{}{help}",
            t!(lang, "cli-help"),
            help::colon(lang)
        ));
    }
    out
}

#[derive(Parser, Debug)]
#[command(name = "fundpolicy", version)]
pub struct Cli {
    /// The policy folder.
    #[arg(long, global = true)]
    pub policies: Option<std::path::PathBuf>,
    /// Language of messages and labels (its default is set by `command`).
    #[arg(
        long,
        global = true,
        value_enum,
        ignore_case = true,
        default_value = "zh"
    )]
    pub lang: Lang,
    /// Read every input in this format.
    #[arg(long, global = true, value_enum)]
    pub input_format: Option<input::Format>,
    #[command(subcommand)]
    pub command: Command,
}

// The doc comments below are for readers of the code: `--help` shows the words of
// locales/<lang>/help.ftl (`command`).
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
        /// bound on memory: about 0.6 KB a record kept, up to 3 KB for one with many errors, whose first five are kept and the rest counted).
        #[arg(long, default_value_t = fundpolicy::api::MAX_RECORDS)]
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
        /// bound on memory: about 0.6 KB a record kept, up to 3 KB for one with many errors, whose first five are kept and the rest counted).
        #[arg(long, default_value_t = fundpolicy::api::MAX_RECORDS)]
        max_records: usize,
    },
    /// The JSON Schema of a policy file, for editors that complete and check YAML keys
    /// (`policies/schema/` holds the copies the policy files name on their first line).
    Schema {
        /// `manifest` (a year's policy.yaml) or `programme` (programme and common files).
        #[arg(value_enum)]
        kind: fundpolicy::schema::Kind,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// The engine as an HTTP service and a web workbench (see `fundpolicy::server`).
    Serve {
        /// Where to listen; any address but a loopback one needs --token-file or --no-auth.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// A file holding the token every request must carry.
        #[arg(long)]
        token_file: Option<std::path::PathBuf>,
        /// Serve a non-loopback address without a token, on purpose.
        #[arg(long, conflicts_with = "token_file")]
        no_auth: bool,
        /// Reload the policies folder when its files change (the last good version of a
        /// year that stops checking stays in service).
        #[arg(long)]
        watch: bool,
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

/// Exit status for bad command-line use.
pub const EXIT_USAGE: u8 = 2;

/// `verify`: every outcome matches, but the inputs are not byte for byte the files the
/// results name (or the results name none). Not 0, so a script does not take it for a
/// clean check; not 1, so it is told apart from a difference.
pub const EXIT_INPUTS_DIFFER: u8 = 3;

/// Prints a report to standard error. Its lines may quote an application's text: anything in
/// them a terminal would act on is shown escaped.
pub fn print_report(report: &Report) {
    say!("{}", report.render_plain());
}

/// Prints every report of a failure; exit 1.
fn print_problems(problems: &Problems) -> ExitCode {
    for r in problems {
        print_report(r);
    }
    ExitCode::from(EXIT_UNUSABLE)
}

pub fn run(cli: Cli) -> ExitCode {
    cli.lang.set_for_messages();
    let policies = match Policies::choose(cli.policies.as_deref()) {
        Ok(p) => p,
        Err(problems) => {
            for r in &problems {
                say!(
                    "{}",
                    error_text(Some(r.code), &r.message, r.help.as_deref())
                );
            }
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let given = cli.input_format.map(InputFormat::from);
    match cli.command {
        Command::Calc {
            expr,
            record,
            year: Some(year),
            programme: Some(programme),
        } => calc_in_programme(&policies, year, &programme, &expr, record.as_deref(), given),
        Command::Calc { expr, record, .. } => calc(&expr, record.as_deref(), given),
        Command::List => list(&policies, cli.lang),
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
                    if let Err(refusal) = fundpolicy::output::check_target(target, &paths, true) {
                        return refused(target, &refusal);
                    }
                }
                None => {
                    if let Some(input) = fundpolicy::output::stdout_input(&paths) {
                        say!(
                            "{}",
                            error_text(
                                Some(Code::OutputRefused),
                                &msg!("output-refused-stdout", input = input.display().to_string()),
                                Some(&msg!("output-refused-stdout.help")),
                            )
                        );
                        return ExitCode::from(EXIT_UNUSABLE);
                    }
                }
            }
            let run = Run {
                policies: &policies,
                lang: cli.lang,
                given,
            };
            match compare {
                // A comparison is a table or JSON; CSV (by `--format` or an `.csv` output)
                // would get the table's text under a CSV name.
                Some(_) if matches!(format, Format::Xlsx | Format::Csv) => {
                    say!(
                        "{}",
                        error_text(
                            None,
                            &msg!("cli-compare-xlsx", format = format.name()),
                            Some(&msg!("cli-compare-xlsx.help")),
                        )
                    );
                    ExitCode::from(EXIT_USAGE)
                }
                Some(old) => evaluate_compare(
                    &run,
                    old,
                    year,
                    &programme,
                    &inputs,
                    format,
                    output.as_deref(),
                    api::Limits {
                        reading: fundpolicy::records::Reading { strict },
                        max_records,
                    },
                ),
                None => evaluate(
                    &run,
                    year,
                    &programme,
                    &inputs,
                    format,
                    output.as_deref(),
                    max_records,
                    strict,
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
            &Run {
                policies: &policies,
                lang: cli.lang,
                given,
            },
            year,
            &programme,
            &input,
            &id,
            format,
            strict,
        ),
        Command::Check { year, format } => check(&policies, year, format, cli.lang),
        Command::Serve {
            addr,
            token_file,
            no_auth,
            watch,
        } => serve(policies, addr, token_file.as_deref(), no_auth, watch),
        Command::Schema { kind, output } => {
            emit(&fundpolicy::schema::text(kind), output.as_deref())
        }
        Command::Template {
            year,
            programme,
            output,
            force,
        } => template(&policies, year, &programme, &output, force, cli.lang),
        Command::Diff { from, to, format } => diff(&policies, from, to, format, cli.lang),
        Command::Test {
            year,
            filter,
            coverage,
            format,
        } => test(
            &policies,
            year,
            filter.as_deref(),
            coverage,
            format,
            cli.lang,
        ),
        Command::Verify {
            results,
            inputs,
            max_records,
        } => verify(
            &Run {
                policies: &policies,
                lang: cli.lang,
                given,
            },
            &results,
            &inputs,
            max_records,
        ),
    }
}

/// What every command that reads applications needs: the policies, the language, and the
/// format `--input-format` gives every input.
struct Run<'a> {
    policies: &'a Policies,
    lang: Lang,
    given: Option<InputFormat>,
}

/// The inputs as named on the command line: `-` is standard input, recognised from its
/// first bytes (said on standard error) unless `--input-format` names its format; a file is
/// read in that format, else by its extension. Made once the policy is loaded, so what is
/// said about standard input follows what is said about the policy. A file whose extension
/// names no format is refused unless `--input-format` names one: read as YAML, a `.pdf` or a
/// `.txt` saved by mistake would come out as "invalid records" instead of the wrong file.
fn inputs_of(args: &[String], given: Option<InputFormat>) -> Result<Vec<Input>, ExitCode> {
    if given.is_none()
        && let Some(arg) = args.iter().find(|a| {
            *a != "-" && InputFormat::from_extension(&extension(std::path::Path::new(a))).is_none()
        })
    {
        say!(
            "{}",
            error_text(
                Some(Code::InputFormat),
                &msg!("input-format", file = arg.as_str()),
                Some(&msg!("input-format.help")),
            )
        );
        return Err(ExitCode::from(EXIT_USAGE));
    }
    let mut sniffed = None;
    let inputs = args
        .iter()
        .map(|arg| {
            if arg == "-" {
                let format = given.unwrap_or_else(|| {
                    *sniffed.get_or_insert_with(|| {
                        let (format, said) = Input::sniff_stdin();
                        fundpolicy::neutral::line_to_stderr(&said);
                        format
                    })
                });
                Input::stdin(format)
            } else {
                let input = Input::path(arg);
                // Named as given, not as the path prints.
                let input = Input {
                    name: arg.clone(),
                    ..input
                };
                match given {
                    Some(f) => input.with_format(f),
                    None => input,
                }
            }
        })
        .collect();
    Ok(inputs)
}

fn list(policies: &Policies, lang: Lang) -> ExitCode {
    let mut ok = true;
    for year in policies.year_numbers() {
        match policies.load(year) {
            Ok(y) => {
                let (title, status) = (y.title(lang), y.status_words(lang));
                println!(
                    "{}",
                    t!(
                        lang,
                        "cli-list-year",
                        year = year,
                        title = title,
                        status = status
                    )
                );
                print!("  {}", y.policy_line(lang));
                for prog in y.programmes() {
                    println!("  {}", fundpolicy::policy::describe(prog, lang));
                }
            }
            Err(_) => {
                ok = false;
                println!("{}", t!(lang, "cli-list-broken", year = year));
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_UNUSABLE)
    }
}

fn check(policies: &Policies, year: Option<u32>, format: ReportFormat, lang: Lang) -> ExitCode {
    let years = match year {
        Some(y) => vec![y],
        None => policies.year_numbers(),
    };
    if format == ReportFormat::Json {
        let checked: Vec<_> = years
            .iter()
            .map(|&y| (y, api::check(policies, y)))
            .collect();
        let doc = api::check_json(&checked, lang);
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
    // A year that extends a year with problems meets them again: each is shown once, and
    // the later year says how many of its own were the ones above.
    let mut shown = std::collections::HashSet::new();
    for y in years {
        match api::check(policies, y) {
            Ok(checked) => {
                let p = &checked.policy;
                print!("{}", fundpolicy::report::policy_line(p, lang));
                for prog in &p.programmes {
                    let bound = match prog.scores.as_ref() {
                        Some(s) => match s.proven_max {
                            Some(m) => t!(
                                lang,
                                "cli-check-score-bound",
                                max = plain(m),
                                cap = plain(s.max_score)
                            ),
                            None => String::new(),
                        },
                        None => String::new(),
                    };
                    let bound = match prog.award.as_ref().and_then(|a| a.proven_max) {
                        Some(m) => {
                            bound
                                + &t!(
                                    lang,
                                    "cli-check-award-bound",
                                    amount = fundpolicy::report::money(m, lang)
                                )
                        }
                        None => bound,
                    };
                    println!(
                        "{}",
                        t!(
                            lang,
                            "cli-check-ok",
                            year = y,
                            programme = &prog.id,
                            fields = prog.fields.len(),
                            rules = prog.rules.len(),
                            values = prog.values.len(),
                            bounds = bound
                        )
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
                    println!(
                        "{}",
                        t!(lang, "cli-check-removed", year = y, programme = removed)
                    );
                }
                // Warnings are shown, never dropped, but do not fail the check.
                warnings += checked.warnings.len();
                for w in &checked.warnings {
                    print_report(w);
                }
            }
            Err(reports) => {
                let mut again = 0;
                for r in &reports {
                    let at = fundpolicy::report::machine::report_location(r);
                    if shown.insert((r.code, r.message.clone(), at.map(|l| l.to_string()))) {
                        problems += 1;
                        print_report(r);
                    } else {
                        again += 1;
                    }
                }
                if again > 0 {
                    say!("{}", t!(lang, "cli-check-shown-above", year = y, n = again));
                }
            }
        }
    }
    if warnings > 0 {
        fundpolicy::neutral::line_to_stderr(&t!(lang, "cli-check-warnings", n = warnings));
    }
    if problems == 0 {
        ExitCode::SUCCESS
    } else {
        say!("{}", t!(lang, "cli-check-problems", n = problems));
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

fn calc(expr: &str, record: Option<&str>, given: Option<InputFormat>) -> ExitCode {
    let (scope, values) = match record {
        None => (RecordScope { fields: Vec::new() }, Vec::new()),
        Some(path) => {
            let inputs = match inputs_of(&[path.to_string()], given) {
                Ok(inputs) => inputs,
                Err(code) => return code,
            };
            match inputs.first().map(api::read_inferred) {
                Some(Ok(r)) => (RecordScope { fields: r.fields }, r.values),
                Some(Err(problems)) => return print_problems(&problems),
                None => return ExitCode::from(EXIT_UNUSABLE),
            }
        }
    };
    print_calc(expr, api::calc_value(expr, &scope, &values))
}

/// Prints what `calc` computed, or its diagnostics against the formula text.
fn print_calc(expr: &str, result: Result<Value, api::FormulaProblems>) -> ExitCode {
    match result {
        Ok(v) => {
            println!("{}", api::show(&v, Lang::for_messages()));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            // The drawing's header names the formula in the reader's words (`公式:1:8`).
            let origin = FormulaOrigin::whole(SourceFile::new(msg!("cli-calc-source"), expr));
            for p in problems {
                print_report(&Report::in_formula(&p, &origin));
            }
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

/// `calc` against a programme: its fields, parameters, tables and computed values, and
/// optionally one record read by its schema.
fn calc_in_programme(
    policies: &Policies,
    year: u32,
    programme: &str,
    expr: &str,
    record: Option<&str>,
    given: Option<InputFormat>,
) -> ExitCode {
    let year = match load_programme(policies, year, programme) {
        Ok(y) => y,
        Err(code) => return code,
    };
    let Some(programme) = year.programme(programme) else {
        return ExitCode::from(EXIT_UNUSABLE);
    };
    let (fields, computed) = match record {
        None => (
            vec![Value::Null; programme.fields.len()],
            vec![Value::Null; programme.values.len()],
        ),
        Some(path) => {
            let inputs = match inputs_of(&[path.to_string()], given) {
                Ok(inputs) => inputs,
                Err(code) => return code,
            };
            let mut records = match api::read_records(programme, &inputs, true) {
                Ok(read) => {
                    warn_all(&read.warnings);
                    read.records
                }
                Err((problems, warnings)) => {
                    warn_all(&warnings);
                    return print_problems(&problems);
                }
            };
            if records.len() != 1 {
                say!(
                    "{}",
                    error_text(
                        None,
                        &msg!("cli-calc-records", path = path, n = records.len()),
                        None
                    )
                );
                return ExitCode::from(EXIT_UNUSABLE);
            }
            let outcome =
                fundpolicy::engine::evaluate(programme, records.remove(0), Lang::for_messages());
            // Said as the table says a record's errors: at their place in the file (readers
            // leave its name to their caller), the field by its label, in the run's words.
            for e in outcome.errors() {
                let mut e = e.clone();
                match &mut e.location {
                    Some(place) => place.in_file(path),
                    None => e.location = Some(fundpolicy::location::Location::file(path)),
                }
                let text = fundpolicy::report::error_words(programme, &e, Lang::for_messages());
                say!("{}", error_text(Some(e.code), &text, None));
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
    print_calc(expr, api::calc_in(expr, &programme.scope(), &env))
}

/// What the readers said about the files, on standard error (the records' own errors are in
/// the results).
fn warn_all(warnings: &[api::Warning]) {
    for w in warnings {
        say!("{w}");
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

/// Loads a year that has programme `id`, printing the problems when it cannot be used.
fn load_programme(policies: &Policies, year: u32, id: &str) -> Result<Year, ExitCode> {
    let year = policies.load(year).map_err(|p| print_problems(&p))?;
    if year.programme(id).is_some() {
        return Ok(year);
    }
    let message = year.no_programme_message(id);
    say!(
        "{}",
        error_text(Some(Code::ApiUnknownProgramme), &message, None)
    );
    Err(ExitCode::from(EXIT_UNUSABLE))
}

#[allow(clippy::too_many_arguments)]
fn evaluate(
    run: &Run<'_>,
    year: u32,
    programme: &str,
    inputs: &[String],
    format: Format,
    output: Option<&std::path::Path>,
    max_records: usize,
    strict: bool,
) -> ExitCode {
    let lang = run.lang;
    let year = match load_programme(run.policies, year, programme) {
        Ok(y) => y,
        Err(code) => return code,
    };
    let bar = progress_bar(lang);
    if format == Format::Xlsx && output.is_none() {
        say!(
            "{}",
            error_text(
                None,
                &msg!("cli-xlsx-needs-output"),
                Some(&msg!("cli-xlsx-needs-output.help")),
            )
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let inputs = match inputs_of(inputs, run.given) {
        Ok(inputs) => inputs,
        Err(code) => return code,
    };
    let options = api::EvaluateOptions {
        max_records,
        strict,
        // Only the workbook's summary needs each record's values.
        detail: format == Format::Xlsx,
        lang,
        progress: bar.clone().map(|bar| {
            std::sync::Arc::new(move |n: usize| bar.set_position(n as u64))
                as std::sync::Arc<dyn Fn(usize) + Send + Sync>
        }),
    };
    let evaluation = api::evaluate(&year, programme, &inputs, &options);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let evaluation = match evaluation {
        Ok(e) => e,
        Err(problems) => return print_problems(&problems),
    };
    // Said on standard error whatever the format (the JSON carries them too).
    warn_all(evaluation.warnings());
    if format == Format::Csv {
        // A CSV is a header row and a row per record for spreadsheets and tools: a line
        // above the header would break them, and a column would repeat the policy on
        // every row of a million. The policy is named on standard error instead (the
        // JSON and the workbook carry it inside).
        fundpolicy::neutral::to_stderr(&year.policy_line(lang));
    }
    let written = emit_with(output, |out| match format {
        Format::Json => evaluation.write_json(out),
        Format::Table => out.write_all(evaluation.to_table(lang).as_bytes()),
        Format::Csv => evaluation.write_csv(out),
        Format::Xlsx => evaluation.write_xlsx(lang, out),
    });
    // The process ends here: freeing a million small allocations one by one would only
    // delay the exit.
    std::mem::forget(evaluation);
    written
}

/// A file's extension in lower case (`""` when it has none, or one that is not UTF-8, which
/// no format has): what decides its format.
fn extension(path: &std::path::Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// `serve`: runs until SIGTERM or Ctrl+C. A refusal to start is said like any other error:
/// an exposed address or `--watch` without a folder is bad use (2), an unreadable token
/// file or an address that cannot be listened on is 1.
fn serve(
    policies: Policies,
    addr: std::net::SocketAddr,
    token_file: Option<&std::path::Path>,
    no_auth: bool,
    watch: bool,
) -> ExitCode {
    use fundpolicy::server::{self, ServeError};
    if watch && policies.folder_path().is_none() {
        say!(
            "{}",
            error_text(
                None,
                &msg!("cli-serve-watch-builtin"),
                Some(&msg!("cli-serve-watch-builtin.help"))
            )
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let mut config = server::Config::new(policies);
    config.addr = addr;
    config.no_auth = no_auth;
    config.watch = watch;
    if let Some(path) = token_file {
        match server::read_token(path) {
            Ok(token) => config.token = Some(token),
            Err(e) => {
                say!("{}", error_text(Some(e.code()), &e.to_string(), None));
                return ExitCode::from(EXIT_UNUSABLE);
            }
        }
    }
    match server::run(config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(ServeError::Exposed { addr }) => {
            let message = msg!("serve-exposed", addr = addr.to_string());
            let help = msg!("serve-exposed.help");
            say!(
                "{}",
                error_text(Some(Code::ServeExposed), &message, Some(&help))
            );
            ExitCode::from(EXIT_USAGE)
        }
        Err(e) => {
            say!("{}", error_text(Some(e.code()), &e.to_string(), None));
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

fn template(
    policies: &Policies,
    year: u32,
    programme: &str,
    output: &std::path::Path,
    force: bool,
    lang: Lang,
) -> ExitCode {
    if let Err(refusal) = fundpolicy::output::check_target(output, &[], force) {
        return refused(output, &refusal);
    }
    let year = match load_programme(policies, year, programme) {
        Ok(y) => y,
        Err(code) => return code,
    };
    let made = match extension(output).as_str() {
        "xlsx" => api::template(&year, programme, lang),
        "csv" => api::template_csv(&year, programme),
        _ => {
            say!(
                "{}",
                error_text(
                    None,
                    &msg!("cli-template-format", output = output.display().to_string()),
                    Some(&msg!("cli-template-format.help")),
                )
            );
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let bytes = match made {
        Ok(b) => b,
        Err(problems) => {
            for r in &problems {
                say!("{}", error_text(Some(r.code), &r.message, None));
            }
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    write_output(Some(output), force, |out| out.write_all(&bytes))
}

/// An output path refused before any work (exit 1: nothing was written).
fn refused(target: &std::path::Path, refusal: &fundpolicy::output::Refusal) -> ExitCode {
    let help = match refusal {
        fundpolicy::output::Refusal::Exists => msg!("output-refused-help-exists"),
        fundpolicy::output::Refusal::ReadOnly => msg!("output-refused-help-read-only"),
        _ => msg!("output-refused-help-other"),
    };
    let message = msg!(
        "output-refused",
        target = target.display().to_string(),
        reason = refusal.to_string()
    );
    say!(
        "{}",
        error_text(Some(Code::OutputRefused), &message, Some(&help))
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
        (Some(f), Some(i), Some((ext, o))) if f != i => Err(error_text(
            Some(Code::OutputFormat),
            &msg!(
                "output-format",
                format = f.name(),
                output = o.display().to_string(),
                ext = ext
            ),
            Some(&msg!("output-format.help", wanted = f.extension())),
        )),
        (Some(f), _, _) => Ok(f),
        (None, Some(i), _) => Ok(i),
        (None, None, Some((_, o))) => Err(error_text(
            Some(Code::OutputFormat),
            &msg!("output-format-unknown", output = o.display().to_string()),
            Some(&msg!("output-format-unknown.help")),
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
    run: &Run<'_>,
    year: u32,
    programme: &str,
    input: &str,
    id: &str,
    format: ReportFormat,
    strict: bool,
) -> ExitCode {
    let lang = run.lang;
    let year = match load_programme(run.policies, year, programme) {
        Ok(y) => y,
        Err(code) => return code,
    };
    // Read and evaluated as `evaluate` does (errors placed in the file), keeping every
    // record's values for the explanation.
    let options = api::EvaluateOptions {
        strict,
        detail: true,
        lang,
        ..api::EvaluateOptions::default()
    };
    let inputs = match inputs_of(&[input.to_string()], run.given) {
        Ok(inputs) => inputs,
        Err(code) => return code,
    };
    let evaluation = match api::evaluate(&year, programme, &inputs, &options) {
        Ok(e) => {
            warn_all(e.warnings());
            e
        }
        Err(problems) => return print_problems(&problems),
    };
    match api::explain(&evaluation, id, lang) {
        Some(e) if format == ReportFormat::Json => emit(&format!("{:#}\n", e.to_json()), None),
        // The explanation quotes the record's values: escaped, line by line.
        Some(e) => emit(&fundpolicy::neutral::terminal_lines(&e.to_text()), None),
        None => {
            let ids: Vec<&str> = evaluation.outcomes().iter().map(|o| &*o.id).collect();
            let hint = fundpolicy::diag::did_you_mean(id, ids.iter().copied())
                .map(|s| msg!("cli-did-you-mean", suggestion = s))
                .unwrap_or_default();
            let message = msg!("cli-no-record", id = id, input = input, hint = hint);
            say!(
                "{}",
                error_text(Some(Code::ApiUnknownRecord), &message, None)
            );
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

fn test(
    policies: &Policies,
    year: Option<u32>,
    filter: Option<&str>,
    coverage: bool,
    format: TestFormat,
    lang: Lang,
) -> ExitCode {
    use fundpolicy::report::machine::{self, YearTests};
    if coverage && format != TestFormat::Text {
        say!(
            "{}",
            error_text(
                None,
                &msg!("cli-coverage-text"),
                Some(&msg!("cli-coverage-text.help")),
            )
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let years = match year {
        Some(y) => vec![y],
        None => policies.year_numbers(),
    };
    let runs: Vec<YearTests> = years
        .into_iter()
        .map(|year| api::test(policies, year, filter))
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
        TestFormat::Text => fundpolicy::policytest::report_text(&runs, filter, coverage, lang),
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
    run: &Run<'_>,
    results: &std::path::Path,
    inputs: &[String],
    max_records: usize,
) -> ExitCode {
    use fundpolicy::report::verify;
    let lang = run.lang;
    let file = results.display().to_string();
    let published = match verify::read(results, lang) {
        Ok(p) => p,
        Err(e) => {
            print_report(&Report::new(&e, None));
            return ExitCode::from(EXIT_UNUSABLE);
        }
    };
    let year = match load_programme(run.policies, published.year, &published.programme) {
        Ok(y) => y,
        Err(code) => return code,
    };
    let line = year.policy_line(lang);
    if year.digest() != published.digest {
        emit(&line, None);
        print_report(&Report::new(
            &verify::policy_changed(&file, &published, year.policy(), lang),
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
            t!(lang, "cli-verify-version", then = then, now = version)
        );
    }
    // Published results were written by `evaluate`: its default reading is repeated.
    let options = api::EvaluateOptions {
        max_records,
        strict: false,
        detail: false,
        lang,
        progress: None,
    };
    let inputs = match inputs_of(inputs, run.given) {
        Ok(inputs) => inputs,
        Err(code) => return code,
    };
    let evaluation = match api::evaluate(&year, &published.programme, &inputs, &options) {
        Ok(e) => {
            warn_all(e.warnings());
            e
        }
        Err(problems) => return print_problems(&problems),
    };
    let verdict =
        match verify::compare(results, evaluation.programme(), evaluation.outcomes(), lang) {
            Ok(v) => v,
            Err(e) => {
                print_report(&Report::new(&e, None));
                return ExitCode::from(EXIT_UNUSABLE);
            }
        };
    let inputs_differ = verify::compare_inputs(published.inputs.as_deref(), evaluation.inputs());
    let mut text = line + &verify::notes(&published, &inputs_differ, lang);
    text.push_str(&verify::text(&verdict, lang));
    if verdict.matches() && !inputs_differ.is_empty() {
        text.push_str(&t!(lang, "cli-verify-inputs-differ"));
        text.push('\n');
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

fn diff(policies: &Policies, from: u32, to: u32, format: DiffFormat, lang: Lang) -> ExitCode {
    let diff = match api::diff(policies, from, to) {
        Ok(d) => d,
        Err(problems) => return print_problems(&problems),
    };
    let text = match format {
        DiffFormat::Text => diff.to_text(lang),
        // `{:#}` of a JSON value is pretty-printed and cannot fail.
        DiffFormat::Json => format!("{:#}\n", diff.to_json()),
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
                let shown = fundpolicy::neutral::terminal_lines(&String::from_utf8_lossy(&bytes));
                let mut out = std::io::stdout().lock();
                out.write_all(shown.as_bytes()).and_then(|_| out.flush())
            })
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
            write(&mut out).and_then(|_| out.flush())
        }
        Some(path) => fundpolicy::output::write_atomically(path, overwrite, write),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            match output {
                Some(path) => say!(
                    "{}",
                    error_text(
                        None,
                        &msg!(
                            "cli-cannot-write",
                            path = path.display().to_string(),
                            cause = fundpolicy::diag::os_reason(&e.to_string())
                        ),
                        None
                    )
                ),
                None => say!("{}", stdout_unwritable(&e)),
            }
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}

/// The one message for a standard output that cannot be written, whether a report found it
/// or the binary's last-resort hook did (a `print!` that failed).
pub fn stdout_unwritable(cause: &dyn std::fmt::Display) -> String {
    error_text(
        None,
        &msg!(
            "cli-stdout-unwritable",
            cause = fundpolicy::diag::os_reason(&cause.to_string())
        ),
        None,
    )
}

#[allow(clippy::too_many_arguments)]
fn evaluate_compare(
    run: &Run<'_>,
    old_year: u32,
    new_year: u32,
    programme: &str,
    inputs: &[String],
    format: Format,
    output: Option<&std::path::Path>,
    limits: api::Limits,
) -> ExitCode {
    let lang = run.lang;
    let old = match load_programme(run.policies, old_year, programme) {
        Ok(y) => y,
        Err(code) => return code,
    };
    let new = match load_programme(run.policies, new_year, programme) {
        Ok(y) => y,
        Err(code) => return code,
    };
    let inputs = match inputs_of(inputs, run.given) {
        Ok(inputs) => inputs,
        Err(code) => return code,
    };
    let comparison = match api::compare_with(&old, &new, programme, &inputs, lang, limits) {
        Ok(c) => c,
        Err(problems) => return print_problems(&problems),
    };
    warn_all(comparison.warnings());
    match format {
        // Serialising a `serde_json::Value` cannot fail (its keys are strings); were it to,
        // the error is reported as a failed write, never an empty output.
        Format::Json => emit_with(output, |out| {
            serde_json::to_writer_pretty(&mut *out, &comparison.to_json())
                .map_err(std::io::Error::other)?;
            out.write_all(b"\n")
        }),
        _ => emit(&comparison.to_text(lang), output),
    }
}

/// The progress bar's indicatif template, its words from the catalogue.
fn progress_template(lang: Lang) -> String {
    t!(
        lang,
        "cli-progress",
        spinner = "{spinner}",
        pos = "{pos}",
        rate = "{rate}"
    )
}

/// A progress bar on standard error for long runs, only when it is a terminal.
fn progress_bar(lang: Lang) -> Option<indicatif::ProgressBar> {
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    // indicatif's own {per_sec} prints four decimals (`2,976.4993/s`): a whole rate reads better.
    let template = progress_template(lang);
    if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}", state.per_sec());
            },
        ));
    }
    Some(bar)
}

#[cfg(test)]
mod tests;
