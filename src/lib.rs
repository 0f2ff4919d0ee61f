//! fundpolicy: a policy-as-data rules interpreter.
//!
//! See `ARCHITECTURE.md` for the stages and which module may call which.

#[warn(missing_docs)]
pub mod api;
pub mod compare;
pub mod diag;
pub mod diff;
pub mod engine;
pub mod fasthash;
pub mod formula;
pub mod fullwidth;
pub mod i18n;
pub mod input;
pub mod location;
pub mod neutral;
pub mod output;
pub mod policy;
pub mod policytest;
pub mod records;
pub mod report;
pub mod schema;
pub mod server;
pub mod template;
pub mod value;
pub mod warning;
pub mod web;
pub mod yaml;

/// The language of messages and labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The language diagnostics are written in when they are made: the command line sets it
/// once (`--lang`); a thread may choose another for a while (`Lang::with_messages`, which
/// tests use to render both languages). Diagnostics are made deep inside loading, where no
/// language is passed, so this is read where a message is worded.
static MESSAGE_LANG_EN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

thread_local! {
    static MESSAGE_LANG_HERE: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

impl Lang {
    /// Sets the language of diagnostics for the whole process.
    pub fn set_for_messages(self) {
        MESSAGE_LANG_EN.store(self == Lang::En, std::sync::atomic::Ordering::Relaxed);
    }

    /// The language diagnostics are worded in now.
    pub fn for_messages() -> Lang {
        MESSAGE_LANG_HERE.with(std::cell::Cell::get).unwrap_or(
            if MESSAGE_LANG_EN.load(std::sync::atomic::Ordering::Relaxed) {
                Lang::En
            } else {
                Lang::Zh
            },
        )
    }

    /// Runs `f` with diagnostics made on this thread worded in `self`.
    pub fn with_messages<R>(self, f: impl FnOnce() -> R) -> R {
        let before = MESSAGE_LANG_HERE.with(|l| l.replace(Some(self)));
        let out = f();
        MESSAGE_LANG_HERE.with(|l| l.set(before));
        out
    }

    /// `zh` or `en`, by the language of diagnostics.
    pub fn say(zh: impl Into<String>, en: impl Into<String>) -> String {
        match Lang::for_messages() {
            Lang::Zh => zh.into(),
            Lang::En => en.into(),
        }
    }
}
