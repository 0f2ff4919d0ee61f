//! fundpolicy: a policy-as-data rules interpreter.
//!
//! See `ARCHITECTURE.md` for the stages and which module may call which.

pub mod cli;
pub mod compare;
pub mod diag;
pub mod diff;
pub mod engine;
pub mod fasthash;
pub mod formula;
pub mod input;
pub mod location;
pub mod neutral;
pub mod output;
pub mod policy;
pub mod policytest;
pub mod records;
pub mod report;
pub mod template;
pub mod value;
pub mod warning;
pub mod yaml;

/// The language of messages and labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}
