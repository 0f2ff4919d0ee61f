//! The command line: a thin layer that reads arguments, calls the library and prints.

use crate::Lang;
use crate::diag::{FormulaOrigin, Report, SourceFile};
use crate::formula::{self, Binding, Env, Scope, Target};
use crate::input;
use crate::input::fingerprint::InputPrint;
use crate::policy;
use crate::value::{Type, Value, money_text, plain};
use crate::{msg, t};
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

// The words of `--help` are not the doc comments: `command` replaces every about and help
// from locales/<lang>/help.ftl, in the language chosen before parsing (see `parse`).
/// An error as the command line says it, in the language of messages: `错误[code]：message`
/// (`error[code]: message`), and its help on the line below.
fn error_text(code: Option<&str>, message: &str, help: Option<&str>) -> String {
    let lang = Lang::for_messages();
    let mut out = t!(lang, "cli-error");
    if let Some(code) = code {
        out.push_str(&format!("[{code}]"));
    }
    out.push_str(colon(lang));
    out.push_str(message);
    if let Some(help) = help {
        out.push_str(&format!(
            "\n  {}{}{help}",
            t!(lang, "cli-help"),
            colon(lang)
        ));
    }
    out
}

/// Why `--policies DIR` cannot be used, in the language of messages.
fn source_error(e: &policy::SourceError) -> String {
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

#[derive(Parser, Debug)]
#[command(name = "fundpolicy", version)]
pub struct Cli {
    /// The policy folder.
    #[arg(long, global = true)]
    pub policies: Option<std::path::PathBuf>,
    /// Language of messages and labels (its default is set by `command`).
    #[arg(long, global = true, value_enum, default_value = "zh")]
    pub lang: Lang,
    /// Read every input in this format.
    #[arg(long, global = true, value_enum)]
    pub input_format: Option<input::Format>,
    #[command(subcommand)]
    pub command: Command,
}

/// The language of a run: `--lang` (looked for in the arguments before clap parses them, so
/// that `--help` and clap's own errors are already in it), else `FUNDPOLICY_LANG`, else the
/// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`: the first one set decides), else Chinese.
pub fn choose_lang(args: &[std::ffi::OsString], env: impl Fn(&str) -> Option<String>) -> Lang {
    let named = |s: &str| -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    };
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next(),
            Some(rest) => rest.strip_prefix('=').map(|v| v.to_string().into()),
            None => None,
        };
        // Only clap's own spellings count here; anything else is clap's error to report.
        match value.as_deref() {
            Some("zh") => return Lang::Zh,
            Some("en") => return Lang::En,
            _ => {}
        }
    }
    if let Some(lang) = env("FUNDPOLICY_LANG").as_deref().and_then(named) {
        return lang;
    }
    // POSIX: the first of these that is set and not empty is the locale of messages.
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| env(k).filter(|v| !v.is_empty()))
        .and_then(|v| named(&v))
        .unwrap_or_default()
}

/// The catalogue key of a command's about (`path` empty for the program) or of an argument's
/// help: `help-evaluate`, `help-evaluate-max-records`, `help-policies`.
pub fn help_key(path: &str, arg: Option<&str>) -> String {
    let mut key = String::from("help");
    for part in [Some(path), arg].into_iter().flatten() {
        if !part.is_empty() {
            key.push('-');
            key.push_str(&part.replace('_', "-"));
        }
    }
    if key == "help" {
        key.push_str("-about");
    }
    key
}

/// The command line as clap reads it, every word of its help in `lang`: each about and help
/// from the catalogue, clap's headings in a help template of our own, the possible and
/// default values written in our words, and `-h`, `-V` and `help` added with our texts
/// (clap's built-in ones cannot be reworded).
pub fn command(lang: Lang) -> clap::Command {
    use clap::{Arg, ArgAction, CommandFactory};
    let lang_name = match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    let cmd = Cli::command()
        .mut_arg("lang", |a| a.default_value(lang_name))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true);
    let cmd = localise(cmd, lang, "");
    let help_command = clap::Command::new("help").about(t!(lang, "help-help")).arg(
        Arg::new("command")
            .num_args(0..)
            .help(t!(lang, "help-help-command")),
    );
    let help_command = with_template(help_command, lang);
    cmd.subcommand(help_command)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .global(true)
                .action(ArgAction::Help)
                .help(t!(lang, "help-flag-help")),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(t!(lang, "help-flag-version")),
        )
}

/// `cmd` (at `path`: its name, empty for the program) and everything under it in `lang`.
fn localise(cmd: clap::Command, lang: Lang, path: &str) -> clap::Command {
    let mut cmd = cmd.about(t!(lang, &help_key(path, None))).long_about(None);
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for (n, id) in ids.into_iter().enumerate() {
        let key = help_key(path, Some(&id));
        // The program's own options (global, shown under every command) after the command's.
        let order = if path.is_empty() { 100 + n } else { n };
        cmd = cmd.mut_arg(&id, |a| word_arg(a, lang, &key).display_order(order));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |s| localise(s, lang, &name));
    }
    with_template(cmd, lang)
}

/// An argument's help from the catalogue, with its possible and default values in our words
/// (clap writes `[possible values: …]` and `[default: …]` in English).
fn word_arg(arg: clap::Arg, lang: Lang, key: &str) -> clap::Arg {
    let separator = t!(lang, "help-list-separator");
    let mut help = t!(lang, key);
    // A flag's parser has possible values too (`true`, `false`), not for the reader.
    let takes_values = arg.get_action().takes_values();
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|_| takes_values)
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let arg = if possible.is_empty() {
        arg
    } else {
        help.push_str(&t!(
            lang,
            "help-possible",
            values = possible.join(&separator)
        ));
        arg.hide_possible_values(true)
    };
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let arg = if defaults.is_empty() {
        arg
    } else {
        help.push_str(&t!(lang, "help-default", value = defaults.join(&separator)));
        arg.hide_default_value(true)
    };
    arg.help(help).long_help(None)
}

/// clap's help layout with our headings (clap writes `Usage:`, `Options:` … in English);
/// a heading is written only over something.
fn with_template(cmd: clap::Command, lang: Lang) -> clap::Command {
    let gap = match lang {
        Lang::Zh => "",
        Lang::En => " ",
    };
    let mut template = format!(
        "{{before-help}}{{about-with-newline}}\n{}{gap}{{usage}}",
        t!(lang, "help-heading-usage")
    );
    if cmd.get_subcommands().next().is_some() {
        template.push_str(&format!(
            "\n\n{}\n{{subcommands}}",
            t!(lang, "help-heading-commands")
        ));
    }
    if cmd.get_positionals().next().is_some() {
        template.push_str(&format!(
            "\n\n{}\n{{positionals}}",
            t!(lang, "help-heading-arguments")
        ));
    }
    // Every command has options: -h, and the global ones.
    template.push_str(&format!(
        "\n\n{}\n{{options}}{{after-help}}",
        t!(lang, "help-heading-options")
    ));
    cmd.help_template(template)
}

/// The command line of this process, read in the language of the run (which is also set as
/// the language of diagnostics). A wrong command line is told so in that language and ends
/// the process with status 2; `--help` and `--version` print and end it with 0.
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = choose_lang(&args, |k| std::env::var(k).ok());
    lang.set_for_messages();
    match parse_from(&args, lang) {
        Ok(cli) => cli,
        Err(e) => exit_with(e, lang),
    }
}

/// `args` read by the command line of `lang`. `help` (the command) is answered here.
pub fn parse_from(args: &[std::ffi::OsString], lang: Lang) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    let mut cmd = command(lang);
    let matches = cmd.try_get_matches_from_mut(args)?;
    if let Some(("help", sub)) = matches.subcommand() {
        let names: Vec<&String> = sub
            .get_many::<String>("command")
            .map(Iterator::collect)
            .unwrap_or_default();
        // Built, so that a command's usage names the program before it.
        cmd.build();
        let mut target = &mut cmd;
        for name in names {
            match target.find_subcommand_mut(name) {
                Some(next) => target = next,
                None => {
                    let mut e = clap::Error::new(clap::error::ErrorKind::InvalidSubcommand);
                    e.insert(
                        clap::error::ContextKind::InvalidSubcommand,
                        clap::error::ContextValue::String(name.clone()),
                    );
                    return Err(e.with_cmd(&cmd));
                }
            }
        }
        let _ = target.print_help();
        std::process::exit(0);
    }
    Cli::from_arg_matches(&matches).map_err(|e| e.with_cmd(&cmd))
}

/// Ends the process for a clap error: help and version as clap prints them (ours already),
/// a wrong command line in our words with status 2.
fn exit_with(e: clap::Error, lang: Lang) -> ! {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        _ => {
            eprint!("{}", usage_error(&e, lang));
            std::process::exit(e.exit_code())
        }
    }
}

/// What a wrong command line is told: the error from clap's kind and context, a hint where
/// clap has one, the usage of the command, and where to read more.
pub fn usage_error(e: &clap::Error, lang: Lang) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let separator = t!(lang, "help-list-separator");
    let get = |kind: ContextKind| -> Option<String> {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) if !v.is_empty() => Some(v.join(&separator)),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    // Suggestions each in backticks: `evaluate`、`template`.
    let quoted = |kind: ContextKind| -> Option<String> {
        let list: Vec<String> = match e.get(kind)? {
            ContextValue::String(s) => vec![format!("`{s}`")],
            ContextValue::Strings(v) => v.iter().map(|s| format!("`{s}`")).collect(),
            _ => return None,
        };
        (!list.is_empty()).then(|| list.join(&separator))
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut hints = Vec::new();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => {
            if let Some(s) = quoted(ContextKind::SuggestedArg) {
                hints.push(t!(lang, "usage-did-you-mean", suggestion = s));
            }
            t!(lang, "usage-unknown-argument", arg = &arg)
        }
        ErrorKind::InvalidSubcommand => {
            let command = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            if let Some(s) = quoted(ContextKind::SuggestedSubcommand) {
                hints.push(t!(lang, "usage-did-you-mean", suggestion = s));
            }
            let names: Vec<String> = command_names(lang);
            hints.push(t!(
                lang,
                "usage-commands",
                commands = names.join(&separator)
            ));
            t!(lang, "usage-invalid-subcommand", command = command)
        }
        ErrorKind::MissingSubcommand => {
            let names: Vec<String> = command_names(lang);
            hints.push(t!(
                lang,
                "usage-commands",
                commands = names.join(&separator)
            ));
            t!(lang, "usage-missing-subcommand")
        }
        ErrorKind::InvalidValue if value.is_empty() => t!(lang, "usage-empty-value", arg = &arg),
        ErrorKind::InvalidValue => {
            if let Some(s) = quoted(ContextKind::SuggestedValue) {
                hints.push(t!(lang, "usage-did-you-mean", suggestion = s));
            }
            if let Some(v) = get(ContextKind::ValidValue) {
                hints.push(t!(lang, "usage-possible-values", values = v));
            }
            t!(lang, "usage-invalid-value", arg = &arg, value = &value)
        }
        ErrorKind::ValueValidation => {
            t!(lang, "usage-value-validation", arg = &arg, value = &value)
        }
        ErrorKind::NoEquals => t!(lang, "usage-no-equals", arg = &arg),
        ErrorKind::TooManyValues => {
            t!(lang, "usage-too-many-values", arg = &arg, value = &value)
        }
        ErrorKind::TooFewValues => t!(
            lang,
            "usage-too-few-values",
            arg = &arg,
            expected = get(ContextKind::MinValues).unwrap_or_default(),
            actual = get(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::WrongNumberOfValues => t!(
            lang,
            "usage-wrong-number-of-values",
            arg = &arg,
            expected = get(ContextKind::ExpectedNumValues).unwrap_or_default(),
            actual = get(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            // clap names the same argument when it was given twice.
            Some(other) if other != arg => {
                t!(lang, "usage-conflict", arg = &arg, other = other)
            }
            _ => t!(lang, "usage-repeated", arg = &arg),
        },
        ErrorKind::MissingRequiredArgument => {
            t!(lang, "usage-missing-argument", args = &arg)
        }
        ErrorKind::InvalidUtf8 => t!(lang, "usage-invalid-utf8"),
        _ => t!(lang, "usage-other"),
    };
    // clap's free-worded tips, recognised by their shape and said in our words.
    if let Some(ContextValue::StyledStrs(tips)) = e.get(ContextKind::Suggested) {
        for tip in tips.iter().map(ToString::to_string) {
            if tip.starts_with("to pass ") {
                hints.push(t!(lang, "usage-as-value", arg = &arg));
            } else if let Some(pair) = tip.strip_suffix("' exists")
                && let Some((command, flag)) = pair.trim_start_matches('\'').split_once(' ')
            {
                hints.push(t!(
                    lang,
                    "usage-exists-under",
                    command = command,
                    arg = flag
                ));
            }
        }
    }
    let mut out = format!("{}{}{}\n", t!(lang, "cli-error"), colon(lang), message);
    for hint in hints {
        out.push_str(&format!(
            "  {}{}{}\n",
            t!(lang, "cli-help"),
            colon(lang),
            hint
        ));
    }
    if let Some(usage) = get(ContextKind::Usage) {
        // clap's usage starts with its own heading.
        let usage = usage.trim_start_matches("Usage:").trim();
        let gap = if lang == Lang::En { " " } else { "" };
        out.push_str(&format!(
            "\n{}{gap}{usage}\n",
            t!(lang, "help-heading-usage")
        ));
        let command = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "\n{}\n",
            t!(lang, "usage-more", command = command)
        ));
    }
    out
}

/// The names of the commands, for a line that lists them.
fn command_names(lang: Lang) -> Vec<String> {
    command(lang)
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect()
}

/// The colon after `错误` / `error`.
fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
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
                "{}",
                error_text(
                    Some("policy::source"),
                    &source_error(&e),
                    Some(&msg!("cli-policy-source-help")),
                )
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
                            "{}",
                            error_text(
                                Some("output::refused"),
                                &msg!("output-refused-stdout", input = input.display().to_string()),
                                Some(&msg!("output-refused-stdout.help")),
                            )
                        );
                        return ExitCode::from(EXIT_UNUSABLE);
                    }
                }
            }
            match compare {
                Some(_) if format == Format::Xlsx => {
                    say!(
                        "{}",
                        error_text(
                            None,
                            &msg!("cli-compare-xlsx"),
                            Some(&msg!("cli-compare-xlsx.help")),
                        )
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
                            bound + &t!(lang, "cli-check-award-bound", amount = money_text(m))
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
                problems += reports.len();
                for r in &reports {
                    print_report(r);
                }
            }
        }
    }
    if warnings > 0 {
        eprintln!("{}", t!(lang, "cli-check-warnings", n = warnings));
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
                crate::engine::evaluate(programme, records.remove(0), Lang::for_messages());
            for e in outcome.errors() {
                let text = crate::report::error_text(e);
                match &e.location {
                    Some(_) => say!("{}", error_text(None, &text, None)),
                    None => say!("{}", error_text(None, &format!("{path}: {text}"), None)),
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
            message: msg!("cli-calc-one-record"),
            help: msg!("cli-calc-one-record.help"),
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
                .map(|s| msg!("cli-did-you-mean", suggestion = s))
                .unwrap_or_default();
            let message = msg!(
                "cli-no-programme",
                year = year,
                programme = id,
                hint = hint,
                programmes = ids.join(&msg!("help-list-separator"))
            );
            say!("{}", error_text(None, &message, None));
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
    let bar = progress_bar(lang);
    let report_progress = |n: usize| {
        if let Some(bar) = &bar {
            bar.set_position(n as u64);
        }
    };
    let lean = format != Format::Xlsx;
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
                say!("{}", error_text(None, &e.to_string(), None));
                return ExitCode::from(EXIT_UNUSABLE);
            }
        },
        "csv" => crate::template::csv(programme).into_bytes(),
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
    write_output(Some(output), force, |out| out.write_all(&bytes))
}

/// An output path refused before any work (exit 1: nothing was written).
fn refused(target: &std::path::Path, refusal: &crate::output::Refusal) -> ExitCode {
    let help = match refusal {
        crate::output::Refusal::Exists => msg!("output-refused-help-exists"),
        crate::output::Refusal::ReadOnly => msg!("output-refused-help-read-only"),
        _ => msg!("output-refused-help-other"),
    };
    let message = msg!(
        "output-refused",
        target = target.display().to_string(),
        reason = refusal.to_string()
    );
    say!(
        "{}",
        error_text(Some("output::refused"), &message, Some(&help))
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
            Some("output::format"),
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
            Some("output::format"),
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
                .map(|s| msg!("cli-did-you-mean", suggestion = s))
                .unwrap_or_default();
            let message = msg!("cli-no-record", id = id, input = input, hint = hint);
            say!("{}", error_text(None, &message, None));
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
            t!(lang, "cli-verify-version", then = then, now = version)
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
                Some(path) => say!(
                    "{}",
                    error_text(
                        None,
                        &msg!(
                            "cli-cannot-write",
                            path = path.display().to_string(),
                            cause = crate::diag::os_reason(&e.to_string())
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
            cause = crate::diag::os_reason(&cause.to_string())
        ),
        None,
    )
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
            msg!("cli-too-many", max = max_records),
            msg!("cli-too-many.help"),
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
                message: msg!("cli-too-many", max = max_records),
                help: msg!("cli-too-many.help"),
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
                    msg!("cli-not-read-whole"),
                    msg!("cli-not-read-whole.help"),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The progress bar's words are a template indicatif reads, in both languages (one it
    /// could not read would fall back to a bar without words).
    #[test]
    fn the_progress_template_is_read_by_indicatif() {
        for lang in [Lang::Zh, Lang::En] {
            let template = progress_template(lang);
            assert!(template.contains("{pos}") && template.contains("{rate}"));
            assert!(
                indicatif::ProgressStyle::with_template(&template).is_ok(),
                "{template}"
            );
        }
    }
}
