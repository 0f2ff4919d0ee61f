#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `--help` and clap's own errors in the language of the run: every command and argument has
//! its words in both languages, Chinese help holds no English sentence and English help no
//! Chinese, and the language is chosen by `--lang`, else `FUNDPOLICY_LANG`, else the locale.
//! (What needs the command line's own types, `Cli` and `choose_lang`, is tested inside the
//! binary: `src/cli/tests.rs`.)

use fundpolicy::Lang;

/// The binary with no language in its environment, so each test says which it means.
fn fundpolicy() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_fundpolicy"));
    for k in ["FUNDPOLICY_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(k);
    }
    cmd
}

fn help(args: &[&str], env: &[(&str, &str)]) -> String {
    let out = fundpolicy()
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The first run of three or more English words in `text`: whitespace-separated tokens of
/// ASCII letters (a trailing `,.;:` and surrounding brackets allowed). Option names, value
/// names, code in backticks and file names are not words (`--year`, `<YEAR>`, `[OPTIONS]`,
/// `` `fundpolicy list` ``, `policy.yaml`).
fn english_run(text: &str) -> Option<String> {
    for line in text.lines() {
        // Code in backticks is what the user types, not prose.
        let mut prose = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                prose.push_str(part);
            }
            prose.push(' ');
        }
        let mut run: Vec<&str> = Vec::new();
        for token in prose.split_whitespace() {
            let word = token
                .trim_start_matches('(')
                .trim_end_matches([',', '.', ';', ':', ')']);
            let is_word = !word.is_empty()
                && !token.starts_with(['-', '<', '['])
                && word.chars().all(|c| c.is_ascii_alphabetic());
            if is_word {
                run.push(word);
                if run.len() >= 3 {
                    return Some(format!("{} — in: {line}", run.join(" ")));
                }
            } else {
                run.clear();
            }
        }
    }
    None
}

fn has_cjk(text: &str) -> Option<char> {
    text.chars().find(|c| {
        matches!(*c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
    })
}

#[test]
fn chinese_help_has_no_english_sentence_and_english_help_no_chinese() {
    for args in [
        &["--help"][..],
        &["evaluate", "--help"],
        &["help", "evaluate"],
        &["check", "-h"],
        &["calc", "--help"],
        &["serve", "--help"],
    ] {
        let zh = help(args, &[]);
        assert!(zh.contains("用法："), "{args:?}: {zh}");
        if let Some(run) = english_run(&zh) {
            panic!("{args:?} in zh has English: {run}\n{zh}");
        }
        // Nor clap's placeholders: `[OPTIONS]`, `<COMMAND>`, `<YEAR>`.
        for placeholder in ["[OPTIONS]", "<COMMAND>", "<YEAR>", "<EXPR>", "<INPUTS>"] {
            assert!(
                !zh.contains(placeholder),
                "{args:?}: {placeholder} in\n{zh}"
            );
        }
        let en = help(args, &[("FUNDPOLICY_LANG", "en")]);
        assert!(en.contains("Usage: "), "{args:?}: {en}");
        // The formula example of calc is written in the policy's units (万元).
        if args[0] != "calc"
            && let Some(c) = has_cjk(&en)
        {
            panic!("{args:?} in en has `{c}`:\n{en}");
        }
    }
}

/// The check itself: it finds a sentence and passes ids, options and lists of values.
#[test]
fn english_runs_are_found() {
    assert!(english_run("  -h, --help  Print help for commands").is_some());
    assert!(english_run("用法：fundpolicy evaluate [OPTIONS] --year <YEAR>").is_none());
    assert!(english_run("（可选：table、json、csv、xlsx）（默认：zh）").is_none());
    assert!(english_run("项目编号（`fundpolicy list all`）").is_none());
}

#[test]
fn the_language_is_chosen_by_lang_then_fundpolicy_lang_then_the_locale() {
    let zh_words = "按项目评审申报";
    let en_words = "Evaluate applications against a programme";
    let run = |args: &[&str], env: &[(&str, &str)]| help(&[args, &["--help"]].concat(), env);
    // Nothing said: Chinese.
    assert!(run(&["evaluate"], &[]).contains(zh_words));
    assert!(run(&["evaluate"], &[("LANG", "C.UTF-8")]).contains(zh_words));
    // FUNDPOLICY_LANG, and the locale.
    assert!(run(&["evaluate"], &[("FUNDPOLICY_LANG", "en")]).contains(en_words));
    assert!(run(&["evaluate"], &[("LANG", "en_US.UTF-8")]).contains(en_words));
    assert!(
        run(
            &["evaluate"],
            &[("LC_ALL", "en_GB.UTF-8"), ("LANG", "zh_CN.UTF-8")]
        )
        .contains(en_words)
    );
    assert!(run(&["evaluate"], &[("LANG", "zh_CN.UTF-8")]).contains(zh_words));
    // FUNDPOLICY_LANG before the locale.
    assert!(
        run(
            &["evaluate"],
            &[("FUNDPOLICY_LANG", "zh"), ("LANG", "en_US.UTF-8")]
        )
        .contains(zh_words)
    );
    // --lang before both, before or after the command, with or without `=`.
    let both_en = [("FUNDPOLICY_LANG", "en"), ("LANG", "en_US.UTF-8")];
    let both_zh = [("FUNDPOLICY_LANG", "zh"), ("LANG", "zh_CN.UTF-8")];
    assert!(run(&["--lang", "zh", "evaluate"], &both_en).contains(zh_words));
    assert!(run(&["evaluate", "--lang=zh"], &both_en).contains(zh_words));
    assert!(run(&["--lang", "en", "evaluate"], &both_zh).contains(en_words));
    assert!(run(&["evaluate", "--lang=en"], &both_zh).contains(en_words));
}

/// clap's errors in the language of the run, exit status 2, with the usage and a hint.
#[test]
fn a_wrong_command_line_is_told_in_the_language_of_the_run() {
    let out = fundpolicy()
        .args(["evaluate", "--yeer", "2020", "a.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("错误：不认识的参数 `--yeer`"), "{err}");
    assert!(err.contains("提示：是否要写 `--year`？"), "{err}");
    assert!(err.contains("用法：fundpolicy evaluate"), "{err}");
    assert!(
        err.contains("更多说明请运行 `fundpolicy evaluate --help`。"),
        "{err}"
    );
    assert!(english_run(&err).is_none(), "{err}");

    for (args, says) in [
        (&["evaluat"][..], "没有 `evaluat` 这个命令"),
        (
            &["check", "--year", "二〇二〇"],
            "不能用：这里应写一个不带小数点的整数",
        ),
        (
            &["check", "--year", "２０２０"],
            "提示：`２` 是全角数字：请改用半角的 `2`",
        ),
        (&["check", "--year", " 2020"], "提示：去掉值前后的空格"),
        (&["check", "--format", "pdf"], "可选的值：text、json"),
        (
            &["calc", "--year", "2020", "1"],
            "缺少必须写的参数：--programme",
        ),
        (&["--lang", "fr", "list"], "`fr` 不能作为 --lang"),
    ] {
        let out = fundpolicy().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(english_run(&err).is_none(), "{args:?}: {err}");
    }

    let out = fundpolicy()
        .args(["--lang", "en", "evaluate", "--yeer", "2020", "a.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: unexpected argument `--yeer`"),
        "{err}"
    );
    assert!(err.contains("did you mean `--year`?"), "{err}");
    assert!(has_cjk(&err).is_none(), "{err}");

    // The language in any case, as the pages take `?lang=EN`.
    let out = fundpolicy()
        .args(["--lang", "EN", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let listed = String::from_utf8(out.stdout).unwrap();
    assert!(listed.contains("Policy: 2020"), "{listed}");
}

/// The common reasons a read or write fails are said in our words, with the system's number.
#[test]
fn the_systems_reasons_are_worded() {
    use fundpolicy::diag::os_reason;
    let full = "No space left on device (os error 28)";
    assert_eq!(
        Lang::Zh.with_messages(|| os_reason(full)),
        "磁盘已满（系统错误 28）"
    );
    assert_eq!(
        Lang::En.with_messages(|| os_reason(full)),
        "no space left on the device (os error 28)"
    );
    for code in [2, 13, 21, 28, 30] {
        let text = format!(
            "{} (os error {code})",
            std::io::Error::from_raw_os_error(code)
        );
        for lang in [Lang::Zh, Lang::En] {
            let said = lang.with_messages(|| os_reason(&text));
            assert!(!said.starts_with('['), "{lang:?} {code}: {said}");
            assert!(said.contains(&code.to_string()), "{said}");
        }
    }
    // One we do not know is shown as the system says it.
    assert_eq!(os_reason("something else"), "something else");
}

#[test]
fn a_language_variable_naming_no_language_we_have_is_said() {
    let out = fundpolicy()
        .arg("list")
        .env("FUNDPOLICY_LANG", "fr")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("FUNDPOLICY_LANG=“fr”"), "{err}");
    assert!(err.contains("中文"), "{err}");
    let listed = String::from_utf8(out.stdout).unwrap();
    assert!(listed.contains("（已发布）"), "statuses in words: {listed}");
    assert!(!listed.contains("[published]"), "{listed}");

    let out = fundpolicy()
        .arg("list")
        .env("FUNDPOLICY_LANG", "fr")
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is not a language we have"), "{err}");
    assert!(err.contains("English"), "{err}");
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("[published]")
    );
}
