//! How the command line is read and helped: the language of the run, clap's command with
//! every word from locales/<lang>/help.ftl, and a wrong command line told in our words.

use super::Cli;
use fundpolicy::Lang;
use fundpolicy::t;
/// The language of a run: `--lang` (looked for in the arguments before clap parses them, so
/// that `--help` and clap's own errors are already in it), else `FUNDPOLICY_LANG`, else the
/// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`: the first one set decides), else Chinese.
pub(super) fn choose_lang(
    args: &[std::ffi::OsString],
    env: impl Fn(&str) -> Option<String>,
) -> Lang {
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
        // Only clap's own spellings count here (in any case, as the pages take `?lang=EN`);
        // anything else is clap's error to report.
        match value.map(|v| v.to_ascii_lowercase()).as_deref() {
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
pub(super) fn help_key(path: &str, arg: Option<&str>) -> String {
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
pub(super) fn command(lang: Lang) -> clap::Command {
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
    let cmd = localise(cmd, lang, "").subcommand_value_name(t!(lang, "help-value-command"));
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
        cmd = cmd.mut_arg(&id, |a| {
            // The placeholder of a value (`<YEAR>`, `<年度>`) by the argument's id.
            let a = if a.get_action().takes_values() {
                a.value_name(t!(lang, &value_key(&id)))
            } else {
                a
            };
            word_arg(a, lang, &key).display_order(order)
        });
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

/// The catalogue key of the placeholder of an argument's value: `help-value-max-records`.
pub(super) fn value_key(id: &str) -> String {
    format!("help-value-{}", id.replace('_', "-"))
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
    // A language asked for by name that is not one we have is said, not passed over.
    if let Ok(asked) = std::env::var("FUNDPOLICY_LANG") {
        let known = ["zh", "en"]
            .iter()
            .any(|l| asked.trim().to_ascii_lowercase().starts_with(l));
        if !asked.trim().is_empty() && !known {
            let chosen = match lang {
                Lang::Zh => t!(lang, "web-lang-zh"),
                Lang::En => t!(lang, "web-lang-en"),
            };
            let warning = t!(
                lang,
                "cli-lang-unknown",
                value = asked.as_str(),
                chosen = chosen
            );
            fundpolicy::neutral::line_to_stderr(&fundpolicy::neutral::terminal_lines(&warning));
        }
    }
    match parse_from(&args, lang) {
        Ok(cli) => cli,
        Err(e) => exit_with(e, lang),
    }
}

/// `args` read by the command line of `lang`. `help` (the command) is answered here.
fn parse_from(args: &[std::ffi::OsString], lang: Lang) -> Result<Cli, clap::Error> {
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
        print!(
            "{}",
            our_usage_words(&target.render_help().to_string(), lang)
        );
        std::process::exit(0);
    }
    Cli::from_arg_matches(&matches).map_err(|e| e.with_cmd(&cmd))
}

/// Ends the process for a clap error: help and version as clap prints them (ours already),
/// a wrong command line in our words with status 2.
fn exit_with(e: clap::Error, lang: Lang) -> ! {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let help = our_usage_words(&e.render().to_string(), lang);
            if e.kind() == ErrorKind::DisplayHelp {
                print!("{help}");
            } else {
                fundpolicy::neutral::to_stderr(&help.to_string());
            }
            std::process::exit(e.exit_code())
        }
        ErrorKind::DisplayVersion => e.exit(),
        _ => {
            fundpolicy::neutral::to_stderr(&usage_error(&e, lang));
            std::process::exit(e.exit_code())
        }
    }
}

/// clap writes `[OPTIONS]` in every usage line and has no way to reword it.
fn our_usage_words(text: &str, lang: Lang) -> String {
    text.replace("[OPTIONS]", &t!(lang, "help-usage-options"))
}

/// What a wrong command line is told: the error from clap's kind and context, a hint where
/// clap has one, the usage of the command, and where to read more.
fn usage_error(e: &clap::Error, lang: Lang) -> String {
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
            // What an input method or a copied cell most often puts in a number: said.
            if let Some(f) = value.chars().find_map(fundpolicy::fullwidth::full_width) {
                hints.push(f.message());
            } else if value.trim() != value {
                hints.push(t!(lang, "usage-value-spaces"));
            }
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
        let usage = our_usage_words(usage.trim_start_matches("Usage:").trim(), lang);
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
pub(super) fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}
