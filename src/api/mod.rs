//! The library's one entry point: what the command line, a server and tests call.
//!
//! - [`Policies`]: where the rules are (a folder, or the copy built into the binary); lists
//!   its years ([`Policies::years`]) and loads one ([`Policies::load`]).
//! - [`Year`]: a loaded, checked year; its [`Programme`]s.
//! - [`Input`]: one application file or upload ([`InputFormat`], [`InputData`]); every caller
//!   reads inputs through it, with the same limits and located errors.
//! - [`evaluate`] gives an [`Evaluation`]: the results as the JSON contract, CSV, a workbook
//!   or a table; [`explain`] one record of it ([`Explanation`]).
//! - [`check`], [`diff`], [`compare`], [`template`] and [`describe`]: the other commands as
//!   data.
//!
//! Every failure is [`Problems`]: the diagnostics the command line prints (a code, a message,
//! a help, a place in a file), never a panic.
//!
//! Words (messages, labels) come in the language given as [`Lang`]; diagnostics made while a
//! policy is loaded are worded in [`Lang::for_messages`].

mod describe;
mod input;

pub use crate::Lang;
pub use crate::diag::Report;
pub use crate::engine::{Outcome, Status};
pub use crate::input::fingerprint::InputPrint;
pub use crate::policy::model::Text;
pub use crate::policy::{Checked, Policy, Programme};
pub use crate::warning::Warning;
pub use describe::describe;
pub use input::{Input, InputData, InputFormat, ReadRecords, read_records};

use crate::diag::Code;
use crate::diag::{Diagnostic, Words};
use crate::policy;
use crate::{msg, t};
use std::path::Path;
use std::sync::Arc;

/// What went wrong, as diagnostics: each with a stable `code`, a `message`, a `help` and,
/// where known, the place in a file (`Report::location`, or its `source` and `labels`).
/// Render one with `Report::render_plain`, or as JSON with `report::machine::report_json`.
pub type Problems = Vec<Report>;

/// A problem the API words itself (an unknown programme, a template that cannot be made).
fn said(code: Code, message: String, help: Option<String>) -> Report {
    let mut said = Diagnostic::new(code, Words::worded(message));
    said.help = help.map(Words::worded);
    Report::new(&said, None)
}

/// Why a policies folder cannot be used, in the language of messages.
fn source_message(e: &policy::SourceError) -> String {
    let path = e.path.display().to_string();
    match &e.reason {
        // An empty reason is "does not exist", worded by the catalogue.
        policy::SourceErrorKind::Missing(reason) if reason.is_empty() => msg!(
            "cli-policy-source-missing",
            path = path,
            reason = msg!("policy-folder-not_found")
        ),
        policy::SourceErrorKind::Missing(reason) => {
            msg!(
                "cli-policy-source-missing",
                path = path,
                reason = crate::diag::os_reason(reason)
            )
        }
        policy::SourceErrorKind::NotAFolder => msg!("cli-policy-source-not-folder", path = path),
        policy::SourceErrorKind::NoYear => msg!("cli-policy-source-no-year", path = path),
    }
}

/// Where policies are read from: a folder of years, or the copy built into the binary.
#[derive(Clone, Debug)]
pub struct Policies {
    source: policy::Source,
}

/// A year as [`Policies::years`] lists it.
#[derive(Clone, Debug)]
pub struct YearInfo {
    /// The year (`2020`).
    pub year: u32,
    /// Its title in both languages (empty when it does not load).
    pub title: Text,
    /// Its status as the policy writes it (`in_force`, `draft` …).
    pub status: String,
    /// Its programmes: id and title.
    pub programmes: Vec<(String, Text)>,
    /// `sha256:` and the digest of the year's files (see [`Year::digest`]).
    pub digest: String,
    /// Why the year does not load; empty when it does.
    pub problems: Problems,
}

impl Policies {
    /// The policies built into the binary.
    pub fn builtin() -> Policies {
        Policies {
            source: policy::Source::Builtin,
        }
    }

    /// A policies folder (one folder per year). A folder that is missing, not a folder or
    /// holds no year is a problem naming it.
    pub fn folder(path: impl AsRef<Path>) -> Result<Policies, Problems> {
        Policies::choose(Some(path.as_ref()))
    }

    /// What the command line uses: the folder given, else `./policies` when there is one,
    /// else the built-in policies.
    pub fn choose(folder: Option<&Path>) -> Result<Policies, Problems> {
        policy::Source::choose(folder)
            .map(|source| Policies { source })
            .map_err(|e| {
                vec![said(
                    Code::PolicySource,
                    source_message(&e),
                    Some(msg!("cli-policy-source-help")),
                )]
            })
    }

    /// `builtin`, or the folder as it was given: what reports name as the policies' source.
    pub fn label(&self) -> String {
        self.source.label()
    }

    /// The policies folder, unless the policies are the built-in ones.
    pub fn folder_path(&self) -> Option<&Path> {
        match &self.source {
            policy::Source::Dir(root) => Some(root),
            policy::Source::Builtin => None,
        }
    }

    /// The years there are, in order (without loading them).
    pub fn year_numbers(&self) -> Vec<u32> {
        self.source.years()
    }

    /// Every year, loaded to say its title, status, programmes and digest.
    pub fn years(&self) -> Vec<YearInfo> {
        self.year_numbers()
            .into_iter()
            .map(|year| match self.load(year) {
                Ok(y) => YearInfo {
                    year,
                    title: y.policy.title.clone(),
                    status: y.policy.status.clone(),
                    programmes: y
                        .policy
                        .programmes
                        .iter()
                        .map(|p| (p.id.clone(), p.title.clone()))
                        .collect(),
                    digest: y.policy.digest.clone(),
                    problems: Vec::new(),
                },
                Err(problems) => YearInfo {
                    year,
                    title: Text::default(),
                    status: String::new(),
                    programmes: Vec::new(),
                    digest: String::new(),
                    problems,
                },
            })
            .collect()
    }

    /// Loads, checks and compiles one year (and the years it extends). Its problems are
    /// worded in [`Lang::for_messages`]; `lang.with_messages(|| policies.load(year))` words
    /// them in another language.
    pub fn load(&self, year: u32) -> Result<Year, Problems> {
        policy::load(&self.source, year).map(Year::from)
    }
}

/// A loaded year: its programmes compiled, its digest known. Cheap to clone (shared).
#[derive(Clone, Debug)]
pub struct Year {
    policy: Arc<Policy>,
}

impl From<Policy> for Year {
    fn from(policy: Policy) -> Year {
        Year {
            policy: Arc::new(policy),
        }
    }
}

impl Year {
    /// The year (`2020`).
    pub fn year(&self) -> u32 {
        self.policy.year
    }

    /// The year's title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        self.policy.title.get(lang)
    }

    /// The status as the policy writes it (`in_force`, `draft` …).
    pub fn status(&self) -> &str {
        &self.policy.status
    }

    /// The status in words of `lang` (`已发布`, `draft`…).
    pub fn status_words(&self, lang: Lang) -> String {
        self.policy.status_words(lang)
    }

    /// `sha256:` and the hex SHA-256 of the year's files and those of the years it extends:
    /// the same rules give the same digest on any machine.
    pub fn digest(&self) -> &str {
        &self.policy.digest
    }

    /// `builtin`, or the policies folder as given.
    pub fn source(&self) -> &str {
        &self.policy.source
    }

    /// The programmes, in the policy's order.
    pub fn programmes(&self) -> &[Programme] {
        &self.policy.programmes
    }

    /// One programme by its id.
    pub fn programme(&self, id: &str) -> Option<&Programme> {
        self.policy.programme(id)
    }

    /// The compiled policy, for the report functions that take one.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The line every text report starts with: which policy, where from, its digest.
    pub fn policy_line(&self, lang: Lang) -> String {
        crate::report::policy_line(&self.policy, lang)
    }

    /// The programme `id`, or the problem of a year without it (naming the closest id).
    pub fn find_programme(&self, id: &str) -> Result<(usize, &Programme), Problems> {
        match self.policy.programmes.iter().position(|p| p.id == id) {
            Some(i) => Ok((i, &self.policy.programmes[i])),
            None => Err(vec![said(
                Code::ApiUnknownProgramme,
                self.no_programme_message(id),
                None,
            )]),
        }
    }

    /// What is said of a programme id this year does not have: its programmes, and the one
    /// `id` is closest to.
    pub fn no_programme_message(&self, id: &str) -> String {
        let ids: Vec<&str> = self.programmes().iter().map(|p| p.id.as_str()).collect();
        let hint = crate::diag::did_you_mean(id, ids.iter().copied())
            .map(|s| msg!("cli-did-you-mean", suggestion = s))
            .unwrap_or_default();
        msg!(
            "cli-no-programme",
            year = self.year(),
            programme = id,
            hint = hint,
            programmes = ids.join(&msg!("help-list-separator"))
        )
    }
}

/// How [`evaluate`] reads and what it keeps.
#[derive(Clone)]
pub struct EvaluateOptions {
    /// The most records the inputs may hold together; more is a problem, not a cut.
    pub max_records: usize,
    /// A column or key that names no field is a problem (`true`) or a warning (`false`).
    pub strict: bool,
    /// Keep each record's values for [`explain`] and the results workbook's summary
    /// (`true`), or only what results and ranking need (`false`: lighter for large batches).
    pub detail: bool,
    /// The language of the results' messages (errors, reasons) and of the problems of an
    /// input that cannot be used.
    pub lang: Lang,
    /// Told the number of records evaluated so far, now and then.
    pub progress: Option<Arc<dyn Fn(usize) + Send + Sync>>,
}

impl Default for EvaluateOptions {
    fn default() -> EvaluateOptions {
        EvaluateOptions {
            max_records: usize::MAX,
            strict: false,
            detail: true,
            lang: Lang::Zh,
            progress: None,
        }
    }
}

impl std::fmt::Debug for EvaluateOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EvaluateOptions")
            .field("max_records", &self.max_records)
            .field("strict", &self.strict)
            .field("detail", &self.detail)
            .field("lang", &self.lang)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// A batch evaluated: an outcome per record, in input order, with ranks, tiers and awards
/// decided over the whole batch.
#[derive(Clone, Debug)]
pub struct Evaluation {
    policy: Arc<Policy>,
    programme: usize,
    outcomes: Vec<Outcome>,
    warnings: Vec<Warning>,
    inputs: Vec<InputPrint>,
}

/// Evaluates every record of `inputs` under a programme of `year`. An input that cannot be
/// used (unreadable, a damaged workbook, no applications, over a limit) is a problem; a bad
/// record inside a usable input is not: it is an `invalid` outcome carrying its located
/// errors.
pub fn evaluate(
    year: &Year,
    programme: &str,
    inputs: &[Input],
    options: &EvaluateOptions,
) -> Result<Evaluation, Problems> {
    // What reading says (an unusable file, a limit) is worded in the results' language.
    options
        .lang
        .with_messages(|| evaluate_in(year, programme, inputs, options))
}

fn evaluate_in(
    year: &Year,
    programme: &str,
    inputs: &[Input],
    options: &EvaluateOptions,
) -> Result<Evaluation, Problems> {
    let (index, prog) = year.find_programme(programme)?;
    let progress = options.progress.clone();
    let tell = move |n: usize| {
        if let Some(p) = &progress {
            p(n);
        }
    };
    let batch = input::evaluate_inputs(
        prog,
        inputs,
        options.lang,
        options.max_records,
        !options.detail,
        &tell,
        crate::records::Reading {
            strict: options.strict,
        },
    )?;
    Ok(Evaluation {
        policy: year.policy.clone(),
        programme: index,
        outcomes: batch.outcomes,
        warnings: batch.warnings,
        inputs: batch.inputs,
    })
}

impl Evaluation {
    /// The programme evaluated.
    pub fn programme(&self) -> &Programme {
        &self.policy.programmes[self.programme]
    }

    /// The year it was evaluated under.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Every record's outcome, in input order: status, failed rules, errors (each with its
    /// place), scores, rank, tier, award, flags.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// One record's outcome by its id.
    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| &*o.id == id)
    }

    /// What reading went on despite (a column that names no field …), each at its file.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Each input with the SHA-256 of its bytes and the number of records it held.
    pub fn inputs(&self) -> &[InputPrint] {
        &self.inputs
    }

    /// The results as `evaluate --format json` prints them (the JSON contract).
    /// `serde_json::to_writer_pretty` and a newline give the command line's bytes. The
    /// contract's keys and codes are the same in every language; its messages were worded
    /// when the batch was evaluated (`EvaluateOptions::lang`), so `lang` changes nothing yet.
    pub fn to_json(&self, _lang: Lang) -> serde_json::Value {
        let mut bytes = Vec::new();
        // Written as the command line streams it, then read back: one way to make the
        // document, so the two cannot differ.
        let written = self.write_json(&mut bytes);
        written
            .ok()
            .and_then(|_| serde_json::from_slice(&bytes).ok())
            .unwrap_or(serde_json::Value::Null)
    }

    /// Writes the JSON contract, streaming the results (for batches too large to hold as
    /// a `serde_json::Value`).
    pub fn write_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        crate::report::write_json(
            &self.policy,
            self.programme(),
            &self.inputs,
            &self.outcomes,
            &self.warnings,
            out,
        )
    }

    /// The results as `evaluate --format csv` writes them: a header and a row per record
    /// (its messages in the evaluation's language, as for [`Evaluation::to_json`]).
    pub fn to_csv(&self, _lang: Lang) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing into memory does not fail.
        let _ = self.write_csv(&mut out);
        out
    }

    /// Writes the CSV results.
    pub fn write_csv(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        crate::report::write_csv(self.programme(), &self.outcomes, out)
    }

    /// The results workbook with its summary sheet (`evaluate --format xlsx`). Its summary
    /// needs each record's values: evaluate with `detail: true`.
    pub fn to_xlsx(&self, lang: Lang) -> Result<Vec<u8>, Problems> {
        let mut out = Vec::new();
        self.write_xlsx(lang, &mut out).map_err(|e| {
            vec![said(
                Code::ReportXlsx,
                msg!("template-cannot-write", reason = e.to_string()),
                None,
            )]
        })?;
        Ok(out)
    }

    /// Writes the results workbook.
    pub fn write_xlsx(&self, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        crate::report::xlsx::write(&self.policy, self.programme(), &self.outcomes, lang, out)
    }

    /// The results as the table `evaluate` shows on a terminal.
    pub fn to_table(&self, lang: Lang) -> String {
        crate::report::table(&self.policy, self.programme(), &self.outcomes, lang)
    }

    /// How one record's values were computed; `None` when no record has that id.
    pub fn explain(&self, record_id: &str, lang: Lang) -> Option<Explanation<'_>> {
        let outcome = self.outcome(record_id)?;
        Some(Explanation {
            evaluation: self,
            outcome,
            lang,
        })
    }
}

/// How one record of an [`Evaluation`] came out: every rule, value, score, its place in the
/// allocation, in words ([`Explanation::to_text`]) or as data ([`Explanation::to_json`]).
#[derive(Clone, Copy, Debug)]
pub struct Explanation<'a> {
    evaluation: &'a Evaluation,
    outcome: &'a Outcome,
    lang: Lang,
}

impl Explanation<'_> {
    /// The outcome explained.
    pub fn outcome(&self) -> &Outcome {
        self.outcome
    }

    /// What `explain --format json` prints.
    pub fn to_json(&self) -> serde_json::Value {
        crate::report::machine::explain_json(
            &self.evaluation.policy,
            self.evaluation.programme(),
            self.outcome,
            self.lang,
        )
    }

    /// What `explain` prints (before a terminal's escaping of control characters).
    pub fn to_text(&self) -> String {
        crate::report::explain(
            &self.evaluation.policy,
            self.evaluation.programme(),
            self.outcome,
            self.lang,
        )
    }
}

/// One record of an evaluation explained (see [`Evaluation::explain`]); `None` when it has
/// no record `record_id`. Explanations need the evaluation's `detail`.
pub fn explain<'a>(
    evaluation: &'a Evaluation,
    record_id: &str,
    lang: Lang,
) -> Option<Explanation<'a>> {
    evaluation.explain(record_id, lang)
}

/// Loads a year as `check` does: the policy, its warnings (valid but probably not meant), and
/// for a year that extends another what each programme inherits, changes and adds.
pub fn check(policies: &Policies, year: u32) -> Result<Checked, Problems> {
    policy::check(&policies.source, year)
}

/// `check --format json` of the years checked.
pub fn check_json(checked: &[(u32, Result<Checked, Problems>)], lang: Lang) -> serde_json::Value {
    crate::report::machine::check_json(checked, lang)
}

/// What changed between two years (see [`diff`]).
#[derive(Clone, Debug)]
pub struct Diff {
    from: Year,
    to: Year,
}

/// What changed from year `from` to year `to`: both loaded (the problems of either, or of
/// both, when they do not load).
pub fn diff(policies: &Policies, from: u32, to: u32) -> Result<Diff, Problems> {
    match (policies.load(from), policies.load(to)) {
        (Ok(from), Ok(to)) => Ok(Diff { from, to }),
        (Err(mut a), Err(b)) => {
            a.extend(b);
            Err(a)
        }
        (Err(p), _) | (_, Err(p)) => Err(p),
    }
}

/// [`diff`] of two years already loaded.
pub fn diff_years(from: &Year, to: &Year) -> Diff {
    Diff {
        from: from.clone(),
        to: to.clone(),
    }
}

impl Diff {
    /// What `diff --format json` prints: every change as `{programme, kind, id, change, key,
    /// old, new}`.
    pub fn to_json(&self) -> serde_json::Value {
        crate::diff::json(&self.from.policy, &self.to.policy)
    }

    /// What `diff` prints.
    pub fn to_text(&self, lang: Lang) -> String {
        crate::diff::diff(&self.from.policy, &self.to.policy, lang)
    }
}

/// The same applications under two years (see [`compare`]).
#[derive(Clone, Debug)]
pub struct Comparison {
    old: Year,
    new: Year,
    programme: String,
    comparisons: Vec<crate::compare::Comparison>,
    warnings: Vec<Warning>,
}

/// Evaluates the applications of `inputs` under programme `programme` of both years, and
/// says for each what changed and why (`evaluate --compare`).
pub fn compare(
    old: &Year,
    new: &Year,
    programme: &str,
    inputs: &[Input],
    lang: Lang,
) -> Result<Comparison, Problems> {
    compare_with(old, new, programme, inputs, lang, Limits::default())
}

/// The records a batch may have unless told otherwise (`--max-records`): about 0.6 KB each
/// in memory, so a mistaken file cannot take the machine's memory.
pub const MAX_RECORDS: usize = 1_500_000;

/// What a batch is read with beyond the policy: how unknown columns are treated, and how
/// many records it may have.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Whether unknown columns are errors on every record (`--strict`).
    pub reading: crate::records::Reading,
    /// The most records the batch may have (`--max-records`).
    pub max_records: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            reading: crate::records::Reading::default(),
            max_records: MAX_RECORDS,
        }
    }
}

/// [`compare`], reading with `limits` (`--strict`, `--max-records`).
pub fn compare_with(
    old: &Year,
    new: &Year,
    programme: &str,
    inputs: &[Input],
    lang: Lang,
    limits: Limits,
) -> Result<Comparison, Problems> {
    let (_, before) = old.find_programme(programme)?;
    let (_, after) = new.find_programme(programme)?;
    let mut warnings = Vec::new();
    let docs = lang.with_messages(|| input::read_documents(after, inputs, &mut warnings))?;
    // A CSV file or a workbook calls its keys columns.
    let noun = |name: &str| {
        let tabular = inputs
            .iter()
            .any(|i| i.name == name && matches!(i.format, InputFormat::Csv | InputFormat::Xlsx));
        if tabular { "column" } else { "key" }
    };
    let (comparisons, read) = lang.with_messages(|| {
        crate::compare::compare_read(before, after, &docs, lang, &noun, limits.reading)
    });
    if comparisons.len() > limits.max_records {
        let name = inputs.last().map(|i| i.name.as_str()).unwrap_or_default();
        return Err(lang.with_messages(|| {
            input::unusable(
                name,
                msg!("cli-too-many", max = limits.max_records),
                msg!("cli-too-many.help"),
            )
        }));
    }
    warnings.extend(read);
    Ok(Comparison {
        old: old.clone(),
        new: new.clone(),
        programme: programme.to_string(),
        comparisons,
        warnings,
    })
}

impl Comparison {
    /// What `evaluate --compare --format json` prints.
    pub fn to_json(&self) -> serde_json::Value {
        crate::compare::json(
            &self.old.policy,
            &self.new.policy,
            &self.programme,
            &self.comparisons,
        )
    }

    /// What `evaluate --compare` prints as text.
    pub fn to_text(&self, lang: Lang) -> String {
        crate::compare::text(&self.old.policy, &self.new.policy, &self.comparisons, lang)
    }

    /// Each record under both years, with the rules whose outcome changed and why.
    pub fn records(&self) -> &[crate::compare::Comparison] {
        &self.comparisons
    }

    /// What reading the inputs went on despite.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

/// A blank application workbook for a programme (`template … -o x.xlsx`): a column per field
/// with its unit, prompts and the validation its cells take.
pub fn template(year: &Year, programme: &str, lang: Lang) -> Result<Vec<u8>, Problems> {
    let (_, prog) = year.find_programme(programme)?;
    crate::template::xlsx(prog, year.year(), lang)
        .map_err(|e| vec![said(Code::TemplateWrite, e.to_string(), None)])
}

/// The CSV header row of a programme's applications (`template … -o x.csv`).
pub fn template_csv(year: &Year, programme: &str) -> Result<Vec<u8>, Problems> {
    let (_, prog) = year.find_programme(programme)?;
    Ok(crate::template::csv(prog).into_bytes())
}

/// Errors of a formula tried on its own (`calc`): parsing, checking, compiling, evaluating.
pub type FormulaProblems = Vec<Diagnostic>;

/// Parses, checks, compiles and evaluates a formula against one record's fields (what
/// `calc` does without a programme).
pub fn calc_value(
    expr: &str,
    scope: &dyn crate::formula::Scope,
    fields: &[crate::value::Value],
) -> Result<crate::value::Value, FormulaProblems> {
    let env = crate::formula::Env {
        fields,
        computed: &[],
        tables: &[],
    };
    calc_in(expr, scope, &env)
}

/// Parses, checks and evaluates a formula in an environment.
pub fn calc_in(
    expr: &str,
    scope: &dyn crate::formula::Scope,
    env: &crate::formula::Env<'_>,
) -> Result<crate::value::Value, FormulaProblems> {
    use crate::formula;
    let ast = formula::parse(expr).map_err(|e| vec![e])?;
    let ir = formula::check(&ast, scope)?;
    formula::eval(&ir, env).map_err(|e| vec![*e])
}

/// How `calc` shows a value: money in 元 and 万元 (Chinese) or yuan (English), numbers as
/// written, yes/no in the words of `lang`.
pub fn show(v: &crate::value::Value, lang: Lang) -> String {
    use crate::value::{Value, money_text, plain};
    match v {
        Value::Money(d) if lang == Lang::Zh => money_text(*d),
        Value::Money(d) => crate::report::money(*d, lang),
        Value::Number(d) => plain(*d),
        Value::Bool(true) => t!(lang, "value-yes"),
        Value::Bool(false) => t!(lang, "value-no"),
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| match i {
                    // In a list, each amount once, as staff write it.
                    Value::Money(d) => crate::report::money(*d, lang),
                    other => show(other, lang),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// Runs a year's policy tests (`policies/<year>/tests/*.yaml`; only the cases whose name or
/// file contains `filter`), as `test` does; the report functions of `report::machine` and
/// `policytest::report_text` word the result.
pub fn test(
    policies: &Policies,
    year: u32,
    filter: Option<&str>,
) -> crate::report::machine::YearTests {
    crate::report::machine::YearTests {
        year,
        loaded: crate::policytest::load_and_run(&policies.source, year, filter),
    }
}

/// The one record of an input read without a programme, each value's type inferred from its
/// text (what `calc --record` gives a formula without `--programme`).
pub fn read_inferred(input: &Input) -> Result<crate::input::InferredRecord, Problems> {
    input::read_inferred(input)
}
