//! The message catalogue: every word fundpolicy says to a user, in Chinese and English.
//!
//! The words live in Project Fluent files, `locales/<lang>/<area>.ftl` (one file per area of
//! the program, the same files in both languages), embedded in the binary by `build.rs`.
//! Fluent is the standard for this (Mozilla's, with a Rust implementation that is kept up):
//! messages take named arguments, English plurals are chosen by the message, not by code,
//! and a translator edits text files, not Rust.
//!
//! A message is looked up by its key; a diagnostic's key is its code with `::` written `-`
//! (`policy::round` → `policy-round`), its help the attribute `.help` and the label under
//! its span `.label`, so each error type declares its code once and its words live here.
//! `tests/catalogue.rs` fails when a key is in one language and not the other, when a key
//! used in `src/` is in neither, or when a message's arguments differ between languages.

use crate::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

type Bundle = FluentBundle<FluentResource>;

/// An argument of a message: text, or a count (which English uses to choose a plural).
#[derive(Clone, Debug)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Count(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}
impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}
impl<'a> From<Cow<'a, str>> for Arg<'a> {
    fn from(s: Cow<'a, str>) -> Self {
        Arg::Text(s)
    }
}
impl<'a> From<&'a std::sync::Arc<str>> for Arg<'a> {
    fn from(s: &'a std::sync::Arc<str>) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}
macro_rules! count_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
count_from!(usize, u64, u32, u16, u8, i64, i32);
impl From<rust_decimal::Decimal> for Arg<'_> {
    fn from(d: rust_decimal::Decimal) -> Self {
        Arg::Text(Cow::Owned(crate::value::plain(d)))
    }
}

fn bundle(lang: Lang) -> &'static Bundle {
    static ZH: OnceLock<Bundle> = OnceLock::new();
    static EN: OnceLock<Bundle> = OnceLock::new();
    let (cell, files, id) = match lang {
        Lang::Zh => (&ZH, CATALOGUE_ZH, "zh-CN"),
        Lang::En => (&EN, CATALOGUE_EN, "en-US"),
    };
    cell.get_or_init(|| {
        let locale = id.parse().unwrap_or_default();
        let mut bundle = Bundle::new_concurrent(vec![locale]);
        // Isolation marks (U+2068/U+2069) around arguments would reach terminals, CSV cells
        // and JSON as invisible characters.
        bundle.set_use_isolating(false);
        for (_name, text) in files {
            // A file that does not parse still gives its good entries; `tests/catalogue.rs`
            // parses every file strictly, so a broken one never ships.
            let resource = match FluentResource::try_new((*text).to_string()) {
                Ok(r) => r,
                Err((r, _)) => r,
            };
            let _ = bundle.add_resource(resource);
        }
        bundle
    })
}

/// The message `key` (or `key.attribute`) in `lang`, with its arguments.
///
/// A key missing from the catalogue is a bug `tests/catalogue.rs` catches; should one ever
/// slip through, the key and its arguments are shown rather than nothing, so the reader sees
/// that something is missing and what it was about.
pub fn text(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    let bundle = bundle(lang);
    let (id, attribute) = match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    };
    let pattern = bundle.get_message(id).and_then(|m| match attribute {
        Some(a) => m.get_attribute(a).map(|a| a.value()),
        None => m.value(),
    });
    let Some(pattern) = pattern else {
        return missing(key, args);
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let value: FluentValue = match value {
            Arg::Text(s) => FluentValue::from(s.as_ref()),
            Arg::Count(n) => FluentValue::from(*n),
        };
        fluent_args.set(*name, value);
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    out.into_owned()
}

fn missing(key: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut s = format!("[{key}");
    for (name, value) in args {
        let v = match value {
            Arg::Text(t) => t.to_string(),
            Arg::Count(n) => n.to_string(),
        };
        s.push_str(&format!(" {name}={v}"));
    }
    s.push(']');
    s
}

/// Whether `key` (or `key.attribute`) is in the catalogue of `lang`.
pub fn has(lang: Lang, key: &str) -> bool {
    let (id, attribute) = match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    };
    bundle(lang)
        .get_message(id)
        .is_some_and(|m| match attribute {
            Some(a) => m.get_attribute(a).is_some(),
            None => m.value().is_some(),
        })
}

/// The catalogue key of a diagnostic code: `policy::round` → `policy-round`.
pub fn code_key(code: &str) -> String {
    code.replace("::", "-")
}

/// The catalogue files of a language, as (file name, text), for tests and tools.
pub fn files(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Zh => CATALOGUE_ZH,
        Lang::En => CATALOGUE_EN,
    }
}

/// A message in a given language: `t!(lang, "key", name = value, …)`.
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:expr $(,)?) => {
        $crate::i18n::text($lang, $key, &[])
    };
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text(
            $lang,
            $key,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}

/// A message in the language of diagnostics (`Lang::for_messages`): `msg!("key", name = value)`.
#[macro_export]
macro_rules! msg {
    ($key:expr $(,)?) => {
        $crate::i18n::text($crate::Lang::for_messages(), $key, &[])
    };
    ($key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text(
            $crate::Lang::for_messages(),
            $key,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}
