//! fundpolicy: a policy-as-data rules interpreter. Funding programmes' eligibility rules,
//! scores, caps, tiers and quotas are YAML files in `policies/`; this crate reads them,
//! checks them, and evaluates applications with exact decimals, explaining every number.
//!
//! Call it through [`api`], the one entry point the command line uses too: load a year,
//! read applications (files, standard input or bytes) as [`api::Input`], evaluate them,
//! explain one record, check, diff, compare years, make a template, describe a programme.
//!
//! ```
//! use fundpolicy::Lang;
//! use fundpolicy::api::{self, EvaluateOptions, Input, InputFormat, Policies};
//!
//! // The 2020 rules built into the library (`Policies::folder` reads a folder instead).
//! let year = Policies::builtin().load(2020).map_err(|p| p[0].message.clone())?;
//! let application = r#"{"id": "A01", "name": "渝软科技", "revenue_2019": "8000"}"#;
//! let input = Input::bytes("upload.json", InputFormat::Json, application);
//! let evaluation = api::evaluate(&year, "software-integration", &[input], &EvaluateOptions::default())
//!     .map_err(|p| p[0].message.clone())?;
//!
//! let outcome = &evaluation.outcomes()[0];
//! println!("{}: {}", outcome.id, outcome.status.as_str());
//! // What `fundpolicy evaluate --format json` prints, as a `serde_json::Value`.
//! let json = evaluation.to_json(Lang::En);
//! assert_eq!(json["results"][0]["id"], "A01");
//! // How the record came out, line by line.
//! let explanation = api::explain(&evaluation, "A01", Lang::En).ok_or("no record A01")?;
//! assert!(explanation.to_text().contains("A01"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! See `ARCHITECTURE.md` for the stages and which module may call which, and
//! `examples/library.rs` for a longer example (`cargo run --example library`).

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
