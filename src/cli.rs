//! The command line: a thin layer that reads arguments, calls the library and prints.

use crate::Lang;
use crate::diag::{FormulaOrigin, Report, SourceFile};
use crate::formula::{self, Binding, Env, Scope, Target};
use crate::input;
use crate::policy;
use crate::value::{Type, Value, money_text, plain};
use clap::{Parser, Subcommand};
use std::process::ExitCode;

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
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// The policy years and their programmes.
    List,
    /// Validate policies; exits 1 on any error.
    Check {
        #[arg(long)]
        year: Option<u32>,
    },
    /// Evaluate one formula: how policy staff try a formula.
    Calc {
        /// The formula, e.g. 'min(1500万元 * 10%, 100万元)'.
        expr: String,
        /// A record (YAML or JSON) whose fields the formula may use.
        #[arg(long)]
        record: Option<String>,
    },
}

/// Exit status when a policy or an input could not be used.
pub const EXIT_UNUSABLE: u8 = 1;

/// Prints a report to standard error.
pub fn print_report(report: &Report) {
    eprintln!("{}", report.render_plain());
}

pub fn run(cli: Cli) -> ExitCode {
    let source = policy::Source::choose(cli.policies.as_deref());
    match cli.command {
        Command::Calc { expr, record } => calc(&expr, record.as_deref()),
        Command::List => list(&source, cli.lang),
        Command::Check { year } => check(&source, year),
    }
}

fn list(source: &policy::Source, lang: Lang) -> ExitCode {
    let mut ok = true;
    for year in source.years() {
        match policy::load(source, year) {
            Ok(p) => {
                println!("{year}  {} [{}]", p.title.get(lang), p.status);
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

fn check(source: &policy::Source, year: Option<u32>) -> ExitCode {
    let years = match year {
        Some(y) => vec![y],
        None => source.years(),
    };
    let mut problems = 0;
    for y in years {
        match policy::load(source, y) {
            Ok(p) => {
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
                    println!(
                        "{y} {}: ok — {} fields, {} rules, {} values{bound}",
                        prog.id,
                        prog.fields.len(),
                        prog.rules.len(),
                        prog.values.len()
                    );
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
    if problems == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("{problems} problem(s) found");
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
    let origin = FormulaOrigin::whole(SourceFile::new("formula", expr));
    match calc_value(expr, &scope, &values) {
        Ok(v) => {
            println!("{}", show(&v));
            ExitCode::SUCCESS
        }
        Err(problems) => {
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
    let ast = formula::parse(expr).map_err(|e| vec![boxed(e)])?;
    let checked = formula::check(&ast, scope)
        .map_err(|es| es.into_iter().map(boxed).collect::<Problems>())?;
    let code = formula::compile(&ast, &checked, scope).map_err(|e| vec![boxed(e)])?;
    let env = Env {
        fields,
        computed: &[],
        tables: &[],
    };
    formula::eval(&code, &env, &mut Vec::new()).map_err(|e| vec![boxed(e)])
}

fn read_inferred(path: &str) -> Result<input::InferredRecord, Report> {
    let bytes = input::read_bytes(path).map_err(|e| Report::new(&e, None))?;
    let text = input::utf8(path, bytes).map_err(|e| Report::new(&e, None))?;
    let file = SourceFile::new(path, text);
    let docs = input::read_documents(path, &file).map_err(|e| Report::new(&e, Some(&file)))?;
    docs.first().and_then(input::infer_record).ok_or_else(|| {
        let e = input::InputError {
            file: path.to_string(),
            message: "expected one record: a mapping of field names to values".into(),
            help: "write the record as `field: value` lines".into(),
            span: None,
        };
        Report::new(&e, None)
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
