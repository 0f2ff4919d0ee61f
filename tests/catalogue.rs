#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The message catalogue (`locales/<lang>/*.ftl`) is complete and consistent: the same files,
//! keys, attributes and arguments in zh and en, every file parses, and every key the code
//! uses — by literal or as a diagnostic code — is there.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// key (`id` or `id.attr`) → the names of the variables its pattern uses.
type Keys = BTreeMap<String, BTreeSet<String>>;

fn variables(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        let name: String = rest[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
        rest = &rest[i + 1..];
    }
    out
}

/// The keys of one FTL file, read line by line (messages start in column 0, attributes are
/// indented `.name =`, everything else indented continues the entry before it).
fn keys_of(text: &str) -> Keys {
    let mut keys = Keys::new();
    let mut message = String::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ')
            && let Some((id, value)) = line.split_once('=')
        {
            message = id.trim().to_string();
            current = message.clone();
            keys.entry(current.clone())
                .or_default()
                .extend(variables(value));
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(attr) = trimmed.strip_prefix('.')
            && let Some((name, value)) = attr.split_once('=')
        {
            current = format!("{message}.{}", name.trim());
            keys.entry(current.clone())
                .or_default()
                .extend(variables(value));
            continue;
        }
        keys.entry(current.clone())
            .or_default()
            .extend(variables(line));
    }
    keys
}

fn catalogue(lang: &str) -> BTreeMap<String, Keys> {
    let dir = root().join("locales").join(lang);
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ftl") {
            let text = std::fs::read_to_string(&path).unwrap();
            if let Err((_, errors)) = fluent_bundle::FluentResource::try_new(text.clone()) {
                panic!("{} does not parse: {errors:?}", path.display());
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, keys_of(&text));
        }
    }
    files
}

#[test]
fn both_languages_have_the_same_files_keys_and_arguments() {
    let zh = catalogue("zh");
    let en = catalogue("en");
    assert!(!zh.is_empty());
    assert_eq!(
        zh.keys().collect::<Vec<_>>(),
        en.keys().collect::<Vec<_>>(),
        "locales/zh and locales/en hold different files"
    );
    let mut problems = Vec::new();
    let mut seen = BTreeMap::new();
    for (file, zh_keys) in &zh {
        let en_keys = &en[file];
        for (key, vars) in zh_keys {
            if let Some(other) = seen.insert(key.clone(), file.clone()) {
                problems.push(format!("{key} is in both {other} and {file}"));
            }
            match en_keys.get(key) {
                None => problems.push(format!("{file}: {key} is in zh, not in en")),
                Some(en_vars) if en_vars != vars => problems.push(format!(
                    "{file}: {key} takes {vars:?} in zh and {en_vars:?} in en"
                )),
                Some(_) => {}
            }
        }
        for key in en_keys.keys() {
            if !zh_keys.contains_key(key) {
                problems.push(format!("{file}: {key} is in en, not in zh"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literal right after `at` in `text` (skipping spaces), if there is one.
fn literal_after(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let rest = text.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(&rest[..end])
}

/// Every key the code names literally: `t!(lang, "key"…)`, `msg!("key"…)`,
/// `i18n::text(lang, "key"…)`.
fn keys_used() -> BTreeSet<(String, String)> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut used = BTreeSet::new();
    for path in files {
        // The catalogue's own module shows the macros in its documentation.
        if path.ends_with("i18n.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        for (pattern, skip_first_argument) in
            [("t!(", true), ("msg!(", false), ("i18n::text(", true)]
        {
            for (i, _) in text.match_indices(pattern) {
                // `t!(` inside `format!(` is not the macro.
                let before = text[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let mut after = &text[i + pattern.len()..];
                if skip_first_argument {
                    let Some(comma) = after.find(',') else {
                        continue;
                    };
                    after = &after[comma + 1..];
                }
                if let Some(key) = literal_after(after) {
                    used.insert((name.clone(), key.to_string()));
                }
            }
        }
    }
    used
}

#[test]
fn every_key_the_code_uses_is_in_the_catalogue() {
    let zh: BTreeSet<String> = catalogue("zh")
        .into_values()
        .flat_map(|k| k.into_keys())
        .collect();
    let missing: Vec<String> = keys_used()
        .into_iter()
        .filter(|(_, key)| !zh.contains(key))
        .map(|(file, key)| format!("{file}: {key}"))
        .collect();
    assert!(
        missing.is_empty(),
        "keys used but not in the catalogue:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// Every diagnostic code (`Code::ALL`) of a catalogued area has its message (and, where the
/// code's diagnostics carry help, its `.help`, checked by the area's own tests).
#[test]
fn every_diagnostic_code_has_a_message_and_help() {
    let zh: BTreeSet<String> = catalogue("zh")
        .into_values()
        .flat_map(|k| k.into_keys())
        .collect();
    let missing: Vec<String> = fundpolicy::diag::Code::ALL
        .iter()
        .filter(|c| {
            CATALOGUED_AREAS
                .iter()
                .any(|a| c.as_str().starts_with(&format!("{a}::")))
        })
        .filter(|c| !zh.contains(&c.key()))
        .map(|c| format!("{c} → {}", c.key()))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without words:\n{}",
        missing.join("\n")
    );
}

/// The areas whose diagnostics are worded by the catalogue. Every area is, once its module's
/// messages have moved here.
const CATALOGUED_AREAS: &[&str] = &[
    "policy", "lint", "formula", "eval", "yaml", "verify", "input", "output",
];
