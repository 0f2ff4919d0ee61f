//! The words of a formula diagnostic: a catalogue key (`locales/*/formula.ftl`) and its
//! arguments, worded only when shown, in the language of diagnostics at that moment. An
//! evaluation error made for every record (a missing optional value under `given`) then
//! costs no formatting, and type names follow the language they are shown in.

use crate::Lang;
use crate::i18n::{Arg, text};
use crate::value::Type;

/// One argument of a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Word {
    Text(String),
    Count(i64),
    /// A type, named with its article in English (`a number`, 数值).
    Type(Type),
    /// A type in the plural (`numbers`), for "a list of …" and "… keys".
    Types(Type),
    /// Another message of the catalogue, without arguments, in the same language.
    Key(&'static str),
    /// Names to type, each in backticks, joined as the language lists things (`a`、`b`).
    Code(Vec<String>),
    /// Alternatives to type, each in backticks: `a`、`b`或`c`.
    CodeOr(Vec<String>),
    /// Other words, worded in the same language.
    Words(Box<Words>),
    /// Alternatives, each a message of the catalogue: a, b or c.
    KeysOr(Vec<&'static str>),
}

impl From<&str> for Word {
    fn from(s: &str) -> Word {
        Word::Text(s.to_string())
    }
}
impl From<String> for Word {
    fn from(s: String) -> Word {
        Word::Text(s)
    }
}
impl From<&String> for Word {
    fn from(s: &String) -> Word {
        Word::Text(s.clone())
    }
}
impl From<usize> for Word {
    fn from(n: usize) -> Word {
        Word::Count(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<&Type> for Word {
    fn from(t: &Type) -> Word {
        Word::Type(t.clone())
    }
}

/// A catalogue key with its arguments; its help is the key's `.help` attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct Words {
    pub key: &'static str,
    pub args: Vec<(&'static str, Word)>,
}

impl Words {
    pub fn new(key: &'static str) -> Words {
        Words {
            key,
            args: Vec::new(),
        }
    }

    /// Words its stage has already worded (a reader's or the system's message, say): shown
    /// as they are, with no help of their own.
    pub fn worded(text: impl Into<String>) -> Words {
        Words {
            key: WORDED,
            args: vec![("text", Word::Text(text.into()))],
        }
    }

    /// Whether these are words worded by their stage ([`Words::worded`]).
    pub fn is_worded(&self) -> bool {
        self.key == WORDED
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Word>) -> Words {
        self.args.push((name, value.into()));
        self
    }

    /// The message, in the language of diagnostics.
    pub fn say(&self) -> String {
        self.say_in(Lang::for_messages(), None)
    }

    /// The help (`key.help`), in the language of diagnostics.
    pub fn help(&self) -> String {
        self.say_in(Lang::for_messages(), Some("help"))
    }

    pub fn say_in(&self, lang: Lang, attribute: Option<&str>) -> String {
        if self.is_worded() {
            return match (attribute, self.args.first()) {
                (None, Some((_, Word::Text(text)))) => text.clone(),
                _ => String::new(),
            };
        }
        let args: Vec<(&str, Arg<'_>)> = self
            .args
            .iter()
            .map(|(name, word)| {
                let arg = match word {
                    Word::Text(s) => Arg::from(s.as_str()),
                    Word::Count(n) => Arg::Count(*n),
                    Word::Type(t) => Arg::from(type_name(t, false, lang)),
                    Word::Types(t) => Arg::from(type_name(t, true, lang)),
                    Word::Key(k) => Arg::from(text(lang, k, &[])),
                    Word::Code(names) => Arg::from(code_list(names, lang)),
                    Word::CodeOr(names) => Arg::from(code_or(names, lang)),
                    Word::Words(words) => Arg::from(words.say_in(lang, None)),
                    Word::KeysOr(keys) => Arg::from(keys_or(keys, lang)),
                };
                (*name, arg)
            })
            .collect();
        match attribute {
            Some(a) => text(lang, &format!("{}.{a}", self.key), &args),
            None => text(lang, self.key, &args),
        }
    }
}

/// The key of words worded by their stage: no catalogue key is empty.
const WORDED: &str = "";

/// Messages of the catalogue as alternatives: "a, b or c".
fn keys_or(keys: &[&str], lang: Lang) -> String {
    let words: Vec<String> = keys.iter().map(|k| text(lang, k, &[])).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => text(
            lang,
            "formula-list-or",
            &[
                (
                    "init",
                    Arg::from(init.join(&text(lang, "formula-list-separator", &[]))),
                ),
                ("last", Arg::from(last.as_str())),
            ],
        ),
    }
}

/// Names as code, each in backticks, joined by the language's list separator.
pub fn code_list<S: AsRef<str>>(names: &[S], lang: Lang) -> String {
    let separator = text(lang, "formula-list-separator", &[]);
    names
        .iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect::<Vec<_>>()
        .join(&separator)
}

/// Alternatives as code: `a`, `b` or `c`.
pub fn code_or<S: AsRef<str>>(names: &[S], lang: Lang) -> String {
    match names {
        [] => String::new(),
        [one] => format!("`{}`", one.as_ref()),
        [init @ .., last] => text(
            lang,
            "formula-list-or",
            &[
                ("init", Arg::from(code_list(init, lang))),
                ("last", Arg::from(format!("`{}`", last.as_ref()))),
            ],
        ),
    }
}

/// A type as users read it: `数值`, `金额列表`; `a number`, `a list of amounts` (or the
/// plural, `numbers`, `lists of amounts`).
pub fn type_name(t: &Type, plural: bool, lang: Lang) -> String {
    let key = match (t, plural) {
        (Type::Number, false) => "type-number",
        (Type::Number, true) => "type-numbers",
        (Type::Money, false) => "type-money",
        (Type::Money, true) => "type-moneys",
        (Type::Bool, false) => "type-bool",
        (Type::Bool, true) => "type-bools",
        (Type::Text, false) => "type-text",
        (Type::Text, true) => "type-texts",
        (Type::Date, false) => "type-date",
        (Type::Date, true) => "type-dates",
        (Type::DateTime, false) => "type-datetime",
        (Type::DateTime, true) => "type-datetimes",
        (Type::Record(_), false) => "type-record",
        (Type::Record(_), true) => "type-records",
        (Type::Any, _) => "type-any",
        (Type::List(item), _) if **item == Type::Any => {
            return text(
                lang,
                if plural {
                    "type-lists-any"
                } else {
                    "type-list-any"
                },
                &[],
            );
        }
        (Type::List(item), _) => {
            let items = type_name(item, true, lang);
            let key = if plural { "type-lists" } else { "type-list" };
            return text(lang, key, &[("items", Arg::from(items))]);
        }
    };
    text(lang, key, &[])
}

/// The name of the type in the language of diagnostics.
pub fn type_words(t: &Type) -> String {
    type_name(t, false, Lang::for_messages())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the formula modules name (`"formula-…"`, `"eval-…"`, `"type-…"`,
    /// `"fullwidth-…"`) is in both catalogues.
    #[test]
    fn every_key_of_the_formula_modules_is_in_the_catalogue() {
        let sources = [
            include_str!("check.rs"),
            include_str!("parse.rs"),
            include_str!("ir.rs"),
            include_str!("eval.rs"),
            include_str!("words.rs"),
            include_str!("../fullwidth.rs"),
        ];
        let mut seen = 0;
        for source in sources {
            for prefix in ["\"formula-", "\"eval-", "\"type-", "\"fullwidth-"] {
                for piece in source.split(prefix).skip(1) {
                    let rest = piece.split('"').next().unwrap_or("");
                    let key = format!("{}{rest}", &prefix[1..]);
                    let is_key = key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
                    if key.ends_with('-') || !is_key {
                        continue;
                    }
                    for lang in [Lang::Zh, Lang::En] {
                        assert!(crate::i18n::has(lang, &key), "{key} in {lang:?}");
                    }
                    seen += 1;
                }
            }
        }
        assert!(seen > 100, "{seen}");
    }

    #[test]
    fn types_have_names_in_both_languages() {
        let list = Type::List(Box::new(Type::Money));
        assert_eq!(type_name(&list, false, Lang::Zh), "金额列表");
        assert_eq!(type_name(&list, false, Lang::En), "a list of amounts");
        assert_eq!(type_name(&Type::Number, false, Lang::Zh), "数值");
        assert_eq!(type_name(&Type::Number, true, Lang::En), "numbers");
    }
}
