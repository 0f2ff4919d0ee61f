#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The command line's own types, tested inside the binary (they are not the library's).

use super::*;
use clap::CommandFactory;
use std::ffi::OsString;

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

/// Every subcommand and argument of the derived command line (whose doc comments are not
/// shown) has its help key in both catalogues, and the command built for each language
/// shows a non-empty text for each, never a missing key's `[help-…]`.
#[test]
fn every_command_and_argument_has_help_in_both_languages() {
    let mut missing = Vec::new();
    let root = Cli::command();
    let mut check = |key: String| {
        for lang in [Lang::Zh, Lang::En] {
            if !fundpolicy::i18n::has(lang, &key) {
                missing.push(format!("{lang:?}: {key}"));
            }
        }
    };
    check(help_key("", None));
    check("help-value-command".to_string());
    check("help-usage-options".to_string());
    // A value's placeholder (`<年度>`) is looked up by the argument's id.
    let value_of = |arg: &clap::Arg| {
        arg.get_action()
            .takes_values()
            .then(|| value_key(arg.get_id().as_str()))
    };
    for arg in root.get_arguments() {
        check(help_key("", Some(arg.get_id().as_str())));
        if let Some(key) = value_of(arg) {
            check(key);
        }
    }
    for sub in root.get_subcommands() {
        check(help_key(sub.get_name(), None));
        for arg in sub.get_arguments() {
            check(help_key(sub.get_name(), Some(arg.get_id().as_str())));
            if let Some(key) = value_of(arg) {
                check(key);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "help without words:\n{}",
        missing.join("\n")
    );

    for lang in [Lang::Zh, Lang::En] {
        let mut cmd = command(lang);
        cmd.build();
        let mut shown = Vec::new();
        let mut walk = vec![&cmd];
        while let Some(c) = walk.pop() {
            shown.push((
                c.get_name().to_string(),
                c.get_about().map(|s| s.to_string()),
            ));
            for a in c.get_arguments() {
                let name = format!("{} {}", c.get_name(), a.get_id());
                shown.push((name, a.get_help().map(|s| s.to_string())));
            }
            walk.extend(c.get_subcommands());
        }
        for (name, text) in shown {
            let text = text.unwrap_or_default();
            assert!(
                !text.trim().is_empty() && !text.contains("[help-"),
                "{lang:?}: `{name}` has no help: {text:?}"
            );
        }
    }
}

#[test]
fn choose_lang_reads_the_arguments_before_the_environment() {
    let args = |a: &[&str]| -> Vec<OsString> {
        std::iter::once("fundpolicy")
            .chain(a.iter().copied())
            .map(OsString::from)
            .collect()
    };
    let none = |_: &str| None;
    assert_eq!(choose_lang(&args(&[]), none), Lang::Zh);
    assert_eq!(choose_lang(&args(&["--lang", "en"]), none), Lang::En);
    assert_eq!(choose_lang(&args(&["--lang", "EN"]), none), Lang::En);
    assert_eq!(choose_lang(&args(&["check", "--lang=en"]), none), Lang::En);
    // After `--` it is a value, not the option.
    assert_eq!(
        choose_lang(&args(&["calc", "--", "--lang", "en"]), none),
        Lang::Zh
    );
    let en = |k: &str| (k == "LANG").then(|| "en_US.UTF-8".to_string());
    assert_eq!(choose_lang(&args(&[]), en), Lang::En);
    assert_eq!(choose_lang(&args(&["--lang", "zh"]), en), Lang::Zh);
    assert_eq!(choose_lang(&args(&["--lang=Zh"]), en), Lang::Zh);
    // A language clap will refuse does not decide; clap says so in the chosen language.
    assert_eq!(choose_lang(&args(&["--lang", "fr"]), en), Lang::En);
    // An empty LC_ALL is not set; C is neither language.
    let c = |k: &str| match k {
        "LC_ALL" => Some(String::new()),
        "LANG" => Some("C".to_string()),
        _ => None,
    };
    assert_eq!(choose_lang(&args(&[]), c), Lang::Zh);
}
